/* rollout: the compute rollout, one row per compute.
 *
 * Each row is a compute's way through the phase's sequence of steps:
 * the batch the engine put it in, a bar with a cell per step (finished,
 * the one it is at in its state's look, the ones to come), the step it
 * is at, the command or call under way, its instances as Nova counts
 * them, and how long it has taken.  Above: the sequence, the totals and
 * the batch size; below, the computes the next batch takes.  Enter on
 * a compute opens its output. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "xalloc.h"

#define ROLLOUT_HOST_WIDTH 13
#define ROLLOUT_BATCH_WIDTH 6
#define ROLLOUT_AT_WIDTH 11
#define ROLLOUT_INST_WIDTH 5
#define ROLLOUT_TIME_WIDTH 8
/* Lines above the rows: heading, totals, sequence, column titles. */
#define ROLLOUT_TOP 4

/* What is computed over every host (the phase under way, the totals,
 * the next batch), kept while neither the model nor the rollout moved:
 * with 2,000 computes it was most of a redraw. */
struct rollout_cache {
	bool valid;
	unsigned long model_gen;
	unsigned long roll_gen;
	size_t phase;
	struct rollout_totals totals;
	size_t next_size;		/* the batch size next was made for */
	char next[512];
};

struct rollout {
	struct ui *ui;
	struct listview view;
	int rows;
	struct rollout_cache cache;
};

static void *
rollout_create(struct ui *ui)
{
	struct rollout *r = xcalloc(1, sizeof *r);

	r->ui = ui;
	return r;
}

static void
rollout_destroy(void *data)
{
	free(data);
}

static struct rollout_cache *
rollout_cached(struct rollout *r)
{
	const struct ui *ui = r->ui;
	struct rollout_cache *c = &r->cache;
	unsigned long model_gen = ui_model_generation(ui->model);
	unsigned long roll_gen = rollstate_generation(ui->view.rollout);

	if (c->valid && c->model_gen == model_gen && c->roll_gen == roll_gen)
		return c;
	*c = (struct rollout_cache){
		.valid = true, .model_gen = model_gen, .roll_gen = roll_gen,
		.phase = rollstate_phase(ui->view.rollout, ui->model),
	};
	c->totals = rollstate_totals(ui->view.rollout, ui->model, c->phase);
	return c;
}

static size_t
rollout_phase(struct rollout *r)
{
	return rollout_cached(r)->phase;
}

/* ---- drawing --------------------------------------------------------- */

static void
rollout_draw_heading(struct rollout *r, WINDOW *win, int width, size_t phase)
{
	const struct ui *ui = r->ui;
	const struct theme *th = &ui->theme;
	struct rollout_totals t = rollout_cached(r)->totals;
	size_t size = ui->engine != NULL
		      ? engine_batch_size(ui->engine,
					  ui->plan->runbook->phases[phase].id)
		      : ui->plan->runbook->phases[phase].rolling_batch.size;
	char inst[32] = "";
	char *text;

	text = xasprintf(" Phase %zu of %zu: %s", phase + 1,
			 ui->plan->runbook->n_phases,
			 ui->plan->runbook->phases[phase].title);
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING), text);
	free(text);
	if (t.instances >= 0)
		snprintf(inst, sizeof inst, ", %ld instances", t.instances);
	text = xasprintf(" %zu hosts: %zu finished, %zu under way, %zu to go; "
			 "batch size %zu%s", t.hosts, t.finished, t.under_way,
			 t.to_go, size, inst);
	draw_line(win, 1, 0, width, theme_attr(th, THEME_NORMAL), text);
	free(text);
}

static void
rollout_draw_sequence(struct rollout *r, WINDOW *win, int width,
		      size_t phase)
{
	const struct rollstate *rs = r->ui->view.rollout;
	const char *sep = r->ui->theme.ascii ? " > " : " › ";
	int x = 1;

	x += draw_text(win, 2, x, width - x,
		       theme_attr(&r->ui->theme, THEME_LABEL), "Sequence: ");
	for (size_t s = 0; s < rollstate_step_count(rs, phase) && x < width;
	     s++) {
		if (s > 0)
			x += draw_text(win, 2, x, width - x,
				       theme_attr(&r->ui->theme, THEME_DIM),
				       sep);
		x += draw_text(win, 2, x, width - x,
			       theme_attr(&r->ui->theme, THEME_NORMAL),
			       rollstate_step_label(rs, phase, s));
	}
}

struct rollout_cols {
	int host, batch, bar, at, action, inst, time;
	int bar_width, action_width;
};

