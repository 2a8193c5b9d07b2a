/* http: see include/http.h.
 *
 * Built on curl_multi_socket_action(): libcurl tells us, through the
 * socket and timer callbacks, which descriptors to watch and when to
 * wake it, and we keep that in a small table the event loop reads.  That
 * is the shape the ncurses loop needs (one poll() over the terminal,
 * signals and these sockets), and http_perform() is the same loop run
 * over one request. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define HTTP_DEFAULT_TIMEOUT_MS 60000L
/* Without a libcurl timer, a blocking wait still wakes this often. */
#define HTTP_IDLE_WAIT_MS 1000

struct http_watch {
	curl_socket_t fd;
	short events;
};

struct http_transfer {
	struct http *owner;
	CURL *easy;
	struct curl_slist *headers;
	char *method;
	char *url;
	char *request_body;	/* may hold a password: wiped on free */
	struct strbuf body;
	struct http_response *resp;
	http_done_fn *done;
	void *arg;
	struct http_transfer *next;
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	CURLM *multi;
	struct http_watch *watches;
	size_t n_watches;
	bool timer_armed;
	long long timer_deadline_ms;
	struct http_transfer *transfers;
	char *cacert;
	bool insecure;
	long connect_timeout_ms;
	long timeout_ms;
	http_trace_fn *trace;
	void *trace_arg;
};

static long long
http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The headers whose values are never traced. */
static bool
http_header_is_secret(const char *name)
{
	return strcasecmp(name, "X-Auth-Token") == 0 ||
	       strcasecmp(name, "X-Subject-Token") == 0;
}

static void
http_tracef(const struct http *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
http_tracef(const struct http *h, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (h->trace == NULL)
		return;
	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	h->trace(h->trace_arg, line);
	free(line);
}

static void
http_trace_header(const struct http *h, char dir, const char *name,
		  const char *value)
{
	http_tracef(h, "%c %s: %s", dir, name,
		    http_header_is_secret(name) ? "<redacted>" : value);
}

/* ---- the watch table, kept by libcurl's callbacks ---- */

static struct http_watch *
http_watch_find(const struct http *h, curl_socket_t fd)
{
	for (size_t i = 0; i < h->n_watches; i++)
		if (h->watches[i].fd == fd)
			return &h->watches[i];
	return NULL;
}

static void
http_watch_remove(struct http *h, curl_socket_t fd)
{
	struct http_watch *w = http_watch_find(h, fd);

	if (w == NULL)
		return;
	*w = h->watches[--h->n_watches];
}

static void
http_watch_set(struct http *h, curl_socket_t fd, short events)
{
	struct http_watch *w = http_watch_find(h, fd);

	if (w == NULL) {
		h->watches = xreallocarray(h->watches, h->n_watches + 1,
					   sizeof *h->watches);
		w = &h->watches[h->n_watches++];
		w->fd = fd;
	}
	w->events = events;
}

static int
http_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp,
	       void *socketp)
{
	struct http *h = userp;

	switch (what) {
	case CURL_POLL_REMOVE:
		http_watch_remove(h, fd);
		break;
	case CURL_POLL_IN:
		http_watch_set(h, fd, POLLIN);
		break;
	case CURL_POLL_OUT:
		http_watch_set(h, fd, POLLOUT);
		break;
	case CURL_POLL_INOUT:
		http_watch_set(h, fd, POLLIN | POLLOUT);
		break;
	default:
		break;
	}
	return 0;
}

static int
http_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct http *h = userp;

	h->timer_armed = timeout_ms >= 0;
	if (h->timer_armed)
		h->timer_deadline_ms = http_now_ms() + timeout_ms;
	return 0;
}

/* ---- client ---- */

struct http *
http_new(const struct http_options *opt, struct ou_error *err)
{
	static const struct http_options defaults = { .cacert = NULL };
	struct http *h;

	if (opt == NULL)
		opt = &defaults;
	/* Thread-safe and idempotent since libcurl 7.84; a no-op after the
	 * first call.  Never undone: other clients may still be alive.
	 * libcurl's blocks hold the token (X-Auth-Token, X-Subject-Token):
	 * it frees and moves them through secret.h, which wipes them. */
	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, malloc, secret_free,
				 secret_realloc, strdup, calloc) != CURLE_OK) {
		ou_error_set(err, "cannot initialise libcurl");
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		free(h);
		ou_error_set(err, "cannot create a libcurl multi handle");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, http_socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, http_timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	h->cacert = opt->cacert != NULL ? xstrdup(opt->cacert) : NULL;
	h->insecure = opt->insecure;
	h->connect_timeout_ms = opt->connect_timeout_ms > 0
		? opt->connect_timeout_ms : HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
	h->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms
					    : HTTP_DEFAULT_TIMEOUT_MS;
	return h;
}

