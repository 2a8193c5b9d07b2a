/* cmd_run: `openstack-upgrade run --line`, the upgrade itself, driven
 * from a plain terminal (see include/lineui.h), resumed from the journal
 * when one is unfinished. */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "lineui.h"
#include "plan.h"
#include "session.h"
#include "strbuf.h"

static const char run_name[] = "run";

static void
run_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade run --line (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Run the upgrade, one confirmed step at a time: each step is shown\n"
		"exactly as it will run, on which hosts, and runs only once you\n"
		"answer y on the terminal.  Everything is journaled; run the same\n"
		"command again after an interruption to resume where it stopped.\n"
		"\n"
		"      --line             the plain-terminal interface (without it,\n"
		"                         `openstack-upgrade wizard` draws screens)\n"
		"  -i, --inventory FILE   the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE     derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE     the procedure (default: the built-in\n"
		"                         Icehouse to Juno scenario 4 runbook)\n"
		"      --journal-dir DIR  where the journal is (default:\n"
		"                         $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"  -w, --width COLUMNS    wrap the steps at COLUMNS (default 80)\n"
		"  -h, --help             show this help\n"
		"%s", CLI_API_USAGE);
}

struct run_args {
	struct cli_cloud_args cloud;
	struct cli_api_args api;
	const char *journal_dir;
	unsigned width;
	bool line;
};

enum {
	RUN_OPT_LINE = 0x200,
	RUN_OPT_JOURNAL_DIR,
};

static int
run_parse(int argc, char **argv, struct run_args *args)
{
	static const struct option options[] = {
		{ .name = "line", .has_arg = no_argument, .val = RUN_OPT_LINE },
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "journal-dir", .has_arg = required_argument,
		  .val = RUN_OPT_JOURNAL_DIR },
		{ .name = "width", .has_arg = required_argument, .val = 'w' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		CLI_API_LONG_OPTIONS,
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:w:h", options, NULL)) != -1) {
		if (cli_api_option(c, optarg, &args->api))
			continue;
		switch (c) {
		case RUN_OPT_LINE: args->line = true; break;
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case RUN_OPT_JOURNAL_DIR: args->journal_dir = optarg; break;
		case 'w': args->width = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'h': run_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage(run_name, "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage(run_name, "unexpected argument '%s'",
				      argv[optind]);
	if (!args->line)
		return cli_fail_usage(run_name, "give --line (the plain-terminal "
				      "interface); `openstack-upgrade wizard` "
				      "draws screens");
	if (args->width < 40 || args->width > 1000)
		return cli_fail_usage(run_name, "bad width (40 to 1000)");
	return cli_check_cloud_args(run_name, &args->cloud);
}

/* ---- setting up -------------------------------------------------------- */

struct run_ctx {
	struct run_args args;
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct creds *creds;
	struct cloudapi *api;
	struct session *session;
	struct lineui *ui;
	struct strbuf explain;	/* why the journal refused to resume */
};

/* The signals the interface reads through its signalfd, blocked in this
 * thread and so in every worker it starts. */
static void
run_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* libssh writes with MSG_NOSIGNAL, but ProxyCommand pipes do not. */
	signal(SIGPIPE, SIG_IGN);
}

static int
run_open_session(struct run_ctx *r, struct ou_error *err)
{
	const struct cli_cloud_args *cloud = &r->args.cloud;

	return session_open(&(struct session_options){
		.plan = r->plan, .runbook_path = cloud->runbook_path,
		.inventory_path = cloud->answers_path != NULL
				  ? cloud->answers_path : cloud->inventory_path,
		.journal_dir = r->args.journal_dir, .api = r->api,
		.width = r->args.width,
	}, &r->session, &r->explain, err);
}

static int
run_setup(struct run_ctx *r, struct ou_error *err)
{
	if (cli_load_runbook(&r->args.cloud, &r->rb, err) < 0 ||
	    cli_load_inventory(&r->args.cloud, &r->inv, err) < 0 ||
	    plan_build(r->rb, r->inv, &r->plan, err) < 0)
		return CLI_EXIT_BAD_INPUT;
	if (!isatty(STDIN_FILENO)) {
		ou_error_set(err, "run --line reads every answer from a terminal, "
			     "and standard input is not one");
		return CLI_EXIT_BAD_INPUT;
	}
	if (session_needs_api(r->rb) &&
	    cli_api_open(&r->args.api, 30000, &r->creds, &r->api, err) < 0)
		return CLI_EXIT_BAD_INPUT;
	if (run_open_session(r, err) < 0)
		return CLI_EXIT_FAILURE;
	return 0;
}

static int
run_start_engine(struct run_ctx *r, struct ou_error *err)
{
	r->ui = lineui_new(r->plan, STDIN_FILENO, stdout);
	return session_start(r->session, lineui_event, r->ui, err);
}

/* The session first: its engine's events go to the interface until
 * it is freed. */
static void
run_teardown(struct run_ctx *r)
{
	session_close(r->session);
	lineui_free(r->ui);
	cloudapi_close(r->api);
	creds_free(r->creds);
	plan_free(r->plan);
	inventory_free(r->inv);
	runbook_free(r->rb);
	strbuf_release(&r->explain);
}

static void
run_banner(const struct run_ctx *r)
{
	printf("openstack-upgrade run: %s on cloud %s (%zu hosts)\n",
	       r->rb->title, r->inv->cloud, r->inv->n_hosts);
	printf("journal: %s%s\n", session_journal_path(r->session),
	       session_resumed(r->session) ? " (resuming)" : "");
	printf("operator: %s\n", session_who(r->session));
}

int
cmd_run(int argc, char **argv)
{
	struct run_ctx r = { .args = { .width = 80 }, .explain = STRBUF_INIT };
	struct ou_error err = { { 0 } };
	int rc = run_parse(argc, argv, &r.args);

	if (rc != 0)
		return rc;
	run_block_signals();
	rc = run_setup(&r, &err);
	if (rc == 0 && run_start_engine(&r, &err) < 0)
		rc = CLI_EXIT_FAILURE;
	if (rc == 0) {
		run_banner(&r);
		rc = lineui_run(r.ui, session_engine(r.session));
		if (lineui_abandoned(r.ui)) {
			/* Asked twice: leave without waiting for the running
			 * commands; the journal shows them unknown. */
			fflush(stdout);
			_exit(CLI_EXIT_FAILURE);
		}
	} else if (err.msg[0] != '\0') {
		fprintf(stderr, "openstack-upgrade: %s\n", err.msg);
		fputs(strbuf_str(&r.explain), stderr);
	}
	run_teardown(&r);
	return rc;
}
