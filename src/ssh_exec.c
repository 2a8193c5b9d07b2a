/* ssh_exec: see include/ssh.h.  Running one command on a channel.
 *
 * Output arrives through libssh's channel callbacks while an ssh_event
 * polls the session in slices, so stdout and stderr stay apart, each
 * chunk reaches the caller as it comes, and the command's timeout is
 * checked between slices.  Opening the channel and sending the request
 * are blocking libssh calls, bounded by the watchdog. */
#include "config.h"

#include <libssh/callbacks.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shellquote.h"
#include "ssh_private.h"
#include "strbuf.h"
#include "xalloc.h"

#define EXEC_KEEP_DEFAULT (64u * 1024u)
/* How often the wait loop looks at the clock and the link. */
#define EXEC_SLICE_MS 500

struct exec_run {
	struct ssh_conn *conn;
	struct ssh_exec_result *res;
	const struct ssh_exec_opts *opts;
	size_t keep;
	struct ssh_channel_callbacks_struct callbacks;
	bool closed;		/* the host closed the channel */
	bool got_outcome;	/* exit-status or exit-signal arrived */
};

char *
ssh_wrap_command(enum ssh_become become, const char *command)
{
	struct strbuf sb = STRBUF_INIT;

	if (become != SSH_BECOME_SUDO)
		return xstrdup(command);
	/* -n: fail rather than wait for a password nobody will type. */
	strbuf_adds(&sb, "sudo -n -- sh -c ");
	shellquote_append(&sb, command);
	return strbuf_take(&sb);
}

void
ssh_exec_result_release(struct ssh_exec_result *res)
{
	if (res == NULL)
		return;
	strbuf_release(&res->out);
	strbuf_release(&res->err);
}

static long long
exec_now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Keep the end of a stream: let the buffer grow to twice the cap, then
 * move the last `keep` bytes to the front, so each byte moves at most
 * once on average. */
static void
exec_keep_tail(struct strbuf *sb, const char *data, size_t len, size_t keep)
{
	if (len >= keep) {
		strbuf_reset(sb);
		strbuf_add(sb, data + len - keep, keep);
		return;
	}
	strbuf_add(sb, data, len);
	if (sb->len > 2 * keep) {
		memmove(sb->buf, sb->buf + sb->len - keep, keep);
		sb->len = keep;
		sb->buf[keep] = '\0';
	}
}

static void
exec_trim_tail(struct strbuf *sb, size_t keep)
{
	if (sb->len <= keep)
		return;
	memmove(sb->buf, sb->buf + sb->len - keep, keep);
	sb->len = keep;
	sb->buf[keep] = '\0';
}

static int
exec_on_data(ssh_session session, ssh_channel channel, void *data,
	     uint32_t len, int is_stderr, void *userdata)
{
	struct exec_run *run = userdata;
	struct ssh_exec_result *res = run->res;

	if (is_stderr) {
		exec_keep_tail(&res->err, data, len, run->keep);
		res->err_total += len;
	} else {
		exec_keep_tail(&res->out, data, len, run->keep);
		res->out_total += len;
	}
	if (run->opts->on_output != NULL)
		run->opts->on_output(run->opts->ctx,
				     is_stderr ? SSH_STREAM_STDERR
					       : SSH_STREAM_STDOUT,
				     data, len);
	return (int)len;
}

static void
exec_on_close(ssh_session session, ssh_channel channel, void *userdata)
{
	struct exec_run *run = userdata;

	run->closed = true;
}

static void
exec_on_exit_status(ssh_session session, ssh_channel channel, int status,
		    void *userdata)
{
	struct exec_run *run = userdata;

	run->res->exit_status = status;
	run->res->outcome = SSH_EXEC_EXITED;
	run->got_outcome = true;
}

