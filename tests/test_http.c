/* Tests for http, against a real HTTP(S) server on 127.0.0.1
 * (tests/tools/responder.py): connection reuse, the poll interface, the
 * three outcomes of a request, and TLS verification. */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http.h"
#include "responder.h"
#include "xalloc.h"

struct fixture {
	struct responder *r;
	struct http *http;
	char tmp[64];
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	f->r = responder_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd;

	http_free(f->http);
	responder_free(f->r);
	if (f->tmp[0] != '\0') {
		cmd = xasprintf("rm -rf '%s'", f->tmp);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(f);
	return 0;
}

static void
start(struct fixture *f, const struct http_options *opt)
{
	struct ou_error err = { .msg = "" };

	responder_start(f->r);
	f->http = http_new(opt, &err);
	if (f->http == NULL)
		fail_msg("%s", err.msg);
}

static struct http_response *
get(struct fixture *f, const char *path, long timeout_ms)
{
	struct http_request req = {
		.method = "GET", .url = responder_url(f->r, path),
		.timeout_ms = timeout_ms,
	};

	return http_perform(f->http, &req);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
test_second_request_reuses_the_connection(void **state)
{
	struct fixture *f = *state;

	responder_reply(f->r, &(struct responder_reply){ .path = "/a",
		.body = "{}" });
	responder_reply(f->r, &(struct responder_reply){ .path = "/b",
		.body = "{}" });
	start(f, NULL);
	http_response_free(get(f, "/a", 0));
	http_response_free(get(f, "/b", 0));
	assert_int_equal(responder_count(f->r), 2);
	assert_int_equal(responder_peer_port(f->r, 0),
			 responder_peer_port(f->r, 1));
}

static void
test_response_status_headers_and_body_are_kept(void **state)
{
	struct fixture *f = *state;
	struct http_response *resp;

	responder_reply(f->r, &(struct responder_reply){
		.path = "/v2.1", .status = 200,
		.headers = "OpenStack-API-Version: compute 2.53\n"
			   "x-openstack-request-id: req-60b15cad",
		.body = "{\"ok\": true}",
	});
	start(f, NULL);
	resp = get(f, "/v2.1", 0);
	assert_int_equal(resp->outcome, HTTP_ANSWERED);
	assert_int_equal(resp->status, 200);
	assert_string_equal(resp->body, "{\"ok\": true}");
	assert_int_equal(resp->body_len, strlen(resp->body));
	assert_string_equal(http_response_header(resp, "openstack-api-version"),
			    "compute 2.53");
	assert_string_equal(http_response_header(resp, "X-OpenStack-Request-Id"),
			    "req-60b15cad");
	assert_null(http_response_header(resp, "X-Subject-Token"));
	http_response_free(resp);
}

struct done {
	int calls;
	long status;
};

static void
on_done(void *arg, struct http_response *resp)
{
	struct done *d = arg;

	d->calls++;
	d->status = resp->status;
	http_response_free(resp);
}

/* What the ncurses loop will do: poll() over http_pollfds(). */
static void
run_loop(struct http *h)
{
	while (http_pending(h) > 0) {
		struct pollfd fds[16];
		size_t n = http_pollfds(h, fds, 16);
		int timeout = http_timeout_ms(h);

		assert_true(n <= 16);
		assert_true(poll(fds, n, timeout < 0 ? 1000 : timeout) >= 0);
		http_drive(h, fds, n);
	}
}

static void
test_requests_started_together_run_at_the_same_time(void **state)
{
	struct fixture *f = *state;
	struct done a = { .calls = 0 }, b = { .calls = 0 };
	struct ou_error err = { .msg = "" };
	char *url_a, *url_b;
	long long t0;

	responder_reply(f->r, &(struct responder_reply){ .status = 200,
		.body = "{}", .delay_ms = 700 });
	responder_reply(f->r, &(struct responder_reply){ .status = 200,
		.body = "{}", .delay_ms = 700 });
	start(f, NULL);
	url_a = xstrdup(responder_url(f->r, "/a"));
	url_b = xstrdup(responder_url(f->r, "/b"));
	t0 = now_ms();
	assert_int_equal(http_start(f->http, &(struct http_request){
		.method = "GET", .url = url_a }, on_done, &a, &err), 0);
	assert_int_equal(http_start(f->http, &(struct http_request){
		.method = "GET", .url = url_b }, on_done, &b, &err), 0);
	assert_int_equal(http_pending(f->http), 2);
	run_loop(f->http);
	assert_true(now_ms() - t0 < 1300);
	assert_int_equal(a.calls, 1);
	assert_int_equal(b.calls, 1);
	assert_int_equal(a.status, 200);
	free(url_a);
	free(url_b);
}

static void
test_request_without_a_url_is_refused_and_never_called_back(void **state)
{
	struct fixture *f = *state;
	struct done d = { .calls = 0 };
	struct ou_error err;

	start(f, NULL);
	assert_int_equal(http_start(f->http, &(struct http_request){
		.method = "GET" }, on_done, &d, &err), -1);
	assert_string_equal(err.msg, "HTTP request without a URL");
	assert_int_equal(http_pending(f->http), 0);
	assert_int_equal(d.calls, 0);
}

static void
test_refused_connection_is_not_sent(void **state)
{
	struct fixture *f = *state;
	struct http_response *resp;

	start(f, NULL);
	resp = http_perform(f->http, &(struct http_request){
		.method = "PUT", .url = "http://127.0.0.1:1/x",
		.json_body = "{}" });
	assert_int_equal(resp->outcome, HTTP_NOT_SENT);
	assert_int_equal(resp->status, 0);
	assert_non_null(strstr(resp->error.msg, "PUT http://127.0.0.1:1/x: "));
	assert_non_null(strstr(resp->error.msg, "(the request was not sent)"));
	http_response_free(resp);
}

static void
test_timeout_after_sending_may_have_been_sent(void **state)
{
	struct fixture *f = *state;
	struct http_response *resp;
	long long t0;

	responder_reply(f->r, &(struct responder_reply){ .path = "/slow",
		.body = "{}", .delay_ms = 3000 });
	start(f, &(struct http_options){ .timeout_ms = 60000 });
	t0 = now_ms();
	resp = get(f, "/slow", 300);
	assert_true(now_ms() - t0 < 2000);
	assert_int_equal(resp->outcome, HTTP_MAYBE_SENT);
	assert_non_null(strstr(resp->error.msg, "after the request was sent"));
	http_response_free(resp);
}

static void
test_free_cancels_pending_requests_without_callbacks(void **state)
{
	struct fixture *f = *state;
	struct done d = { .calls = 0 };
	struct ou_error err = { .msg = "" };

	responder_reply(f->r, &(struct responder_reply){ .body = "{}",
		.delay_ms = 3000 });
	start(f, NULL);
	assert_int_equal(http_start(f->http, &(struct http_request){
		.method = "GET", .url = responder_url(f->r, "/x") },
		on_done, &d, &err), 0);
	http_free(f->http);
	f->http = NULL;
	assert_int_equal(d.calls, 0);
}

/* A self-signed certificate for 127.0.0.1 in f->tmp; false without the
 * openssl command. */
static bool
make_certificate(struct fixture *f, char **cert, char **key)
{
	char *cmd;
	int rc;

	strcpy(f->tmp, "/tmp/ou-http-XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	*cert = xasprintf("%s/cert.pem", f->tmp);
	*key = xasprintf("%s/key.pem", f->tmp);
	cmd = xasprintf("openssl req -x509 -newkey rsa:2048 -nodes -days 1 "
			"-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
			"-keyout '%s' -out '%s' >/dev/null 2>&1", *key, *cert);
	rc = system(cmd);
	free(cmd);
	return rc == 0;
}

static void
tls_check(struct fixture *f, const struct http_options *opt,
	  enum http_outcome want)
{
	struct ou_error err = { .msg = "" };
	struct http *h = http_new(opt, &err);
	struct http_response *resp = http_perform(h, &(struct http_request){
		.method = "GET", .url = responder_url(f->r, "/x") });

	if (resp->outcome != want)
		fail_msg("outcome %d, want %d: %s", resp->outcome, want,
			 resp->error.msg);
	http_response_free(resp);
	http_free(h);
}

static void
test_tls_is_verified_unless_insecure_is_asked_for(void **state)
{
	struct fixture *f = *state;
	char *cert = NULL, *key = NULL;

	if (!make_certificate(f, &cert, &key)) {
		free(cert);
		free(key);
		skip();
	}
	responder_tls(f->r, cert, key);
	responder_reply(f->r, &(struct responder_reply){ .body = "{}" });
	responder_reply(f->r, &(struct responder_reply){ .body = "{}" });
	start(f, NULL);
	/* The system CAs do not know this certificate: refused. */
	tls_check(f, NULL, HTTP_NOT_SENT);
	tls_check(f, &(struct http_options){ .cacert = cert }, HTTP_ANSWERED);
	tls_check(f, &(struct http_options){ .insecure = true }, HTTP_ANSWERED);
	free(cert);
	free(key);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_second_request_reuses_the_connection),
		T(test_response_status_headers_and_body_are_kept),
		T(test_requests_started_together_run_at_the_same_time),
		T(test_request_without_a_url_is_refused_and_never_called_back),
		T(test_refused_connection_is_not_sent),
		T(test_timeout_after_sending_may_have_been_sent),
		T(test_free_cancels_pending_requests_without_callbacks),
		T(test_tls_is_verified_unless_insecure_is_asked_for),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
