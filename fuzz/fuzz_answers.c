/* Fuzz target: the packstack answers import, and the promise that the
 * YAML it writes for the result loads back to an equal inventory. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "inventory_round_trip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory *inv = NULL;
	struct ou_error err;

	if (inventory_load_answers_buffer("fuzz.answers", (const char *)data,
					  size, &inv, &err) < 0)
		return 0;
	fuzz_check_round_trip(inv);
	inventory_free(inv);
	return 0;
}
