/* Tests for plan: which hosts each step selects, how they are cut into
 * batches and ordered, what each target's text is, the errors that stop
 * a plan, and the two printed forms. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "inventory.h"
#include "plan.h"
#include "runbook.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- building blocks for runbooks and inventories -------------------- */

#define RB_HEAD \
	"runbook: plan-test\n" \
	"title: Plan test\n" \
	"roles:\n" \
	"  keystone: Keystone\n" \
	"  nova: Nova controller\n" \
	"  nova-api: Nova API\n" \
	"  nova-compute: Nova compute\n" \
	"  novaclient: not of the nova family\n" \
	"  neutron-agent: Neutron agents\n" \
	"  swift-proxy: Swift proxy\n" \
	"vars:\n" \
	"  reason: upgrade to Juno\n" \
	"  cap: 3.23.1\n" \
	"phases:\n"

#define PHASE(id) \
	"  - id: " id "\n" \
	"    title: Phase " id "\n" \
	"    why: Because.\n" \
	"    steps:\n"

#define ROLLING_PHASE(id, hosts, batch) \
	"  - id: " id "\n" \
	"    title: Phase " id "\n" \
	"    why: Because.\n" \
	"    rolling:\n" \
	"      hosts: " hosts "\n" \
	"      batch: " batch "\n" \
	"    steps:\n"

/* A step; body is its remaining keys, each line indented 8 spaces. */
#define STEP(id, body) \
	"      - id: " id "\n" \
	"        title: Step " id "\n" \
	"        why: Because.\n" \
	body

#define INV_HOSTS \
	"hosts:\n" \
	"  - name: controller\n" \
	"    address: 192.0.2.10\n" \
	"    roles: [keystone, nova, nova-api]\n" \
	"  - name: network\n" \
	"    address: 192.0.2.11\n" \
	"    roles: [neutron-agent, novaclient]\n" \
	"  - name: compute1\n" \
	"    address: 192.0.2.21\n" \
	"    nova-name: c1.example.com\n" \
	"    roles: [nova-compute, neutron-agent]\n" \
	"  - name: compute2\n" \
	"    address: 192.0.2.22\n" \
	"    roles: [nova-compute]\n" \
	"  - name: compute3\n" \
	"    address: 192.0.2.23\n" \
	"    roles: [nova-compute, nova-api]\n"

#define INV_LAB "cloud: lab\n" INV_HOSTS

struct fixture {
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct ou_error err;
};

static int
fixture_build(struct fixture *fx, const char *rb_yaml, const char *inv_yaml)
{
	memset(fx, 0, sizeof *fx);
	if (runbook_load_buffer("runbook.yaml", rb_yaml, strlen(rb_yaml),
				&fx->rb, &fx->err) < 0)
		fail_msg("the test runbook does not load: %s", fx->err.msg);
	if (inventory_load_buffer("inventory.yaml", inv_yaml, strlen(inv_yaml),
				  &fx->inv, &fx->err) < 0)
		fail_msg("the test inventory does not load: %s", fx->err.msg);
	return plan_build(fx->rb, fx->inv, &fx->plan, &fx->err);
}

static void
fixture_build_ok(struct fixture *fx, const char *rb_yaml,
		 const char *inv_yaml)
{
	if (fixture_build(fx, rb_yaml, inv_yaml) < 0)
		fail_msg("plan_build failed: %s", fx->err.msg);
}

static void
fixture_release(struct fixture *fx)
{
	plan_free(fx->plan);
	inventory_free(fx->inv);
	runbook_free(fx->rb);
}

/* The plan in short: "step[host host] step[host]" in run order. */
static char *
plan_shape(const struct plan *plan)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];

		strbuf_addf(&sb, "%s%s[", u > 0 ? " " : "", unit->step->id);
		for (size_t t = 0; t < unit->n_targets; t++)
			strbuf_addf(&sb, "%s%s", t > 0 ? " " : "",
				    unit->targets[t].host->name);
		strbuf_adds(&sb, "]");
	}
	return strbuf_take(&sb);
}

static void
assert_shape(const char *rb_yaml, const char *inv_yaml, const char *want)
{
	struct fixture fx;
	char *shape;

	fixture_build_ok(&fx, rb_yaml, inv_yaml);
	shape = plan_shape(fx.plan);
	assert_string_equal(shape, want);
	free(shape);
	fixture_release(&fx);
}

static void
assert_build_fails(const char *rb_yaml, const char *inv_yaml,
		   const char *want_msg)
{
	struct fixture fx;

	assert_int_equal(fixture_build(&fx, rb_yaml, inv_yaml), -1);
	assert_null(fx.plan);
	assert_string_equal(fx.err.msg, want_msg);
	fixture_release(&fx);
}

/* The text of the first unit's target on host. */
static const struct plan_target *
find_target(const struct plan *plan, const char *host)
{
	for (size_t u = 0; u < plan->n_units; u++)
		for (size_t t = 0; t < plan->units[u].n_targets; t++)
			if (strcmp(plan->units[u].targets[t].host->name,
				   host) == 0)
				return &plan->units[u].targets[t];
	fail_msg("no target on host %s", host);
	return NULL;
}

/* The action text of a one-step runbook's target on host. */
static void
assert_call_text(const char *rb_yaml, const char *inv_yaml, const char *host,
		 const char *want)
{
	struct fixture fx;

	fixture_build_ok(&fx, rb_yaml, inv_yaml);
	assert_string_equal(find_target(fx.plan, host)->call.text, want);
	fixture_release(&fx);
}

