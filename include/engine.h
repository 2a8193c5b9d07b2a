/* engine: runs a plan, one confirmed unit at a time, and keeps the
 * journal that lets an interrupted upgrade resume at the exact step and
 * host.
 *
 * The engine is the only thing that changes the state of a step on a
 * host.  A user interface (line mode, the screens) asks the engine what
 * it needs now (engine_prompt()), shows it, sends back the operator's
 * decision (engine_confirm(), engine_skip(), ...) and shows the events
 * the engine reports through the callback it was given.  No decision is
 * ever taken for the operator, and nothing runs on a host or against the
 * API before the operator has confirmed the exact text that says what
 * will run: engine_confirm() takes the digest of the text the interface
 * showed and refuses it if that is no longer what would run.
 *
 * States, per step and host (a step of the plan on one host: one
 * "cell"):
 *
 *   pending --confirm--> confirmed --first action--> running --> done
 *      ^                                                |  \-> failed
 *      |                                                 \--> unknown
 *      +--- retry (failed), re-run (unknown) -------------------+
 *   pending / failed --skip with a reason--> skipped
 *   unknown --mark done / mark failed--> done / failed
 *
 * Unknown: an action was sent and its outcome was lost (the link or the
 * program died).  It is never repeated or passed over silently: the
 * operator decides, after seeing what the step's probe reads (the probe
 * run is itself shown and confirmed first).
 *
 * Resume: engine_new() replays the journal.  A cell with a command or
 * call started and never finished, or whose changing action finished
 * with the step never concluded, is unknown; a confirmation does not
 * survive a restart, so everything not finished is confirmed again
 * before it runs.  The records and what they mean: src/engine_replay.c.
 *
 * Gates: a step's `before` checks, and the built-in gates between the
 * phases of the built-in runbook (src/engine_gates.c), are read-only; a
 * failing one blocks its host (or its unit) until the operator retries,
 * skips, or overrides it with a typed reason, which is journaled.
 *
 * Threads: the engine runs each host's actions on a worker thread of its
 * own (one per host being acted on, owning that host's connection) and
 * touches its state from the caller's thread only, inside the functions
 * below.  The caller polls engine_fd() for input and calls
 * engine_dispatch() when it is readable; events are delivered from
 * inside these calls.
 *
 * Core module: nothing prints; errors come back in struct ou_error. */
#ifndef OU_ENGINE_H
#define OU_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory.h"
#include "journal.h"
#include "ou_error.h"
#include "plan.h"
#include "runbook.h"
#include "strbuf.h"

struct review;

enum engine_state {
	ENGINE_PENDING,
	ENGINE_CONFIRMED,
	ENGINE_RUNNING,
	ENGINE_DONE,
	ENGINE_FAILED,
	ENGINE_SKIPPED,
	ENGINE_UNKNOWN,
};

/* ---- the executor: what touches hosts and the API ------------------- */

/* The outcome of one command or API call. */
enum engine_op_status {
	ENGINE_OP_OK,		/* it ran to its end (a command: any exit status) */
	ENGINE_OP_FAILED,	/* it did not happen, or the API said no */
	ENGINE_OP_UNKNOWN,	/* it may or may not have taken effect */
};

enum engine_connect_status {
	ENGINE_CONNECT_OK,
	ENGINE_CONNECT_FAILED,
	ENGINE_CONNECT_HOSTKEY_UNKNOWN,	/* the key is in the hostkey struct */
	ENGINE_CONNECT_HOSTKEY_CHANGED,	/* refused; err holds OpenSSH's warning */
};

/* A host key the connection stopped at, as the operator must see it. */
struct engine_hostkey {
	char type[32];
	char fingerprint[64];	/* "SHA256:..." */
	void *opaque;		/* the executor's own record of the key */
};

/* A service as Nova reports it. */
struct engine_service {
	char host[256];
	bool up;
	bool enabled;
};

