/* cmd_plan: `openstack-upgrade plan`, the whole upgrade on paper. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"

static void
plan_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade plan (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Print every step of the upgrade in order, for every host, with the\n"
		"exact command that will run there, its batch, its checks, and where\n"
		"you will be asked to confirm.  Nothing is run and nothing is contacted.\n"
		"\n"
		"  -i, --inventory FILE  the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE    derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE    the procedure (default: the built-in\n"
		"                        Icehouse to Juno scenario 4 runbook)\n"
		"  -f, --format FORMAT   text (default) or json\n"
		"  -w, --width COLUMNS   wrap text at COLUMNS (default 80)\n"
		"  -h, --help            show this help\n");
}

struct plan_args {
	struct cli_cloud_args cloud;
	int json;
	unsigned width;
};

static int
parse_width(const char *arg, unsigned *width)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 40 || v > 1000)
		return -1;
	*width = (unsigned)v;
	return 0;
}

static int
parse_plan_args(int argc, char **argv, struct plan_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "format", .has_arg = required_argument, .val = 'f' },
		{ .name = "width", .has_arg = required_argument, .val = 'w' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:f:w:h", options, NULL)) != -1) {
		switch (c) {
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
				return cli_fail_usage("plan", "unknown format '%s' (text or json)", optarg);
			args->json = strcmp(optarg, "json") == 0;
			break;
		case 'w':
			if (parse_width(optarg, &args->width) < 0)
				return cli_fail_usage("plan", "bad width '%s' (40 to 1000)", optarg);
			break;
		case 'h': plan_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage("plan", "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage("plan", "unexpected argument '%s'", argv[optind]);
	return cli_check_cloud_args("plan", &args->cloud);
}

int
cmd_plan(int argc, char **argv)
{
	struct plan_args args = { .width = 80 };
	struct ou_error err = { { 0 } };
	struct runbook *rb = NULL;
	struct inventory *inv = NULL;
	struct plan *plan = NULL;
	int rc = parse_plan_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_load_runbook(&args.cloud, &rb, &err) < 0 ||
	    cli_load_inventory(&args.cloud, &inv, &err) < 0 ||
	    plan_build(rb, inv, &plan, &err) < 0) {
		rc = cli_fail_input(&err);
	} else if (args.json) {
		plan_write_json(plan, stdout);
	} else {
		plan_write_text(plan, stdout, args.width);
	}
	plan_free(plan);
	inventory_free(inv);
	runbook_free(rb);
	return rc;
}

