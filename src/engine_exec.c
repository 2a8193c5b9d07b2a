/* engine_exec: see include/engine_exec.h.
 *
 * Why one Nova client under a lock: the client (nova, keystone, http)
 * holds one libcurl multi handle and one cached token, and libcurl's
 * handles may not be used from two threads at once.  Nova calls are few
 * and short next to the commands, so serialising them costs little; the
 * ssh connections, which carry the long work, are one per host and
 * never shared. */
#include "config.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apijson.h"
#include "engine_exec.h"
#include "ssh.h"
#include "strbuf.h"
#include "xalloc.h"

struct engine_exec {
	const struct inventory *inv;
	struct cloudapi *api;
	unsigned connect_timeout_ms;
	unsigned io_timeout_ms;
	pthread_mutex_t nova_lock;
};

struct engine_exec *
engine_exec_new(const struct engine_exec_options *opt)
{
	struct engine_exec *x = xcalloc(1, sizeof *x);

	x->inv = opt->inv;
	x->api = opt->api;
	x->connect_timeout_ms = opt->connect_timeout_ms;
	x->io_timeout_ms = opt->io_timeout_ms;
	pthread_mutex_init(&x->nova_lock, NULL);
	return x;
}

void
engine_exec_free(struct engine_exec *x)
{
	if (x == NULL)
		return;
	pthread_mutex_destroy(&x->nova_lock);
	free(x);
}

/* ---- ssh ------------------------------------------------------------- */

static enum engine_connect_status
exec_connect(void *ctx, const struct inv_host *host, void **conn,
	     struct engine_hostkey *hk, struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct ssh_hostkey *key = xcalloc(1, sizeof *key);
	struct ssh_target t = {
		.name = host->name,
		.host = host->ssh_alias != NULL ? host->ssh_alias : host->name,
		.address = host->address,
		.port = host->port,
		.user = host->user,
		.ssh_config = x->inv->ssh_config,
		.known_hosts = x->inv->known_hosts,
		.become = host->become == INV_BECOME_SUDO ? SSH_BECOME_SUDO
							  : SSH_BECOME_ROOT,
		.connect_timeout_ms = x->connect_timeout_ms,
		.io_timeout_ms = x->io_timeout_ms,
	};
	enum ssh_open_status status;

	memset(hk, 0, sizeof *hk);
	status = ssh_conn_open(&t, (struct ssh_conn **)conn, key, err);
	if (status == SSH_OPEN_HOSTKEY_UNKNOWN) {
		snprintf(hk->type, sizeof hk->type, "%s", key->type);
		snprintf(hk->fingerprint, sizeof hk->fingerprint, "%s",
			 key->fingerprint);
		hk->opaque = key;
		return ENGINE_CONNECT_HOSTKEY_UNKNOWN;
	}
	ssh_hostkey_release(key);
	free(key);
	switch (status) {
	case SSH_OPEN_OK:
		return ENGINE_CONNECT_OK;
	case SSH_OPEN_HOSTKEY_CHANGED:
		return ENGINE_CONNECT_HOSTKEY_CHANGED;
	default:
		return ENGINE_CONNECT_FAILED;
	}
}

static int
exec_accept_hostkey(void *ctx, const struct engine_hostkey *hk,
		    struct ou_error *err)
{
	return ssh_hostkey_accept(hk->opaque, err);
}

static void
exec_release_hostkey(void *ctx, struct engine_hostkey *hk)
{
	ssh_hostkey_release(hk->opaque);
	free(hk->opaque);
	memset(hk, 0, sizeof *hk);
}

static void
exec_disconnect(void *ctx, void *conn)
{
	ssh_conn_close(conn);
}

static bool
exec_alive(void *ctx, void *conn)
{
	return ssh_conn_is_alive(conn);
}

struct exec_output {
	engine_output_fn *fn;
	void *ctx;
};

static void
exec_forward(void *ctx, enum ssh_stream stream, const char *data, size_t len)
{
	struct exec_output *o = ctx;

	o->fn(o->ctx, stream == SSH_STREAM_STDERR, data, len);
}

/* A command killed on the host, timed out or cut off may have done part
 * of its work: its outcome is the operator's to judge. */
