/* Tests for lineui_review: the line-mode review of .rpmnew files, driven
 * by a script of answers, on the lab's nova.conf pairs (two computes that
 * differ in their addresses form one group, the controller another). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ini.h"
#include "lineui_review.h"
#include "review.h"
#include "strbuf.h"
#include "xalloc.h"

#define REVIEW_DATA OU_TEST_DATA "/review/"
#define NOVA "/etc/nova/nova.conf"
#define EDITOR_SH "sh " REVIEW_DATA "editor.sh"
#define MERGE_SH "sh " REVIEW_DATA "merge.sh"
#define GARBAGE "this line is not ini"
#define MAX_PROMPTS 512

/* Every password in the fixtures. */
static const char *const fixture_secrets[] = {
	"Rb7q2Lw9zz", "Nt4kP8vZ3xqq", "Db6yH1mQ5sjj", "Md2sK7rT9wkk",
	"Ks5nV3cX8bvv",
};

static const char *const fixture_hosts[] = {
	"compute1", "compute2", "controller",
};

/* The operator: answers replayed in order, then the end of input.  Each
 * prompt goes to the output, and the answer after it as a terminal would
 * echo it; at[k] is where the output stood when prompt k was asked. */
struct script {
	const char *const *answers;
	size_t n, next;
	FILE *out;
	long at[MAX_PROMPTS];
	size_t asked;
	size_t widest;		/* the longest prompt */
	size_t hidden;		/* answers read with the echo off */
	char hidden_prompt[128];	/* the last prompt of those */
};

struct fixture {
	struct strbuf text[6];
	struct review_host hosts[3];
	struct review *r;
	struct script s;
	char *out;
	size_t out_len;
	FILE *fp;
	char log[64];		/* what editor.sh and merge.sh write */
	bool no_hidden_prompt;	/* the caller has no read_secret */
};

static int
script_read_line(void *ctx, const char *prompt, char **line)
{
	struct script *s = ctx;

	fflush(s->out);
	if (s->asked < MAX_PROMPTS)
		s->at[s->asked++] = ftell(s->out);
	fputs(prompt, s->out);
	if (strlen(prompt) > s->widest)
		s->widest = strlen(prompt);
	if (s->next >= s->n) {
		fputc('\n', s->out);
		return -1;
	}
	fprintf(s->out, "%s\n", s->answers[s->next]);
	*line = xstrdup(s->answers[s->next++]);
	return 0;
}

/* The same with the terminal's echo off: the answer is not echoed, only
 * the Enter that ends it. */
static int
script_read_secret(void *ctx, const char *prompt, char **line)
{
	struct script *s = ctx;

	s->hidden++;
	snprintf(s->hidden_prompt, sizeof s->hidden_prompt, "%s", prompt);
	fflush(s->out);
	fputs(prompt, s->out);
	fputc('\n', s->out);
	if (s->next >= s->n)
		return -1;
	*line = xstrdup(s->answers[s->next++]);
	return 0;
}

