/* cmd_restore: `openstack-upgrade restore`, the backups that the review
 * of .rpmnew files (and ini-comment) leave on a host under
 * /var/lib/openstack-upgrade/backups/<time>-<step>/<path>: list them, or
 * put one back.
 *
 * Putting back shows exactly what will be done and asks y/N on the
 * terminal (or takes --yes); the file there now is kept beside the
 * backup (<path>.before-restore-<time>), and the backup is copied to a
 * temporary file beside the path (owner, mode and context as backed up),
 * synced and renamed over it: the host has the old file or the new one,
 * never neither.  The confirmation and the outcome are journaled in the
 * cloud's journal.  The host key must be known already (run or check
 * accepts it). */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "engine_exec.h"
#include "journal.h"
#include "session.h"
#include "shellquote.h"
#include "ssh.h"
#include "strbuf.h"
#include "xalloc.h"

#define BACKUP_ROOT "/var/lib/openstack-upgrade/backups"
#define RESTORE_TIMEOUT_MS (300u * 1000u)

static const char restore_name[] = "restore";

static void
restore_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade restore (--inventory FILE | --answers FILE) --host HOST\n"
		"                                 [--backup DIR [--file PATH] [--yes]] [options]\n"
		"\n"
		"Without --backup: list the backups on HOST (under " BACKUP_ROOT "),\n"
		"each directory with the files it holds.  With --backup: put the files\n"
		"of that backup back in place (every file but the .rpmnew ones, or only\n"
		"--file PATH), after showing what will be done and asking y/N.  The file\n"
		"there now is kept beside the backup; the confirmation and the outcome\n"
		"go in the journal.\n"
		"\n"
		"  -i, --inventory FILE   the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE     derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE     the procedure (default: the built-in one)\n"
		"      --host HOST        the host, as the inventory names it\n"
		"      --backup DIR       the backup's directory (its name, as listed)\n"
		"      --file PATH        only this file of the backup\n"
		"  -y, --yes              do not ask: put it back\n"
		"      --journal-dir DIR  where the journal is (default:\n"
		"                         $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"  -h, --help             show this help\n");
}

struct restore_args {
	struct cli_cloud_args cloud;
	const char *host;
	const char *backup;
	const char *file;
	const char *journal_dir;
	bool yes;
};

enum {
	OPT_HOST = 0x200,
	OPT_BACKUP,
	OPT_FILE,
	OPT_JOURNAL_DIR,
};

/* A backup directory is one name under the root: <time>-<step>. */
static bool
restore_backup_name_ok(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL;
}

static int
restore_parse(int argc, char **argv, struct restore_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "host", .has_arg = required_argument, .val = OPT_HOST },
		{ .name = "backup", .has_arg = required_argument, .val = OPT_BACKUP },
		{ .name = "file", .has_arg = required_argument, .val = OPT_FILE },
		{ .name = "yes", .has_arg = no_argument, .val = 'y' },
		{ .name = "journal-dir", .has_arg = required_argument,
		  .val = OPT_JOURNAL_DIR },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:yh", options, NULL)) != -1) {
		switch (c) {
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case OPT_HOST: args->host = optarg; break;
		case OPT_BACKUP: args->backup = optarg; break;
		case OPT_FILE: args->file = optarg; break;
		case OPT_JOURNAL_DIR: args->journal_dir = optarg; break;
		case 'y': args->yes = true; break;
		case 'h': restore_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage(restore_name, "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage(restore_name, "unexpected argument '%s'",
				      argv[optind]);
	if (args->host == NULL)
		return cli_fail_usage(restore_name, "--host HOST is needed");
	if (args->backup != NULL && !restore_backup_name_ok(args->backup))
		return cli_fail_usage(restore_name, "--backup takes a backup's "
				      "name as listed, not '%s'", args->backup);
	if (args->file != NULL && args->file[0] != '/')
		return cli_fail_usage(restore_name, "--file takes an absolute "
				      "path, not '%s'", args->file);
	if (args->file != NULL && args->backup == NULL)
		return cli_fail_usage(restore_name, "--file needs --backup");
	return cli_check_cloud_args(restore_name, &args->cloud);
}

