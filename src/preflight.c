/* preflight: see include/preflight.h.  This file runs the checks (hosts
 * in worker threads, the APIs on the calling thread meanwhile), keeps
 * the report and renders it. */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_private.h"
#include "xalloc.h"

#define PREFLIGHT_MAX_PARALLEL 16
#define PREFLIGHT_CONNECT_TIMEOUT_MS 10000
#define PREFLIGHT_COMMAND_TIMEOUT_MS 30000

/* ---- the report ---- */

struct preflight_report *
preflight_report_new(void)
{
	return xcalloc(1, sizeof(struct preflight_report));
}

void
preflight_add(struct preflight_report *r, const char *host, const char *check,
	      enum preflight_verdict verdict, const char *fmt, ...)
{
	struct preflight_line *line;
	va_list ap;

	r->lines = xreallocarray(r->lines, r->n_lines + 1, sizeof *r->lines);
	line = &r->lines[r->n_lines++];
	line->host = xstrdup(host);
	line->check = xstrdup(check);
	line->verdict = verdict;
	va_start(ap, fmt);
	line->evidence = xvasprintf(fmt, ap);
	va_end(ap);
}

void
preflight_move(struct preflight_report *into, struct preflight_report *from)
{
	into->lines = xreallocarray(into->lines,
				    into->n_lines + from->n_lines + 1,
				    sizeof *into->lines);
	if (from->n_lines > 0)
		memcpy(into->lines + into->n_lines, from->lines,
		       from->n_lines * sizeof *from->lines);
	into->n_lines += from->n_lines;
	into->unknown_keys = xreallocarray(into->unknown_keys,
					   into->n_unknown_keys +
					   from->n_unknown_keys + 1,
					   sizeof *into->unknown_keys);
	if (from->n_unknown_keys > 0)
		memcpy(into->unknown_keys + into->n_unknown_keys,
		       from->unknown_keys,
		       from->n_unknown_keys * sizeof *from->unknown_keys);
	into->n_unknown_keys += from->n_unknown_keys;
	free(from->lines);
	free(from->unknown_keys);
	memset(from, 0, sizeof *from);
}

static void
preflight_report_release(struct preflight_report *r)
{
	for (size_t i = 0; i < r->n_lines; i++) {
		free(r->lines[i].host);
		free(r->lines[i].check);
		free(r->lines[i].evidence);
	}
	for (size_t i = 0; i < r->n_unknown_keys; i++) {
		free(r->unknown_keys[i].host);
		free(r->unknown_keys[i].address);
		ssh_hostkey_release(&r->unknown_keys[i].key);
	}
	free(r->lines);
	free(r->unknown_keys);
}

void
preflight_report_free(struct preflight_report *r)
{
	if (r == NULL)
		return;
	preflight_report_release(r);
	free(r);
}

bool
preflight_failed(const struct preflight_report *r)
{
	for (size_t i = 0; i < r->n_lines; i++)
		if (r->lines[i].verdict == PREFLIGHT_FAIL)
			return true;
	return false;
}

/* ---- the hosts, in parallel ---- */

/* What the workers share: the next host to take, under the lock.  Each
 * host's lines go to its own report, so the order is the inventory's
 * whatever order the hosts finish in. */
struct preflight_pool {
	const struct preflight_options *opt;
	struct preflight_report *per_host;	/* one per inventory host */
	pthread_mutex_t lock;
	size_t next;
};

static void *
preflight_worker(void *arg)
{
	struct preflight_pool *pool = arg;
	const struct inventory *inv = pool->opt->inv;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&pool->lock);
		i = pool->next++;
		pthread_mutex_unlock(&pool->lock);
		if (i >= inv->n_hosts)
			return NULL;
		preflight_check_host(pool->opt, &inv->hosts[i],
				     &pool->per_host[i]);
	}
}

/* Returns how many workers were started (0 if threads cannot be had:
 * then the caller's thread does the hosts itself). */
static size_t
preflight_start_workers(struct preflight_pool *pool, pthread_t *threads,
			size_t want)
{
	size_t started = 0;

	while (started < want &&
	       pthread_create(&threads[started], NULL, preflight_worker,
			      pool) == 0)
		started++;
	return started;
}

/* ---- the cloud ---- */

static const char *
preflight_either(const char *name, const char *id)
{
	return name != NULL ? name : id != NULL ? id : "?";
}

/* A token proves the credentials; what it is is never shown. */
static void
preflight_check_credentials(const struct preflight_options *opt,
			    struct preflight_report *r)
{
	const struct creds *c = opt->api->creds;
	struct ou_error err = { .msg = "" };
	const char *token;
	char until[64];
	time_t expires;

