/* wrap: see ui/wrap.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "wrap.h"
#include "xalloc.h"

/* How much of s (len bytes) goes on a line of width columns: up to the
 * last blank that fits, or as much as fits when there is none. */
static size_t
wrap_break(const char *s, size_t len, int width)
{
	char *part = xstrndup(s, len);
	size_t fit = draw_fit(part, width);
	size_t at = fit;

	free(part);
	if (fit >= len)
		return len;
	while (at > 0 && s[at] != ' ')
		at--;
	if (at == 0)
		return fit > 0 ? fit : 1;
	return at;
}

void
wrap_line(const char *text, size_t len, int width, int hang,
	  wrap_emit_fn *emit, void *ctx)
{
	size_t indent = strspn(text, " ") + (size_t)hang;
	size_t done = 0;

	if (indent * 2 > (size_t)width)
		indent = 0;
	do {
		size_t start = done;
		int room = width - (int)(done > 0 ? indent : 0);
		size_t take;
		char *out;

		while (done > 0 && start < len && text[start] == ' ')
			start++;
		take = wrap_break(text + start, len - start, room);
		out = xasprintf("%*s%.*s", done > 0 ? (int)indent : 0, "",
				(int)take, text + start);
		emit(ctx, out);
		free(out);
		done = start + take;
	} while (done < len);
}
