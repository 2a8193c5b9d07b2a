/* cmd_run: `openstack-upgrade run --line`, the upgrade itself, driven
 * from a plain terminal (see include/lineui.h), resumed from the journal
 * when one is unfinished. */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "cli.h"
#include "diff.h"
#include "engine.h"
#include "engine_exec.h"
#include "journal.h"
#include "lineui.h"
#include "plan.h"
#include "ssh.h"
#include "strbuf.h"
#include "xalloc.h"

static const char run_name[] = "run";

static void
run_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade run --line (--inventory FILE | --answers FILE) [options]\n"
		"\n"
		"Run the upgrade, one confirmed step at a time: each step is shown\n"
		"exactly as it will run, on which hosts, and runs only once you\n"
		"answer y on the terminal.  Everything is journaled; run the same\n"
		"command again after an interruption to resume where it stopped.\n"
		"\n"
		"      --line             the plain-terminal interface (without it,\n"
		"                         `openstack-upgrade wizard` draws screens)\n"
		"  -i, --inventory FILE   the cloud's hosts and roles (YAML)\n"
		"  -a, --answers FILE     derive the hosts from a packstack answers file\n"
		"  -r, --runbook FILE     the procedure (default: the built-in\n"
		"                         Icehouse to Juno scenario 4 runbook)\n"
		"      --journal-dir DIR  where the journal is (default:\n"
		"                         $XDG_STATE_HOME/openstack-upgrade/CLOUD)\n"
		"  -w, --width COLUMNS    wrap the steps at COLUMNS (default 80)\n"
		"  -h, --help             show this help\n"
		"%s", CLI_API_USAGE);
}

struct run_args {
	struct cli_cloud_args cloud;
	struct cli_api_args api;
	const char *journal_dir;
	unsigned width;
	bool line;
};

enum {
	RUN_OPT_LINE = 0x200,
	RUN_OPT_JOURNAL_DIR,
};

static int
run_parse(int argc, char **argv, struct run_args *args)
{
	static const struct option options[] = {
		{ .name = "line", .has_arg = no_argument, .val = RUN_OPT_LINE },
		{ .name = "inventory", .has_arg = required_argument, .val = 'i' },
		{ .name = "answers", .has_arg = required_argument, .val = 'a' },
		{ .name = "runbook", .has_arg = required_argument, .val = 'r' },
		{ .name = "journal-dir", .has_arg = required_argument,
		  .val = RUN_OPT_JOURNAL_DIR },
		{ .name = "width", .has_arg = required_argument, .val = 'w' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		CLI_API_LONG_OPTIONS,
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "i:a:r:w:h", options, NULL)) != -1) {
		if (cli_api_option(c, optarg, &args->api))
			continue;
		switch (c) {
		case RUN_OPT_LINE: args->line = true; break;
		case 'i': args->cloud.inventory_path = optarg; break;
		case 'a': args->cloud.answers_path = optarg; break;
		case 'r': args->cloud.runbook_path = optarg; break;
		case RUN_OPT_JOURNAL_DIR: args->journal_dir = optarg; break;
		case 'w': args->width = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'h': run_usage(stdout); exit(EXIT_SUCCESS);
		default: return cli_fail_usage(run_name, "bad option");
		}
	}
	if (optind < argc)
		return cli_fail_usage(run_name, "unexpected argument '%s'",
				      argv[optind]);
	if (!args->line)
		return cli_fail_usage(run_name, "give --line (the plain-terminal "
				      "interface); `openstack-upgrade wizard` "
				      "draws screens");
	if (args->width < 40 || args->width > 1000)
		return cli_fail_usage(run_name, "bad width (40 to 1000)");
	return cli_check_cloud_args(run_name, &args->cloud);
}

/* ---- the files the journal was started with --------------------------- */

static int
run_read_sources(const struct cli_cloud_args *args, struct strbuf *runbook,
		 struct strbuf *inventory, struct ou_error *err)
{
	if (args->runbook_path != NULL) {
		if (strbuf_read_file(runbook, args->runbook_path, err) < 0)
			return -1;
	} else {
		strbuf_add(runbook, builtin_runbook.data, builtin_runbook.len);
	}
	return strbuf_read_file(inventory, args->answers_path != NULL
				? args->answers_path : args->inventory_path,
				err);
}

/* A new journal keeps the texts it was started with, so that a refusal
 * to resume with changed files can show what changed. */