static char *
text_of(const struct plan *plan, unsigned width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	plan_write_text(plan, f, width);
	fclose(f);
	return buf;
}

static char *
plan_text(const char *rb_yaml, const char *inv_yaml, unsigned width)
{
	struct fixture fx;
	char *text;

	fixture_build_ok(&fx, rb_yaml, inv_yaml);
	text = text_of(fx.plan, width);
	fixture_release(&fx);
	return text;
}

static void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected to find\n%s\nin\n%s", needle, haystack);
}

static void
assert_lines_fit(const char *text, size_t width)
{
	const char *line = text;

	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);

		if (len > width)
			fail_msg("line of %zu columns, more than %zu:\n%.*s",
				 len, width, (int)len, line);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
}

/* The first line that starts with start ends with tag at the margin. */
static void
assert_heading_tag(const char *text, const char *start, const char *tag,
		   size_t width)
{
	const char *line = strstr(text, start);
	size_t len;

	assert_non_null(line);
	len = strcspn(line, "\n");
	assert_int_equal(len, width);
	assert_memory_equal(line + len - strlen(tag), tag, strlen(tag));
}

/* s without any white space: what is left of a wrapped text. */
static char *
squeeze(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n')
			strbuf_addc(&sb, *s);
	return strbuf_take(&sb);
}

/* ---- host selectors --------------------------------------------------- */

static void
test_hosts_all_selects_every_host_in_inventory_order(void **state)
{
	assert_shape(RB_HEAD PHASE("p") STEP("s", "        hosts: all\n"
						   "        run: uptime\n"),
		     INV_LAB,
		     "s[controller network compute1 compute2 compute3]");
}

static void
test_a_role_selects_the_hosts_with_that_role(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: nova-compute\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[compute1 compute2 compute3]");
}

static void
test_a_list_of_roles_selects_hosts_with_any_of_them(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: [keystone, neutron-agent]\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[controller network compute1]");
}

static void
test_without_excludes_the_family_and_its_dashed_roles_only(void **state)
{
	/* network has novaclient: not nova, not nova-*, so it stays. */
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: {without: nova}\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[network]");
}

static void
test_once_on_selects_only_the_first_host_with_the_role(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: {once-on: nova-api}\n"
			       "        run: nova-manage db sync\n"),
		     INV_LAB, "s[controller]");
}

/* ---- batches and order ------------------------------------------------ */

static void
test_batch_all_gives_one_unit_with_every_host(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: nova-compute\n"
			       "        batch: all\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[compute1 compute2 compute3]");
}

static void
test_batch_one_gives_a_unit_per_host_in_order(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: nova-compute\n"
			       "        batch: one\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[compute1] s[compute2] s[compute3]");
}

static void
test_batch_n_leaves_the_remainder_in_the_last_batch(void **state)
{
	assert_shape(RB_HEAD PHASE("p")
		     STEP("s", "        hosts: all\n"
			       "        batch: 2\n"
			       "        run: uptime\n"),
		     INV_LAB, "s[controller network] s[compute1 compute2] "
		     "s[compute3]");
}

static void
test_units_know_their_batch_and_index(void **state)
{
	struct fixture fx;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("a", "        hosts: keystone\n"
				   "        run: uptime\n")
			 STEP("b", "        hosts: nova-compute\n"
				   "        batch: 2\n"
				   "        run: uptime\n"),
			 INV_LAB);
	assert_int_equal(fx.plan->n_units, 3);
	for (size_t u = 0; u < 3; u++)
		assert_int_equal(fx.plan->units[u].index, u);
	assert_int_equal(fx.plan->units[0].n_batches, 1);
	assert_int_equal(fx.plan->units[2].step_index, 1);
	assert_int_equal(fx.plan->units[2].batch_index, 1);
	assert_int_equal(fx.plan->units[2].n_batches, 2);
	fixture_release(&fx);
}

static void
test_steps_run_in_runbook_order_across_phases(void **state)
{
	assert_shape(RB_HEAD PHASE("p1")
		     STEP("a", "        hosts: keystone\n"
			       "        run: uptime\n")
		     PHASE("p2")
		     STEP("b", "        hosts: nova-api\n"
			       "        batch: one\n"
			       "        run: uptime\n")
		     STEP("c", "        hosts: keystone\n"
			       "        run: uptime\n"),
		     INV_LAB, "a[controller] b[controller] b[compute3] "
		     "c[controller]");
}

static void
test_a_rolling_phase_finishes_a_batch_before_the_next(void **state)
{
	assert_shape(RB_HEAD ROLLING_PHASE("roll", "nova-compute", "1")
		     STEP("off", "        run: systemctl stop x\n")
		     STEP("on", "        run: systemctl start x\n"),
		     INV_LAB, "off[compute1] on[compute1] off[compute2] "
		     "on[compute2] off[compute3] on[compute3]");
}

static void
test_a_rolling_phase_cuts_its_hosts_into_batches_of_its_size(void **state)
{
	struct fixture fx;
	char *shape;

	fixture_build_ok(&fx, RB_HEAD
			 ROLLING_PHASE("roll", "nova-compute", "2")
			 STEP("off", "        run: systemctl stop x\n")
			 STEP("on", "        run: systemctl start x\n"),
			 INV_LAB);
	shape = plan_shape(fx.plan);
	assert_string_equal(shape, "off[compute1 compute2] "
			    "on[compute1 compute2] off[compute3] on[compute3]");
	assert_int_equal(fx.plan->units[3].batch_index, 1);
	assert_int_equal(fx.plan->units[3].n_batches, 2);
	assert_int_equal(fx.plan->units[3].step_index, 1);
	free(shape);
	fixture_release(&fx);
}

