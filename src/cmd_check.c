/* cmd_check: `openstack-upgrade check`, the read-only pre-flight over the
 * whole inventory (the checks: preflight.h).
 *
 * With --accept-host-keys, each key the operator accepts is journaled
 * (JOURNAL_HOSTKEY, as the engine journals one) before it is written to
 * known_hosts: into the upgrade's journal when one is under way, else
 * into a journal of its own that is marked finished at once, so that it
 * neither blocks nor is resumed by the upgrade (whose inventory may still
 * change after this check), and stays in the journal directory as the
 * audit trail. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "journal.h"
#include "preflight.h"
#include "session.h"
#include "xalloc.h"

#define CHECK_API_TIMEOUT_MS 15000
#define CHECK_MAX_PARALLEL 64

enum {
	CHECK_OPT_ACCEPT = 0x200,
	CHECK_OPT_JOURNAL_DIR,
};

struct check_args {
	struct cli_cloud_args cloud;
	struct cli_api_args api;
	bool accept_host_keys;
	const char *journal_dir;
	unsigned parallel;
};

/* Where accepted keys are journaled: opened at the first acceptance. */
struct check_journal {
	const struct check_args *args;
	const struct inventory *inv;
	struct journal *j;
	char who[256];
};

static void
check_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade check (--inventory FILE | --answers FILE)\n"
		"                               [--accept-host-keys [--journal-dir DIR]\n"
		"                               [--runbook FILE]] [--parallel N]\n"
		"\n"
		"Check, without changing anything, that the upgrade can start: per\n"
		"host the ssh login and host key, sudo -n where become is sudo, the\n"
		"installed OpenStack packages (rpm -q) and their release; then the\n"
		"credentials, Nova's service list, and Nova's compute hosts against\n"
		"the inventory's.  One line per check: ok, WARN or FAIL, and what was\n"
		"seen.  Exit status 0 when nothing FAILs, 1 otherwise.\n"
		"\n"
		"  -i, --inventory FILE    the inventory\n"
		"  -a, --answers FILE      a packstack answers file instead\n"
		"      --accept-host-keys  ask, on the terminal, whether to accept each\n"
		"                          unknown host key (a changed key is never\n"
		"                          accepted), then check again; each key\n"
		"                          accepted is recorded in the upgrade's\n"
		"                          journal (when no upgrade is under way, in\n"
		"                          a journal of its own, kept beside it)\n"
		"      --journal-dir DIR   where the journal is (default:\n"
		"                          $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"  -r, --runbook FILE      the runbook the upgrade runs (default: the\n"
		"                          built-in one): it names the journal\n"
		"  -j, --parallel N        hosts checked at once (default 16)\n"
		"  -h, --help              show this help\n"
		"\n" CLI_API_USAGE);
}

static int
check_parallel(const char *arg, unsigned *out)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end != '\0' || end == arg || n < 1 || n > CHECK_MAX_PARALLEL)
		return cli_fail_usage("check", "--parallel takes 1 to %d, "
				      "not '%s'", CHECK_MAX_PARALLEL, arg);
	*out = (unsigned)n;
	return 0;
}

static int
check_option(int c, struct check_args *args)
{
	switch (c) {
	case 'i': args->cloud.inventory_path = optarg; return 0;
	case 'a': args->cloud.answers_path = optarg; return 0;
	case CHECK_OPT_ACCEPT: args->accept_host_keys = true; return 0;
	case CHECK_OPT_JOURNAL_DIR: args->journal_dir = optarg; return 0;
	case 'r': args->cloud.runbook_path = optarg; return 0;
	case 'j': return check_parallel(optarg, &args->parallel);
	case 'h': check_usage(stdout); exit(EXIT_SUCCESS);
	default:
		if (cli_api_option(c, optarg, &args->api))
			return 0;
		return cli_fail_usage("check", "bad option");
	}
}

static int
parse_check_args(int argc, char **argv, struct check_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "accept-host-keys", .has_arg = no_argument,
		  .val = CHECK_OPT_ACCEPT },
		{ .name = "journal-dir", .has_arg = required_argument,
		  .val = CHECK_OPT_JOURNAL_DIR },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "parallel", .has_arg = required_argument, .val = 'j' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		CLI_API_LONG_OPTIONS,
		{ 0 },
	};
	int c, rc;

	while ((c = getopt_long(argc, argv, "i:a:r:j:h", options, NULL)) != -1)
		if ((rc = check_option(c, args)) != 0)
			return rc;
	if (optind < argc)
		return cli_fail_usage("check", "unexpected argument '%s'",
				      argv[optind]);
	if (!args->accept_host_keys &&
	    (args->journal_dir != NULL || args->cloud.runbook_path != NULL))
		return cli_fail_usage("check", "--journal-dir and --runbook go "
				      "with --accept-host-keys");
	return cli_check_cloud_args("check", &args->cloud);
}

static bool
check_ask(FILE *tty, const struct preflight_hostkey *k)
{
	char answer[16] = "";

	fprintf(tty,
		"\nHost %s (%s) offers a host key that is not in %s:\n"
		"    %s %s\n"
		"Compare it with the host's own, read on its console with\n"
		"ssh-keygen -lf on the key under /etc/ssh/.  Accept it? [y/N] ",
		k->host, k->address != NULL ? k->address : k->key.host,
		k->key.known_hosts, k->key.type, k->key.fingerprint);
	fflush(tty);
	if (fgets(answer, sizeof answer, tty) == NULL)
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0 ||
	       strcmp(answer, "yes") == 0;
}

