/* Tests for how the wizard's lists move (ui/listview.h) and how keys
 * find their actions and names (ui/keymap.h, ui/action.h). */
#include "config.h"

#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "keymap.h"
#include "listview.h"
#include "loop.h"

static void
test_down_stops_at_the_last_line(void **state)
{
	struct listview lv = { .n = 3 };

	for (int i = 0; i < 5; i++)
		listview_key(&lv, ACTION_DOWN, 10);
	assert_int_equal(lv.cursor, 2);
}

static void
test_page_down_moves_a_page_less_one_and_keeps_the_cursor_shown(void **state)
{
	struct listview lv = { .n = 100 };

	assert_int_equal(listview_key(&lv, ACTION_PAGE_DOWN, 10),
			 LOOP_HANDLED | LOOP_REDRAW);
	assert_int_equal(lv.cursor, 9);
	listview_key(&lv, ACTION_PAGE_DOWN, 10);
	assert_int_equal(lv.cursor, 18);
	assert_int_equal(lv.top, 9);
}

static void
test_home_and_end_go_to_the_ends(void **state)
{
	struct listview lv = { .n = 50, .cursor = 20, .top = 15 };

	listview_key(&lv, ACTION_LAST, 10);
	assert_int_equal(lv.cursor, 49);
	assert_int_equal(lv.top, 40);
	listview_key(&lv, ACTION_FIRST, 10);
	assert_int_equal(lv.cursor, 0);
	assert_int_equal(lv.top, 0);
}

static void
test_a_scroll_only_list_never_scrolls_past_its_last_page(void **state)
{
	struct listview lv = { .n = 25, .scroll_only = true };

	listview_key(&lv, ACTION_LAST, 10);
	assert_int_equal(lv.top, 15);
	listview_key(&lv, ACTION_DOWN, 10);
	assert_int_equal(lv.top, 15);
}

static void
test_a_shrinking_list_pulls_the_cursor_back_in(void **state)
{
	struct listview lv = { .n = 30, .cursor = 25, .top = 20 };

	listview_set_count(&lv, 4, 10);
	assert_int_equal(lv.cursor, 3);
	assert_int_equal(lv.top, 0);
}

static void
test_other_actions_are_left_to_the_caller(void **state)
{
	struct listview lv = { .n = 3 };

	assert_int_equal(listview_key(&lv, ACTION_ENTER, 10), 0);
}

static void
test_vi_keys_and_arrows_ask_for_the_same_moves(void **state)
{
	assert_int_equal(keymap_action(NULL, 'j'), ACTION_DOWN);
	assert_int_equal(keymap_action(NULL, KEY_DOWN), ACTION_DOWN);
	assert_int_equal(keymap_action(NULL, 'k'), ACTION_UP);
	assert_int_equal(keymap_action(NULL, KEY_NPAGE), ACTION_PAGE_DOWN);
	assert_int_equal(keymap_action(NULL, KEY_HOME), ACTION_FIRST);
	assert_int_equal(keymap_action(NULL, 'G'), ACTION_LAST);
}

static void
test_a_screen_map_is_looked_up_before_the_global_one(void **state)
{
	assert_int_equal(keymap_action(&keymap_services, '/'), ACTION_FILTER);
	assert_int_equal(keymap_action(&keymap_services, 'q'), ACTION_QUIT);
	assert_int_equal(keymap_action(NULL, '/'), ACTION_NONE);
}

static void
test_keys_are_named_as_the_help_shows_them(void **state)
{
	char buf[64];

	keymap_keys(&keymap_global, ACTION_ENTER, buf, sizeof buf);
	assert_string_equal(buf, "Enter Right l");
	keymap_keys(&keymap_global, ACTION_PAGE_UP, buf, sizeof buf);
	assert_string_equal(buf, "PgUp ^B");
	keymap_keys(&keymap_services, ACTION_QUIT, buf, sizeof buf);
	assert_string_equal(buf, "");
}

static void
test_a_hint_names_the_first_key_of_an_action(void **state)
{
	char buf[64];

	keymap_first_key(&keymap_global, ACTION_ENTER, buf, sizeof buf);
	assert_string_equal(buf, "Enter");
	keymap_first_key(&keymap_now, ACTION_CONFIRM, buf, sizeof buf);
	assert_string_equal(buf, "y");
}

static void
test_no_decision_is_on_a_key_that_moves(void **state)
{
	for (size_t i = 0; i < keymap_now.n_bindings; i++)
		assert_int_equal(keymap_action(NULL,
					       keymap_now.bindings[i].key),
				 ACTION_NONE);
}

static void
test_no_review_decision_is_on_a_key_that_moves(void **state)
{
	for (size_t i = 0; i < keymap_review.n_bindings; i++)
		assert_int_equal(keymap_action(NULL,
					       keymap_review.bindings[i].key),
				 ACTION_NONE);
}

static void
test_every_action_has_a_name_help_and_group(void **state)
{
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		assert_true(action_name(a)[0] != '\0');
		assert_true(action_help(a)[0] != '\0');
		assert_true(action_group(a)[0] != '\0');
	}
	assert_string_equal(action_group(ACTION_SORT), "Lists");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_down_stops_at_the_last_line),
		cmocka_unit_test(test_page_down_moves_a_page_less_one_and_keeps_the_cursor_shown),
		cmocka_unit_test(test_home_and_end_go_to_the_ends),
		cmocka_unit_test(test_a_scroll_only_list_never_scrolls_past_its_last_page),
		cmocka_unit_test(test_a_shrinking_list_pulls_the_cursor_back_in),
		cmocka_unit_test(test_other_actions_are_left_to_the_caller),
		cmocka_unit_test(test_vi_keys_and_arrows_ask_for_the_same_moves),
		cmocka_unit_test(test_a_screen_map_is_looked_up_before_the_global_one),
		cmocka_unit_test(test_keys_are_named_as_the_help_shows_them),
		cmocka_unit_test(test_a_hint_names_the_first_key_of_an_action),
		cmocka_unit_test(test_no_decision_is_on_a_key_that_moves),
		cmocka_unit_test(test_no_review_decision_is_on_a_key_that_moves),
		cmocka_unit_test(test_every_action_has_a_name_help_and_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
