/* services: Nova's services, as Nova sees them now.
 *
 * One line per service: what changed a moment ago is marked and
 * highlighted, a service down or disabled stands out, and the age of
 * its heartbeat says how long Nova has not heard from it.  While the
 * API does not answer (it goes away while the controller is upgraded) a
 * banner says so and the last good lines stay, greyed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "servicetable.h"
#include "xalloc.h"

struct services_column {
	const char *title;
	int width;		/* 0: the rest of the line */
};

enum services_col {
	COL_MARK, COL_BINARY, COL_HOST, COL_ZONE, COL_STATUS, COL_STATE,
	COL_AGE, COL_REASON, COL_COUNT
};

static const struct services_column columns[COL_COUNT] = {
	[COL_MARK] = { .title = "", .width = 2 },
	[COL_BINARY] = { .title = "Binary", .width = 18 },
	[COL_HOST] = { .title = "Host", .width = 14 },
	[COL_ZONE] = { .title = "Zone", .width = 9 },
	[COL_STATUS] = { .title = "Status", .width = 9 },
	[COL_STATE] = { .title = "State", .width = 6 },
	[COL_AGE] = { .title = "Heartbeat", .width = 11 },
	[COL_REASON] = { .title = "Disabled reason", .width = 0 },
};

struct services {
	struct ui *ui;
	struct listview view;
	int rows;		/* lines for services when last drawn */
};

static void *
services_create(struct ui *ui)
{
	struct services *s = xcalloc(1, sizeof *s);

	s->ui = ui;
	return s;
}

static void
services_destroy(void *data)
{
	free(data);
}

static void
services_clock(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0 || localtime_r(&t, &tm) == NULL)
		snprintf(buf, len, "never");
	else
		strftime(buf, len, "%H:%M:%S", &tm);
}

/* " Nova services: 3 of 8, every 2 s (last 12:00:01), sort: host,
 * filter: compute" */
static void
services_draw_summary(const struct services *s, WINDOW *win, int width)
{
	const struct svc_table *t = s->ui->services;
	char updated[16];
	char *text;

	services_clock(svc_table_updated_at(t), updated, sizeof updated);
	text = xasprintf(" Nova services: %zu of %zu, every %u s (last %s), "
			 "sort: %s%s%s", svc_table_count(t),
			 svc_table_total(t), s->ui->refresh_s, updated,
			 svc_sort_name(svc_table_sort(t)),
			 svc_table_filter(t)[0] != '\0' ? ", filter: " : "",
			 svc_table_filter(t));
	draw_line(win, 0, 0, width, theme_attr(&s->ui->theme, THEME_HEADING),
		  text);
	free(text);
}

static void
services_draw_banner(const struct services *s, WINDOW *win, int y,
		     int width)
{
	const struct svc_table *t = s->ui->services;
	char since[16];
	char *text;

	services_clock(svc_table_failing_since(t), since, sizeof since);
	text = xasprintf(" Nova has not answered since %s.%s", since,
			 svc_table_loaded(t) ? " Below, greyed: the last list "
					       "it gave." : "");
	draw_line(win, y, 0, width, theme_attr(&s->ui->theme, THEME_BANNER),
		  text);
	free(text);
	text = xasprintf(" %s", svc_table_problem(t));
	draw_line(win, y + 1, 0, width,
		  theme_attr(&s->ui->theme, THEME_BANNER), text);
	free(text);
}

static int
services_draw_cells(WINDOW *win, int y, int width, attr_t attr,
		    const char *const cells[COL_COUNT])
{
	int x = 0;

	draw_line(win, y, 0, width, attr, "");
	for (int c = 0; c < COL_COUNT && x < width; c++) {
		int w = columns[c].width > 0 ? columns[c].width : width - x;

		if (x + w > width)
			w = width - x;
		draw_text(win, y, x, w - 1, attr, cells[c]);
		x += w;
	}
	return x;
}

static attr_t
services_row_attr(const struct services *s, const struct svc_row *row,
		  bool selected, time_t now)
{
	const struct theme *th = &s->ui->theme;

	if (selected)
		return theme_attr(th, THEME_CURSOR);
	if (svc_table_stale(s->ui->services))
		return theme_attr(th, THEME_STALE);
	if (svc_row_changed(row, now))
		return theme_attr(th, THEME_SVC_CHANGED);
	if (svc_row_down(row))
		return theme_attr(th, THEME_SVC_DOWN);
	if (svc_row_disabled(row))
		return theme_attr(th, THEME_SVC_DISABLED);
	return theme_attr(th, THEME_NORMAL);
}

static const char *
services_or_blank(const char *s)
{
	return s != NULL ? s : "";
}