static void
read_data(struct strbuf *sb, const char *name)
{
	char *path = xasprintf("%s%s", REVIEW_DATA, name);
	struct ou_error err;

	*sb = (struct strbuf)STRBUF_INIT;
	if (strbuf_read_file(sb, path, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct review_options opts = { .prefer = REVIEW_MERGE };
	struct ou_error err = { .msg = "" };
	int fd;

	for (size_t i = 0; i < 3; i++) {
		char *name = xasprintf("nova.conf.%s", fixture_hosts[i]);

		read_data(&f->text[2 * i], name);
		read_data(&f->text[2 * i + 1], "nova.conf.rpmnew");
		f->hosts[i] = (struct review_host){
			.host = fixture_hosts[i],
			.current = strbuf_str(&f->text[2 * i]),
			.current_len = f->text[2 * i].len,
			.rpmnew = strbuf_str(&f->text[2 * i + 1]),
			.rpmnew_len = f->text[2 * i + 1].len,
		};
		free(name);
	}
	if (review_new(NOVA, f->hosts, 3, &opts, &f->r, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(review_group_count(f->r), 2);
	f->fp = open_memstream(&f->out, &f->out_len);
	snprintf(f->log, sizeof f->log, "/tmp/ou-test-lr-XXXXXX");
	fd = mkstemp(f->log);
	assert_true(fd >= 0);
	close(fd);
	setenv("OU_TEST_LOG", f->log, 1);
	unsetenv("EDITOR");
	unsetenv("MERGE");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	review_free(f->r);
	for (size_t i = 0; i < 6; i++)
		strbuf_release(&f->text[i]);
	fclose(f->fp);
	free(f->out);
	unlink(f->log);
	unsetenv("OU_TEST_LOG");
	unsetenv("OU_TEST_MINE");
	unsetenv("OU_TEST_NEW");
	unsetenv("EDITOR");
	unsetenv("MERGE");
	unsetenv("SHELL");
	free(f);
	return 0;
}

static int
run_reviews(struct fixture *f, unsigned width, struct review *const *reviews,
	    size_t n_reviews, const char *const *answers, size_t n)
{
	struct lineui_review_io io = {
		.read_line = script_read_line,
		.read_secret = f->no_hidden_prompt ? NULL : script_read_secret,
		.ctx = &f->s, .out = f->fp, .width = width,
	};
	int rc;

	f->s = (struct script){ .answers = answers, .n = n, .out = f->fp };
	rc = lineui_review_run(&io, reviews, n_reviews);
	fflush(f->fp);
	return rc;
}

static int
run_width(struct fixture *f, unsigned width, const char *const *answers,
	  size_t n)
{
	return run_reviews(f, width, &f->r, 1, answers, n);
}

#define RUN(f, ...)                                                         \
	run_width((f), 0, (const char *const[]){ __VA_ARGS__ },              \
		  sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *))

static char *
result_of(const struct fixture *f, size_t host)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err = { .msg = "" };
	char *text;

	if (review_result(f->r, host, &sb, &err) < 0)
		fail_msg("%s", err.msg);
	text = strbuf_take(&sb);
	return text != NULL ? text : xstrdup("");
}

/* The value of [section] key in a host's result. */
static char *
result_value(const struct fixture *f, size_t host, const char *section,
	     const char *key)
{
	char *text = result_of(f, host);
	struct ini *ini = NULL;
	struct ou_error err = { .msg = "" };
	const char *v;
	char *value;

	if (ini_parse("result", text, strlen(text), &ini, &err) < 0)
		fail_msg("%s", err.msg);
	v = ini_get(ini, section, key);
	value = v != NULL ? xstrdup(v) : NULL;
	ini_free(ini);
	free(text);
	return value;
}

static void
assert_result_value(const struct fixture *f, size_t host, const char *section,
		    const char *key, const char *want)
{
	char *value = result_value(f, host, section, key);

	if (value == NULL || strcmp(value, want) != 0)
		fail_msg("%s: [%s] %s is %s, not %s", fixture_hosts[host], section,
			 key, value != NULL ? value : "not set", want);
	free(value);
}

static void
assert_result_is_current(const struct fixture *f, size_t host)
{
	char *text = result_of(f, host);

	assert_int_equal(strlen(text), f->hosts[host].current_len);
	assert_memory_equal(text, f->hosts[host].current, strlen(text));
	free(text);
}

static void
assert_result_is_rpmnew(const struct fixture *f, size_t host)
{
	char *text = result_of(f, host);

	assert_int_equal(strlen(text), f->hosts[host].rpmnew_len);
	assert_memory_equal(text, f->hosts[host].rpmnew, strlen(text));
	free(text);
}

static void
assert_output_has(const struct fixture *f, const char *text)
{
	if (strstr(f->out, text) == NULL) {
		fprintf(stderr, "%s", f->out);
		fail_msg("the output above lacks \"%s\"", text);
	}
}

static size_t
count_in(const char *haystack, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(haystack, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

static char *
read_log(const struct fixture *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err;
	char *text;

	if (strbuf_read_file(&sb, f->log, &err) < 0)
		fail_msg("%s", err.msg);
	text = strbuf_take(&sb);
	return text != NULL ? text : xstrdup("");
}

static size_t
option_index(const struct fixture *f, size_t group, const char *section,
	     const char *name)
{
	for (size_t i = 0; i < review_option_count(f->r, group); i++) {
		const struct review_option *o = review_option_at(f->r, group, i);

		if (strcmp(o->name, name) == 0 && o->section != NULL &&
		    strcmp(o->section, section) == 0)
			return i;
	}
	fail_msg("no option [%s] %s", section, name);
	return 0;
}

/* ---- whole-file decisions ---- */

static void
test_enter_takes_the_proposed_merge(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "", ""), 0);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_int_equal(review_group_decision(f->r, 1), REVIEW_MERGE);
	assert_result_value(f, 0, "DEFAULT", "my_ip", "127.0.0.21");
	assert_result_value(f, 1, "DEFAULT", "my_ip", "127.0.0.22");
	assert_result_value(f, 2, "DEFAULT", "verbose", "True");
	assert_output_has(f, "nova.conf, group 1 of 2 [merge]: ");
	assert_output_has(f, "/etc/nova/nova.conf on compute1 and 1 more: merge");
	assert_output_has(f, "/etc/nova/nova.conf on controller: merge");
}

static void
test_the_file_and_its_groups_are_shown_before_the_question(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "", ""), 0);
	assert_output_has(f, "== /etc/nova/nova.conf (INI): 3 hosts, 2 groups");
	assert_output_has(f, "-- group 1 of 2: compute1, compute2 (2 hosts)");
	assert_output_has(f, "[DEFAULT] my_ip = 127.0.0.22");
	assert_output_has(f, "-- group 2 of 2: controller (1 host)");
	assert_output_has(f, "y take new, n keep mine, p proposed merge");
}

