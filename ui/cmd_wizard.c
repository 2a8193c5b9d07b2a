/* cmd_wizard: `openstack-upgrade wizard`, the upgrade on screen, and
 * `openstack-upgrade` with a cloud and no command. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "plan.h"
#include "session.h"
#include "theme.h"
#include "wizard.h"

/* For the services screen a request that takes longer is as good as no
 * answer; the engine's own calls wait as long as run --line's. */
#define WIZARD_NOVA_TIMEOUT_MS 5000
#define WIZARD_ENGINE_TIMEOUT_MS 30000
/* The engine wraps its texts for the narrowest screen, less a margin. */
#define WIZARD_TEXT_WIDTH 78

static void
wizard_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade wizard (--inventory FILE | --answers FILE) [options]\n"
		"       openstack-upgrade (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Run the upgrade in the terminal, one confirmed step at a time: the\n"
		"checklist of every step and where it stands, each step exactly as it\n"
		"will run before you say yes, each host's output as it comes, the\n"
		"compute rollout, the .rpmnew files, and Nova's services, live.  ? on\n"
		"any screen lists the keys.  Everything is journaled; run the same\n"
		"command again after an interruption to resume where it stopped\n"
		"(`run --line` resumes it too).\n"
		"\n"
		"  -i, --inventory FILE   the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE     derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE     the procedure (default: the built-in\n"
		"                         Icehouse to Juno scenario 4 runbook)\n"
		"      --journal-dir DIR  where the journal is (default:\n"
		"                         $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"      --refresh SECONDS  how often to ask Nova for its services (2)\n"
		"      --ascii            draw with ASCII only\n"
		"      --no-color         no colours (so does a non-empty NO_COLOR)\n"
		"  -h, --help             show this help\n"
		"\n"
		"Without credentials the wizard still opens, to read the plan; it\n"
		"says why nothing can run when the runbook needs the Nova API.\n"
		CLI_API_USAGE);
}

struct wizard_args {
	struct cli_cloud_args cloud;
	struct cli_api_args api;
	const char *journal_dir;
	unsigned refresh_s;
	bool ascii;
	bool no_color;
};

/* After cli.h's CLI_OPT_* values. */
enum {
	OPT_REFRESH = 0x200,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_JOURNAL_DIR,
};

static int
parse_refresh(const char *arg, unsigned *seconds)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > 3600)
		return -1;
	*seconds = (unsigned)v;
	return 0;
}

