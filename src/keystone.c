/* keystone: see include/keystone.h.
 *
 * Both API versions end in the same place: a token string, an expiry,
 * and a flat list of (service type, interface, region, URL) rows.  A v2.0
 * endpoint, which carries publicURL, internalURL and adminURL at once,
 * becomes three rows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apijson.h"
#include "keystone.h"
#include "strbuf.h"
#include "xalloc.h"

#define KEYSTONE_DEFAULT_MARGIN_S 300

struct ks_endpoint {
	char *type;
	char *interface;
	char *region;
	char *url;
};

struct keystone {
	const struct creds *creds;
	struct http *http;
	long timeout_ms;
	unsigned margin_s;
	keystone_clock_fn *clock;
	void *clock_arg;
	char *token;
	time_t issued_at;	/* by our clock, for short-lived tokens */
	time_t expires_at;
	char *project_id;
	struct ks_endpoint *endpoints;
	size_t n_endpoints;
};

/* What one authentication produced, before it replaces the cache. */
struct ks_grant {
	char *token;
	time_t expires_at;
	char *project_id;
	struct ks_endpoint *endpoints;
	size_t n_endpoints;
};

static time_t
ks_now(const struct keystone *ks)
{
	return ks->clock != NULL ? ks->clock(ks->clock_arg) : time(NULL);
}

struct keystone *
keystone_new(const struct keystone_options *opt)
{
	struct keystone *ks = xcalloc(1, sizeof *ks);

	ks->creds = opt->creds;
	ks->http = opt->http;
	ks->timeout_ms = opt->timeout_ms;
	ks->margin_s = opt->renew_margin_s > 0 ? opt->renew_margin_s
					       : KEYSTONE_DEFAULT_MARGIN_S;
	ks->clock = opt->clock;
	ks->clock_arg = opt->clock_arg;
	return ks;
}

static void
ks_endpoints_free(struct ks_endpoint *eps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(eps[i].type);
		free(eps[i].interface);
		free(eps[i].region);
		free(eps[i].url);
	}
	free(eps);
}

static void
ks_free_token(char *token)
{
	if (token != NULL)
		explicit_bzero(token, strlen(token));
	free(token);
}

static void
ks_grant_release(struct ks_grant *g)
{
	ks_free_token(g->token);
	free(g->project_id);
	ks_endpoints_free(g->endpoints, g->n_endpoints);
	memset(g, 0, sizeof *g);
}

void
keystone_invalidate(struct keystone *ks)
{
	ks_free_token(ks->token);
	ks->token = NULL;
	ks->expires_at = 0;
}

void
keystone_free(struct keystone *ks)
{
	if (ks == NULL)
		return;
	keystone_invalidate(ks);
	free(ks->project_id);
	ks_endpoints_free(ks->endpoints, ks->n_endpoints);
	free(ks);
}

time_t
keystone_expires_at(const struct keystone *ks)
{
	return ks->token != NULL ? ks->expires_at : 0;
}

const char *
keystone_project_id(const struct keystone *ks)
{
	return ks->project_id;
}

/* ---- the request ---- */

/* {auth_url} without a trailing version, then /v3/auth/tokens or
 * /v2.0/tokens: an OS_AUTH_URL may or may not name the version. */
static char *
ks_tokens_url(const struct creds *c)
{
	size_t len = strlen(c->auth_url);
	const char *suffix = c->identity_version == 2 ? "/v2.0/tokens"
						      : "/v3/auth/tokens";

	while (len > 0 && c->auth_url[len - 1] == '/')
		len--;
	if (len >= 3 && strncmp(c->auth_url + len - 3, "/v3", 3) == 0)
		len -= 3;
	else if (len >= 5 && strncmp(c->auth_url + len - 5, "/v2.0", 5) == 0)
		len -= 5;
	return xasprintf("%.*s%s", (int)len, c->auth_url, suffix);
}

/* {"name": N, "domain": {...}} or {"id": I}; a name needs a domain, and
 * "default" is the one every deployment has. */
