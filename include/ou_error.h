/* ou_error: the error a core function hands back to its caller.
 *
 * Core modules never print.  A function that can fail returns an int
 * status (0 on success, -1 on failure) and fills a struct ou_error whose
 * message names the thing that went wrong: file:line:column, host, step
 * id, HTTP status.  The caller decides whether and where to show it.
 * The struct is a plain value: no allocation, nothing to free. */
#ifndef OU_ERROR_H
#define OU_ERROR_H

#include <stdarg.h>

#define OU_ERROR_MAX 1024

struct ou_error {
	char msg[OU_ERROR_MAX];
};

/* Replace the message.  Always returns -1, so a failing path can say
 * `return ou_error_set(err, ...)`.  err may be NULL. */
int ou_error_set(struct ou_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ou_error_vset(struct ou_error *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Put "prefix: " in front of the current message (context from a caller). */
int ou_error_prefix(struct ou_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
