/* Tests for nova, against a real HTTP server on 127.0.0.1
 * (tests/tools/responder.py) replaying the lab's recorded Nova replies
 * (tests/data/api/), and checking what the client sent: method, path,
 * microversion headers and body. */
#include "config.h"

#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keystone.h"
#include "nova.h"
#include "responder.h"
#include "xalloc.h"

#define TOKEN "gAAAAA-nova-test-token"
#define TENANT "9c966dbe21e642ecb5532dda75cd626c"
#define COMPUTE1_UUID "176c6642-19a3-4284-8adc-54ef344f60cb"
#define SERVER "4c7bac5e-c129-4676-a512-20a5eaa0a1b0"
#define REASON "rolling upgrade: wizard step 1"

struct fixture {
	struct responder *r;
	struct http *http;
	struct creds creds;
	char *auth_url;
	struct keystone *ks;
	struct nova *nova;
	long timeout_ms;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	f->r = responder_new();
	f->http = http_new(NULL, NULL);
	f->creds = (struct creds){
		.origin = "test", .identity_version = 3,
		.username = "admin", .password = "admin",
		.project_name = "admin", .interface = "public",
	};
	f->timeout_ms = 5000;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	nova_free(f->nova);
	keystone_free(f->ks);
	http_free(f->http);
	responder_free(f->r);
	free(f->auth_url);
	free(f);
	return 0;
}

static void
reply_token(struct fixture *f)
{
	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
		.headers = "X-Subject-Token: " TOKEN,
		.body_file = "api/token-response.json",
	});
}

static void
reply_file(struct fixture *f, const char *method, const char *path,
	   int status, const char *file)
{
	responder_reply(f->r, &(struct responder_reply){
		.method = method, .path = path, .status = status,
		.body_file = file,
	});
}

static void
reply_body(struct fixture *f, const char *method, const char *path,
	   int status, const char *body)
{
	responder_reply(f->r, &(struct responder_reply){
		.method = method, .path = path, .status = status, .body = body,
	});
}

/* The recorded token was issued 2026-11-24T19:30:30Z and lives a day:
 * the client's clock is pinned a minute after that, so the tests do not
 * depend on today's date. */
static time_t
recorded_token_clock(void *arg)
{
	(void)arg;
	return 1795548690;
}

/* microversion: as nova_options.microversion. */
static void
start(struct fixture *f, const char *microversion)
{
	struct ou_error err = { .msg = "" };

	responder_start(f->r);
	f->auth_url = xstrdup(responder_url(f->r, "/v3"));
	f->creds.auth_url = f->auth_url;
	f->ks = keystone_new(&(struct keystone_options){
		.creds = &f->creds, .http = f->http,
		.clock = recorded_token_clock,
	});
	f->nova = nova_new(&(struct nova_options){
		.keystone = f->ks, .http = f->http,
		.microversion = microversion, .timeout_ms = f->timeout_ms,
	}, &err);
	if (f->nova == NULL)
		fail_msg("%s", err.msg);
}

/* The body of request i, re-serialised compactly so it can be compared. */
static char *
sent_json(struct fixture *f, size_t i)
{
	cJSON *json = cJSON_Parse(responder_body(f->r, i));
	char *text;

	assert_non_null(json);
	text = cJSON_PrintUnformatted(json);
	cJSON_Delete(json);
	return text;
}

static void
assert_sent_json(struct fixture *f, size_t i, const char *want)
{
	char *text = sent_json(f, i);

	assert_string_equal(text, want);
	cJSON_free(text);
}

