/* draw: see ui/draw.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"

/* The length in bytes of the character at s and its width, or 1 and 1
 * for a byte that is not valid UTF-8 (shown as it comes). */
static size_t
draw_char(const char *s, size_t left, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, left, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*width = 1;
		return 1;
	}
	*width = wcwidth(wc);
	if (*width < 0)
		*width = 1;
	return n;
}

int
draw_columns(const char *s)
{
	size_t left = strlen(s);
	int cols = 0;

	while (left > 0) {
		int w;
		size_t n = draw_char(s, left, &w);

		cols += w;
		s += n;
		left -= n;
	}
	return cols;
}

/* The bytes of s that fit in width columns, and the columns they take. */
static size_t
draw_cut(const char *s, int width, int *cols)
{
	size_t left = strlen(s);
	size_t bytes = 0;

	*cols = 0;
	while (bytes < left) {
		int w;
		size_t n = draw_char(s + bytes, left - bytes, &w);

		if (*cols + w > width)
			break;
		*cols += w;
		bytes += n;
	}
	return bytes;
}

size_t
draw_fit(const char *s, int width)
{
	int cols;

	return draw_cut(s, width, &cols);
}

int
draw_text(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	int cols;
	size_t bytes = draw_cut(s, width, &cols);

	if (bytes > 0) {
		wattrset(win, attr);
		mvwaddnstr(win, y, x, s, (int)bytes);
		wattrset(win, A_NORMAL);
	}
	return cols;
}

void
draw_line(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	int cols = draw_text(win, y, x, width, attr, s);

	wattrset(win, attr);
	for (int c = cols; c < width; c++)
		mvwaddch(win, y, x + c, ' ');
	wattrset(win, A_NORMAL);
}

void
draw_bar(WINDOW *win, int y, int x, int width, size_t done, size_t total,
	 const char *full, attr_t full_attr, const char *empty,
	 attr_t empty_attr)
{
	int filled = total > 0 ? (int)((done * (size_t)width + total / 2) / total)
			       : 0;

	for (int c = 0; c < width; c++)
		draw_text(win, y, x + c, 1, c < filled ? full_attr : empty_attr,
			  c < filled ? full : empty);
}

/* "   Label:" at the start of line: a capital, then no blank before the
 * colon.  Returns the bytes up to the colon's end, or 0. */
static size_t
draw_label_end(const char *line)
{
	const char *p = line + strspn(line, " ");

	if (!isupper((unsigned char)*p) || strchr(p, ':') == NULL ||
	    strcspn(p, ": ") != strcspn(p, ":"))
		return 0;
	return (size_t)(p - line) + strcspn(p, ":") + 1;
}

void
draw_step_line(WINDOW *win, int y, int width, const struct theme *th,
	       const char *line, bool heading)
{
	size_t label = draw_label_end(line);
	const char *cmd;
	int x = 0;

	if (heading) {
		draw_text(win, y, 0, width, theme_attr(th, THEME_HEADING), line);
		return;
	}
	if (label > 0) {
		size_t indent = strspn(line, " ");

		x = draw_text(win, y, 0, (int)indent, A_NORMAL, line);
		x += draw_text(win, y, x, width - x, theme_attr(th, THEME_LABEL),
			       strndupa(line + indent, label - indent));
		line += label;
	}
	cmd = strstr(line, "$ ");
	if (cmd == NULL)
		cmd = strstr(line, "> ");
	if (cmd == NULL) {
		draw_text(win, y, x, width - x, theme_attr(th, THEME_NORMAL),
			  line);
		return;
	}
	x += draw_text(win, y, x, width - x, theme_attr(th, THEME_NORMAL),
		       strndupa(line, (size_t)(cmd - line) + 2));
	draw_text(win, y, x, width - x, theme_attr(th, THEME_COMMAND), cmd + 2);
}

void
draw_duration(char *buf, size_t len, long seconds)
{
	if (seconds < 0)
		snprintf(buf, len, "%s", "");
	else if (seconds < 3600)
		snprintf(buf, len, "%ld:%02ld", seconds / 60, seconds % 60);
	else
		snprintf(buf, len, "%ld:%02ld:%02ld", seconds / 3600,
			 seconds / 60 % 60, seconds % 60);
}
