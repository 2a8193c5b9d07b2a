/* Tests for review: grouping hosts by their (current, .rpmnew) pairs, the
 * merge that carries the site's values into the new file, decisions per
 * file, option and hunk, masked display, and the apply plan. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ini.h"
#include "pysettings.h"
#include "review.h"
#include "xalloc.h"

#define INI_DATA OU_TEST_DATA "/ini/"
#define NOVA "/etc/nova/nova.conf"

/* Every password, token and key in the fixtures. */
static const char *const fixture_secrets[] = {
	"7d1c0a9e4b2f", "3b9a0c4d7e21", "c0c0a1b2d3e4", "5f8e2d61c0a3",
	"0e4a9b7c2d1f", "9c0ffee1d2a3", "8d3f0c2a9b7e6d5c4b3a2f1e0d9c8b7a",
};

/* Hosts read from fixture files; owns their bytes. */
struct hosts {
	struct review_host v[8];
	struct strbuf text[16];
	size_t n;
};

static void
hosts_add(struct hosts *h, const char *name, const char *current,
	  const char *rpmnew)
{
	struct strbuf *c = &h->text[2 * h->n], *n = &h->text[2 * h->n + 1];
	char *cpath = xasprintf("%s%s", INI_DATA, current);
	char *npath = xasprintf("%s%s", INI_DATA, rpmnew);
	struct ou_error err;

	*c = (struct strbuf)STRBUF_INIT;
	*n = (struct strbuf)STRBUF_INIT;
	if (strbuf_read_file(c, cpath, &err) < 0 ||
	    strbuf_read_file(n, npath, &err) < 0)
		fail_msg("%s", err.msg);
	h->v[h->n++] = (struct review_host){
		.host = name, .current = strbuf_str(c), .current_len = c->len,
		.rpmnew = strbuf_str(n), .rpmnew_len = n->len,
	};
	free(cpath);
	free(npath);
}

static void
hosts_add_text(struct hosts *h, const char *name, const char *current,
	       const char *rpmnew)
{
	h->v[h->n++] = (struct review_host){
		.host = name, .current = current, .current_len = strlen(current),
		.rpmnew = rpmnew, .rpmnew_len = strlen(rpmnew),
	};
}

static void
hosts_release(struct hosts *h)
{
	for (size_t i = 0; i < 2 * h->n; i++)
		strbuf_release(&h->text[i]);
}

/* compute1, compute2, compute3 and the controller, as in the lab. */
static void
hosts_nova(struct hosts *h)
{
	memset(h, 0, sizeof *h);
	hosts_add(h, "compute1", "nova.conf.compute1", "nova.conf.rpmnew");
	hosts_add(h, "compute2", "nova.conf.compute2", "nova.conf.rpmnew");
	hosts_add(h, "compute3", "nova.conf.compute3", "nova.conf.rpmnew");
	hosts_add(h, "controller", "nova.conf.controller", "nova.conf.rpmnew");
}

static struct review *
review_ok(const char *path, const struct hosts *h,
	  const struct review_options *opts)
{
	struct review *r = NULL;
	struct ou_error err = { .msg = "" };

	if (review_new(path, h->v, h->n, opts, &r, &err) < 0)
		fail_msg("%s", err.msg);
	return r;
}

static char *
result_of(const struct review *r, size_t host)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err = { .msg = "" };
	char *text;

	if (review_result(r, host, &sb, &err) < 0)
		fail_msg("%s", err.msg);
	text = strbuf_take(&sb);
	return text != NULL ? text : xstrdup("");
}

static struct ini *
result_ini(const struct review *r, size_t host)
{
	char *text = result_of(r, host);
	struct ini *ini = NULL;
	struct ou_error err = { .msg = "" };

	if (ini_parse("result", text, strlen(text), &ini, &err) < 0)
		fail_msg("%s", err.msg);
	free(text);
	return ini;
}

static size_t
option_index(const struct review *r, size_t group, const char *name)
{
	for (size_t i = 0; i < review_option_count(r, group); i++)
		if (strcmp(review_option_at(r, group, i)->name, name) == 0)
			return i;
	fail_msg("no option %s", name);
	return 0;
}

