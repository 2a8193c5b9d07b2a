/* wizard: see ui/wizard.h. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "drive.h"
#include "findings.h"
#include "lineedit.h"
#include "loop.h"
#include "outlog.h"
#include "rollstate.h"
#include "screen.h"
#include "svcfeed.h"
#include "term.h"
#include "wizard.h"
#include "xalloc.h"

/* Below this the screens' columns do not fit; the design size. */
#define WIZARD_MIN_COLS 80
#define WIZARD_MIN_LINES 24
#define WIZARD_TICK_MS 1000
/* Lines each host's output keeps for scrolling back. */
#define WIZARD_OUTPUT_LINES 5000

enum wizard_dirty {
	DIRTY_TITLE = 1 << 0,
	DIRTY_BODY = 1 << 1,
	DIRTY_STATUS = 1 << 2,
	DIRTY_ALL = DIRTY_TITLE | DIRTY_BODY | DIRTY_STATUS,
};

struct wizard {
	struct ui ui;
	struct loop *loop;
	int keyboard;		/* the loop's id of the terminal's input */
	struct svc_feed *feed;
	char feed_problem[OU_ERROR_MAX];
	WINDOW *title;
	WINDOW *body;
	WINDOW *status;
	bool too_small;
	unsigned dirty;
	bool filtering;		/* the bottom line reads the filter */
	char input[128];
	size_t finished;	/* units finished, as of finished_gen */
	unsigned long finished_gen;
	bool finished_valid;
};

#define KEY_ESC 27

/* ---- layout and drawing ------------------------------------------------ */

static void
wizard_drop_windows(struct wizard *w)
{
	WINDOW **wins[] = { &w->title, &w->body, &w->status };

	for (size_t i = 0; i < sizeof wins / sizeof wins[0]; i++) {
		if (*wins[i] != NULL)
			delwin(*wins[i]);
		*wins[i] = NULL;
	}
}

/* The one place a size change is dealt with. */
static void
wizard_layout(struct wizard *w)
{
	wizard_drop_windows(w);
	w->too_small = COLS < WIZARD_MIN_COLS || LINES < WIZARD_MIN_LINES;
	w->dirty = DIRTY_ALL;
	if (w->too_small)
		return;
	w->title = newwin(1, COLS, 0, 0);
	w->body = newwin(LINES - 2, COLS, 1, 0);
	w->status = newwin(1, COLS, LINES - 1, 0);
}

static void
wizard_draw_too_small(struct wizard *w)
{
	char line1[128], line2[128];
	const char *line3 = "Make the window larger, or press q to quit.";
	int y = LINES / 2 - 1;

	snprintf(line1, sizeof line1, "The terminal is %dx%d.", COLS, LINES);
	snprintf(line2, sizeof line2, "The wizard needs at least %dx%d.",
		 WIZARD_MIN_COLS, WIZARD_MIN_LINES);
	werase(stdscr);
	draw_text(stdscr, y < 0 ? 0 : y, 1, COLS - 1, A_BOLD, line1);
	draw_text(stdscr, y + 1, 1, COLS - 1, A_NORMAL, line2);
	draw_text(stdscr, y + 2, 1, COLS - 1, A_NORMAL, line3);
	wnoutrefresh(stdscr);
}

/* Counted again only when the model changed: a plan of 2,000 computes
 * has 16,000 units, and the title is drawn on every key. */
static size_t
wizard_finished_units(struct wizard *w)
{
	unsigned long gen = ui_model_generation(w->ui.model);

	if (w->finished_valid && w->finished_gen == gen)
		return w->finished;
	w->finished = 0;
	for (size_t u = 0; u < w->ui.plan->n_units; u++)
		if (ui_state_finished(ui_model_unit_state(w->ui.model, u)))
			w->finished++;
	w->finished_gen = gen;
	w->finished_valid = true;
	return w->finished;
}

