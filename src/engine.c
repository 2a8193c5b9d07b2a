/* engine: see include/engine.h.  This file holds the engine's life
 * (indexing the plan, replaying the journal, the workers' pipe), finding
 * the unit that comes next and the prompt for it.  The other concerns
 * are in src/engine_*.c (see src/engine_private.h).
 *
 * Why threads and a pipe: every remote command and API call blocks
 * (include/ssh.h, include/nova.h) for up to its timeout, and the hosts of
 * a batch must run at once while the interface stays responsive.  So
 * each host being acted on gets a worker thread that owns its ssh
 * connection, and workers report through one pipe that the interface
 * polls.  All engine state (the cells, the journal, the prompt) is
 * touched only on the caller's thread, in engine_dispatch() and the
 * decision functions: no state is shared, so no state needs a lock. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine_private.h"
#include "sha256.h"
#include "xalloc.h"

static const char *const state_names[] = {
	[ENGINE_PENDING] = "pending",
	[ENGINE_CONFIRMED] = "confirmed",
	[ENGINE_RUNNING] = "running",
	[ENGINE_DONE] = "done",
	[ENGINE_FAILED] = "failed",
	[ENGINE_SKIPPED] = "skipped",
	[ENGINE_UNKNOWN] = "unknown",
};

const char *
engine_state_name(enum engine_state state)
{
	return state_names[state];
}

bool
engine_state_terminal(enum engine_state state)
{
	return state == ENGINE_DONE || state == ENGINE_SKIPPED;
}

/* ---- indexing the plan ------------------------------------------------ */

size_t
engine_host_index(const struct engine *e, const char *name)
{
	for (size_t h = 0; name != NULL && h < e->n_hosts; h++)
		if (strcmp(e->inv->hosts[h].name, name) == 0)
			return h;
	return ENGINE_NONE;
}

size_t
engine_step_index(const struct engine *e, const char *id)
{
	for (size_t s = 0; id != NULL && s < e->n_steps; s++)
		if (strcmp(e->steps[s]->id, id) == 0)
			return s;
	return ENGINE_NONE;
}

const char *
engine_host_name(const struct engine *e, size_t host)
{
	return host < e->n_hosts ? e->inv->hosts[host].name : NULL;
}

static void
engine_index_steps(struct engine *e)
{
	const struct runbook *rb = e->rb;
	size_t g = 0;

	for (size_t p = 0; p < rb->n_phases; p++)
		e->n_steps += rb->phases[p].n_steps;
	e->steps = xcalloc(e->n_steps, sizeof *e->steps);
	e->step_phase = xcalloc(e->n_steps, sizeof *e->step_phase);
	e->phase_first_step = xcalloc(rb->n_phases + 1,
				      sizeof *e->phase_first_step);
	for (size_t p = 0; p < rb->n_phases; p++) {
		e->phase_first_step[p] = g;
		for (size_t s = 0; s < rb->phases[p].n_steps; s++, g++) {
			e->steps[g] = &rb->phases[p].steps[s];
			e->step_phase[g] = p;
		}
	}
	e->phase_first_step[rb->n_phases] = g;
}

/* Each (step, host) pair of the plan appears in exactly one unit, so the
 * cells can be keyed on it whatever the batches: that is what lets the
 * operator change a rolling phase's batch size mid-way. */
static void
engine_index_targets(struct engine *e)
{
	const struct plan *plan = e->plan;

	e->cells = xcalloc(e->n_steps * e->n_hosts + 1, sizeof *e->cells);
	e->targets = xcalloc(e->n_steps * e->n_hosts + 1, sizeof *e->targets);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];
		size_t g = e->phase_first_step[unit->phase_index] +
			   unit->step_index;

		for (size_t t = 0; t < unit->n_targets; t++) {
			size_t h = (size_t)(unit->targets[t].host -
					    e->inv->hosts);

			e->targets[g * e->n_hosts + h] = &unit->targets[t];
		}
	}
}