/* ---- templates --------------------------------------------------------- */

static void
test_a_hostile_var_value_is_one_quoted_word_in_the_command(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: keystone\n"
				   "        run: logger -- {{reason}}\n"),
			 "cloud: lab\n"
			 "vars:\n"
			 "  reason: \"x'; reboot; echo $(id) `id`\"\n"
			 INV_HOSTS, "controller",
			 "logger -- 'x'\\''; reboot; echo $(id) `id`'");
}

static void
test_an_inventory_var_overrides_the_runbook_default(void **state)
{
	const char *rb = RB_HEAD PHASE("p")
			 STEP("s", "        hosts: keystone\n"
				   "        run: echo {{cap}} {{reason}}\n");

	assert_call_text(rb, INV_LAB, "controller",
			 "echo 3.23.1 'upgrade to Juno'");
	assert_call_text(rb, "cloud: lab\nvars:\n  cap: 3.23.2\n" INV_HOSTS,
			 "controller", "echo 3.23.2 'upgrade to Juno'");
}

static void
test_host_address_nova_host_and_step_are_the_targets_own(void **state)
{
	const char *rb = RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        run: echo {{host}} {{address}} "
				   "{{nova_host}} {{step}}\n");

	assert_call_text(rb, INV_LAB, "compute1",
			 "echo compute1 192.0.2.21 c1.example.com s");
	assert_call_text(rb, INV_LAB, "compute2",
			 "echo compute2 192.0.2.22 compute2 s");
}

static void
test_address_of_role_is_the_address_of_the_first_host_with_it(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        run: curl http://"
				   "{{address:nova-api}}:8774/\n"),
			 INV_LAB, "compute2", "curl http://192.0.2.10:8774/");
}

static void
test_address_of_a_role_no_host_has_is_an_error(void **state)
{
	assert_build_fails(RB_HEAD PHASE("p")
			   STEP("s", "        hosts: keystone\n"
				     "        run: curl {{address:swift-proxy}}\n"),
			   INV_LAB,
			   "step s (runbook.yaml:19), host controller: no host "
			   "in inventory.yaml has role 'swift-proxy', which "
			   "{{address:swift-proxy}} needs");
}

static void
test_probe_and_checks_are_expanded_for_each_host(void **state)
{
	struct fixture fx;
	const struct plan_target *t;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        run: yum -y upgrade\n"
				   "        probe: test -e /done/{{host}}\n"
				   "        before:\n"
				   "          - check: ping -c1 {{address}}\n"
				   "        after:\n"
				   "          - check: echo {{reason}}\n"
				   "          - wait-service: {binary: "
				   "nova-compute, state: up, timeout: 60}\n"),
			 INV_LAB);
	t = find_target(fx.plan, "compute2");
	assert_string_equal(t->probe, "test -e /done/compute2");
	assert_int_equal(t->n_before, 1);
	assert_string_equal(t->before[0].text, "ping -c1 192.0.2.22");
	assert_int_equal(t->n_after, 2);
	assert_string_equal(t->after[0].text, "echo 'upgrade to Juno'");
	assert_string_equal(t->after[1].text, "nova: wait until nova-compute "
			    "on compute2 is up (at most 60 s)");
	fixture_release(&fx);
}

/* What is the same on every host is made once: a command without holes
 * is the runbook's own text, and a list of such checks is one list. */
static void
test_a_command_without_holes_is_the_runbooks_own_text_on_every_host(
	void **state)
{
	struct fixture fx;
	const struct plan_unit *unit;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        run: yum -y upgrade\n"
				   "        after:\n"
				   "          - check: rpm -q openstack-nova\n"),
			 INV_LAB);
	unit = &fx.plan->units[0];
	assert_int_equal(unit->n_targets, 3);
	for (size_t t = 0; t < unit->n_targets; t++) {
		assert_ptr_equal(unit->targets[t].call.text,
				 unit->step->action.command);
		assert_ptr_equal(unit->targets[t].after,
				 unit->targets[0].after);
		assert_string_equal(unit->targets[t].after[0].text,
				    "rpm -q openstack-nova");
	}
	fixture_release(&fx);
}

/* One batch per compute: each later batch has its own host's texts
 * where they name it, and shares the rest with the first. */
