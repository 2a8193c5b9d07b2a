/* cmd_wizard: `openstack-upgrade wizard`, the upgrade on screen. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "theme.h"
#include "wizard.h"

/* A request to Nova that takes longer is as good as no answer. */
#define WIZARD_NOVA_TIMEOUT_MS 5000

static void
wizard_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade wizard (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Open the upgrade in the terminal: the checklist of every step and\n"
		"where it stands, each step's exact commands, and Nova's services,\n"
		"live.  ? on any screen lists the keys.\n"
		"\n"
		"  -i, --inventory FILE  the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE    derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE    the procedure (default: the built-in\n"
		"                        Icehouse to Juno scenario 4 runbook)\n"
		"      --refresh SECONDS how often to ask Nova for its services (2)\n"
		"      --ascii           draw with ASCII only\n"
		"      --no-color        no colours (so does a non-empty NO_COLOR)\n"
		"  -h, --help            show this help\n"
		"\n"
		"The services screen needs credentials; without them it says why.\n"
		CLI_API_USAGE);
}

struct wizard_args {
	struct cli_cloud_args cloud;
	struct cli_api_args api;
	unsigned refresh_s;
	bool ascii;
	bool no_color;
};

/* After cli.h's CLI_OPT_* values. */
enum {
	OPT_REFRESH = 0x200,
	OPT_ASCII,
	OPT_NO_COLOR,
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

static int
wizard_open(const struct wizard_args *args, const struct plan *plan)
{
	struct ou_error api_err = { { 0 } };
	struct ou_error err = { { 0 } };
	struct creds *creds = NULL;
	struct cloudapi *api = NULL;
	struct wizard_options opt = {
		.plan = plan,
		.nova_problem = api_err.msg,
		.ascii = args->ascii || !theme_locale_utf8(),
		.monochrome = wizard_no_color(args),
		.refresh_s = args->refresh_s,
	};
	int rc;

	/* Before the screen is taken: this may ask for a password.  No
	 * credentials is no reason not to open; the services screen says
	 * what is missing. */
	if (cli_api_open(&args->api, WIZARD_NOVA_TIMEOUT_MS, &creds, &api,
			 &api_err) == 0)
		opt.nova = api->nova;
	rc = wizard_run(&opt, &err);
	cloudapi_close(api);
	creds_free(creds);
	if (rc < 0) {
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
