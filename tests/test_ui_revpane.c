/* Tests for the review screen's panes as lines (ui/revpane.h), over real
 * nova.conf files of three computes and the package's .rpmnew. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "revpane.h"
#include "review.h"
#include "xalloc.h"

#define INI_DATA OU_TEST_DATA "/ini/"

/* Every password in the fixtures: none may reach a line. */
static const char *const fixture_secrets[] = {
	"7d1c0a9e4b2f", "3b9a0c4d7e21", "5f8e2d61c0a3",
};

struct fixture {
	struct strbuf text[6];
	struct review *reviews[1];
	struct revpane pane;
};

static const char *
fixture_read(struct fixture *f, size_t i, const char *name, size_t *len)
{
	char *path = xasprintf("%s%s", INI_DATA, name);
	struct ou_error err;

	f->text[i] = (struct strbuf)STRBUF_INIT;
	if (strbuf_read_file(&f->text[i], path, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	*len = f->text[i].len;
	return strbuf_str(&f->text[i]);
}

static int
setup(void **state)
{
	static const char *const names[] = { "compute1", "compute2",
					     "compute3" };
	struct fixture *f = xcalloc(1, sizeof *f);
	struct review_host hosts[3];
	struct ou_error err;

	for (size_t h = 0; h < 3; h++) {
		char *current = xasprintf("nova.conf.%s", names[h]);

		hosts[h] = (struct review_host){ .host = names[h] };
		hosts[h].current = fixture_read(f, 2 * h, current,
						&hosts[h].current_len);
		hosts[h].rpmnew = fixture_read(f, 2 * h + 1, "nova.conf.rpmnew",
					       &hosts[h].rpmnew_len);
		free(current);
	}
	if (review_new("/etc/nova/nova.conf", hosts, 3,
		       &(struct review_options){ .prefer = REVIEW_MERGE },
		       &f->reviews[0], &err) < 0)
		fail_msg("%s", err.msg);
	revpane_init(&f->pane, f->reviews, 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	revpane_release(&f->pane);
	review_free(f->reviews[0]);
	for (size_t i = 0; i < 6; i++)
		strbuf_release(&f->text[i]);
	free(f);
	return 0;
}

/* The first group's row. */
#define GROUP_ITEM 1

static char *
item_text(const struct fixture *f, size_t item)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	revpane_item_text(&f->pane, item, &sb);
	s = xstrdup(strbuf_str(&sb));
	strbuf_release(&sb);
	return s;
}

/* The first line of kind whose text contains needle; n_lines if none. */
static size_t
find_line(const struct revpane *p, enum revpane_line_kind kind,
	  const char *needle)
{
	for (size_t i = 0; i < p->n_lines; i++)
		if (p->lines[i].kind == kind &&
		    strstr(p->lines[i].text, needle) != NULL)
			return i;
	return p->n_lines;
}

static size_t
count_lines(const struct revpane *p, enum revpane_line_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_lines; i++)
		n += p->lines[i].kind == kind;
	return n;
}

static void
test_the_left_pane_lists_the_file_then_its_groups(void **state)
{
	struct fixture *f = *state;
	char *file = item_text(f, 0);
	char *group = item_text(f, GROUP_ITEM);

	assert_int_equal(f->pane.n_items,
			 1 + review_group_count(f->reviews[0]));
	assert_true(f->pane.items[0].file);
	assert_false(f->pane.items[GROUP_ITEM].file);
	assert_string_equal(file, "/etc/nova/nova.conf (INI)");
	assert_non_null(strstr(group, "compute1, compute2, compute3 (3 hosts)"));
	assert_non_null(strstr(group, ": merge"));
	free(file);
	free(group);
}

static void
test_a_group_shows_its_summary_changes_and_options(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;

	revpane_build(p, GROUP_ITEM, 0);
	assert_true(find_line(p, REVPANE_HEADING, "Summary") < p->n_lines);
	assert_true(find_line(p, REVPANE_HEADING, "Changes") < p->n_lines);
	assert_true(find_line(p, REVPANE_HEADING, "Options") < p->n_lines);
	assert_true(find_line(p, REVPANE_TEXT, "Decision: merge") < p->n_lines);
	assert_true(find_line(p, REVPANE_HUNK_HEAD, "hunk 1: theirs") <
		    p->n_lines ||
		    find_line(p, REVPANE_FOLDED, "hunk 1: ") < p->n_lines);
	assert_int_equal(count_lines(p, REVPANE_OPTION),
			 review_option_count(f->reviews[0], 0));
}

static void
test_no_secret_reaches_a_line(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;

	revpane_toggle_fold(p, GROUP_ITEM);
	revpane_build(p, GROUP_ITEM, 0);
	for (size_t i = 0; i < p->n_lines; i++)
		for (size_t s = 0; s < sizeof fixture_secrets /
				       sizeof fixture_secrets[0]; s++)
			if (strstr(p->lines[i].text, fixture_secrets[s]) != NULL)
				fail_msg("line %zu shows a secret: %s", i,
					 p->lines[i].text);
}

static void
test_option_lines_wrap_and_keep_their_option(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	size_t wide, narrow;

	revpane_build(p, GROUP_ITEM, 0);
	wide = count_lines(p, REVPANE_OPTION);
	revpane_build(p, GROUP_ITEM, 40);
	narrow = count_lines(p, REVPANE_OPTION);
	assert_true(narrow > wide);
	for (size_t i = 0; i < p->n_lines; i++) {
		if (p->lines[i].kind != REVPANE_OPTION)
			continue;
		assert_true(strlen(p->lines[i].text) <= 40);
		assert_int_equal(p->lines[i].target, REVPANE_TARGET_OPTION);
	}
	/* The pick, at the end of the first option, is on its last line. */
	for (size_t i = 0; i + 1 < p->n_lines; i++)
		if (p->lines[i].kind == REVPANE_OPTION &&
		    p->lines[i].index == 0 && p->lines[i + 1].index != 0) {
			assert_non_null(strstr(p->lines[i].text, "-> "));
			return;
		}
	fail_msg("the first option's last line was not found");
}

static void
test_text_wraps_at_blanks_and_hangs_under_its_indent(void **state)
{
	size_t n;
	char **lines = revpane_wrap_text("  alpha beta gamma delta\n\nend",
					  12, &n);

	assert_int_equal(n, 5);
	assert_string_equal(lines[0], "  alpha beta");
	assert_string_equal(lines[1], "    gamma");
	assert_string_equal(lines[2], "    delta");
	assert_string_equal(lines[3], "");
	assert_string_equal(lines[4], "end");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void
test_comment_only_hunks_fold_until_unfolded(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	size_t folded, hunks;

	revpane_build(p, GROUP_ITEM, 0);
	folded = count_lines(p, REVPANE_FOLDED);
	hunks = count_lines(p, REVPANE_HUNK_HEAD);
	assert_true(folded > 0);
	assert_int_equal(folded + hunks, review_hunk_count(f->reviews[0], 0));
	revpane_toggle_fold(p, GROUP_ITEM);
	revpane_build(p, GROUP_ITEM, 0);
	assert_int_equal(count_lines(p, REVPANE_FOLDED), 0);
	assert_int_equal(count_lines(p, REVPANE_HUNK_HEAD), folded + hunks);
}

/* A line inside hunk i (not its head): picks go to the hunk it is in. */
static size_t
line_in_hunk(const struct revpane *p)
{
	for (size_t i = 0; i < p->n_lines; i++)
		if (p->lines[i].kind == REVPANE_HUNK_ADD)
			return i;
	fail_msg("no added line");
	return 0;
}

static void
test_mine_on_a_line_of_a_hunk_picks_that_hunk(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	struct ou_error err;
	size_t line, hunk;

	revpane_build(p, GROUP_ITEM, 0);
	line = line_in_hunk(p);
	hunk = p->lines[line].index;
	assert_int_equal(revpane_pick(p, GROUP_ITEM, line, REVIEW_PICK_MINE,
				      &err), 0);
	assert_int_equal(review_hunk_pick(f->reviews[0], 0, hunk),
			 REVIEW_PICK_MINE);
	revpane_build(p, GROUP_ITEM, 0);
	assert_true(find_line(p, REVPANE_HUNK_HEAD, ": mine") < p->n_lines);
}

static void
test_theirs_on_an_option_line_picks_that_option(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	struct ou_error err;
	size_t line;

	revpane_build(p, GROUP_ITEM, 0);
	line = find_line(p, REVPANE_OPTION, "");
	assert_true(line < p->n_lines);
	assert_int_equal(revpane_pick(p, GROUP_ITEM, line, REVIEW_PICK_THEIRS,
				      &err), 0);
	assert_int_equal(review_option_at(f->reviews[0], 0,
					  p->lines[line].index)->pick,
			 REVIEW_PICK_THEIRS);
}

static void
test_a_pick_on_a_heading_is_refused(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	struct ou_error err;

	revpane_build(p, GROUP_ITEM, 0);
	assert_int_equal(revpane_pick(p, GROUP_ITEM,
				      find_line(p, REVPANE_HEADING, "Summary"),
				      REVIEW_PICK_MINE, &err), -1);
	assert_non_null(strstr(err.msg, "no hunk or option"));
}

static void
test_a_decision_shows_on_the_group_row(void **state)
{
	struct fixture *f = *state;
	char *text;

	revpane_decide(&f->pane, GROUP_ITEM, REVIEW_KEEP_MINE);
	assert_int_equal(revpane_decision(&f->pane, GROUP_ITEM),
			 REVIEW_KEEP_MINE);
	text = item_text(f, GROUP_ITEM);
	assert_non_null(strstr(text, ": keep mine"));
	free(text);
}

static void
test_an_edited_text_is_a_merge_marked_edited(void **state)
{
	struct fixture *f = *state;
	struct revpane *p = &f->pane;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;

	revpane_decide(p, GROUP_ITEM, REVIEW_TAKE_NEW);
	assert_int_equal(revpane_result(p, GROUP_ITEM, &text, &err), 0);
	strbuf_adds(&text, "\n[extra]\nkey = value\n");
	assert_int_equal(revpane_set_text(p, GROUP_ITEM, strbuf_str(&text),
					  text.len, &err), 0);
	assert_int_equal(revpane_decision(p, GROUP_ITEM), REVIEW_MERGE);
	revpane_build(p, GROUP_ITEM, 0);
	assert_true(find_line(p, REVPANE_TEXT, "(the whole text edited)") <
		    p->n_lines);
	strbuf_release(&text);
}

static void
test_an_edited_text_that_does_not_parse_is_refused(void **state)
{
	struct fixture *f = *state;
	static const char bad[] = "key before = any section\n[unclosed\n";
	struct ou_error err;

	assert_int_equal(revpane_set_text(&f->pane, GROUP_ITEM, bad,
					  sizeof bad - 1, &err), -1);
	assert_int_equal(revpane_decision(&f->pane, GROUP_ITEM), REVIEW_MERGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_the_left_pane_lists_the_file_then_its_groups),
		T(test_a_group_shows_its_summary_changes_and_options),
		T(test_no_secret_reaches_a_line),
		T(test_option_lines_wrap_and_keep_their_option),
		T(test_comment_only_hunks_fold_until_unfolded),
		cmocka_unit_test(test_text_wraps_at_blanks_and_hangs_under_its_indent),
		T(test_mine_on_a_line_of_a_hunk_picks_that_hunk),
		T(test_theirs_on_an_option_line_picks_that_option),
		T(test_a_pick_on_a_heading_is_refused),
		T(test_a_decision_shows_on_the_group_row),
		T(test_an_edited_text_is_a_merge_marked_edited),
		T(test_an_edited_text_that_does_not_parse_is_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
