/* draw: the few ways every screen puts text on a curses window.
 *
 * Text is UTF-8 and measured in columns, not bytes, so a title with
 * accents or a mark like "✓" is cut at the right place. */
#ifndef OU_UI_DRAW_H
#define OU_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "theme.h"

/* The columns s takes on a terminal. */
int draw_columns(const char *s);
/* The bytes of s that fit in width columns (whole characters). */
size_t draw_fit(const char *s, int width);
/* s at (y, x), cut to width columns; returns the columns written. */
int draw_text(WINDOW *win, int y, int x, int width, attr_t attr,
	      const char *s);
/* The same, then blanks in attr up to width. */
void draw_line(WINDOW *win, int y, int x, int width, attr_t attr,
	       const char *s);
/* A bar of width cells, done of total filled. */
void draw_bar(WINDOW *win, int y, int x, int width, size_t done,
	      size_t total, const char *full, attr_t full_attr,
	      const char *empty, attr_t empty_attr);
/* A line of a step as the plan and the engine write it (plan.h): the
 * heading line in the heading's look, "Label:" in the label's, what
 * follows "$ " or "> " as a command. */
void draw_step_line(WINDOW *win, int y, int width, const struct theme *th,
		    const char *line, bool heading);
/* "0:07", "12:34", "1:02:03"; "" for a negative duration. */
void draw_duration(char *buf, size_t len, long seconds);

#endif
