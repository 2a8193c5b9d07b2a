/* nova: see include/nova.h.
 *
 * Every call goes through nova_call(): it adds the microversion headers,
 * sends through keystone_send() (token, one renewal on 401), and turns
 * the three ways a request can end into the three outcomes.  The rest of
 * the file builds bodies and reads replies. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apijson.h"
#include "nova.h"
#include "strbuf.h"
#include "xalloc.h"

/* The microversions whose behaviour this client relies on. */
#define NOVA_MV_SERVICE_UUID 53
#define NOVA_MV_LIVE_AUTO 25
#define NOVA_MV_MIGRATE_HOST 56

struct nova {
	struct keystone *ks;
	struct http *http;
	char *endpoint_override;
	char *interface;
	char *region;
	long timeout_ms;
	bool fixed;		/* microversion given, not asked */
	int max_minor;		/* 0 = none */
	bool connected;
	char *endpoint;
	long last_status;
};

/* One request: path is relative to the endpoint; minor 0 = no header. */
struct nova_call {
	const char *method;
	const char *path;
	int minor;
	const cJSON *body;
};

static char *
nova_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* "none"/"legacy" → 0, "2.N" → N, "auto"/NULL → negotiate (-1). */
static int
nova_parse_microversion(const char *s, int *minor, struct ou_error *err)
{
	char *end;
	long n;

	if (s == NULL || strcmp(s, "auto") == 0) {
		*minor = -1;
		return 0;
	}
	if (strcmp(s, "none") == 0 || strcmp(s, "legacy") == 0 ||
	    strcmp(s, "2") == 0 || strcmp(s, "2.0") == 0) {
		*minor = 0;
		return 0;
	}
	if (strncmp(s, "2.", 2) == 0 && isdigit((unsigned char)s[2])) {
		n = strtol(s + 2, &end, 10);
		if (*end == '\0' && n >= 1 && n < 1000) {
			*minor = (int)n;
			return 0;
		}
	}
	return ou_error_set(err, "compute microversion '%s': expected auto, "
			    "none or 2.N", s);
}

struct nova *
nova_new(const struct nova_options *opt, struct ou_error *err)
{
	struct nova *nova;
	int minor = -1;

	if (nova_parse_microversion(opt->microversion, &minor, err) < 0)
		return NULL;
	nova = xcalloc(1, sizeof *nova);
	nova->ks = opt->keystone;
	nova->http = opt->http;
	nova->endpoint_override = nova_dup(opt->endpoint);
	nova->interface = nova_dup(opt->interface);
	nova->region = nova_dup(opt->region);
	nova->timeout_ms = opt->timeout_ms;
	nova->fixed = minor >= 0;
	nova->max_minor = minor >= 0 ? minor : 0;
	return nova;
}

void
nova_free(struct nova *nova)
{
	if (nova == NULL)
		return;
	free(nova->endpoint_override);
	free(nova->interface);
	free(nova->region);
	free(nova->endpoint);
	free(nova);
}

const char *
nova_endpoint(const struct nova *nova)
{
	return nova->endpoint;
}

int
nova_max_microversion(const struct nova *nova)
{
	return nova->max_minor;
}

long
nova_last_status(const struct nova *nova)
{
	return nova->last_status;
}

/* ---- one request ---- */

