/* The engine: confirmations, the journal, resume, gates, the rollout.
 *
 * The executor is scripted: commands answer from a table of rules, Nova
 * is a few structs, and nothing waits.  Each test reads as one rule of
 * the engine's behaviour. */
#include "config.h"

#include <poll.h>
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
#include "journal.h"
#include "plan.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- the scripted executor ---------------------------------------------- */

struct rule {
	const char *host;	/* NULL: any */
	const char *match;	/* a substring of the command */
	enum engine_op_status status;
	int exit_status;
	const char *output;
};

#define MAX_RULES 16
#define N_COMPUTES 3

struct fake {
	pthread_mutex_t lock;
	struct rule rules[MAX_RULES];
	size_t n_rules;
	struct strbuf calls;	/* "host: command" lines, in order */
	size_t n_calls;
	bool unknown_key[8];	/* per host index: key not yet accepted */
	bool enabled[N_COMPUTES];
	bool up[N_COMPUTES];
	unsigned down_reads[N_COMPUTES];	/* service reads that say down */
	unsigned refusals;	/* migrations refused with refuse_with */
	const char *refuse_with;
	size_t n_instances[N_COMPUTES];
	long free_ram[N_COMPUTES];
	double clock;
	char file[4096];	/* what read_file returns */
	char moved_host[64];	/* where the last migration went */
	char moved_status[32];
};

static struct fake *
fake_of(void *ctx)
{
	return ctx;
}

static void
fake_call(struct fake *f, const char *host, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fake_call(struct fake *f, const char *host, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&f->lock);
	strbuf_addf(&f->calls, "%s: ", host != NULL ? host : "-");
	va_start(ap, fmt);
	strbuf_vaddf(&f->calls, fmt, ap);
	va_end(ap);
	strbuf_addc(&f->calls, '\n');
	f->n_calls++;
	pthread_mutex_unlock(&f->lock);
}

static int
host_number(const char *name)
{
	return strncmp(name, "compute", 7) == 0 ? atoi(name + 7) : 0;
}

static enum engine_connect_status
fake_connect(void *ctx, const struct inv_host *host, void **conn,
	     struct engine_hostkey *hk, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);
	int n = host_number(host->name);

	memset(hk, 0, sizeof *hk);
	pthread_mutex_lock(&f->lock);
	if (f->unknown_key[n]) {
		snprintf(hk->type, sizeof hk->type, "ssh-ed25519");
		snprintf(hk->fingerprint, sizeof hk->fingerprint,
			 "SHA256:key-of-%s", host->name);
		hk->opaque = xstrdup(host->name);
		pthread_mutex_unlock(&f->lock);
		return ENGINE_CONNECT_HOSTKEY_UNKNOWN;
	}
	pthread_mutex_unlock(&f->lock);
	*conn = (void *)host->name;
	return ENGINE_CONNECT_OK;
}

static int
fake_accept_hostkey(void *ctx, const struct engine_hostkey *hk,
		    struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, hk->opaque, "accept %s", hk->fingerprint);
	pthread_mutex_lock(&f->lock);
	f->unknown_key[host_number(hk->opaque)] = false;
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static void
fake_release_hostkey(void *ctx, struct engine_hostkey *hk)
{
	free(hk->opaque);
	memset(hk, 0, sizeof *hk);
}

static void
fake_disconnect(void *ctx, void *conn)
{
}

static const struct rule *
fake_rule(struct fake *f, const char *host, const char *command)
{
	for (size_t i = 0; i < f->n_rules; i++) {
		const struct rule *r = &f->rules[i];

		if ((r->host == NULL || strcmp(r->host, host) == 0) &&
		    strstr(command, r->match) != NULL)
			return r;
	}
	return NULL;
}

static enum engine_op_status
fake_run(void *ctx, void *conn, const char *command, unsigned timeout_ms,
	 engine_output_fn *out, void *out_ctx, int *exit_status,
	 struct ou_error *err)
{
	struct fake *f = fake_of(ctx);
	const char *host = conn;
	const struct rule *r;
	struct rule found = { .status = ENGINE_OP_OK };

