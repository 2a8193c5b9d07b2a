/* rollstate: see ui/rollstate.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollstate.h"
#include "xalloc.h"

struct roll_host {
	const struct inv_host *host;
	size_t batch;
	char *action;
	time_t started;		/* 0: not yet */
	time_t ended;		/* 0: not yet, or going again */
	long instances;
};

struct roll_phase {
	size_t phase;		/* into the runbook's phases */
	const struct rb_phase *rb;
	char **labels;		/* one per step */
	struct roll_host *hosts;
	size_t n_hosts;
	/* The plan's unit and target of step s on host h, at
	 * [h * n_steps + s], SIZE_MAX where there is none: each frame
	 * reads every host's steps, and looking them up by name each time
	 * cost milliseconds with 2,000 computes. */
	size_t *cell_unit;
	size_t *cell_target;
};

struct rollstate {
	const struct plan *plan;
	struct roll_phase *phases;
	size_t n_phases;
	unsigned long generation;	/* grows with every note */
};

static bool
roll_ids_agree_at(const struct rb_phase *p, size_t i)
{
	char c = p->steps[0].id[i];

	for (size_t s = 1; s < p->n_steps; s++)
		if (c == '\0' || p->steps[s].id[i] != c)
			return false;
	return true;
}

/* The prefix every step id of the phase shares, up to a '-': "compute-".
 * A phase of one step keeps its whole id. */
static size_t
roll_common_prefix(const struct rb_phase *p)
{
	size_t len = 0;

	if (p->n_steps < 2)
		return 0;
	while (roll_ids_agree_at(p, len))
		len++;
	while (len > 0 && p->steps[0].id[len - 1] != '-')
		len--;
	return len;
}

/* index: the phase's index of each inventory host, SIZE_MAX until it
 * has one.  rp->hosts has room for every host of the inventory. */
static void
roll_add_host(struct roll_phase *rp, const struct inventory *inv,
	      size_t *index, const struct inv_host *host)
{
	size_t i = (size_t)(host - inv->hosts);

	if (index[i] != SIZE_MAX)
		return;
	index[i] = rp->n_hosts;
	rp->hosts[rp->n_hosts++] = (struct roll_host){ .host = host,
						       .instances = -1 };
}

/* The first unit of a step on a host, in the plan's order, as the model
 * finds it by name (ui_model_locate()).  Step ids are unique in a
 * runbook, so only the phase's own units have its steps. */
static void
roll_index_cells(struct roll_phase *rp, const struct plan *plan,
		 const size_t *index)
{
	size_t n = rp->n_hosts * rp->rb->n_steps;

	rp->cell_unit = xcalloc(n + 1, sizeof *rp->cell_unit);
	rp->cell_target = xcalloc(n + 1, sizeof *rp->cell_target);
	for (size_t i = 0; i < n; i++)
		rp->cell_unit[i] = SIZE_MAX;
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];
		size_t s = pu->step_index;

		if (pu->phase_index != rp->phase)
			continue;
		for (size_t t = 0; t < pu->n_targets; t++) {
			const struct inv_host *host = pu->targets[t].host;
			size_t h = index[host - plan->inventory->hosts];
			size_t c;

			if (h == SIZE_MAX)
				continue;
			c = h * rp->rb->n_steps + s;
			if (rp->cell_unit[c] != SIZE_MAX)
				continue;
			rp->cell_unit[c] = u;
			rp->cell_target[c] = t;
		}
	}
}

static void
roll_init_phase(struct rollstate *r, struct roll_phase *rp, size_t phase)
{
	const struct plan *plan = r->plan;
	size_t prefix;

	rp->phase = phase;
	rp->rb = &plan->runbook->phases[phase];
	prefix = roll_common_prefix(rp->rb);
	rp->labels = xcalloc(rp->rb->n_steps + 1, sizeof *rp->labels);
	for (size_t s = 0; s < rp->rb->n_steps; s++)
		rp->labels[s] = xstrdup(rp->rb->steps[s].id + prefix);
	size_t *index = xcalloc(plan->inventory->n_hosts + 1, sizeof *index);

	rp->hosts = xcalloc(plan->inventory->n_hosts + 1, sizeof *rp->hosts);
	for (size_t h = 0; h < plan->inventory->n_hosts; h++)
		index[h] = SIZE_MAX;
	for (size_t u = 0; u < plan->n_units; u++)
		if (plan->units[u].phase_index == phase)
			for (size_t t = 0; t < plan->units[u].n_targets; t++)
				roll_add_host(rp, plan->inventory, index,
					      plan->units[u].targets[t].host);
	roll_index_cells(rp, plan, index);
	free(index);
}

