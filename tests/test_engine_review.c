/* The engine's review-rpmnew step: listing, fetching, the REVIEW prompt,
 * the digest of the apply plan, the apply on each host, the journal, and
 * what replay makes of a crash at each stage.
 *
 * The executor is scripted: each compute has nova.conf (its own my_ip and
 * a password) and a Juno-shaped nova.conf.rpmnew; commands answer from
 * what they contain, and files written are kept per host.  Nothing
 * waits. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "engine_fake.h"
#include "journal.h"
#include "plan.h"
#include "review.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

#define N_HOSTS 3
#define CONF "/etc/nova/nova.conf"
#define PASSWORD "Sup3rS3cret-admin"

static const char runbook_yaml[] =
	"runbook: engine-review-test\n"
	"title: \"Engine review test\"\n"
	"roles:\n"
	"  nova-compute: Nova compute node\n"
	"phases:\n"
	"  - id: computes\n"
	"    title: Computes\n"
	"    why: The package step left .rpmnew files.\n"
	"    steps:\n"
	"      - id: nova-review\n"
	"        title: Review the new configuration files\n"
	"        why: Merge what Juno adds into the site's files.\n"
	"        hosts: nova-compute\n"
	"        review-rpmnew: {packages: ['*nova*'], prefer: merge}\n";

static const char inventory_yaml[] =
	"cloud: engine-review-test\n"
	"hosts:\n"
	"  - name: compute1\n"
	"    address: 192.0.2.21\n"
	"    roles: [nova-compute]\n"
	"  - name: compute2\n"
	"    address: 192.0.2.22\n"
	"    roles: [nova-compute]\n"
	"  - name: compute3\n"
	"    address: 192.0.2.23\n"
	"    roles: [nova-compute]\n";

/* Icehouse: the site's values, neutron_url in [DEFAULT]. */
static const char current_fmt[] =
	"[DEFAULT]\n"
	"# The host's own address\n"
	"my_ip=192.0.2.%d\n"
	"neutron_url=http://192.0.2.10:9696\n"
	"neutron_admin_password=" PASSWORD "\n"
	"\n"
	"[database]\n"
	"connection=mysql://nova:dbpass@192.0.2.10/nova\n";

/* Juno: the option moved to [neutron] url, a new option. */
static const char rpmnew[] =
	"[DEFAULT]\n"
	"# The host's own address\n"
	"#my_ip=10.0.0.1\n"
	"#neutron_admin_password=<None>\n"
	"#use_ipv6=false\n"
	"\n"
	"[database]\n"
	"#connection=<None>\n"
	"\n"
	"[neutron]\n"
	"#url=http://127.0.0.1:9696\n";

/* ---- the scripted executor ---------------------------------------------- */

/* How the hosts answer the step's commands (the fake's run_ctx). */
struct review_script {
	int apply_exit;	/* what the review-apply script exits with */
	int probe_exit;	/* what the built-in probe exits with */
	enum engine_op_status apply_status;
};

static struct review_script *
script_of(struct fixture *fx)
{
	return fx->fake.run_ctx;
}

