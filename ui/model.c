/* model: see ui/model.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

struct ui_unit {
	enum ui_state *hosts;	/* one per target of the plan unit */
	enum ui_state state;	/* made from hosts; kept as set when none */
	time_t started;		/* 0: not yet */
	time_t ended;		/* 0: not yet, or running again */
};

/* Where a step's unit on a host is: screens and the engine's events ask
 * by (step, host) names, and a rollout of 2,000 computes has 16,000
 * units.  Each step of the runbook has a row of cells, one for each
 * host of the inventory from the first to the last it is planned on; a
 * host's name gives its place in the inventory through a hash of the
 * names.  Built in two passes over the plan, which places each target
 * by its host's index: no name is hashed or compared for it. */
struct model_cell {
	size_t unit;		/* MODEL_NONE: the step is not on that host */
	size_t target;
};

struct model_row {
	size_t first;		/* the inventory index of cells[0] */
	size_t n;
	struct model_cell *cells;
};

#define MODEL_NONE SIZE_MAX

struct ui_model {
	const struct plan *plan;
	struct ui_unit *units;
	enum ui_state *host_states;	/* every unit's hosts, one array */
	struct model_row *rows;		/* one per step, the runbook's order */
	size_t *phase_rows;		/* each phase's first row */
	size_t *phase_units;		/* each phase's first unit; n_units */
	size_t *host_slots;		/* inventory indices, open addressing */
	size_t host_mask;		/* host_slots' size less one */
	unsigned long generation;	/* grows with every change */
	size_t current;			/* the first unit not finished */
	ui_clock_fn *clock;
	void *clock_arg;
	time_t born;
};

struct ui_state_info {
	const char *name;
	const char *help;
};

static const struct ui_state_info state_info[UI_STATE_COUNT] = {
#define UI_STATE_INFO_(id, n, h) [UI_STATE_##id] = { .name = n, .help = h },
	UI_STATES(UI_STATE_INFO_)
#undef UI_STATE_INFO_
};

const char *
ui_state_name(enum ui_state state)
{
	return state < UI_STATE_COUNT ? state_info[state].name : "?";
}

const char *
ui_state_help(enum ui_state state)
{
	return state < UI_STATE_COUNT ? state_info[state].help : "";
}

bool
ui_state_finished(enum ui_state state)
{
	return state == UI_STATE_DONE || state == UI_STATE_SKIPPED;
}

static time_t
model_now(const struct ui_model *model)
{
	return model->clock != NULL ? model->clock(model->clock_arg)
				    : time(NULL);
}

/* ---- the index of (step, host) ------------------------------------------ */

/* FNV-1a. */
static size_t
model_hash_name(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of a host name: its inventory index, or SIZE_MAX (free). */
static size_t *
model_host_slot(const struct ui_model *model, const char *name)
{
	const struct inventory *inv = model->plan->inventory;
	size_t i = model_hash_name(name) & model->host_mask;

	/* Never full (twice the slots there are hosts), so this ends. */
	while (model->host_slots[i] != SIZE_MAX &&
	       strcmp(inv->hosts[model->host_slots[i]].name, name) != 0)
		i = (i + 1) & model->host_mask;
	return &model->host_slots[i];
}

static void
model_index_hosts(struct ui_model *model)
{
	const struct inventory *inv = model->plan->inventory;
	size_t size = 16;

	while (size < 2 * inv->n_hosts)
		size *= 2;
	model->host_mask = size - 1;
	model->host_slots = xcalloc(size, sizeof *model->host_slots);
	for (size_t i = 0; i < size; i++)
		model->host_slots[i] = SIZE_MAX;
	for (size_t h = 0; h < inv->n_hosts; h++) {
		size_t *slot = model_host_slot(model, inv->hosts[h].name);

		if (*slot == SIZE_MAX)
			*slot = h;
	}
}

static struct model_row *
model_unit_row(const struct ui_model *model, const struct plan_unit *pu)
{
	return &model->rows[model->phase_rows[pu->phase_index] +
			    pu->step_index];
}

/* Widen the row to take host h. */
static void
model_row_cover(struct model_row *row, size_t h)
{
	if (row->n == 0) {
		row->first = h;
		row->n = 1;
	} else if (h < row->first) {
		row->n += row->first - h;
		row->first = h;
	} else if (h - row->first >= row->n) {
		row->n = h - row->first + 1;
	}
}

/* Each row from the first host to the last its step is planned on. */
static void
model_size_rows(struct ui_model *model)
{
	const struct plan *plan = model->plan;
	const struct inv_host *hosts = plan->inventory->hosts;

	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];
		struct model_row *row = model_unit_row(model, pu);

		for (size_t t = 0; t < pu->n_targets; t++)
			model_row_cover(row, (size_t)(pu->targets[t].host -
						      hosts));
	}
}

