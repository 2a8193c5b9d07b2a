/* Tests for runbook: what a valid runbook loads into, and every rule of
 * runbooks/README.md, each with the file:line:column its message names. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runbook.h"
#include "sha256.h"

#define DATA OU_TEST_DATA "/runbook/"

/* The first nine lines of the runbooks below. */
#define PRELUDE \
	"runbook: test\n"			/* 1 */ \
	"title: Test runbook\n"			/* 2 */ \
	"roles:\n"				/* 3 */ \
	"  keystone: Keystone\n"		/* 4 */ \
	"  nova-api: Nova API\n"		/* 5 */ \
	"  nova-compute: Nova compute\n"	/* 6 */ \
	"vars:\n"				/* 7 */ \
	"  reason: upgrade\n"			/* 8 */ \
	"phases:\n"				/* 9 */

/* An ordinary phase whose steps start at line 13; in each step "-" is at
 * column 3, its keys at column 5 and the id itself at column 9. */
#define PHASE \
	PRELUDE \
	"- id: p1\n"				/* 10 */ \
	"  title: Phase one\n"			/* 11 */ \
	"  steps:\n"				/* 12 */

/* A rolling phase over nova-compute whose steps start at line 16. */
#define ROLLING_PHASE \
	PRELUDE \
	"- id: rollout\n"			/* 10 */ \
	"  title: Roll out\n"			/* 11 */ \
	"  rolling:\n"				/* 12 */ \
	"    hosts: nova-compute\n"		/* 13 */ \
	"    batch: 2\n"			/* 14 */ \
	"  steps:\n"				/* 15 */

/* The three lines every step starts with. */
#define STEP(id) \
	"  - id: " id "\n" \
	"    title: A step\n" \
	"    why: Because.\n"

/* A whole step on keystone hosts: five lines. */
#define RUN_STEP(id) STEP(id) "    hosts: keystone\n    run: 'true'\n"

static struct runbook *
load_ok(const char *yaml)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };

	if (runbook_load_buffer("rb.yaml", yaml, strlen(yaml), &rb, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	assert_non_null(rb);
	return rb;
}

/* The load fails, and the message starts "where: " and holds phrase. */
static void
assert_load_fails(const char *yaml, const char *where, const char *phrase)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	size_t n = strlen(where);

	assert_int_equal(runbook_load_buffer("rb.yaml", yaml, strlen(yaml),
					     &rb, &err), -1);
	assert_null(rb);
	if (strncmp(err.msg, where, n) != 0 || strncmp(err.msg + n, ": ", 2))
		fail_msg("expected a message at %s, got: %s", where, err.msg);
	if (strstr(err.msg, phrase) == NULL)
		fail_msg("expected '%s' in: %s", phrase, err.msg);
}

static const struct rb_step *
first_step(const struct runbook *rb)
{
	return &rb->phases[0].steps[0];
}

/* ---- what a valid runbook loads into ----------------------------- */

static void
test_minimal_runbook_loads_with_its_structure(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	const struct rb_step *step;

	assert_int_equal(runbook_load_file(DATA "minimal.yaml", &rb, &err), 0);
	assert_string_equal(rb->path, DATA "minimal.yaml");
	assert_string_equal(rb->id, "minimal");
	assert_string_equal(rb->title, "Minimal runbook");
	assert_int_equal(rb->n_roles, 1);
	assert_string_equal(rb->roles[0].name, "keystone");
	assert_string_equal(rb->roles[0].description,
			    "Keystone identity service");
	assert_int_equal(rb->n_vars, 0);
	assert_int_equal(rb->n_phases, 1);
	assert_string_equal(rb->phases[0].id, "keystone");
	assert_string_equal(rb->phases[0].title, "Upgrade Keystone");
	assert_null(rb->phases[0].why);
	assert_false(rb->phases[0].rolling);
	assert_int_equal(rb->phases[0].line, 7);
	assert_int_equal(rb->phases[0].n_steps, 1);
	step = first_step(rb);
	assert_string_equal(step->id, "keystone-stop");
	assert_string_equal(step->title, "Stop Keystone");
	assert_int_equal(step->line, 10);
	assert_int_equal(step->column, 9);
	runbook_free(rb);
}

static void
test_step_defaults_are_all_hosts_exit_zero_and_no_checks(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1"));
	const struct rb_step *step = first_step(rb);

	assert_int_equal(step->hosts.kind, RB_SELECT_ROLES);
	assert_int_equal(step->hosts.n_roles, 1);
	assert_string_equal(step->hosts.roles[0], "keystone");
	assert_int_equal(step->batch.size, 0);
	assert_int_equal(step->action.kind, RB_ACTION_RUN);
	assert_string_equal(step->action.command, "true");
	assert_int_equal(step->action.line, 17);
	assert_int_equal(step->action.column, 5);
	assert_null(step->probe);
	assert_int_equal(step->n_ok_exit, 1);
	assert_int_equal(step->ok_exit[0], 0);
	assert_int_equal(step->n_before, 0);
	assert_int_equal(step->n_after, 0);
	assert_false(step->skip_if_no_host);
	runbook_free(rb);
}

static void
test_full_fixture_loads_every_selector(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	const struct rb_phase *phase;

	if (runbook_load_file(DATA "full.yaml", &rb, &err) < 0)
		fail_msg("%s", err.msg);
	phase = &rb->phases[0];
	assert_int_equal(phase->steps[0].hosts.kind, RB_SELECT_ALL);
	assert_int_equal(phase->steps[1].hosts.kind, RB_SELECT_ROLES);
	assert_int_equal(phase->steps[1].hosts.n_roles, 2);
	assert_string_equal(phase->steps[1].hosts.roles[1], "keystone");
	assert_int_equal(phase->steps[2].hosts.kind, RB_SELECT_ONCE_ON);
	assert_string_equal(phase->steps[2].hosts.roles[0], "nova-api");
	assert_int_equal(phase->steps[3].hosts.kind, RB_SELECT_WITHOUT);
	assert_string_equal(phase->steps[3].hosts.roles[0], "nova");
	assert_int_equal(rb->phases[1].steps[0].hosts.kind, RB_SELECT_BATCH);
	runbook_free(rb);
}

