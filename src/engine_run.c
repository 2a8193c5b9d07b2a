/* engine_run: running a confirmed unit.
 *
 * Each cell runs its program (engine_program.c) one operation at a time
 * on its host's worker; the hosts of a unit run at once.  Before an
 * operation is handed to a worker its START record is on disk, and its
 * FINISH is written as soon as the worker answers, then the cell moves
 * on.  A cell ends with a FINISH record whose what is "result": done or
 * failed.  An action whose outcome is lost leaves the cell unknown.
 *
 * Unit-wide gates (engine_gates.c) run first; the cells start only once
 * every gate passed or the operator overrode them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "xalloc.h"

/* How much of an output a failure note quotes: its last lines. */
#define NOTE_TAIL_LINES 15

static struct engine_worker *
run_worker(struct engine *e, size_t w)
{
	if (e->workers[w] == NULL)
		e->workers[w] = engine_worker_new(e, w, w < e->n_hosts
						  ? &e->inv->hosts[w] : NULL);
	return e->workers[w];
}

static void
run_post(struct engine *e, size_t w, struct engine_op *op, size_t cell,
	 size_t gate)
{
	e->worker_op[w] = op;
	e->worker_cell[w] = cell;
	e->worker_gate[w] = gate;
	e->was_active = true;
	engine_worker_post(run_worker(e, w), op);
}

bool
engine_run_active(const struct engine *e)
{
	for (size_t w = 0; w <= e->n_hosts; w++)
		if (engine_worker_busy(e->workers[w]))
			return true;
	return false;
}

static bool
op_needs_link(const struct engine_op *op)
{
	return op->kind == ENGINE_OP_COMMAND ||
	       op->kind == ENGINE_OP_INI_COMMENT ||
	       op->kind == ENGINE_OP_REVIEW_FETCH ||
	       op->kind == ENGINE_OP_REVIEW_STAGE;
}

/* A connection first: its host key may need the operator. */
static bool
run_connect_first(struct engine *e, size_t w, const struct engine_op *op,
		  size_t cell, size_t gate)
{
	struct engine_op *connect;

	if (!op_needs_link(op) || engine_worker_connected(e->workers[w]))
		return false;
	connect = xcalloc(1, sizeof *connect);
	connect->kind = ENGINE_OP_CONNECT;
	connect->ephemeral = true;
	run_post(e, w, connect, cell, gate);
	return true;
}

/* ---- the journal ------------------------------------------------------- */

static int
run_journal_start(struct engine *e, size_t step, const char *host,
		  const struct engine_op *op)
{
	return engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_START,
		.unit = e->cur.key,
		.step = e->steps[step]->id,
		.host = host,
		.what = op->what,
		.text = op->text,
		.exit_status = -1,
	}, NULL);
}

static bool
op_exit_ok(const struct engine_op *op, int status)
{
	if (op->any_exit_ok)
		return true;
	for (size_t i = 0; i < op->n_ok_exit; i++)
		if (op->ok_exit[i] == status)
			return true;
	return false;
}

static bool
op_passed(const struct engine_op *op, const struct engine_msg *msg)
{
	return msg->status == ENGINE_OP_OK && op_exit_ok(op, msg->exit_status);
}

static enum journal_outcome
run_outcome(const struct engine_op *op, const struct engine_msg *msg)
{
	if (msg->status == ENGINE_OP_UNKNOWN)
		return JOURNAL_OUTCOME_UNKNOWN;
	return op_passed(op, msg) ? JOURNAL_OUTCOME_OK : JOURNAL_OUTCOME_FAILED;
}

/* The output, then why it did not run to its end. */
static char *
run_finish_text(const struct engine_msg *msg)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, msg->output.buf != NULL ? msg->output.buf : "",
		   msg->output.len);
	if (msg->status != ENGINE_OP_OK && msg->err.msg[0] != '\0')
		strbuf_addf(&sb, "%s%s\n", sb.len > 0 &&
			    sb.buf[sb.len - 1] != '\n' ? "\n" : "",
			    msg->err.msg);
	return strbuf_take(&sb);
}