struct rollstate *
rollstate_new(const struct plan *plan)
{
	struct rollstate *r = xcalloc(1, sizeof *r);
	const struct runbook *rb = plan->runbook;

	r->plan = plan;
	r->phases = xcalloc(rb->n_phases + 1, sizeof *r->phases);
	for (size_t p = 0; p < rb->n_phases; p++)
		if (rb->phases[p].rolling)
			roll_init_phase(r, &r->phases[r->n_phases++], p);
	return r;
}

void
rollstate_free(struct rollstate *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_phases; i++) {
		struct roll_phase *rp = &r->phases[i];

		for (size_t s = 0; s < rp->rb->n_steps; s++)
			free(rp->labels[s]);
		free(rp->labels);
		for (size_t h = 0; h < rp->n_hosts; h++)
			free(rp->hosts[h].action);
		free(rp->hosts);
		free(rp->cell_unit);
		free(rp->cell_target);
	}
	free(r->phases);
	free(r);
}

unsigned long
rollstate_generation(const struct rollstate *r)
{
	return r->generation;
}

bool
rollstate_any(const struct rollstate *r)
{
	return r->n_phases > 0;
}

static const struct roll_phase *
roll_find_phase(const struct rollstate *r, size_t phase)
{
	for (size_t i = 0; i < r->n_phases; i++)
		if (r->phases[i].phase == phase)
			return &r->phases[i];
	return NULL;
}

/* ---- where a host stands ----------------------------------------------- */

/* A pair the plan does not have (a step with no host) counts as skipped. */
static enum ui_state
roll_cell(const struct ui_model *model, const struct roll_phase *rp,
	  size_t step, size_t host)
{
	size_t c = host * rp->rb->n_steps + step;

	if (rp->cell_unit[c] == SIZE_MAX)
		return UI_STATE_SKIPPED;
	return ui_model_host_state(model, rp->cell_unit[c], rp->cell_target[c]);
}

static void
roll_progress(const struct ui_model *model, const struct roll_phase *rp,
	      size_t host, struct rollout_row *row)
{
	bool at_set = false;

	row->steps = rp->rb->n_steps;
	row->at = row->steps;
	row->state = UI_STATE_DONE;
	row->finished = 0;
	for (size_t s = 0; s < rp->rb->n_steps; s++) {
		enum ui_state st = roll_cell(model, rp, s, host);

		if (s < ROLLOUT_STEPS_MAX)
			row->step_state[s] = st;
		if (ui_state_finished(st)) {
			row->finished++;
		} else if (!at_set) {
			at_set = true;
			row->at = s;
			row->state = st;
		}
	}
}

struct rollout_row
rollstate_row(const struct rollstate *r, const struct ui_model *model,
	      size_t phase, size_t host, time_t now)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);
	const struct roll_host *h;
	struct rollout_row row = { .host = "", .action = "", .instances = -1,
				   .elapsed = -1 };

	if (rp == NULL || host >= rp->n_hosts)
		return row;
	h = &rp->hosts[host];
	row.host = h->host->name;
	row.batch = h->batch;
	row.action = h->action != NULL ? h->action : "";
	row.instances = h->instances;
	if (h->started != 0)
		row.elapsed = (long)((h->ended != 0 ? h->ended : now) -
				     h->started);
	roll_progress(model, rp, host, &row);
	return row;
}

static bool
roll_phase_finished(const struct ui_model *model, const struct roll_phase *rp)
{
	for (size_t h = 0; h < rp->n_hosts; h++) {
		struct rollout_row row = { 0 };

		roll_progress(model, rp, h, &row);
		if (row.finished < row.steps)
			return false;
	}
	return true;
}

size_t
rollstate_phase(const struct rollstate *r, const struct ui_model *model)
{
	for (size_t i = 0; i < r->n_phases; i++)
		if (!roll_phase_finished(model, &r->phases[i]))
			return r->phases[i].phase;
	return r->n_phases > 0 ? r->phases[r->n_phases - 1].phase : 0;
}

size_t
rollstate_step_count(const struct rollstate *r, size_t phase)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);

	return rp != NULL ? rp->rb->n_steps : 0;
}

const char *
rollstate_step_label(const struct rollstate *r, size_t phase, size_t step)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);

	return rp != NULL && step < rp->rb->n_steps ? rp->labels[step] : "";
}

size_t
rollstate_host_count(const struct rollstate *r, size_t phase)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);

	return rp != NULL ? rp->n_hosts : 0;
}

