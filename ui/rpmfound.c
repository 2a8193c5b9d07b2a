/* rpmfound: see ui/rpmfound.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "loop.h"
#include "rpmfound.h"
#include "screen.h"
#include "strbuf.h"
#include "xalloc.h"

#define RPMFOUND_STEP_WIDTH 20
/* The hosts column keeps at least this much of the line. */
#define RPMFOUND_HOSTS_ROOM 16
/* heading, what to do, column titles */
#define RPMFOUND_TOP 3

static bool
rpmfound_group_done(const struct rpmfound *r, const struct finding *f)
{
	for (size_t h = 0; h < f->n_hosts; h++)
		if (!ui_state_finished(ui_model_cell_state(r->ui->model, f->step,
							   f->hosts[h])))
			return false;
	return true;
}

static void
rpmfound_draw_top(struct rpmfound *r, WINDOW *win, int width)
{
	const struct ui *ui = r->ui;
	const struct theme *th = &ui->theme;
	size_t n = findings_count(ui->view.findings);
	char *text;

	text = xasprintf(" New configuration files (.rpmnew): %zu", n);
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING), text);
	free(text);
	text = xstrdup(" Merge each into the file beside it (rpmconf, "
		       "vimdiff) before its service starts.");
	draw_line(win, 1, 0, width, theme_attr(th, THEME_LABEL), text);
	free(text);
}

static int
rpmfound_path_width(const struct rpmfound *r, int width)
{
	const struct findings *f = r->ui->view.findings;
	int longest = (int)strlen("File");
	int most = width - 2 - RPMFOUND_STEP_WIDTH - RPMFOUND_HOSTS_ROOM;

	for (size_t i = 0; i < findings_count(f); i++) {
		int cols = draw_columns(findings_at(f, i).path);

		if (cols > longest)
			longest = cols;
	}
	return longest + 2 < most ? longest + 2 : most;
}

static void
rpmfound_draw_titles(struct rpmfound *r, WINDOW *win, int width)
{
	attr_t attr = theme_attr(&r->ui->theme, THEME_HEADING);
	int hosts = 2 + RPMFOUND_STEP_WIDTH + r->path_width;

	draw_line(win, 2, 0, width, attr, "");
	draw_text(win, 2, 2, RPMFOUND_STEP_WIDTH, attr, "Step");
	draw_text(win, 2, 2 + RPMFOUND_STEP_WIDTH, r->path_width, attr, "File");
	draw_text(win, 2, hosts, width - hosts, attr, "Hosts");
}

/* The group's hosts in the inventory's order, whatever order they
 * reported in. */
static void
rpmfound_hosts(const struct rpmfound *r, const struct finding *f,
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
rpmfound_draw_row(struct rpmfound *r, WINDOW *win, int y, size_t i,
		int width)
{
	const struct theme *th = &r->ui->theme;
	struct finding f = findings_at(r->ui->view.findings, i);
	enum ui_state st = rpmfound_group_done(r, &f) ? UI_STATE_DONE
						   : UI_STATE_PENDING;
	attr_t attr = i == r->view.cursor ? theme_attr(th, THEME_CURSOR)
					  : theme_attr(th, THEME_NORMAL);
	struct strbuf hosts = STRBUF_INIT;
	int x = 2 + RPMFOUND_STEP_WIDTH + r->path_width;

	rpmfound_hosts(r, &f, &hosts);
	draw_line(win, y, 0, width, attr, "");
	draw_text(win, y, 0, 1, i == r->view.cursor ? attr
		  : theme_state_attr(th, st), theme_mark(th, st));
	draw_text(win, y, 2, RPMFOUND_STEP_WIDTH - 1, attr, f.step);
	draw_text(win, y, 2 + RPMFOUND_STEP_WIDTH, r->path_width - 1, attr,
		  f.path);
	draw_text(win, y, x, width - x, attr, strbuf_str(&hosts));
	strbuf_release(&hosts);
}

void
rpmfound_draw(struct rpmfound *r, WINDOW *win, int height, int width)
{
	const struct theme *th = &r->ui->theme;

	if (r->ui->view.findings == NULL) {
		draw_text(win, 1, 2, width - 2, theme_attr(th, THEME_NORMAL),
			  "Nothing runs from here: no review has run.");
		return;
	}
	r->path_width = rpmfound_path_width(r, width);
	rpmfound_draw_top(r, win, width);
	rpmfound_draw_titles(r, win, width);
	r->rows = height - RPMFOUND_TOP;
	listview_set_count(&r->view, findings_count(r->ui->view.findings),
			   r->rows);
	for (int i = 0; i < r->rows && (size_t)i + r->view.top < r->view.n; i++)
		rpmfound_draw_row(r, win, RPMFOUND_TOP + i, r->view.top + (size_t)i,
				  width);
	if (r->view.n == 0)
		draw_text(win, RPMFOUND_TOP + 1, 2, width - 2,
			  theme_attr(th, THEME_DIM),
			  "No review step has found one yet.");
}

unsigned
rpmfound_key(struct rpmfound *r, enum action action)
{
	if (action >= ACTION_NEXT_HUNK && action <= ACTION_APPLY) {
		ui_message(r->ui, "Nothing to decide here: the engine asks for "
			   "no review now.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	return listview_key(&r->view, action, r->rows);
}
