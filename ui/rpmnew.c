/* rpmnew: the review screen, the .rpmnew files the package upgrades
 * left, by step and file, with the hosts each is on.
 *
 * The engine, for now, lists these files after each package step and
 * asks for an acknowledgement before the services start (the review
 * of include/review.h, with per-hunk decisions, is not in the engine
 * yet); this screen groups what its review steps found, so the operator
 * sees at a glance which file to merge on which hosts.  A group whose
 * step is finished on all its hosts is marked done.  The Now screen is
 * where the acknowledgement is given: it shows the engine's own text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "strbuf.h"
#include "xalloc.h"

#define RPMNEW_STEP_WIDTH 20
/* The hosts column keeps at least this much of the line. */
#define RPMNEW_HOSTS_ROOM 16
/* heading, what to do, column titles */
#define RPMNEW_TOP 3

struct rpmnew {
	struct ui *ui;
	struct listview view;
	int rows;
	int path_width;		/* the longest path's, within the line */
};

static void *
rpmnew_create(struct ui *ui)
{
	struct rpmnew *r = xcalloc(1, sizeof *r);

	r->ui = ui;
	return r;
}

static void
rpmnew_destroy(void *data)
{
	free(data);
}

static bool
rpmnew_group_done(const struct rpmnew *r, const struct finding *f)
{
	for (size_t h = 0; h < f->n_hosts; h++)
		if (!ui_state_finished(ui_model_cell_state(r->ui->model, f->step,
							   f->hosts[h])))
			return false;
	return true;
}

static void
rpmnew_draw_top(struct rpmnew *r, WINDOW *win, int width)
{
	const struct ui *ui = r->ui;
	const struct theme *th = &ui->theme;
	size_t n = findings_count(ui->view.findings);
	char *text;

	text = xasprintf(" New configuration files (.rpmnew): %zu", n);
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING), text);
	free(text);
	if (ui->prompt.present && ui->prompt.kind == ENGINE_PROMPT_ACKNOWLEDGE) {
		char yes[32], now[32];

		keymap_first_key(&keymap_now, ACTION_CONFIRM, yes, sizeof yes);
		keymap_first_key(&keymap_global, ACTION_NOW, now, sizeof now);
		text = xasprintf(" Step %s waits: merge them on the hosts, then "
				 "%s on the Now screen (%s) goes on.",
				 ui->prompt.step != NULL ? ui->prompt.step : "",
				 yes, now);
	} else {
		text = xstrdup(" Merge each into the file beside it (rpmconf, "
			       "vimdiff) before its service starts.");
	}
	draw_line(win, 1, 0, width, theme_attr(th, THEME_LABEL), text);
	free(text);
}

static int
rpmnew_path_width(const struct rpmnew *r, int width)
{
	const struct findings *f = r->ui->view.findings;
	int longest = (int)strlen("File");
	int most = width - 2 - RPMNEW_STEP_WIDTH - RPMNEW_HOSTS_ROOM;

	for (size_t i = 0; i < findings_count(f); i++) {
		int cols = draw_columns(findings_at(f, i).path);

		if (cols > longest)
			longest = cols;
	}
	return longest + 2 < most ? longest + 2 : most;
}

static void
rpmnew_draw_titles(struct rpmnew *r, WINDOW *win, int width)
{
	attr_t attr = theme_attr(&r->ui->theme, THEME_HEADING);
	int hosts = 2 + RPMNEW_STEP_WIDTH + r->path_width;

	draw_line(win, 2, 0, width, attr, "");
	draw_text(win, 2, 2, RPMNEW_STEP_WIDTH, attr, "Step");
	draw_text(win, 2, 2 + RPMNEW_STEP_WIDTH, r->path_width, attr, "File");
	draw_text(win, 2, hosts, width - hosts, attr, "Hosts");
}

/* The group's hosts in the inventory's order, whatever order they
 * reported in. */
static void
rpmnew_hosts(const struct rpmnew *r, const struct finding *f,
	     struct strbuf *out)
{
	const struct inventory *inv = r->ui->plan->inventory;

	for (size_t h = 0; h < inv->n_hosts; h++)
		for (size_t i = 0; i < f->n_hosts; i++)
			if (strcmp(f->hosts[i], inv->hosts[h].name) == 0)
				strbuf_addf(out, "%s%s", out->len > 0 ? " " : "",
					    f->hosts[i]);
}

static void
rpmnew_draw_row(struct rpmnew *r, WINDOW *win, int y, size_t i,
		int width)
{
	const struct theme *th = &r->ui->theme;
	struct finding f = findings_at(r->ui->view.findings, i);
	enum ui_state st = rpmnew_group_done(r, &f) ? UI_STATE_DONE
						   : UI_STATE_PENDING;
	attr_t attr = i == r->view.cursor ? theme_attr(th, THEME_CURSOR)
					  : theme_attr(th, THEME_NORMAL);
	struct strbuf hosts = STRBUF_INIT;
	int x = 2 + RPMNEW_STEP_WIDTH + r->path_width;

	rpmnew_hosts(r, &f, &hosts);
	draw_line(win, y, 0, width, attr, "");
	draw_text(win, y, 0, 1, i == r->view.cursor ? attr
		  : theme_state_attr(th, st), theme_mark(th, st));
	draw_text(win, y, 2, RPMNEW_STEP_WIDTH - 1, attr, f.step);
	draw_text(win, y, 2 + RPMNEW_STEP_WIDTH, r->path_width - 1, attr,
		  f.path);
	draw_text(win, y, x, width - x, attr, strbuf_str(&hosts));
	strbuf_release(&hosts);
}

static void
rpmnew_draw(void *data, WINDOW *win)
{
	struct rpmnew *r = data;
	const struct theme *th = &r->ui->theme;
	int height, width;

	getmaxyx(win, height, width);
	if (r->ui->view.findings == NULL) {
		draw_text(win, 1, 2, width - 2, theme_attr(th, THEME_NORMAL),
			  "Nothing runs from here: no review has run.");
		return;
	}
	r->path_width = rpmnew_path_width(r, width);
	rpmnew_draw_top(r, win, width);
	rpmnew_draw_titles(r, win, width);
	r->rows = height - RPMNEW_TOP;
	listview_set_count(&r->view, findings_count(r->ui->view.findings),
			   r->rows);
	for (int i = 0; i < r->rows && (size_t)i + r->view.top < r->view.n; i++)
		rpmnew_draw_row(r, win, RPMNEW_TOP + i, r->view.top + (size_t)i,
				width);
	if (r->view.n == 0)
		draw_text(win, RPMNEW_TOP + 1, 2, width - 2,
			  theme_attr(th, THEME_DIM),
			  "No review step has found one yet.");
}

static unsigned
rpmnew_key(void *data, enum action action)
{
	struct rpmnew *r = data;

	return listview_key(&r->view, action, r->rows);
}

static unsigned
rpmnew_event(void *data, enum ui_event event)
{
	return event == UI_EVENT_MODEL || event == UI_EVENT_OUTPUT ||
	       event == UI_EVENT_PROMPT ? LOOP_REDRAW : 0;
}

static const enum action rpmnew_hints[] = {
	ACTION_NOW, ACTION_OUTPUT, ACTION_CHECKLIST, ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops review_screen = {
	.name = "Review",
	.hints = rpmnew_hints,
	.n_hints = sizeof rpmnew_hints / sizeof rpmnew_hints[0],
	.create = rpmnew_create,
	.destroy = rpmnew_destroy,
	.draw = rpmnew_draw,
	.key = rpmnew_key,
	.event = rpmnew_event,
};