	fake_call(f, host, "%s", command);
	pthread_mutex_lock(&f->lock);
	r = fake_rule(f, host, command);
	if (r != NULL)
		found = *r;
	pthread_mutex_unlock(&f->lock);
	if (found.output != NULL)
		out(out_ctx, false, found.output, strlen(found.output));
	*exit_status = found.exit_status;
	if (found.status != ENGINE_OP_OK)
		ou_error_set(err, "%s: the link died", host);
	return found.status;
}

static int
fake_read_file(void *ctx, void *conn, const char *path, size_t max,
	       char **data, size_t *len, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, conn, "sftp read %s", path);
	*data = xstrdup(f->file);
	*len = strlen(f->file);
	return 0;
}

static int
fake_write_file(void *ctx, void *conn, const char *path, const void *data,
		size_t len, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, conn, "sftp write %s", path);
	pthread_mutex_lock(&f->lock);
	snprintf(f->file, sizeof f->file, "%.*s", (int)len,
		 (const char *)data);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static enum engine_op_status
fake_nova_service(void *ctx, const char *host, const char *binary,
		  struct engine_service *out, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);
	int n = host_number(host) - 1;

	fake_call(f, "nova", "GET service %s", host);
	snprintf(out->host, sizeof out->host, "%s", host);
	pthread_mutex_lock(&f->lock);
	out->up = n >= 0 ? f->up[n] : true;
	if (n >= 0 && f->down_reads[n] > 0) {
		f->down_reads[n]--;
		out->up = false;
	}
	out->enabled = n >= 0 ? f->enabled[n] : true;
	pthread_mutex_unlock(&f->lock);
	return ENGINE_OP_OK;
}

static int
fake_nova_services(void *ctx, const char *binary, struct engine_service **out,
		   size_t *n, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, "nova", "GET services");
	*out = xcalloc(N_COMPUTES, sizeof **out);
	*n = N_COMPUTES;
	for (size_t i = 0; i < N_COMPUTES; i++) {
		snprintf((*out)[i].host, sizeof (*out)[i].host, "compute%zu",
			 i + 1);
		(*out)[i].up = f->up[i];
		(*out)[i].enabled = f->enabled[i];
	}
	return 0;
}

static enum engine_op_status
fake_nova_set(struct fake *f, const char *host, bool enabled)
{
	int n = host_number(host) - 1;

	fake_call(f, "nova", "%s %s", enabled ? "enable" : "disable", host);
	pthread_mutex_lock(&f->lock);
	if (n >= 0)
		f->enabled[n] = enabled;
	pthread_mutex_unlock(&f->lock);
	return ENGINE_OP_OK;
}

static enum engine_op_status
fake_nova_disable(void *ctx, const char *host, const char *binary,
		  const char *reason, struct ou_error *err)
{
	return fake_nova_set(fake_of(ctx), host, false);
}

static enum engine_op_status
fake_nova_enable(void *ctx, const char *host, const char *binary,
		 struct ou_error *err)
{
	return fake_nova_set(fake_of(ctx), host, true);
}

static int
fake_nova_computes(void *ctx, struct engine_mig_compute **out, size_t *n,
		   struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, "nova", "GET hypervisors");
	*out = xcalloc(N_COMPUTES, sizeof **out);
	*n = N_COMPUTES;
	for (size_t i = 0; i < N_COMPUTES; i++)
		(*out)[i] = (struct engine_mig_compute){
			.host = xasprintf("compute%zu", i + 1),
			.enabled = f->enabled[i], .up = f->up[i],
			.free_ram_mb = f->free_ram[i], .free_vcpus = 8,
			.free_disk_gb = 100,
		};
	return 0;
}

static int
fake_nova_instances(void *ctx, const char *host,
		    struct engine_mig_instance **out, size_t *n,
		    struct ou_error *err)
{
	struct fake *f = fake_of(ctx);
	int c = host_number(host) - 1;