/* ---- the host -------------------------------------------------------------- */

struct restore_host {
	struct engine_exec *exec;
	const struct inventory *inv;
	const struct inv_host *host;
	void *conn;
};

static int
restore_connect(struct restore_host *rh, struct ou_error *err)
{
	struct engine_hostkey hk = { .opaque = NULL };
	enum engine_connect_status st;

	st = engine_exec_ops.connect(rh->exec, rh->host, &rh->conn, &hk, err);
	if (st == ENGINE_CONNECT_HOSTKEY_UNKNOWN) {
		ou_error_set(err, "%s: its host key (%s %s) is not known yet: "
			     "`run` or `check` asks to accept it",
			     rh->host->name, hk.type, hk.fingerprint);
		engine_exec_ops.release_hostkey(rh->exec, &hk);
	}
	return st == ENGINE_CONNECT_OK ? 0 : -1;
}

static void
restore_collect(void *ctx, bool is_stderr, const char *data, size_t len)
{
	strbuf_add(ctx, data, len);
}

/* Run command; its output (both streams) in out.  -1 unless it exited 0. */
static int
restore_run(struct restore_host *rh, const char *command, struct strbuf *out,
	    struct ou_error *err)
{
	int status = -1;
	enum engine_op_status st;

	st = engine_exec_ops.run_command(rh->exec, rh->conn, command,
					 RESTORE_TIMEOUT_MS, restore_collect,
					 out, &status, err);
	if (st != ENGINE_OP_OK)
		return -1;
	if (status != 0)
		return ou_error_set(err, "%s: exit status %d: %s",
				    rh->host->name, status, strbuf_str(out));
	return 0;
}

/* ---- listing ------------------------------------------------------------------ */

/* "<dir>/<path>" lines, sorted: the files under each backup directory. */
static char *
restore_list_command(const char *backup)
{
	struct strbuf sb = STRBUF_INIT;
	char *root = backup != NULL ? xasprintf(BACKUP_ROOT "/%s", backup)
				    : xstrdup(BACKUP_ROOT);

	strbuf_adds(&sb, "if test -d ");
	shellquote_append(&sb, root);
	strbuf_adds(&sb, "; then find ");
	shellquote_append(&sb, root);
	strbuf_adds(&sb, " -type f ! -name '*.part' ! -name '*.before-restore-*'"
		    " -printf '%P\\n' | LC_ALL=C sort; fi");
	free(root);
	return strbuf_take(&sb);
}

static void
restore_print_list(const char *host, const struct strbuf *listing)
{
	const char *line = strbuf_str(listing);
	size_t dir_len = 0;
	const char *dir = NULL;

	if (listing->len == 0) {
		printf("%s: no backups under " BACKUP_ROOT "\n", host);
		return;
	}
	printf("Backups on %s, under " BACKUP_ROOT ":\n", host);
	while (*line != '\0') {
		size_t len = strcspn(line, "\n");
		size_t d = strcspn(line, "/");

		if (d < len && (dir == NULL || d != dir_len ||
				strncmp(dir, line, d) != 0)) {
			printf("  %.*s\n", (int)d, line);
			dir = line;
			dir_len = d;
		}
		if (d < len)
			printf("    %.*s\n", (int)(len - d), line + d);
		line += len + (line[len] == '\n');
	}
}

/* ---- putting back ---------------------------------------------------------- */

/* The files to put back: --file, or every one but the .rpmnew ones. */
static char **
restore_files(const char *only, const struct strbuf *listing, size_t *n)
{
	const char *line = strbuf_str(listing);
	char **files = NULL;

	*n = 0;
	while (*line != '\0') {
		size_t len = strcspn(line, "\n");
		char *path = xasprintf("/%.*s", (int)len, line);
		size_t plen = strlen(path);
		bool rpmnew = plen > 7 && strcmp(path + plen - 7, ".rpmnew") == 0;

		if ((only != NULL && strcmp(only, path) == 0) ||
		    (only == NULL && !rpmnew)) {
			files = xreallocarray(files, *n + 1, sizeof *files);
			files[(*n)++] = path;
		} else {
			free(path);
		}
		line += len + (line[len] == '\n');
	}
	return files;
}