static int
run_journal_finish(struct engine *e, size_t step, const char *host,
		   const struct engine_op *op, const struct engine_msg *msg)
{
	char *text = run_finish_text(msg);
	int rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_FINISH,
		.unit = e->cur.key,
		.step = e->steps[step]->id,
		.host = host,
		.what = op->what,
		.text = text,
		.outcome = run_outcome(op, msg),
		.exit_status = msg->status == ENGINE_OP_OK ? msg->exit_status
							   : -1,
	}, NULL);

	free(text);
	return rc;
}

/* Commands stream their output as it comes; an API call's reading
 * (what Nova said) is shown when it ends, as its evidence. */
static void
run_emit_reading(struct engine *e, size_t step, const char *host,
		 const struct engine_op *op, const struct engine_msg *msg)
{
	if (op->kind == ENGINE_OP_COMMAND || msg->output.len == 0)
		return;
	engine_emit(e, &(struct engine_event){
		.kind = ENGINE_EVENT_OUTPUT,
		.unit = e->cur.key,
		.step = e->steps[step]->id,
		.host = host,
		.what = op->what,
		.text = msg->output.buf,
		.len = msg->output.len,
		.exit_status = -1,
	});
}

static void
run_emit_action(struct engine *e, enum engine_event_kind kind, size_t step,
		const char *host, const struct engine_op *op,
		const struct engine_msg *msg)
{
	const char *text = op->text;

	if (kind == ENGINE_EVENT_ACTION_END)
		run_emit_reading(e, step, host, op, msg);
	if (msg != NULL)
		text = msg->status != ENGINE_OP_OK ? msg->err.msg : NULL;
	engine_emit(e, &(struct engine_event){
		.kind = kind,
		.unit = e->cur.key,
		.step = e->steps[step]->id,
		.host = host,
		.what = op->what,
		.shell = op->kind == ENGINE_OP_COMMAND,
		.text = text,
		.status = msg != NULL ? msg->status : ENGINE_OP_OK,
		.exit_status = msg != NULL && msg->status == ENGINE_OP_OK
			       ? msg->exit_status : -1,
	});
}

/* "<label>: <text>\nexit status N\n<the last lines of the output>" */
static char *
run_failure_note(const char *label, const struct engine_op *op,
		 const struct engine_msg *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out = msg->output.buf != NULL ? msg->output.buf : "";
	const char *tail = out + msg->output.len;
	int lines = 0;

	strbuf_addf(&sb, "%s: %s\n", label, op->text);
	if (msg->status == ENGINE_OP_OK)
		strbuf_addf(&sb, "exit status %d\n", msg->exit_status);
	else
		strbuf_addf(&sb, "%s: %s\n", msg->status == ENGINE_OP_UNKNOWN
			    ? "outcome unknown" : "not done",
			    msg->err.msg);
	while (tail > out && lines <= NOTE_TAIL_LINES)
		if (*--tail == '\n' && tail + 1 < out + msg->output.len)
			lines++;
	if (lines > NOTE_TAIL_LINES)
		tail++;
	strbuf_adds(&sb, tail);
	while (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	return strbuf_take(&sb);
}

/* ---- a cell's life ------------------------------------------------------ */

static size_t
cell_index(const struct engine *e, size_t step, size_t host)
{
	return step * e->n_hosts + host;
}

static void run_cell_advance(struct engine *e, size_t step, size_t host);

/* The cell's conclusion: a "result" record, then its state. */
static void
run_cell_conclude(struct engine *e, size_t step, size_t host, bool ok,
		  char *note)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_FINISH,
		.unit = e->cur.key,
		.step = e->steps[step]->id,
		.host = engine_host_name(e, host),
		.what = "result",
		.text = note,
		.outcome = ok ? JOURNAL_OUTCOME_OK : JOURNAL_OUTCOME_FAILED,
		.exit_status = -1,
	}, NULL);
	free(cell->note);
	cell->note = note;
	cell->action_ran = false;
	/* A blocked gate keeps its program: an override goes on from it. */
	if (!cell->gate_failed)
		engine_cell_reset_program(cell);
	cell->state = ok ? ENGINE_DONE : ENGINE_FAILED;
	engine_emit_state(e, step, host);
}

