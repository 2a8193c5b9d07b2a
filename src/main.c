/* main: the command line.  It parses arguments, loads the files, calls
 * the core and prints; every decision lives in the core modules.
 *
 * Exit status: 0 success, 1 a failure while working, 2 bad usage or bad
 * input (a malformed runbook, inventory or answers file). */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "inventory.h"
#include "ou_error.h"
#include "plan.h"
#include "runbook.h"

#define EXIT_BAD_INPUT 2

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *out);
};

/* What the commands that read a cloud have in common. */
struct cloud_args {
	const char *inventory_path;
	const char *answers_path;
	const char *runbook_path;
};

static const char *program = "openstack-upgrade";

static int
fail_input(const struct ou_error *err)
{
	fprintf(stderr, "%s: %s\n", program, err->msg);
	return EXIT_BAD_INPUT;
}

static int __attribute__((format(printf, 2, 3)))
fail_usage(const char *command, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", program, command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", program, command);
	return EXIT_BAD_INPUT;
}

static int
load_runbook(const struct cloud_args *args, struct runbook **rb,
	     struct ou_error *err)
{
	if (args->runbook_path != NULL)
		return runbook_load_file(args->runbook_path, rb, err);
	return runbook_load_buffer("builtin:runbooks/icehouse-juno-scenario4.yaml",
				   builtin_runbook.data, builtin_runbook.len,
				   rb, err);
}

static int
load_inventory(const struct cloud_args *args, struct inventory **inv,
	       struct ou_error *err)
{
	if (args->answers_path != NULL)
		return inventory_load_answers(args->answers_path, inv, err);
	return inventory_load_file(args->inventory_path, inv, err);
}

static int
check_cloud_args(const char *command, const struct cloud_args *args)
{
	if (args->inventory_path == NULL && args->answers_path == NULL)
		return fail_usage(command, "needs --inventory FILE or --answers FILE");
	if (args->inventory_path != NULL && args->answers_path != NULL)
		return fail_usage(command, "give --inventory or --answers, not both");
	return 0;
}

static void
plan_usage(FILE *out)
{
	fprintf(out,
		"Usage: %s plan (--inventory FILE | --answers FILE) [options]\n"
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
		"  -h, --help            show this help\n",
		program);
}

struct plan_args {
	struct cloud_args cloud;
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
				return fail_usage("plan", "unknown format '%s' (text or json)", optarg);
			args->json = strcmp(optarg, "json") == 0;
			break;
		case 'w':
			if (parse_width(optarg, &args->width) < 0)
				return fail_usage("plan", "bad width '%s' (40 to 1000)", optarg);
			break;
		case 'h': plan_usage(stdout); exit(EXIT_SUCCESS);
		default: return fail_usage("plan", "bad option");
		}
	}
	if (optind < argc)
		return fail_usage("plan", "unexpected argument '%s'", argv[optind]);
	return check_cloud_args("plan", &args->cloud);
}

static int
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
	if (load_runbook(&args.cloud, &rb, &err) < 0 ||
	    load_inventory(&args.cloud, &inv, &err) < 0 ||
	    plan_build(rb, inv, &plan, &err) < 0) {
		rc = fail_input(&err);
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

static void
inventory_usage(FILE *out)
{
	fprintf(out,
		"Usage: %s inventory --answers FILE\n"
		"       %s inventory --inventory FILE\n"
		"\n"
		"Print the inventory as YAML: derived from a packstack answers file\n"
		"(check the roles, then keep it and pass it with --inventory), or\n"
		"an inventory file checked and normalised.\n"
		"\n"
		"  -a, --answers FILE    a packstack answers file (Icehouse or Juno era)\n"
		"  -i, --inventory FILE  an inventory file\n"
		"  -h, --help            show this help\n",
		program, program);
}

static int
parse_inventory_args(int argc, char **argv, struct cloud_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:h", options, NULL)) != -1) {
		switch (c) {
		case 'i': args->inventory_path = optarg; break;
		case 'a': args->answers_path = optarg; break;
		case 'h': inventory_usage(stdout); exit(EXIT_SUCCESS);
		default: return fail_usage("inventory", "bad option");
		}
	}
	if (optind < argc)
		return fail_usage("inventory", "unexpected argument '%s'", argv[optind]);
	return check_cloud_args("inventory", args);
}

static int
cmd_inventory(int argc, char **argv)
{
	struct cloud_args args = { 0 };
	struct ou_error err = { { 0 } };
	struct inventory *inv = NULL;
	int rc = parse_inventory_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (load_inventory(&args, &inv, &err) < 0)
		return fail_input(&err);
	inventory_write_yaml(inv, stdout);
	inventory_free(inv);
	return EXIT_SUCCESS;
}

static const struct command commands[] = {
	{ .name = "plan", .summary = "print the whole upgrade, host by host, command by command",
	  .run = cmd_plan, .usage = plan_usage },
	{ .name = "inventory", .summary = "derive an inventory from a packstack answers file",
	  .run = cmd_inventory, .usage = inventory_usage },
};

static void
main_usage(FILE *out)
{
	fprintf(out,
		"Usage: %s COMMAND [options]\n"
		"\n"
		"A wizard for a live, rolling OpenStack upgrade that runs every step\n"
		"only after you confirm it.\n"
		"\n"
		"Commands:\n", program);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"  -h, --help     show this help (COMMAND --help: that command's)\n"
		"  -V, --version  show the version\n"
		"\n"
		"See openstack-upgrade(1).\n");
}

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		main_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		main_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_SUCCESS;
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "%s: unknown command '%s'\n", program, argv[1]);
		main_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	return cmd->run(argc - 1, argv + 1);
}