static struct rollout_cols
rollout_columns(int width, size_t steps)
{
	struct rollout_cols c = { .host = 2 };

	c.batch = c.host + ROLLOUT_HOST_WIDTH;
	c.bar = c.batch + ROLLOUT_BATCH_WIDTH;
	c.bar_width = (int)steps * 2;
	c.at = c.bar + c.bar_width + 1;
	c.action = c.at + ROLLOUT_AT_WIDTH;
	c.time = width - ROLLOUT_TIME_WIDTH;
	c.inst = c.time - ROLLOUT_INST_WIDTH;
	c.action_width = c.inst - c.action - 1;
	return c;
}

static void
rollout_draw_titles(struct rollout *r, WINDOW *win, int y, int width,
		    const struct rollout_cols *c)
{
	attr_t attr = theme_attr(&r->ui->theme, THEME_HEADING);

	draw_line(win, y, 0, width, attr, "");
	draw_text(win, y, c->host, ROLLOUT_HOST_WIDTH, attr, "Host");
	draw_text(win, y, c->batch, ROLLOUT_BATCH_WIDTH, attr, "Batch");
	draw_text(win, y, c->bar, c->bar_width, attr, "Progress");
	draw_text(win, y, c->at, ROLLOUT_AT_WIDTH, attr, "At");
	draw_text(win, y, c->action, c->action_width, attr, "Doing");
	draw_text(win, y, c->inst, ROLLOUT_INST_WIDTH, attr, "Inst");
	draw_text(win, y, c->time, ROLLOUT_TIME_WIDTH, attr, "Time");
}

/* Two cells per step: filled when finished (dim when skipped), the
 * state's mark then an empty cell where the host is or went wrong,
 * empty for what is to come. */
static void
rollout_draw_bar(struct rollout *r, WINDOW *win, int y, int x,
		 const struct rollout_row *row)
{
	const struct theme *th = &r->ui->theme;
	const char *full = theme_glyph(th, THEME_GLYPH_BAR_DONE);
	const char *empty = theme_glyph(th, THEME_GLYPH_BAR_TODO);

	for (size_t s = 0; s < row->steps && s < ROLLOUT_STEPS_MAX; s++) {
		enum ui_state st = row->step_state[s];
		int cx = x + 2 * (int)s;

		if (st == UI_STATE_DONE || st == UI_STATE_SKIPPED) {
			attr_t attr = st == UI_STATE_DONE
				      ? theme_attr(th, THEME_BAR_DONE)
				      : theme_state_attr(th, st);

			draw_text(win, y, cx, 1, attr, full);
			draw_text(win, y, cx + 1, 1, attr, full);
		} else if (st == UI_STATE_PENDING) {
			draw_text(win, y, cx, 1, theme_attr(th, THEME_BAR_TODO),
				  empty);
			draw_text(win, y, cx + 1, 1,
				  theme_attr(th, THEME_BAR_TODO), empty);
		} else {
			draw_text(win, y, cx, 1, theme_state_attr(th, st),
				  theme_mark(th, st));
			draw_text(win, y, cx + 1, 1,
				  theme_attr(th, THEME_BAR_TODO), empty);
		}
	}
}

/* The engine waits for the operator about this host. */
static bool
rollout_asks_about(const struct rollout *r, const char *host)
{
	const struct ui_prompt *p = &r->ui->prompt;

	for (size_t i = 0; ui_prompt_waits(p) && i < p->n_hosts; i++)
		if (strcmp(p->hosts[i], host) == 0)
			return true;
	return false;
}

/* What the host waits for is the operator: say where to answer.  On
 * the cursor's row the cursor's colours stay (two colour pairs OR'd
 * together make a third, unreadable one), in bold. */
static void
rollout_draw_waiting(struct rollout *r, WINDOW *win, int y, int x, int width,
		     bool on_cursor, attr_t cursor_attr)
{
	attr_t attr = on_cursor ? cursor_attr | A_BOLD
				: theme_attr(&r->ui->theme, THEME_CURRENT);
	char key[32];
	char *text;

	keymap_first_key(&keymap_global, ACTION_NOW, key, sizeof key);
	text = xasprintf("waits for you (%s)", key);
	draw_text(win, y, x, width, attr, text);
	free(text);
}