static void
test_n_and_o_keep_mine(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "n", "O"), 0);
	for (size_t g = 0; g < 2; g++)
		assert_int_equal(review_group_decision(f->r, g), REVIEW_KEEP_MINE);
	for (size_t h = 0; h < 3; h++)
		assert_result_is_current(f, h);
}

static void
test_y_and_i_take_the_new_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "y", "i"), 0);
	for (size_t g = 0; g < 2; g++)
		assert_int_equal(review_group_decision(f->r, g), REVIEW_TAKE_NEW);
	for (size_t h = 0; h < 3; h++)
		assert_result_is_rpmnew(f, h);
}

static void
test_p_comes_back_to_the_merge_after_another_answer(void **state)
{
	struct fixture *f = *state;

	review_decide(f->r, 0, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "p", "n"), 0);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_int_equal(review_group_decision(f->r, 1), REVIEW_KEEP_MINE);
}

static void
test_an_invalid_answer_is_named_and_asked_again(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "xyzzy", "", "n"), 0);
	assert_output_has(f, "\"xyzzy\" is not an answer here");
	assert_int_equal(count_in(f->out, "group 1 of 2 [merge]: "), 2);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_int_equal(review_group_decision(f->r, 1), REVIEW_KEEP_MINE);
}

static void
test_q_postpones_and_puts_the_decisions_back(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "y", "q"), 1);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_int_equal(review_group_decision(f->r, 1), REVIEW_MERGE);
	assert_output_has(f, "Postponed: nothing is applied.");
}

static void
test_the_end_of_input_returns_minus_one(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "n"), -1);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_output_has(f, "Input ended: nothing is applied.");
}

static void
test_the_end_of_input_in_the_option_list_returns_minus_one(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "v"), -1);
}

static void
test_d_shows_the_result_as_a_diff(void **state)
{
	struct fixture *f = *state;

	review_decide(f->r, 1, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "d", "", "d", ""), 0);
	assert_output_has(f, "--- /etc/nova/nova.conf (compute1)");
	assert_output_has(f, "+++ /etc/nova/nova.conf (result)");
	assert_output_has(f, "With keep mine, /etc/nova/nova.conf stays as it is.");
}

