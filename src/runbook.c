/* runbook: see include/runbook.h and runbooks/README.md.
 *
 * The loader walks the yamldoc tree once, checking each node as it fills
 * the structs, so every message can name the node it is about.  A runbook
 * being built is always safe to free: each array is allocated zeroed at
 * its final size and its count grows as elements are filled in, so
 * runbook_free() sees only what was set. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runbook.h"
#include "strbuf.h"
#include "sha256.h"
#include "template.h"
#include "xalloc.h"
#include "yamldoc.h"

#define RB_TIMEOUT_DEFAULT 300
#define RB_TIMEOUT_MAX 86400
/* Room for "step '<id>'" in messages.  A longer id is cut short there;
 * the message still names the step by its file:line:column. */
#define RB_OWNER_MAX 96

struct rb_loader {
	const struct ydoc *doc;
	struct runbook *rb;
	struct ou_error *err;
};

/* A word a key may take, and the enum value it stands for. */
struct rb_word {
	const char *name;
	int value;
};

typedef int (*rb_action_parse_fn)(struct rb_loader *ld, const char *name,
				  const struct ynode *value,
				  struct rb_action *act);

/* An action key: where it may appear and how its value is read. */
struct rb_action_type {
	const char *name;
	enum rb_action_kind kind;
	rb_action_parse_fn parse;
	bool in_step;		/* may be a step's action */
	bool in_check;		/* may be a before/after check */
};

static const char *const rb_top_keys[] = {
	"runbook", "title", "roles", "vars", "phases", NULL,
};

static const char *const rb_phase_keys[] = {
	"id", "title", "why", "rolling", "steps", NULL,
};

static const char *const rb_rolling_keys[] = { "hosts", "batch", NULL };

static const char *const rb_step_keys[] = {
	"id", "title", "why", "hosts", "batch", "probe", "ok-exit",
	"before", "after", "when-no-host",
	"run", "check", "nova-service-disable", "nova-service-enable",
	"wait-service", "ini-set", "ini-comment", "review-rpmnew",
	"migrate-instances", NULL,
};

/* Template names every command may use besides the runbook's vars. */
static const char *const rb_builtin_names[] = {
	"host", "address", "nova_host", "step", NULL,
};

static const struct rb_word rb_states[] = {
	{ .name = "up", .value = RB_STATE_UP },
	{ .name = "down", .value = RB_STATE_DOWN },
	{ .name = NULL },
};

static const struct rb_word rb_statuses[] = {
	{ .name = "enabled", .value = RB_STATUS_ENABLED },
	{ .name = "disabled", .value = RB_STATUS_DISABLED },
	{ .name = NULL },
};

static const struct rb_word rb_prefers[] = {
	{ .name = "merge", .value = RB_PREFER_MERGE },
	{ .name = "new", .value = RB_PREFER_NEW },
	{ .name = "mine", .value = RB_PREFER_MINE },
	{ .name = NULL },
};

static const struct rb_word rb_migrate_modes[] = {
	{ .name = "ask", .value = RB_MIGRATE_ASK },
	{ .name = "live", .value = RB_MIGRATE_LIVE },
	{ .name = "cold", .value = RB_MIGRATE_COLD },
	{ .name = "none", .value = RB_MIGRATE_NONE },
	{ .name = NULL },
};

static const struct rb_word rb_when_no_host[] = {
	{ .name = "error", .value = false },
	{ .name = "skip", .value = true },
	{ .name = NULL },
};

/* ---- messages and scalars ---------------------------------------- */

/* Report that node is not what was expected, saying what it is. */
static int __attribute__((format(printf, 3, 4)))
rb_error_expected(struct rb_loader *ld, const struct ynode *node,
		  const char *fmt, ...)
{
	char expected[OU_ERROR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(expected, sizeof expected, fmt, ap);
	va_end(ap);
	if (node->kind == YNODE_SCALAR)
		return ydoc_error(ld->doc, node, ld->err, "%s, not '%s'",
				  expected, node->scalar);
	return ydoc_error(ld->doc, node, ld->err, "%s, not %s", expected,
			  ynode_kind_name(node));
}

/* The key node of key in map, for messages about the key itself. */
static const struct ynode *
rb_key(const struct ynode *map, const char *key)
{
	for (size_t i = 0; i < map->n_pairs; i++)
		if (strcmp(map->pairs[i].key->scalar, key) == 0)
			return map->pairs[i].key;
	return NULL;
}

static const struct ynode *
rb_require(struct rb_loader *ld, const struct ynode *map, const char *key,
	   const char *owner)
{
	const struct ynode *value = ynode_get(map, key);

	if (value == NULL)
		ydoc_error(ld->doc, map, ld->err, "%s has no '%s'", owner, key);
	return value;
}

/* YAML's ways of writing "no value", which are never meant as text. */
static bool
rb_is_null(const struct ynode *node)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
					     NULL };

	if (node->kind != YNODE_SCALAR || node->quoted)
		return false;
	for (size_t i = 0; nulls[i] != NULL; i++)
		if (strcmp(node->scalar, nulls[i]) == 0)
			return true;
	return false;
}

/* A single, non-empty value, copied to *out. */
static int
rb_text(struct rb_loader *ld, const struct ynode *node, const char *what,
	char **out)
{
	if (node->kind != YNODE_SCALAR)
		return rb_error_expected(ld, node, "%s must be a single value",
					 what);
	if (rb_is_null(node) || node->scalar[0] == '\0')
		return ydoc_error(ld->doc, node, ld->err,
				  "%s must not be empty", what);
	*out = xstrdup(node->scalar);
	return 0;
}

