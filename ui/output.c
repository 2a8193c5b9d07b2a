/* output: each host's output as it streams.
 *
 * The hosts on the left, the ones of the unit under way marked; on the
 * right the chosen host's log (ui/outlog.h): the commands sent, their
 * output (standard error set apart), how each ended, with a line naming
 * each unit before its lines.  At its end the log follows what comes,
 * as `tail -f` does; moving up stops that, End starts it again.  Tab
 * moves between the panes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "xalloc.h"

#define OUTPUT_HOSTS_WIDTH 16

enum output_pane {
	OUTPUT_PANE_HOSTS,
	OUTPUT_PANE_LOG,
};

struct output {
	struct ui *ui;
	enum output_pane focus;
	struct listview hosts;
	struct listview log;	/* scroll only, over the chosen host's lines */
	bool follow;		/* keep the log's end on screen */
	size_t top_abs;		/* when not following: the top line, counted
				 * from the first line ever (dropped ones too) */
	int rows;
	bool chosen;		/* the operator picked a host */
};

static void *
output_create(struct ui *ui)
{
	struct output *o = xcalloc(1, sizeof *o);

	o->ui = ui;
	o->focus = OUTPUT_PANE_LOG;
	o->log.scroll_only = true;
	o->follow = true;
	return o;
}

static void
output_destroy(void *data)
{
	free(data);
}

static void
output_choose(struct output *o, size_t host)
{
	o->hosts.cursor = host;
	o->follow = true;
}

static void
output_enter(void *data, const void *arg)
{
	struct output *o = data;
	const struct outlog *log = o->ui->view.output;

	if (arg != NULL) {
		output_choose(o, outlog_find(log, arg));
		o->chosen = true;
		o->focus = OUTPUT_PANE_LOG;
	} else if (!o->chosen && o->ui->view.n_unit_hosts > 0) {
		output_choose(o, outlog_find(log, o->ui->view.unit_hosts[0]));
	}
}

/* ---- drawing --------------------------------------------------------- */

static bool
output_in_unit(const struct output *o, const char *host)
{
	const struct engineview *v = &o->ui->view;

	for (size_t i = 0; v->unit_running && i < v->n_unit_hosts; i++)
		if (strcmp(v->unit_hosts[i], host) == 0)
			return true;
	return false;
}

static void
output_draw_hosts(struct output *o, WINDOW *win, int height)
{
	const struct theme *th = &o->ui->theme;
	const struct outlog *log = o->ui->view.output;
	int rows = height - 1;

	draw_line(win, 0, 0, OUTPUT_HOSTS_WIDTH, theme_attr(th, THEME_HEADING),
		  " Hosts");
	listview_set_count(&o->hosts, outlog_count(log), rows);
	for (int r = 0; r < rows; r++) {
		size_t i = o->hosts.top + (size_t)r;
		const char *name;
		attr_t attr;

		if (i >= o->hosts.n)
			break;
		name = outlog_name(log, i);
		attr = i != o->hosts.cursor ? theme_attr(th, THEME_NORMAL)
		       : theme_attr(th, o->focus == OUTPUT_PANE_HOSTS
				    ? THEME_CURSOR : THEME_CURSOR_IDLE);
		draw_line(win, 1 + r, 0, OUTPUT_HOSTS_WIDTH, attr, "");
		if (output_in_unit(o, name))
			draw_text(win, 1 + r, 0, 1, i == o->hosts.cursor ? attr
				  : theme_state_attr(th, UI_STATE_RUNNING),
				  theme_mark(th, UI_STATE_RUNNING));
		draw_text(win, 1 + r, 2, OUTPUT_HOSTS_WIDTH - 2,
			  outlog_lines(log, i) > 0 || i == o->hosts.cursor
			  ? attr : attr | theme_attr(th, THEME_DIM), name);
	}
}

static attr_t
output_line_attr(const struct theme *th, enum outlog_kind kind)
{
	switch (kind) {
	case OUTLOG_STDERR:
		return theme_attr(th, THEME_OUTPUT_ERR);
	case OUTLOG_COMMAND:
		return theme_attr(th, THEME_COMMAND);
	case OUTLOG_END:
	case OUTLOG_NOTE:
		return theme_attr(th, THEME_OUTPUT_NOTE);
	default:
		return theme_attr(th, THEME_NORMAL);
	}
}

static void
output_draw_log_heading(struct output *o, WINDOW *win, int x, int width,
			size_t host)
{
	const struct outlog *log = o->ui->view.output;
	char dropped[64] = "";
	char *text;

	if (outlog_dropped(log, host) > 0)
		snprintf(dropped, sizeof dropped, ", the first %zu dropped",
			 outlog_dropped(log, host));
	text = xasprintf(" %s: %zu lines%s%s", outlog_name(log, host),
			 outlog_lines(log, host), dropped,
			 o->follow ? "; following (Up stops)"
				   : "; End follows again");
	draw_line(win, 0, x, width, theme_attr(&o->ui->theme, THEME_HEADING),
		  text);
	free(text);
}

