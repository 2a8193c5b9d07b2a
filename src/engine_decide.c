/* engine_decide: the operator's decisions (see include/engine.h).
 *
 * Each decision is checked against the prompt the engine is showing: a
 * decision the prompt does not ask for is refused, so no interface can
 * confirm what it has not shown or decide for a host it was not asked
 * about.  Every decision that changes a state is journaled before the
 * state changes. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "xalloc.h"

static const char *const prompt_names[] = {
	[ENGINE_PROMPT_BUSY] = "nothing: actions are running",
	[ENGINE_PROMPT_CONFIRM] = "a confirmation",
	[ENGINE_PROMPT_FAILED] = "what to do about a failure",
	[ENGINE_PROMPT_GATE] = "what to do about a failed gate",
	[ENGINE_PROMPT_UNKNOWN] = "a decision about an unknown outcome",
	[ENGINE_PROMPT_HOSTKEY] = "a host key decision",
	[ENGINE_PROMPT_BATCH_SIZE] = "a batch size",
	[ENGINE_PROMPT_MIGRATION] = "a migration mode",
	[ENGINE_PROMPT_STOPPED] = "nothing: it stopped",
	[ENGINE_PROMPT_DONE] = "nothing: the upgrade is done",
	[ENGINE_PROMPT_REVIEW] = "a review of .rpmnew files",
};

static int
decide_allowed(struct engine *e, enum engine_choice choice, const char *what,
	       struct ou_error *err)
{
	if (e->opt.readonly)
		return ou_error_set(err, "cannot %s: the upgrade is only being "
				    "read", what);
	if (e->prompt.choices & choice)
		return 0;
	return ou_error_set(err, "cannot %s now: the engine asks for %s", what,
			    prompt_names[e->prompt.kind]);
}

static bool
decide_reason_given(const char *reason)
{
	for (const char *p = reason; p != NULL && *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return true;
	return false;
}

static size_t
decide_prompt_host(const struct engine *e, size_t i)
{
	return engine_host_index(e, e->prompt.hosts[i]);
}

int
engine_confirm(struct engine *e, const char *digest, struct ou_error *err)
{
	char *shown;
	int rc;

	/* What would run now, not what ran when the text was made. */
	engine_refresh(e);
	if (decide_allowed(e, ENGINE_CHOICE_CONFIRM, "confirm", err) < 0)
		return -1;
	if (digest == NULL || e->prompt.digest == NULL ||
	    strcmp(digest, e->prompt.digest) != 0)
		return ou_error_set(err, "refused: the text confirmed (sha256 "
				    "%.12s) is not what would run now (sha256 "
				    "%.12s); show it again",
				    digest != NULL ? digest : "none",
				    e->prompt.digest != NULL
				    ? e->prompt.digest : "none");
	shown = xstrdup(e->prompt.text);
	switch (e->prompt.kind) {
	case ENGINE_PROMPT_UNKNOWN:
		rc = engine_run_probes(e, shown, err);
		break;
	default:
		if (e->steps[e->cur.step]->action.kind == RB_ACTION_MIGRATE &&
		    e->cur.mig_mode != RB_MIGRATE_NONE && !e->cur.mig_read)
			rc = engine_run_mig_read(e, shown, err);
		else
			rc = engine_run_confirmed(e, shown, err);
		break;
	}
	free(shown);
	engine_refresh(e);
	return rc;
}

int
engine_apply_review(struct engine *e, const char *digest,
		    struct ou_error *err)
{
	int rc;

	/* The reviews, as the engine has them now. */
	engine_refresh(e);
	if (decide_allowed(e, ENGINE_CHOICE_REVIEW, "apply a review", err) < 0)
		return -1;
	rc = engine_review_apply(e, digest, err);
	engine_refresh(e);
	return rc;
}

static void
decide_forget_unit_work(struct engine *e)
{
	struct engine_unit *u = &e->cur;

	u->gates_state = ENGINE_GATES_NONE;
	free(u->gate_failure);
	u->gate_failure = NULL;
	u->mig_chosen = false;
	engine_unit_forget_migration(u);
	engine_review_forget(u);
}

static void
decide_cell_clear(struct engine_cell *cell)
{
	engine_cell_reset_program(cell);
	cell->gate_failed = false;
	cell->probing = false;
	cell->probed = false;
	free(cell->evidence);
	cell->evidence = NULL;
}