static void
model_alloc_rows(struct ui_model *model)
{
	const struct runbook *rb = model->plan->runbook;
	size_t n_rows;

	model->phase_rows = runbook_phase_offsets(rb);
	n_rows = model->phase_rows[rb->n_phases];
	model->rows = xcalloc(n_rows + 1, sizeof *model->rows);
	model_size_rows(model);
	for (size_t r = 0; r < n_rows; r++) {
		struct model_row *row = &model->rows[r];

		row->cells = xcalloc(row->n + 1, sizeof *row->cells);
		for (size_t i = 0; i < row->n; i++)
			row->cells[i].unit = MODEL_NONE;
	}
}

/* The first unit of a step on a host is the one a lookup finds, as a
 * walk in the plan's order would. */
static void
model_index(struct ui_model *model)
{
	const struct plan *plan = model->plan;
	const struct inv_host *hosts = plan->inventory->hosts;

	model_index_hosts(model);
	model_alloc_rows(model);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];
		struct model_row *row = model_unit_row(model, pu);

		for (size_t t = 0; t < pu->n_targets; t++) {
			size_t h = (size_t)(pu->targets[t].host - hosts);
			struct model_cell *c = &row->cells[h - row->first];

			if (c->unit == MODEL_NONE)
				*c = (struct model_cell){ .unit = u,
							  .target = t };
		}
	}
}

/* The cell of step on host, or NULL when the pair is not planned. */
static const struct model_cell *
model_find_cell(const struct ui_model *model, const char *step,
		const char *host)
{
	const struct runbook *rb = model->plan->runbook;
	const struct rb_phase *phase;
	const struct rb_step *st = runbook_find_step(rb, step, &phase);
	const struct model_row *row;
	size_t h;

	if (st == NULL)
		return NULL;
	row = &model->rows[model->phase_rows[phase - rb->phases] +
			   (size_t)(st - phase->steps)];
	h = *model_host_slot(model, host);
	if (h == SIZE_MAX || h < row->first || h - row->first >= row->n ||
	    row->cells[h - row->first].unit == MODEL_NONE)
		return NULL;
	return &row->cells[h - row->first];
}

/* The plan's units run phase after phase.  The checklist counts each
 * phase's on every frame: walking all 20,000 units of 2,000 computes
 * for each phase it draws made a frame visit 600,000 of them. */
static void
model_index_phases(struct ui_model *model)
{
	const struct plan *plan = model->plan;
	size_t n_phases = plan->runbook->n_phases;
	size_t u = 0;

	model->phase_units = xcalloc(n_phases + 1, sizeof *model->phase_units);
	for (size_t p = 0; p < n_phases; p++) {
		while (u < plan->n_units && plan->units[u].phase_index < p)
			u++;
		model->phase_units[p] = u;
	}
	model->phase_units[n_phases] = plan->n_units;
}