/* Stopped before its action: nothing changed, so it is pending again,
 * and the journal says so (else replay would find it unknown). */
static void
run_cell_abort(struct engine *e, size_t step, size_t host)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	engine_cell_reset_program(cell);
	if (cell->probing) {
		cell->probing = false;
		return;
	}
	if (cell->state == ENGINE_RUNNING && !e->broken)
		engine_journal(e, &(struct journal_record){
			.kind = JOURNAL_FINISH,
			.unit = e->cur.key,
			.step = e->steps[step]->id,
			.host = engine_host_name(e, host),
			.what = "result",
			.text = "stopped before its action ran",
			.outcome = JOURNAL_OUTCOME_NONE,
			.exit_status = -1,
		}, NULL);
	engine_set_state(e, step, host, ENGINE_PENDING);
}

static bool
run_cell_may_stop(const struct engine_cell *cell)
{
	const struct engine_op *op = cell->prog[cell->pc];

	return !cell->action_ran && op->role != ENGINE_ROLE_AFTER;
}

static void
run_cell_advance(struct engine *e, size_t step, size_t host)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);
	const char *name = engine_host_name(e, host);
	struct engine_op *op;

	if (cell->pc >= cell->n_prog) {
		if (cell->probing) {
			cell->probing = false;
			engine_cell_reset_program(cell);
			return;
		}
		run_cell_conclude(e, step, host, true,
				  cell->probe_said_done
				  ? xstrdup("already done: the probe exited 0")
				  : NULL);
		return;
	}
	if (e->broken || (e->stopping && run_cell_may_stop(cell))) {
		run_cell_abort(e, step, host);
		return;
	}
	op = cell->prog[cell->pc];
	if (run_connect_first(e, host, op, cell_index(e, step, host),
			      ENGINE_NONE))
		return;
	if (run_journal_start(e, step, name, op) < 0) {
		run_cell_abort(e, step, host);
		return;
	}
	if (!cell->probing)
		engine_set_state(e, step, host, ENGINE_RUNNING);
	run_emit_action(e, ENGINE_EVENT_ACTION_START, step, name, op, NULL);
	run_post(e, host, op, cell_index(e, step, host), ENGINE_NONE);
}

static size_t
prog_first_after(const struct engine_cell *cell)
{
	size_t i = 0;

	while (i < cell->n_prog && cell->prog[i]->role != ENGINE_ROLE_AFTER)
		i++;
	return i;
}

static void
run_probe_evidence(struct engine_cell *cell, const struct engine_op *op,
		   const struct engine_msg *msg)
{
	char *text = run_finish_text(msg);

	free(cell->evidence);
	if (msg->status == ENGINE_OP_OK)
		cell->evidence = xasprintf("probe: $ %s\nexit %d (%s)\n%s",
					   op->text, msg->exit_status,
					   msg->exit_status == 0
					   ? "the step took effect"
					   : "the step did not take effect",
					   text);
	else
		cell->evidence = xasprintf("probe: $ %s\ndid not run: %s",
					   op->text, text);
	cell->probed = true;
	free(text);
}

static void
run_cell_probe(struct engine *e, size_t step, size_t host,
	       const struct engine_op *op, const struct engine_msg *msg)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	if (cell->probing) {
		run_probe_evidence(cell, op, msg);
		cell->pc = cell->n_prog;
		return;
	}
	if (op_passed(op, msg)) {
		cell->probe_said_done = true;
		cell->pc = prog_first_after(cell);
		return;
	}
	cell->pc++;
}