static void
review_listing(struct engine_fake *f, const char *host, engine_output_fn *out,
	       void *out_ctx)
{
	struct strbuf sb = STRBUF_INIT;

	pthread_mutex_lock(&f->lock);
	if (engine_fake_file(f, host, CONF ".rpmnew") != NULL)
		strbuf_adds(&sb, CONF ".rpmnew\n");
	pthread_mutex_unlock(&f->lock);
	if (sb.len > 0)
		out(out_ctx, false, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Records each command as what it is for: "probe", "list", "mkdir",
 * "apply <script>", or "run <command>". */
static enum engine_op_status
review_run(struct engine_fake *f, const char *host, const char *command,
	   engine_output_fn *out, void *out_ctx, int *exit_status,
	   struct ou_error *err)
{
	const struct review_script *s = f->run_ctx;

	if (strstr(command, "grep -q .") != NULL) {
		engine_fake_call(f, host, "probe");
		*exit_status = s->probe_exit;
	} else if (strstr(command, "rpm -qa") != NULL) {
		engine_fake_call(f, host, "list");
		review_listing(f, host, out, out_ctx);
	} else if (strstr(command, "mkdir -p") != NULL &&
		   strstr(command, "sha256sum") == NULL) {
		engine_fake_call(f, host, "mkdir");
	} else if (strstr(command, "sha256sum") != NULL) {
		engine_fake_call(f, host, "apply %s", command);
		*exit_status = s->apply_exit;
		if (s->apply_status != ENGINE_OP_OK) {
			ou_error_set(err, "%s: the link died", host);
			return s->apply_status;
		}
	} else {
		engine_fake_call(f, host, "run %s", command);
	}
	return ENGINE_OP_OK;
}

/* ---- the fixture ---------------------------------------------------------- */

static void
fixture_files(struct fixture *fx)
{
	for (int i = 1; i <= N_HOSTS; i++) {
		char host[16];
		char *conf = xasprintf(current_fmt, 20 + i);

		snprintf(host, sizeof host, "compute%d", i);
		engine_fake_put(&fx->fake, host, CONF, conf, strlen(conf));
		engine_fake_put(&fx->fake, host, CONF ".rpmnew", rpmnew,
				strlen(rpmnew));
		free(conf);
	}
}

static int
setup(void **state)
{
	struct fixture *fx = fixture_new("/tmp/ou-engine-review-XXXXXX");
	struct review_script *script = xcalloc(1, sizeof *script);
	struct ou_error err;

	if (fx == NULL) {
		free(script);
		return -1;
	}
	*state = fx;
	script->probe_exit = 1;
	fx->fake.run = review_run;
	fx->fake.run_ctx = script;
	if (runbook_load_buffer("review.yaml", runbook_yaml,
				strlen(runbook_yaml), &fx->rb, &err) < 0 ||
	    inventory_load_buffer("inventory.yaml", inventory_yaml,
				  strlen(inventory_yaml), &fx->inv, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	fixture_files(fx);
	if (fixture_open(fx, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	free(script_of(fx));
	return fixture_free(fx);
}

static const struct engine_prompt *
prompt(struct fixture *fx)
{
	return fixture_prompt(fx);
}

/* Confirm the step: it lists and fetches, then asks for the review. */
static void
reach_review(struct fixture *fx)
{
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
	fixture_confirm(fx);
	if (prompt(fx)->kind != ENGINE_PROMPT_REVIEW)
		fail_msg("%s", prompt(fx)->text);
}

static void
apply(struct fixture *fx)
{
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	char digest[65];

	if (engine_review_text(fx->engine, &text, digest, &err) < 0 ||
	    engine_apply_review(fx->engine, digest, &err) < 0)
		fail_msg("%s", err.msg);
	strbuf_release(&text);
	fixture_drive(fx);
}

static const char *
file_on(struct fixture *fx, const char *host, const char *path)
{
	struct engine_fake_file *f = engine_fake_file(&fx->fake, host, path);

	return f != NULL ? f->data : NULL;
}

/* Every record with its text. */
static char *
journal_text(struct fixture *fx)
{
	return fixture_journal(fx, FIXTURE_JOURNAL_TEXTS);
}

static void
append(struct fixture *fx, enum journal_kind kind, const char *what,
       const char *text, enum journal_outcome outcome)
{
	fixture_append(fx, (struct journal_record){
		.kind = kind, .unit = "nova-review#1", .step = "nova-review",
		.host = "compute1", .what = what, .text = text,
		.outcome = outcome,
	});
}

/* ---- listing and fetching ------------------------------------------------ */

static void
test_the_review_is_asked_for_after_the_listing_and_fetch(void **state)
{
	struct fixture *fx = *state;
	struct review *r;

	reach_review(fx);
	assert_true(fixture_called(fx, "compute1: list"));
	assert_true(fixture_called(fx, "compute2: read " CONF ".rpmnew"));
	assert_int_equal(prompt(fx)->choices & ENGINE_CHOICE_REVIEW,
			 ENGINE_CHOICE_REVIEW);
	assert_int_equal(prompt(fx)->n_hosts, N_HOSTS);
	assert_int_equal(engine_review_count(fx->engine), 1);
	r = engine_review_at(fx->engine, 0);
	assert_non_null(r);
	assert_string_equal(review_path(r), CONF);
	assert_int_equal(review_host_count(r), N_HOSTS);
	assert_null(engine_review_at(fx->engine, 1));
	assert_non_null(strstr(prompt(fx)->text, CONF " (INI): 3 hosts"));
}

static void
test_a_host_without_rpmnew_is_done_without_a_review(void **state)
{
	struct fixture *fx = *state;
	struct engine_fake_file *f = engine_fake_file(&fx->fake, "compute3",
						      CONF ".rpmnew");

	free(f->path);
	f->path = xstrdup("/elsewhere");
	reach_review(fx);
	assert_int_equal(prompt(fx)->n_hosts, 2);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute3"), ENGINE_DONE);
	assert_int_equal(review_host_count(engine_review_at(fx->engine, 0)),
			 2);
}

static void
test_the_fetch_is_journaled_with_hashes_never_the_contents(void **state)
{
	struct fixture *fx = *state;
	char *conf = xasprintf(current_fmt, 21);
	char hex[65];
	char *lines;

	reach_review(fx);
	lines = journal_text(fx);
	sha256_hex(conf, strlen(conf), hex);
	assert_non_null(strstr(lines, "finish nova-review compute1 "
			       "review-fetch ok|sha256 "));
	assert_non_null(strstr(lines, hex));
	sha256_hex(rpmnew, strlen(rpmnew), hex);
	assert_non_null(strstr(lines, hex));
	assert_null(strstr(lines, PASSWORD));
	free(lines);
	free(conf);
}

static void
test_a_file_too_large_to_review_fails_its_host_naming_it(void **state)
{
	struct fixture *fx = *state;
	size_t big = 4u * 1024u * 1024u + 1;
	char *data = xcalloc(big + 1, 1);
	const char *note;

	memset(data, '#', big);
	engine_fake_put(&fx->fake, "compute2", CONF, data, big);
	free(data);
	fixture_confirm(fx);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_FAILED);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute2"), ENGINE_FAILED);
	note = engine_cell_note(fx->engine, "nova-review", "compute2");
	assert_non_null(strstr(note, "compute2"));
	assert_non_null(strstr(note, CONF));
	assert_non_null(strstr(note, "4 MiB"));
}

/* ---- the plan and its digest ------------------------------------------- */

static void
test_the_plan_text_says_what_is_written_backed_up_and_removed(void **state)
{
	struct fixture *fx = *state;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	char digest[65];
	char again[65];

	reach_review(fx);
	assert_int_equal(engine_review_text(fx->engine, &text, digest, &err),
			 0);
	assert_non_null(strstr(text.buf, "Decision: merge"));
	assert_non_null(strstr(text.buf, "compute2: back up " CONF " to "
			       "/var/lib/openstack-upgrade/backups/"));
	assert_non_null(strstr(text.buf, "remove " CONF ".rpmnew"));
	assert_non_null(strstr(text.buf, "[neutron]"));
	assert_null(strstr(text.buf, PASSWORD));
	sha256_hex(text.buf, text.len, again);
	assert_string_equal(digest, again);
	strbuf_release(&text);
}

static void
test_a_review_digest_that_does_not_match_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	reach_review(fx);
	assert_int_equal(engine_apply_review(fx->engine, "0123abcd", &err),
			 -1);
	assert_non_null(strstr(err.msg, "not what would be applied now"));
	assert_false(fixture_called(fx, "write "));
	assert_false(fixture_called(fx, "apply "));
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_REVIEW);
}

static void
test_a_decision_after_the_text_makes_its_digest_stale(void **state)
{
	struct fixture *fx = *state;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	char digest[65];

	reach_review(fx);
	assert_int_equal(engine_review_text(fx->engine, &text, digest, &err),
			 0);
	assert_int_equal(review_decide(engine_review_at(fx->engine, 0), 0,
				       REVIEW_TAKE_NEW), 0);
	assert_int_equal(engine_apply_review(fx->engine, digest, &err), -1);
	assert_false(fixture_called(fx, "apply "));
	strbuf_release(&text);
}

static void
test_confirm_is_not_how_a_review_is_applied(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	reach_review(fx);
	assert_null(prompt(fx)->digest);
	assert_int_equal(engine_confirm(fx->engine, "x", &err), -1);
	assert_false(fixture_called(fx, "apply "));
}

/* ---- applying -------------------------------------------------------------- */

static void
test_the_apply_stages_each_hosts_own_result_then_runs_the_script(void **state)
{
	struct fixture *fx = *state;
	char *staged;
	const char *data;

	reach_review(fx);
	apply(fx);
	for (int i = 1; i <= N_HOSTS; i++) {
		char host[16];
		char ip[32];

		snprintf(host, sizeof host, "compute%d", i);
		snprintf(ip, sizeof ip, "my_ip=192.0.2.%d", 20 + i);
		staged = NULL;
		for (size_t k = 0; k < fx->fake.n_files; k++)
			if (strcmp(fx->fake.files[k].host, host) == 0 &&
			    strncmp(fx->fake.files[k].path,
				    "/var/lib/openstack-upgrade/staged/", 34)
			    == 0)
				staged = fx->fake.files[k].path;
		assert_non_null(staged);
		assert_non_null(strstr(staged, "-nova-review" CONF));
		data = file_on(fx, host, staged);
		assert_non_null(strstr(data, ip));
		assert_non_null(strstr(data, "[neutron]"));
		assert_non_null(strstr(data, PASSWORD));
		assert_int_equal(engine_cell_state(fx->engine, "nova-review",
						   host), ENGINE_DONE);
	}
	assert_true(fixture_called(fx, "compute1: mkdir"));
	assert_true(fixture_called(fx, "compute3: apply set -e"));
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_DONE);
}

static void
test_the_script_checks_the_reviewed_hashes_before_changing_anything(
	void **state)
{
	struct fixture *fx = *state;
	char *conf = xasprintf(current_fmt, 22);
	char hex[65];
	const char *calls;
	const char *script;

	reach_review(fx);
	apply(fx);
	calls = strbuf_str(&fx->fake.calls);
	script = strstr(calls, "compute2: apply ");
	assert_non_null(script);
	sha256_hex(conf, strlen(conf), hex);
	assert_non_null(strstr(script, hex));
	assert_non_null(strstr(script, "f=/etc/nova/nova.conf\n"));
	/* The check comes before the backup, the backup before the rename,
	 * and the .rpmnew goes last. */
	assert_true(strstr(script, "changed since it was reviewed") <
		    strstr(script, "cp -a"));
	assert_true(strstr(script, "cp -a") < strstr(script, "mv -f -- \"$t\""));
	assert_true(strstr(script, "mv -f -- \"$t\"") <
		    strstr(script, "rm -f -- \"$n\""));
	assert_null(strstr(calls, PASSWORD));
	free(conf);
}

static void
test_keep_mine_writes_nothing_but_backs_up_and_removes_the_rpmnew(
	void **state)
{
	struct fixture *fx = *state;
	const char *script;

	reach_review(fx);
	assert_int_equal(review_decide(engine_review_at(fx->engine, 0), 0,
				       REVIEW_KEEP_MINE), 0);
	apply(fx);
	assert_false(fixture_called(fx, "write "));
	script = strstr(strbuf_str(&fx->fake.calls), "compute1: apply ");
	assert_non_null(script);
	assert_non_null(strstr(script, "cp -a -- \"$f\" \"$b.part\""));
	assert_non_null(strstr(script, "rm -f -- \"$n\""));
	assert_null(strstr(script, "mv -f -- \"$t\""));
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_DONE);
}

/* ---- the record of the choices ------------------------------------------ */

static size_t
option_named(struct review *r, const char *name)
{
	for (size_t i = 0; i < review_option_count(r, 0); i++)
		if (strcmp(review_option_at(r, 0, i)->name, name) == 0)
			return i;
	fail_msg("no option %s", name);
	return 0;
}

static void
pick_option(struct review *r, const char *name, enum review_pick pick,
	    const char *value)
{
	struct ou_error err;

	if (review_pick_option(r, 0, option_named(r, name), pick, value,
			       &err) < 0)
		fail_msg("%s", err.msg);
}

/* Apply, and the journal's text. */
static char *
applied_journal(struct fixture *fx)
{
	apply(fx);
	return journal_text(fx);
}

/* The result staged on host for the apply script. */
static const char *
staged_on(struct fixture *fx, const char *host)
{
	for (size_t k = 0; k < fx->fake.n_files; k++)
		if (strcmp(fx->fake.files[k].host, host) == 0 &&
		    strncmp(fx->fake.files[k].path,
			    "/var/lib/openstack-upgrade/staged/", 34) == 0)
			return fx->fake.files[k].data;
	fail_msg("nothing staged on %s", host);
	return NULL;
}

/* The "review-choices" note in the journal's text (a record a line, its
 * text ending it: the note ends at its empty line). */
static char *
choices_note(const char *lines)
{
	const char *start = strstr(lines, "review-choices |");
	const char *end;

	assert_non_null(start);
	end = strstr(start, "\n\n");
	assert_non_null(end);
	return xstrndup(start, (size_t)(end + 1 - start));
}

static void
assert_has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("lacks \"%s\" in:\n%s", want, text);
}

