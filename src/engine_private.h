/* engine internals shared by src/engine*.c.
 *
 * Not a public header: include/engine.h is the module's whole surface.
 * The engine is split by concern:
 *
 *   engine.c          lifecycle, finding the unit that comes next, prompts
 *   engine_decide.c   the operator's decisions
 *   engine_replay.c   rebuilding the cells' states from the journal
 *   engine_present.c  the texts the operator confirms, and their digests
 *   engine_program.c  what one cell runs: probe, gates, action, checks
 *   engine_run.c      running a confirmed unit, journaling each action
 *   engine_worker.c   the worker threads and the pipe back
 *   engine_gates.c    the built-in gates between phases
 *   engine_rollout.c  rolling batches and the migration planner
 *
 * Everything here except engine_worker.c's thread body runs on the
 * caller's (main) thread. */
#ifndef OU_ENGINE_PRIVATE_H
#define OU_ENGINE_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "engine.h"
#include "strbuf.h"

#define ENGINE_NONE ((size_t)-1)

/* ---- operations: one thing a worker does ---------------------------- */

enum engine_op_kind {
	ENGINE_OP_CONNECT,
	ENGINE_OP_ACCEPT_KEY,
	ENGINE_OP_COMMAND,
	ENGINE_OP_INI_COMMENT,	/* sftp read, comment out, atomic write */
	ENGINE_OP_NOVA_CHECK,	/* read a service once, compare */
	ENGINE_OP_NOVA_WAIT,	/* poll a service until it has a state */
	ENGINE_OP_NOVA_DISABLE,
	ENGINE_OP_NOVA_ENABLE,
	ENGINE_OP_NOVA_STALE,	/* no stale compute service record */
	ENGINE_OP_MIG_READ,	/* instances of the sources, computes' room */
	ENGINE_OP_MIG_MOVE,	/* migrate one instance, follow it to its end */
	ENGINE_OP_REVIEW_FETCH,	/* sftp read a file and its .rpmnew */
	ENGINE_OP_REVIEW_STAGE,	/* make the staging directory, sftp write */
	ENGINE_OP_QUIT,
};

/* What an operation is to the cell that runs it. */
enum engine_role {
	ENGINE_ROLE_PROBE,
	ENGINE_ROLE_BEFORE,	/* a gate: read-only, blocks the host */
	ENGINE_ROLE_ACTION,
	ENGINE_ROLE_AFTER,
	ENGINE_ROLE_UNIT_GATE,	/* a unit-wide gate, on any host */
	ENGINE_ROLE_MIG_READ,	/* the migration planner's reading */
};

struct engine_op {
	enum engine_op_kind kind;
	enum engine_role role;
	const char *what;	/* the journal's word: "run", "probe", ... */
	const char *why;	/* a built-in gate: what it makes sure of */
	char *text;		/* journaled and shown: command line or call */
	char *command;		/* COMMAND */
	bool read_only;
	bool any_exit_ok;	/* COMMAND: the output is the finding */
	const int *ok_exit;	/* COMMAND action: the step's, else {0} */
	size_t n_ok_exit;
	unsigned timeout_ms;
	/* Nova operations */
	const char *nova_host;
	const char *binary;
	char *reason;		/* NOVA_DISABLE */
	bool want_up, check_up;		/* NOVA_CHECK, NOVA_WAIT */
	bool want_enabled, check_enabled;
	char **known_hosts;	/* NOVA_STALE: the inventory's computes */
	size_t n_known_hosts;
	/* INI_COMMENT */
	const char *file;
	const char *section;
	const char *option;
	/* MIG_MOVE */
	char *instance_id;
	char *instance_name;
	char *target;
	bool live;
	/* MIG_READ: the sources */
	char **sources;
	size_t n_sources;
	/* REVIEW_FETCH: path (its .rpmnew beside it); REVIEW_STAGE: the
	 * merged bytes (secrets: never journaled) written to staged */
	char *path;
	char *staged;
	char *data;
	size_t len;
	const struct engine_hostkey *hostkey;	/* ACCEPT_KEY */
	bool ephemeral;		/* owned by the worker slot, not a program */
};