static void
test_full_fixture_loads_every_action_kind_in_order(void **state)
{
	static const enum rb_action_kind want[] = {
		RB_ACTION_RUN, RB_ACTION_INI_SET, RB_ACTION_INI_SET,
		RB_ACTION_INI_COMMENT, RB_ACTION_REVIEW_RPMNEW,
		RB_ACTION_NOVA_DISABLE, RB_ACTION_MIGRATE, RB_ACTION_RUN,
		RB_ACTION_WAIT_SERVICE, RB_ACTION_NOVA_ENABLE, RB_ACTION_CHECK,
	};
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	size_t k = 0;

	if (runbook_load_file(DATA "full.yaml", &rb, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++) {
			assert_true(k < sizeof want / sizeof *want);
			assert_int_equal(rb->phases[p].steps[s].action.kind,
					 want[k++]);
		}
	assert_int_equal(k, sizeof want / sizeof *want);
	runbook_free(rb);
}

static void
test_full_fixture_keeps_templates_unexpanded(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	const struct rb_step *disable;

	if (runbook_load_file(DATA "full.yaml", &rb, &err) < 0)
		fail_msg("%s", err.msg);
	disable = runbook_find_step(rb, "compute-disable", NULL);
	assert_string_equal(disable->action.binary, "nova-compute");
	assert_string_equal(disable->action.reason,
			    "{{reason}} on {{ nova_host }}");
	assert_string_equal(runbook_find_step(rb, "stop-all", NULL)->probe,
			    "! openstack-service status");
	runbook_free(rb);
}

static void
test_full_fixture_loads_checks_exit_statuses_and_when_no_host(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	const struct rb_step *step;

	if (runbook_load_file(DATA "full.yaml", &rb, &err) < 0)
		fail_msg("%s", err.msg);
	step = runbook_find_step(rb, "stop-all", NULL);
	assert_int_equal(step->n_ok_exit, 2);
	assert_int_equal(step->ok_exit[1], 3);
	assert_true(step->skip_if_no_host);
	assert_int_equal(step->n_before, 1);
	assert_int_equal(step->before[0].kind, RB_ACTION_CHECK);
	assert_string_equal(step->before[0].command, "rpm -q openstack-utils");
	assert_int_equal(step->n_after, 2);
	assert_int_equal(step->after[1].kind, RB_ACTION_NOVA_SERVICE);
	assert_string_equal(step->after[1].binary, "nova-scheduler");
	assert_int_equal(step->after[1].state, RB_STATE_DOWN);
	assert_int_equal(step->after[1].status, RB_STATUS_ANY);
	assert_int_equal(step->after[1].line, 30);
	runbook_free(rb);
}

static void
test_digest_is_the_sha256_of_the_source_bytes(void **state)
{
	const char *yaml = PHASE RUN_STEP("s1");
	struct runbook *rb = load_ok(yaml);
	char want[65];

	sha256_hex(yaml, strlen(yaml), want);
	assert_string_equal(rb->digest, want);
	runbook_free(rb);
}

static void
test_a_comment_changes_the_digest(void **state)
{
	struct runbook *a = load_ok(PHASE RUN_STEP("s1"));
	struct runbook *b = load_ok(PHASE RUN_STEP("s1") "# note\n");

	assert_string_not_equal(a->digest, b->digest);
	runbook_free(a);
	runbook_free(b);
}

static void
test_vars_keep_their_declared_defaults(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1"));

	assert_int_equal(rb->n_vars, 1);
	assert_string_equal(runbook_var(rb, "reason"), "upgrade");
	assert_null(runbook_var(rb, "cap"));
	runbook_free(rb);
}

static void
test_has_role_knows_only_declared_roles(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1"));

	assert_true(runbook_has_role(rb, "nova-api"));
	assert_false(runbook_has_role(rb, "nova"));
	assert_false(runbook_has_role(rb, "all"));
	runbook_free(rb);
}

static void
test_find_step_returns_the_step_and_its_phase(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1") RUN_STEP("s2"));
	const struct rb_phase *phase = NULL;
	const struct rb_step *step = runbook_find_step(rb, "s2", &phase);

	assert_ptr_equal(step, &rb->phases[0].steps[1]);
	assert_ptr_equal(phase, &rb->phases[0]);
	runbook_free(rb);
}

static void
test_find_step_of_an_unknown_id_is_null(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1"));

	assert_null(runbook_find_step(rb, "s9", NULL));
	assert_null(runbook_find_step(rb, "p1", NULL));
	runbook_free(rb);
}

static void
test_action_kind_names_are_spelt_as_in_the_runbook(void **state)
{
	assert_string_equal(rb_action_kind_name(RB_ACTION_RUN), "run");
	assert_string_equal(rb_action_kind_name(RB_ACTION_CHECK), "check");
	assert_string_equal(rb_action_kind_name(RB_ACTION_NOVA_DISABLE),
			    "nova-service-disable");
	assert_string_equal(rb_action_kind_name(RB_ACTION_NOVA_ENABLE),
			    "nova-service-enable");
	assert_string_equal(rb_action_kind_name(RB_ACTION_WAIT_SERVICE),
			    "wait-service");
	assert_string_equal(rb_action_kind_name(RB_ACTION_NOVA_SERVICE),
			    "nova-service");
	assert_string_equal(rb_action_kind_name(RB_ACTION_INI_SET), "ini-set");
	assert_string_equal(rb_action_kind_name(RB_ACTION_INI_COMMENT),
			    "ini-comment");
	assert_string_equal(rb_action_kind_name(RB_ACTION_REVIEW_RPMNEW),
			    "review-rpmnew");
	assert_string_equal(rb_action_kind_name(RB_ACTION_MIGRATE),
			    "migrate-instances");
}

/* The whole of full.yaml is built before its last line fails, so every
 * kind of partly built runbook is freed (LeakSanitizer checks it). */
static void
test_error_late_in_a_large_runbook_frees_what_was_built(void **state)
{
	static const char tail[] = "        ok-exit: [0, 300]\n";
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };
	char buf[8192];
	FILE *f = fopen(DATA "full.yaml", "rb");
	size_t len;

	assert_non_null(f);
	len = fread(buf, 1, sizeof buf - sizeof tail, f);
	fclose(f);
	assert_true(len > 0 && len < sizeof buf - sizeof tail);
	memcpy(buf + len, tail, sizeof tail);
	assert_int_equal(runbook_load_buffer("full.yaml", buf, strlen(buf),
					     &rb, &err), -1);
	assert_null(rb);
	if (strstr(err.msg, "full.yaml:99:22: an exit status") != err.msg)
		fail_msg("%s", err.msg);
}

static void
test_free_of_null_does_nothing(void **state)
{
	runbook_free(NULL);
}

/* ---- files and documents ----------------------------------------- */

static void
test_missing_file_is_an_error_naming_the_path(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(runbook_load_file(DATA "no-such.yaml", &rb, &err),
			 -1);
	assert_null(rb);
	assert_string_equal(err.msg, DATA "no-such.yaml: "
			    "No such file or directory");
}

static void
test_yaml_syntax_error_names_the_file_line_and_column(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(runbook_load_file(DATA "bad-syntax.yaml", &rb, &err),
			 -1);
	assert_non_null(strstr(err.msg, "bad-syntax.yaml:4:"));
}

static void
test_error_from_a_file_names_the_file_and_both_duplicate_lines(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(runbook_load_file(DATA "bad-duplicate-id.yaml", &rb,
					   &err), -1);
	assert_string_equal(err.msg, DATA "bad-duplicate-id.yaml:14:13: id "
			    "'keystone-stop' is already used by the step at "
			    "line 9: ids must be unique among phases and "
			    "steps");
}

