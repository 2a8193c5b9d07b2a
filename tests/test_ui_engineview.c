/* Tests for what the engine's events become on the screens
 * (ui/engineview.h), with events as the engine sends them over the
 * built-in runbook on the sample inventory: states into the model,
 * commands, output and outcomes into each host's log with the unit
 * named first, a rolling step's batch and action into the rollout, a
 * review's listing into the findings, the engine's notes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engineview.h"
#include "inventory.h"
#include "plan.h"
#include "runbook.h"

struct fixture {
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct engineview v;
	time_t now;
};

static time_t
fixture_clock(void *arg)
{
	return ((struct fixture *)arg)->now;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	const char *names[16];
	struct ou_error err;

	if (runbook_load_file(OU_SRCDIR "/runbooks/icehouse-juno-scenario4.yaml",
			      &f->rb, &err) < 0 ||
	    inventory_load_file(OU_SRCDIR "/samples/inventory.yaml", &f->inv,
				&err) < 0 ||
	    plan_build(f->rb, f->inv, &f->plan, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t h = 0; h < f->inv->n_hosts; h++)
		names[h] = f->inv->hosts[h].name;
	f->now = 1000;
	f->v = (struct engineview){
		.plan = f->plan,
		.model = ui_model_new(f->plan, fixture_clock, f),
		.output = outlog_new(names, f->inv->n_hosts, 100),
		.rollout = rollstate_new(f->plan),
		.findings = findings_new(),
		.clock = fixture_clock, .clock_arg = f,
	};
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	findings_free(f->v.findings);
	rollstate_free(f->v.rollout);
	outlog_free(f->v.output);
	ui_model_free(f->v.model);
	plan_free(f->plan);
	inventory_free(f->inv);
	runbook_free(f->rb);
	free(f);
	return 0;
}

static void
send(struct fixture *f, struct engine_event ev)
{
	engineview_event(&f->v, &ev);
}

static void
unit_start(struct fixture *f, const char *unit, const char *step,
	   const char *title)
{
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_UNIT_START,
				       .unit = unit, .step = step,
				       .text = title });
}

static void
state_of(struct fixture *f, const char *unit, const char *step,
	 const char *host, enum engine_state st)
{
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_STATE, .unit = unit,
				       .step = step, .host = host,
				       .state = st });
}

static const char *
log_line(struct fixture *f, const char *host, size_t line)
{
	size_t i = outlog_find(f->v.output, host);

	return outlog_line(f->v.output, i, line).text;
}

static size_t
log_lines(struct fixture *f, const char *host)
{
	return outlog_lines(f->v.output, outlog_find(f->v.output, host));
}

static void
test_a_state_event_moves_the_step_on_that_host(void **state)
{
	struct fixture *f = *state;

	unit_start(f, "keystone-stop#1", "keystone-stop", "Stop Keystone");
	state_of(f, "keystone-stop#1", "keystone-stop", "controller",
		 ENGINE_RUNNING);
	assert_int_equal(ui_model_cell_state(f->v.model, "keystone-stop",
					     "controller"), UI_STATE_RUNNING);
	assert_true(f->v.changes & ENGINEVIEW_STATES);
	state_of(f, "keystone-stop#1", "keystone-stop", "controller",
		 ENGINE_DONE);
	assert_int_equal(ui_model_cell_state(f->v.model, "keystone-stop",
					     "controller"), UI_STATE_DONE);
}

static void
test_every_engine_state_has_the_models_of_the_same_name(void **state)
{
	for (int s = ENGINE_PENDING; s <= ENGINE_UNKNOWN; s++)
		assert_string_equal(ui_state_name(engineview_state(s)),
				    engine_state_name(s));
}

static void
test_a_hosts_log_names_the_unit_then_the_command_its_output_and_end(void **state)
{
	struct fixture *f = *state;
	const char *out = "Stopping openstack-keystone: [  OK  ]\n";

	unit_start(f, "keystone-stop#1", "keystone-stop", "Stop Keystone");
	state_of(f, "keystone-stop#1", "keystone-stop", "controller",
		 ENGINE_RUNNING);
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_START,
				       .unit = "keystone-stop#1",
				       .step = "keystone-stop",
				       .host = "controller", .what = "run",
				       .shell = true,
				       .text = "openstack-service stop keystone" });
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_OUTPUT,
				       .host = "controller", .what = "run",
				       .text = out, .len = strlen(out) });
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_END,
				       .host = "controller", .what = "run",
				       .status = ENGINE_OP_OK, .exit_status = 0 });
	assert_int_equal(log_lines(f, "controller"), 4);
	assert_string_equal(log_line(f, "controller", 0),
			    "-- keystone-stop#1: Stop Keystone");
	assert_string_equal(log_line(f, "controller", 1),
			    "run $ openstack-service stop keystone");
	assert_string_equal(log_line(f, "controller", 2),
			    "Stopping openstack-keystone: [  OK  ]");
	assert_string_equal(log_line(f, "controller", 3), "run: exit 0");
	assert_true(f->v.changes & ENGINEVIEW_OUTPUT);
}

static void
test_the_hosts_of_the_unit_under_way_are_followed(void **state)
{
	struct fixture *f = *state;

	unit_start(f, "pre-hosts-reachable#1", "pre-hosts-reachable", "Check");
	state_of(f, "pre-hosts-reachable#1", "pre-hosts-reachable", "network",
		 ENGINE_RUNNING);
	state_of(f, "pre-hosts-reachable#1", "pre-hosts-reachable",
		 "compute1", ENGINE_CONFIRMED);
	state_of(f, "pre-hosts-reachable#1", "pre-hosts-reachable", "network",
		 ENGINE_DONE);
	assert_true(f->v.unit_running);
	assert_string_equal(f->v.unit, "pre-hosts-reachable#1");
	assert_int_equal(f->v.n_unit_hosts, 2);
	assert_string_equal(f->v.unit_hosts[0], "network");
	assert_string_equal(f->v.unit_hosts[1], "compute1");
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_UNIT_END });
	assert_false(f->v.unit_running);
}

static void
test_a_cell_of_another_step_moved_meanwhile_does_not_join_the_unit(void **state)
{
	struct fixture *f = *state;

	unit_start(f, "compute-disable#1", "compute-disable", "Disable");
	state_of(f, "compute-disable#1", "compute-migrate", "compute1",
		 ENGINE_RUNNING);
	assert_int_equal(f->v.n_unit_hosts, 0);
	assert_int_equal(log_lines(f, "compute1"), 0);
}

static void
test_a_failure_says_why_in_the_hosts_log(void **state)
{
	struct fixture *f = *state;

	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_END,
				       .host = "compute2", .what = "run",
				       .status = ENGINE_OP_UNKNOWN,
				       .exit_status = -1,
				       .text = "the link died\nmore" });
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_STATE,
				       .step = "compute-upgrade",
				       .host = "compute2",
				       .state = ENGINE_UNKNOWN,
				       .text = "the outcome is unknown\nrest" });
	assert_string_equal(log_line(f, "compute2", 0),
			    "run: outcome unknown: the link died");
	assert_string_equal(log_line(f, "compute2", 1),
			    "compute-upgrade: unknown: the outcome is unknown");
}

static void
test_an_api_call_of_no_host_goes_to_novas_log(void **state)
{
	struct fixture *f = *state;

	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_START,
				       .what = "gate",
				       .text = "nova: no stale nova-compute record" });
	assert_string_equal(log_line(f, NULL, 0),
			    "gate > nova: no stale nova-compute record");
}

static void
test_a_rolling_step_gives_the_compute_its_batch_and_action(void **state)
{
	struct fixture *f = *state;
	size_t phase = rollstate_phase(f->v.rollout, f->v.model);
	struct rollout_row row;

	unit_start(f, "compute-stop#2", "compute-stop", "Stop Nova");
	state_of(f, "compute-stop#2", "compute-stop", "compute2",
		 ENGINE_RUNNING);
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_PROGRESS,
				       .step = "compute-stop",
				       .host = "compute2",
				       .text = "nova-compute is up, waiting" });
	row = rollstate_row(f->v.rollout, f->v.model, phase, 1, f->now);
	assert_string_equal(row.host, "compute2");
	assert_int_equal(row.batch, 2);
	assert_string_equal(row.action, "nova-compute is up, waiting");
}

static void
test_a_reviews_listing_becomes_findings(void **state)
{
	struct fixture *f = *state;
	const char *listing = "/etc/nova/nova.conf.rpmnew\n";

	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_START,
				       .step = "compute-review",
				       .host = "compute1", .what = "review",
				       .shell = true, .text = "rpm -qa ..." });
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_OUTPUT,
				       .step = "compute-review",
				       .host = "compute1", .what = "review",
				       .text = listing, .len = strlen(listing) });
	send(f, (struct engine_event){ .kind = ENGINE_EVENT_ACTION_END,
				       .step = "compute-review",
				       .host = "compute1", .what = "review",
				       .status = ENGINE_OP_OK, .exit_status = 0 });
	assert_int_equal(findings_count(f->v.findings), 1);
	assert_string_equal(findings_at(f->v.findings, 0).path,
			    "/etc/nova/nova.conf.rpmnew");
}

static void
test_a_note_is_kept_for_the_bottom_line(void **state)
{
	struct fixture *f = *state;

	send(f, (struct engine_event){ .kind = ENGINE_EVENT_NOTE,
				       .text = "the journal cannot be written" });
	assert_true(f->v.changes & ENGINEVIEW_NOTE);
	assert_string_equal(f->v.note, "the journal cannot be written");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_state_event_moves_the_step_on_that_host),
		T(test_every_engine_state_has_the_models_of_the_same_name),
		T(test_a_hosts_log_names_the_unit_then_the_command_its_output_and_end),
		T(test_the_hosts_of_the_unit_under_way_are_followed),
		T(test_a_cell_of_another_step_moved_meanwhile_does_not_join_the_unit),
		T(test_a_failure_says_why_in_the_hosts_log),
		T(test_an_api_call_of_no_host_goes_to_novas_log),
		T(test_a_rolling_step_gives_the_compute_its_batch_and_action),
		T(test_a_reviews_listing_becomes_findings),
		T(test_a_note_is_kept_for_the_bottom_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