/* Every unit's host states in one array, all pending. */
static void
model_alloc_units(struct ui_model *model)
{
	const struct plan *plan = model->plan;
	size_t n = 0;
	size_t at = 0;

	for (size_t u = 0; u < plan->n_units; u++)
		n += plan->units[u].n_targets;
	model->units = xcalloc(plan->n_units + 1, sizeof *model->units);
	model->host_states = xcalloc(n + 1, sizeof *model->host_states);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];
		struct ui_unit *unit = &model->units[u];

		unit->hosts = &model->host_states[at];
		at += pu->n_targets;
		/* A unit the plan found no host for is skipped by the plan. */
		unit->state = pu->n_targets > 0 ? UI_STATE_PENDING
						: UI_STATE_SKIPPED;
	}
}

/* The checklist asks for the current unit for each row it draws: kept
 * as states change rather than looked for from the first unit. */
static void
model_track_current(struct ui_model *model, size_t unit)
{
	size_t n = model->plan->n_units;

	if (unit < n && !ui_state_finished(model->units[unit].state)) {
		if (unit < model->current)
			model->current = unit;
		return;
	}
	while (model->current < n &&
	       ui_state_finished(model->units[model->current].state))
		model->current++;
}

struct ui_model *
ui_model_new(const struct plan *plan, ui_clock_fn *clock, void *clock_arg)
{
	struct ui_model *model = xcalloc(1, sizeof *model);

	model->plan = plan;
	model->clock = clock;
	model->clock_arg = clock_arg;
	model->born = model_now(model);
	model_alloc_units(model);
	model_index(model);
	model_index_phases(model);
	model_track_current(model, 0);
	return model;
}

void
ui_model_free(struct ui_model *model)
{
	const struct runbook *rb;

	if (model == NULL)
		return;
	rb = model->plan->runbook;
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++)
			free(model->rows[model->phase_rows[p] + s].cells);
	free(model->rows);
	free(model->phase_rows);
	free(model->phase_units);
	free(model->host_slots);
	free(model->host_states);
	free(model->units);
	free(model);
}

static enum ui_state
model_combine(const enum ui_state *hosts, size_t n)
{
	/* The first state of this list that any host is in wins... */
	static const enum ui_state urgent[] = {
		UI_STATE_FAILED, UI_STATE_UNKNOWN, UI_STATE_RUNNING,
	};
	size_t count[UI_STATE_COUNT] = { 0 };

	for (size_t i = 0; i < n; i++)
		count[hosts[i]]++;
	for (size_t i = 0; i < sizeof urgent / sizeof urgent[0]; i++)
		if (count[urgent[i]] > 0)
			return urgent[i];
	/* ...else a unit is finished only when every host is. */
	if (count[UI_STATE_SKIPPED] == n)
		return UI_STATE_SKIPPED;
	if (count[UI_STATE_DONE] + count[UI_STATE_SKIPPED] == n)
		return UI_STATE_DONE;
	if (count[UI_STATE_CONFIRMED] > 0 || count[UI_STATE_DONE] > 0)
		return UI_STATE_CONFIRMED;
	return UI_STATE_PENDING;
}

static void
model_time_unit(const struct ui_model *model, struct ui_unit *unit)
{
	time_t now = model_now(model);

	if (unit->state == UI_STATE_RUNNING) {
		if (unit->started == 0 || unit->ended != 0)
			unit->started = now;
		unit->ended = 0;
	} else if (unit->started != 0 && unit->ended == 0 &&
		   unit->state != UI_STATE_CONFIRMED &&
		   unit->state != UI_STATE_PENDING) {
		unit->ended = now;
	}
}

static int
model_find_target(const struct plan_unit *pu, const char *host)
{
	for (size_t t = 0; t < pu->n_targets; t++)
		if (strcmp(pu->targets[t].host->name, host) == 0)
			return (int)t;
	return -1;
}

int
ui_model_set_state(struct ui_model *model, size_t unit, const char *host,
		   enum ui_state state)
{
	const struct plan_unit *pu;
	struct ui_unit *mu;

