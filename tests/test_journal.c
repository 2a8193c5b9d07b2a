/* The journal: durable records, resume, identity checks. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"
#include "xalloc.h"

static const struct journal_identity identity = {
	.cloud = "lab",
	.runbook_id = "icehouse-juno-scenario4",
	.runbook_digest = "aaaa",
	.inventory_digest = "bbbb",
};

struct recorded {
	size_t count;
	char texts[8][128];
	enum journal_kind kinds[8];
	char output_file[4096];
	size_t text_len;
};

static int
setup_dir(void **state)
{
	char tmpl[] = "/tmp/ou-journal-XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		return -1;
	*state = xasprintf("%s/lab", tmpl);
	return 0;
}

static int
teardown_dir(void **state)
{
	char *parent = xstrdup(*state);
	char *cmd;
	int rc;

	*strrchr(parent, '/') = '\0';
	cmd = xasprintf("rm -rf '%s'", parent);
	rc = system(cmd);
	free(parent);

	free(cmd);
	free(*state);
	return rc == 0 ? 0 : -1;
}

static int
remember(void *ctx, const struct journal_record *rec)
{
	struct recorded *r = ctx;

	if (r->count < 8) {
		snprintf(r->texts[r->count], sizeof r->texts[0], "%.*s",
			 (int)(rec->text_len < 127 ? rec->text_len : 127),
			 rec->text ? rec->text : "");
		r->kinds[r->count] = rec->kind;
	}
	if (rec->output_file != NULL)
		snprintf(r->output_file, sizeof r->output_file, "%s",
			 rec->output_file);
	r->text_len = rec->text_len;
	r->count++;
	return 0;
}

static struct journal *
open_journal(const char *dir, const struct journal_identity *id)
{
	struct ou_error err = { { 0 } };
	struct journal *j = NULL;

	if (journal_open(dir, id, &j, &err) < 0)
		fail_msg("journal_open: %s", err.msg);
	return j;
}

static void
append_text(struct journal *j, enum journal_kind kind, const char *text)
{
	struct ou_error err = { { 0 } };
	struct journal_record rec = {
		.kind = kind, .unit = "keystone-stop#1", .step = "keystone-stop",
		.host = "controller", .what = "run", .text = text,
		.exit_status = -1,
	};

	assert_int_equal(journal_append(j, &rec, &err), 0);
	assert_true(rec.seq > 0);
}

static void
test_records_replay_in_the_order_they_were_appended(void **state)
{
	struct journal *j = open_journal(*state, &identity);
	struct recorded r = { 0 };
	struct ou_error err = { { 0 } };

	append_text(j, JOURNAL_CONFIRM, "shown");
	append_text(j, JOURNAL_START, "openstack-service stop keystone");
	append_text(j, JOURNAL_FINISH, "Stopping openstack-keystone: [  OK  ]");
	assert_int_equal(journal_replay(j, remember, &r, &err), 0);
	assert_int_equal(r.count, 3);
	assert_int_equal(r.kinds[0], JOURNAL_CONFIRM);
	assert_int_equal(r.kinds[1], JOURNAL_START);
	assert_string_equal(r.texts[1], "openstack-service stop keystone");
	assert_int_equal(r.kinds[2], JOURNAL_FINISH);
	journal_close(j);
}

static void
test_a_reopened_journal_is_a_resume_with_its_records(void **state)
{
	struct journal *j = open_journal(*state, &identity);
	struct recorded r = { 0 };
	struct ou_error err = { { 0 } };

	assert_false(journal_is_resumed(j));
	append_text(j, JOURNAL_START, "yum -d1 -y upgrade '*keystone*'");
	journal_close(j);
	j = open_journal(*state, &identity);
	assert_true(journal_is_resumed(j));
	assert_int_equal(journal_replay(j, remember, &r, &err), 0);
	assert_int_equal(r.count, 1);
	journal_close(j);
}

static void
test_an_unfinished_journal_refuses_another_runbook_naming_both_digests(void **state)
{
	struct journal_identity other = identity;
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);

	append_text(j, JOURNAL_START, "x");
	journal_close(j);
	other.runbook_digest = "cccc";
	assert_int_equal(journal_open(*state, &other, &j, &err), -1);
	assert_null(j);
	assert_non_null(strstr(err.msg, "runbook sha256"));
	assert_non_null(strstr(err.msg, "aaaa"));
	assert_non_null(strstr(err.msg, "cccc"));
}

static void
test_an_unfinished_journal_refuses_another_inventory(void **state)
{
	struct journal_identity other = identity;
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);

	journal_close(j);
	other.inventory_digest = "dddd";
	assert_int_equal(journal_open(*state, &other, &j, &err), -1);
	assert_non_null(strstr(err.msg, "inventory sha256"));
}

static void
test_a_finished_journal_is_archived_and_a_new_one_starts(void **state)
{
	struct journal_identity other = identity;
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);
	char *archive_glob;

	append_text(j, JOURNAL_START, "x");
	assert_int_equal(journal_finish(j, &err), 0);
	assert_true(journal_is_finished(j));
	journal_close(j);
	other.runbook_digest = "eeee";
	j = open_journal(*state, &other);
	assert_false(journal_is_resumed(j));
	journal_close(j);
	archive_glob = xasprintf("ls '%s'/journal-*.sqlite >/dev/null 2>&1",
				 (char *)*state);
	assert_int_equal(system(archive_glob), 0);
	free(archive_glob);
}

static void
test_a_long_output_is_capped_in_the_database_and_kept_whole_beside_it(void **state)
{
	struct journal *j = open_journal(*state, &identity);
	size_t len = 200000;
	char *big = xmalloc(len + 1);
	struct recorded r = { 0 };
	struct ou_error err = { { 0 } };
	struct stat st;

	memset(big, 'x', len);
	big[len] = '\0';
	append_text(j, JOURNAL_FINISH, big);
	assert_int_equal(journal_replay(j, remember, &r, &err), 0);
	assert_true(r.text_len < len);
	assert_true(r.output_file[0] != '\0');
	assert_int_equal(stat(r.output_file, &st), 0);
	assert_int_equal((size_t)st.st_size, len);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(big);
	journal_close(j);
}

static void
test_a_record_survives_the_process_being_killed_right_after_append(void **state)
{
	struct recorded r = { 0 };
	struct ou_error err = { { 0 } };
	struct journal *j;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		j = open_journal(*state, &identity);
		append_text(j, JOURNAL_START, "before the crash");
		raise(SIGKILL);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	j = open_journal(*state, &identity);
	assert_true(journal_is_resumed(j));
	assert_int_equal(journal_replay(j, remember, &r, &err), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.texts[0], "before the crash");
	journal_close(j);
}

static void
test_the_default_directory_follows_xdg_state_home(void **state)
{
	char *dir;

	setenv("XDG_STATE_HOME", "/srv/state", 1);
	dir = journal_default_dir("prod");
	assert_string_equal(dir, "/srv/state/openstack-upgrade/prod");
	free(dir);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/op", 1);
	dir = journal_default_dir("prod");
	assert_string_equal(dir, "/home/op/.local/state/openstack-upgrade/prod");
	free(dir);
}

static void
test_a_second_open_of_a_journal_in_use_is_refused(void **state)
{
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);
	struct journal *second = NULL;

	assert_int_equal(journal_open(*state, &identity, &second, &err), -1);
	assert_null(second);
	assert_non_null(strstr(err.msg, "another openstack-upgrade is running"));
	journal_close(j);
	second = open_journal(*state, &identity);
	journal_close(second);
}

static void
test_a_read_only_open_reads_a_finished_journal_as_it_is(void **state)
{
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);
	struct recorded r = { .count = 0 };
	char *path = xasprintf("%s/journal.sqlite", (char *)*state);

	append_text(j, JOURNAL_START, "x");
	assert_int_equal(journal_finish(j, &err), 0);
	journal_close(j);
	assert_int_equal(journal_open_readonly(path, &identity, &j, &err), 0);
	assert_true(journal_is_finished(j));
	assert_int_equal(journal_replay(j, remember, &r, &err), 0);
	assert_int_equal(r.count, 1);
	journal_close(j);
	free(path);
}

static void
test_a_read_only_open_refuses_another_runbook(void **state)
{
	struct journal_identity other = identity;
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);
	char *path = xasprintf("%s/journal.sqlite", (char *)*state);

	journal_close(j);
	other.runbook_digest = "ffff";
	assert_int_equal(journal_open_readonly(path, &other, &j, &err), -1);
	assert_non_null(strstr(err.msg, "runbook sha256"));
	free(path);
}

static void
test_the_latest_journal_is_the_archived_one_when_none_is_current(void **state)
{
	struct ou_error err = { { 0 } };
	struct journal *j = open_journal(*state, &identity);
	char *current = xasprintf("%s/journal.sqlite", (char *)*state);
	char *path;

	assert_int_equal(journal_finish(j, &err), 0);
	journal_close(j);
	path = journal_latest_path(*state);
	assert_string_equal(path, current);
	free(path);
	/* The next open archives the finished one; remove the new one. */
	j = open_journal(*state, &identity);
	journal_close(j);
	assert_int_equal(unlink(current), 0);
	path = journal_latest_path(*state);
	assert_non_null(path);
	assert_non_null(strstr(path, "/journal-"));
	free(path);
	free(current);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records_replay_in_the_order_they_were_appended, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_reopened_journal_is_a_resume_with_its_records, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_an_unfinished_journal_refuses_another_runbook_naming_both_digests, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_an_unfinished_journal_refuses_another_inventory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_finished_journal_is_archived_and_a_new_one_starts, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_long_output_is_capped_in_the_database_and_kept_whole_beside_it, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_record_survives_the_process_being_killed_right_after_append, setup_dir, teardown_dir),
		cmocka_unit_test(test_the_default_directory_follows_xdg_state_home),
		cmocka_unit_test_setup_teardown(test_a_second_open_of_a_journal_in_use_is_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_read_only_open_reads_a_finished_journal_as_it_is, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_a_read_only_open_refuses_another_runbook, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_the_latest_journal_is_the_archived_one_when_none_is_current, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