static void
assert_shows_no_secret(const char *text)
{
	for (size_t i = 0; i < sizeof fixture_secrets / sizeof *fixture_secrets; i++)
		if (strstr(text, fixture_secrets[i]) != NULL)
			fail_msg("a secret is shown: %s", fixture_secrets[i]);
}

/* Everything the review can display about every group. */
static void
write_all_display(const struct review *r, struct strbuf *out)
{
	struct ou_error err;

	for (size_t g = 0; g < review_group_count(r); g++) {
		review_write_group(r, g, out);
		review_write_summary(r, g, out);
		assert_int_equal(review_write_proposal(r, g, out, &err), 0);
		for (size_t i = 0; i < review_option_count(r, g); i++)
			review_write_option(r, g, i, out);
		for (size_t i = 0; i < review_hunk_count(r, g); i++)
			review_write_hunk(r, g, i, out);
	}
}

/* ---- grouping ---- */

static void
test_hosts_with_identical_pairs_form_one_group(void **state)
{
	struct hosts h = { 0 };
	struct review *r;

	hosts_add(&h, "compute1", "nova.conf.compute1", "nova.conf.rpmnew");
	hosts_add(&h, "compute9", "nova.conf.compute1", "nova.conf.rpmnew");
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_kind(r), REVIEW_INI);
	assert_int_equal(review_group_count(r), 1);
	assert_int_equal(review_group_host_count(r, 0), 2);
	assert_int_equal(review_host_group(r, 1), 0);
	review_free(r);
	hosts_release(&h);
}

static void
test_hosts_differing_in_a_few_values_share_a_group(void **state)
{
	struct hosts h;
	struct review *r;
	struct strbuf sb = STRBUF_INIT;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_group_count(r), 2);
	assert_int_equal(review_group_host_count(r, 0), 3);
	assert_string_equal(review_host_name(r, review_group_host(r, 0, 2)),
			    "compute3");
	assert_int_equal(review_host_group(r, 3), 1);
	review_write_group(r, 0, &sb);
	assert_string_equal(strbuf_str(&sb),
		"compute1, compute2, compute3 (3 hosts)\n"
		"  compute1: [DEFAULT] my_ip = 192.0.2.21, [DEFAULT] "
		"vncserver_proxyclient_address = 192.0.2.21, [DEFAULT] "
		"neutron_admin_password = <secret neutron_admin_password>\n"
		"  compute2: [DEFAULT] my_ip = 192.0.2.22, [DEFAULT] "
		"vncserver_proxyclient_address = 192.0.2.22, [DEFAULT] "
		"neutron_admin_password = <secret neutron_admin_password>\n"
		"  compute3: [DEFAULT] my_ip = 192.0.2.23, [DEFAULT] "
		"vncserver_proxyclient_address = 192.0.2.23, [DEFAULT] "
		"neutron_admin_password = <secret neutron_admin_password>\n");
	strbuf_release(&sb);
	review_free(r);
	hosts_release(&h);
}

static void
test_more_differing_values_than_allowed_split_the_group(void **state)
{
	struct hosts h;
	struct review_options opts = { .prefer = REVIEW_MERGE, .max_varying = 2 };
	struct review *r;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, &opts);
	/* compute1 and compute2 differ in two values, compute3 in three */
	assert_int_equal(review_group_count(r), 3);
	assert_int_equal(review_group_host_count(r, 0), 2);
	assert_int_equal(review_host_group(r, 2), 1);
	review_free(r);
	hosts_release(&h);
}

static void
test_no_display_string_shows_a_secret(void **state)
{
	struct hosts h;
	struct review *r;
	struct strbuf sb = STRBUF_INIT;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	write_all_display(r, &sb);
	assert_shows_no_secret(strbuf_str(&sb));
	/* the secrets are there, masked under their names */
	assert_non_null(strstr(strbuf_str(&sb), "<secret admin_password>"));
	assert_non_null(strstr(strbuf_str(&sb),
			       "mysql://nova:<secret connection>@192.0.2.11/nova"));
	strbuf_release(&sb);
	review_free(r);
	hosts_release(&h);
}

