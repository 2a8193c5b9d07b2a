/* Tests for pysettings: Horizon's local_settings read as Python logical
 * lines, its top-level assignments found, and their values replaced with
 * every other byte kept. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pysettings.h"

#define INI_DATA OU_TEST_DATA "/ini/"
#define LAB_FILES OU_SRCDIR "/lab/files"

static struct pysettings *
parse_ok(const char *text)
{
	struct pysettings *ps = NULL;
	struct ou_error err = { .msg = "" };

	if (pysettings_parse("local_settings", text, strlen(text), &ps, &err) < 0)
		fail_msg("%s", err.msg);
	return ps;
}

static void
assert_parse_fails(const char *text, const char *want)
{
	struct pysettings *ps = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(pysettings_parse("local_settings", text, strlen(text),
					  &ps, &err), -1);
	assert_null(ps);
	assert_string_equal(err.msg, want);
}

static void
assert_text(const struct pysettings *ps, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	pysettings_write(ps, &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void
set_ok(struct pysettings *ps, const char *name, const char *expr)
{
	struct ou_error err = { .msg = "" };

	if (pysettings_set(ps, name, expr, &err) < 0)
		fail_msg("%s", err.msg);
}

static struct pysettings *
load_file(const char *path, struct strbuf *text)
{
	struct ou_error err = { .msg = "" };
	struct pysettings *ps = NULL;

	if (strbuf_read_file(text, path, &err) < 0 ||
	    pysettings_parse(path, strbuf_str(text), text->len, &ps, &err) < 0)
		fail_msg("%s", err.msg);
	return ps;
}

static void
assert_file_round_trips(const char *path)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct pysettings *ps = load_file(path, &in);

	pysettings_write(ps, &out);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.buf, in.buf, in.len);
	pysettings_free(ps);
	strbuf_release(&in);
	strbuf_release(&out);
}

static void
test_every_local_settings_round_trips_byte_for_byte(void **state)
{
	assert_file_round_trips(INI_DATA "local_settings");
	assert_file_round_trips(INI_DATA "local_settings.rpmnew");
	assert_file_round_trips(LAB_FILES "/icehouse/etc/openstack-dashboard/local_settings");
	assert_file_round_trips(LAB_FILES "/juno/etc/openstack-dashboard/local_settings");
}

static void
test_top_level_assignments_are_found_with_their_lines(void **state)
{
	struct strbuf in = STRBUF_INIT;
	struct pysettings *ps = load_file(INI_DATA "local_settings.rpmnew", &in);
	const struct pysettings_assignment *a;

	a = pysettings_find(ps, "SECRET_KEY");
	assert_non_null(a);
	assert_int_equal(a->line, 57);
	assert_int_equal(a->end_line, 58);
	assert_string_equal(a->expr, "secret_key.generate_or_read_from_file(\n"
			    "    '/var/lib/openstack-dashboard/secret_key')");
	a = pysettings_find(ps, "CACHES");
	assert_int_equal(a->line, 63);
	assert_int_equal(a->end_line, 68);
	assert_string_equal(pysettings_get(ps, "OPENSTACK_HOST"), "\"127.0.0.1\"");
	assert_string_equal(pysettings_get(ps, "ALLOWED_HOSTS"),
			    "['horizon.example.com', 'localhost']");
	/* commented out, so not assigned */
	assert_null(pysettings_find(ps, "SECURE_PROXY_SSL_HEADER"));
	assert_ptr_equal(pysettings_line_assignment(ps, 65), a);
	pysettings_free(ps);
	strbuf_release(&in);
}

static void
test_a_triple_quoted_string_is_one_expression(void **state)
{
	struct pysettings *ps = parse_ok("HELP = '''one\nX = 2\n''' # why\n"
					 "Y = 3\n");

	assert_string_equal(pysettings_get(ps, "HELP"), "'''one\nX = 2\n'''");
	assert_null(pysettings_get(ps, "X"));
	assert_string_equal(pysettings_get(ps, "Y"), "3");
	pysettings_free(ps);
}

static void
test_a_backslash_continues_the_statement(void **state)
{
	struct pysettings *ps = parse_ok("URL = 'http://' + \\\n    HOST\nN = 1\n");

	assert_string_equal(pysettings_get(ps, "URL"), "'http://' + \\\n    HOST");
	assert_string_equal(pysettings_get(ps, "N"), "1");
	pysettings_free(ps);
}

static void
test_indented_and_other_statements_are_not_settings(void **state)
{
	struct pysettings *ps = parse_ok("import os\nif DEBUG:\n    LEVEL = 1\n"
					 "DEBUG == True\nTOTAL += 1\n"
					 "A = 1; B = 2\nC = 3\n");

	assert_int_equal(pysettings_count(ps), 1);
	assert_string_equal(pysettings_at(ps, 0)->name, "C");
	pysettings_free(ps);
}