static void
test_each_file_is_asked_in_turn_and_a_text_file_by_hunk(void **state)
{
	struct fixture *f = *state;
	static const char current[] = "{\n  \"a\": \"1\",\n  \"b\": \"2\"\n}\n";
	static const char rpmnew[] = "{\n  \"a\": \"1\",\n  \"b\": \"3\"\n}\n";
	struct review_host host = {
		.host = "controller", .current = current,
		.current_len = strlen(current), .rpmnew = rpmnew,
		.rpmnew_len = strlen(rpmnew),
	};
	struct review *json = NULL;
	struct ou_error err = { .msg = "" };
	struct strbuf sb = STRBUF_INIT;

	if (review_new("/etc/nova/policy.json", &host, 1, NULL, &json, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(run_reviews(f, 0, (struct review *const[]){ f->r, json },
				     2, (const char *const[]){ "", "", "v", "h",
				     "m", "" }, 6), 0);
	assert_output_has(f, "(file 1 of 2)");
	assert_output_has(f, "== /etc/nova/policy.json (text): 1 host, 1 group "
			  "(file 2 of 2)");
	assert_output_has(f, "No options to pick here: h steps through the "
			  "hunks.");
	assert_output_has(f, "/etc/nova/policy.json on controller: merge");
	assert_int_equal(review_hunk_pick(json, 0, 0), REVIEW_PICK_MINE);
	assert_int_equal(review_result(json, 0, &sb, &err), 0);
	assert_string_equal(strbuf_str(&sb), current);
	strbuf_release(&sb);
	review_free(json);
}

/* ---- hunk by hunk ---- */

/* The hunks the walk shows (comment-only ones are folded). */
static size_t
shown_hunks(const struct fixture *f, size_t group, size_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < review_hunk_count(f->r, group) && n < max; i++)
		if (!review_hunk_is_comment_only(f->r, group, i))
			out[n++] = i;
	return n;
}

static void
test_hunks_take_mine_theirs_and_an_edit(void **state)
{
	struct fixture *f = *state;
	size_t shown[3];
	char *text;

	assert_int_equal(shown_hunks(f, 0, shown, 3), 3);
	setenv("EDITOR", EDITOR_SH " comment", 1);
	review_decide(f->r, 0, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "h", "m", "t", "e", "b", "", "n"), 0);
	assert_int_equal(review_hunk_pick(f->r, 0, shown[0]), REVIEW_PICK_MINE);
	assert_int_equal(review_hunk_pick(f->r, 0, shown[1]), REVIEW_PICK_THEIRS);
	assert_int_equal(review_hunk_pick(f->r, 0, shown[2]), REVIEW_PICK_EDIT);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_output_has(f, "The decision is now: merge.");
	assert_output_has(f, "Hunks: ");
	text = result_of(f, 1);
	assert_non_null(strstr(text, "# edited in the test\n"));
	free(text);
	assert_result_value(f, 1, "DEFAULT", "my_ip", "127.0.0.22");
}

static void
test_comment_only_hunks_are_folded_and_counted(void **state)
{
	struct fixture *f = *state;
	size_t folded = 0;
	char *note;

	for (size_t i = 0; i < review_hunk_count(f->r, 0); i++)
		folded += review_hunk_is_comment_only(f->r, 0, i);
	assert_true(folded > 0);
	note = xasprintf("%zu of the %zu hunks change only comments", folded,
			 review_hunk_count(f->r, 0));
	assert_int_equal(RUN(f, "h", "b", "", ""), 0);
	assert_output_has(f, note);
	assert_output_has(f, "-- hunk ");
	assert_null(strstr(f->out, "(comments only)"));
	free(note);
}

static void
test_a_shows_the_folded_hunks_too(void **state)
{
	struct fixture *f = *state;
	const char *answers[MAX_PROMPTS];
	size_t n = 0;

	answers[n++] = "h";
	answers[n++] = "a";
	for (size_t i = 0; i < review_hunk_count(f->r, 0); i++)
		answers[n++] = "";
	answers[n++] = "";
	answers[n++] = "";
	assert_int_equal(run_width(f, 0, answers, n), 0);
	assert_output_has(f, "(comments only)");
	/* The first shown hunk, then every hunk from the first. */
	assert_int_equal(count_in(f->out, "-- hunk "),
			 review_hunk_count(f->r, 0) + 1);
	assert_int_equal(count_in(f->out, "-- hunk 1 of "), 1);
	/* Enter keeps every pick: nothing was picked, nothing changed. */
	assert_null(strstr(f->out, "The decision is now"));
}

static void
test_an_invalid_hunk_answer_is_asked_again(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "h", "zz", "b", "", ""), 0);
	assert_output_has(f, "\"zz\" is not an answer here: t, m, e, a, b, q");
	assert_int_equal(count_in(f->out, "-- hunk "), 1);
}

/* ---- option by option ---- */

