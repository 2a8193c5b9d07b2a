/* Tests for the rollout's rows (ui/rollstate.h) over the built-in
 * runbook on the sample inventory, whose rolling phase takes compute1,
 * compute2 and compute3 through ten steps: how far each compute is,
 * the step it is at, its batch and action as the engine reports them,
 * the totals, the next batch, instances by Nova's name, and times. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"
#include "model.h"
#include "plan.h"
#include "rollstate.h"
#include "runbook.h"

struct fixture {
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct ui_model *model;
	struct rollstate *roll;
	size_t phase;
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
	struct ou_error err;

	if (runbook_load_file(OU_SRCDIR "/runbooks/icehouse-juno-scenario4.yaml",
			      &f->rb, &err) < 0 ||
	    inventory_load_file(OU_SRCDIR "/samples/inventory.yaml", &f->inv,
				&err) < 0 ||
	    plan_build(f->rb, f->inv, &f->plan, &err) < 0)
		fail_msg("%s", err.msg);
	f->now = 1000;
	f->model = ui_model_new(f->plan, fixture_clock, f);
	f->roll = rollstate_new(f->plan);
	f->phase = rollstate_phase(f->roll, f->model);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rollstate_free(f->roll);
	ui_model_free(f->model);
	plan_free(f->plan);
	inventory_free(f->inv);
	runbook_free(f->rb);
	free(f);
	return 0;
}

static void
set(struct fixture *f, const char *step, const char *host, enum ui_state st)
{
	size_t unit, target;

	assert_int_equal(ui_model_locate(f->model, step, host, &unit, &target),
			 0);
	ui_model_set_state(f->model, unit, host, st);
	rollstate_note_state(f->roll, f->model, step, host, f->now);
}

/* Every step of the rolling phase done on host, up to (not with) last. */
static void
done_until(struct fixture *f, const char *host, const char *last)
{
	const struct rb_phase *p = &f->rb->phases[f->phase];

	for (size_t s = 0; s < p->n_steps && strcmp(p->steps[s].id, last) != 0;
	     s++)
		set(f, p->steps[s].id, host, UI_STATE_DONE);
}

static struct rollout_row
row(struct fixture *f, size_t i)
{
	return rollstate_row(f->roll, f->model, f->phase, i, f->now);
}

static void
test_the_phase_shown_is_the_compute_rollout_with_its_computes(void **state)
{
	struct fixture *f = *state;

	assert_true(rollstate_any(f->roll));
	assert_string_equal(f->rb->phases[f->phase].id, "compute-rollout");
	assert_int_equal(rollstate_host_count(f->roll, f->phase), 3);
	assert_string_equal(row(f, 0).host, "compute1");
	assert_string_equal(row(f, 2).host, "compute3");
}

static void
test_steps_are_named_without_the_prefix_they_share(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rollstate_step_count(f->roll, f->phase), 10);
	assert_string_equal(rollstate_step_label(f->roll, f->phase, 0),
			    "disable");
	assert_string_equal(rollstate_step_label(f->roll, f->phase, 3),
			    "wait-down");
	assert_string_equal(rollstate_step_label(f->roll, f->phase, 9),
			    "enable");
}

static void
test_a_row_is_at_the_first_step_not_finished_in_its_state(void **state)
{
	struct fixture *f = *state;
	struct rollout_row r;

	done_until(f, "compute2", "compute-upgrade");
	set(f, "compute-upgrade", "compute2", UI_STATE_RUNNING);
	r = row(f, 1);
	assert_int_equal(r.finished, 4);
	assert_int_equal(r.steps, 10);
	assert_string_equal(rollstate_step_label(f->roll, f->phase, r.at),
			    "upgrade");
	assert_int_equal(r.state, UI_STATE_RUNNING);
	assert_int_equal(r.step_state[3], UI_STATE_DONE);
	assert_int_equal(r.step_state[4], UI_STATE_RUNNING);
	assert_int_equal(r.step_state[5], UI_STATE_PENDING);
}

