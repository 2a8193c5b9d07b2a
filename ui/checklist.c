/* checklist: the whole upgrade at a glance.
 *
 * Two panes: the phases on the left, each with its progress, and on the
 * right the units of the phase under the left cursor (a unit is a step
 * on one batch of hosts: what one confirmation covers), each with its
 * state mark, its hosts and how long it took or has been running.  The
 * unit the operator is at carries a pointer, and the checklist opens on
 * it.  Tab moves between the panes; Enter on a unit opens its detail. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "xalloc.h"

/* The left pane's width: room for "▸ 10 ", a title that says what the
 * phase does, and its "12/12"; narrower on a narrow terminal, where the
 * steps' titles need the room more. */
#define CHECKLIST_PHASES_WIDTH(cols) ((cols) >= 100 ? 30 : 24)
/* The hosts column shows only where a step's title keeps this much
 * room: at 80 columns the title matters more. */
#define CHECKLIST_TITLE_ROOM 48
#define CHECKLIST_HOSTS_WIDTH 14
#define CHECKLIST_TIME_WIDTH 8
/* Where a step's title starts: after the marks and "10.10 ", the
 * widest number a runbook of ten phases of ten steps gives. */
#define CHECKLIST_TITLE_X 10

enum checklist_pane {
	CHECKLIST_PANE_PHASES,
	CHECKLIST_PANE_STEPS,
};

struct checklist {
	struct ui *ui;
	enum checklist_pane focus;
	struct listview phases;
	struct listview steps;	/* over the units of the selected phase */
	size_t first_unit;	/* of the selected phase */
	int height;		/* of the body, when last drawn */
	int phases_width;	/* of the left pane, when last drawn */
	/* The cursors stay on the current unit as the upgrade moves on,
	 * until the operator moves them. */
	bool follow;
};

static const struct plan_unit *
checklist_unit(const struct checklist *cl, size_t row)
{
	return &cl->ui->plan->units[cl->first_unit + row];
}

/* Units run phase after phase, so a phase's units are a run of the
 * plan's. */
static void
checklist_select_phase(struct checklist *cl, size_t phase)
{
	size_t first, n;

	ui_model_phase_units(cl->ui->model, phase, &first, &n);
	cl->first_unit = first;
	cl->steps = (struct listview){ .n = n };
}

/* Put both cursors on the unit the operator is at. */
static void
checklist_follow_current(struct checklist *cl)
{
	const struct plan *plan = cl->ui->plan;
	size_t current = ui_model_current(cl->ui->model);
	size_t phase;

	if (plan->n_units == 0)
		return;
	if (current >= plan->n_units)
		current = plan->n_units - 1;
	phase = plan->units[current].phase_index;
	cl->phases.cursor = phase;
	checklist_select_phase(cl, phase);
	cl->steps.cursor = current - cl->first_unit;
}

static void *
checklist_create(struct ui *ui)
{
	struct checklist *cl = xcalloc(1, sizeof *cl);

	cl->ui = ui;
	cl->phases.n = ui->plan->runbook->n_phases;
	cl->focus = CHECKLIST_PANE_STEPS;
	cl->follow = true;
	checklist_follow_current(cl);
	return cl;
}

static void
checklist_destroy(void *data)
{
	free(data);
}

/* ---- drawing --------------------------------------------------------- */

static enum ui_state
checklist_phase_state(const struct checklist *cl, size_t phase)
{
	size_t first, n, finished, total;
	bool any_started = false;

	ui_model_phase_units(cl->ui->model, phase, &first, &n);
	for (size_t u = first; u < first + n; u++) {
		enum ui_state st = ui_model_unit_state(cl->ui->model, u);

		if (st == UI_STATE_FAILED || st == UI_STATE_UNKNOWN ||
		    st == UI_STATE_RUNNING)
			return st;
		if (st == UI_STATE_DONE || st == UI_STATE_CONFIRMED)
			any_started = true;
	}
	ui_model_phase_progress(cl->ui->model, phase, &finished, &total);
	if (finished == total)
		return UI_STATE_DONE;
	return any_started ? UI_STATE_CONFIRMED : UI_STATE_PENDING;
}