/* A compute as the migration planner sees it. */
struct engine_mig_compute {
	char *host;		/* Nova's name */
	bool enabled;
	bool up;
	bool juno;		/* set by the engine: its rollout is done */
	long free_ram_mb;
	long free_vcpus;
	long free_disk_gb;
};

struct engine_mig_instance {
	char *id;
	char *name;
	char *status;
	long ram_mb;
	long vcpus;
	long disk_gb;
};

/* Called with each chunk of a command's output as it arrives. */
typedef void engine_output_fn(void *ctx, bool is_stderr, const char *data,
			      size_t len);

/* Every operation is called on a worker thread; conn is what connect()
 * returned for that host and is used by that worker only.  Calls that
 * reach Nova may come from several workers at once: the executor
 * serialises them if it must.  Every call returns within a bound. */
struct engine_executor_ops {
	enum engine_connect_status (*connect)(void *ctx,
					      const struct inv_host *host,
					      void **conn,
					      struct engine_hostkey *hk,
					      struct ou_error *err);
	/* Record an unknown key the operator accepted. */
	int (*accept_hostkey)(void *ctx, const struct engine_hostkey *hk,
			      struct ou_error *err);
	void (*release_hostkey)(void *ctx, struct engine_hostkey *hk);
	void (*disconnect)(void *ctx, void *conn);
	/* False once the link died (NULL: never asked). */
	bool (*alive)(void *ctx, void *conn);
	/* Run command; on ENGINE_OP_OK *exit_status is its status. */
	enum engine_op_status (*run_command)(void *ctx, void *conn,
					     const char *command,
					     unsigned timeout_ms,
					     engine_output_fn *out,
					     void *out_ctx, int *exit_status,
					     struct ou_error *err);
	int (*read_file)(void *ctx, void *conn, const char *path, size_t max,
			 char **data, size_t *len, struct ou_error *err);
	/* Atomic replace, keeping the old file's mode and owner. */
	int (*write_file)(void *ctx, void *conn, const char *path,
			  const void *data, size_t len, struct ou_error *err);
	/* Read host's service of that binary once. */
	enum engine_op_status (*nova_service)(void *ctx, const char *host,
					      const char *binary,
					      struct engine_service *out,
					      struct ou_error *err);
	/* Every service of that binary (for stale records). */
	int (*nova_services)(void *ctx, const char *binary,
			     struct engine_service **out, size_t *n,
			     struct ou_error *err);
	enum engine_op_status (*nova_disable)(void *ctx, const char *host,
					      const char *binary,
					      const char *reason,
					      struct ou_error *err);
	enum engine_op_status (*nova_enable)(void *ctx, const char *host,
					     const char *binary,
					     struct ou_error *err);
	/* The computes with their free room (juno left false). */
	int (*nova_computes)(void *ctx, struct engine_mig_compute **out,
			     size_t *n, struct ou_error *err);
	/* The instances on host, with their flavor's size. */
	int (*nova_instances)(void *ctx, const char *host,
			      struct engine_mig_instance **out, size_t *n,
			      struct ou_error *err);
	/* Start a live or cold migration of instance id towards host. */
	enum engine_op_status (*nova_migrate)(void *ctx, const char *id,
					      const char *host, bool live,
					      struct ou_error *err);
	enum engine_op_status (*nova_confirm_resize)(void *ctx, const char *id,
						     struct ou_error *err);
	/* Whether a cold migration can name its target host (compute API
	 * 2.56); if not, Nova's scheduler picks it.  NULL: it can. */
	bool (*nova_cold_names_target)(void *ctx);
	/* status ("ACTIVE", "VERIFY_RESIZE", ...) and host of a server. */
	int (*nova_server)(void *ctx, const char *id, char status[32],
			   char host[256], struct ou_error *err);
	/* Waits go through these so that tests need not wait. */
	void (*sleep_ms)(void *ctx, unsigned ms);
	double (*now)(void *ctx);
};

