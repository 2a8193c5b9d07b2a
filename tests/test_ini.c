/* Tests for ini: oslo.config's reading of configuration files, byte-exact
 * round trips, and edits that keep every other byte. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "ini.h"
#include "xalloc.h"

#define INI_DATA OU_TEST_DATA "/ini/"
#define LAB_FILES OU_SRCDIR "/lab/files"

static struct ini *
parse_ok(const char *text)
{
	struct ini *ini = NULL;
	struct ou_error err = { .msg = "" };

	if (ini_parse("test.conf", text, strlen(text), &ini, &err) < 0)
		fail_msg("%s", err.msg);
	return ini;
}

static void
assert_parse_fails(const char *text, const char *want)
{
	struct ini *ini = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(ini_parse("test.conf", text, strlen(text), &ini, &err),
			 -1);
	assert_null(ini);
	assert_string_equal(err.msg, want);
}

static void
assert_text(const struct ini *ini, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	ini_write(ini, &sb);
	assert_int_equal(sb.len, strlen(want));
	assert_memory_equal(strbuf_str(&sb), want, sb.len);
	strbuf_release(&sb);
}

static void
set_ok(struct ini *ini, const char *section, const char *key,
       const char *value)
{
	struct ou_error err = { .msg = "" };

	if (ini_set(ini, section, key, value, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Parse a file and write it back; returns whether the bytes matched. */
static void
assert_file_round_trips(const char *path)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct ou_error err = { .msg = "" };
	struct ini *ini = NULL;

	if (strbuf_read_file(&in, path, &err) < 0 ||
	    ini_parse(path, strbuf_str(&in), in.len, &ini, &err) < 0)
		fail_msg("%s", err.msg);
	ini_write(ini, &out);
	if (out.len != in.len || memcmp(out.buf, in.buf, in.len) != 0)
		fail_msg("%s does not round-trip", path);
	ini_free(ini);
	strbuf_release(&in);
	strbuf_release(&out);
}

static bool
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);

	return n >= m && strcmp(name + n - m, suffix) == 0;
}

static bool
is_ini_name(const char *name)
{
	return has_suffix(name, ".conf") || has_suffix(name, ".ini") ||
	       has_suffix(name, ".conf.rpmnew") || strstr(name, ".conf.") != NULL;
}

/* Round-trip every INI file under dir (recursively); returns how many. */
static size_t
round_trip_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			n += round_trip_tree(path);
		else if (is_ini_name(de->d_name) &&
			 strstr(de->d_name, "local_settings") == NULL) {
			assert_file_round_trips(path);
			n++;
		}
		free(path);
	}
	closedir(d);
	return n;
}

/* ---- reading ---- */

static void
test_every_fixture_config_file_round_trips_byte_for_byte(void **state)
{
	/* nova (4 hosts and the rpmnew), neutron, keystone, glance-api and
	 * cinder, each with its rpmnew */
	assert_true(round_trip_tree(OU_TEST_DATA "/ini") >= 13);
}

static void
test_every_lab_config_file_round_trips_byte_for_byte(void **state)
{
	static const char *const dirs[] = {
		"nova", "neutron", "keystone", "glance", "cinder", "swift",
	};
	size_t n = 0;

	/* the OpenStack services' own files, of both releases */
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *ice = xasprintf("%s/icehouse/etc/%s", LAB_FILES, dirs[i]);
		char *juno = xasprintf("%s/juno/etc/%s", LAB_FILES, dirs[i]);

		n += round_trip_tree(ice) + round_trip_tree(juno);
		free(ice);
		free(juno);
	}
	assert_true(n >= 40);
}

