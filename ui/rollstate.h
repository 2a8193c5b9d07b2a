/* rollstate: the hosts of a rolling phase (the compute rollout), one row
 * each, as the rollout screen shows them.
 *
 * A row is a host's way through the phase's sequence of steps (disable,
 * migrate, stop, ..., enable: the phase's own steps, named by their ids
 * without the prefix they share): how many are finished, the one it is
 * at and in what state, the batch the engine put it in, what it is doing
 * now, how many instances Nova says it runs, and how long it has taken.
 *
 * Where each step stands on each host is the model's (ui/model.h); this
 * keeps what the model does not: batches, the action under way, times
 * and instances, handed in as the engine and Nova report them.  Times
 * are handed in.  No curses here. */
#ifndef OU_UI_ROLLSTATE_H
#define OU_UI_ROLLSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "plan.h"

struct rollstate;

/* Steps a row tells apart one by one (the bar has a cell for each). */
#define ROLLOUT_STEPS_MAX 24

struct rollout_row {
	const char *host;
	size_t batch;		/* 1-based; 0: not in a batch yet */
	size_t finished;	/* steps done or skipped */
	size_t steps;
	size_t at;		/* the step it is at; steps when finished */
	enum ui_state state;	/* of that step */
	enum ui_state step_state[ROLLOUT_STEPS_MAX];	/* each step's */
	const char *action;	/* the command or call under way, or "" */
	long instances;		/* -1: not known */
	long elapsed;		/* seconds; -1: not started */
};

struct rollout_totals {
	size_t hosts;
	size_t finished;	/* every step finished */
	size_t under_way;	/* some, not all */
	size_t to_go;		/* none started */
	long instances;		/* on the phase's hosts; -1: not known */
};

/* The rolling phases of the plan, which must outlive it. */
struct rollstate *rollstate_new(const struct plan *plan);
void rollstate_free(struct rollstate *r);
/* Grows with every rollstate_note_*(): see ui_model_generation(). */
unsigned long rollstate_generation(const struct rollstate *r);

/* False when the plan has no rolling phase: nothing to show. */
bool rollstate_any(const struct rollstate *r);
/* The phase to show (an index into the runbook's phases): the first
 * rolling phase not finished, else the last rolling one. */
size_t rollstate_phase(const struct rollstate *r,
		       const struct ui_model *model);

size_t rollstate_step_count(const struct rollstate *r, size_t phase);
/* "disable", "wait-down", ...: the step's id without the shared prefix. */
const char *rollstate_step_label(const struct rollstate *r, size_t phase,
				 size_t step);
size_t rollstate_host_count(const struct rollstate *r, size_t phase);
struct rollout_row rollstate_row(const struct rollstate *r,
				 const struct ui_model *model, size_t phase,
				 size_t host, time_t now);
struct rollout_totals rollstate_totals(const struct rollstate *r,
				       const struct ui_model *model,
				       size_t phase);
/* The hosts no step has started on yet, in the plan's order, at most
 * max of them (the engine forms the next batch from these): their
 * names, blank-separated, appended to buf of len bytes. */
void rollstate_next_batch(const struct rollstate *r,
			  const struct ui_model *model, size_t phase,
			  size_t max, char *buf, size_t len);

/* What the engine reported.  step: the step's id; a step outside every
 * rolling phase is ignored.  The batch is the number in the unit's key
 * ("compute-stop#2"). */
void rollstate_note_unit(struct rollstate *r, const char *step,
			 const char *host, const char *unit_key, time_t now);
void rollstate_note_action(struct rollstate *r, const char *step,
			   const char *host, const char *text);
/* After the model took a state change of step on host. */
void rollstate_note_state(struct rollstate *r, const struct ui_model *model,
			  const char *step, const char *host, time_t now);
/* Instances on the host whose name in Nova is nova_host. */
void rollstate_note_instances(struct rollstate *r, const char *nova_host,
			      long instances);

#endif
