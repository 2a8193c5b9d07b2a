/* model: where each unit of the plan stands, as the screens show it.
 *
 * The screens read this and nothing else about progress.  It starts
 * from the plan alone (every unit pending, a unit without hosts skipped,
 * as the plan says); the engine's events (ui/engineview.h) feed it
 * through ui_model_set_state(), one call per unit and host.
 *
 * A unit's state is made from its hosts' states: failed if any host
 * failed, else unknown if any is unknown, else running if any runs,
 * else done when every host is done or skipped (skipped if all were),
 * else confirmed if any was confirmed, else pending.  The model keeps
 * when a unit started and ended, for the elapsed times.
 *
 * The clock is handed in so tests can move it.  The model borrows the
 * plan, which must outlive it.  No curses here. */
#ifndef OU_UI_MODEL_H
#define OU_UI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "plan.h"

#define UI_STATES(X) \
	X(PENDING, "pending", "not started; asks before it runs") \
	X(CONFIRMED, "confirmed", "confirmed, waiting for its turn") \
	X(RUNNING, "running", "running now") \
	X(DONE, "done", "finished and its checks passed") \
	X(FAILED, "failed", "failed: waits for a decision") \
	X(SKIPPED, "skipped", "skipped (by the plan or the operator)") \
	X(UNKNOWN, "unknown", "outcome unknown: its probe must decide")

enum ui_state {
#define UI_STATE_ENUM_(id, name, help) UI_STATE_##id,
	UI_STATES(UI_STATE_ENUM_)
#undef UI_STATE_ENUM_
	UI_STATE_COUNT
};

typedef time_t ui_clock_fn(void *arg);

struct ui_model;

/* clock NULL = time(). */
struct ui_model *ui_model_new(const struct plan *plan, ui_clock_fn *clock,
			      void *clock_arg);
void ui_model_free(struct ui_model *model);

/* The state of one host of a unit; host NULL = every host of it.
 * -1 when the unit or the host is not in the plan. */
int ui_model_set_state(struct ui_model *model, size_t unit,
		       const char *host, enum ui_state state);

/* The state of every host of a unit at once, in the unit's target
 * order (states: its n_targets entries). */
void ui_model_set_unit_states(struct ui_model *model, size_t unit,
			      const enum ui_state *states);

/* The unit and target of step (its id) on host: each pair is in one
 * unit of the plan whatever the batches.  -1 when it is in none. */
int ui_model_locate(const struct ui_model *model, const char *step,
		    const char *host, size_t *unit, size_t *target);
/* The state of step on host; pending when the pair is in no unit. */
enum ui_state ui_model_cell_state(const struct ui_model *model,
				  const char *step, const char *host);

enum ui_state ui_model_unit_state(const struct ui_model *model, size_t unit);
/* target: an index into the unit's targets. */
enum ui_state ui_model_host_state(const struct ui_model *model, size_t unit,
				  size_t target);
/* Seconds since the unit started (running) or it took (finished);
 * -1 when it has not started. */
long ui_model_elapsed(const struct ui_model *model, size_t unit);
/* The unit the operator is at: the first one not yet finished, or
 * n_units when all are. */
size_t ui_model_current(const struct ui_model *model);
/* Units of the phase that are finished (done or skipped), and all. */
void ui_model_phase_progress(const struct ui_model *model, size_t phase,
			     size_t *finished, size_t *total);
/* The phase's units, which run one after another: plan->units[*first]
 * and the *n after it (none for a phase not in the plan). */
void ui_model_phase_units(const struct ui_model *model, size_t phase,
			  size_t *first, size_t *n);
/* Seconds since the model was made: the session's elapsed time. */
long ui_model_session_elapsed(const struct ui_model *model);
/* Grows with every ui_model_set_state(): what a screen computed from
 * the model holds while it stays the same. */
unsigned long ui_model_generation(const struct ui_model *model);
/* True while any unit is running: quitting then needs a yes. */
bool ui_model_busy(const struct ui_model *model);

const char *ui_state_name(enum ui_state state);
const char *ui_state_help(enum ui_state state);
bool ui_state_finished(enum ui_state state);

#endif
