/* Tests for preflight's judgements: the packages a host's roles imply,
 * what rpm's answer means, Nova's service list, and Nova's hosts against
 * the inventory.  The checks over ssh and the APIs are exercised end to
 * end by tests/cli/services-check.sh and tests/lab/test-check.sh. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "preflight.h"
#include "xalloc.h"

/* 2026-11-24T19:30:30Z */
#define T0 ((time_t)1795548630)

static const char lab_inventory[] =
	"cloud: lab\n"
	"defaults:\n"
	"  user: root\n"
	"hosts:\n"
	"  - name: controller\n"
	"    address: 192.0.2.10\n"
	"    roles: [keystone, glance, nova-controller, nova-api, mysql]\n"
	"  - name: network\n"
	"    address: 192.0.2.11\n"
	"    roles: [neutron-agent]\n"
	"  - name: compute1\n"
	"    address: 192.0.2.21\n"
	"    roles: [nova-compute, neutron-agent]\n"
	"  - name: compute2\n"
	"    address: 192.0.2.22\n"
	"    nova-name: compute2.example.org\n"
	"    roles: [nova-compute, neutron-agent]\n"
	"  - name: db\n"
	"    address: 192.0.2.30\n"
	"    roles: [mysql, amqp]\n";

struct fixture {
	struct inventory *inv;
	struct preflight_report *r;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct ou_error err = { .msg = "" };

	if (inventory_load_buffer("lab.yaml", lab_inventory,
				  strlen(lab_inventory), &f->inv, &err) < 0)
		fail_msg("%s", err.msg);
	f->r = preflight_report_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	preflight_report_free(f->r);
	inventory_free(f->inv);
	free(f);
	return 0;
}

static const struct inv_host *
host(const struct fixture *f, const char *name)
{
	const struct inv_host *h = inventory_find_host(f->inv, name);

	assert_non_null(h);
	return h;
}

/* The only line of the report, which must have that verdict. */
static const char *
only_line(const struct fixture *f, const char *host_name, const char *check,
	  enum preflight_verdict verdict)
{
	assert_int_equal(f->r->n_lines, 1);
	assert_string_equal(f->r->lines[0].host, host_name);
	assert_string_equal(f->r->lines[0].check, check);
	assert_string_equal(preflight_verdict_name(f->r->lines[0].verdict),
			    preflight_verdict_name(verdict));
	return f->r->lines[0].evidence;
}

/* A service as Nova would list it; updated 2 s before T0 unless given. */
struct svc_spec {
	const char *binary;
	const char *host;
	const char *state;
	const char *status;
	const char *updated_at;
	const char *reason;
};

static struct nova_service *
services(const struct svc_spec *specs, size_t n)
{
	struct nova_service *svcs = xcalloc(n + 1, sizeof *svcs);

	for (size_t i = 0; i < n; i++)
		svcs[i] = (struct nova_service){
			.binary = (char *)specs[i].binary,
			.host = (char *)specs[i].host,
			.state = (char *)specs[i].state,
			.status = (char *)specs[i].status,
			.updated_at = (char *)(specs[i].updated_at != NULL
				? specs[i].updated_at : "2026-11-24T19:30:28.000000"),
			.disabled_reason = (char *)specs[i].reason,
		};
	return svcs;
}

static const struct svc_spec lab_services[] = {
	{ .binary = "nova-conductor", .host = "controller", .state = "up", .status = "enabled" },
	{ .binary = "nova-scheduler", .host = "controller", .state = "up", .status = "enabled" },
	{ .binary = "nova-compute", .host = "compute1", .state = "up", .status = "enabled" },
	{ .binary = "nova-compute", .host = "compute2.example.org", .state = "up", .status = "enabled" },
};
#define N_LAB_SERVICES (sizeof lab_services / sizeof lab_services[0])

static void
judge_topology(struct fixture *f, const struct svc_spec *specs, size_t n)
{
	struct nova_service *svcs = services(specs, n);

	preflight_judge_topology(f->r, f->inv, svcs, n);
	free(svcs);
}

static void
judge_services(struct fixture *f, const struct svc_spec *specs, size_t n)
{
	struct nova_service *svcs = services(specs, n);

	preflight_judge_services(f->r, svcs, n, T0);
	free(svcs);
}

/* ---- packages ---- */