static attr_t
checklist_cursor_attr(const struct checklist *cl, enum checklist_pane pane)
{
	return theme_attr(&cl->ui->theme, cl->focus == pane ? THEME_CURSOR
							     : THEME_CURSOR_IDLE);
}

static size_t
checklist_current_phase(const struct checklist *cl)
{
	size_t current = ui_model_current(cl->ui->model);

	return current < cl->ui->plan->n_units
	       ? cl->ui->plan->units[current].phase_index : (size_t)-1;
}

static void
checklist_draw_phase(const struct checklist *cl, WINDOW *win, int y,
		     size_t phase, int width)
{
	const struct theme *th = &cl->ui->theme;
	const struct rb_phase *p = &cl->ui->plan->runbook->phases[phase];
	bool selected = phase == cl->phases.cursor;
	attr_t attr = selected ? checklist_cursor_attr(cl, CHECKLIST_PANE_PHASES)
			       : theme_attr(th, THEME_NORMAL);
	enum ui_state st = checklist_phase_state(cl, phase);
	size_t finished, total;
	char count[32];
	char num[24];
	int right;

	ui_model_phase_progress(cl->ui->model, phase, &finished, &total);
	snprintf(count, sizeof count, " %zu/%zu ", finished, total);
	snprintf(num, sizeof num, "%2zu ", phase + 1);
	right = draw_columns(count);
	draw_line(win, y, 0, width, attr, "");
	if (phase == checklist_current_phase(cl))
		draw_text(win, y, 0, 1,
			  selected ? attr : theme_attr(th, THEME_CURRENT),
			  theme_glyph(th, THEME_GLYPH_CURRENT));
	draw_text(win, y, 1, 1, selected ? attr : theme_state_attr(th, st),
		  theme_mark(th, st));
	draw_text(win, y, 3, 3, attr, num);
	draw_text(win, y, 6, width - 6 - right, attr, p->title);
	draw_text(win, y, width - right, right, attr, count);
}

static void
checklist_draw_phases(struct checklist *cl, WINDOW *win, int height)
{
	const struct theme *th = &cl->ui->theme;
	int rows = height - 1;

	draw_line(win, 0, 0, cl->phases_width, theme_attr(th, THEME_HEADING),
		  " Phases");
	listview_fit(&cl->phases, rows);
	for (int r = 0; r < rows; r++) {
		size_t phase = cl->phases.top + (size_t)r;

		if (phase >= cl->phases.n)
			break;
		checklist_draw_phase(cl, win, 1 + r, phase, cl->phases_width);
	}
}

/* "controller", "3 hosts", "batch 1/3: compute1", "no host". */
static void
checklist_hosts(const struct plan_unit *unit, char *buf, size_t len)
{
	int n = 0;

	if (unit->n_batches > 1)
		n = snprintf(buf, len, "%zu/%zu ", unit->batch_index + 1,
			     unit->n_batches);
	if (n < 0 || (size_t)n >= len)
		return;
	if (unit->n_targets == 0)
		snprintf(buf + n, len - (size_t)n, "no host");
	else if (unit->n_targets == 1)
		snprintf(buf + n, len - (size_t)n, "%s",
			 unit->targets[0].host->name);
	else
		snprintf(buf + n, len - (size_t)n, "%zu hosts",
			 unit->n_targets);
}