static void
rollout_draw_row(struct rollout *r, WINDOW *win, int y, size_t i, int width,
		 const struct rollout_cols *c, size_t phase)
{
	const struct ui *ui = r->ui;
	const struct theme *th = &ui->theme;
	struct rollout_row row = rollstate_row(ui->view.rollout, ui->model,
					       phase, i, time(NULL));
	attr_t attr = i == r->view.cursor ? theme_attr(th, THEME_CURSOR)
					  : theme_attr(th, THEME_NORMAL);
	char batch[24] = "-", inst[24] = "-", elapsed[24];
	const char *at = row.at < row.steps
			 ? rollstate_step_label(ui->view.rollout, phase, row.at)
			 : "finished";

	if (row.batch > 0)
		snprintf(batch, sizeof batch, "%zu", row.batch);
	if (row.instances >= 0)
		snprintf(inst, sizeof inst, "%ld", row.instances);
	draw_duration(elapsed, sizeof elapsed, row.elapsed);
	draw_line(win, y, 0, width, attr, "");
	draw_text(win, y, c->host, ROLLOUT_HOST_WIDTH - 1, attr, row.host);
	draw_text(win, y, c->batch, ROLLOUT_BATCH_WIDTH - 1, attr, batch);
	rollout_draw_bar(r, win, y, c->bar, &row);
	draw_text(win, y, c->at, ROLLOUT_AT_WIDTH - 1,
		  i != r->view.cursor && row.at < row.steps &&
		  row.state != UI_STATE_PENDING
		  ? theme_state_attr(th, row.state) : attr, at);
	if (row.action[0] == '\0' && rollout_asks_about(r, row.host))
		rollout_draw_waiting(r, win, y, c->action, c->action_width,
				     i == r->view.cursor, attr);
	else
		draw_text(win, y, c->action, c->action_width, attr, row.action);
	draw_text(win, y, c->inst, ROLLOUT_INST_WIDTH - 1, attr, inst);
	draw_text(win, y, c->time, ROLLOUT_TIME_WIDTH, attr, elapsed);
}

static void
rollout_draw_next(struct rollout *r, WINDOW *win, int y, int width,
		  size_t phase)
{
	const struct ui *ui = r->ui;
	size_t size = ui->engine != NULL
		      ? engine_batch_size(ui->engine,
					  ui->plan->runbook->phases[phase].id)
		      : 1;
	struct rollout_cache *c = rollout_cached(r);
	char *text;

	if (size == 0)
		size = 1;
	if (c->next_size != size) {
		c->next[0] = '\0';
		rollstate_next_batch(ui->view.rollout, ui->model, phase, size,
				     c->next, sizeof c->next);
		c->next_size = size;
	}
	if (c->next[0] == '\0')
		return;
	text = xasprintf(" Next batch: %s", c->next);
	draw_line(win, y, 0, width, theme_attr(&ui->theme, THEME_LABEL), text);
	free(text);
}

static void
rollout_draw(void *data, WINDOW *win)
{
	struct rollout *r = data;
	const struct rollstate *rs = r->ui->view.rollout;
	struct rollout_cols c;
	int height, width;
	size_t phase;

	getmaxyx(win, height, width);
	if (rs == NULL || !rollstate_any(rs)) {
		draw_line(win, 0, 0, width, theme_attr(&r->ui->theme,
			  THEME_HEADING), " Rollout");
		draw_text(win, 2, 2, width - 2, theme_attr(&r->ui->theme,
			  THEME_NORMAL), "This runbook has no rolling phase.");
		return;
	}
	phase = rollout_phase(r);
	c = rollout_columns(width, rollstate_step_count(rs, phase));
	rollout_draw_heading(r, win, width, phase);
	rollout_draw_sequence(r, win, width, phase);
	rollout_draw_titles(r, win, 3, width, &c);
	r->rows = height - ROLLOUT_TOP - 1;
	listview_set_count(&r->view, rollstate_host_count(rs, phase), r->rows);
	for (int i = 0; i < r->rows; i++) {
		size_t row = r->view.top + (size_t)i;

		if (row >= r->view.n)
			break;
		rollout_draw_row(r, win, ROLLOUT_TOP + i, row, width, &c, phase);
	}
	rollout_draw_next(r, win, height - 1, width, phase);
}

static unsigned
rollout_key(void *data, enum action action)
{
	struct rollout *r = data;
	unsigned flags = listview_key(&r->view, action, r->rows);
	struct rollout_row row;

	if (flags != 0 || action != ACTION_ENTER || r->view.n == 0)
		return flags;
	row = rollstate_row(r->ui->view.rollout, r->ui->model, rollout_phase(r),
			    r->view.cursor, time(NULL));
	return ui_push(r->ui, SCREEN_OUTPUT, row.host);
}

static unsigned
rollout_event(void *data, enum ui_event event)
{
	switch (event) {
	case UI_EVENT_MODEL:
	case UI_EVENT_OUTPUT:
	case UI_EVENT_PROMPT:
	case UI_EVENT_TICK:
		return LOOP_REDRAW;
	default:
		return 0;
	}
}

static const enum action rollout_hints[] = {
	ACTION_ENTER, ACTION_NOW, ACTION_CHECKLIST, ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops rollout_screen = {
	.name = "Rollout",
	.hints = rollout_hints,
	.n_hints = sizeof rollout_hints / sizeof rollout_hints[0],
	.create = rollout_create,
	.destroy = rollout_destroy,
	.draw = rollout_draw,
	.key = rollout_key,
	.event = rollout_event,
};
