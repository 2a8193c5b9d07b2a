/* engine_worker: one thread per host being acted on (see engine.c for
 * why threads).
 *
 * A worker owns its host's connection and does one operation at a time:
 * the main thread posts it (engine_worker_post), the worker runs it
 * through the executor and sends back messages (output as it arrives,
 * progress, then the outcome) as pointers through the engine's pipe.
 * The worker reads nothing of the engine but its options and the pipe's
 * write end, both fixed before the first worker starts; everything it
 * hands back is newly allocated and owned by the message.  The API
 * worker (host NULL) does the calls that concern no host. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine_private.h"
#include "ini.h"
#include "sha256.h"
#include "shellquote.h"
#include "xalloc.h"

struct engine_worker {
	struct engine *e;
	size_t index;
	const struct inv_host *host;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct engine_op *op;	/* posted, not yet taken */
	bool quit;
	/* main thread only */
	bool busy;
	bool connected;
	/* worker thread only */
	void *conn;
};

struct worker_run {
	struct engine_worker *w;
	struct engine_msg *done;
};

static const struct engine_executor_ops *
w_ops(const struct engine_worker *w)
{
	return w->e->opt.ops;
}

static void *
w_ctx(const struct engine_worker *w)
{
	return w->e->opt.ops_ctx;
}

static void
worker_send(struct engine_worker *w, struct engine_msg *msg)
{
	const char *p = (const char *)&msg;
	size_t left = sizeof msg;

	msg->worker = w->index;
	while (left > 0) {
		ssize_t n = write(w->e->pipe[1], p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* The engine is gone; nobody will free it. */
			engine_msg_free(msg);
			return;
		}
		p += n;
		left -= (size_t)n;
	}
}

static struct engine_msg *
msg_new(enum engine_msg_kind kind)
{
	struct engine_msg *msg = xcalloc(1, sizeof *msg);

	msg->kind = kind;
	msg->exit_status = -1;
	return msg;
}

void
engine_msg_free(struct engine_msg *msg)
{
	if (msg == NULL)
		return;
	free(msg->data);
	strbuf_release(&msg->output);
	engine_mig_computes_free(msg->computes, msg->n_computes);
	engine_mig_instances_free(msg->instances, msg->n_instances);
	for (size_t i = 0; msg->instance_hosts != NULL && i < msg->n_instances;
	     i++)
		free(msg->instance_hosts[i]);
	free(msg->instance_hosts);
	for (size_t i = 0; i < 2; i++) {
		/* Configuration files hold passwords. */
		if (msg->file_data[i] != NULL)
			explicit_bzero(msg->file_data[i], msg->file_len[i]);
		free(msg->file_data[i]);
	}
	free(msg);
}