static int
rb_required_text(struct rb_loader *ld, const struct ynode *map,
		 const char *key, const char *owner, char **out)
{
	const struct ynode *value = rb_require(ld, map, key, owner);

	if (value == NULL)
		return -1;
	return rb_text(ld, value, key, out);
}

static int
rb_optional_text(struct rb_loader *ld, const struct ynode *map,
		 const char *key, char **out)
{
	const struct ynode *value = ynode_get(map, key);

	return value != NULL ? rb_text(ld, value, key, out) : 0;
}

/* Before item i of a list read aloud: "a", "a or b", "a, b or c". */
static const char *
rb_list_separator(size_t i, const char *next)
{
	if (i == 0)
		return "";
	return next != NULL ? ", " : " or ";
}

static void
rb_words_join(const struct rb_word *words, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; words[i].name != NULL && used < size; i++) {
		const char *sep = rb_list_separator(i, words[i + 1].name);

		used += (size_t)snprintf(out + used, size - used, "%s%s", sep,
					 words[i].name);
	}
}

/* The word at key in map, or dflt when the key is absent. */
static int
rb_word(struct rb_loader *ld, const struct ynode *map, const char *key,
	const struct rb_word *words, int dflt, int *out)
{
	const struct ynode *node = ynode_get(map, key);
	char expected[128];

	*out = dflt;
	if (node == NULL)
		return 0;
	for (size_t i = 0; node->kind == YNODE_SCALAR && words[i].name; i++)
		if (strcmp(node->scalar, words[i].name) == 0) {
			*out = words[i].value;
			return 0;
		}
	rb_words_join(words, expected, sizeof expected);
	return rb_error_expected(ld, node, "%s must be %s", key, expected);
}

/* [a-z0-9][a-z0-9-]*: ids, the runbook's name and role names. */
static bool
rb_is_id(const char *s)
{
	if (s[0] == '\0' || s[0] == '-')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	return true;
}

