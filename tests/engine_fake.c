/* engine_fake: the engine tests' scripted executor and fixture; see
 * tests/engine_fake.h. */
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

#include <cmocka.h>

#include "engine_fake.h"
#include "journal.h"
#include "plan.h"
#include "xalloc.h"

/* ---- the executor --------------------------------------------------------- */

static struct engine_fake *
fake_of(void *ctx)
{
	return ctx;
}

void
engine_fake_call(struct engine_fake *f, const char *host, const char *fmt,
		 ...)
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

static bool
matches(const char *pattern, const char *s)
{
	return pattern == NULL || s == NULL || strcmp(pattern, s) == 0;
}

struct engine_fake_file *
engine_fake_file(struct engine_fake *f, const char *host, const char *path)
{
	for (size_t i = 0; i < f->n_files; i++)
		if (matches(f->files[i].host, host) &&
		    matches(f->files[i].path, path))
			return &f->files[i];
	return NULL;
}

void
engine_fake_put(struct engine_fake *f, const char *host, const char *path,
		const char *data, size_t len)
{
	struct engine_fake_file *file;

	pthread_mutex_lock(&f->lock);
	file = engine_fake_file(f, host, path);
	if (file == NULL) {
		assert_true(f->n_files < ENGINE_FAKE_FILES);
		file = &f->files[f->n_files++];
		file->host = host != NULL ? xstrdup(host) : NULL;
		file->path = path != NULL ? xstrdup(path) : NULL;
	} else {
		free(file->data);
	}
	file->data = xmalloc(len + 1);
	memcpy(file->data, data, len);
	file->data[len] = '\0';
	file->len = len;
	pthread_mutex_unlock(&f->lock);
}

void
engine_fake_add_rule(struct engine_fake *f, struct engine_fake_rule r)
{
	assert_true(f->n_rules < ENGINE_FAKE_RULES);
	f->rules[f->n_rules++] = r;
}

void
engine_fake_init(struct engine_fake *f)
{
	pthread_mutex_init(&f->lock, NULL);
	for (size_t i = 0; i < ENGINE_FAKE_COMPUTES; i++) {
		f->enabled[i] = f->up[i] = true;
		f->free_ram[i] = 4096;
	}
}

void
engine_fake_release(struct engine_fake *f)
{
	for (size_t i = 0; i < f->n_files; i++) {
		free(f->files[i].host);
		free(f->files[i].path);
		free(f->files[i].data);
	}
	strbuf_release(&f->calls);
	pthread_mutex_destroy(&f->lock);
}

static enum engine_connect_status
fake_connect(void *ctx, const struct inv_host *host, void **conn,
	     struct engine_hostkey *hk, struct ou_error *err)
{
	struct engine_fake *f = fake_of(ctx);
	int n = host_number(host->name);

	memset(hk, 0, sizeof *hk);
	pthread_mutex_lock(&f->lock);
	if (n < ENGINE_FAKE_HOST_KEYS && f->unknown_key[n]) {
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
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, hk->opaque, "accept %s", hk->fingerprint);
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

static const struct engine_fake_rule *
fake_rule(struct engine_fake *f, const char *host, const char *command)
{
	for (size_t i = 0; i < f->n_rules; i++) {
		const struct engine_fake_rule *r = &f->rules[i];

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
	struct engine_fake *f = fake_of(ctx);
	const char *host = conn;
	const struct engine_fake_rule *r;
	struct engine_fake_rule found = { .status = ENGINE_OP_OK };

	*exit_status = 0;
	if (f->run != NULL)
		return f->run(f, host, command, out, out_ctx, exit_status,
			      err);
	engine_fake_call(f, host, "%s", command);
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
	struct engine_fake *f = fake_of(ctx);
	const char *host = conn;
	const struct engine_fake_file *file;
	int rc = 0;

	engine_fake_call(f, host, "read %s", path);
	pthread_mutex_lock(&f->lock);
	file = engine_fake_file(f, host, path);
	if (file == NULL)
		rc = ou_error_set(err, "%s: no such file", path);
	else if (file->len > max)
		rc = ou_error_set(err, "%s: larger than %zu bytes", path, max);
	else
		*data = xstrndup(file->data, file->len);
	if (file != NULL && rc == 0)
		*len = file->len;
	pthread_mutex_unlock(&f->lock);
	return rc;
}

static int
fake_write_file(void *ctx, void *conn, const char *path, const void *data,
		size_t len, struct ou_error *err)
{
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, conn, "write %s", path);
	engine_fake_put(f, conn, path, data, len);
	return 0;
}

static enum engine_op_status
fake_nova_service(void *ctx, const char *host, const char *binary,
		  struct engine_service *out, struct ou_error *err)
{
	struct engine_fake *f = fake_of(ctx);
	int n = host_number(host) - 1;

	engine_fake_call(f, "nova", "GET service %s", host);
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
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, "nova", "GET services");
	*out = xcalloc(ENGINE_FAKE_COMPUTES, sizeof **out);
	*n = ENGINE_FAKE_COMPUTES;
	for (size_t i = 0; i < ENGINE_FAKE_COMPUTES; i++) {
		snprintf((*out)[i].host, sizeof (*out)[i].host, "compute%zu",
			 i + 1);
		(*out)[i].up = f->up[i];
		(*out)[i].enabled = f->enabled[i];
	}
	return 0;
}

