/* Tests for servicetable: the service table of `services` and the
 * frames of `services --watch`. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "servicetable.h"
#include "xalloc.h"

/* 2026-11-24T19:30:30Z */
#define T0 ((time_t)1795548630)

struct svc_spec {
	const char *binary;
	const char *host;
	const char *status;
	const char *state;
	const char *updated_at;
	const char *reason;
	bool forced_down;
};

static struct svctable *
table_of(const struct svc_spec *specs, size_t n, time_t now)
{
	struct nova_service *svcs = xcalloc(n + 1, sizeof *svcs);
	struct svctable *t;

	for (size_t i = 0; i < n; i++)
		svcs[i] = (struct nova_service){
			.binary = (char *)specs[i].binary,
			.host = (char *)specs[i].host,
			.zone = (char *)(strcmp(specs[i].binary, "nova-compute") == 0
					 ? "nova" : "internal"),
			.status = (char *)specs[i].status,
			.state = (char *)specs[i].state,
			.updated_at = (char *)specs[i].updated_at,
			.disabled_reason = (char *)specs[i].reason,
			.forced_down = specs[i].forced_down,
		};
	t = svctable_new(svcs, n, now);
	free(svcs);
	return t;
}

#define TABLE(now, ...) table_of((const struct svc_spec[]){ __VA_ARGS__ }, \
	sizeof (const struct svc_spec[]){ __VA_ARGS__ } / sizeof (struct svc_spec), now)

static const struct svc_spec compute1_up = {
	.binary = "nova-compute",
	.host = "compute1",
	.status = "enabled",
	.state = "up",
	.updated_at = "2026-11-24T19:30:27.000000",
};
static const struct svc_spec compute2_up = {
	.binary = "nova-compute",
	.host = "compute2",
	.status = "enabled",
	.state = "up",
	.updated_at = "2026-11-24T19:30:28.000000",
};
static const struct svc_spec compute2_down = {
	.binary = "nova-compute",
	.host = "compute2",
	.status = "enabled",
	.state = "down",
	.updated_at = "2026-11-24T19:30:10.000000",
};
static const struct svc_spec conductor = {
	.binary = "nova-conductor",
	.host = "controller",
	.status = "enabled",
	.state = "up",
	.updated_at = "2026-11-24T19:30:29.000000",
};

static char *
render(const struct svctable *t)
{
	struct strbuf sb = STRBUF_INIT;

	svctable_render(t, &sb);
	return strbuf_take(&sb);
}

/* ---- building ---- */

static void
test_rows_are_sorted_by_binary_then_host_with_numbers_in_numeric_order(void **state)
{
	struct svc_spec c10 = compute1_up, c9 = compute1_up;
	struct svctable *t;

	c10.host = "compute10";
	c9.host = "compute9";
	t = TABLE(T0, conductor, c10, compute2_up, c9);
	assert_int_equal(svctable_rows(t), 4);
	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_HOST), "compute2");
	assert_string_equal(svctable_cell(t, 1, SVCTABLE_COL_HOST), "compute9");
	assert_string_equal(svctable_cell(t, 2, SVCTABLE_COL_HOST), "compute10");
	assert_string_equal(svctable_cell(t, 3, SVCTABLE_COL_BINARY), "nova-conductor");
	svctable_free(t);
}

static void
test_heartbeat_age_is_counted_from_updated_at_to_now(void **state)
{
	struct svctable *t = TABLE(T0, compute1_up, compute2_down);

	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_HEARTBEAT), "3s ago");
	assert_string_equal(svctable_cell(t, 1, SVCTABLE_COL_HEARTBEAT), "20s ago");
	assert_string_equal(svctable_cell(t, 1, SVCTABLE_COL_UPDATED),
			    "2026-11-24 19:30:10");
	svctable_free(t);
}

static void
test_a_service_that_never_reported_has_heartbeat_never(void **state)
{
	struct svc_spec fresh = compute1_up;
	struct svctable *t;

	fresh.updated_at = NULL;
	t = TABLE(T0, fresh);
	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_HEARTBEAT), "never");
	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_UPDATED), "");
	svctable_free(t);
}