static bool
run_cell_check(struct engine *e, size_t step, size_t host,
	       const struct engine_op *op, const struct engine_msg *msg)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);
	bool gate = op->role == ENGINE_ROLE_BEFORE;
	char *label;

	cell->pc++;
	if (op_passed(op, msg))
		return true;
	cell->gate_failed = gate;
	if (!gate)
		label = xstrdup("an after-check failed");
	else if (op->why != NULL)
		label = xasprintf("the gate \"%s\" failed, so the action did "
				  "not run", op->why);
	else
		label = xstrdup("a before-check failed, so the action did not "
				"run");
	run_cell_conclude(e, step, host, false,
			  run_failure_note(label, op, msg));
	free(label);
	return false;
}

static bool
run_cell_action(struct engine *e, size_t step, size_t host,
		const struct engine_op *op, struct engine_msg *msg)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	if (!op->read_only)
		cell->action_ran = true;
	if (msg->status == ENGINE_OP_UNKNOWN && !op->read_only) {
		free(cell->note);
		cell->note = run_failure_note("the outcome of the action is "
					      "unknown", op, msg);
		engine_cell_reset_program(cell);
		engine_set_state(e, step, host, ENGINE_UNKNOWN);
		return false;
	}
	if (!op_passed(op, msg)) {
		run_cell_conclude(e, step, host, false,
				  run_failure_note("the action failed", op, msg));
		return false;
	}
	cell->pc++;
	/* The last file fetched: the cell waits for the REVIEW. */
	if (op->kind == ENGINE_OP_REVIEW_FETCH)
		return !engine_review_fetched(e, step, host, op, msg);
	if (strcmp(op->what, "review") == 0 && msg->output.len > 0)
		engine_review_listed(e, step, host, &msg->output);
	return true;
}

static void
run_cell_done(struct engine *e, size_t step, size_t host,
	      struct engine_op *op, struct engine_msg *msg)
{
	const char *name = engine_host_name(e, host);
	bool go_on = true;

	run_journal_finish(e, step, name, op, msg);
	run_emit_action(e, ENGINE_EVENT_ACTION_END, step, name, op, msg);
	switch (op->role) {
	case ENGINE_ROLE_PROBE:
		run_cell_probe(e, step, host, op, msg);
		break;
	case ENGINE_ROLE_BEFORE:
	case ENGINE_ROLE_AFTER:
		go_on = run_cell_check(e, step, host, op, msg);
		break;
	case ENGINE_ROLE_ACTION:
		go_on = run_cell_action(e, step, host, op, msg);
		break;
	case ENGINE_ROLE_UNIT_GATE:
	case ENGINE_ROLE_MIG_READ:
		break;
	}
	if (go_on)
		run_cell_advance(e, step, host);
}

static void
run_cells_start(struct engine *e)
{
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];
		struct engine_cell *cell = engine_cell_at(e, e->cur.step, h);

		if (cell->state != ENGINE_CONFIRMED)
			continue;
		engine_cell_reset_program(cell);
		cell->probe_said_done = false;
		cell->gate_failed = false;
		engine_program_build(e, e->cur.step, h, &cell->prog,
				     &cell->n_prog);
		run_cell_advance(e, e->cur.step, h);
	}
}

/* ---- unit-wide gates ------------------------------------------------------ */

static void
run_gates_kick(struct engine *e)
{
	struct engine_unit *u = &e->cur;

	for (size_t i = 0; i < u->n_gates; i++) {
		size_t w = u->gate_host[i];

		if (u->gate_started[i] || engine_worker_busy(e->workers[w]) ||
		    e->worker_key[w].fingerprint[0] != '\0')
			continue;
		if (run_connect_first(e, w, u->gates[i], ENGINE_NONE, i))
			continue;
		u->gate_started[i] = true;
		if (run_journal_start(e, u->step, engine_host_name(e, w),
				      u->gates[i]) < 0)
			return;
		run_emit_action(e, ENGINE_EVENT_ACTION_START, u->step,
				engine_host_name(e, w), u->gates[i], NULL);
		run_post(e, w, u->gates[i], ENGINE_NONE, i);
	}
}