static void
test_unknown_variable_in_a_file_names_the_file_and_the_variable(void **state)
{
	struct runbook *rb = NULL;
	struct ou_error err = { .msg = "" };

	assert_int_equal(runbook_load_file(DATA "bad-unknown-variable.yaml",
					   &rb, &err), -1);
	assert_non_null(strstr(err.msg, "bad-unknown-variable.yaml:15:14: "
			       "unknown template variable {{reasn}}"));
}

static void
test_empty_document_is_an_error(void **state)
{
	assert_load_fails("# nothing\n", "rb.yaml:1:1", "the runbook is empty");
}

static void
test_top_level_must_be_a_mapping(void **state)
{
	assert_load_fails("- a\n- b\n", "rb.yaml:1:1",
			  "a runbook must be a mapping, not a list");
}

/* ---- unknown keys ------------------------------------------------ */

static void
test_unknown_top_level_key_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "variables: {}\n",
			  "rb.yaml:18:1", "unknown key 'variables'");
}

static void
test_unknown_phase_key_is_an_error(void **state)
{
	assert_load_fails(PRELUDE
			  "- id: p1\n"
			  "  title: Phase one\n"
			  "  rollling: {hosts: keystone}\n"
			  "  steps:\n"
			  RUN_STEP("s1"),
			  "rb.yaml:12:3", "unknown key 'rollling'");
}

static void
test_unknown_step_key_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    hots: keystone\n",
			  "rb.yaml:18:5", "unknown key 'hots'");
}

static void
test_unknown_key_in_an_action_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: keystone\n"
			  "    wait-service: {binary: nova-api, stat: up}\n",
			  "rb.yaml:17:38", "unknown key 'stat'");
}

static void
test_unknown_key_in_rolling_is_an_error(void **state)
{
	assert_load_fails(PRELUDE
			  "- id: p1\n"
			  "  title: Phase one\n"
			  "  rolling: {hosts: keystone, size: 1}\n"
			  "  steps:\n"
			  STEP("s1") "    run: 'true'\n",
			  "rb.yaml:12:30", "unknown key 'size'");
}

static void
test_unknown_key_in_a_check_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    after:\n"
			  "      - nova-service: {binary: b, state: up, "
			  "enabled: true}\n",
			  "rb.yaml:19:46", "unknown key 'enabled'");
}

/* ---- required keys ----------------------------------------------- */

static void
test_runbook_without_its_name_is_an_error(void **state)
{
	assert_load_fails("title: T\nroles: {}\nphases: []\n", "rb.yaml:1:1",
			  "the runbook has no 'runbook'");
}

static void
test_runbook_without_title_is_an_error(void **state)
{
	assert_load_fails("runbook: r\nroles: {}\nphases: []\n",
			  "rb.yaml:1:1", "the runbook has no 'title'");
}

static void
test_runbook_without_roles_is_an_error(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nphases: []\n", "rb.yaml:1:1",
			  "the runbook has no 'roles'");
}

static void
test_runbook_without_phases_is_an_error(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles: {}\n", "rb.yaml:1:1",
			  "the runbook has no 'phases'");
}

static void
test_runbook_with_no_phase_is_an_error(void **state)
{
	assert_load_fails(PRELUDE "  []\n", "rb.yaml:10:3",
			  "phases must be a list of one or more phases");
}

static void
test_phase_without_id_is_an_error(void **state)
{
	assert_load_fails(PRELUDE "- title: Phase one\n  steps: []\n",
			  "rb.yaml:10:3", "a phase has no 'id'");
}

static void
test_phase_without_title_is_an_error(void **state)
{
	assert_load_fails(PRELUDE "- id: p1\n  steps:\n" RUN_STEP("s1"),
			  "rb.yaml:10:3", "phase 'p1' has no 'title'");
}

static void
test_phase_without_steps_is_an_error(void **state)
{
	assert_load_fails(PRELUDE "- id: p1\n  title: Phase one\n",
			  "rb.yaml:10:3", "phase 'p1' has no 'steps'");
}

static void
test_phase_with_an_empty_step_list_is_an_error(void **state)
{
	assert_load_fails(PRELUDE "- id: p1\n  title: Phase one\n"
			  "  steps: []\n",
			  "rb.yaml:12:10", "steps must be a list of one or "
			  "more steps");
}

static void
test_step_without_id_is_an_error(void **state)
{
	assert_load_fails(PHASE "  - title: A step\n    why: Because.\n"
			  "    hosts: keystone\n    run: 'true'\n",
			  "rb.yaml:13:5", "a step has no 'id'");
}

static void
test_step_without_title_is_an_error(void **state)
{
	assert_load_fails(PHASE "  - id: s1\n    why: Because.\n"
			  "    hosts: keystone\n    run: 'true'\n",
			  "rb.yaml:13:5", "step 's1' has no 'title'");
}

static void
test_step_without_why_is_an_error(void **state)
{
	assert_load_fails(PHASE "  - id: s1\n    title: A step\n"
			  "    hosts: keystone\n    run: 'true'\n",
			  "rb.yaml:13:5", "step 's1' has no 'why'");
}

static void
test_step_with_an_empty_why_is_an_error(void **state)
{
	assert_load_fails(PHASE "  - id: s1\n    title: A step\n    why:\n"
			  "    hosts: keystone\n    run: 'true'\n",
			  "rb.yaml:15:9", "why must not be empty");
}

static void
test_step_without_an_action_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: keystone\n",
			  "rb.yaml:13:5", "step 's1' has no action (expected "
			  "exactly one of: run, check, nova-service-disable");
}

static void
test_step_with_two_actions_is_an_error_naming_both(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    check: 'true'\n",
			  "rb.yaml:18:5", "step 's1' has a second action "
			  "'check' after 'run' at line 17");
}

/* ---- ids --------------------------------------------------------- */

static void
test_step_id_with_a_capital_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("Stop"), "rb.yaml:13:9",
			  "id must be lowercase letters, digits and '-', "
			  "starting with a letter or digit, not 'Stop'");
}

static void
test_step_id_starting_with_a_dash_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("'-stop'"), "rb.yaml:13:9",
			  "id must be lowercase letters");
}

static void
test_runbook_name_must_be_an_id(void **state)
{
	assert_load_fails("runbook: My Runbook\n", "rb.yaml:1:10",
			  "runbook must be lowercase letters");
}

static void
test_duplicate_step_id_is_an_error_naming_both_lines(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") RUN_STEP("s1"),
			  "rb.yaml:18:9", "id 's1' is already used by the "
			  "step at line 13");
}

static void
test_step_id_equal_to_a_phase_id_is_an_error_naming_both_lines(void **state)
{
	assert_load_fails(PHASE RUN_STEP("p1"), "rb.yaml:13:9",
			  "id 'p1' is already used by the phase at line 10");
}

static void
test_duplicate_step_id_in_another_phase_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "- id: p2\n"
			  "  title: Phase two\n"
			  "  steps:\n"
			  RUN_STEP("s1"),
			  "rb.yaml:21:9", "id 's1' is already used by the "
			  "step at line 13");
}