/* A worker's answer, sent through the pipe as a pointer. */
enum engine_msg_kind {
	ENGINE_MSG_OUTPUT,
	ENGINE_MSG_PROGRESS,
	ENGINE_MSG_DONE,
};

struct engine_msg {
	enum engine_msg_kind kind;
	size_t worker;
	char *data;		/* OUTPUT, PROGRESS */
	size_t len;
	bool is_stderr;
	/* DONE */
	enum engine_op_status status;
	int exit_status;
	enum engine_connect_status connect;
	struct engine_hostkey hk;
	struct strbuf output;	/* the whole output, interleaved */
	struct ou_error err;
	struct engine_mig_compute *computes;	/* MIG_READ */
	size_t n_computes;
	struct engine_mig_instance *instances;
	size_t n_instances;
	char **instance_hosts;	/* MIG_READ: the source of each instance */
	bool cold_names_target;	/* MIG_READ */
	char *file_data[2];	/* REVIEW_FETCH: the file, its .rpmnew */
	size_t file_len[2];
};

void engine_op_free(struct engine_op *op);
void engine_msg_free(struct engine_msg *msg);

/* ---- workers ---------------------------------------------------------- */

struct engine_worker;

/* host NULL: the worker for API calls that concern no host. */
struct engine_worker *engine_worker_new(struct engine *e, size_t index,
					const struct inv_host *host);
/* Hand op to the worker; it answers through the pipe.  One at a time. */
void engine_worker_post(struct engine_worker *w, struct engine_op *op);
bool engine_worker_busy(const struct engine_worker *w);
bool engine_worker_connected(const struct engine_worker *w);
void engine_worker_set_connected(struct engine_worker *w, bool connected);
void engine_worker_set_idle(struct engine_worker *w);
void engine_worker_stop(struct engine_worker *w);
bool engine_worker_join(struct engine_worker *w, unsigned ms);

/* ---- cells and units ---------------------------------------------------- */

/* A configuration file and its .rpmnew as fetched for a review. */
struct engine_fetched {
	char *path;
	char *current;
	size_t current_len;
	char *rpmnew;
	size_t rpmnew_len;
};

/* One step on one host. */
struct engine_cell {
	enum engine_state state;
	char *note;		/* skip reason, failure, what was lost */
	/* replay */
	bool open;		/* a START without its FINISH */
	char *open_what;
	char *open_text;
	double open_time;
	bool action_ran;	/* a changing action finished, no result yet */
	/* the running program; NULL when the cell is not running */
	struct engine_op **prog;
	size_t n_prog;
	size_t pc;		/* the op running or next */
	bool probe_said_done;
	bool gate_failed;	/* FAILED because a gate did: override allowed */
	bool awaiting_key;	/* paused: the host key needs the operator */
	char *evidence;		/* UNKNOWN: what the probe read */
	bool probed;
	bool probing;		/* running the probe of an unknown cell */
	struct strbuf finding;	/* ACKNOWLEDGE: the review listing */
	/* review-rpmnew: the files fetched so far; kept with the program */
	struct engine_fetched *fetched;
	size_t n_fetched;
	bool awaiting_review;	/* fetched all: waits for the REVIEW */
};

/* A rolling phase's batches. */
struct engine_rolling {
	size_t size;		/* in force */
	bool size_chosen;
	size_t *batch;		/* the hosts of the batch formed last */
	size_t n_batch;
	size_t batch_no;	/* batches formed so far */
};

enum engine_gates_state {
	ENGINE_GATES_NONE,	/* not run in this confirmation */
	ENGINE_GATES_RUNNING,
	ENGINE_GATES_PASSED,
	ENGINE_GATES_FAILED,
};

