/* strbuf: a growable, always NUL-terminated string.
 *
 * The struct is public so a strbuf can live on the stack; initialise it
 * with STRBUF_INIT.  The strbuf owns buf; strbuf_take() hands ownership
 * to the caller and leaves the strbuf empty. */
#ifndef OU_STRBUF_H
#define OU_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "ou_error.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { .buf = NULL, .len = 0, .cap = 0 }

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
/* Each string in turn, up to a NULL: for text built by the thousand,
 * where formatting was most of the cost. */
void strbuf_addstrs(struct strbuf *sb, ...) __attribute__((sentinel));
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append the whole of a file's bytes; -1 with err naming the file. */
int strbuf_read_file(struct strbuf *sb, const char *path, struct ou_error *err);
void strbuf_reset(struct strbuf *sb);
/* Never NULL: an empty strbuf reads as "". */
const char *strbuf_str(const struct strbuf *sb);
char *strbuf_take(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif
