/* Tests for inidiff: the option-level view of a configuration file
 * against its .rpmnew. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inidiff.h"

#define INI_DATA OU_TEST_DATA "/ini/"

/* The two files of a comparison and the comparison. */
struct pair {
	struct strbuf old_text, new_text;
	struct ini *old, *new;
	struct inidiff *d;
};

static void
pair_parse(struct pair *p)
{
	struct ou_error err = { .msg = "" };

	if (ini_parse("current", strbuf_str(&p->old_text), p->old_text.len,
		      &p->old, &err) < 0 ||
	    ini_parse("rpmnew", strbuf_str(&p->new_text), p->new_text.len,
		      &p->new, &err) < 0)
		fail_msg("%s", err.msg);
	p->d = inidiff_new(p->old, p->new);
}

static struct pair *
pair_of(const char *old, const char *new)
{
	struct pair *p = calloc(1, sizeof *p);

	strbuf_adds(&p->old_text, old);
	strbuf_adds(&p->new_text, new);
	pair_parse(p);
	return p;
}

static struct pair *
pair_of_files(const char *old, const char *new)
{
	struct pair *p = calloc(1, sizeof *p);
	struct ou_error err;

	if (strbuf_read_file(&p->old_text, old, &err) < 0 ||
	    strbuf_read_file(&p->new_text, new, &err) < 0)
		fail_msg("%s", err.msg);
	pair_parse(p);
	return p;
}

static void
pair_free(struct pair *p)
{
	inidiff_free(p->d);
	ini_free(p->old);
	ini_free(p->new);
	strbuf_release(&p->old_text);
	strbuf_release(&p->new_text);
	free(p);
}

static const struct inidiff_item *
find_item(const struct inidiff *d, enum inidiff_kind kind, const char *key)
{
	for (size_t i = 0; i < d->n_items; i++)
		if (d->items[i].kind == kind && strcmp(d->items[i].key, key) == 0)
			return &d->items[i];
	return NULL;
}

static size_t
count_items(const struct inidiff *d, enum inidiff_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_items; i++)
		n += d->items[i].kind == kind;
	return n;
}

static const struct inidiff_mine *
find_mine(const struct inidiff *d, const char *key)
{
	for (size_t i = 0; i < d->n_mine; i++)
		if (strcmp(d->mine[i].key, key) == 0)
			return &d->mine[i];
	return NULL;
}

static void
test_an_option_moved_under_a_deprecated_name_is_found(void **state)
{
	struct pair *p = pair_of_files(INI_DATA "nova.conf.compute1",
				       INI_DATA "nova.conf.rpmnew");
	const struct inidiff_item *it = find_item(p->d, INIDIFF_MOVED, "url");

	assert_non_null(it);
	assert_string_equal(it->section, "neutron");
	assert_string_equal(it->old_section, "DEFAULT");
	assert_string_equal(it->old_key, "neutron_url");
	assert_true(it->by_deprecated_name);
	assert_int_equal(it->new_line, 397);
	/* Juno moved 19 of Icehouse's [DEFAULT] options out in the lab files */
	assert_int_equal(count_items(p->d, INIDIFF_MOVED), 19);
	assert_null(find_item(p->d, INIDIFF_REMOVED, "neutron_url"));
	pair_free(p);
}

static void
test_a_key_moved_with_its_value_is_found_without_a_comment(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#workers=4\n[api]\n",
				 "[DEFAULT]\n[conductor]\n#workers=4\n");
	const struct inidiff_item *it = find_item(p->d, INIDIFF_MOVED, "workers");

	assert_non_null(it);
	assert_string_equal(it->old_section, "DEFAULT");
	assert_string_equal(it->section, "conductor");
	assert_false(it->by_deprecated_name);
	assert_int_equal(p->d->n_items, 1);
	pair_free(p);
}

static void
test_a_key_in_another_section_with_another_value_is_not_a_move(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#workers=4\n",
				 "[DEFAULT]\n[conductor]\n#workers=<None>\n");

	assert_non_null(find_item(p->d, INIDIFF_ADDED, "workers"));
	assert_non_null(find_item(p->d, INIDIFF_REMOVED, "workers"));
	assert_int_equal(count_items(p->d, INIDIFF_MOVED), 0);
	pair_free(p);
}