static void
test_an_option_is_edited_by_its_number(void **state)
{
	struct fixture *f = *state;
	size_t timeout = option_index(f, 0, "DEFAULT", "vif_plugging_timeout");
	char *answer = xasprintf("%zu edit  600 ", timeout + 1);
	const struct review_option *o;

	assert_int_equal(RUN(f, "v", answer, "", "", ""), 0);
	o = review_option_at(f->r, 0, timeout);
	assert_int_equal(o->pick, REVIEW_PICK_EDIT);
	assert_string_equal(o->edited, "600");
	assert_result_value(f, 0, "DEFAULT", "vif_plugging_timeout", "600");
	assert_result_value(f, 1, "DEFAULT", "vif_plugging_timeout", "600");
	assert_result_value(f, 2, "DEFAULT", "vif_plugging_timeout", "300");
	free(answer);
}

static void
test_an_option_takes_theirs_then_mine_again(void **state)
{
	struct fixture *f = *state;
	size_t verbose = option_index(f, 0, "DEFAULT", "verbose");
	char *theirs = xasprintf("%zu theirs", verbose + 1);
	char *mine = xasprintf("%zu MINE", verbose + 1);
	char *value;

	assert_int_equal(RUN(f, "v", theirs, "", "", ""), 0);
	assert_int_equal(review_option_at(f->r, 0, verbose)->pick,
			 REVIEW_PICK_THEIRS);
	value = result_value(f, 0, "DEFAULT", "verbose");
	assert_null(value);
	assert_int_equal(RUN(f, "v", mine, "b", "", ""), 0);
	assert_result_value(f, 0, "DEFAULT", "verbose", "True");
	free(theirs);
	free(mine);
}

static void
test_a_wrong_option_answer_is_named_and_asked_again(void **state)
{
	struct fixture *f = *state;
	size_t n = review_option_count(f->r, 0);
	char *too_far = xasprintf("%zu mine", n + 1);
	char *no_value = xstrdup("1 edit");
	char *want = xasprintf("give an option's number, 1 to %zu", n);

	/* "1 edit" asks for the value; nothing typed there changes
	 * nothing. */
	assert_int_equal(RUN(f, "v", too_far, "1 maybe", no_value, "  ", "abc",
			     "", "", ""), 0);
	assert_output_has(f, want);
	assert_output_has(f, "Option 1: mine, theirs or edit VALUE?");
	assert_output_has(f, "Nothing typed: option 1 stays as it was.");
	assert_output_has(f, "\"abc\": give an option's number");
	assert_int_equal(count_in(f->out, "Option: N mine"), 5);
	assert_int_equal(review_option_at(f->r, 0, 0)->pick, REVIEW_PICK_MINE);
	free(too_far);
	free(no_value);
	free(want);
}

/* "N edit" for the option named name in group 0: "N edit". */
static char *
edit_answer(const struct fixture *f, const char *section, const char *name,
	    const char *value)
{
	size_t i = option_index(f, 0, section, name);

	return value != NULL ? xasprintf("%zu edit %s", i + 1, value)
			     : xasprintf("%zu edit", i + 1);
}

static void
test_edit_alone_asks_for_a_plain_value_on_its_own_line(void **state)
{
	struct fixture *f = *state;
	char *answer = edit_answer(f, "DEFAULT", "vif_plugging_timeout", NULL);

	assert_int_equal(RUN(f, "v", answer, "450", "", "", ""), 0);
	assert_output_has(f, "Value for [DEFAULT] vif_plugging_timeout: 450\n");
	assert_int_equal(f->s.hidden, 0);
	assert_result_value(f, 0, "DEFAULT", "vif_plugging_timeout", "450");
	free(answer);
}

static void
test_a_secrets_value_is_asked_with_the_echo_off_and_masked(void **state)
{
	struct fixture *f = *state;
	char *answer = edit_answer(f, "neutron", "admin_password", NULL);
	size_t i = option_index(f, 0, "neutron", "admin_password");
	const struct review_option *o;

	assert_int_equal(RUN(f, "v", answer, "N3w-Hidden-pw", "l", "", "", ""),
			 0);
	assert_int_equal(f->s.hidden, 1);
	assert_string_equal(f->s.hidden_prompt, "Value for [neutron] "
			    "admin_password (not shown as you type): ");
	o = review_option_at(f->r, 0, i);
	assert_int_equal(o->pick, REVIEW_PICK_EDIT);
	assert_string_equal(o->edited, "N3w-Hidden-pw");
	assert_result_value(f, 1, "neutron", "admin_password", "N3w-Hidden-pw");
	/* The line that confirms it and the list after "l". */
	assert_int_equal(count_in(f->out, "-> edited <secret "
				  "admin_password>"), 2);
	assert_null(strstr(f->out, "N3w-Hidden-pw"));
	assert_null(strstr(f->out, "showed as you typed it"));
	free(answer);
}

