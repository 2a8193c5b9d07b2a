/* Tests for diff: changes and hunks, GNU diff's unified format, merges
 * hunk by hunk, and no more hunks than GNU diff -u on real pairs. */
#include "config.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diff.h"
#include "xalloc.h"

#define INI_DATA OU_TEST_DATA "/ini/"
#define LAB_FILES OU_SRCDIR "/lab/files"

static struct diff *
diff_of(const char *a, const char *b, enum diff_algorithm algorithm)
{
	return diff_new(a, strlen(a), b, strlen(b), algorithm, 3);
}

static char *
unified(const struct diff *d)
{
	struct diff_format fmt = { .a_label = "a", .b_label = "b" };
	struct strbuf sb = STRBUF_INIT;

	char *text;

	diff_write_unified(d, &fmt, &sb);
	text = strbuf_take(&sb);
	return text != NULL ? text : xstrdup("");
}

static void
assert_unified(const char *a, const char *b, const char *want)
{
	struct diff *d = diff_of(a, b, DIFF_BEST);
	struct diff_format fmt = { .a_label = "a", .b_label = "b" };
	struct strbuf sb = STRBUF_INIT;

	diff_write_unified(d, &fmt, &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
	diff_free(d);
}

/* "1\n2\n...n\n" with some lines replaced. */
static char *
numbered(unsigned n, unsigned changed_every)
{
	struct strbuf sb = STRBUF_INIT;

	for (unsigned i = 1; i <= n; i++) {
		if (changed_every != 0 && i % changed_every == 0)
			strbuf_addf(&sb, "changed %u\n", i);
		else
			strbuf_addf(&sb, "%u\n", i);
	}
	return strbuf_take(&sb);
}

static void
test_equal_texts_have_no_hunks_and_no_output(void **state)
{
	struct diff *d = diff_of("a\nb\n", "a\nb\n", DIFF_BEST);
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(d->n_changes, 0);
	assert_int_equal(d->n_hunks, 0);
	diff_write_unified(d, NULL, &sb);
	assert_int_equal(sb.len, 0);
	diff_free(d);
	strbuf_release(&sb);
}

static void
test_a_change_is_shown_with_three_lines_of_context(void **state)
{
	assert_unified("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
		       "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n"
		       " 6\n 7\n 8\n");
}

static void
test_ranges_are_written_as_gnu_diff_writes_them(void **state)
{
	/* into an empty file: the line before is 0, with no lines */
	assert_unified("", "new\n", "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
	/* one line becomes two */
	assert_unified("x\n", "new\nx\n", "--- a\n+++ b\n@@ -1 +1,2 @@\n+new\n x\n");
	/* one line each side: no count */
	assert_unified("x\n", "y\n", "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n");
	/* a deletion at the end of a longer file */
	assert_unified("1\n2\n3\n4\n5\n", "1\n2\n3\n4\n",
		       "--- a\n+++ b\n@@ -2,4 +2,3 @@\n 2\n 3\n 4\n-5\n");
	/* everything removed */
	assert_unified("1\n2\n", "", "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-1\n-2\n");
}

static void
test_a_missing_final_newline_is_marked(void **state)
{
	assert_unified("a\nb", "a\nb\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n"
		       "\\ No newline at end of file\n+b\n");
	assert_unified("a\nb", "a\nc", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n"
		       "\\ No newline at end of file\n+c\n"
		       "\\ No newline at end of file\n");
}

static void
test_changes_up_to_six_lines_apart_share_a_hunk(void **state)
{
	/* lines 3 and 10 change: 6 equal lines between them */
	struct diff *d = diff_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
				 "1\n2\nC\n4\n5\n6\n7\n8\n9\nT\n11\n", DIFF_BEST);

	assert_int_equal(d->n_changes, 2);
	assert_int_equal(d->n_hunks, 1);
	diff_free(d);
	/* lines 3 and 11: 7 equal lines between them */
	d = diff_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
		    "1\n2\nC\n4\n5\n6\n7\n8\n9\n10\nE\n12\n", DIFF_BEST);
	assert_int_equal(d->n_hunks, 2);
	assert_int_equal(d->hunks[1].a, 7);
	assert_int_equal(d->hunks[1].a_len, 5);
	diff_free(d);
}

static void
test_the_context_is_a_parameter(void **state)
{
	struct diff *d = diff_new("1\n2\n3\n", 6, "1\nX\n3\n", 6, DIFF_BEST, 0);
	char *text = unified(d);

	assert_string_equal(text, "--- a\n+++ b\n@@ -2 +2 @@\n-2\n+X\n");
	free(text);
	diff_free(d);
}