static void
engine_index_rolling(struct engine *e)
{
	e->rolling = xcalloc(e->rb->n_phases, sizeof *e->rolling);
	for (size_t p = 0; p < e->rb->n_phases; p++) {
		const struct rb_phase *phase = &e->rb->phases[p];

		if (!phase->rolling)
			continue;
		/* size 0 in the runbook: the whole phase at once. */
		e->rolling[p].size = phase->rolling_batch.size != 0
				   ? phase->rolling_batch.size : e->n_hosts;
	}
}

static int
engine_open_pipe(struct engine *e, struct ou_error *err)
{
	if (pipe2(e->pipe, O_CLOEXEC) < 0)
		return ou_error_set(err, "engine: pipe: %s", strerror(errno));
	/* The reader drains until EAGAIN; writers block, which is fine:
	 * each message is a pointer and the reader is always draining. */
	fcntl(e->pipe[0], F_SETFL, O_NONBLOCK);
	return 0;
}

int
engine_new(const struct engine_options *opt, struct engine **out,
	   struct ou_error *err)
{
	struct engine *e = xcalloc(1, sizeof *e);

	*out = NULL;
	e->opt = *opt;
	e->plan = opt->plan;
	e->rb = opt->plan->runbook;
	e->inv = opt->plan->inventory;
	e->n_hosts = e->inv->n_hosts;
	e->pipe[0] = e->pipe[1] = -1;
	if (e->opt.width == 0)
		e->opt.width = 80;
	if (e->opt.command_timeout_s == 0)
		e->opt.command_timeout_s = 3600;
	if (e->opt.check_timeout_s == 0)
		e->opt.check_timeout_s = 300;
	if (e->opt.poll_interval_ms == 0)
		e->opt.poll_interval_ms = 2000;
	if (e->opt.who == NULL)
		e->opt.who = "unknown";
	engine_index_steps(e);
	engine_index_targets(e);
	engine_index_rolling(e);
	e->workers = xcalloc(e->n_hosts + 1, sizeof *e->workers);
	e->worker_op = xcalloc(e->n_hosts + 1, sizeof *e->worker_op);
	e->worker_cell = xcalloc(e->n_hosts + 1, sizeof *e->worker_cell);
	e->worker_gate = xcalloc(e->n_hosts + 1, sizeof *e->worker_gate);
	e->worker_key = xcalloc(e->n_hosts + 1, sizeof *e->worker_key);
	e->key_worker = ENGINE_NONE;
	if (engine_open_pipe(e, err) < 0 || engine_replay(e, err) < 0) {
		engine_free(e);
		return -1;
	}
	engine_refresh(e);
	*out = e;
	return 0;
}

static void
engine_drain_pipe(struct engine *e)
{
	struct engine_msg *msg;

	while (e->pipe[0] >= 0 &&
	       read(e->pipe[0], &msg, sizeof msg) == (ssize_t)sizeof msg)
		engine_msg_free(msg);
}

/* Each worker ends after its running operation (bounded by that
 * operation's timeout); their last messages are drained meanwhile, since
 * a worker may be blocked writing one. */
static void
engine_stop_workers(struct engine *e)
{
	if (e->workers == NULL)
		return;
	for (size_t w = 0; w <= e->n_hosts; w++)
		engine_worker_stop(e->workers[w]);
	for (size_t w = 0; w <= e->n_hosts; w++) {
		while (!engine_worker_join(e->workers[w], 100))
			engine_drain_pipe(e);
		e->workers[w] = NULL;
	}
	engine_drain_pipe(e);
}

void
engine_cell_reset_program(struct engine_cell *cell)
{
	for (size_t i = 0; i < cell->n_prog; i++)
		engine_op_free(cell->prog[i]);
	free(cell->prog);
	cell->prog = NULL;
	cell->n_prog = 0;
	cell->pc = 0;
	/* What a review fetched belongs to the program that fetched it. */
	engine_fetched_free(cell);
	cell->awaiting_review = false;
}

