/* xalloc: allocation that cannot fail.
 *
 * Running out of memory mid-upgrade has no sensible recovery in this
 * program, so every allocation goes through these wrappers, which abort
 * with a message on failure.  The caller owns what they return and frees
 * it with free(). */
#ifndef OU_XALLOC_H
#define OU_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Grow an array of n elements of size each, checking for overflow. */
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The message and the abort, for allocators built on these (arena.h). */
void xalloc_die(size_t size) __attribute__((noreturn));

#endif