static void
test_rolling_batches_keep_each_hosts_own_texts(void **state)
{
	struct fixture fx;
	const struct plan_target *t1, *t3;

	fixture_build_ok(&fx, RB_HEAD
			 ROLLING_PHASE("roll", "nova-compute", "1")
			 STEP("s", "        run: touch /done/{{host}}\n"
				   "        before:\n"
				   "          - check: ping -c1 {{address}}\n"
				   "        after:\n"
				   "          - check: true\n"
				   "          - wait-service: {binary: "
				   "nova-compute, state: up, timeout: 60}\n")
			 STEP("t", "        ini-comment: {file: /etc/nova/nova.conf, "
				   "section: DEFAULT, option: debug}\n"),
			 INV_LAB);
	t1 = find_target(fx.plan, "compute1");
	t3 = &fx.plan->units[4].targets[0];
	assert_string_equal(t3->host->name, "compute3");
	assert_string_equal(t1->call.text, "touch /done/compute1");
	assert_string_equal(t3->call.text, "touch /done/compute3");
	assert_string_equal(t3->before[0].text, "ping -c1 192.0.2.23");
	assert_string_equal(t3->after[0].text, "true");
	assert_string_equal(t3->after[1].text, "nova: wait until nova-compute "
			    "on compute3 is up (at most 60 s)");
	assert_string_equal(t1->after[1].text, "nova: wait until nova-compute "
			    "on c1.example.com is up (at most 60 s)");
	assert_ptr_equal(fx.plan->units[1].targets[0].call.text,
			 fx.plan->units[5].targets[0].call.text);
	assert_string_equal(fx.plan->units[5].targets[0].call.text,
			    "comment out [DEFAULT] debug in /etc/nova/nova.conf");
	fixture_release(&fx);
}

static void
test_a_step_without_probe_has_none(void **state)
{
	struct fixture fx;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: keystone\n"
				   "        run: uptime\n"),
			 INV_LAB);
	assert_null(find_target(fx.plan, "controller")->probe);
	assert_int_equal(find_target(fx.plan, "controller")->n_before, 0);
	fixture_release(&fx);
}

/* ---- action texts ----------------------------------------------------- */

static void
test_nova_disable_names_the_nova_host_and_gives_the_reason_plain(void **state)
{
	struct fixture fx;
	const struct plan_target *t;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        nova-service-disable:\n"
				   "          binary: nova-compute\n"
				   "          reason: \"{{reason}} ({{host}})\"\n"),
			 "cloud: lab\nvars:\n  reason: \"it's 'Juno'\"\n"
			 INV_HOSTS);
	t = find_target(fx.plan, "compute1");
	assert_string_equal(t->call.text, "nova: disable nova-compute on "
			    "c1.example.com (reason: it's 'Juno' (compute1))");
	assert_string_equal(t->call.reason, "it's 'Juno' (compute1)");
	fixture_release(&fx);
}

static void
test_nova_enable_names_the_binary_and_the_nova_host(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        nova-service-enable: "
				   "{binary: nova-compute}\n"),
			 INV_LAB, "compute1",
			 "nova: enable nova-compute on c1.example.com");
}

static void
test_wait_service_gives_the_state_and_the_timeout(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        wait-service: {binary: nova-compute, "
				   "state: down, timeout: 300}\n"),
			 INV_LAB, "compute2", "nova: wait until nova-compute "
			 "on compute2 is down (at most 300 s)");
}

static void
test_nova_service_check_gives_state_and_status(void **state)
{
	struct fixture fx;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        run: uptime\n"
				   "        before:\n"
				   "          - nova-service: {binary: "
				   "nova-compute, state: up, status: disabled}\n"),
			 INV_LAB);
	assert_string_equal(find_target(fx.plan, "compute3")->before[0].text,
			    "nova: check that nova-compute on compute3 is up "
			    "and disabled");
	fixture_release(&fx);
}

static void
test_ini_set_gives_the_option_and_the_plain_value(void **state)
{
	struct fixture fx;
	const struct plan_target *t;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova\n"
				   "        ini-set:\n"
				   "          file: /etc/nova/nova.conf\n"
				   "          section: upgrade_levels\n"
				   "          option: compute\n"
				   "          value: \"{{cap}}\"\n"),
			 INV_LAB);
	t = find_target(fx.plan, "controller");
	assert_string_equal(t->call.text, "set [upgrade_levels] compute = "
			    "3.23.1 in /etc/nova/nova.conf");
	assert_string_equal(t->call.value, "3.23.1");
	fixture_release(&fx);
}

static void
test_ini_set_only_if_unset_says_so(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova\n"
				   "        ini-set:\n"
				   "          file: /etc/nova/nova.conf\n"
				   "          section: DEFAULT\n"
				   "          option: debug\n"
				   "          value: \"False\"\n"
				   "          only-if-unset: true\n"),
			 INV_LAB, "controller", "set [DEFAULT] debug = False in "
			 "/etc/nova/nova.conf (only if it is not set yet)");
}

static void
test_ini_set_value_from_says_where_the_value_is_never_what(void **state)
{
	struct fixture fx;
	const struct plan_target *t;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova\n"
				   "        ini-set:\n"
				   "          file: /etc/neutron/neutron.conf\n"
				   "          section: DEFAULT\n"
				   "          option: nova_admin_password\n"
				   "          value-from:\n"
				   "            file: /etc/nova/nova.conf\n"
				   "            section: keystone_authtoken\n"
				   "            option: admin_password\n"),
			 INV_LAB);
	t = find_target(fx.plan, "controller");
	assert_string_equal(t->call.text, "set [DEFAULT] nova_admin_password = "
			    "<value of [keystone_authtoken] admin_password in "
			    "/etc/nova/nova.conf on this host> in "
			    "/etc/neutron/neutron.conf");
	assert_null(t->call.value);
	fixture_release(&fx);
}

static void
test_ini_comment_names_the_option_and_the_file(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova\n"
				   "        ini-comment: {file: /etc/nova/nova.conf,"
				   " section: upgrade_levels, option: compute}\n"),
			 INV_LAB, "controller", "comment out [upgrade_levels] "
			 "compute in /etc/nova/nova.conf");
}

