/* Tests for yamldoc: the node tree and its marks, what it refuses
 * (duplicate keys, aliases, anchors, tags, several documents, deep
 * nesting) and the checks the parsers build on. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "yamldoc.h"

static struct ydoc *
parse_ok(const char *yaml)
{
	struct ou_error err = { .msg = "" };
	struct ydoc *doc = ydoc_parse("t.yaml", yaml, strlen(yaml), &err);

	if (doc == NULL)
		fail_msg("unexpected error: %s", err.msg);
	return doc;
}

/* The parse fails with a message that starts "where: " and holds phrase. */
static void
assert_parse_fails(const char *yaml, size_t len, const char *where,
		   const char *phrase)
{
	struct ou_error err = { .msg = "" };
	size_t n = strlen(where);

	assert_null(ydoc_parse("t.yaml", yaml, len, &err));
	if (strncmp(err.msg, where, n) != 0 || strncmp(err.msg + n, ": ", 2))
		fail_msg("expected a message at %s, got: %s", where, err.msg);
	if (strstr(err.msg, phrase) == NULL)
		fail_msg("expected '%s' in: %s", phrase, err.msg);
}

static void
assert_mark(const struct ynode *node, unsigned line, unsigned column)
{
	assert_non_null(node);
	assert_int_equal(node->line, line);
	assert_int_equal(node->column, column);
}

/* k lists, each the only item of the one around it. */
static char *
nested_lists(size_t k)
{
	char *s = malloc(2 * k + 2);

	assert_non_null(s);
	memset(s, '[', k);
	memset(s + k, ']', k);
	s[2 * k] = '\n';
	s[2 * k + 1] = '\0';
	return s;
}

/* ---- the tree ---------------------------------------------------- */

static void
test_empty_input_is_a_document_without_root(void **state)
{
	struct ydoc *doc = parse_ok("");

	assert_null(doc->root);
	assert_string_equal(doc->name, "t.yaml");
	ydoc_free(doc);
}

static void
test_comment_only_input_is_a_document_without_root(void **state)
{
	struct ydoc *doc = parse_ok("# nothing here\n");

	assert_null(doc->root);
	ydoc_free(doc);
}

static void
test_every_node_knows_its_line_and_column(void **state)
{
	struct ydoc *doc = parse_ok("# comment\n"
				    "top:\n"
				    "  key: value\n"
				    "  list:\n"
				    "    - one\n"
				    "    - {a: b}\n");
	const struct ynode *top = ynode_get(doc->root, "top");
	const struct ynode *list = ynode_get(top, "list");

	assert_mark(doc->root, 2, 1);
	assert_mark(doc->root->pairs[0].key, 2, 1);
	assert_mark(top, 3, 3);
	assert_mark(top->pairs[0].key, 3, 3);
	assert_mark(ynode_get(top, "key"), 3, 8);
	assert_mark(list, 5, 5);
	assert_mark(list->items[0], 5, 7);
	assert_mark(list->items[1], 6, 7);
	assert_mark(ynode_get(list->items[1], "a"), 6, 11);
	ydoc_free(doc);
}

static void
test_nodes_have_the_kind_they_are_written_as(void **state)
{
	struct ydoc *doc = parse_ok("s: x\nl: [1, 2]\nm: {k: v}\n");

	assert_int_equal(ynode_get(doc->root, "s")->kind, YNODE_SCALAR);
	assert_string_equal(ynode_get(doc->root, "s")->scalar, "x");
	assert_int_equal(ynode_get(doc->root, "l")->kind, YNODE_SEQ);
	assert_int_equal(ynode_get(doc->root, "l")->n_items, 2);
	assert_int_equal(ynode_get(doc->root, "m")->kind, YNODE_MAP);
	assert_int_equal(ynode_get(doc->root, "m")->n_pairs, 1);
	ydoc_free(doc);
}

static void
test_mapping_keeps_document_order(void **state)
{
	struct ydoc *doc = parse_ok("zebra: 1\napple: 2\nmango: 3\n");

	assert_int_equal(doc->root->n_pairs, 3);
	assert_string_equal(doc->root->pairs[0].key->scalar, "zebra");
	assert_string_equal(doc->root->pairs[1].key->scalar, "apple");
	assert_string_equal(doc->root->pairs[2].key->scalar, "mango");
	ydoc_free(doc);
}