/* ---- the merge ---- */

static void
test_the_merge_carries_my_values_into_the_new_file(void **state)
{
	struct hosts h;
	struct review *r;
	struct ini *res;
	char *text;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_group_decision(r, 0), REVIEW_MERGE);
	res = result_ini(r, 0);
	assert_string_equal(ini_get(res, "DEFAULT", "my_ip"), "192.0.2.21");
	assert_string_equal(ini_get(res, "neutron", "url"), "http://192.0.2.11:9696");
	assert_string_equal(ini_get(res, "neutron", "admin_password"),
			    "3b9a0c4d7e21");
	assert_string_equal(ini_get(res, "glance", "api_servers"),
			    "192.0.2.11:9292");
	assert_null(ini_get(res, "DEFAULT", "neutron_url"));
	assert_string_equal(ini_get(res, "DEFAULT", "reserved_host_memory_mb"),
			    "1024");
	assert_string_equal(ini_get(res, "upgrade_levels", "compute"),
			    "icehouse-compat");
	ini_free(res);
	/* the new file's text is all there */
	text = result_of(r, 0);
	assert_non_null(strstr(text, "\n# Deprecated group/name - "
				     "[DEFAULT]/neutron_url\n#url=http://127.0.0.1:9696\n"
				     "url=http://192.0.2.11:9696\n"));
	assert_non_null(strstr(text, "\n#service_down_time=60\n"));
	free(text);
	review_free(r);
	hosts_release(&h);
}

static void
test_each_host_of_a_group_keeps_its_own_values(void **state)
{
	struct hosts all, alone = { 0 };
	struct review *r, *r3;
	struct ini *res;
	char *grouped, *single;

	hosts_nova(&all);
	r = review_ok(NOVA, &all, NULL);
	res = result_ini(r, 2);
	assert_string_equal(ini_get(res, "DEFAULT", "my_ip"), "192.0.2.23");
	assert_string_equal(ini_get(res, "DEFAULT",
				    "vncserver_proxyclient_address"), "192.0.2.23");
	assert_string_equal(ini_get(res, "neutron", "admin_password"),
			    "c0c0a1b2d3e4");
	ini_free(res);
	/* the same bytes as a review of compute3 on its own */
	hosts_add(&alone, "compute3", "nova.conf.compute3", "nova.conf.rpmnew");
	r3 = review_ok(NOVA, &alone, NULL);
	grouped = result_of(r, 2);
	single = result_of(r3, 0);
	assert_string_equal(grouped, single);
	free(grouped);
	free(single);
	review_free(r3);
	review_free(r);
	hosts_release(&alone);
	hosts_release(&all);
}

static void
test_an_option_picked_theirs_stays_as_the_new_file_has_it(void **state)
{
	struct hosts h;
	struct review *r;
	struct ini *res;
	struct ou_error err;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_pick_option(r, 0, option_index(r, 0, "verbose"),
					    REVIEW_PICK_THEIRS, NULL, &err), 0);
	assert_int_equal(review_option_at(r, 0, option_index(r, 0, "verbose"))->pick,
			 REVIEW_PICK_THEIRS);
	for (size_t host = 0; host < 3; host++) {
		res = result_ini(r, host);
		assert_null(ini_get(res, "DEFAULT", "verbose"));
		ini_free(res);
	}
	review_free(r);
	hosts_release(&h);
}

static void
test_an_edited_option_value_goes_to_every_host_of_the_group(void **state)
{
	struct hosts h;
	struct review *r;
	struct ini *res;
	struct ou_error err;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_pick_option(r, 0, option_index(r, 0, "virt_type"),
					    REVIEW_PICK_EDIT, "kvm", &err), 0);
	for (size_t host = 0; host < 3; host++) {
		res = result_ini(r, host);
		assert_string_equal(ini_get(res, "libvirt", "virt_type"), "kvm");
		ini_free(res);
	}
	review_free(r);
	hosts_release(&h);
}

