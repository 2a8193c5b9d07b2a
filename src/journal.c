/* journal: see include/journal.h.
 *
 * Durability: WAL with synchronous=FULL makes each committed insert
 * survive a crash or power loss once sqlite3_step returns; every append
 * is its own transaction, so a record is on disk before the action it
 * announces starts.  Whole outputs go to files written and fsynced
 * before the record that names them. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "xalloc.h"

/* Outputs longer than this are kept whole in a file beside the database. */
#define JOURNAL_TEXT_CAP 65536

struct journal {
	sqlite3 *db;
	char *dir;
	int lock_fd;		/* held while open for writing */
	bool finished;
	bool resumed;
};

static const char journal_schema[] =
	"CREATE TABLE IF NOT EXISTS meta ("
	"  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS records ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  time REAL NOT NULL, kind TEXT NOT NULL,"
	"  unit TEXT, step TEXT, host TEXT, who TEXT, what TEXT,"
	"  text TEXT, outcome TEXT, exit_status INTEGER,"
	"  output_file TEXT);";

static const char *const kind_names[] = {
	[JOURNAL_CONFIRM] = "confirm",
	[JOURNAL_START] = "start",
	[JOURNAL_FINISH] = "finish",
	[JOURNAL_SKIP] = "skip",
	[JOURNAL_DECIDE] = "decide",
	[JOURNAL_OVERRIDE] = "override",
	[JOURNAL_NOTE] = "note",
	[JOURNAL_HOSTKEY] = "hostkey",
};

static const char *const outcome_names[] = {
	[JOURNAL_OUTCOME_NONE] = "",
	[JOURNAL_OUTCOME_OK] = "ok",
	[JOURNAL_OUTCOME_FAILED] = "failed",
	[JOURNAL_OUTCOME_UNKNOWN] = "unknown",
	[JOURNAL_OUTCOME_SKIPPED] = "skipped",
};

const char *
journal_kind_name(enum journal_kind kind)
{
	return kind_names[kind];
}

const char *
journal_outcome_name(enum journal_outcome outcome)
{
	return outcome_names[outcome];
}

static int
journal_kind_parse(const char *s, enum journal_kind *out)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0) {
			*out = (enum journal_kind)i;
			return 0;
		}
	return -1;
}

static enum journal_outcome
journal_outcome_parse(const char *s)
{
	for (size_t i = 1; i < sizeof outcome_names / sizeof outcome_names[0]; i++)
		if (s != NULL && strcmp(s, outcome_names[i]) == 0)
			return (enum journal_outcome)i;
	return JOURNAL_OUTCOME_NONE;
}

char *
journal_default_dir(const char *cloud)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (state != NULL && state[0] == '/')
		return xasprintf("%s/openstack-upgrade/%s", state, cloud);
	return xasprintf("%s/.local/state/openstack-upgrade/%s",
			 home != NULL ? home : "", cloud);
}