static void
test_crlf_lines_differ_from_lf_lines(void **state)
{
	struct diff *d = diff_of("a\r\nb\n", "a\nb\n", DIFF_BEST);

	assert_int_equal(d->n_changes, 1);
	assert_int_equal(d->changes[0].a, 0);
	assert_int_equal(d->changes[0].a_len, 1);
	diff_free(d);
}

static void
test_myers_finds_a_shortest_edit(void **state)
{
	/* Myers' own example: ABCABBA -> CBABAC takes 5 edits. */
	struct diff *d = diff_of("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n",
				 DIFF_MYERS);

	assert_int_equal(diff_changed_lines(d), 5);
	assert_int_equal(d->algorithm, DIFF_MYERS);
	diff_free(d);
}

static void
test_each_algorithm_is_used_when_asked(void **state)
{
	struct diff *d = diff_of("a\nb\n", "a\nc\n", DIFF_HISTOGRAM);

	assert_int_equal(d->algorithm, DIFF_HISTOGRAM);
	diff_free(d);
	d = diff_of("a\nb\n", "a\nc\n", DIFF_BEST);
	assert_true(d->algorithm == DIFF_HISTOGRAM || d->algorithm == DIFF_MYERS);
	diff_free(d);
}

static void
test_a_removed_paragraph_starts_after_a_blank_line(void **state)
{
	/* The removed option's paragraph could be shown starting at its blank
	 * line or ending with one; the paragraph itself reads better. */
	assert_unified("#a=1\n\n# B help\n#b=2\n\n# C help\n#c=3\n",
		       "#a=1\n\n# C help\n#c=3\n",
		       "--- a\n+++ b\n@@ -1,7 +1,4 @@\n #a=1\n \n-# B help\n"
		       "-#b=2\n-\n # C help\n #c=3\n");
}

static void
test_histogram_anchors_on_rare_lines_so_changes_stay_together(void **state)
{
	/* Both find 7 changed lines; Myers matches the frequent "#" and
	 * "# help" lines wherever it can and splits the change in four, the
	 * histogram anchors on the rarer lines and keeps it in two. */
	const char *a = "#opt_c=3\n# help a\n\n#\n# help b\n# help a\n#\n# help b\n";
	const char *b = "#opt_a=1\n#\n# help a\n\n#\n";
	struct diff *m = diff_new(a, strlen(a), b, strlen(b), DIFF_MYERS, 0);
	struct diff *h = diff_new(a, strlen(a), b, strlen(b), DIFF_HISTOGRAM, 0);

	assert_int_equal(diff_changed_lines(m), 7);
	assert_int_equal(diff_changed_lines(h), 7);
	assert_int_equal(m->n_changes, 4);
	assert_int_equal(h->n_changes, 2);
	diff_free(m);
	diff_free(h);
}

static void
test_merging_every_new_side_rebuilds_b_and_every_old_side_a(void **state)
{
	char *a = numbered(100, 7), *b = numbered(100, 11);
	struct diff *d = diff_of(a, b, DIFF_BEST);
	struct diff_choice *choices = xcalloc(d->n_hunks, sizeof *choices);
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n_hunks; i++)
		choices[i].take = DIFF_TAKE_B;
	diff_merge(d, choices, &sb);
	assert_string_equal(strbuf_str(&sb), b);
	strbuf_reset(&sb);
	for (size_t i = 0; i < d->n_hunks; i++)
		choices[i].take = DIFF_TAKE_A;
	diff_merge(d, choices, &sb);
	assert_string_equal(strbuf_str(&sb), a);
	strbuf_release(&sb);
	free(choices);
	diff_free(d);
	free(a);
	free(b);
}