static void
test_crlf_tabs_blank_lines_and_no_final_newline_round_trip(void **state)
{
	const char *text = "\r\n[DEFAULT]\r\n\tkey_with_tab_before = x\r\n"
			   "\n  \n[s]\t\r\nk\t=\tv\t\r\n\r\n\r\n#end";
	struct ini *ini;

	/* A tab-indented line continues the line above; here there is none. */
	assert_parse_fails(text, "test.conf:3:1: a line starting with white "
			   "space continues an option, but there is none above it");
	text = "\r\n[DEFAULT]\r\na = 1\r\n\tcontinued\r\n\n  \n[s]\t\r\n"
	       "k\t=\tv\t\r\n\r\n\r\n#end";
	ini = parse_ok(text);
	assert_text(ini, text);
	assert_string_equal(ini_get(ini, "DEFAULT", "a"), "1\ncontinued");
	assert_string_equal(ini_get(ini, "s", "k"), "v");
	ini_free(ini);
}

static void
test_sections_and_options_are_listed_with_their_lines(void **state)
{
	struct ini *ini = parse_ok("# top\n[DEFAULT]\nverbose = True\n\n"
				   "[database]\n#connection=<None>\n"
				   "connection = mysql://x\n");
	const struct ini_entry *e;

	assert_int_equal(ini_section_count(ini), 2);
	assert_string_equal(ini_section_at(ini, 0)->name, "DEFAULT");
	assert_int_equal(ini_section_at(ini, 0)->line, 2);
	assert_int_equal(ini_section_at(ini, 0)->last_line, 4);
	assert_string_equal(ini_section_at(ini, 1)->name, "database");
	assert_int_equal(ini_section_at(ini, 1)->line, 5);
	assert_int_equal(ini_section_at(ini, 1)->last_line, 7);
	assert_int_equal(ini_entry_count(ini), 3);
	e = ini_entry_at(ini, 2);
	assert_int_equal(e->kind, INI_ENTRY_OPTION);
	assert_string_equal(e->key, "connection");
	assert_int_equal(e->line, 7);
	assert_int_equal(e->section, 1);
	assert_int_equal(ini_line_kind(ini, 1), INI_LINE_COMMENT);
	assert_int_equal(ini_line_kind(ini, 4), INI_LINE_BLANK);
	assert_int_equal(ini_line_kind(ini, 5), INI_LINE_SECTION);
	ini_free(ini);
}

static void
test_hash_and_semicolon_start_comments(void **state)
{
	struct ini *ini = parse_ok("[s]\n# a = 1\n; b = 2\nc = 3\n");

	assert_null(ini_get(ini, "s", "a"));
	assert_null(ini_get(ini, "s", "b"));
	assert_string_equal(ini_get(ini, "s", "c"), "3");
	ini_free(ini);
}

static void
test_key_colon_value_is_an_option_split_at_the_first_separator(void **state)
{
	struct ini *ini = parse_ok("[s]\nurl: http://h:80/x=1\nk = a:b\n");

	assert_string_equal(ini_get(ini, "s", "url"), "http://h:80/x=1");
	assert_string_equal(ini_get(ini, "s", "k"), "a:b");
	ini_free(ini);
}

static void
test_continuation_lines_join_the_value_with_newlines(void **state)
{
	struct ini *ini = parse_ok("[s]\nfilters = A,\n    B,\n\tC\nnext = 1\n");
	const struct ini_entry *e = ini_find(ini, INI_ENTRY_OPTION, "s",
					     "filters", NULL);

	assert_string_equal(e->value, "A,\nB,\nC");
	assert_int_equal(e->n_lines, 3);
	assert_int_equal(ini_line_kind(ini, 3), INI_LINE_CONTINUATION);
	assert_ptr_equal(ini_line_entry(ini, 4), e);
	assert_string_equal(ini_get(ini, "s", "next"), "1");
	ini_free(ini);
}

static void
test_a_blank_line_ends_a_multi_line_value(void **state)
{
	assert_parse_fails("[s]\na = 1\n\n  more\n",
			   "test.conf:4:1: a line starting with white space "
			   "continues an option, but there is none above it");
}

static void
test_an_option_before_any_section_is_an_error_naming_the_line(void **state)
{
	assert_parse_fails("# header\n\nverbose = True\n[DEFAULT]\n",
			   "test.conf:3:1: option before any [section] "
			   "(oslo.config refuses it)");
}

