/* engine_program: what one cell (a step on a host) runs, in order:
 *
 *   probe     read-only; exit 0 means the step already took effect, and
 *             then the before-checks and the action are passed over
 *   gates     the built-in ones of engine_gates.c, then the step's
 *             `before` checks: read-only, a failure blocks the host
 *   action    one or more operations (ini-comment: a backup, then the
 *             edit; migrate-instances: one move per instance)
 *   after     read-only checks; a failure fails the host
 *
 * Every operation carries the exact text it sends (a command line, or the
 * API call in words), which is what the journal records and what the
 * presentation shows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "shellquote.h"
#include "xalloc.h"

static const int ok_zero[] = { 0 };

#define BACKUP_ROOT "/var/lib/openstack-upgrade/backups"

struct what_word {
	const char *what;
	bool read_only;
};

/* The journal's words for operations; read-only ones can be run again
 * without harm, which is what replay needs to know. */
static const struct what_word what_words[] = {
	{ .what = "probe", .read_only = true },
	{ .what = "before", .read_only = true },
	{ .what = "after", .read_only = true },
	{ .what = "check", .read_only = true },
	{ .what = "gate", .read_only = true },
	{ .what = "review", .read_only = true },
	{ .what = "review-fetch", .read_only = true },
	{ .what = "wait", .read_only = true },
	{ .what = "migration-read", .read_only = true },
	{ .what = "run", .read_only = false },
	{ .what = "nova", .read_only = false },
	{ .what = "ini-set", .read_only = false },
	{ .what = "backup", .read_only = false },
	{ .what = "ini-comment", .read_only = false },
	{ .what = "migrate", .read_only = false },
	{ .what = "review-stage", .read_only = false },
	{ .what = "review-apply", .read_only = false },
};

bool
engine_what_read_only(const char *what)
{
	for (size_t i = 0; what != NULL &&
	     i < sizeof what_words / sizeof what_words[0]; i++)
		if (strcmp(what_words[i].what, what) == 0)
			return what_words[i].read_only;
	return false;
}

bool
engine_action_needs_ssh(const struct rb_action *act)
{
	switch (act->kind) {
	case RB_ACTION_RUN:
	case RB_ACTION_CHECK:
	case RB_ACTION_INI_SET:
	case RB_ACTION_INI_COMMENT:
	case RB_ACTION_REVIEW_RPMNEW:
		return true;
	default:
		return false;
	}
}

void
engine_op_free(struct engine_op *op)
{
	if (op == NULL)
		return;
	free(op->text);
	free(op->command);
	free(op->reason);
	for (size_t i = 0; i < op->n_known_hosts; i++)
		free(op->known_hosts[i]);
	free(op->known_hosts);
	free(op->instance_id);
	free(op->instance_name);
	free(op->target);
	for (size_t i = 0; i < op->n_sources; i++)
		free(op->sources[i]);
	free(op->sources);
	free(op->path);
	free(op->staged);
	/* The merged bytes hold the host's passwords. */
	if (op->data != NULL)
		explicit_bzero(op->data, op->len);
	free(op->data);
	free(op);
}

static void
prog_add(struct engine_op ***ops, size_t *n, struct engine_op *op)
{
	*ops = xreallocarray(*ops, *n + 1, sizeof **ops);
	(*ops)[(*n)++] = op;
}

static struct engine_op *
op_new(enum engine_op_kind kind, enum engine_role role, const char *what)
{
	struct engine_op *op = xcalloc(1, sizeof *op);

	op->kind = kind;
	op->role = role;
	op->what = what;
	op->read_only = engine_what_read_only(what);
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	return op;
}

static struct engine_op *
op_command(struct engine *e, enum engine_role role, const char *what,
	   const char *command)
{
	struct engine_op *op = op_new(ENGINE_OP_COMMAND, role, what);

	op->command = xstrdup(command);
	op->text = xstrdup(command);
	op->timeout_ms = 1000u * (op->read_only ? e->opt.check_timeout_s
						: e->opt.command_timeout_s);
	return op;
}

/* ---- the exact command lines of the INI and review actions ---------- */

static void
add_words(struct strbuf *sb, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(sb, ' ');
		shellquote_append(sb, words[i]);
	}
}