	if (unit >= model->plan->n_units || state >= UI_STATE_COUNT)
		return -1;
	model->generation++;
	pu = &model->plan->units[unit];
	mu = &model->units[unit];
	if (host == NULL) {
		for (size_t t = 0; t < pu->n_targets; t++)
			mu->hosts[t] = state;
	} else {
		int t = model_find_target(pu, host);

		if (t < 0)
			return -1;
		mu->hosts[t] = state;
	}
	mu->state = pu->n_targets > 0 ? model_combine(mu->hosts, pu->n_targets)
				      : state;
	model_time_unit(model, mu);
	model_track_current(model, unit);
	return 0;
}

void
ui_model_set_unit_states(struct ui_model *model, size_t unit,
			 const enum ui_state *states)
{
	const struct plan_unit *pu = &model->plan->units[unit];
	struct ui_unit *mu = &model->units[unit];

	if (pu->n_targets == 0)
		return;
	model->generation++;
	memcpy(mu->hosts, states, pu->n_targets * sizeof *states);
	mu->state = model_combine(mu->hosts, pu->n_targets);
	model_time_unit(model, mu);
	model_track_current(model, unit);
}

int
ui_model_locate(const struct ui_model *model, const char *step,
		const char *host, size_t *unit, size_t *target)
{
	const struct model_cell *c;

	if (step == NULL || host == NULL)
		return -1;
	c = model_find_cell(model, step, host);
	if (c == NULL)
		return -1;
	*unit = c->unit;
	*target = c->target;
	return 0;
}

unsigned long
ui_model_generation(const struct ui_model *model)
{
	return model->generation;
}

enum ui_state
ui_model_cell_state(const struct ui_model *model, const char *step,
		    const char *host)
{
	size_t unit, target;

	if (ui_model_locate(model, step, host, &unit, &target) < 0)
		return UI_STATE_PENDING;
	return model->units[unit].hosts[target];
}

enum ui_state
ui_model_unit_state(const struct ui_model *model, size_t unit)
{
	return unit < model->plan->n_units ? model->units[unit].state
					   : UI_STATE_PENDING;
}

enum ui_state
ui_model_host_state(const struct ui_model *model, size_t unit, size_t target)
{
	if (unit >= model->plan->n_units ||
	    target >= model->plan->units[unit].n_targets)
		return UI_STATE_PENDING;
	return model->units[unit].hosts[target];
}

long
ui_model_elapsed(const struct ui_model *model, size_t unit)
{
	const struct ui_unit *mu;

	if (unit >= model->plan->n_units)
		return -1;
	mu = &model->units[unit];
	if (mu->started == 0)
		return -1;
	return (long)((mu->ended != 0 ? mu->ended : model_now(model)) -
		      mu->started);
}

size_t
ui_model_current(const struct ui_model *model)
{
	return model->current;
}

void
ui_model_phase_units(const struct ui_model *model, size_t phase,
		     size_t *first, size_t *n)
{
	size_t n_phases = model->plan->runbook->n_phases;

	*first = phase < n_phases ? model->phase_units[phase]
				  : model->plan->n_units;
	*n = phase < n_phases ? model->phase_units[phase + 1] - *first : 0;
}

void
ui_model_phase_progress(const struct ui_model *model, size_t phase,
			size_t *finished, size_t *total)
{
	size_t first;

	ui_model_phase_units(model, phase, &first, total);
	*finished = 0;
	for (size_t u = first; u < first + *total; u++)
		if (ui_state_finished(model->units[u].state))
			(*finished)++;
}

long
ui_model_session_elapsed(const struct ui_model *model)
{
	return (long)(model_now(model) - model->born);
}

bool
ui_model_busy(const struct ui_model *model)
{
	for (size_t u = 0; u < model->plan->n_units; u++)
		if (model->units[u].state == UI_STATE_RUNNING)
			return true;
	return false;
}
