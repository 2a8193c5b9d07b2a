/* Tests for the services screen's table (ui/svctable.h): the order of
 * the rows, what counts as just changed and for how long, the filter,
 * the sorts, and what a failed refresh keeps. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svctable.h"
#include "xalloc.h"

#define T0 1795548690	/* 2026-11-24T19:31:30Z */

struct svc_spec {
	const char *binary;
	const char *host;
	const char *status;
	const char *state;
	const char *updated_at;
	const char *reason;
};

/* An array as nova_services() gives it: every string owned. */
static struct nova_service *
services(const struct svc_spec *specs, size_t n)
{
	struct nova_service *svcs = xcalloc(n, sizeof *svcs);

	for (size_t i = 0; i < n; i++) {
		svcs[i].binary = xstrdup(specs[i].binary);
		svcs[i].host = xstrdup(specs[i].host);
		svcs[i].zone = xstrdup("nova");
		svcs[i].status = xstrdup(specs[i].status);
		svcs[i].state = xstrdup(specs[i].state);
		svcs[i].updated_at = xstrdup(specs[i].updated_at);
		svcs[i].disabled_reason = specs[i].reason != NULL
					  ? xstrdup(specs[i].reason) : NULL;
	}
	return svcs;
}

static const struct svc_spec all_up[] = {
	{ "nova-scheduler", "controller", "enabled", "up", "2026-11-24T19:31:20.000000", NULL },
	{ "nova-compute", "compute2", "enabled", "up", "2026-11-24T19:31:25.000000", NULL },
	{ "nova-compute", "compute1", "enabled", "up", "2026-11-24T19:31:28.000000", NULL },
	{ "nova-conductor", "controller", "enabled", "up", "2026-11-24T19:31:29.000000", NULL },
};

static const struct svc_spec compute1_down_compute2_disabled[] = {
	{ "nova-scheduler", "controller", "enabled", "up", "2026-11-24T19:31:20.000000", NULL },
	{ "nova-compute", "compute2", "disabled", "up", "2026-11-24T19:31:25.000000", "upgrade" },
	{ "nova-compute", "compute1", "enabled", "down", "2026-11-24T19:30:00.000000", NULL },
	{ "nova-conductor", "controller", "enabled", "up", "2026-11-24T19:31:29.000000", NULL },
};

#define N(a) (sizeof (a) / sizeof (a)[0])

static struct svc_table *
table_with(const struct svc_spec *specs, size_t n)
{
	struct svc_table *t = svc_table_new();

	svc_table_update(t, services(specs, n), n, T0);
	return t;
}

static const char *
host_at(const struct svc_table *t, size_t i)
{
	return svc_table_row(t, i)->svc.host;
}

static void
test_rows_are_sorted_by_host_then_binary(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	assert_int_equal(svc_table_count(t), 4);
	assert_string_equal(host_at(t, 0), "compute1");
	assert_string_equal(host_at(t, 1), "compute2");
	assert_string_equal(svc_table_row(t, 2)->svc.binary, "nova-conductor");
	assert_string_equal(svc_table_row(t, 3)->svc.binary, "nova-scheduler");
	svc_table_free(t);
}

static void
test_the_first_list_marks_nothing_as_changed(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	for (size_t i = 0; i < svc_table_count(t); i++)
		assert_false(svc_row_changed(svc_table_row(t, i), T0));
	svc_table_free(t);
}

static void
test_a_service_whose_state_or_status_changed_is_marked(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	svc_table_update(t, services(compute1_down_compute2_disabled, 4), 4,
			 T0 + 2);
	assert_true(svc_row_changed(svc_table_row(t, 0), T0 + 2));
	assert_true(svc_row_changed(svc_table_row(t, 1), T0 + 2));
	assert_false(svc_row_changed(svc_table_row(t, 2), T0 + 2));
	svc_table_free(t);
}

static void
test_the_mark_outlives_later_refreshes_for_a_while_only(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	svc_table_update(t, services(compute1_down_compute2_disabled, 4), 4,
			 T0 + 2);
	svc_table_update(t, services(compute1_down_compute2_disabled, 4), 4,
			 T0 + 4);
	assert_true(svc_row_changed(svc_table_row(t, 0), T0 + 4));
	assert_false(svc_row_changed(svc_table_row(t, 0),
				     T0 + 2 + SVC_CHANGED_S));
	svc_table_free(t);
}