static cJSON *
ks_v3_named(const char *name, const char *id, const char *domain_name,
	    const char *domain_id)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *domain;

	if (id != NULL) {
		cJSON_AddStringToObject(obj, "id", id);
		return obj;
	}
	cJSON_AddStringToObject(obj, "name", name);
	domain = cJSON_AddObjectToObject(obj, "domain");
	if (domain_id != NULL)
		cJSON_AddStringToObject(domain, "id", domain_id);
	else if (domain_name != NULL)
		cJSON_AddStringToObject(domain, "name", domain_name);
	else
		cJSON_AddStringToObject(domain, "id", "default");
	return obj;
}

static cJSON *
ks_v3_body(const struct creds *c)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *auth = cJSON_AddObjectToObject(root, "auth");
	cJSON *identity = cJSON_AddObjectToObject(auth, "identity");
	cJSON *methods = cJSON_AddArrayToObject(identity, "methods");
	cJSON *user = ks_v3_named(c->username, c->user_id, c->user_domain_name,
				  c->user_domain_id);
	cJSON *scope = cJSON_AddObjectToObject(auth, "scope");

	cJSON_AddItemToArray(methods, cJSON_CreateString("password"));
	cJSON_AddStringToObject(user, "password", c->password);
	cJSON_AddItemToObject(cJSON_AddObjectToObject(identity, "password"),
			      "user", user);
	cJSON_AddItemToObject(scope, "project",
			      ks_v3_named(c->project_name, c->project_id,
					  c->project_domain_name,
					  c->project_domain_id));
	return root;
}

static cJSON *
ks_v2_body(const struct creds *c)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *auth = cJSON_AddObjectToObject(root, "auth");
	cJSON *pc = cJSON_AddObjectToObject(auth, "passwordCredentials");

	if (c->username != NULL)
		cJSON_AddStringToObject(pc, "username", c->username);
	else
		cJSON_AddStringToObject(pc, "userId", c->user_id);
	cJSON_AddStringToObject(pc, "password", c->password);
	if (c->project_id != NULL)
		cJSON_AddStringToObject(auth, "tenantId", c->project_id);
	else
		cJSON_AddStringToObject(auth, "tenantName", c->project_name);
	return root;
}

/* Every string of the tree, wiped: one of them is the password. */
static void
ks_json_wipe(cJSON *item)
{
	for (; item != NULL; item = item->next) {
		if (cJSON_IsString(item) && item->valuestring != NULL)
			explicit_bzero(item->valuestring,
				       strlen(item->valuestring));
		ks_json_wipe(item->child);
	}
}

static struct http_response *
ks_post_auth(struct keystone *ks, const char *url)
{
	const struct creds *c = ks->creds;
	cJSON *body = c->identity_version == 2 ? ks_v2_body(c) : ks_v3_body(c);
	char *text = cJSON_PrintUnformatted(body);
	struct http_request req = {
		.method = "POST",
		.url = url,
		.json_body = text,
		.timeout_ms = ks->timeout_ms,
	};
	struct http_response *resp = http_perform(ks->http, &req);

	explicit_bzero(text, strlen(text));
	cJSON_free(text);
	ks_json_wipe(body);
	cJSON_Delete(body);
	return resp;
}

/* ---- the reply ---- */

