/* engineview: see ui/engineview.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engineview.h"
#include "xalloc.h"

enum ui_state
engineview_state(enum engine_state state)
{
	static const enum ui_state map[] = {
		[ENGINE_PENDING] = UI_STATE_PENDING,
		[ENGINE_CONFIRMED] = UI_STATE_CONFIRMED,
		[ENGINE_RUNNING] = UI_STATE_RUNNING,
		[ENGINE_DONE] = UI_STATE_DONE,
		[ENGINE_FAILED] = UI_STATE_FAILED,
		[ENGINE_SKIPPED] = UI_STATE_SKIPPED,
		[ENGINE_UNKNOWN] = UI_STATE_UNKNOWN,
	};

	return state < sizeof map / sizeof map[0] ? map[state]
						 : UI_STATE_UNKNOWN;
}

static time_t
view_now(const struct engineview *v)
{
	return v->clock != NULL ? v->clock(v->clock_arg) : time(NULL);
}

static size_t
view_log(const struct engineview *v, const char *host)
{
	return outlog_find(v->output, host);
}

/* The inventory's own string for host, which outlives every event. */
static const char *
view_host_name(const struct engineview *v, const char *host)
{
	const struct inventory *inv = v->plan->inventory;

	for (size_t h = 0; host != NULL && h < inv->n_hosts; h++)
		if (strcmp(inv->hosts[h].name, host) == 0)
			return inv->hosts[h].name;
	return NULL;
}

/* A host takes part in the unit under way: the first time, its log
 * gets a line that says which unit its next lines belong to.  Only an
 * event of the unit's own step counts: the engine also moves other
 * cells while a unit is current (a rolling step with nothing to do). */
static void
view_join_unit(struct engineview *v, const char *host, const char *step)
{
	const char *name = view_host_name(v, host);
	char *line;

	if (name == NULL || v->unit[0] == '\0' || step == NULL ||
	    strcmp(step, v->unit_step) != 0)
		return;
	for (size_t i = 0; i < v->n_unit_hosts; i++)
		if (v->unit_hosts[i] == name)
			return;
	if (v->n_unit_hosts < ENGINEVIEW_UNIT_HOSTS_MAX)
		v->unit_hosts[v->n_unit_hosts++] = name;
	if (v->output == NULL)
		return;
	line = xasprintf("-- %s: %s", v->unit, v->unit_title);
	outlog_add(v->output, view_log(v, name), OUTLOG_NOTE, line);
	free(line);
	v->changes |= ENGINEVIEW_OUTPUT;
}

static void
view_unit_start(struct engineview *v, const struct engine_event *ev)
{
	snprintf(v->unit, sizeof v->unit, "%s", ev->unit != NULL ? ev->unit : "");
	snprintf(v->unit_title, sizeof v->unit_title, "%s",
		 ev->text != NULL ? ev->text : "");
	snprintf(v->unit_step, sizeof v->unit_step, "%s",
		 ev->step != NULL ? ev->step : "");
	v->unit_running = true;
	v->n_unit_hosts = 0;
}

static bool
view_is_review(const struct engine_event *ev)
{
	return ev->what != NULL && strcmp(ev->what, "review") == 0;
}

static void
view_action_start(struct engineview *v, const struct engine_event *ev)
{
	char *line;

	view_join_unit(v, ev->host, ev->step);
	if (v->output != NULL) {
		line = xasprintf("%s %s %s", ev->what != NULL ? ev->what : "",
				 ev->shell ? "$" : ">",
				 ev->text != NULL ? ev->text : "");
		outlog_add(v->output, view_log(v, ev->host), OUTLOG_COMMAND,
			   line);
		free(line);
		v->changes |= ENGINEVIEW_OUTPUT;
	}
	if (v->rollout != NULL)
		rollstate_note_action(v->rollout, ev->step, ev->host, ev->text);
	if (v->findings != NULL && view_is_review(ev))
		findings_begin(v->findings, ev->step, ev->host);
}

static void
view_output(struct engineview *v, const struct engine_event *ev)
{
	if (v->output != NULL) {
		outlog_stream(v->output, view_log(v, ev->host), ev->is_stderr,
			      ev->text, ev->len);
		v->changes |= ENGINEVIEW_OUTPUT;
	}
	if (v->findings != NULL && view_is_review(ev))
		findings_output(v->findings, ev->step, ev->host, ev->text,
				ev->len);
}

static char *
view_end_line(const struct engine_event *ev)
{
	const char *what = ev->what != NULL ? ev->what : "";
	int len = ev->text != NULL ? (int)strcspn(ev->text, "\n") : 0;

	if (ev->status == ENGINE_OP_OK && ev->exit_status >= 0)
		return xasprintf("%s: exit %d", what, ev->exit_status);
	if (ev->status == ENGINE_OP_OK)
		return xasprintf("%s: done", what);
	return xasprintf("%s: %s%s%.*s", what,
			 ev->status == ENGINE_OP_UNKNOWN ? "outcome unknown"
							 : "not done",
			 len > 0 ? ": " : "", len, ev->text != NULL ? ev->text : "");
}

