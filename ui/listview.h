/* listview: a cursor over n lines, of which height show at a time.
 *
 * Every list of the wizard (steps, phases, services, help, a step's
 * text) moves the same way; this is that movement, apart from drawing,
 * so it is tested without a terminal.  A list that is only read (help,
 * detail) has no cursor of its own: it scrolls, with the cursor kept on
 * its top line (scroll_only). */
#ifndef OU_UI_LISTVIEW_H
#define OU_UI_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

struct listview {
	size_t n;		/* lines */
	size_t cursor;		/* < n, or 0 when n is 0 */
	size_t top;		/* the first line shown */
	bool scroll_only;
};

/* Moves for UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST; returns LOOP_*
 * flags: HANDLED|REDRAW for those, 0 for any other action. */
unsigned listview_key(struct listview *lv, enum action action, int height);
/* After n or height changed: keep the cursor in the list and on screen. */
void listview_fit(struct listview *lv, int height);
void listview_set_count(struct listview *lv, size_t n, int height);

#endif
