/* runbook: an upgrade procedure as data (see runbooks/README.md).
 *
 * runbook_load_*() parse and validate a whole runbook: unknown keys,
 * duplicate ids, undeclared roles, unknown template variables and every
 * other mistake are errors naming file:line:column.  A loaded runbook is
 * valid and read-only; its structs are public so that the plan, the
 * engine and the screens can walk it.
 *
 * Ownership: struct runbook owns every string and array reachable from
 * it; runbook_free() releases all of it. */
#ifndef OU_RUNBOOK_H
#define OU_RUNBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"

enum rb_selector_kind {
	RB_SELECT_ALL,		/* hosts: all */
	RB_SELECT_ROLES,	/* hosts: ROLE | [ROLE, ...] */
	RB_SELECT_WITHOUT,	/* hosts: {without: FAMILY} */
	RB_SELECT_ONCE_ON,	/* hosts: {once-on: ROLE} */
	RB_SELECT_BATCH,	/* a step of a rolling phase: the batch's hosts */
};

struct rb_selector {
	enum rb_selector_kind kind;
	char **roles;		/* ROLES: any of; WITHOUT: the family (1);
				   ONCE_ON: the role (1) */
	size_t n_roles;
};

/* How a step takes its hosts: size 0 means all at once. */
struct rb_batching {
	size_t size;
};

enum rb_action_kind {
	RB_ACTION_RUN,
	RB_ACTION_CHECK,
	RB_ACTION_NOVA_DISABLE,
	RB_ACTION_NOVA_ENABLE,
	RB_ACTION_WAIT_SERVICE,
	RB_ACTION_NOVA_SERVICE,		/* checks only: read the state once */
	RB_ACTION_INI_SET,
	RB_ACTION_INI_COMMENT,
	RB_ACTION_REVIEW_RPMNEW,
	RB_ACTION_MIGRATE,
};

enum rb_service_state {
	RB_STATE_ANY,
	RB_STATE_UP,
	RB_STATE_DOWN,
};

enum rb_service_status {
	RB_STATUS_ANY,
	RB_STATUS_ENABLED,
	RB_STATUS_DISABLED,
};

enum rb_prefer {
	RB_PREFER_MERGE,
	RB_PREFER_NEW,
	RB_PREFER_MINE,
};

enum rb_migrate_mode {
	RB_MIGRATE_ASK,
	RB_MIGRATE_LIVE,
	RB_MIGRATE_COLD,
	RB_MIGRATE_NONE,
};

struct rb_ini_ref {
	char *file;
	char *section;
	char *option;
};

/* One action; which fields are set depends on kind. Templates are kept
 * unexpanded: the plan fills them in per host. */
struct rb_action {
	enum rb_action_kind kind;
	unsigned line, column;
	char *command;			/* RUN, CHECK: template */
	char *binary;			/* NOVA_*, WAIT_SERVICE */
	char *reason;			/* NOVA_DISABLE: template */
	enum rb_service_state state;	/* WAIT_SERVICE, NOVA_SERVICE */
	enum rb_service_status status;	/* NOVA_SERVICE */
	unsigned timeout_s;		/* WAIT_SERVICE */
	struct rb_ini_ref ini;		/* INI_SET, INI_COMMENT */
	char *value;			/* INI_SET: template, or NULL ... */
	struct rb_ini_ref value_from;	/* ... when read on the host (file set) */
	bool only_if_unset;		/* INI_SET */
	char **packages;		/* REVIEW_RPMNEW: globs */
	size_t n_packages;
	enum rb_prefer prefer;		/* REVIEW_RPMNEW */
	char **carry;			/* REVIEW_RPMNEW: names kept from mine */
	size_t n_carry;
	enum rb_migrate_mode migrate;	/* MIGRATE */
};

struct rb_step {
	char *id;
	char *title;
	char *why;
	unsigned line, column;
	struct rb_selector hosts;
	struct rb_batching batch;
	bool skip_if_no_host;		/* when-no-host: skip */
	struct rb_action action;
	char *probe;			/* template or NULL */
	int *ok_exit;			/* never empty: default {0} */
	size_t n_ok_exit;
	struct rb_action *before;	/* read-only checks */
	size_t n_before;
	struct rb_action *after;
	size_t n_after;
};

struct rb_phase {
	char *id;
	char *title;
	char *why;
	unsigned line, column;
	bool rolling;
	struct rb_selector rolling_hosts;	/* when rolling */
	struct rb_batching rolling_batch;	/* when rolling */
	struct rb_step *steps;
	size_t n_steps;
};

struct rb_role {
	char *name;
	char *description;
};

struct rb_var {
	char *name;
	char *value;
};

struct runbook {
	char *path;		/* as given to the loader */
	char *id;		/* the `runbook:` key */
	char *title;
	char digest[65];	/* SHA-256 of the source bytes, hex */
	struct rb_role *roles;
	size_t n_roles;
	struct rb_var *vars;
	size_t n_vars;
	struct rb_phase *phases;
	size_t n_phases;
};

int runbook_load_file(const char *path, struct runbook **out,
		      struct ou_error *err);
/* name is used in messages and as path. */
int runbook_load_buffer(const char *name, const char *buf, size_t len,
			struct runbook **out, struct ou_error *err);
void runbook_free(struct runbook *rb);

bool runbook_has_role(const struct runbook *rb, const char *role);
/* The declared default of a variable, or NULL. */
const char *runbook_var(const struct runbook *rb, const char *name);
/* Where each phase's steps start when the runbook's steps are counted
 * across its phases: n_phases + 1 entries (malloc'd, the caller's),
 * the last one the number of steps in all. */
size_t *runbook_phase_offsets(const struct runbook *rb);
/* The step with that id, or NULL; *phase_out (if not NULL) gets its phase. */
const struct rb_step *runbook_find_step(const struct runbook *rb,
					const char *id,
					const struct rb_phase **phase_out);

/* Names for enum values, as the runbook spells them. */
const char *rb_action_kind_name(enum rb_action_kind kind);

#endif