static void
test_phase_id_equal_to_an_earlier_step_id_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "- id: s1\n"
			  "  title: Phase two\n"
			  "  steps:\n"
			  RUN_STEP("s2"),
			  "rb.yaml:18:7", "id 's1' is already used by the "
			  "step at line 13");
}

/* ---- roles and host selectors ------------------------------------ */

static void
test_role_named_all_is_an_error(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles:\n  all: Everything\n"
			  "phases: []\n",
			  "rb.yaml:4:3", "'all' cannot be a role");
}

static void
test_role_name_must_be_an_id(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles:\n  Nova_API: API\n"
			  "phases: []\n",
			  "rb.yaml:4:3", "a role name must be lowercase");
}

static void
test_roles_must_be_a_mapping(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles: [keystone]\n"
			  "phases: []\n",
			  "rb.yaml:3:8", "roles must be a mapping, not a list");
}

static void
test_selector_naming_an_undeclared_role_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: glance\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:12", "role 'glance' is not declared "
			  "under roles");
}

static void
test_selector_list_naming_an_undeclared_role_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: [keystone, glance]\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:23", "role 'glance' is not declared");
}

static void
test_selector_list_of_roles_selects_any_of_them(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1")
				     "    hosts: [keystone, nova-api]\n"
				     "    run: 'true'\n");

	assert_int_equal(first_step(rb)->hosts.kind, RB_SELECT_ROLES);
	assert_int_equal(first_step(rb)->hosts.n_roles, 2);
	assert_string_equal(first_step(rb)->hosts.roles[0], "keystone");
	assert_string_equal(first_step(rb)->hosts.roles[1], "nova-api");
	runbook_free(rb);
}

static void
test_empty_selector_list_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: []\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:12", "list of roles must not be empty");
}

static void
test_without_selects_a_role_family_by_prefix(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1")
				     "    hosts: {without: nova}\n"
				     "    run: 'true'\n");

	assert_int_equal(first_step(rb)->hosts.kind, RB_SELECT_WITHOUT);
	assert_int_equal(first_step(rb)->hosts.n_roles, 1);
	assert_string_equal(first_step(rb)->hosts.roles[0], "nova");
	runbook_free(rb);
}

static void
test_without_an_exact_declared_role_is_valid(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1")
				     "    hosts: {without: keystone}\n"
				     "    run: 'true'\n");

	assert_string_equal(first_step(rb)->hosts.roles[0], "keystone");
	runbook_free(rb);
}

static void
test_without_a_family_no_declared_role_has_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: {without: nov}\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:22", "no role declared under roles is "
			  "'nov' or starts with 'nov-'");
}

static void
test_once_on_selects_one_declared_role(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1")
				     "    hosts: {once-on: nova-api}\n"
				     "    run: 'true'\n");

	assert_int_equal(first_step(rb)->hosts.kind, RB_SELECT_ONCE_ON);
	assert_int_equal(first_step(rb)->hosts.n_roles, 1);
	assert_string_equal(first_step(rb)->hosts.roles[0], "nova-api");
	runbook_free(rb);
}

static void
test_once_on_an_undeclared_role_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: {once-on: nova}\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:22", "role 'nova' is not declared");
}

static void
test_selector_mapping_with_two_keys_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: {once-on: nova-api, without: nova}\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:12", "exactly one key, without or "
			  "once-on");
}

static void
test_selector_mapping_with_another_key_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1")
			  "    hosts: {only: nova-api}\n"
			  "    run: 'true'\n",
			  "rb.yaml:16:13", "unknown key 'only'");
}

static void
test_hosts_all_selects_every_host(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1")
				     "    hosts: all\n"
				     "    run: 'true'\n");

	assert_int_equal(first_step(rb)->hosts.kind, RB_SELECT_ALL);
	assert_int_equal(first_step(rb)->hosts.n_roles, 0);
	runbook_free(rb);
}

static void
test_ordinary_step_without_hosts_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    run: 'true'\n",
			  "rb.yaml:13:5", "step 's1' has no 'hosts'");
}

/* ---- batches ----------------------------------------------------- */

static size_t
batch_of(const char *value)
{
	char yaml[1024];
	struct runbook *rb;
	size_t size;

	snprintf(yaml, sizeof yaml, PHASE STEP("s1") "    hosts: all\n"
		 "    batch: %s\n    run: 'true'\n", value);
	rb = load_ok(yaml);
	size = first_step(rb)->batch.size;
	runbook_free(rb);
	return size;
}

static void
test_batch_all_is_size_zero(void **state)
{
	assert_int_equal(batch_of("all"), 0);
}

static void
test_batch_one_is_size_one(void **state)
{
	assert_int_equal(batch_of("one"), 1);
}

static void
test_batch_number_is_that_size(void **state)
{
	assert_int_equal(batch_of("3"), 3);
}

static void
test_batch_zero_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n    batch: 0\n"
			  "    run: 'true'\n",
			  "rb.yaml:17:12", "batch must be all, one or a number "
			  "of hosts (1 or more), not '0'");
}

static void
test_batch_other_word_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n    batch: half\n"
			  "    run: 'true'\n",
			  "rb.yaml:17:12", "batch must be all, one or a number");
}

/* ---- rolling phases ---------------------------------------------- */

static void
test_rolling_phase_keeps_its_hosts_and_batch(void **state)
{
	struct runbook *rb = load_ok(ROLLING_PHASE STEP("s1")
				     "    run: 'true'\n");
	const struct rb_phase *phase = &rb->phases[0];

	assert_true(phase->rolling);
	assert_int_equal(phase->rolling_hosts.kind, RB_SELECT_ROLES);
	assert_string_equal(phase->rolling_hosts.roles[0], "nova-compute");
	assert_int_equal(phase->rolling_batch.size, 2);
	runbook_free(rb);
}

static void
test_rolling_phase_steps_take_the_batch_as_hosts(void **state)
{
	struct runbook *rb = load_ok(ROLLING_PHASE STEP("s1")
				     "    run: 'true'\n");

	assert_int_equal(first_step(rb)->hosts.kind, RB_SELECT_BATCH);
	assert_int_equal(first_step(rb)->hosts.n_roles, 0);
	runbook_free(rb);
}

static void
test_rolling_batch_defaults_to_one_host(void **state)
{
	struct runbook *rb = load_ok(PRELUDE
				     "- id: p1\n"
				     "  title: Phase one\n"
				     "  rolling: {hosts: nova-compute}\n"
				     "  steps:\n"
				     STEP("s1") "    run: 'true'\n");

	assert_int_equal(rb->phases[0].rolling_batch.size, 1);
	runbook_free(rb);
}

static void
test_rolling_step_with_hosts_is_an_error(void **state)
{
	assert_load_fails(ROLLING_PHASE STEP("s1")
			  "    hosts: keystone\n"
			  "    run: 'true'\n",
			  "rb.yaml:19:5", "step 's1' is in the rolling phase "
			  "'rollout', which chooses its hosts: remove 'hosts'");
}