static void
test_review_rpmnew_gives_packages_preference_and_kept_names(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: keystone\n"
				   "        review-rpmnew:\n"
				   "          packages: [\"*horizon*\", "
				   "\"*openstack-dashboard*\"]\n"
				   "          prefer: merge\n"
				   "          carry: [SECRET_KEY, OPENSTACK_HOST]\n"),
			 INV_LAB, "controller", "review *.rpmnew files of "
			 "packages '*horizon*' '*openstack-dashboard*' (prefer "
			 "merge; keep SECRET_KEY, OPENSTACK_HOST)");
}

static void
test_migrate_names_the_nova_host_and_the_mode(void **state)
{
	assert_call_text(RB_HEAD PHASE("p")
			 STEP("s", "        hosts: nova-compute\n"
				   "        migrate-instances: {mode: ask}\n"),
			 INV_LAB, "compute1", "move instances off c1.example.com "
			 "(live or cold: ask)");
}

/* ---- errors ----------------------------------------------------------- */

static void
test_a_role_the_runbook_does_not_declare_is_an_error_at_its_host(void **state)
{
	assert_build_fails(RB_HEAD PHASE("p")
			   STEP("s", "        hosts: all\n"
				     "        run: uptime\n"),
			   "cloud: lab\n"
			   "hosts:\n"
			   "  - name: controller\n"
			   "    address: 192.0.2.10\n"
			   "    roles: [keystone]\n"
			   "  - name: compute1\n"
			   "    address: 192.0.2.21\n"
			   "    roles: [nova-compte]\n",
			   "inventory.yaml:6: host 'compute1' has role "
			   "'nova-compte', which runbook plan-test does not "
			   "declare (declared roles: keystone, nova, nova-api, "
			   "nova-compute, novaclient, neutron-agent, "
			   "swift-proxy)");
}

static void
test_an_inventory_var_the_runbook_does_not_declare_is_an_error(void **state)
{
	assert_build_fails(RB_HEAD PHASE("p")
			   STEP("s", "        hosts: all\n"
				     "        run: uptime\n"),
			   "cloud: lab\n"
			   "vars:\n"
			   "  cap: 3.23.1\n"
			   "  raeson: typo\n"
			   INV_HOSTS,
			   "inventory.yaml:4: variable 'raeson' is not declared "
			   "by runbook plan-test (declared variables: reason, "
			   "cap)");
}

static void
test_a_selector_matching_no_host_is_an_error_naming_the_step(void **state)
{
	assert_build_fails(RB_HEAD PHASE("p")
			   STEP("s", "        hosts: swift-proxy\n"
				     "        run: uptime\n"),
			   INV_LAB,
			   "step s (runbook.yaml:19): no host in inventory.yaml "
			   "matches hosts: swift-proxy (a step that may be "
			   "skipped says when-no-host: skip)");
}

static void
test_when_no_host_skip_gives_a_unit_without_targets(void **state)
{
	struct fixture fx;
	char *shape;

	fixture_build_ok(&fx, RB_HEAD PHASE("p")
			 STEP("swift", "        hosts: swift-proxy\n"
				       "        when-no-host: skip\n"
				       "        run: uptime\n")
			 STEP("after", "        hosts: keystone\n"
				       "        run: uptime\n"),
			 INV_LAB);
	shape = plan_shape(fx.plan);
	assert_string_equal(shape, "swift[] after[controller]");
	assert_int_equal(fx.plan->units[0].n_targets, 0);
	assert_int_equal(fx.plan->units[0].n_batches, 1);
	free(shape);
	fixture_release(&fx);
}

static void
test_a_rolling_phase_without_hosts_is_an_error_naming_a_step(void **state)
{
	assert_build_fails(RB_HEAD ROLLING_PHASE("roll", "swift-proxy", "1")
			   STEP("a", "        when-no-host: skip\n"
				     "        run: uptime\n")
			   STEP("b", "        run: uptime\n"),
			   INV_LAB,
			   "step b (runbook.yaml:27): no host in inventory.yaml "
			   "matches the hosts of rolling phase roll: "
			   "swift-proxy (a step that may be skipped says "
			   "when-no-host: skip)");
}

static void
test_a_rolling_phase_without_hosts_skips_steps_that_allow_it(void **state)
{
	assert_shape(RB_HEAD ROLLING_PHASE("roll", "swift-proxy", "1")
		     STEP("a", "        when-no-host: skip\n"
			       "        run: uptime\n")
		     STEP("b", "        when-no-host: skip\n"
			       "        run: uptime\n"),
		     INV_LAB, "a[] b[]");
}

/* ---- the text form ---------------------------------------------------- */

#define RB_MIXED \
	RB_HEAD PHASE("pre") \
	STEP("repo", "        hosts: all\n" \
		     "        run: yum -d1 -y install https://repos.fedorapeople" \
		     ".org/repos/openstack/openstack-juno/rdo-release-juno-1" \
		     ".noarch.rpm\n" \
		     "        probe: rpm -q rdo-release-juno\n") \
	STEP("swift", "        hosts: swift-proxy\n" \
		      "        when-no-host: skip\n" \
		      "        run: yum -y upgrade '*swift*'\n") \
	STEP("name", "        hosts: [keystone, nova-compute]\n" \
		     "        check: echo {{host}} {{reason}}\n" \
		     "        ok-exit: [0, 1, 3]\n") \
	ROLLING_PHASE("roll", "nova-compute", "1") \
	STEP("off", "        nova-service-disable:\n" \
		    "          binary: nova-compute\n" \
		    "          reason: \"{{reason}}\"\n") \
	STEP("up", "        run: |\n" \
		   "          yum -y upgrade '*nova*'\n" \
		   "          openstack-service restart nova\n")