static void
checklist_draw_unit(const struct checklist *cl, WINDOW *win, int y, int x,
		    size_t row, int width)
{
	const struct theme *th = &cl->ui->theme;
	const struct plan_unit *unit = checklist_unit(cl, row);
	bool selected = row == cl->steps.cursor;
	attr_t attr = selected ? checklist_cursor_attr(cl, CHECKLIST_PANE_STEPS)
			       : theme_attr(th, THEME_NORMAL);
	enum ui_state st = ui_model_unit_state(cl->ui->model, unit->index);
	int hosts_width = width - CHECKLIST_TITLE_X - CHECKLIST_TIME_WIDTH -
			  CHECKLIST_HOSTS_WIDTH >= CHECKLIST_TITLE_ROOM
			  ? CHECKLIST_HOSTS_WIDTH : 0;
	int title_width = width - CHECKLIST_TITLE_X - hosts_width -
			  CHECKLIST_TIME_WIDTH;
	char num[16], hosts[64], elapsed[16];

	snprintf(num, sizeof num, "%zu.%zu", unit->phase_index + 1,
		 unit->step_index + 1);
	checklist_hosts(unit, hosts, sizeof hosts);
	draw_duration(elapsed, sizeof elapsed,
		      ui_model_elapsed(cl->ui->model, unit->index));
	draw_line(win, y, x, width, attr, "");
	if (unit->index == ui_model_current(cl->ui->model))
		draw_text(win, y, x + 1, 1,
			  selected ? attr : theme_attr(th, THEME_CURRENT),
			  theme_glyph(th, THEME_GLYPH_CURRENT));
	draw_text(win, y, x + 2, 1, selected ? attr : theme_state_attr(th, st),
		  theme_mark(th, st));
	draw_text(win, y, x + 4, CHECKLIST_TITLE_X - 5, attr, num);
	draw_text(win, y, x + CHECKLIST_TITLE_X, title_width - 1, attr,
		  unit->step->title);
	if (hosts_width > 0)
		draw_text(win, y, x + CHECKLIST_TITLE_X + title_width,
			  hosts_width - 1, attr, hosts);
	draw_text(win, y, x + width - 1 - draw_columns(elapsed),
		  CHECKLIST_TIME_WIDTH, attr, elapsed);
}

static void
checklist_draw_heading(const struct checklist *cl, WINDOW *win, int x,
		       int width)
{
	const struct theme *th = &cl->ui->theme;
	size_t phase = cl->phases.cursor;
	const struct rb_phase *p = &cl->ui->plan->runbook->phases[phase];
	size_t finished, total;
	char *title;
	char count[48];

	ui_model_phase_progress(cl->ui->model, phase, &finished, &total);
	title = xasprintf(" Phase %zu of %zu: %s", phase + 1,
			  cl->ui->plan->runbook->n_phases, p->title);
	draw_line(win, 0, x, width, theme_attr(th, THEME_HEADING), title);
	free(title);
	snprintf(count, sizeof count, "%zu of %zu finished", finished, total);
	draw_line(win, 1, x, width, theme_attr(th, THEME_NORMAL), "");
	draw_bar(win, 1, x + 1, 20, finished, total,
		 theme_glyph(th, THEME_GLYPH_BAR_DONE),
		 theme_attr(th, THEME_BAR_DONE),
		 theme_glyph(th, THEME_GLYPH_BAR_TODO),
		 theme_attr(th, THEME_BAR_TODO));
	draw_text(win, 1, x + 23, width - 23, theme_attr(th, THEME_NORMAL),
		  count);
}

static void
checklist_draw_steps(struct checklist *cl, WINDOW *win, int x, int width,
		     int height)
{
	int rows = height - 2;

	checklist_draw_heading(cl, win, x, width);
	listview_fit(&cl->steps, rows);
	for (int r = 0; r < rows; r++) {
		size_t row = cl->steps.top + (size_t)r;

		if (row >= cl->steps.n)
			break;
		checklist_draw_unit(cl, win, 2 + r, x, row, width);
	}
}