static void
test_a_section_header_must_end_with_its_bracket(void **state)
{
	assert_parse_fails("[DEFAULT\n", "test.conf:1:9: expected ']' at the "
			   "end of the section header");
	assert_parse_fails("[s] # note\n", "test.conf:1:11: expected ']' at the "
			   "end of the section header");
	assert_parse_fails("[]\n", "test.conf:1:2: empty section name");
}

static void
test_a_line_without_separator_is_an_error(void **state)
{
	assert_parse_fails("[s]\njust words\n", "test.conf:2:1: expected "
			   "'key = value', a [section], or a comment");
	assert_parse_fails("[s]\n = value\n", "test.conf:2:1: a line starting "
			   "with white space continues an option, but there is "
			   "none above it");
	assert_parse_fails("[s]\n= value\n", "test.conf:2:1: empty key before '='");
}

static void
test_a_repeated_key_reads_the_last_value_and_keeps_all(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\nnotification_driver = a\n"
				   "notification_driver = b\n[other]\n"
				   "[DEFAULT]\nnotification_driver = c\n");
	const struct ini_entry *e = NULL;
	const char *want[] = { "a", "b", "c" };
	size_t n = 0;

	assert_string_equal(ini_get(ini, "DEFAULT", "notification_driver"), "c");
	while ((e = ini_find(ini, INI_ENTRY_OPTION, "DEFAULT",
			     "notification_driver", e)) != NULL)
		assert_string_equal(e->value, want[n++]);
	assert_int_equal(n, 3);
	ini_free(ini);
}

static void
test_one_pair_of_matching_quotes_is_removed(void **state)
{
	struct ini *ini = parse_ok("[s]\na = \"x y\"\nb = '\"z\"'\nc = \"p'\n"
				   "d = \"\n");

	assert_string_equal(ini_get(ini, "s", "a"), "x y");
	assert_string_equal(ini_get(ini, "s", "b"), "\"z\"");
	assert_string_equal(ini_get(ini, "s", "c"), "\"p'");
	assert_string_equal(ini_get(ini, "s", "d"), "");
	ini_free(ini);
}

static void
test_there_are_no_inline_comments_and_no_interpolation(void **state)
{
	struct ini *ini = parse_ok("[s]\nk = v # not a comment\n"
				   "api_servers = $glance_host:$glance_port\n"
				   "p = %(here)s\n");

	assert_string_equal(ini_get(ini, "s", "k"), "v # not a comment");
	assert_string_equal(ini_get(ini, "s", "api_servers"),
			    "$glance_host:$glance_port");
	assert_string_equal(ini_get(ini, "s", "p"), "%(here)s");
	ini_free(ini);
}

static void
test_sections_match_regardless_of_case_except_default(void **state)
{
	struct ini *ini = parse_ok("[Neutron]\nurl = x\n[default]\na = 1\n");

	assert_string_equal(ini_get(ini, "neutron", "url"), "x");
	assert_null(ini_get(ini, "DEFAULT", "a"));
	assert_string_equal(ini_get(ini, "default", "a"), "1");
	ini_free(ini);
}

static void
test_a_commented_default_is_an_entry_with_its_value(void **state)
{
	struct ini *ini = parse_ok("[upgrade_levels]\n#compute=<None>\n"
				   "# scheduler = x\n# Set a version cap\n");
	const struct ini_entry *e;

	assert_int_equal(ini_entry_count(ini), 2);
	e = ini_find(ini, INI_ENTRY_DEFAULT, "upgrade_levels", "compute", NULL);
	assert_non_null(e);
	assert_string_equal(e->value, "<None>");
	assert_int_equal(e->line, 2);
	e = ini_find(ini, INI_ENTRY_DEFAULT, "upgrade_levels", "scheduler",
		     NULL);
	assert_string_equal(e->value, "x");
	assert_null(ini_get(ini, "upgrade_levels", "compute"));
	ini_free(ini);
}

