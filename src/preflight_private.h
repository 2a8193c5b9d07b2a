/* preflight: what the files of the module share (see include/preflight.h). */
#ifndef OU_PREFLIGHT_PRIVATE_H
#define OU_PREFLIGHT_PRIVATE_H

#include "preflight.h"

void preflight_add(struct preflight_report *r, const char *host,
		   const char *check, enum preflight_verdict verdict,
		   const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Move every line and key of from to the end of into; from is left empty. */
void preflight_move(struct preflight_report *into,
		    struct preflight_report *from);

/* preflight_host.c: the ssh, sudo and packages lines of one host. */
void preflight_check_host(const struct preflight_options *opt,
			  const struct inv_host *host,
			  struct preflight_report *r);

#endif