static void
test_the_choices_are_journaled_but_never_a_secrets_value(void **state)
{
	struct fixture *fx = *state;
	struct review *r;
	char *lines;

	reach_review(fx);
	r = engine_review_at(fx->engine, 0);
	pick_option(r, "neutron_admin_password", REVIEW_PICK_EDIT,
		    "N3w-S3cret-pw");
	lines = applied_journal(fx);
	assert_has(lines, "confirm nova-review compute1 compute2 compute3 "
		   "review |File " CONF);
	assert_has(lines, "review-choices |" CONF " group 1 (compute1 compute2 "
		   "compute3): merge\n");
	assert_has(lines, "[DEFAULT] neutron_admin_password: edited (a secret: "
		   "its value is not journaled)\n");
	assert_has(lines, "[DEFAULT] my_ip: mine\n");
	assert_null(strstr(lines, "N3w-S3cret-pw"));
	assert_null(strstr(lines, PASSWORD));
	free(lines);
}

static void
test_an_edited_value_is_journaled_with_a_urls_password_masked(void **state)
{
	struct fixture *fx = *state;
	struct review *r;
	char *lines;

	reach_review(fx);
	r = engine_review_at(fx->engine, 0);
	pick_option(r, "neutron_url", REVIEW_PICK_EDIT, "http://192.0.2.10:9797");
	pick_option(r, "connection", REVIEW_PICK_EDIT,
		    "mysql://nova:N3wDbPw@192.0.2.10/nova");
	lines = applied_journal(fx);
	assert_has(lines, "[DEFAULT] neutron_url: edited to "
		   "\"http://192.0.2.10:9797\"\n");
	assert_has(lines, "[database] connection: edited to \"mysql://nova:");
	assert_null(strstr(lines, "N3wDbPw"));
	assert_null(strstr(lines, "dbpass"));
	free(lines);
}