	if (keystone_token(opt->api->keystone, &token, &err) < 0) {
		preflight_add(r, "cloud", "credentials", PREFLIGHT_FAIL, "%s",
			      err.msg);
		return;
	}
	expires = keystone_expires_at(opt->api->keystone);
	strftime(until, sizeof until, "%Y-%m-%d %H:%M UTC",
		 gmtime_r(&expires, &(struct tm){ .tm_isdst = 0 }));
	preflight_add(r, "cloud", "credentials", PREFLIGHT_OK,
		      "Keystone v%d at %s: a token for %s in project %s "
		      "(from %s), valid until %s%s", c->identity_version,
		      c->auth_url, preflight_either(c->username, c->user_id),
		      preflight_either(c->project_name, c->project_id),
		      c->origin, until, opt->api->insecure
		      ? "; TLS NOT verified (--insecure)" : "");
}

static void
preflight_check_nova(const struct preflight_options *opt,
		     struct preflight_report *r)
{
	struct ou_error err = { .msg = "" };
	struct nova_service *svcs = NULL;
	size_t n = 0;

	if (nova_services(opt->api->nova, NULL, NULL, &svcs, &n,
			  &err) != NOVA_OK) {
		preflight_add(r, "cloud", "services", PREFLIGHT_FAIL, "%s",
			      err.msg);
		preflight_add(r, "cloud", "topology", PREFLIGHT_FAIL,
			      "not checked: no service list");
		return;
	}
	preflight_judge_services(r, svcs, n, time(NULL));
	preflight_judge_topology(r, opt->inv, svcs, n);
	nova_services_free(svcs, n);
}

static void
preflight_check_cloud(const struct preflight_options *opt,
		      struct preflight_report *r)
{
	if (opt->api == NULL) {
		preflight_add(r, "cloud", "credentials", PREFLIGHT_FAIL, "%s",
			      opt->api_error != NULL ? opt->api_error
						     : "no credentials");
		preflight_add(r, "cloud", "services", PREFLIGHT_FAIL,
			      "not checked: no credentials");
		preflight_add(r, "cloud", "topology", PREFLIGHT_FAIL,
			      "not checked: no credentials");
		return;
	}
	preflight_check_credentials(opt, r);
	if (r->lines[r->n_lines - 1].verdict == PREFLIGHT_OK)
		preflight_check_nova(opt, r);
}

/* ---- running ---- */

struct preflight_report *
preflight_run(const struct preflight_options *given)
{
	struct preflight_options opt = *given;
	size_t n_hosts = opt.inv->n_hosts;
	struct preflight_pool pool = { .opt = &opt, .next = 0 };
	struct preflight_report *r = preflight_report_new();
	struct preflight_report cloud = { .n_lines = 0 };
	size_t want, started;
	pthread_t *threads;

	if (opt.max_parallel == 0)
		opt.max_parallel = PREFLIGHT_MAX_PARALLEL;
	if (opt.connect_timeout_ms == 0)
		opt.connect_timeout_ms = PREFLIGHT_CONNECT_TIMEOUT_MS;
	if (opt.command_timeout_ms == 0)
		opt.command_timeout_ms = PREFLIGHT_COMMAND_TIMEOUT_MS;
	want = n_hosts < opt.max_parallel ? n_hosts : opt.max_parallel;
	pool.per_host = xcalloc(n_hosts + 1, sizeof *pool.per_host);
	threads = xcalloc(want + 1, sizeof *threads);
	pthread_mutex_init(&pool.lock, NULL);
	started = preflight_start_workers(&pool, threads, want);
	preflight_check_cloud(&opt, &cloud);
	if (started == 0)
		preflight_worker(&pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = 0; i < n_hosts; i++)
		preflight_move(r, &pool.per_host[i]);
	preflight_move(r, &cloud);
	pthread_mutex_destroy(&pool.lock);
	free(pool.per_host);
	free(threads);
	return r;
}

/* ---- rendering ---- */

const char *
preflight_verdict_name(enum preflight_verdict v)
{
	static const char *const names[] = {
		[PREFLIGHT_OK] = "ok",
		[PREFLIGHT_WARN] = "WARN",
		[PREFLIGHT_FAIL] = "FAIL",
	};

	return names[v];
}

void
preflight_render(const struct preflight_report *r, struct strbuf *out)
{
	size_t host_w = 4, check_w = 5, counts[3] = { 0 };

	for (size_t i = 0; i < r->n_lines; i++) {
		size_t h = strlen(r->lines[i].host);
		size_t c = strlen(r->lines[i].check);

		host_w = h > host_w ? h : host_w;
		check_w = c > check_w ? c : check_w;
	}
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct preflight_line *l = &r->lines[i];

		strbuf_addf(out, "%-4s  %-*s  %-*s  %s\n",
			    preflight_verdict_name(l->verdict), (int)host_w,
			    l->host, (int)check_w, l->check, l->evidence);
		counts[l->verdict]++;
	}
	strbuf_addf(out, "%zu checks: %zu ok, %zu WARN, %zu FAIL\n", r->n_lines,
		    counts[PREFLIGHT_OK], counts[PREFLIGHT_WARN],
		    counts[PREFLIGHT_FAIL]);
}
