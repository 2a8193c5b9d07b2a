/* Tests for keystone, against a real HTTP server on 127.0.0.1
 * (tests/tools/responder.py) replaying Keystone's recorded replies.
 *
 * Keystone's v2.0 API cannot be run here: the lab's release (Zed) has
 * none.  The v2.0 tests replay tests/data/api/v2-token-response.json,
 * written from the public v2.0 API reference (see its README). */
#include "config.h"

#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "keystone.h"
#include "responder.h"
#include "strbuf.h"
#include "xalloc.h"

#define PASSWORD "Pw-never-shown-7"
#define TOKEN_1 "gAAAAA-token-one"
#define TOKEN_2 "gAAAAA-token-two"
/* token-response.json's expires_at, 2026-11-25T19:30:30Z. */
#define EXPIRES_AT ((time_t)1795635030)

struct fixture {
	struct responder *r;
	struct http *http;
	struct creds creds;
	char *auth_url;
	struct keystone *ks;
	time_t now;
	struct strbuf trace;
};

static time_t
fixture_clock(void *arg)
{
	return ((struct fixture *)arg)->now;
}

static void
fixture_trace(void *arg, const char *line)
{
	struct fixture *f = arg;

	strbuf_addf(&f->trace, "%s\n", line);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	f->r = responder_new();
	f->http = http_new(NULL, NULL);
	http_set_trace(f->http, fixture_trace, f);
	/* A day before expiry: the token the recorded reply grants is new. */
	f->now = EXPIRES_AT - 86400;
	f->creds = (struct creds){
		.origin = "test", .identity_version = 3,
		.username = "admin", .password = PASSWORD,
		.project_name = "admin", .user_domain_name = "Default",
		.project_domain_name = "Default", .interface = "public",
	};
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	keystone_free(f->ks);
	http_free(f->http);
	responder_free(f->r);
	strbuf_release(&f->trace);
	free(f->auth_url);
	free(f);
	return 0;
}

/* Start the responder and make the client; auth_path is appended to the
 * responder's URL to form the auth URL. */
static void
start(struct fixture *f, const char *auth_path)
{
	responder_start(f->r);
	f->auth_url = xstrdup(responder_url(f->r, auth_path));
	f->creds.auth_url = f->auth_url;
	f->ks = keystone_new(&(struct keystone_options){
		.creds = &f->creds, .http = f->http, .timeout_ms = 5000,
		.clock = fixture_clock, .clock_arg = f,
	});
}

static void
reply_v3_token(struct fixture *f, const char *token)
{
	char *headers = xasprintf("X-Subject-Token: %s", token);

	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
		.headers = headers, .body_file = "api/token-response.json",
	});
	free(headers);
}

static void
reply(struct fixture *f, const char *method, const char *path, int status,
      const char *body)
{
	responder_reply(f->r, &(struct responder_reply){
		.method = method, .path = path, .status = status, .body = body,
	});
}

static const char *
must_token(struct fixture *f)
{
	struct ou_error err = { .msg = "" };
	const char *token = NULL;

	if (keystone_token(f->ks, &token, &err) < 0)
		fail_msg("%s", err.msg);
	return token;
}

static cJSON *
request_json(struct fixture *f, size_t i)
{
	cJSON *json = cJSON_Parse(responder_body(f->r, i));

	assert_non_null(json);
	return json;
}

static const char *
json_at(const cJSON *json, const char *const *path)
{
	for (; *path != NULL; path++) {
		json = cJSON_GetObjectItemCaseSensitive(json, *path);
		assert_non_null(json);
	}
	return cJSON_GetStringValue(json);
}

/* ---- v3 ---- */

