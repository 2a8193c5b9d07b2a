/* now: what the upgrade waits for, or what runs.
 *
 * When the engine waits for the operator, this screen shows its
 * question whole, exactly as the engine wrote it (the step, why, each
 * host with the exact command or API call, the gates and their
 * evidence, the failure, the probe, the host key's fingerprint), and
 * below it only the decisions that question allows, each on a key.
 *
 * A key decides only on what this screen drew: the question's serial
 * must be the one drawn, a confirmation sends the digest of the text
 * drawn (the engine refuses it if that is no longer what would run),
 * and "yes" first makes sure the last line of the text has been on
 * screen.  A typed answer (a reason, a batch size) is checked against
 * the question it was asked for before it is sent.
 *
 * While a unit runs, the screen follows it: each of its hosts with its
 * state, the command under way and its last lines of output. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "wrap.h"
#include "xalloc.h"

/* Lines of each running host's output shown under it: the room there
 * is, shared, within these bounds. */
#define NOW_TAIL_MIN 2
#define NOW_TAIL_MAX 40

struct now {
	struct ui *ui;
	char **lines;		/* the question's text, cut to the width */
	size_t n_lines;
	unsigned lines_serial;	/* of the question they were cut from */
	int lines_width;
	struct listview view;
	int rows;		/* for the text, when last drawn */
	unsigned drawn;		/* the serial of the question drawn last */
	bool seen_end;		/* its last line has been on screen */
	unsigned asked;		/* the serial a typed answer is for */
	struct now_start *starts; /* one per output log, made when drawn */
	size_t n_starts;
};

/* Where a log's lines for a unit start, found once and then kept up to
 * date by looking only at the lines that came since: a log holds
 * thousands of lines, and the screen is drawn many times a second. */
struct now_start {
	char *unit;
	size_t start;		/* line number since the log began */
	size_t looked;		/* lines looked at, counted the same way */
};

static void *
now_create(struct ui *ui)
{
	struct now *n = xcalloc(1, sizeof *n);

	n->ui = ui;
	n->view.scroll_only = true;
	return n;
}

static void
now_clear_lines(struct now *n)
{
	for (size_t i = 0; i < n->n_lines; i++)
		free(n->lines[i]);
	free(n->lines);
	n->lines = NULL;
	n->n_lines = 0;
}

static void
now_destroy(void *data)
{
	struct now *n = data;

	now_clear_lines(n);
	for (size_t i = 0; i < n->n_starts; i++)
		free(n->starts[i].unit);
	free(n->starts);
	free(n);
}

static void
now_add_line(struct now *n, const char *s, size_t len)
{
	n->lines = xreallocarray(n->lines, n->n_lines + 1, sizeof *n->lines);
	n->lines[n->n_lines++] = xstrndup(s, len);
}

static void
now_emit(void *ctx, const char *line)
{
	now_add_line(ctx, line, strlen(line));
}

/* The text's lines, as the engine wrote them; one wider than the
 * screen (output it quotes, a long paragraph) is wrapped for it. */
static void
now_cut(struct now *n, const char *text, int width)
{
	now_clear_lines(n);
	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");

		if (len == 0)
			now_add_line(n, "", 0);
		else
			wrap_line(p, len, width, 0, now_emit, n);
		p += len + (p[len] == '\n');
	}
	n->view.n = n->n_lines;
}

/* ---- drawing --------------------------------------------------------- */

static void
now_draw_heading(struct now *n, WINDOW *win, int width)
{
	const struct ui_prompt *p = &n->ui->prompt;
	const struct theme *th = &n->ui->theme;
	char *left;

	left = xasprintf(" %s%s%s", ui_prompt_heading(p),
			 p->title != NULL ? "  " : "",
			 p->title != NULL ? p->title : "");
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING), left);
	if (p->unit != NULL && draw_columns(left) + draw_columns(p->unit) + 2 <
	    width)
		draw_text(win, 0, width - draw_columns(p->unit) - 1,
			  draw_columns(p->unit), theme_attr(th, THEME_DIM),
			  p->unit);
	free(left);
}