static void
test_the_choices_give_each_hunk_its_lines_and_pick(void **state)
{
	struct fixture *fx = *state;
	struct review *r;
	struct ou_error err;
	char *lines;

	reach_review(fx);
	r = engine_review_at(fx->engine, 0);
	/* The file's 8 lines became the proposal's 15: one hunk. */
	assert_int_equal(review_hunk_count(r, 0), 1);
	if (review_pick_hunk(r, 0, 0, REVIEW_PICK_MINE, NULL, 0, &err) < 0)
		fail_msg("%s", err.msg);
	lines = applied_journal(fx);
	assert_has(lines, "  hunk 1, lines 1-8 (1-15 in the proposal): mine\n");
	assert_null(strstr(lines, "text edited in"));
	free(lines);
}

static void
test_an_edited_hunk_is_journaled_by_its_size_never_its_lines(void **state)
{
	struct fixture *fx = *state;
	static const char edited[] =
		"[DEFAULT]\n"
		"# hunk-edit-marker\n"
		"my_ip=192.0.2.21\n"
		"neutron_admin_password=" PASSWORD "\n"
		"\n"
		"[database]\n"
		"connection=mysql://nova:dbpass@192.0.2.10/nova\n";
	struct review *r;
	struct ou_error err;
	char *lines, *note;

	reach_review(fx);
	r = engine_review_at(fx->engine, 0);
	if (review_pick_hunk(r, 0, 0, REVIEW_PICK_EDIT, edited, strlen(edited),
			     &err) < 0)
		fail_msg("%s", err.msg);
	lines = applied_journal(fx);
	note = choices_note(lines);
	assert_has(note, "  hunk 1, lines 1-8 (1-15 in the proposal): edited "
		   "(7 lines)\n");
	assert_null(strstr(note, "hunk-edit-marker"));
	assert_null(strstr(lines, PASSWORD));
	assert_non_null(strstr(staged_on(fx, "compute1"),
			       "# hunk-edit-marker\n"));
	free(note);
	free(lines);
}

