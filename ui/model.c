/* model: see ui/model.h. */
#include "config.h"

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

struct ui_model {
	const struct plan *plan;
	struct ui_unit *units;
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
	const struct plan *plan = model->plan;

	for (size_t u = 0; step != NULL && host != NULL && u < plan->n_units;
	     u++) {
		int t;

		if (strcmp(plan->units[u].step->id, step) != 0)
			continue;
		t = model_find_target(&plan->units[u], host);
		if (t < 0)
			continue;
		*unit = u;
		*target = (size_t)t;
		return 0;
	}
	return -1;
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