/* The unit the engine is at: a step on the hosts that still need it. */
struct engine_unit {
	bool valid;
	size_t step;		/* global step index */
	size_t phase;
	size_t plan_unit;	/* the plan unit it was made from */
	size_t *hosts;		/* host indices, in order */
	size_t n_hosts;
	size_t batch_no;	/* 1-based */
	size_t n_batches;
	bool tentative_batch;	/* rolling: the batch is formed on confirm */
	size_t *batch;		/* rolling: the batch's hosts */
	size_t n_batch;
	char *key;
	char stamp[32];		/* names backup directories, fixed per unit */
	time_t when;		/* the same instant, for the review's plan */
	/* REVIEW: one review per path over the hosts that have it, made
	 * from the cells awaiting it (review_hosts, in unit order) */
	struct review **reviews;
	size_t n_reviews;
	size_t *review_hosts;
	size_t n_review_hosts;
	/* unit-wide gates */
	struct engine_op **gates;
	size_t n_gates;
	size_t *gate_host;	/* worker index of each gate */
	bool *gate_started;
	size_t gates_pending;
	enum engine_gates_state gates_state;
	char *gate_failure;
	bool gates_overridden;
	/* migration */
	bool mig_chosen;
	enum rb_migrate_mode mig_mode;
	bool mig_read;		/* the plan below is current */
	char *mig_failure;
	struct engine_mig_instance *mig_instances;
	size_t n_mig_instances;
	size_t *mig_source;	/* host index of each instance */
	char **mig_target;	/* Nova name of each instance's target */
	bool mig_reading;
	bool mig_cold_names_target;
};

struct engine {
	struct engine_options opt;
	const struct plan *plan;
	const struct runbook *rb;
	const struct inventory *inv;
	size_t n_steps;
	size_t n_hosts;
	const struct rb_step **steps;		/* global step index */
	size_t *step_phase;
	size_t *phase_first_step;
	struct engine_cell *cells;		/* [step * n_hosts + host] */
	const struct plan_target **targets;	/* same; NULL: not planned */
	struct engine_rolling *rolling;		/* per phase */
	struct engine_worker **workers;		/* n_hosts + 1 */
	struct engine_op **worker_op;		/* the op each runs */
	size_t *worker_cell;			/* its cell, or ENGINE_NONE */
	size_t *worker_gate;			/* its unit gate, or ENGINE_NONE */
	struct engine_hostkey *worker_key;	/* a key waiting for the operator */
	bool was_active;	/* for the end-of-unit event */
	int pipe[2];
	struct engine_unit cur;
	bool stopping;
	bool broken;		/* the journal failed: start nothing */
	bool finished;		/* journal_finish() done */
	/* the prompt and what it owns */
	struct engine_prompt prompt;
	struct strbuf prompt_text;
	char prompt_digest[65];
	const char **prompt_hosts;
	char *prompt_title;
	size_t key_worker;	/* HOSTKEY: the worker whose key is shown */
};

static inline struct engine_cell *
engine_cell_at(const struct engine *e, size_t step, size_t host)
{
	return &e->cells[step * e->n_hosts + host];
}

static inline const struct plan_target *
engine_target_at(const struct engine *e, size_t step, size_t host)
{
	return e->targets[step * e->n_hosts + host];
}

bool engine_state_terminal(enum engine_state state);
size_t engine_host_index(const struct engine *e, const char *name);
size_t engine_step_index(const struct engine *e, const char *id);
const char *engine_host_name(const struct engine *e, size_t host);
void engine_emit(struct engine *e, const struct engine_event *ev);
void engine_emit_state(struct engine *e, size_t step, size_t host);
void engine_set_state(struct engine *e, size_t step, size_t host,
		      enum engine_state state);