static int
parse_wizard_args(int argc, char **argv, struct wizard_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "journal-dir", .has_arg = required_argument,
		  .val = OPT_JOURNAL_DIR },
		CLI_API_LONG_OPTIONS,
		{ .name = "refresh", .has_arg = required_argument, .val = OPT_REFRESH },
		{ .name = "ascii", .has_arg = no_argument, .val = OPT_ASCII },
		{ .name = "no-color", .has_arg = no_argument, .val = OPT_NO_COLOR },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:h", options, NULL)) != -1) {
		if (cli_api_option(c, optarg, &args->api))
			continue;
		switch (c) {
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case OPT_JOURNAL_DIR: args->journal_dir = optarg; break;
		case OPT_REFRESH:
			if (parse_refresh(optarg, &args->refresh_s) < 0)
				return cli_fail_usage("wizard", "bad refresh '%s' (1 to 3600 seconds)", optarg);
			break;
		case OPT_ASCII: args->ascii = true; break;
		case OPT_NO_COLOR: args->no_color = true; break;
		case 'h': wizard_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage("wizard", "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage("wizard", "unexpected argument '%s'", argv[optind]);
	return cli_check_cloud_args("wizard", &args->cloud);
}

static bool
wizard_no_color(const struct wizard_args *args)
{
	const char *env = getenv("NO_COLOR");

	return args->no_color || (env != NULL && env[0] != '\0');
}

/* The Nova clients: one for the services screen's thread, one for the
 * engine's workers (a client is not shared between threads); both from
 * the one set of credentials, asked for once. */
struct wizard_apis {
	struct creds *creds;
	struct cloudapi *feed;
	struct cloudapi *engine;
	struct ou_error problem;	/* why there are none */
};

static void
wizard_open_apis(const struct wizard_args *args, struct wizard_apis *apis)
{
	if (cli_api_open(&args->api, WIZARD_NOVA_TIMEOUT_MS, &apis->creds,
			 &apis->feed, &apis->problem) < 0)
		return;
	if (cloudapi_open(&(struct cloudapi_options){
		    .creds = apis->creds, .insecure = args->api.insecure,
		    .cacert = args->api.cacert,
		    .timeout_ms = WIZARD_ENGINE_TIMEOUT_MS,
		    .connect_timeout_ms = WIZARD_NOVA_TIMEOUT_MS,
	    }, &apis->engine, &apis->problem) < 0)
		apis->engine = NULL;
}

static void
wizard_close_apis(struct wizard_apis *apis)
{
	cloudapi_close(apis->engine);
	cloudapi_close(apis->feed);
	creds_free(apis->creds);
}

/* The journal and the executor, before the terminal is taken: a
 * refusal to resume is explained on stderr.  No credentials is no
 * reason not to open: the wizard then shows the plan and says why
 * nothing runs.  -1: a refusal, the wizard must not open. */
static int
wizard_open_session(const struct wizard_args *args, const struct plan *plan,
		    const struct wizard_apis *apis, struct session **session,
		    struct ou_error *problem)
{
	struct strbuf explain = STRBUF_INIT;
	int rc = 0;

	if (apis->engine == NULL && session_needs_api(plan->runbook)) {
		ou_error_set(problem, "Nothing can run: the runbook calls the "
			     "Nova API, and there are no credentials (%s).",
			     apis->problem.msg);
		return 0;
	}
	if (session_open(&(struct session_options){
		    .plan = plan, .runbook_path = args->cloud.runbook_path,
		    .inventory_path = args->cloud.answers_path != NULL
				      ? args->cloud.answers_path
				      : args->cloud.inventory_path,
		    .journal_dir = args->journal_dir, .api = apis->engine,
		    .width = WIZARD_TEXT_WIDTH,
	    }, session, &explain, problem) < 0) {
		fprintf(stderr, "openstack-upgrade: %s\n", problem->msg);
		fputs(strbuf_str(&explain), stderr);
		rc = -1;
	}
	strbuf_release(&explain);
	return rc;
}

static int
wizard_open(const struct wizard_args *args, const struct plan *plan)
{
	struct wizard_apis apis = { 0 };
	struct ou_error session_problem = { { 0 } };
	struct ou_error err = { { 0 } };
	struct session *session = NULL;
	enum wizard_end end;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "openstack-upgrade wizard: the wizard needs a "
			"terminal on its standard input and output (run --line "
			"needs one on its input)\n");
		return CLI_EXIT_BAD_INPUT;
	}
	/* libssh writes with MSG_NOSIGNAL, but ProxyCommand pipes do not. */
	signal(SIGPIPE, SIG_IGN);
	/* Before the screen is taken: this may ask for a password. */
	wizard_open_apis(args, &apis);
	if (wizard_open_session(args, plan, &apis, &session,
				&session_problem) < 0) {
		wizard_close_apis(&apis);
		return CLI_EXIT_FAILURE;
	}
	end = wizard_run(&(struct wizard_options){
		.plan = plan,
		.nova = apis.feed != NULL ? apis.feed->nova : NULL,
		.nova_problem = apis.problem.msg,
		.session = session, .session_problem = session_problem.msg,
		.ascii = args->ascii || !theme_locale_utf8(),
		.monochrome = wizard_no_color(args),
		.refresh_s = args->refresh_s,
	}, &err);
	if (end == WIZARD_ABANDONED) {
		/* Quit twice while commands ran: leave them; the journal
		 * shows them unknown, for the next run to decide. */
		fprintf(stderr, "openstack-upgrade: left with commands running; "
			"run again to decide them.\n");
		_exit(CLI_EXIT_FAILURE);
	}
	session_close(session);
	wizard_close_apis(&apis);
	if (end == WIZARD_ERROR) {
		fprintf(stderr, "openstack-upgrade wizard: %s\n", err.msg);
		return CLI_EXIT_FAILURE;
	}
	return 0;
}

int
cmd_wizard(int argc, char **argv)
{
	struct wizard_args args = { .refresh_s = 2 };
	struct ou_error err = { { 0 } };
	struct runbook *rb = NULL;
	struct inventory *inv = NULL;
	struct plan *plan = NULL;
	int rc = parse_wizard_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	setlocale(LC_CTYPE, "");
	if (cli_load_runbook(&args.cloud, &rb, &err) < 0 ||
	    cli_load_inventory(&args.cloud, &inv, &err) < 0 ||
	    plan_build(rb, inv, &plan, &err) < 0)
		rc = cli_fail_input(&err);
	else
		rc = wizard_open(&args, plan);
	plan_free(plan);
	inventory_free(inv);
	runbook_free(rb);
	return rc;
}
