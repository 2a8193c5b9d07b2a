/* Tests for shellquote: what a quoted value looks like, and that a real
 * /bin/sh reads every quoted value back as exactly one word holding the
 * original bytes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "shellquote.h"
#include "strbuf.h"
#include "xalloc.h"

/* Run `printf '<%s>' WORD` in /bin/sh, WORD being the quoted value, and
 * return what it printed.  One "<...>" pair in the output proves the
 * value stayed one word. */
static char *
sh_echo_word(const char *value)
{
	struct strbuf script = STRBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	int fds[2];
	int status;
	pid_t pid;

	strbuf_adds(&script, "printf '<%s>' ");
	shellquote_append(&script, value);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", strbuf_str(&script), (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		char chunk[4096];
		ssize_t n = read(fds[0], chunk, sizeof chunk);

		if (n <= 0)
			break;
		strbuf_add(&out, chunk, (size_t)n);
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	strbuf_release(&script);
	return strbuf_take(&out);
}

static void
assert_round_trips(const char *value)
{
	char *want = xasprintf("<%s>", value);
	char *got = sh_echo_word(value);

	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void
assert_quoted_as(const char *value, const char *want)
{
	char *got = shellquote(value);

	assert_string_equal(got, want);
	free(got);
}

static void
test_a_word_of_safe_characters_is_left_bare(void **state)
{
	assert_quoted_as("openstack-nova-compute", "openstack-nova-compute");
	assert_quoted_as("/etc/nova/nova.conf", "/etc/nova/nova.conf");
	assert_quoted_as("3.23.1", "3.23.1");
	assert_quoted_as("a@b%c+d=e:f,g.h/i_j-k", "a@b%c+d=e:f,g.h/i_j-k");
	assert_quoted_as("ABCxyz0189", "ABCxyz0189");
}

static void
test_the_empty_string_is_two_single_quotes(void **state)
{
	assert_quoted_as("", "''");
	assert_round_trips("");
}

static void
test_a_value_with_a_space_is_single_quoted(void **state)
{
	assert_quoted_as("upgrade to Juno", "'upgrade to Juno'");
}

static void
test_a_single_quote_is_written_as_close_escape_reopen(void **state)
{
	assert_quoted_as("it's", "'it'\\''s'");
	assert_quoted_as("'", "''\\'''");
}

static void
test_every_byte_outside_the_safe_set_forces_quotes(void **state)
{
	const char *safe = "@%+=:,./_-";

	for (unsigned c = 1; c < 256; c++) {
		char value[2] = { (char)c, '\0' };
		char *q = shellquote(value);
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');

		if (alnum || strchr(safe, (int)c) != NULL)
			assert_string_equal(q, value);
		else
			assert_int_equal(q[0], '\'');
		free(q);
	}
}

static void
test_every_byte_alone_round_trips_through_sh(void **state)
{
	for (unsigned c = 1; c < 256; c++) {
		char value[2] = { (char)c, '\0' };

		assert_round_trips(value);
	}
}

static void
test_every_byte_between_letters_round_trips_through_sh(void **state)
{
	for (unsigned c = 1; c < 256; c++) {
		char value[4] = { 'a', (char)c, 'b', '\0' };

		assert_round_trips(value);
	}
}

static void
test_all_bytes_in_one_value_round_trip_through_sh(void **state)
{
	char value[256];

	for (unsigned c = 1; c < 256; c++)
		value[c - 1] = (char)c;
	value[255] = '\0';
	assert_round_trips(value);
}

/* The executed values only echo, so a quoting bug shows as wrong output
 * and does no harm; the destructive ones are checked as text. */
static void
test_command_substitution_is_not_run(void **state)
{
	assert_quoted_as("$(reboot)", "'$(reboot)'");
	assert_quoted_as("`reboot`", "'`reboot`'");
	assert_round_trips("$(echo injected)");
	assert_round_trips("`echo injected`");
	assert_round_trips("${HOME}");
	assert_round_trips("$HOME");
}

static void
test_command_separators_stay_in_the_word(void **state)
{
	assert_quoted_as("a; rm -rf /", "'a; rm -rf /'");
	assert_round_trips("a; echo injected");
	assert_round_trips("a && echo injected");
	assert_round_trips("false || echo injected");
	assert_round_trips("a | cat");
	assert_round_trips("a & echo injected");
	assert_round_trips("line one\necho injected\n");
	assert_round_trips("x > /dev/null < /dev/null");
}

static void
test_glob_characters_are_not_expanded(void **state)
{
	assert_round_trips("*");
	assert_round_trips("/etc/*");
	assert_round_trips("?[a-z]*");
	assert_round_trips("{a,b}");
	assert_round_trips("~");
	assert_round_trips("~root/x");
}

static void
test_quotes_and_backslashes_survive(void **state)
{
	assert_round_trips("it's");
	assert_round_trips("''");
	assert_round_trips("'\\''");
	assert_round_trips("\"double\"");
	assert_round_trips("back\\slash\\");
	assert_round_trips("'$(reboot)'");
	assert_round_trips("a'b\"c`d$e\\f");
}

static void
test_leading_dash_and_comment_sign_round_trip(void **state)
{
	assert_round_trips("-rf");
	assert_round_trips("--help");
	assert_round_trips("# not a comment");
	assert_round_trips("a #b");
}

static void
test_utf8_round_trips_through_sh(void **state)
{
	assert_round_trips("mot de passe: très secret");
	assert_round_trips("\xe2\x80\x94 \xf0\x9f\x94\x91");
	assert_round_trips("\xff\xfe not UTF-8");
}

static void
test_append_adds_after_existing_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "echo ");
	shellquote_append(&sb, "a b");
	strbuf_adds(&sb, " ");
	shellquote_append(&sb, "c");
	assert_string_equal(strbuf_str(&sb), "echo 'a b' c");
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_word_of_safe_characters_is_left_bare),
		cmocka_unit_test(test_the_empty_string_is_two_single_quotes),
		cmocka_unit_test(test_a_value_with_a_space_is_single_quoted),
		cmocka_unit_test(test_a_single_quote_is_written_as_close_escape_reopen),
		cmocka_unit_test(test_every_byte_outside_the_safe_set_forces_quotes),
		cmocka_unit_test(test_every_byte_alone_round_trips_through_sh),
		cmocka_unit_test(test_every_byte_between_letters_round_trips_through_sh),
		cmocka_unit_test(test_all_bytes_in_one_value_round_trip_through_sh),
		cmocka_unit_test(test_command_substitution_is_not_run),
		cmocka_unit_test(test_command_separators_stay_in_the_word),
		cmocka_unit_test(test_glob_characters_are_not_expanded),
		cmocka_unit_test(test_quotes_and_backslashes_survive),
		cmocka_unit_test(test_leading_dash_and_comment_sign_round_trip),
		cmocka_unit_test(test_utf8_round_trips_through_sh),
		cmocka_unit_test(test_append_adds_after_existing_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