static void
engine_cell_release(struct engine_cell *cell)
{
	engine_cell_reset_program(cell);
	free(cell->note);
	free(cell->open_what);
	free(cell->open_text);
	free(cell->evidence);
	strbuf_release(&cell->finding);
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	engine_stop_workers(e);
	for (size_t w = 0; e->worker_op != NULL && w <= e->n_hosts; w++) {
		if (e->worker_op[w] != NULL && e->worker_op[w]->ephemeral)
			engine_op_free(e->worker_op[w]);
		if (e->worker_key[w].fingerprint[0] != '\0' &&
		    e->opt.ops->release_hostkey != NULL)
			e->opt.ops->release_hostkey(e->opt.ops_ctx,
						    &e->worker_key[w]);
	}
	for (size_t i = 0; e->cells != NULL && i < e->n_steps * e->n_hosts; i++)
		engine_cell_release(&e->cells[i]);
	for (size_t p = 0; e->rolling != NULL && p < e->rb->n_phases; p++)
		free(e->rolling[p].batch);
	engine_unit_clear(&e->cur);
	if (e->pipe[0] >= 0)
		close(e->pipe[0]);
	if (e->pipe[1] >= 0)
		close(e->pipe[1]);
	free(e->workers);
	free(e->worker_op);
	free(e->worker_cell);
	free(e->worker_gate);
	free(e->worker_key);
	free(e->cells);
	free(e->targets);
	free(e->rolling);
	free(e->steps);
	free(e->step_phase);
	free(e->phase_first_step);
	strbuf_release(&e->prompt_text);
	free(e->prompt_hosts);
	free(e->prompt_title);
	free(e);
}

/* ---- events and the journal ---------------------------------------- */

void
engine_emit(struct engine *e, const struct engine_event *ev)
{
	if (e->opt.on_event != NULL)
		e->opt.on_event(e->opt.event_ctx, ev);
}

void
engine_note(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	engine_emit(e, &(struct engine_event){
		.kind = ENGINE_EVENT_NOTE,
		.unit = e->cur.valid ? e->cur.key : NULL,
		.step = e->cur.valid ? e->steps[e->cur.step]->id : NULL,
		.text = text,
		.exit_status = -1,
	});
	free(text);
}

void
engine_emit_state(struct engine *e, size_t step, size_t host)
{
	const struct engine_cell *cell = engine_cell_at(e, step, host);

	engine_emit(e, &(struct engine_event){
		.kind = ENGINE_EVENT_STATE,
		.unit = e->cur.valid ? e->cur.key : NULL,
		.step = e->steps[step]->id,
		.host = engine_host_name(e, host),
		.state = cell->state,
		.text = cell->note,
		.exit_status = -1,
	});
}

void
engine_set_state(struct engine *e, size_t step, size_t host,
		 enum engine_state state)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	if (cell->state == state)
		return;
	cell->state = state;
	engine_emit_state(e, step, host);
}

int
engine_journal(struct engine *e, struct journal_record *rec,
	       struct ou_error *err)
{
	struct ou_error local;

	if (err == NULL)
		err = &local;
	if (e->opt.readonly)
		return ou_error_set(err, "the journal was opened to be read");
	if (rec->who == NULL)
		rec->who = e->opt.who;
	if (journal_append(e->opt.journal, rec, err) == 0)
		return 0;
	/* Nothing may run that the journal cannot announce. */
	e->broken = true;
	engine_note(e, "the journal cannot be written, so nothing more "
		    "will run: %s", err->msg);
	return -1;
}

char *
engine_host_list(const struct engine *e, const size_t *hosts, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i > 0 ? " " : "",
			    engine_host_name(e, hosts[i]));
	return strbuf_take(&sb);
}

/* ---- reading the state ------------------------------------------------ */

enum engine_state
engine_cell_state(const struct engine *e, const char *step, const char *host)
{
	size_t s = engine_step_index(e, step);
	size_t h = engine_host_index(e, host);

	if (s == ENGINE_NONE || h == ENGINE_NONE)
		return ENGINE_PENDING;
	return engine_cell_at(e, s, h)->state;
}