static void
worker_progress(struct engine_worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
worker_progress(struct engine_worker *w, const char *fmt, ...)
{
	struct engine_msg *msg = msg_new(ENGINE_MSG_PROGRESS);
	va_list ap;

	va_start(ap, fmt);
	msg->data = xvasprintf(fmt, ap);
	va_end(ap);
	msg->len = strlen(msg->data);
	worker_send(w, msg);
}

/* Output goes out as it comes and is kept whole for the journal, which
 * stores the start and keeps the rest in a file beside it. */
static void
worker_output(void *ctx, bool is_stderr, const char *data, size_t len)
{
	struct worker_run *run = ctx;
	struct engine_msg *msg = msg_new(ENGINE_MSG_OUTPUT);

	msg->data = xstrndup(data, len);
	msg->len = len;
	msg->is_stderr = is_stderr;
	worker_send(run->w, msg);
	strbuf_add(&run->done->output, data, len);
}

/* ---- connections ------------------------------------------------------- */

static void
worker_connect(struct engine_worker *w, struct engine_msg *done)
{
	if (w->conn != NULL) {
		w_ops(w)->disconnect(w_ctx(w), w->conn);
		w->conn = NULL;
	}
	done->connect = w_ops(w)->connect(w_ctx(w), w->host, &w->conn,
					  &done->hk, &done->err);
	done->status = done->connect == ENGINE_CONNECT_OK ? ENGINE_OP_OK
							  : ENGINE_OP_FAILED;
}

static void
worker_accept_key(struct engine_worker *w, struct engine_op *op,
		  struct engine_msg *done)
{
	const struct engine_hostkey *hk = op->hostkey;

	if (w_ops(w)->accept_hostkey(w_ctx(w), hk, &done->err) < 0) {
		done->connect = ENGINE_CONNECT_FAILED;
		done->status = ENGINE_OP_FAILED;
		return;
	}
	worker_connect(w, done);
}

/* Commands and files need the link; one that died is opened again (its
 * key is known by now, so this asks the operator nothing). */
static bool
worker_ensure_link(struct engine_worker *w, struct engine_msg *done)
{
	struct engine_hostkey hk = { .opaque = NULL };

	if (w->conn != NULL && (w_ops(w)->alive == NULL ||
				w_ops(w)->alive(w_ctx(w), w->conn)))
		return true;
	if (w->conn != NULL) {
		w_ops(w)->disconnect(w_ctx(w), w->conn);
		w->conn = NULL;
	}
	if (w_ops(w)->connect(w_ctx(w), w->host, &w->conn, &hk, &done->err) ==
	    ENGINE_CONNECT_OK)
		return true;
	if (hk.opaque != NULL && w_ops(w)->release_hostkey != NULL)
		w_ops(w)->release_hostkey(w_ctx(w), &hk);
	done->status = ENGINE_OP_FAILED;
	return false;
}

static void
worker_command(struct engine_worker *w, struct engine_op *op,
	       struct engine_msg *done)
{
	struct worker_run run = { .w = w, .done = done };

	if (!worker_ensure_link(w, done))
		return;
	done->status = w_ops(w)->run_command(w_ctx(w), w->conn, op->command,
					     op->timeout_ms, worker_output,
					     &run, &done->exit_status,
					     &done->err);
	/* A lost link is found again at the next operation. */
	if (done->status != ENGINE_OP_OK) {
		w_ops(w)->disconnect(w_ctx(w), w->conn);
		w->conn = NULL;
	}
}

#define INI_MAX (4u * 1024u * 1024u)
/* A configuration file larger than this is not one to review. */
#define REVIEW_MAX (4u * 1024u * 1024u)

/* The edit is made here, on the bytes read, by the ini module, which
 * keeps every byte it does not have to change. */
static void
worker_ini_comment(struct engine_worker *w, struct engine_op *op,
		   struct engine_msg *done)
{
	struct strbuf out = STRBUF_INIT;
	struct ini *ini = NULL;
	char *data = NULL;
	size_t len = 0;
	size_t n;

	done->status = ENGINE_OP_FAILED;
	if (!worker_ensure_link(w, done) ||
	    w_ops(w)->read_file(w_ctx(w), w->conn, op->file, INI_MAX, &data,
				&len, &done->err) < 0 ||
	    ini_parse(op->file, data, len, &ini, &done->err) < 0) {
		free(data);
		return;
	}
	n = ini_comment_out(ini, op->section, op->option);
	ini_write(ini, &out);
	if (n == 0) {
		strbuf_addf(&done->output, "[%s] %s is not set in %s: nothing "
			    "to comment out, the file is left as it is\n",
			    op->section, op->option, op->file);
		done->status = ENGINE_OP_OK;
	} else if (w_ops(w)->write_file(w_ctx(w), w->conn, op->file, out.buf,
					out.len, &done->err) == 0) {
		strbuf_addf(&done->output, "commented out %zu value%s of [%s] "
			    "%s in %s\n", n, n == 1 ? "" : "s", op->section,
			    op->option, op->file);
		done->status = ENGINE_OP_OK;
	} else {
		/* Whether the rename happened is for the after-check. */
		done->status = ENGINE_OP_UNKNOWN;
	}
	done->exit_status = done->status == ENGINE_OP_OK ? 0 : -1;
	ini_free(ini);
	free(data);
	strbuf_release(&out);
}

/* ---- reviews ------------------------------------------------------------ */

static int
review_read(struct engine_worker *w, const char *path, char **data,
	    size_t *len, struct ou_error *err)
{
	struct ou_error why;

	if (w_ops(w)->read_file(w_ctx(w), w->conn, path, REVIEW_MAX, data, len,
				&why) == 0)
		return 0;
	*data = NULL;
	return ou_error_set(err, "%s: cannot fetch %s for the review (at "
			    "most %u MiB): %s", w->host->name, path,
			    REVIEW_MAX >> 20, why.msg);
}

/* Only the hashes go back as output (and to the journal): the bytes hold
 * passwords and travel in the message alone. */
static void
worker_review_fetch(struct engine_worker *w, struct engine_op *op,
		    struct engine_msg *done)
{
	char *rpmnew = xasprintf("%s.rpmnew", op->path);
	const char *paths[2] = { op->path, rpmnew };

	done->status = ENGINE_OP_FAILED;
	if (!worker_ensure_link(w, done)) {
		free(rpmnew);
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		char hex[65];

		if (review_read(w, paths[i], &done->file_data[i],
				&done->file_len[i], &done->err) < 0) {
			free(rpmnew);
			return;
		}
		sha256_hex(done->file_data[i], done->file_len[i], hex);
		strbuf_addf(&done->output, "sha256 %s  %s (%zu bytes)\n", hex,
			    paths[i], done->file_len[i]);
	}
	done->status = ENGINE_OP_OK;
	done->exit_status = 0;
	free(rpmnew);
}

/* The result's bytes to the staging file (its directory was made by
 * the command before: src/engine_review.c). */
static void
worker_review_stage(struct engine_worker *w, struct engine_op *op,
		    struct engine_msg *done)
{
	char hex[65];

	done->status = ENGINE_OP_FAILED;
	done->exit_status = -1;
	if (!worker_ensure_link(w, done))
		return;
	if (w_ops(w)->write_file(w_ctx(w), w->conn, op->staged, op->data,
				 op->len, &done->err) < 0)
		return;	/* nothing but the staging area may have changed */
	sha256_hex(op->data, op->len, hex);
	strbuf_addf(&done->output, "staged %zu bytes (sha256 %s) at %s\n",
		    op->len, hex, op->staged);
	done->status = ENGINE_OP_OK;
	done->exit_status = 0;
}

/* ---- Nova --------------------------------------------------------------- */

static bool
service_matches(const struct engine_op *op, const struct engine_service *s)
{
	return (!op->check_up || s->up == op->want_up) &&
	       (!op->check_enabled || s->enabled == op->want_enabled);
}

static void
service_describe(const struct engine_op *op, const struct engine_service *s,
		 struct strbuf *sb)
{
	strbuf_addf(sb, "%s on %s is %s and %s\n", op->binary, op->nova_host,
		    s->up ? "up" : "down", s->enabled ? "enabled" : "disabled");
}

static void
worker_nova_check(struct engine_worker *w, struct engine_op *op,
		  struct engine_msg *done)
{
	struct engine_service s = { .up = false };

	done->status = w_ops(w)->nova_service(w_ctx(w), op->nova_host,
					      op->binary, &s, &done->err);
	if (done->status != ENGINE_OP_OK)
		return;
	service_describe(op, &s, &done->output);
	done->exit_status = service_matches(op, &s) ? 0 : 1;
}

/* Nova calls a stopped service down only once its last heartbeat is older
 * than service_down_time (60 s by default), so a wait polls, bounded by
 * the step's timeout. */
static void
worker_nova_wait(struct engine_worker *w, struct engine_op *op,
		 struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);
	double start = ops->now(w_ctx(w));
	double limit = start + op->timeout_ms / 1000.0;
	struct engine_service s = { .up = false };
	unsigned polls = 0;

	for (;;) {
		done->status = ops->nova_service(w_ctx(w), op->nova_host,
						 op->binary, &s, &done->err);
		if (done->status == ENGINE_OP_OK && service_matches(op, &s))
			break;
		if (ops->now(w_ctx(w)) >= limit)
			break;
		if (++polls % 5 == 0)
			worker_progress(w, "%s on %s is %s after %.0f s, "
					"waiting for %s", op->binary,
					op->nova_host,
					done->status != ENGINE_OP_OK ? "unreadable"
					: s.up ? "up" : "down",
					ops->now(w_ctx(w)) - start,
					op->want_up ? "up" : "down");
		ops->sleep_ms(w_ctx(w), w->e->opt.poll_interval_ms);
	}
	if (done->status != ENGINE_OP_OK)
		return;
	service_describe(op, &s, &done->output);
	strbuf_addf(&done->output, "after %.0f s (limit %u s)\n",
		    ops->now(w_ctx(w)) - start, op->timeout_ms / 1000u);
	done->exit_status = service_matches(op, &s) ? 0 : 1;
}