/* ---- events: what the engine reports -------------------------------- */

enum engine_event_kind {
	ENGINE_EVENT_UNIT_START,	/* a confirmed unit begins: text = its title */
	ENGINE_EVENT_ACTION_START,	/* host, what, text: a command or call is sent */
	ENGINE_EVENT_OUTPUT,		/* host, data: output as it arrives */
	ENGINE_EVENT_ACTION_END,	/* host, what, op status, exit_status, text */
	ENGINE_EVENT_PROGRESS,		/* host, text: how a wait is going */
	ENGINE_EVENT_STATE,		/* host's state in the unit changed: state, text */
	ENGINE_EVENT_UNIT_END,		/* the unit stopped running: text = summary */
	ENGINE_EVENT_NOTE,		/* text: anything else the operator must read */
};

struct engine_event {
	enum engine_event_kind kind;
	const char *unit;	/* the unit's key, "keystone-stop#1" */
	const char *step;
	const char *host;	/* NULL: the unit as a whole */
	const char *what;	/* ACTION_*: "run", "probe", "before", ... */
	bool shell;		/* ACTION_*: text is a shell command line */
	const char *text;
	size_t len;		/* OUTPUT: bytes of text */
	bool is_stderr;		/* OUTPUT */
	enum engine_state state;	/* STATE */
	enum engine_op_status status;	/* ACTION_END */
	int exit_status;	/* ACTION_END: -1 when none */
};

/* Called on the caller's thread, from the engine functions; the event and
 * its strings are valid only during the call. */
typedef void engine_event_fn(void *ctx, const struct engine_event *ev);

/* ---- prompts: what the engine needs from the operator --------------- */

enum engine_prompt_kind {
	ENGINE_PROMPT_BUSY,		/* actions are running: poll engine_fd() */
	ENGINE_PROMPT_CONFIRM,		/* run the unit shown in text? */
	ENGINE_PROMPT_FAILED,		/* hosts failed: retry, skip or stop */
	ENGINE_PROMPT_GATE,		/* a gate failed: override, retry, skip
					 * or stop */
	ENGINE_PROMPT_UNKNOWN,		/* outcomes lost: probe, then decide */
	ENGINE_PROMPT_HOSTKEY,		/* an unknown host key: accept or refuse */
	ENGINE_PROMPT_BATCH_SIZE,	/* a rolling phase starts: how many at once */
	ENGINE_PROMPT_MIGRATION,	/* how to move instances: live, cold, none */
	ENGINE_PROMPT_STOPPED,		/* stopped as asked; nothing runs */
	ENGINE_PROMPT_DONE,		/* every unit is done or skipped */
	ENGINE_PROMPT_REVIEW,		/* .rpmnew files to decide: the
					 * reviews, engine_review_text(),
					 * then engine_apply_review() */
};

/* Which decisions a prompt accepts (bits). */
enum engine_choice {
	ENGINE_CHOICE_CONFIRM = 1 << 0,
	ENGINE_CHOICE_SKIP = 1 << 1,
	ENGINE_CHOICE_RETRY = 1 << 2,
	ENGINE_CHOICE_STOP = 1 << 3,
	ENGINE_CHOICE_DECIDE = 1 << 4,	/* re-run / mark done / mark failed */
	ENGINE_CHOICE_OVERRIDE = 1 << 5,
	ENGINE_CHOICE_HOSTKEY = 1 << 6,
	ENGINE_CHOICE_BATCH = 1 << 7,
	ENGINE_CHOICE_MIGRATION = 1 << 8,
	ENGINE_CHOICE_REVIEW = 1 << 9,	/* engine_apply_review() */
};