static void
test_a_merge_mixes_sides_and_edited_text_per_hunk(void **state)
{
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n";
	const char *b = "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nFOURTEEN\n15\n";
	struct diff *d = diff_of(a, b, DIFF_BEST);
	struct diff_choice choices[2] = {
		{ .take = DIFF_TAKE_A },
		{ .take = DIFF_TAKE_TEXT, .text = "edited\n", .len = 7 },
	};
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(d->n_hunks, 2);
	diff_merge(d, choices, &sb);
	/* the second hunk's range, context included, is the edited text */
	assert_string_equal(strbuf_str(&sb), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nedited\n");
	strbuf_release(&sb);
	diff_free(d);
}

static void
mask_render(void *ctx, enum diff_side side, size_t line, const char *text,
	    size_t len, struct strbuf *out)
{
	strbuf_addf(out, "%c%zu:%.*s", side == DIFF_A ? 'a' : 'b', line,
		    (int)len, text);
}

static void
test_a_render_hook_writes_each_lines_display_text(void **state)
{
	struct diff *d = diff_of("k=secret\n", "k=other\n", DIFF_BEST);
	struct diff_format fmt = { .a_label = "x", .b_label = "y",
				   .render = mask_render };
	struct strbuf sb = STRBUF_INIT;

	diff_write_hunk(d, 0, &fmt, &sb);
	assert_string_equal(strbuf_str(&sb), "@@ -1 +1 @@\n-a0:k=secret\n+b0:k=other\n");
	strbuf_release(&sb);
	diff_free(d);
}

/* Lines drawn from a few values: two such texts have no long common
 * runs, so the search hits its cost bound. */
static char *
scrambled(unsigned n, unsigned seed)
{
	struct strbuf sb = STRBUF_INIT;

	for (unsigned i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		strbuf_addf(&sb, "%u\n", (seed >> 16) % 30);
	}
	return strbuf_take(&sb);
}

static void
test_unrelated_long_texts_still_diff_correctly_past_the_cost_bound(void **state)
{
	char *a = scrambled(20000, 1), *b = scrambled(20000, 2);
	struct diff *d = diff_of(a, b, DIFF_MYERS);
	struct diff_choice *choices = xcalloc(d->n_hunks + 1, sizeof *choices);
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n_hunks; i++)
		choices[i].take = DIFF_TAKE_B;
	diff_merge(d, choices, &sb);
	assert_string_equal(strbuf_str(&sb), b);
	/* not minimal, but far from replacing everything */
	assert_true(diff_changed_lines(d) < 40000);
	strbuf_release(&sb);
	free(choices);
	diff_free(d);
	free(a);
	free(b);
}

/* ---- against GNU diff ---- */

struct gnu_counts {
	size_t hunks;
	size_t changed;
};

static char *
shell_path(const char *path)
{
	return xasprintf("'%s'", path);	/* test paths have no quotes */
}

static struct gnu_counts
gnu_diff_counts(const char *a, const char *b)
{
	char *qa = shell_path(a), *qb = shell_path(b);
	char *cmd = xasprintf("diff -u %s %s", qa, qb);
	FILE *p = popen(cmd, "r");
	struct gnu_counts c = { 0 };
	char line[65536];
	bool header = true;

	if (p == NULL)
		fail_msg("cannot run %s", cmd);
	while (fgets(line, sizeof line, p) != NULL) {
		if (strncmp(line, "@@ ", 3) == 0) {
			c.hunks++;
			header = false;
		} else if (!header && (line[0] == '-' || line[0] == '+')) {
			c.changed++;
		}
	}
	pclose(p);
	free(cmd);
	free(qa);
	free(qb);
	return c;
}

/* Returns 1, for the caller's count of pairs compared. */
static size_t
assert_no_more_hunks_than_gnu(const char *a_path, const char *b_path)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct ou_error err;
	struct gnu_counts gnu = gnu_diff_counts(a_path, b_path);
	struct diff *best, *myers;

	if (strbuf_read_file(&a, a_path, &err) < 0 ||
	    strbuf_read_file(&b, b_path, &err) < 0)
		fail_msg("%s", err.msg);
	best = diff_new(strbuf_str(&a), a.len, strbuf_str(&b), b.len, DIFF_BEST, 3);
	myers = diff_new(strbuf_str(&a), a.len, strbuf_str(&b), b.len,
			 DIFF_MYERS, 3);
	if (best->n_hunks > gnu.hunks)
		fail_msg("%s -> %s: %zu hunks, GNU diff has %zu", a_path, b_path,
			 best->n_hunks, gnu.hunks);
	/* minimal: never more changed lines than GNU diff shows */
	if (diff_changed_lines(myers) > gnu.changed)
		fail_msg("%s -> %s: %zu changed lines, GNU diff has %zu", a_path,
			 b_path, diff_changed_lines(myers), gnu.changed);
	diff_free(best);
	diff_free(myers);
	strbuf_release(&a);
	strbuf_release(&b);
	return 1;
}