static void
test_a_secret_typed_on_the_line_is_masked_and_the_prompt_advised(void **state)
{
	struct fixture *f = *state;
	char *answer = edit_answer(f, "neutron", "admin_password",
				   "0n-The-Line");
	const char *confirm;

	assert_int_equal(RUN(f, "v", answer, "", "", ""), 0);
	assert_int_equal(f->s.hidden, 0);
	/* Past the echo of the answer itself, only the mask. */
	confirm = strstr(f->out, "0n-The-Line\n") + strlen("0n-The-Line\n");
	assert_null(strstr(confirm, "0n-The-Line"));
	assert_non_null(strstr(confirm, "-> edited <secret admin_password>"));
	assert_output_has(f, "its value showed as you typed it");
	free(answer);
}

static void
test_without_a_hidden_prompt_a_secret_is_asked_on_the_line(void **state)
{
	struct fixture *f = *state;
	char *answer = edit_answer(f, "neutron", "admin_password", NULL);
	size_t i = option_index(f, 0, "neutron", "admin_password");

	f->no_hidden_prompt = true;
	assert_int_equal(RUN(f, "v", answer, "", "", ""), 0);
	assert_output_has(f, "no terminal to hide its value on");
	assert_int_not_equal(review_option_at(f->r, 0, i)->pick,
			     REVIEW_PICK_EDIT);
	free(answer);
}

static void
test_the_end_of_input_at_a_secrets_prompt_returns_minus_one(void **state)
{
	struct fixture *f = *state;
	char *answer = edit_answer(f, "neutron", "admin_password", NULL);

	assert_int_equal(RUN(f, "v", answer), -1);
	assert_int_equal(f->s.hidden, 1);
	assert_output_has(f, "Input ended: nothing is applied.");
	free(answer);
}

static void
test_an_option_pick_resets_the_hunk_picks(void **state)
{
	struct fixture *f = *state;
	size_t verbose = option_index(f, 0, "DEFAULT", "verbose");
	char *answer = xasprintf("%zu theirs", verbose + 1);

	assert_int_equal(RUN(f, "h", "m", "b", "v", answer, "", "", ""), 0);
	assert_output_has(f, "your hunk picks and edited text are reset");
	for (size_t i = 0; i < review_hunk_count(f->r, 0); i++)
		assert_int_equal(review_hunk_pick(f->r, 0, i), REVIEW_PICK_THEIRS);
	free(answer);
}

/* ---- $EDITOR ---- */

static void
test_the_editor_rewrites_the_result_in_a_private_file(void **state)
{
	struct fixture *f = *state;
	char *log;
	char dir[256];
	unsigned file_mode, dir_mode;
	struct stat st;

	setenv("EDITOR", EDITOR_SH " verbose", 1);
	review_decide(f->r, 0, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "e", "", "n"), 0);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_result_value(f, 0, "DEFAULT", "verbose", "False");
	assert_result_value(f, 1, "DEFAULT", "verbose", "False");
	assert_result_value(f, 1, "DEFAULT", "my_ip", "127.0.0.22");
	assert_output_has(f, "Your text is the group's result.");
	log = read_log(f);
	assert_int_equal(sscanf(log, "%o %o %255s", &file_mode, &dir_mode, dir),
			 3);
	assert_int_equal(file_mode, 0600);
	assert_int_equal(dir_mode, 0700);
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(errno, ENOENT);
	free(log);
}

