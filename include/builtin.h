/* builtin: data files compiled into the program, so that the binary
 * works without any installed file.  The bytes are static and read-only. */
#ifndef OU_BUILTIN_H
#define OU_BUILTIN_H

#include <stddef.h>

struct builtin_file {
	const char *name;	/* the file name it was made from */
	const char *data;	/* len bytes, then a NUL */
	size_t len;
};

/* runbooks/icehouse-juno-scenario4.yaml */
extern const struct builtin_file builtin_runbook;

#endif