#define INV_HOSTILE \
	"cloud: lab\n" \
	"vars:\n" \
	"  reason: \"$(reboot); it's `id` and a very long reason that goes on " \
	"and on past the right margin of any terminal\"\n" \
	INV_HOSTS

static void
test_text_shows_each_command_line_exactly(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	assert_contains(text, "$ rpm -q rdo-release-juno\n");
	assert_contains(text, "controller  $ echo controller 'upgrade to "
			"Juno'\n");
	assert_contains(text, "compute3    $ echo compute3 'upgrade to "
			"Juno'\n");
	assert_contains(text, "$ yum -y upgrade '*nova*'\n");
	free(text);
}

static void
test_text_shows_later_lines_of_a_command_after_a_prompt(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	assert_contains(text, "Run:     $ yum -y upgrade '*nova*'\n"
			"                > openstack-service restart nova\n");
	free(text);
}

static void
test_text_shows_a_command_shared_by_every_host_once(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);
	const char *first = strstr(text, "$ rpm -q rdo-release-juno");

	assert_non_null(first);
	assert_null(strstr(first + 1, "$ rpm -q rdo-release-juno"));
	free(text);
}

static void
test_text_lines_fit_80_columns(void **state)
{
	char *text = plan_text(RB_MIXED, INV_HOSTILE, 80);

	assert_lines_fit(text, 80);
	free(text);
}

static void
test_text_lines_fit_every_width_from_40(void **state)
{
	struct fixture fx;

	fixture_build_ok(&fx, RB_MIXED, INV_HOSTILE);
	for (unsigned width = 40; width <= 132; width++) {
		char *text = text_of(fx.plan, width);

		assert_lines_fit(text, width);
		free(text);
	}
	fixture_release(&fx);
}

static void
test_text_wraps_a_long_command_without_losing_a_character(void **state)
{
	char *text = plan_text(RB_MIXED, INV_HOSTILE, 40);
	char *squeezed = squeeze(text);

	assert_contains(squeezed, "$yum-d1-yinstallhttps://repos.fedorapeople"
			".org/repos/openstack/openstack-juno/rdo-release-juno-1"
			".noarch.rpm");
	assert_contains(squeezed, "$echocompute1'$(reboot);it'\\''s`id`anda"
			"verylongreasonthatgoesonandonpasttherightmarginofany"
			"terminal'");
	free(squeezed);
	free(text);
}

static void
test_text_shows_control_characters_visibly(void **state)
{
	char *text = plan_text(RB_HEAD PHASE("p")
			       STEP("s", "        hosts: keystone\n"
					 "        run: echo {{reason}}\n"),
			       "cloud: lab\n"
			       "vars:\n"
			       "  reason: \"a\\e[2Jb\\tc\\x7f\"\n"
			       INV_HOSTS, 80);

	assert_contains(text, "$ echo 'a^[[2Jb^Ic^?'\n");
	assert_null(strchr(text, '\033'));
	free(text);
}

static void
test_text_shows_rolling_batches_as_headings(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	assert_contains(text, "---- Batch 1 of 3: compute1 ---");
	assert_contains(text, "---- Batch 3 of 3: compute3 ---");
	free(text);
}

static void
test_text_says_why_a_step_is_skipped(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	assert_contains(text, "[skipped]\n");
	assert_contains(text, "Skipped: no host has role swift-proxy (the "
			"runbook allows this step to be\n");
	free(text);
}

static void
test_text_numbers_the_confirmations(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	/* repo, name, then off and up on each of 3 computes; swift skipped */
	assert_contains(text, "8 confirmations, 1 skipped\n");
	assert_heading_tag(text, "  1.1  Step repo ", "[confirm 1/8]", 80);
	assert_heading_tag(text, "  1.3  Step name ", "[confirm 2/8]", 80);
	assert_heading_tag(text, "  1.2  Step swift ", "[skipped]", 80);
	assert_contains(text, "[confirm 8/8]\n");
	free(text);
}

/* A screen that shows one step shows what the whole plan prints for it,
 * confirmation number included. */
static void
test_one_unit_formats_as_its_block_of_the_whole_text(void **state)
{
	struct fixture fx;
	char *whole, *one = NULL;
	size_t len = 0;
	FILE *f;

	fixture_build_ok(&fx, RB_MIXED, INV_LAB);
	whole = text_of(fx.plan, 80);
	for (size_t u = 0; u < fx.plan->n_units; u++) {
		f = open_memstream(&one, &len);
		assert_non_null(f);
		plan_format_unit(fx.plan, u, f, 80);
		fclose(f);
		assert_contains(whole, one);
		assert_true(one[0] == ' ' && one[len - 1] == '\n');
		free(one);
		one = NULL;
	}
	f = open_memstream(&one, &len);
	plan_format_unit(fx.plan, fx.plan->n_units - 1, f, 80);
	fclose(f);
	assert_contains(one, "[confirm 8/8]\n");
	free(one);
	free(whole);
	fixture_release(&fx);
}

