/* The engine: confirmations, the journal, resume, gates, the rollout.
 *
 * The executor is scripted: commands answer from a table of rules, Nova
 * is a few structs, and nothing waits.  Each test reads as one rule of
 * the engine's behaviour. */
#include "config.h"

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
#include "strbuf.h"
#include "xalloc.h"

/* ---- the fixture ---------------------------------------------------------- */

static int
setup(void **state)
{
	struct fixture *fx = fixture_new("/tmp/ou-engine-XXXXXX");
	struct ou_error err;

	if (fx == NULL)
		return -1;
	/* One file for every host and path, empty until a test fills it. */
	engine_fake_put(&fx->fake, NULL, NULL, "", 0);
	if (runbook_load_file(OU_TEST_DATA "/engine/runbook.yaml", &fx->rb,
			      &err) < 0 ||
	    inventory_load_file(OU_TEST_DATA "/engine/inventory.yaml",
				&fx->inv, &err) < 0 ||
	    fixture_open(fx, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	return fixture_free(*state);
}

static void
add_rule(struct fixture *fx, struct engine_fake_rule r)
{
	engine_fake_add_rule(&fx->fake, r);
}

static const struct engine_prompt *
prompt(struct fixture *fx)
{
	return fixture_prompt(fx);
}

static void
confirm(struct fixture *fx)
{
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
	fixture_confirm(fx);
}

static void
assert_prompt_step(struct fixture *fx, enum engine_prompt_kind kind,
		   const char *step)
{
	assert_int_equal(prompt(fx)->kind, kind);
	assert_non_null(prompt(fx)->step);
	assert_string_equal(prompt(fx)->step, step);
}

/* Confirm units until the prompt is about step. */
static void
confirm_until(struct fixture *fx, const char *step)
{
	for (int i = 0; i < 40; i++) {
		if (prompt(fx)->step != NULL &&
		    strcmp(prompt(fx)->step, step) == 0)
			return;
		confirm(fx);
	}
	fail_msg("never reached step %s", step);
}

/* The one file every host reads and writes. */
static const char *
the_file(struct fixture *fx)
{
	return engine_fake_file(&fx->fake, NULL, NULL)->data;
}

/* The journal as one line per record: "KIND STEP HOST WHAT OUTCOME|". */
static char *
journal_lines(struct fixture *fx)
{
	return fixture_journal(fx, FIXTURE_JOURNAL_REASONS);
}

static void
append(struct fixture *fx, enum journal_kind kind, const char *step,
       const char *host, const char *what, enum journal_outcome outcome)
{
	fixture_append(fx, (struct journal_record){
		.kind = kind, .unit = "u", .step = step, .host = host,
		.what = what, .text = "yum -y upgrade nova", .outcome = outcome,
	});
}

/* Step ctl-upgrade on the controller started and the program died. */
static void
crash_during_ctl_upgrade(struct fixture *fx)
{
	append(fx, JOURNAL_CONFIRM, "ctl-upgrade", "controller", "unit",
	       JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_START, "ctl-upgrade", "controller", "run",
	       JOURNAL_OUTCOME_NONE);
	fixture_restart(fx);
	confirm_until(fx, "ctl-upgrade");
}

/* ---- confirmation ------------------------------------------------------- */

static void
test_nothing_runs_before_the_first_confirmation(void **state)
{
	struct fixture *fx = *state;

	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "prep-check");
	assert_int_equal(fx->fake.n_calls, 0);
}

static void
test_confirmation_shows_every_host_and_the_exact_command(void **state)
{
	struct fixture *fx = *state;
	const char *text = prompt(fx)->text;

	assert_non_null(strstr(text, "controller compute1 compute2 compute3"));
	assert_non_null(strstr(text, "$ test -d /etc"));
	assert_int_equal(prompt(fx)->n_hosts, 4);
	assert_non_null(prompt(fx)->digest);
}

static void
test_a_digest_that_does_not_match_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	assert_int_equal(engine_confirm(fx->engine, "0123abcd", &err), -1);
	assert_non_null(strstr(err.msg, "not what would run now"));
	assert_int_equal(fx->fake.n_calls, 0);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
}