static void
restore_var(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, "%s=", name);
	shellquote_append(sb, value);
	strbuf_addc(sb, '\n');
}

/* Idempotent: run again, it puts the same bytes back. */
static char *
restore_script(const char *backup, const char *path, const char *stamp)
{
	struct strbuf sb = STRBUF_INIT;
	char *src = xasprintf(BACKUP_ROOT "/%s%s", backup, path);
	char *keep = xasprintf("%s.before-restore-%s", src, stamp);

	strbuf_adds(&sb, "set -e\numask 077\n");
	restore_var(&sb, "src", src);
	restore_var(&sb, "f", path);
	restore_var(&sb, "keep", keep);
	strbuf_adds(&sb,
		"t=\"$f.ou-restore\"\n"
		"test -f \"$src\" || { echo \"no backup $src\" >&2; exit 3; }\n"
		"if test -e \"$f\" && ! cmp -s \"$f\" \"$src\"; then\n"
		"  cp -a -- \"$f\" \"$keep.part\" && mv -f -- \"$keep.part\" "
		"\"$keep\"\n"
		"fi\n"
		"cp -a -- \"$src\" \"$t\"\n"
		"sync \"$t\"\n"
		"mv -f -- \"$t\" \"$f\"\n"
		"sync\n"
		"echo \"$f: put back from $src\"\n");
	free(src);
	free(keep);
	return strbuf_take(&sb);
}

static void
restore_describe(const struct restore_args *args, char **files, size_t n,
		 const char *stamp, struct strbuf *out)
{
	strbuf_addf(out, "On %s, put back from " BACKUP_ROOT "/%s:\n",
		    args->host, args->backup);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "  %s (the file there now, if it differs, is "
			    "kept as " BACKUP_ROOT "/%s%s.before-restore-%s)\n",
			    files[i], args->backup, files[i], stamp);
	strbuf_adds(out, "Each is copied beside its path (owner, mode and "
		    "context as backed up), synced, and renamed over it.\n");
}

static bool
restore_ask(void)
{
	char answer[64];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "openstack-upgrade restore: standard input is "
			"not a terminal to answer y/N on: give --yes\n");
		return false;
	}
	printf("Put it back? [y/N]: ");
	fflush(stdout);
	if (fgets(answer, sizeof answer, stdin) == NULL)
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

struct restore_journal {
	struct journal *j;
	char who[256];
};

static int
restore_journal_open(const struct restore_args *args, const struct runbook *rb,
		     const struct inventory *inv, struct restore_journal *rj,
		     struct ou_error *err)
{
	struct journal_identity id = {
		.cloud = inv->cloud, .runbook_id = rb->id,
		.runbook_digest = rb->digest, .inventory_digest = inv->digest,
	};
	char *dir = args->journal_dir != NULL ? xstrdup(args->journal_dir)
					       : journal_default_dir(inv->cloud);
	int rc = journal_open(dir, &id, &rj->j, err);

	session_format_who(rj->who, sizeof rj->who);
	free(dir);
	return rc;
}

static int
restore_journal(struct restore_journal *rj, enum journal_kind kind,
		const char *host, const char *text,
		enum journal_outcome outcome, struct ou_error *err)
{
	return journal_append(rj->j, &(struct journal_record){
		.kind = kind, .host = host, .who = rj->who, .what = "restore",
		.text = text, .outcome = outcome, .exit_status = -1,
	}, err);
}

static int
restore_put_back(struct restore_host *rh, const struct restore_args *args,
		 char **files, size_t n, const char *stamp,
		 struct restore_journal *rj, struct ou_error *err)
{
	struct strbuf out = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *script = restore_script(args->backup, files[i], stamp);

		rc = restore_journal(rj, JOURNAL_START, args->host, script,
				     JOURNAL_OUTCOME_NONE, err);
		if (rc == 0)
			rc = restore_run(rh, script, &out, err);
		free(script);
		if (restore_journal(rj, JOURNAL_FINISH, args->host,
				    rc == 0 ? strbuf_str(&out) : err->msg,
				    rc == 0 ? JOURNAL_OUTCOME_OK
					    : JOURNAL_OUTCOME_FAILED, NULL) < 0)
			rc = -1;
	}
	fputs(strbuf_str(&out), stdout);
	strbuf_release(&out);
	return rc;
}