static void
test_text_gives_the_success_exit_statuses(void **state)
{
	char *text = plan_text(RB_MIXED, INV_LAB, 80);

	assert_contains(text, "Success: exit status 0, 1 or 3\n");
	free(text);
}

/* The whole layout, pinned.  After a deliberate change of layout,
 * regenerate it in tests/data/plan with
 *   openstack-upgrade plan --runbook runbook.yaml \
 *       --inventory inventory.yaml > expected-80.txt
 * and read the diff. */
static void
test_text_of_the_sample_matches_the_expected_layout(void **state)
{
	struct fixture fx;
	char *rb = NULL;
	char *inv = NULL;
	char *want = NULL;
	char *text;
	size_t len;
	FILE *f;

	f = fopen(OU_TEST_DATA "/plan/runbook.yaml", "r");
	assert_non_null(f);
	assert_true(getdelim(&rb, &len, '\0', f) > 0);
	fclose(f);
	f = fopen(OU_TEST_DATA "/plan/inventory.yaml", "r");
	assert_non_null(f);
	assert_true(getdelim(&inv, &len, '\0', f) > 0);
	fclose(f);
	f = fopen(OU_TEST_DATA "/plan/expected-80.txt", "r");
	assert_non_null(f);
	assert_true(getdelim(&want, &len, '\0', f) > 0);
	fclose(f);
	fixture_build_ok(&fx, rb, inv);
	text = text_of(fx.plan, 80);
	assert_string_equal(text, want);
	free(text);
	free(want);
	free(inv);
	free(rb);
	fixture_release(&fx);
}

/* ---- the JSON form ---------------------------------------------------- */

static cJSON *
json_of(const struct plan *plan)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cJSON *doc;

	assert_non_null(f);
	plan_write_json(plan, f);
	fclose(f);
	doc = cJSON_Parse(buf);
	free(buf);
	assert_non_null(doc);
	return doc;
}

static const char *
json_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	assert_true(cJSON_IsString(item));
	return item->valuestring;
}

static double
json_number(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	assert_true(cJSON_IsNumber(item));
	return item->valuedouble;
}

static void
test_json_parses_back_with_every_unit_in_order(void **state)
{
	struct fixture fx;
	const cJSON *units;
	cJSON *doc;

	fixture_build_ok(&fx, RB_MIXED, INV_LAB);
	doc = json_of(fx.plan);
	assert_string_equal(json_string(cJSON_GetObjectItem(doc, "runbook"),
					"id"), "plan-test");
	assert_string_equal(json_string(cJSON_GetObjectItem(doc, "runbook"),
					"digest"), fx.rb->digest);
	assert_string_equal(json_string(doc, "cloud"), "lab");
	assert_string_equal(json_string(cJSON_GetObjectItem(doc, "inventory"),
					"path"), "inventory.yaml");
	units = cJSON_GetObjectItem(doc, "units");
	assert_int_equal(cJSON_GetArraySize(units), fx.plan->n_units);
	for (int u = 0; u < cJSON_GetArraySize(units); u++) {
		const cJSON *unit = cJSON_GetArrayItem(units, u);

		assert_int_equal(json_number(unit, "index"), u);
		assert_string_equal(json_string(cJSON_GetObjectItem(unit,
								    "step"),
						"id"),
				    fx.plan->units[u].step->id);
	}
	cJSON_Delete(doc);
	fixture_release(&fx);
}

static void
test_json_unit_gives_phase_step_and_batch(void **state)
{
	struct fixture fx;
	const cJSON *unit;
	cJSON *doc;

	fixture_build_ok(&fx, RB_MIXED, INV_LAB);
	doc = json_of(fx.plan);
	/* The second batch of the rolling phase starts with "off". */
	unit = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "units"), 5);
	assert_string_equal(json_string(cJSON_GetObjectItem(unit, "phase"),
					"id"), "roll");
	assert_string_equal(json_string(cJSON_GetObjectItem(unit, "step"),
					"id"), "off");
	assert_int_equal(json_number(cJSON_GetObjectItem(unit, "step"),
				     "line"), fx.plan->units[5].step->line);
	assert_int_equal(json_number(unit, "batch"), 2);
	assert_int_equal(json_number(unit, "batches"), 3);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(unit, "confirm")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(unit, "skipped")));
	cJSON_Delete(doc);
	fixture_release(&fx);
}

static void
test_json_target_gives_command_for_shell_and_text_for_api(void **state)
{
	struct fixture fx;
	const cJSON *units;
	const cJSON *run;
	const cJSON *api;
	cJSON *doc;

	fixture_build_ok(&fx, RB_MIXED, INV_LAB);
	doc = json_of(fx.plan);
	units = cJSON_GetObjectItem(doc, "units");
	run = cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(units, 0), "targets"), 2);
	assert_string_equal(json_string(run, "host"), "compute1");
	assert_string_equal(json_string(run, "address"), "192.0.2.21");
	assert_string_equal(json_string(run, "action"), "run");
	assert_string_equal(json_string(run, "probe"),
			    "rpm -q rdo-release-juno");
	assert_null(cJSON_GetObjectItem(run, "text"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(run,
								"ok_exit")), 1);
	api = cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(units, 3), "targets"), 0);
	assert_string_equal(json_string(api, "text"), "nova: disable "
			    "nova-compute on c1.example.com (reason: upgrade to "
			    "Juno)");
	assert_string_equal(json_string(api, "reason"), "upgrade to Juno");
	assert_null(cJSON_GetObjectItem(api, "command"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(api, "probe")));
	cJSON_Delete(doc);
	fixture_release(&fx);
}

