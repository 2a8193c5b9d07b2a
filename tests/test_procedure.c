/* Tests for the built-in runbook against the RDO "Icehouse to Juno,
 * scenario 4" procedure it encodes: every command the procedure pages
 * give, for the right hosts and in their order, and the properties of
 * scenario 4 an operator relies on (the RPC cap and its removal, one
 * compute at a time, a reason for every step, no glob left for the remote
 * shell to expand). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runbook.h"
#include "xalloc.h"

#define PROC_RUNBOOK OU_SRCDIR "/runbooks/icehouse-juno-scenario4.yaml"
#define NOVA_CONF "/etc/nova/nova.conf"
#define NEUTRON_CONF "/etc/neutron/neutron.conf"

/* One command of the procedure pages, as the runbook must carry it.
 *
 * role is whom the page runs it on: a role (the step's role list, or the
 * rolling phase's, must include it), "all", or "without:FAMILY".  once
 * says the page runs it on one host of the role only.  The action is
 * matched by kind and by the fields set here; a field left NULL is not
 * compared.  kind is RB_ACTION_RUN, the enum's first value, unless
 * given. */
struct proc_entry {
	const char *role;
	bool once;
	enum rb_action_kind kind;
	const char *command;	/* RUN, CHECK: the exact text */
	const char *binary;	/* NOVA_*, WAIT_SERVICE */
	const char *file;	/* INI_SET, INI_COMMENT */
	const char *section;
	const char *option;
	const char *value;	/* INI_SET */
	const char *package;	/* REVIEW_RPMNEW: one of its globs */
};

/* The procedure, page by page, in the order the pages give it.  Where the
 * runbook's command differs from the page's, the comment says why; the
 * YAML comments in the runbook say it at more length. */