static void
test_added_and_removed_options_are_listed(void **state)
{
	struct pair *p = pair_of_files(INI_DATA "nova.conf.compute1",
				       INI_DATA "nova.conf.rpmnew");
	const struct inidiff_item *it =
		find_item(p->d, INIDIFF_ADDED, "service_down_time");

	assert_non_null(it);
	assert_string_equal(it->section, "DEFAULT");
	assert_null(it->old_section);
	assert_non_null(find_item(p->d, INIDIFF_ADDED, "extension_sync_interval"));
	assert_int_equal(count_items(p->d, INIDIFF_ADDED), 11);
	pair_free(p);
	p = pair_of("[DEFAULT]\n# help\n#old_option=1\n#kept=2\n",
		    "[DEFAULT]\n#kept=2\n");
	it = find_item(p->d, INIDIFF_REMOVED, "old_option");
	assert_non_null(it);
	assert_int_equal(it->old_line, 3);
	assert_int_equal(p->d->n_items, 1);
	pair_free(p);
}

static void
test_a_changed_commented_default_is_reported(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#report_interval=10\n#same=1\n",
				 "[DEFAULT]\n#report_interval=60\n#same=1\n");
	const struct inidiff_item *it =
		find_item(p->d, INIDIFF_DEFAULT_CHANGED, "report_interval");

	assert_non_null(it);
	assert_string_equal(it->old_value, "10");
	assert_string_equal(it->new_value, "60");
	assert_int_equal(p->d->n_items, 1);
	pair_free(p);
}

static void
test_a_value_the_new_file_sets_is_reported(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#state_path=/var/lib/nova\n",
				 "[DEFAULT]\n#state_path=/var/lib/nova\n"
				 "state_path=/var/lib/nova\n");
	const struct inidiff_item *it =
		find_item(p->d, INIDIFF_NEW_VALUE, "state_path");

	assert_non_null(it);
	assert_null(it->old_value);
	assert_string_equal(it->new_value, "/var/lib/nova");
	pair_free(p);
}

static void
test_my_values_are_kept_or_carried_to_their_new_names(void **state)
{
	struct pair *p = pair_of_files(INI_DATA "nova.conf.compute1",
				       INI_DATA "nova.conf.rpmnew");
	const struct inidiff_mine *m = find_mine(p->d, "my_ip");

	assert_int_equal(m->fate, INIDIFF_KEPT);
	assert_string_equal(m->to_section, "DEFAULT");
	assert_string_equal(m->values[0], "192.0.2.21");
	m = find_mine(p->d, "neutron_url");
	assert_int_equal(m->fate, INIDIFF_CARRIED);
	assert_string_equal(m->section, "DEFAULT");
	assert_string_equal(m->to_section, "neutron");
	assert_string_equal(m->to_key, "url");
	assert_int_equal(m->line, 133);
	m = find_mine(p->d, "glance_api_servers");
	assert_string_equal(m->to_section, "glance");
	assert_string_equal(m->to_key, "api_servers");
	m = find_mine(p->d, "reserved_host_memory_mb");
	assert_int_equal(m->fate, INIDIFF_UNDOCUMENTED);
	assert_string_equal(m->to_key, "reserved_host_memory_mb");
	assert_int_equal(p->d->n_mine, 34);
	pair_free(p);
}

static void
test_a_value_of_an_option_the_new_file_dropped_is_dropped(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#neutron_ovs_bridge=br-int\n"
				 "neutron_ovs_bridge=br-int\n",
				 "[DEFAULT]\n#other=1\n");
	const struct inidiff_mine *m = find_mine(p->d, "neutron_ovs_bridge");

	assert_int_equal(m->fate, INIDIFF_DROPPED);
	assert_null(m->to_section);
	assert_null(m->to_key);
	pair_free(p);
}

static void
test_a_value_set_under_an_older_name_goes_to_the_current_name(void **state)
{
	/* Icehouse already documented [database] connection and its older
	 * name; the operator still used the older one. */
	struct pair *p = pair_of(
		"[DEFAULT]\nsql_connection=mysql://nova:pw@db/nova\n[database]\n"
		"# Deprecated group/name - [DEFAULT]/sql_connection\n"
		"#connection=<None>\n",
		"[DEFAULT]\n[database]\n#connection=<None>\n");
	const struct inidiff_mine *m = find_mine(p->d, "sql_connection");

	assert_int_equal(m->fate, INIDIFF_CARRIED);
	assert_string_equal(m->to_section, "database");
	assert_string_equal(m->to_key, "connection");
	pair_free(p);
}

static void
test_every_value_of_a_multi_valued_option_is_mine(void **state)
{
	struct pair *p = pair_of("[DEFAULT]\n#notification_driver=\n"
				 "notification_driver=messaging\n"
				 "notification_driver=log\n",
				 "[DEFAULT]\n#notification_driver=\n");
	const struct inidiff_mine *m = find_mine(p->d, "notification_driver");

	assert_int_equal(p->d->n_mine, 1);
	assert_int_equal(m->n_values, 2);
	assert_string_equal(m->values[0], "messaging");
	assert_string_equal(m->values[1], "log");
	pair_free(p);
}