static void
test_an_edit_that_does_not_parse_is_reopened(void **state)
{
	struct fixture *f = *state;
	char *text;

	setenv("EDITOR", EDITOR_SH " broken-once", 1);
	assert_int_equal(RUN(f, "e", "r", "", "n"), 0);
	assert_output_has(f, "expected 'key = value'");
	assert_output_has(f, "Reopen it: r reopen, d drop the edit [r]: ");
	assert_result_value(f, 0, "DEFAULT", "verbose", "False");
	text = result_of(f, 0);
	assert_null(strstr(text, GARBAGE));
	free(text);
}

static void
test_an_edit_that_does_not_parse_can_be_dropped(void **state)
{
	struct fixture *f = *state;

	setenv("EDITOR", EDITOR_SH " broken-once", 1);
	assert_int_equal(RUN(f, "e", "d", "", "n"), 0);
	assert_result_value(f, 0, "DEFAULT", "verbose", "True");
	assert_int_equal(count_in(f->out, "Reopen it"), 1);
}

static void
test_an_editor_that_fails_changes_nothing(void **state)
{
	struct fixture *f = *state;

	setenv("EDITOR", "false", 1);
	review_decide(f->r, 0, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "e", "", "n"), 0);
	assert_output_has(f, "false exited with status 1: nothing changed.");
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_KEEP_MINE);
}

/* ---- $MERGE ---- */

static void
test_the_merge_tool_gets_mine_new_and_the_output(void **state)
{
	struct fixture *f = *state;
	char *mine = xasprintf("%snova.conf.compute1", REVIEW_DATA);
	char *new = xasprintf("%snova.conf.rpmnew", REVIEW_DATA);
	char *log;

	setenv("MERGE", MERGE_SH " verbose", 1);
	setenv("OU_TEST_MINE", mine, 1);
	setenv("OU_TEST_NEW", new, 1);
	assert_int_equal(RUN(f, "m", "", "n"), 0);
	log = read_log(f);
	assert_string_equal(log, "nova.conf 600\nnova.conf.rpmnew 600\n"
			    "nova.conf.merged 600\nmine-ok\nnew-ok\n");
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_MERGE);
	assert_result_value(f, 0, "DEFAULT", "verbose", "False");
	assert_result_value(f, 1, "DEFAULT", "my_ip", "127.0.0.22");
	free(log);
	free(mine);
	free(new);
}

static void
test_a_merge_that_does_not_parse_is_reopened(void **state)
{
	struct fixture *f = *state;

	setenv("MERGE", MERGE_SH " broken-once", 1);
	assert_int_equal(RUN(f, "m", "", "", "n"), 0);
	assert_output_has(f, "expected 'key = value'");
	assert_result_value(f, 0, "DEFAULT", "verbose", "False");
}

static void
test_without_merge_set_the_tool_is_explained(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "m", "", ""), 0);
	assert_output_has(f, "Set MERGE to a merge tool first");
}

/* ---- $SHELL ---- */

static void
test_z_opens_a_shell_beside_the_files_and_takes_nothing_back(void **state)
{
	struct fixture *f = *state;
	char *mine = xasprintf("%snova.conf.compute1", REVIEW_DATA);
	char *new = xasprintf("%snova.conf.rpmnew", REVIEW_DATA);
	char dir[256];
	char *log, *rest;
	struct stat st;

	setenv("SHELL", "sh " REVIEW_DATA "shell.sh", 1);
	setenv("OU_TEST_MINE", mine, 1);
	setenv("OU_TEST_NEW", new, 1);
	review_decide(f->r, 0, REVIEW_KEEP_MINE);
	assert_int_equal(RUN(f, "z", "", "n"), 0);
	assert_output_has(f, "A shell in ");
	log = read_log(f);
	assert_int_equal(sscanf(log, "%255s", dir), 1);
	rest = strchr(log, '\n') + 1;
	assert_string_equal(rest, "nova.conf 600\nnova.conf.merged 600\n"
			    "nova.conf.rpmnew 600\nmine-ok\nnew-ok\n");
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(review_group_decision(f->r, 0), REVIEW_KEEP_MINE);
	free(log);
	free(mine);
	free(new);
}

/* ---- what is shown ---- */