static bool
nova_is_mutating(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static int
nova_outcome(struct nova *nova, const struct apijson *ctx,
	     const struct nova_call *call, const struct http_response *resp)
{
	nova->last_status = resp->status;
	if (resp->outcome == HTTP_NOT_SENT)
		return ou_error_set(ctx->err, "%s", resp->error.msg);
	if (resp->outcome == HTTP_MAYBE_SENT) {
		if (!nova_is_mutating(call->method))
			return ou_error_set(ctx->err, "%s", resp->error.msg);
		ou_error_set(ctx->err, "%s: the call may or may not have taken "
			     "effect: read the state back", resp->error.msg);
		return NOVA_UNKNOWN;
	}
	if (resp->status < 200 || resp->status > 299)
		return apijson_http_error(ctx, resp);
	return NOVA_OK;
}

/* Send call to url; *json gets the reply's JSON when json is not NULL. */
static int
nova_send(struct nova *nova, const struct nova_call *call, const char *url,
	  cJSON **json, struct ou_error *err)
{
	char *what = xasprintf("%s %s", call->method, url);
	char *body = call->body != NULL ? cJSON_PrintUnformatted(call->body)
					: NULL;
	char version[32], legacy[16];
	struct http_header headers[] = {
		{ .name = "OpenStack-API-Version", .value = version },
		/* What servers before 2.27 read. */
		{ .name = "X-OpenStack-Nova-API-Version", .value = legacy },
	};
	struct http_request req = {
		.method = call->method,
		.url = url,
		.headers = headers,
		.n_headers = call->minor > 0 ? 2 : 0,
		.json_body = body,
		.timeout_ms = nova->timeout_ms,
	};
	struct apijson ctx = { .what = what, .err = err };
	struct http_response *resp = NULL;
	int rc;

	snprintf(version, sizeof version, "compute 2.%d", call->minor);
	snprintf(legacy, sizeof legacy, "2.%d", call->minor);
	nova->last_status = 0;
	rc = keystone_send(nova->ks, &req, &resp, err);
	if (rc == 0)
		rc = nova_outcome(nova, &ctx, call, resp);
	if (rc == NOVA_OK && json != NULL)
		rc = apijson_parse(&ctx, resp, json);
	http_response_free(resp);
	cJSON_free(body);
	free(what);
	return rc;
}

static int
nova_call(struct nova *nova, const struct nova_call *call, cJSON **json,
	  struct ou_error *err)
{
	char *url;
	int rc;

	if (nova_connect(nova, err) < 0)
		return NOVA_ERROR;
	url = xasprintf("%s%s", nova->endpoint, call->path);
	rc = nova_send(nova, call, url, json, err);
	free(url);
	return rc;
}

/* For a message: "GET http://.../os-services". */
static char *
nova_what(const struct nova *nova, const char *method, const char *path)
{
	return xasprintf("%s %s%s", method, nova->endpoint, path);
}

/* Percent-encode all but RFC 3986's unreserved characters. */
static char *
nova_escape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) != NULL)
			strbuf_addc(&sb, (char)c);
		else
			strbuf_addf(&sb, "%%%02X", c);
	}
	return strbuf_take(&sb);
}

/* The microversion a call that wants `wanted` may use: wanted itself, or
 * none at all when the server does not reach it. */
static int
nova_minor_for(const struct nova *nova, int wanted)
{
	return nova->max_minor >= wanted ? wanted : 0;
}

/* ---- connecting: endpoint and version ---- */

/* A version document's "version": "2.93" → 93, "" or absent → 0. */
static int
nova_version_minor(const struct apijson *ctx, const cJSON *version,
		   const char *path, int *minor)
{
	char *v = NULL;
	int rc = apijson_string(ctx, version, path, "version", false, &v);

	*minor = 0;
	if (rc == 0 && v != NULL && v[0] != '\0') {
		if (sscanf(v, "2.%d", minor) != 1 || *minor < 1)
			rc = ou_error_set(ctx->err, "%s: %s.version '%s' is not "
					  "of the form 2.N", ctx->what, path, v);
	}
	free(v);
	return rc;
}

/* The path part of a URL ("/v2.1"), "" when there is none. */
static const char *
nova_url_path(const char *url)
{
	const char *p = strstr(url, "://");
	const char *slash = strchr(p != NULL ? p + 3 : url, '/');

	return slash != NULL ? slash : "";
}

static bool
nova_link_matches(const cJSON *entry, const char *endpoint_path)
{
	const cJSON *link;
	size_t len = strlen(endpoint_path);

	cJSON_ArrayForEach(link, cJSON_GetObjectItemCaseSensitive(entry,
								  "links")) {
		const char *href = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(link, "href"));
		const char *path = href != NULL ? nova_url_path(href) : "";
		size_t plen = strlen(path);

		while (plen > 0 && path[plen - 1] == '/')
			plen--;
		if (plen > 0 && plen <= len &&
		    strncmp(endpoint_path, path, plen) == 0 &&
		    (endpoint_path[plen] == '/' || endpoint_path[plen] == '\0'))
			return true;
	}
	return false;
}

/* The root's "versions" list: the entry whose link is a prefix of the
 * endpoint's path (/v2/ for /v2/<tenant_id>, /v2.1/ for /v2.1). */
