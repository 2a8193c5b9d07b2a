/* Tests for the wizard's copy of the engine's question (ui/prompt.h):
 * which decisions each kind of question allows, what a key is called
 * there, and that nothing is confirmed without the digest of a text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "prompt.h"

static struct ui_prompt
question(enum engine_prompt_kind kind, unsigned choices, const char *digest)
{
	return (struct ui_prompt){ .present = true, .kind = kind,
				   .choices = choices, .text = (char *)"",
				   .digest = (char *)digest };
}

static void
test_a_step_to_confirm_allows_yes_skip_and_stop_only(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_CONFIRM,
				      ENGINE_CHOICE_CONFIRM | ENGINE_CHOICE_SKIP |
				      ENGINE_CHOICE_STOP, "ab12");

	assert_true(ui_prompt_allows(&p, ACTION_CONFIRM));
	assert_true(ui_prompt_allows(&p, ACTION_SKIP));
	assert_true(ui_prompt_allows(&p, ACTION_STOP));
	assert_false(ui_prompt_allows(&p, ACTION_RETRY));
	assert_false(ui_prompt_allows(&p, ACTION_OVERRIDE));
	assert_false(ui_prompt_allows(&p, ACTION_BATCH));
	assert_false(ui_prompt_allows(&p, ACTION_MARK_DONE));
	assert_string_equal(ui_prompt_label(&p, ACTION_CONFIRM), "run it");
	assert_string_equal(ui_prompt_label(&p, ACTION_RETRY), "");
}

static void
test_yes_without_the_digest_of_a_text_is_not_allowed(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_CONFIRM,
				      ENGINE_CHOICE_CONFIRM, NULL);

	assert_false(ui_prompt_allows(&p, ACTION_CONFIRM));
}

static void
test_an_unknown_outcome_offers_the_probe_then_three_decisions(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_UNKNOWN,
				      ENGINE_CHOICE_DECIDE | ENGINE_CHOICE_STOP |
				      ENGINE_CHOICE_CONFIRM, "cd34");

	assert_string_equal(ui_prompt_label(&p, ACTION_CONFIRM),
			    "run the probe");
	assert_string_equal(ui_prompt_label(&p, ACTION_RETRY), "re-run");
	assert_true(ui_prompt_allows(&p, ACTION_MARK_DONE));
	assert_true(ui_prompt_allows(&p, ACTION_MARK_FAILED));
	assert_false(ui_prompt_allows(&p, ACTION_SKIP));
}

static void
test_a_host_key_is_accepted_with_yes_and_refused_with_no(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_HOSTKEY,
				      ENGINE_CHOICE_HOSTKEY | ENGINE_CHOICE_STOP,
				      NULL);

	assert_true(ui_prompt_allows(&p, ACTION_CONFIRM));
	assert_string_equal(ui_prompt_label(&p, ACTION_CONFIRM),
			    "accept the key");
	assert_true(ui_prompt_allows(&p, ACTION_REFUSE));
	assert_false(ui_prompt_allows(&p, ACTION_SKIP));
}

static void
test_a_failed_gate_can_be_overridden_with_a_reason(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_GATE,
				      ENGINE_CHOICE_OVERRIDE | ENGINE_CHOICE_RETRY |
				      ENGINE_CHOICE_SKIP | ENGINE_CHOICE_STOP,
				      NULL);

	assert_true(ui_prompt_allows(&p, ACTION_OVERRIDE));
	assert_string_equal(ui_prompt_label(&p, ACTION_RETRY), "retry");
	assert_false(ui_prompt_allows(&p, ACTION_CONFIRM));
}

static void
test_the_first_step_of_a_batch_takes_a_batch_size_and_a_migration(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_CONFIRM,
				      ENGINE_CHOICE_CONFIRM | ENGINE_CHOICE_BATCH |
				      ENGINE_CHOICE_MIGRATION, "ef56");

	assert_true(ui_prompt_allows(&p, ACTION_BATCH));
	assert_true(ui_prompt_allows(&p, ACTION_MIGRATION));
}

static void
test_without_an_engine_nothing_is_allowed(void **state)
{
	struct ui_prompt p = { .present = false };

	for (int a = ACTION_NONE; a < ACTION_COUNT; a++)
		assert_false(ui_prompt_allows(&p, a));
	assert_false(ui_prompt_waits(&p));
}

static void
test_the_engine_waits_for_the_operator_unless_busy_stopped_or_done(void **state)
{
	struct ui_prompt p = question(ENGINE_PROMPT_BUSY, ENGINE_CHOICE_STOP,
				      NULL);

	assert_false(ui_prompt_waits(&p));
	p.kind = ENGINE_PROMPT_DONE;
	assert_false(ui_prompt_waits(&p));
	p.kind = ENGINE_PROMPT_BATCH_SIZE;
	assert_true(ui_prompt_waits(&p));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_step_to_confirm_allows_yes_skip_and_stop_only),
		cmocka_unit_test(test_yes_without_the_digest_of_a_text_is_not_allowed),
		cmocka_unit_test(test_an_unknown_outcome_offers_the_probe_then_three_decisions),
		cmocka_unit_test(test_a_host_key_is_accepted_with_yes_and_refused_with_no),
		cmocka_unit_test(test_a_failed_gate_can_be_overridden_with_a_reason),
		cmocka_unit_test(test_the_first_step_of_a_batch_takes_a_batch_size_and_a_migration),
		cmocka_unit_test(test_without_an_engine_nothing_is_allowed),
		cmocka_unit_test(test_the_engine_waits_for_the_operator_unless_busy_stopped_or_done),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