static void
checklist_draw(void *data, WINDOW *win)
{
	struct checklist *cl = data;
	const struct theme *th = &cl->ui->theme;
	int height, width;

	getmaxyx(win, height, width);
	cl->height = height;
	cl->phases_width = CHECKLIST_PHASES_WIDTH(width);
	checklist_draw_phases(cl, win, height);
	for (int y = 0; y < height; y++)
		draw_text(win, y, cl->phases_width, 1,
			  theme_attr(th, THEME_DIM),
			  theme_glyph(th, THEME_GLYPH_SEPARATOR));
	checklist_draw_steps(cl, win, cl->phases_width + 1,
			     width - cl->phases_width - 1, height);
}

/* ---- keys ------------------------------------------------------------ */

static unsigned
checklist_key_phases(struct checklist *cl, enum action action)
{
	size_t before = cl->phases.cursor;
	unsigned flags = listview_key(&cl->phases, action, cl->height - 1);

	if (flags != 0 && cl->phases.cursor != before)
		checklist_select_phase(cl, cl->phases.cursor);
	if (flags == 0 && action == ACTION_ENTER && cl->steps.n > 0) {
		cl->focus = CHECKLIST_PANE_STEPS;
		flags = LOOP_HANDLED | LOOP_REDRAW;
	}
	return flags;
}

/* The engine waits for the operator on this unit: Enter shows its
 * question rather than the plan's text. */
static bool
checklist_asks_about(const struct checklist *cl, size_t unit)
{
	const struct ui_prompt *p = &cl->ui->prompt;
	size_t u, target;

	return ui_prompt_waits(p) && p->n_hosts > 0 &&
	       ui_model_locate(cl->ui->model, p->step, p->hosts[0], &u,
			       &target) == 0 && u == unit;
}

static unsigned
checklist_key_steps(struct checklist *cl, enum action action)
{
	unsigned flags = listview_key(&cl->steps, action, cl->height - 2);
	size_t unit;

	if (flags != 0)
		return flags;
	switch (action) {
	case ACTION_ENTER:
		if (cl->steps.n == 0)
			return LOOP_HANDLED;
		unit = cl->first_unit + cl->steps.cursor;
		if (checklist_asks_about(cl, unit))
			return ui_push(cl->ui, SCREEN_NOW, NULL);
		return ui_push(cl->ui, SCREEN_DETAIL, &unit);
	case ACTION_BACK:
		cl->focus = CHECKLIST_PANE_PHASES;
		return LOOP_HANDLED | LOOP_REDRAW;
	default:
		return 0;
	}
}

static unsigned
checklist_key(void *data, enum action action)
{
	struct checklist *cl = data;

	if (action >= ACTION_UP && action <= ACTION_LAST)
		cl->follow = false;
	if (action == ACTION_NEXT_PANE) {
		cl->focus = cl->focus == CHECKLIST_PANE_PHASES
			    ? CHECKLIST_PANE_STEPS : CHECKLIST_PANE_PHASES;
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (cl->focus == CHECKLIST_PANE_PHASES)
		return checklist_key_phases(cl, action);
	return checklist_key_steps(cl, action);
}

static unsigned
checklist_event(void *data, enum ui_event event)
{
	struct checklist *cl = data;

	switch (event) {
	case UI_EVENT_MODEL:
	case UI_EVENT_PROMPT:
		if (cl->follow)
			checklist_follow_current(cl);
		return LOOP_REDRAW;
	case UI_EVENT_TICK:
		/* Only a running unit's time moves. */
		return ui_model_busy(cl->ui->model) ? LOOP_REDRAW : 0;
	default:
		return 0;
	}
}

static const enum action checklist_hints[] = {
	ACTION_ENTER, ACTION_NEXT_PANE, ACTION_SERVICES, ACTION_HELP,
	ACTION_QUIT,
};

const struct screen_ops checklist_screen = {
	.name = "Checklist",
	.hints = checklist_hints,
	.n_hints = sizeof checklist_hints / sizeof checklist_hints[0],
	.create = checklist_create,
	.destroy = checklist_destroy,
	.draw = checklist_draw,
	.key = checklist_key,
	.event = checklist_event,
};
