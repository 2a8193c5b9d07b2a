/* wrap: a line of text cut to a width in columns (UTF-8, ui/draw.h's
 * measure), at its last blank that fits, or where it must when there is
 * none.  The lines it goes on to keep its indentation, and hang more by
 * hang columns: what the Now screen and the review screen show of the
 * engine's and the review's texts.  Draws nothing. */
#ifndef OU_UI_WRAP_H
#define OU_UI_WRAP_H

#include <stddef.h>

/* One line of the result, NUL-terminated, valid during the call. */
typedef void wrap_emit_fn(void *ctx, const char *line);

/* text is len bytes without a newline; width > 0.  An empty text is one
 * empty line. */
void wrap_line(const char *text, size_t len, int width, int hang,
	       wrap_emit_fn *emit, void *ctx);

#endif