/* [a-z_][a-z0-9_]*: a name a template can hold as {{name}}. */
static bool
rb_is_var_name(const char *s)
{
	if (s[0] == '\0' || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

static int
rb_id_text(struct rb_loader *ld, const struct ynode *node, const char *what,
	   char **out)
{
	if (node->kind != YNODE_SCALAR || !rb_is_id(node->scalar))
		return rb_error_expected(ld, node, "%s must be lowercase "
					 "letters, digits and '-', starting "
					 "with a letter or digit", what);
	*out = xstrdup(node->scalar);
	return 0;
}

static bool
rb_is_builtin_name(const char *name)
{
	for (size_t i = 0; rb_builtin_names[i] != NULL; i++)
		if (strcmp(name, rb_builtin_names[i]) == 0)
			return true;
	return false;
}

/* ---- templates --------------------------------------------------- */

struct rb_template_check {
	struct rb_loader *ld;
	const struct ynode *node;
	bool reported;		/* the callback wrote the message */
};

static int
rb_template_name_check(void *ctx, const char *name)
{
	struct rb_template_check *tc = ctx;
	const struct runbook *rb = tc->ld->rb;
	const char *role;

	if (rb_is_builtin_name(name) || runbook_var(rb, name) != NULL)
		return 0;
	if (strncmp(name, "address:", strlen("address:")) == 0) {
		role = name + strlen("address:");
		if (runbook_has_role(rb, role))
			return 0;
		tc->reported = true;
		return ydoc_error(tc->ld->doc, tc->node, tc->ld->err,
				  "{{%s}}: '%s' is not a role declared under "
				  "roles", name, role);
	}
	tc->reported = true;
	return ydoc_error(tc->ld->doc, tc->node, tc->ld->err,
			  "unknown template variable {{%s}} (expected a name "
			  "declared under vars, host, address, nova_host, "
			  "step or address:ROLE)", name);
}

/* Every {{name}} in the node's text must be one a plan can fill in. */
static int
rb_template_check(struct rb_loader *ld, const struct ynode *node)
{
	struct rb_template_check tc = { .ld = ld, .node = node };

	if (template_each_name(node->scalar, rb_template_name_check, &tc,
			       ld->err) == 0)
		return 0;
	/* template.c counts its column from the start of the text. */
	if (!tc.reported)
		ou_error_prefix(ld->err, "%s:%u:%u: in this template",
				ld->doc->name, node->line, node->column);
	return -1;
}

static int
rb_template(struct rb_loader *ld, const struct ynode *node, const char *what,
	    char **out)
{
	if (rb_text(ld, node, what, out) < 0)
		return -1;
	return rb_template_check(ld, node);
}

static int
rb_required_template(struct rb_loader *ld, const struct ynode *map,
		     const char *key, const char *owner, char **out)
{
	const struct ynode *value = rb_require(ld, map, key, owner);

	if (value == NULL)
		return -1;
	return rb_template(ld, value, key, out);
}

/* ---- host selectors and batches ---------------------------------- */

static int
rb_selector_add_role(struct rb_loader *ld, const struct ynode *node,
		     struct rb_selector *sel)
{
	if (node->kind != YNODE_SCALAR)
		return rb_error_expected(ld, node, "a role must be a single "
					 "value");
	if (!runbook_has_role(ld->rb, node->scalar))
		return ydoc_error(ld->doc, node, ld->err, "role '%s' is not "
				  "declared under roles", node->scalar);
	sel->roles[sel->n_roles++] = xstrdup(node->scalar);
	return 0;
}

static int
rb_selector_list(struct rb_loader *ld, const struct ynode *node,
		 struct rb_selector *sel)
{
	if (node->n_items == 0)
		return ydoc_error(ld->doc, node, ld->err, "hosts: the list of "
				  "roles must not be empty");
	sel->kind = RB_SELECT_ROLES;
	sel->roles = xcalloc(node->n_items, sizeof *sel->roles);
	for (size_t i = 0; i < node->n_items; i++)
		if (rb_selector_add_role(ld, node->items[i], sel) < 0)
			return -1;
	return 0;
}

/* without: FAMILY is meant to match the roles FAMILY and FAMILY-*; one
 * that matches no declared role is surely misspelt. */
static bool
rb_family_is_declared(const struct runbook *rb, const char *family)
{
	size_t len = strlen(family);

	for (size_t i = 0; i < rb->n_roles; i++) {
		const char *name = rb->roles[i].name;

		if (strncmp(name, family, len) == 0 &&
		    (name[len] == '\0' || name[len] == '-'))
			return true;
	}
	return false;
}

static int
rb_selector_without(struct rb_loader *ld, const struct ynode *node,
		    struct rb_selector *sel)
{
	if (node->kind != YNODE_SCALAR || rb_is_null(node))
		return rb_error_expected(ld, node, "without must name a role "
					 "family");
	if (!rb_family_is_declared(ld->rb, node->scalar))
		return ydoc_error(ld->doc, node, ld->err, "without: no role "
				  "declared under roles is '%s' or starts "
				  "with '%s-'", node->scalar, node->scalar);
	sel->kind = RB_SELECT_WITHOUT;
	sel->roles = xcalloc(1, sizeof *sel->roles);
	sel->roles[sel->n_roles++] = xstrdup(node->scalar);
	return 0;
}

static int
rb_selector_map(struct rb_loader *ld, const struct ynode *node,
		struct rb_selector *sel)
{
	static const char *const keys[] = { "without", "once-on", NULL };
	const struct ynode *value;

	if (node->n_pairs != 1)
		return ydoc_error(ld->doc, node, ld->err, "a host selector "
				  "mapping must have exactly one key, without "
				  "or once-on");
	if (ydoc_expect_keys(ld->doc, node, keys, ld->err) < 0)
		return -1;
	value = node->pairs[0].value;
	if (strcmp(node->pairs[0].key->scalar, "without") == 0)
		return rb_selector_without(ld, value, sel);
	sel->kind = RB_SELECT_ONCE_ON;
	sel->roles = xcalloc(1, sizeof *sel->roles);
	return rb_selector_add_role(ld, value, sel);
}

static int
rb_selector_parse(struct rb_loader *ld, const struct ynode *node,
		  struct rb_selector *sel)
{
	if (node->kind == YNODE_SEQ)
		return rb_selector_list(ld, node, sel);
	if (node->kind == YNODE_MAP)
		return rb_selector_map(ld, node, sel);
	if (strcmp(node->scalar, "all") == 0) {
		sel->kind = RB_SELECT_ALL;
		return 0;
	}
	sel->kind = RB_SELECT_ROLES;
	sel->roles = xcalloc(1, sizeof *sel->roles);
	return rb_selector_add_role(ld, node, sel);
}

static int
rb_batch_parse(struct rb_loader *ld, const struct ynode *node,
	       struct rb_batching *batch)
{
	unsigned long size;

	if (node->kind == YNODE_SCALAR && strcmp(node->scalar, "all") == 0) {
		batch->size = 0;
		return 0;
	}
	if (node->kind == YNODE_SCALAR && strcmp(node->scalar, "one") == 0) {
		batch->size = 1;
		return 0;
	}
	if (ydoc_scalar_uint(ld->doc, node, 1, SIZE_MAX, &size, NULL) < 0)
		return rb_error_expected(ld, node, "batch must be all, one or "
					 "a number of hosts (1 or more)");
	batch->size = size;
	return 0;
}

/* ---- actions ----------------------------------------------------- */

static int
rb_action_map(struct rb_loader *ld, const char *name,
	      const struct ynode *value, const char *const *keys)
{
	if (ydoc_expect_kind(ld->doc, value, YNODE_MAP, name, ld->err) < 0)
		return -1;
	return ydoc_expect_keys(ld->doc, value, keys, ld->err);
}

static int
rb_action_command(struct rb_loader *ld, const char *name,
		  const struct ynode *value, struct rb_action *act)
{
	return rb_template(ld, value, name, &act->command);
}

static int
rb_action_nova_disable(struct rb_loader *ld, const char *name,
		       const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "binary", "reason", NULL };

	if (rb_action_map(ld, name, value, keys) < 0 ||
	    rb_required_text(ld, value, "binary", name, &act->binary) < 0)
		return -1;
	return rb_required_template(ld, value, "reason", name, &act->reason);
}

static int
rb_action_nova_enable(struct rb_loader *ld, const char *name,
		      const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "binary", NULL };

	if (rb_action_map(ld, name, value, keys) < 0)
		return -1;
	return rb_required_text(ld, value, "binary", name, &act->binary);
}

static int
rb_action_wait_service(struct rb_loader *ld, const char *name,
		       const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "binary", "state", "timeout",
					    NULL };
	const struct ynode *timeout;
	unsigned long seconds = RB_TIMEOUT_DEFAULT;
	int state;

	if (rb_action_map(ld, name, value, keys) < 0 ||
	    rb_required_text(ld, value, "binary", name, &act->binary) < 0 ||
	    rb_require(ld, value, "state", name) == NULL ||
	    rb_word(ld, value, "state", rb_states, RB_STATE_ANY, &state) < 0)
		return -1;
	act->state = state;
	timeout = ynode_get(value, "timeout");
	if (timeout != NULL &&
	    ydoc_scalar_uint(ld->doc, timeout, 1, RB_TIMEOUT_MAX, &seconds,
			     NULL) < 0)
		return rb_error_expected(ld, timeout, "timeout must be a "
					 "number of seconds from 1 to %d",
					 RB_TIMEOUT_MAX);
	act->timeout_s = (unsigned)seconds;
	return 0;
}

