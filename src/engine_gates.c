/* engine_gates: the gates the engine adds between phases of the built-in
 * runbook, keyed on its step ids.
 *
 * Why built in: a runbook's `before:` checks run on the step's own hosts,
 * so the format cannot say "before this compute step, look at the
 * controllers", nor "no service record in Nova is left over" (a check of
 * the whole cloud, no host's).  What the format can say stays in the
 * runbook; these are what it cannot.  A runbook without these step ids
 * gets none of them.
 *
 *   compute-disable     every batch: the Nova controllers run Juno (rpm -q)
 *                       and carry the compute RPC cap, or an Icehouse
 *                       compute would get messages it cannot read
 *   compute-enable      per compute: rpm -q shows Juno's nova-compute, and
 *                       Nova reports the service up (a fresh heartbeat:
 *                       compute-wait-down waited out service_down_time)
 *   post-uncap-compute  every Nova host runs Juno (Juno's API reports no
 *                       versions, so rpm -q is the only witness) and no
 *                       stale nova-compute record is left in Nova
 *
 * Gates are read-only, shown in the presentation, journaled with what =
 * "gate" (unit-wide) or "before" (per host), and a failing one blocks
 * until the operator retries, skips, or overrides it with a typed
 * reason. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "xalloc.h"

#define JUNO_NOVA_COMMON \
	"rpm -q --qf '%{VERSION}\\n' openstack-nova-common | grep '^2014\\.2'"
#define JUNO_NOVA_COMPUTE \
	"rpm -q --qf '%{VERSION}\\n' openstack-nova-compute | grep '^2014\\.2'"

enum gate_scope {
	GATE_ON_ROLES,		/* unit-wide, on every host with the roles */
	GATE_ON_TARGET,		/* per target, on the target itself */
	GATE_STALE_COMPUTES,	/* unit-wide, the Nova API */
};

struct gate_def {
	const char *step;
	const char *why;		/* shown above its checks */
	enum gate_scope scope;
	const char *roles[4];		/* ON_ROLES */
	const char *command;		/* ON_ROLES, ON_TARGET */
	bool nova_up;			/* ON_TARGET: Nova reports it up */
};

static const struct gate_def gate_defs[] = {
	{
		.step = "compute-disable",
		.why = "the Nova controllers run Juno and carry the compute "
		       "RPC cap",
		.scope = GATE_ON_ROLES,
		.roles = { "nova-controller", "nova-api" },
		.command = JUNO_NOVA_COMMON " && openstack-config --get "
			   "/etc/nova/nova.conf upgrade_levels compute",
	},
	{
		.step = "compute-enable",
		.why = "the compute runs Juno and Nova reports it up",
		.scope = GATE_ON_TARGET,
		.command = JUNO_NOVA_COMPUTE,
		.nova_up = true,
	},
	{
		.step = "post-uncap-compute",
		.why = "every Nova host runs Juno",
		.scope = GATE_ON_ROLES,
		.roles = { "nova-controller", "nova-api", "nova-compute" },
		.command = JUNO_NOVA_COMMON,
	},
	{
		.step = "post-uncap-compute",
		.why = "no stale nova-compute record is left in Nova",
		.scope = GATE_STALE_COMPUTES,
	},
};

static bool
gate_host_has_role(const struct inv_host *host, const struct gate_def *def)
{
	for (size_t r = 0; r < 4 && def->roles[r] != NULL; r++)
		if (inv_host_has_role(host, def->roles[r]))
			return true;
	return false;
}

static void
gate_add(struct engine_unit *u, struct engine_op *op, size_t worker)
{
	u->gates = xreallocarray(u->gates, u->n_gates + 1, sizeof *u->gates);
	u->gate_host = xreallocarray(u->gate_host, u->n_gates + 1,
				     sizeof *u->gate_host);
	u->gates[u->n_gates] = op;
	u->gate_host[u->n_gates] = worker;
	u->n_gates++;
}

static struct engine_op *
gate_op(enum engine_op_kind kind, enum engine_role role, const char *what)
{
	struct engine_op *op = xcalloc(1, sizeof *op);
	static const int ok_zero[] = { 0 };

	op->kind = kind;
	op->role = role;
	op->what = what;
	op->read_only = true;
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	return op;
}

static void
gate_on_roles(struct engine *e, const struct gate_def *def)
{
	for (size_t h = 0; h < e->n_hosts; h++) {
		struct engine_op *op;

		if (!gate_host_has_role(&e->inv->hosts[h], def))
			continue;
		op = gate_op(ENGINE_OP_COMMAND, ENGINE_ROLE_UNIT_GATE, "gate");
		op->why = def->why;
		op->command = xstrdup(def->command);
		op->text = xstrdup(def->command);
		op->timeout_ms = 1000u * e->opt.check_timeout_s;
		gate_add(&e->cur, op, h);
	}
}

