/* cmd_status: `openstack-upgrade status`, where the upgrade stands, read
 * from its journal: per phase and step, which hosts are done, skipped,
 * failed, unknown or still to do, and what the next run will ask.
 * Nothing is contacted and nothing is written. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "engine.h"
#include "journal.h"
#include "plan.h"
#include "strbuf.h"
#include "xalloc.h"

static const char status_name[] = "status";

static void
status_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade status (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Show where the upgrade stands, from its journal: for every step,\n"
		"the hosts where it is done, skipped, failed, unknown or to do, and\n"
		"what a run would ask next.  Reads only.\n"
		"\n"
		"  -i, --inventory FILE   the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE     derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE     the procedure (default: the built-in one)\n"
		"      --journal-dir DIR  where the journal is (default:\n"
		"                         $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"  -h, --help             show this help\n");
}

struct status_args {
	struct cli_cloud_args cloud;
	const char *journal_dir;
};

static int
status_parse(int argc, char **argv, struct status_args *args)
{
	static const struct option options[] = {
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "journal-dir", .has_arg = required_argument, .val = 'j' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:h", options, NULL)) != -1) {
		switch (c) {
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case 'j': args->journal_dir = optarg; break;
		case 'h': status_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage(status_name, "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage(status_name, "unexpected argument '%s'",
				      argv[optind]);
	return cli_check_cloud_args(status_name, &args->cloud);
}

/* The hosts of a step (all its units), in inventory order. */
static void
status_step_line(const struct plan *plan, const struct engine *e,
		 const struct rb_step *step, size_t number_p, size_t number_s)
{
	const struct inventory *inv = plan->inventory;
	struct strbuf by_state[ENGINE_UNKNOWN + 1];
	bool any = false;

	for (int s = 0; s <= ENGINE_UNKNOWN; s++)
		by_state[s] = (struct strbuf)STRBUF_INIT;
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];

		if (unit->step != step)
			continue;
		for (size_t t = 0; t < unit->n_targets; t++) {
			const char *h = unit->targets[t].host->name;
			enum engine_state st = engine_cell_state(e, step->id, h);

			strbuf_addf(&by_state[st], " %s", h);
			any = true;
		}
	}
	printf("  %zu.%-3zu %-30s", number_p, number_s, step->id);
	if (!any)
		printf(" skipped: no host (the runbook allows it)");
	for (int s = 0; s <= ENGINE_UNKNOWN; s++) {
		if (by_state[s].len > 0)
			printf(" %s:%s;", engine_state_name(s),
			       strbuf_str(&by_state[s]));
		strbuf_release(&by_state[s]);
	}
	putchar('\n');
	(void)inv;
}

static void
status_notes(const struct plan *plan, const struct engine *e)
{
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];

		for (size_t t = 0; t < unit->n_targets; t++) {
			const char *h = unit->targets[t].host->name;
			enum engine_state st = engine_cell_state(e, unit->step->id,
								 h);
			const char *note = engine_cell_note(e, unit->step->id, h);

			if (note == NULL || (st != ENGINE_FAILED &&
					     st != ENGINE_UNKNOWN &&
					     st != ENGINE_SKIPPED))
				continue;
			printf("  %s on %s (%s): %.*s\n", unit->step->id, h,
			       engine_state_name(st), (int)strcspn(note, "\n"),
			       note);
		}
	}
}

static void
status_print(const struct plan *plan, struct engine *e)
{
	const struct runbook *rb = plan->runbook;
	const struct engine_prompt *p;

	for (size_t ph = 0; ph < rb->n_phases; ph++) {
		const struct rb_phase *phase = &rb->phases[ph];

		printf("\n== %zu %s: %s", ph + 1, phase->id, phase->title);
		if (phase->rolling)
			printf(" (batch size %zu)",
			       engine_batch_size(e, phase->id));
		putchar('\n');
		for (size_t s = 0; s < phase->n_steps; s++)
			status_step_line(plan, e, &phase->steps[s], ph + 1,
					 s + 1);
	}
	printf("\nNotes:\n");
	status_notes(plan, e);
	p = engine_prompt(e);
	if (p->kind == ENGINE_PROMPT_DONE) {
		printf("\nEvery step is done or skipped.\n");
		return;
	}
	if (p->kind == ENGINE_PROMPT_BATCH_SIZE) {
		printf("\nNext: the batch size of %s (the runbook says %zu)\n",
		       p->title, p->batch_default);
		return;
	}
	printf("\nNext: %s", p->step != NULL ? p->step : "");
	for (size_t i = 0; i < p->n_hosts; i++)
		printf("%s%s", i == 0 ? " on " : " ", p->hosts[i]);
	printf(" (%s)\n", p->title != NULL ? p->title : "");
}

struct status_count {
	size_t n;
	double last;
};

static int
status_count(void *ctx, const struct journal_record *rec)
{
	struct status_count *c = ctx;

	c->n++;
	c->last = rec->time;
	return 0;
}

static void
status_header(const char *path, struct journal *j)
{
	struct status_count c = { 0, 0 };
	struct ou_error err;
	char when[64] = "never";
	time_t t;
	struct tm tm;

	journal_replay(j, status_count, &c, &err);
	if (c.n > 0) {
		t = (time_t)c.last;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	}
	printf("journal: %s (%s, %zu records, the last at %s)\n", path,
	       journal_is_finished(j) ? "finished" : "unfinished", c.n, when);
}

static int
status_show(const struct status_args *args, const struct plan *plan,
	    struct ou_error *err)
{
	const struct inventory *inv = plan->inventory;
	char *dir = args->journal_dir != NULL ? xstrdup(args->journal_dir)
					      : journal_default_dir(inv->cloud);
	char *path = journal_latest_path(dir);
	struct journal_identity id = {
		.cloud = inv->cloud, .runbook_id = plan->runbook->id,
		.runbook_digest = plan->runbook->digest,
		.inventory_digest = inv->digest,
	};
	struct journal *j = NULL;
	struct engine *e = NULL;
	int rc = -1;

	if (path == NULL)
		ou_error_set(err, "%s: no journal: the upgrade of %s has not "
			     "started", dir, inv->cloud);
	else if (journal_open_readonly(path, &id, &j, err) == 0 &&
		 engine_new(&(struct engine_options){
			 .plan = plan, .journal = j, .readonly = true,
		 }, &e, err) == 0) {
		printf("openstack-upgrade status: %s on cloud %s\n",
		       plan->runbook->title, inv->cloud);
		status_header(path, j);
		status_print(plan, e);
		rc = 0;
	}
	engine_free(e);
	journal_close(j);
	free(path);
	free(dir);
	return rc;
}

int
cmd_status(int argc, char **argv)
{
	struct status_args args = { .journal_dir = NULL };
	struct ou_error err = { { 0 } };
	struct runbook *rb = NULL;
	struct inventory *inv = NULL;
	struct plan *plan = NULL;
	int rc = status_parse(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_load_runbook(&args.cloud, &rb, &err) < 0 ||
	    cli_load_inventory(&args.cloud, &inv, &err) < 0 ||
	    plan_build(rb, inv, &plan, &err) < 0) {
		rc = cli_fail_input(&err);
	} else if (status_show(&args, plan, &err) < 0) {
		fprintf(stderr, "openstack-upgrade: %s\n", err.msg);
		rc = CLI_EXIT_FAILURE;
	}
	plan_free(plan);
	inventory_free(inv);
	runbook_free(rb);
	return rc;
}
