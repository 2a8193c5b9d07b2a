/* Tests for the wizard's model of where the plan stands (ui/model.h):
 * how a unit's state follows its hosts', which unit is current, the
 * elapsed times and a phase's progress.  The plan is the built-in
 * runbook on the sample inventory: unit 0 is step 1.1 on all five
 * hosts, unit 1 is step 1.2 on the controller alone. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "inventory.h"
#include "model.h"
#include "plan.h"
#include "runbook.h"

struct fixture {
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct ui_model *model;
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
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ui_model_free(f->model);
	plan_free(f->plan);
	inventory_free(f->inv);
	runbook_free(f->rb);
	free(f);
	return 0;
}

static void
test_every_unit_starts_pending_and_the_first_is_current(void **state)
{
	struct fixture *f = *state;

	for (size_t u = 0; u < f->plan->n_units; u++)
		assert_int_equal(ui_model_unit_state(f->model, u),
				 UI_STATE_PENDING);
	assert_int_equal(ui_model_current(f->model), 0);
	assert_false(ui_model_busy(f->model));
}

static void
test_a_unit_runs_while_any_of_its_hosts_runs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(ui_model_set_state(f->model, 0, "compute2",
					    UI_STATE_RUNNING), 0);
	assert_int_equal(ui_model_unit_state(f->model, 0), UI_STATE_RUNNING);
	assert_int_equal(ui_model_host_state(f->model, 0, 3), UI_STATE_RUNNING);
	assert_int_equal(ui_model_host_state(f->model, 0, 0), UI_STATE_PENDING);
	assert_true(ui_model_busy(f->model));
}

static void
test_a_unit_is_done_only_when_every_host_is(void **state)
{
	struct fixture *f = *state;
	const char *hosts[] = { "controller", "network", "compute1", "compute2" };

	for (size_t i = 0; i < 4; i++)
		ui_model_set_state(f->model, 0, hosts[i], UI_STATE_DONE);
	assert_int_equal(ui_model_unit_state(f->model, 0), UI_STATE_CONFIRMED);
	ui_model_set_state(f->model, 0, "compute3", UI_STATE_SKIPPED);
	assert_int_equal(ui_model_unit_state(f->model, 0), UI_STATE_DONE);
}

static void
test_one_failed_host_fails_the_unit(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 0, NULL, UI_STATE_DONE);
	ui_model_set_state(f->model, 0, "network", UI_STATE_FAILED);
	assert_int_equal(ui_model_unit_state(f->model, 0), UI_STATE_FAILED);
}

static void
test_an_unknown_host_outranks_a_running_one(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 0, "controller", UI_STATE_RUNNING);
	ui_model_set_state(f->model, 0, "network", UI_STATE_UNKNOWN);
	assert_int_equal(ui_model_unit_state(f->model, 0), UI_STATE_UNKNOWN);
}

static void
test_a_unit_skipped_on_every_host_is_skipped(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 1, NULL, UI_STATE_SKIPPED);
	assert_int_equal(ui_model_unit_state(f->model, 1), UI_STATE_SKIPPED);
}

static void
test_the_current_unit_is_the_first_not_finished(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 0, NULL, UI_STATE_DONE);
	ui_model_set_state(f->model, 1, NULL, UI_STATE_SKIPPED);
	ui_model_set_state(f->model, 3, NULL, UI_STATE_DONE);
	assert_int_equal(ui_model_current(f->model), 2);
}

static void
test_the_current_unit_follows_units_finished_out_of_order_and_reopened(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 1, NULL, UI_STATE_DONE);
	assert_int_equal(ui_model_current(f->model), 0);
	ui_model_set_state(f->model, 0, NULL, UI_STATE_DONE);
	assert_int_equal(ui_model_current(f->model), 2);
	/* A retried unit is current again, before the one after it. */
	ui_model_set_state(f->model, 1, NULL, UI_STATE_RUNNING);
	assert_int_equal(ui_model_current(f->model), 1);
	ui_model_set_state(f->model, 1, NULL, UI_STATE_FAILED);
	assert_int_equal(ui_model_current(f->model), 1);
}

static void
test_a_host_the_unit_does_not_run_on_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(ui_model_set_state(f->model, 1, "compute1",
					    UI_STATE_DONE), -1);
	assert_int_equal(ui_model_set_state(f->model, f->plan->n_units, NULL,
					    UI_STATE_DONE), -1);
	assert_int_equal(ui_model_unit_state(f->model, 1), UI_STATE_PENDING);
}

static void
test_elapsed_is_unknown_until_the_unit_runs(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 1, NULL, UI_STATE_CONFIRMED);
	assert_int_equal(ui_model_elapsed(f->model, 1), -1);
}

static void
test_elapsed_grows_while_running_and_stops_when_finished(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 1, NULL, UI_STATE_RUNNING);
	f->now += 7;
	assert_int_equal(ui_model_elapsed(f->model, 1), 7);
	ui_model_set_state(f->model, 1, NULL, UI_STATE_DONE);
	f->now += 100;
	assert_int_equal(ui_model_elapsed(f->model, 1), 7);
}

static void
test_a_retry_times_the_new_run_from_its_start(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 1, NULL, UI_STATE_RUNNING);
	f->now += 5;
	ui_model_set_state(f->model, 1, NULL, UI_STATE_FAILED);
	f->now += 60;
	ui_model_set_state(f->model, 1, NULL, UI_STATE_RUNNING);
	f->now += 2;
	assert_int_equal(ui_model_elapsed(f->model, 1), 2);
}