static void
test_rolling_step_with_batch_is_an_error(void **state)
{
	assert_load_fails(ROLLING_PHASE STEP("s1")
			  "    run: 'true'\n"
			  "    batch: 1\n",
			  "rb.yaml:20:5", "remove 'batch'");
}

static void
test_rolling_without_hosts_is_an_error(void **state)
{
	assert_load_fails(PRELUDE
			  "- id: p1\n"
			  "  title: Phase one\n"
			  "  rolling: {batch: 1}\n"
			  "  steps:\n"
			  STEP("s1") "    run: 'true'\n",
			  "rb.yaml:12:12", "rolling has no 'hosts'");
}

static void
test_rolling_hosts_must_name_declared_roles(void **state)
{
	assert_load_fails(PRELUDE
			  "- id: p1\n"
			  "  title: Phase one\n"
			  "  rolling: {hosts: compute}\n"
			  "  steps:\n"
			  STEP("s1") "    run: 'true'\n",
			  "rb.yaml:12:20", "role 'compute' is not declared");
}

/* ---- actions ----------------------------------------------------- */

static void
test_run_must_be_a_single_command(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    run: [a, b]\n",
			  "rb.yaml:17:10", "run must be a single value, not a "
			  "list");
}

static void
test_empty_run_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n    run: ''\n",
			  "rb.yaml:17:10", "run must not be empty");
}

static void
test_check_keeps_its_command(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    check: rpm -q nova\n");

	assert_int_equal(first_step(rb)->action.kind, RB_ACTION_CHECK);
	assert_string_equal(first_step(rb)->action.command, "rpm -q nova");
	runbook_free(rb);
}

static void
test_nova_service_disable_without_binary_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service-disable: {reason: x}\n",
			  "rb.yaml:17:27", "nova-service-disable has no "
			  "'binary'");
}

static void
test_nova_service_disable_without_reason_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service-disable: {binary: nova-compute}\n",
			  "rb.yaml:17:27", "nova-service-disable has no "
			  "'reason'");
}

static void
test_nova_service_disable_must_be_a_mapping(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service-disable: nova-compute\n",
			  "rb.yaml:17:27", "nova-service-disable must be a "
			  "mapping, not a single value");
}

static void
test_nova_service_enable_without_binary_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service-enable: {}\n",
			  "rb.yaml:17:26", "nova-service-enable has no "
			  "'binary'");
}

static void
test_wait_service_without_state_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    wait-service: {binary: nova-compute}\n",
			  "rb.yaml:17:19", "wait-service has no 'state'");
}

static void
test_wait_service_state_must_be_up_or_down(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    wait-service: {binary: b, state: enabled}\n",
			  "rb.yaml:17:38", "state must be up or down, not "
			  "'enabled'");
}

static void
test_wait_service_timeout_defaults_to_300_seconds(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    wait-service: {binary: b, state: up}\n");

	assert_int_equal(first_step(rb)->action.kind, RB_ACTION_WAIT_SERVICE);
	assert_string_equal(first_step(rb)->action.binary, "b");
	assert_int_equal(first_step(rb)->action.state, RB_STATE_UP);
	assert_int_equal(first_step(rb)->action.timeout_s, 300);
	runbook_free(rb);
}

static void
test_wait_service_timeout_of_a_day_is_accepted(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    wait-service: {binary: b, "
				     "state: down, timeout: 86400}\n");

	assert_int_equal(first_step(rb)->action.timeout_s, 86400);
	assert_int_equal(first_step(rb)->action.state, RB_STATE_DOWN);
	runbook_free(rb);
}

static void
test_wait_service_timeout_zero_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    wait-service: {binary: b, state: up, "
			  "timeout: 0}\n",
			  "rb.yaml:17:51", "timeout must be a number of "
			  "seconds from 1 to 86400, not '0'");
}

static void
test_wait_service_timeout_over_a_day_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    wait-service: {binary: b, state: up, "
			  "timeout: 86401}\n",
			  "rb.yaml:17:51", "from 1 to 86400, not '86401'");
}

static void
test_ini_set_with_a_value_keeps_it_as_a_template(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    ini-set: {file: /etc/a.conf, "
				     "section: DEFAULT, option: o, "
				     "value: '{{reason}}'}\n");
	const struct rb_action *act = &first_step(rb)->action;

	assert_int_equal(act->kind, RB_ACTION_INI_SET);
	assert_string_equal(act->ini.file, "/etc/a.conf");
	assert_string_equal(act->ini.section, "DEFAULT");
	assert_string_equal(act->ini.option, "o");
	assert_string_equal(act->value, "{{reason}}");
	assert_null(act->value_from.file);
	assert_false(act->only_if_unset);
	runbook_free(rb);
}

static void
test_ini_set_value_may_be_an_empty_quoted_string(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    ini-set: {file: f, section: s, "
				     "option: o, value: \"\"}\n");

	assert_string_equal(first_step(rb)->action.value, "");
	runbook_free(rb);
}

static void
test_ini_set_value_left_out_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, section: s, option: o, "
			  "value: }\n",
			  "rb.yaml:17:54", "value must be a single value "
			  "(write \"\" for an empty one)");
}

static void
test_ini_set_value_from_reads_another_option(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    ini-set:\n"
				     "      file: new.conf\n"
				     "      section: s\n"
				     "      option: password\n"
				     "      value-from: {file: old.conf, "
				     "section: t, option: pw}\n"
				     "      only-if-unset: yes\n");
	const struct rb_action *act = &first_step(rb)->action;

	assert_null(act->value);
	assert_string_equal(act->value_from.file, "old.conf");
	assert_string_equal(act->value_from.section, "t");
	assert_string_equal(act->value_from.option, "pw");
	assert_true(act->only_if_unset);
	runbook_free(rb);
}

static void
test_ini_set_with_value_and_value_from_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set:\n"
			  "      file: f\n"
			  "      section: s\n"
			  "      option: o\n"
			  "      value: v\n"
			  "      value-from: {file: f, section: s, option: p}\n",
			  "rb.yaml:18:7", "ini-set needs exactly one of "
			  "'value' and 'value-from'");
}

static void
test_ini_set_without_value_or_value_from_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, section: s, option: o}\n",
			  "rb.yaml:17:14", "ini-set needs exactly one of "
			  "'value' and 'value-from'");
}

static void
test_ini_set_without_section_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, option: o, value: v}\n",
			  "rb.yaml:17:14", "ini-set has no 'section'");
}

static void
test_ini_set_value_from_without_option_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, section: s, option: o, "
			  "value-from: {file: g, section: t}}\n",
			  "rb.yaml:17:59", "value-from has no 'option'");
}

static void
test_ini_set_only_if_unset_must_be_a_boolean(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, section: s, option: o, "
			  "value: v, only-if-unset: maybe}\n",
			  "rb.yaml:17:72", "expected true or false");
}

static void
test_ini_comment_names_file_section_and_option(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    ini-comment: {file: f, section: s, "
				     "option: o}\n");
	const struct rb_action *act = &first_step(rb)->action;

	assert_int_equal(act->kind, RB_ACTION_INI_COMMENT);
	assert_string_equal(act->ini.file, "f");
	assert_string_equal(act->ini.section, "s");
	assert_string_equal(act->ini.option, "o");
	runbook_free(rb);
}