static void
test_the_confirmation_is_journaled_before_the_first_command(void **state)
{
	struct fixture *fx = *state;
	char *lines;

	confirm(fx);
	lines = journal_lines(fx);
	assert_true(strncmp(lines, "confirm prep-check controller compute1 "
			    "compute2 compute3 unit", 55) == 0);
	assert_non_null(strstr(lines, "start prep-check controller check"));
	free(lines);
}

static void
test_a_confirmation_covers_only_the_unit_shown(void **state)
{
	struct fixture *fx = *state;

	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "ctl-upgrade");
	assert_false(fixture_called(fx, "yum"));
	assert_false(fixture_called(fx, "rpm -q nova-juno"));
}

static void
test_ini_set_is_sent_as_openstack_config_with_the_value_quoted(void **state)
{
	struct fixture *fx = *state;

	confirm_until(fx, "ctl-cap");
	assert_non_null(strstr(prompt(fx)->text, "$ openstack-config --set "
			       "/etc/nova/nova.conf upgrade_levels compute "
			       "3.23.1"));
	confirm(fx);
	assert_true(fixture_called(fx, "controller: openstack-config --set "
			   "/etc/nova/nova.conf upgrade_levels compute 3.23.1"));
}

static void
test_value_from_reads_the_secret_on_the_host_only_if_unset(void **state)
{
	struct fixture *fx = *state;

	confirm_until(fx, "ctl-password");
	assert_non_null(strstr(prompt(fx)->text,
		"openstack-config --get /etc/neutron/neutron.conf DEFAULT "
		"nova_admin_password >/dev/null 2>&1 || { value=$("
		"openstack-config --get /etc/nova/nova.conf keystone_authtoken "
		"admin_password) && openstack-config --set "
		"/etc/neutron/neutron.conf DEFAULT nova_admin_password "
		"\"$value\"; }"));
}

/* ---- a step on a host ---------------------------------------------------- */

static void
test_a_probe_that_exits_0_means_the_action_is_not_run(void **state)
{
	struct fixture *fx = *state;

	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_true(fixture_called(fx, "controller: rpm -q nova-juno"));
	assert_false(fixture_called(fx, "yum -y upgrade nova"));
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_DONE);
}

static void
test_a_failing_action_fails_the_host_and_retry_shows_it_again(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-juno", .exit_status = 1 });
	add_rule(fx, (struct engine_fake_rule){
		.match = "yum -y upgrade nova", .exit_status = 1,
		.output = "no mirror\n" });
	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_FAILED, "ctl-upgrade");
	assert_non_null(strstr(prompt(fx)->text, "no mirror"));
	assert_int_equal(engine_retry(fx->engine, &err), 0);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "ctl-upgrade");
}

static void
test_a_failing_gate_blocks_the_action(void **state)
{
	struct fixture *fx = *state;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-juno", .exit_status = 1 });
	add_rule(fx, (struct engine_fake_rule){
		.match = "pgrep nova", .exit_status = 1 });
	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_GATE, "ctl-upgrade");
	assert_false(fixture_called(fx, "yum -y upgrade nova"));
}

static void
test_a_gate_override_needs_a_reason_and_is_journaled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-juno", .exit_status = 1 });
	add_rule(fx, (struct engine_fake_rule){
		.match = "pgrep nova", .exit_status = 1 });
	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_int_equal(engine_override_gate(fx->engine, "controller", " ",
					      &err), -1);
	assert_int_equal(engine_override_gate(fx->engine, "controller",
					      "nova is a zombie, checked",
					      &err), 0);
	fixture_drive(fx);
	lines = journal_lines(fx);
	assert_non_null(strstr(lines, "override ctl-upgrade controller gate |"
			       "nova is a zombie, checked|"));
	assert_true(fixture_called(fx, "controller: yum -y upgrade nova"));
	free(lines);
}

static void
test_a_skip_needs_a_reason(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	assert_int_equal(engine_skip(fx->engine, "", &err), -1);
	assert_int_equal(engine_skip(fx->engine, NULL, &err), -1);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
}

static void
test_a_skip_is_journaled_with_its_reason(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	assert_int_equal(engine_skip(fx->engine, "checked by hand", &err), 0);
	lines = journal_lines(fx);
	assert_non_null(strstr(lines, "skip prep-check controller compute1 "
			       "compute2 compute3 skip |checked by hand|"));
	assert_int_equal(engine_cell_state(fx->engine, "prep-check",
					   "compute2"), ENGINE_SKIPPED);
	assert_int_equal(fx->fake.n_calls, 0);
	free(lines);
}