/* A check of the service list that asks for neither state nor status
 * would pass whatever Nova says: refuse it as a mistake. */
static int
rb_action_nova_service(struct rb_loader *ld, const char *name,
		       const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "binary", "state", "status",
					    NULL };
	int state;
	int status;

	if (rb_action_map(ld, name, value, keys) < 0 ||
	    rb_required_text(ld, value, "binary", name, &act->binary) < 0 ||
	    rb_word(ld, value, "state", rb_states, RB_STATE_ANY, &state) < 0 ||
	    rb_word(ld, value, "status", rb_statuses, RB_STATUS_ANY,
		    &status) < 0)
		return -1;
	if (state == RB_STATE_ANY && status == RB_STATUS_ANY)
		return ydoc_error(ld->doc, value, ld->err, "%s needs a state "
				  "(up or down), a status (enabled or "
				  "disabled) or both", name);
	act->state = state;
	act->status = status;
	return 0;
}

static int
rb_ini_ref_parse(struct rb_loader *ld, const char *name,
		 const struct ynode *map, struct rb_ini_ref *ref)
{
	if (rb_required_text(ld, map, "file", name, &ref->file) < 0 ||
	    rb_required_text(ld, map, "section", name, &ref->section) < 0)
		return -1;
	return rb_required_text(ld, map, "option", name, &ref->option);
}

static int
rb_ini_value_from(struct rb_loader *ld, const struct ynode *node,
		  struct rb_action *act)
{
	static const char *const keys[] = { "file", "section", "option",
					    NULL };

	if (rb_action_map(ld, "value-from", node, keys) < 0)
		return -1;
	return rb_ini_ref_parse(ld, "value-from", node, &act->value_from);
}

/* An empty value is a real setting ("option ="), but only when written
 * in quotes: a bare "value:" is more likely a value left out. */
static int
rb_ini_value(struct rb_loader *ld, const struct ynode *node,
	     struct rb_action *act)
{
	if (node->kind != YNODE_SCALAR || rb_is_null(node))
		return rb_error_expected(ld, node, "value must be a single "
					 "value (write \"\" for an empty one)");
	act->value = xstrdup(node->scalar);
	return rb_template_check(ld, node);
}

static int
rb_action_ini_set(struct rb_loader *ld, const char *name,
		  const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "file", "section", "option",
					    "value", "value-from",
					    "only-if-unset", NULL };
	const struct ynode *literal = ynode_get(value, "value");
	const struct ynode *from = ynode_get(value, "value-from");
	const struct ynode *unset = ynode_get(value, "only-if-unset");

	if (rb_action_map(ld, name, value, keys) < 0 ||
	    rb_ini_ref_parse(ld, name, value, &act->ini) < 0)
		return -1;
	if ((literal == NULL) == (from == NULL))
		return ydoc_error(ld->doc, value, ld->err, "%s needs exactly "
				  "one of 'value' and 'value-from'", name);
	if (literal != NULL && rb_ini_value(ld, literal, act) < 0)
		return -1;
	if (from != NULL && rb_ini_value_from(ld, from, act) < 0)
		return -1;
	if (unset != NULL)
		return ydoc_scalar_bool(ld->doc, unset, &act->only_if_unset,
					ld->err);
	return 0;
}

static int
rb_action_ini_comment(struct rb_loader *ld, const char *name,
		      const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "file", "section", "option",
					    NULL };

	if (rb_action_map(ld, name, value, keys) < 0)
		return -1;
	return rb_ini_ref_parse(ld, name, value, &act->ini);
}