/* "2026-11-25T19:30:30.000000Z" or "2014-01-31T15:30:58Z", always UTC. */
static int
ks_parse_time(const struct apijson *ctx, const char *field, const char *s,
	      time_t *out)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n == 0)
		return ou_error_set(ctx->err, "%s: %s '%s' is not a time of "
				    "the form 2014-01-31T15:30:58Z", ctx->what,
				    field, s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

static void
ks_grant_add(struct ks_grant *g, const char *type, const char *interface,
	     const char *region, const char *url)
{
	struct ks_endpoint *ep;

	g->endpoints = xreallocarray(g->endpoints, g->n_endpoints + 1,
				     sizeof *g->endpoints);
	ep = &g->endpoints[g->n_endpoints++];
	ep->type = xstrdup(type);
	ep->interface = xstrdup(interface);
	ep->region = xstrdup(region != NULL ? region : "");
	ep->url = xstrdup(url);
}

static int
ks_v3_endpoint(const struct apijson *ctx, const cJSON *ep, const char *path,
	       const char *type, struct ks_grant *g)
{
	char *interface = NULL, *region = NULL, *url = NULL;
	int rc = -1;

	if (apijson_string(ctx, ep, path, "interface", true, &interface) == 0 &&
	    apijson_string(ctx, ep, path, "region_id", false, &region) == 0 &&
	    (region != NULL ||
	     apijson_string(ctx, ep, path, "region", false, &region) == 0) &&
	    apijson_string(ctx, ep, path, "url", true, &url) == 0) {
		ks_grant_add(g, type, interface, region, url);
		rc = 0;
	}
	free(interface);
	free(region);
	free(url);
	return rc;
}

/* Both versions list services, each with a type and endpoints; only the
 * shape of an endpoint differs, so the caller names its reader. */
typedef int ks_endpoint_fn(const struct apijson *ctx, const cJSON *ep,
			   const char *path, const char *type,
			   struct ks_grant *g);

static int
ks_catalog_service(const struct apijson *ctx, const cJSON *svc,
		   const char *path, ks_endpoint_fn *read_endpoint,
		   struct ks_grant *g)
{
	char eppath[96];
	const cJSON *eps, *ep;
	char *type = NULL;
	size_t j = 0;
	int rc;

	rc = apijson_string(ctx, svc, path, "type", true, &type);
	if (rc == 0)
		rc = apijson_array(ctx, svc, path, "endpoints", true, &eps);
	if (rc == 0) {
		cJSON_ArrayForEach(ep, eps) {
			snprintf(eppath, sizeof eppath, "%s.endpoints[%zu]",
				 path, j++);
			rc = read_endpoint(ctx, ep, eppath, type, g);
			if (rc < 0)
				break;
		}
	}
	free(type);
	return rc;
}

static int
ks_v3_service(const struct apijson *ctx, const cJSON *svc, size_t i,
	      struct ks_grant *g)
{
	char path[64];

	snprintf(path, sizeof path, "token.catalog[%zu]", i);
	return ks_catalog_service(ctx, svc, path, ks_v3_endpoint, g);
}

static int
ks_v3_grant(const struct apijson *ctx, const struct http_response *resp,
	    const cJSON *json, struct ks_grant *g)
{
	const char *subject = http_response_header(resp, "X-Subject-Token");
	const cJSON *token, *project, *catalog, *svc;
	char *expires = NULL;
	size_t i = 0;
	int rc;

	if (subject == NULL || subject[0] == '\0')
		return ou_error_set(ctx->err, "%s: the reply has no "
				    "X-Subject-Token header", ctx->what);
	g->token = xstrdup(subject);
	rc = apijson_object(ctx, json, "", "token", true, &token);
	if (rc == 0)
		rc = apijson_string(ctx, token, "token", "expires_at", true,
				    &expires);
	if (rc == 0)
		rc = ks_parse_time(ctx, "token.expires_at", expires,
				   &g->expires_at);
	if (rc == 0)
		rc = apijson_object(ctx, token, "token", "project", true,
				    &project);
	if (rc == 0)
		rc = apijson_string(ctx, project, "token.project", "id", true,
				    &g->project_id);
	if (rc == 0)
		rc = apijson_array(ctx, token, "token", "catalog", false,
				   &catalog);
	free(expires);
	if (rc < 0 || catalog == NULL)
		return rc;
	cJSON_ArrayForEach(svc, catalog)
		if (ks_v3_service(ctx, svc, i++, g) < 0)
			return -1;
	return 0;
}

static int
ks_v2_endpoint(const struct apijson *ctx, const cJSON *ep, const char *path,
	       const char *type, struct ks_grant *g)
{
	static const struct {
		const char *key;
		const char *interface;
	} urls[] = {
		{ .key = "publicURL", .interface = "public" },
		{ .key = "internalURL", .interface = "internal" },
		{ .key = "adminURL", .interface = "admin" },
	};
	char *region = NULL;

	if (apijson_string(ctx, ep, path, "region", false, &region) < 0)
		return -1;
	for (size_t k = 0; k < sizeof urls / sizeof urls[0]; k++) {
		char *url = NULL;

		if (apijson_string(ctx, ep, path, urls[k].key, false,
				   &url) < 0) {
			free(region);
			return -1;
		}
		if (url != NULL)
			ks_grant_add(g, type, urls[k].interface, region, url);
		free(url);
	}
	free(region);
	return 0;
}

static int
ks_v2_service(const struct apijson *ctx, const cJSON *svc, size_t i,
	      struct ks_grant *g)
{
	char path[64];

	snprintf(path, sizeof path, "access.serviceCatalog[%zu]", i);
	return ks_catalog_service(ctx, svc, path, ks_v2_endpoint, g);
}

static int
ks_v2_grant(const struct apijson *ctx, const cJSON *json, struct ks_grant *g)
{
	const cJSON *access, *token, *tenant, *catalog, *svc;
	char *expires = NULL;
	size_t i = 0;
	int rc;

	rc = apijson_object(ctx, json, "", "access", true, &access);
	if (rc == 0)
		rc = apijson_object(ctx, access, "access", "token", true, &token);
	if (rc == 0)
		rc = apijson_string(ctx, token, "access.token", "id", true,
				    &g->token);
	if (rc == 0)
		rc = apijson_string(ctx, token, "access.token", "expires", true,
				    &expires);
	if (rc == 0)
		rc = ks_parse_time(ctx, "access.token.expires", expires,
				   &g->expires_at);
	if (rc == 0)
		rc = apijson_object(ctx, token, "access.token", "tenant", true,
				    &tenant);
	if (rc == 0)
		rc = apijson_string(ctx, tenant, "access.token.tenant", "id",
				    true, &g->project_id);
	if (rc == 0)
		rc = apijson_array(ctx, access, "access", "serviceCatalog",
				   false, &catalog);
	free(expires);
	if (rc < 0 || catalog == NULL)
		return rc;
	cJSON_ArrayForEach(svc, catalog)
		if (ks_v2_service(ctx, svc, i++, g) < 0)
			return -1;
	return 0;
}

static int
ks_read_grant(const struct apijson *ctx, const struct creds *c,
	      const struct http_response *resp, struct ks_grant *g)
{
	cJSON *json = NULL;
	int rc;

	if (resp->outcome != HTTP_ANSWERED)
		return ou_error_set(ctx->err, "%s", resp->error.msg);
	if (resp->status < 200 || resp->status > 299)
		return apijson_http_error(ctx, resp);
	if (apijson_parse(ctx, resp, &json) < 0)
		return -1;
	rc = c->identity_version == 2 ? ks_v2_grant(ctx, json, g)
				      : ks_v3_grant(ctx, resp, json, g);
	cJSON_Delete(json);
	return rc;
}

/* ---- the cache ---- */

static void
ks_adopt(struct keystone *ks, struct ks_grant *g)
{
	keystone_invalidate(ks);
	free(ks->project_id);
	ks_endpoints_free(ks->endpoints, ks->n_endpoints);
	ks->token = g->token;
	ks->expires_at = g->expires_at;
	ks->issued_at = ks_now(ks);
	ks->project_id = g->project_id;
	ks->endpoints = g->endpoints;
	ks->n_endpoints = g->n_endpoints;
	memset(g, 0, sizeof *g);
}

int
keystone_authenticate(struct keystone *ks, struct ou_error *err)
{
	const struct creds *c = ks->creds;
	struct ks_grant g = { .token = NULL };
	struct http_response *resp;
	char *url, *what;
	int rc;

	if (c->password == NULL)
		return ou_error_set(err, "%s: no password given", c->origin);
	url = ks_tokens_url(c);
	what = xasprintf("POST %s", url);
	resp = ks_post_auth(ks, url);
	rc = ks_read_grant(&(struct apijson){ .what = what, .err = err }, c,
			   resp, &g);
	if (rc == 0)
		ks_adopt(ks, &g);
	ks_grant_release(&g);
	http_response_free(resp);
	free(what);
	free(url);
	return rc;
}

/* Renew margin, but never more than half the token's life, so a token
 * that lives less than the margin is not renewed on every call. */
static bool
ks_token_fresh(const struct keystone *ks)
{
	time_t now = ks_now(ks);
	time_t margin = ks->margin_s;
	time_t life = ks->expires_at - ks->issued_at;

	if (ks->token == NULL)
		return false;
	if (life / 2 < margin)
		margin = life / 2;
	return now < ks->expires_at - margin;
}

int
keystone_token(struct keystone *ks, const char **token, struct ou_error *err)
{
	if (!ks_token_fresh(ks) && keystone_authenticate(ks, err) < 0)
		return -1;
	*token = ks->token;
	return 0;
}

/* ---- the catalog ---- */

static int
ks_no_endpoint(const struct keystone *ks, const char *type,
	       const char *interface, const char *region, struct ou_error *err)
{
	struct strbuf have = STRBUF_INIT;

	for (size_t i = 0; i < ks->n_endpoints; i++) {
		const struct ks_endpoint *ep = &ks->endpoints[i];

		if (strcmp(ep->type, type) == 0)
			strbuf_addf(&have, "%s%s in %s", have.len ? ", " : "",
				    ep->interface,
				    ep->region[0] ? ep->region : "no region");
	}
	ou_error_set(err, "the catalog has no %s endpoint for interface %s%s%s "
		     "(%s%s)", type, interface, region ? " in region " : "",
		     region ? region : "",
		     have.len ? "it has: " : "no endpoint of that type at all",
		     strbuf_str(&have));
	strbuf_release(&have);
	return -1;
}

int
keystone_endpoint(struct keystone *ks, const char *service_type,
		  const char *interface, const char *region, const char **url,
		  struct ou_error *err)
{
	const char *token;

	if (keystone_token(ks, &token, err) < 0)
		return -1;
	if (interface == NULL)
		interface = ks->creds->interface != NULL ? ks->creds->interface
							 : "public";
	if (region == NULL)
		region = ks->creds->region_name;
	for (size_t i = 0; i < ks->n_endpoints; i++) {
		const struct ks_endpoint *ep = &ks->endpoints[i];

		if (strcmp(ep->type, service_type) == 0 &&
		    strcmp(ep->interface, interface) == 0 &&
		    (region == NULL || strcmp(ep->region, region) == 0)) {
			*url = ep->url;
			return 0;
		}
	}
	return ks_no_endpoint(ks, service_type, interface, region, err);
}

/* ---- service calls ---- */

static struct http_response *
ks_send_with_token(struct keystone *ks, const struct http_request *req,
		   const char *token)
{
	struct http_header *headers = xreallocarray(NULL, req->n_headers + 1,
						    sizeof *headers);
	struct http_request sent = *req;
	struct http_response *resp;

	if (req->n_headers > 0)
		memcpy(headers, req->headers, req->n_headers * sizeof *headers);
	headers[req->n_headers] = (struct http_header){
		.name = "X-Auth-Token", .value = token,
	};
	sent.headers = headers;
	sent.n_headers = req->n_headers + 1;
	resp = http_perform(ks->http, &sent);
	free(headers);
	return resp;
}

int
keystone_send(struct keystone *ks, const struct http_request *req,
	      struct http_response **resp, struct ou_error *err)
{
	const char *token;

	*resp = NULL;
	if (keystone_token(ks, &token, err) < 0)
		return -1;
	*resp = ks_send_with_token(ks, req, token);
	if ((*resp)->outcome != HTTP_ANSWERED || (*resp)->status != 401)
		return 0;
	/* Revoked or expired early: one new token, one more try. */
	http_response_free(*resp);
	*resp = NULL;
	if (keystone_authenticate(ks, err) < 0)
		return -1;
	*resp = ks_send_with_token(ks, req, ks->token);
	return 0;
}