/* The whole text, replaced by source: the note names the tool, never
 * the text. */
static char *
journal_after_text_from(struct fixture *fx, enum review_text_source source)
{
	struct review *r;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;

	reach_review(fx);
	r = engine_review_at(fx->engine, 0);
	if (review_result(r, 0, &text, &err) < 0)
		fail_msg("%s", err.msg);
	strbuf_adds(&text, "# text-edit-marker\n");
	if (review_set_text_from(r, 0, text.buf, text.len, source, &err) < 0)
		fail_msg("%s", err.msg);
	strbuf_release(&text);
	return applied_journal(fx);
}

static void
test_the_choices_say_the_editor_replaced_the_text(void **state)
{
	struct fixture *fx = *state;
	char *lines = journal_after_text_from(fx, REVIEW_TEXT_EDITOR);
	char *note = choices_note(lines);

	assert_has(note, "  hunk 1, lines 1-8 (1-15 in the proposal): theirs\n"
		   "  text edited in $EDITOR: the result, in place of the "
		   "picks above\n");
	assert_null(strstr(note, "text-edit-marker"));
	assert_null(strstr(lines, PASSWORD));
	assert_non_null(strstr(staged_on(fx, "compute2"),
			       "# text-edit-marker\n"));
	free(note);
	free(lines);
}

