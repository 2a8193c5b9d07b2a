/* plan: see include/plan.h.  This file builds and frees the plan; its two
 * printed forms are in plan_text.c and plan_json.c. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "inventory.h"
#include "plan.h"
#include "runbook.h"
#include "strbuf.h"
#include "template.h"
#include "xalloc.h"

#define PLAN_ADDRESS_PREFIX "address:"

/* A set of hosts, in inventory order; it points into the inventory. */
struct plan_hosts {
	const struct inv_host **hosts;
	size_t n;
};

/* The hosts a selector took: most steps of a runbook take theirs by one
 * of a few selectors, and matching every host's roles again for each
 * step was a tenth of the time a plan of 2,000 computes took. */
struct plan_selection {
	const struct rb_selector *sel;
	struct plan_hosts hosts;
};

/* What a step's first target had that is the same on every host, for
 * its other targets to take rather than make again: of 2,000 computes'
 * 86,000 calls, most are the runbook's own command or a description
 * that names no host, and so are most lists of checks. */
struct plan_step_memo {
	bool made;
	bool call_shared;		/* call is every target's */
	struct plan_call call;
	struct plan_call *before;	/* every target's; NULL: each its own */
	struct plan_call *after;
};

/* Where the builder is: what a template on this host may refer to. */
struct plan_scope {
	struct plan *plan;	/* being built */
	const struct runbook *rb;
	const struct inventory *inv;
	const struct rb_step *step;
	const struct inv_host *host;
	char *missing_role;	/* address:ROLE with no host; owned */
	struct strbuf scratch;	/* where descriptions are written */
	struct plan_selection *selections;	/* owned */
	size_t n_selections;
	size_t selections_cap;
	size_t *phase_steps;		/* each phase's first in memos */
	struct plan_step_memo *memos;	/* one per step of the runbook */
	struct plan_step_memo *memo;	/* the step's */
};

/* ---- checking the inventory against the runbook ---------------------- */

/* "inventory.yaml:12" for a host or var from the file; the bare path for
 * one derived from an answers file (line 0). */
static void
plan_inventory_place(const struct inventory *inv, unsigned line,
		     struct strbuf *sb)
{
	strbuf_adds(sb, inv->path);
	if (line > 0)
		strbuf_addf(sb, ":%u", line);
}

static void
plan_list_roles(const struct runbook *rb, struct strbuf *sb)
{
	for (size_t i = 0; i < rb->n_roles; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "", rb->roles[i].name);
}

static void
plan_list_vars(const struct runbook *rb, struct strbuf *sb)
{
	if (rb->n_vars == 0)
		strbuf_adds(sb, "none");
	for (size_t i = 0; i < rb->n_vars; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "", rb->vars[i].name);
}