static void
gate_stale(struct engine *e, const struct gate_def *def)
{
	struct engine_op *op = gate_op(ENGINE_OP_NOVA_STALE,
				       ENGINE_ROLE_UNIT_GATE, "gate");
	struct strbuf sb = STRBUF_INIT;

	op->why = def->why;
	op->binary = "nova-compute";
	for (size_t h = 0; h < e->n_hosts; h++) {
		const struct inv_host *host = &e->inv->hosts[h];

		if (!inv_host_has_role(host, "nova-compute"))
			continue;
		op->known_hosts = xreallocarray(op->known_hosts,
						op->n_known_hosts + 1,
						sizeof *op->known_hosts);
		op->known_hosts[op->n_known_hosts++] =
			xstrdup(inv_host_nova_name(host));
		strbuf_addf(&sb, "%s%s", sb.len > 0 ? ", " : "",
			    inv_host_nova_name(host));
	}
	op->text = xasprintf("nova: list the nova-compute services; every "
			     "one must be a compute of the inventory (%s) and "
			     "up, or a stale record is left",
			     sb.len > 0 ? strbuf_str(&sb) : "none");
	strbuf_release(&sb);
	gate_add(&e->cur, op, e->n_hosts);
}

void
engine_gates_build(struct engine *e)
{
	const char *id = e->steps[e->cur.step]->id;

	for (size_t i = 0; i < sizeof gate_defs / sizeof gate_defs[0]; i++) {
		const struct gate_def *def = &gate_defs[i];

		if (strcmp(def->step, id) != 0)
			continue;
		if (def->scope == GATE_ON_ROLES)
			gate_on_roles(e, def);
		else if (def->scope == GATE_STALE_COMPUTES)
			gate_stale(e, def);
	}
}

static void
gate_target_nova_up(struct engine *e, const struct gate_def *def,
		    size_t host, struct engine_op ***ops, size_t *n)
{
	struct engine_op *op = gate_op(ENGINE_OP_NOVA_CHECK,
				       ENGINE_ROLE_BEFORE, "before");

	op->why = def->why;
	const char *name = inv_host_nova_name(&e->inv->hosts[host]);

	op->nova_host = name;
	op->binary = "nova-compute";
	op->check_up = true;
	op->want_up = true;
	op->text = xasprintf("nova: check that nova-compute on %s is up",
			     name);
	*ops = xreallocarray(*ops, *n + 1, sizeof **ops);
	(*ops)[(*n)++] = op;
}

void
engine_gates_for_target(struct engine *e, size_t step, size_t host,
			struct engine_op ***ops, size_t *n)
{
	const char *id = e->steps[step]->id;

	for (size_t i = 0; i < sizeof gate_defs / sizeof gate_defs[0]; i++) {
		const struct gate_def *def = &gate_defs[i];
		struct engine_op *op;

		if (def->scope != GATE_ON_TARGET || strcmp(def->step, id) != 0)
			continue;
		op = gate_op(ENGINE_OP_COMMAND, ENGINE_ROLE_BEFORE, "before");
		op->why = def->why;
		op->command = xstrdup(def->command);
		op->text = xstrdup(def->command);
		op->timeout_ms = 1000u * e->opt.check_timeout_s;
		*ops = xreallocarray(*ops, *n + 1, sizeof **ops);
		(*ops)[(*n)++] = op;
		if (def->nova_up)
			gate_target_nova_up(e, def, host, ops, n);
	}
}

static void
gate_describe_op(struct strbuf *out, const char *host,
		 const struct engine_op *op, const char **last_why)
{
	if (op->why != NULL && (*last_why == NULL ||
				strcmp(*last_why, op->why) != 0))
		strbuf_addf(out, "  That %s:\n", op->why);
	*last_why = op->why;
	strbuf_addf(out, "    %-10s %s%s\n", host,
		    op->kind == ENGINE_OP_COMMAND ? "$ " : "", op->text);
}

/* The gates of the current unit, as the presentation lists them: what
 * each makes sure of, then its checks. */
void
engine_gates_describe(struct engine *e, struct strbuf *out)
{
	const struct engine_unit *u = &e->cur;
	const char *last_why = NULL;
	struct engine_op **ops = NULL;
	size_t n = 0;

	for (size_t i = 0; i < u->n_gates; i++) {
		const char *host = engine_host_name(e, u->gate_host[i]);

		gate_describe_op(out, host != NULL ? host : "(API)",
				 u->gates[i], &last_why);
	}
	for (size_t k = 0; k < u->n_hosts; k++) {
		engine_gates_for_target(e, u->step, u->hosts[k], &ops, &n);
		for (size_t i = 0; i < n; i++) {
			gate_describe_op(out, engine_host_name(e, u->hosts[k]),
					 ops[i], &last_why);
			engine_op_free(ops[i]);
		}
		free(ops);
		ops = NULL;
		n = 0;
	}
}