static void
test_ini_comment_without_option_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-comment: {file: f, section: s}\n",
			  "rb.yaml:17:18", "ini-comment has no 'option'");
}

static void
test_review_rpmnew_prefers_merge_and_carries_nothing_by_default(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    review-rpmnew: {packages: ['nova*']}\n");
	const struct rb_action *act = &first_step(rb)->action;

	assert_int_equal(act->kind, RB_ACTION_REVIEW_RPMNEW);
	assert_int_equal(act->n_packages, 1);
	assert_string_equal(act->packages[0], "nova*");
	assert_int_equal(act->prefer, RB_PREFER_MERGE);
	assert_int_equal(act->n_carry, 0);
	runbook_free(rb);
}

static void
test_review_rpmnew_keeps_prefer_and_carry(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    review-rpmnew: {packages: [a, b], "
				     "prefer: mine, carry: [SECRET_KEY]}\n");
	const struct rb_action *act = &first_step(rb)->action;

	assert_int_equal(act->n_packages, 2);
	assert_int_equal(act->prefer, RB_PREFER_MINE);
	assert_int_equal(act->n_carry, 1);
	assert_string_equal(act->carry[0], "SECRET_KEY");
	runbook_free(rb);
}

static void
test_review_rpmnew_with_no_package_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    review-rpmnew: {packages: []}\n",
			  "rb.yaml:17:31", "packages must name at least one "
			  "package");
}

static void
test_review_rpmnew_without_packages_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    review-rpmnew: {prefer: new}\n",
			  "rb.yaml:17:20", "review-rpmnew has no 'packages'");
}

static void
test_review_rpmnew_prefer_must_be_merge_new_or_mine(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    review-rpmnew: {packages: [a], prefer: old}\n",
			  "rb.yaml:17:44", "prefer must be merge, new or mine, "
			  "not 'old'");
}

static void
test_migrate_instances_mode_defaults_to_ask(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    migrate-instances: {}\n");

	assert_int_equal(first_step(rb)->action.kind, RB_ACTION_MIGRATE);
	assert_int_equal(first_step(rb)->action.migrate, RB_MIGRATE_ASK);
	runbook_free(rb);
}

static void
test_migrate_instances_keeps_its_mode(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    migrate-instances: {mode: cold}\n");

	assert_int_equal(first_step(rb)->action.migrate, RB_MIGRATE_COLD);
	runbook_free(rb);
}

static void
test_migrate_instances_unknown_mode_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    migrate-instances: {mode: evacuate}\n",
			  "rb.yaml:17:31", "mode must be ask, live, cold or "
			  "none, not 'evacuate'");
}

static void
test_nova_service_is_not_a_step_action(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service: {binary: b, state: up}\n",
			  "rb.yaml:17:5", "unknown key 'nova-service'");
}

/* ---- before and after -------------------------------------------- */

static void
test_before_with_a_run_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    before:\n"
			  "      - run: rm -rf /tmp/x\n",
			  "rb.yaml:19:9", "before may hold only read-only "
			  "checks (check, wait-service, nova-service), not "
			  "'run'");
}

static void
test_after_with_an_ini_set_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    after:\n"
			  "      - ini-set: {file: f, section: s, option: o, "
			  "value: v}\n",
			  "rb.yaml:19:9", "after may hold only read-only "
			  "checks");
}

static void
test_check_item_with_two_keys_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    before:\n"
			  "      - check: 'true'\n"
			  "        wait-service: {binary: b, state: up}\n",
			  "rb.yaml:19:9", "each before item must be a mapping "
			  "with one key");
}

static void
test_before_must_be_a_list(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    before: {check: 'true'}\n",
			  "rb.yaml:18:13", "before must be a list, not a "
			  "mapping");
}

static void
test_checks_keep_their_kind_and_fields(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1")
				     "    before:\n"
				     "      - wait-service: {binary: b, "
				     "state: up, timeout: 5}\n"
				     "    after:\n"
				     "      - nova-service: {binary: b, "
				     "status: disabled}\n");
	const struct rb_step *step = first_step(rb);

	assert_int_equal(step->n_before, 1);
	assert_int_equal(step->before[0].kind, RB_ACTION_WAIT_SERVICE);
	assert_int_equal(step->before[0].timeout_s, 5);
	assert_int_equal(step->n_after, 1);
	assert_int_equal(step->after[0].kind, RB_ACTION_NOVA_SERVICE);
	assert_int_equal(step->after[0].state, RB_STATE_ANY);
	assert_int_equal(step->after[0].status, RB_STATUS_DISABLED);
	runbook_free(rb);
}

static void
test_nova_service_check_without_state_or_status_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    after:\n"
			  "      - nova-service: {binary: b}\n",
			  "rb.yaml:19:23", "nova-service needs a state (up or "
			  "down), a status (enabled or disabled) or both");
}

static void
test_nova_service_check_status_must_be_enabled_or_disabled(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    after:\n"
			  "      - nova-service: {binary: b, status: up}\n",
			  "rb.yaml:19:43", "status must be enabled or "
			  "disabled, not 'up'");
}

/* ---- ok-exit and when-no-host ------------------------------------ */

static void
test_ok_exit_lists_the_statuses_that_succeed(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1")
				     "    ok-exit: [0, 1, 255]\n");
	const struct rb_step *step = first_step(rb);

	assert_int_equal(step->n_ok_exit, 3);
	assert_int_equal(step->ok_exit[0], 0);
	assert_int_equal(step->ok_exit[1], 1);
	assert_int_equal(step->ok_exit[2], 255);
	runbook_free(rb);
}

static void
test_empty_ok_exit_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    ok-exit: []\n",
			  "rb.yaml:18:14", "ok-exit must be a list of one or "
			  "more exit statuses");
}

static void
test_ok_exit_as_a_single_number_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    ok-exit: 0\n",
			  "rb.yaml:18:14", "ok-exit must be a list");
}

static void
test_ok_exit_over_255_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    ok-exit: [0, 256]\n",
			  "rb.yaml:18:18", "an exit status must be a whole "
			  "number from 0 to 255, not '256'");
}

static void
test_ok_exit_negative_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    ok-exit: [-1]\n",
			  "rb.yaml:18:15", "from 0 to 255, not '-1'");
}

static void
test_when_no_host_skip_lets_the_step_be_skipped(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1")
				     "    when-no-host: skip\n");

	assert_true(first_step(rb)->skip_if_no_host);
	runbook_free(rb);
}

static void
test_when_no_host_error_is_the_default_made_explicit(void **state)
{
	struct runbook *rb = load_ok(PHASE RUN_STEP("s1")
				     "    when-no-host: error\n");

	assert_false(first_step(rb)->skip_if_no_host);
	runbook_free(rb);
}

static void
test_when_no_host_other_word_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    when-no-host: ignore\n",
			  "rb.yaml:18:19", "when-no-host must be error or "
			  "skip, not 'ignore'");
}

