/* The inventory writer's promise, checked by the inventory and answers
 * fuzz targets: what inventory_write_yaml() writes loads back to an
 * equal inventory.  Aborts (a crash the fuzzer reports) otherwise. */
#ifndef OU_FUZZ_INVENTORY_ROUND_TRIP_H
#define OU_FUZZ_INVENTORY_ROUND_TRIP_H

#include "inventory.h"

void fuzz_check_round_trip(const struct inventory *inv);

#endif
