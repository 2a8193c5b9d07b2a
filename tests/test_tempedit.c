/* Tests for tempedit: the private directory and its files' modes, the
 * command run by /bin/sh with its path quoted, the error naming a
 * failing command and its status, and nothing left behind.
 *
 * Each test gets its own base directory as $TMPDIR, so what tempedit
 * leaves there (nothing, it should be) can be counted. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "shellquote.h"
#include "strbuf.h"
#include "tempedit.h"
#include "xalloc.h"

#define TEXT "[DEFAULT]\npassword = s3cret\n"

struct fixture {
	struct tempedit base;	/* $TMPDIR for the test */
	char *old_tmpdir;
	mode_t old_umask;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmpdir = getenv("TMPDIR");
	struct ou_error err;

	f->old_tmpdir = tmpdir != NULL ? xstrdup(tmpdir) : NULL;
	if (tempedit_open(&f->base, "ou-test-tempedit", &err) < 0)
		fail_msg("%s", err.msg);
	setenv("TMPDIR", f->base.dir, 1);
	/* A loose umask: the modes must come from tempedit, not from it. */
	f->old_umask = umask(0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	umask(f->old_umask);
	if (f->old_tmpdir != NULL)
		setenv("TMPDIR", f->old_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	assert_int_equal(tempedit_close(&f->base, &err), 0);
	free(f->old_tmpdir);
	free(f);
	return 0;
}

/* Entries in the test's base directory, "." and ".." aside. */
static size_t
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *
read_all(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err;

	if (strbuf_read_file(&sb, path, &err) < 0)
		fail_msg("%s", err.msg);
	return strbuf_take(&sb);
}

/* ---- modes ---- */

static void
test_the_directory_is_private_under_tmpdir(void **state)
{
	struct fixture *f = *state;
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	size_t base_len = strlen(f->base.dir);

	assert_int_equal(tempedit_open(&te, "ou-edit", &err), 0);
	assert_int_equal(strncmp(te.dir, f->base.dir, base_len), 0);
	assert_int_equal(strncmp(te.dir + base_len, "/ou-edit-", 9), 0);
	assert_int_equal(mode_of(te.dir), 0700);
	assert_int_equal(tempedit_close(&te, &err), 0);
}

static void
test_a_file_is_written_with_mode_0600_and_its_bytes(void **state)
{
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	char *path, *back;

	(void)state;
	assert_int_equal(tempedit_open(&te, "ou-edit", &err), 0);
	path = tempedit_write(&te, "nova.conf", TEXT, strlen(TEXT), &err);
	assert_non_null(path);
	assert_int_equal(mode_of(path), 0600);
	back = read_all(path);
	assert_string_equal(back, TEXT);
	free(back);
	free(path);
	assert_int_equal(tempedit_close(&te, &err), 0);
}

static void
test_a_name_with_a_slash_stays_inside_the_directory(void **state)
{
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	char *path;

	(void)state;
	assert_int_equal(tempedit_open(&te, "ou-edit", &err), 0);
	path = tempedit_write(&te, "../escape", "x", 1, &err);
	assert_non_null(path);
	assert_int_equal(strncmp(path, te.dir, strlen(te.dir)), 0);
	assert_string_equal(path + strlen(te.dir), "/.._escape");
	free(path);
	assert_int_equal(tempedit_close(&te, &err), 0);
}

static void
test_a_tmpdir_that_does_not_exist_is_named_in_the_error(void **state)
{
	struct fixture *f = *state;
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	char *missing = xasprintf("%s/missing", f->base.dir);

	setenv("TMPDIR", missing, 1);
	assert_int_equal(tempedit_open(&te, "ou-edit", &err), -1);
	assert_null(te.dir);
	assert_non_null(strstr(err.msg, missing));
	free(missing);
}

/* ---- the round trip ---- */

static void
test_edit_gives_back_what_the_command_left_in_the_file(void **state)
{
	struct fixture *f = *state;
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;

	assert_int_equal(tempedit_edit("sed -i s/s3cret/changed/", "ou-edit",
				       "nova.conf", TEXT, strlen(TEXT), &out,
				       &err), 0);
	assert_string_equal(strbuf_str(&out),
			    "[DEFAULT]\npassword = changed\n");
	assert_int_equal(count_entries(f->base.dir), 0);
	strbuf_release(&out);
}

static void
test_edit_removes_swap_and_backup_files_and_directories(void **state)
{
	struct fixture *f = *state;
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;
	/* What vim and emacs leave beside a file, and a directory a shell's
	 * operator made there. */
	const char *command =
		"leave() { d=$(dirname \"$1\"); : >\"$d/.nova.conf.swp\"; "
		": >\"$1~\"; mkdir -p \"$d/sub/deeper\"; : >\"$d/sub/f\"; "
		": >\"$d/sub/deeper/g\"; chmod 0444 \"$d/sub/f\"; }; leave";

	assert_int_equal(tempedit_edit(command, "ou-edit", "nova.conf", TEXT,
				       strlen(TEXT), &out, &err), 0);
	assert_int_equal(count_entries(f->base.dir), 0);
	strbuf_release(&out);
}

static void
test_a_failing_command_is_named_with_its_exit_status(void **state)
{
	struct fixture *f = *state;
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;

	strbuf_adds(&out, "before");
	assert_int_equal(tempedit_edit("sh -c 'exit 7'", "ou-edit", "nova.conf",
				       TEXT, strlen(TEXT), &out, &err), -1);
	assert_string_equal(err.msg, "sh -c 'exit 7' exited with status 7");
	assert_string_equal(strbuf_str(&out), "before");
	assert_int_equal(count_entries(f->base.dir), 0);
	strbuf_release(&out);
}

static void
test_a_command_not_found_says_so(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;

	(void)state;
	assert_int_equal(tempedit_edit("ou-no-such-editor 2>/dev/null",
				       "ou-edit", "nova.conf", TEXT,
				       strlen(TEXT), &out, &err), -1);
	assert_string_equal(err.msg, "ou-no-such-editor 2>/dev/null exited "
			    "with status 127 (command not found?)");
	strbuf_release(&out);
}

static void
test_a_command_ended_by_a_signal_names_the_signal(void **state)
{
	struct ou_error err;

	(void)state;
	assert_int_equal(tempedit_run("kill -TERM $$;", NULL, 0, &err), -1);
	assert_string_equal(err.msg, "kill -TERM $$; was ended by signal 15");
}

/* ---- quoting ---- */

static void
test_a_path_with_spaces_and_quotes_reaches_the_command_as_one_word(
	void **state)
{
	struct fixture *f = *state;
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	char *base = xasprintf("%s/a dir's \"name\" $HOME `x`", f->base.dir);
	char *log = xasprintf("%s/log", f->base.dir);
	char *command, *path, *expect, *got;
	struct strbuf quoted_log = STRBUF_INIT;

	assert_int_equal(mkdir(base, 0700), 0);
	setenv("TMPDIR", base, 1);
	shellquote_append(&quoted_log, log);
	command = xasprintf("words() { printf '%%s:%%s' \"$#\" \"$1\" >%s; }; "
			    "words", strbuf_str(&quoted_log));
	assert_int_equal(tempedit_open(&te, "ou-edit", &err), 0);
	path = tempedit_write(&te, "my file's.conf", "x", 1, &err);
	assert_non_null(path);
	assert_int_equal(tempedit_run(command, (const char *const *)&path, 1,
				      &err), 0);
	expect = xasprintf("1:%s", path);
	got = read_all(log);
	assert_string_equal(got, expect);
	assert_int_equal(tempedit_close(&te, &err), 0);
	assert_int_equal(rmdir(base), 0);
	assert_int_equal(unlink(log), 0);
	free(got);
	free(expect);
	free(path);
	free(command);
	strbuf_release(&quoted_log);
	free(log);
	free(base);
}

/* ---- the child ---- */

static void
test_the_command_starts_with_no_signal_blocked(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;
	sigset_t block, old;

	(void)state;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	/* grep reads its own mask, inherited through the shell: the shell's
	 * own reads all-blocked while it forks. */
	assert_int_equal(tempedit_edit("blocked() { grep '^SigBlk' "
				       "/proc/self/status >\"$1\"; }; blocked",
				       "ou-edit", "status", "", 0, &out, &err),
			 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	assert_string_equal(strbuf_str(&out), "SigBlk:\t0000000000000000\n");
	strbuf_release(&out);
}

static void
test_run_here_runs_in_the_directory(void **state)
{
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;
	char *path, *got;

	(void)state;
	assert_int_equal(tempedit_open(&te, "ou-review", &err), 0);
	path = xasprintf("%s/pwd", te.dir);
	assert_int_equal(tempedit_run_here(&te, "pwd -P >pwd", &err), 0);
	got = read_all(path);
	assert_int_equal(strncmp(got, te.dir, strlen(te.dir)), 0);
	assert_string_equal(got + strlen(te.dir), "\n");
	assert_int_equal(tempedit_close(&te, &err), 0);
	free(got);
	free(path);
}

static void
test_close_twice_is_harmless(void **state)
{
	struct tempedit te = TEMPEDIT_INIT;
	struct ou_error err;

	(void)state;
	assert_int_equal(tempedit_open(&te, "ou-edit", &err), 0);
	assert_int_equal(tempedit_close(&te, &err), 0);
	assert_null(te.dir);
	assert_int_equal(tempedit_close(&te, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_the_directory_is_private_under_tmpdir),
		T(test_a_file_is_written_with_mode_0600_and_its_bytes),
		T(test_a_name_with_a_slash_stays_inside_the_directory),
		T(test_a_tmpdir_that_does_not_exist_is_named_in_the_error),
		T(test_edit_gives_back_what_the_command_left_in_the_file),
		T(test_edit_removes_swap_and_backup_files_and_directories),
		T(test_a_failing_command_is_named_with_its_exit_status),
		T(test_a_command_not_found_says_so),
		T(test_a_command_ended_by_a_signal_names_the_signal),
		T(test_a_path_with_spaces_and_quotes_reaches_the_command_as_one_word),
		T(test_the_command_starts_with_no_signal_blocked),
		T(test_run_here_runs_in_the_directory),
		T(test_close_twice_is_harmless),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