static void
test_a_comment_only_change_folds_away(void **state)
{
	struct pair *p = pair_of(
		"[DEFAULT]\n\n# Old help text for a (string value)\n#a=1\n\n"
		"# b help\n#b=2\n\n# c help\n#c=3\n\n# d help\n#d=4\n\n"
		"# e help\n#e=5\n\n# Old help for f, on\n# two lines\n#f=6\n",
		"[DEFAULT]\n\n# New help text for a (string value)\n#a=1\n\n"
		"# b help\n#b=2\n\n# c help\n#c=3\n\n# d help\n#d=4\n\n"
		"# e help\n#e=5\n\n# New help for f\n#f=6\n");

	assert_int_equal(p->d->n_items, 0);
	assert_int_equal(p->d->n_hunks, 2);
	assert_int_equal(p->d->comment_hunks, 2);
	assert_int_equal(p->d->comment_lines, 5);
	pair_free(p);
}

static void
test_a_hunk_changing_an_option_does_not_fold(void **state)
{
	struct pair *p = pair_of("[s]\n# help\nk=1\n", "[s]\n# new help\nk=2\n");
	struct diff *d = diff_new(strbuf_str(&p->old_text), p->old_text.len,
				  strbuf_str(&p->new_text), p->new_text.len,
				  DIFF_BEST, 3);

	assert_int_equal(d->n_hunks, 1);
	assert_false(inidiff_hunk_is_comment_only(p->old, p->new, d, 0));
	assert_int_equal(p->d->comment_hunks, 0);
	diff_free(d);
	pair_free(p);
}

static void
test_sections_compare_regardless_of_case(void **state)
{
	struct pair *p = pair_of("[Neutron]\n#url=x\n", "[neutron]\n#url=x\n");

	assert_int_equal(p->d->n_items, 0);
	pair_free(p);
}

static void
test_the_summary_counts_each_kind_and_masks_secrets(void **state)
{
	struct pair *p = pair_of(
		"[DEFAULT]\n#rabbit_password=guest\n#gone=1\nmy_ip=192.0.2.5\n"
		"#my_ip=10.0.0.1\nneutron_admin_password=s3cr3t\n"
		"#neutron_admin_password=<None>\n",
		"[DEFAULT]\n#rabbit_password=changeme\n#my_ip=10.0.0.1\n"
		"#added=1\n[neutron]\n"
		"# Deprecated group/name - [DEFAULT]/neutron_admin_password\n"
		"#admin_password=<None>\n");
	struct strbuf sb = STRBUF_INIT;

	inidiff_write_summary(p->d, &sb);
	assert_string_equal(strbuf_str(&sb),
		"1 option added: [DEFAULT] added\n"
		"1 option moved: [DEFAULT] neutron_admin_password -> "
		"[neutron] admin_password\n"
		"1 option removed: [DEFAULT] gone\n"
		"1 default changed: [DEFAULT] rabbit_password: "
		"<secret rabbit_password> -> <secret rabbit_password>\n"
		"your 2 settings: 1 kept in place, 1 carried to new names "
		"([DEFAULT] neutron_admin_password -> [neutron] admin_password)\n");
	assert_null(strstr(strbuf_str(&sb), "s3cr3t"));
	assert_null(strstr(strbuf_str(&sb), "changeme"));
	strbuf_release(&sb);
	pair_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_option_moved_under_a_deprecated_name_is_found),
		cmocka_unit_test(test_a_key_moved_with_its_value_is_found_without_a_comment),
		cmocka_unit_test(test_a_key_in_another_section_with_another_value_is_not_a_move),
		cmocka_unit_test(test_added_and_removed_options_are_listed),
		cmocka_unit_test(test_a_changed_commented_default_is_reported),
		cmocka_unit_test(test_a_value_the_new_file_sets_is_reported),
		cmocka_unit_test(test_my_values_are_kept_or_carried_to_their_new_names),
		cmocka_unit_test(test_a_value_of_an_option_the_new_file_dropped_is_dropped),
		cmocka_unit_test(test_a_value_set_under_an_older_name_goes_to_the_current_name),
		cmocka_unit_test(test_every_value_of_a_multi_valued_option_is_mine),
		cmocka_unit_test(test_a_comment_only_change_folds_away),
		cmocka_unit_test(test_a_hunk_changing_an_option_does_not_fold),
		cmocka_unit_test(test_sections_compare_regardless_of_case),
		cmocka_unit_test(test_the_summary_counts_each_kind_and_masks_secrets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