static int
rb_text_list(struct rb_loader *ld, const struct ynode *node, const char *what,
	     char ***out, size_t *n)
{
	if (ydoc_expect_kind(ld->doc, node, YNODE_SEQ, what, ld->err) < 0)
		return -1;
	*out = xcalloc(node->n_items, sizeof **out);
	for (size_t i = 0; i < node->n_items; i++) {
		if (rb_text(ld, node->items[i], what, &(*out)[i]) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

static int
rb_action_review(struct rb_loader *ld, const char *name,
		 const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "packages", "prefer", "carry",
					    NULL };
	const struct ynode *packages;
	const struct ynode *carry;
	int prefer;

	if (rb_action_map(ld, name, value, keys) < 0)
		return -1;
	packages = rb_require(ld, value, "packages", name);
	if (packages == NULL || rb_text_list(ld, packages, "packages",
					     &act->packages,
					     &act->n_packages) < 0)
		return -1;
	if (act->n_packages == 0)
		return ydoc_error(ld->doc, packages, ld->err, "packages must "
				  "name at least one package");
	carry = ynode_get(value, "carry");
	if (carry != NULL && rb_text_list(ld, carry, "carry", &act->carry,
					  &act->n_carry) < 0)
		return -1;
	if (rb_word(ld, value, "prefer", rb_prefers, RB_PREFER_MERGE,
		    &prefer) < 0)
		return -1;
	act->prefer = prefer;
	return 0;
}

static int
rb_action_migrate(struct rb_loader *ld, const char *name,
		  const struct ynode *value, struct rb_action *act)
{
	static const char *const keys[] = { "mode", NULL };
	int mode;

	if (rb_action_map(ld, name, value, keys) < 0 ||
	    rb_word(ld, value, "mode", rb_migrate_modes, RB_MIGRATE_ASK,
		    &mode) < 0)
		return -1;
	act->migrate = mode;
	return 0;
}

static const struct rb_action_type rb_action_types[] = {
	{ .name = "run", .kind = RB_ACTION_RUN,
	  .parse = rb_action_command, .in_step = true },
	{ .name = "check", .kind = RB_ACTION_CHECK,
	  .parse = rb_action_command, .in_step = true, .in_check = true },
	{ .name = "nova-service-disable", .kind = RB_ACTION_NOVA_DISABLE,
	  .parse = rb_action_nova_disable, .in_step = true },
	{ .name = "nova-service-enable", .kind = RB_ACTION_NOVA_ENABLE,
	  .parse = rb_action_nova_enable, .in_step = true },
	{ .name = "wait-service", .kind = RB_ACTION_WAIT_SERVICE,
	  .parse = rb_action_wait_service, .in_step = true,
	  .in_check = true },
	{ .name = "nova-service", .kind = RB_ACTION_NOVA_SERVICE,
	  .parse = rb_action_nova_service, .in_check = true },
	{ .name = "ini-set", .kind = RB_ACTION_INI_SET,
	  .parse = rb_action_ini_set, .in_step = true },
	{ .name = "ini-comment", .kind = RB_ACTION_INI_COMMENT,
	  .parse = rb_action_ini_comment, .in_step = true },
	{ .name = "review-rpmnew", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .parse = rb_action_review, .in_step = true },
	{ .name = "migrate-instances", .kind = RB_ACTION_MIGRATE,
	  .parse = rb_action_migrate, .in_step = true },
};

#define RB_N_ACTION_TYPES (sizeof rb_action_types / sizeof *rb_action_types)

static const struct rb_action_type *
rb_action_type_find(const char *name)
{
	for (size_t i = 0; i < RB_N_ACTION_TYPES; i++)
		if (strcmp(rb_action_types[i].name, name) == 0)
			return &rb_action_types[i];
	return NULL;
}

static void
rb_action_names(bool checks, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < RB_N_ACTION_TYPES && used < size; i++) {
		const struct rb_action_type *type = &rb_action_types[i];

		if (checks ? type->in_check : type->in_step)
			used += (size_t)snprintf(out + used, size - used,
						 "%s%s", used ? ", " : "",
						 type->name);
	}
}

static int
rb_action_parse(struct rb_loader *ld, const struct rb_action_type *type,
		const struct ypair *pair, struct rb_action *act)
{
	act->kind = type->kind;
	act->line = pair->key->line;
	act->column = pair->key->column;
	return type->parse(ld, type->name, pair->value, act);
}

/* ---- steps ------------------------------------------------------- */

/* The phase or step that already uses id, and its line; NULL if none.
 * Steps still being filled in have no id yet and are skipped. */
static const char *
rb_id_used_by(const struct runbook *rb, const char *id, unsigned *line)
{
	for (size_t p = 0; p < rb->n_phases; p++) {
		const struct rb_phase *phase = &rb->phases[p];

		if (phase->id != NULL && strcmp(phase->id, id) == 0) {
			*line = phase->line;
			return "phase";
		}
		for (size_t s = 0; s < phase->n_steps; s++)
			if (phase->steps[s].id != NULL &&
			    strcmp(phase->steps[s].id, id) == 0) {
				*line = phase->steps[s].line;
				return "step";
			}
	}
	return NULL;
}

/* A phase's or step's id: well formed, and new to the whole runbook
 * because the journal keys on it. */
static int
rb_id_parse(struct rb_loader *ld, const struct ynode *map, const char *owner,
	    char **out)
{
	const struct ynode *node = rb_require(ld, map, "id", owner);
	const char *user;
	unsigned line = 0;

	if (node == NULL)
		return -1;
	if (node->kind == YNODE_SCALAR &&
	    (user = rb_id_used_by(ld->rb, node->scalar, &line)) != NULL)
		return ydoc_error(ld->doc, node, ld->err, "id '%s' is already "
				  "used by the %s at line %u: ids must be "
				  "unique among phases and steps",
				  node->scalar, user, line);
	return rb_id_text(ld, node, "id", out);
}

static int
rb_step_hosts(struct rb_loader *ld, const struct ynode *map,
	      const struct rb_phase *phase, const char *owner,
	      struct rb_step *step)
{
	const struct ynode *hosts = ynode_get(map, "hosts");
	const struct ynode *batch = ynode_get(map, "batch");

	if (phase->rolling) {
		const char *key = hosts != NULL ? "hosts" : "batch";

		if (hosts != NULL || batch != NULL)
			return ydoc_error(ld->doc, rb_key(map, key), ld->err,
					  "%s is in the rolling phase '%s', "
					  "which chooses its hosts: remove "
					  "'%s'", owner, phase->id, key);
		step->hosts.kind = RB_SELECT_BATCH;
		return 0;
	}
	if (hosts == NULL)
		return ydoc_error(ld->doc, map, ld->err, "%s has no 'hosts' "
				  "(only a step of a rolling phase goes "
				  "without)", owner);
	if (rb_selector_parse(ld, hosts, &step->hosts) < 0)
		return -1;
	return batch != NULL ? rb_batch_parse(ld, batch, &step->batch) : 0;
}

static int
rb_step_action(struct rb_loader *ld, const struct ynode *map,
	       const char *owner, struct rb_step *step)
{
	const struct rb_action_type *type = NULL;
	const struct ypair *pair = NULL;
	char names[256];

	for (size_t i = 0; i < map->n_pairs; i++) {
		const struct ypair *p = &map->pairs[i];
		const struct rb_action_type *t;

		t = rb_action_type_find(p->key->scalar);

		if (t == NULL || !t->in_step)
			continue;
		if (pair != NULL)
			return ydoc_error(ld->doc, p->key, ld->err, "%s has a "
					  "second action '%s' after '%s' at "
					  "line %u: a step has exactly one",
					  owner, t->name, type->name,
					  pair->key->line);
		pair = p;
		type = t;
	}
	if (pair != NULL)
		return rb_action_parse(ld, type, pair, &step->action);
	rb_action_names(false, names, sizeof names);
	return ydoc_error(ld->doc, map, ld->err, "%s has no action (expected "
			  "exactly one of: %s)", owner, names);
}

static int
rb_check_parse(struct rb_loader *ld, const char *list,
	       const struct ynode *item, struct rb_action *act)
{
	const struct rb_action_type *type;
	char names[128];

	rb_action_names(true, names, sizeof names);
	if (item->kind != YNODE_MAP || item->n_pairs != 1)
		return rb_error_expected(ld, item, "each %s item must be a "
					 "mapping with one key (%s)", list,
					 names);
	type = rb_action_type_find(item->pairs[0].key->scalar);
	if (type == NULL || !type->in_check)
		return ydoc_error(ld->doc, item->pairs[0].key, ld->err,
				  "%s may hold only read-only checks (%s), "
				  "not '%s'", list, names,
				  item->pairs[0].key->scalar);
	return rb_action_parse(ld, type, &item->pairs[0], act);
}

static int
rb_checks_parse(struct rb_loader *ld, const struct ynode *map,
		const char *key, struct rb_action **out, size_t *n)
{
	const struct ynode *list = ynode_get(map, key);

	if (list == NULL)
		return 0;
	if (ydoc_expect_kind(ld->doc, list, YNODE_SEQ, key, ld->err) < 0)
		return -1;
	*out = xcalloc(list->n_items, sizeof **out);
	for (size_t i = 0; i < list->n_items; i++) {
		(*n)++;
		if (rb_check_parse(ld, key, list->items[i], &(*out)[i]) < 0)
			return -1;
	}
	return 0;
}

static int
rb_ok_exit_parse(struct rb_loader *ld, const struct ynode *map,
		 struct rb_step *step)
{
	const struct ynode *list = ynode_get(map, "ok-exit");

	if (list == NULL) {
		step->ok_exit = xcalloc(1, sizeof *step->ok_exit);
		step->n_ok_exit = 1;
		return 0;
	}
	if (list->kind != YNODE_SEQ || list->n_items == 0)
		return rb_error_expected(ld, list, "ok-exit must be a list of "
					 "one or more exit statuses (0 to "
					 "255)");
	step->ok_exit = xcalloc(list->n_items, sizeof *step->ok_exit);
	for (size_t i = 0; i < list->n_items; i++) {
		unsigned long status;

		if (ydoc_scalar_uint(ld->doc, list->items[i], 0, 255, &status,
				     NULL) < 0)
			return rb_error_expected(ld, list->items[i], "an exit "
						 "status must be a whole "
						 "number from 0 to 255");
		step->ok_exit[step->n_ok_exit++] = (int)status;
	}
	return 0;
}

/* What a step has besides its identity, hosts and action. */
static int
rb_step_extras(struct rb_loader *ld, const struct ynode *map,
	       struct rb_step *step)
{
	const struct ynode *probe = ynode_get(map, "probe");
	int skip;

	if (probe != NULL && rb_template(ld, probe, "probe", &step->probe) < 0)
		return -1;
	if (rb_ok_exit_parse(ld, map, step) < 0 ||
	    rb_checks_parse(ld, map, "before", &step->before,
			    &step->n_before) < 0 ||
	    rb_checks_parse(ld, map, "after", &step->after,
			    &step->n_after) < 0 ||
	    rb_word(ld, map, "when-no-host", rb_when_no_host, false,
		    &skip) < 0)
		return -1;
	step->skip_if_no_host = skip;
	return 0;
}

static int
rb_step_parse(struct rb_loader *ld, const struct ynode *map,
	      const struct rb_phase *phase, struct rb_step *step)
{
	char owner[RB_OWNER_MAX];

	if (ydoc_expect_kind(ld->doc, map, YNODE_MAP, "a step",
			     ld->err) < 0 ||
	    ydoc_expect_keys(ld->doc, map, rb_step_keys, ld->err) < 0)
		return -1;
	step->line = map->line;
	step->column = map->column;
	if (rb_id_parse(ld, map, "a step", &step->id) < 0)
		return -1;
	snprintf(owner, sizeof owner, "step '%s'", step->id);
	if (rb_required_text(ld, map, "title", owner, &step->title) < 0 ||
	    rb_required_text(ld, map, "why", owner, &step->why) < 0 ||
	    rb_step_hosts(ld, map, phase, owner, step) < 0 ||
	    rb_step_action(ld, map, owner, step) < 0)
		return -1;
	return rb_step_extras(ld, map, step);
}

/* ---- phases ------------------------------------------------------ */

/* A rolling phase goes one host at a time unless it says otherwise:
 * rolling is for the hosts that must not all be down at once. */
static int
rb_rolling_parse(struct rb_loader *ld, const struct ynode *node,
		 struct rb_phase *phase)
{
	const struct ynode *hosts;
	const struct ynode *batch;

	if (ydoc_expect_kind(ld->doc, node, YNODE_MAP, "rolling",
			     ld->err) < 0 ||
	    ydoc_expect_keys(ld->doc, node, rb_rolling_keys, ld->err) < 0)
		return -1;
	hosts = rb_require(ld, node, "hosts", "rolling");
	if (hosts == NULL ||
	    rb_selector_parse(ld, hosts, &phase->rolling_hosts) < 0)
		return -1;
	phase->rolling = true;
	phase->rolling_batch.size = 1;
	batch = ynode_get(node, "batch");
	return batch != NULL ? rb_batch_parse(ld, batch, &phase->rolling_batch)
			     : 0;
}

static int
rb_steps_parse(struct rb_loader *ld, const struct ynode *map,
	       const char *owner, struct rb_phase *phase)
{
	const struct ynode *list = rb_require(ld, map, "steps", owner);

	if (list == NULL)
		return -1;
	if (list->kind != YNODE_SEQ || list->n_items == 0)
		return rb_error_expected(ld, list, "steps must be a list of "
					 "one or more steps");
	phase->steps = xcalloc(list->n_items, sizeof *phase->steps);
	for (size_t i = 0; i < list->n_items; i++) {
		struct rb_step *step = &phase->steps[phase->n_steps++];

		if (rb_step_parse(ld, list->items[i], phase, step) < 0)
			return -1;
	}
	return 0;
}

static int
rb_phase_parse(struct rb_loader *ld, const struct ynode *map,
	       struct rb_phase *phase)
{
	char owner[RB_OWNER_MAX];
	const struct ynode *rolling;

	if (ydoc_expect_kind(ld->doc, map, YNODE_MAP, "a phase",
			     ld->err) < 0 ||
	    ydoc_expect_keys(ld->doc, map, rb_phase_keys, ld->err) < 0)
		return -1;
	phase->line = map->line;
	phase->column = map->column;
	if (rb_id_parse(ld, map, "a phase", &phase->id) < 0)
		return -1;
	snprintf(owner, sizeof owner, "phase '%s'", phase->id);
	if (rb_required_text(ld, map, "title", owner, &phase->title) < 0 ||
	    rb_optional_text(ld, map, "why", &phase->why) < 0)
		return -1;
	rolling = ynode_get(map, "rolling");
	if (rolling != NULL && rb_rolling_parse(ld, rolling, phase) < 0)
		return -1;
	return rb_steps_parse(ld, map, owner, phase);
}

static int
rb_phases_parse(struct rb_loader *ld, const struct ynode *root)
{
	const struct ynode *list = rb_require(ld, root, "phases",
					      "the runbook");
	struct runbook *rb = ld->rb;

	if (list == NULL)
		return -1;
	if (list->kind != YNODE_SEQ || list->n_items == 0)
		return rb_error_expected(ld, list, "phases must be a list of "
					 "one or more phases");
	rb->phases = xcalloc(list->n_items, sizeof *rb->phases);
	for (size_t i = 0; i < list->n_items; i++) {
		struct rb_phase *phase = &rb->phases[rb->n_phases++];

		if (rb_phase_parse(ld, list->items[i], phase) < 0)
			return -1;
	}
	return 0;
}

/* ---- the top level ----------------------------------------------- */

/* "all" is refused as a role name: hosts: all must keep meaning every
 * host. */
static int
rb_roles_parse(struct rb_loader *ld, const struct ynode *root)
{
	const struct ynode *map = rb_require(ld, root, "roles", "the runbook");
	struct runbook *rb = ld->rb;

	if (map == NULL ||
	    ydoc_expect_kind(ld->doc, map, YNODE_MAP, "roles", ld->err) < 0)
		return -1;
	rb->roles = xcalloc(map->n_pairs, sizeof *rb->roles);
	for (size_t i = 0; i < map->n_pairs; i++) {
		const struct ypair *pair = &map->pairs[i];
		struct rb_role *role = &rb->roles[rb->n_roles];

		if (strcmp(pair->key->scalar, "all") == 0)
			return ydoc_error(ld->doc, pair->key, ld->err, "'all' "
					  "cannot be a role: hosts: all means "
					  "every host");
		if (rb_id_text(ld, pair->key, "a role name", &role->name) < 0)
			return -1;
		rb->n_roles++;
		if (rb_text(ld, pair->value, "a role's description",
			    &role->description) < 0)
			return -1;
	}
	return 0;
}

static int
rb_var_parse(struct rb_loader *ld, const struct ypair *pair,
	     struct rb_var *var)
{
	const char *name = pair->key->scalar;

	if (!rb_is_var_name(name))
		return ydoc_error(ld->doc, pair->key, ld->err, "'%s' is not a "
				  "variable name (expected lowercase letters, "
				  "digits and '_', not starting with a digit)",
				  name);
	if (rb_is_builtin_name(name))
		return ydoc_error(ld->doc, pair->key, ld->err, "'%s' is a "
				  "built-in template name and cannot be "
				  "declared under vars", name);
	if (pair->value->kind != YNODE_SCALAR)
		return rb_error_expected(ld, pair->value, "the value of '%s' "
					 "must be a single value", name);
	var->name = xstrdup(name);
	var->value = xstrdup(pair->value->scalar);
	return 0;
}

static int
rb_vars_parse(struct rb_loader *ld, const struct ynode *root)
{
	const struct ynode *map = ynode_get(root, "vars");
	struct runbook *rb = ld->rb;

	if (map == NULL)
		return 0;
	if (ydoc_expect_kind(ld->doc, map, YNODE_MAP, "vars", ld->err) < 0)
		return -1;
	rb->vars = xcalloc(map->n_pairs, sizeof *rb->vars);
	for (size_t i = 0; i < map->n_pairs; i++) {
		if (rb_var_parse(ld, &map->pairs[i], &rb->vars[i]) < 0)
			return -1;
		rb->n_vars++;
	}
	return 0;
}

static int
rb_root_parse(struct rb_loader *ld, const struct ynode *root)
{
	const struct ynode *id;

	if (root == NULL)
		return ou_error_set(ld->err, "%s:1:1: the runbook is empty "
				    "(expected a mapping with runbook, title, "
				    "roles and phases)", ld->doc->name);
	if (ydoc_expect_kind(ld->doc, root, YNODE_MAP, "a runbook",
			     ld->err) < 0 ||
	    ydoc_expect_keys(ld->doc, root, rb_top_keys, ld->err) < 0)
		return -1;
	id = rb_require(ld, root, "runbook", "the runbook");
	if (id == NULL || rb_id_text(ld, id, "runbook", &ld->rb->id) < 0 ||
	    rb_required_text(ld, root, "title", "the runbook",
			     &ld->rb->title) < 0)
		return -1;
	/* Roles and vars first: selectors and templates are checked
	 * against them. */
	if (rb_roles_parse(ld, root) < 0 || rb_vars_parse(ld, root) < 0)
		return -1;
	return rb_phases_parse(ld, root);
}

/* ---- the public surface ------------------------------------------ */

int
runbook_load_file(const char *path, struct runbook **out,
		  struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*out = NULL;
	if (strbuf_read_file(&sb, path, err) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	rc = runbook_load_buffer(path, strbuf_str(&sb), sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

int
runbook_load_buffer(const char *name, const char *buf, size_t len,
		    struct runbook **out, struct ou_error *err)
{
	struct ydoc *doc = ydoc_parse(name, buf, len, err);
	struct rb_loader ld = { .doc = doc, .err = err };
	int rc;

	*out = NULL;
	if (doc == NULL)
		return -1;
	ld.rb = xcalloc(1, sizeof *ld.rb);
	ld.rb->path = xstrdup(name);
	sha256_hex(buf, len, ld.rb->digest);
	rc = rb_root_parse(&ld, doc->root);
	ydoc_free(doc);
	if (rc < 0) {
		runbook_free(ld.rb);
		return -1;
	}
	*out = ld.rb;
	return 0;
}

static void
rb_strings_free(char **strings, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(strings[i]);
	free(strings);
}

static void
rb_ini_ref_free(struct rb_ini_ref *ref)
{
	free(ref->file);
	free(ref->section);
	free(ref->option);
}

static void
rb_action_free(struct rb_action *act)
{
	free(act->command);
	free(act->binary);
	free(act->reason);
	rb_ini_ref_free(&act->ini);
	free(act->value);
	rb_ini_ref_free(&act->value_from);
	rb_strings_free(act->packages, act->n_packages);
	rb_strings_free(act->carry, act->n_carry);
}

static void
rb_actions_free(struct rb_action *acts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rb_action_free(&acts[i]);
	free(acts);
}

static void
rb_step_free(struct rb_step *step)
{
	free(step->id);
	free(step->title);
	free(step->why);
	rb_strings_free(step->hosts.roles, step->hosts.n_roles);
	rb_action_free(&step->action);
	free(step->probe);
	free(step->ok_exit);
	rb_actions_free(step->before, step->n_before);
	rb_actions_free(step->after, step->n_after);
}

static void
rb_phase_free(struct rb_phase *phase)
{
	free(phase->id);
	free(phase->title);
	free(phase->why);
	rb_strings_free(phase->rolling_hosts.roles,
			phase->rolling_hosts.n_roles);
	for (size_t i = 0; i < phase->n_steps; i++)
		rb_step_free(&phase->steps[i]);
	free(phase->steps);
}

void
runbook_free(struct runbook *rb)
{
	if (rb == NULL)
		return;
	for (size_t i = 0; i < rb->n_phases; i++)
		rb_phase_free(&rb->phases[i]);
	free(rb->phases);
	for (size_t i = 0; i < rb->n_roles; i++) {
		free(rb->roles[i].name);
		free(rb->roles[i].description);
	}
	free(rb->roles);
	for (size_t i = 0; i < rb->n_vars; i++) {
		free(rb->vars[i].name);
		free(rb->vars[i].value);
	}
	free(rb->vars);
	free(rb->path);
	free(rb->id);
	free(rb->title);
	free(rb);
}

bool
runbook_has_role(const struct runbook *rb, const char *role)
{
	for (size_t i = 0; i < rb->n_roles; i++)
		if (strcmp(rb->roles[i].name, role) == 0)
			return true;
	return false;
}

const char *
runbook_var(const struct runbook *rb, const char *name)
{
	for (size_t i = 0; i < rb->n_vars; i++)
		if (strcmp(rb->vars[i].name, name) == 0)
			return rb->vars[i].value;
	return NULL;
}

size_t *
runbook_phase_offsets(const struct runbook *rb)
{
	size_t *offsets = xcalloc(rb->n_phases + 1, sizeof *offsets);

	for (size_t p = 0; p < rb->n_phases; p++)
		offsets[p + 1] = offsets[p] + rb->phases[p].n_steps;
	return offsets;
}

const struct rb_step *
runbook_find_step(const struct runbook *rb, const char *id,
		  const struct rb_phase **phase_out)
{
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++) {
			if (strcmp(rb->phases[p].steps[s].id, id) != 0)
				continue;
			if (phase_out != NULL)
				*phase_out = &rb->phases[p];
			return &rb->phases[p].steps[s];
		}
	return NULL;
}

const char *
rb_action_kind_name(enum rb_action_kind kind)
{
	for (size_t i = 0; i < RB_N_ACTION_TYPES; i++)
		if (rb_action_types[i].kind == kind)
			return rb_action_types[i].name;
	return "unknown";
}
