/* prompt: the engine's question of the moment, as the wizard keeps it,
 * and which of the wizard's decisions it allows.
 *
 * engine_prompt()'s strings live only until the next engine call, and
 * the screen must decide on exactly what it drew: so the wizard keeps a
 * copy, taken after each engine call, and numbers each new question
 * (serial).  A key decides only if the copy it acts on is the one on
 * screen (same serial), and a confirmation sends that copy's digest:
 * the engine refuses it if that is no longer what would run.
 *
 * No curses here. */
#ifndef OU_UI_PROMPT_H
#define OU_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "engine.h"

struct ui_prompt {
	bool present;		/* false: there is no engine */
	enum engine_prompt_kind kind;
	unsigned choices;	/* enum engine_choice bits */
	char *unit;		/* NULL when none */
	char *step;
	char *title;
	char *text;		/* never NULL once present */
	char *digest;
	char **hosts;
	size_t n_hosts;
	char *host;
	char *fingerprint;
	char *key_type;
	size_t batch_default;
	size_t batch_max;
	bool live_warning;
	unsigned serial;	/* grows with every new question */
};

/* Copy the engine's prompt; true when it differs from the copy held
 * (then serial grew). */
bool ui_prompt_take(struct ui_prompt *p, struct engine *e);
void ui_prompt_release(struct ui_prompt *p);

/* True when the engine waits for the operator (not busy, done, stopped). */
bool ui_prompt_waits(const struct ui_prompt *p);
/* Whether the question allows the decision an action stands for. */
bool ui_prompt_allows(const struct ui_prompt *p, enum action action);
/* What the action does here, for the line of choices: "run it",
 * "run the probe", "accept the key", ...; "" when not allowed. */
const char *ui_prompt_label(const struct ui_prompt *p, enum action action);
/* "Run this step?", "The step failed", ...: the question in a few words. */
const char *ui_prompt_heading(const struct ui_prompt *p);

#endif
