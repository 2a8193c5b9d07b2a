/* cmd_inventory: `openstack-upgrade inventory`, an inventory as YAML. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void
inventory_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade inventory --answers FILE\n"
		"       openstack-upgrade inventory --inventory FILE\n"
		"\n"
		"Print the inventory as YAML: derived from a packstack answers file\n"
		"(check the roles, then keep it and pass it with --inventory), or\n"
		"an inventory file checked and normalised.\n"
		"\n"
		"  -a, --answers FILE    a packstack answers file (Icehouse or Juno era)\n"
		"  -i, --inventory FILE  an inventory file\n"
		"  -h, --help            show this help\n");
}

static int
parse_inventory_args(int argc, char **argv, struct cli_cloud_args *args)
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
		default: return cli_fail_usage("inventory", "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage("inventory", "unexpected argument '%s'", argv[optind]);
	return cli_check_cloud_args("inventory", args);
}

int
cmd_inventory(int argc, char **argv)
{
	struct cli_cloud_args args = { 0 };
	struct ou_error err = { { 0 } };
	struct inventory *inv = NULL;
	int rc = parse_inventory_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_load_inventory(&args, &inv, &err) < 0)
		return cli_fail_input(&err);
	inventory_write_yaml(inv, stdout);
	inventory_free(inv);
	return EXIT_SUCCESS;
}