static void
exec_on_exit_signal(ssh_session session, ssh_channel channel,
		    const char *signal, int core, const char *errmsg,
		    const char *lang, void *userdata)
{
	struct exec_run *run = userdata;

	snprintf(run->res->signal, sizeof run->res->signal, "%s",
		 signal != NULL ? signal : "?");
	run->res->outcome = SSH_EXEC_SIGNALLED;
	run->got_outcome = true;
}

static void
exec_run_init(struct exec_run *run, struct ssh_conn *conn,
	      const struct ssh_exec_opts *opts, struct ssh_exec_result *res)
{
	*run = (struct exec_run){
		.conn = conn,
		.res = res,
		.opts = opts,
		.keep = opts->keep != 0 ? opts->keep : EXEC_KEEP_DEFAULT,
		.callbacks = {
			.userdata = run,
			.channel_data_function = exec_on_data,
			.channel_close_function = exec_on_close,
			.channel_exit_status_function = exec_on_exit_status,
			.channel_exit_signal_function = exec_on_exit_signal,
		},
	};
	ssh_callbacks_init(&run->callbacks);
}

static ssh_channel
exec_open_channel(struct exec_run *run, struct ou_error *err)
{
	struct ssh_conn *conn = run->conn;
	ssh_channel channel = ssh_channel_new(conn->session);
	int rc = SSH_ERROR;
	bool cut;

	if (channel == NULL) {
		ssh_conn_error(conn, err, "cannot make a channel: %s",
			       ssh_get_error(conn->session));
		return NULL;
	}
	ssh_conn_guard_begin(conn, conn->io_timeout_ms);
	rc = ssh_channel_open_session(channel);
	cut = ssh_conn_guard_end(conn);
	if (rc == SSH_OK) {
		ssh_set_channel_callbacks(channel, &run->callbacks);
		return channel;
	}
	if (cut)
		ssh_conn_error(conn, err, "no answer within %u ms while opening "
			       "a channel; connection closed",
			       conn->io_timeout_ms);
	else
		ssh_conn_error(conn, err, "cannot open a channel: %s",
			       ssh_get_error(conn->session));
	ssh_channel_free(channel);
	return NULL;
}

/* 0 once the host has the command.  Otherwise *failed says what is
 * known: NOT_RUN if the host refused it, DROPPED if the link went while
 * it was on its way (it may have started). */
static int
exec_send(struct exec_run *run, ssh_channel channel, const char *line,
	  enum ssh_exec_outcome *failed, struct ou_error *err)
{
	struct ssh_conn *conn = run->conn;
	int rc;
	bool cut;

	ssh_conn_guard_begin(conn, conn->io_timeout_ms);
	rc = ssh_channel_request_exec(channel, line);
	if (rc == SSH_OK)
		rc = ssh_channel_send_eof(channel);
	cut = ssh_conn_guard_end(conn);
	if (rc == SSH_OK)
		return 0;
	if (cut || conn->dead) {
		*failed = SSH_EXEC_DROPPED;
		return ssh_conn_error(conn, err, "the connection was lost while "
				      "sending the command%s: whether it ran "
				      "is unknown",
				      cut ? " (no answer in time)" : "");
	}
	*failed = SSH_EXEC_NOT_RUN;
	return ssh_conn_error(conn, err, "the host would not run the command: "
			      "%s", ssh_get_error(conn->session));
}

static int
exec_slice_ms(long long deadline)
{
	long long left;

	if (deadline == 0)
		return EXEC_SLICE_MS;
	left = deadline - exec_now_ms();
	if (left <= 0)
		return 0;
	return left < EXEC_SLICE_MS ? (int)left : EXEC_SLICE_MS;
}