static void
test_deprecated_name_comments_belong_to_the_next_option(void **state)
{
	struct ini *ini = parse_ok(
		"[neutron]\n# URL for connecting to neutron (string value)\n"
		"# Deprecated group/name - [DEFAULT]/neutron_url\n"
		"#url=http://127.0.0.1:9696\n\n"
		"# Deprecated group/name - [DEFAULT]/lost\n\n#other=1\n");
	const struct ini_entry *e =
		ini_find(ini, INI_ENTRY_DEFAULT, "neutron", "url", NULL);

	assert_int_equal(e->n_deprecated, 1);
	assert_string_equal(e->deprecated[0].section, "DEFAULT");
	assert_string_equal(e->deprecated[0].key, "neutron_url");
	/* a blank line ends the paragraph the note belonged to */
	e = ini_find(ini, INI_ENTRY_DEFAULT, "neutron", "other", NULL);
	assert_int_equal(e->n_deprecated, 0);
	ini_free(ini);
}

static void
test_a_nova_conf_reads_as_oslo_config_reads_it(void **state)
{
	struct strbuf in = STRBUF_INIT;
	struct ou_error err;
	struct ini *ini = NULL;

	assert_int_equal(strbuf_read_file(&in, INI_DATA "nova.conf.compute1",
					  &err), 0);
	assert_int_equal(ini_parse("nova.conf", strbuf_str(&in), in.len, &ini,
				   &err), 0);
	assert_string_equal(ini_get(ini, "DEFAULT", "my_ip"), "192.0.2.21");
	assert_string_equal(ini_get(ini, "DEFAULT", "neutron_url"),
			    "http://192.0.2.11:9696");
	assert_string_equal(ini_get(ini, "database", "connection"),
			    "mysql://nova:5f8e2d61c0a3@192.0.2.11/nova");
	assert_string_equal(ini_get(ini, "libvirt", "virt_type"), "qemu");
	assert_null(ini_get(ini, "DEFAULT", "rabbit_hosts"));
	ini_free(ini);
	strbuf_release(&in);
}

/* ---- edits ---- */

static void
test_set_replaces_the_value_keeping_the_rest_of_the_line(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\r\nmy_ip  =  10.0.0.1  \r\n"
				   "other=1\r\n");

	set_ok(ini, "DEFAULT", "my_ip", "192.0.2.5");
	assert_text(ini, "[DEFAULT]\r\nmy_ip  =  192.0.2.5  \r\nother=1\r\n");
	ini_free(ini);
}

static void
test_set_an_unset_option_goes_right_after_its_commented_default(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\n#compute=<None>\n[upgrade_levels]\n"
				   "# Set a version cap (string value)\n"
				   "#compute=<None>\n\n# Conductor\n"
				   "# conductor = <None>\n");

	set_ok(ini, "upgrade_levels", "compute", "icehouse-compat");
	set_ok(ini, "upgrade_levels", "conductor", "icehouse");
	assert_text(ini, "[DEFAULT]\n#compute=<None>\n[upgrade_levels]\n"
			 "# Set a version cap (string value)\n#compute=<None>\n"
			 "compute=icehouse-compat\n\n# Conductor\n"
			 "# conductor = <None>\nconductor = icehouse\n");
	ini_free(ini);
}

static void
test_set_without_a_default_goes_after_the_sections_last_line(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\nverbose = True\n\n\n[database]\n"
				   "connection = x\n");

	set_ok(ini, "DEFAULT", "debug", "False");
	assert_text(ini, "[DEFAULT]\nverbose = True\ndebug = False\n\n\n"
			 "[database]\nconnection = x\n");
	ini_free(ini);
}

static void
test_set_in_a_missing_section_adds_the_section_at_the_end(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\nverbose=True");

	set_ok(ini, "neutron", "url", "http://192.0.2.11:9696");
	assert_text(ini, "[DEFAULT]\nverbose=True\n\n[neutron]\n"
			 "url=http://192.0.2.11:9696\n");
	ini_free(ini);
}

static void
test_set_after_a_last_line_without_newline_ends_that_line(void **state)
{
	struct ini *ini = parse_ok("[s]\r\n#k=1");

	set_ok(ini, "s", "k", "2");
	assert_text(ini, "[s]\r\n#k=1\r\nk=2\r\n");
	ini_free(ini);
}