/* ---- templates --------------------------------------------------- */

static void
test_template_may_use_vars_and_built_in_names(void **state)
{
	struct runbook *rb = load_ok(PHASE STEP("s1") "    hosts: all\n"
				     "    run: echo {{reason}} {{host}} "
				     "{{address}} {{nova_host}} {{ step }} "
				     "{{address:nova-api}}\n");

	runbook_free(rb);
}

static void
test_unknown_variable_in_run_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    run: echo {{resaon}}\n",
			  "rb.yaml:17:10", "unknown template variable "
			  "{{resaon}}");
}

static void
test_address_of_an_undeclared_role_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    run: ping -c1 {{address:glance}}\n",
			  "rb.yaml:17:10", "{{address:glance}}: 'glance' is "
			  "not a role declared under roles");
}

static void
test_unclosed_template_is_an_error_naming_the_field(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    run: echo {{host\n",
			  "rb.yaml:17:10", "in this template: ");
}

static void
test_unknown_variable_in_check_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    check: test -n {{nope}}\n",
			  "rb.yaml:17:12", "unknown template variable {{nope}}");
}

static void
test_unknown_variable_in_probe_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1") "    probe: test {{nope}}\n",
			  "rb.yaml:18:12", "unknown template variable {{nope}}");
}

static void
test_unknown_variable_in_a_disable_reason_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    nova-service-disable: {binary: b, "
			  "reason: '{{why}}'}\n",
			  "rb.yaml:17:47", "unknown template variable {{why}}");
}

static void
test_unknown_variable_in_an_ini_value_is_an_error(void **state)
{
	assert_load_fails(PHASE STEP("s1") "    hosts: all\n"
			  "    ini-set: {file: f, section: s, option: o, "
			  "value: '{{cap}}'}\n",
			  "rb.yaml:17:54", "unknown template variable {{cap}}");
}

static void
test_unknown_variable_in_a_before_check_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    before:\n"
			  "      - check: test {{nope}}\n",
			  "rb.yaml:19:16", "unknown template variable {{nope}}");
}

static void
test_unknown_variable_in_an_after_check_is_an_error(void **state)
{
	assert_load_fails(PHASE RUN_STEP("s1")
			  "    after:\n"
			  "      - check: test {{nope}}\n",
			  "rb.yaml:19:16", "unknown template variable {{nope}}");
}

/* ---- vars -------------------------------------------------------- */

static void
test_var_named_like_a_built_in_is_an_error(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles: {}\nvars:\n"
			  "  host: h\n",
			  "rb.yaml:5:3", "'host' is a built-in template name");
}

static void
test_var_name_must_be_a_template_name(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles: {}\nvars:\n"
			  "  my-var: x\n",
			  "rb.yaml:5:3", "'my-var' is not a variable name");
}