/* "y run it   s skip (why?)   x stop": the keys this question takes. */
static void
now_draw_choices(struct now *n, WINDOW *win, int y, int width)
{
	const struct theme *th = &n->ui->theme;
	int x = 1;

	draw_line(win, y, 0, width, theme_attr(th, THEME_PROMPT), "");
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT && x < width; a++) {
		const char *label = ui_prompt_label(&n->ui->prompt, a);
		char key[64];

		if (label[0] == '\0')
			continue;
		keymap_first_key(&keymap_now, a, key, sizeof key);
		if (key[0] == '\0')
			keymap_first_key(&keymap_global, a, key, sizeof key);
		x += draw_text(win, y, x, width - x,
			       theme_attr(th, THEME_STATUS_KEY), key);
		x += 1 + draw_text(win, y, x + 1, width - x - 1,
				   theme_attr(th, THEME_PROMPT), label);
		x += 3;
	}
}

static void
now_draw_rule(struct now *n, WINDOW *win, int y, int width, bool more)
{
	const struct theme *th = &n->ui->theme;
	const char *rule = theme_glyph(th, THEME_GLYPH_RULE);

	for (int x = 0; x < width; x++)
		draw_text(win, y, x, 1, theme_attr(th, THEME_DIM), rule);
	if (more)
		draw_text(win, y, 2, width - 2, theme_attr(th, THEME_DIM),
			  " more below: PgDn, End ");
}

static void
now_draw_text(struct now *n, WINDOW *win, int top, int rows, int width)
{
	const struct theme *th = &n->ui->theme;

	n->rows = rows;
	listview_fit(&n->view, rows);
	for (int r = 0; r < rows; r++) {
		size_t i = n->view.top + (size_t)r;

		if (i >= n->n_lines)
			break;
		/* A step to confirm starts with the plan's heading line. */
		draw_step_line(win, top + r, width, th, n->lines[i],
			       i == 0 && n->ui->prompt.kind ==
			       ENGINE_PROMPT_CONFIRM);
	}
	if (n->view.top + (size_t)rows >= n->n_lines)
		n->seen_end = true;
}

static bool
now_names_unit(struct outlog_line line, const char *unit, size_t len)
{
	return line.kind == OUTLOG_NOTE && strncmp(line.text, "-- ", 3) == 0 &&
	       strncmp(line.text + 3, unit, len) == 0 && line.text[3 + len] == ':';
}

/* Where the unit's lines start in log i: after the last line that names
 * it (ui/engineview.h writes one when a host joins a unit). */
static size_t
now_unit_start(struct now *n, const struct outlog *log, size_t i,
	       const char *unit, size_t total)
{
	size_t len = strlen(unit), dropped = outlog_dropped(log, i);
	size_t end = dropped + total, from;
	struct now_start *s;

	if (n->starts == NULL) {
		n->n_starts = outlog_count(log);
		n->starts = xcalloc(n->n_starts, sizeof *n->starts);
	}
	s = &n->starts[i];
	if (s->unit == NULL || strcmp(s->unit, unit) != 0) {
		free(s->unit);
		*s = (struct now_start){ .unit = xstrdup(unit) };
	}
	from = s->looked > dropped ? s->looked : dropped;
	for (size_t l = end; l-- > from;)
		if (now_names_unit(outlog_line(log, i, l - dropped), unit, len)) {
			s->start = l + 1;
			break;
		}
	s->looked = end;
	return s->start > dropped ? s->start - dropped : 0;
}

/* One host of the unit under way: its state, then the last tail lines
 * of what it runs for the unit. */