static void
test_the_choices_say_a_merge_tool_made_the_result(void **state)
{
	struct fixture *fx = *state;
	char *lines = journal_after_text_from(fx, REVIEW_TEXT_MERGE_TOOL);
	char *note = choices_note(lines);

	assert_has(note, "  merge tool result ($MERGE): the result, in place "
		   "of the picks above\n");
	assert_null(strstr(note, "$EDITOR"));
	assert_null(strstr(note, "text-edit-marker"));
	free(note);
	free(lines);
}

static void
test_a_decision_other_than_merge_journals_no_picks(void **state)
{
	struct fixture *fx = *state;
	char *lines;

	reach_review(fx);
	assert_int_equal(review_decide(engine_review_at(fx->engine, 0), 0,
				       REVIEW_TAKE_NEW), 0);
	lines = applied_journal(fx);
	assert_has(lines, "compute3): take the new file\nresult on compute1: "
		   "sha256 ");
	assert_null(strstr(lines, "hunk 1"));
	free(lines);
}

static void
test_a_script_that_finds_the_file_changed_fails_the_host(void **state)
{
	struct fixture *fx = *state;

	script_of(fx)->apply_exit = 3;
	reach_review(fx);
	apply(fx);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute1"), ENGINE_FAILED);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_FAILED);
}

static void
test_a_skip_at_the_review_applies_nothing(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	reach_review(fx);
	assert_int_equal(engine_skip(fx->engine, "merged by hand", &err), 0);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute2"), ENGINE_SKIPPED);
	assert_int_equal(engine_review_count(fx->engine), 0);
	assert_false(fixture_called(fx, "apply "));
}

/* ---- crashes ------------------------------------------------------------- */

static void
test_a_crash_at_the_review_prompt_leaves_it_pending(void **state)
{
	struct fixture *fx = *state;

	reach_review(fx);
	fixture_restart(fx);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute1"), ENGINE_PENDING);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
}

static void
test_a_link_lost_during_the_apply_is_unknown(void **state)
{
	struct fixture *fx = *state;

	script_of(fx)->apply_status = ENGINE_OP_UNKNOWN;
	reach_review(fx);
	apply(fx);
	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute1"), ENGINE_UNKNOWN);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_UNKNOWN);
}

/* The records a run leaves up to a crash at stage (1: in the fetch,
 * 2: in the staging, 3: in the script, 4: after the script). */
static void
crash_at(struct fixture *fx, int stage)
{
	append(fx, JOURNAL_CONFIRM, "unit", "shown", JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_START, "review", "rpm -qa", JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_FINISH, "review", CONF ".rpmnew\n",
	       JOURNAL_OUTCOME_OK);
	append(fx, JOURNAL_START, "review-fetch", "sftp: read",
	       JOURNAL_OUTCOME_NONE);
	if (stage == 1)
		return;
	append(fx, JOURNAL_FINISH, "review-fetch", "sha256 ...",
	       JOURNAL_OUTCOME_OK);
	append(fx, JOURNAL_CONFIRM, "review", "plan", JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_START, "review-stage", "sftp: write",
	       JOURNAL_OUTCOME_NONE);
	if (stage == 2)
		return;
	append(fx, JOURNAL_FINISH, "review-stage", "staged",
	       JOURNAL_OUTCOME_OK);
	append(fx, JOURNAL_START, "review-apply", "set -e",
	       JOURNAL_OUTCOME_NONE);
	if (stage == 3)
		return;
	append(fx, JOURNAL_FINISH, "review-apply", "applied",
	       JOURNAL_OUTCOME_OK);
}

