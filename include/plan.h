/* plan: a runbook applied to an inventory.
 *
 * The plan is every step, in the order it will run, on every host it
 * selects, cut into batches, with each template expanded and quoted: the
 * exact command lines the engine will send, and the descriptions of the
 * API calls it will make.  It is computed, never edited, and it is what
 * the operator reads before anything touches the cloud.
 *
 * A *unit* is one step on one batch of hosts: the thing one confirmation
 * covers.  Ordinary phases give, for each step, its batches in turn; a
 * rolling phase gives, for each batch, all of its steps in turn.
 *
 * Errors: a host with a role the runbook does not declare, an inventory
 * variable the runbook does not declare, a selector that matches no host
 * (unless the step says when-no-host: skip), an unknown template name.
 *
 * Ownership: struct plan owns its units, targets and strings.  It points
 * into the runbook and the inventory it was built from, which must
 * outlive it: a command without {{holes}} is the runbook's own text, the
 * same for every host.  Its strings and targets are read-only. */
#ifndef OU_PLAN_H
#define OU_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "inventory.h"
#include "ou_error.h"
#include "runbook.h"

/* One action made concrete for one host. */
struct plan_call {
	const struct rb_action *action;
	/* RUN, CHECK: the command line, expanded and quoted.  Otherwise a
	 * one-line description of what will be done, e.g.
	 * "nova: disable nova-compute on compute1 (reason: upgrade to Juno)". */
	const char *text;
	const char *reason;	/* NOVA_DISABLE: expanded, not quoted */
	const char *value;	/* INI_SET with value: expanded, not quoted */
};

struct plan_target {
	const struct inv_host *host;
	struct plan_call call;
	const char *probe;	/* expanded and quoted, or NULL */
	struct plan_call *before;
	size_t n_before;
	struct plan_call *after;
	size_t n_after;
};

struct plan_unit {
	size_t index;			/* 0-based, in run order */
	const struct rb_phase *phase;
	size_t phase_index;		/* 0-based */
	const struct rb_step *step;
	size_t step_index;		/* 0-based within the phase */
	size_t batch_index;		/* 0-based */
	size_t n_batches;
	struct plan_target *targets;	/* empty: step skipped, no host */
	size_t n_targets;
};

struct arena;

struct plan {
	const struct runbook *runbook;
	const struct inventory *inventory;
	struct plan_unit *units;
	size_t n_units;
	/* The targets, their calls and their strings: plan.c's own. */
	struct arena *arena;
};

int plan_build(const struct runbook *rb, const struct inventory *inv,
	       struct plan **out, struct ou_error *err);
void plan_free(struct plan *plan);

/* Human-readable, wrapped to width columns (80 is the design width). */
void plan_write_text(const struct plan *plan, FILE *out, unsigned width);
/* One unit (plan->units[index]) as plan_write_text() prints it, from its
 * heading line to its last line: for a screen that shows one step. */
void plan_format_unit(const struct plan *plan, size_t index, FILE *out,
		      unsigned width);
/* Machine-readable: one JSON document. */
void plan_write_json(const struct plan *plan, FILE *out);

#endif