static void
test_the_batch_is_the_number_in_the_units_key(void **state)
{
	struct fixture *f = *state;

	rollstate_note_unit(f->roll, "compute-disable", "compute3",
			    "compute-disable#2", f->now);
	assert_int_equal(row(f, 2).batch, 2);
	assert_int_equal(row(f, 0).batch, 0);
}

static void
test_what_a_compute_does_is_its_last_action_until_the_step_ends(void **state)
{
	struct fixture *f = *state;

	set(f, "compute-upgrade", "compute1", UI_STATE_RUNNING);
	rollstate_note_action(f->roll, "compute-upgrade", "compute1",
			      "yum -d1 -y upgrade '*nova*'\nsecond line");
	assert_string_equal(row(f, 0).action, "yum -d1 -y upgrade '*nova*'");
	set(f, "compute-upgrade", "compute1", UI_STATE_DONE);
	assert_string_equal(row(f, 0).action, "");
}

static void
test_an_action_of_another_phase_is_not_the_rollouts(void **state)
{
	struct fixture *f = *state;

	rollstate_note_action(f->roll, "post-uncap-compute", "compute1",
			      "openstack-config --del ...");
	assert_string_equal(row(f, 0).action, "");
}

static void
test_totals_count_finished_under_way_and_to_go(void **state)
{
	struct fixture *f = *state;
	struct rollout_totals t;

	done_until(f, "compute1", "no such step");
	set(f, "compute-disable", "compute2", UI_STATE_RUNNING);
	t = rollstate_totals(f->roll, f->model, f->phase);
	assert_int_equal(t.hosts, 3);
	assert_int_equal(t.finished, 1);
	assert_int_equal(t.under_way, 1);
	assert_int_equal(t.to_go, 1);
	assert_int_equal(t.instances, -1);
}

static void
test_the_next_batch_is_the_computes_not_started_in_order(void **state)
{
	struct fixture *f = *state;
	char buf[64] = "";

	set(f, "compute-disable", "compute1", UI_STATE_DONE);
	rollstate_next_batch(f->roll, f->model, f->phase, 5, buf, sizeof buf);
	assert_string_equal(buf, "compute2 compute3");
	buf[0] = '\0';
	rollstate_next_batch(f->roll, f->model, f->phase, 1, buf, sizeof buf);
	assert_string_equal(buf, "compute2");
}

static void
test_instances_are_matched_by_novas_name_and_summed(void **state)
{
	struct fixture *f = *state;

	rollstate_note_instances(f->roll, "compute1", 3);
	rollstate_note_instances(f->roll, "compute3", 2);
	rollstate_note_instances(f->roll, "not-a-compute", 9);
	assert_int_equal(row(f, 0).instances, 3);
	assert_int_equal(row(f, 1).instances, -1);
	assert_int_equal(rollstate_totals(f->roll, f->model, f->phase).instances,
			 5);
}

static void
test_time_runs_from_the_first_step_until_the_last_finishes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(row(f, 0).elapsed, -1);
	rollstate_note_unit(f->roll, "compute-disable", "compute1",
			    "compute-disable#1", f->now);
	f->now += 40;
	assert_int_equal(row(f, 0).elapsed, 40);
	done_until(f, "compute1", "no such step");
	f->now += 100;
	assert_int_equal(row(f, 0).elapsed, 40);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_the_phase_shown_is_the_compute_rollout_with_its_computes),
		T(test_steps_are_named_without_the_prefix_they_share),
		T(test_a_row_is_at_the_first_step_not_finished_in_its_state),
		T(test_the_batch_is_the_number_in_the_units_key),
		T(test_what_a_compute_does_is_its_last_action_until_the_step_ends),
		T(test_an_action_of_another_phase_is_not_the_rollouts),
		T(test_totals_count_finished_under_way_and_to_go),
		T(test_the_next_batch_is_the_computes_not_started_in_order),
		T(test_instances_are_matched_by_novas_name_and_summed),
		T(test_time_runs_from_the_first_step_until_the_last_finishes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