/* Owned by the engine, valid until the next engine call. */
struct engine_prompt {
	enum engine_prompt_kind kind;
	unsigned choices;		/* enum engine_choice bits */
	const char *unit;		/* the unit's key, NULL when none */
	const char *step;
	const char *title;		/* one line, e.g. the step's title */
	/* What to show, whole: the unit as it will run, or the failure and
	 * its evidence.  Wrapped to the width given in the options. */
	const char *text;
	/* CONFIRM, UNKNOWN with a probe to run: the SHA-256
	 * (hex) of text, for engine_confirm(); else NULL. */
	const char *digest;
	const char *const *hosts;	/* the hosts concerned */
	size_t n_hosts;
	const char *host;		/* HOSTKEY, GATE on one host */
	const char *fingerprint;	/* HOSTKEY: "SHA256:..." */
	const char *key_type;		/* HOSTKEY */
	size_t batch_default;		/* BATCH_SIZE */
	size_t batch_max;		/* BATCH_SIZE: hosts left in the phase */
	bool live_warning;		/* MIGRATION: nova bug 1250751 applies */
};

/* ---- the engine ------------------------------------------------------ */

struct engine_options {
	const struct plan *plan;		/* borrowed */
	struct journal *journal;		/* borrowed, opened for plan */
	const struct engine_executor_ops *ops;	/* borrowed */
	void *ops_ctx;
	const char *who;		/* the operator: "user@tty" */
	engine_event_fn *on_event;	/* may be NULL */
	void *event_ctx;
	unsigned width;			/* for the texts; 0 = 80 */
	unsigned command_timeout_s;	/* an action; 0 = 3600 */
	unsigned check_timeout_s;	/* a read-only check; 0 = 300 */
	unsigned poll_interval_ms;	/* Nova waits; 0 = 2000 */
	/* Replay only, for reading where an upgrade stands: the journal may
	 * be read-only, ops may be NULL, and every decision is refused. */
	bool readonly;
};

struct engine;

/* Replay the journal and find where the upgrade stands. */
int engine_new(const struct engine_options *opt, struct engine **out,
	       struct ou_error *err);
/* Waits (bounded by the running commands' timeouts) for running work to
 * end, then stops the workers and closes the connections. */
void engine_free(struct engine *e);

int engine_fd(const struct engine *e);
/* Take in what the workers reported; -1 only if the journal cannot be
 * written (then nothing more is started). */
int engine_dispatch(struct engine *e, struct ou_error *err);
/* True while actions are running. */
bool engine_busy(const struct engine *e);

const struct engine_prompt *engine_prompt(struct engine *e);

/* Decisions.  Each returns -1 with err saying why when the current
 * prompt does not accept it. */

/* Confirm the text whose digest is given: run the unit (CONFIRM) or run
 * the probe (UNKNOWN). */
int engine_confirm(struct engine *e, const char *digest,
		   struct ou_error *err);
/* Skip the prompt's hosts; reason must say why (it is journaled). */
int engine_skip(struct engine *e, const char *reason, struct ou_error *err);
/* Failed or gated hosts back to pending: shown again for confirmation. */
int engine_retry(struct engine *e, struct ou_error *err);

enum engine_decision {
	ENGINE_DECIDE_RERUN,		/* back to pending: confirm again */
	ENGINE_DECIDE_MARK_DONE,
	ENGINE_DECIDE_MARK_FAILED,
};

/* Decide an unknown host of the prompt. */
int engine_decide_unknown(struct engine *e, const char *host,
			  enum engine_decision decision, struct ou_error *err);
/* Let a host past the gate that failed, for a typed reason; the action
 * then runs as confirmed. */
int engine_override_gate(struct engine *e, const char *host,
			 const char *reason, struct ou_error *err);
int engine_accept_hostkey(struct engine *e, const char *fingerprint,
			  struct ou_error *err);
int engine_refuse_hostkey(struct engine *e, struct ou_error *err);
/* The batch size of the rolling phase about to start a batch. */
int engine_set_batch_size(struct engine *e, size_t size,
			  struct ou_error *err);