static void
add_config(struct strbuf *sb, const char *verb, const struct rb_ini_ref *r)
{
	const char *words[] = { "openstack-config", verb, r->file, r->section,
				r->option };

	add_words(sb, words, 5);
}

/* RDO's own tool, on the host.  value-from reads the value into a shell
 * variable on the host and sets it only if the read worked: the secret
 * never crosses the link nor reaches the journal, and a missing source
 * option fails the step instead of writing an empty value. */
static char *
ini_set_command(const struct rb_action *act, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	if (act->only_if_unset) {
		add_config(&sb, "--get", &act->ini);
		strbuf_adds(&sb, " >/dev/null 2>&1 || ");
	}
	if (value != NULL) {
		add_config(&sb, "--set", &act->ini);
		strbuf_addc(&sb, ' ');
		shellquote_append(&sb, value);
		return strbuf_take(&sb);
	}
	if (act->only_if_unset)
		strbuf_adds(&sb, "{ ");
	strbuf_adds(&sb, "value=$(");
	add_config(&sb, "--get", &act->value_from);
	strbuf_adds(&sb, ") && ");
	add_config(&sb, "--set", &act->ini);
	strbuf_adds(&sb, " \"$value\"");
	if (act->only_if_unset)
		strbuf_adds(&sb, "; }");
	return strbuf_take(&sb);
}

/* The .rpmnew files beside the configuration files of the packages the
 * globs match, one path a line. */
char *
engine_review_list_command(const struct rb_action *act)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "rpm -qa");
	for (size_t i = 0; i < act->n_packages; i++) {
		strbuf_addc(&sb, ' ');
		shellquote_append(&sb, act->packages[i]);
	}
	strbuf_adds(&sb, " | while read -r p; do rpm -qc \"$p\"; done | "
		    "sort -u | while read -r f; do if test -e \"$f.rpmnew\"; "
		    "then echo \"$f.rpmnew\"; fi; done");
	return strbuf_take(&sb);
}

static char *
backup_dir(const struct engine *e, const struct rb_step *step)
{
	return xasprintf(BACKUP_ROOT "/%s-%s", e->cur.stamp, step->id);
}

static char *
backup_command(const struct engine *e, const struct rb_step *step)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = backup_dir(e, step);

	strbuf_adds(&sb, "mkdir -p ");
	shellquote_append(&sb, dir);
	strbuf_adds(&sb, " && cp -p -- ");
	shellquote_append(&sb, step->action.ini.file);
	strbuf_addc(&sb, ' ');
	shellquote_append(&sb, dir);
	strbuf_addc(&sb, '/');
	free(dir);
	return strbuf_take(&sb);
}

/* ---- checks ----------------------------------------------------------- */

static struct engine_op *
op_nova_check(const struct rb_action *act, const struct plan_call *call,
	      const struct inv_host *host, enum engine_role role,
	      const char *what)
{
	struct engine_op *op = op_new(ENGINE_OP_NOVA_CHECK, role, what);

	op->text = xstrdup(call->text);
	op->nova_host = inv_host_nova_name(host);
	op->binary = act->binary;
	op->check_up = act->state != RB_STATE_ANY;
	op->want_up = act->state == RB_STATE_UP;
	op->check_enabled = act->status != RB_STATUS_ANY;
	op->want_enabled = act->status == RB_STATUS_ENABLED;
	return op;
}

static struct engine_op *
op_nova_wait(const struct rb_action *act, const struct plan_call *call,
	     const struct inv_host *host, enum engine_role role,
	     const char *what)
{
	struct engine_op *op = op_new(ENGINE_OP_NOVA_WAIT, role, what);

	op->text = xstrdup(call->text);
	op->nova_host = inv_host_nova_name(host);
	op->binary = act->binary;
	op->check_up = true;
	op->want_up = act->state == RB_STATE_UP;
	op->timeout_ms = act->timeout_s * 1000u;
	return op;
}

static struct engine_op *
op_check(struct engine *e, const struct plan_call *call,
	 const struct inv_host *host, enum engine_role role, const char *what)
{
	const struct rb_action *act = call->action;

	switch (act->kind) {
	case RB_ACTION_NOVA_SERVICE:
		return op_nova_check(act, call, host, role, what);
	case RB_ACTION_WAIT_SERVICE:
		return op_nova_wait(act, call, host, role, what);
	default:
		return op_command(e, role, what, call->text);
	}
}

