/* strbuf: see include/strbuf.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

static void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	if (sb->cap * 2 > need)
		need = sb->cap * 2;
	if (need < 64)
		need = 64;
	sb->buf = xreallocarray(sb->buf, need, 1);
	sb->cap = need;
}

void
strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void
strbuf_addstrs(struct strbuf *sb, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, sb);
	while ((s = va_arg(ap, const char *)) != NULL)
		strbuf_adds(sb, s);
	va_end(ap);
}

/* Formatted once into the room there is, and again only when it did not
 * fit: most text fits, and formatting was most of the cost. */
void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	size_t room;
	int n;

	strbuf_grow(sb, 0);
	room = sb->cap - sb->len;
	va_copy(copy, ap);
	n = vsnprintf(sb->buf + sb->len, room, fmt, copy);
	va_end(copy);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

int
strbuf_read_file(struct strbuf *sb, const char *path, struct ou_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int saved;

	if (f == NULL)
		return ou_error_set(err, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(sb, chunk, n);
	saved = errno;
	if (ferror(f)) {
		fclose(f);
		return ou_error_set(err, "%s: %s", path, strerror(saved));
	}
	fclose(f);
	return 0;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

const char *
strbuf_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

char *
strbuf_take(struct strbuf *sb)
{
	char *s = sb->buf != NULL ? sb->buf : xstrdup("");

	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void
strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