static enum engine_op_status
fake_nova_set(struct engine_fake *f, const char *host, bool enabled)
{
	int n = host_number(host) - 1;

	engine_fake_call(f, "nova", "%s %s", enabled ? "enable" : "disable",
			 host);
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
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, "nova", "GET hypervisors");
	*out = xcalloc(ENGINE_FAKE_COMPUTES, sizeof **out);
	*n = ENGINE_FAKE_COMPUTES;
	for (size_t i = 0; i < ENGINE_FAKE_COMPUTES; i++)
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
	struct engine_fake *f = fake_of(ctx);
	int c = host_number(host) - 1;

	engine_fake_call(f, "nova", "GET servers on %s", host);
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
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, "nova", "%s-migrate %s to %s",
			 live ? "live" : "cold", id, host);
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
	struct engine_fake *f = fake_of(ctx);

	engine_fake_call(f, "nova", "confirm-resize %s", id);
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
	struct engine_fake *f = fake_of(ctx);

	pthread_mutex_lock(&f->lock);
	snprintf(status, 32, "%s", f->moved_status);
	snprintf(host, 256, "%s", f->moved_host);
	pthread_mutex_unlock(&f->lock);
	return 0;
}

static double
fake_now(void *ctx)
{
	struct engine_fake *f = fake_of(ctx);
	double now;

	pthread_mutex_lock(&f->lock);
	now = f->clock;
	pthread_mutex_unlock(&f->lock);
	return now;
}

static void
fake_sleep(void *ctx, unsigned ms)
{
	struct engine_fake *f = fake_of(ctx);

	pthread_mutex_lock(&f->lock);
	f->clock += ms / 1000.0;
	pthread_mutex_unlock(&f->lock);
}

const struct engine_executor_ops engine_fake_ops = {
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

void
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

void
fixture_start(struct fixture *fx)
{
	struct ou_error err;
	struct engine_options opt = {
		.plan = fx->plan, .journal = fx->journal,
		.ops = &engine_fake_ops, .ops_ctx = &fx->fake,
		.who = "tester@pts/0", .on_event = record_event,
		.event_ctx = fx, .width = 80,
	};

	if (engine_new(&opt, &fx->engine, &err) < 0)
		fail_msg("%s", err.msg);
}

void
fixture_stop(struct fixture *fx)
{
	engine_free(fx->engine);
	fx->engine = NULL;
	journal_close(fx->journal);
	fx->journal = NULL;
}

void
fixture_restart(struct fixture *fx)
{
	fixture_stop(fx);
	fixture_open_journal(fx);
	fixture_start(fx);
}

struct fixture *
fixture_new(const char *dir_template)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);

	snprintf(fx->dir, sizeof fx->dir, "%s", dir_template);
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return NULL;
	}
	engine_fake_init(&fx->fake);
	return fx;
}

int
fixture_open(struct fixture *fx, struct ou_error *err)
{
	if (plan_build(fx->rb, fx->inv, &fx->plan, err) < 0)
		return -1;
	fixture_open_journal(fx);
	fixture_start(fx);
	return 0;
}

int
fixture_free(struct fixture *fx)
{
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	int rc = system(cmd);

	fixture_stop(fx);
	plan_free(fx->plan);
	inventory_free(fx->inv);
	runbook_free(fx->rb);
	engine_fake_release(&fx->fake);
	strbuf_release(&fx->events);
	free(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

void
fixture_drive(struct fixture *fx)
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

const struct engine_prompt *
fixture_prompt(struct fixture *fx)
{
	return engine_prompt(fx->engine);
}

void
fixture_confirm(struct fixture *fx)
{
	struct ou_error err;

	if (engine_confirm(fx->engine, fixture_prompt(fx)->digest, &err) < 0)
		fail_msg("%s", err.msg);
	fixture_drive(fx);
}

struct journal_scan {
	struct strbuf text;
	enum fixture_journal_text shows;
};

static int
scan_record(void *ctx, const struct journal_record *rec)
{
	struct journal_scan *s = ctx;

	strbuf_addf(&s->text, "%s %s %s %s %s|", journal_kind_name(rec->kind),
		    rec->step ? rec->step : "-", rec->host ? rec->host : "-",
		    rec->what ? rec->what : "-",
		    journal_outcome_name(rec->outcome));
	if (s->shows == FIXTURE_JOURNAL_REASONS &&
	    (rec->kind == JOURNAL_SKIP || rec->kind == JOURNAL_OVERRIDE))
		strbuf_addf(&s->text, "%.*s|", (int)rec->text_len, rec->text);
	if (s->shows == FIXTURE_JOURNAL_TEXTS && rec->text != NULL)
		strbuf_add(&s->text, rec->text, rec->text_len);
	strbuf_addc(&s->text, '\n');
	return 0;
}

char *
fixture_journal(struct fixture *fx, enum fixture_journal_text shows)
{
	struct journal_scan s = { .text = STRBUF_INIT, .shows = shows };
	struct ou_error err;

	assert_int_equal(journal_replay(fx->journal, scan_record, &s, &err), 0);
	return strbuf_take(&s.text);
}

void
fixture_append(struct fixture *fx, struct journal_record rec)
{
	struct ou_error err;

	rec.exit_status = rec.outcome == JOURNAL_OUTCOME_OK ? 0 : -1;
	assert_int_equal(journal_append(fx->journal, &rec, &err), 0);
}

bool
fixture_called(struct fixture *fx, const char *line)
{
	return strstr(strbuf_str(&fx->fake.calls), line) != NULL;
}

size_t
fixture_count_calls(struct fixture *fx, const char *line)
{
	size_t n = 0;

	for (const char *p = strbuf_str(&fx->fake.calls);
	     (p = strstr(p, line)) != NULL; p += strlen(line))
		n++;
	return n;
}