	fake_call(f, "nova", "GET servers on %s", host);
	*n = c >= 0 ? f->n_instances[c] : 0;
	*out = xcalloc(*n + 1, sizeof **out);
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = (struct engine_mig_instance){
			.id = xasprintf("id-%s-%zu", host, i + 1),
			.name = xasprintf("vm-%s-%zu", host, i + 1),
			.status = xstrdup("ACTIVE"),
			.ram_mb = 512, .vcpus = 1, .disk_gb = 1,
		};
	return 0;
}

static enum engine_op_status
fake_nova_migrate(void *ctx, const char *id, const char *host, bool live,
		  struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, "nova", "%s-migrate %s to %s", live ? "live" : "cold", id,
		  host);
	pthread_mutex_lock(&f->lock);
	if (f->refusals > 0) {
		f->refusals--;
		ou_error_set(err, "POST /v2.1/servers/%s/action: %s", id,
			     f->refuse_with);
		pthread_mutex_unlock(&f->lock);
		return ENGINE_OP_FAILED;
	}
	snprintf(f->moved_host, sizeof f->moved_host, "%s", host);
	snprintf(f->moved_status, sizeof f->moved_status, "%s",
		 live ? "ACTIVE" : "VERIFY_RESIZE");
	pthread_mutex_unlock(&f->lock);
	return ENGINE_OP_OK;
}

static enum engine_op_status
fake_nova_confirm_resize(void *ctx, const char *id, struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	fake_call(f, "nova", "confirm-resize %s", id);
	pthread_mutex_lock(&f->lock);
	snprintf(f->moved_status, sizeof f->moved_status, "ACTIVE");
	pthread_mutex_unlock(&f->lock);
	return ENGINE_OP_OK;
}

/* Every instance is where the last migration sent it. */
static int
fake_nova_server(void *ctx, const char *id, char status[32], char host[256],
		 struct ou_error *err)
{
	struct fake *f = fake_of(ctx);

	pthread_mutex_lock(&f->lock);
	snprintf(status, 32, "%s", f->moved_status);
	snprintf(host, 256, "%s", f->moved_host);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static double
fake_now(void *ctx)
{
	struct fake *f = fake_of(ctx);
	double now;

	pthread_mutex_lock(&f->lock);
	now = f->clock;
	pthread_mutex_unlock(&f->lock);
	return now;
}

static void
fake_sleep(void *ctx, unsigned ms)
{
	struct fake *f = fake_of(ctx);

	pthread_mutex_lock(&f->lock);
	f->clock += ms / 1000.0;
	pthread_mutex_unlock(&f->lock);
}

static const struct engine_executor_ops fake_ops = {
	.connect = fake_connect,
	.accept_hostkey = fake_accept_hostkey,
	.release_hostkey = fake_release_hostkey,
	.disconnect = fake_disconnect,
	.run_command = fake_run,
	.read_file = fake_read_file,
	.write_file = fake_write_file,
	.nova_service = fake_nova_service,
	.nova_services = fake_nova_services,
	.nova_disable = fake_nova_disable,
	.nova_enable = fake_nova_enable,
	.nova_computes = fake_nova_computes,
	.nova_instances = fake_nova_instances,
	.nova_migrate = fake_nova_migrate,
	.nova_confirm_resize = fake_nova_confirm_resize,
	.nova_server = fake_nova_server,
	.sleep_ms = fake_sleep,
	.now = fake_now,
};

/* ---- the fixture ---------------------------------------------------------- */

struct fixture {
	char dir[64];
	struct runbook *rb;
	struct inventory *inv;
	struct plan *plan;
	struct journal *journal;
	struct fake fake;
	struct engine *engine;
	struct strbuf events;
};

static void
record_event(void *ctx, const struct engine_event *ev)
{
	struct fixture *fx = ctx;

	if (ev->kind == ENGINE_EVENT_NOTE)
		strbuf_addf(&fx->events, "note: %s\n", ev->text);
	if (ev->kind == ENGINE_EVENT_PROGRESS)
		strbuf_addf(&fx->events, "progress %s: %.*s\n", ev->host,
			    (int)ev->len, ev->text);
	if (ev->kind == ENGINE_EVENT_STATE)
		strbuf_addf(&fx->events, "%s %s: %s\n", ev->step, ev->host,
			    engine_state_name(ev->state));
}

static void
fixture_open_journal(struct fixture *fx)
{
	struct ou_error err;
	struct journal_identity id = {
		.cloud = fx->inv->cloud, .runbook_id = fx->rb->id,
		.runbook_digest = fx->rb->digest,
		.inventory_digest = fx->inv->digest,
	};

	if (journal_open(fx->dir, &id, &fx->journal, &err) < 0)
		fail_msg("%s", err.msg);
}

static void
fixture_start(struct fixture *fx)
{
	struct ou_error err;
	struct engine_options opt = {
		.plan = fx->plan, .journal = fx->journal, .ops = &fake_ops,
		.ops_ctx = &fx->fake, .who = "tester@pts/0",
		.on_event = record_event, .event_ctx = fx, .width = 80,
	};

	if (engine_new(&opt, &fx->engine, &err) < 0)
		fail_msg("%s", err.msg);
}

static void
fixture_stop(struct fixture *fx)
{
	engine_free(fx->engine);
	fx->engine = NULL;
	journal_close(fx->journal);
	fx->journal = NULL;
}

/* A crash: the engine and journal go, the journal's file stays. */
static void
fixture_restart(struct fixture *fx)
{
	fixture_stop(fx);
	fixture_open_journal(fx);
	fixture_start(fx);
}

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct ou_error err;

