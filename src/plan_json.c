/* plan_json: the plan as one JSON document (see include/plan.h).
 *
 * Positions are given as people count them where they pair with a count
 * ("batch": 1 of "batches": 3) or point into a file ("line"); "index" is
 * the unit's place in run order from 0.  A call carries "command" for a
 * shell action and "text" for any other, so a reader never mistakes a
 * description for something to run. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "plan.h"

static void
json_add_call(cJSON *obj, const struct plan_call *call)
{
	const struct rb_action *act = call->action;
	bool shell = act->kind == RB_ACTION_RUN || act->kind == RB_ACTION_CHECK;

	cJSON_AddStringToObject(obj, "action", rb_action_kind_name(act->kind));
	cJSON_AddStringToObject(obj, shell ? "command" : "text", call->text);
	if (call->reason != NULL)
		cJSON_AddStringToObject(obj, "reason", call->reason);
	if (call->value != NULL)
		cJSON_AddStringToObject(obj, "value", call->value);
}

static cJSON *
json_calls(const struct plan_call *calls, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *obj = cJSON_CreateObject();

		json_add_call(obj, &calls[i]);
		cJSON_AddItemToArray(arr, obj);
	}
	return arr;
}

static cJSON *
json_ok_exit(const struct rb_step *step)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < step->n_ok_exit; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(step->ok_exit[i]));
	return arr;
}

static cJSON *
json_target(const struct plan_target *t, const struct rb_step *step)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "host", t->host->name);
	cJSON_AddStringToObject(obj, "address", t->host->address);
	cJSON_AddStringToObject(obj, "nova_host", inv_host_nova_name(t->host));
	json_add_call(obj, &t->call);
	if (t->probe != NULL)
		cJSON_AddStringToObject(obj, "probe", t->probe);
	else
		cJSON_AddNullToObject(obj, "probe");
	cJSON_AddItemToObject(obj, "before", json_calls(t->before, t->n_before));
	cJSON_AddItemToObject(obj, "after", json_calls(t->after, t->n_after));
	cJSON_AddItemToObject(obj, "ok_exit", json_ok_exit(step));
	return obj;
}

static cJSON *
json_phase(const struct rb_phase *phase)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "id", phase->id);
	cJSON_AddStringToObject(obj, "title", phase->title);
	cJSON_AddBoolToObject(obj, "rolling", phase->rolling);
	return obj;
}

static cJSON *
json_step(const struct rb_step *step)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "id", step->id);
	cJSON_AddStringToObject(obj, "title", step->title);
	cJSON_AddStringToObject(obj, "why", step->why);
	cJSON_AddNumberToObject(obj, "line", step->line);
	return obj;
}

static cJSON *
json_unit(const struct plan_unit *unit)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *targets = cJSON_CreateArray();
	bool skipped = unit->n_targets == 0;

	cJSON_AddNumberToObject(obj, "index", (double)unit->index);
	cJSON_AddItemToObject(obj, "phase", json_phase(unit->phase));
	cJSON_AddItemToObject(obj, "step", json_step(unit->step));
	cJSON_AddNumberToObject(obj, "batch", (double)unit->batch_index + 1);
	cJSON_AddNumberToObject(obj, "batches", (double)unit->n_batches);
	/* A skipped unit has nothing to confirm. */
	cJSON_AddBoolToObject(obj, "confirm", !skipped);
	cJSON_AddBoolToObject(obj, "skipped", skipped);
	for (size_t t = 0; t < unit->n_targets; t++)
		cJSON_AddItemToArray(targets, json_target(&unit->targets[t],
							  unit->step));
	cJSON_AddItemToObject(obj, "targets", targets);
	return obj;
}

static cJSON *
json_source(const char *path, const char *digest)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "path", path);
	cJSON_AddStringToObject(obj, "digest", digest);
	return obj;
}

static cJSON *
json_plan(const struct plan *plan)
{
	const struct runbook *rb = plan->runbook;
	const struct inventory *inv = plan->inventory;
	cJSON *doc = cJSON_CreateObject();
	cJSON *runbook = json_source(rb->path, rb->digest);
	cJSON *units = cJSON_CreateArray();

	cJSON_AddStringToObject(runbook, "id", rb->id);
	cJSON_AddStringToObject(runbook, "title", rb->title);
	cJSON_AddItemToObject(doc, "runbook", runbook);
	cJSON_AddStringToObject(doc, "cloud", inv->cloud);
	cJSON_AddItemToObject(doc, "inventory",
			      json_source(inv->path, inv->digest));
	for (size_t u = 0; u < plan->n_units; u++)
		cJSON_AddItemToArray(units, json_unit(&plan->units[u]));
	cJSON_AddItemToObject(doc, "units", units);
	return doc;
}

void
plan_write_json(const struct plan *plan, FILE *out)
{
	cJSON *doc = json_plan(plan);
	char *text = cJSON_Print(doc);

	/* cJSON fails only when memory runs out, which this program treats
	 * as fatal everywhere (see xalloc.h). */
	if (text == NULL)
		abort();
	fprintf(out, "%s\n", text);
	free(text);
	cJSON_Delete(doc);
}