int
engine_skip(struct engine *e, const char *reason, struct ou_error *err)
{
	size_t n = e->prompt.n_hosts;
	size_t *hosts;
	char *list;
	int rc;

	if (decide_allowed(e, ENGINE_CHOICE_SKIP, "skip", err) < 0)
		return -1;
	if (!decide_reason_given(reason))
		return ou_error_set(err, "a skip needs a reason: it goes in "
				    "the journal for whoever reads it later");
	hosts = xcalloc(n + 1, sizeof *hosts);
	for (size_t i = 0; i < n; i++)
		hosts[i] = decide_prompt_host(e, i);
	list = engine_host_list(e, hosts, n);
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_SKIP, .unit = e->cur.key,
		.step = e->steps[e->cur.step]->id, .host = list,
		.what = "skip", .text = reason, .exit_status = -1,
	}, err);
	free(list);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct engine_cell *cell = engine_cell_at(e, e->cur.step,
							  hosts[i]);

		decide_cell_clear(cell);
		free(cell->note);
		cell->note = xstrdup(reason);
		engine_set_state(e, e->cur.step, hosts[i], ENGINE_SKIPPED);
	}
	if (rc == 0)
		decide_forget_unit_work(e);
	free(hosts);
	engine_refresh(e);
	return rc;
}

int
engine_retry(struct engine *e, struct ou_error *err)
{
	if (decide_allowed(e, ENGINE_CHOICE_RETRY, "retry", err) < 0)
		return -1;
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];
		struct engine_cell *cell = engine_cell_at(e, e->cur.step, h);

		if (cell->state != ENGINE_FAILED &&
		    cell->state != ENGINE_CONFIRMED)
			continue;
		decide_cell_clear(cell);
		engine_set_state(e, e->cur.step, h, ENGINE_PENDING);
	}
	decide_forget_unit_work(e);
	engine_refresh(e);
	return 0;
}

static const char *const decision_words[] = {
	[ENGINE_DECIDE_RERUN] = "rerun",
	[ENGINE_DECIDE_MARK_DONE] = "mark-done",
	[ENGINE_DECIDE_MARK_FAILED] = "mark-failed",
};

static const enum engine_state decision_states[] = {
	[ENGINE_DECIDE_RERUN] = ENGINE_PENDING,
	[ENGINE_DECIDE_MARK_DONE] = ENGINE_DONE,
	[ENGINE_DECIDE_MARK_FAILED] = ENGINE_FAILED,
};

static const enum journal_outcome decision_outcomes[] = {
	[ENGINE_DECIDE_RERUN] = JOURNAL_OUTCOME_NONE,
	[ENGINE_DECIDE_MARK_DONE] = JOURNAL_OUTCOME_OK,
	[ENGINE_DECIDE_MARK_FAILED] = JOURNAL_OUTCOME_FAILED,
};

static size_t
decide_unit_host(struct engine *e, const char *host, struct ou_error *err)
{
	size_t h = engine_host_index(e, host);

	for (size_t i = 0; h != ENGINE_NONE && i < e->cur.n_hosts; i++)
		if (e->cur.hosts[i] == h)
			return h;
	ou_error_set(err, "host %s is not one of this step's hosts",
		     host != NULL ? host : "(none)");
	return ENGINE_NONE;
}

int
engine_decide_unknown(struct engine *e, const char *host,
		      enum engine_decision decision, struct ou_error *err)
{
	struct engine_cell *cell;
	char *text;
	size_t h;
	int rc;

	if (decide_allowed(e, ENGINE_CHOICE_DECIDE, "decide", err) < 0)
		return -1;
	h = decide_unit_host(e, host, err);
	if (h == ENGINE_NONE)
		return -1;
	cell = engine_cell_at(e, e->cur.step, h);
	if (cell->state != ENGINE_UNKNOWN)
		return ou_error_set(err, "%s: the outcome of %s is not unknown "
				    "there (it is %s)", host,
				    e->steps[e->cur.step]->id,
				    engine_state_name(cell->state));
	text = xasprintf("%s%s%s", cell->note != NULL ? cell->note : "",
			 cell->evidence != NULL ? "\n" : "",
			 cell->evidence != NULL ? cell->evidence : "");
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_DECIDE, .unit = e->cur.key,
		.step = e->steps[e->cur.step]->id, .host = host,
		.what = decision_words[decision], .text = text,
		.outcome = decision_outcomes[decision], .exit_status = -1,
	}, err);
	free(text);
	if (rc < 0)
		return -1;
	decide_cell_clear(cell);
	text = xasprintf("%s decided %s after: %s", e->opt.who,
			 decision_words[decision],
			 cell->note != NULL ? cell->note : "an unknown outcome");
	free(cell->note);
	cell->note = text;
	engine_set_state(e, e->cur.step, h, decision_states[decision]);
	engine_refresh(e);
	return 0;
}

static int
decide_journal_override(struct engine *e, const char *host,
			const char *reason, struct ou_error *err)
{
	return engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_OVERRIDE, .unit = e->cur.key,
		.step = e->steps[e->cur.step]->id, .host = host,
		.what = "gate", .text = reason, .exit_status = -1,
	}, err);
}