	snprintf(fx->dir, sizeof fx->dir, "/tmp/ou-engine-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	pthread_mutex_init(&fx->fake.lock, NULL);
	for (size_t i = 0; i < N_COMPUTES; i++) {
		fx->fake.enabled[i] = fx->fake.up[i] = true;
		fx->fake.free_ram[i] = 4096;
	}
	if (runbook_load_file(OU_TEST_DATA "/engine/runbook.yaml", &fx->rb,
			      &err) < 0 ||
	    inventory_load_file(OU_TEST_DATA "/engine/inventory.yaml",
				&fx->inv, &err) < 0 ||
	    plan_build(fx->rb, fx->inv, &fx->plan, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	fixture_open_journal(fx);
	fixture_start(fx);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	int rc = system(cmd);

	fixture_stop(fx);
	plan_free(fx->plan);
	inventory_free(fx->inv);
	runbook_free(fx->rb);
	strbuf_release(&fx->fake.calls);
	strbuf_release(&fx->events);
	pthread_mutex_destroy(&fx->fake.lock);
	free(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

static void
add_rule(struct fixture *fx, struct rule r)
{
	assert_true(fx->fake.n_rules < MAX_RULES);
	fx->fake.rules[fx->fake.n_rules++] = r;
}

/* Let the workers finish what was started, boundedly. */
static void
drive(struct fixture *fx)
{
	struct ou_error err;

	for (int i = 0; i < 2000 && engine_busy(fx->engine); i++) {
		struct pollfd p = { .fd = engine_fd(fx->engine),
				    .events = POLLIN };

		poll(&p, 1, 1000);
		assert_int_equal(engine_dispatch(fx->engine, &err), 0);
	}
	assert_false(engine_busy(fx->engine));
}

static const struct engine_prompt *
prompt(struct fixture *fx)
{
	return engine_prompt(fx->engine);
}

static void
confirm(struct fixture *fx)
{
	struct ou_error err;

	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_CONFIRM);
	if (engine_confirm(fx->engine, prompt(fx)->digest, &err) < 0)
		fail_msg("%s", err.msg);
	drive(fx);
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

static bool
called(struct fixture *fx, const char *line)
{
	return strstr(strbuf_str(&fx->fake.calls), line) != NULL;
}

struct journal_scan {
	struct strbuf text;
};

static int
scan_record(void *ctx, const struct journal_record *rec)
{
	struct journal_scan *s = ctx;

	strbuf_addf(&s->text, "%s %s %s %s %s|", journal_kind_name(rec->kind),
		    rec->step ? rec->step : "-", rec->host ? rec->host : "-",
		    rec->what ? rec->what : "-",
		    journal_outcome_name(rec->outcome));
	if (rec->kind == JOURNAL_SKIP || rec->kind == JOURNAL_OVERRIDE)
		strbuf_addf(&s->text, "%.*s|", (int)rec->text_len, rec->text);
	strbuf_addc(&s->text, '\n');
	return 0;
}

/* The journal as one line per record: "KIND STEP HOST WHAT OUTCOME|". */
static char *
journal_lines(struct fixture *fx)
{
	struct journal_scan s = { .text = STRBUF_INIT };
	struct ou_error err;

	assert_int_equal(journal_replay(fx->journal, scan_record, &s, &err), 0);
	return strbuf_take(&s.text);
}

static void
append(struct fixture *fx, enum journal_kind kind, const char *step,
       const char *host, const char *what, enum journal_outcome outcome)
{
	struct ou_error err;
	struct journal_record rec = {
		.kind = kind, .unit = "u", .step = step, .host = host,
		.what = what, .text = "yum -y upgrade nova", .outcome = outcome,
		.exit_status = outcome == JOURNAL_OUTCOME_OK ? 0 : -1,
	};

	assert_int_equal(journal_append(fx->journal, &rec, &err), 0);
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
	assert_false(called(fx, "yum"));
	assert_false(called(fx, "rpm -q nova-juno"));
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
	assert_true(called(fx, "controller: openstack-config --set "
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
	assert_true(called(fx, "controller: rpm -q nova-juno"));
	assert_false(called(fx, "yum -y upgrade nova"));
	assert_int_equal(engine_cell_state(fx->engine, "ctl-upgrade",
					   "controller"), ENGINE_DONE);
}

static void
test_a_failing_action_fails_the_host_and_retry_shows_it_again(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	add_rule(fx, (struct rule){ .match = "rpm -q nova-juno",
				    .exit_status = 1 });
	add_rule(fx, (struct rule){ .match = "yum -y upgrade nova",
				    .exit_status = 1, .output = "no mirror\n" });
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

	add_rule(fx, (struct rule){ .match = "rpm -q nova-juno",
				    .exit_status = 1 });
	add_rule(fx, (struct rule){ .match = "pgrep nova", .exit_status = 1 });
	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_prompt_step(fx, ENGINE_PROMPT_GATE, "ctl-upgrade");
	assert_false(called(fx, "yum -y upgrade nova"));
}

static void
test_a_gate_override_needs_a_reason_and_is_journaled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	add_rule(fx, (struct rule){ .match = "rpm -q nova-juno",
				    .exit_status = 1 });
	add_rule(fx, (struct rule){ .match = "pgrep nova", .exit_status = 1 });
	confirm_until(fx, "ctl-upgrade");
	confirm(fx);
	assert_int_equal(engine_override_gate(fx->engine, "controller", " ",
					      &err), -1);
	assert_int_equal(engine_override_gate(fx->engine, "controller",
					      "nova is a zombie, checked",
					      &err), 0);
	drive(fx);
	lines = journal_lines(fx);
	assert_non_null(strstr(lines, "override ctl-upgrade controller gate |"
			       "nova is a zombie, checked|"));
	assert_true(called(fx, "controller: yum -y upgrade nova"));
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
test_an_unknown_host_key_needs_the_operator_and_is_journaled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;
	char *lines;

	fx->fake.unknown_key[2] = true;
	confirm(fx);
	assert_int_equal(prompt(fx)->kind, ENGINE_PROMPT_HOSTKEY);
	assert_string_equal(prompt(fx)->host, "compute2");
	assert_false(called(fx, "compute2: test -d /etc"));
	assert_int_equal(engine_accept_hostkey(fx->engine, "SHA256:other",
					       &err), -1);
	assert_int_equal(engine_accept_hostkey(fx->engine,
					       "SHA256:key-of-compute2",
					       &err), 0);
	drive(fx);
	assert_true(called(fx, "compute2: test -d /etc"));
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
	assert_false(called(fx, "yum"));
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
	assert_false(called(fx, "rpm -q nova-juno"));
	assert_int_equal(engine_confirm(fx->engine, prompt(fx)->digest, &err),
			 0);
	drive(fx);
	assert_true(called(fx, "controller: rpm -q nova-juno"));
	assert_prompt_step(fx, ENGINE_PROMPT_UNKNOWN, "ctl-upgrade");
	assert_non_null(strstr(prompt(fx)->text, "the step took effect"));
	assert_false(called(fx, "yum"));
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
	assert_false(called(fx, "yum"));
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

	add_rule(fx, (struct rule){ .match = "rpm -q nova-compute-juno",
				    .exit_status = 1 });
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
	assert_false(called(fx, "live-migrate"));
	assert_non_null(strstr(prompt(fx)->text, "live-migrate instance "
			       "vm-compute2-1 (id-compute2-1) from compute2 to "
			       "compute1"));
	confirm(fx);
	assert_true(called(fx, "nova: live-migrate id-compute2-1 to compute1"));
	assert_true(called(fx, "nova: live-migrate id-compute2-2 to compute1"));
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
	assert_true(called(fx, "nova: cold-migrate id-compute2-1 to compute1"));
	assert_true(called(fx, "nova: confirm-resize id-compute2-1"));
	assert_int_equal(engine_cell_state(fx->engine, "c-migrate", "compute2"),
			 ENGINE_DONE);
}

static size_t
count_calls(struct fixture *fx, const char *line)
{
	size_t n = 0;

	for (const char *p = strbuf_str(&fx->fake.calls);
	     (p = strstr(p, line)) != NULL; p += strlen(line))
		n++;
	return n;
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
	assert_false(called(fx, "live-migrate"));
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
	assert_int_equal(count_calls(fx, "nova: GET service compute2"), 4);
	assert_true(called(fx, "nova: GET service compute2\n"
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
	assert_false(called(fx, "live-migrate"));
	/* 120 s at one read per 2 s, and the first. */
	assert_int_equal(count_calls(fx, "nova: GET service compute2"), 61);
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
	assert_int_equal(count_calls(fx, "nova: live-migrate id-compute2-1 "
					 "to compute1"), 2);
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
	assert_int_equal(count_calls(fx, "live-migrate id-compute2-1"), 1);
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

	add_rule(fx, (struct rule){ .match = "rpm -q nova-compute-juno",
				    .exit_status = 1 });
	add_rule(fx, (struct rule){ .host = "compute2",
				    .match = "yum -y upgrade nova-compute",
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
	assert_false(called(fx, "nova: enable"));
}

static void
test_the_rollout_ends_with_every_compute_enabled(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	add_rule(fx, (struct rule){ .match = "rpm -q nova-compute-juno",
				    .exit_status = 1 });
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 3, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	reach_rollout(fx);
	for (size_t i = 0; i < N_COMPUTES; i++)
		assert_true(fx->fake.enabled[i]);
	assert_true(called(fx, "compute3: yum -y upgrade nova-compute"));
}

static void
test_uncap_comments_the_option_out_after_a_backup(void **state)
{
	struct fixture *fx = *state;
	struct ou_error err;

	snprintf(fx->fake.file, sizeof fx->fake.file,
		 "[DEFAULT]\ndebug = True\n[upgrade_levels]\ncompute = 3.23.1\n");
	go_to_batch_size(fx);
	assert_int_equal(engine_set_batch_size(fx->engine, 3, &err), 0);
	confirm(fx);
	assert_int_equal(engine_set_migration(fx->engine, RB_MIGRATE_NONE,
					      &err), 0);
	reach_rollout(fx);
	assert_non_null(strstr(prompt(fx)->text, "mkdir -p /var/lib/"
			       "openstack-upgrade/backups/"));
	confirm(fx);
	assert_string_equal(fx->fake.file, "[DEFAULT]\ndebug = True\n"
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
