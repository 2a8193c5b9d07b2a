/* http: HTTP requests over libcurl, for the Keystone and Nova clients.
 *
 * One struct http holds ONE libcurl multi handle, so every request made
 * through it shares libcurl's connection cache (keep-alive: a second
 * request to the same host reuses the connection).
 *
 * Two ways to use it:
 * - non-blocking, for an event loop: http_start() a request, put the
 *   descriptors of http_pollfds() in the loop's poll() with the timeout
 *   of http_timeout_ms(), hand the result to http_drive(); a request's
 *   completion callback runs from inside http_drive().
 * - blocking, for the command line: http_perform() runs one request to
 *   its end (or its timeout) with that same loop inside.
 *
 * What the caller is told after a request is the point of the module:
 * an answer (any HTTP status), or no answer because the request never
 * left (safe to send again), or no answer after the request may have
 * been sent (a PUT or POST may or may not have taken effect).
 *
 * Secrets: the trace hook never sees a request or response body, and
 * the values of X-Auth-Token and X-Subject-Token are replaced by
 * "<redacted>" in it.  Error messages name the method and URL only. */
#ifndef OU_HTTP_H
#define OU_HTTP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"

struct http_options {
	const char *cacert;	/* CA bundle file; NULL = the system's */
	bool insecure;		/* skip TLS verification; only when asked */
	long connect_timeout_ms; /* 0 = 10 s */
	long timeout_ms;	/* whole-request default; 0 = 60 s */
};

struct http_header {
	const char *name;
	const char *value;
};

/* A request is a plain description: every string is borrowed and only
 * read while http_start() or http_perform() runs, so the same request
 * can be sent again (e.g. with a new token). */
struct http_request {
	const char *method;	/* "GET", "PUT", "POST", "DELETE" */
	const char *url;
	const struct http_header *headers;
	size_t n_headers;
	const char *json_body;	/* NULL = no body; else sent as JSON */
	long timeout_ms;	/* 0 = the client's default */
};

enum http_outcome {
	HTTP_ANSWERED,		/* a response arrived, whatever its status */
	HTTP_NOT_SENT,		/* failed before the request left: resend is safe */
	HTTP_MAYBE_SENT,	/* timed out or broke after it may have been sent */
};

struct http_response_header {
	char *name;
	char *value;
};

/* Owned by whoever receives it; free with http_response_free(). */
struct http_response {
	enum http_outcome outcome;
	long status;		/* 0 unless HTTP_ANSWERED */
	char *body;		/* always NUL-terminated, never NULL */
	size_t body_len;
	struct http_response_header *headers;	/* in arrival order */
	size_t n_headers;
	struct ou_error error;	/* why, unless HTTP_ANSWERED */
};

typedef void http_done_fn(void *arg, struct http_response *resp);
typedef void http_trace_fn(void *arg, const char *line);

struct http;

/* NULL options = all defaults.  Returns NULL (err set) only when libcurl
 * cannot be set up. */
struct http *http_new(const struct http_options *opt, struct ou_error *err);
/* Cancels what is still running; no callback is called for it. */
void http_free(struct http *h);

/* One line per request and response, secrets redacted (see above). */
void http_set_trace(struct http *h, http_trace_fn *fn, void *arg);

/* Queue a request; done(arg, resp) is called from http_drive() or
 * http_perform() once it ends, and always exactly once unless http_free()
 * comes first.  Returns -1 (err set, done never called) if the request
 * cannot even be queued (no method or URL). */
int http_start(struct http *h, const struct http_request *req,
	       http_done_fn *done, void *arg, struct ou_error *err);

/* The descriptors libcurl waits on, written to fds (at most cap of them);
 * returns how many there are, which may be more than cap. */
size_t http_pollfds(const struct http *h, struct pollfd *fds, size_t cap);
/* Milliseconds until libcurl needs http_drive() even without activity;
 * -1 = no timer. */
int http_timeout_ms(const struct http *h);
/* Act on the revents of fds (as filled by http_pollfds() and then poll())
 * and on an expired timer; runs the callbacks of finished requests. */
void http_drive(struct http *h, const struct pollfd *fds, size_t n);
/* Requests started and not finished. */
size_t http_pending(const struct http *h);

/* Send one request and wait for its end, at most its timeout.  Never
 * NULL; look at outcome.  Other requests queued on h progress meanwhile
 * and their callbacks may run. */
struct http_response *http_perform(struct http *h,
				   const struct http_request *req);

/* The first header of that name (case-insensitive), or NULL. */
const char *http_response_header(const struct http_response *resp,
				 const char *name);
void http_response_free(struct http_response *resp);

#endif