/* "running", "waiting for you": where the engine is, for the top line. */
static const char *
wizard_engine_word(const struct wizard *w)
{
	const struct ui_prompt *p = &w->ui.prompt;

	if (w->ui.engine == NULL)
		return NULL;
	if (w->ui.quitting)
		return "stopping";
	switch (p->kind) {
	case ENGINE_PROMPT_BUSY:
		return "running";
	case ENGINE_PROMPT_STOPPED:
		return "stopped";
	case ENGINE_PROMPT_DONE:
		return "finished";
	default:
		return "waiting for you";
	}
}

static void
wizard_draw_title(struct wizard *w)
{
	const struct theme *th = &w->ui.theme;
	const char *sep = theme_glyph(th, THEME_GLYPH_SEPARATOR);
	const char *name = ui_screen_ops(ui_top(&w->ui))->name;
	const char *word = wizard_engine_word(w);
	attr_t attr = theme_attr(th, THEME_TITLE);
	char elapsed[16];
	char *left, *right;

	draw_duration(elapsed, sizeof elapsed,
		      ui_model_session_elapsed(w->ui.model));
	right = xasprintf("cloud %s %s %zu of %zu finished %s %s ",
			  w->ui.plan->inventory->cloud, sep,
			  wizard_finished_units(w), w->ui.plan->n_units, sep,
			  elapsed);
	left = word == NULL
	       ? xasprintf(" openstack-upgrade %s %s", sep, name)
	       : xasprintf(" openstack-upgrade %s %s %s %s", sep, name, sep,
			   word);
	if (word != NULL && draw_columns(left) + draw_columns(right) >= COLS) {
		free(left);
		left = xasprintf(" %s %s %s", name, sep, word);
	}
	draw_line(w->title, 0, 0, COLS, attr, left);
	draw_text(w->title, 0, COLS - draw_columns(right), draw_columns(right),
		  attr, right);
	free(left);
	free(right);
}

/* The first key bound to action, as the help names it. */
static void
wizard_key_for(const struct screen_ops *ops, enum action action, char *buf,
	       size_t len)
{
	if (ops->keymap != NULL)
		keymap_first_key(ops->keymap, action, buf, len);
	if (ops->keymap == NULL || buf[0] == '\0')
		keymap_first_key(&keymap_global, action, buf, len);
}

static void
wizard_draw_hints(struct wizard *w)
{
	const struct screen_ops *ops = ui_screen_ops(ui_top(&w->ui));
	const struct theme *th = &w->ui.theme;
	int x = 1;

	for (size_t i = 0; i < ops->n_hints && x < COLS; i++) {
		char key[64];

		wizard_key_for(ops, ops->hints[i], key, sizeof key);
		x += draw_text(w->status, 0, x, COLS - x,
			       theme_attr(th, THEME_STATUS_KEY), key);
		x += draw_text(w->status, 0, x + 1, COLS - x - 1,
			       theme_attr(th, THEME_STATUS),
			       action_name(ops->hints[i])) + 3;
	}
}

static void
wizard_draw_question(struct wizard *w, const char *text)
{
	draw_line(w->status, 0, 0, COLS,
		  theme_attr(&w->ui.theme, THEME_PROMPT), text);
}

/* A star for each character typed, so a password stays off screen. */
static const char *
wizard_stars(const char *answer, char *buf, size_t size)
{
	size_t n = 0;

	for (const char *c = answer; *c != '\0' && n + 1 < size; c++)
		if (((unsigned char)*c & 0xc0) != 0x80)
			buf[n++] = '*';
	buf[n] = '\0';
	return buf;
}