void
http_set_trace(struct http *h, http_trace_fn *fn, void *arg)
{
	h->trace = fn;
	h->trace_arg = arg;
}

/* ---- responses ---- */

static struct http_response *
http_response_new(void)
{
	struct http_response *resp = xcalloc(1, sizeof *resp);

	resp->body = xstrdup("");
	return resp;
}

void
http_response_free(struct http_response *resp)
{
	if (resp == NULL)
		return;
	/* X-Subject-Token; a Keystone v2.0 body holds the token too. */
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->headers[i].name);
		secret_free_buf(resp->headers[i].value,
				strlen(resp->headers[i].value));
	}
	free(resp->headers);
	secret_free_buf(resp->body, resp->body_len);
	free(resp);
}

const char *
http_response_header(const struct http_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

static void
http_response_add_header(struct http_response *resp, const char *name,
			 size_t name_len, const char *value, size_t value_len)
{
	struct http_response_header *hdr;

	resp->headers = xreallocarray(resp->headers, resp->n_headers + 1,
				      sizeof *resp->headers);
	hdr = &resp->headers[resp->n_headers++];
	hdr->name = xstrndup(name, name_len);
	hdr->value = xstrndup(value, value_len);
}

static size_t
http_trim_len(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n' ||
			   s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len;
}

/* libcurl hands over one header line at a time; a status line starts a
 * new header block (after a redirect or a 100 Continue), so the block
 * collected so far is dropped. */
static size_t
http_header_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_transfer *t = userp;
	size_t len = size * nmemb;
	size_t line_len = http_trim_len(data, len);
	const char *colon = memchr(data, ':', line_len);
	const char *value;

	if (line_len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		struct http_response *fresh = http_response_new();

		http_response_free(t->resp);
		t->resp = fresh;
		return len;
	}
	if (colon == NULL)
		return len;
	value = colon + 1;
	while (value < data + line_len && (*value == ' ' || *value == '\t'))
		value++;
	http_response_add_header(t->resp, data, (size_t)(colon - data), value,
				 (size_t)(data + line_len - value));
	return len;
}

/* strbuf_add(), except that growing leaves no unwiped copy of what
 * was received so far. */
static void
http_body_add(struct strbuf *body, const char *data, size_t len)
{
	size_t need = body->len + len + 1;

	if (need > body->cap && body->buf != NULL) {
		size_t cap = need < body->cap * 2 ? body->cap * 2 : need;
		char *bigger = xmalloc(cap);

		memcpy(bigger, body->buf, body->len);
		secret_free_buf(body->buf, body->cap);
		body->buf = bigger;
		body->cap = cap;
	}
	strbuf_add(body, data, len);
}

static size_t
http_body_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_transfer *t = userp;

	http_body_add(&t->body, data, size * nmemb);
	return size * nmemb;
}

/* ---- transfers ---- */

static void
http_transfer_free(struct http_transfer *t)
{
	curl_slist_free_all(t->headers);
	if (t->request_body != NULL)
		explicit_bzero(t->request_body, strlen(t->request_body));
	free(t->request_body);
	free(t->method);
	free(t->url);
	secret_free_buf(t->body.buf, t->body.cap);
	http_response_free(t->resp);
	free(t);
}

static void
http_transfer_unlink(struct http *h, struct http_transfer *t)
{
	for (struct http_transfer **p = &h->transfers; *p != NULL;
	     p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			return;
		}
	}
}

static void
http_transfer_add_header(struct http_transfer *t, const char *name,
			 const char *value)
{
	char *line = xasprintf("%s: %s", name, value);
	struct curl_slist *l = curl_slist_append(t->headers, line);

	free(line);
	if (l == NULL)
		abort();	/* only on out of memory, as xalloc would */
	t->headers = l;
	http_trace_header(t->owner, '>', name, value);
}