static int
now_draw_host(struct now *n, WINDOW *win, int y, int bottom, int width,
	      const char *host, size_t tail)
{
	const struct ui *ui = n->ui;
	const struct theme *th = &ui->theme;
	const struct outlog *log = ui->view.output;
	size_t i = outlog_find(log, host);
	size_t total = outlog_lines(log, i);
	enum ui_state st = ui_model_cell_state(ui->model, ui->view.unit_step,
					       host);
	size_t from = now_unit_start(n, log, i, ui->view.unit, total);
	int x = 3;

	draw_text(win, y, 1, 1, theme_state_attr(th, st), theme_mark(th, st));
	x += 1 + draw_text(win, y, x, width - x, theme_attr(th, THEME_LABEL),
			   host);
	draw_text(win, y, x, width - x, theme_attr(th, THEME_DIM),
		  ui_state_name(st));
	if (total - from > tail)
		from = total - tail;
	for (size_t l = from; l < total && ++y < bottom; l++) {
		struct outlog_line line = outlog_line(log, i, l);

		draw_text(win, y, 5, width - 5,
			  theme_attr(th, line.kind == OUTLOG_COMMAND
				     ? THEME_COMMAND : THEME_NORMAL),
			  line.text);
	}
	return y + 1;
}

static void
now_draw_running(struct now *n, WINDOW *win, int top, int rows, int width)
{
	const struct engineview *v = &n->ui->view;
	char *line = xasprintf(" %s: %s", v->unit, v->unit_title);
	size_t hosts = v->n_unit_hosts > 0 ? v->n_unit_hosts : 1;
	/* Each host: its line, its tail, a blank. */
	size_t tail = rows > 4 ? (size_t)(rows - 2) / hosts : 0;
	int y = top + 2;

	tail = tail > 2 ? tail - 2 : 0;
	if (tail < NOW_TAIL_MIN)
		tail = NOW_TAIL_MIN;
	if (tail > NOW_TAIL_MAX)
		tail = NOW_TAIL_MAX;
	draw_text(win, top, 0, width, theme_attr(&n->ui->theme, THEME_NORMAL),
		  line);
	free(line);
	for (size_t h = 0; h < v->n_unit_hosts && y < top + rows; h++)
		y = now_draw_host(n, win, y, top + rows, width,
				  v->unit_hosts[h], tail);
}

static void
now_draw_missing(struct now *n, WINDOW *win, int width)
{
	const struct theme *th = &n->ui->theme;

	draw_text(win, 2, 2, width - 2, theme_attr(th, THEME_NORMAL),
		  n->ui->engine_missing != NULL ? n->ui->engine_missing
						: "There is no engine.");
	draw_text(win, 4, 2, width - 2, theme_attr(th, THEME_DIM),
		  "The checklist and each step's detail show the whole plan.");
}

static void
now_draw(void *data, WINDOW *win)
{
	struct now *n = data;
	const struct ui_prompt *p = &n->ui->prompt;
	int height, width;

	getmaxyx(win, height, width);
	now_draw_heading(n, win, width);
	if (!p->present) {
		now_draw_missing(n, win, width);
		return;
	}
	if (n->lines_serial != p->serial || n->lines_width != width) {
		now_cut(n, p->text, width - 1);
		n->lines_serial = p->serial;
		n->lines_width = width;
	}
	if (n->drawn != p->serial) {
		n->drawn = p->serial;
		n->seen_end = false;
	}
	if (p->kind == ENGINE_PROMPT_BUSY) {
		now_draw_running(n, win, 1, height - 3, width);
		n->seen_end = false;
	} else {
		now_draw_text(n, win, 1, height - 3, width);
	}
	now_draw_rule(n, win, height - 2, width,
		      p->kind != ENGINE_PROMPT_BUSY && !n->seen_end);
	now_draw_choices(n, win, height - 1, width);
}

/* ---- deciding ----------------------------------------------------------- */