/* Nothing has started on the host: every step pending. */
static bool
roll_untouched(const struct ui_model *model, const struct roll_phase *rp,
	       size_t host)
{
	for (size_t s = 0; s < rp->rb->n_steps; s++) {
		size_t c = host * rp->rb->n_steps + s;

		if (rp->cell_unit[c] != SIZE_MAX &&
		    ui_model_host_state(model, rp->cell_unit[c],
					rp->cell_target[c]) != UI_STATE_PENDING)
			return false;
	}
	return true;
}

struct rollout_totals
rollstate_totals(const struct rollstate *r, const struct ui_model *model,
		 size_t phase)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);
	struct rollout_totals t = { .instances = -1 };

	for (size_t h = 0; rp != NULL && h < rp->n_hosts; h++) {
		struct rollout_row row = { 0 };

		roll_progress(model, rp, h, &row);
		t.hosts++;
		if (row.finished == row.steps)
			t.finished++;
		else if (roll_untouched(model, rp, h))
			t.to_go++;
		else
			t.under_way++;
		if (rp->hosts[h].instances >= 0)
			t.instances = (t.instances < 0 ? 0 : t.instances) +
				      rp->hosts[h].instances;
	}
	return t;
}

void
rollstate_next_batch(const struct rollstate *r, const struct ui_model *model,
		     size_t phase, size_t max, char *buf, size_t len)
{
	const struct roll_phase *rp = roll_find_phase(r, phase);
	size_t used = strlen(buf);
	size_t taken = 0;

	for (size_t h = 0; rp != NULL && h < rp->n_hosts && taken < max; h++) {
		int n;

		if (!roll_untouched(model, rp, h))
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
			     used > 0 ? " " : "", rp->hosts[h].host->name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
		taken++;
	}
}

/* ---- what the engine and Nova report ------------------------------------ */

static struct roll_host *
roll_find_host(struct rollstate *r, const char *step, const char *host,
	       const struct roll_phase **phase)
{
	for (size_t i = 0; step != NULL && host != NULL && i < r->n_phases;
	     i++) {
		struct roll_phase *rp = &r->phases[i];
		bool has_step = false;

		for (size_t s = 0; s < rp->rb->n_steps && !has_step; s++)
			has_step = strcmp(rp->rb->steps[s].id, step) == 0;
		if (!has_step)
			continue;
		for (size_t h = 0; h < rp->n_hosts; h++)
			if (strcmp(rp->hosts[h].host->name, host) == 0) {
				if (phase != NULL)
					*phase = rp;
				return &rp->hosts[h];
			}
	}
	return NULL;
}

void
rollstate_note_unit(struct rollstate *r, const char *step, const char *host,
		    const char *unit_key, time_t now)
{
	struct roll_host *h = roll_find_host(r, step, host, NULL);
	const char *hash = unit_key != NULL ? strrchr(unit_key, '#') : NULL;

	r->generation++;
	if (h == NULL)
		return;
	if (hash != NULL)
		h->batch = strtoul(hash + 1, NULL, 10);
	if (h->started == 0)
		h->started = now;
}

void
rollstate_note_action(struct rollstate *r, const char *step,
		      const char *host, const char *text)
{
	struct roll_host *h = roll_find_host(r, step, host, NULL);

	r->generation++;
	if (h == NULL)
		return;
	free(h->action);
	h->action = text != NULL ? xstrndup(text, strcspn(text, "\n")) : NULL;
}

/* A step finished on the host: what it did is over; the phase finished:
 * so is the host's time. */
void
rollstate_note_state(struct rollstate *r, const struct ui_model *model,
		     const char *step, const char *host, time_t now)
{
	const struct roll_phase *rp = NULL;
	struct roll_host *h = roll_find_host(r, step, host, &rp);
	struct rollout_row row = { 0 };

	r->generation++;
	if (h == NULL)
		return;
	if (ui_state_finished(ui_model_cell_state(model, step, host))) {
		free(h->action);
		h->action = NULL;
	}
	roll_progress(model, rp, (size_t)(h - rp->hosts), &row);
	if (row.finished < row.steps)
		h->ended = 0;
	else if (h->ended == 0)
		h->ended = now;
}

void
rollstate_note_instances(struct rollstate *r, const char *nova_host,
			 long instances)
{
	r->generation++;
	for (size_t i = 0; nova_host != NULL && i < r->n_phases; i++)
		for (size_t h = 0; h < r->phases[i].n_hosts; h++)
			if (strcmp(inv_host_nova_name(r->phases[i].hosts[h].host),
				   nova_host) == 0)
				r->phases[i].hosts[h].instances = instances;
}