static void
test_no_secret_is_shown(void **state)
{
	struct fixture *f = *state;
	const char *answers[MAX_PROMPTS];
	size_t n = 0;

	for (size_t g = 0; g < 2; g++) {
		answers[n++] = "d";
		answers[n++] = "v";
		answers[n++] = "";
		answers[n++] = "h";
		answers[n++] = "a";
		for (size_t i = 0; i < review_hunk_count(f->r, g); i++)
			answers[n++] = "";
		answers[n++] = "?";
		answers[n++] = "";
	}
	assert_int_equal(run_width(f, 0, answers, n), 0);
	assert_output_has(f, "<secret neutron_admin_password>");
	assert_output_has(f, "<secret admin_password>");
	for (size_t i = 0; i < sizeof fixture_secrets / sizeof *fixture_secrets;
	     i++)
		if (strstr(f->out, fixture_secrets[i]) != NULL)
			fail_msg("a secret is shown: %s", fixture_secrets[i]);
}

static void
test_its_own_lines_fit_the_width(void **state)
{
	struct fixture *f = *state;
	const char *from, *to;

	assert_int_equal(run_width(f, 40, (const char *const[]){ "?", "q" }, 2),
			 1);
	assert_true(f->s.asked >= 2);
	/* From the answer "?" to the next prompt: help and choices only. */
	from = strstr(f->out + f->s.at[0], "\n") + 1;
	to = f->out + f->s.at[1];
	assert_true(to > from);
	for (const char *line = from; line < to;) {
		const char *nl = memchr(line, '\n', (size_t)(to - line));
		size_t len = nl != NULL ? (size_t)(nl - line) : (size_t)(to - line);

		if (len > 40)
			fail_msg("too wide: %.*s", (int)len, line);
		line += len + 1;
	}
}

static void
test_its_prompts_fit_the_width(void **state)
{
	struct fixture *f = *state;

	setenv("EDITOR", EDITOR_SH " broken-once", 1);
	assert_int_equal(run_width(f, 44, (const char *const[]){
		"h", "b", "v", "", "e", "d", "q" }, 7), 1);
	assert_int_equal(f->s.asked, 7);
	assert_true(f->s.widest <= 44);
	assert_output_has(f, "Hunk 2 of 9 [theirs]: ");
	assert_output_has(f, "Option [Enter: back]: ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_enter_takes_the_proposed_merge),
		T(test_the_file_and_its_groups_are_shown_before_the_question),
		T(test_n_and_o_keep_mine),
		T(test_y_and_i_take_the_new_file),
		T(test_p_comes_back_to_the_merge_after_another_answer),
		T(test_an_invalid_answer_is_named_and_asked_again),
		T(test_q_postpones_and_puts_the_decisions_back),
		T(test_the_end_of_input_returns_minus_one),
		T(test_the_end_of_input_in_the_option_list_returns_minus_one),
		T(test_d_shows_the_result_as_a_diff),
		T(test_each_file_is_asked_in_turn_and_a_text_file_by_hunk),
		T(test_hunks_take_mine_theirs_and_an_edit),
		T(test_comment_only_hunks_are_folded_and_counted),
		T(test_a_shows_the_folded_hunks_too),
		T(test_an_invalid_hunk_answer_is_asked_again),
		T(test_an_option_is_edited_by_its_number),
		T(test_an_option_takes_theirs_then_mine_again),
		T(test_a_wrong_option_answer_is_named_and_asked_again),
		T(test_edit_alone_asks_for_a_plain_value_on_its_own_line),
		T(test_a_secrets_value_is_asked_with_the_echo_off_and_masked),
		T(test_a_secret_typed_on_the_line_is_masked_and_the_prompt_advised),
		T(test_without_a_hidden_prompt_a_secret_is_asked_on_the_line),
		T(test_the_end_of_input_at_a_secrets_prompt_returns_minus_one),
		T(test_an_option_pick_resets_the_hunk_picks),
		T(test_the_editor_rewrites_the_result_in_a_private_file),
		T(test_an_edit_that_does_not_parse_is_reopened),
		T(test_an_edit_that_does_not_parse_can_be_dropped),
		T(test_an_editor_that_fails_changes_nothing),
		T(test_the_merge_tool_gets_mine_new_and_the_output),
		T(test_a_merge_that_does_not_parse_is_reopened),
		T(test_without_merge_set_the_tool_is_explained),
		T(test_z_opens_a_shell_beside_the_files_and_takes_nothing_back),
		T(test_no_secret_is_shown),
		T(test_its_own_lines_fit_the_width),
		T(test_its_prompts_fit_the_width),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