static int
nova_versions_minor(struct nova *nova, const struct apijson *ctx,
		    const cJSON *json, int *minor)
{
	const char *endpoint_path = nova_url_path(nova->endpoint);
	const cJSON *versions, *entry;
	size_t i = 0;

	if (apijson_array(ctx, json, "", "versions", true, &versions) < 0)
		return -1;
	cJSON_ArrayForEach(entry, versions) {
		char path[32];

		snprintf(path, sizeof path, "versions[%zu]", i++);
		if (cJSON_IsObject(entry) &&
		    nova_link_matches(entry, endpoint_path))
			return nova_version_minor(ctx, entry, path, minor);
	}
	return ou_error_set(ctx->err, "%s: no version in the list has a link "
			    "matching the endpoint path %s", ctx->what,
			    endpoint_path);
}

static char *
nova_root_url(const char *endpoint)
{
	const char *path = nova_url_path(endpoint);

	return xasprintf("%.*s/", (int)(path - endpoint), endpoint);
}

static int
nova_discover_root(struct nova *nova, struct ou_error *err)
{
	char *root = nova_root_url(nova->endpoint);
	char *what = xasprintf("GET %s", root);
	struct apijson ctx = { .what = what, .err = err };
	const struct nova_call call = { .method = "GET", .path = "" };
	cJSON *json = NULL;
	int rc = nova_send(nova, &call, root, &json, err);

	if (rc == NOVA_OK)
		rc = nova_versions_minor(nova, &ctx, json, &nova->max_minor);
	cJSON_Delete(json);
	free(what);
	free(root);
	return rc == NOVA_OK ? 0 : -1;
}

/* The endpoint's own version document first (GET /v2.1 answers with
 * it); Juno's /v2/<tenant_id> has none, so then the root's list. */
static int
nova_discover(struct nova *nova, struct ou_error *err)
{
	const struct nova_call call = { .method = "GET", .path = "" };
	char *what = nova_what(nova, "GET", "");
	struct apijson ctx = { .what = what, .err = err };
	const cJSON *version = NULL;
	cJSON *json = NULL;
	int rc = nova_send(nova, &call, nova->endpoint, &json, err);

	if (rc == NOVA_OK)
		rc = apijson_object(&ctx, json, "", "version", false, &version);
	if (rc == NOVA_OK && version != NULL)
		rc = nova_version_minor(&ctx, version, "version",
					&nova->max_minor);
	else
		rc = nova_discover_root(nova, err);
	if (rc < 0)
		ou_error_prefix(err, "cannot learn the compute API version "
				"(set it explicitly to skip this)");
	cJSON_Delete(json);
	free(what);
	return rc < 0 ? -1 : 0;
}

static int
nova_connect_endpoint(struct nova *nova, struct ou_error *err)
{
	const char *url = nova->endpoint_override;
	size_t len;

	if (url == NULL &&
	    keystone_endpoint(nova->ks, "compute", nova->interface,
			      nova->region, &url, err) < 0)
		return -1;
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	nova->endpoint = xstrndup(url, len);
	return 0;
}

int
nova_connect(struct nova *nova, struct ou_error *err)
{
	if (nova->connected)
		return 0;
	if (nova->endpoint == NULL && nova_connect_endpoint(nova, err) < 0)
		return -1;
	if (!nova->fixed && nova_discover(nova, err) < 0)
		return -1;
	nova->connected = true;
	return 0;
}

/* ---- services ---- */

/* Every list entry of these APIs is an object. */
static int
nova_read_list_item(const struct apijson *ctx, const cJSON *item,
		    const char *path)
{
	if (cJSON_IsObject(item))
		return 0;
	return ou_error_set(ctx->err, "%s: %s: expected an object", ctx->what,
			    path);
}

void
nova_service_release(struct nova_service *svc)
{
	if (svc == NULL)
		return;
	free(svc->id);
	free(svc->binary);
	free(svc->host);
	free(svc->zone);
	free(svc->status);
	free(svc->state);
	free(svc->updated_at);
	free(svc->disabled_reason);
	memset(svc, 0, sizeof *svc);
}

void
nova_services_free(struct nova_service *svcs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nova_service_release(&svcs[i]);
	free(svcs);
}

/* listed: an os-services list entry, which always has an id; an action
 * reply below 2.53 has none. */
