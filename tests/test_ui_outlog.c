/* Tests for each host's output log (ui/outlog.h): lines cut as chunks
 * arrive, the line not ended yet, the bound on lines and their length,
 * terminal controls kept off the screen, and the log of no host. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "outlog.h"

static const char *const hosts[] = { "controller", "compute1" };

static int
setup(void **state)
{
	*state = outlog_new(hosts, 2, 4);
	return 0;
}

static int
teardown(void **state)
{
	outlog_free(*state);
	return 0;
}

static const char *
text(struct outlog *log, size_t i, size_t line)
{
	return outlog_line(log, i, line).text;
}

static void
stream(struct outlog *log, size_t i, const char *s)
{
	outlog_stream(log, i, false, s, strlen(s));
}

static void
test_chunks_are_cut_into_lines_whatever_their_boundaries(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "Loaded plug");
	stream(log, 0, "ins: fastestmirror\nResolving");
	stream(log, 0, " Dependencies\n");
	assert_int_equal(outlog_lines(log, 0), 2);
	assert_string_equal(text(log, 0, 0), "Loaded plugins: fastestmirror");
	assert_string_equal(text(log, 0, 1), "Resolving Dependencies");
}

static void
test_a_line_not_ended_yet_shows_as_the_last_line(void **state)
{
	struct outlog *log = *state;

	stream(log, 1, "done\nInstalling : openstack-nova");
	assert_int_equal(outlog_lines(log, 1), 2);
	assert_string_equal(text(log, 1, 1), "Installing : openstack-nova");
}

static void
test_a_line_of_its_own_ends_the_output_line_first(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "no newline at the end");
	outlog_add(log, 0, OUTLOG_END, "run: exit 0");
	assert_int_equal(outlog_lines(log, 0), 2);
	assert_int_equal(outlog_line(log, 0, 0).kind, OUTLOG_STDOUT);
	assert_string_equal(text(log, 0, 0), "no newline at the end");
	assert_int_equal(outlog_line(log, 0, 1).kind, OUTLOG_END);
}

static void
test_standard_error_is_a_kind_of_its_own(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "half");
	outlog_stream(log, 0, true, "warning: created as .rpmnew\n", 29);
	assert_int_equal(outlog_lines(log, 0), 2);
	assert_int_equal(outlog_line(log, 0, 0).kind, OUTLOG_STDOUT);
	assert_int_equal(outlog_line(log, 0, 1).kind, OUTLOG_STDERR);
}

static void
test_only_the_last_lines_are_kept_and_the_dropped_are_counted(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "1\n2\n3\n4\n5\n6\n");
	assert_int_equal(outlog_lines(log, 0), 4);
	assert_string_equal(text(log, 0, 0), "3");
	assert_int_equal(outlog_dropped(log, 0), 2);
	assert_int_equal(outlog_total(log, 0), 6);
}

static void
test_a_very_long_line_is_cut(void **state)
{
	struct outlog *log = *state;
	char *big = calloc(1, OUTLOG_LINE_MAX * 3 + 2);

	memset(big, 'x', OUTLOG_LINE_MAX * 3);
	strcat(big, "\n");
	stream(log, 0, big);
	assert_int_equal(strlen(text(log, 0, 0)), OUTLOG_LINE_MAX);
	free(big);
}

static void
test_a_carriage_return_starts_the_line_again(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "  10%\r  55%\r 100% done\n");
	assert_string_equal(text(log, 0, 0), " 100% done");
}

static void
test_escape_sequences_and_controls_never_reach_the_screen(void **state)
{
	struct outlog *log = *state;

	stream(log, 0, "\x1b[1;31mred\x1b[0m\a and\ttab\n");
	assert_string_equal(text(log, 0, 0), "red and tab");
}

static void
test_output_of_no_host_goes_to_the_last_log(void **state)
{
	struct outlog *log = *state;
	size_t nova = outlog_find(log, NULL);

	assert_int_equal(nova, 2);
	assert_int_equal(outlog_count(log), 3);
	assert_string_equal(outlog_name(log, nova), "nova");
	assert_int_equal(outlog_find(log, "compute1"), 1);
	assert_int_equal(outlog_find(log, "unknown-host"), nova);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_chunks_are_cut_into_lines_whatever_their_boundaries),
		T(test_a_line_not_ended_yet_shows_as_the_last_line),
		T(test_a_line_of_its_own_ends_the_output_line_first),
		T(test_standard_error_is_a_kind_of_its_own),
		T(test_only_the_last_lines_are_kept_and_the_dropped_are_counted),
		T(test_a_very_long_line_is_cut),
		T(test_a_carriage_return_starts_the_line_again),
		T(test_escape_sequences_and_controls_never_reach_the_screen),
		T(test_output_of_no_host_goes_to_the_last_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