static void
worker_nova_change(struct engine_worker *w, struct engine_op *op,
		   struct engine_msg *done)
{
	if (op->kind == ENGINE_OP_NOVA_DISABLE)
		done->status = w_ops(w)->nova_disable(w_ctx(w), op->nova_host,
						      op->binary, op->reason,
						      &done->err);
	else
		done->status = w_ops(w)->nova_enable(w_ctx(w), op->nova_host,
						     op->binary, &done->err);
	if (done->status == ENGINE_OP_OK)
		done->exit_status = 0;
}

static bool
stale_known(const struct engine_op *op, const char *host)
{
	for (size_t i = 0; i < op->n_known_hosts; i++)
		if (strcmp(op->known_hosts[i], host) == 0)
			return true;
	return false;
}

static void
worker_nova_stale(struct engine_worker *w, struct engine_op *op,
		  struct engine_msg *done)
{
	struct engine_service *svcs = NULL;
	size_t n = 0;
	size_t stale = 0;

	done->status = ENGINE_OP_FAILED;
	if (w_ops(w)->nova_services(w_ctx(w), op->binary, &svcs, &n,
				    &done->err) < 0)
		return;
	done->status = ENGINE_OP_OK;
	for (size_t i = 0; i < n; i++) {
		bool known = stale_known(op, svcs[i].host);

		strbuf_addf(&done->output, "%s %s: %s, %s%s\n", op->binary,
			    svcs[i].host, svcs[i].up ? "up" : "down",
			    svcs[i].enabled ? "enabled" : "disabled",
			    !known ? " (not in the inventory: stale)"
			    : !svcs[i].up ? " (down: stale or not back)" : "");
		stale += !known || !svcs[i].up;
	}
	free(svcs);
	done->exit_status = stale == 0 ? 0 : 1;
}