static int
nova_read_service(const struct apijson *ctx, const cJSON *obj,
		  const char *path, bool listed, struct nova_service *svc)
{
	int rc = 0;

	memset(svc, 0, sizeof *svc);
	if (listed || cJSON_GetObjectItemCaseSensitive(obj, "id") != NULL)
		rc = apijson_id(ctx, obj, path, "id", &svc->id);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "binary", true, &svc->binary);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "host", true, &svc->host);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "zone", false, &svc->zone);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "status", false,
				    &svc->status);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "state", false, &svc->state);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "updated_at", false,
				    &svc->updated_at);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "disabled_reason", false,
				    &svc->disabled_reason);
	if (rc == 0)
		rc = apijson_bool(ctx, obj, path, "forced_down", false,
				  &svc->forced_down);
	if (rc < 0)
		nova_service_release(svc);
	return rc;
}

static int
nova_read_service_list(const struct apijson *ctx, const cJSON *json,
		       struct nova_service **out, size_t *n)
{
	const cJSON *list, *item;
	struct nova_service *svcs;
	size_t count = 0;

	if (apijson_array(ctx, json, "", "services", true, &list) < 0)
		return -1;
	svcs = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *svcs);
	cJSON_ArrayForEach(item, list) {
		char path[32];

		snprintf(path, sizeof path, "services[%zu]", count);
		if (nova_read_list_item(ctx, item, path) < 0 ||
		    nova_read_service(ctx, item, path, true,
				      &svcs[count]) < 0) {
			nova_services_free(svcs, count);
			return -1;
		}
		count++;
	}
	*out = svcs;
	*n = count;
	return 0;
}

static char *
nova_services_path(const char *host, const char *binary)
{
	struct strbuf sb = STRBUF_INIT;
	char *h = host != NULL ? nova_escape(host) : NULL;
	char *b = binary != NULL ? nova_escape(binary) : NULL;

	strbuf_adds(&sb, "/os-services");
	if (h != NULL)
		strbuf_addf(&sb, "?host=%s", h);
	if (b != NULL)
		strbuf_addf(&sb, "%cbinary=%s", h != NULL ? '&' : '?', b);
	free(h);
	free(b);
	return strbuf_take(&sb);
}

int
nova_services(struct nova *nova, const char *host, const char *binary,
	      struct nova_service **out, size_t *n, struct ou_error *err)
{
	char *path = nova_services_path(host, binary);
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (nova_connect(nova, err) < 0) {
		free(path);
		return NOVA_ERROR;
	}
	rc = nova_call(nova, &(struct nova_call){
		.method = "GET", .path = path,
		.minor = nova_minor_for(nova, NOVA_MV_SERVICE_UUID),
	}, &json, err);
	if (rc == NOVA_OK) {
		char *what = nova_what(nova, "GET", path);

		rc = nova_read_service_list(&(struct apijson){
			.what = what, .err = err }, json, out, n);
		free(what);
	}
	cJSON_Delete(json);
	free(path);
	return rc;
}

/* PUT path with body; the reply's "service" into out (if not NULL). */
static int
nova_service_put(struct nova *nova, const char *path, int minor,
		 const cJSON *body, struct nova_service *out,
		 struct ou_error *err)
{
	const cJSON *svc;
	cJSON *json = NULL;
	char *what = nova_what(nova, "PUT", path);
	struct apijson ctx = { .what = what, .err = err };
	int rc = nova_call(nova, &(struct nova_call){
		.method = "PUT", .path = path, .minor = minor, .body = body,
	}, &json, err);

	if (rc == NOVA_OK && apijson_object(&ctx, json, "", "service", true,
					    &svc) < 0)
		rc = NOVA_ERROR;
	if (rc == NOVA_OK && out != NULL &&
	    nova_read_service(&ctx, svc, "service", false, out) < 0)
		rc = NOVA_ERROR;
	cJSON_Delete(json);
	free(what);
	return rc;
}

/* The service's UUID, from a 2.53 listing filtered by host and binary. */
static int
nova_service_uuid(struct nova *nova, const char *host, const char *binary,
		  char **uuid, struct ou_error *err)
{
	struct nova_service *svcs = NULL;
	size_t n = 0;
	int rc = nova_services(nova, host, binary, &svcs, &n, err);

	if (rc == NOVA_OK && n != 1)
		rc = ou_error_set(err, "%s on host %s: Nova lists %zu such "
				  "services, expected exactly one", binary,
				  host, n);
	if (rc == NOVA_OK)
		*uuid = xstrdup(svcs[0].id);
	nova_services_free(svcs, n);
	return rc;
}

