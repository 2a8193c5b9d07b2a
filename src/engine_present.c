/* engine_present: the texts the operator reads before deciding.
 *
 * A unit is shown the way `openstack-upgrade plan` shows it (the plan's
 * own rendering, limited to the hosts this confirmation covers), then
 * what the plan describes in words is shown as it is sent (the exact
 * openstack-config line, the backup and the file edit, the .rpmnew
 * listing, each migration), then the gates, then any warning.  The text
 * is built only from the engine's state, so building it again gives the
 * same bytes as long as nothing changed: that is what lets
 * engine_confirm() compare digests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "xalloc.h"

/* The plan unit whose heading and numbering the current unit takes: its
 * own, or in a rolling phase the one holding its first host. */
static size_t
present_base_unit(const struct engine *e)
{
	const struct engine_unit *u = &e->cur;

	if (u->plan_unit != ENGINE_NONE)
		return u->plan_unit;
	for (size_t i = 0; i < e->plan->n_units; i++) {
		const struct plan_unit *pu = &e->plan->units[i];
		size_t g = e->phase_first_step[pu->phase_index] +
			   pu->step_index;

		if (g != u->step)
			continue;
		for (size_t t = 0; t < pu->n_targets; t++)
			if (pu->targets[t].host ==
			    &e->inv->hosts[u->hosts[0]])
				return i;
	}
	return 0;
}

/* The plan's text for the unit, on these hosts only. */
static void
present_plan_text(struct engine *e, const size_t *hosts, size_t n,
		  struct strbuf *out)
{
	size_t index = present_base_unit(e);
	struct plan copy = *e->plan;
	struct plan_unit *units = xcalloc(copy.n_units, sizeof *units);
	struct plan_target *targets = xcalloc(n + 1, sizeof *targets);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memcpy(units, e->plan->units, copy.n_units * sizeof *units);
	for (size_t i = 0; i < n; i++)
		targets[i] = *engine_target_at(e, e->cur.step, hosts[i]);
	units[index].targets = targets;
	units[index].n_targets = n;
	units[index].batch_index = e->cur.batch_no - 1;
	units[index].n_batches = e->cur.n_batches;
	copy.units = units;
	f = open_memstream(&buf, &len);
	if (f != NULL) {
		plan_format_unit(&copy, index, f, e->opt.width);
		fclose(f);
		strbuf_add(out, buf, len);
	}
	free(buf);
	free(targets);
	free(units);
}

static void
present_hosts_in_state(struct engine *e, enum engine_state state,
		       size_t **hosts, size_t *n)
{
	*hosts = xcalloc(e->cur.n_hosts + 1, sizeof **hosts);
	*n = 0;
	for (size_t i = 0; i < e->cur.n_hosts; i++)
		if (engine_cell_at(e, e->cur.step, e->cur.hosts[i])->state ==
		    state)
			(*hosts)[(*n)++] = e->cur.hosts[i];
}

static bool
present_action_is_words(const struct rb_action *act)
{
	switch (act->kind) {
	case RB_ACTION_INI_SET:
	case RB_ACTION_INI_COMMENT:
	case RB_ACTION_REVIEW_RPMNEW:
	case RB_ACTION_MIGRATE:
		return true;
	default:
		return false;
	}
}

static void
present_indented(struct strbuf *out, const char *indent, const char *text)
{
	const char *line = text;

	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);

		strbuf_addf(out, "%s%.*s\n", indent, (int)len, line);
		line += len + (nl != NULL);
	}
}

/* Hosts that send the very same text share one paragraph. */
static void
present_exact(struct engine *e, const size_t *hosts, size_t n,
	      struct strbuf *out)
{
	struct strbuf *texts = xcalloc(n + 1, sizeof *texts);
	bool *shown = xcalloc(n + 1, sizeof *shown);

	for (size_t i = 0; i < n; i++)
		engine_program_action_lines(e, e->cur.step, hosts[i],
					    &texts[i]);
	strbuf_adds(out, "\n  Sent exactly:\n");
	for (size_t i = 0; i < n; i++) {
		if (shown[i])
			continue;
		strbuf_addf(out, "    on %s", engine_host_name(e, hosts[i]));
		for (size_t j = i + 1; j < n; j++)
			if (!shown[j] && strcmp(strbuf_str(&texts[i]),
						strbuf_str(&texts[j])) == 0) {
				shown[j] = true;
				strbuf_addf(out, " %s",
					    engine_host_name(e, hosts[j]));
			}
		strbuf_adds(out, ":\n");
		if (texts[i].len == 0)
			strbuf_adds(out, "      (nothing: no instance to move)\n");
		present_indented(out, "      ", strbuf_str(&texts[i]));
	}
	for (size_t i = 0; i < n; i++)
		strbuf_release(&texts[i]);
	free(texts);
	free(shown);
}