static void
services_draw_row(const struct services *s, WINDOW *win, int y,
		  size_t i, int width, time_t now)
{
	const struct svc_row *row = svc_table_row(s->ui->services, i);
	const struct nova_service *svc = &row->svc;
	char age[32];
	const char *cells[COL_COUNT] = {
		[COL_MARK] = svc_row_changed(row, now)
			? theme_glyph(&s->ui->theme, THEME_GLYPH_CHANGED) : "",
		[COL_BINARY] = services_or_blank(svc->binary),
		[COL_HOST] = services_or_blank(svc->host),
		[COL_ZONE] = services_or_blank(svc->zone),
		[COL_STATUS] = services_or_blank(svc->status),
		[COL_STATE] = svc->forced_down ? "forced" : services_or_blank(svc->state),
		[COL_AGE] = age,
		[COL_REASON] = services_or_blank(svc->disabled_reason),
	};

	if (svc_row_age(row, now) < 0)
		snprintf(age, sizeof age, "?");
	else
		svctable_format_age(svc_row_age(row, now), age, sizeof age);
	services_draw_cells(win, y, width,
			    services_row_attr(s, row, i == s->view.cursor, now),
			    cells);
}

/* A message, then an explanation of lines of their own. */
static void
services_draw_message(const struct services *s, WINDOW *win, int y,
		      int width, const char *first, const char *const *more)
{
	const struct theme *th = &s->ui->theme;

	draw_text(win, y, 2, width - 2, theme_attr(th, THEME_NORMAL), first);
	for (int i = 0; more != NULL && more[i] != NULL; i++)
		draw_text(win, y + 2 + i, 2, width - 2,
			  theme_attr(th, THEME_DIM), more[i]);
}

static void
services_draw_table(struct services *s, WINDOW *win, int y, int height,
		    int width)
{
	const char *titles[COL_COUNT];
	time_t now = time(NULL);

	for (int c = 0; c < COL_COUNT; c++)
		titles[c] = columns[c].title;
	services_draw_cells(win, y, width,
			    theme_attr(&s->ui->theme, THEME_HEADING), titles);
	s->rows = height - y - 1;
	listview_set_count(&s->view, svc_table_count(s->ui->services),
			   s->rows);
	for (int r = 0; r < s->rows; r++) {
		size_t i = s->view.top + (size_t)r;

		if (i >= s->view.n)
			break;
		services_draw_row(s, win, y + 1 + r, i, width, now);
	}
	if (s->view.n == 0 && svc_table_total(s->ui->services) > 0)
		services_draw_message(s, win, y + 2, width,
				      "No service matches the filter.",
				      (const char *const[]){
					      "Press / then Esc to see them all.",
					      NULL });
}

static void
services_draw(void *data, WINDOW *win)
{
	struct services *s = data;
	const struct svc_table *t = s->ui->services;
	int height, width;
	int y = 1;

	getmaxyx(win, height, width);
	if (s->ui->services_missing != NULL) {
		draw_line(win, 0, 0, width,
			  theme_attr(&s->ui->theme, THEME_HEADING),
			  " Nova services");
		services_draw_message(s, win, 2, width,
				      s->ui->services_missing,
				      (const char *const[]){
					      "To see them, start the wizard with --os-cloud NAME",
					      "or --keystonerc FILE, or with OS_AUTH_URL and the",
					      "other OS_* variables set.",
					      NULL });
		return;
	}
	services_draw_summary(s, win, width);
	if (svc_table_stale(t)) {
		services_draw_banner(s, win, y, width);
		y += 2;
	}
	if (!svc_table_loaded(t)) {
		services_draw_message(s, win, y + 1, width,
				      svc_table_stale(t)
				      ? "No list from Nova yet; asking again."
				      : "Asking Nova for its services...", NULL);
		return;
	}
	services_draw_table(s, win, y, height, width);
}

static unsigned
services_key(void *data, enum action action)
{
	struct services *s = data;
	struct svc_table *t = s->ui->services;

	if (action == ACTION_SORT) {
		svc_table_set_sort(t, (svc_table_sort(t) + 1) % SVC_SORT_COUNT);
		ui_message(s->ui, "Sorted by %s", svc_sort_name(svc_table_sort(t)));
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	return listview_key(&s->view, action, s->rows);
}

static unsigned
services_event(void *data, enum ui_event event)
{
	/* Ages move every second. */
	return event == UI_EVENT_SERVICES || event == UI_EVENT_TICK
	       ? LOOP_REDRAW : 0;
}

static void
services_filter(void *data, const char *text)
{
	struct services *s = data;

	svc_table_set_filter(s->ui->services, text);
	s->view.cursor = 0;
	s->view.top = 0;
}

static const enum action services_hints[] = {
	ACTION_FILTER, ACTION_SORT, ACTION_REFRESH, ACTION_CHECKLIST,
	ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops services_screen = {
	.name = "Services",
	.keymap = &keymap_services,
	.hints = services_hints,
	.n_hints = sizeof services_hints / sizeof services_hints[0],
	.create = services_create,
	.destroy = services_destroy,
	.draw = services_draw,
	.key = services_key,
	.event = services_event,
	.filter = services_filter,
};