static void
run_gates_failed(struct engine *e, const char *host, const char *note)
{
	struct engine_unit *u = &e->cur;
	char *all = xasprintf("%s%s%s: %s", u->gate_failure != NULL
			      ? u->gate_failure : "",
			      u->gate_failure != NULL ? "\n" : "",
			      host != NULL ? host : "Nova", note);

	free(u->gate_failure);
	u->gate_failure = all;
}

static void
run_gates_settle(struct engine *e)
{
	struct engine_unit *u = &e->cur;

	if (u->gates_pending > 0)
		return;
	if (u->gate_failure != NULL) {
		u->gates_state = ENGINE_GATES_FAILED;
		return;
	}
	u->gates_state = ENGINE_GATES_PASSED;
	engine_note(e, "the gates of %s passed", e->steps[u->step]->id);
	run_cells_start(e);
}

static void
run_gate_done(struct engine *e, size_t gate, struct engine_msg *msg)
{
	struct engine_unit *u = &e->cur;
	struct engine_op *op = u->gates[gate];
	const char *host = engine_host_name(e, u->gate_host[gate]);

	run_journal_finish(e, u->step, host, op, msg);
	run_emit_action(e, ENGINE_EVENT_ACTION_END, u->step, host, op, msg);
	if (!op_passed(op, msg)) {
		char *label = xasprintf("the gate \"%s\" failed",
					op->why != NULL ? op->why : op->text);
		char *note = run_failure_note(label, op, msg);

		free(label);
		run_gates_failed(e, host, note);
		free(note);
	}
	u->gates_pending--;
	run_gates_kick(e);
	run_gates_settle(e);
}

static void
run_gates_start(struct engine *e)
{
	struct engine_unit *u = &e->cur;

	free(u->gate_started);
	u->gate_started = xcalloc(u->n_gates + 1, sizeof *u->gate_started);
	free(u->gate_failure);
	u->gate_failure = NULL;
	u->gates_pending = u->n_gates;
	u->gates_state = ENGINE_GATES_RUNNING;
	run_gates_kick(e);
	run_gates_settle(e);
}

/* ---- connections -------------------------------------------------------- */

static void
run_waiter_failed(struct engine *e, size_t w, const char *why)
{
	size_t cell = e->worker_cell[w];
	size_t gate = e->worker_gate[w];

	if (cell != ENGINE_NONE) {
		size_t step = cell / e->n_hosts;
		size_t host = cell % e->n_hosts;

		engine_cell_at(e, step, host)->probing = false;
		run_cell_conclude(e, step, host, false,
				  xasprintf("cannot reach %s: %s",
					    engine_host_name(e, host), why));
	} else if (gate != ENGINE_NONE) {
		e->cur.gate_started[gate] = true;
		run_gates_failed(e, engine_host_name(e, w), why);
		e->cur.gates_pending--;
		run_gates_settle(e);
	}
}

/* The connection is up (or refused): go on with whatever waited. */
static void
run_resume_worker(struct engine *e, size_t w)
{
	size_t cell = e->worker_cell[w];

	if (cell != ENGINE_NONE)
		run_cell_advance(e, cell / e->n_hosts, cell % e->n_hosts);
	else if (e->worker_gate[w] != ENGINE_NONE)
		run_gates_kick(e);
}

static void
run_connect_done(struct engine *e, size_t w, struct engine_msg *msg)
{
	switch (msg->connect) {
	case ENGINE_CONNECT_OK:
		engine_worker_set_connected(e->workers[w], true);
		run_resume_worker(e, w);
		break;
	case ENGINE_CONNECT_HOSTKEY_UNKNOWN:
		e->worker_key[w] = msg->hk;
		memset(&msg->hk, 0, sizeof msg->hk);
		break;
	case ENGINE_CONNECT_FAILED:
	case ENGINE_CONNECT_HOSTKEY_CHANGED:
		run_waiter_failed(e, w, msg->err.msg);
		break;
	}
}