/* The host's index: by its place in the inventory the plan was made
 * from when it is there, else by name. */
static size_t
engine_target_host(const struct engine *e, const struct inv_host *host)
{
	if (host >= e->inv->hosts && host < e->inv->hosts + e->n_hosts)
		return (size_t)(host - e->inv->hosts);
	return engine_host_index(e, host->name);
}

void
engine_unit_states(const struct engine *e, const struct plan_unit *pu,
		   enum engine_state *out)
{
	size_t s = engine_step_index(e, pu->step->id);

	for (size_t t = 0; t < pu->n_targets; t++) {
		size_t h = engine_target_host(e, pu->targets[t].host);

		out[t] = s == ENGINE_NONE || h == ENGINE_NONE
			 ? ENGINE_PENDING : engine_cell_at(e, s, h)->state;
	}
}

const char *
engine_cell_note(const struct engine *e, const char *step, const char *host)
{
	size_t s = engine_step_index(e, step);
	size_t h = engine_host_index(e, host);

	if (s == ENGINE_NONE || h == ENGINE_NONE)
		return NULL;
	return engine_cell_at(e, s, h)->note;
}

size_t
engine_batch_size(const struct engine *e, const char *phase)
{
	for (size_t p = 0; p < e->rb->n_phases; p++)
		if (strcmp(e->rb->phases[p].id, phase) == 0)
			return e->rolling[p].size;
	return 0;
}

int
engine_fd(const struct engine *e)
{
	return e->pipe[0];
}

bool
engine_busy(const struct engine *e)
{
	return engine_run_active(e);
}

int
engine_dispatch(struct engine *e, struct ou_error *err)
{
	struct engine_msg *msg;
	ssize_t n;

	/* Bounded: a burst of output never keeps the caller here forever. */
	for (int i = 0; i < 256; i++) {
		n = read(e->pipe[0], &msg, sizeof msg);
		if (n != (ssize_t)sizeof msg)
			break;
		engine_run_message(e, msg);
	}
	engine_refresh(e);
	if (e->broken)
		return ou_error_set(err, "the journal cannot be written");
	return 0;
}

/* ---- the current unit ------------------------------------------------- */

void
engine_unit_forget_migration(struct engine_unit *u)
{
	engine_mig_instances_free(u->mig_instances, u->n_mig_instances);
	for (size_t i = 0; u->mig_target != NULL && i < u->n_mig_instances; i++)
		free(u->mig_target[i]);
	free(u->mig_target);
	free(u->mig_source);
	free(u->mig_failure);
	u->mig_instances = NULL;
	u->mig_target = NULL;
	u->mig_source = NULL;
	u->mig_failure = NULL;
	u->n_mig_instances = 0;
	u->mig_read = false;
}

void
engine_unit_clear(struct engine_unit *u)
{
	free(u->hosts);
	free(u->batch);
	free(u->key);
	for (size_t i = 0; i < u->n_gates; i++)
		engine_op_free(u->gates[i]);
	free(u->gates);
	free(u->gate_host);
	free(u->gate_started);
	free(u->gate_failure);
	engine_unit_forget_migration(u);
	engine_review_forget(u);
	memset(u, 0, sizeof *u);
}

/* The hosts of a plan unit that still need its step. */
static bool
engine_plan_unit(struct engine *e, size_t index, struct engine_unit *u)
{
	const struct plan_unit *pu = &e->plan->units[index];
	size_t g = e->phase_first_step[pu->phase_index] + pu->step_index;

	memset(u, 0, sizeof *u);
	u->hosts = xcalloc(pu->n_targets + 1, sizeof *u->hosts);
	for (size_t t = 0; t < pu->n_targets; t++) {
		size_t h = (size_t)(pu->targets[t].host - e->inv->hosts);

		if (!engine_state_terminal(engine_cell_at(e, g, h)->state))
			u->hosts[u->n_hosts++] = h;
	}
	if (u->n_hosts == 0) {
		free(u->hosts);
		u->hosts = NULL;
		return false;
	}
	u->valid = true;
	u->step = g;
	u->phase = pu->phase_index;
	u->plan_unit = index;
	u->batch_no = pu->batch_index + 1;
	u->n_batches = pu->n_batches;
	return true;
}