static unsigned
now_refused(struct now *n, const char *what, const struct ou_error *err)
{
	ui_message(n->ui, "%s: %s", what, err->msg);
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
now_done(struct now *n, int rc, const char *what, const struct ou_error *err)
{
	if (rc < 0)
		return now_refused(n, what, err);
	return LOOP_HANDLED | LOOP_REDRAW;
}

/* The question drawn is the one the engine asks: else nothing is sent. */
static bool
now_current(struct now *n, unsigned serial)
{
	if (serial == n->ui->prompt.serial)
		return true;
	ui_message(n->ui, "The question changed before the answer came; read "
		   "it again. Nothing was done.");
	return false;
}

static unsigned
now_confirm(struct now *n)
{
	const struct ui_prompt *p = &n->ui->prompt;
	struct ou_error err = { { 0 } };

	if (!now_current(n, n->drawn))
		return LOOP_HANDLED | LOOP_REDRAW;
	if (!n->seen_end) {
		n->view.top = n->n_lines;
		ui_message(n->ui, "This is the end of what it covers; y again "
			   "to say yes.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (p->kind == ENGINE_PROMPT_HOSTKEY)
		return now_done(n, engine_accept_hostkey(n->ui->engine,
							 p->fingerprint, &err),
				"Not accepted", &err);
	return now_done(n, engine_confirm(n->ui->engine, p->digest, &err),
			"Not run", &err);
}

static unsigned
now_answer_skip(void *arg, const char *reason)
{
	struct now *n = arg;
	struct ou_error err = { { 0 } };

	if (reason == NULL || !now_current(n, n->asked))
		return LOOP_HANDLED | LOOP_REDRAW;
	return now_done(n, engine_skip(n->ui->engine, reason, &err),
			"Not skipped", &err);
}

static unsigned
now_answer_override(void *arg, const char *reason)
{
	struct now *n = arg;
	struct ou_error err = { { 0 } };

	if (reason == NULL || !now_current(n, n->asked))
		return LOOP_HANDLED | LOOP_REDRAW;
	return now_done(n, engine_override_gate(n->ui->engine,
						n->ui->prompt.host, reason,
						&err),
			"Not overridden", &err);
}

static unsigned
now_answer_batch(void *arg, const char *answer)
{
	struct now *n = arg;
	const struct ui_prompt *p = &n->ui->prompt;
	struct ou_error err = { { 0 } };
	unsigned long size;
	char *end;

	if (answer == NULL || !now_current(n, n->asked))
		return LOOP_HANDLED | LOOP_REDRAW;
	answer += strspn(answer, " ");
	size = *answer == '\0' ? p->batch_default : strtoul(answer, &end, 10);
	if (*answer != '\0' && *end != '\0') {
		ui_message(n->ui, "Not a number: %s", answer);
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	return now_done(n, engine_set_batch_size(n->ui->engine, size, &err),
			"Batch size not set", &err);
}

static unsigned
now_answer_migration(void *arg, const char *key)
{
	struct now *n = arg;
	struct ou_error err = { { 0 } };
	enum rb_migrate_mode mode;

	if (key == NULL || !now_current(n, n->asked))
		return LOOP_HANDLED | LOOP_REDRAW;
	if (strcmp(key, "l") == 0)
		mode = RB_MIGRATE_LIVE;
	else if (strcmp(key, "c") == 0)
		mode = RB_MIGRATE_COLD;
	else if (strcmp(key, "n") == 0)
		mode = RB_MIGRATE_NONE;
	else
		return LOOP_HANDLED | LOOP_REDRAW;
	return now_done(n, engine_set_migration(n->ui->engine, mode, &err),
			"Migration not set", &err);
}

static unsigned
now_answer_stop(void *arg, const char *key)
{
	struct now *n = arg;

	if (key != NULL && (strcmp(key, "y") == 0 || strcmp(key, "Y") == 0)) {
		engine_stop(n->ui->engine);
		ui_message(n->ui, "Stopping: what runs finishes, nothing new "
			   "starts. Run again to resume.");
	}
	return LOOP_HANDLED | LOOP_REDRAW;
}

static const char *
now_hosts(const struct ui_prompt *p)
{
	return p->n_hosts == 1 ? p->hosts[0] : "its hosts";
}

/* Questions that need an answer typed or one more key. */
static unsigned
now_ask(struct now *n, enum action action)
{
	const struct ui_prompt *p = &n->ui->prompt;

	n->asked = n->drawn;
	switch (action) {
	case ACTION_SKIP:
		ui_ask(n->ui, false, now_answer_skip, n, "Why skip %s on %s "
		       "(for the journal)? ", p->step != NULL ? p->step
							      : "it",
		       now_hosts(p));
		break;
	case ACTION_OVERRIDE:
		ui_ask(n->ui, false, now_answer_override, n, "Why is it safe to "
		       "go past the gate (for the journal)? ");
		break;
	case ACTION_BATCH:
		ui_ask(n->ui, false, now_answer_batch, n, "How many hosts at "
		       "once, 1 to %zu [%zu]? ", p->batch_max, p->batch_default);
		break;
	case ACTION_MIGRATION:
		ui_ask(n->ui, true, now_answer_migration, n, "Instances: l live "
		       "migration, c cold migration, n leave them where they "
		       "are%s", p->live_warning ? " (live: see nova bug 1250751 "
		       "above)" : "");
		break;
	default:
		ui_ask(n->ui, true, now_answer_stop, n, "Start nothing new after "
		       "what runs now? (y/N)");
		break;
	}
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
now_decide_unknown(struct now *n, enum engine_decision decision)
{
	const struct ui_prompt *p = &n->ui->prompt;
	struct ou_error err = { { 0 } };

	if (!now_current(n, n->drawn) || p->n_hosts == 0)
		return LOOP_HANDLED | LOOP_REDRAW;
	return now_done(n, engine_decide_unknown(n->ui->engine, p->hosts[0],
						 decision, &err),
			"Not decided", &err);
}

static unsigned
now_decide(struct now *n, enum action action)
{
	const struct ui_prompt *p = &n->ui->prompt;
	struct ou_error err = { { 0 } };

	switch (action) {
	case ACTION_CONFIRM:
		return now_confirm(n);
	case ACTION_REFUSE:
		if (!now_current(n, n->drawn))
			return LOOP_HANDLED | LOOP_REDRAW;
		return now_done(n, engine_refuse_hostkey(n->ui->engine, &err),
				"Not refused", &err);
	case ACTION_RETRY:
		if (p->kind == ENGINE_PROMPT_UNKNOWN)
			return now_decide_unknown(n, ENGINE_DECIDE_RERUN);
		if (!now_current(n, n->drawn))
			return LOOP_HANDLED | LOOP_REDRAW;
		return now_done(n, engine_retry(n->ui->engine, &err),
				"Not retried", &err);
	case ACTION_MARK_DONE:
		return now_decide_unknown(n, ENGINE_DECIDE_MARK_DONE);
	case ACTION_MARK_FAILED:
		return now_decide_unknown(n, ENGINE_DECIDE_MARK_FAILED);
	default:
		return now_ask(n, action);
	}
}

static bool
now_is_decision(enum action action)
{
	return action >= ACTION_CONFIRM && action <= ACTION_STOP;
}

static unsigned
now_key(void *data, enum action action)
{
	struct now *n = data;
	unsigned flags = listview_key(&n->view, action, n->rows);

	if (flags != 0 || !now_is_decision(action))
		return flags;
	if (!ui_prompt_allows(&n->ui->prompt, action)) {
		ui_message(n->ui, "Not an answer to this; the last line lists "
			   "the answers it takes.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	return now_decide(n, action);
}

static void
now_enter(void *data, const void *arg)
{
	struct now *n = data;

	n->view.top = 0;
}

static unsigned
now_event(void *data, enum ui_event event)
{
	struct now *n = data;

	switch (event) {
	case UI_EVENT_PROMPT:
		n->view.top = 0;
		return LOOP_REDRAW;
	case UI_EVENT_MODEL:
	case UI_EVENT_OUTPUT:
		return n->ui->prompt.kind == ENGINE_PROMPT_BUSY ? LOOP_REDRAW : 0;
	default:
		return 0;
	}
}

static const enum action now_hints[] = {
	ACTION_CHECKLIST, ACTION_OUTPUT, ACTION_ROLLOUT, ACTION_HELP,
	ACTION_QUIT,
};

const struct screen_ops now_screen = {
	.name = "Now",
	.keymap = &keymap_now,
	.hints = now_hints,
	.n_hints = sizeof now_hints / sizeof now_hints[0],
	.create = now_create,
	.destroy = now_destroy,
	.enter = now_enter,
	.draw = now_draw,
	.key = now_key,
	.event = now_event,
};
