/* Tests for strbuf: formatted text, whether or not it fits in the room
 * the buffer has, and strings appended in turn. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"

static void
test_formatted_text_that_fits_is_appended(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_adds(&sb, "nova: ");
	strbuf_addf(&sb, "wait %u s on %s", 60u, "compute1");
	assert_string_equal(strbuf_str(&sb), "nova: wait 60 s on compute1");
	assert_int_equal(sb.len, strlen(strbuf_str(&sb)));
	strbuf_release(&sb);
}

/* Longer than the room left: the buffer grows and the text is whole. */
static void
test_formatted_text_longer_than_the_room_is_appended_whole(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char long_word[3000];

	(void)state;
	memset(long_word, 'x', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	strbuf_adds(&sb, "start ");
	strbuf_addf(&sb, "[%s] %d", long_word, 42);
	assert_int_equal(sb.len, 6 + 1 + 2999 + 1 + 3);
	assert_memory_equal(sb.buf, "start [x", 8);
	assert_string_equal(sb.buf + sb.len - 5, "x] 42");
	strbuf_release(&sb);
}

static void
test_empty_formatted_text_leaves_an_empty_string(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addf(&sb, "%s", "");
	assert_int_equal(sb.len, 0);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_release(&sb);
}

static void
test_strings_are_appended_in_turn_up_to_the_null(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstrs(&sb, "nova: enable ", "nova-compute", " on ",
		       "compute2", (char *)NULL);
	strbuf_addstrs(&sb, (char *)NULL);
	assert_string_equal(strbuf_str(&sb),
			    "nova: enable nova-compute on compute2");
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formatted_text_that_fits_is_appended),
		cmocka_unit_test(test_formatted_text_longer_than_the_room_is_appended_whole),
		cmocka_unit_test(test_empty_formatted_text_leaves_an_empty_string),
		cmocka_unit_test(test_strings_are_appended_in_turn_up_to_the_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