void
engine_run_reconnect(struct engine *e, size_t w)
{
	struct engine_op *op = xcalloc(1, sizeof *op);

	op->kind = ENGINE_OP_ACCEPT_KEY;
	op->ephemeral = true;
	op->hostkey = &e->worker_key[w];
	run_post(e, w, op, e->worker_cell[w], e->worker_gate[w]);
}

static void
run_forget_key(struct engine *e, size_t w)
{
	if (e->opt.ops->release_hostkey != NULL)
		e->opt.ops->release_hostkey(e->opt.ops_ctx, &e->worker_key[w]);
	memset(&e->worker_key[w], 0, sizeof e->worker_key[w]);
}

/* The operator refused the key: what waited on it fails. */
void
engine_run_refuse_key(struct engine *e, size_t w)
{
	run_forget_key(e, w);
	run_waiter_failed(e, w, "the operator refused its host key");
}

/* ---- migration planning -------------------------------------------- */

static size_t
run_host_by_nova_name(const struct engine *e, const char *name)
{
	for (size_t h = 0; name != NULL && h < e->n_hosts; h++)
		if (strcmp(inv_host_nova_name(&e->inv->hosts[h]), name) == 0)
			return h;
	return ENGINE_NONE;
}

static void
run_mig_fail(struct engine *e, const char *why)
{
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];

		if (engine_cell_at(e, e->cur.step, h)->state != ENGINE_PENDING)
			continue;
		run_cell_conclude(e, e->cur.step, h, false,
				  xasprintf("migration not planned: %s", why));
	}
}

static void
run_mig_adopt(struct engine *e, struct engine_msg *msg, size_t *target)
{
	struct engine_unit *u = &e->cur;

	engine_unit_forget_migration(u);
	u->mig_cold_names_target = msg->cold_names_target;
	u->mig_instances = msg->instances;
	u->n_mig_instances = msg->n_instances;
	msg->instances = NULL;
	u->mig_source = xcalloc(u->n_mig_instances + 1, sizeof *u->mig_source);
	u->mig_target = xcalloc(u->n_mig_instances + 1, sizeof *u->mig_target);
	for (size_t i = 0; i < u->n_mig_instances; i++) {
		u->mig_source[i] = run_host_by_nova_name(e,
							 msg->instance_hosts[i]);
		u->mig_target[i] = xstrdup(msg->computes[target[i]].host);
	}
	u->mig_read = true;
}

static void
run_mig_read_done(struct engine *e, struct engine_op *op,
		  struct engine_msg *msg)
{
	struct ou_error err;
	size_t *target;

	e->cur.mig_reading = false;
	run_journal_finish(e, e->cur.step, NULL, op, msg);
	run_emit_action(e, ENGINE_EVENT_ACTION_END, e->cur.step, NULL, op, msg);
	if (msg->status != ENGINE_OP_OK) {
		run_mig_fail(e, msg->err.msg);
		return;
	}
	/* Juno and capped: this engine's rollout finished there. */
	for (size_t c = 0; c < msg->n_computes; c++) {
		size_t h = run_host_by_nova_name(e, msg->computes[c].host);

		msg->computes[c].juno = h != ENGINE_NONE &&
			engine_host_rollout_done(e, e->cur.phase, h);
	}
	target = xcalloc(msg->n_instances + 1, sizeof *target);
	if (engine_plan_migration(msg->computes, msg->n_computes,
				  msg->instances, msg->n_instances, target,
				  &err) < 0)
		run_mig_fail(e, err.msg);
	else
		run_mig_adopt(e, msg, target);
	free(target);
}