static void
prog_checks(struct engine *e, const struct plan_call *calls, size_t n,
	    const struct inv_host *host, enum engine_role role,
	    const char *what, struct engine_op ***ops, size_t *n_ops)
{
	for (size_t i = 0; i < n; i++)
		prog_add(ops, n_ops, op_check(e, &calls[i], host, role, what));
}

/* ---- actions ---------------------------------------------------------- */

static void
prog_migrate(struct engine *e, size_t host, struct engine_op ***ops,
	     size_t *n)
{
	const struct engine_unit *u = &e->cur;
	bool live = u->mig_mode == RB_MIGRATE_LIVE;

	for (size_t i = 0; i < u->n_mig_instances; i++) {
		const struct engine_mig_instance *in = &u->mig_instances[i];
		struct engine_op *op;

		if (u->mig_source[i] != host)
			continue;
		op = op_new(ENGINE_OP_MIG_MOVE, ENGINE_ROLE_ACTION, "migrate");
		op->instance_id = xstrdup(in->id);
		op->instance_name = xstrdup(in->name);
		op->target = xstrdup(u->mig_target[i]);
		op->live = live;
		op->nova_host = inv_host_nova_name(&e->inv->hosts[host]);
		op->timeout_ms = 1000u * e->opt.command_timeout_s;
		op->text = xasprintf("nova: %s instance %s (%s) from %s to %s",
				     live ? "live-migrate" : "cold-migrate "
				     "(then confirm the resize)",
				     in->name, in->id, op->nova_host,
				     u->mig_target[i]);
		prog_add(ops, n, op);
	}
}

static struct engine_op *
op_nova_change(const struct rb_action *act, const struct plan_call *call,
	       const struct inv_host *host)
{
	bool disable = act->kind == RB_ACTION_NOVA_DISABLE;
	struct engine_op *op = op_new(disable ? ENGINE_OP_NOVA_DISABLE
					      : ENGINE_OP_NOVA_ENABLE,
				      ENGINE_ROLE_ACTION, "nova");

	op->text = xstrdup(call->text);
	op->nova_host = inv_host_nova_name(host);
	op->binary = act->binary;
	if (call->reason != NULL)
		op->reason = xstrdup(call->reason);
	return op;
}

static void
prog_ini_comment(struct engine *e, const struct rb_step *step,
		 struct engine_op ***ops, size_t *n)
{
	const struct rb_action *act = &step->action;
	char *backup = backup_command(e, step);
	struct engine_op *op;

	prog_add(ops, n, op_command(e, ENGINE_ROLE_ACTION, "backup", backup));
	free(backup);
	op = op_new(ENGINE_OP_INI_COMMENT, ENGINE_ROLE_ACTION, "ini-comment");
	op->file = act->ini.file;
	op->section = act->ini.section;
	op->option = act->ini.option;
	op->text = xasprintf("sftp: read %s, comment out [%s] %s keeping "
			     "every other byte, write it back atomically",
			     act->ini.file, act->ini.section, act->ini.option);
	op->timeout_ms = 1000u * e->opt.check_timeout_s;
	prog_add(ops, n, op);
}

static void
prog_action(struct engine *e, size_t step, size_t host,
	    struct engine_op ***ops, size_t *n)
{
	const struct rb_step *st = e->steps[step];
	const struct plan_target *t = engine_target_at(e, step, host);
	const struct rb_action *act = &st->action;
	const struct inv_host *ih = &e->inv->hosts[host];
	struct engine_op *op = NULL;
	char *cmd;