static int
nova_service_update_uuid(struct nova *nova, const char *host,
			 const char *binary, const cJSON *body,
			 struct nova_service *out, struct ou_error *err)
{
	char *uuid = NULL, *escaped, *path;
	int rc = nova_service_uuid(nova, host, binary, &uuid, err);

	if (rc != NOVA_OK)
		return rc;
	escaped = nova_escape(uuid);
	path = xasprintf("/os-services/%s", escaped);
	rc = nova_service_put(nova, path, NOVA_MV_SERVICE_UUID, body, out, err);
	free(path);
	free(escaped);
	free(uuid);
	return rc;
}

static cJSON *
nova_host_binary_body(const char *host, const char *binary)
{
	cJSON *body = cJSON_CreateObject();

	cJSON_AddStringToObject(body, "host", host);
	cJSON_AddStringToObject(body, "binary", binary);
	return body;
}

static int
nova_service_disable_legacy(struct nova *nova, const char *host,
			    const char *binary, const char *reason,
			    struct nova_service *out, struct ou_error *err)
{
	cJSON *body = nova_host_binary_body(host, binary);
	int rc;

	if (reason != NULL)
		cJSON_AddStringToObject(body, "disabled_reason", reason);
	rc = nova_service_put(nova, reason != NULL
				? "/os-services/disable-log-reason"
				: "/os-services/disable",
			      0, body, out, err);
	cJSON_Delete(body);
	return rc;
}

int
nova_service_disable(struct nova *nova, const char *host, const char *binary,
		     const char *reason, struct nova_service *out,
		     struct ou_error *err)
{
	cJSON *body;
	int rc;

	if (nova_connect(nova, err) < 0)
		return NOVA_ERROR;
	if (nova->max_minor < NOVA_MV_SERVICE_UUID)
		return nova_service_disable_legacy(nova, host, binary, reason,
						   out, err);
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "status", "disabled");
	if (reason != NULL)
		cJSON_AddStringToObject(body, "disabled_reason", reason);
	rc = nova_service_update_uuid(nova, host, binary, body, out, err);
	cJSON_Delete(body);
	return rc;
}

int
nova_service_enable(struct nova *nova, const char *host, const char *binary,
		    struct nova_service *out, struct ou_error *err)
{
	cJSON *body;
	int rc;

	if (nova_connect(nova, err) < 0)
		return NOVA_ERROR;
	if (nova->max_minor < NOVA_MV_SERVICE_UUID) {
		body = nova_host_binary_body(host, binary);
		rc = nova_service_put(nova, "/os-services/enable", 0, body,
				      out, err);
	} else {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "status", "enabled");
		rc = nova_service_update_uuid(nova, host, binary, body, out,
					      err);
	}
	cJSON_Delete(body);
	return rc;
}

/* ---- servers ---- */

void
nova_server_release(struct nova_server *server)
{
	if (server == NULL)
		return;
	free(server->id);
	free(server->name);
	free(server->status);
	free(server->host);
	free(server->task_state);
	free(server->vm_state);
	free(server->tenant_id);
	memset(server, 0, sizeof *server);
}

void
nova_servers_free(struct nova_server *servers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nova_server_release(&servers[i]);
	free(servers);
}

static int
nova_read_server(const struct apijson *ctx, const cJSON *obj,
		 const char *path, struct nova_server *s)
{
	int rc;

	memset(s, 0, sizeof *s);
	rc = apijson_string(ctx, obj, path, "id", true, &s->id);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "name", false, &s->name);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "status", true, &s->status);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "OS-EXT-SRV-ATTR:host",
				    false, &s->host);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "OS-EXT-STS:task_state",
				    false, &s->task_state);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "OS-EXT-STS:vm_state",
				    false, &s->vm_state);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "tenant_id", false,
				    &s->tenant_id);
	if (rc < 0)
		nova_server_release(s);
	return rc;
}

static int
nova_read_server_list(const struct apijson *ctx, const cJSON *json,
		      struct nova_server **out, size_t *n)
{
	const cJSON *list, *item;
	struct nova_server *servers;
	size_t count = 0;