static void
http_transfer_set_headers(struct http_transfer *t,
			  const struct http_request *req)
{
	http_transfer_add_header(t, "Accept", "application/json");
	if (req->json_body != NULL)
		http_transfer_add_header(t, "Content-Type", "application/json");
	for (size_t i = 0; i < req->n_headers; i++)
		http_transfer_add_header(t, req->headers[i].name,
					 req->headers[i].value);
	/* libcurl would add "Expect: 100-continue" to larger bodies and wait
	 * for an answer the wsgiref servers never send. */
	t->headers = curl_slist_append(t->headers, "Expect:");
	curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
}

static void
http_transfer_set_tls(struct http_transfer *t)
{
	const struct http *h = t->owner;

	if (h->cacert != NULL)
		curl_easy_setopt(t->easy, CURLOPT_CAINFO, h->cacert);
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYPEER, h->insecure ? 0L : 1L);
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYHOST, h->insecure ? 0L : 2L);
}

static void
http_transfer_set_method(struct http_transfer *t,
			 const struct http_request *req)
{
	CURL *e = t->easy;

	if (strcmp(req->method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (strcmp(req->method, "POST") == 0)
		curl_easy_setopt(e, CURLOPT_POST, 1L);
	else
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	/* Our own copy rather than COPYPOSTFIELDS, so that it can be wiped:
	 * an authentication body holds a password. */
	t->request_body = xstrdup(req->json_body != NULL ? req->json_body : "");
	if (req->json_body != NULL || strcmp(req->method, "POST") == 0 ||
	    strcmp(req->method, "PUT") == 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(t->request_body));
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request_body);
	}
}

static struct http_transfer *
http_transfer_new(struct http *h, const struct http_request *req)
{
	struct http_transfer *t = xcalloc(1, sizeof *t);
	long timeout = req->timeout_ms > 0 ? req->timeout_ms : h->timeout_ms;
	CURL *e;

	t->owner = h;
	t->method = xstrdup(req->method);
	t->url = xstrdup(req->url);
	t->resp = http_response_new();
	t->easy = e = curl_easy_init();
	if (e == NULL)
		abort();	/* only on out of memory */
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 h->connect_timeout_ms < timeout ? h->connect_timeout_ms
							 : timeout);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_body_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	http_transfer_set_tls(t);
	http_transfer_set_method(t, req);
	http_tracef(h, "> %s %s", req->method, req->url);
	http_transfer_set_headers(t, req);
	return t;
}

int
http_start(struct http *h, const struct http_request *req,
	   http_done_fn *done, void *arg, struct ou_error *err)
{
	struct http_transfer *t;
	CURLMcode rc;

	if (req->method == NULL || req->url == NULL)
		return ou_error_set(err, "HTTP request without %s",
				    req->method == NULL ? "a method" : "a URL");
	t = http_transfer_new(h, req);
	t->done = done;
	t->arg = arg;
	rc = curl_multi_add_handle(h->multi, t->easy);
	if (rc != CURLM_OK) {
		ou_error_set(err, "%s %s: %s", t->method, t->url,
			     curl_multi_strerror(rc));
		curl_easy_cleanup(t->easy);
		http_transfer_free(t);
		return -1;
	}
	t->next = h->transfers;
	h->transfers = t;
	return 0;
}

/* ---- completion ---- */

/* Failures where libcurl had not yet sent a byte of the request. */
static bool
http_code_before_send(CURLcode code)
{
	switch (code) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return true;
	default:
		return false;
	}
}

static void
http_transfer_outcome(struct http_transfer *t, CURLcode code)
{
	struct http_response *resp = t->resp;
	const char *why = t->errbuf[0] != '\0' ? t->errbuf
					      : curl_easy_strerror(code);
	long sent = 0;

	if (code == CURLE_OK) {
		resp->outcome = HTTP_ANSWERED;
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE,
				  &resp->status);
		free(resp->body);
		resp->body_len = t->body.len;
		resp->body = strbuf_take(&t->body);
		return;
	}
	curl_easy_getinfo(t->easy, CURLINFO_REQUEST_SIZE, &sent);
	if (http_code_before_send(code) || sent == 0) {
		resp->outcome = HTTP_NOT_SENT;
		ou_error_set(&resp->error, "%s %s: %s (the request was not sent)",
			     t->method, t->url, why);
		return;
	}
	resp->outcome = HTTP_MAYBE_SENT;
	ou_error_set(&resp->error, "%s %s: %s after the request was sent",
		     t->method, t->url, why);
}

