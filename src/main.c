/* main: the command line.  It finds the command and hands it argv; the
 * commands live in src/cmd_*.c and every decision in the core modules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ .name = "plan", .summary = "print the whole upgrade, host by host, command by command",
	  .run = cmd_plan },
	{ .name = "inventory", .summary = "derive an inventory from a packstack answers file",
	  .run = cmd_inventory },
	{ .name = "services", .summary = "show Nova's services, once or refreshed (--watch)",
	  .run = cmd_services },
	{ .name = "check", .summary = "check, read-only, that the upgrade can start",
	  .run = cmd_check },
	{ .name = "wizard", .summary = "open the upgrade on screen: checklist, steps, live services",
	  .run = cmd_wizard },
	{ .name = "run", .summary = "run the upgrade step by step, each confirmed first (--line)",
	  .run = cmd_run },
	{ .name = "status", .summary = "show where the upgrade stands, from its journal",
	  .run = cmd_status },
	{ .name = "log", .summary = "print the upgrade's audit trail",
	  .run = cmd_log },
	{ .name = "restore", .summary = "list a host's backups, or put one back",
	  .run = cmd_restore },
};

static void
main_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade COMMAND [options]\n"
		"       openstack-upgrade (--inventory FILE | --answers FILE) [--line] [options]\n"
		"\n"
		"A wizard for a live, rolling OpenStack upgrade that runs every step\n"
		"only after you confirm it.  Without a command: the wizard, or with\n"
		"--line `run --line`.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"  -h, --help     show this help (COMMAND --help: that command's)\n"
		"  -V, --version  show the version\n"
		"\n"
		"See openstack-upgrade(1).\n");
}

/* `openstack-upgrade --inventory F`: no command, a cloud: the upgrade,
 * on screen, or with --line in the plain terminal. */
static int
main_default(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--line") == 0)
			return cmd_run(argc, argv);
	return cmd_wizard(argc, argv);
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
		return CLI_EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		main_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EXIT_SUCCESS;
	}
	if (argv[1][0] == '-')
		return main_default(argc, argv);
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "openstack-upgrade: unknown command '%s'\n", argv[1]);
		main_usage(stderr);
		return CLI_EXIT_BAD_INPUT;
	}
	return cmd->run(argc - 1, argv + 1);
}