static void
test_no_more_hunks_than_gnu_diff_on_the_fixture_pairs(void **state)
{
	static const char *const pairs[][2] = {
		{ "nova.conf.compute1", "nova.conf.rpmnew" },
		{ "nova.conf.compute3", "nova.conf.rpmnew" },
		{ "nova.conf.controller", "nova.conf.rpmnew" },
		{ "nova.conf.compute1", "nova.conf.controller" },
		{ "neutron.conf", "neutron.conf.rpmnew" },
		{ "keystone.conf", "keystone.conf.rpmnew" },
		{ "glance-api.conf", "glance-api.conf.rpmnew" },
		{ "cinder.conf", "cinder.conf.rpmnew" },
		{ "local_settings", "local_settings.rpmnew" },
		{ "nova.conf.rpmnew", "neutron.conf.rpmnew" },
	};
	size_t compared = 0;

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		char *a = xasprintf("%s%s", INI_DATA, pairs[i][0]);
		char *b = xasprintf("%s%s", INI_DATA, pairs[i][1]);

		compared += assert_no_more_hunks_than_gnu(a, b);
		compared += assert_no_more_hunks_than_gnu(b, a);
		free(a);
		free(b);
	}
	assert_int_equal(compared, 20);
}

static void
test_no_more_hunks_than_gnu_diff_on_every_lab_release_pair(void **state)
{
	char *list = xasprintf("cd '%s/icehouse' && find etc -type f | sort",
			       LAB_FILES);
	FILE *p = popen(list, "r");
	char rel[4096];
	size_t compared = 0;

	while (p != NULL && fgets(rel, sizeof rel, p) != NULL) {
		char *a, *b;

		rel[strcspn(rel, "\n")] = '\0';
		a = xasprintf("%s/icehouse/%s", LAB_FILES, rel);
		b = xasprintf("%s/juno/%s", LAB_FILES, rel);
		if (access(b, R_OK) == 0)
			compared += assert_no_more_hunks_than_gnu(a, b);
		free(a);
		free(b);
	}
	if (p != NULL)
		pclose(p);
	free(list);
	assert_true(compared >= 20);
}

static void
test_no_more_hunks_than_gnu_diff_on_a_4000_line_nova_conf_pair(void **state)
{
	char dir[] = "/tmp/ou-test-diff-XXXXXX";
	char *cmd, *a, *b;
	size_t compared = 0;

	assert_non_null(mkdtemp(dir));
	cmd = xasprintf("awk -v out=%s -f '%s/bench/nova-pair.awk'", dir, OU_SRCDIR);
	assert_int_equal(system(cmd), 0);
	a = xasprintf("%s/nova.conf", dir);
	b = xasprintf("%s/nova.conf.rpmnew", dir);
	compared += assert_no_more_hunks_than_gnu(a, b);
	compared += assert_no_more_hunks_than_gnu(b, a);
	assert_int_equal(compared, 2);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(cmd);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_texts_have_no_hunks_and_no_output),
		cmocka_unit_test(test_a_change_is_shown_with_three_lines_of_context),
		cmocka_unit_test(test_ranges_are_written_as_gnu_diff_writes_them),
		cmocka_unit_test(test_a_missing_final_newline_is_marked),
		cmocka_unit_test(test_changes_up_to_six_lines_apart_share_a_hunk),
		cmocka_unit_test(test_the_context_is_a_parameter),
		cmocka_unit_test(test_crlf_lines_differ_from_lf_lines),
		cmocka_unit_test(test_myers_finds_a_shortest_edit),
		cmocka_unit_test(test_each_algorithm_is_used_when_asked),
		cmocka_unit_test(test_a_removed_paragraph_starts_after_a_blank_line),
		cmocka_unit_test(test_histogram_anchors_on_rare_lines_so_changes_stay_together),
		cmocka_unit_test(test_merging_every_new_side_rebuilds_b_and_every_old_side_a),
		cmocka_unit_test(test_a_merge_mixes_sides_and_edited_text_per_hunk),
		cmocka_unit_test(test_a_render_hook_writes_each_lines_display_text),
		cmocka_unit_test(test_unrelated_long_texts_still_diff_correctly_past_the_cost_bound),
		cmocka_unit_test(test_no_more_hunks_than_gnu_diff_on_the_fixture_pairs),
		cmocka_unit_test(test_no_more_hunks_than_gnu_diff_on_every_lab_release_pair),
		cmocka_unit_test(test_no_more_hunks_than_gnu_diff_on_a_4000_line_nova_conf_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