static void
http_transfer_finish(struct http *h, struct http_transfer *t,
		     CURLcode code)
{
	struct http_response *resp;

	http_transfer_outcome(t, code);
	resp = t->resp;
	t->resp = NULL;
	if (resp->outcome == HTTP_ANSWERED) {
		http_tracef(h, "< HTTP %ld (%zu bytes)", resp->status,
			    resp->body_len);
		for (size_t i = 0; i < resp->n_headers; i++)
			http_trace_header(h, '<', resp->headers[i].name,
					  resp->headers[i].value);
	} else {
		http_tracef(h, "< %s", resp->error.msg);
	}
	curl_multi_remove_handle(h->multi, t->easy);
	curl_easy_cleanup(t->easy);
	http_transfer_unlink(h, t);
	if (t->done != NULL)
		t->done(t->arg, resp);
	else
		http_response_free(resp);
	http_transfer_free(t);
}

static void
http_collect_done(struct http *h)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		struct http_transfer *t = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
		http_transfer_finish(h, t, msg->data.result);
	}
}

/* ---- the loop ---- */

size_t
http_pollfds(const struct http *h, struct pollfd *fds, size_t cap)
{
	for (size_t i = 0; i < h->n_watches && i < cap; i++) {
		fds[i].fd = h->watches[i].fd;
		fds[i].events = h->watches[i].events;
		fds[i].revents = 0;
	}
	return h->n_watches;
}

int
http_timeout_ms(const struct http *h)
{
	long long left;

	if (!h->timer_armed)
		return -1;
	left = h->timer_deadline_ms - http_now_ms();
	if (left < 0)
		return 0;
	return left > 60000 ? 60000 : (int)left;
}

static int
http_curl_events(short revents)
{
	int ev = 0;

	if (revents & POLLIN)
		ev |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		ev |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLHUP | POLLNVAL))
		ev |= CURL_CSELECT_ERR;
	return ev;
}

void
http_drive(struct http *h, const struct pollfd *fds, size_t n)
{
	int running;

	for (size_t i = 0; i < n; i++) {
		if (fds[i].revents == 0 ||
		    http_watch_find(h, fds[i].fd) == NULL)
			continue;
		curl_multi_socket_action(h->multi, fds[i].fd,
					 http_curl_events(fds[i].revents),
					 &running);
	}
	if (h->timer_armed && http_now_ms() >= h->timer_deadline_ms) {
		h->timer_armed = false;
		curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0,
					 &running);
	}
	http_collect_done(h);
}

size_t
http_pending(const struct http *h)
{
	size_t n = 0;

	for (const struct http_transfer *t = h->transfers; t != NULL;
	     t = t->next)
		n++;
	return n;
}

/* ---- blocking ---- */

struct http_wait {
	struct http_response *resp;
};

static void
http_wait_done(void *arg, struct http_response *resp)
{
	struct http_wait *w = arg;

	w->resp = resp;
}

static void
http_poll_once(struct http *h)
{
	struct pollfd *fds = NULL;
	size_t n = http_pollfds(h, NULL, 0);
	int timeout = http_timeout_ms(h);

	if (n > 0) {
		fds = xcalloc(n, sizeof *fds);
		http_pollfds(h, fds, n);
	}
	if (timeout < 0 || timeout > HTTP_IDLE_WAIT_MS)
		timeout = HTTP_IDLE_WAIT_MS;
	if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR)
		n = 0;
	http_drive(h, fds, n);
	free(fds);
}

struct http_response *
http_perform(struct http *h, const struct http_request *req)
{
	struct http_wait w = { .resp = NULL };
	struct ou_error err;

	if (http_start(h, req, http_wait_done, &w, &err) < 0) {
		w.resp = http_response_new();
		w.resp->outcome = HTTP_NOT_SENT;
		w.resp->error = err;
		return w.resp;
	}
	/* libcurl enforces the request's timeout, so this loop ends. */
	while (w.resp == NULL)
		http_poll_once(h);
	return w.resp;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	while (h->transfers != NULL) {
		struct http_transfer *t = h->transfers;

		h->transfers = t->next;
		curl_multi_remove_handle(h->multi, t->easy);
		curl_easy_cleanup(t->easy);
		http_transfer_free(t);
	}
	curl_multi_cleanup(h->multi);
	free(h->watches);
	free(h->cacert);
	free(h);
}