static void
wizard_draw_status(struct wizard *w)
{
	const struct theme *th = &w->ui.theme;
	const struct ui_ask *ask = &w->ui.ask;
	char stars[sizeof ask->answer];
	char *text = NULL;

	if (w->filtering)
		text = xasprintf(" Filter: %s_   (Enter keeps it, Esc clears it)",
				 w->input);
	else if (ask->active && ask->one_key)
		text = xasprintf(" %s", ask->question);
	else if (ask->active)
		text = xasprintf(" %s%s_   (Enter sends, Esc cancels)",
				 ask->question, ask->hidden
				 ? wizard_stars(ask->answer, stars, sizeof stars)
				 : ask->answer);
	if (text != NULL) {
		wizard_draw_question(w, text);
		free(text);
		return;
	}
	draw_line(w->status, 0, 0, COLS, theme_attr(th, THEME_STATUS), "");
	if (w->ui.message[0] != '\0')
		draw_text(w->status, 0, 1, COLS - 1,
			  theme_attr(th, THEME_STATUS), w->ui.message);
	else
		wizard_draw_hints(w);
}

static void
wizard_draw_body(struct wizard *w)
{
	enum screen_id top = ui_top(&w->ui);

	werase(w->body);
	ui_screen_ops(top)->draw(w->ui.data[top], w->body);
}

static void
wizard_draw(struct wizard *w, bool everything)
{
	if (everything) {
		/* stdscr is under the windows; refreshed blank here, a later
		 * wgetch() finds nothing of it to repaint over them. */
		werase(stdscr);
		wnoutrefresh(stdscr);
	}
	if (w->too_small) {
		wizard_draw_too_small(w);
	} else {
		if (w->dirty & DIRTY_TITLE) {
			wizard_draw_title(w);
			wnoutrefresh(w->title);
		}
		if (w->dirty & DIRTY_BODY) {
			wizard_draw_body(w);
			wnoutrefresh(w->body);
		}
		if (w->dirty & DIRTY_STATUS) {
			wizard_draw_status(w);
			wnoutrefresh(w->status);
		}
	}
	w->dirty = 0;
	doupdate();
}

/* The one place the screen is drawn: after every pass that changed
 * something, with what the engine reported during it. */
static unsigned
wizard_frame(void *arg, unsigned flags)
{
	struct wizard *w = arg;
	unsigned more = drive_sync(&w->ui);

	flags |= more;
	/* Instances are read only while the rollout shows them. */
	if (w->feed != NULL)
		svc_feed_want_hypervisors(w->feed,
					  ui_top(&w->ui) == SCREEN_ROLLOUT);
	if (flags & LOOP_RESIZE)
		wizard_layout(w);
	if (flags & LOOP_REDRAW)
		w->dirty = DIRTY_ALL;
	if (w->dirty != 0)
		wizard_draw(w, (flags & LOOP_RESIZE) != 0);
	return more & LOOP_QUIT;
}

/* ---- keys ---------------------------------------------------------------- */

static unsigned
wizard_open_filter(struct wizard *w)
{
	const struct screen_ops *ops = ui_screen_ops(ui_top(&w->ui));

	if (ops->filter == NULL) {
		ui_message(&w->ui, "Nothing to filter on this screen.");
		w->dirty |= DIRTY_STATUS;
		return LOOP_HANDLED;
	}
	w->filtering = true;
	w->dirty |= DIRTY_STATUS;
	return LOOP_HANDLED;
}

static unsigned
wizard_refresh(struct wizard *w)
{
	if (w->feed == NULL)
		return 0;
	svc_feed_refresh(w->feed);
	ui_message(&w->ui, "Asking Nova again...");
	w->dirty |= DIRTY_STATUS;
	return LOOP_HANDLED;
}