/* The first unit, in run order, with a host that still needs its step.
 * *need_size: a rolling phase waits for its batch size. */
static bool
engine_find_unit(struct engine *e, struct engine_unit *u, bool *need_size)
{
	*need_size = false;
	for (size_t p = 0; p < e->rb->n_phases; p++) {
		if (e->rb->phases[p].rolling) {
			if (engine_rolling_unit(e, p, u, need_size))
				return true;
			if (*need_size)
				return false;
			continue;
		}
		for (size_t i = 0; i < e->plan->n_units; i++)
			if (e->plan->units[i].phase_index == p &&
			    engine_plan_unit(e, i, u))
				return true;
	}
	return false;
}

static void
engine_unit_key(struct engine *e, struct engine_unit *u)
{
	u->key = xasprintf("%s#%zu", e->steps[u->step]->id, u->batch_no);
}

/* Backups of this unit go in a directory named after when it came up. */
static void
engine_unit_stamp(struct engine_unit *u)
{
	time_t now = time(NULL);
	struct tm tm;

	u->when = now;
	localtime_r(&now, &tm);
	strftime(u->stamp, sizeof u->stamp, "%Y%m%dT%H%M%S", &tm);
}

/* Keep what the current unit learnt (gates run, migration plan, backup
 * stamp) while it stays the current unit. */
static void
engine_adopt_unit(struct engine *e, struct engine_unit *found)
{
	struct engine_unit *cur = &e->cur;

	if (cur->valid && cur->step == found->step &&
	    cur->batch_no == found->batch_no) {
		free(cur->hosts);
		cur->hosts = found->hosts;
		cur->n_hosts = found->n_hosts;
		free(cur->batch);
		cur->batch = found->batch;
		cur->n_batch = found->n_batch;
		cur->tentative_batch = found->tentative_batch;
		cur->n_batches = found->n_batches;
		return;
	}
	engine_unit_clear(cur);
	*cur = *found;
	engine_unit_key(e, cur);
	engine_unit_stamp(cur);
	engine_gates_build(e);
}

/* ---- the prompt ------------------------------------------------------- */

static void
engine_prompt_reset(struct engine *e, enum engine_prompt_kind kind,
		    unsigned choices)
{
	strbuf_reset(&e->prompt_text);
	free(e->prompt_hosts);
	e->prompt_hosts = NULL;
	free(e->prompt_title);
	e->prompt_title = NULL;
	e->prompt = (struct engine_prompt){ .kind = kind, .choices = choices };
	if (e->cur.valid) {
		e->prompt.unit = e->cur.key;
		e->prompt.step = e->steps[e->cur.step]->id;
		e->prompt_title = xstrdup(e->steps[e->cur.step]->title);
		e->prompt.title = e->prompt_title;
	}
}

/* The hosts of the current unit for which pred holds. */
static void
engine_prompt_hosts(struct engine *e, bool (*pred)(const struct engine_cell *))
{
	size_t n = 0;

	e->prompt_hosts = xcalloc(e->cur.n_hosts + 1, sizeof *e->prompt_hosts);
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];

		if (pred(engine_cell_at(e, e->cur.step, h)))
			e->prompt_hosts[n++] = engine_host_name(e, h);
	}
	e->prompt.hosts = e->prompt_hosts;
	e->prompt.n_hosts = n;
}

static void
engine_prompt_text_done(struct engine *e, bool with_digest)
{
	e->prompt.text = strbuf_str(&e->prompt_text);
	if (!with_digest)
		return;
	sha256_hex(e->prompt_text.buf, e->prompt_text.len, e->prompt_digest);
	e->prompt.digest = e->prompt_digest;
}