static void
test_unit_states_are_the_cell_states_of_its_targets(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	enum engine_state got[8];

	assert_int_equal(engine_skip(fx->engine, "checked by hand", &err), 0);
	for (size_t u = 0; u < fx->plan->n_units; u++) {
		const struct plan_unit *pu = &fx->plan->units[u];

		assert_true(pu->n_targets <= 8);
		engine_unit_states(fx->engine, pu, got);
		for (size_t t = 0; t < pu->n_targets; t++)
			assert_int_equal(got[t], engine_cell_state(fx->engine,
					 pu->step->id, pu->targets[t].host->name));
	}
	assert_int_equal(fx->plan->units[0].n_targets, 4);
	engine_unit_states(fx->engine, &fx->plan->units[0], got);
	assert_int_equal(got[2], ENGINE_SKIPPED);
}

static void
test_an_unknown_host_key_needs_the_operator_and_is_journaled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	fx->fake.unknown_key[2] = true;
	confirm(fx);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_HOSTKEY);
	assert_string_equal(prompt(fx)->host, "compute2");
	assert_false(fixture_called(fx, "compute2: test -d /etc"));
	assert_int_equal(engine_accept_hostkey(fx->engine, "SHA256:other",
					       &err), -1);
	assert_int_equal(engine_accept_hostkey(fx->engine,
					       "SHA256:key-of-compute2",
					       &err), 0);
	fixture_drive(fx);
	assert_true(fixture_called(fx, "compute2: test -d /etc"));
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "ctl-upgrade");
	lines = journal_lines(fx);
	assert_non_null(strstr(lines, "hostkey - compute2 accept"));
	free(lines);
}

/* ---- resume ------------------------------------------------------------ */

static void
test_a_start_without_finish_is_unknown_after_replay(void **state)
{
	struct fixture *fx = *state;

	crash_during_ctl_upgrade(fx);
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_UNKNOWN);
	assert_prompt_step(fx, ENGINE_PROMPT_UNKNOWN, "ctl-upgrade");
	assert_false(fixture_called(fx, "yum"));
}

static void
test_an_action_finished_without_a_result_is_unknown_after_replay(void **state)
{
	struct fixture *fx = *state;

	append(fx, JOURNAL_START, "ctl-upgrade", "controller", "run",
	       JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_FINISH, "ctl-upgrade", "controller", "run",
	       JOURNAL_OUTCOME_OK);
	fixture_restart(fx);
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_UNKNOWN);
}

static void
test_only_read_only_commands_run_to_their_end_leave_it_pending(void **state)
{
	struct fixture *fx = *state;

	append(fx, JOURNAL_START, "ctl-upgrade", "controller", "probe",
	       JOURNAL_OUTCOME_NONE);
	append(fx, JOURNAL_FINISH, "ctl-upgrade", "controller", "probe",
	       JOURNAL_OUTCOME_FAILED);
	fixture_restart(fx);
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_PENDING);
}

static void
test_a_read_only_start_without_finish_is_unknown_too(void **state)
{
	struct fixture *fx = *state;

	append(fx, JOURNAL_START, "ctl-upgrade", "controller", "probe",
	       JOURNAL_OUTCOME_NONE);
	fixture_restart(fx);
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_UNKNOWN);
	assert_non_null(strstr(engine_cell_note(fx->engine, "ctl-upgrade",
						"controller"),
			       "running it again is safe"));
}

static void
test_the_probe_of_an_unknown_host_is_confirmed_before_it_runs(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	crash_during_ctl_upgrade(fx);
	assert_non_null(prompt(fx)->digest);
	assert_non_null(strstr(prompt(fx)->text, "$ rpm -q nova-juno"));
	assert_false(fixture_called(fx, "rpm -q nova-juno"));
	assert_int_equal(engine_confirm(fx->engine, prompt(fx)->digest, &err),
			 0);
	fixture_drive(fx);
	assert_true(fixture_called(fx, "controller: rpm -q nova-juno"));
	assert_prompt_step(fx, ENGINE_PROMPT_UNKNOWN, "ctl-upgrade");
	assert_non_null(strstr(prompt(fx)->text, "the step took effect"));
	assert_false(fixture_called(fx, "yum"));
}