static void
present_bug_1250751(struct strbuf *out)
{
	strbuf_adds(out, "\n  Warning: the compute RPC API is capped below 3.32, "
		    "so a live migration\n  takes the old code path that Nova "
		    "itself warns is buggy with shared\n  block storage (nova "
		    "bug 1250751). Cold migration avoids it.\n");
}

static void
present_migration(struct engine *e, struct strbuf *out)
{
	const struct engine_unit *u = &e->cur;

	if (u->mig_mode == RB_MIGRATE_NONE) {
		strbuf_adds(out, "\n  You chose to leave the instances where "
			    "they are: nothing is sent.\n");
		return;
	}
	if (u->mig_mode == RB_MIGRATE_LIVE &&
	    engine_capped_below_332(e, u->step))
		present_bug_1250751(out);
	if (u->mig_mode == RB_MIGRATE_COLD && u->mig_read &&
	    !u->mig_cold_names_target)
		strbuf_adds(out, "\n  Warning: this cloud's compute API cannot "
			    "name the target of a cold\n  migration (that "
			    "needs 2.56): Nova's scheduler picks it among the "
			    "enabled\n  computes, which may include computes "
			    "not on Juno yet. The targets\n  above are where "
			    "there is room; disable the computes not yet "
			    "upgraded\n  first, or use live migration.\n");
}

static void
present_gates(struct engine *e, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	engine_gates_describe(e, &sb);
	if (sb.len == 0)
		return;
	strbuf_adds(out, "\n  Gates (read-only; a failure stops the host "
		    "before its action):\n");
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Hosts coming back after an unknown outcome or a retry say so. */
static void
present_history(struct engine *e, const size_t *hosts, size_t n,
		struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct engine_cell *c =
			engine_cell_at(e, e->cur.step, hosts[i]);

		if (c->note == NULL)
			continue;
		/* Its first line: the whole story was shown when it
		 * happened, and is in the journal. */
		strbuf_addf(out, "\n  Before, on %s: %.*s\n",
			    engine_host_name(e, hosts[i]),
			    (int)strcspn(c->note, "\n"), c->note);
	}
}

void
engine_present_unit(struct engine *e, struct strbuf *out)
{
	const struct rb_step *step = e->steps[e->cur.step];
	size_t *hosts;
	size_t n;
	char *list;

	present_hosts_in_state(e, ENGINE_PENDING, &hosts, &n);
	present_plan_text(e, hosts, n, out);
	if (present_action_is_words(&step->action) &&
	    !(step->action.kind == RB_ACTION_MIGRATE &&
	      e->cur.mig_mode == RB_MIGRATE_NONE))
		present_exact(e, hosts, n, out);
	if (step->action.kind == RB_ACTION_MIGRATE)
		present_migration(e, out);
	if (step->action.kind == RB_ACTION_REVIEW_RPMNEW)
		strbuf_adds(out, "\n  Then each file listed and its .rpmnew "
			    "are read (sftp, at most 4 MiB\n  each; the "
			    "journal keeps their SHA-256s, not their bytes) "
			    "and the\n  review is asked for: nothing on the "
			    "hosts changes before you confirm\n  its plan.\n");
	present_gates(e, out);
	present_history(e, hosts, n, out);
	list = engine_host_list(e, hosts, n);
	strbuf_addf(out, "\n  Confirming runs this step on %s, and nothing "
		    "else.\n", list);
	free(list);
	free(hosts);
}

void
engine_present_mig_read(struct engine *e, struct strbuf *out)
{
	size_t *hosts;
	size_t n;
	char *list;

	present_hosts_in_state(e, ENGINE_PENDING, &hosts, &n);
	present_plan_text(e, hosts, n, out);
	list = engine_host_list(e, hosts, n);
	strbuf_addf(out, "\n  You chose %s migration. First, read from Nova "
		    "(read-only):\n"
		    "    nova: list the instances on %s, with their flavors\n"
		    "    nova: list the computes with their state and free "
		    "RAM, vCPUs and disk\n"
		    "  Then the moves are planned and shown for confirmation; "
		    "nothing moves yet.\n",
		    e->cur.mig_mode == RB_MIGRATE_LIVE ? "live" : "cold", list);
	if (e->cur.mig_mode == RB_MIGRATE_LIVE &&
	    engine_capped_below_332(e, e->cur.step))
		present_bug_1250751(out);
	free(list);
	free(hosts);
}