/* ---- migration ------------------------------------------------------ */

static void
mig_describe(struct engine_msg *done)
{
	for (size_t c = 0; c < done->n_computes; c++) {
		const struct engine_mig_compute *m = &done->computes[c];

		strbuf_addf(&done->output, "compute %s: %s, %s, %ld MB RAM, "
			    "%ld vCPUs, %ld GB disk free\n", m->host,
			    m->up ? "up" : "down",
			    m->enabled ? "enabled" : "disabled", m->free_ram_mb,
			    m->free_vcpus, m->free_disk_gb);
	}
	for (size_t i = 0; i < done->n_instances; i++) {
		const struct engine_mig_instance *in = &done->instances[i];

		strbuf_addf(&done->output, "instance %s (%s) on %s: %s, %ld MB "
			    "RAM, %ld vCPUs, %ld GB disk\n", in->name, in->id,
			    done->instance_hosts[i], in->status, in->ram_mb,
			    in->vcpus, in->disk_gb);
	}
}

static int
mig_read_instances(struct engine_worker *w, struct engine_op *op,
		   struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);

	for (size_t s = 0; s < op->n_sources; s++) {
		struct engine_mig_instance *in = NULL;
		size_t n = 0;

		if (ops->nova_instances(w_ctx(w), op->sources[s], &in, &n,
					&done->err) < 0)
			return -1;
		done->instances = xreallocarray(done->instances,
						done->n_instances + n + 1,
						sizeof *done->instances);
		done->instance_hosts = xreallocarray(done->instance_hosts,
						     done->n_instances + n + 1,
						     sizeof *done->instance_hosts);
		for (size_t i = 0; i < n; i++) {
			done->instances[done->n_instances] = in[i];
			done->instance_hosts[done->n_instances++] =
				xstrdup(op->sources[s]);
		}
		free(in);
	}
	return 0;
}

