/* cli: what the commands of the command line share.
 *
 * Each command lives in src/cmd_<name>.c and is listed in main.c's
 * table.  Commands print; the core modules they call never do.
 *
 * Exit statuses: 0 success, 1 a failure while working, 2 bad usage or
 * bad input (a malformed runbook, inventory or answers file). */
#ifndef OU_CLI_H
#define OU_CLI_H

#include <stdio.h>

#include "inventory.h"
#include "ou_error.h"
#include "runbook.h"

#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_BAD_INPUT 2

/* The files that describe a cloud; the strings are borrowed from argv. */
struct cli_cloud_args {
	const char *inventory_path;
	const char *answers_path;
	const char *runbook_path;	/* NULL: the built-in runbook */
};

/* Print "openstack-upgrade COMMAND: message" and a hint; return 2. */
int cli_fail_usage(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "openstack-upgrade: message"; return 2. */
int cli_fail_input(const struct ou_error *err);
/* 0 when exactly one of --inventory and --answers was given. */
int cli_check_cloud_args(const char *command, const struct cli_cloud_args *args);
int cli_load_runbook(const struct cli_cloud_args *args, struct runbook **rb,
		     struct ou_error *err);
int cli_load_inventory(const struct cli_cloud_args *args,
		       struct inventory **inv, struct ou_error *err);

/* The commands: argv[0] is the command's name. */
int cmd_plan(int argc, char **argv);
int cmd_inventory(int argc, char **argv);

#endif