static void
test_set_removes_later_values_so_that_the_new_one_is_read(void **state)
{
	struct ini *ini = parse_ok("[s]\nk = 1\nj = 0\nk = 2\n  two\n");

	set_ok(ini, "s", "k", "3");
	assert_text(ini, "[s]\nk = 3\nj = 0\n");
	assert_string_equal(ini_get(ini, "s", "k"), "3");
	ini_free(ini);
}

static void
test_set_values_writes_each_value_of_a_multi_valued_option(void **state)
{
	struct ini *ini = parse_ok("[DEFAULT]\n#notification_driver=\n");
	const char *values[] = { "messaging", "log" };
	struct ou_error err;
	const struct ini_entry *e;

	assert_int_equal(ini_set_values(ini, "DEFAULT", "notification_driver",
					values, 2, &err), 0);
	assert_text(ini, "[DEFAULT]\n#notification_driver=\n"
			 "notification_driver=messaging\n"
			 "notification_driver=log\n");
	e = ini_find(ini, INI_ENTRY_OPTION, "DEFAULT", "notification_driver",
		     NULL);
	assert_string_equal(e->value, "messaging");
	ini_free(ini);
}

static void
test_a_set_value_with_spaces_or_quotes_reads_back_as_given(void **state)
{
	static const char *const values[] = {
		" padded ", "\"quoted\"", "'single'", "a \"b\" c", "", "\"",
	};

	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		struct ini *ini = parse_ok("[s]\nk = old\n");
		struct strbuf sb = STRBUF_INIT;
		struct ini *again;

		set_ok(ini, "s", "k", values[i]);
		ini_write(ini, &sb);
		again = parse_ok(strbuf_str(&sb));
		assert_string_equal(ini_get(again, "s", "k"), values[i]);
		ini_free(again);
		ini_free(ini);
		strbuf_release(&sb);
	}
}

static void
test_a_multi_line_value_is_written_as_continuation_lines(void **state)
{
	struct ini *ini = parse_ok("[s]\n");
	struct ou_error err;

	set_ok(ini, "s", "filters", "A,\nB");
	assert_text(ini, "[s]\nfilters = A,\n    B\n");
	assert_string_equal(ini_get(ini, "s", "filters"), "A,\nB");
	assert_int_equal(ini_set(ini, "s", "k", "a\n\nb", &err), -1);
	assert_int_equal(ini_set(ini, "s", "k", "a\n  b", &err), -1);
	ini_free(ini);
}

static void
test_set_refuses_a_key_that_would_not_read_back(void **state)
{
	struct ini *ini = parse_ok("[s]\n");
	struct ou_error err = { .msg = "" };

	assert_int_equal(ini_set(ini, "s", "a=b", "1", &err), -1);
	assert_string_equal(err.msg, "key \"a=b\" would not read back as itself");
	assert_int_equal(ini_set(ini, "s", "#k", "1", &err), -1);
	assert_int_equal(ini_set(ini, "s", " k", "1", &err), -1);
	assert_int_equal(ini_set(ini, "", "k", "1", &err), -1);
	assert_text(ini, "[s]\n");
	ini_free(ini);
}

static void
test_comment_out_prefixes_every_line_of_every_value(void **state)
{
	const char *text = "[s]\nk = 1\n  more\nj = 2\n[t]\nk = 3\n[S]\nk=4";
	struct ini *ini = parse_ok(text);

	assert_int_equal(ini_comment_out(ini, "s", "k"), 2);
	assert_text(ini, "[s]\n#k = 1\n#  more\nj = 2\n[t]\nk = 3\n[S]\n#k=4");
	assert_null(ini_get(ini, "s", "k"));
	assert_int_equal(ini_comment_out(ini, "s", "k"), 0);
	ini_free(ini);
}

static void
test_remove_deletes_every_line_of_every_value(void **state)
{
	struct ini *ini = parse_ok("[s]\n# help\nk = 1\n  more\nj = 2\nk = 3\n");

	assert_int_equal(ini_remove(ini, "s", "k"), 2);
	assert_text(ini, "[s]\n# help\nj = 2\n");
	assert_int_equal(ini_remove(ini, "s", "absent"), 0);
	ini_free(ini);
}