static void
test_v3_auth_posts_password_and_project_scope_and_keeps_the_subject_token(
	void **state)
{
	struct fixture *f = *state;
	cJSON *body;

	reply_v3_token(f, TOKEN_1);
	start(f, "/v3");
	assert_string_equal(must_token(f), TOKEN_1);
	assert_int_equal(responder_count(f->r), 1);
	assert_string_equal(responder_header(f->r, 0, "Content-Type"),
			    "application/json");
	body = request_json(f, 0);
	assert_string_equal(json_at(body, (const char *[]){ "auth", "identity",
		"password", "user", "name", NULL }), "admin");
	assert_string_equal(json_at(body, (const char *[]){ "auth", "identity",
		"password", "user", "password", NULL }), PASSWORD);
	assert_string_equal(json_at(body, (const char *[]){ "auth", "identity",
		"password", "user", "domain", "name", NULL }), "Default");
	assert_string_equal(json_at(body, (const char *[]){ "auth", "scope",
		"project", "name", NULL }), "admin");
	assert_string_equal(json_at(body, (const char *[]){ "auth", "scope",
		"project", "domain", "name", NULL }), "Default");
	cJSON_Delete(body);
	assert_true(keystone_expires_at(f->ks) == EXPIRES_AT);
	assert_string_equal(keystone_project_id(f->ks),
			    "9c966dbe21e642ecb5532dda75cd626c");
}

static void
test_v3_ids_are_sent_as_ids_and_a_missing_domain_is_default(void **state)
{
	struct fixture *f = *state;
	cJSON *body;

	f->creds.user_domain_name = NULL;
	f->creds.project_domain_name = NULL;
	f->creds.project_name = NULL;
	f->creds.project_id = "9c966dbe21e642ecb5532dda75cd626c";
	reply_v3_token(f, TOKEN_1);
	start(f, "/v3/");
	must_token(f);
	body = request_json(f, 0);
	assert_string_equal(json_at(body, (const char *[]){ "auth", "identity",
		"password", "user", "domain", "id", NULL }), "default");
	assert_string_equal(json_at(body, (const char *[]){ "auth", "scope",
		"project", "id", NULL }), "9c966dbe21e642ecb5532dda75cd626c");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(body, "auth"), "scope"), "project"),
		"domain"));
	cJSON_Delete(body);
}

static void
test_auth_url_without_a_version_gets_the_v3_path(void **state)
{
	struct fixture *f = *state;

	reply_v3_token(f, TOKEN_1);
	start(f, "");
	must_token(f);
	assert_string_equal(responder_path(f->r, 0), "/v3/auth/tokens");
}

