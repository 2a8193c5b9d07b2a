/* draw: see ui/draw.h. */
#include "config.h"

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

int
draw_text(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	size_t left = strlen(s);
	size_t bytes = 0;
	int cols = 0;

	while (bytes < left) {
		int w;
		size_t n = draw_char(s + bytes, left - bytes, &w);

		if (cols + w > width)
			break;
		cols += w;
		bytes += n;
	}
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