static void
test_an_unknown_host_marked_done_is_done(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	crash_during_ctl_upgrade(fx);
	assert_int_equal(engine_decide_unknown(fx->engine, "controller",
					       ENGINE_DECIDE_MARK_DONE, &err), 0);
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_DONE);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "ctl-cap");
	lines = journal_lines(fx);
	assert_non_null(strstr(lines, "decide ctl-upgrade controller "
			       "mark-done ok"));
	free(lines);
}

static void
test_an_unknown_host_marked_failed_asks_to_retry_or_skip(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	crash_during_ctl_upgrade(fx);
	assert_int_equal(engine_decide_unknown(fx->engine, "controller",
					       ENGINE_DECIDE_MARK_FAILED, &err),
			 0);
	assert_prompt_step(fx, ENGINE_PROMPT_FAILED, "ctl-upgrade");
}

static void
test_an_unknown_host_rerun_is_confirmed_again_first(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	crash_during_ctl_upgrade(fx);
	assert_int_equal(engine_decide_unknown(fx->engine, "controller",
					       ENGINE_DECIDE_RERUN, &err), 0);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "ctl-upgrade");
	assert_false(fixture_called(fx, "yum"));
	assert_non_null(strstr(prompt(fx)->text, "no outcome was recorded"));
}

static void
test_a_confirmed_unit_is_confirmed_again_after_a_restart(void **state)
{
	struct fixture *fx = *state;

	append(fx, JOURNAL_CONFIRM, "prep-check", "controller compute1 "
	       "compute2 compute3", "unit", JOURNAL_OUTCOME_NONE);
	fixture_restart(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "prep-check");
	assert_int_equal(fx->fake.n_calls, 0);
}

static void
test_deciding_a_host_that_is_not_unknown_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	crash_during_ctl_upgrade(fx);
	assert_int_equal(engine_decide_unknown(fx->engine, "compute1",
					       ENGINE_DECIDE_MARK_DONE, &err),
			 -1);
}

/* ---- the rollout ---------------------------------------------------------- */

static void
reach_rollout(struct fixture *fx)
{
	confirm_until(fx, "uncap");
}

static void
test_the_rolling_phase_asks_its_batch_size_first(void **state)
{
	struct fixture *fx = *state;

	for (int i = 0; i < 10 && prompt(fx)->kind == ENGINE_PROMPT_CONFIRM;
	     i++)
		confirm(fx);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_BATCH_SIZE);
	assert_int_equal(prompt(fx)->batch_default, 1);
	assert_int_equal(prompt(fx)->batch_max, 3);
}

static void
go_to_batch_size(struct fixture *fx)
{
	for (int i = 0; i < 10 && prompt(fx)->kind == ENGINE_PROMPT_CONFIRM;
	     i++)
		confirm(fx);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_BATCH_SIZE);
}

static void
test_a_batch_size_groups_that_many_hosts(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 4, &err), -1);
	assert_int_equal(engine_set_batch_size(fx->engine, 2, &err), 0);
	assert_prompt_step(fx, ENGINE_PROMPT_CONFIRM, "c-disable");
	assert_int_equal(prompt(fx)->n_hosts, 2);
	assert_string_equal(prompt(fx)->hosts[1], "compute2");
}

static void
test_the_batch_size_can_change_before_a_batch_starts(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 1, &err), 0);
	assert_true(prompt(fx)->choices & ENGINE_CHOICE_BATCH);
	assert_int_equal(engine_set_batch_size(fx->engine, 3, &err), 0);
	assert_int_equal(prompt(fx)->n_hosts, 3);
	confirm(fx);
	assert_false(prompt(fx)->choices & ENGINE_CHOICE_BATCH);
}

static void
test_the_batch_is_kept_across_a_restart(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 2, &err), 0);
	confirm(fx);
	fixture_restart(fx);
	assert_int_equal(engine_batch_size(fx->engine, "rollout"), 2);
	assert_prompt_step(fx, ENGINE_PROMPT_MIGRATION, "c-migrate");
	assert_int_equal(prompt(fx)->n_hosts, 2);
}

static void
test_a_live_migration_while_capped_warns_of_bug_1250751(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 1, &err), 0);
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_MIGRATION, "c-migrate");
	assert_true(prompt(fx)->live_warning);
	assert_non_null(strstr(prompt(fx)->text, "1250751"));
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_LIVE,
					      &err), 0);
	assert_non_null(strstr(prompt(fx)->text, "1250751"));
}