static void
test_plain_scalar_is_not_quoted(void **state)
{
	struct ydoc *doc = parse_ok("a: true\n");

	assert_false(ynode_get(doc->root, "a")->quoted);
	ydoc_free(doc);
}

static void
test_single_and_double_quoted_scalars_are_quoted(void **state)
{
	struct ydoc *doc = parse_ok("a: 'true'\nb: \"true\"\n");

	assert_true(ynode_get(doc->root, "a")->quoted);
	assert_string_equal(ynode_get(doc->root, "a")->scalar, "true");
	assert_true(ynode_get(doc->root, "b")->quoted);
	ydoc_free(doc);
}

static void
test_block_scalar_counts_as_quoted(void **state)
{
	struct ydoc *doc = parse_ok("a: |\n  line one\n  line two\n");

	assert_true(ynode_get(doc->root, "a")->quoted);
	assert_string_equal(ynode_get(doc->root, "a")->scalar,
			    "line one\nline two\n");
	ydoc_free(doc);
}

static void
test_empty_value_is_an_empty_plain_scalar(void **state)
{
	struct ydoc *doc = parse_ok("a:\n");
	const struct ynode *a = ynode_get(doc->root, "a");

	assert_int_equal(a->kind, YNODE_SCALAR);
	assert_string_equal(a->scalar, "");
	assert_false(a->quoted);
	ydoc_free(doc);
}

static void
test_get_of_an_absent_key_is_null(void **state)
{
	struct ydoc *doc = parse_ok("a: 1\n");

	assert_null(ynode_get(doc->root, "b"));
	ydoc_free(doc);
}

static void
test_get_on_a_list_or_null_is_null(void **state)
{
	struct ydoc *doc = parse_ok("[a]\n");

	assert_null(ynode_get(doc->root, "a"));
	assert_null(ynode_get(NULL, "a"));
	ydoc_free(doc);
}

static void
test_load_file_parses_the_file_and_names_it(void **state)
{
	struct ou_error err = { .msg = "" };
	struct ydoc *doc = ydoc_load_file(OU_TEST_DATA
					  "/runbook/minimal.yaml", &err);

	if (doc == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(doc->name, OU_TEST_DATA "/runbook/minimal.yaml");
	assert_string_equal(ynode_get(doc->root, "runbook")->scalar,
			    "minimal");
	ydoc_free(doc);
}

static void
test_load_file_of_a_missing_file_names_it(void **state)
{
	struct ou_error err = { .msg = "" };

	assert_null(ydoc_load_file("/nonexistent/x.yaml", &err));
	assert_string_equal(err.msg,
			    "/nonexistent/x.yaml: No such file or directory");
}

/* ---- what is refused --------------------------------------------- */

static void
test_syntax_error_names_line_and_column(void **state)
{
	const char *yaml = "a: 1\nb: [1, 2\nc: 3\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:3:2",
			   "did not find expected ',' or ']'");
}

static void
test_duplicate_key_is_an_error_at_the_second_key(void **state)
{
	const char *yaml = "a: 1\nb: 2\na: 3\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:3:1",
			   "duplicate key 'a'");
}

static void
test_duplicate_key_in_a_nested_mapping_is_an_error(void **state)
{
	const char *yaml = "top:\n  - {x: 1, x: 2}\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:2:12",
			   "duplicate key 'x'");
}

static void
test_alias_is_refused(void **state)
{
	const char *yaml = "a: 1\nb: *a\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:2:4",
			   "aliases (*name) are not allowed here");
}

static void
test_anchor_is_refused(void **state)
{
	const char *yaml = "a: &x 1\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:4",
			   "anchors (&name) are not allowed here");
}

static void
test_anchor_on_a_mapping_is_refused(void **state)
{
	const char *yaml = "a: &x {b: 1}\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:4",
			   "anchors (&name) are not allowed here");
}

static void
test_tag_is_refused(void **state)
{
	const char *yaml = "a: !!str 1\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:4",
			   "tags (!name) are not allowed here");
}