static bool
exec_link_lost(ssh_session session)
{
	return !ssh_is_connected(session) ||
	       (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

/* Until the host closes the channel, the deadline (true), or the link
 * dies. */
static bool
exec_wait(struct exec_run *run, ssh_channel channel, long long deadline)
{
	ssh_session session = run->conn->session;
	ssh_event event = ssh_event_new();
	bool timed_out = false;

	if (event == NULL || ssh_event_add_session(event, session) != SSH_OK)
		abort();	/* allocation failed inside libssh */
	while (!run->closed) {
		int slice = exec_slice_ms(deadline);

		if (slice == 0) {
			timed_out = true;
			break;
		}
		if (ssh_event_dopoll(event, slice) == SSH_ERROR ||
		    exec_link_lost(session) || ssh_channel_is_closed(channel))
			break;
	}
	ssh_event_remove_session(event, session);
	ssh_event_free(event);
	if (exec_link_lost(session))
		run->conn->dead = true;
	return timed_out;
}

/* The channel is over: what can be said about the command. */
static enum ssh_exec_outcome
exec_conclude(struct exec_run *run, bool timed_out, unsigned timeout_ms,
	      struct ou_error *err)
{
	struct ssh_conn *conn = run->conn;

	if (timed_out) {
		ssh_conn_error(conn, err, "the command did not finish within "
			       "%u ms; the host was asked to send it TERM "
			       "(OpenSSH ignores that for root logins), and it "
			       "may still be running there", timeout_ms);
		return SSH_EXEC_TIMED_OUT;
	}
	if (run->got_outcome) {
		if (run->res->outcome == SSH_EXEC_SIGNALLED)
			ssh_conn_error(conn, err, "the command was killed by "
				       "signal %s", run->res->signal);
		return run->res->outcome;
	}
	if (conn->dead)
		ssh_conn_error(conn, err, "the connection was lost while the "
			       "command ran: its outcome is unknown");
	else
		ssh_conn_error(conn, err, "the host closed the channel "
			       "without an exit status: the command's "
			       "outcome is unknown");
	return SSH_EXEC_DROPPED;
}

/* The callbacks live in this call's frame: detach them before libssh
 * may keep the channel around for the host's late close. */
static void
exec_finish_channel(struct exec_run *run, ssh_channel channel,
		    enum ssh_exec_outcome waited)
{
	struct ssh_conn *conn = run->conn;

	ssh_remove_channel_callbacks(channel, &run->callbacks);
	if (!conn->dead) {
		ssh_conn_guard_begin(conn, conn->io_timeout_ms);
		if (waited == SSH_EXEC_TIMED_OUT)
			ssh_channel_request_send_signal(channel, "TERM");
		ssh_channel_close(channel);
		ssh_conn_guard_end(conn);
	}
	ssh_channel_free(channel);
}

enum ssh_exec_outcome
ssh_exec_command(struct ssh_conn *conn, const char *command,
		 const struct ssh_exec_opts *opts, struct ssh_exec_result *res,
		 struct ou_error *err)
{
	static const struct ssh_exec_opts defaults = { .timeout_ms = 0 };
	struct exec_run run;
	ssh_channel channel;
	char *line;
	enum ssh_exec_outcome outcome;
	long long deadline;

	*res = (struct ssh_exec_result){ .outcome = SSH_EXEC_NOT_RUN,
					 .exit_status = -1 };
	opts = opts != NULL ? opts : &defaults;
	if (!ssh_conn_is_alive(conn)) {
		ssh_conn_error(conn, err, "the connection was lost earlier; "
			       "the command was not sent");
		return SSH_EXEC_NOT_RUN;
	}
	deadline = opts->timeout_ms != 0 ? exec_now_ms() + opts->timeout_ms
					 : 0;
	exec_run_init(&run, conn, opts, res);
	channel = exec_open_channel(&run, err);
	if (channel == NULL)
		return SSH_EXEC_NOT_RUN;
	line = ssh_wrap_command(conn->become, command);
	if (exec_send(&run, channel, line, &outcome, err) == 0) {
		bool timed_out = exec_wait(&run, channel, deadline);

		outcome = exec_conclude(&run, timed_out, opts->timeout_ms, err);
	}
	free(line);
	exec_finish_channel(&run, channel, outcome);
	exec_trim_tail(&res->out, run.keep);
	exec_trim_tail(&res->err, run.keep);
	res->outcome = outcome;
	return outcome;
}