static void
test_no_juno_compute_means_the_migration_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	fx->fake.n_instances[0] = 1;
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 1, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_COLD,
					      &err), 0);
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_FAILED, "c-migrate");
	assert_non_null(strstr(prompt(fx)->text, "vm-compute1-1"));
	assert_non_null(strstr(prompt(fx)->text, "not upgraded to Juno yet"));
}

/* Batch size 1, compute1's rollout done without moving anything; the
 * prompt is then compute2's migration question. */
static void
roll_out_compute1(struct fixture *fx)
{
	struct ou_error err;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-compute-juno", .exit_status = 1 });
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 1, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	for (int i = 0; i < 5 && prompt(fx)->kind == ENGINE_PROMPT_CONFIRM;
	     i++)
		confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_MIGRATION, "c-migrate");
	assert_string_equal(prompt(fx)->hosts[0], "compute2");
}

static void
test_a_live_migration_shows_each_move_before_it_runs(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	fx->fake.n_instances[1] = 2;
	roll_out_compute1(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_LIVE,
					      &err), 0);
	confirm(fx);
	assert_false(fixture_called(fx, "live-migrate"));
	assert_non_null(strstr(prompt(fx)->text, "live-migrate instance "
			       "vm-compute2-1 (id-compute2-1) from compute2 to "
			       "compute1"));
	confirm(fx);
	assert_true(fixture_called(fx, "nova: live-migrate id-compute2-1 to "
				   "compute1"));
	assert_true(fixture_called(fx, "nova: live-migrate id-compute2-2 to "
				   "compute1"));
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_DONE);
}

static void
test_a_cold_migration_confirms_the_resize(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	fx->fake.n_instances[1] = 1;
	roll_out_compute1(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_COLD,
					      &err), 0);
	confirm(fx);
	confirm(fx);
	assert_true(fixture_called(fx, "nova: cold-migrate id-compute2-1 to "
				   "compute1"));
	assert_true(fixture_called(fx, "nova: confirm-resize id-compute2-1"));
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_DONE);
}

/* compute2 holds one instance, live migration chosen and its move shown;
 * the next confirmation runs it. */
static void
show_live_move_of_compute2(struct fixture *fx)
{
	struct ou_error err;

	fx->fake.n_instances[1] = 1;
	roll_out_compute1(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_LIVE,
					      &err), 0);
	confirm(fx);
	assert_false(fixture_called(fx, "live-migrate"));
}

static void
test_a_move_waits_for_nova_to_read_the_source_compute_up(void **state)
{
	struct fixture *fx = *state;

	show_live_move_of_compute2(fx);
	fx->fake.down_reads[1] = 3;
	confirm(fx);
	assert_non_null(strstr(strbuf_str(&fx->events), "progress compute2: "
			       "compute2: Nova reads nova-compute down; "
			       "waiting up to 120 s for it to be up before "
			       "moving its instances"));
	assert_int_equal(fixture_count_calls(fx, "nova: GET service compute2"),
			 4);
	assert_true(fixture_called(fx, "nova: GET service compute2\n"
			   "nova: live-migrate id-compute2-1 to compute1"));
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_DONE);
}

static void
test_a_source_compute_never_up_fails_the_host_unmoved(void **state)
{
	struct fixture *fx = *state;
	const char *note;

	show_live_move_of_compute2(fx);
	fx->fake.down_reads[1] = 1000;
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_FAILED, "c-migrate");
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_FAILED);
	note = engine_cell_note(fx->engine, "c-migrate", "compute2");
	assert_non_null(note);
	assert_non_null(strstr(note, "a live migration needs the source "
			       "compute's nova-compute up"));
	assert_non_null(strstr(note, "Start nova-compute on compute2 and "
			       "retry, or skip the migration"));
	assert_false(fixture_called(fx, "live-migrate"));
	/* 120 s at one read per 2 s, and the first. */
	assert_int_equal(fixture_count_calls(fx, "nova: GET service compute2"),
			 61);
}

static void
test_a_refusal_for_the_source_read_down_is_sent_once_more(void **state)
{
	struct fixture *fx = *state;

	show_live_move_of_compute2(fx);
	fx->fake.refusals = 1;
	fx->fake.refuse_with = "HTTP 400: badRequest: Compute service of "
			       "compute2 is unavailable at this time.";
	confirm(fx);
	assert_int_equal(fixture_count_calls(fx, "nova: live-migrate "
					     "id-compute2-1 to compute1"), 2);
	assert_non_null(strstr(strbuf_str(&fx->events), "asking once more"));
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_DONE);
}