static void
test_tag_on_a_list_is_refused(void **state)
{
	const char *yaml = "a: !custom [1]\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:4",
			   "tags (!name) are not allowed here");
}

static void
test_second_document_is_refused(void **state)
{
	const char *yaml = "a: 1\n---\nb: 2\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:2:1",
			   "only one YAML document is allowed");
}

static void
test_key_that_is_a_list_is_refused(void **state)
{
	const char *yaml = "? [a, b]\n: c\n";

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:3",
			   "a key must be a plain word");
}

static void
test_nul_byte_is_refused(void **state)
{
	static const char yaml[] = "a: \"x\\0y\"\n";

	assert_parse_fails(yaml, sizeof yaml - 1, "t.yaml:1:4",
			   "NUL characters are not allowed here");
}

static void
test_raw_nul_byte_is_an_error(void **state)
{
	static const char yaml[] = "a: x\0y\n";
	struct ou_error err = { .msg = "" };

	assert_null(ydoc_parse("t.yaml", yaml, sizeof yaml - 1, &err));
	assert_non_null(strstr(err.msg, "t.yaml:1:"));
}

static void
test_nesting_65_lists_deep_is_accepted(void **state)
{
	char *yaml = nested_lists(65);
	struct ydoc *doc = parse_ok(yaml);

	assert_int_equal(doc->root->kind, YNODE_SEQ);
	ydoc_free(doc);
	free(yaml);
}

static void
test_nesting_66_lists_deep_is_refused(void **state)
{
	char *yaml = nested_lists(66);

	assert_parse_fails(yaml, strlen(yaml), "t.yaml:1:66",
			   "structures nested this deep are not allowed");
	free(yaml);
}

static void
test_very_deep_nesting_is_refused_without_exhausting_the_stack(void **state)
{
	char *yaml = nested_lists(100000);
	struct ou_error err = { .msg = "" };

	assert_null(ydoc_parse("t.yaml", yaml, strlen(yaml), &err));
	free(yaml);
}

/* ---- messages and checks ----------------------------------------- */

static void
test_error_names_the_document_and_the_node(void **state)
{
	struct ydoc *doc = parse_ok("a:\n  b: c\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ydoc_error(doc, ynode_get(ynode_get(doc->root, "a"),
						   "b"), &err, "bad %s", "c"),
			 -1);
	assert_string_equal(err.msg, "t.yaml:2:6: bad c");
	ydoc_free(doc);
}

static void
test_error_without_a_node_names_the_document(void **state)
{
	struct ydoc *doc = parse_ok("");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ydoc_error(doc, NULL, &err, "empty"), -1);
	assert_string_equal(err.msg, "t.yaml: empty");
	ydoc_free(doc);
}

static void
test_kind_names_read_as_english(void **state)
{
	struct ydoc *doc = parse_ok("s: x\nl: []\nm: {}\n");

	assert_string_equal(ynode_kind_name(ynode_get(doc->root, "s")),
			    "a single value");
	assert_string_equal(ynode_kind_name(ynode_get(doc->root, "l")),
			    "a list");
	assert_string_equal(ynode_kind_name(ynode_get(doc->root, "m")),
			    "a mapping");
	assert_string_equal(ynode_kind_name(NULL), "nothing");
	ydoc_free(doc);
}

static void
test_expect_kind_says_what_was_expected_and_found(void **state)
{
	struct ydoc *doc = parse_ok("hosts: [a]\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ydoc_expect_kind(doc, ynode_get(doc->root, "hosts"),
					  YNODE_MAP, "hosts", &err), -1);
	assert_string_equal(err.msg, "t.yaml:1:8: hosts must be a mapping, "
			    "not a list");
	assert_int_equal(ydoc_expect_kind(doc, doc->root, YNODE_MAP, "top",
					  &err), 0);
	ydoc_free(doc);
}