static void
test_phase_progress_counts_finished_units_of_that_phase(void **state)
{
	struct fixture *f = *state;
	size_t finished, total;

	ui_model_set_state(f->model, 0, NULL, UI_STATE_DONE);
	ui_model_set_state(f->model, 1, NULL, UI_STATE_SKIPPED);
	ui_model_set_state(f->model, 2, NULL, UI_STATE_RUNNING);
	ui_model_phase_progress(f->model, 0, &finished, &total);
	assert_int_equal(finished, 2);
	assert_int_equal(total, 7);
}

static void
test_the_session_elapsed_counts_from_the_model_made(void **state)
{
	struct fixture *f = *state;

	f->now += 42;
	assert_int_equal(ui_model_session_elapsed(f->model), 42);
}

static void
test_a_step_on_a_host_is_found_in_its_one_unit(void **state)
{
	struct fixture *f = *state;
	size_t unit, target;

	assert_int_equal(ui_model_locate(f->model, "pre-database-running",
					 "controller", &unit, &target), 0);
	assert_int_equal(unit, 1);
	assert_int_equal(target, 0);
	assert_int_equal(ui_model_locate(f->model, "pre-database-running",
					 "compute1", &unit, &target), -1);
	assert_int_equal(ui_model_locate(f->model, "no-such-step",
					 "controller", &unit, &target), -1);
}

static void
test_a_cells_state_is_its_hosts_in_its_unit(void **state)
{
	struct fixture *f = *state;

	ui_model_set_state(f->model, 0, "compute2", UI_STATE_FAILED);
	assert_int_equal(ui_model_cell_state(f->model, "pre-hosts-reachable",
					     "compute2"), UI_STATE_FAILED);
	assert_int_equal(ui_model_cell_state(f->model, "pre-hosts-reachable",
					     "compute1"), UI_STATE_PENDING);
}

/* The first unit of step on host, in the plan's order, by a walk. */
static int
walk_locate(const struct plan *plan, const struct rb_step *step,
	    const struct inv_host *host, size_t *unit, size_t *target)
{
	for (size_t u = 0; u < plan->n_units; u++)
		for (size_t t = 0; t < plan->units[u].n_targets; t++)
			if (plan->units[u].step == step &&
			    plan->units[u].targets[t].host == host) {
				*unit = u;
				*target = t;
				return 0;
			}
	return -1;
}

/* Every step of the runbook on every host: found where a walk through
 * the plan finds it, and not found where the plan does not have it
 * (a host between two the step runs on, one after the last). */
static void
test_every_step_on_every_host_is_found_where_the_plan_has_it(void **state)
{
	struct fixture *f = *state;
	const struct runbook *rb = f->plan->runbook;

	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++)
			for (size_t h = 0; h < f->inv->n_hosts; h++) {
				const struct rb_step *step =
					&rb->phases[p].steps[s];
				const struct inv_host *host = &f->inv->hosts[h];
				size_t wu = 0, wt = 0, mu = 0, mt = 0;
				int want = walk_locate(f->plan, step, host, &wu,
						       &wt);

				assert_int_equal(ui_model_locate(f->model,
								 step->id,
								 host->name,
								 &mu, &mt),
						 want);
				assert_int_equal(mu, wu);
				assert_int_equal(mt, wt);
			}
}

static void
test_a_host_not_in_the_inventory_is_found_nowhere(void **state)
{
	struct fixture *f = *state;
	size_t unit, target;

	assert_int_equal(ui_model_locate(f->model, "pre-hosts-reachable",
					 "compute9", &unit, &target), -1);
}

/* Each phase's units are the plan's units of that phase, in a run. */
static void
test_a_phases_units_are_its_run_of_the_plans_units(void **state)
{
	struct fixture *f = *state;
	size_t n_phases = f->plan->runbook->n_phases;
	size_t next = 0;

	for (size_t p = 0; p < n_phases; p++) {
		size_t first, n;

		ui_model_phase_units(f->model, p, &first, &n);
		assert_int_equal(first, next);
		assert_true(n > 0);
		for (size_t u = first; u < first + n; u++)
			assert_int_equal(f->plan->units[u].phase_index, p);
		next = first + n;
	}
	assert_int_equal(next, f->plan->n_units);
}

static void
test_a_phase_beyond_the_runbooks_has_no_units(void **state)
{
	struct fixture *f = *state;
	size_t first, n;

	ui_model_phase_units(f->model, f->plan->runbook->n_phases, &first, &n);
	assert_int_equal(n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_unit_starts_pending_and_the_first_is_current),
		T(test_a_unit_runs_while_any_of_its_hosts_runs),
		T(test_a_unit_is_done_only_when_every_host_is),
		T(test_one_failed_host_fails_the_unit),
		T(test_an_unknown_host_outranks_a_running_one),
		T(test_a_unit_skipped_on_every_host_is_skipped),
		T(test_the_current_unit_is_the_first_not_finished),
		T(test_the_current_unit_follows_units_finished_out_of_order_and_reopened),
		T(test_a_host_the_unit_does_not_run_on_is_refused),
		T(test_elapsed_is_unknown_until_the_unit_runs),
		T(test_elapsed_grows_while_running_and_stops_when_finished),
		T(test_a_retry_times_the_new_run_from_its_start),
		T(test_phase_progress_counts_finished_units_of_that_phase),
		T(test_a_phases_units_are_its_run_of_the_plans_units),
		T(test_a_phase_beyond_the_runbooks_has_no_units),
		T(test_every_step_on_every_host_is_found_where_the_plan_has_it),
		T(test_a_host_not_in_the_inventory_is_found_nowhere),
		T(test_the_session_elapsed_counts_from_the_model_made),
		T(test_a_step_on_a_host_is_found_in_its_one_unit),
		T(test_a_cells_state_is_its_hosts_in_its_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