static void
assert_unknown_with_probe(struct fixture *fx)
{
	struct ou_error err;

	assert_int_equal(engine_cell_state(fx->engine, "nova-review",
					   "compute1"), ENGINE_UNKNOWN);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_UNKNOWN);
	assert_true(prompt(fx)->choices & ENGINE_CHOICE_CONFIRM);
	assert_non_null(strstr(prompt(fx)->text, "grep -q ."));
	script_of(fx)->probe_exit = 0;
	assert_int_equal(engine_confirm(fx->engine, prompt(fx)->digest, &err),
			 0);
	fixture_drive(fx);
	assert_true(fixture_called(fx, "compute1: probe"));
	assert_non_null(strstr(prompt(fx)->text, "the step took effect"));
	assert_false(fixture_called(fx, "apply "));
}

static void
test_a_crash_in_the_fetch_is_unknown_and_safe_to_rerun(void **state)
{
	struct fixture *fx = *state;

	crash_at(fx, 1);
	fixture_restart(fx);
	assert_non_null(strstr(engine_cell_note(fx->engine, "nova-review",
						"compute1"),
			       "running it again is safe"));
	assert_unknown_with_probe(fx);
}

static void
test_a_crash_in_the_staging_is_unknown_and_probed(void **state)
{
	struct fixture *fx = *state;

	crash_at(fx, 2);
	fixture_restart(fx);
	assert_unknown_with_probe(fx);
}

static void
test_a_crash_in_the_script_is_unknown_and_probed(void **state)
{
	struct fixture *fx = *state;

	crash_at(fx, 3);
	fixture_restart(fx);
	assert_non_null(strstr(engine_cell_note(fx->engine, "nova-review",
						"compute1"), "review-apply"));
	assert_unknown_with_probe(fx);
}

static void
test_a_crash_after_the_script_is_unknown_and_probed(void **state)
{
	struct fixture *fx = *state;

	crash_at(fx, 4);
	fixture_restart(fx);
	assert_unknown_with_probe(fx);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_the_review_is_asked_for_after_the_listing_and_fetch),
		T(test_a_host_without_rpmnew_is_done_without_a_review),
		T(test_the_fetch_is_journaled_with_hashes_never_the_contents),
		T(test_a_file_too_large_to_review_fails_its_host_naming_it),
		T(test_the_plan_text_says_what_is_written_backed_up_and_removed),
		T(test_a_review_digest_that_does_not_match_is_refused),
		T(test_a_decision_after_the_text_makes_its_digest_stale),
		T(test_confirm_is_not_how_a_review_is_applied),
		T(test_the_apply_stages_each_hosts_own_result_then_runs_the_script),
		T(test_the_script_checks_the_reviewed_hashes_before_changing_anything),
		T(test_keep_mine_writes_nothing_but_backs_up_and_removes_the_rpmnew),
		T(test_the_choices_are_journaled_but_never_a_secrets_value),
		T(test_an_edited_value_is_journaled_with_a_urls_password_masked),
		T(test_the_choices_give_each_hunk_its_lines_and_pick),
		T(test_an_edited_hunk_is_journaled_by_its_size_never_its_lines),
		T(test_the_choices_say_the_editor_replaced_the_text),
		T(test_the_choices_say_a_merge_tool_made_the_result),
		T(test_a_decision_other_than_merge_journals_no_picks),
		T(test_a_script_that_finds_the_file_changed_fails_the_host),
		T(test_a_skip_at_the_review_applies_nothing),
		T(test_a_crash_at_the_review_prompt_leaves_it_pending),
		T(test_a_link_lost_during_the_apply_is_unknown),
		T(test_a_crash_in_the_fetch_is_unknown_and_safe_to_rerun),
		T(test_a_crash_in_the_staging_is_unknown_and_probed),
		T(test_a_crash_in_the_script_is_unknown_and_probed),
		T(test_a_crash_after_the_script_is_unknown_and_probed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