static void
test_a_dropped_option_is_listed_and_left_out_by_default(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	const struct review_option *o;
	struct ini *res;
	struct ou_error err;

	hosts_add_text(&h, "compute1", "[DEFAULT]\n#gone=1\ngone=2\n#kept=1\nkept=3\n",
		       "[DEFAULT]\n#kept=1\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	o = review_option_at(r, 0, option_index(r, 0, "gone"));
	assert_true(o->dropped);
	assert_int_equal(o->pick, REVIEW_PICK_THEIRS);
	res = result_ini(r, 0);
	assert_null(ini_get(res, "DEFAULT", "gone"));
	assert_string_equal(ini_get(res, "DEFAULT", "kept"), "3");
	ini_free(res);
	/* "mine" keeps it under its old name */
	assert_int_equal(review_pick_option(r, 0, option_index(r, 0, "gone"),
					    REVIEW_PICK_MINE, NULL, &err), 0);
	res = result_ini(r, 0);
	assert_string_equal(ini_get(res, "DEFAULT", "gone"), "2");
	ini_free(res);
	review_free(r);
}

static void
test_every_hunk_picked_mine_gives_back_the_current_file(void **state)
{
	struct hosts h;
	struct review *r;
	struct ou_error err;
	char *text;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_true(review_hunk_count(r, 0) > 1);
	for (size_t i = 0; i < review_hunk_count(r, 0); i++)
		assert_int_equal(review_pick_hunk(r, 0, i, REVIEW_PICK_MINE, NULL, 0,
						  &err), 0);
	for (size_t host = 0; host < 3; host++) {
		text = result_of(r, host);
		assert_int_equal(strlen(text), h.v[host].current_len);
		assert_memory_equal(text, h.v[host].current, h.v[host].current_len);
		free(text);
	}
	review_free(r);
	hosts_release(&h);
}

static void
test_an_edited_hunk_replaces_its_lines(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct ou_error err;
	char *text;

	hosts_add_text(&h, "h", "[s]\n#a=1\na=2\n", "[s]\n# help\n#a=1\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_hunk_count(r, 0), 1);
	assert_int_equal(review_pick_hunk(r, 0, 0, REVIEW_PICK_EDIT,
					  "[s]\na=5\n", 8, &err), 0);
	text = result_of(r, 0);
	assert_string_equal(text, "[s]\na=5\n");
	free(text);
	review_free(r);
}

static void
test_a_hunks_range_is_its_lines_on_both_sides(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct review_hunk_range range;

	/* A text file (the proposal is the new file): its fifth line
	 * becomes two, with 3 lines of context on each side. */
	hosts_add_text(&h, "h", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
		       "1\n2\n3\n4\n5a\n5b\n6\n7\n8\n9\n10\n");
	r = review_ok("/etc/x/x.txt", &h, NULL);
	assert_int_equal(review_hunk_count(r, 0), 1);
	range = review_hunk_range(r, 0, 0);
	assert_int_equal(range.a, 1);
	assert_int_equal(range.a_len, 7);
	assert_int_equal(range.b, 1);
	assert_int_equal(range.b_len, 8);
	review_free(r);
}

static void
test_a_hunks_text_is_each_sides_lines_with_context(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct ou_error err;
	struct strbuf sb = STRBUF_INIT;

	hosts_add_text(&h, "h", "[s]\n#a=1\na=2\n", "[s]\n# help\n#a=1\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_hunk_pick(r, 0, 0), REVIEW_PICK_THEIRS);
	review_hunk_text(r, 0, 0, REVIEW_PICK_MINE, &sb);
	assert_string_equal(strbuf_str(&sb), "[s]\n#a=1\na=2\n");
	strbuf_reset(&sb);
	review_hunk_text(r, 0, 0, REVIEW_PICK_THEIRS, &sb);
	assert_string_equal(strbuf_str(&sb), "[s]\n# help\n#a=1\na=2\n");
	strbuf_reset(&sb);
	review_hunk_text(r, 0, 0, REVIEW_PICK_EDIT, &sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(review_pick_hunk(r, 0, 0, REVIEW_PICK_EDIT,
					  "[s]\na=5\n", 8, &err), 0);
	assert_int_equal(review_hunk_pick(r, 0, 0), REVIEW_PICK_EDIT);
	review_hunk_text(r, 0, 0, REVIEW_PICK_EDIT, &sb);
	assert_string_equal(strbuf_str(&sb), "[s]\na=5\n");
	strbuf_release(&sb);
	review_free(r);
}

static void
test_a_hosts_files_are_given_back_as_they_came(void **state)
{
	struct hosts h;
	struct review *r;
	const char *bytes;
	size_t len;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	for (size_t host = 0; host < h.n; host++) {
		bytes = review_host_current(r, host, &len);
		assert_int_equal(len, h.v[host].current_len);
		assert_memory_equal(bytes, h.v[host].current, len);
		bytes = review_host_rpmnew(r, host, &len);
		assert_int_equal(len, h.v[host].rpmnew_len);
		assert_memory_equal(bytes, h.v[host].rpmnew, len);
	}
	review_free(r);
	hosts_release(&h);
}

static void
test_an_edited_text_replaces_the_result_and_keeps_each_hosts_values(void **state)
{
	struct hosts h;
	struct review *r;
	struct ou_error err;
	char *first, *edited;
	struct ini *res;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	first = result_of(r, 0);
	edited = xasprintf("# merged by the operator\n%s", first);
	assert_int_equal(review_set_text(r, 0, edited, strlen(edited), &err), 0);
	res = result_ini(r, 2);
	assert_string_equal(ini_get(res, "DEFAULT", "my_ip"), "192.0.2.23");
	ini_free(res);
	free(first);
	first = result_of(r, 2);
	assert_int_equal(strncmp(first, "# merged by the operator\n", 25), 0);
	free(first);
	free(edited);
	review_free(r);
	hosts_release(&h);
}

static void
test_an_edited_text_says_who_wrote_it_until_a_pick_drops_it(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct ou_error err;
	static const char text[] = "[s]\na=3\n";

	hosts_add_text(&h, "h", "[s]\na=2\n", "[s]\n#a=1\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_text_source(r, 0), REVIEW_TEXT_NONE);
	assert_int_equal(review_set_text(r, 0, text, strlen(text), &err), 0);
	assert_int_equal(review_text_source(r, 0), REVIEW_TEXT_EDITOR);
	assert_int_equal(review_set_text_from(r, 0, text, strlen(text),
					      REVIEW_TEXT_MERGE_TOOL, &err), 0);
	assert_int_equal(review_text_source(r, 0), REVIEW_TEXT_MERGE_TOOL);
	assert_int_equal(review_pick_hunk(r, 0, 0, REVIEW_PICK_MINE, NULL, 0,
					  &err), 0);
	assert_int_equal(review_text_source(r, 0), REVIEW_TEXT_NONE);
	review_free(r);
}

static void
test_an_option_is_secret_by_its_new_name_or_its_old_one(void **state)
{
	struct review_option o = { .section = "neutron", .name = "url" };

	assert_false(review_option_is_secret(&o));
	o.old_name = "neutron_url";
	assert_false(review_option_is_secret(&o));
	o.name = "admin_password";
	assert_true(review_option_is_secret(&o));
	o.name = "admin_user";
	o.old_name = "admin_token";
	assert_true(review_option_is_secret(&o));
}

static void
test_an_edited_text_that_does_not_parse_is_refused(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct ou_error err = { .msg = "" };
	const char *bad = "[DEFAULT]\nverbose = True\n  indented\n\n oops\n";
	char *text;

	hosts_add_text(&h, "h", "[s]\na=2\n", "[s]\n#a=1\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_set_text(r, 0, bad, strlen(bad), &err), -1);
	assert_string_equal(err.msg, "/etc/x/x.conf (edited):5:1: a line "
			    "starting with white space continues an option, but "
			    "there is none above it");
	text = result_of(r, 0);
	assert_string_equal(text, "[s]\n#a=1\na=2\n");
	free(text);
	review_free(r);
}

static void
test_keep_mine_writes_nothing_and_take_new_writes_the_rpmnew(void **state)
{
	struct hosts h;
	struct review *r;
	struct review_plan *plan;
	struct ou_error err;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_decide(r, 0, REVIEW_KEEP_MINE), 0);
	assert_int_equal(review_decide(r, 1, REVIEW_TAKE_NEW), 0);
	assert_int_equal(review_apply_plan(r, "nova-compute-review", 0, &plan,
					   &err), 0);
	assert_int_equal(plan->n_writes, 4);
	for (size_t i = 0; i < 3; i++) {
		assert_false(plan->writes[i].write);
		assert_int_equal(plan->writes[i].decision, REVIEW_KEEP_MINE);
	}
	assert_true(plan->writes[3].write);
	assert_int_equal(plan->writes[3].len, h.v[3].rpmnew_len);
	assert_memory_equal(plan->writes[3].data, h.v[3].rpmnew, h.v[3].rpmnew_len);
	review_plan_free(plan);
	review_free(r);
	hosts_release(&h);
}

/* ---- other kinds of files ---- */

static void
test_local_settings_takes_the_new_file_with_the_carried_values(void **state)
{
	static const char *const carry[] = {
		"SECRET_KEY", "OPENSTACK_HOST", "ALLOWED_HOSTS", "TIME_ZONE",
	};
	struct review_options opts = { .prefer = REVIEW_TAKE_NEW, .carry = carry,
				       .n_carry = 4 };
	struct hosts h = { 0 };
	struct review *r;
	struct pysettings *res;
	struct ou_error err;
	char *text;

	hosts_add(&h, "controller", "local_settings", "local_settings.rpmnew");
	r = review_ok("/etc/openstack-dashboard/local_settings", &h, &opts);
	assert_int_equal(review_kind(r), REVIEW_PYTHON);
	assert_int_equal(review_group_decision(r, 0), REVIEW_MERGE);
	text = result_of(r, 0);
	assert_int_equal(pysettings_parse("result", text, strlen(text), &res,
					  &err), 0);
	assert_string_equal(pysettings_get(res, "SECRET_KEY"),
			    "'8d3f0c2a9b7e6d5c4b3a2f1e0d9c8b7a'");
	assert_string_equal(pysettings_get(res, "OPENSTACK_HOST"), "\"192.0.2.11\"");
	assert_string_equal(pysettings_get(res, "ALLOWED_HOSTS"),
			    "['controller', '192.0.2.11', 'localhost']");
	/* what is not carried is Juno's */
	assert_non_null(strstr(text, "'enable_distributed_router': False,"));
	assert_non_null(strstr(text, "from horizon.utils import secret_key\n"));
	pysettings_free(res);
	free(text);
	review_free(r);
	hosts_release(&h);
}

static void
test_local_settings_display_masks_the_secret_key(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct strbuf sb = STRBUF_INIT;

	hosts_add(&h, "controller", "local_settings", "local_settings.rpmnew");
	r = review_ok("/etc/openstack-dashboard/local_settings", &h, NULL);
	write_all_display(r, &sb);
	assert_shows_no_secret(strbuf_str(&sb));
	assert_non_null(strstr(strbuf_str(&sb), "SECRET_KEY = <secret SECRET_KEY>"));
	strbuf_release(&sb);
	review_free(r);
	hosts_release(&h);
}

static void
test_a_file_that_does_not_parse_is_reviewed_as_text(void **state)
{
	struct hosts h = { 0 };
	struct review *r;

	hosts_add_text(&h, "compute1", "orphan = 1\n[DEFAULT]\n", "[DEFAULT]\n");
	r = review_ok("/etc/nova/nova.conf", &h, NULL);
	assert_int_equal(review_kind(r), REVIEW_TEXT);
	assert_int_equal(review_note_count(r), 1);
	assert_string_equal(review_note(r, 0), "reviewed as text: "
			    "/etc/nova/nova.conf on compute1:1:1: option before "
			    "any [section] (oslo.config refuses it)");
	assert_int_equal(review_option_count(r, 0), 0);
	assert_int_equal(review_hunk_count(r, 0), 1);
	review_free(r);
}

static void
test_a_json_file_is_reviewed_by_hunk(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct ou_error err;
	char *text;

	hosts_add_text(&h, "c", "{\n  \"a\": \"rule:x\",\n  \"b\": \"\"\n}\n",
		       "{\n  \"a\": \"rule:y\",\n  \"b\": \"\"\n}\n");
	r = review_ok("/etc/nova/policy.json", &h, NULL);
	assert_int_equal(review_kind(r), REVIEW_TEXT);
	text = result_of(r, 0);
	assert_string_equal(text, h.v[0].rpmnew);
	free(text);
	assert_int_equal(review_pick_hunk(r, 0, 0, REVIEW_PICK_MINE, NULL, 0,
					  &err), 0);
	text = result_of(r, 0);
	assert_string_equal(text, h.v[0].current);
	free(text);
	review_free(r);
}

/* ---- display ---- */

static void
test_the_proposal_is_a_diff_against_the_current_file(void **state)
{
	struct hosts h;
	struct review *r;
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err;
	const char *head = "--- /etc/nova/nova.conf (compute1)\n"
			   "+++ /etc/nova/nova.conf (result)\n@@ ";

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	assert_int_equal(review_write_proposal(r, 0, &sb, &err), 0);
	assert_int_equal(strncmp(strbuf_str(&sb), head, strlen(head)), 0);
	assert_non_null(strstr(strbuf_str(&sb), "\n-neutron_url=http://192.0.2.11:9696\n"));
	assert_non_null(strstr(strbuf_str(&sb), "\n+url=http://192.0.2.11:9696\n"));
	assert_non_null(strstr(strbuf_str(&sb),
			       "\n-neutron_admin_password=<secret neutron_admin_password>\n"));
	strbuf_release(&sb);
	review_free(r);
	hosts_release(&h);
}

static void
test_comment_only_hunks_are_marked_for_folding(void **state)
{
	struct hosts h = { 0 };
	struct review *r;

	/* the help text changed; the new file sets d itself */
	hosts_add_text(&h, "h",
		       "[s]\n# old help\n#a=1\n\n\n\n\n\n\n\n\n#b=1\nb=2\n",
		       "[s]\n# new help\n#a=1\n\n\n\n\n\n\n\n\n#b=1\nd=4\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_hunk_count(r, 0), 2);
	assert_true(review_hunk_is_comment_only(r, 0, 0));
	assert_false(review_hunk_is_comment_only(r, 0, 1));
	review_free(r);
}

static void
test_an_option_line_says_where_the_value_comes_from(void **state)
{
	struct hosts h;
	struct review *r;
	struct strbuf sb = STRBUF_INIT;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	review_write_option(r, 0, option_index(r, 0, "admin_password"), &sb);
	assert_string_equal(strbuf_str(&sb),
			    "[neutron] admin_password: mine <secret admin_password> "
			    "(set as [DEFAULT] neutron_admin_password) (differs "
			    "per host), theirs not set -> mine\n");
	strbuf_release(&sb);
	review_free(r);
	hosts_release(&h);
}

/* ---- the apply plan ---- */

static void
test_the_apply_plan_names_backups_by_time_and_step(void **state)
{
	struct hosts h;
	struct review *r;
	struct review_plan *plan;
	struct ou_error err;
	const struct review_write *w;

	hosts_nova(&h);
	r = review_ok(NOVA, &h, NULL);
	/* 2014-10-20 09:30:00 UTC */
	assert_int_equal(review_apply_plan(r, "nova-compute-review", 1413797400,
					   &plan, &err), 0);
	w = &plan->writes[2];
	assert_string_equal(w->host, "compute3");
	assert_string_equal(w->path, NOVA);
	assert_string_equal(w->rpmnew_path, NOVA ".rpmnew");
	assert_string_equal(w->backup_dir, "/var/lib/openstack-upgrade/backups/"
			    "20141020T093000Z-nova-compute-review");
	assert_string_equal(w->backup_path, "/var/lib/openstack-upgrade/backups/"
			    "20141020T093000Z-nova-compute-review/etc/nova/nova.conf");
	assert_string_equal(w->rpmnew_backup_path,
			    "/var/lib/openstack-upgrade/backups/20141020T093000Z-"
			    "nova-compute-review/etc/nova/nova.conf.rpmnew");
	assert_true(w->write);
	assert_int_equal(strlen(w->current_sha256), 64);
	assert_non_null(strstr(w->data, "\nmy_ip=192.0.2.23\n"));
	review_plan_free(plan);
	review_free(r);
	hosts_release(&h);
}

static void
test_the_apply_plan_refuses_bad_step_ids_and_paths(void **state)
{
	struct hosts h = { 0 };
	struct review *r;
	struct review_plan *plan = NULL;
	struct ou_error err = { .msg = "" };

	hosts_add_text(&h, "h", "[s]\n", "[s]\n");
	r = review_ok("/etc/x/x.conf", &h, NULL);
	assert_int_equal(review_apply_plan(r, "../x", 0, &plan, &err), -1);
	assert_string_equal(err.msg, "step id \"../x\": only letters, digits, "
			    "'.', '_' and '-' can name a backup directory");
	assert_int_equal(review_apply_plan(r, "..", 0, &plan, &err), -1);
	assert_null(plan);
	review_free(r);
	r = review_ok("etc/x/../../x.conf", &h, NULL);
	assert_int_equal(review_apply_plan(r, "step", 0, &plan, &err), -1);
	assert_string_equal(err.msg, "\"etc/x/../../x.conf\" is not an absolute path");
	review_free(r);
	r = review_ok("/etc/x/../../root/x.conf", &h, NULL);
	assert_int_equal(review_apply_plan(r, "step", 0, &plan, &err), -1);
	assert_string_equal(err.msg, "\"/etc/x/../../root/x.conf\" climbs with \"..\"");
	review_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts_with_identical_pairs_form_one_group),
		cmocka_unit_test(test_hosts_differing_in_a_few_values_share_a_group),
		cmocka_unit_test(test_more_differing_values_than_allowed_split_the_group),
		cmocka_unit_test(test_no_display_string_shows_a_secret),
		cmocka_unit_test(test_the_merge_carries_my_values_into_the_new_file),
		cmocka_unit_test(test_each_host_of_a_group_keeps_its_own_values),
		cmocka_unit_test(test_an_option_picked_theirs_stays_as_the_new_file_has_it),
		cmocka_unit_test(test_an_edited_option_value_goes_to_every_host_of_the_group),
		cmocka_unit_test(test_a_dropped_option_is_listed_and_left_out_by_default),
		cmocka_unit_test(test_every_hunk_picked_mine_gives_back_the_current_file),
		cmocka_unit_test(test_an_edited_hunk_replaces_its_lines),
		cmocka_unit_test(test_a_hunks_range_is_its_lines_on_both_sides),
		cmocka_unit_test(test_a_hunks_text_is_each_sides_lines_with_context),
		cmocka_unit_test(test_a_hosts_files_are_given_back_as_they_came),
		cmocka_unit_test(test_an_edited_text_replaces_the_result_and_keeps_each_hosts_values),
		cmocka_unit_test(test_an_edited_text_says_who_wrote_it_until_a_pick_drops_it),
		cmocka_unit_test(test_an_option_is_secret_by_its_new_name_or_its_old_one),
		cmocka_unit_test(test_an_edited_text_that_does_not_parse_is_refused),
		cmocka_unit_test(test_keep_mine_writes_nothing_and_take_new_writes_the_rpmnew),
		cmocka_unit_test(test_local_settings_takes_the_new_file_with_the_carried_values),
		cmocka_unit_test(test_local_settings_display_masks_the_secret_key),
		cmocka_unit_test(test_a_file_that_does_not_parse_is_reviewed_as_text),
		cmocka_unit_test(test_a_json_file_is_reviewed_by_hunk),
		cmocka_unit_test(test_the_proposal_is_a_diff_against_the_current_file),
		cmocka_unit_test(test_comment_only_hunks_are_marked_for_folding),
		cmocka_unit_test(test_an_option_line_says_where_the_value_comes_from),
		cmocka_unit_test(test_the_apply_plan_names_backups_by_time_and_step),
		cmocka_unit_test(test_the_apply_plan_refuses_bad_step_ids_and_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