int
engine_run_mig_read(struct engine *e, const char *shown, struct ou_error *err)
{
	struct engine_op *op = xcalloc(1, sizeof *op);
	char *list = NULL;

	op->kind = ENGINE_OP_MIG_READ;
	op->role = ENGINE_ROLE_MIG_READ;
	op->what = "migration-read";
	op->read_only = true;
	op->ephemeral = true;
	for (size_t i = 0; i < e->cur.n_hosts; i++) {
		size_t h = e->cur.hosts[i];

		if (engine_cell_at(e, e->cur.step, h)->state != ENGINE_PENDING)
			continue;
		op->sources = xreallocarray(op->sources, op->n_sources + 1,
					    sizeof *op->sources);
		op->sources[op->n_sources++] =
			xstrdup(inv_host_nova_name(&e->inv->hosts[h]));
	}
	list = engine_host_list(e, e->cur.hosts, e->cur.n_hosts);
	op->text = xasprintf("nova: read the instances on %s and every "
			     "compute's state and free room", list);
	if (engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_CONFIRM, .unit = e->cur.key,
		.step = e->steps[e->cur.step]->id, .host = list,
		.what = "migration-read", .text = shown, .exit_status = -1,
	}, err) < 0 || run_journal_start(e, e->cur.step, NULL, op) < 0) {
		free(list);
		engine_op_free(op);
		return -1;
	}
	free(list);
	e->cur.mig_reading = true;
	run_emit_action(e, ENGINE_EVENT_ACTION_START, e->cur.step, NULL, op,
			NULL);
	run_post(e, e->n_hosts, op, ENGINE_NONE, ENGINE_NONE);
	return 0;
}

/* ---- starting ----------------------------------------------------------- */

int
engine_run_confirmed(struct engine *e, const char *shown,
		     struct ou_error *err)
{
	struct engine_unit *u = &e->cur;
	size_t *hosts = xcalloc(u->n_hosts + 1, sizeof *hosts);
	size_t n = 0;
	char *list;
	int rc;

	for (size_t i = 0; i < u->n_hosts; i++)
		if (engine_cell_at(e, u->step, u->hosts[i])->state ==
		    ENGINE_PENDING)
			hosts[n++] = u->hosts[i];
	list = engine_host_list(e, hosts, n);
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_CONFIRM, .unit = u->key,
		.step = e->steps[u->step]->id, .host = list, .what = "unit",
		.text = shown, .exit_status = -1,
	}, err);
	free(list);
	if (rc == 0)
		rc = engine_rolling_commit(e, err);
	if (rc < 0) {
		free(hosts);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		engine_set_state(e, u->step, hosts[i], ENGINE_CONFIRMED);
	free(hosts);
	engine_emit(e, &(struct engine_event){
		.kind = ENGINE_EVENT_UNIT_START, .unit = u->key,
		.step = e->steps[u->step]->id,
		.text = e->steps[u->step]->title, .exit_status = -1,
	});
	if (u->n_gates > 0 && u->gates_state != ENGINE_GATES_PASSED)
		run_gates_start(e);
	else
		run_cells_start(e);
	return 0;
}

/* Cells waiting for the gates' override. */
void
engine_run_gates_overridden(struct engine *e)
{
	e->cur.gates_state = ENGINE_GATES_PASSED;
	e->cur.gates_overridden = true;
	run_cells_start(e);
}

int
engine_run_probes(struct engine *e, const char *shown, struct ou_error *err)
{
	struct engine_unit *u = &e->cur;
	size_t *hosts = xcalloc(u->n_hosts + 1, sizeof *hosts);
	size_t n = 0;
	char *list;
	int rc;

	for (size_t i = 0; i < u->n_hosts; i++) {
		const struct engine_cell *c = engine_cell_at(e, u->step,
							     u->hosts[i]);
		char *probe = engine_probe_for(e, u->step, u->hosts[i]);

		if (c->state == ENGINE_UNKNOWN && !c->probed && probe != NULL)
			hosts[n++] = u->hosts[i];
		free(probe);
	}
	list = engine_host_list(e, hosts, n);
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_CONFIRM, .unit = u->key,
		.step = e->steps[u->step]->id, .host = list, .what = "probe",
		.text = shown, .exit_status = -1,
	}, err);
	free(list);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct engine_cell *cell = engine_cell_at(e, u->step, hosts[i]);
		struct engine_op *op = xcalloc(1, sizeof *op);

		op->kind = ENGINE_OP_COMMAND;
		op->role = ENGINE_ROLE_PROBE;
		op->what = "probe";
		op->read_only = true;
		op->command = engine_probe_for(e, u->step, hosts[i]);
		op->text = xstrdup(op->command);
		op->timeout_ms = 1000u * e->opt.check_timeout_s;
		engine_cell_reset_program(cell);
		cell->prog = xcalloc(1, sizeof *cell->prog);
		cell->prog[0] = op;
		cell->n_prog = 1;
		cell->probing = true;
		run_cell_advance(e, u->step, hosts[i]);
	}
	free(hosts);
	return rc;
}

