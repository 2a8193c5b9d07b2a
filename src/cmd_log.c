/* cmd_log: `openstack-upgrade log`, the audit trail: every record of the
 * journal in order, who confirmed what and when, every command and call,
 * its outcome and output.  Reads only. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "journal.h"
#include "xalloc.h"

static const char log_name[] = "log";

/* Texts longer than this show their start unless --full. */
#define LOG_LINES 12

static void
log_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade log (--journal-dir DIR | --inventory FILE |\n"
		"                              --answers FILE) [--full]\n"
		"\n"
		"Print the audit trail of the upgrade: every confirmation (who, when,\n"
		"what was shown), every command and API call with its outcome and\n"
		"output, every skip, decision and override.  Reads only.\n"
		"\n"
		"      --journal-dir DIR  the journal's directory\n"
		"  -i, --inventory FILE   or the cloud's inventory: its default\n"
		"                         directory, $XDG_STATE_HOME/openstack-upgrade/CLOUD\n"
		"  -a, --answers FILE     or its packstack answers file\n"
		"      --full             every text whole (default: the first %d lines)\n"
		"  -h, --help             show this help\n", LOG_LINES);
}

struct log_args {
	struct cli_cloud_args cloud;
	const char *journal_dir;
	bool full;
};

static int
log_parse(int argc, char **argv, struct log_args *args)
{
	static const struct option options[] = {
		{ .name = "journal-dir", .has_arg = required_argument, .val = 'j' },
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "full", .has_arg = no_argument, .val = 'f' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:h", options, NULL)) != -1) {
		switch (c) {
		case 'j': args->journal_dir = optarg; break;
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'f': args->full = true; break;
		case 'h': log_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage(log_name, "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage(log_name, "unexpected argument '%s'",
				      argv[optind]);
	if (args->journal_dir != NULL)
		return 0;
	return cli_check_cloud_args(log_name, &args->cloud);
}

/* The text indented, cut after LOG_LINES lines unless full. */
static void
log_text(const struct journal_record *rec, bool full)
{
	const char *p = rec->text;
	const char *end = rec->text + rec->text_len;
	int lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl : end;

		if (!full && lines == LOG_LINES) {
			size_t more = 0;

			for (const char *q = p; q < end; q++)
				more += *q == '\n';
			printf("      ... (%zu more line%s; --full shows them)\n",
			       more + (end[-1] != '\n'), more == 0 ? "" : "s");
			break;
		}
		printf("      %.*s\n", (int)(stop - p), p);
		lines++;
		p = stop + 1;
	}
	if (rec->output_file != NULL)
		printf("      (the whole output: %s)\n", rec->output_file);
}

static bool
log_is_source(const struct journal_record *rec)
{
	return rec->kind == JOURNAL_NOTE && rec->what != NULL &&
	       strstr(rec->what, "-source") != NULL;
}

static int
log_record(void *ctx, const struct journal_record *rec)
{
	const bool *full = ctx;
	time_t t = (time_t)rec->time;
	char when[32];
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s  %-8s %-26s %-18s %-14s", when,
	       journal_kind_name(rec->kind),
	       rec->unit ? rec->unit : rec->step ? rec->step : "-",
	       rec->host ? rec->host : "-", rec->what ? rec->what : "-");
	if (rec->outcome != JOURNAL_OUTCOME_NONE)
		printf(" %s", journal_outcome_name(rec->outcome));
	if (rec->kind == JOURNAL_FINISH && rec->exit_status >= 0)
		printf(" exit %d", rec->exit_status);
	if (rec->who != NULL)
		printf(" by %s", rec->who);
	putchar('\n');
	if (log_is_source(rec) && !*full)
		printf("      (%zu bytes, the file the upgrade started with; "
		       "--full shows it)\n", rec->text_len);
	else if (rec->text != NULL && rec->text_len > 0)
		log_text(rec, *full);
	return 0;
}

static char *
log_dir(const struct log_args *args, struct ou_error *err)
{
	struct inventory *inv = NULL;
	char *dir;

	if (args->journal_dir != NULL)
		return xstrdup(args->journal_dir);
	if (cli_load_inventory(&args->cloud, &inv, err) < 0)
		return NULL;
	dir = journal_default_dir(inv->cloud);
	inventory_free(inv);
	return dir;
}

int
cmd_log(int argc, char **argv)
{
	struct log_args args = { .journal_dir = NULL };
	struct ou_error err = { { 0 } };
	struct journal *j = NULL;
	char *dir;
	char *path = NULL;
	int rc = log_parse(argc, argv, &args);

	if (rc != 0)
		return rc;
	dir = log_dir(&args, &err);
	if (dir == NULL)
		return cli_fail_input(&err);
	path = journal_latest_path(dir);
	if (path == NULL) {
		fprintf(stderr, "openstack-upgrade: %s: no journal there\n", dir);
		rc = CLI_EXIT_FAILURE;
	} else if (journal_open_readonly(path, NULL, &j, &err) < 0 ||
		   journal_replay(j, log_record, &args.full, &err) < 0) {
		fprintf(stderr, "openstack-upgrade: %s\n", err.msg);
		rc = CLI_EXIT_FAILURE;
	}
	journal_close(j);
	free(path);
	free(dir);
	return rc;
}
