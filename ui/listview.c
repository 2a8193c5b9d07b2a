/* listview: see ui/listview.h. */
#include "config.h"

#include "listview.h"
#include "loop.h"

static size_t
listview_last_top(const struct listview *lv, size_t page)
{
	return lv->n > page ? lv->n - page : 0;
}

void
listview_fit(struct listview *lv, int height)
{
	size_t page = height > 0 ? (size_t)height : 1;

	if (lv->scroll_only) {
		if (lv->top > listview_last_top(lv, page))
			lv->top = listview_last_top(lv, page);
		lv->cursor = lv->top;
		return;
	}
	if (lv->n == 0) {
		lv->cursor = lv->top = 0;
		return;
	}
	if (lv->cursor >= lv->n)
		lv->cursor = lv->n - 1;
	if (lv->cursor < lv->top)
		lv->top = lv->cursor;
	if (lv->cursor >= lv->top + page)
		lv->top = lv->cursor - page + 1;
	if (lv->top > listview_last_top(lv, page))
		lv->top = listview_last_top(lv, page);
}

void
listview_set_count(struct listview *lv, size_t n, int height)
{
	lv->n = n;
	listview_fit(lv, height);
}

/* A scroll-only list moves its top line; a list with a cursor moves the
 * cursor, and the top follows it. */
static size_t *
listview_target(struct listview *lv)
{
	return lv->scroll_only ? &lv->top : &lv->cursor;
}

unsigned
listview_key(struct listview *lv, enum action action, int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1;
	size_t *pos = listview_target(lv);
	size_t last = lv->n > 0 ? lv->n - 1 : 0;

	switch (action) {
	case ACTION_UP:
		*pos = *pos > 0 ? *pos - 1 : 0;
		break;
	case ACTION_DOWN:
		*pos = *pos < last ? *pos + 1 : last;
		break;
	case ACTION_PAGE_UP:
		*pos = *pos > page ? *pos - page : 0;
		break;
	case ACTION_PAGE_DOWN:
		*pos = *pos + page < last ? *pos + page : last;
		break;
	case ACTION_FIRST:
		*pos = 0;
		break;
	case ACTION_LAST:
		*pos = last;
		break;
	default:
		return 0;
	}
	listview_fit(lv, height);
	return LOOP_HANDLED | LOOP_REDRAW;
}