	if (apijson_array(ctx, json, "", "servers", true, &list) < 0)
		return -1;
	servers = xcalloc((size_t)cJSON_GetArraySize(list) + 1,
			  sizeof *servers);
	cJSON_ArrayForEach(item, list) {
		char path[32];

		snprintf(path, sizeof path, "servers[%zu]", count);
		if (nova_read_list_item(ctx, item, path) < 0 ||
		    nova_read_server(ctx, item, path, &servers[count]) < 0) {
			nova_servers_free(servers, count);
			return -1;
		}
		count++;
	}
	*out = servers;
	*n = count;
	return 0;
}

int
nova_servers_on_host(struct nova *nova, const char *host,
		     struct nova_server **out, size_t *n, struct ou_error *err)
{
	char *escaped = nova_escape(host);
	char *path = xasprintf("/servers/detail?all_tenants=1&host=%s",
			       escaped);
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	rc = nova_call(nova, &(struct nova_call){
		.method = "GET", .path = path,
	}, &json, err);
	if (rc == NOVA_OK) {
		char *what = nova_what(nova, "GET", path);

		rc = nova_read_server_list(&(struct apijson){
			.what = what, .err = err }, json, out, n);
		free(what);
	}
	cJSON_Delete(json);
	free(path);
	free(escaped);
	return rc;
}

int
nova_server_get(struct nova *nova, const char *id, struct nova_server *out,
		struct ou_error *err)
{
	char *escaped = nova_escape(id);
	char *path = xasprintf("/servers/%s", escaped);
	const cJSON *server;
	cJSON *json = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	rc = nova_call(nova, &(struct nova_call){
		.method = "GET", .path = path,
	}, &json, err);
	if (rc == NOVA_OK) {
		char *what = nova_what(nova, "GET", path);
		struct apijson ctx = { .what = what, .err = err };

		if (apijson_object(&ctx, json, "", "server", true,
				   &server) < 0 ||
		    nova_read_server(&ctx, server, "server", out) < 0)
			rc = NOVA_ERROR;
		free(what);
	}
	cJSON_Delete(json);
	free(path);
	free(escaped);
	return rc;
}

/* ---- hypervisors ---- */

static void
nova_hypervisor_release(struct nova_hypervisor *hv)
{
	free(hv->id);
	free(hv->hostname);
	free(hv->host);
	free(hv->state);
	free(hv->status);
	memset(hv, 0, sizeof *hv);
}

void
nova_hypervisors_free(struct nova_hypervisor *hvs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nova_hypervisor_release(&hvs[i]);
	free(hvs);
}

static int
nova_read_hypervisor_numbers(const struct apijson *ctx, const cJSON *obj,
			     const char *path, struct nova_hypervisor *hv)
{
	const struct {
		const char *key;
		long *out;
	} numbers[] = {
		{ .key = "running_vms", .out = &hv->running_vms },
		{ .key = "vcpus", .out = &hv->vcpus },
		{ .key = "vcpus_used", .out = &hv->vcpus_used },
		{ .key = "memory_mb", .out = &hv->memory_mb },
		{ .key = "memory_mb_used", .out = &hv->memory_mb_used },
	};

	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		if (apijson_long(ctx, obj, path, numbers[i].key, -1,
				 numbers[i].out) < 0)
			return -1;
	return 0;
}

static int
nova_read_hypervisor(const struct apijson *ctx, const cJSON *obj,
		     const char *path, struct nova_hypervisor *hv)
{
	char svcpath[64];
	const cJSON *service = NULL;
	int rc;

	memset(hv, 0, sizeof *hv);
	snprintf(svcpath, sizeof svcpath, "%s.service", path);
	rc = apijson_id(ctx, obj, path, "id", &hv->id);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "hypervisor_hostname", true,
				    &hv->hostname);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "state", false, &hv->state);
	if (rc == 0)
		rc = apijson_string(ctx, obj, path, "status", false,
				    &hv->status);
	if (rc == 0)
		rc = apijson_object(ctx, obj, path, "service", false, &service);
	if (rc == 0 && service != NULL)
		rc = apijson_string(ctx, service, svcpath, "host", false,
				    &hv->host);
	if (rc == 0)
		rc = nova_read_hypervisor_numbers(ctx, obj, path, hv);
	if (rc < 0)
		nova_hypervisor_release(hv);
	return rc;
}

static int
nova_read_hypervisor_list(const struct apijson *ctx, const cJSON *json,
			  struct nova_hypervisor **out, size_t *n)
{
	const cJSON *list, *item;
	struct nova_hypervisor *hvs;
	size_t count = 0;