void engine_note(struct engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append rec durably; on failure the engine stops starting anything. */
int engine_journal(struct engine *e, struct journal_record *rec,
		   struct ou_error *err);
/* "h1 h2 h3" of the unit's hosts, newly allocated. */
char *engine_host_list(const struct engine *e, const size_t *hosts, size_t n);
void engine_unit_clear(struct engine_unit *u);
void engine_unit_forget_migration(struct engine_unit *u);
/* Work out the current unit and the prompt again. */
void engine_refresh(struct engine *e);
void engine_cell_reset_program(struct engine_cell *cell);

/* engine_replay.c */
int engine_replay(struct engine *e, struct ou_error *err);

/* engine_rollout.c: which unit comes next in a rolling phase; false
 * when the phase is finished.  *need_size: the operator must choose the
 * batch size first. */
bool engine_rolling_unit(struct engine *e, size_t phase,
			 struct engine_unit *u, bool *need_size);
size_t engine_rolling_left(const struct engine *e, size_t phase);
int engine_rolling_commit(struct engine *e, struct ou_error *err);
/* The compute RPC API is capped below 3.32 at the current unit. */
bool engine_capped_below_332(const struct engine *e, size_t step);
bool engine_host_rollout_done(const struct engine *e, size_t phase,
			      size_t host);

/* engine_present.c */
void engine_present_unit(struct engine *e, struct strbuf *out);
void engine_present_probe(struct engine *e, struct strbuf *out);
void engine_present_unknown(struct engine *e, struct strbuf *out);
void engine_present_failed(struct engine *e, struct strbuf *out);
void engine_present_mig_read(struct engine *e, struct strbuf *out);

/* engine_program.c: the ops of a cell, in order. */
void engine_program_build(struct engine *e, size_t step, size_t host,
			  struct engine_op ***ops, size_t *n);
/* The exact text the action sends (command line or call), for the
 * presentation: newly allocated lines in *out. */
void engine_program_action_lines(struct engine *e, size_t step, size_t host,
				 struct strbuf *out);
bool engine_action_needs_ssh(const struct rb_action *act);
const char *engine_what_for(const struct rb_action *act, enum engine_role role);
bool engine_what_read_only(const char *what);

/* engine_gates.c: the built-in gates of the current unit. */
void engine_gates_build(struct engine *e);
/* Per-target gates, appended to the cell's before-checks. */
void engine_gates_for_target(struct engine *e, size_t step, size_t host,
			     struct engine_op ***ops, size_t *n);
void engine_gates_describe(struct engine *e, struct strbuf *out);

/* engine_run.c; shown is the text the operator confirmed. */
int engine_run_confirmed(struct engine *e, const char *shown,
			 struct ou_error *err);
int engine_run_probes(struct engine *e, const char *shown,
		      struct ou_error *err);
int engine_run_mig_read(struct engine *e, const char *shown,
			struct ou_error *err);
void engine_run_resume_cell(struct engine *e, size_t step, size_t host);
void engine_run_continue_cell(struct engine *e, size_t step, size_t host);
/* Conclude a cell failed with note (taken). */
void engine_run_fail_cell(struct engine *e, size_t step, size_t host,
			  char *note);
/* engine_program.c: the probe that tells whether the step took effect
 * on host (the plan's, or a review step's built-in one), newly
 * allocated; NULL when there is none. */
char *engine_probe_for(const struct engine *e, size_t step, size_t host);
/* Insert ops (taken) into the cell's program at its pc. */
void engine_program_insert(struct engine_cell *cell, struct engine_op **ops,
			   size_t n);
/* The .rpmnew listing of a review step, as a shell command. */
char *engine_review_list_command(const struct rb_action *act);

/* engine_review.c: the review-rpmnew step past its listing. */
/* The listing's output: fetch ops for each file, inserted at pc. */
void engine_review_listed(struct engine *e, size_t step, size_t host,
			  const struct strbuf *listing);
/* A fetch came back: keep the bytes.  True when it was the last one. */
bool engine_review_fetched(struct engine *e, size_t step, size_t host,
			   const struct engine_op *op, struct engine_msg *msg);
/* Make the unit's reviews from the cells awaiting one, if not made yet
 * for these hosts; false (the cells failed) when they cannot be made. */
bool engine_review_prepare(struct engine *e);
void engine_review_forget(struct engine_unit *u);
void engine_present_review(struct engine *e, struct strbuf *out);
/* Check digest against the plan's text now, journal, run the apply. */
int engine_review_apply(struct engine *e, const char *digest,
			struct ou_error *err);
void engine_fetched_free(struct engine_cell *cell);

void engine_run_gates_overridden(struct engine *e);
void engine_run_reconnect(struct engine *e, size_t worker);
void engine_run_refuse_key(struct engine *e, size_t worker);
void engine_run_message(struct engine *e, struct engine_msg *msg);
bool engine_run_active(const struct engine *e);

#endif