static int
plan_check_host_roles(const struct runbook *rb, const struct inventory *inv,
		      const struct inv_host *host, struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < host->n_roles; i++) {
		if (runbook_has_role(rb, host->roles[i]))
			continue;
		plan_inventory_place(inv, host->line, &sb);
		strbuf_addf(&sb, ": host '%s' has role '%s', which runbook "
			    "%s does not declare (declared roles: ",
			    host->name, host->roles[i], rb->id);
		plan_list_roles(rb, &sb);
		strbuf_adds(&sb, ")");
		ou_error_set(err, "%s", strbuf_str(&sb));
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

/* An inventory may override a runbook variable, never add one: a name
 * the runbook does not know is a typo that would silently do nothing. */
static int
plan_check_var(const struct runbook *rb, const struct inventory *inv,
	       const struct inv_var *var, struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (runbook_var(rb, var->name) != NULL)
		return 0;
	plan_inventory_place(inv, var->line, &sb);
	strbuf_addf(&sb, ": variable '%s' is not declared by runbook %s "
		    "(declared variables: ", var->name, rb->id);
	plan_list_vars(rb, &sb);
	strbuf_adds(&sb, ")");
	ou_error_set(err, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return -1;
}

static int
plan_check_inventory(const struct runbook *rb, const struct inventory *inv,
		     struct ou_error *err)
{
	for (size_t i = 0; i < inv->n_hosts; i++)
		if (plan_check_host_roles(rb, inv, &inv->hosts[i], err) < 0)
			return -1;
	for (size_t i = 0; i < inv->n_vars; i++)
		if (plan_check_var(rb, inv, &inv->vars[i], err) < 0)
			return -1;
	return 0;
}

/* ---- selecting hosts ------------------------------------------------- */

static bool
plan_host_in_family(const struct inv_host *host, const char *family)
{
	size_t len = strlen(family);

	for (size_t i = 0; i < host->n_roles; i++) {
		const char *role = host->roles[i];

		if (strncmp(role, family, len) == 0 &&
		    (role[len] == '\0' || role[len] == '-'))
			return true;
	}
	return false;
}

static bool
plan_host_has_any_role(const struct inv_host *host,
		       const struct rb_selector *sel)
{
	for (size_t i = 0; i < sel->n_roles; i++)
		if (inv_host_has_role(host, sel->roles[i]))
			return true;
	return false;
}

/* ONCE_ON is "has the role" here; plan_select keeps only the first. */
static bool
plan_host_matches(const struct inv_host *host, const struct rb_selector *sel)
{
	switch (sel->kind) {
	case RB_SELECT_ALL:
		return true;
	case RB_SELECT_ROLES:
	case RB_SELECT_ONCE_ON:
		return plan_host_has_any_role(host, sel);
	case RB_SELECT_WITHOUT:
		return !plan_host_in_family(host, sel->roles[0]);
	case RB_SELECT_BATCH:
		break;
	}
	return false;
}

static void
plan_select_hosts(const struct inventory *inv, const struct rb_selector *sel,
		  struct plan_hosts *out)
{
	out->hosts = xcalloc(inv->n_hosts + 1, sizeof *out->hosts);
	out->n = 0;
	for (size_t i = 0; i < inv->n_hosts; i++) {
		if (!plan_host_matches(&inv->hosts[i], sel))
			continue;
		out->hosts[out->n++] = &inv->hosts[i];
		if (sel->kind == RB_SELECT_ONCE_ON)
			break;
	}
}

static bool
plan_same_selector(const struct rb_selector *a, const struct rb_selector *b)
{
	if (a->kind != b->kind || a->n_roles != b->n_roles)
		return false;
	for (size_t i = 0; i < a->n_roles; i++)
		if (strcmp(a->roles[i], b->roles[i]) != 0)
			return false;
	return true;
}

/* The hosts sel takes, in inventory order; the scope keeps them. */
static const struct plan_hosts *
plan_select(struct plan_scope *scope, const struct rb_selector *sel)
{
	struct plan_selection *found;

	for (size_t i = 0; i < scope->n_selections; i++)
		if (plan_same_selector(scope->selections[i].sel, sel))
			return &scope->selections[i].hosts;
	if (scope->n_selections == scope->selections_cap) {
		scope->selections_cap = scope->selections_cap > 0
					? 2 * scope->selections_cap : 16;
		scope->selections = xreallocarray(scope->selections,
						  scope->selections_cap,
						  sizeof *scope->selections);
	}
	found = &scope->selections[scope->n_selections++];
	found->sel = sel;
	plan_select_hosts(scope->inv, sel, &found->hosts);
	return &found->hosts;
}

static void
plan_selections_free(struct plan_scope *scope)
{
	for (size_t i = 0; i < scope->n_selections; i++)
		free(scope->selections[i].hosts.hosts);
	free(scope->selections);
}

/* The selector as the runbook spells it, for messages. */
static void
plan_selector_spell(const struct rb_selector *sel, struct strbuf *sb)
{
	switch (sel->kind) {
	case RB_SELECT_ALL:
	case RB_SELECT_BATCH:
		strbuf_adds(sb, "all");
		break;
	case RB_SELECT_ROLES:
		if (sel->n_roles == 1) {
			strbuf_adds(sb, sel->roles[0]);
			break;
		}
		strbuf_adds(sb, "[");
		for (size_t i = 0; i < sel->n_roles; i++)
			strbuf_addf(sb, "%s%s", i > 0 ? ", " : "",
				    sel->roles[i]);
		strbuf_adds(sb, "]");
		break;
	case RB_SELECT_WITHOUT:
		strbuf_addf(sb, "{without: %s}", sel->roles[0]);
		break;
	case RB_SELECT_ONCE_ON:
		strbuf_addf(sb, "{once-on: %s}", sel->roles[0]);
		break;
	}
}

static int
plan_no_host_error(const struct plan_scope *scope, const struct rb_phase *phase,
		   struct ou_error *err)
{
	const struct rb_step *step = scope->step;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "step %s (%s:%u): no host in %s matches ", step->id,
		    scope->rb->path, step->line, scope->inv->path);
	if (phase->rolling) {
		strbuf_addf(&sb, "the hosts of rolling phase %s: ", phase->id);
		plan_selector_spell(&phase->rolling_hosts, &sb);
	} else {
		strbuf_adds(&sb, "hosts: ");
		plan_selector_spell(&step->hosts, &sb);
	}
	strbuf_adds(&sb, " (a step that may be skipped says when-no-host: "
		    "skip)");
	ou_error_set(err, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return -1;
}

/* ---- templates ------------------------------------------------------- */

static const char *
plan_address_of_role(struct plan_scope *scope, const char *role)
{
	const struct inventory *inv = scope->inv;

	for (size_t i = 0; i < inv->n_hosts; i++)
		if (inv_host_has_role(&inv->hosts[i], role))
			return inv->hosts[i].address;
	free(scope->missing_role);
	scope->missing_role = xstrdup(role);
	return NULL;
}

static const char *
plan_lookup(void *ctx, const char *name)
{
	struct plan_scope *scope = ctx;
	const char *value;

	if (strcmp(name, "host") == 0)
		return scope->host->name;
	if (strcmp(name, "address") == 0)
		return scope->host->address;
	if (strcmp(name, "nova_host") == 0)
		return inv_host_nova_name(scope->host);
	if (strcmp(name, "step") == 0)
		return scope->step->id;
	if (strncmp(name, PLAN_ADDRESS_PREFIX, strlen(PLAN_ADDRESS_PREFIX)) == 0)
		return plan_address_of_role(scope,
					    name + strlen(PLAN_ADDRESS_PREFIX));
	value = inventory_var(scope->inv, name);
	return value != NULL ? value : runbook_var(scope->rb, name);
}

/* Expand text for the scope's host; NULL text gives NULL.  Text with
 * no hole expands to itself: the runbook's own string is kept. */
static int
plan_expand(struct plan_scope *scope, const char *text,
	    enum template_mode mode, const char **out, struct ou_error *err)
{
	char *expanded;

	*out = text;
	if (text == NULL || strstr(text, "{{") == NULL)
		return 0;
	expanded = template_expand(text, mode, plan_lookup, scope, err);
	if (expanded != NULL) {
		*out = arena_strndup(scope->plan->arena, expanded,
				     strlen(expanded));
		free(expanded);
		return 0;
	}
	*out = NULL;
	if (scope->missing_role != NULL)
		ou_error_set(err, "no host in %s has role '%s', which "
			     "{{" PLAN_ADDRESS_PREFIX "%s}} needs",
			     scope->inv->path, scope->missing_role,
			     scope->missing_role);
	free(scope->missing_role);
	scope->missing_role = NULL;
	return ou_error_prefix(err, "step %s (%s:%u), host %s", scope->step->id,
			       scope->rb->path, scope->step->line,
			       scope->host->name);
}

/* ---- describing actions ---------------------------------------------- */

static const char *
plan_state_word(enum rb_service_state state)
{
	return state == RB_STATE_DOWN ? "down" : "up";
}

static void
plan_describe_nova_service(const struct rb_action *act, const char *host,
			   struct strbuf *sb)
{
	const char *status = act->status == RB_STATUS_ENABLED ? "enabled"
			   : act->status == RB_STATUS_DISABLED ? "disabled"
			   : NULL;

	strbuf_addstrs(sb, "nova: check that ", act->binary, " on ", host,
		       " ", (char *)NULL);
	if (act->state != RB_STATE_ANY && status != NULL)
		strbuf_addstrs(sb, "is ", plan_state_word(act->state), " and ",
			       status, (char *)NULL);
	else if (act->state != RB_STATE_ANY)
		strbuf_addstrs(sb, "is ", plan_state_word(act->state),
			       (char *)NULL);
	else if (status != NULL)
		strbuf_addstrs(sb, "is ", status, (char *)NULL);
	else
		strbuf_adds(sb, "is registered");
}

static void
plan_describe_ini_ref(const struct rb_ini_ref *ref, struct strbuf *sb)
{
	strbuf_addf(sb, "[%s] %s", ref->section, ref->option);
}

static void
plan_describe_ini_set(const struct rb_action *act, const char *value,
		      struct strbuf *sb)
{
	strbuf_adds(sb, "set ");
	plan_describe_ini_ref(&act->ini, sb);
	strbuf_adds(sb, " = ");
	if (value != NULL) {
		strbuf_adds(sb, value);
	} else {
		/* value-from names a secret: say where it is, never what. */
		strbuf_adds(sb, "<value of ");
		plan_describe_ini_ref(&act->value_from, sb);
		strbuf_addf(sb, " in %s on this host>", act->value_from.file);
	}
	strbuf_addf(sb, " in %s", act->ini.file);
	if (act->only_if_unset)
		strbuf_adds(sb, " (only if it is not set yet)");
}

static const char *
plan_prefer_word(enum rb_prefer prefer)
{
	switch (prefer) {
	case RB_PREFER_NEW:
		return "new";
	case RB_PREFER_MINE:
		return "mine";
	case RB_PREFER_MERGE:
		break;
	}
	return "merge";
}

static void
plan_describe_review(const struct rb_action *act, struct strbuf *sb)
{
	strbuf_adds(sb, "review *.rpmnew files of packages");
	for (size_t i = 0; i < act->n_packages; i++)
		strbuf_addf(sb, " '%s'", act->packages[i]);
	strbuf_addf(sb, " (prefer %s", plan_prefer_word(act->prefer));
	for (size_t i = 0; i < act->n_carry; i++)
		strbuf_addf(sb, "%s%s", i > 0 ? ", " : "; keep ",
			    act->carry[i]);
	strbuf_adds(sb, ")");
}

static void
plan_describe_migrate(const struct rb_action *act, const char *host,
		      struct strbuf *sb)
{
	switch (act->migrate) {
	case RB_MIGRATE_ASK:
		strbuf_addstrs(sb, "move instances off ", host,
			       " (live or cold: ask)", (char *)NULL);
		break;
	case RB_MIGRATE_LIVE:
		strbuf_addstrs(sb, "move instances off ", host,
			       " (live migration)", (char *)NULL);
		break;
	case RB_MIGRATE_COLD:
		strbuf_addstrs(sb, "move instances off ", host,
			       " (cold migration)", (char *)NULL);
		break;
	case RB_MIGRATE_NONE:
		strbuf_addstrs(sb, "leave instances on ", host,
			       " (no migration)", (char *)NULL);
		break;
	}
}

/* The one-line description of an action that is not a shell command,
 * appended to sb.  Nova knows a host by its Nova name, so the API texts
 * use that. */
static void
plan_describe(const struct rb_action *act, const struct inv_host *host,
	      const struct plan_call *call, struct strbuf *sb)
{
	const char *nova_host = inv_host_nova_name(host);

	switch (act->kind) {
	case RB_ACTION_NOVA_DISABLE:
		strbuf_addstrs(sb, "nova: disable ", act->binary, " on ",
			       nova_host, " (reason: ", call->reason, ")",
			       (char *)NULL);
		break;
	case RB_ACTION_NOVA_ENABLE:
		strbuf_addstrs(sb, "nova: enable ", act->binary, " on ",
			       nova_host, (char *)NULL);
		break;
	case RB_ACTION_WAIT_SERVICE:
		strbuf_addstrs(sb, "nova: wait until ", act->binary, " on ",
			       nova_host, " is ", plan_state_word(act->state),
			       (char *)NULL);
		strbuf_addf(sb, " (at most %u s)", act->timeout_s);
		break;
	case RB_ACTION_NOVA_SERVICE:
		plan_describe_nova_service(act, nova_host, sb);
		break;
	case RB_ACTION_INI_SET:
		plan_describe_ini_set(act, call->value, sb);
		break;
	case RB_ACTION_INI_COMMENT:
		strbuf_adds(sb, "comment out ");
		plan_describe_ini_ref(&act->ini, sb);
		strbuf_addf(sb, " in %s", act->ini.file);
		break;
	case RB_ACTION_REVIEW_RPMNEW:
		plan_describe_review(act, sb);
		break;
	case RB_ACTION_MIGRATE:
		plan_describe_migrate(act, nova_host, sb);
		break;
	case RB_ACTION_RUN:
	case RB_ACTION_CHECK:
		break;
	}
}

/* ---- building units -------------------------------------------------- */

static int
plan_call_fill(struct plan_scope *scope, const struct rb_action *act,
	       struct plan_call *call, struct ou_error *err)
{
	call->action = act;
	if (act->kind == RB_ACTION_RUN || act->kind == RB_ACTION_CHECK)
		return plan_expand(scope, act->command, TEMPLATE_SHELL,
				   &call->text, err);
	if (plan_expand(scope, act->reason, TEMPLATE_PLAIN, &call->reason,
			err) < 0 ||
	    plan_expand(scope, act->value, TEMPLATE_PLAIN, &call->value,
			err) < 0)
		return -1;
	strbuf_reset(&scope->scratch);
	plan_describe(act, scope->host, call, &scope->scratch);
	call->text = arena_strndup(scope->plan->arena,
				   strbuf_str(&scope->scratch),
				   scope->scratch.len);
	return 0;
}

/* The same on every host: the runbook's own texts (no hole in them)
 * and a description that names no host (plan_describe() names it in
 * the Nova actions' only). */
static bool
plan_call_is_shared(const struct plan_call *call)
{
	const struct rb_action *act = call->action;

	switch (act->kind) {
	case RB_ACTION_RUN:
	case RB_ACTION_CHECK:
		return call->text == act->command;
	case RB_ACTION_INI_SET:
	case RB_ACTION_INI_COMMENT:
	case RB_ACTION_REVIEW_RPMNEW:
		return call->reason == act->reason && call->value == act->value;
	default:
		return false;
	}
}

static bool
plan_calls_are_shared(const struct plan_call *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!plan_call_is_shared(&calls[i]))
			return false;
	return true;
}

/* The step's main call: the memo's, or made for this host. */
static int
plan_main_call_fill(struct plan_scope *scope, struct plan_call *call,
		    struct ou_error *err)
{
	struct plan_step_memo *memo = scope->memo;

	if (memo->call_shared) {
		*call = memo->call;
		return 0;
	}
	if (plan_call_fill(scope, &scope->step->action, call, err) < 0)
		return -1;
	if (!memo->made) {
		memo->call_shared = plan_call_is_shared(call);
		memo->call = *call;
	}
	return 0;
}

/* A list of calls: the memo's *shared, or made for this host. */
static int
plan_calls_fill(struct plan_scope *scope, const struct rb_action *acts,
		size_t n, struct plan_call **shared, struct plan_call **out,
		struct ou_error *err)
{
	if (*shared != NULL) {
		*out = *shared;
		return 0;
	}
	*out = arena_calloc(scope->plan->arena, n, sizeof **out);
	for (size_t i = 0; i < n; i++)
		if (plan_call_fill(scope, &acts[i], &(*out)[i], err) < 0)
			return -1;
	if (!scope->memo->made && plan_calls_are_shared(*out, n))
		*shared = *out;
	return 0;
}

static int
plan_target_fill(struct plan_scope *scope, struct plan_target *target,
		 struct ou_error *err)
{
	const struct rb_step *step = scope->step;
	struct plan_step_memo *memo = scope->memo;

	target->host = scope->host;
	target->n_before = step->n_before;
	target->n_after = step->n_after;
	if (plan_main_call_fill(scope, &target->call, err) < 0 ||
	    plan_expand(scope, step->probe, TEMPLATE_SHELL, &target->probe,
			err) < 0 ||
	    plan_calls_fill(scope, step->before, step->n_before, &memo->before,
			    &target->before, err) < 0 ||
	    plan_calls_fill(scope, step->after, step->n_after, &memo->after,
			    &target->after, err) < 0)
		return -1;
	memo->made = true;
	return 0;
}

/* plan->units was sized by plan_alloc_units(). */
static struct plan_unit *
plan_unit_add(struct plan_scope *scope, const struct rb_phase *phase,
	      size_t phase_index, size_t step_index)
{
	struct plan *plan = scope->plan;
	struct plan_unit *unit = &plan->units[plan->n_units];

	*unit = (struct plan_unit){
		.index = plan->n_units,
		.phase = phase,
		.phase_index = phase_index,
		.step = &phase->steps[step_index],
		.step_index = step_index,
		.n_batches = 1,
	};
	plan->n_units++;
	return unit;
}

static int
plan_unit_fill(struct plan_unit *unit, struct plan_scope *scope,
	       const struct inv_host *const *hosts, size_t n,
	       struct ou_error *err)
{
	unit->targets = arena_calloc(scope->plan->arena, n,
				     sizeof *unit->targets);
	unit->n_targets = n;
	scope->step = unit->step;
	scope->memo = &scope->memos[scope->phase_steps[unit->phase_index] +
				    unit->step_index];
	for (size_t i = 0; i < n; i++) {
		scope->host = hosts[i];
		if (plan_target_fill(scope, &unit->targets[i], err) < 0)
			return -1;
	}
	return 0;
}

static size_t
plan_batch_count(size_t n_hosts, size_t size)
{
	if (size == 0 || n_hosts == 0)
		return 1;
	return (n_hosts + size - 1) / size;
}

/* The hosts of batch b: a slice of hosts. */
static size_t
plan_batch_slice(const struct plan_hosts *hosts, size_t size, size_t b,
		 const struct inv_host *const **first)
{
	size_t start;

	if (size == 0) {
		*first = hosts->hosts;
		return hosts->n;
	}
	start = b * size;
	*first = hosts->hosts + start;
	return hosts->n - start < size ? hosts->n - start : size;
}

/* A selector that matched nothing: a skipped unit if the step allows it. */
static int
plan_add_skipped(struct plan *plan, struct plan_scope *scope,
		 size_t phase_index, size_t step_index, struct ou_error *err)
{
	const struct rb_phase *phase = &plan->runbook->phases[phase_index];

	scope->step = &phase->steps[step_index];
	if (!scope->step->skip_if_no_host)
		return plan_no_host_error(scope, phase, err);
	plan_unit_add(scope, phase, phase_index, step_index);
	return 0;
}

static int
plan_add_step(struct plan *plan, struct plan_scope *scope,
	      size_t phase_index, size_t step_index, struct ou_error *err)
{
	const struct rb_phase *phase = &plan->runbook->phases[phase_index];
	const struct rb_step *step = &phase->steps[step_index];
	const struct plan_hosts *hosts = plan_select(scope, &step->hosts);
	size_t n_batches;
	int rc = 0;

	if (hosts->n == 0)
		return plan_add_skipped(plan, scope, phase_index, step_index,
					err);
	n_batches = plan_batch_count(hosts->n, step->batch.size);
	for (size_t b = 0; b < n_batches && rc == 0; b++) {
		struct plan_unit *unit = plan_unit_add(scope, phase, phase_index,
						       step_index);
		const struct inv_host *const *first;
		size_t n = plan_batch_slice(hosts, step->batch.size, b, &first);

		unit->batch_index = b;
		unit->n_batches = n_batches;
		rc = plan_unit_fill(unit, scope, first, n, err);
	}
	return rc;
}

static int
plan_add_rolling_batch(struct plan *plan, struct plan_scope *scope,
		       size_t phase_index, const struct plan_hosts *hosts,
		       size_t b, struct ou_error *err)
{
	const struct rb_phase *phase = &plan->runbook->phases[phase_index];
	size_t size = phase->rolling_batch.size;
	size_t n_batches = plan_batch_count(hosts->n, size);
	const struct inv_host *const *first;
	size_t n = plan_batch_slice(hosts, size, b, &first);

	for (size_t s = 0; s < phase->n_steps; s++) {
		struct plan_unit *unit = plan_unit_add(scope, phase, phase_index,
						       s);

		unit->batch_index = b;
		unit->n_batches = n_batches;
		if (plan_unit_fill(unit, scope, first, n, err) < 0)
			return -1;
	}
	return 0;
}

/* A rolling phase finishes all its steps on one batch before the next
 * batch starts: that is what keeps the other computes serving. */
static int
plan_add_rolling(struct plan *plan, struct plan_scope *scope,
		 size_t phase_index, struct ou_error *err)
{
	const struct rb_phase *phase = &plan->runbook->phases[phase_index];
	const struct plan_hosts *hosts = plan_select(scope,
						     &phase->rolling_hosts);
	size_t n_batches;
	int rc = 0;

	if (hosts->n == 0) {
		for (size_t s = 0; s < phase->n_steps && rc == 0; s++)
			rc = plan_add_skipped(plan, scope, phase_index, s, err);
		return rc;
	}
	n_batches = plan_batch_count(hosts->n, phase->rolling_batch.size);
	for (size_t b = 0; b < n_batches && rc == 0; b++)
		rc = plan_add_rolling_batch(plan, scope, phase_index, hosts, b,
					    err);
	return rc;
}

/* The units the phase will have, as plan_add_phase() makes them: its
 * steps' batches, or a skipped unit for a step with no host. */
static size_t
plan_count_phase_units(struct plan_scope *scope, const struct rb_phase *phase)
{
	const struct plan_hosts *hosts;
	size_t n = 0;

	if (phase->rolling) {
		hosts = plan_select(scope, &phase->rolling_hosts);
		return phase->n_steps *
		       (hosts->n == 0 ? 1 : plan_batch_count(
				hosts->n, phase->rolling_batch.size));
	}
	for (size_t s = 0; s < phase->n_steps; s++) {
		const struct rb_step *step = &phase->steps[s];

		hosts = plan_select(scope, &step->hosts);
		n += hosts->n == 0 ? 1 : plan_batch_count(hosts->n,
							  step->batch.size);
	}
	return n;
}

static void
plan_alloc_memos(struct plan_scope *scope)
{
	scope->phase_steps = runbook_phase_offsets(scope->rb);
	scope->memos = xcalloc(scope->phase_steps[scope->rb->n_phases] + 1,
			       sizeof *scope->memos);
}

/* Counted first, so that the 20,000 units of 2,000 computes are not
 * copied as their array grows. */
static void
plan_alloc_units(struct plan_scope *scope)
{
	const struct runbook *rb = scope->rb;
	size_t n = 0;

	for (size_t p = 0; p < rb->n_phases; p++)
		n += plan_count_phase_units(scope, &rb->phases[p]);
	scope->plan->units = xcalloc(n + 1, sizeof *scope->plan->units);
}

static int
plan_add_phase(struct plan *plan, struct plan_scope *scope,
	       size_t phase_index, struct ou_error *err)
{
	const struct rb_phase *phase = &plan->runbook->phases[phase_index];

	if (phase->rolling)
		return plan_add_rolling(plan, scope, phase_index, err);
	for (size_t s = 0; s < phase->n_steps; s++)
		if (plan_add_step(plan, scope, phase_index, s, err) < 0)
			return -1;
	return 0;
}

int
plan_build(const struct runbook *rb, const struct inventory *inv,
	   struct plan **out, struct ou_error *err)
{
	struct plan_scope scope = { .rb = rb, .inv = inv,
				    .scratch = STRBUF_INIT };
	struct plan *plan;
	int rc = 0;

	*out = NULL;
	if (plan_check_inventory(rb, inv, err) < 0)
		return -1;
	plan = xcalloc(1, sizeof *plan);
	plan->runbook = rb;
	plan->inventory = inv;
	plan->arena = arena_new();
	scope.plan = plan;
	plan_alloc_units(&scope);
	plan_alloc_memos(&scope);
	for (size_t p = 0; p < rb->n_phases && rc == 0; p++)
		rc = plan_add_phase(plan, &scope, p, err);
	strbuf_release(&scope.scratch);
	plan_selections_free(&scope);
	free(scope.memos);
	free(scope.phase_steps);
	free(scope.missing_role);
	if (rc < 0) {
		plan_free(plan);
		return -1;
	}
	*out = plan;
	return 0;
}

void
plan_free(struct plan *plan)
{
	if (plan == NULL)
		return;
	arena_free(plan->arena);
	free(plan->units);
	free(plan);
}