	if (apijson_array(ctx, json, "", "hypervisors", true, &list) < 0)
		return -1;
	hvs = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *hvs);
	cJSON_ArrayForEach(item, list) {
		char path[32];

		snprintf(path, sizeof path, "hypervisors[%zu]", count);
		if (nova_read_list_item(ctx, item, path) < 0 ||
		    nova_read_hypervisor(ctx, item, path, &hvs[count]) < 0) {
			nova_hypervisors_free(hvs, count);
			return -1;
		}
		count++;
	}
	*out = hvs;
	*n = count;
	return 0;
}

int
nova_hypervisors(struct nova *nova, struct nova_hypervisor **out, size_t *n,
		 struct ou_error *err)
{
	const char *path = "/os-hypervisors/detail";
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (nova_connect(nova, err) < 0)
		return NOVA_ERROR;
	rc = nova_call(nova, &(struct nova_call){
		.method = "GET", .path = path,
		.minor = nova_minor_for(nova, NOVA_MV_SERVICE_UUID),
	}, &json, err);
	if (rc == NOVA_OK) {
		char *what = nova_what(nova, "GET", path);

		rc = nova_read_hypervisor_list(&(struct apijson){
			.what = what, .err = err }, json, out, n);
		free(what);
	}
	cJSON_Delete(json);
	return rc;
}

/* ---- server actions ---- */

static int
nova_server_action(struct nova *nova, const char *id, int minor,
		   const cJSON *body, struct ou_error *err)
{
	char *escaped = nova_escape(id);
	char *path = xasprintf("/servers/%s/action", escaped);
	int rc = nova_call(nova, &(struct nova_call){
		.method = "POST", .path = path, .minor = minor, .body = body,
	}, NULL, err);

	free(path);
	free(escaped);
	return rc;
}

static void
nova_add_host(cJSON *obj, const char *host)
{
	if (host != NULL)
		cJSON_AddStringToObject(obj, "host", host);
	else
		cJSON_AddNullToObject(obj, "host");
}

int
nova_server_live_migrate(struct nova *nova, const char *id, const char *host,
			 enum nova_block_migration block, struct ou_error *err)
{
	cJSON *body = cJSON_CreateObject();
	cJSON *lm = cJSON_AddObjectToObject(body, "os-migrateLive");
	int minor;
	int rc;

	if (nova_connect(nova, err) < 0) {
		cJSON_Delete(body);
		return NOVA_ERROR;
	}
	minor = nova_minor_for(nova, NOVA_MV_LIVE_AUTO);
	nova_add_host(lm, host);
	if (minor > 0 && block == NOVA_BLOCK_MIGRATION_AUTO) {
		cJSON_AddStringToObject(lm, "block_migration", "auto");
	} else {
		cJSON_AddBoolToObject(lm, "block_migration",
				      block == NOVA_BLOCK_MIGRATION_YES);
		if (minor == 0)
			cJSON_AddBoolToObject(lm, "disk_over_commit", 0);
	}
	rc = nova_server_action(nova, id, minor, body, err);
	cJSON_Delete(body);
	return rc;
}

int
nova_server_migrate(struct nova *nova, const char *id, const char *host,
		    struct ou_error *err)
{
	cJSON *body;
	int rc;

	if (nova_connect(nova, err) < 0)
		return NOVA_ERROR;
	if (host != NULL && nova->max_minor < NOVA_MV_MIGRATE_HOST)
		return ou_error_set(err, "cold migration of %s to host %s: "
				    "naming the target host needs compute API "
				    "2.%d, and this client may use at most "
				    "2.%d here", id, host, NOVA_MV_MIGRATE_HOST,
				    nova->max_minor > 0 ? nova->max_minor : 1);
	body = cJSON_CreateObject();
	if (host != NULL)
		nova_add_host(cJSON_AddObjectToObject(body, "migrate"), host);
	else
		cJSON_AddNullToObject(body, "migrate");
	rc = nova_server_action(nova, id,
				host != NULL ? NOVA_MV_MIGRATE_HOST : 0, body,
				err);
	cJSON_Delete(body);
	return rc;
}

int
nova_server_confirm_resize(struct nova *nova, const char *id,
			   struct ou_error *err)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	cJSON_AddNullToObject(body, "confirmResize");
	rc = nova_server_action(nova, id, 0, body, err);
	cJSON_Delete(body);
	return rc;
}