static void
test_json_skipped_unit_has_no_targets_and_asks_nothing(void **state)
{
	struct fixture fx;
	const cJSON *unit;
	cJSON *doc;

	fixture_build_ok(&fx, RB_MIXED, INV_LAB);
	doc = json_of(fx.plan);
	unit = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "units"), 1);
	assert_string_equal(json_string(cJSON_GetObjectItem(unit, "step"),
					"id"), "swift");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(unit, "skipped")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(unit, "confirm")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(unit,
								"targets")), 0);
	cJSON_Delete(doc);
	fixture_release(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts_all_selects_every_host_in_inventory_order),
		cmocka_unit_test(test_a_role_selects_the_hosts_with_that_role),
		cmocka_unit_test(test_a_list_of_roles_selects_hosts_with_any_of_them),
		cmocka_unit_test(test_without_excludes_the_family_and_its_dashed_roles_only),
		cmocka_unit_test(test_once_on_selects_only_the_first_host_with_the_role),
		cmocka_unit_test(test_batch_all_gives_one_unit_with_every_host),
		cmocka_unit_test(test_batch_one_gives_a_unit_per_host_in_order),
		cmocka_unit_test(test_batch_n_leaves_the_remainder_in_the_last_batch),
		cmocka_unit_test(test_units_know_their_batch_and_index),
		cmocka_unit_test(test_steps_run_in_runbook_order_across_phases),
		cmocka_unit_test(test_a_rolling_phase_finishes_a_batch_before_the_next),
		cmocka_unit_test(test_a_rolling_phase_cuts_its_hosts_into_batches_of_its_size),
		cmocka_unit_test(test_a_hostile_var_value_is_one_quoted_word_in_the_command),
		cmocka_unit_test(test_an_inventory_var_overrides_the_runbook_default),
		cmocka_unit_test(test_host_address_nova_host_and_step_are_the_targets_own),
		cmocka_unit_test(test_address_of_role_is_the_address_of_the_first_host_with_it),
		cmocka_unit_test(test_address_of_a_role_no_host_has_is_an_error),
		cmocka_unit_test(test_probe_and_checks_are_expanded_for_each_host),
		cmocka_unit_test(test_a_command_without_holes_is_the_runbooks_own_text_on_every_host),
		cmocka_unit_test(test_rolling_batches_keep_each_hosts_own_texts),
		cmocka_unit_test(test_a_step_without_probe_has_none),
		cmocka_unit_test(test_nova_disable_names_the_nova_host_and_gives_the_reason_plain),
		cmocka_unit_test(test_nova_enable_names_the_binary_and_the_nova_host),
		cmocka_unit_test(test_wait_service_gives_the_state_and_the_timeout),
		cmocka_unit_test(test_nova_service_check_gives_state_and_status),
		cmocka_unit_test(test_ini_set_gives_the_option_and_the_plain_value),
		cmocka_unit_test(test_ini_set_only_if_unset_says_so),
		cmocka_unit_test(test_ini_set_value_from_says_where_the_value_is_never_what),
		cmocka_unit_test(test_ini_comment_names_the_option_and_the_file),
		cmocka_unit_test(test_review_rpmnew_gives_packages_preference_and_kept_names),
		cmocka_unit_test(test_migrate_names_the_nova_host_and_the_mode),
		cmocka_unit_test(test_a_role_the_runbook_does_not_declare_is_an_error_at_its_host),
		cmocka_unit_test(test_an_inventory_var_the_runbook_does_not_declare_is_an_error),
		cmocka_unit_test(test_a_selector_matching_no_host_is_an_error_naming_the_step),
		cmocka_unit_test(test_when_no_host_skip_gives_a_unit_without_targets),
		cmocka_unit_test(test_a_rolling_phase_without_hosts_is_an_error_naming_a_step),
		cmocka_unit_test(test_a_rolling_phase_without_hosts_skips_steps_that_allow_it),
		cmocka_unit_test(test_text_shows_each_command_line_exactly),
		cmocka_unit_test(test_text_shows_later_lines_of_a_command_after_a_prompt),
		cmocka_unit_test(test_text_shows_a_command_shared_by_every_host_once),
		cmocka_unit_test(test_text_lines_fit_80_columns),
		cmocka_unit_test(test_one_unit_formats_as_its_block_of_the_whole_text),
		cmocka_unit_test(test_text_lines_fit_every_width_from_40),
		cmocka_unit_test(test_text_wraps_a_long_command_without_losing_a_character),
		cmocka_unit_test(test_text_shows_control_characters_visibly),
		cmocka_unit_test(test_text_shows_rolling_batches_as_headings),
		cmocka_unit_test(test_text_says_why_a_step_is_skipped),
		cmocka_unit_test(test_text_numbers_the_confirmations),
		cmocka_unit_test(test_text_gives_the_success_exit_statuses),
		cmocka_unit_test(test_text_of_the_sample_matches_the_expected_layout),
		cmocka_unit_test(test_json_parses_back_with_every_unit_in_order),
		cmocka_unit_test(test_json_unit_gives_phase_step_and_batch),
		cmocka_unit_test(test_json_target_gives_command_for_shell_and_text_for_api),
		cmocka_unit_test(test_json_skipped_unit_has_no_targets_and_asks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