int
engine_override_gate(struct engine *e, const char *host, const char *reason,
		     struct ou_error *err)
{
	size_t h;

	if (decide_allowed(e, ENGINE_CHOICE_OVERRIDE, "override a gate",
			   err) < 0)
		return -1;
	if (!decide_reason_given(reason))
		return ou_error_set(err, "overriding a gate needs a typed "
				    "reason: it goes in the journal");
	if (e->cur.gates_state == ENGINE_GATES_FAILED) {
		if (decide_journal_override(e, NULL, reason, err) < 0)
			return -1;
		engine_run_gates_overridden(e);
		engine_refresh(e);
		return 0;
	}
	h = decide_unit_host(e, host, err);
	if (h == ENGINE_NONE)
		return -1;
	if (!engine_cell_at(e, e->cur.step, h)->gate_failed)
		return ou_error_set(err, "%s: no gate of %s failed there", host,
				    e->steps[e->cur.step]->id);
	if (decide_journal_override(e, host, reason, err) < 0)
		return -1;
	engine_run_resume_cell(e, e->cur.step, h);
	engine_refresh(e);
	return 0;
}

int
engine_accept_hostkey(struct engine *e, const char *fingerprint,
		      struct ou_error *err)
{
	size_t w = e->key_worker;
	char *text;
	int rc;

	if (decide_allowed(e, ENGINE_CHOICE_HOSTKEY, "accept a host key",
			   err) < 0)
		return -1;
	if (fingerprint == NULL ||
	    strcmp(fingerprint, e->worker_key[w].fingerprint) != 0)
		return ou_error_set(err, "refused: %s is not the key shown for "
				    "%s (%s)", fingerprint ? fingerprint : "none",
				    engine_host_name(e, w),
				    e->worker_key[w].fingerprint);
	text = xasprintf("%s %s", e->worker_key[w].type,
			 e->worker_key[w].fingerprint);
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_HOSTKEY, .host = engine_host_name(e, w),
		.what = "accept", .text = text, .exit_status = -1,
	}, err);
	free(text);
	if (rc == 0)
		engine_run_reconnect(e, w);
	engine_refresh(e);
	return rc;
}

int
engine_refuse_hostkey(struct engine *e, struct ou_error *err)
{
	if (decide_allowed(e, ENGINE_CHOICE_HOSTKEY, "refuse a host key",
			   err) < 0)
		return -1;
	engine_run_refuse_key(e, e->key_worker);
	engine_refresh(e);
	return 0;
}

int
engine_set_batch_size(struct engine *e, size_t size, struct ou_error *err)
{
	size_t p = e->prompt.kind == ENGINE_PROMPT_BATCH_SIZE
		 ? ENGINE_NONE : e->cur.phase;
	size_t max;
	char text[32];

	if (decide_allowed(e, ENGINE_CHOICE_BATCH, "set the batch size",
			   err) < 0)
		return -1;
	for (size_t i = 0; p == ENGINE_NONE && i < e->rb->n_phases; i++)
		if (e->rb->phases[i].rolling && !e->rolling[i].size_chosen &&
		    engine_rolling_left(e, i) > 0)
			p = i;
	max = engine_rolling_left(e, p);
	if (size == 0 || size > max)
		return ou_error_set(err, "batch size %zu: give 1 to %zu (the "
				    "hosts left in phase %s)", size, max,
				    e->rb->phases[p].id);
	snprintf(text, sizeof text, "%zu", size);
	if (engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_NOTE, .step = e->rb->phases[p].id,
		.what = "batch-size", .text = text, .exit_status = -1,
	}, err) < 0)
		return -1;
	e->rolling[p].size = size;
	e->rolling[p].size_chosen = true;
	engine_refresh(e);
	return 0;
}

int
engine_set_migration(struct engine *e, enum rb_migrate_mode mode,
		     struct ou_error *err)
{
	struct engine_unit *u = &e->cur;

	if (decide_allowed(e, ENGINE_CHOICE_MIGRATION,
			   "choose a migration mode", err) < 0)
		return -1;
	if (mode == RB_MIGRATE_ASK)
		return ou_error_set(err, "choose live, cold or none");
	u->mig_chosen = true;
	u->mig_mode = mode;
	engine_unit_forget_migration(u);
	engine_refresh(e);
	return 0;
}

void
engine_stop(struct engine *e)
{
	e->stopping = true;
	for (size_t i = 0; e->cur.valid && i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];

		if (engine_cell_at(e, e->cur.step, h)->state ==
		    ENGINE_CONFIRMED && !engine_run_active(e))
			engine_set_state(e, e->cur.step, h, ENGINE_PENDING);
	}
	engine_refresh(e);
}