char *
journal_latest_path(const char *dir)
{
	char *path = xasprintf("%s/journal.sqlite", dir);
	struct dirent **names = NULL;
	int n;

	if (access(path, F_OK) == 0)
		return path;
	free(path);
	path = NULL;
	n = scandir(dir, &names, NULL, alphasort);
	/* journal-<seconds>.sqlite: the last in order is the newest. */
	for (int i = n - 1; i >= 0; i--) {
		const char *name = names[i]->d_name;

		if (path == NULL && strncmp(name, "journal-", 8) == 0 &&
		    strstr(name, ".sqlite") != NULL &&
		    strstr(name, ".sqlite-") == NULL)
			path = xasprintf("%s/%s", dir, name);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return path;
}

/* mkdir -p with mode 0700 for what it creates. */
static int
journal_mkdirs(const char *dir, struct ou_error *err)
{
	char *path = xstrdup(dir);

	for (char *p = path + 1; ; p++) {
		char saved = *p;

		if (saved != '/' && saved != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			ou_error_set(err, "%s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(path);
	return 0;
}

static int
journal_db_error(struct journal *j, struct ou_error *err, const char *what)
{
	return ou_error_set(err, "%s/journal.sqlite: %s: %s", j->dir, what,
			    sqlite3_errmsg(j->db));
}

static int
journal_exec(struct journal *j, const char *sql, struct ou_error *err)
{
	if (sqlite3_exec(j->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return journal_db_error(j, err, sql);
	return 0;
}

/* The value of a meta key, newly allocated, or NULL. */
static char *
journal_meta_get(struct journal *j, const char *key)
{
	sqlite3_stmt *st;
	char *value = NULL;

	if (sqlite3_prepare_v2(j->db, "SELECT value FROM meta WHERE key = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		value = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return value;
}

static int
journal_meta_set(struct journal *j, const char *key, const char *value,
		 struct ou_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(j->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return journal_db_error(j, err, "prepare meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return journal_db_error(j, err, "write meta");
	return 0;
}

struct journal_identity_field {
	const char *key;
	const char *label;
	const char *value;
};

static void
journal_identity_fields(const struct journal_identity *id,
			struct journal_identity_field fields[4])
{
	fields[0] = (struct journal_identity_field){
		.key = "cloud", .label = "cloud", .value = id->cloud };
	fields[1] = (struct journal_identity_field){
		.key = "runbook_id", .label = "runbook", .value = id->runbook_id };
	fields[2] = (struct journal_identity_field){
		.key = "runbook_digest", .label = "runbook sha256",
		.value = id->runbook_digest };
	fields[3] = (struct journal_identity_field){
		.key = "inventory_digest", .label = "inventory sha256",
		.value = id->inventory_digest };
}

/* A new journal records who it is for; an old one must match.  Read-only,
 * a journal that says nothing of a field matches nothing. */
static int
journal_check_identity(struct journal *j, const struct journal_identity *id,
		       bool readonly, struct ou_error *err)
{
	struct journal_identity_field fields[4];

	journal_identity_fields(id, fields);
	for (size_t i = 0; i < 4; i++) {
		char *old = journal_meta_get(j, fields[i].key);
		int differs;

		if (old == NULL && readonly)
			return ou_error_set(err, "%s/journal.sqlite does not say "
					    "which %s it is for", j->dir,
					    fields[i].label);
		if (old == NULL) {
			if (journal_meta_set(j, fields[i].key, fields[i].value, err) < 0)
				return -1;
			continue;
		}
		differs = strcmp(old, fields[i].value) != 0;
		if (differs)
			ou_error_set(err, "%s/journal.sqlite holds an unfinished "
				     "upgrade started with another %s: it has %s, "
				     "this run has %s. Finish it with the files it "
				     "was started with, or move the journal aside.",
				     j->dir, fields[i].label, old, fields[i].value);
		free(old);
		if (differs)
			return -1;
	}
	return 0;
}

static int
journal_count_records(struct journal *j, int64_t *count)
{
	sqlite3_stmt *st;

	*count = 0;
	if (sqlite3_prepare_v2(j->db, "SELECT count(*) FROM records", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* A finished journal is kept for the audit trail under another name. */
static int
journal_archive_if_finished(const char *dir, const char *path,
			    struct ou_error *err)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	bool finished = false;
	char *archived;
	int rc = 0;

	if (access(path, F_OK) != 0)
		return 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return ou_error_set(err, "%s: cannot open", path);
	}
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM meta WHERE key = 'finished'",
			       -1, &st, NULL) == SQLITE_OK) {
		finished = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	if (!finished)
		return 0;
	archived = xasprintf("%s/journal-%ld.sqlite", dir, (long)time(NULL));
	if (rename(path, archived) < 0)
		rc = ou_error_set(err, "%s: cannot archive: %s", path, strerror(errno));
	free(archived);
	return rc;
}

static int
journal_open_db(struct journal *j, const char *path, struct ou_error *err)
{
	int64_t count;

	if (sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return journal_db_error(j, err, "open");
	sqlite3_busy_timeout(j->db, 5000);
	if (journal_exec(j, "PRAGMA journal_mode=WAL", err) < 0 ||
	    journal_exec(j, "PRAGMA synchronous=FULL", err) < 0 ||
	    journal_exec(j, journal_schema, err) < 0)
		return -1;
	if (journal_count_records(j, &count) < 0)
		return journal_db_error(j, err, "count records");
	j->resumed = count > 0;
	return 0;
}

/* Two programs running one upgrade at once would each think the other's
 * actions unknown, or worse, repeat them: the second is refused. */
static int
journal_lock(struct journal *j, struct ou_error *err)
{
	char *path = xasprintf("%s/lock", j->dir);

	j->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->lock_fd < 0) {
		ou_error_set(err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	if (flock(j->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return ou_error_set(err, "%s: another openstack-upgrade is running "
			    "this upgrade (its journal is locked); let it "
			    "finish, or stop it first", j->dir);
}

int
journal_open(const char *dir, const struct journal_identity *id,
	     struct journal **out, struct ou_error *err)
{
	struct journal *j;
	char *path;
	int rc;

	*out = NULL;
	if (journal_mkdirs(dir, err) < 0)
		return -1;
	j = xcalloc(1, sizeof *j);
	j->dir = xstrdup(dir);
	if (journal_lock(j, err) < 0) {
		journal_close(j);
		return -1;
	}
	path = xasprintf("%s/journal.sqlite", dir);
	if (journal_archive_if_finished(dir, path, err) < 0) {
		free(path);
		journal_close(j);
		return -1;
	}
	rc = journal_open_db(j, path, err);
	free(path);
	if (rc == 0)
		rc = journal_check_identity(j, id, false, err);
	if (rc < 0) {
		journal_close(j);
		return -1;
	}
	*out = j;
	return 0;
}

int
journal_open_readonly(const char *path, const struct journal_identity *id,
		      struct journal **out, struct ou_error *err)
{
	struct journal *j = xcalloc(1, sizeof *j);
	char *finished;
	int64_t count = 0;
	char *slash;

	*out = NULL;
	j->lock_fd = -1;
	j->dir = xstrdup(path);
	slash = strrchr(j->dir, '/');
	if (slash != NULL)
		*slash = '\0';
	if (sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || journal_count_records(j, &count) < 0) {
		ou_error_set(err, "%s: cannot read: %s", path,
			     sqlite3_errmsg(j->db));
		journal_close(j);
		return -1;
	}
	sqlite3_busy_timeout(j->db, 5000);
	if (id != NULL && journal_check_identity(j, id, true, err) < 0) {
		journal_close(j);
		return -1;
	}
	finished = journal_meta_get(j, "finished");
	j->finished = finished != NULL;
	j->resumed = count > 0;
	free(finished);
	*out = j;
	return 0;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	if (j->lock_fd >= 0)
		close(j->lock_fd);
	sqlite3_close(j->db);
	free(j->dir);
	free(j);
}

static double
journal_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Write the whole text to a file named after the record, fsynced. */
static char *
journal_write_output(struct journal *j, const struct journal_record *rec,
		     size_t len, struct ou_error *err)
{
	char *path = xasprintf("%s/output-%.6f-%s-%s.txt", j->dir, rec->time,
			       rec->step ? rec->step : "none",
			       rec->host ? rec->host : "all");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t done = 0;

	if (fd < 0)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, rec->text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	close(fd);
	return path;
fail:
	ou_error_set(err, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(path);
	return NULL;
}

static void
journal_bind_text(sqlite3_stmt *st, int index, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, index, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, index);
}

static int
journal_insert(struct journal *j, struct journal_record *rec, size_t text_len,
	       const char *output_file, struct ou_error *err)
{
	static const char sql[] =
		"INSERT INTO records (time, kind, unit, step, host, who, what,"
		" text, outcome, exit_status, output_file)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
		return journal_db_error(j, err, "prepare insert");
	sqlite3_bind_double(st, 1, rec->time);
	sqlite3_bind_text(st, 2, journal_kind_name(rec->kind), -1, SQLITE_STATIC);
	journal_bind_text(st, 3, rec->unit);
	journal_bind_text(st, 4, rec->step);
	journal_bind_text(st, 5, rec->host);
	journal_bind_text(st, 6, rec->who);
	journal_bind_text(st, 7, rec->what);
	if (rec->text != NULL)
		sqlite3_bind_text(st, 8, rec->text, (int)text_len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_text(st, 9, journal_outcome_name(rec->outcome), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 10, rec->exit_status);
	journal_bind_text(st, 11, output_file);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return journal_db_error(j, err, "append");
	rec->seq = sqlite3_last_insert_rowid(j->db);
	return 0;
}

int
journal_append(struct journal *j, struct journal_record *rec,
	       struct ou_error *err)
{
	size_t len = 0;
	char *output_file = NULL;
	int rc;

	if (rec->time == 0)
		rec->time = journal_now();
	if (rec->text != NULL)
		len = rec->text_len ? rec->text_len : strlen(rec->text);
	if (len > JOURNAL_TEXT_CAP) {
		output_file = journal_write_output(j, rec, len, err);
		if (output_file == NULL)
			return -1;
		len = JOURNAL_TEXT_CAP;
	}
	rc = journal_insert(j, rec, len, output_file, err);
	free(output_file);
	return rc;
}

int
journal_finish(struct journal *j, struct ou_error *err)
{
	char stamp[32];

	snprintf(stamp, sizeof stamp, "%.6f", journal_now());
	if (journal_meta_set(j, "finished", stamp, err) < 0)
		return -1;
	j->finished = true;
	return 0;
}

bool
journal_is_finished(const struct journal *j)
{
	return j->finished;
}

bool
journal_is_resumed(const struct journal *j)
{
	return j->resumed;
}

static const char *
journal_column(sqlite3_stmt *st, int index)
{
	return (const char *)sqlite3_column_text(st, index);
}

static int
journal_row_to_record(sqlite3_stmt *st, struct journal_record *rec)
{
	memset(rec, 0, sizeof *rec);
	rec->seq = sqlite3_column_int64(st, 0);
	rec->time = sqlite3_column_double(st, 1);
	if (journal_kind_parse(journal_column(st, 2), &rec->kind) < 0)
		return -1;
	rec->unit = journal_column(st, 3);
	rec->step = journal_column(st, 4);
	rec->host = journal_column(st, 5);
	rec->who = journal_column(st, 6);
	rec->what = journal_column(st, 7);
	rec->text = journal_column(st, 8);
	rec->text_len = (size_t)sqlite3_column_bytes(st, 8);
	rec->outcome = journal_outcome_parse(journal_column(st, 9));
	rec->exit_status = sqlite3_column_int(st, 10);
	rec->output_file = journal_column(st, 11);
	return 0;
}

int
journal_replay(struct journal *j, journal_record_fn fn, void *ctx,
	       struct ou_error *err)
{
	static const char sql[] =
		"SELECT seq, time, kind, unit, step, host, who, what, text,"
		" outcome, exit_status, output_file FROM records ORDER BY seq";
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
		return journal_db_error(j, err, "prepare replay");
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		struct journal_record rec;

		if (journal_row_to_record(st, &rec) < 0) {
			rc = ou_error_set(err, "%s/journal.sqlite: record %lld has "
					  "an unknown kind", j->dir,
					  (long long)sqlite3_column_int64(st, 0));
			break;
		}
		rc = fn(ctx, &rec);
	}
	sqlite3_finalize(st);
	return rc;
}