static void
test_expect_keys_names_the_unknown_key_and_the_allowed_ones(void **state)
{
	static const char *const allowed[] = { "id", "title", NULL };
	struct ydoc *doc = parse_ok("id: x\ntitel: y\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ydoc_expect_keys(doc, doc->root, allowed, &err), -1);
	assert_string_equal(err.msg, "t.yaml:2:1: unknown key 'titel' "
			    "(expected one of: id, title)");
	ydoc_free(doc);
}

static void
test_expect_keys_accepts_a_subset_of_the_allowed_keys(void **state)
{
	static const char *const allowed[] = { "id", "title", NULL };
	struct ydoc *doc = parse_ok("title: y\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ydoc_expect_keys(doc, doc->root, allowed, &err), 0);
	ydoc_free(doc);
}

/* ---- numbers and booleans ---------------------------------------- */

/* ydoc_scalar_uint on the value of "n: text" within [min, max]. */
static int
uint_of(const char *text, unsigned long min, unsigned long max,
	unsigned long *out, struct ou_error *err)
{
	char yaml[256];
	struct ydoc *doc;
	int rc;

	snprintf(yaml, sizeof yaml, "n: %s\n", text);
	doc = parse_ok(yaml);
	rc = ydoc_scalar_uint(doc, ynode_get(doc->root, "n"), min, max, out,
			      err);
	ydoc_free(doc);
	return rc;
}

static void
test_uint_reads_a_number_within_bounds(void **state)
{
	struct ou_error err = { .msg = "" };
	unsigned long v = 0;

	assert_int_equal(uint_of("42", 1, 100, &v, &err), 0);
	assert_int_equal(v, 42);
	assert_int_equal(uint_of("1", 1, 100, &v, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(uint_of("100", 1, 100, &v, &err), 0);
	assert_int_equal(v, 100);
}

static void
test_uint_below_min_is_an_error_naming_the_range(void **state)
{
	struct ou_error err = { .msg = "" };
	unsigned long v = 7;

	assert_int_equal(uint_of("0", 1, 100, &v, &err), -1);
	assert_string_equal(err.msg, "t.yaml:1:4: expected a whole number "
			    "from 1 to 100, found '0'");
	assert_int_equal(v, 7);
}

static void
test_uint_above_max_is_an_error(void **state)
{
	struct ou_error err = { .msg = "" };
	unsigned long v;

	assert_int_equal(uint_of("101", 1, 100, &v, &err), -1);
	assert_non_null(strstr(err.msg, "found '101'"));
}

static void
test_uint_refuses_signs_words_fractions_and_overflow(void **state)
{
	static const char *const bad[] = {
		"-1", "+1", "' 1'", "1.5", "ten", "0x10", "1e3",
		"99999999999999999999999", "''",
	};
	struct ou_error err = { .msg = "" };
	unsigned long v;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (uint_of(bad[i], 0, 1000, &v, &err) != -1)
			fail_msg("'%s' was accepted as %lu", bad[i], v);
}

static void
test_uint_of_a_list_is_an_error(void **state)
{
	struct ou_error err = { .msg = "" };
	unsigned long v;

	assert_int_equal(uint_of("[1]", 0, 10, &v, &err), -1);
	assert_string_equal(err.msg, "t.yaml:1:4: expected a whole number, "
			    "found a list");
}

/* ydoc_scalar_bool on the value of "b: text". */
static int
bool_of(const char *text, bool *out, struct ou_error *err)
{
	char yaml[256];
	struct ydoc *doc;
	int rc;

	snprintf(yaml, sizeof yaml, "b: %s\n", text);
	doc = parse_ok(yaml);
	rc = ydoc_scalar_bool(doc, ynode_get(doc->root, "b"), out, err);
	ydoc_free(doc);
	return rc;
}

static void
test_bool_reads_yaml_1_1_true_words_in_any_case(void **state)
{
	static const char *const words[] = { "true", "yes", "on", "True",
					     "YES", "On" };
	struct ou_error err = { .msg = "" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		bool b = false;

		if (bool_of(words[i], &b, &err) < 0)
			fail_msg("%s: %s", words[i], err.msg);
		assert_true(b);
	}
}

static void
test_bool_reads_yaml_1_1_false_words_in_any_case(void **state)
{
	static const char *const words[] = { "false", "no", "off", "False",
					     "NO", "Off" };
	struct ou_error err = { .msg = "" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		bool b = true;

		if (bool_of(words[i], &b, &err) < 0)
			fail_msg("%s: %s", words[i], err.msg);
		assert_false(b);
	}
}

static void
test_bool_written_in_quotes_is_a_string_not_a_boolean(void **state)
{
	struct ou_error err = { .msg = "" };
	bool b;

	assert_int_equal(bool_of("'true'", &b, &err), -1);
	assert_string_equal(err.msg, "t.yaml:1:4: expected true or false, "
			    "found the quoted text \"true\" (write it "
			    "without quotes)");
}

static void
test_bool_other_word_is_an_error(void **state)
{
	struct ou_error err = { .msg = "" };
	bool b;

	assert_int_equal(bool_of("maybe", &b, &err), -1);
	assert_string_equal(err.msg, "t.yaml:1:4: expected true or false, "
			    "found maybe");
	assert_int_equal(bool_of("1", &b, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_input_is_a_document_without_root),
		cmocka_unit_test(test_comment_only_input_is_a_document_without_root),
		cmocka_unit_test(test_every_node_knows_its_line_and_column),
		cmocka_unit_test(test_nodes_have_the_kind_they_are_written_as),
		cmocka_unit_test(test_mapping_keeps_document_order),
		cmocka_unit_test(test_plain_scalar_is_not_quoted),
		cmocka_unit_test(test_single_and_double_quoted_scalars_are_quoted),
		cmocka_unit_test(test_block_scalar_counts_as_quoted),
		cmocka_unit_test(test_empty_value_is_an_empty_plain_scalar),
		cmocka_unit_test(test_get_of_an_absent_key_is_null),
		cmocka_unit_test(test_get_on_a_list_or_null_is_null),
		cmocka_unit_test(test_load_file_parses_the_file_and_names_it),
		cmocka_unit_test(test_load_file_of_a_missing_file_names_it),
		cmocka_unit_test(test_syntax_error_names_line_and_column),
		cmocka_unit_test(test_duplicate_key_is_an_error_at_the_second_key),
		cmocka_unit_test(test_duplicate_key_in_a_nested_mapping_is_an_error),
		cmocka_unit_test(test_alias_is_refused),
		cmocka_unit_test(test_anchor_is_refused),
		cmocka_unit_test(test_anchor_on_a_mapping_is_refused),
		cmocka_unit_test(test_tag_is_refused),
		cmocka_unit_test(test_tag_on_a_list_is_refused),
		cmocka_unit_test(test_second_document_is_refused),
		cmocka_unit_test(test_key_that_is_a_list_is_refused),
		cmocka_unit_test(test_nul_byte_is_refused),
		cmocka_unit_test(test_raw_nul_byte_is_an_error),
		cmocka_unit_test(test_nesting_65_lists_deep_is_accepted),
		cmocka_unit_test(test_nesting_66_lists_deep_is_refused),
		cmocka_unit_test(test_very_deep_nesting_is_refused_without_exhausting_the_stack),
		cmocka_unit_test(test_error_names_the_document_and_the_node),
		cmocka_unit_test(test_error_without_a_node_names_the_document),
		cmocka_unit_test(test_kind_names_read_as_english),
		cmocka_unit_test(test_expect_kind_says_what_was_expected_and_found),
		cmocka_unit_test(test_expect_keys_names_the_unknown_key_and_the_allowed_ones),
		cmocka_unit_test(test_expect_keys_accepts_a_subset_of_the_allowed_keys),
		cmocka_unit_test(test_uint_reads_a_number_within_bounds),
		cmocka_unit_test(test_uint_below_min_is_an_error_naming_the_range),
		cmocka_unit_test(test_uint_above_max_is_an_error),
		cmocka_unit_test(test_uint_refuses_signs_words_fractions_and_overflow),
		cmocka_unit_test(test_uint_of_a_list_is_an_error),
		cmocka_unit_test(test_bool_reads_yaml_1_1_true_words_in_any_case),
		cmocka_unit_test(test_bool_reads_yaml_1_1_false_words_in_any_case),
		cmocka_unit_test(test_bool_written_in_quotes_is_a_string_not_a_boolean),
		cmocka_unit_test(test_bool_other_word_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