static void
test_other_migration_errors_are_not_sent_again(void **state)
{
	struct fixture *fx = *state;
	const char *note;

	show_live_move_of_compute2(fx);
	fx->fake.refusals = 1;
	fx->fake.refuse_with = "HTTP 400: badRequest: No valid host was "
			       "found.";
	confirm(fx);
	assert_int_equal(fixture_count_calls(fx, "live-migrate id-compute2-1"),
			 1);
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_FAILED);
	note = engine_cell_note(fx->engine, "c-migrate", "compute2");
	assert_non_null(note);
	assert_non_null(strstr(note, "No valid host"));
}

static void
test_a_failed_compute_stops_its_batch_and_stays_disabled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-compute-juno", .exit_status = 1 });
	add_rule(fx, (struct engine_fake_rule){
		.host = "compute2", .match = "yum -y upgrade nova-compute",
		.exit_status = 1 });
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 2, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	confirm(fx);
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_FAILED, "c-upgrade");
	assert_non_null(strstr(prompt(fx)->text, "compute2 stays disabled"));
	assert_false(fx->fake.enabled[1]);
	assert_false(fixture_called(fx, "nova: enable"));
}

static void
test_the_rollout_ends_with_every_compute_enabled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	add_rule(fx, (struct engine_fake_rule){
		.match = "rpm -q nova-compute-juno", .exit_status = 1 });
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 3, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	reach_rollout(fx);
	for (size_t i = 0; i < ENGINE_FAKE_COMPUTES; i++)
		assert_true(fx->fake.enabled[i]);
	assert_true(fixture_called(fx, "compute3: yum -y upgrade "
				   "nova-compute"));
}

static void
test_uncap_comments_the_option_out_after_a_backup(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	const char *conf = "[DEFAULT]\ndebug = True\n[upgrade_levels]\n"
			   "compute = 3.23.1\n";

	engine_fake_put(&fx->fake, NULL, NULL, conf, strlen(conf));
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 3, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	reach_rollout(fx);
	assert_non_null(strstr(prompt(fx)->text, "mkdir -p /var/lib/"
			       "openstack-upgrade/backups/"));
	confirm(fx);
	assert_string_equal(the_file(fx), "[DEFAULT]\ndebug = True\n"
			    "[upgrade_levels]\n#compute = 3.23.1\n");
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_DONE);
}

/* ---- the migration planner -------------------------------------------- */

static void
test_the_planner_puts_each_instance_where_it_fits(void **state)
{
	struct engine_mig_compute c[] = {
		{ .host = "a", .enabled = true, .up = true, .juno = true,
		  .free_ram_mb = 1024, .free_vcpus = 4, .free_disk_gb = 10 },
		{ .host = "b", .enabled = true, .up = true, .juno = true,
		  .free_ram_mb = 2048, .free_vcpus = 4, .free_disk_gb = 10 },
	};
	struct engine_mig_instance in[] = {
		{ .id = "1", .name = "small", .ram_mb = 512, .vcpus = 1,
		  .disk_gb = 1 },
		{ .id = "2", .name = "big", .ram_mb = 2048, .vcpus = 2,
		  .disk_gb = 5 },
	};
	size_t target[2];
	struct ou_error err;

	assert_int_equal(engine_plan_migration(c, 2, in, 2, target, &err), 0);
	assert_int_equal(target[1], 1);
	assert_int_equal(target[0], 0);
}

static void
test_the_planner_refuses_naming_the_instance_that_fits_nowhere(void **state)
{
	struct engine_mig_compute c[] = {
		{ .host = "a", .enabled = true, .up = true, .juno = true,
		  .free_ram_mb = 1024, .free_vcpus = 4, .free_disk_gb = 10 },
		{ .host = "b", .enabled = false, .up = true, .juno = true,
		  .free_ram_mb = 8192, .free_vcpus = 4, .free_disk_gb = 10 },
	};
	struct engine_mig_instance in[] = {
		{ .id = "id-9", .name = "db1", .ram_mb = 2048, .vcpus = 1,
		  .disk_gb = 1 },
	};
	size_t target[1];
	struct ou_error err;

	assert_int_equal(engine_plan_migration(c, 2, in, 1, target, &err), -1);
	assert_non_null(strstr(err.msg, "db1 (id-9)"));
	assert_non_null(strstr(err.msg, "a: 1024 MB RAM free"));
	assert_non_null(strstr(err.msg, "b: disabled"));
}

