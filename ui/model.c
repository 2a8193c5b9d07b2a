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

/* Where a step's unit on a host is: screens ask by (step, host) for
 * every row they draw, and a rollout of 2,000 computes has 16,000 units;
 * a hash of the pairs answers without a walk through them. */
struct model_cell {
	const char *step;	/* the plan's strings; NULL: a free slot */
	const char *host;
	size_t unit;
	size_t target;
};

struct ui_model {
	const struct plan *plan;
	struct ui_unit *units;
	struct model_cell *cells;	/* open addressing, n_cells a power of 2 */
	size_t n_cells;
	unsigned long generation;	/* grows with every change */
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

/* FNV-1a over the step, a NUL, and the host. */
static size_t
model_hash(const char *step, const char *host)
{
	uint64_t h = 14695981039346656037ULL;

	for (const char *s = step; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h *= 1099511628211ULL;
	for (const char *s = host; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static struct model_cell *
model_slot(const struct ui_model *model, const char *step, const char *host)
{
	size_t mask = model->n_cells - 1;
	size_t i = model_hash(step, host) & mask;

	/* Never full (twice the cells there are), so this ends. */
	while (model->cells[i].step != NULL &&
	       (strcmp(model->cells[i].step, step) != 0 ||
		strcmp(model->cells[i].host, host) != 0))
		i = (i + 1) & mask;
	return &model->cells[i];
}

/* The first unit of a step on a host is the one a lookup finds, as a
 * walk in the plan's order would. */
static void
model_index(struct ui_model *model)
{
	const struct plan *plan = model->plan;
	size_t n = 0;

	for (size_t u = 0; u < plan->n_units; u++)
		n += plan->units[u].n_targets;
	model->n_cells = 16;
	while (model->n_cells < 2 * n)
		model->n_cells *= 2;
	model->cells = xcalloc(model->n_cells, sizeof *model->cells);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];

		for (size_t t = 0; t < pu->n_targets; t++) {
			struct model_cell *c = model_slot(
				model, pu->step->id, pu->targets[t].host->name);

			if (c->step != NULL)
				continue;
			*c = (struct model_cell){
				.step = pu->step->id,
				.host = pu->targets[t].host->name,
				.unit = u, .target = t,
			};
		}
	}
}

struct ui_model *
ui_model_new(const struct plan *plan, ui_clock_fn *clock, void *clock_arg)
{
	struct ui_model *model = xcalloc(1, sizeof *model);

	model->plan = plan;
	model->clock = clock;
	model->clock_arg = clock_arg;
	model->born = model_now(model);
	model->units = xcalloc(plan->n_units ? plan->n_units : 1,
			       sizeof *model->units);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];
		struct ui_unit *unit = &model->units[u];

		unit->hosts = xcalloc(pu->n_targets ? pu->n_targets : 1,
				      sizeof *unit->hosts);
		/* A unit the plan found no host for is skipped by the plan. */
		unit->state = pu->n_targets > 0 ? UI_STATE_PENDING
						: UI_STATE_SKIPPED;
	}
	model_index(model);
	return model;
}

void
ui_model_free(struct ui_model *model)
{
	if (model == NULL)
		return;
	for (size_t u = 0; u < model->plan->n_units; u++)
		free(model->units[u].hosts);
	free(model->units);
	free(model->cells);
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
	return 0;
}

int
ui_model_locate(const struct ui_model *model, const char *step,
		const char *host, size_t *unit, size_t *target)
{
	const struct model_cell *c;

	if (step == NULL || host == NULL)
		return -1;
	c = model_slot(model, step, host);
	if (c->step == NULL)
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
	size_t u = 0;

	while (u < model->plan->n_units &&
	       ui_state_finished(model->units[u].state))
		u++;
	return u;
}

void
ui_model_phase_progress(const struct ui_model *model, size_t phase,
			size_t *finished, size_t *total)
{
	*finished = 0;
	*total = 0;
	for (size_t u = 0; u < model->plan->n_units; u++) {
		if (model->plan->units[u].phase_index != phase)
			continue;
		(*total)++;
		if (ui_state_finished(model->units[u].state))
			(*finished)++;
	}
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