static void
test_a_service_new_after_the_first_list_is_marked(void **state)
{
	struct svc_table *t = table_with(all_up, 3);

	svc_table_update(t, services(all_up, 4), 4, T0 + 2);
	assert_string_equal(svc_table_row(t, 2)->svc.binary, "nova-conductor");
	assert_true(svc_row_changed(svc_table_row(t, 2), T0 + 2));
	svc_table_free(t);
}

static void
test_the_filter_matches_any_column_ignoring_case(void **state)
{
	struct svc_table *t = table_with(compute1_down_compute2_disabled, 4);

	svc_table_set_filter(t, "CONTROLLER");
	assert_int_equal(svc_table_count(t), 2);
	svc_table_set_filter(t, "upgr");
	assert_int_equal(svc_table_count(t), 1);
	assert_string_equal(host_at(t, 0), "compute2");
	svc_table_set_filter(t, "");
	assert_int_equal(svc_table_count(t), 4);
	assert_int_equal(svc_table_total(t), 4);
	svc_table_free(t);
}

static void
test_sorting_by_state_puts_down_services_first(void **state)
{
	struct svc_table *t = table_with(compute1_down_compute2_disabled, 4);

	svc_table_set_sort(t, SVC_SORT_STATUS);
	assert_string_equal(host_at(t, 0), "compute2");
	svc_table_set_sort(t, SVC_SORT_STATE);
	assert_string_equal(host_at(t, 0), "compute1");
	assert_true(svc_row_down(svc_table_row(t, 0)));
	svc_table_free(t);
}

static void
test_sorting_by_heartbeat_puts_the_oldest_first(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	svc_table_set_sort(t, SVC_SORT_AGE);
	assert_string_equal(svc_table_row(t, 0)->svc.binary, "nova-scheduler");
	assert_string_equal(host_at(t, 3), "controller");
	assert_string_equal(svc_table_row(t, 3)->svc.binary, "nova-conductor");
	svc_table_free(t);
}

static void
test_the_heartbeat_age_is_counted_from_updated_at_in_utc(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	/* compute1 reported at 19:31:28, two seconds before T0. */
	assert_int_equal(svc_row_age(svc_table_row(t, 0), T0), 2);
	svc_table_free(t);
}

static void
test_a_failed_refresh_keeps_the_rows_stale_with_why_and_since_when(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	svc_table_fail(t, "GET /v2.1/os-services: Connection refused", T0 + 5);
	svc_table_fail(t, "GET /v2.1/os-services: timed out", T0 + 10);
	assert_true(svc_table_stale(t));
	assert_int_equal(svc_table_count(t), 4);
	assert_int_equal(svc_table_failing_since(t), T0 + 5);
	assert_int_equal(svc_table_updated_at(t), T0);
	assert_string_equal(svc_table_problem(t),
			    "GET /v2.1/os-services: timed out");
	svc_table_free(t);
}

static void
test_a_good_refresh_ends_the_outage(void **state)
{
	struct svc_table *t = table_with(all_up, N(all_up));

	svc_table_fail(t, "refused", T0 + 5);
	svc_table_update(t, services(all_up, 4), 4, T0 + 9);
	assert_false(svc_table_stale(t));
	assert_null(svc_table_problem(t));
	assert_int_equal(svc_table_updated_at(t), T0 + 9);
	svc_table_free(t);
}

static void
test_a_table_that_never_had_a_list_is_not_loaded(void **state)
{
	struct svc_table *t = svc_table_new();

	svc_table_fail(t, "refused", T0);
	assert_false(svc_table_loaded(t));
	assert_int_equal(svc_table_count(t), 0);
	assert_null(svc_table_row(t, 0));
	svc_table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_are_sorted_by_host_then_binary),
		cmocka_unit_test(test_the_first_list_marks_nothing_as_changed),
		cmocka_unit_test(test_a_service_whose_state_or_status_changed_is_marked),
		cmocka_unit_test(test_the_mark_outlives_later_refreshes_for_a_while_only),
		cmocka_unit_test(test_a_service_new_after_the_first_list_is_marked),
		cmocka_unit_test(test_the_filter_matches_any_column_ignoring_case),
		cmocka_unit_test(test_sorting_by_state_puts_down_services_first),
		cmocka_unit_test(test_sorting_by_heartbeat_puts_the_oldest_first),
		cmocka_unit_test(test_the_heartbeat_age_is_counted_from_updated_at_in_utc),
		cmocka_unit_test(test_a_failed_refresh_keeps_the_rows_stale_with_why_and_since_when),
		cmocka_unit_test(test_a_good_refresh_ends_the_outage),
		cmocka_unit_test(test_a_table_that_never_had_a_list_is_not_loaded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
