/* wizard: see ui/wizard.h. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "loop.h"
#include "screen.h"
#include "svcfeed.h"
#include "term.h"
#include "wizard.h"
#include "xalloc.h"

/* Below this the screens' columns do not fit; the design size. */
#define WIZARD_MIN_COLS 80
#define WIZARD_MIN_LINES 24
#define WIZARD_TICK_MS 1000

enum wizard_dirty {
	DIRTY_TITLE = 1 << 0,
	DIRTY_BODY = 1 << 1,
	DIRTY_STATUS = 1 << 2,
	DIRTY_ALL = DIRTY_TITLE | DIRTY_BODY | DIRTY_STATUS,
};

/* What the bottom line is reading, if anything. */
enum wizard_prompt {
	PROMPT_NONE,
	PROMPT_FILTER,
	PROMPT_QUIT,
};

struct wizard {
	struct ui ui;
	struct loop *loop;
	struct svc_feed *feed;
	char feed_problem[OU_ERROR_MAX];
	WINDOW *title;
	WINDOW *body;
	WINDOW *status;
	bool too_small;
	unsigned dirty;
	enum wizard_prompt prompt;
	char input[128];
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

static size_t
wizard_finished_units(const struct wizard *w)
{
	size_t n = 0;

	for (size_t u = 0; u < w->ui.plan->n_units; u++)
		if (ui_state_finished(ui_model_unit_state(w->ui.model, u)))
			n++;
	return n;
}

static void
wizard_draw_title(struct wizard *w)
{
	const struct theme *th = &w->ui.theme;
	const char *sep = theme_glyph(th, THEME_GLYPH_SEPARATOR);
	attr_t attr = theme_attr(th, THEME_TITLE);
	char elapsed[16];
	char *left, *right;

	draw_duration(elapsed, sizeof elapsed,
		      ui_model_session_elapsed(w->ui.model));
	left = xasprintf(" openstack-upgrade %s %s", sep,
			 ui_screen_ops(ui_top(&w->ui))->name);
	right = xasprintf("cloud %s %s %zu of %zu finished %s %s ",
			  w->ui.plan->inventory->cloud, sep,
			  wizard_finished_units(w), w->ui.plan->n_units, sep,
			  elapsed);
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
		keymap_keys(ops->keymap, action, buf, len);
	if (ops->keymap == NULL || buf[0] == '\0')
		keymap_keys(&keymap_global, action, buf, len);
	buf[strcspn(buf, " ")] = '\0';
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
wizard_draw_status(struct wizard *w)
{
	const struct theme *th = &w->ui.theme;
	char *text;

	switch (w->prompt) {
	case PROMPT_FILTER:
		text = xasprintf(" Filter: %s_   (Enter keeps it, Esc clears it)",
				 w->input);
		draw_line(w->status, 0, 0, COLS, theme_attr(th, THEME_PROMPT),
			  text);
		free(text);
		return;
	case PROMPT_QUIT:
		draw_line(w->status, 0, 0, COLS, theme_attr(th, THEME_PROMPT),
			  " A step is running. Quit anyway? (y/N)");
		return;
	case PROMPT_NONE:
		break;
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

static unsigned
wizard_frame(void *arg, unsigned flags)
{
	struct wizard *w = arg;

	if (flags & LOOP_RESIZE)
		wizard_layout(w);
	if (flags & LOOP_REDRAW)
		w->dirty = DIRTY_ALL;
	if (w->dirty != 0)
		wizard_draw(w, (flags & LOOP_RESIZE) != 0);
	return 0;
}

/* ---- keys ---------------------------------------------------------------- */

static unsigned
wizard_ask_quit(struct wizard *w)
{
	if (!ui_model_busy(w->ui.model))
		return LOOP_QUIT;
	w->prompt = PROMPT_QUIT;
	w->dirty |= DIRTY_STATUS;
	return LOOP_HANDLED;
}

static unsigned
wizard_open_filter(struct wizard *w)
{
	const struct screen_ops *ops = ui_screen_ops(ui_top(&w->ui));

	if (ops->filter == NULL) {
		ui_message(&w->ui, "Nothing to filter on this screen.");
		w->dirty |= DIRTY_STATUS;
		return LOOP_HANDLED;
	}
	w->prompt = PROMPT_FILTER;
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
		return wizard_ask_quit(w);
	default:
		return 0;
	}
}

/* The filter is what the prompt holds: w->input. */
static void
wizard_apply_filter(struct wizard *w)
{
	enum screen_id top = ui_top(&w->ui);

	ui_screen_ops(top)->filter(w->ui.data[top], w->input);
}

static unsigned
wizard_filter_key(struct wizard *w, int key)
{
	size_t len = strlen(w->input);

	if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		w->prompt = PROMPT_NONE;
	} else if (key == KEY_ESC) {
		w->prompt = PROMPT_NONE;
		w->input[0] = '\0';
		wizard_apply_filter(w);
	} else if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len > 0) {
		/* Back over a whole UTF-8 character. */
		while (len > 0 && ((unsigned char)w->input[--len] & 0xc0) == 0x80)
			;
		w->input[len] = '\0';
		wizard_apply_filter(w);
	} else if (key >= ' ' && key < 256 && key != 127 &&
		   len + 1 < sizeof w->input) {
		w->input[len] = (char)key;
		w->input[len + 1] = '\0';
		wizard_apply_filter(w);
	}
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
wizard_prompt_key(struct wizard *w, int key)
{
	if (w->prompt == PROMPT_FILTER)
		return wizard_filter_key(w, key);
	w->prompt = PROMPT_NONE;
	w->dirty |= DIRTY_STATUS;
	return key == 'y' || key == 'Y' ? LOOP_QUIT : LOOP_HANDLED;
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
	if (w->prompt != PROMPT_NONE)
		return wizard_prompt_key(w, key);
	if (w->ui.message[0] != '\0') {
		w->ui.message[0] = '\0';
		w->dirty |= DIRTY_STATUS;
	}
	action = keymap_action(ops->keymap, key);
	if (w->too_small)
		return action == ACTION_QUIT ? wizard_ask_quit(w) : LOOP_HANDLED;
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

static unsigned
wizard_on_keyboard(void *arg, int fd, short revents)
{
	struct wizard *w = arg;
	unsigned flags = LOOP_HANDLED;
	int key;

	while ((key = wgetch(stdscr)) != ERR)
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
		return wizard_ask_quit(w);
	case SIGTERM:
	case SIGHUP:
		return LOOP_QUIT;
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

static int
wizard_hook_loop(struct wizard *w, struct ou_error *err)
{
	static const int signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP,
				       SIGCHLD };

	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (loop_on_signal(w->loop, signals[i], wizard_on_signal, w,
				   err) < 0)
			return -1;
	loop_add_fd(w->loop, STDIN_FILENO, POLLIN, wizard_on_keyboard, w);
	loop_add_timer(w->loop, WIZARD_TICK_MS, true, wizard_on_tick, w);
	loop_set_frame(w->loop, wizard_frame, w);
	return 0;
}

static void
wizard_init(struct wizard *w, const struct wizard_options *opt)
{
	w->ui.plan = opt->plan;
	w->ui.model = ui_model_new(opt->plan, NULL, NULL);
	w->ui.services = svc_table_new();
	w->ui.refresh_s = opt->refresh_s > 0 ? opt->refresh_s : 2;
	theme_init(&w->ui.theme, opt->monochrome, opt->ascii);
	ui_create_screens(&w->ui);
	ui_switch(&w->ui, SCREEN_CHECKLIST);
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
	ui_model_free(w->ui.model);
	loop_free(w->loop);
}

int
wizard_run(const struct wizard_options *opt, struct ou_error *err)
{
	struct wizard w = { .ui = { .plan = opt->plan } };
	int rc = -1;

	w.loop = loop_new(err);
	if (w.loop == NULL)
		return -1;
	if (term_start(err) == 0) {
		wizard_init(&w, opt);
		if (wizard_hook_loop(&w, err) == 0) {
			wizard_start_feed(&w, opt);
			wizard_frame(&w, LOOP_RESIZE);
			rc = loop_run(w.loop, err);
		}
	}
	wizard_release(&w);
	return rc;
}