/* What no screen took. */
static unsigned
wizard_action(struct wizard *w, enum action action)
{
	switch (action) {
	case ACTION_CHECKLIST:
		return ui_switch(&w->ui, SCREEN_CHECKLIST);
	case ACTION_SERVICES:
		return ui_switch(&w->ui, SCREEN_SERVICES);
	case ACTION_NOW:
		return ui_push(&w->ui, SCREEN_NOW, NULL);
	case ACTION_ROLLOUT:
		return ui_push(&w->ui, SCREEN_ROLLOUT, NULL);
	case ACTION_OUTPUT:
		return ui_push(&w->ui, SCREEN_OUTPUT, NULL);
	case ACTION_REVIEW:
		return ui_push(&w->ui, SCREEN_REVIEW, NULL);
	case ACTION_HELP:
		return ui_push(&w->ui, SCREEN_HELP, NULL);
	case ACTION_BACK:
		return ui_pop(&w->ui);
	case ACTION_FILTER:
		return wizard_open_filter(w);
	case ACTION_REFRESH:
		return wizard_refresh(w);
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		return LOOP_HANDLED | LOOP_REDRAW;
	case ACTION_QUIT:
		return drive_quit(&w->ui, true);
	default:
		return 0;
	}
}

/* The filter is what the bottom line holds: w->input. */
static unsigned
wizard_filter_key(struct wizard *w, int key)
{
	enum screen_id top = ui_top(&w->ui);

	enum lineedit_result r = lineedit_key(w->input, sizeof w->input, key);

	if (r == LINEEDIT_DONE || r == LINEEDIT_CANCELLED)
		w->filtering = false;
	/* Esc emptied the filter: every line shows again. */
	if (r == LINEEDIT_CHANGED || r == LINEEDIT_CANCELLED)
		ui_screen_ops(top)->filter(w->ui.data[top], w->input);
	return LOOP_HANDLED | LOOP_REDRAW;
}

/* A screen's question on the bottom line: the answer goes back to it
 * (the question is over before, so the answer may ask another). */
static unsigned
wizard_ask_key(struct wizard *w, int key)
{
	struct ui_ask *ask = &w->ui.ask;
	char answer[sizeof ask->answer];
	char one[2] = { (char)key, '\0' };

	if (ask->one_key) {
		ask->active = false;
		if (key == KEY_ESC || key < ' ' || key >= 127)
			one[0] = '\0';
		return ask->fn(ask->arg, one) | LOOP_HANDLED | LOOP_REDRAW;
	}
	switch (lineedit_key(ask->answer, sizeof ask->answer, key)) {
	case LINEEDIT_DONE:
		ask->active = false;
		memcpy(answer, ask->answer, sizeof answer);
		return ask->fn(ask->arg, answer) | LOOP_HANDLED | LOOP_REDRAW;
	case LINEEDIT_CANCELLED:
		ask->active = false;
		ui_message(&w->ui, "Nothing was done.");
		return ask->fn(ask->arg, NULL) | LOOP_HANDLED | LOOP_REDRAW;
	default:
		return LOOP_HANDLED | LOOP_REDRAW;
	}
}

static unsigned
wizard_key(struct wizard *w, int key)
{
	enum screen_id top = ui_top(&w->ui);
	const struct screen_ops *ops = ui_screen_ops(top);
	enum action action;
	unsigned flags = 0;

	if (key == KEY_RESIZE)
		return LOOP_RESIZE;
	if (w->filtering)
		return wizard_filter_key(w, key);
	if (w->ui.ask.active)
		return wizard_ask_key(w, key);
	if (w->ui.message[0] != '\0') {
		w->ui.message[0] = '\0';
		w->dirty |= DIRTY_STATUS;
	}
	action = keymap_action(ops->keymap, key);
	if (w->too_small)
		return action == ACTION_QUIT ? drive_quit(&w->ui, true)
					     : LOOP_HANDLED;
	if (action == ACTION_NONE) {
		ui_message(&w->ui, "That key does nothing here; ? lists the keys.");
		w->dirty |= DIRTY_STATUS;
		return LOOP_HANDLED;
	}
	if (ops->key != NULL)
		flags = ops->key(w->ui.data[top], action);
	if (!(flags & LOOP_HANDLED))
		flags |= wizard_action(w, action);
	return flags;
}

static unsigned wizard_on_signal(void *arg, int signo);

