/* screen: what every screen of the wizard is, and what they share.
 *
 * A screen is a table of operations filled by field name, and private
 * data its create() makes.  The screens sit on a stack: the checklist or
 * the services table at the bottom, what was opened from them (a step's
 * detail, the help) above.  Only the top one gets keys and is drawn.
 *
 * Handlers return LOOP_* flags (ui/loop.h) and never draw: the wizard
 * calls draw() when a flag asked for it, into the body window (every
 * line but the top and the bottom one, which the wizard draws).
 *
 * struct ui is what the screens share: the plan, the model of where it
 * stands, the looks, the services table, the engine with its question
 * of the moment and what it reported.  Its stack is ui_push() /
 * ui_pop() / ui_switch()'s alone.
 *
 * A screen that needs a typed answer (a reason, a number) or a one-key
 * one asks it on the bottom line with ui_ask(); the wizard reads it
 * there and hands it back. */
#ifndef OU_UI_SCREEN_H
#define OU_UI_SCREEN_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "engine.h"
#include "engineview.h"
#include "keymap.h"
#include "model.h"
#include "plan.h"
#include "prompt.h"
#include "review.h"
#include "strbuf.h"
#include "svctable.h"
#include "theme.h"

enum screen_id {
	SCREEN_CHECKLIST,
	SCREEN_DETAIL,
	SCREEN_SERVICES,
	SCREEN_NOW,
	SCREEN_ROLLOUT,
	SCREEN_OUTPUT,
	SCREEN_REVIEW,
	SCREEN_HELP,
	SCREEN_COUNT
};

/* Something changed that screens may want to know before they draw. */
enum ui_event {
	UI_EVENT_MODEL,		/* a unit's state changed */
	UI_EVENT_OUTPUT,	/* a host's log grew */
	UI_EVENT_PROMPT,	/* the engine asks something else */
	UI_EVENT_SERVICES,	/* a refresh of the services ended */
	UI_EVENT_TICK,		/* a second passed: times move */
};

struct ui;

struct screen_ops {
	const char *name;		/* the title bar's and the help's */
	const struct keymap *keymap;	/* NULL: only the global keys */
	/* What the bottom line suggests, most useful first. */
	const enum action *hints;
	size_t n_hints;
	void *(*create)(struct ui *ui);
	void (*destroy)(void *data);
	/* arg: what the opener hands over (detail: a size_t unit; output:
	 * a host's name). */
	void (*enter)(void *data, const void *arg);
	void (*draw)(void *data, WINDOW *win);
	unsigned (*key)(void *data, enum action action);
	unsigned (*event)(void *data, enum ui_event event);
	/* NULL: the screen has nothing to filter. */
	void (*filter)(void *data, const char *text);
};

extern const struct screen_ops checklist_screen;
extern const struct screen_ops detail_screen;
extern const struct screen_ops services_screen;
extern const struct screen_ops now_screen;
extern const struct screen_ops rollout_screen;
extern const struct screen_ops output_screen;
extern const struct screen_ops review_screen;
extern const struct screen_ops help_screen;

#define UI_STACK_MAX 8

/* Called with the typed line (or the one key, as a string), or with
 * NULL when the operator pressed Esc. */
typedef unsigned ui_answer_fn(void *arg, const char *answer);

struct ui_ask {
	bool active;
	bool one_key;		/* the first key is the answer */
	bool hidden;		/* a secret: drawn as stars (set after
				 * ui_ask()) */
	char question[192];
	char answer[256];
	ui_answer_fn *fn;
	void *arg;
};

/* The .rpmnew reviews the engine asks about, one per configuration
 * file (include/review.h), and how their decisions are applied: text()
 * writes what applying does on each host and its digest, apply() sends
 * that digest (the engine's engine_review_text() and
 * engine_apply_review(), or a test's stand-ins).  n is 0 when nothing
 * is to be reviewed; serial grows whenever items change. */
struct ui_reviews {
	struct review **items;		/* the array is ui/drive.c's */
	size_t n;
	unsigned serial;
	int (*text)(void *ctx, struct strbuf *out, char digest[65],
		    struct ou_error *err);
	int (*apply)(void *ctx, const char *digest, struct ou_error *err);
	void *ctx;
};

struct ui {
	const struct plan *plan;
	struct ui_model *model;
	struct theme theme;
	struct svc_table *services;
	/* Why there is no services table, e.g. no credentials; or NULL. */
	const char *services_missing;
	unsigned refresh_s;		/* the services' refresh interval */
	/* The engine, when the wizard runs the upgrade; NULL when it only
	 * shows it, and engine_missing says why. */
	struct engine *engine;
	const char *engine_missing;
	struct ui_prompt prompt;	/* its question, as drawn */
	struct engineview view;		/* what it reported */
	struct ui_reviews reviews;	/* what it asks to review */
	/* The operator asked to quit while commands ran: nothing new
	 * starts, and the wizard leaves once they end... */
	bool quitting;
	/* ...or at once, when asked again: the commands are left running
	 * and the next run finds them unknown. */
	bool abandoned;
	struct ui_ask ask;
	char message[256];		/* for the bottom line, until a key */
	/* The stack; screens use the functions below. */
	enum screen_id stack[UI_STACK_MAX];
	size_t depth;
	void *data[SCREEN_COUNT];
};

const struct screen_ops *ui_screen_ops(enum screen_id id);
/* Create every screen's data; ui_free_screens() destroys them. */
void ui_create_screens(struct ui *ui);
void ui_free_screens(struct ui *ui);
/* Open id above the current screen, or go back to it if it is already
 * on the stack (so Help from Help does not pile up). */
unsigned ui_push(struct ui *ui, enum screen_id id, const void *arg);
/* Back to the screen below; the bottom one stays. */
unsigned ui_pop(struct ui *ui);
/* Make id the only screen. */
unsigned ui_switch(struct ui *ui, enum screen_id id);
enum screen_id ui_top(const struct ui *ui);
unsigned ui_broadcast(struct ui *ui, enum ui_event event);
void ui_message(struct ui *ui, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Ask on the bottom line; fn(arg, answer) runs once it is given. */
void ui_ask(struct ui *ui, bool one_key, ui_answer_fn *fn, void *arg,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