static void
worker_mig_read(struct engine_worker *w, struct engine_op *op,
		struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);

	done->status = ENGINE_OP_FAILED;
	if (ops->nova_computes(w_ctx(w), &done->computes, &done->n_computes,
			       &done->err) < 0 ||
	    mig_read_instances(w, op, done) < 0)
		return;
	done->cold_names_target = ops->nova_cold_names_target == NULL ||
				  ops->nova_cold_names_target(w_ctx(w));
	mig_describe(done);
	done->status = ENGINE_OP_OK;
	done->exit_status = 0;
}

/* Follow a server until it has want_status away from its source, at
 * most until limit.  The target is where it should land; an API that
 * cannot name the target of a cold migration lets the scheduler choose,
 * and the output says where it went. */
static int
mig_follow(struct engine_worker *w, struct engine_op *op,
	   struct engine_msg *done, const char *want_status, double limit)
{
	const struct engine_executor_ops *ops = w_ops(w);
	char status[32] = "";
	char host[256] = "";

	while (ops->now(w_ctx(w)) < limit) {
		if (ops->nova_server(w_ctx(w), op->instance_id, status, host,
				     &done->err) < 0)
			return -1;
		if (strcmp(status, "ERROR") == 0) {
			ou_error_set(&done->err, "instance %s (%s) went to "
				     "ERROR on %s", op->instance_name,
				     op->instance_id, host);
			return -1;
		}
		if (strcmp(status, want_status) == 0 && host[0] != '\0' &&
		    strcmp(host, op->nova_host) != 0) {
			if (strcmp(host, op->target) != 0)
				strbuf_addf(&done->output, "the scheduler "
					    "placed %s on %s, not %s\n",
					    op->instance_name, host,
					    op->target);
			return 0;
		}
		ops->sleep_ms(w_ctx(w), w->e->opt.poll_interval_ms);
	}
	ou_error_set(&done->err, "instance %s (%s) is %s on %s, not yet %s "
		     "on %s, after %u s", op->instance_name, op->instance_id,
		     status, host, want_status, op->target,
		     op->timeout_ms / 1000u);
	return -1;
}

/* Nova refuses to move an instance off a compute whose nova-compute it
 * reads down (HTTP 400, "Compute service of <host> is unavailable at this
 * time"), and a loaded compute can miss a heartbeat or two.  Twice the
 * default service_down_time (60 s) lets a late heartbeat land. */
#define MIG_SOURCE_UP_WAIT_S 120u

/* The source must read up; disabled is expected (the rollout disabled
 * it).  Waits for up, polling, at most MIG_SOURCE_UP_WAIT_S; -1 with
 * done->err set when it never does or cannot be read. */