static void
test_a_hash_inside_a_string_is_not_a_comment(void **state)
{
	struct pysettings *ps = parse_ok("URL = \"http://h/#frag\"  # note\n");

	assert_string_equal(pysettings_get(ps, "URL"), "\"http://h/#frag\"");
	pysettings_free(ps);
}

static void
test_the_last_assignment_of_a_name_is_the_one_read(void **state)
{
	struct pysettings *ps = parse_ok("DEBUG = True\nDEBUG = False\n");

	assert_string_equal(pysettings_get(ps, "DEBUG"), "False");
	set_ok(ps, "DEBUG", "True");
	assert_text(ps, "DEBUG = True\nDEBUG = True\n");
	pysettings_free(ps);
}

static void
test_set_replaces_the_expression_keeping_comments_and_layout(void **state)
{
	struct pysettings *ps = parse_ok("# top\nCACHES = {\n    'a': 1,\n}  # mc\n"
					 "TIME_ZONE = \"UTC\"\r\n");

	set_ok(ps, "CACHES", "{'default': {'LOCATION': '192.0.2.11:11211'}}");
	assert_text(ps, "# top\nCACHES = {'default': {'LOCATION': "
			"'192.0.2.11:11211'}}  # mc\nTIME_ZONE = \"UTC\"\r\n");
	pysettings_free(ps);
}

static void
test_set_of_an_unset_name_goes_after_its_commented_example(void **state)
{
	struct pysettings *ps = parse_ok("# versions\n# OPENSTACK_API_VERSIONS = {\n"
					 "#     \"identity\": 3\n# }\n\nX = 1\n");

	set_ok(ps, "OPENSTACK_API_VERSIONS", "{\n    \"identity\": 3\n}");
	assert_text(ps, "# versions\n# OPENSTACK_API_VERSIONS = {\n"
			"#     \"identity\": 3\n# }\nOPENSTACK_API_VERSIONS = {\n"
			"    \"identity\": 3\n}\n\nX = 1\n");
	pysettings_free(ps);
}

static void
test_set_of_an_unset_name_without_example_goes_at_the_end(void **state)
{
	struct pysettings *ps = parse_ok("X = 1");

	set_ok(ps, "OPENSTACK_HOST", "\"192.0.2.11\"");
	assert_text(ps, "X = 1\nOPENSTACK_HOST = \"192.0.2.11\"\n");
	pysettings_free(ps);
}

static void
test_set_refuses_what_is_not_one_expression_and_changes_nothing(void **state)
{
	struct pysettings *ps = parse_ok("X = 1\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(pysettings_set(ps, "X", "[1,", &err), -1);
	assert_int_equal(pysettings_set(ps, "X", "1\nY = 2", &err), -1);
	assert_string_equal(err.msg, "cannot set X: local_settings: the new "
			    "value of X is not one Python expression");
	assert_int_equal(pysettings_set(ps, "2X", "1", &err), -1);
	assert_int_equal(pysettings_set(ps, "X", "  ", &err), -1);
	assert_text(ps, "X = 1\n");
	pysettings_free(ps);
}

static void
test_an_unterminated_string_is_an_error_naming_its_start(void **state)
{
	assert_parse_fails("A = 1\nB = 'oops\nC = 2\n",
			   "local_settings:2:5: unterminated string");
	assert_parse_fails("A = \"\"\"never closed\n\n",
			   "local_settings:1:5: unterminated string");
}

static void
test_an_unclosed_bracket_is_an_error_naming_it(void **state)
{
	assert_parse_fails("A = 1\nB = {\n  'x': [1, 2],\n",
			   "local_settings:2:5: bracket not closed before the "
			   "end of the file");
	assert_parse_fails("A = (1]\n", "local_settings:1:7: closing bracket "
			   "matches no opening one");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_local_settings_round_trips_byte_for_byte),
		cmocka_unit_test(test_top_level_assignments_are_found_with_their_lines),
		cmocka_unit_test(test_a_triple_quoted_string_is_one_expression),
		cmocka_unit_test(test_a_backslash_continues_the_statement),
		cmocka_unit_test(test_indented_and_other_statements_are_not_settings),
		cmocka_unit_test(test_a_hash_inside_a_string_is_not_a_comment),
		cmocka_unit_test(test_the_last_assignment_of_a_name_is_the_one_read),
		cmocka_unit_test(test_set_replaces_the_expression_keeping_comments_and_layout),
		cmocka_unit_test(test_set_of_an_unset_name_goes_after_its_commented_example),
		cmocka_unit_test(test_set_of_an_unset_name_without_example_goes_at_the_end),
		cmocka_unit_test(test_set_refuses_what_is_not_one_expression_and_changes_nothing),
		cmocka_unit_test(test_an_unterminated_string_is_an_error_naming_its_start),
		cmocka_unit_test(test_an_unclosed_bracket_is_an_error_naming_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