static void
view_action_end(struct engineview *v, const struct engine_event *ev)
{
	char *line;

	if (v->output != NULL) {
		line = view_end_line(ev);
		outlog_add(v->output, view_log(v, ev->host), OUTLOG_END, line);
		free(line);
		v->changes |= ENGINEVIEW_OUTPUT;
	}
	if (v->findings != NULL && view_is_review(ev))
		findings_end(v->findings, ev->step, ev->host);
}

static void
view_progress(struct engineview *v, const struct engine_event *ev)
{
	char *line;

	if (v->output != NULL) {
		line = xasprintf("... %s", ev->text != NULL ? ev->text : "");
		outlog_add(v->output, view_log(v, ev->host), OUTLOG_NOTE, line);
		free(line);
		v->changes |= ENGINEVIEW_OUTPUT;
	}
	if (v->rollout != NULL)
		rollstate_note_action(v->rollout, ev->step, ev->host, ev->text);
}

/* A host's step ended: its log says how, with the first line of why. */
static void
view_state_line(struct engineview *v, const struct engine_event *ev)
{
	int len = ev->text != NULL ? (int)strcspn(ev->text, "\n") : 0;
	char *line;

	if (v->output == NULL || ev->host == NULL ||
	    (ev->state != ENGINE_DONE && ev->state != ENGINE_FAILED &&
	     ev->state != ENGINE_SKIPPED && ev->state != ENGINE_UNKNOWN))
		return;
	line = xasprintf("%s: %s%s%.*s", ev->step != NULL ? ev->step : "",
			 engine_state_name(ev->state), len > 0 ? ": " : "",
			 len, ev->text != NULL ? ev->text : "");
	outlog_add(v->output, view_log(v, ev->host), OUTLOG_NOTE, line);
	free(line);
	v->changes |= ENGINEVIEW_OUTPUT;
}

static void
view_state(struct engineview *v, const struct engine_event *ev)
{
	size_t unit, target;
	time_t now = view_now(v);

	if (ev->host == NULL ||
	    ui_model_locate(v->model, ev->step, ev->host, &unit, &target) < 0)
		return;
	if (ev->state == ENGINE_CONFIRMED || ev->state == ENGINE_RUNNING)
		view_join_unit(v, ev->host, ev->step);
	ui_model_set_state(v->model, unit, ev->host,
			   engineview_state(ev->state));
	v->changes |= ENGINEVIEW_STATES;
	if (v->rollout != NULL) {
		if (ev->state == ENGINE_CONFIRMED || ev->state == ENGINE_RUNNING)
			rollstate_note_unit(v->rollout, ev->step, ev->host,
					    ev->unit, now);
		rollstate_note_state(v->rollout, v->model, ev->step, ev->host,
				     now);
	}
	view_state_line(v, ev);
}

static void
view_note(struct engineview *v, const struct engine_event *ev)
{
	snprintf(v->note, sizeof v->note, "%s", ev->text != NULL ? ev->text : "");
	v->changes |= ENGINEVIEW_NOTE;
	if (v->output != NULL) {
		char *line = xasprintf("note: %s", v->note);

		outlog_add(v->output, view_log(v, ev->host), OUTLOG_NOTE, line);
		free(line);
		v->changes |= ENGINEVIEW_OUTPUT;
	}
}

void
engineview_event(void *ctx, const struct engine_event *ev)
{
	struct engineview *v = ctx;

	switch (ev->kind) {
	case ENGINE_EVENT_UNIT_START:
		view_unit_start(v, ev);
		break;
	case ENGINE_EVENT_ACTION_START:
		view_action_start(v, ev);
		break;
	case ENGINE_EVENT_OUTPUT:
		view_output(v, ev);
		break;
	case ENGINE_EVENT_ACTION_END:
		view_action_end(v, ev);
		break;
	case ENGINE_EVENT_PROGRESS:
		view_progress(v, ev);
		break;
	case ENGINE_EVENT_STATE:
		view_state(v, ev);
		break;
	case ENGINE_EVENT_UNIT_END:
		v->unit_running = false;
		break;
	case ENGINE_EVENT_NOTE:
		view_note(v, ev);
		break;
	}
}

void
engineview_seed(struct engineview *v, const struct engine *e)
{
	const struct plan *plan = v->plan;
	size_t most = 0;
	enum engine_state *cells;
	enum ui_state *states;

	for (size_t u = 0; u < plan->n_units; u++)
		if (plan->units[u].n_targets > most)
			most = plan->units[u].n_targets;
	cells = xcalloc(most + 1, sizeof *cells);
	states = xcalloc(most + 1, sizeof *states);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *pu = &plan->units[u];

		engine_unit_states(e, pu, cells);
		for (size_t t = 0; t < pu->n_targets; t++)
			states[t] = engineview_state(cells[t]);
		ui_model_set_unit_states(v->model, u, states);
	}
	free(cells);
	free(states);
	v->changes |= ENGINEVIEW_STATES;
}