static enum engine_op_status
exec_run(void *ctx, void *conn, const char *command, unsigned timeout_ms,
	 engine_output_fn *out, void *out_ctx, int *exit_status,
	 struct ou_error *err)
{
	struct exec_output o = { .fn = out, .ctx = out_ctx };
	struct ssh_exec_opts opts = {
		.timeout_ms = timeout_ms,
		.keep = 1024,
		.on_output = exec_forward,
		.ctx = &o,
	};
	struct ssh_exec_result res;
	enum ssh_exec_outcome outcome;

	outcome = ssh_exec_command(conn, command, &opts, &res, err);
	*exit_status = res.exit_status;
	if (outcome == SSH_EXEC_SIGNALLED)
		ou_error_set(err, "killed on the host by SIG%s", res.signal);
	ssh_exec_result_release(&res);
	switch (outcome) {
	case SSH_EXEC_EXITED:
		return ENGINE_OP_OK;
	case SSH_EXEC_NOT_RUN:
		return ENGINE_OP_FAILED;
	default:
		return ENGINE_OP_UNKNOWN;
	}
}

static int
exec_read_file(void *ctx, void *conn, const char *path, size_t max,
	       char **data, size_t *len, struct ou_error *err)
{
	return ssh_read_file(conn, path, max, data, len, err);
}

static int
exec_write_file(void *ctx, void *conn, const char *path, const void *data,
		size_t len, struct ou_error *err)
{
	return ssh_write_file(conn, path, data, len, 0600, err);
}

/* ---- Nova -------------------------------------------------------------- */

static struct nova *
exec_nova(struct engine_exec *x, struct ou_error *err)
{
	if (x->api == NULL || x->api->nova == NULL) {
		ou_error_set(err, "this step calls the Nova API, and no "
			     "credentials were given (--os-cloud, --keystonerc "
			     "or the OS_* variables)");
		return NULL;
	}
	return x->api->nova;
}

static enum engine_op_status
exec_status(int rc)
{
	if (rc == NOVA_OK)
		return ENGINE_OP_OK;
	return rc == NOVA_UNKNOWN ? ENGINE_OP_UNKNOWN : ENGINE_OP_FAILED;
}

static void
exec_service_copy(const struct nova_service *s, struct engine_service *out)
{
	snprintf(out->host, sizeof out->host, "%s", s->host ? s->host : "");
	out->up = s->state != NULL && strcmp(s->state, "up") == 0;
	out->enabled = s->status != NULL && strcmp(s->status, "enabled") == 0;
}

static enum engine_op_status
exec_nova_service(void *ctx, const char *host, const char *binary,
		  struct engine_service *out, struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova_service *svcs = NULL;
	struct nova *nova;
	size_t n = 0;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_services(nova, host, binary, &svcs, &n, err);
	pthread_mutex_unlock(&x->nova_lock);
	if (rc == NOVA_OK && n == 0)
		rc = ou_error_set(err, "Nova lists no %s service on host %s",
				  binary, host);
	if (rc == NOVA_OK)
		exec_service_copy(&svcs[0], out);
	nova_services_free(svcs, n);
	return rc == NOVA_OK ? ENGINE_OP_OK : ENGINE_OP_FAILED;
}

static int
exec_nova_services(void *ctx, const char *binary, struct engine_service **out,
		   size_t *n, struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova_service *svcs = NULL;
	struct nova *nova;
	int rc = -1;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_services(nova, NULL, binary, &svcs, n, err);
	pthread_mutex_unlock(&x->nova_lock);
	if (rc != NOVA_OK) {
		*n = 0;
		return -1;
	}
	*out = xcalloc(*n + 1, sizeof **out);
	for (size_t i = 0; i < *n; i++)
		exec_service_copy(&svcs[i], &(*out)[i]);
	nova_services_free(svcs, *n);
	return 0;
}

static enum engine_op_status
exec_nova_disable(void *ctx, const char *host, const char *binary,
		  const char *reason, struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova *nova;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_service_disable(nova, host, binary, reason, NULL, err);
	pthread_mutex_unlock(&x->nova_lock);
	return exec_status(rc);
}

static enum engine_op_status
exec_nova_enable(void *ctx, const char *host, const char *binary,
		 struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova *nova;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_service_enable(nova, host, binary, NULL, err);
	pthread_mutex_unlock(&x->nova_lock);
	return exec_status(rc);
}

/* A GET the nova module has no call for (free disk, flavor sizes), on
 * the base API: the lock is held by the caller. */