static void
test_missing_values_read_as_empty_cells(void **state)
{
	struct svc_spec bare = { .binary = "nova-compute", .host = "compute1" };
	struct svctable *t = TABLE(T0, bare);

	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_STATE), "");
	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_REASON), "");
	svctable_free(t);
}

static void
test_forced_down_is_shown_in_the_state(void **state)
{
	struct svc_spec forced = compute2_down;
	struct svctable *t;

	forced.forced_down = true;
	t = TABLE(T0, forced);
	assert_string_equal(svctable_cell(t, 0, SVCTABLE_COL_STATE),
			    "down (forced down)");
	svctable_free(t);
}

/* ---- times ---- */

static void
test_nova_times_are_utc_with_or_without_a_zone(void **state)
{
	time_t t;

	assert_int_equal(svctable_parse_time("2026-11-24T19:30:30.000000", &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(svctable_parse_time("2026-11-24T19:30:30Z", &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(svctable_parse_time("2026-11-24 19:30:30", &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(svctable_parse_time("2026-11-24T21:30:30+02:00", &t), 0);
	assert_int_equal(t, T0);
}

static void
test_a_time_that_is_not_iso_8601_is_refused(void **state)
{
	time_t t = 0;

	assert_int_equal(svctable_parse_time("yesterday", &t), -1);
	assert_int_equal(svctable_parse_time("2026-13-24T19:30:30", &t), -1);
	assert_int_equal(svctable_parse_time("2026-11-24T19:30:30 junk", &t), -1);
	assert_int_equal(svctable_parse_time(NULL, &t), -1);
	assert_int_equal(t, 0);
}

static void
test_ages_grow_coarser_with_time(void **state)
{
	char buf[64];

	svctable_format_age(0, buf, sizeof buf);
	assert_string_equal(buf, "0s ago");
	svctable_format_age(119, buf, sizeof buf);
	assert_string_equal(buf, "119s ago");
	svctable_format_age(125, buf, sizeof buf);
	assert_string_equal(buf, "2m05s ago");
	svctable_format_age(3 * 3600 + 120, buf, sizeof buf);
	assert_string_equal(buf, "3h02m ago");
	svctable_format_age(3 * 86400 + 4 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "3d04h ago");
}

static void
test_a_heartbeat_in_the_future_is_shown_as_clock_skew(void **state)
{
	char buf[64];

	svctable_format_age(-1, buf, sizeof buf);
	assert_string_equal(buf, "0s ago");
	svctable_format_age(-30, buf, sizeof buf);
	assert_string_equal(buf, "in 30s (clock skew?)");
}

/* ---- comparing ---- */

static void
test_the_first_refresh_marks_nothing(void **state)
{
	struct svctable *t = TABLE(T0, compute1_up, compute2_up);

	assert_int_equal(svctable_compare(t, NULL), 0);
	assert_int_equal(svctable_mark(t, 0), SVCTABLE_MARK_NONE);
	assert_int_equal(svctable_mark(t, 1), SVCTABLE_MARK_NONE);
	svctable_free(t);
}

static void
test_a_changed_state_is_marked_and_keeps_its_old_value(void **state)
{
	struct svctable *before = TABLE(T0, compute1_up, compute2_up);
	struct svctable *after = TABLE(T0 + 10, compute1_up, compute2_down);

	assert_int_equal(svctable_compare(after, before), 1);
	assert_int_equal(svctable_mark(after, 0), SVCTABLE_MARK_NONE);
	assert_int_equal(svctable_mark(after, 1), SVCTABLE_MARK_CHANGED);
	assert_string_equal(svctable_old_cell(after, 1, SVCTABLE_COL_STATE), "up");
	assert_string_equal(svctable_cell(after, 1, SVCTABLE_COL_STATE), "down");
	assert_null(svctable_old_cell(after, 1, SVCTABLE_COL_STATUS));
	svctable_free(before);
	svctable_free(after);
}

static void
test_heartbeat_and_updated_time_moving_on_are_not_changes(void **state)
{
	struct svc_spec later = compute1_up;
	struct svctable *before = TABLE(T0, compute1_up);
	struct svctable *after;

	later.updated_at = "2026-11-24T19:30:37.000000";
	after = TABLE(T0 + 10, later);
	assert_int_equal(svctable_compare(after, before), 0);
	assert_null(svctable_old_cell(after, 0, SVCTABLE_COL_UPDATED));
	assert_null(svctable_old_cell(after, 0, SVCTABLE_COL_HEARTBEAT));
	svctable_free(before);
	svctable_free(after);
}

static void
test_a_service_not_seen_before_is_marked_new(void **state)
{
	struct svctable *before = TABLE(T0, compute1_up);
	struct svctable *after = TABLE(T0 + 1, compute1_up, compute2_up);

	assert_int_equal(svctable_compare(after, before), 1);
	assert_int_equal(svctable_mark(after, 1), SVCTABLE_MARK_NEW);
	svctable_free(before);
	svctable_free(after);
}

static void
test_a_vanished_service_stays_as_a_gone_row_in_its_sorted_place(void **state)
{
	struct svctable *before = TABLE(T0, compute1_up, compute2_up, conductor);
	struct svctable *after = TABLE(T0 + 1, compute1_up, conductor);

	assert_int_equal(svctable_compare(after, before), 1);
	assert_int_equal(svctable_rows(after), 3);
	assert_string_equal(svctable_cell(after, 1, SVCTABLE_COL_HOST), "compute2");
	assert_int_equal(svctable_mark(after, 1), SVCTABLE_MARK_GONE);
	assert_string_equal(svctable_cell(after, 1, SVCTABLE_COL_HEARTBEAT), "gone");
	assert_string_equal(svctable_cell(after, 1, SVCTABLE_COL_STATE), "up");
	svctable_free(before);
	svctable_free(after);
}

static void
test_a_gone_row_is_not_reported_gone_again_on_the_next_refresh(void **state)
{
	struct svctable *one = TABLE(T0, compute1_up, compute2_up);
	struct svctable *two = TABLE(T0 + 1, compute1_up);
	struct svctable *three = TABLE(T0 + 2, compute1_up);

	svctable_compare(two, one);
	assert_int_equal(svctable_compare(three, two), 0);
	assert_int_equal(svctable_rows(three), 1);
	svctable_free(one);
	svctable_free(two);
	svctable_free(three);
}

/* ---- rendering ---- */

static void
test_the_table_aligns_columns_and_shows_a_change_as_old_to_new(void **state)
{
	struct svc_spec disabled = compute1_up;
	struct svctable *before = TABLE(T0, compute1_up, compute2_up, conductor);
	struct svctable *after;
	char *text;

	disabled.status = "disabled";
	disabled.reason = "upgrade to Juno";
	after = TABLE(T0, disabled, compute2_down, conductor);
	svctable_compare(after, before);
	text = render(after);
	assert_string_equal(text,
		"  Binary          Host        Zone      Status             State     Updated (UTC)        Last heartbeat  Disabled reason\n"
		"* nova-compute    compute1    nova      enabled->disabled  up        2026-11-24 19:30:27  3s ago          (none)->upgrade to Juno\n"
		"* nova-compute    compute2    nova      enabled            up->down  2026-11-24 19:30:10  20s ago\n"
		"  nova-conductor  controller  internal  enabled            up        2026-11-24 19:30:29  1s ago\n");
	free(text);
	svctable_free(before);
	svctable_free(after);
}

static void
test_new_and_gone_rows_carry_their_own_marks(void **state)
{
	struct svctable *before = TABLE(T0, compute1_up);
	struct svctable *after = TABLE(T0, compute2_up);
	char *text;

	svctable_compare(after, before);
	text = render(after);
	assert_non_null(strstr(text, "\n- nova-compute  compute1"));
	assert_non_null(strstr(text, "\n+ nova-compute  compute2"));
	free(text);
	svctable_free(before);
	svctable_free(after);
}

static void
test_an_empty_table_says_there_are_no_services(void **state)
{
	struct svctable *t = svctable_new(NULL, 0, T0);
	char *text = render(t);

	assert_non_null(strstr(text, "Binary"));
	assert_non_null(strstr(text, "(no services)"));
	free(text);
	svctable_free(t);
}

static void
test_changes_are_described_by_host_binary_and_field(void **state)
{
	struct svc_spec disabled = compute2_down;
	struct svctable *before = TABLE(T0, compute1_up, compute2_up);
	struct svctable *after;
	struct strbuf sb = STRBUF_INIT;

	disabled.status = "disabled";
	after = TABLE(T0, disabled, conductor);
	svctable_compare(after, before);
	svctable_describe_changes(after, &sb);
	assert_string_equal(strbuf_str(&sb),
		"compute1 nova-compute: gone from the service list\n"
		"compute2 nova-compute: status enabled->disabled, state up->down\n"
		"controller nova-conductor: new (enabled, up)\n");
	strbuf_release(&sb);
	svctable_free(before);
	svctable_free(after);
}

/* ---- the watch ---- */

static char *
frame(const struct svcwatch *w, time_t now)
{
	struct strbuf sb = STRBUF_INIT;

	svcwatch_render(w, now, &sb);
	return strbuf_take(&sb);
}

static struct svcwatch *
plain_watch(void)
{
	return svcwatch_new(&(struct svcwatch_options){
		.title = "Keystone http://127.0.0.1:5000/v3", .interval_s = 1,
	});
}

static void
test_a_plain_frame_starts_with_a_timestamp_line_and_has_no_escapes(void **state)
{
	static const char head[] = "--- 2026-11-24 19:30:30 UTC ---\n"
		"Nova services (Keystone http://127.0.0.1:5000/v3), every 1s";
	struct svcwatch *w = plain_watch();
	char *text;

	svcwatch_refreshed(w, TABLE(T0, compute1_up), T0);
	text = frame(w, T0);
	assert_true(strncmp(text, head, strlen(head)) == 0);
	assert_null(strchr(text, '\033'));
	assert_non_null(strstr(text, "compute1"));
	free(text);
	svcwatch_free(w);
}

static void
test_a_terminal_frame_homes_the_cursor_and_clears_each_line_and_the_rest(void **state)
{
	struct svcwatch *w = svcwatch_new(&(struct svcwatch_options){
		.title = "x", .interval_s = 2, .ansi = true,
	});
	char *text;
	size_t len;

	svcwatch_refreshed(w, TABLE(T0, compute1_up), T0);
	text = frame(w, T0);
	len = strlen(text);
	assert_true(strncmp(text, "\033[H", 3) == 0);
	assert_string_equal(text + len - 3, "\033[J");
	assert_non_null(strstr(text, "Last heartbeat  Disabled reason\033[K\n"));
	assert_null(strstr(text, "---"));
	free(text);
	svcwatch_free(w);
}

static void
test_an_unreachable_api_shows_a_banner_over_the_last_good_table(void **state)
{
	struct svcwatch *w = plain_watch();
	char *text;

	svcwatch_refreshed(w, TABLE(T0, compute1_up), T0);
	svcwatch_failed(w, "GET http://127.0.0.1:8774/v2.1/os-services: "
			"Couldn't connect to server", false, T0 + 2);
	svcwatch_failed(w, "still down", false, T0 + 4);
	assert_true(svcwatch_is_failing(w));
	text = frame(w, T0 + 5);
	assert_non_null(strstr(text,
		"!!! COMPUTE API UNREACHABLE for 3s (since 19:30:32 UTC): still down\n"
		"!!! the table below is the last good one, from 19:30:30 UTC (5s old)\n"));
	assert_non_null(strstr(text, "compute1"));
	free(text);
	svcwatch_free(w);
}

static void
test_an_api_that_answers_with_an_error_is_not_called_unreachable(void **state)
{
	struct svcwatch *w = plain_watch();
	char *text;

	svcwatch_failed(w, "HTTP 503", true, T0);
	text = frame(w, T0);
	assert_non_null(strstr(text, "!!! COMPUTE API ERROR for 0s"));
	assert_non_null(strstr(text, "!!! no service list yet\n"));
	free(text);
	svcwatch_free(w);
}

static void
test_a_good_refresh_ends_the_outage_and_compares_with_the_table_before_it(void **state)
{
	struct svcwatch *w = plain_watch();
	char *text;

	svcwatch_refreshed(w, TABLE(T0, compute1_up, compute2_up), T0);
	svcwatch_failed(w, "down", false, T0 + 1);
	svcwatch_refreshed(w, TABLE(T0 + 9, compute1_up, compute2_down), T0 + 9);
	assert_false(svcwatch_is_failing(w));
	text = frame(w, T0 + 9);
	assert_null(strstr(text, "!!!"));
	assert_non_null(strstr(text, "up->down"));
	assert_non_null(strstr(text, "Recent changes (UTC):\n"
			       "  19:30:39  compute2 nova-compute: state up->down\n"));
	free(text);
	svcwatch_free(w);
}

static void
test_the_watch_keeps_only_the_latest_changes(void **state)
{
	struct svcwatch *w = svcwatch_new(&(struct svcwatch_options){
		.title = "x", .interval_s = 1, .keep_changes = 2,
	});
	char *text;

	svcwatch_refreshed(w, TABLE(T0, compute1_up), T0);
	svcwatch_refreshed(w, TABLE(T0 + 1, compute1_up, compute2_up), T0 + 1);
	svcwatch_refreshed(w, TABLE(T0 + 2, compute2_up), T0 + 2);
	svcwatch_refreshed(w, TABLE(T0 + 3, compute2_down), T0 + 3);
	text = frame(w, T0 + 3);
	assert_null(strstr(text, "compute2 nova-compute: new"));
	assert_non_null(strstr(text, "19:30:32  compute1 nova-compute: gone"));
	assert_non_null(strstr(text, "19:30:33  compute2 nova-compute: state up->down"));
	free(text);
	svcwatch_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_are_sorted_by_binary_then_host_with_numbers_in_numeric_order),
		cmocka_unit_test(test_heartbeat_age_is_counted_from_updated_at_to_now),
		cmocka_unit_test(test_a_service_that_never_reported_has_heartbeat_never),
		cmocka_unit_test(test_missing_values_read_as_empty_cells),
		cmocka_unit_test(test_forced_down_is_shown_in_the_state),
		cmocka_unit_test(test_nova_times_are_utc_with_or_without_a_zone),
		cmocka_unit_test(test_a_time_that_is_not_iso_8601_is_refused),
		cmocka_unit_test(test_ages_grow_coarser_with_time),
		cmocka_unit_test(test_a_heartbeat_in_the_future_is_shown_as_clock_skew),
		cmocka_unit_test(test_the_first_refresh_marks_nothing),
		cmocka_unit_test(test_a_changed_state_is_marked_and_keeps_its_old_value),
		cmocka_unit_test(test_heartbeat_and_updated_time_moving_on_are_not_changes),
		cmocka_unit_test(test_a_service_not_seen_before_is_marked_new),
		cmocka_unit_test(test_a_vanished_service_stays_as_a_gone_row_in_its_sorted_place),
		cmocka_unit_test(test_a_gone_row_is_not_reported_gone_again_on_the_next_refresh),
		cmocka_unit_test(test_the_table_aligns_columns_and_shows_a_change_as_old_to_new),
		cmocka_unit_test(test_new_and_gone_rows_carry_their_own_marks),
		cmocka_unit_test(test_an_empty_table_says_there_are_no_services),
		cmocka_unit_test(test_changes_are_described_by_host_binary_and_field),
		cmocka_unit_test(test_a_plain_frame_starts_with_a_timestamp_line_and_has_no_escapes),
		cmocka_unit_test(test_a_terminal_frame_homes_the_cursor_and_clears_each_line_and_the_rest),
		cmocka_unit_test(test_an_unreachable_api_shows_a_banner_over_the_last_good_table),
		cmocka_unit_test(test_an_api_that_answers_with_an_error_is_not_called_unreachable),
		cmocka_unit_test(test_a_good_refresh_ends_the_outage_and_compares_with_the_table_before_it),
		cmocka_unit_test(test_the_watch_keeps_only_the_latest_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