static int
mig_source_up(struct engine_worker *w, struct engine_op *op,
	      struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);
	double start = ops->now(w_ctx(w));
	double limit = start + MIG_SOURCE_UP_WAIT_S;
	struct engine_service s = { .up = false };
	struct ou_error why;
	bool told = false;

	for (;;) {
		if (ops->nova_service(w_ctx(w), op->nova_host, "nova-compute",
				      &s, &why) != ENGINE_OP_OK)
			return ou_error_set(&done->err, "%s: cannot read the "
					    "state of its nova-compute before "
					    "moving %s (%s): %s", op->nova_host,
					    op->instance_name, op->instance_id,
					    why.msg);
		if (s.up)
			break;
		if (ops->now(w_ctx(w)) >= limit)
			return ou_error_set(&done->err, "%s: Nova still reads "
					    "nova-compute down after %u s; a "
					    "%s migration needs the source "
					    "compute's nova-compute up (Nova "
					    "refuses it otherwise), so %s (%s) "
					    "was not moved.  Start nova-compute "
					    "on %s and retry, or skip the "
					    "migration", op->nova_host,
					    MIG_SOURCE_UP_WAIT_S,
					    op->live ? "live" : "cold",
					    op->instance_name, op->instance_id,
					    op->nova_host);
		if (!told)
			worker_progress(w, "%s: Nova reads nova-compute down; "
					"waiting up to %u s for it to be up "
					"before moving its instances",
					op->nova_host, MIG_SOURCE_UP_WAIT_S);
		told = true;
		ops->sleep_ms(w_ctx(w), w->e->opt.poll_interval_ms);
	}
	if (told)
		worker_progress(w, "%s: Nova reads nova-compute up again after "
				"%.0f s; moving its instances", op->nova_host,
				ops->now(w_ctx(w)) - start);
	return 0;
}

/* Nova's refusal because it read the source compute down, told apart from
 * every other error by its status and its own words. */
static bool
mig_refused_source_down(const struct engine_op *op,
			const struct ou_error *err)
{
	char *words = xasprintf("Compute service of %s is unavailable",
				op->nova_host);
	bool refused = strstr(err->msg, "HTTP 400") != NULL &&
		       strstr(err->msg, words) != NULL;

	free(words);
	return refused;
}

/* Ask Nova to move the instance; if it refused because it read the source
 * down for a moment, wait for up and ask once more. */
static enum engine_op_status
mig_start(struct engine_worker *w, struct engine_op *op,
	  struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);
	enum engine_op_status st;

	if (mig_source_up(w, op, done) < 0)
		return ENGINE_OP_FAILED;
	st = ops->nova_migrate(w_ctx(w), op->instance_id, op->target, op->live,
			       &done->err);
	if (st != ENGINE_OP_FAILED || !mig_refused_source_down(op, &done->err))
		return st;
	worker_progress(w, "%s: Nova refused to move %s: it read nova-compute "
			"down; asking once more once it reads up",
			op->nova_host, op->instance_name);
	if (mig_source_up(w, op, done) < 0)
		return ENGINE_OP_FAILED;
	return ops->nova_migrate(w_ctx(w), op->instance_id, op->target,
				 op->live, &done->err);
}

static void
worker_mig_move(struct engine_worker *w, struct engine_op *op,
		struct engine_msg *done)
{
	const struct engine_executor_ops *ops = w_ops(w);
	double limit;

	done->status = mig_start(w, op, done);
	if (done->status != ENGINE_OP_OK)
		return;
	limit = ops->now(w_ctx(w)) + op->timeout_ms / 1000.0;
	/* From here on a failure leaves the instance somewhere between the
	 * two hosts: the outcome is for the operator to look at. */
	done->status = ENGINE_OP_UNKNOWN;
	if (op->live) {
		if (mig_follow(w, op, done, "ACTIVE", limit) < 0)
			return;
	} else {
		if (mig_follow(w, op, done, "VERIFY_RESIZE", limit) < 0 ||
		    ops->nova_confirm_resize(w_ctx(w), op->instance_id,
					     &done->err) != ENGINE_OP_OK ||
		    mig_follow(w, op, done, "ACTIVE", limit) < 0)
			return;
	}
	strbuf_addf(&done->output, "instance %s (%s) is ACTIVE, moved off "
		    "%s\n", op->instance_name, op->instance_id, op->nova_host);
	done->status = ENGINE_OP_OK;
	done->exit_status = 0;
}