static int
exec_get(struct engine_exec *x, const char *path, cJSON **json,
	 struct ou_error *err)
{
	struct nova *nova = exec_nova(x, err);
	struct http_response *resp = NULL;
	char *url;
	char *what;
	int rc;

	*json = NULL;
	if (nova == NULL || nova_connect(nova, err) < 0)
		return -1;
	url = xasprintf("%s%s", nova_endpoint(nova), path);
	what = xasprintf("GET %s", url);
	rc = keystone_send(x->api->keystone, &(struct http_request){
		.method = "GET", .url = url,
	}, &resp, err);
	if (rc == 0 && resp->outcome != HTTP_ANSWERED)
		rc = ou_error_set(err, "%s", resp->error.msg);
	else if (rc == 0 && (resp->status < 200 || resp->status > 299))
		rc = apijson_http_error(&(struct apijson){ .what = what,
							   .err = err }, resp);
	else if (rc == 0)
		rc = apijson_parse(&(struct apijson){ .what = what,
						      .err = err }, resp, json);
	http_response_free(resp);
	free(what);
	free(url);
	return rc;
}

static const char *
exec_json_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static long
exec_json_long(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(item) ? (long)item->valuedouble : 0;
}

static void
exec_read_compute(const cJSON *hv, struct engine_mig_compute *c)
{
	const cJSON *svc = cJSON_GetObjectItemCaseSensitive(hv, "service");
	const char *host = exec_json_string(svc, "host");
	const char *state = exec_json_string(hv, "state");
	const char *status = exec_json_string(hv, "status");

	c->host = xstrdup(host != NULL ? host : "?");
	c->up = state != NULL && strcmp(state, "up") == 0;
	c->enabled = status != NULL && strcmp(status, "enabled") == 0;
	c->free_ram_mb = exec_json_long(hv, "memory_mb") -
			 exec_json_long(hv, "memory_mb_used");
	c->free_vcpus = exec_json_long(hv, "vcpus") -
			exec_json_long(hv, "vcpus_used");
	c->free_disk_gb = exec_json_long(hv, "free_disk_gb");
}

static int
exec_nova_computes(void *ctx, struct engine_mig_compute **out, size_t *n,
		   struct ou_error *err)
{
	struct engine_exec *x = ctx;
	const cJSON *list;
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&x->nova_lock);
	rc = exec_get(x, "/os-hypervisors/detail", &json, err);
	pthread_mutex_unlock(&x->nova_lock);
	if (rc < 0)
		return -1;
	list = cJSON_GetObjectItemCaseSensitive(json, "hypervisors");
	*out = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof **out);
	for (const cJSON *hv = list != NULL ? list->child : NULL; hv != NULL;
	     hv = hv->next)
		exec_read_compute(hv, &(*out)[(*n)++]);
	cJSON_Delete(json);
	return 0;
}

/* The flavor's size: GET flavors/{id} (the lock is held). */
static int
exec_flavor(struct engine_exec *x, const cJSON *server,
	    struct engine_mig_instance *in, struct ou_error *err)
{
	const cJSON *flavor = cJSON_GetObjectItemCaseSensitive(server, "flavor");
	const char *id = exec_json_string(flavor, "id");
	cJSON *json = NULL;
	char *path;
	int rc;

	if (id == NULL) {
		/* From 2.47 the flavor is embedded. */
		in->ram_mb = exec_json_long(flavor, "ram");
		in->vcpus = exec_json_long(flavor, "vcpus");
		in->disk_gb = exec_json_long(flavor, "disk");
		return 0;
	}
	path = xasprintf("/flavors/%s", id);
	rc = exec_get(x, path, &json, err);
	free(path);
	if (rc == 0) {
		flavor = cJSON_GetObjectItemCaseSensitive(json, "flavor");
		in->ram_mb = exec_json_long(flavor, "ram");
		in->vcpus = exec_json_long(flavor, "vcpus");
		in->disk_gb = exec_json_long(flavor, "disk");
	}
	cJSON_Delete(json);
	return rc;
}