/* The journal the run would open: same directory, same identity. */
static int
check_journal_open(struct check_journal *cj, struct ou_error *err)
{
	struct runbook *rb = NULL;
	char *dir;
	int rc;

	if (cj->j != NULL)
		return 0;
	if (cli_load_runbook(&cj->args->cloud, &rb, err) < 0)
		return -1;
	dir = cj->args->journal_dir != NULL ? xstrdup(cj->args->journal_dir)
					    : journal_default_dir(cj->inv->cloud);
	rc = journal_open(dir, &(struct journal_identity){
		.cloud = cj->inv->cloud, .runbook_id = rb->id,
		.runbook_digest = rb->digest,
		.inventory_digest = cj->inv->digest,
	}, &cj->j, err);
	free(dir);
	runbook_free(rb);
	session_format_who(cj->who, sizeof cj->who);
	return rc;
}

/* A journal this check started holds nothing but its host keys: done. */
static void
check_journal_close(struct check_journal *cj)
{
	struct ou_error err = { .msg = "" };

	if (cj->j == NULL)
		return;
	if (!journal_is_resumed(cj->j) && journal_finish(cj->j, &err) < 0)
		fprintf(stderr, "openstack-upgrade check: %s\n", err.msg);
	journal_close(cj->j);
	cj->j = NULL;
}

/* Journaled first: a key that cannot be recorded is not added. */
static int
check_journal_key(struct check_journal *cj, const struct preflight_hostkey *k,
		  struct ou_error *err)
{
	char *text;
	int rc;

	if (check_journal_open(cj, err) < 0)
		return ou_error_prefix(err, "the journal cannot be written");
	text = xasprintf("%s %s", k->key.type, k->key.fingerprint);
	rc = journal_append(cj->j, &(struct journal_record){
		.kind = JOURNAL_HOSTKEY, .host = k->host, .who = cj->who,
		.what = "accept", .text = text, .exit_status = -1,
	}, err);
	free(text);
	return rc;
}

/* Ask about each unknown key; returns how many were added, -1 when there
 * is no terminal to ask on. */
static int
check_accept_keys(const struct preflight_report *r, struct check_journal *cj)
{
	FILE *tty = fopen("/dev/tty", "r+");
	int added = 0;

	if (tty == NULL) {
		fprintf(stderr, "openstack-upgrade check: --accept-host-keys "
			"asks on the terminal, and there is none\n");
		return -1;
	}
	for (size_t i = 0; i < r->n_unknown_keys; i++) {
		const struct preflight_hostkey *k = &r->unknown_keys[i];
		struct ou_error err = { .msg = "" };

		if (!check_ask(tty, k)) {
			fprintf(tty, "Not accepted.\n");
		} else if (check_journal_key(cj, k, &err) < 0 ||
			   ssh_hostkey_accept(&k->key, &err) < 0) {
			fprintf(tty, "Not added: %s\n", err.msg);
		} else {
			fprintf(tty, "Added to %s.\n", k->key.known_hosts);
			added++;
		}
	}
	fclose(tty);
	check_journal_close(cj);
	return added;
}

static int
check_report(const struct preflight_report *r)
{
	struct strbuf out = STRBUF_INIT;

	preflight_render(r, &out);
	fputs(strbuf_str(&out), stdout);
	strbuf_release(&out);
	return preflight_failed(r) ? CLI_EXIT_FAILURE : EXIT_SUCCESS;
}

static int
check_run(const struct check_args *args, const struct inventory *inv)
{
	struct ou_error err = { .msg = "" };
	struct creds *creds = NULL;
	struct cloudapi *api = NULL;
	struct preflight_options opt = {
		.inv = inv, .max_parallel = args->parallel,
	};
	struct preflight_report *r;
	int rc = EXIT_SUCCESS;

	if (cli_api_open(&args->api, CHECK_API_TIMEOUT_MS, &creds, &api,
			 &err) < 0)
		opt.api_error = err.msg;
	opt.api = api;
	r = preflight_run(&opt);
	if (args->accept_host_keys && r->n_unknown_keys > 0) {
		struct check_journal cj = { .args = args, .inv = inv };
		int added = check_accept_keys(r, &cj);

		if (added < 0)
			rc = CLI_EXIT_FAILURE;
		if (added > 0) {
			preflight_report_free(r);
			r = preflight_run(&opt);
		}
	}
	if (check_report(r) != EXIT_SUCCESS)
		rc = CLI_EXIT_FAILURE;
	preflight_report_free(r);
	cloudapi_close(api);
	creds_free(creds);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	struct check_args args = { .parallel = 0 };
	struct ou_error err = { .msg = "" };
	struct inventory *inv = NULL;
	int rc = parse_check_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_load_inventory(&args.cloud, &inv, &err) < 0)
		return cli_fail_input(&err);
	/* libssh writes with MSG_NOSIGNAL, but a ProxyCommand is a pipe. */
	signal(SIGPIPE, SIG_IGN);
	if (ssh_transport_init(&err) < 0) {
		inventory_free(inv);
		fprintf(stderr, "openstack-upgrade check: %s\n", err.msg);
		return CLI_EXIT_FAILURE;
	}
	rc = check_run(&args, inv);
	ssh_transport_cleanup();
	inventory_free(inv);
	return rc;
}
