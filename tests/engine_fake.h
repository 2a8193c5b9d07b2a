/* engine_fake: the scripted executor and engine fixture that the engine's
 * unit tests (tests/test_engine.c, tests/test_engine_review.c) share.
 *
 * The executor (struct engine_fake, driven through engine_fake_ops)
 * never touches a network and never waits:
 * - it records every call as one "host: what" line in calls, in order
 *   (host "nova" for the Nova API, "-" when there is none); commands
 *   as "host: <command>", files as "host: read <path>" and
 *   "host: write <path>", Nova as "nova: GET services", "nova: disable
 *   compute2", "nova: live-migrate <id> to <host>" and so on;
 * - a command answers from the first rule whose host (NULL: any) and
 *   substring match it (engine_fake_add_rule), else it exits 0 with no
 *   output; a test that needs more sets run, which then answers every
 *   command instead of the rules;
 * - files live in a table keyed by host and path (engine_fake_put);
 *   a NULL host or path matches any, so one entry put with both NULL
 *   is the single file every read returns and every write replaces;
 *   reading a file that matches no entry fails;
 * - Nova is ENGINE_FAKE_COMPUTES computes named compute1.., enabled
 *   and up at first, with n_instances[i] instances each, down_reads[i]
 *   service reads that say down, and refusals migrations refused with
 *   the error refuse_with; a migration moves every instance to
 *   moved_host;
 * - hosts whose unknown_key[n] is set (n from the name "computeN", 0 for
 *   any other) offer an unknown host key until it is accepted;
 * - the clock starts at 0 and only sleep_ms moves it.
 * The worker threads call the executor, so a test reads or changes its
 * state only while no unit runs (between fixture_drive calls).
 *
 * The fixture (struct fixture) owns a temporary journal directory, the
 * runbook and inventory a test loads into it, the plan built from them,
 * the journal, the fake and the engine, and every event the engine
 * reported as text. */
#ifndef OU_TESTS_ENGINE_FAKE_H
#define OU_TESTS_ENGINE_FAKE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "journal.h"
#include "strbuf.h"

#define ENGINE_FAKE_COMPUTES 3
#define ENGINE_FAKE_RULES 16
#define ENGINE_FAKE_FILES 32
#define ENGINE_FAKE_HOST_KEYS 8

struct engine_fake_rule {
	const char *host;	/* NULL: any */
	const char *match;	/* a substring of the command */
	enum engine_op_status status;
	int exit_status;
	const char *output;
};

struct engine_fake_file {
	char *host;		/* NULL: any */
	char *path;		/* NULL: any */
	char *data;		/* NUL-terminated after len bytes */
	size_t len;
};

struct engine_fake;

/* Answers one command on host instead of the rules; called on a worker
 * thread without the fake's lock (take it to touch the fake's state). */
typedef enum engine_op_status engine_fake_run_fn(
	struct engine_fake *f, const char *host, const char *command,
	engine_output_fn *out, void *out_ctx, int *exit_status,
	struct ou_error *err);

/* Every string the fake holds is its own except the rules' (the test's,
 * usually literals) and refuse_with (a literal). */
struct engine_fake {
	pthread_mutex_t lock;
	struct engine_fake_rule rules[ENGINE_FAKE_RULES];
	size_t n_rules;
	engine_fake_run_fn *run;	/* NULL: the rules answer */
	void *run_ctx;			/* the test's, for run */
	struct engine_fake_file files[ENGINE_FAKE_FILES];
	size_t n_files;
	struct strbuf calls;	/* "host: what" lines, in order */
	size_t n_calls;
	bool unknown_key[ENGINE_FAKE_HOST_KEYS];
	bool enabled[ENGINE_FAKE_COMPUTES];
	bool up[ENGINE_FAKE_COMPUTES];
	unsigned down_reads[ENGINE_FAKE_COMPUTES];
	unsigned refusals;
	const char *refuse_with;
	size_t n_instances[ENGINE_FAKE_COMPUTES];
	long free_ram[ENGINE_FAKE_COMPUTES];
	double clock;
	char moved_host[64];	/* where the last migration went */
	char moved_status[32];
};

/* The executor over a struct engine_fake (its ops_ctx). */
extern const struct engine_executor_ops engine_fake_ops;

void engine_fake_init(struct engine_fake *f);
void engine_fake_release(struct engine_fake *f);

/* Records "host: <fmt...>" in calls. */
void engine_fake_call(struct engine_fake *f, const char *host,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a rule (later rules lose to earlier ones); fails the test when
 * the table is full. */
void engine_fake_add_rule(struct engine_fake *f, struct engine_fake_rule r);

/* Stores a copy of data as the file path on host (NULL: any), replacing
 * the entry that matches them. */
void engine_fake_put(struct engine_fake *f, const char *host,
		     const char *path, const char *data, size_t len);

/* The file path on host, or NULL; the fake's, valid until the next put or
 * write.  Takes no lock: call it while no unit runs, or hold the lock. */
struct engine_fake_file *engine_fake_file(struct engine_fake *f,
					  const char *host,
					  const char *path);

struct fixture {
	char dir[64];
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct journal *journal;
	struct engine_fake fake;
	struct engine *engine;
	struct strbuf events;	/* notes, progress, states: one a line */
};

/* A fixture with a fresh directory named from dir_template (mkdtemp's
 * "XXXXXX" at its end) and an initialised fake; NULL if the directory
 * cannot be made.  The test then loads fx->rb and fx->inv and scripts
 * the fake before fixture_open. */
struct fixture *fixture_new(const char *dir_template);

/* Builds the plan, opens the journal and starts the engine. */
int fixture_open(struct fixture *fx, struct ou_error *err);

/* Frees everything the fixture owns and removes its directory; -1 if that
 * failed. */
int fixture_free(struct fixture *fx);

void fixture_open_journal(struct fixture *fx);
void fixture_start(struct fixture *fx);
void fixture_stop(struct fixture *fx);

/* A crash: the engine and journal go, the journal's file stays. */
void fixture_restart(struct fixture *fx);

/* Lets the workers finish what was started, boundedly. */
void fixture_drive(struct fixture *fx);

const struct engine_prompt *fixture_prompt(struct fixture *fx);

/* Confirms the unit the prompt shows, then drives. */
void fixture_confirm(struct fixture *fx);

/* What of a record's text fixture_journal shows. */
enum fixture_journal_text {
	FIXTURE_JOURNAL_REASONS,	/* a skip's or override's, then "|" */
	FIXTURE_JOURNAL_TEXTS,		/* every record's, as it is */
};

/* The journal as one line a record, "KIND STEP HOST WHAT OUTCOME|" and
 * the text shows says; caller frees. */
char *fixture_journal(struct fixture *fx, enum fixture_journal_text shows);

/* Appends rec to the journal as a crashed run would have, its exit status
 * 0 when its outcome is OK, else -1. */
void fixture_append(struct fixture *fx, struct journal_record rec);

/* Whether calls holds line, and how many times. */
bool fixture_called(struct fixture *fx, const char *line);
size_t fixture_count_calls(struct fixture *fx, const char *line);

#endif
