/* Tests for the .rpmnew findings (ui/findings.h): a review's listing
 * read into groups by step and file, the hosts of a group, and a new
 * review of a host replacing what the last one found there. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "findings.h"

#define NOVA_CONF "/etc/nova/nova.conf.rpmnew"
#define API_PASTE "/etc/nova/api-paste.ini.rpmnew"

static int
setup(void **state)
{
	*state = findings_new();
	return 0;
}

static int
teardown(void **state)
{
	findings_free(*state);
	return 0;
}

static void
review(struct findings *f, const char *step, const char *host,
       const char *listing)
{
	findings_begin(f, step, host);
	findings_output(f, step, host, listing, strlen(listing));
	findings_end(f, step, host);
}

static void
test_the_same_file_on_several_hosts_is_one_group(void **state)
{
	struct findings *f = *state;
	struct finding g;

	review(f, "compute-review", "compute1", NOVA_CONF "\n");
	review(f, "compute-review", "compute2", NOVA_CONF "\n");
	assert_int_equal(findings_count(f), 1);
	g = findings_at(f, 0);
	assert_string_equal(g.path, NOVA_CONF);
	assert_int_equal(g.n_hosts, 2);
	assert_string_equal(g.hosts[0], "compute1");
	assert_string_equal(g.hosts[1], "compute2");
}

static void
test_a_listing_cut_anywhere_gives_the_same_files(void **state)
{
	struct findings *f = *state;
	const char *listing = NOVA_CONF "\n" API_PASTE "\n";

	findings_begin(f, "nova-ctl-review", "controller");
	findings_output(f, "nova-ctl-review", "controller", listing, 10);
	findings_output(f, "nova-ctl-review", "controller", listing + 10,
			strlen(listing) - 10);
	findings_end(f, "nova-ctl-review", "controller");
	assert_int_equal(findings_count(f), 2);
	assert_string_equal(findings_at(f, 1).path, API_PASTE);
}

static void
test_each_step_keeps_its_own_groups(void **state)
{
	struct findings *f = *state;

	review(f, "nova-ctl-review", "controller", NOVA_CONF "\n");
	review(f, "compute-review", "compute1", NOVA_CONF "\n");
	assert_int_equal(findings_count(f), 2);
	assert_string_equal(findings_at(f, 0).step, "nova-ctl-review");
	assert_string_equal(findings_at(f, 1).step, "compute-review");
}

static void
test_a_new_review_of_a_host_replaces_what_it_found_there(void **state)
{
	struct findings *f = *state;

	review(f, "compute-review", "compute1", NOVA_CONF "\n" API_PASTE "\n");
	review(f, "compute-review", "compute2", NOVA_CONF "\n");
	review(f, "compute-review", "compute1", "");
	assert_int_equal(findings_count(f), 1);
	assert_int_equal(findings_at(f, 0).n_hosts, 1);
	assert_string_equal(findings_at(f, 0).hosts[0], "compute2");
}

static void
test_blank_lines_find_nothing(void **state)
{
	struct findings *f = *state;

	review(f, "keystone-review", "controller", "\n  \n");
	assert_int_equal(findings_count(f), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_the_same_file_on_several_hosts_is_one_group),
		T(test_a_listing_cut_anywhere_gives_the_same_files),
		T(test_each_step_keeps_its_own_groups),
		T(test_a_new_review_of_a_host_replaces_what_it_found_there),
		T(test_blank_lines_find_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