static void
restore_stamp(char stamp[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, 32, "%Y%m%dT%H%M%SZ", &tm);
}

static int
restore_backup(struct restore_host *rh, const struct restore_args *args,
	       const struct strbuf *listing, const struct runbook *rb,
	       struct ou_error *err)
{
	struct restore_journal rj = { .j = NULL };
	struct strbuf shown = STRBUF_INIT;
	char stamp[32];
	size_t n;
	char **files = restore_files(args->file, listing, &n);
	int rc = -1;

	restore_stamp(stamp);
	if (n == 0) {
		ou_error_set(err, "%s: nothing to put back from " BACKUP_ROOT
			     "/%s%s%s", args->host, args->backup,
			     args->file != NULL ? " for " : "",
			     args->file != NULL ? args->file : "");
		goto out;
	}
	restore_describe(args, files, n, stamp, &shown);
	fputs(strbuf_str(&shown), stdout);
	if (!args->yes && !restore_ask()) {
		printf("Nothing was done.\n");
		rc = 0;
		goto out;
	}
	if (restore_journal_open(args, rb, rh->inv, &rj, err) < 0)
		goto out;
	if (restore_journal(&rj, JOURNAL_CONFIRM, args->host,
			    strbuf_str(&shown), JOURNAL_OUTCOME_NONE, err) == 0)
		rc = restore_put_back(rh, args, files, n, stamp, &rj, err);
	journal_close(rj.j);
out:
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	strbuf_release(&shown);
	return rc;
}

static const struct inv_host *
restore_find_host(const struct inventory *inv, const char *name)
{
	for (size_t h = 0; h < inv->n_hosts; h++)
		if (strcmp(inv->hosts[h].name, name) == 0)
			return &inv->hosts[h];
	return NULL;
}

/* Connected to the host: list, or put back. */
static int
restore_on_host(struct restore_host *rh, const struct restore_args *args,
		const struct runbook *rb, struct ou_error *err)
{
	struct strbuf listing = STRBUF_INIT;
	char *list = restore_list_command(args->backup);
	int rc = restore_run(rh, list, &listing, err);

	free(list);
	if (rc == 0 && args->backup == NULL)
		restore_print_list(args->host, &listing);
	else if (rc == 0)
		rc = restore_backup(rh, args, &listing, rb, err);
	strbuf_release(&listing);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	struct restore_args args = { .yes = false };
	struct runbook *rb = NULL;
	struct inventory *inv = NULL;
	struct restore_host rh = { .exec = NULL };
	struct ou_error err;
	int rc = restore_parse(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_load_runbook(&args.cloud, &rb, &err) < 0 ||
	    cli_load_inventory(&args.cloud, &inv, &err) < 0) {
		runbook_free(rb);
		return cli_fail_input(&err);
	}
	rh.inv = inv;
	rh.host = restore_find_host(inv, args.host);
	if (rh.host == NULL) {
		rc = cli_fail_usage(restore_name, "no host '%s' in the "
				    "inventory", args.host);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	if (ssh_transport_init(&err) < 0) {
		rc = CLI_EXIT_FAILURE;
		fprintf(stderr, "openstack-upgrade restore: %s\n", err.msg);
		goto out;
	}
	rh.exec = engine_exec_new(&(struct engine_exec_options){ .inv = inv });
	rc = restore_connect(&rh, &err) == 0 &&
	     restore_on_host(&rh, &args, rb, &err) == 0 ? 0 : CLI_EXIT_FAILURE;
	if (rc != 0)
		fprintf(stderr, "openstack-upgrade restore: %s\n", err.msg);
	if (rh.conn != NULL)
		engine_exec_ops.disconnect(rh.exec, rh.conn);
	engine_exec_free(rh.exec);
	ssh_transport_cleanup();
out:
	inventory_free(inv);
	runbook_free(rb);
	return rc;
}