static int
exec_read_instances(struct engine_exec *x, const cJSON *json,
		    struct engine_mig_instance **out, size_t *n,
		    struct ou_error *err)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(json, "servers");

	*out = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof **out);
	for (const cJSON *s = list != NULL ? list->child : NULL; s != NULL;
	     s = s->next) {
		struct engine_mig_instance *in = &(*out)[(*n)++];
		const char *id = exec_json_string(s, "id");
		const char *name = exec_json_string(s, "name");
		const char *status = exec_json_string(s, "status");

		in->id = xstrdup(id != NULL ? id : "?");
		in->name = xstrdup(name != NULL ? name : "?");
		in->status = xstrdup(status != NULL ? status : "?");
		if (exec_flavor(x, s, in, err) < 0)
			return -1;
	}
	return 0;
}

static int
exec_nova_instances(void *ctx, const char *host,
		    struct engine_mig_instance **out, size_t *n,
		    struct ou_error *err)
{
	struct engine_exec *x = ctx;
	char *path = xasprintf("/servers/detail?all_tenants=1&host=%s", host);
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&x->nova_lock);
	rc = exec_get(x, path, &json, err);
	if (rc == 0)
		rc = exec_read_instances(x, json, out, n, err);
	pthread_mutex_unlock(&x->nova_lock);
	cJSON_Delete(json);
	free(path);
	return rc;
}

/* A cold migration can name its target only from compute API 2.56; below
 * it the scheduler chooses, and the engine reports where it went. */
static enum engine_op_status
exec_nova_migrate(void *ctx, const char *id, const char *host, bool live,
		  struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova *nova;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL && nova_connect(nova, err) == 0) {
		if (live)
			rc = nova_server_live_migrate(nova, id, host,
				nova_max_microversion(nova) >= 25
				? NOVA_BLOCK_MIGRATION_AUTO
				: NOVA_BLOCK_MIGRATION_NO, err);
		else
			rc = nova_server_migrate(nova, id,
				nova_max_microversion(nova) >= 56 ? host : NULL,
				err);
	}
	pthread_mutex_unlock(&x->nova_lock);
	return exec_status(rc);
}

static enum engine_op_status
exec_nova_confirm_resize(void *ctx, const char *id, struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova *nova;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_server_confirm_resize(nova, id, err);
	pthread_mutex_unlock(&x->nova_lock);
	return exec_status(rc);
}

static bool
exec_nova_cold_names_target(void *ctx)
{
	struct engine_exec *x = ctx;
	struct ou_error err;
	struct nova *nova;
	bool named = false;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, &err);
	if (nova != NULL && nova_connect(nova, &err) == 0)
		named = nova_max_microversion(nova) >= 56;
	pthread_mutex_unlock(&x->nova_lock);
	return named;
}

static int
exec_nova_server(void *ctx, const char *id, char status[32], char host[256],
		 struct ou_error *err)
{
	struct engine_exec *x = ctx;
	struct nova_server s = { .id = NULL };
	struct nova *nova;
	int rc = NOVA_ERROR;

	pthread_mutex_lock(&x->nova_lock);
	nova = exec_nova(x, err);
	if (nova != NULL)
		rc = nova_server_get(nova, id, &s, err);
	pthread_mutex_unlock(&x->nova_lock);
	if (rc == NOVA_OK) {
		snprintf(status, 32, "%s", s.status ? s.status : "");
		snprintf(host, 256, "%s", s.host ? s.host : "");
	}
	nova_server_release(&s);
	return rc == NOVA_OK ? 0 : -1;
}

/* ---- time ------------------------------------------------------------- */

static void
exec_sleep(void *ctx, unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		;
}

static double
exec_now(void *ctx)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

const struct engine_executor_ops engine_exec_ops = {
	.connect = exec_connect,
	.accept_hostkey = exec_accept_hostkey,
	.release_hostkey = exec_release_hostkey,
	.disconnect = exec_disconnect,
	.alive = exec_alive,
	.run_command = exec_run,
	.read_file = exec_read_file,
	.write_file = exec_write_file,
	.nova_service = exec_nova_service,
	.nova_services = exec_nova_services,
	.nova_disable = exec_nova_disable,
	.nova_enable = exec_nova_enable,
	.nova_computes = exec_nova_computes,
	.nova_instances = exec_nova_instances,
	.nova_migrate = exec_nova_migrate,
	.nova_confirm_resize = exec_nova_confirm_resize,
	.nova_cold_names_target = exec_nova_cold_names_target,
	.nova_server = exec_nova_server,
	.sleep_ms = exec_sleep,
	.now = exec_now,
};