static void
test_catalog_gives_the_public_compute_endpoint_by_default(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	const char *url = NULL;

	reply_v3_token(f, TOKEN_1);
	start(f, "/v3");
	if (keystone_endpoint(f->ks, "compute", NULL, NULL, &url, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(url, responder_url(f->r, "/v2.1"));
	assert_int_equal(keystone_endpoint(f->ks, "image", "internal",
					   "RegionOne", &url, &err), 0);
	assert_string_equal(url, responder_url(f->r, ""));
}

static void
test_endpoint_in_an_unknown_region_is_an_error_listing_what_exists(
	void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *url = NULL;

	reply_v3_token(f, TOKEN_1);
	start(f, "/v3");
	assert_int_equal(keystone_endpoint(f->ks, "compute", "public",
					   "RegionTwo", &url, &err), -1);
	assert_string_equal(err.msg, "the catalog has no compute endpoint for "
			    "interface public in region RegionTwo (it has: "
			    "internal in RegionOne, public in RegionOne, admin "
			    "in RegionOne)");
	assert_int_equal(keystone_endpoint(f->ks, "volumev3", NULL, NULL, &url,
					   &err), -1);
	assert_string_equal(err.msg, "the catalog has no volumev3 endpoint for "
			    "interface public (no endpoint of that type at "
			    "all)");
}

/* ---- v2.0 (replayed: see the top of the file) ---- */

static void
test_v2_auth_posts_tenant_name_and_reads_service_catalog(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	const char *url = NULL;
	cJSON *body;

	f->creds.identity_version = 2;
	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v2.0/tokens", .status = 200,
		.body_file = "api/v2-token-response.json",
	});
	start(f, "/v2.0/");
	assert_string_equal(must_token(f), "v2-token-0123456789abcdef");
	body = request_json(f, 0);
	assert_string_equal(json_at(body, (const char *[]){ "auth",
		"passwordCredentials", "username", NULL }), "admin");
	assert_string_equal(json_at(body, (const char *[]){ "auth",
		"passwordCredentials", "password", NULL }), PASSWORD);
	assert_string_equal(json_at(body, (const char *[]){ "auth",
		"tenantName", NULL }), "admin");
	cJSON_Delete(body);
	assert_true(keystone_expires_at(f->ks) == EXPIRES_AT);
	if (keystone_endpoint(f->ks, "compute", NULL, NULL, &url, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(url, responder_url(f->r,
		"/v2/9c966dbe21e642ecb5532dda75cd626c"));
	assert_int_equal(keystone_endpoint(f->ks, "identity", "admin", NULL,
					   &url, &err), 0);
	assert_string_equal(url, responder_url(f->r, "/v2.0"));
}

static void
test_v2_reply_without_a_tenant_is_an_error_naming_the_field(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *token;

	f->creds.identity_version = 2;
	reply(f, "POST", "/v2.0/tokens", 200,
	      "{\"access\": {\"token\": {\"id\": \"t\", "
	      "\"expires\": \"2026-11-25T19:30:30Z\"}}}");
	start(f, "/v2.0");
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	assert_non_null(strstr(err.msg, "/v2.0/tokens: access.token.tenant is "
			       "missing from the reply"));
}

/* ---- the token's life ---- */

static void
test_token_is_reused_while_fresh(void **state)
{
	struct fixture *f = *state;

	reply_v3_token(f, TOKEN_1);
	start(f, "/v3");
	must_token(f);
	f->now = EXPIRES_AT - 301;
	assert_string_equal(must_token(f), TOKEN_1);
	assert_int_equal(responder_count(f->r), 1);
}

static void
test_token_is_renewed_within_the_margin_before_expiry(void **state)
{
	struct fixture *f = *state;

	reply_v3_token(f, TOKEN_1);
	reply_v3_token(f, TOKEN_2);
	start(f, "/v3");
	must_token(f);
	f->now = EXPIRES_AT - 299;
	assert_string_equal(must_token(f), TOKEN_2);
	assert_int_equal(responder_count(f->r), 2);
}

static struct http_response *
send_get(struct fixture *f, const char *path, int *rc, struct ou_error *err)
{
	struct http_request req = {
		.method = "GET", .url = responder_url(f->r, path),
	};
	struct http_response *resp = NULL;

	*rc = keystone_send(f->ks, &req, &resp, err);
	return resp;
}

static void
test_a_401_renews_the_token_once_and_resends(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct http_response *resp;
	int rc;

	reply_v3_token(f, TOKEN_1);
	reply(f, "GET", "/v2.1/os-services", 401, "{}");
	reply_v3_token(f, TOKEN_2);
	reply(f, "GET", "/v2.1/os-services", 200, "{\"services\": []}");
	start(f, "/v3");
	resp = send_get(f, "/v2.1/os-services", &rc, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(resp->status, 200);
	assert_int_equal(responder_count(f->r), 4);
	assert_string_equal(responder_header(f->r, 1, "X-Auth-Token"), TOKEN_1);
	assert_string_equal(responder_header(f->r, 3, "X-Auth-Token"), TOKEN_2);
	http_response_free(resp);
}

static void
test_a_second_401_is_returned_without_another_try(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct http_response *resp;
	int rc;

	reply_v3_token(f, TOKEN_1);
	reply(f, "GET", "/v2.1/os-services", 401, "{}");
	reply_v3_token(f, TOKEN_2);
	reply(f, "GET", "/v2.1/os-services", 401, "{}");
	start(f, "/v3");
	resp = send_get(f, "/v2.1/os-services", &rc, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(resp->status, 401);
	assert_int_equal(responder_count(f->r), 4);
	http_response_free(resp);
}

/* ---- failures ---- */

static void
test_refused_password_gives_keystone_message_and_never_the_password(
	void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *token;
	char *want;

	reply(f, "POST", "/v3/auth/tokens", 401,
	      "{\"error\": {\"code\": 401, \"message\": \"The request you have "
	      "made requires authentication.\", \"title\": \"Unauthorized\"}}");
	start(f, "/v3");
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	want = xasprintf("POST %s/auth/tokens: HTTP 401: Unauthorized: The "
			 "request you have made requires authentication.",
			 f->auth_url);
	assert_string_equal(err.msg, want);
	assert_null(strstr(err.msg, PASSWORD));
	free(want);
}

static void
test_reply_without_subject_token_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *token;

	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
		.body_file = "api/token-response.json",
	});
	start(f, "/v3");
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	assert_non_null(strstr(err.msg, "/v3/auth/tokens: the reply has no "
			       "X-Subject-Token header"));
}

static void
test_malformed_token_reply_names_the_request_and_the_field(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *token;

	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
		.headers = "X-Subject-Token: " TOKEN_1,
		.body = "{\"token\": {\"expires_at\": 42}}",
	});
	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
		.headers = "X-Subject-Token: " TOKEN_1,
		.body = "{\"token\": {\"expires_at\": \"2026-11-25T19:30:30Z\"",
	});
	start(f, "/v3");
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	assert_non_null(strstr(err.msg, "/v3/auth/tokens: token.expires_at: "
			       "expected a string, got a number"));
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	assert_non_null(strstr(err.msg, "/v3/auth/tokens: the reply (HTTP 201) "
			       "is not valid JSON (at byte 47)"));
}