static const struct proc_entry proc_procedure[] = {
	/* upgrade-2: pre-upgrade, on all hosts; service.md: openstack-utils
	 * after the repository. */
	{ .role = "all",
	  .command = "yum -d1 -y install {{juno_repo}}" },
	{ .role = "all", .command = "yum -d1 -y install openstack-utils" },

	/* upgrade-keystone.  token_flush runs as the keystone user so that
	 * a keystone.log it creates is not owned by root. */
	{ .role = "keystone", .command = "openstack-service stop keystone" },
	{ .role = "keystone", .command = "yum -d1 -y upgrade '*keystone*'" },
	{ .role = "keystone", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*keystone*" },
	{ .role = "keystone", .once = true,
	  .command = "runuser -s /bin/sh keystone -c "
		     "'keystone-manage token_flush'" },
	{ .role = "keystone", .once = true,
	  .command = "openstack-db --service keystone --update" },
	{ .role = "keystone", .command = "openstack-service start keystone" },

	/* upgrade-swift: no schema to migrate. */
	{ .role = "swift-proxy", .command = "openstack-service stop swift" },
	{ .role = "swift-storage", .command = "openstack-service stop swift" },
	{ .role = "swift-proxy", .command = "yum -d1 -y upgrade '*swift*'" },
	{ .role = "swift-storage", .command = "yum -d1 -y upgrade '*swift*'" },
	{ .role = "swift-proxy", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*swift*" },
	{ .role = "swift-storage", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*swift*" },
	{ .role = "swift-proxy", .command = "openstack-service start swift" },
	{ .role = "swift-storage", .command = "openstack-service start swift" },

	/* upgrade-cinder */
	{ .role = "cinder", .command = "openstack-service stop cinder" },
	{ .role = "cinder", .command = "yum -d1 -y upgrade '*cinder*'" },
	{ .role = "cinder", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*cinder*" },
	{ .role = "cinder", .once = true,
	  .command = "openstack-db --service cinder --update" },
	{ .role = "cinder", .command = "openstack-service start cinder" },

	/* upgrade-glance */
	{ .role = "glance", .command = "openstack-service stop glance" },
	{ .role = "glance", .command = "yum -d1 -y upgrade '*glance*'" },
	{ .role = "glance", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*glance*" },
	{ .role = "glance", .once = true,
	  .command = "openstack-db --service glance --update" },
	{ .role = "glance", .command = "openstack-service start glance" },

	/* upgrade-neutron: network hosts, compute nodes and controller. */
	{ .role = "neutron-server", .command = "openstack-service stop neutron" },
	{ .role = "neutron-agent", .command = "openstack-service stop neutron" },
	{ .role = "neutron-server",
	  .command = "yum -d1 -y upgrade '*neutron*'" },
	{ .role = "neutron-agent",
	  .command = "yum -d1 -y upgrade '*neutron*'" },
	{ .role = "neutron-server", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*neutron*" },
	{ .role = "neutron-agent", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*neutron*" },
	/* neutron-nova-notifications, merged while neutron is down.  The page
	 * misspells the first option; nova_admin_tenant_id becomes the
	 * tenant's name, which the host's nova.conf holds. */
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "notify_nova_on_port_status_changes", .value = "True" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "notify_nova_on_port_data_changes", .value = "True" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT", .option = "nova_url",
	  .value = "http://{{address:nova-api}}:8774/v2" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "nova_admin_username" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "nova_admin_password" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "nova_admin_tenant_name" },
	{ .role = "neutron-server", .kind = RB_ACTION_INI_SET,
	  .file = NEUTRON_CONF, .section = "DEFAULT",
	  .option = "nova_admin_auth_url" },
	{ .role = "neutron-server", .once = true,
	  .command = "openstack-db --service neutron --update" },
	{ .role = "neutron-server",
	  .command = "openstack-service start neutron" },
	{ .role = "neutron-agent", .command = "openstack-service start neutron" },

	/* upgrade-horizon.  The page leaves the httpd restart implied. */
	{ .role = "horizon",
	  .command = "yum -d1 -y upgrade '*horizon*' '*openstack-dashboard*'" },
	{ .role = "horizon", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*openstack-dashboard*" },
	{ .role = "horizon", .kind = RB_ACTION_CHECK,
	  .command = "grep -Eq '^ALLOWED_HOSTS *= *[[(] *[^] )]' "
		     "/etc/openstack-dashboard/local_settings" },
	{ .role = "horizon", .command = "systemctl restart httpd" },

	/* scenario 4: the final package upgrade of hosts without Nova. */
	{ .role = "without:nova", .command = "yum -d1 -y upgrade" },

	/* scenario 4: Nova controllers. */
	{ .role = "nova-controller", .command = "openstack-service stop nova" },
	{ .role = "nova-api", .command = "openstack-service stop nova" },
	{ .role = "nova-controller", .command = "yum -d1 -y upgrade '*nova*'" },
	{ .role = "nova-api", .command = "yum -d1 -y upgrade '*nova*'" },
	{ .role = "nova-controller", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*nova*" },
	{ .role = "nova-api", .once = true,
	  .command = "openstack-db --service nova --update" },
	{ .role = "nova-controller", .kind = RB_ACTION_INI_SET,
	  .file = NOVA_CONF, .section = "upgrade_levels", .option = "compute",
	  .value = "{{cap}}" },
	{ .role = "nova-controller", .kind = RB_ACTION_INI_SET,
	  .file = NOVA_CONF, .section = "upgrade_levels",
	  .option = "conductor", .value = "{{cap}}" },
	{ .role = "nova-controller", .command = "openstack-service start nova" },
	{ .role = "nova-api", .command = "openstack-service start nova" },

	/* scenario 4: each compute node.  Migration is the page's optional
	 * section; the cap is what it asks of Juno computes. */
	{ .role = "nova-compute", .kind = RB_ACTION_NOVA_DISABLE,
	  .binary = "nova-compute" },
	{ .role = "nova-compute", .kind = RB_ACTION_MIGRATE },
	{ .role = "nova-compute", .command = "openstack-service stop nova" },
	{ .role = "nova-compute", .command = "yum -d1 -y upgrade '*nova*'" },
	{ .role = "nova-compute", .kind = RB_ACTION_REVIEW_RPMNEW,
	  .package = "*nova*" },
	{ .role = "nova-compute", .kind = RB_ACTION_INI_SET,
	  .file = NOVA_CONF, .section = "upgrade_levels", .option = "compute",
	  .value = "{{cap}}" },
	{ .role = "nova-compute", .command = "openstack-service start nova" },
	{ .role = "nova-compute", .kind = RB_ACTION_NOVA_ENABLE,
	  .binary = "nova-compute" },

	/* scenario 4: post-upgrade tasks, then final-package-upgrade's
	 * nova-compute restart. */
	{ .role = "nova-controller", .kind = RB_ACTION_INI_COMMENT,
	  .file = NOVA_CONF, .section = "upgrade_levels", .option = "compute" },
	{ .role = "nova-compute", .kind = RB_ACTION_INI_COMMENT,
	  .file = NOVA_CONF, .section = "upgrade_levels", .option = "compute" },
	{ .role = "nova-controller", .command = "openstack-service restart nova" },
	{ .role = "nova-compute", .command = "openstack-service restart nova" },
	{ .role = "nova-controller", .command = "yum -d1 -y upgrade" },
	{ .role = "nova-compute", .command = "yum -d1 -y upgrade" },
	{ .role = "nova-compute",
	  .command = "openstack-service restart nova-compute" },
};

#define PROC_N_ENTRIES (sizeof proc_procedure / sizeof *proc_procedure)

/* A step with the phase it belongs to: a rolling phase chooses the
 * hosts of its steps. */
struct proc_step {
	const struct rb_phase *phase;
	const struct rb_step *step;
};

struct proc_runbook {
	struct runbook *rb;
	struct proc_step *steps;	/* every step, in runbook order */
	size_t n_steps;
};

/* Where a walk of the table stopped: the first entry that could not be
 * matched in order (n_entries if all were), and the step where the entry
 * before it matched. */
struct proc_walk {
	size_t entry;
	size_t after_step;
};

/* ---- matching an entry to a step --------------------------------- */

static bool
proc_streq(const char *want, const char *got)
{
	return want == NULL || (got != NULL && strcmp(want, got) == 0);
}

static bool
proc_selector_has_role(const struct rb_selector *sel, const char *role)
{
	for (size_t i = 0; i < sel->n_roles; i++)
		if (strcmp(sel->roles[i], role) == 0)
			return true;
	return false;
}

static const struct rb_selector *
proc_step_selector(const struct proc_step *ref)
{
	if (ref->step->hosts.kind == RB_SELECT_BATCH)
		return &ref->phase->rolling_hosts;
	return &ref->step->hosts;
}

static bool
proc_hosts_match(const struct proc_entry *entry, const struct proc_step *ref)
{
	const struct rb_selector *sel = proc_step_selector(ref);
	const char *family;

	/* A command the page runs once must not run on every host of the
	 * role (a second schema migration racing the first), nor the
	 * other way round. */
	if (entry->once != (sel->kind == RB_SELECT_ONCE_ON))
		return false;
	if (strcmp(entry->role, "all") == 0)
		return sel->kind == RB_SELECT_ALL;
	if (strncmp(entry->role, "without:", strlen("without:")) == 0) {
		family = entry->role + strlen("without:");
		return sel->kind == RB_SELECT_WITHOUT &&
		       proc_selector_has_role(sel, family);
	}
	return sel->kind != RB_SELECT_ALL && sel->kind != RB_SELECT_WITHOUT &&
	       proc_selector_has_role(sel, entry->role);
}

static bool
proc_review_has_package(const struct rb_action *act, const char *package)
{
	for (size_t i = 0; i < act->n_packages; i++)
		if (strcmp(act->packages[i], package) == 0)
			return true;
	return false;
}

static bool
proc_action_match(const struct proc_entry *entry, const struct rb_action *act)
{
	if (entry->kind != act->kind)
		return false;
	switch (act->kind) {
	case RB_ACTION_RUN:
	case RB_ACTION_CHECK:
		return proc_streq(entry->command, act->command);
	case RB_ACTION_NOVA_DISABLE:
	case RB_ACTION_NOVA_ENABLE:
	case RB_ACTION_WAIT_SERVICE:
	case RB_ACTION_NOVA_SERVICE:
		return proc_streq(entry->binary, act->binary);
	case RB_ACTION_INI_SET:
		return proc_streq(entry->file, act->ini.file) &&
		       proc_streq(entry->section, act->ini.section) &&
		       proc_streq(entry->option, act->ini.option) &&
		       proc_streq(entry->value, act->value);
	case RB_ACTION_INI_COMMENT:
		return proc_streq(entry->file, act->ini.file) &&
		       proc_streq(entry->section, act->ini.section) &&
		       proc_streq(entry->option, act->ini.option);
	case RB_ACTION_REVIEW_RPMNEW:
		return entry->package == NULL ||
		       proc_review_has_package(act, entry->package);
	case RB_ACTION_MIGRATE:
		return true;
	}
	return false;
}

static bool
proc_entry_matches(const struct proc_entry *entry, const struct proc_step *ref)
{
	return proc_action_match(entry, &ref->step->action) &&
	       proc_hosts_match(entry, ref);
}

/* ---- walking the table ------------------------------------------- */

/* Match each entry at or after the step where the previous one matched:
 * one step that runs on several roles stands for one entry per role. */
static struct proc_walk
proc_walk_entries(const struct proc_runbook *pr,
		  const struct proc_entry *entries, size_t n_entries)
{
	struct proc_walk walk = { .entry = 0, .after_step = 0 };
	size_t s = 0;

	for (; walk.entry < n_entries; walk.entry++) {
		while (s < pr->n_steps &&
		       !proc_entry_matches(&entries[walk.entry],
					   &pr->steps[s]))
			s++;
		if (s == pr->n_steps)
			break;
		walk.after_step = s;
	}
	return walk;
}

/* The first step anywhere that matches entry, or NULL. */
static const struct rb_step *
proc_find_anywhere(const struct proc_runbook *pr,
		   const struct proc_entry *entry)
{
	for (size_t s = 0; s < pr->n_steps; s++)
		if (proc_entry_matches(entry, &pr->steps[s]))
			return pr->steps[s].step;
	return NULL;
}

/* What the entry acts on, for a message: its command, INI setting,
 * Nova binary or package glob. */
static const char *
proc_entry_subject(const struct proc_entry *entry, char *buf, size_t size)
{
	if (entry->command != NULL)
		return entry->command;
	if (entry->option != NULL) {
		snprintf(buf, size, "%s [%s] %s%s%s", entry->file,
			 entry->section, entry->option,
			 entry->value != NULL ? " = " : "",
			 entry->value != NULL ? entry->value : "");
		return buf;
	}
	if (entry->binary != NULL)
		return entry->binary;
	return entry->package != NULL ? entry->package : "";
}

static void
proc_entry_describe(const struct proc_entry *entry, char *out, size_t size)
{
	char buf[256];

	snprintf(out, size, "%s%s: %s %s", entry->once ? "once on " : "",
		 entry->role, rb_action_kind_name(entry->kind),
		 proc_entry_subject(entry, buf, sizeof buf));
}

/* Fail naming the entry, and whether the runbook lacks it or has it in
 * the wrong place.  The walk found no match at or after the step where
 * the previous entry matched, so any match lies before that step. */
static void
proc_fail_at(const struct proc_runbook *pr, const struct proc_entry *entries,
	     struct proc_walk walk)
{
	const struct proc_entry *entry = &entries[walk.entry];
	const struct rb_step *found = proc_find_anywhere(pr, entry);
	char what[512];

	proc_entry_describe(entry, what, sizeof what);
	if (found == NULL)
		fail_msg("procedure entry %zu (%s) is missing from %s",
			 walk.entry, what, PROC_RUNBOOK);
	fail_msg("procedure entry %zu (%s) is out of order: the runbook does "
		 "it at step '%s' (line %u), before step '%s' (line %u) where "
		 "entry %zu matched", walk.entry, what, found->id, found->line,
		 pr->steps[walk.after_step].step->id,
		 pr->steps[walk.after_step].step->line, walk.entry - 1);
}

/* ---- the runbook under test -------------------------------------- */

static void
proc_steps_collect(struct proc_runbook *pr)
{
	const struct runbook *rb = pr->rb;
	size_t n = 0;

	for (size_t p = 0; p < rb->n_phases; p++)
		n += rb->phases[p].n_steps;
	pr->steps = xcalloc(n, sizeof *pr->steps);
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++)
			pr->steps[pr->n_steps++] = (struct proc_step){
				.phase = &rb->phases[p],
				.step = &rb->phases[p].steps[s],
			};
}

static int
proc_setup(void **state)
{
	struct proc_runbook *pr = xcalloc(1, sizeof *pr);
	struct ou_error err = { .msg = "" };

	if (runbook_load_file(PROC_RUNBOOK, &pr->rb, &err) < 0) {
		print_error("%s\n", err.msg);
		free(pr);
		return -1;
	}
	proc_steps_collect(pr);
	*state = pr;
	return 0;
}

static int
proc_teardown(void **state)
{
	struct proc_runbook *pr = *state;

	runbook_free(pr->rb);
	free(pr->steps);
	free(pr);
	return 0;
}

/* The index of the first step from index from on that matches entry,
 * or n_steps. */
static size_t
proc_index_from(const struct proc_runbook *pr, const struct proc_entry *entry,
		size_t from)
{
	size_t s = from;

	while (s < pr->n_steps && !proc_entry_matches(entry, &pr->steps[s]))
		s++;
	return s;
}

/* The phase that rolls through the compute nodes, or NULL. */
static const struct rb_phase *
proc_compute_rollout(const struct runbook *rb)
{
	for (size_t p = 0; p < rb->n_phases; p++)
		if (rb->phases[p].rolling &&
		    proc_selector_has_role(&rb->phases[p].rolling_hosts,
					   "nova-compute"))
			return &rb->phases[p];
	return NULL;
}

/* ---- the glob scan ----------------------------------------------- */

/* The first * or ? the remote shell would expand, or NULL.  Single quotes
 * are the one quoting the runbook uses for globs, so that an operator
 * reading a command sees at once that yum gets the pattern itself. */
static const char *
proc_unquoted_glob(const char *command)
{
	bool quoted = false;

	for (const char *c = command; *c != '\0'; c++) {
		if (*c == '\'')
			quoted = !quoted;
		else if (!quoted && (*c == '*' || *c == '?'))
			return c;
	}
	return NULL;
}

static void
proc_assert_no_glob(const struct rb_step *step, const char *what,
		    const char *command)
{
	const char *glob;

	if (command == NULL)
		return;
	glob = proc_unquoted_glob(command);
	if (glob != NULL)
		fail_msg("step '%s' (line %u): %s has '%c' outside single "
			 "quotes at offset %td: %s", step->id, step->line, what,
			 *glob, glob - command, command);
}

static void
proc_assert_no_glob_in_checks(const struct rb_step *step, const char *what,
			      const struct rb_action *checks, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (checks[i].kind == RB_ACTION_CHECK)
			proc_assert_no_glob(step, what, checks[i].command);
}

/* ---- tests ------------------------------------------------------- */

static void
test_every_page_command_appears_in_procedure_order(void **state)
{
	const struct proc_runbook *pr = *state;
	struct proc_walk walk;

	walk = proc_walk_entries(pr, proc_procedure, PROC_N_ENTRIES);
	if (walk.entry < PROC_N_ENTRIES)
		proc_fail_at(pr, proc_procedure, walk);
}

static void
test_the_order_check_stops_at_an_entry_the_runbook_lacks(void **state)
{
	static const struct proc_entry entries[] = {
		{ .role = "keystone",
		  .command = "openstack-service stop keystone" },
		{ .role = "keystone", .command = "keystone-manage db_sync" },
		{ .role = "keystone",
		  .command = "openstack-service start keystone" },
	};
	const struct proc_runbook *pr = *state;

	assert_int_equal(proc_walk_entries(pr, entries, 3).entry, 1);
}

static void
test_the_order_check_stops_at_an_entry_out_of_order(void **state)
{
	static const struct proc_entry entries[] = {
		{ .role = "keystone",
		  .command = "openstack-service start keystone" },
		{ .role = "keystone",
		  .command = "openstack-service stop keystone" },
	};
	const struct proc_runbook *pr = *state;

	assert_int_equal(proc_walk_entries(pr, entries, 2).entry, 1);
}

static void
test_the_order_check_does_not_take_a_once_on_step_for_every_host(void **state)
{
	static const struct proc_entry entries[] = {
		{ .role = "nova-api",
		  .command = "openstack-db --service nova --update" },
	};
	const struct proc_runbook *pr = *state;

	assert_int_equal(proc_walk_entries(pr, entries, 1).entry, 0);
}

static void
test_the_cap_defaults_to_the_icehouse_compute_rpc_version(void **state)
{
	const struct proc_runbook *pr = *state;
	const char *cap = runbook_var(pr->rb, "cap");

	assert_non_null(cap);
	assert_string_equal(cap, "3.23.1");
}

static void
test_every_controller_caps_compute_and_conductor_at_the_cap(void **state)
{
	static const char *const options[] = { "compute", "conductor" };
	static const char *const roles[] = { "nova-controller", "nova-api" };
	const struct proc_runbook *pr = *state;

	for (size_t o = 0; o < 2; o++)
		for (size_t r = 0; r < 2; r++) {
			struct proc_entry cap = {
				.role = roles[r], .kind = RB_ACTION_INI_SET,
				.file = NOVA_CONF,
				.section = "upgrade_levels",
				.option = options[o], .value = "{{cap}}",
			};

			if (proc_index_from(pr, &cap, 0) == pr->n_steps)
				fail_msg("no step sets [upgrade_levels] %s = "
					 "{{cap}} in %s on %s", options[o],
					 NOVA_CONF, roles[r]);
		}
}

static void
test_the_controllers_are_capped_before_nova_starts_on_them(void **state)
{
	const struct proc_entry cap = {
		.role = "nova-controller", .kind = RB_ACTION_INI_SET,
		.file = NOVA_CONF, .section = "upgrade_levels",
		.option = "compute", .value = "{{cap}}",
	};
	const struct proc_entry start = {
		.role = "nova-controller",
		.command = "openstack-service start nova",
	};
	const struct proc_runbook *pr = *state;
	size_t capped = proc_index_from(pr, &cap, 0);

	assert_true(capped < pr->n_steps);
	assert_true(capped < proc_index_from(pr, &start, 0));
}

static void
test_the_cap_is_removed_everywhere_after_the_compute_rollout(void **state)
{
	static const char *const options[] = { "compute", "conductor" };
	static const char *const roles[] = { "nova-controller", "nova-api",
					     "nova-compute" };
	const struct proc_runbook *pr = *state;
	const struct rb_phase *rollout = proc_compute_rollout(pr->rb);

	assert_non_null(rollout);
	for (size_t o = 0; o < 2; o++)
		for (size_t r = 0; r < 3; r++) {
			struct proc_entry uncap = {
				.role = roles[r],
				.kind = RB_ACTION_INI_COMMENT,
				.file = NOVA_CONF,
				.section = "upgrade_levels",
				.option = options[o],
			};
			size_t s = proc_index_from(pr, &uncap, 0);

			if (s == pr->n_steps)
				fail_msg("no step comments out [upgrade_levels]"
					 " %s on %s", options[o], roles[r]);
			if (pr->steps[s].phase <= rollout)
				fail_msg("step '%s' removes the %s cap before "
					 "the rollout is over", pr->steps[s]
					 .step->id, options[o]);
		}
}

static void
test_nova_restarts_after_the_cap_is_removed(void **state)
{
	const struct proc_entry uncap = {
		.role = "nova-compute", .kind = RB_ACTION_INI_COMMENT,
		.file = NOVA_CONF, .section = "upgrade_levels",
		.option = "conductor",
	};
	const struct proc_entry restart = {
		.role = "nova-compute",
		.command = "openstack-service restart nova",
	};
	const struct proc_runbook *pr = *state;
	size_t uncapped = proc_index_from(pr, &uncap, 0);

	assert_true(uncapped < pr->n_steps);
	assert_true(proc_index_from(pr, &restart, uncapped) < pr->n_steps);
}

static void
test_computes_are_rolled_one_per_batch_by_default(void **state)
{
	const struct proc_runbook *pr = *state;
	const struct rb_phase *rollout = proc_compute_rollout(pr->rb);

	assert_non_null(rollout);
	assert_int_equal(rollout->rolling_batch.size, 1);
}

static void
test_no_step_outside_the_rollout_stops_nova_on_the_computes(void **state)
{
	const struct proc_entry stop = {
		.role = "nova-compute",
		.command = "openstack-service stop nova",
	};
	const struct proc_runbook *pr = *state;
	const struct rb_phase *rollout = proc_compute_rollout(pr->rb);

	for (size_t s = 0; s < pr->n_steps; s++)
		if (pr->steps[s].phase != rollout &&
		    proc_entry_matches(&stop, &pr->steps[s]))
			fail_msg("step '%s' (line %u) stops Nova on every "
				 "compute at once", pr->steps[s].step->id,
				 pr->steps[s].step->line);
}

static bool
proc_is_blank(const char *text)
{
	if (text == NULL)
		return true;
	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	return *text == '\0';
}

static void
test_every_phase_and_step_says_why(void **state)
{
	const struct proc_runbook *pr = *state;
	const struct runbook *rb = pr->rb;

	for (size_t p = 0; p < rb->n_phases; p++)
		if (proc_is_blank(rb->phases[p].why))
			fail_msg("phase '%s' (line %u) does not say why",
				 rb->phases[p].id, rb->phases[p].line);
	for (size_t s = 0; s < pr->n_steps; s++)
		if (proc_is_blank(pr->steps[s].step->why))
			fail_msg("step '%s' (line %u) does not say why",
				 pr->steps[s].step->id,
				 pr->steps[s].step->line);
}

static void
test_the_glob_scan_flags_a_bare_star_and_passes_a_quoted_one(void **state)
{
	assert_null(proc_unquoted_glob("yum -d1 -y upgrade '*nova*'"));
	assert_non_null(proc_unquoted_glob("yum -d1 -y upgrade *nova*"));
	assert_non_null(proc_unquoted_glob("yum upgrade 'a' *nova* 'b'"));
	assert_non_null(proc_unquoted_glob("yum upgrade \\*nova\\*"));
}

static void
test_no_command_has_a_glob_outside_single_quotes(void **state)
{
	const struct proc_runbook *pr = *state;

	for (size_t s = 0; s < pr->n_steps; s++) {
		const struct rb_step *step = pr->steps[s].step;

		if (step->action.kind == RB_ACTION_RUN ||
		    step->action.kind == RB_ACTION_CHECK)
			proc_assert_no_glob(step, "the command",
					    step->action.command);
		proc_assert_no_glob(step, "the probe", step->probe);
		proc_assert_no_glob_in_checks(step, "a before check",
					      step->before, step->n_before);
		proc_assert_no_glob_in_checks(step, "an after check",
					      step->after, step->n_after);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_command_appears_in_procedure_order),
		cmocka_unit_test(test_the_order_check_stops_at_an_entry_the_runbook_lacks),
		cmocka_unit_test(test_the_order_check_stops_at_an_entry_out_of_order),
		cmocka_unit_test(test_the_order_check_does_not_take_a_once_on_step_for_every_host),
		cmocka_unit_test(test_the_cap_defaults_to_the_icehouse_compute_rpc_version),
		cmocka_unit_test(test_every_controller_caps_compute_and_conductor_at_the_cap),
		cmocka_unit_test(test_the_controllers_are_capped_before_nova_starts_on_them),
		cmocka_unit_test(test_the_cap_is_removed_everywhere_after_the_compute_rollout),
		cmocka_unit_test(test_nova_restarts_after_the_cap_is_removed),
		cmocka_unit_test(test_computes_are_rolled_one_per_batch_by_default),
		cmocka_unit_test(test_no_step_outside_the_rollout_stops_nova_on_the_computes),
		cmocka_unit_test(test_every_phase_and_step_says_why),
		cmocka_unit_test(test_the_glob_scan_flags_a_bare_star_and_passes_a_quoted_one),
		cmocka_unit_test(test_no_command_has_a_glob_outside_single_quotes),
	};

	return cmocka_run_group_tests(tests, proc_setup, proc_teardown);
}