static bool
cell_is_unknown(const struct engine_cell *c)
{
	return c->state == ENGINE_UNKNOWN;
}

static bool
cell_is_gated(const struct engine_cell *c)
{
	return c->state == ENGINE_FAILED && c->gate_failed;
}

static bool
cell_is_failed(const struct engine_cell *c)
{
	return c->state == ENGINE_FAILED;
}

static bool
cell_is_review(const struct engine_cell *c)
{
	return c->awaiting_review;
}

static bool
cell_is_pending(const struct engine_cell *c)
{
	return c->state == ENGINE_PENDING;
}

static bool
engine_unit_has(struct engine *e, bool (*pred)(const struct engine_cell *))
{
	for (size_t i = 0; i < e->cur.n_hosts; i++)
		if (pred(engine_cell_at(e, e->cur.step, e->cur.hosts[i])))
			return true;
	return false;
}

static bool
engine_unit_probe_left(struct engine *e)
{
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		const struct engine_cell *c =
			engine_cell_at(e, e->cur.step, e->cur.hosts[i]);
		char *probe;
		bool has;

		if (c->state != ENGINE_UNKNOWN || c->probed)
			continue;
		probe = engine_probe_for(e, e->cur.step, e->cur.hosts[i]);
		has = probe != NULL;
		free(probe);
		if (has)
			return true;
	}
	return false;
}

static void
engine_prompt_unknown(struct engine *e)
{
	bool probe = engine_unit_probe_left(e);

	engine_prompt_reset(e, ENGINE_PROMPT_UNKNOWN,
			    ENGINE_CHOICE_DECIDE | ENGINE_CHOICE_STOP |
			    (probe ? ENGINE_CHOICE_CONFIRM : 0));
	engine_prompt_hosts(e, cell_is_unknown);
	engine_present_unknown(e, &e->prompt_text);
	engine_prompt_text_done(e, probe);
}

static void
engine_prompt_gate(struct engine *e)
{
	engine_prompt_reset(e, ENGINE_PROMPT_GATE,
			    ENGINE_CHOICE_OVERRIDE | ENGINE_CHOICE_RETRY |
			    ENGINE_CHOICE_SKIP | ENGINE_CHOICE_STOP);
	if (e->cur.gates_state == ENGINE_GATES_FAILED) {
		engine_prompt_hosts(e, cell_is_pending);
		if (e->prompt.n_hosts == 0) {
			free(e->prompt_hosts);
			engine_prompt_hosts(e, cell_is_failed);
		}
	} else {
		engine_prompt_hosts(e, cell_is_gated);
		e->prompt.host = e->prompt.hosts[0];
	}
	engine_present_failed(e, &e->prompt_text);
	engine_prompt_text_done(e, false);
}

static void
engine_prompt_failed(struct engine *e)
{
	engine_prompt_reset(e, ENGINE_PROMPT_FAILED,
			    ENGINE_CHOICE_RETRY | ENGINE_CHOICE_SKIP |
			    ENGINE_CHOICE_STOP);
	engine_prompt_hosts(e, cell_is_failed);
	engine_present_failed(e, &e->prompt_text);
	engine_prompt_text_done(e, false);
}


static void
engine_prompt_review(struct engine *e)
{
	engine_prompt_reset(e, ENGINE_PROMPT_REVIEW,
			    ENGINE_CHOICE_REVIEW | ENGINE_CHOICE_SKIP |
			    ENGINE_CHOICE_STOP);
	engine_prompt_hosts(e, cell_is_review);
	engine_present_review(e, &e->prompt_text);
	engine_prompt_text_done(e, false);
}