/* A host whose review was applied or decided goes on. */
void
engine_run_continue_cell(struct engine *e, size_t step, size_t host)
{
	run_cell_advance(e, step, host);
}

void
engine_run_fail_cell(struct engine *e, size_t step, size_t host, char *note)
{
	run_cell_conclude(e, step, host, false, note);
}

/* A gated host goes on past its gate, as confirmed. */
void
engine_run_resume_cell(struct engine *e, size_t step, size_t host)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);

	cell->gate_failed = false;
	engine_set_state(e, step, host, ENGINE_RUNNING);
	run_cell_advance(e, step, host);
}

/* ---- messages from the workers -------------------------------------------- */

static void
run_output(struct engine *e, struct engine_msg *msg, enum engine_event_kind k)
{
	size_t cell = e->worker_cell[msg->worker];
	size_t step = cell != ENGINE_NONE ? cell / e->n_hosts : e->cur.step;

	engine_emit(e, &(struct engine_event){
		.kind = k,
		.unit = e->cur.key,
		.step = e->cur.valid || cell != ENGINE_NONE
			? e->steps[step]->id : NULL,
		.host = engine_host_name(e, msg->worker),
		.what = e->worker_op[msg->worker] != NULL
			? e->worker_op[msg->worker]->what : NULL,
		.text = msg->data,
		.len = msg->len,
		.is_stderr = msg->is_stderr,
		.exit_status = -1,
	});
}

static void
run_done(struct engine *e, struct engine_msg *msg)
{
	size_t w = msg->worker;
	struct engine_op *op = e->worker_op[w];
	size_t cell = e->worker_cell[w];
	/* A program's op may be freed by the handling below. */
	bool ephemeral = op->ephemeral;

	engine_worker_set_idle(e->workers[w]);
	e->worker_op[w] = NULL;
	if (op->kind == ENGINE_OP_ACCEPT_KEY)
		run_forget_key(e, w);
	if (op->kind == ENGINE_OP_CONNECT || op->kind == ENGINE_OP_ACCEPT_KEY)
		run_connect_done(e, w, msg);
	else if (op->role == ENGINE_ROLE_MIG_READ)
		run_mig_read_done(e, op, msg);
	else if (op->role == ENGINE_ROLE_UNIT_GATE)
		run_gate_done(e, e->worker_gate[w], msg);
	else if (cell != ENGINE_NONE)
		run_cell_done(e, cell / e->n_hosts, cell % e->n_hosts, op, msg);
	if (ephemeral)
		engine_op_free(op);
}

void
engine_run_message(struct engine *e, struct engine_msg *msg)
{
	switch (msg->kind) {
	case ENGINE_MSG_OUTPUT:
		run_output(e, msg, ENGINE_EVENT_OUTPUT);
		break;
	case ENGINE_MSG_PROGRESS:
		run_output(e, msg, ENGINE_EVENT_PROGRESS);
		break;
	case ENGINE_MSG_DONE:
		run_done(e, msg);
		break;
	}
	engine_msg_free(msg);
	if (e->was_active && !engine_run_active(e)) {
		e->was_active = false;
		engine_emit(e, &(struct engine_event){
			.kind = ENGINE_EVENT_UNIT_END,
			.unit = e->cur.valid ? e->cur.key : NULL,
			.step = e->cur.valid ? e->steps[e->cur.step]->id : NULL,
			.exit_status = -1,
		});
	}
}
