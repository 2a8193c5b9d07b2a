/* sha256: digests of runbooks and inventories, so a journal can tell
 * whether the files it was started with have changed. */
#ifndef OU_SHA256_H
#define OU_SHA256_H

#include <stddef.h>

/* Write the hex digest of len bytes (64 characters and a NUL) to hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