static void
engine_prompt_hostkey(struct engine *e)
{
	size_t host = e->key_worker;
	const struct engine_hostkey *key = &e->worker_key[host];

	engine_prompt_reset(e, ENGINE_PROMPT_HOSTKEY,
			    ENGINE_CHOICE_HOSTKEY | ENGINE_CHOICE_STOP);
	e->prompt.host = engine_host_name(e, host);
	e->prompt.fingerprint = key->fingerprint;
	e->prompt.key_type = key->type;
	strbuf_addf(&e->prompt_text,
		    "The authenticity of host %s (%s) can't be established.\n"
		    "%s key fingerprint is %s.\n"
		    "Accept it and record it in the inventory's known_hosts?\n",
		    e->prompt.host, e->inv->hosts[host].address,
		    key->type, key->fingerprint);
	engine_prompt_text_done(e, false);
}

static bool
engine_unit_is_migration(const struct engine *e)
{
	return e->steps[e->cur.step]->action.kind == RB_ACTION_MIGRATE;
}

static void
engine_prompt_migration(struct engine *e)
{
	engine_prompt_reset(e, ENGINE_PROMPT_MIGRATION,
			    ENGINE_CHOICE_MIGRATION | ENGINE_CHOICE_SKIP |
			    ENGINE_CHOICE_STOP);
	engine_prompt_hosts(e, cell_is_pending);
	e->prompt.live_warning = engine_capped_below_332(e, e->cur.step);
	strbuf_addf(&e->prompt_text,
		    "Instances on %s: move them (live or cold migration), or "
		    "leave them where they are (they keep running through the "
		    "package upgrade)?\n",
		    e->prompt.n_hosts > 0 ? e->prompt.hosts[0] : "the hosts");
	if (e->prompt.live_warning)
		strbuf_adds(&e->prompt_text,
			    "Warning: the compute RPC API is capped below 3.32, "
			    "so a live migration takes the old code path that "
			    "Nova warns is buggy with shared block storage "
			    "(nova bug 1250751). Prefer cold migration.\n");
	engine_prompt_text_done(e, false);
}

static void
engine_prompt_confirm(struct engine *e)
{
	bool first_of_batch = e->cur.tentative_batch;

	engine_prompt_reset(e, ENGINE_PROMPT_CONFIRM,
			    ENGINE_CHOICE_CONFIRM | ENGINE_CHOICE_SKIP |
			    ENGINE_CHOICE_STOP |
			    (first_of_batch ? ENGINE_CHOICE_BATCH : 0) |
			    (engine_unit_is_migration(e)
			     ? ENGINE_CHOICE_MIGRATION : 0));
	engine_prompt_hosts(e, cell_is_pending);
	if (engine_unit_is_migration(e) && e->cur.mig_mode != RB_MIGRATE_NONE &&
	    !e->cur.mig_read)
		engine_present_mig_read(e, &e->prompt_text);
	else
		engine_present_unit(e, &e->prompt_text);
	engine_prompt_text_done(e, true);
}

static void
engine_prompt_batch(struct engine *e, size_t phase)
{
	engine_prompt_reset(e, ENGINE_PROMPT_BATCH_SIZE,
			    ENGINE_CHOICE_BATCH | ENGINE_CHOICE_STOP);
	e->prompt.batch_default = e->rolling[phase].size;
	e->prompt.batch_max = engine_rolling_left(e, phase);
	if (e->prompt.batch_default > e->prompt.batch_max)
		e->prompt.batch_default = e->prompt.batch_max;
	e->prompt_title = xstrdup(e->rb->phases[phase].title);
	e->prompt.title = e->prompt_title;
	strbuf_addf(&e->prompt_text,
		    "Phase %s: %s\n%s\n%zu host%s to go through it. How many "
		    "at once (each batch goes through every step before the "
		    "next starts)? The runbook says %zu.\n",
		    e->rb->phases[phase].id, e->rb->phases[phase].title,
		    e->rb->phases[phase].why, e->prompt.batch_max,
		    e->prompt.batch_max == 1 ? "" : "s",
		    e->prompt.batch_default);
	engine_prompt_text_done(e, false);
}