static unsigned
wizard_on_keyboard(void *arg, int fd, short revents)
{
	struct wizard *w = arg;
	unsigned flags = LOOP_HANDLED;
	int key;

	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal is gone (its window closed, the ssh link to
		 * it dropped) without a SIGHUP reaching us: nobody to ask,
		 * as on SIGHUP.  Stop watching it, or poll() reports it
		 * again at once, for ever. */
		loop_remove(w->loop, w->keyboard);
		return wizard_on_signal(w, SIGHUP);
	}
	while ((key = wgetch(stdscr)) != ERR && !(flags & LOOP_QUIT))
		flags |= wizard_key(w, key);
	return flags;
}

/* ---- signals, the clock, the services feed ------------------------------ */

static unsigned
wizard_on_signal(void *arg, int signo)
{
	struct wizard *w = arg;

	switch (signo) {
	case SIGWINCH:
		term_resize();
		return LOOP_RESIZE;
	case SIGINT:
		return drive_quit(&w->ui, true);
	case SIGTERM:
	case SIGHUP:
		/* Nobody to ask: stop, wait for what runs; a second one
		 * leaves at once. */
		return drive_quit(&w->ui, false);
	default:
		/* SIGCHLD: the engine reaps its own children. */
		return LOOP_HANDLED;
	}
}

static unsigned
wizard_on_tick(void *arg)
{
	struct wizard *w = arg;

	w->dirty |= DIRTY_TITLE;
	return LOOP_HANDLED | ui_broadcast(&w->ui, UI_EVENT_TICK);
}

/* Instances per compute, for the rollout screen. */
static void
wizard_take_hypervisors(struct wizard *w, const struct svc_result *r)
{
	for (size_t i = 0; w->ui.view.rollout != NULL && i < r->n_hvs; i++)
		if (r->hvs[i].host != NULL)
			rollstate_note_instances(w->ui.view.rollout,
						 r->hvs[i].host,
						 r->hvs[i].running_vms);
}

static unsigned
wizard_on_services(void *arg, int fd, short revents)
{
	struct wizard *w = arg;
	struct svc_result *r = svc_feed_take(w->feed);

	if (r == NULL)
		return LOOP_HANDLED;
	if (r->status == 0) {
		svc_table_update(w->ui.services, r->svcs, r->n, r->at);
		r->svcs = NULL;
		r->n = 0;
	} else {
		svc_table_fail(w->ui.services, r->err.msg, r->at);
	}
	wizard_take_hypervisors(w, r);
	svc_result_free(r);
	return LOOP_HANDLED | ui_broadcast(&w->ui, UI_EVENT_SERVICES);
}

static void
wizard_start_feed(struct wizard *w, const struct wizard_options *opt)
{
	struct ou_error err = { { 0 } };

	if (opt->nova == NULL) {
		w->ui.services_missing = opt->nova_problem != NULL
					 ? opt->nova_problem
					 : "No credentials were given.";
		return;
	}
	w->feed = svc_feed_start(&(struct svc_feed_options){
		.nova = opt->nova, .interval_s = w->ui.refresh_s,
	}, &err);
	if (w->feed == NULL) {
		snprintf(w->feed_problem, sizeof w->feed_problem, "%s", err.msg);
		w->ui.services_missing = w->feed_problem;
		return;
	}
	loop_add_fd(w->loop, svc_feed_fd(w->feed), POLLIN, wizard_on_services, w);
}

/* ---- the whole run --------------------------------------------------------- */

/* Before any thread starts: the signals are blocked from here on, in
 * this thread and so in the engine's workers and the services thread. */
static int
wizard_hook_signals(struct wizard *w, struct ou_error *err)
{
	static const int signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP,
				       SIGCHLD };

	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (loop_on_signal(w->loop, signals[i], wizard_on_signal, w,
				   err) < 0)
			return -1;
	return 0;
}

static void
wizard_hook_loop(struct wizard *w)
{
	w->keyboard = loop_add_fd(w->loop, STDIN_FILENO, POLLIN,
				  wizard_on_keyboard, w);
	loop_add_timer(w->loop, WIZARD_TICK_MS, true, wizard_on_tick, w);
	loop_set_frame(w->loop, wizard_frame, w);
	drive_start(&w->ui, w->loop);
}