static void
assert_microversion(struct fixture *f, size_t i, const char *want)
{
	const char *got = responder_header(f->r, i, "OpenStack-API-Version");

	if (want == NULL) {
		assert_null(got);
		assert_null(responder_header(f->r, i,
					     "X-OpenStack-Nova-API-Version"));
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static struct nova_service *
must_services(struct fixture *f, const char *host, const char *binary,
	      size_t *n)
{
	struct ou_error err = { .msg = "" };
	struct nova_service *svcs = NULL;

	if (nova_services(f->nova, host, binary, &svcs, n, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	return svcs;
}

/* "PUT http://127.0.0.1:<port><path>: " + rest */
static char *
what(struct fixture *f, const char *method, const char *path,
     const char *rest)
{
	return xasprintf("%s %s: %s", method, responder_url(f->r, path), rest);
}

/* ---- microversion negotiation and endpoints ---- */

static void
test_version_document_of_the_endpoint_gives_the_highest_microversion(
	void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_file(f, "GET", "/v2.1", 200, "api/versions-root.json");
	start(f, NULL);
	if (nova_connect(f->nova, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(nova_max_microversion(f->nova), 93);
	assert_string_equal(nova_endpoint(f->nova),
			    responder_url(f->r, "/v2.1"));
	assert_string_equal(responder_header(f->r, 1, "X-Auth-Token"), TOKEN);
}

static void
test_juno_endpoint_with_tenant_id_learns_its_version_from_the_root(
	void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs;
	size_t n = 0;

	/* Keystone v2.0 replayed: Zed has none (see test_keystone.c). */
	f->creds.identity_version = 2;
	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v2.0/tokens", .status = 200,
		.body_file = "api/v2-token-response.json",
	});
	reply_body(f, "GET", "/v2/" TENANT, 404,
		   "{\"itemNotFound\": {\"code\": 404, \"message\": \"x\"}}");
	reply_file(f, "GET", "/", 200, "api/compute-versions.json");
	reply_file(f, "GET", "/v2/" TENANT "/os-services", 200,
		   "api/services-list-v2.1.json");
	start(f, NULL);
	svcs = must_services(f, NULL, NULL, &n);
	assert_int_equal(nova_max_microversion(f->nova), 0);
	assert_int_equal(n, 5);
	assert_microversion(f, 3, NULL);
	nova_services_free(svcs, n);
}

static void
test_explicit_microversion_skips_negotiation(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/os-services", 200,
		   "api/services-list-v2.53.json");
	start(f, "2.53");
	svcs = must_services(f, NULL, NULL, &n);
	assert_int_equal(responder_count(f->r), 2);
	assert_microversion(f, 1, "compute 2.53");
	assert_string_equal(responder_header(f->r, 1,
					     "X-OpenStack-Nova-API-Version"),
			    "2.53");
	nova_services_free(svcs, n);
}

static void
test_bad_microversion_option_is_refused(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	assert_null(nova_new(&(struct nova_options){
		.keystone = NULL, .http = f->http, .microversion = "3.0",
	}, &err));
	assert_string_equal(err.msg, "compute microversion '3.0': expected "
			    "auto, none or 2.N");
}

/* ---- services ---- */

static void
test_service_list_at_2_53_has_uuids_and_forced_down(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1", 200, "api/versions-root.json");
	reply_file(f, "GET", "/v2.1/os-services", 200,
		   "api/services-list-v2.53.json");
	start(f, NULL);
	svcs = must_services(f, NULL, NULL, &n);
	assert_int_equal(n, 5);
	assert_microversion(f, 2, "compute 2.53");
	assert_string_equal(svcs[3].id, COMPUTE1_UUID);
	assert_string_equal(svcs[3].host, "compute1");
	assert_string_equal(svcs[3].binary, "nova-compute");
	assert_string_equal(svcs[3].zone, "nova");
	assert_string_equal(svcs[3].status, "enabled");
	assert_string_equal(svcs[3].state, "up");
	assert_string_equal(svcs[3].updated_at, "2026-11-24T19:30:30.000000");
	assert_null(svcs[3].disabled_reason);
	assert_false(svcs[3].forced_down);
	nova_services_free(svcs, n);
}

static void
test_service_list_at_2_1_has_integer_ids(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/os-services", 200,
		   "api/services-list-v2.1.json");
	start(f, "none");
	svcs = must_services(f, NULL, NULL, &n);
	assert_int_equal(n, 5);
	assert_microversion(f, 1, NULL);
	assert_string_equal(svcs[0].id, "1");
	assert_string_equal(svcs[0].binary, "nova-scheduler");
	assert_string_equal(svcs[0].zone, "internal");
	assert_string_equal(svcs[3].id, "5");
	assert_false(svcs[3].forced_down);
	nova_services_free(svcs, n);
}

static void
test_service_list_filters_by_host_and_binary(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/os-services?host=compute1&binary=nova-compute",
		   200, "api/legacy-list-after-disable-v2.1.json");
	start(f, "none");
	svcs = must_services(f, "compute1", "nova-compute", &n);
	assert_int_equal(n, 1);
	assert_string_equal(svcs[0].status, "disabled");
	assert_string_equal(svcs[0].disabled_reason, REASON);
	nova_services_free(svcs, n);
}

static void
test_legacy_disable_puts_host_binary_and_reason(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_service svc;

	reply_token(f);
	reply_file(f, "PUT", "/v2.1/os-services/disable-log-reason", 200,
		   "api/legacy-disable-log-reason-v2.1.json");
	start(f, "none");
	if (nova_service_disable(f->nova, "compute1", "nova-compute", REASON,
				 &svc, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_microversion(f, 1, NULL);
	assert_sent_json(f, 1, "{\"host\":\"compute1\",\"binary\":"
			 "\"nova-compute\",\"disabled_reason\":\"" REASON "\"}");
	assert_null(svc.id);
	assert_string_equal(svc.status, "disabled");
	assert_string_equal(svc.disabled_reason, REASON);
	nova_service_release(&svc);
}

static void
test_legacy_enable_puts_host_and_binary(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_service svc;

	reply_token(f);
	reply_file(f, "PUT", "/v2.1/os-services/enable", 200,
		   "api/legacy-enable-v2.1.json");
	start(f, "none");
	if (nova_service_enable(f->nova, "compute1", "nova-compute", &svc,
				&err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_sent_json(f, 1, "{\"host\":\"compute1\",\"binary\":"
			 "\"nova-compute\"}");
	assert_string_equal(svc.status, "enabled");
	nova_service_release(&svc);
}

static const char filtered_v253[] =
	"{\"services\": [{\"binary\": \"nova-compute\", \"host\": "
	"\"compute1\", \"id\": \"" COMPUTE1_UUID "\", \"zone\": \"nova\", "
	"\"status\": \"enabled\", \"state\": \"up\", \"updated_at\": "
	"\"2026-11-24T19:30:30.000000\", \"disabled_reason\": null, "
	"\"forced_down\": false}]}";

static void
test_disable_at_2_53_finds_the_uuid_then_puts_status_and_reason(
	void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_service svc;

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services?host=compute1&binary=nova-compute",
		   200, filtered_v253);
	reply_file(f, "PUT", "/v2.1/os-services/" COMPUTE1_UUID, 200,
		   "api/v253-disable-with-reason.json");
	start(f, "2.53");
	if (nova_service_disable(f->nova, "compute1", "nova-compute", REASON,
				 &svc, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_microversion(f, 2, "compute 2.53");
	assert_sent_json(f, 2, "{\"status\":\"disabled\",\"disabled_reason\":"
			 "\"" REASON "\"}");
	assert_string_equal(svc.id, COMPUTE1_UUID);
	assert_string_equal(svc.status, "disabled");
	assert_string_equal(svc.state, "up");
	nova_service_release(&svc);
}

static void
test_enable_at_2_53_puts_status_enabled(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services?host=compute1&binary=nova-compute",
		   200, filtered_v253);
	reply_file(f, "PUT", "/v2.1/os-services/" COMPUTE1_UUID, 200,
		   "api/v253-enable.json");
	start(f, "2.93");
	if (nova_service_enable(f->nova, "compute1", "nova-compute", NULL,
				&err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_sent_json(f, 2, "{\"status\":\"enabled\"}");
	assert_microversion(f, 2, "compute 2.53");
}

static void
test_disable_at_2_53_of_an_unknown_service_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services?host=nosuchhost&binary=nova-compute",
		   200, "{\"services\": []}");
	start(f, "2.53");
	assert_int_equal(nova_service_disable(f->nova, "nosuchhost",
					      "nova-compute", REASON, NULL,
					      &err), NOVA_ERROR);
	assert_string_equal(err.msg, "nova-compute on host nosuchhost: Nova "
			    "lists 0 such services, expected exactly one");
	assert_int_equal(responder_count(f->r), 2);
}

/* ---- errors ---- */

static void
test_400_gives_the_status_and_novas_message(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	char *want;

	reply_token(f);
	reply_file(f, "PUT", "/v2.1/os-services/disable-log-reason", 400,
		   "api/legacy-url-at-v2.53-400.json");
	start(f, "none");
	assert_int_equal(nova_service_disable(f->nova, "compute1",
					      "nova-compute", REASON, NULL,
					      &err), NOVA_ERROR);
	want = what(f, "PUT", "/v2.1/os-services/disable-log-reason",
		    "HTTP 400: badRequest: Additional properties are not "
		    "allowed ('binary', 'host' were unexpected)");
	assert_string_equal(err.msg, want);
	assert_int_equal(nova_last_status(f->nova), 400);
	assert_null(strstr(err.msg, TOKEN));
	free(want);
}

static void
test_404_gives_item_not_found_and_novas_message(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	char *want;

	reply_token(f);
	reply_file(f, "PUT", "/v2.1/os-services/disable-log-reason", 404,
		   "api/legacy-disable-unknown-host.json");
	start(f, "none");
	assert_int_equal(nova_service_disable(f->nova, "nosuchhost",
					      "nova-compute", REASON, NULL,
					      &err), NOVA_ERROR);
	want = what(f, "PUT", "/v2.1/os-services/disable-log-reason",
		    "HTTP 404: itemNotFound: Host 'nosuchhost' is not mapped "
		    "to any cell");
	assert_string_equal(err.msg, want);
	assert_int_equal(nova_last_status(f->nova), 404);
	free(want);
}

static void
test_error_without_nova_fault_shows_the_start_of_the_body(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	size_t n = 0;
	struct nova_service *svcs = NULL;
	char *want;

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services", 503,
		   "<html>Service Unavailable</html>");
	start(f, "none");
	assert_int_equal(nova_services(f->nova, NULL, NULL, &svcs, &n, &err),
			 NOVA_ERROR);
	want = what(f, "GET", "/v2.1/os-services",
		    "HTTP 503: <html>Service Unavailable</html>");
	assert_string_equal(err.msg, want);
	free(want);
}

static void
test_timeout_on_a_put_is_unknown_and_not_retried(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	f->timeout_ms = 300;
	reply_token(f);
	responder_reply(f->r, &(struct responder_reply){
		.method = "PUT", .path = "/v2.1/os-services/disable-log-reason",
		.status = 200, .delay_ms = 3000,
		.body_file = "api/legacy-disable-log-reason-v2.1.json",
	});
	start(f, "none");
	assert_int_equal(nova_service_disable(f->nova, "compute1",
					      "nova-compute", REASON, NULL,
					      &err), NOVA_UNKNOWN);
	assert_non_null(strstr(err.msg, "PUT "));
	assert_non_null(strstr(err.msg, "timed out"));
	assert_non_null(strstr(err.msg, ": the call may or may not have taken "
			       "effect: read the state back"));
	assert_int_equal(nova_last_status(f->nova), 0);
	assert_int_equal(responder_count(f->r), 2);
}

static void
test_timeout_on_a_get_is_an_error_not_unknown(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs = NULL;
	struct ou_error err;
	size_t n = 0;

	f->timeout_ms = 300;
	reply_token(f);
	responder_reply(f->r, &(struct responder_reply){
		.method = "GET", .path = "/v2.1/os-services", .status = 200,
		.delay_ms = 3000, .body_file = "api/services-list-v2.1.json",
	});
	start(f, "none");
	assert_int_equal(nova_services(f->nova, NULL, NULL, &svcs, &n, &err),
			 NOVA_ERROR);
	assert_non_null(strstr(err.msg, "timed out"));
	assert_null(strstr(err.msg, "may or may not"));
}

static void
test_refused_connection_on_a_post_is_an_error_not_unknown(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	responder_start(f->r);
	f->auth_url = xstrdup(responder_url(f->r, "/v3"));
	f->creds.auth_url = f->auth_url;
	f->ks = keystone_new(&(struct keystone_options){
		.creds = &f->creds, .http = f->http,
		.clock = recorded_token_clock,
	});
	/* Port 1 on loopback: nothing listens, the request never leaves. */
	f->nova = nova_new(&(struct nova_options){
		.keystone = f->ks, .http = f->http,
		.endpoint = "http://127.0.0.1:1/v2.1", .microversion = "2.93",
	}, &err);
	assert_int_equal(nova_server_confirm_resize(f->nova, SERVER, &err),
			 NOVA_ERROR);
	assert_non_null(strstr(err.msg, "(the request was not sent)"));
}

static void
test_malformed_json_reply_is_an_error_naming_the_request(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs = NULL;
	struct ou_error err;
	size_t n = 0;
	char *want;

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services", 200, "{\"services\": [");
	start(f, "none");
	assert_int_equal(nova_services(f->nova, NULL, NULL, &svcs, &n, &err),
			 NOVA_ERROR);
	want = what(f, "GET", "/v2.1/os-services",
		    "the reply (HTTP 200) is not valid JSON (at byte 14)");
	assert_string_equal(err.msg, want);
	free(want);
}

static void
test_unexpected_field_type_is_an_error_naming_the_field(void **state)
{
	struct fixture *f = *state;
	struct nova_service *svcs = NULL;
	struct ou_error err;
	size_t n = 0;
	char *want;

	reply_token(f);
	reply_body(f, "GET", "/v2.1/os-services", 200,
		   "{\"services\": [{\"id\": 1, \"binary\": \"nova-compute\", "
		   "\"host\": \"compute1\"}, {\"id\": {}, \"binary\": \"b\", "
		   "\"host\": \"h\"}]}");
	reply_body(f, "GET", "/v2.1/os-services", 200,
		   "{\"services\": {\"id\": 1}}");
	start(f, "none");
	assert_int_equal(nova_services(f->nova, NULL, NULL, &svcs, &n, &err),
			 NOVA_ERROR);
	want = what(f, "GET", "/v2.1/os-services",
		    "services[1].id: expected a whole number or a string, got "
		    "an object");
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_equal(nova_services(f->nova, NULL, NULL, &svcs, &n, &err),
			 NOVA_ERROR);
	want = what(f, "GET", "/v2.1/os-services",
		    "services: expected a list, got an object");
	assert_string_equal(err.msg, want);
	free(want);
}

static void
test_a_401_on_a_put_renews_the_token_and_sends_once_more(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "PUT", "/v2.1/os-services/enable", 401, "{}");
	reply_token(f);
	reply_file(f, "PUT", "/v2.1/os-services/enable", 200,
		   "api/legacy-enable-v2.1.json");
	start(f, "none");
	if (nova_service_enable(f->nova, "compute1", "nova-compute", NULL,
				&err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(responder_count(f->r), 4);
}

/* ---- servers and hypervisors ---- */

static void
test_servers_on_a_host_are_listed_across_all_tenants(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_server *servers = NULL;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/servers/detail?all_tenants=1&host=compute1",
		   200, "api/servers-list-host-compute1-all-tenants.json");
	start(f, "2.93");
	if (nova_servers_on_host(f->nova, "compute1", &servers, &n, &err) !=
	    NOVA_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(n, 1);
	assert_string_equal(servers[0].id, SERVER);
	assert_string_equal(servers[0].name, "probe-vm");
	assert_string_equal(servers[0].status, "ACTIVE");
	assert_string_equal(servers[0].host, "compute1");
	assert_string_equal(servers[0].vm_state, "active");
	assert_null(servers[0].task_state);
	assert_string_equal(servers[0].tenant_id, TENANT);
	nova_servers_free(servers, n);
}

static void
test_server_get_reads_status_and_host_for_polling(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_server server;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/servers/" SERVER, 200,
		   "api/servers-show-active.json");
	start(f, "2.93");
	if (nova_server_get(f->nova, SERVER, &server, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(server.status, "ACTIVE");
	assert_string_equal(server.host, "compute1");
	nova_server_release(&server);
}

static void
test_hypervisors_are_read_with_uuid_ids_at_2_53(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };
	struct nova_hypervisor *hvs = NULL;
	size_t n = 0;

	reply_token(f);
	reply_file(f, "GET", "/v2.1/os-hypervisors/detail", 200,
		   "api/hypervisors-v2.53.json");
	start(f, "2.93");
	if (nova_hypervisors(f->nova, &hvs, &n, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_microversion(f, 1, "compute 2.53");
	assert_int_equal(n, 3);
	assert_string_equal(hvs[1].id, "ebb57400-345c-45cb-80de-5d42bbe0a31e");
	assert_string_equal(hvs[1].hostname, "compute1");
	assert_string_equal(hvs[1].state, "up");
	assert_string_equal(hvs[1].status, "enabled");
	assert_int_equal(hvs[1].running_vms, -1);
	nova_hypervisors_free(hvs, n);
}

/* ---- migrations ---- */

static void
test_live_migration_from_2_25_sends_block_migration_auto(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "POST", "/v2.1/servers/" SERVER "/action", 202, "");
	start(f, "2.93");
	if (nova_server_live_migrate(f->nova, SERVER, "compute2",
				     NOVA_BLOCK_MIGRATION_AUTO, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_microversion(f, 1, "compute 2.25");
	assert_sent_json(f, 1, "{\"os-migrateLive\":{\"host\":\"compute2\","
			 "\"block_migration\":\"auto\"}}");
}

static void
test_live_migration_without_microversions_sends_the_old_body(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "POST", "/v2.1/servers/" SERVER "/action", 202, "");
	start(f, "none");
	if (nova_server_live_migrate(f->nova, SERVER, NULL,
				     NOVA_BLOCK_MIGRATION_AUTO, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_microversion(f, 1, NULL);
	assert_sent_json(f, 1, "{\"os-migrateLive\":{\"host\":null,"
			 "\"block_migration\":false,\"disk_over_commit\":false}}");
}

static void
test_timeout_on_live_migration_is_unknown(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	f->timeout_ms = 300;
	reply_token(f);
	responder_reply(f->r, &(struct responder_reply){
		.method = "POST", .path = "/v2.1/servers/" SERVER "/action",
		.status = 202, .delay_ms = 3000,
	});
	start(f, "2.93");
	assert_int_equal(nova_server_live_migrate(f->nova, SERVER, "compute2",
						  NOVA_BLOCK_MIGRATION_AUTO,
						  &err), NOVA_UNKNOWN);
	assert_int_equal(responder_count(f->r), 2);
}

static void
test_cold_migration_to_a_named_host_needs_2_56(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	reply_token(f);
	start(f, "2.53");
	assert_int_equal(nova_server_migrate(f->nova, SERVER, "compute2", &err),
			 NOVA_ERROR);
	assert_string_equal(err.msg, "cold migration of " SERVER " to host "
			    "compute2: naming the target host needs compute "
			    "API 2.56, and this client may use at most 2.53 "
			    "here");
	assert_int_equal(responder_count(f->r), 1);
}

static void
test_cold_migration_sends_the_host_at_2_56_and_null_without_one(
	void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "POST", "/v2.1/servers/" SERVER "/action", 202, "");
	reply_body(f, "POST", "/v2.1/servers/" SERVER "/action", 202, "");
	start(f, "2.93");
	assert_int_equal(nova_server_migrate(f->nova, SERVER, "compute2", &err),
			 NOVA_OK);
	assert_int_equal(nova_server_migrate(f->nova, SERVER, NULL, &err),
			 NOVA_OK);
	assert_microversion(f, 1, "compute 2.56");
	assert_sent_json(f, 1, "{\"migrate\":{\"host\":\"compute2\"}}");
	assert_microversion(f, 2, NULL);
	assert_sent_json(f, 2, "{\"migrate\":null}");
}

static void
test_confirm_resize_posts_the_action(void **state)
{
	struct fixture *f = *state;
	struct ou_error err = { .msg = "" };

	reply_token(f);
	reply_body(f, "POST", "/v2.1/servers/" SERVER "/action", 204, "");
	start(f, "none");
	if (nova_server_confirm_resize(f->nova, SERVER, &err) != NOVA_OK)
		fail_msg("%s", err.msg);
	assert_sent_json(f, 1, "{\"confirmResize\":null}");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_version_document_of_the_endpoint_gives_the_highest_microversion),
		T(test_juno_endpoint_with_tenant_id_learns_its_version_from_the_root),
		T(test_explicit_microversion_skips_negotiation),
		T(test_bad_microversion_option_is_refused),
		T(test_service_list_at_2_53_has_uuids_and_forced_down),
		T(test_service_list_at_2_1_has_integer_ids),
		T(test_service_list_filters_by_host_and_binary),
		T(test_legacy_disable_puts_host_binary_and_reason),
		T(test_legacy_enable_puts_host_and_binary),
		T(test_disable_at_2_53_finds_the_uuid_then_puts_status_and_reason),
		T(test_enable_at_2_53_puts_status_enabled),
		T(test_disable_at_2_53_of_an_unknown_service_is_an_error),
		T(test_400_gives_the_status_and_novas_message),
		T(test_404_gives_item_not_found_and_novas_message),
		T(test_error_without_nova_fault_shows_the_start_of_the_body),
		T(test_timeout_on_a_put_is_unknown_and_not_retried),
		T(test_timeout_on_a_get_is_an_error_not_unknown),
		T(test_refused_connection_on_a_post_is_an_error_not_unknown),
		T(test_malformed_json_reply_is_an_error_naming_the_request),
		T(test_unexpected_field_type_is_an_error_naming_the_field),
		T(test_a_401_on_a_put_renews_the_token_and_sends_once_more),
		T(test_servers_on_a_host_are_listed_across_all_tenants),
		T(test_server_get_reads_status_and_host_for_polling),
		T(test_hypervisors_are_read_with_uuid_ids_at_2_53),
		T(test_live_migration_from_2_25_sends_block_migration_auto),
		T(test_live_migration_without_microversions_sends_the_old_body),
		T(test_timeout_on_live_migration_is_unknown),
		T(test_cold_migration_to_a_named_host_needs_2_56),
		T(test_cold_migration_sends_the_host_at_2_56_and_null_without_one),
		T(test_confirm_resize_posts_the_action),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