static int
run_keep_sources(struct journal *j, const struct strbuf *runbook,
		 const struct strbuf *inventory, struct ou_error *err)
{
	struct journal_record rb = {
		.kind = JOURNAL_NOTE, .what = "runbook-source",
		.text = strbuf_str(runbook), .text_len = runbook->len,
		.exit_status = -1,
	};
	struct journal_record inv = {
		.kind = JOURNAL_NOTE, .what = "inventory-source",
		.text = strbuf_str(inventory), .text_len = inventory->len,
		.exit_status = -1,
	};

	if (journal_is_resumed(j))
		return 0;
	if (journal_append(j, &rb, err) < 0)
		return -1;
	return journal_append(j, &inv, err);
}

struct run_sources {
	struct strbuf runbook;
	struct strbuf inventory;
};

static int
run_find_sources(void *ctx, const struct journal_record *rec)
{
	struct run_sources *s = ctx;

	if (rec->kind != JOURNAL_NOTE || rec->what == NULL)
		return 0;
	if (strcmp(rec->what, "runbook-source") == 0)
		strbuf_add(&s->runbook, rec->text, rec->text_len);
	else if (strcmp(rec->what, "inventory-source") == 0)
		strbuf_add(&s->inventory, rec->text, rec->text_len);
	return 0;
}

static void
run_show_diff(const char *label, const struct strbuf *old,
	      const struct strbuf *now)
{
	struct diff *d = diff_new(strbuf_str(old), old->len, strbuf_str(now),
				  now->len, DIFF_BEST, 3);
	struct strbuf out = STRBUF_INIT;
	char *a = xasprintf("%s (when the upgrade started)", label);
	char *b = xasprintf("%s (now)", label);

	diff_write_unified(d, &(struct diff_format){ .a_label = a,
						     .b_label = b }, &out);
	fputs(strbuf_str(&out), stderr);
	strbuf_release(&out);
	diff_free(d);
	free(a);
	free(b);
}

/* journal_open() refused: show what changed since the journal began. */
static void
run_explain_refusal(const char *dir, const struct strbuf *runbook,
		    const struct strbuf *inventory)
{
	struct run_sources s = { STRBUF_INIT, STRBUF_INIT };
	char *path = xasprintf("%s/journal.sqlite", dir);
	struct journal *j = NULL;
	struct ou_error err;

	if (journal_open_readonly(path, NULL, &j, &err) == 0 &&
	    journal_replay(j, run_find_sources, &s, &err) == 0 &&
	    s.runbook.len + s.inventory.len > 0) {
		fprintf(stderr, "What changed since the upgrade started:\n");
		run_show_diff("runbook", &s.runbook, runbook);
		run_show_diff("inventory", &s.inventory, inventory);
	}
	journal_close(j);
	strbuf_release(&s.runbook);
	strbuf_release(&s.inventory);
	free(path);
}

/* ---- setting up -------------------------------------------------------- */

struct run_ctx {
	struct run_args args;
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	char *journal_dir;
	struct journal *journal;
	struct creds *creds;
	struct cloudapi *api;
	struct engine_exec *exec;
	struct lineui *ui;
	struct engine *engine;
	char who[256];
};

static int
run_open_journal(struct run_ctx *r, struct ou_error *err)
{
	struct strbuf runbook = STRBUF_INIT;
	struct strbuf inventory = STRBUF_INIT;
	struct journal_identity id = {
		.cloud = r->inv->cloud, .runbook_id = r->rb->id,
		.runbook_digest = r->rb->digest,
		.inventory_digest = r->inv->digest,
	};
	int rc = run_read_sources(&r->args.cloud, &runbook, &inventory, err);

	r->journal_dir = r->args.journal_dir != NULL
		       ? xstrdup(r->args.journal_dir)
		       : journal_default_dir(r->inv->cloud);
	if (rc == 0) {
		rc = journal_open(r->journal_dir, &id, &r->journal, err);
		if (rc < 0 && strstr(err->msg, "unfinished upgrade") != NULL) {
			fprintf(stderr, "openstack-upgrade: %s\n", err->msg);
			run_explain_refusal(r->journal_dir, &runbook, &inventory);
			err->msg[0] = '\0';
		}
	}
	if (rc == 0)
		rc = run_keep_sources(r->journal, &runbook, &inventory, err);
	strbuf_release(&runbook);
	strbuf_release(&inventory);
	return rc;
}

static bool
run_action_uses_nova(const struct rb_action *act)
{
	switch (act->kind) {
	case RB_ACTION_NOVA_DISABLE:
	case RB_ACTION_NOVA_ENABLE:
	case RB_ACTION_WAIT_SERVICE:
	case RB_ACTION_NOVA_SERVICE:
	case RB_ACTION_MIGRATE:
		return true;
	default:
		return false;
	}
}