static void
test_no_password_is_an_error_before_any_request(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	const char *token;

	f->creds.password = NULL;
	start(f, "/v3");
	assert_int_equal(keystone_token(f->ks, &token, &err), -1);
	assert_string_equal(err.msg, "test: no password given");
	assert_int_equal(responder_count(f->r), 0);
}

static void
test_trace_shows_requests_but_never_the_token_or_password(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct http_response *resp;
	int rc;

	reply_v3_token(f, TOKEN_1);
	reply(f, "GET", "/v2.1/os-services", 200, "{\"services\": []}");
	start(f, "/v3");
	resp = send_get(f, "/v2.1/os-services", &rc, &err);
	assert_int_equal(rc, 0);
	http_response_free(resp);
	assert_non_null(strstr(strbuf_str(&f->trace), "> X-Auth-Token: <redacted>"));
	assert_non_null(strstr(strbuf_str(&f->trace),
			       "< X-Subject-Token: <redacted>"));
	assert_null(strstr(strbuf_str(&f->trace), TOKEN_1));
	assert_null(strstr(strbuf_str(&f->trace), PASSWORD));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_v3_auth_posts_password_and_project_scope_and_keeps_the_subject_token),
		T(test_v3_ids_are_sent_as_ids_and_a_missing_domain_is_default),
		T(test_auth_url_without_a_version_gets_the_v3_path),
		T(test_catalog_gives_the_public_compute_endpoint_by_default),
		T(test_endpoint_in_an_unknown_region_is_an_error_listing_what_exists),
		T(test_v2_auth_posts_tenant_name_and_reads_service_catalog),
		T(test_v2_reply_without_a_tenant_is_an_error_naming_the_field),
		T(test_token_is_reused_while_fresh),
		T(test_token_is_renewed_within_the_margin_before_expiry),
		T(test_a_401_renews_the_token_once_and_resends),
		T(test_a_second_401_is_returned_without_another_try),
		T(test_refused_password_gives_keystone_message_and_never_the_password),
		T(test_reply_without_subject_token_is_an_error),
		T(test_malformed_token_reply_names_the_request_and_the_field),
		T(test_no_password_is_an_error_before_any_request),
		T(test_trace_shows_requests_but_never_the_token_or_password),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