/* Where the log's top is: its end when following, else the same line
 * as before however many were dropped since. */
static void
output_place(struct output *o, size_t host)
{
	const struct outlog *log = o->ui->view.output;
	size_t dropped = outlog_dropped(log, host);

	o->log.n = outlog_lines(log, host);
	if (o->follow)
		o->log.top = o->log.n;
	else
		o->log.top = o->top_abs > dropped ? o->top_abs - dropped : 0;
	listview_fit(&o->log, o->rows);
	o->top_abs = o->log.top + dropped;
}

static void
output_draw_log(struct output *o, WINDOW *win, int x, int width, int height)
{
	const struct outlog *log = o->ui->view.output;
	const struct theme *th = &o->ui->theme;
	size_t host = o->hosts.cursor;

	o->rows = height - 1;
	output_draw_log_heading(o, win, x, width, host);
	output_place(o, host);
	for (int r = 0; r < o->rows; r++) {
		size_t i = o->log.top + (size_t)r;
		struct outlog_line line;

		if (i >= o->log.n)
			break;
		line = outlog_line(log, host, i);
		draw_text(win, 1 + r, x + 1, width - 1,
			  output_line_attr(th, line.kind), line.text);
	}
	if (o->log.n == 0)
		draw_text(win, 2, x + 2, width - 2, theme_attr(th, THEME_DIM),
			  "Nothing ran on this host yet.");
}

static void
output_draw(void *data, WINDOW *win)
{
	struct output *o = data;
	const struct theme *th = &o->ui->theme;
	int height, width;

	getmaxyx(win, height, width);
	if (o->ui->view.output == NULL) {
		draw_text(win, 1, 2, width - 2, theme_attr(th, THEME_NORMAL),
			  "Nothing runs from here: there is no output.");
		return;
	}
	output_draw_hosts(o, win, height);
	for (int y = 0; y < height; y++)
		draw_text(win, y, OUTPUT_HOSTS_WIDTH, 1, theme_attr(th, THEME_DIM),
			  theme_glyph(th, THEME_GLYPH_SEPARATOR));
	output_draw_log(o, win, OUTPUT_HOSTS_WIDTH + 1,
			width - OUTPUT_HOSTS_WIDTH - 1, height);
}

/* ---- keys ------------------------------------------------------------ */

static unsigned
output_key_log(struct output *o, enum action action)
{
	unsigned flags = listview_key(&o->log, action, o->rows);

	if (flags == 0)
		return 0;
	o->top_abs = o->log.top + outlog_dropped(o->ui->view.output,
						 o->hosts.cursor);
	o->follow = action == ACTION_LAST ||
		    o->log.top + (size_t)o->rows >= o->log.n;
	if (action == ACTION_UP || action == ACTION_PAGE_UP ||
	    action == ACTION_FIRST)
		o->follow = false;
	return flags;
}

static unsigned
output_key(void *data, enum action action)
{
	struct output *o = data;
	size_t before = o->hosts.cursor;
	unsigned flags;

	if (o->ui->view.output == NULL)
		return 0;
	if (action == ACTION_NEXT_PANE) {
		o->focus = o->focus == OUTPUT_PANE_HOSTS ? OUTPUT_PANE_LOG
							 : OUTPUT_PANE_HOSTS;
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (o->focus == OUTPUT_PANE_LOG)
		return output_key_log(o, action);
	flags = listview_key(&o->hosts, action, o->rows);
	if (flags != 0 && o->hosts.cursor != before) {
		output_choose(o, o->hosts.cursor);
		o->chosen = true;
	}
	if (flags == 0 && action == ACTION_ENTER) {
		o->focus = OUTPUT_PANE_LOG;
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	return flags;
}

static unsigned
output_event(void *data, enum ui_event event)
{
	struct output *o = data;

	if (event == UI_EVENT_PROMPT && !o->chosen &&
	    o->ui->view.n_unit_hosts > 0)
		output_choose(o, outlog_find(o->ui->view.output,
					     o->ui->view.unit_hosts[0]));
	return event == UI_EVENT_OUTPUT || event == UI_EVENT_PROMPT
	       ? LOOP_REDRAW : 0;
}

static const enum action output_hints[] = {
	ACTION_NEXT_PANE, ACTION_LAST, ACTION_NOW, ACTION_ROLLOUT,
	ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops output_screen = {
	.name = "Output",
	.hints = output_hints,
	.n_hints = sizeof output_hints / sizeof output_hints[0],
	.create = output_create,
	.destroy = output_destroy,
	.enter = output_enter,
	.draw = output_draw,
	.key = output_key,
	.event = output_event,
};
