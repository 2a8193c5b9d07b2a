/* engineview: what the engine reports, put where the screens read it.
 *
 * engineview_event() is the engine's event callback (engine.h): a step's
 * state on a host goes to the model, output and the actions around it to
 * each host's log, a rolling phase's batches and actions to the rollout,
 * a review step's listing to the findings.  It also follows the unit
 * under way (its key, title and hosts) for the screen that shows it
 * running.  It never calls the engine: events arrive from inside engine
 * calls.
 *
 * changes says what moved since the wizard last looked (it clears it).
 * No curses here. */
#ifndef OU_UI_ENGINEVIEW_H
#define OU_UI_ENGINEVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "findings.h"
#include "model.h"
#include "outlog.h"
#include "plan.h"
#include "rollstate.h"

enum engineview_change {
	ENGINEVIEW_STATES = 1 << 0,	/* a step's state on a host */
	ENGINEVIEW_OUTPUT = 1 << 1,	/* a log grew */
	ENGINEVIEW_NOTE = 1 << 2,	/* the engine said something: see note */
};

#define ENGINEVIEW_UNIT_HOSTS_MAX 64

struct engineview {
	/* borrowed; each may be NULL but the model */
	const struct plan *plan;
	struct ui_model *model;
	struct outlog *output;
	struct rollstate *rollout;
	struct findings *findings;
	ui_clock_fn *clock;		/* NULL: time() */
	void *clock_arg;
	unsigned changes;
	char note[256];			/* the engine's last note */
	/* The unit under way, or the last one that ran. */
	char unit[128];
	char unit_title[160];
	char unit_step[96];
	bool unit_running;
	/* Its hosts, as the inventory names them (the plan's strings). */
	const char *unit_hosts[ENGINEVIEW_UNIT_HOSTS_MAX];
	size_t n_unit_hosts;
};

/* The engine's callback; ctx is the struct engineview. */
void engineview_event(void *ctx, const struct engine_event *ev);

/* After engine_new(): every step on every host as the journal left it,
 * into the model (no events say so). */
void engineview_seed(struct engineview *v, const struct engine *e);

/* ENGINE_* state to the model's. */
enum ui_state engineview_state(enum engine_state state);

#endif
