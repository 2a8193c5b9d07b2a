/* responder: the test side of tests/tools/responder.py, a local HTTP
 * server on 127.0.0.1 that replays canned replies in order and records
 * what the client sent.  Used by the keystone and nova tests.
 *
 *	struct responder *r = responder_new();
 *	responder_reply(r, &(struct responder_reply){
 *		.method = "POST", .path = "/v3/auth/tokens", .status = 201,
 *		.headers = "X-Subject-Token: tok-1",
 *		.body_file = "api/token-response.json" });
 *	responder_start(r);	// then talk to responder_url(r, "/v3")
 *	... responder_count(r), responder_method(r, 0), ...
 *	responder_free(r);
 *
 * Every function fails the running cmocka test on error. */
#ifndef OU_TEST_RESPONDER_H
#define OU_TEST_RESPONDER_H

#include <stdbool.h>
#include <stddef.h>

struct responder_reply {
	const char *method;	/* NULL = any */
	const char *path;	/* with the query; NULL = any */
	int status;
	const char *headers;	/* "Name: value" lines */
	const char *body;
	const char *body_file;	/* relative to OU_TEST_DATA */
	int delay_ms;
};

struct responder;

struct responder *responder_new(void);
/* Recorded URLs in bodies ("http://127.0.0.1:<port>") are rewritten to
 * point at the responder (on by default). */
void responder_rewrite(struct responder *r, bool on);
/* Speak HTTPS with this certificate and key (PEM files). */
void responder_tls(struct responder *r, const char *cert, const char *key);
void responder_reply(struct responder *r, const struct responder_reply *reply);
void responder_start(struct responder *r);
/* "http://127.0.0.1:<port>" (https with TLS) + path; owned by r, valid until the next call. */
const char *responder_url(struct responder *r, const char *path);
void responder_free(struct responder *r);

/* The requests received so far.  Strings returned stay valid until the
 * next responder_count() or responder_free(). */
size_t responder_count(struct responder *r);
const char *responder_method(struct responder *r, size_t i);
const char *responder_path(struct responder *r, size_t i);
const char *responder_body(struct responder *r, size_t i);
/* NULL when the request had no such header. */
const char *responder_header(struct responder *r, size_t i, const char *name);
int responder_peer_port(struct responder *r, size_t i);

#endif