static void
test_roles_imply_their_packages_once_each_after_openstack_utils(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[16];
	size_t n = preflight_packages(host(f, "controller"), pkgs, 16);

	assert_int_equal(n, 7);
	assert_string_equal(pkgs[0], "openstack-utils");
	assert_string_equal(pkgs[1], "openstack-keystone");
	assert_string_equal(pkgs[2], "openstack-glance");
	assert_string_equal(pkgs[3], "openstack-nova-common");
	assert_string_equal(pkgs[4], "openstack-nova-conductor");
	assert_string_equal(pkgs[5], "openstack-nova-scheduler");
	assert_string_equal(pkgs[6], "openstack-nova-api");
}

static void
test_a_compute_needs_nova_compute_and_neutron(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[16];
	size_t n = preflight_packages(host(f, "compute1"), pkgs, 16);

	assert_int_equal(n, 4);
	assert_string_equal(pkgs[1], "openstack-nova-common");
	assert_string_equal(pkgs[2], "openstack-nova-compute");
	assert_string_equal(pkgs[3], "openstack-neutron");
}

static void
test_a_host_with_no_openstack_role_implies_no_package(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[16];

	assert_int_equal(preflight_packages(host(f, "db"), pkgs, 16), 0);
}

static void
test_the_count_is_told_even_past_the_room_given(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[2];

	assert_int_equal(preflight_packages(host(f, "controller"), pkgs, 2), 7);
	assert_string_equal(pkgs[1], "openstack-keystone");
}

static void
test_the_rpm_query_asks_name_version_release_of_each_quoted_package(void **state)
{
	const char *pkgs[] = { "openstack-nova-common", "it's" };
	char *cmd = preflight_rpm_command(pkgs, 2);

	assert_string_equal(cmd, "rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}\\n' "
			    "openstack-nova-common 'it'\\''s'");
	free(cmd);
}

static void
test_versions_name_their_release_and_swift_has_its_own_numbers(void **state)
{
	assert_string_equal(preflight_release_of("2014.1.3-4.el7"), "Icehouse");
	assert_string_equal(preflight_release_of("2014.1-3.el7"), "Icehouse");
	assert_string_equal(preflight_release_of("2014.2.2"), "Juno");
	assert_string_equal(preflight_release_of("1.13.1-1.el7"), "Icehouse");
	assert_string_equal(preflight_release_of("2.2.0-2.el7"), "Juno");
	assert_null(preflight_release_of("2.20.0-1.el7"));
	assert_null(preflight_release_of("2014"));
	assert_null(preflight_release_of(""));
}

static void
test_packages_of_one_release_are_ok_and_listed_with_versions(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[] = { "openstack-utils", "openstack-nova-compute" };

	preflight_judge_packages(f->r, "compute1", pkgs, 2,
				 "openstack-utils 2014.1-3.el7\n"
				 "openstack-nova-compute 2014.1.3-4.el7\n");
	assert_string_equal(only_line(f, "compute1", "packages", PREFLIGHT_OK),
			    "Icehouse: openstack-utils 2014.1-3.el7, "
			    "openstack-nova-compute 2014.1.3-4.el7");
}

static void
test_a_package_not_installed_fails_naming_it(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[] = { "openstack-utils", "openstack-cinder" };

	preflight_judge_packages(f->r, "controller", pkgs, 2,
				 "openstack-utils 2014.1-3.el7\n"
				 "package openstack-cinder is not installed\n");
	assert_string_equal(only_line(f, "controller", "packages", PREFLIGHT_FAIL),
			    "not installed: openstack-cinder; "
			    "Icehouse: openstack-utils 2014.1-3.el7");
}

static void
test_a_host_with_packages_of_two_releases_is_a_warning(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[] = { "openstack-utils", "openstack-keystone",
			       "openstack-glance" };

	preflight_judge_packages(f->r, "controller", pkgs, 3,
				 "openstack-utils 2014.1-3.el7\n"
				 "openstack-keystone 2014.2.2-1.el7\n"
				 "openstack-glance 2014.1.3-1.el7\n");
	assert_string_equal(only_line(f, "controller", "packages", PREFLIGHT_WARN),
			    "packages of 2 releases (half upgraded?): "
			    "Icehouse: openstack-utils 2014.1-3.el7, "
			    "openstack-glance 2014.1.3-1.el7; "
			    "Juno: openstack-keystone 2014.2.2-1.el7");
}

static void
test_a_version_of_no_known_release_is_a_warning(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[] = { "openstack-keystone" };

	preflight_judge_packages(f->r, "controller", pkgs, 1,
				 "openstack-keystone 23.0.0-1.el9\n");
	assert_non_null(strstr(only_line(f, "controller", "packages",
					 PREFLIGHT_WARN),
			       "unknown release: openstack-keystone 23.0.0-1.el9"));
}