static void
test_edits_on_a_real_file_change_only_their_lines(void **state)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct ou_error err;
	struct ini *ini = NULL;
	size_t n_before;

	assert_int_equal(strbuf_read_file(&in, INI_DATA "nova.conf.compute1",
					  &err), 0);
	assert_int_equal(ini_parse("nova.conf", strbuf_str(&in), in.len, &ini,
				   &err), 0);
	n_before = ini_line_count(ini);
	set_ok(ini, "DEFAULT", "my_ip", "192.0.2.99");
	ini_comment_out(ini, "DEFAULT", "vnc_enabled");
	ini_remove(ini, "libvirt", "vif_driver");
	ini_write(ini, &out);
	assert_int_equal(ini_line_count(ini), n_before - 1);
	/* Same bytes except: one value, one '#', one line gone. */
	assert_int_equal(out.len, in.len - strlen("192.0.2.21") +
				  strlen("192.0.2.99") + 1 -
				  strlen("vif_driver=nova.virt.libvirt.vif."
					 "LibvirtGenericVIFDriver\n"));
	assert_non_null(strstr(out.buf, "\n#my_ip=10.0.0.1\nmy_ip=192.0.2.99\n"));
	assert_non_null(strstr(out.buf, "\n#vnc_enabled=True\n"));
	ini_free(ini);
	strbuf_release(&in);
	strbuf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture_config_file_round_trips_byte_for_byte),
		cmocka_unit_test(test_every_lab_config_file_round_trips_byte_for_byte),
		cmocka_unit_test(test_crlf_tabs_blank_lines_and_no_final_newline_round_trip),
		cmocka_unit_test(test_sections_and_options_are_listed_with_their_lines),
		cmocka_unit_test(test_hash_and_semicolon_start_comments),
		cmocka_unit_test(test_key_colon_value_is_an_option_split_at_the_first_separator),
		cmocka_unit_test(test_continuation_lines_join_the_value_with_newlines),
		cmocka_unit_test(test_a_blank_line_ends_a_multi_line_value),
		cmocka_unit_test(test_an_option_before_any_section_is_an_error_naming_the_line),
		cmocka_unit_test(test_a_section_header_must_end_with_its_bracket),
		cmocka_unit_test(test_a_line_without_separator_is_an_error),
		cmocka_unit_test(test_a_repeated_key_reads_the_last_value_and_keeps_all),
		cmocka_unit_test(test_one_pair_of_matching_quotes_is_removed),
		cmocka_unit_test(test_there_are_no_inline_comments_and_no_interpolation),
		cmocka_unit_test(test_sections_match_regardless_of_case_except_default),
		cmocka_unit_test(test_a_commented_default_is_an_entry_with_its_value),
		cmocka_unit_test(test_deprecated_name_comments_belong_to_the_next_option),
		cmocka_unit_test(test_a_nova_conf_reads_as_oslo_config_reads_it),
		cmocka_unit_test(test_set_replaces_the_value_keeping_the_rest_of_the_line),
		cmocka_unit_test(test_set_an_unset_option_goes_right_after_its_commented_default),
		cmocka_unit_test(test_set_without_a_default_goes_after_the_sections_last_line),
		cmocka_unit_test(test_set_in_a_missing_section_adds_the_section_at_the_end),
		cmocka_unit_test(test_set_after_a_last_line_without_newline_ends_that_line),
		cmocka_unit_test(test_set_removes_later_values_so_that_the_new_one_is_read),
		cmocka_unit_test(test_set_values_writes_each_value_of_a_multi_valued_option),
		cmocka_unit_test(test_a_set_value_with_spaces_or_quotes_reads_back_as_given),
		cmocka_unit_test(test_a_multi_line_value_is_written_as_continuation_lines),
		cmocka_unit_test(test_set_refuses_a_key_that_would_not_read_back),
		cmocka_unit_test(test_comment_out_prefixes_every_line_of_every_value),
		cmocka_unit_test(test_remove_deletes_every_line_of_every_value),
		cmocka_unit_test(test_edits_on_a_real_file_change_only_their_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