static void
wizard_make_models(struct wizard *w, const struct wizard_options *opt)
{
	const struct inventory *inv = opt->plan->inventory;
	const char **names = xcalloc(inv->n_hosts + 1, sizeof *names);

	for (size_t h = 0; h < inv->n_hosts; h++)
		names[h] = inv->hosts[h].name;
	w->ui.plan = opt->plan;
	w->ui.model = ui_model_new(opt->plan, NULL, NULL);
	w->ui.services = svc_table_new();
	w->ui.refresh_s = opt->refresh_s > 0 ? opt->refresh_s : 2;
	w->ui.view = (struct engineview){
		.plan = opt->plan, .model = w->ui.model,
		.output = outlog_new(names, inv->n_hosts, WIZARD_OUTPUT_LINES),
		.rollout = rollstate_new(opt->plan),
		.findings = findings_new(),
	};
	free(names);
}

/* The engine replays the journal now, before the terminal is taken, so
 * that a journal it cannot read is said plainly on stderr. */
static int
wizard_start_engine(struct wizard *w, const struct wizard_options *opt,
		    struct ou_error *err)
{
	if (opt->session == NULL) {
		w->ui.engine_missing = opt->session_problem != NULL
				       ? opt->session_problem
				       : "Nothing runs from this wizard.";
		return 0;
	}
	if (session_start(opt->session, engineview_event, &w->ui.view,
			  err) < 0)
		return -1;
	w->ui.engine = session_engine(opt->session);
	return 0;
}

/* The checklist at the bottom; what the engine waits for above it. */
static void
wizard_open_screens(struct wizard *w, const struct wizard_options *opt)
{
	theme_init(&w->ui.theme, opt->monochrome, opt->ascii);
	ui_create_screens(&w->ui);
	ui_switch(&w->ui, SCREEN_CHECKLIST);
	if (ui_prompt_waits(&w->ui.prompt))
		ui_push(&w->ui, SCREEN_NOW, NULL);
}

static void
wizard_release(struct wizard *w)
{
	wizard_drop_windows(w);
	/* The terminal first: the operator has the shell back while the
	 * feed's last request, if any, runs out. */
	term_stop();
	svc_feed_stop(w->feed);
	if (w->ui.data[0] != NULL)
		ui_free_screens(&w->ui);
	svc_table_free(w->ui.services);
	ui_prompt_release(&w->ui.prompt);
	drive_release(&w->ui);
	outlog_free(w->ui.view.output);
	rollstate_free(w->ui.view.rollout);
	findings_free(w->ui.view.findings);
	ui_model_free(w->ui.model);
	loop_free(w->loop);
}

static enum wizard_end
wizard_end(const struct wizard *w, int rc)
{
	if (rc < 0)
		return WIZARD_ERROR;
	if (w->ui.abandoned && drive_busy(&w->ui))
		return WIZARD_ABANDONED;
	return WIZARD_QUIT;
}

enum wizard_end
wizard_run(const struct wizard_options *opt, struct ou_error *err)
{
	struct wizard w = { .ui = { .plan = opt->plan } };
	enum wizard_end end;
	int rc = -1;

	w.loop = loop_new(err);
	if (w.loop == NULL)
		return WIZARD_ERROR;
	wizard_make_models(&w, opt);
	if (wizard_hook_signals(&w, err) == 0 &&
	    wizard_start_engine(&w, opt, err) == 0 && term_start(err) == 0) {
		wizard_hook_loop(&w);
		wizard_open_screens(&w, opt);
		wizard_start_feed(&w, opt);
		wizard_frame(&w, LOOP_RESIZE);
		rc = loop_run(w.loop, err);
	}
	end = wizard_end(&w, rc);
	wizard_release(&w);
	return end;
}