static void
test_a_longer_package_name_is_not_taken_for_a_shorter_one(void **state)
{
	struct fixture *f = *state;
	const char *pkgs[] = { "openstack-nova" };

	preflight_judge_packages(f->r, "compute1", pkgs, 1,
				 "openstack-nova-compute 2014.1.3-4.el7\n");
	assert_string_equal(only_line(f, "compute1", "packages", PREFLIGHT_FAIL),
			    "not installed: openstack-nova");
}

/* ---- services ---- */

static void
test_all_services_up_and_enabled_is_one_line_counting_binaries(void **state)
{
	struct fixture *f = *state;

	judge_services(f, lab_services, N_LAB_SERVICES);
	assert_string_equal(only_line(f, "cloud", "services", PREFLIGHT_OK),
			    "4 services, all up and enabled: 1 nova-conductor, "
			    "1 nova-scheduler, 2 nova-compute");
}

static void
test_a_down_service_is_a_warning_with_its_heartbeat_age(void **state)
{
	struct fixture *f = *state;
	const struct svc_spec down[] = {
		{ .binary = "nova-compute", .host = "compute2", .state = "down",
		  .status = "enabled", .updated_at = "2026-11-24T19:29:50.000000" },
	};

	judge_services(f, down, 1);
	assert_string_equal(only_line(f, "compute2", "services", PREFLIGHT_WARN),
			    "nova-compute is down (last heartbeat 40s ago)");
}

static void
test_a_disabled_service_is_a_warning_with_its_reason(void **state)
{
	struct fixture *f = *state;
	const struct svc_spec disabled[] = {
		{ .binary = "nova-compute", .host = "compute1", .state = "up",
		  .status = "disabled", .reason = "upgrade to Juno" },
	};

	judge_services(f, disabled, 1);
	assert_string_equal(only_line(f, "compute1", "services", PREFLIGHT_WARN),
			    "nova-compute is disabled (reason: upgrade to Juno)");
}

static void
test_an_empty_service_list_fails(void **state)
{
	struct fixture *f = *state;

	preflight_judge_services(f->r, NULL, 0, T0);
	assert_string_equal(only_line(f, "cloud", "services", PREFLIGHT_FAIL),
			    "Nova lists no services at all");
}

/* ---- topology ---- */

static void
test_nova_and_the_inventory_agreeing_is_one_ok_line(void **state)
{
	struct fixture *f = *state;

	judge_topology(f, lab_services, N_LAB_SERVICES);
	assert_string_equal(only_line(f, "cloud", "topology", PREFLIGHT_OK),
			    "Nova's 2 nova-compute hosts are the inventory's: "
			    "compute1, compute2.example.org");
}

static void
test_a_nova_compute_missing_from_the_inventory_fails(void **state)
{
	struct fixture *f = *state;
	struct svc_spec extra[N_LAB_SERVICES + 1];

	memcpy(extra, lab_services, sizeof lab_services);
	extra[N_LAB_SERVICES] = (struct svc_spec){
		.binary = "nova-compute", .host = "compute9", .state = "up",
		.status = "enabled",
	};
	judge_topology(f, extra, N_LAB_SERVICES + 1);
	assert_string_equal(only_line(f, "compute9", "topology", PREFLIGHT_FAIL),
			    "Nova has a nova-compute service on host 'compute9' "
			    "(enabled, up), but no inventory host is known to Nova "
			    "by that name: the upgrade would leave it out");
}

static void
test_an_inventory_compute_unknown_to_nova_fails(void **state)
{
	struct fixture *f = *state;

	judge_topology(f, lab_services, N_LAB_SERVICES - 1);
	assert_string_equal(only_line(f, "compute2", "topology", PREFLIGHT_FAIL),
			    "the inventory gives it the nova-compute role, but "
			    "Nova has no nova-compute service on host "
			    "'compute2.example.org' (if Nova knows it by another "
			    "name, set its nova-name)");
}

static void
test_a_host_is_matched_by_its_nova_name_not_its_inventory_name(void **state)
{
	struct fixture *f = *state;
	struct svc_spec renamed[N_LAB_SERVICES];

	memcpy(renamed, lab_services, sizeof lab_services);
	renamed[3].host = "compute2";
	judge_topology(f, renamed, N_LAB_SERVICES);
	assert_int_equal(f->r->n_lines, 2);
	assert_string_equal(f->r->lines[0].host, "compute2");
	assert_non_null(strstr(f->r->lines[0].evidence, "'compute2.example.org'"));
	assert_string_equal(f->r->lines[1].host, "compute2");
	assert_non_null(strstr(f->r->lines[1].evidence,
			       "no inventory host is known to Nova by that name"));
}