int engine_set_migration(struct engine *e, enum rb_migrate_mode mode,
			 struct ou_error *err);
/* ---- reviewing .rpmnew files (the REVIEW prompt) -------------------
 *
 * A review-rpmnew step lists the .rpmnew files beside the configuration
 * files of its packages on each host, fetches each file and its .rpmnew
 * (journaling their SHA-256s, never their bytes), and then asks for a
 * REVIEW: one struct review (review.h) per path, over the hosts that
 * have it.  The interface decides through review.h's calls on them,
 * shows engine_review_text() and hands its digest to
 * engine_apply_review().  The apply then runs on each host's worker,
 * each stage journaled: the merged bytes staged under
 * /var/lib/openstack-upgrade/staged (mode 0600), then one idempotent
 * script that checks the files still hash to what was reviewed, backs
 * both up under /var/lib/openstack-upgrade/backups, puts the result in
 * place atomically (owner, mode and SELinux context kept) and removes
 * the .rpmnew.  A step without a probe of its own gets one for unknown
 * outcomes: no .rpmnew left means it took effect. */

/* 0 unless the prompt is REVIEW. */
size_t engine_review_count(const struct engine *e);
/* Owned by the engine; the interface decides through review.h calls on
 * it.  Valid while the prompt is REVIEW (NULL otherwise). */
struct review *engine_review_at(struct engine *e, size_t i);
/* The apply plan as the operator must confirm it: per file and group,
 * the decision, the hosts, what is written, backed up and removed, and
 * the diff against the current file (secrets masked), appended to out;
 * digest = SHA-256 hex of that text.  Fails when a host's result cannot
 * be made (an edited text that no longer parses). */
int engine_review_text(struct engine *e, struct strbuf *out,
		       char digest[65], struct ou_error *err);
/* Refused unless digest matches engine_review_text() now; then the
 * choices are journaled (each pick, each hunk's lines, who replaced the
 * text; never file contents nor a secret's value), the apply runs on the
 * workers, and the unit continues as usual. */
int engine_apply_review(struct engine *e, const char *digest,
			struct ou_error *err);

/* Start nothing new; what runs finishes.  Then the prompt is STOPPED. */
void engine_stop(struct engine *e);

/* ---- reading where an upgrade stands -------------------------------- */

/* The state of step on host after replay (ENGINE_PENDING when the pair is
 * not in the plan). */
enum engine_state engine_cell_state(const struct engine *e, const char *step,
				    const char *host);
/* The state of each of the unit's targets, in its order, into out
 * (pu->n_targets entries): engine_cell_state() for a whole unit, without
 * looking step or hosts up by name for each (a unit of the engine's
 * plan; the wizard reads 50,000 pairs at once). */
void engine_unit_states(const struct engine *e, const struct plan_unit *pu,
			enum engine_state *out);
/* The reason or message kept for the cell (a skip's reason, a failure),
 * or NULL. */
const char *engine_cell_note(const struct engine *e, const char *step,
			     const char *host);
/* The batch size in force for a rolling phase. */
size_t engine_batch_size(const struct engine *e, const char *phase);

const char *engine_state_name(enum engine_state state);

/* ---- the migration planner ------------------------------------------ */

/* Where each instance goes: target[i] is an index into computes.  Only
 * computes that are enabled, up and juno are targets, and only while
 * they have room (RAM, vCPUs, disk) for what is already placed on them.
 * Refuses, naming the first instance that fits nowhere and why each
 * compute was not a target.  target has n_instances entries. */
int engine_plan_migration(const struct engine_mig_compute *computes,
			  size_t n_computes,
			  const struct engine_mig_instance *instances,
			  size_t n_instances, size_t *target,
			  struct ou_error *err);
void engine_mig_computes_free(struct engine_mig_compute *c, size_t n);
void engine_mig_instances_free(struct engine_mig_instance *in, size_t n);

#endif
