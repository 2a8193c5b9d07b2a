/* cli: what the commands of the command line share.
 *
 * Each command lives in src/cmd_<name>.c and is listed in main.c's
 * table.  Commands print; the core modules they call never do.
 *
 * Exit statuses: 0 success, 1 a failure while working, 2 bad usage or
 * bad input (a malformed runbook, inventory or answers file). */
#ifndef OU_CLI_H
#define OU_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cloudapi.h"
#include "creds.h"
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

/* The options of the commands that talk to the cloud's APIs (strings
 * borrowed from argv).  Put CLI_API_LONG_OPTIONS in the command's
 * getopt_long() table, CLI_API_USAGE in its help, and hand each option
 * to cli_api_option(). */
struct cli_api_args {
	const char *os_cloud;	/* --os-cloud NAME: clouds.yaml */
	const char *keystonerc;	/* --keystonerc FILE, read, never run */
	const char *cacert;	/* --os-cacert FILE */
	bool insecure;		/* --insecure: TLS not verified */
};

enum {
	CLI_OPT_OS_CLOUD = 0x100,
	CLI_OPT_KEYSTONERC,
	CLI_OPT_OS_CACERT,
	CLI_OPT_INSECURE,
};

#define CLI_API_LONG_OPTIONS \
	{ .name = "os-cloud", .has_arg = required_argument, .val = CLI_OPT_OS_CLOUD }, \
	{ .name = "keystonerc", .has_arg = required_argument, .val = CLI_OPT_KEYSTONERC }, \
	{ .name = "os-cacert", .has_arg = required_argument, .val = CLI_OPT_OS_CACERT }, \
	{ .name = "insecure", .has_arg = no_argument, .val = CLI_OPT_INSECURE }

#define CLI_API_USAGE \
	"Credentials: --keystonerc FILE, else --os-cloud NAME (or OS_CLOUD) from\n" \
	"clouds.yaml, else the OS_* variables; the password is asked for on the\n" \
	"terminal when none is given.\n" \
	"      --keystonerc FILE  a keystonerc (read as export lines, never run)\n" \
	"      --os-cloud NAME    the cloud NAME of clouds.yaml\n" \
	"      --os-cacert FILE   the CA bundle that signed the API certificates\n" \
	"      --insecure         do not verify TLS certificates (said on screen)\n"

/* True when c was one of the API options (then stored in args). */
bool cli_api_option(int c, const char *arg, struct cli_api_args *args);
/* Load the credentials (asking for a missing password on the terminal)
 * and make the clients; *creds must outlive *api.  -1 with err when the
 * credentials cannot be had: bad input, nothing was sent.  With
 * --insecure, says on stderr that TLS is not verified. */
int cli_api_open(const struct cli_api_args *args, long timeout_ms,
		 struct creds **creds, struct cloudapi **api,
		 struct ou_error *err);

/* The commands: argv[0] is the command's name. */
int cmd_plan(int argc, char **argv);
int cmd_inventory(int argc, char **argv);
int cmd_services(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* The engine's commands (issue 6). */
int cmd_run(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_restore(int argc, char **argv);
/* In ui/cmd_wizard.c: the only command that draws with curses. */
int cmd_wizard(int argc, char **argv);

#endif