static bool
run_plan_uses_nova(const struct runbook *rb)
{
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++) {
			const struct rb_step *st = &rb->phases[p].steps[s];

			if (run_action_uses_nova(&st->action))
				return true;
			for (size_t i = 0; i < st->n_before; i++)
				if (run_action_uses_nova(&st->before[i]))
					return true;
			for (size_t i = 0; i < st->n_after; i++)
				if (run_action_uses_nova(&st->after[i]))
					return true;
		}
	return false;
}

/* "user@tty": who confirmed, in the journal. */
static void
run_who(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	const char *tty = ttyname(STDIN_FILENO);

	snprintf(buf, size, "%s@%s", pw != NULL ? pw->pw_name : "?",
		 tty != NULL ? (strncmp(tty, "/dev/", 5) == 0 ? tty + 5 : tty)
			     : "?");
}

/* The signals the interface reads through its signalfd, blocked in this
 * thread and so in every worker it starts. */
static void
run_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* libssh writes with MSG_NOSIGNAL, but ProxyCommand pipes do not. */
	signal(SIGPIPE, SIG_IGN);
}

static int
run_setup(struct run_ctx *r, struct ou_error *err)
{
	if (cli_load_runbook(&r->args.cloud, &r->rb, err) < 0 ||
	    cli_load_inventory(&r->args.cloud, &r->inv, err) < 0 ||
	    plan_build(r->rb, r->inv, &r->plan, err) < 0)
		return CLI_EXIT_BAD_INPUT;
	if (!isatty(STDIN_FILENO)) {
		ou_error_set(err, "run --line reads every answer from a terminal, "
			     "and standard input is not one");
		return CLI_EXIT_BAD_INPUT;
	}
	if (run_open_journal(r, err) < 0)
		return CLI_EXIT_FAILURE;
	if (run_plan_uses_nova(r->rb) &&
	    cli_api_open(&r->args.api, 30000, &r->creds, &r->api, err) < 0)
		return CLI_EXIT_BAD_INPUT;
	if (ssh_transport_init(err) < 0)
		return CLI_EXIT_FAILURE;
	r->exec = engine_exec_new(&(struct engine_exec_options){
		.inv = r->inv, .api = r->api,
	});
	run_who(r->who, sizeof r->who);
	return 0;
}

static int
run_start_engine(struct run_ctx *r, struct ou_error *err)
{
	r->ui = lineui_new(r->plan, STDIN_FILENO, stdout);
	return engine_new(&(struct engine_options){
		.plan = r->plan, .journal = r->journal,
		.ops = &engine_exec_ops, .ops_ctx = r->exec, .who = r->who,
		.on_event = lineui_event, .event_ctx = r->ui,
		.width = r->args.width,
	}, &r->engine, err);
}

static void
run_teardown(struct run_ctx *r)
{
	bool transport = r->exec != NULL;

	engine_free(r->engine);
	lineui_free(r->ui);
	engine_exec_free(r->exec);
	if (transport)
		ssh_transport_cleanup();
	cloudapi_close(r->api);
	creds_free(r->creds);
	journal_close(r->journal);
	free(r->journal_dir);
	plan_free(r->plan);
	inventory_free(r->inv);
	runbook_free(r->rb);
}

static void
run_banner(const struct run_ctx *r)
{
	printf("openstack-upgrade run: %s on cloud %s (%zu hosts)\n",
	       r->rb->title, r->inv->cloud, r->inv->n_hosts);
	printf("journal: %s/journal.sqlite%s\n", r->journal_dir,
	       journal_is_resumed(r->journal) ? " (resuming)" : "");
	printf("operator: %s\n", r->who);
}

int
cmd_run(int argc, char **argv)
{
	struct run_ctx r = { .args = { .width = 80 } };
	struct ou_error err = { { 0 } };
	int rc = run_parse(argc, argv, &r.args);

	if (rc != 0)
		return rc;
	run_block_signals();
	rc = run_setup(&r, &err);
	if (rc == 0 && run_start_engine(&r, &err) < 0)
		rc = CLI_EXIT_FAILURE;
	if (rc == 0) {
		run_banner(&r);
		rc = lineui_run(r.ui, r.engine);
		if (lineui_abandoned(r.ui)) {
			/* Asked twice: leave without waiting for the running
			 * commands; the journal shows them unknown. */
			fflush(stdout);
			_exit(CLI_EXIT_FAILURE);
		}
	} else if (err.msg[0] != '\0') {
		fprintf(stderr, "openstack-upgrade: %s\n", err.msg);
	}
	run_teardown(&r);
	return rc;
}