void
engine_present_probe(struct engine *e, struct strbuf *out)
{
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];
		const struct engine_cell *c = engine_cell_at(e, e->cur.step, h);
		char *probe;

		if (c->state != ENGINE_UNKNOWN || c->probed)
			continue;
		probe = engine_probe_for(e, e->cur.step, h);
		if (probe != NULL)
			strbuf_addf(out, "    on %s:\n      $ %s\n",
				    engine_host_name(e, h), probe);
		free(probe);
	}
}

void
engine_present_unknown(struct engine *e, struct strbuf *out)
{
	const struct rb_step *step = e->steps[e->cur.step];
	bool probe_left = false;
	bool has_probe = false;

	strbuf_addf(out, "Step %s (%s): the outcome is unknown on:\n",
		    step->id, step->title);
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];
		const struct engine_cell *c = engine_cell_at(e, e->cur.step, h);

		if (c->state != ENGINE_UNKNOWN)
			continue;
		strbuf_addf(out, "  %s: %s\n", engine_host_name(e, h),
			    c->note != NULL ? c->note : "no outcome recorded");
		if (c->evidence != NULL)
			present_indented(out, "    ", c->evidence);
		char *probe = engine_probe_for(e, e->cur.step, h);

		has_probe |= probe != NULL;
		probe_left |= !c->probed && probe != NULL;
		free(probe);
	}
	if (probe_left) {
		strbuf_adds(out, "\nThe step's probe tells whether it took effect "
			    "(exit 0: it did). Confirm to run it (read-only):\n");
		engine_present_probe(e, out);
	} else if (!has_probe) {
		strbuf_adds(out, "\nThis step has no probe: look on the host "
			    "yourself before deciding.\n");
	}
	strbuf_adds(out, "\nFor each host, decide: re-run the step (it is "
		    "shown again for confirmation), mark it done, or mark it "
		    "failed.\n");
}

/* What a failed host means in a rolling phase: where the batch stands. */
static void
present_rolling_advice(struct engine *e, const size_t *hosts, size_t n,
		       struct strbuf *out)
{
	size_t p = e->cur.phase;
	char *list = engine_host_list(e, e->cur.batch, e->cur.n_batch);

	strbuf_addf(out, "\nThe batch (%s) stops here: no further step runs "
		    "on it until this is resolved.\n", list);
	free(list);
	for (size_t i = 0; i < n; i++)
		for (size_t g = e->phase_first_step[p];
		     g < e->phase_first_step[p + 1]; g++) {
			if (e->steps[g]->action.kind != RB_ACTION_NOVA_DISABLE ||
			    engine_cell_at(e, g, hosts[i])->state != ENGINE_DONE)
				continue;
			strbuf_addf(out, "%s stays disabled in Nova (no new "
				    "servers land on it) until the rollout "
				    "enables it.\n",
				    engine_host_name(e, hosts[i]));
		}
}

static void
present_gate_failure(struct engine *e, struct strbuf *out)
{
	strbuf_addf(out, "A gate of step %s failed:\n",
		    e->steps[e->cur.step]->id);
	present_indented(out, "  ", e->cur.gate_failure != NULL
					? e->cur.gate_failure : "?");
	strbuf_adds(out, "\nFix what the gate found and retry (the step is "
		    "shown again), skip the step with a reason, or override "
		    "the gate with a typed reason if you know it is safe "
		    "(journaled).\n");
}

void
engine_present_failed(struct engine *e, struct strbuf *out)
{
	const struct rb_step *step = e->steps[e->cur.step];
	size_t *hosts;
	size_t n;

	if (e->cur.gates_state == ENGINE_GATES_FAILED) {
		present_gate_failure(e, out);
		return;
	}
	present_hosts_in_state(e, ENGINE_FAILED, &hosts, &n);
	strbuf_addf(out, "Step %s (%s) failed on:\n", step->id, step->title);
	for (size_t i = 0; i < n; i++) {
		const struct engine_cell *c = engine_cell_at(e, e->cur.step,
							     hosts[i]);

		strbuf_addf(out, "  %s:%s\n", engine_host_name(e, hosts[i]),
			    c->gate_failed ? " (a gate: the action did not run)"
					   : "");
		present_indented(out, "    ", c->note != NULL ? c->note : "?");
	}
	if (e->rb->phases[e->cur.phase].rolling)
		present_rolling_advice(e, hosts, n, out);
	strbuf_adds(out, "\nWhat to do: find the cause from the output above "
		    "and fix it on the host, then retry (the step is shown "
		    "again for confirmation); or skip it with a reason; or "
		    "quit: running the tool again resumes right here.\n");
	free(hosts);
}
