/* template: see include/template.h.
 *
 * "{{" always opens a hole: a hole the author got wrong is an error, never
 * literal text, so a slip such as "{{ host }" or "{{ host name }}" cannot
 * reach a remote shell as it stands.  A lone "{" or "}" is the author's
 * shell text. */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shellquote.h"
#include "strbuf.h"
#include "template.h"
#include "xalloc.h"

/* One {{name}} found in the text. */
struct template_hole {
	const char *start;	/* the first '{' */
	const char *name;	/* not NUL-terminated */
	size_t name_len;
	const char *end;	/* just past the closing "}}" */
};

static bool
template_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
template_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("_:.-", c));
}

/* Messages give a column (and a line, for a template of several lines)
 * counted from 1 within the template text: the caller knows where the
 * text sits in its file and prefixes that. */
static int __attribute__((format(printf, 4, 5)))
template_error_at(struct ou_error *err, const char *text, const char *at,
		  const char *fmt, ...)
{
	unsigned line = 1;
	unsigned column = 1;
	char what[OU_ERROR_MAX];
	va_list ap;

	for (const char *p = text; p < at; p++) {
		column++;
		if (*p == '\n') {
			line++;
			column = 1;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (line > 1)
		return ou_error_set(err, "line %u, column %u: %s", line,
				    column, what);
	return ou_error_set(err, "column %u: %s", column, what);
}

/* Quote a printable character; name any other byte by its code, since
 * printing half a UTF-8 sequence or a newline would garble the message. */
static const char *
template_describe_char(char c, char buf[16])
{
	unsigned char u = (unsigned char)c;

	if (u > 0x20 && u < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", u);
	return buf;
}

/* Find the next hole at or after from: 1 found, 0 none, -1 malformed. */
static int
template_next_hole(const char *text, const char *from,
		   struct template_hole *hole, struct ou_error *err)
{
	const char *p = strstr(from, "{{");
	char what[16];

	if (p == NULL)
		return 0;
	hole->start = p;
	p += 2;
	while (template_is_blank(*p))
		p++;
	hole->name = p;
	while (template_is_name_char(*p))
		p++;
	hole->name_len = (size_t)(p - hole->name);
	while (template_is_blank(*p))
		p++;
	if (strncmp(p, "}}", 2) == 0 && hole->name_len == 0)
		return template_error_at(err, text, hole->start,
					 "empty name in '{{ }}'");
	if (strncmp(p, "}}", 2) == 0) {
		hole->end = p + 2;
		return 1;
	}
	if (strstr(p, "}}") == NULL)
		return template_error_at(err, text, hole->start,
					 "unclosed '{{' (expected '}}')");
	return template_error_at(err, text, p, "unexpected %s in '{{ }}': a "
				 "name is letters, digits, '_', ':', '.' and "
				 "'-'", template_describe_char(*p, what));
}

int
template_each_name(const char *text,
		   int (*fn)(void *ctx, const char *name), void *ctx,
		   struct ou_error *err)
{
	struct template_hole hole;
	const char *cursor = text;
	int found;

	while ((found = template_next_hole(text, cursor, &hole, err)) > 0) {
		char *name = xstrndup(hole.name, hole.name_len);
		int rc = fn(ctx, name);

		free(name);
		if (rc != 0)
			return rc;
		cursor = hole.end;
	}
	return found;
}

static int
template_fill(struct strbuf *sb, const struct template_hole *hole,
	      enum template_mode mode, template_lookup_fn lookup, void *ctx,
	      struct ou_error *err)
{
	char *name = xstrndup(hole->name, hole->name_len);
	const char *value = lookup(ctx, name);

	if (value == NULL) {
		ou_error_set(err, "unknown variable '%s'", name);
		free(name);
		return -1;
	}
	free(name);
	if (mode == TEMPLATE_SHELL)
		shellquote_append(sb, value);
	else
		strbuf_adds(sb, value);
	return 0;
}

char *
template_expand(const char *text, enum template_mode mode,
		template_lookup_fn lookup, void *ctx, struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct template_hole hole;
	const char *cursor = text;
	int found;

	while ((found = template_next_hole(text, cursor, &hole, err)) > 0) {
		strbuf_add(&sb, cursor, (size_t)(hole.start - cursor));
		if (template_fill(&sb, &hole, mode, lookup, ctx, err) < 0) {
			strbuf_release(&sb);
			return NULL;
		}
		cursor = hole.end;
	}
	if (found < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_adds(&sb, cursor);
	return strbuf_take(&sb);
}
