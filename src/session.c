/* session: see include/session.h.
 *
 * Besides opening the journal and the executor: a new journal keeps the
 * runbook and inventory texts, a refusal to resume is explained with
 * their differences, and the journal says who confirms. */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "diff.h"
#include "engine_exec.h"
#include "journal.h"
#include "session.h"
#include "ssh.h"
#include "xalloc.h"

struct session {
	struct session_options opt;
	char *journal_dir;
	char *journal_path;
	struct journal *journal;
	struct engine_exec *exec;
	bool transport;			/* ssh_transport_init() done */
	struct engine *engine;
	char who[256];
};

static bool
session_action_uses_api(const struct rb_action *act)
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
session_step_uses_api(const struct rb_step *st)
{
	if (session_action_uses_api(&st->action))
		return true;
	for (size_t i = 0; i < st->n_before; i++)
		if (session_action_uses_api(&st->before[i]))
			return true;
	for (size_t i = 0; i < st->n_after; i++)
		if (session_action_uses_api(&st->after[i]))
			return true;
	return false;
}

bool
session_needs_api(const struct runbook *rb)
{
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++)
			if (session_step_uses_api(&rb->phases[p].steps[s]))
				return true;
	return false;
}

/* ---- the texts the journal was started with ----------------------------- */

static int
session_read_sources(const struct session_options *opt, struct strbuf *runbook,
		     struct strbuf *inventory, struct ou_error *err)
{
	if (opt->runbook_path != NULL) {
		if (strbuf_read_file(runbook, opt->runbook_path, err) < 0)
			return -1;
	} else {
		strbuf_add(runbook, builtin_runbook.data, builtin_runbook.len);
	}
	return strbuf_read_file(inventory, opt->inventory_path, err);
}

/* A new journal keeps them, so that a refusal to resume under changed
 * files can show what changed.  Journals already written use these
 * names: they must not change. */
static int
session_keep_sources(struct journal *j, const struct strbuf *runbook,
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

struct session_sources {
	struct strbuf runbook;
	struct strbuf inventory;
};

static int
session_find_sources(void *ctx, const struct journal_record *rec)
{
	struct session_sources *s = ctx;

	if (rec->kind != JOURNAL_NOTE || rec->what == NULL)
		return 0;
	if (strcmp(rec->what, "runbook-source") == 0)
		strbuf_add(&s->runbook, rec->text, rec->text_len);
	else if (strcmp(rec->what, "inventory-source") == 0)
		strbuf_add(&s->inventory, rec->text, rec->text_len);
	return 0;
}

static void
session_diff(const char *label, const struct strbuf *old,
	     const struct strbuf *now, struct strbuf *out)
{
	struct diff *d = diff_new(strbuf_str(old), old->len, strbuf_str(now),
				  now->len, DIFF_BEST, 3);
	char *a = xasprintf("%s (when the upgrade started)", label);
	char *b = xasprintf("%s (now)", label);

	diff_write_unified(d, &(struct diff_format){ .a_label = a,
						     .b_label = b }, out);
	diff_free(d);
	free(a);
	free(b);
}

static void
session_explain_refusal(const char *dir, const struct strbuf *runbook,
			const struct strbuf *inventory, struct strbuf *out)
{
	struct session_sources s = { STRBUF_INIT, STRBUF_INIT };
	char *path = xasprintf("%s/journal.sqlite", dir);
	struct journal *j = NULL;
	struct ou_error err;

	if (journal_open_readonly(path, NULL, &j, &err) == 0 &&
	    journal_replay(j, session_find_sources, &s, &err) == 0 &&
	    s.runbook.len + s.inventory.len > 0) {
		strbuf_adds(out, "What changed since the upgrade started:\n");
		session_diff("runbook", &s.runbook, runbook, out);
		session_diff("inventory", &s.inventory, inventory, out);
	}
	journal_close(j);
	strbuf_release(&s.runbook);
	strbuf_release(&s.inventory);
	free(path);
}

static int
session_open_journal(struct session *s, struct strbuf *explain,
		     struct ou_error *err)
{
	const struct plan *plan = s->opt.plan;
	struct strbuf runbook = STRBUF_INIT;
	struct strbuf inventory = STRBUF_INIT;
	struct journal_identity id = {
		.cloud = plan->inventory->cloud,
		.runbook_id = plan->runbook->id,
		.runbook_digest = plan->runbook->digest,
		.inventory_digest = plan->inventory->digest,
	};
	int rc = session_read_sources(&s->opt, &runbook, &inventory, err);

	s->journal_dir = s->opt.journal_dir != NULL
		       ? xstrdup(s->opt.journal_dir)
		       : journal_default_dir(plan->inventory->cloud);
	s->journal_path = xasprintf("%s/journal.sqlite", s->journal_dir);
	if (rc == 0) {
		rc = journal_open(s->journal_dir, &id, &s->journal, err);
		if (rc < 0 && strstr(err->msg, "unfinished upgrade") != NULL)
			session_explain_refusal(s->journal_dir, &runbook,
						&inventory, explain);
	}
	if (rc == 0)
		rc = session_keep_sources(s->journal, &runbook, &inventory, err);
	strbuf_release(&runbook);
	strbuf_release(&inventory);
	return rc;
}

/* ---- opening and closing ------------------------------------------------- */

void
session_format_who(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	const char *tty = ttyname(STDIN_FILENO);

	snprintf(buf, size, "%s@%s", pw != NULL ? pw->pw_name : "?",
		 tty != NULL ? (strncmp(tty, "/dev/", 5) == 0 ? tty + 5 : tty)
			     : "?");
}

int
session_open(const struct session_options *opt, struct session **out,
	     struct strbuf *explain, struct ou_error *err)
{
	struct session *s = xcalloc(1, sizeof *s);

	*out = NULL;
	s->opt = *opt;
	if (opt->api == NULL && session_needs_api(opt->plan->runbook)) {
		free(s);
		return ou_error_set(err, "the runbook calls the Nova API and "
				    "no credentials were given");
	}
	if (session_open_journal(s, explain, err) < 0 ||
	    ssh_transport_init(err) < 0) {
		session_close(s);
		return -1;
	}
	s->transport = true;
	s->exec = engine_exec_new(&(struct engine_exec_options){
		.inv = opt->plan->inventory, .api = opt->api,
	});
	session_format_who(s->who, sizeof s->who);
	*out = s;
	return 0;
}

int
session_start(struct session *s, engine_event_fn *on_event, void *ctx,
	      struct ou_error *err)
{
	return engine_new(&(struct engine_options){
		.plan = s->opt.plan, .journal = s->journal,
		.ops = &engine_exec_ops, .ops_ctx = s->exec, .who = s->who,
		.on_event = on_event, .event_ctx = ctx,
		.width = s->opt.width,
	}, &s->engine, err);
}

void
session_close(struct session *s)
{
	if (s == NULL)
		return;
	engine_free(s->engine);
	engine_exec_free(s->exec);
	if (s->transport)
		ssh_transport_cleanup();
	journal_close(s->journal);
	free(s->journal_dir);
	free(s->journal_path);
	free(s);
}

struct engine *
session_engine(const struct session *s)
{
	return s != NULL ? s->engine : NULL;
}

const char *
session_journal_path(const struct session *s)
{
	return s->journal_path;
}

bool
session_resumed(const struct session *s)
{
	return journal_is_resumed(s->journal);
}

const char *
session_who(const struct session *s)
{
	return s->who;
}