static void
test_var_value_must_be_a_single_value(void **state)
{
	assert_load_fails("runbook: r\ntitle: T\nroles: {}\nvars:\n"
			  "  cap: [1, 2]\n",
			  "rb.yaml:5:8", "the value of 'cap' must be a single "
			  "value, not a list");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_runbook_loads_with_its_structure),
		cmocka_unit_test(test_step_defaults_are_all_hosts_exit_zero_and_no_checks),
		cmocka_unit_test(test_full_fixture_loads_every_selector),
		cmocka_unit_test(test_full_fixture_loads_every_action_kind_in_order),
		cmocka_unit_test(test_full_fixture_keeps_templates_unexpanded),
		cmocka_unit_test(test_full_fixture_loads_checks_exit_statuses_and_when_no_host),
		cmocka_unit_test(test_digest_is_the_sha256_of_the_source_bytes),
		cmocka_unit_test(test_a_comment_changes_the_digest),
		cmocka_unit_test(test_vars_keep_their_declared_defaults),
		cmocka_unit_test(test_has_role_knows_only_declared_roles),
		cmocka_unit_test(test_find_step_returns_the_step_and_its_phase),
		cmocka_unit_test(test_find_step_of_an_unknown_id_is_null),
		cmocka_unit_test(test_action_kind_names_are_spelt_as_in_the_runbook),
		cmocka_unit_test(test_error_late_in_a_large_runbook_frees_what_was_built),
		cmocka_unit_test(test_free_of_null_does_nothing),
		cmocka_unit_test(test_missing_file_is_an_error_naming_the_path),
		cmocka_unit_test(test_yaml_syntax_error_names_the_file_line_and_column),
		cmocka_unit_test(test_error_from_a_file_names_the_file_and_both_duplicate_lines),
		cmocka_unit_test(test_unknown_variable_in_a_file_names_the_file_and_the_variable),
		cmocka_unit_test(test_empty_document_is_an_error),
		cmocka_unit_test(test_top_level_must_be_a_mapping),
		cmocka_unit_test(test_unknown_top_level_key_is_an_error),
		cmocka_unit_test(test_unknown_phase_key_is_an_error),
		cmocka_unit_test(test_unknown_step_key_is_an_error),
		cmocka_unit_test(test_unknown_key_in_an_action_is_an_error),
		cmocka_unit_test(test_unknown_key_in_rolling_is_an_error),
		cmocka_unit_test(test_unknown_key_in_a_check_is_an_error),
		cmocka_unit_test(test_runbook_without_its_name_is_an_error),
		cmocka_unit_test(test_runbook_without_title_is_an_error),
		cmocka_unit_test(test_runbook_without_roles_is_an_error),
		cmocka_unit_test(test_runbook_without_phases_is_an_error),
		cmocka_unit_test(test_runbook_with_no_phase_is_an_error),
		cmocka_unit_test(test_phase_without_id_is_an_error),
		cmocka_unit_test(test_phase_without_title_is_an_error),
		cmocka_unit_test(test_phase_without_steps_is_an_error),
		cmocka_unit_test(test_phase_with_an_empty_step_list_is_an_error),
		cmocka_unit_test(test_step_without_id_is_an_error),
		cmocka_unit_test(test_step_without_title_is_an_error),
		cmocka_unit_test(test_step_without_why_is_an_error),
		cmocka_unit_test(test_step_with_an_empty_why_is_an_error),
		cmocka_unit_test(test_step_without_an_action_is_an_error),
		cmocka_unit_test(test_step_with_two_actions_is_an_error_naming_both),
		cmocka_unit_test(test_step_id_with_a_capital_is_an_error),
		cmocka_unit_test(test_step_id_starting_with_a_dash_is_an_error),
		cmocka_unit_test(test_runbook_name_must_be_an_id),
		cmocka_unit_test(test_duplicate_step_id_is_an_error_naming_both_lines),
		cmocka_unit_test(test_step_id_equal_to_a_phase_id_is_an_error_naming_both_lines),
		cmocka_unit_test(test_duplicate_step_id_in_another_phase_is_an_error),
		cmocka_unit_test(test_phase_id_equal_to_an_earlier_step_id_is_an_error),
		cmocka_unit_test(test_role_named_all_is_an_error),
		cmocka_unit_test(test_role_name_must_be_an_id),
		cmocka_unit_test(test_roles_must_be_a_mapping),
		cmocka_unit_test(test_selector_naming_an_undeclared_role_is_an_error),
		cmocka_unit_test(test_selector_list_naming_an_undeclared_role_is_an_error),
		cmocka_unit_test(test_selector_list_of_roles_selects_any_of_them),
		cmocka_unit_test(test_empty_selector_list_is_an_error),
		cmocka_unit_test(test_without_selects_a_role_family_by_prefix),
		cmocka_unit_test(test_without_an_exact_declared_role_is_valid),
		cmocka_unit_test(test_without_a_family_no_declared_role_has_is_an_error),
		cmocka_unit_test(test_once_on_selects_one_declared_role),
		cmocka_unit_test(test_once_on_an_undeclared_role_is_an_error),
		cmocka_unit_test(test_selector_mapping_with_two_keys_is_an_error),
		cmocka_unit_test(test_selector_mapping_with_another_key_is_an_error),
		cmocka_unit_test(test_hosts_all_selects_every_host),
		cmocka_unit_test(test_ordinary_step_without_hosts_is_an_error),
		cmocka_unit_test(test_batch_all_is_size_zero),
		cmocka_unit_test(test_batch_one_is_size_one),
		cmocka_unit_test(test_batch_number_is_that_size),
		cmocka_unit_test(test_batch_zero_is_an_error),
		cmocka_unit_test(test_batch_other_word_is_an_error),
		cmocka_unit_test(test_rolling_phase_keeps_its_hosts_and_batch),
		cmocka_unit_test(test_rolling_phase_steps_take_the_batch_as_hosts),
		cmocka_unit_test(test_rolling_batch_defaults_to_one_host),
		cmocka_unit_test(test_rolling_step_with_hosts_is_an_error),
		cmocka_unit_test(test_rolling_step_with_batch_is_an_error),
		cmocka_unit_test(test_rolling_without_hosts_is_an_error),
		cmocka_unit_test(test_rolling_hosts_must_name_declared_roles),
		cmocka_unit_test(test_run_must_be_a_single_command),
		cmocka_unit_test(test_empty_run_is_an_error),
		cmocka_unit_test(test_check_keeps_its_command),
		cmocka_unit_test(test_nova_service_disable_without_binary_is_an_error),
		cmocka_unit_test(test_nova_service_disable_without_reason_is_an_error),
		cmocka_unit_test(test_nova_service_disable_must_be_a_mapping),
		cmocka_unit_test(test_nova_service_enable_without_binary_is_an_error),
		cmocka_unit_test(test_wait_service_without_state_is_an_error),
		cmocka_unit_test(test_wait_service_state_must_be_up_or_down),
		cmocka_unit_test(test_wait_service_timeout_defaults_to_300_seconds),
		cmocka_unit_test(test_wait_service_timeout_of_a_day_is_accepted),
		cmocka_unit_test(test_wait_service_timeout_zero_is_an_error),
		cmocka_unit_test(test_wait_service_timeout_over_a_day_is_an_error),
		cmocka_unit_test(test_ini_set_with_a_value_keeps_it_as_a_template),
		cmocka_unit_test(test_ini_set_value_may_be_an_empty_quoted_string),
		cmocka_unit_test(test_ini_set_value_left_out_is_an_error),
		cmocka_unit_test(test_ini_set_value_from_reads_another_option),
		cmocka_unit_test(test_ini_set_with_value_and_value_from_is_an_error),
		cmocka_unit_test(test_ini_set_without_value_or_value_from_is_an_error),
		cmocka_unit_test(test_ini_set_without_section_is_an_error),
		cmocka_unit_test(test_ini_set_value_from_without_option_is_an_error),
		cmocka_unit_test(test_ini_set_only_if_unset_must_be_a_boolean),
		cmocka_unit_test(test_ini_comment_names_file_section_and_option),
		cmocka_unit_test(test_ini_comment_without_option_is_an_error),
		cmocka_unit_test(test_review_rpmnew_prefers_merge_and_carries_nothing_by_default),
		cmocka_unit_test(test_review_rpmnew_keeps_prefer_and_carry),
		cmocka_unit_test(test_review_rpmnew_with_no_package_is_an_error),
		cmocka_unit_test(test_review_rpmnew_without_packages_is_an_error),
		cmocka_unit_test(test_review_rpmnew_prefer_must_be_merge_new_or_mine),
		cmocka_unit_test(test_migrate_instances_mode_defaults_to_ask),
		cmocka_unit_test(test_migrate_instances_keeps_its_mode),
		cmocka_unit_test(test_migrate_instances_unknown_mode_is_an_error),
		cmocka_unit_test(test_nova_service_is_not_a_step_action),
		cmocka_unit_test(test_before_with_a_run_is_an_error),
		cmocka_unit_test(test_after_with_an_ini_set_is_an_error),
		cmocka_unit_test(test_check_item_with_two_keys_is_an_error),
		cmocka_unit_test(test_before_must_be_a_list),
		cmocka_unit_test(test_checks_keep_their_kind_and_fields),
		cmocka_unit_test(test_nova_service_check_without_state_or_status_is_an_error),
		cmocka_unit_test(test_nova_service_check_status_must_be_enabled_or_disabled),
		cmocka_unit_test(test_ok_exit_lists_the_statuses_that_succeed),
		cmocka_unit_test(test_empty_ok_exit_is_an_error),
		cmocka_unit_test(test_ok_exit_as_a_single_number_is_an_error),
		cmocka_unit_test(test_ok_exit_over_255_is_an_error),
		cmocka_unit_test(test_ok_exit_negative_is_an_error),
		cmocka_unit_test(test_when_no_host_skip_lets_the_step_be_skipped),
		cmocka_unit_test(test_when_no_host_error_is_the_default_made_explicit),
		cmocka_unit_test(test_when_no_host_other_word_is_an_error),
		cmocka_unit_test(test_template_may_use_vars_and_built_in_names),
		cmocka_unit_test(test_unknown_variable_in_run_is_an_error),
		cmocka_unit_test(test_address_of_an_undeclared_role_is_an_error),
		cmocka_unit_test(test_unclosed_template_is_an_error_naming_the_field),
		cmocka_unit_test(test_unknown_variable_in_check_is_an_error),
		cmocka_unit_test(test_unknown_variable_in_probe_is_an_error),
		cmocka_unit_test(test_unknown_variable_in_a_disable_reason_is_an_error),
		cmocka_unit_test(test_unknown_variable_in_an_ini_value_is_an_error),
		cmocka_unit_test(test_unknown_variable_in_a_before_check_is_an_error),
		cmocka_unit_test(test_unknown_variable_in_an_after_check_is_an_error),
		cmocka_unit_test(test_var_named_like_a_built_in_is_an_error),
		cmocka_unit_test(test_var_name_must_be_a_template_name),
		cmocka_unit_test(test_var_value_must_be_a_single_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