/* The first rolling phase that waits for a batch size. */
static size_t
engine_phase_needing_size(struct engine *e)
{
	for (size_t p = 0; p < e->rb->n_phases; p++)
		if (e->rb->phases[p].rolling && !e->rolling[p].size_chosen &&
		    engine_rolling_left(e, p) > 0)
			return p;
	return ENGINE_NONE;
}

static void
engine_prompt_done(struct engine *e)
{
	struct ou_error err;

	engine_prompt_reset(e, ENGINE_PROMPT_DONE, 0);
	strbuf_adds(&e->prompt_text, "Every step is done or skipped.\n");
	engine_prompt_text_done(e, false);
	if (e->finished || e->broken || e->opt.readonly)
		return;
	e->finished = true;
	if (journal_finish(e->opt.journal, &err) < 0)
		engine_note(e, "%s", err.msg);
}

/* A runbook mode other than ask is a choice already made. */
static void
engine_unit_migration_default(struct engine *e)
{
	const struct rb_action *act = &e->steps[e->cur.step]->action;

	if (act->kind != RB_ACTION_MIGRATE || act->migrate == RB_MIGRATE_ASK ||
	    e->cur.mig_chosen)
		return;
	e->cur.mig_chosen = true;
	e->cur.mig_mode = act->migrate;
}

/* What the operator is asked, in order of urgency. */
static void
engine_prompt_for_unit(struct engine *e)
{
	engine_unit_migration_default(e);
	if (e->cur.gates_state == ENGINE_GATES_FAILED ||
	    engine_unit_has(e, cell_is_unknown)) {
		if (e->cur.gates_state == ENGINE_GATES_FAILED)
			engine_prompt_gate(e);
		else
			engine_prompt_unknown(e);
	} else if (engine_unit_has(e, cell_is_gated)) {
		engine_prompt_gate(e);
	} else if (engine_unit_has(e, cell_is_failed)) {
		engine_prompt_failed(e);
	} else if (engine_unit_has(e, cell_is_review)) {
		/* Reviews that cannot be made fail their hosts: ask again. */
		if (engine_review_prepare(e))
			engine_prompt_review(e);
		else
			engine_prompt_for_unit(e);
	} else if (engine_unit_is_migration(e) && !e->cur.mig_chosen &&
		   e->steps[e->cur.step]->action.migrate == RB_MIGRATE_ASK) {
		engine_prompt_migration(e);
	} else if (engine_unit_has(e, cell_is_pending)) {
		engine_prompt_confirm(e);
	} else {
		engine_prompt_reset(e, ENGINE_PROMPT_BUSY, ENGINE_CHOICE_STOP);
	}
}

void
engine_refresh(struct engine *e)
{
	struct engine_unit found;
	bool need_size;

	if (engine_run_active(e)) {
		engine_prompt_reset(e, ENGINE_PROMPT_BUSY, ENGINE_CHOICE_STOP);
		return;
	}
	if (e->stopping || e->broken) {
		engine_prompt_reset(e, ENGINE_PROMPT_STOPPED, 0);
		strbuf_adds(&e->prompt_text, e->broken
			    ? "Stopped: the journal cannot be written.\n"
			    : "Stopped as asked; run again to resume.\n");
		engine_prompt_text_done(e, false);
		return;
	}
	e->key_worker = ENGINE_NONE;
	for (size_t w = 0; w < e->n_hosts && e->key_worker == ENGINE_NONE; w++)
		if (e->worker_key[w].fingerprint[0] != '\0')
			e->key_worker = w;
	if (e->key_worker != ENGINE_NONE) {
		engine_prompt_hostkey(e);
		return;
	}
	if (!engine_find_unit(e, &found, &need_size)) {
		size_t p = engine_phase_needing_size(e);

		engine_unit_clear(&e->cur);
		if (need_size && p != ENGINE_NONE)
			engine_prompt_batch(e, p);
		else
			engine_prompt_done(e);
		return;
	}
	engine_adopt_unit(e, &found);
	engine_prompt_for_unit(e);
}

const struct engine_prompt *
engine_prompt(struct engine *e)
{
	return &e->prompt;
}
