/* cli: see include/cli.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "builtin.h"
#include "cli.h"

static const char program[] = "openstack-upgrade";

int
cli_fail_input(const struct ou_error *err)
{
	fprintf(stderr, "%s: %s\n", program, err->msg);
	return CLI_EXIT_BAD_INPUT;
}

int
cli_fail_usage(const char *command, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", program, command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", program, command);
	return CLI_EXIT_BAD_INPUT;
}

int
cli_check_cloud_args(const char *command, const struct cli_cloud_args *args)
{
	if (args->inventory_path == NULL && args->answers_path == NULL)
		return cli_fail_usage(command, "needs --inventory FILE or --answers FILE");
	if (args->inventory_path != NULL && args->answers_path != NULL)
		return cli_fail_usage(command, "give --inventory or --answers, not both");
	return 0;
}

int
cli_load_runbook(const struct cli_cloud_args *args, struct runbook **rb,
		 struct ou_error *err)
{
	if (args->runbook_path != NULL)
		return runbook_load_file(args->runbook_path, rb, err);
	return runbook_load_buffer("builtin:runbooks/icehouse-juno-scenario4.yaml",
				   builtin_runbook.data, builtin_runbook.len,
				   rb, err);
}

int
cli_load_inventory(const struct cli_cloud_args *args, struct inventory **inv,
		   struct ou_error *err)
{
	if (args->answers_path != NULL)
		return inventory_load_answers(args->answers_path, inv, err);
	return inventory_load_file(args->inventory_path, inv, err);
}
