/* Tests for template: {{name}} holes, quoting per mode, and the errors
 * for a malformed template or an unknown name. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "template.h"

struct test_var {
	const char *name;
	const char *value;
};

static const struct test_var test_vars[] = {
	{ .name = "host", .value = "compute1" },
	{ .name = "cap", .value = "3.23.1" },
	{ .name = "reason", .value = "upgrade to Juno" },
	{ .name = "address:keystone", .value = "192.0.2.10" },
	{ .name = "hostile", .value = "x'; reboot; echo '$(id)" },
	{ .name = "empty", .value = "" },
	{ .name = "braces", .value = "{{host}}" },
	{ .name = "odd.name-with_all:chars9", .value = "ok" },
	{ .name = NULL, .value = NULL },
};

static const char *
test_lookup(void *ctx, const char *name)
{
	const struct test_var *vars = ctx;

	for (const struct test_var *v = vars; v->name != NULL; v++)
		if (strcmp(v->name, name) == 0)
			return v->value;
	return NULL;
}

static char *
expand(const char *text, enum template_mode mode, struct ou_error *err)
{
	return template_expand(text, mode, test_lookup, (void *)test_vars,
			       err);
}

static void
assert_expands_to(const char *text, enum template_mode mode,
		  const char *want)
{
	struct ou_error err = { .msg = "" };
	char *got = expand(text, mode, &err);

	if (got == NULL)
		fail_msg("%s: %s", text, err.msg);
	assert_string_equal(got, want);
	free(got);
}

static void
assert_expand_fails(const char *text, const char *want_msg)
{
	struct ou_error err = { .msg = "" };
	char *got = expand(text, TEMPLATE_SHELL, &err);

	assert_null(got);
	assert_string_equal(err.msg, want_msg);
}

static void
test_text_without_holes_is_unchanged(void **state)
{
	assert_expands_to("openstack-service stop keystone", TEMPLATE_SHELL,
			  "openstack-service stop keystone");
	assert_expands_to("", TEMPLATE_SHELL, "");
}

static void
test_a_hole_is_replaced_by_its_value(void **state)
{
	assert_expands_to("ping -c1 {{host}}", TEMPLATE_SHELL,
			  "ping -c1 compute1");
}

static void
test_blanks_inside_the_braces_are_trimmed(void **state)
{
	assert_expands_to("{{ host }}/{{\thost\t}}/{{host  }}", TEMPLATE_SHELL,
			  "compute1/compute1/compute1");
}

static void
test_shell_mode_quotes_each_value(void **state)
{
	assert_expands_to("logger {{reason}}", TEMPLATE_SHELL,
			  "logger 'upgrade to Juno'");
	assert_expands_to("echo {{empty}}", TEMPLATE_SHELL, "echo ''");
}

static void
test_a_hostile_value_stays_one_quoted_word(void **state)
{
	assert_expands_to("echo {{hostile}}", TEMPLATE_SHELL,
			  "echo 'x'\\''; reboot; echo '\\''$(id)'");
}

static void
test_plain_mode_inserts_values_as_they_are(void **state)
{
	assert_expands_to("reason: {{reason}}", TEMPLATE_PLAIN,
			  "reason: upgrade to Juno");
	assert_expands_to("{{hostile}}", TEMPLATE_PLAIN,
			  "x'; reboot; echo '$(id)");
}

static void
test_a_value_is_not_expanded_again(void **state)
{
	assert_expands_to("{{braces}}", TEMPLATE_PLAIN, "{{host}}");
	assert_expands_to("{{braces}}", TEMPLATE_SHELL, "'{{host}}'");
}

static void
test_a_hole_can_sit_inside_a_word(void **state)
{
	assert_expands_to("http://{{address:keystone}}:5000/v2.0",
			  TEMPLATE_SHELL, "http://192.0.2.10:5000/v2.0");
}

static void
test_address_colon_role_is_one_name(void **state)
{
	assert_expands_to("{{ address:keystone }}", TEMPLATE_SHELL,
			  "192.0.2.10");
}

static void
test_names_may_use_letters_digits_and_underscore_colon_dot_dash(void **state)
{
	assert_expands_to("{{odd.name-with_all:chars9}}", TEMPLATE_SHELL, "ok");
}

static void
test_a_single_brace_is_literal(void **state)
{
	assert_expands_to("awk '{print $1}' {x} ${HOME} { {{host}} }",
			  TEMPLATE_SHELL,
			  "awk '{print $1}' {x} ${HOME} { compute1 }");
	assert_expands_to("}} alone", TEMPLATE_SHELL, "}} alone");
}

static void
test_a_third_closing_brace_is_literal(void **state)
{
	assert_expands_to("{{host}}}", TEMPLATE_SHELL, "compute1}");
}

static void
test_an_unknown_name_is_an_error_naming_it(void **state)
{
	assert_expand_fails("echo {{ hots }}", "unknown variable 'hots'");
}

static void
test_an_unclosed_hole_is_an_error_naming_its_column(void **state)
{
	assert_expand_fails("echo {{host", "column 6: unclosed '{{' "
			    "(expected '}}')");
	assert_expand_fails("echo {{", "column 6: unclosed '{{' "
			    "(expected '}}')");
}

static void
test_an_empty_name_is_an_error_naming_its_column(void **state)
{
	assert_expand_fails("ab {{ }}", "column 4: empty name in '{{ }}'");
	assert_expand_fails("{{}}", "column 1: empty name in '{{ }}'");
}

static void
test_a_bad_character_in_a_name_is_an_error_naming_its_column(void **state)
{
	assert_expand_fails("{{ a b }}", "column 6: unexpected 'b' in '{{ }}': "
			    "a name is letters, digits, '_', ':', '.' and '-'");
	assert_expand_fails("{{a$}}", "column 4: unexpected '$' in '{{ }}': "
			    "a name is letters, digits, '_', ':', '.' and '-'");
}

static void
test_a_control_byte_in_a_name_is_named_by_its_code(void **state)
{
	assert_expand_fails("{{a\n}}", "column 4: unexpected byte 0x0a in "
			    "'{{ }}': a name is letters, digits, '_', ':', "
			    "'.' and '-'");
}

static void
test_an_error_on_a_later_line_names_line_and_column(void **state)
{
	assert_expand_fails("echo one\n  echo {{", "line 2, column 8: "
			    "unclosed '{{' (expected '}}')");
}

static int
collect_name(void *ctx, const char *name)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "[%s]", name);
	return 0;
}

static void
test_each_name_visits_every_name_in_order(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err = { .msg = "" };

	assert_int_equal(template_each_name("{{ a }} x {{address:b}} {{a}}",
					    collect_name, &sb, &err), 0);
	assert_string_equal(strbuf_str(&sb), "[a][address:b][a]");
	strbuf_release(&sb);
}

static int
stop_at_b(void *ctx, const char *name)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "[%s]", name);
	return strcmp(name, "b") == 0 ? 7 : 0;
}

static void
test_each_name_stops_at_the_first_non_zero_return(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err = { .msg = "" };

	assert_int_equal(template_each_name("{{a}}{{b}}{{c}}", stop_at_b, &sb,
					    &err), 7);
	assert_string_equal(strbuf_str(&sb), "[a][b]");
	strbuf_release(&sb);
}

static void
test_each_name_reports_a_malformed_template(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err = { .msg = "" };

	assert_int_equal(template_each_name("{{a}} {{", collect_name, &sb,
					    &err), -1);
	assert_string_equal(err.msg, "column 7: unclosed '{{' (expected '}}')");
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_without_holes_is_unchanged),
		cmocka_unit_test(test_a_hole_is_replaced_by_its_value),
		cmocka_unit_test(test_blanks_inside_the_braces_are_trimmed),
		cmocka_unit_test(test_shell_mode_quotes_each_value),
		cmocka_unit_test(test_a_hostile_value_stays_one_quoted_word),
		cmocka_unit_test(test_plain_mode_inserts_values_as_they_are),
		cmocka_unit_test(test_a_value_is_not_expanded_again),
		cmocka_unit_test(test_a_hole_can_sit_inside_a_word),
		cmocka_unit_test(test_address_colon_role_is_one_name),
		cmocka_unit_test(test_names_may_use_letters_digits_and_underscore_colon_dot_dash),
		cmocka_unit_test(test_a_single_brace_is_literal),
		cmocka_unit_test(test_a_third_closing_brace_is_literal),
		cmocka_unit_test(test_an_unknown_name_is_an_error_naming_it),
		cmocka_unit_test(test_an_unclosed_hole_is_an_error_naming_its_column),
		cmocka_unit_test(test_an_empty_name_is_an_error_naming_its_column),
		cmocka_unit_test(test_a_bad_character_in_a_name_is_an_error_naming_its_column),
		cmocka_unit_test(test_a_control_byte_in_a_name_is_named_by_its_code),
		cmocka_unit_test(test_an_error_on_a_later_line_names_line_and_column),
		cmocka_unit_test(test_each_name_visits_every_name_in_order),
		cmocka_unit_test(test_each_name_stops_at_the_first_non_zero_return),
		cmocka_unit_test(test_each_name_reports_a_malformed_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
