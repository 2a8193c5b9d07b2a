/* Tests for the line typed on the bottom line (ui/lineedit.h): keys
 * add, Backspace takes back a whole UTF-8 character, Enter ends, Esc
 * throws away, and the buffer is never overrun. */
#include "config.h"

#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lineedit.h"

static void
type(char *buf, size_t size, const char *keys)
{
	for (const char *k = keys; *k != '\0'; k++)
		lineedit_key(buf, size, (unsigned char)*k);
}

static void
test_printable_keys_are_added_and_enter_ends_the_line(void **state)
{
	char buf[32] = "";

	type(buf, sizeof buf, "spare");
	assert_string_equal(buf, "spare");
	assert_int_equal(lineedit_key(buf, sizeof buf, '\r'), LINEEDIT_DONE);
	assert_string_equal(buf, "spare");
}

static void
test_backspace_takes_back_a_whole_character(void **state)
{
	char buf[32] = "";

	type(buf, sizeof buf, "caf\xc3\xa9");
	assert_int_equal(lineedit_key(buf, sizeof buf, KEY_BACKSPACE),
			 LINEEDIT_CHANGED);
	assert_string_equal(buf, "caf");
}

static void
test_esc_throws_the_line_away(void **state)
{
	char buf[32] = "";

	type(buf, sizeof buf, "oops");
	assert_int_equal(lineedit_key(buf, sizeof buf, 27), LINEEDIT_CANCELLED);
	assert_string_equal(buf, "");
}

static void
test_a_full_line_takes_no_more(void **state)
{
	char buf[4] = "";

	type(buf, sizeof buf, "abcdef");
	assert_string_equal(buf, "abc");
}

static void
test_keys_that_are_not_text_are_left_alone(void **state)
{
	char buf[8] = "ab";

	assert_int_equal(lineedit_key(buf, sizeof buf, KEY_UP),
			 LINEEDIT_IGNORED);
	assert_int_equal(lineedit_key(buf, sizeof buf, '\t'), LINEEDIT_IGNORED);
	assert_string_equal(buf, "ab");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printable_keys_are_added_and_enter_ends_the_line),
		cmocka_unit_test(test_backspace_takes_back_a_whole_character),
		cmocka_unit_test(test_esc_throws_the_line_away),
		cmocka_unit_test(test_a_full_line_takes_no_more),
		cmocka_unit_test(test_keys_that_are_not_text_are_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
