/* journal: the durable record of an upgrade.
 *
 * One SQLite database per cloud (WAL, synchronous=FULL), by default
 * $XDG_STATE_HOME/openstack-upgrade/<cloud>/journal.sqlite.  Every
 * confirmation, command, API call and outcome is appended as a record;
 * journal_append() returns only once the record is on disk, so a record
 * announcing an action is durable before the action starts.  Outputs
 * longer than the cap kept in the database are written whole to a file
 * beside it.
 *
 * The journal knows what a record says, not what it means: the engine
 * derives step states by replaying the records (journal_replay).
 *
 * Never put a password or token in a record: the journal is a file an
 * operator will attach to a bug report.
 *
 * Ownership: struct journal owns its database handle.  Records passed to
 * journal_append are copied; records handed to a replay callback are
 * valid only during the call. */
#ifndef OU_JOURNAL_H
#define OU_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ou_error.h"

/* What the journal was started for; a resumed journal must match. */
struct journal_identity {
	const char *cloud;
	const char *runbook_id;
	const char *runbook_digest;
	const char *inventory_digest;
};

enum journal_kind {
	JOURNAL_CONFIRM,	/* the operator confirmed a unit: text = what was shown */
	JOURNAL_START,		/* an action on a host begins: text = command or call */
	JOURNAL_FINISH,		/* it ended: outcome, exit_status, text = output */
	JOURNAL_SKIP,		/* the operator skipped a unit: text = reason */
	JOURNAL_DECIDE,		/* the operator decided an unknown action: outcome */
	JOURNAL_OVERRIDE,	/* a failing gate overridden: text = typed reason */
	JOURNAL_NOTE,		/* anything else worth keeping: text */
	JOURNAL_HOSTKEY,	/* a host key accepted: text = fingerprint */
};

enum journal_outcome {
	JOURNAL_OUTCOME_NONE,
	JOURNAL_OUTCOME_OK,
	JOURNAL_OUTCOME_FAILED,
	JOURNAL_OUTCOME_UNKNOWN,	/* link or program died mid-action */
	JOURNAL_OUTCOME_SKIPPED,
};

struct journal_record {
	int64_t seq;		/* set by the journal */
	double time;		/* set by journal_append when 0: epoch seconds */
	enum journal_kind kind;
	const char *unit;	/* the unit's key, e.g. "keystone-stop#1" */
	const char *step;	/* step id */
	const char *host;	/* NULL for unit-wide records; CONFIRM and
				   SKIP: the hosts covered, "h1 h2" */
	const char *who;	/* the operator (user@tty) for decisions */
	const char *what;	/* "run", "check", "probe", "nova", ... */
	const char *text;
	size_t text_len;	/* 0: strlen(text) */
	enum journal_outcome outcome;
	int exit_status;	/* -1 when none */
	const char *output_file;	/* replay only: where the whole text is */
};

struct journal;

/* The default directory for a cloud's journal: $XDG_STATE_HOME (or
 * ~/.local/state)/openstack-upgrade/<cloud>.  Caller frees. */
char *journal_default_dir(const char *cloud);
/* The journal to read in dir: the current one, else the newest finished
 * one; NULL when there is none.  Caller frees. */
char *journal_latest_path(const char *dir);

/* Open or create the journal in dir (created 0700 if missing).  If the
 * journal exists, is unfinished and was started with another runbook or
 * inventory, fail with a message that says which and shows both digests. */
int journal_open(const char *dir, const struct journal_identity *id,
		 struct journal **out, struct ou_error *err);
/* While open, the journal is locked: a second journal_open() of the same
 * directory fails, saying another program runs this upgrade. */
void journal_close(struct journal *j);
/* Open a journal file read-only, finished or not, and lock nothing: for
 * reading where an upgrade stands and its audit trail.  With id, a
 * journal started for another runbook or inventory is refused as
 * journal_open() refuses it. */
int journal_open_readonly(const char *path, const struct journal_identity *id,
			  struct journal **out, struct ou_error *err);

/* Append rec durably.  Text longer than the in-database cap is stored
 * truncated, and whole in a file beside the database. */
int journal_append(struct journal *j, struct journal_record *rec,
		   struct ou_error *err);

/* Mark the upgrade finished: a later open starts a new journal. */
int journal_finish(struct journal *j, struct ou_error *err);
bool journal_is_finished(const struct journal *j);
/* True when the journal had records before this open (a resume). */
bool journal_is_resumed(const struct journal *j);

typedef int (*journal_record_fn)(void *ctx, const struct journal_record *rec);

/* Call fn for each record in order; stops on fn's non-zero return. */
int journal_replay(struct journal *j, journal_record_fn fn, void *ctx,
		   struct ou_error *err);

const char *journal_kind_name(enum journal_kind kind);
const char *journal_outcome_name(enum journal_outcome outcome);

#endif