/* ---- the thread ------------------------------------------------------ */

static void
worker_do(struct engine_worker *w, struct engine_op *op,
	  struct engine_msg *done)
{
	switch (op->kind) {
	case ENGINE_OP_CONNECT:
		worker_connect(w, done);
		break;
	case ENGINE_OP_ACCEPT_KEY:
		worker_accept_key(w, op, done);
		break;
	case ENGINE_OP_COMMAND:
		worker_command(w, op, done);
		break;
	case ENGINE_OP_INI_COMMENT:
		worker_ini_comment(w, op, done);
		break;
	case ENGINE_OP_NOVA_CHECK:
		worker_nova_check(w, op, done);
		break;
	case ENGINE_OP_NOVA_WAIT:
		worker_nova_wait(w, op, done);
		break;
	case ENGINE_OP_NOVA_DISABLE:
	case ENGINE_OP_NOVA_ENABLE:
		worker_nova_change(w, op, done);
		break;
	case ENGINE_OP_NOVA_STALE:
		worker_nova_stale(w, op, done);
		break;
	case ENGINE_OP_MIG_READ:
		worker_mig_read(w, op, done);
		break;
	case ENGINE_OP_MIG_MOVE:
		worker_mig_move(w, op, done);
		break;
	case ENGINE_OP_REVIEW_FETCH:
		worker_review_fetch(w, op, done);
		break;
	case ENGINE_OP_REVIEW_STAGE:
		worker_review_stage(w, op, done);
		break;
	case ENGINE_OP_QUIT:
		break;
	}
}

static struct engine_op *
worker_take(struct engine_worker *w)
{
	struct engine_op *op;

	pthread_mutex_lock(&w->lock);
	while (w->op == NULL && !w->quit)
		pthread_cond_wait(&w->cond, &w->lock);
	op = w->op;
	w->op = NULL;
	pthread_mutex_unlock(&w->lock);
	return op;
}

static void *
worker_main(void *arg)
{
	struct engine_worker *w = arg;
	struct engine_op *op;

	while ((op = worker_take(w)) != NULL) {
		struct engine_msg *done = msg_new(ENGINE_MSG_DONE);

		worker_do(w, op, done);
		worker_send(w, done);
	}
	if (w->conn != NULL)
		w_ops(w)->disconnect(w_ctx(w), w->conn);
	return NULL;
}

struct engine_worker *
engine_worker_new(struct engine *e, size_t index, const struct inv_host *host)
{
	struct engine_worker *w = xcalloc(1, sizeof *w);

	w->e = e;
	w->index = index;
	w->host = host;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		/* Out of threads is out of memory here: no way on. */
		abort();
	}
	return w;
}

void
engine_worker_post(struct engine_worker *w, struct engine_op *op)
{
	pthread_mutex_lock(&w->lock);
	w->op = op;
	w->busy = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

bool
engine_worker_busy(const struct engine_worker *w)
{
	return w != NULL && w->busy;
}

void
engine_worker_set_idle(struct engine_worker *w)
{
	w->busy = false;
}

bool
engine_worker_connected(const struct engine_worker *w)
{
	return w != NULL && w->connected;
}

void
engine_worker_set_connected(struct engine_worker *w, bool connected)
{
	w->connected = connected;
}

/* Asks the worker to end after the operation it runs, if any. */
void
engine_worker_stop(struct engine_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Wait at most ms for a stopped worker to end; then free it.  The caller
 * drains the pipe between calls: a worker may be blocked writing to it. */
bool
engine_worker_join(struct engine_worker *w, unsigned ms)
{
	struct timespec until;

	if (w == NULL)
		return true;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	until.tv_sec += ms / 1000 + until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	if (pthread_timedjoin_np(w->thread, NULL, &until) != 0)
		return false;
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
	return true;
}