static void
test_nova_compute_on_an_inventory_host_without_the_role_fails(void **state)
{
	struct fixture *f = *state;
	struct svc_spec extra[N_LAB_SERVICES + 1];

	memcpy(extra, lab_services, sizeof lab_services);
	extra[N_LAB_SERVICES] = (struct svc_spec){
		.binary = "nova-compute", .host = "network", .state = "up",
		.status = "enabled",
	};
	judge_topology(f, extra, N_LAB_SERVICES + 1);
	assert_string_equal(only_line(f, "network", "topology", PREFLIGHT_FAIL),
			    "Nova runs nova-compute on it, but the inventory "
			    "does not give it the nova-compute role");
}

static void
test_a_control_service_off_the_inventory_controllers_is_a_warning(void **state)
{
	struct fixture *f = *state;
	struct svc_spec moved[N_LAB_SERVICES];

	memcpy(moved, lab_services, sizeof lab_services);
	moved[1].host = "sched1";
	judge_topology(f, moved, N_LAB_SERVICES);
	assert_string_equal(only_line(f, "sched1", "topology", PREFLIGHT_WARN),
			    "Nova runs nova-scheduler on host 'sched1', which is "
			    "not an inventory host with the nova-controller role");
}

/* ---- the report ---- */

static void
test_the_report_aligns_its_columns_and_counts_each_verdict(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	const char *pkgs[] = { "openstack-cinder" };

	judge_services(f, lab_services, N_LAB_SERVICES);
	preflight_judge_packages(f->r, "controller", pkgs, 1,
				 "package openstack-cinder is not installed\n");
	preflight_render(f->r, &sb);
	assert_string_equal(strbuf_str(&sb),
		"ok    cloud       services  4 services, all up and enabled: "
		"1 nova-conductor, 1 nova-scheduler, 2 nova-compute\n"
		"FAIL  controller  packages  not installed: openstack-cinder\n"
		"2 checks: 1 ok, 0 WARN, 1 FAIL\n");
	strbuf_release(&sb);
}

static void
test_a_report_fails_only_with_a_fail_line(void **state)
{
	struct fixture *f = *state;
	const struct svc_spec down[] = {
		{ .binary = "nova-compute", .host = "compute2", .state = "down",
		  .status = "enabled" },
	};

	assert_false(preflight_failed(f->r));
	judge_services(f, down, 1);
	assert_false(preflight_failed(f->r));
	preflight_judge_services(f->r, NULL, 0, T0);
	assert_true(preflight_failed(f->r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_roles_imply_their_packages_once_each_after_openstack_utils),
		T(test_a_compute_needs_nova_compute_and_neutron),
		T(test_a_host_with_no_openstack_role_implies_no_package),
		T(test_the_count_is_told_even_past_the_room_given),
		T(test_the_rpm_query_asks_name_version_release_of_each_quoted_package),
		T(test_versions_name_their_release_and_swift_has_its_own_numbers),
		T(test_packages_of_one_release_are_ok_and_listed_with_versions),
		T(test_a_package_not_installed_fails_naming_it),
		T(test_a_host_with_packages_of_two_releases_is_a_warning),
		T(test_a_version_of_no_known_release_is_a_warning),
		T(test_a_longer_package_name_is_not_taken_for_a_shorter_one),
		T(test_all_services_up_and_enabled_is_one_line_counting_binaries),
		T(test_a_down_service_is_a_warning_with_its_heartbeat_age),
		T(test_a_disabled_service_is_a_warning_with_its_reason),
		T(test_an_empty_service_list_fails),
		T(test_nova_and_the_inventory_agreeing_is_one_ok_line),
		T(test_a_nova_compute_missing_from_the_inventory_fails),
		T(test_an_inventory_compute_unknown_to_nova_fails),
		T(test_a_host_is_matched_by_its_nova_name_not_its_inventory_name),
		T(test_nova_compute_on_an_inventory_host_without_the_role_fails),
		T(test_a_control_service_off_the_inventory_controllers_is_a_warning),
		T(test_the_report_aligns_its_columns_and_counts_each_verdict),
		T(test_a_report_fails_only_with_a_fail_line),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