static void
test_the_planner_counts_what_it_already_placed(void **state)
{
	struct engine_mig_compute c[] = {
		{ .host = "a", .enabled = true, .up = true, .juno = true,
		  .free_ram_mb = 1024, .free_vcpus = 4, .free_disk_gb = 10 },
	};
	struct engine_mig_instance in[] = {
		{ .id = "1", .name = "one", .ram_mb = 768, .vcpus = 1 },
		{ .id = "2", .name = "two", .ram_mb = 512, .vcpus = 1 },
	};
	size_t target[2];
	struct ou_error err;

	assert_int_equal(engine_plan_migration(c, 1, in, 2, target, &err), -1);
	assert_non_null(strstr(err.msg, "two (2)"));
}

static void
test_stop_starts_nothing_new(void **state)
{
	struct fixture *fx = *state;

	engine_stop(fx->engine);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_STOPPED);
	assert_int_equal(fx->fake.n_calls, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_nothing_runs_before_the_first_confirmation),
		T(test_confirmation_shows_every_host_and_the_exact_command),
		T(test_a_digest_that_does_not_match_is_refused),
		T(test_the_confirmation_is_journaled_before_the_first_command),
		T(test_a_confirmation_covers_only_the_unit_shown),
		T(test_ini_set_is_sent_as_openstack_config_with_the_value_quoted),
		T(test_value_from_reads_the_secret_on_the_host_only_if_unset),
		T(test_a_probe_that_exits_0_means_the_action_is_not_run),
		T(test_a_failing_action_fails_the_host_and_retry_shows_it_again),
		T(test_a_failing_gate_blocks_the_action),
		T(test_a_gate_override_needs_a_reason_and_is_journaled),
		T(test_a_skip_needs_a_reason),
		T(test_a_skip_is_journaled_with_its_reason),
		T(test_unit_states_are_the_cell_states_of_its_targets),
		T(test_an_unknown_host_key_needs_the_operator_and_is_journaled),
		T(test_a_start_without_finish_is_unknown_after_replay),
		T(test_an_action_finished_without_a_result_is_unknown_after_replay),
		T(test_only_read_only_commands_run_to_their_end_leave_it_pending),
		T(test_a_read_only_start_without_finish_is_unknown_too),
		T(test_the_probe_of_an_unknown_host_is_confirmed_before_it_runs),
		T(test_an_unknown_host_marked_done_is_done),
		T(test_an_unknown_host_marked_failed_asks_to_retry_or_skip),
		T(test_an_unknown_host_rerun_is_confirmed_again_first),
		T(test_a_confirmed_unit_is_confirmed_again_after_a_restart),
		T(test_deciding_a_host_that_is_not_unknown_is_refused),
		T(test_the_rolling_phase_asks_its_batch_size_first),
		T(test_a_batch_size_groups_that_many_hosts),
		T(test_the_batch_size_can_change_before_a_batch_starts),
		T(test_the_batch_is_kept_across_a_restart),
		T(test_a_live_migration_while_capped_warns_of_bug_1250751),
		T(test_no_juno_compute_means_the_migration_is_refused),
		T(test_a_live_migration_shows_each_move_before_it_runs),
		T(test_a_cold_migration_confirms_the_resize),
		T(test_a_move_waits_for_nova_to_read_the_source_compute_up),
		T(test_a_source_compute_never_up_fails_the_host_unmoved),
		T(test_a_refusal_for_the_source_read_down_is_sent_once_more),
		T(test_other_migration_errors_are_not_sent_again),
		T(test_a_failed_compute_stops_its_batch_and_stays_disabled),
		T(test_the_rollout_ends_with_every_compute_enabled),
		T(test_uncap_comments_the_option_out_after_a_backup),
		T(test_the_planner_puts_each_instance_where_it_fits),
		T(test_the_planner_refuses_naming_the_instance_that_fits_nowhere),
		T(test_the_planner_counts_what_it_already_placed),
		T(test_stop_starts_nothing_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