	switch (act->kind) {
	case RB_ACTION_RUN:
	case RB_ACTION_CHECK:
		op = op_command(e, ENGINE_ROLE_ACTION,
				act->kind == RB_ACTION_RUN ? "run" : "check",
				t->call.text);
		op->ok_exit = st->ok_exit;
		op->n_ok_exit = st->n_ok_exit;
		break;
	case RB_ACTION_NOVA_DISABLE:
	case RB_ACTION_NOVA_ENABLE:
		op = op_nova_change(act, &t->call, ih);
		break;
	case RB_ACTION_WAIT_SERVICE:
		op = op_nova_wait(act, &t->call, ih, ENGINE_ROLE_ACTION, "wait");
		break;
	case RB_ACTION_NOVA_SERVICE:
		op = op_nova_check(act, &t->call, ih, ENGINE_ROLE_ACTION,
				   "check");
		break;
	case RB_ACTION_INI_SET:
		cmd = ini_set_command(act, t->call.value);
		op = op_command(e, ENGINE_ROLE_ACTION, "ini-set", cmd);
		free(cmd);
		break;
	case RB_ACTION_INI_COMMENT:
		prog_ini_comment(e, st, ops, n);
		break;
	case RB_ACTION_REVIEW_RPMNEW:
		cmd = engine_review_list_command(act);
		op = op_command(e, ENGINE_ROLE_ACTION, "review", cmd);
		op->any_exit_ok = true;
		free(cmd);
		break;
	case RB_ACTION_MIGRATE:
		prog_migrate(e, host, ops, n);
		break;
	}
	if (op != NULL)
		prog_add(ops, n, op);
}

const char *
engine_what_for(const struct rb_action *act, enum engine_role role)
{
	switch (role) {
	case ENGINE_ROLE_PROBE:
		return "probe";
	case ENGINE_ROLE_BEFORE:
		return "before";
	case ENGINE_ROLE_AFTER:
		return "after";
	case ENGINE_ROLE_UNIT_GATE:
		return "gate";
	case ENGINE_ROLE_MIG_READ:
		return "migration-read";
	case ENGINE_ROLE_ACTION:
		break;
	}
	return act->kind == RB_ACTION_RUN ? "run" : "check";
}

void
engine_program_build(struct engine *e, size_t step, size_t host,
		     struct engine_op ***ops, size_t *n)
{
	const struct plan_target *t = engine_target_at(e, step, host);
	const struct inv_host *ih = &e->inv->hosts[host];

	*ops = NULL;
	*n = 0;
	if (t->probe != NULL)
		prog_add(ops, n, op_command(e, ENGINE_ROLE_PROBE, "probe",
					    t->probe));
	engine_gates_for_target(e, step, host, ops, n);
	prog_checks(e, t->before, t->n_before, ih, ENGINE_ROLE_BEFORE,
		    "before", ops, n);
	prog_action(e, step, host, ops, n);
	prog_checks(e, t->after, t->n_after, ih, ENGINE_ROLE_AFTER, "after",
		    ops, n);
}

/* What the action sends, when the plan's text is a description rather
 * than the command itself: one line per operation. */
void
engine_program_action_lines(struct engine *e, size_t step, size_t host,
			    struct strbuf *out)
{
	struct engine_op **ops = NULL;
	size_t n = 0;

	prog_action(e, step, host, &ops, &n);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "%s%s", i > 0 ? "\n" : "",
			    ops[i]->kind == ENGINE_OP_COMMAND ? "$ " : "");
		strbuf_adds(out, ops[i]->text);
		engine_op_free(ops[i]);
	}
	free(ops);
}

/* A review step's own probe: it took effect when no .rpmnew is left
 * beside its packages' configuration files (exit 0), and did not while
 * one is (exit 1). */
static char *
review_probe(const struct rb_action *act)
{
	char *list = engine_review_list_command(act);
	char *probe = xasprintf("! { %s; } | grep -q .", list);

	free(list);
	return probe;
}

char *
engine_probe_for(const struct engine *e, size_t step, size_t host)
{
	const struct plan_target *t = engine_target_at(e, step, host);
	const struct rb_action *act = &e->steps[step]->action;

	if (t != NULL && t->probe != NULL)
		return xstrdup(t->probe);
	if (t != NULL && act->kind == RB_ACTION_REVIEW_RPMNEW)
		return review_probe(act);
	return NULL;
}

void
engine_program_insert(struct engine_cell *cell, struct engine_op **ops,
		      size_t n)
{
	cell->prog = xreallocarray(cell->prog, cell->n_prog + n + 1,
				   sizeof *cell->prog);
	memmove(cell->prog + cell->pc + n, cell->prog + cell->pc,
		(cell->n_prog - cell->pc) * sizeof *cell->prog);
	memcpy(cell->prog + cell->pc, ops, n * sizeof *ops);
	cell->n_prog += n;
}
