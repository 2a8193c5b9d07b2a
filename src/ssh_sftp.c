/* ssh_sftp: see include/ssh.h.  Reading and atomically replacing files.
 *
 * One sftp session per connection, opened by the first transfer.  Under
 * become: sudo it is an sftp-server started through sudo on an exec
 * channel, since the sftp subsystem would run as the login user.
 *
 * libssh 0.10's sftp_rename() is protocol 3's rename, which OpenSSH
 * refuses over an existing file; the atomic replace needs the
 * posix-rename@openssh.com extension, which libssh 0.10 does not send, so
 * this file sends that one request itself on the sftp channel (libssh
 * 0.11's sftp_rename() does the same).  Every transfer runs as a whole
 * under the watchdog, because libssh's sftp calls wait without limit. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "ssh_private.h"
#include "strbuf.h"
#include "xalloc.h"

/* Below every server's limit on one read or write request. */
#define SFTP_CHUNK 32768u

/* Where the sftp-server binary lives: RHEL/CentOS, Debian, Arch, BSD. */
#define SFTP_SERVER_SCRIPT                                                \
	"for p in /usr/libexec/openssh/sftp-server "                      \
	"/usr/lib/openssh/sftp-server /usr/lib/ssh/sftp-server "          \
	"/usr/libexec/sftp-server; do "                                   \
	"[ -x \"$p\" ] && exec \"$p\"; done; "                            \
	"echo 'no sftp-server found' >&2; exit 127"

static const char *
sftp_status_text(int code)
{
	static const char *const texts[] = {
		[SSH_FX_OK] = "no error",
		[SSH_FX_EOF] = "unexpected end of file",
		[SSH_FX_NO_SUCH_FILE] = "no such file or directory",
		[SSH_FX_PERMISSION_DENIED] = "permission denied",
		[SSH_FX_FAILURE] = "failed on the host",
		[SSH_FX_BAD_MESSAGE] = "bad message",
		[SSH_FX_NO_CONNECTION] = "no connection",
		[SSH_FX_CONNECTION_LOST] = "connection lost",
		[SSH_FX_OP_UNSUPPORTED] = "operation not supported",
		[SSH_FX_INVALID_HANDLE] = "invalid handle",
		[SSH_FX_NO_SUCH_PATH] = "no such path",
		[SSH_FX_FILE_ALREADY_EXISTS] = "file already exists",
		[SSH_FX_WRITE_PROTECT] = "write-protected",
		[SSH_FX_NO_MEDIA] = "no media",
	};

	if (code < 0 || (size_t)code >= sizeof texts / sizeof texts[0] ||
	    texts[code] == NULL)
		return "unknown sftp error";
	return texts[code];
}

/* "<path>: <step>: <why>"; the link's own error if it failed. */
static int
sftp_fail(struct ssh_conn *conn, const char *path, const char *step,
	  struct ou_error *err)
{
	if (!ssh_is_connected(conn->session))
		conn->dead = true;
	if (conn->dead)
		return ssh_conn_error(conn, err, "%s: %s: connection lost: %s",
				      path, step,
				      ssh_get_error(conn->session));
	return ssh_conn_error(conn, err, "%s: %s: %s", path, step,
			      sftp_status_text(sftp_get_error(conn->sftp)));
}

void
ssh_sftp_close(struct ssh_conn *conn)
{
	sftp_free(conn->sftp);
	conn->sftp = NULL;
}

/* What sudo or the shell said, when the sftp-server did not start. */
static void
sftp_add_stderr(ssh_channel channel, struct strbuf *why)
{
	char buf[256];
	int n = ssh_channel_read_nonblocking(channel, buf, sizeof buf - 1, 1);

	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	strbuf_addf(why, " (%s)", buf);
}

static sftp_session
sftp_start_under_sudo(struct ssh_conn *conn)
{
	ssh_channel channel = ssh_channel_new(conn->session);
	char *line = ssh_wrap_command(SSH_BECOME_SUDO, SFTP_SERVER_SCRIPT);
	sftp_session sftp = NULL;

	if (channel != NULL && ssh_channel_open_session(channel) == SSH_OK &&
	    ssh_channel_request_exec(channel, line) == SSH_OK)
		sftp = sftp_new_channel(conn->session, channel);
	free(line);
	if (sftp == NULL)
		ssh_channel_free(channel);
	return sftp;
}

static int
sftp_start(struct ssh_conn *conn, struct strbuf *why)
{
	conn->sftp = conn->become == SSH_BECOME_SUDO
			     ? sftp_start_under_sudo(conn)
			     : sftp_new(conn->session);
	if (conn->sftp == NULL) {
		strbuf_adds(why, ssh_get_error(conn->session));
		return -1;
	}
	if (sftp_init(conn->sftp) != SSH_OK) {
		strbuf_addf(why, "the sftp server did not start: %s",
			    ssh_get_error(conn->session));
		sftp_add_stderr(conn->sftp->channel, why);
		ssh_sftp_close(conn);
		return -1;
	}
	return 0;
}

static int
sftp_ensure(struct ssh_conn *conn, struct ou_error *err)
{
	struct strbuf why = STRBUF_INIT;
	bool cut;
	int rc;

	if (conn->sftp != NULL)
		return 0;
	if (!ssh_conn_is_alive(conn))
		return ssh_conn_error(conn, err, "the connection was lost "
				      "earlier; no file transfer possible");
	ssh_conn_guard_begin(conn, conn->io_timeout_ms);
	rc = sftp_start(conn, &why);
	cut = ssh_conn_guard_end(conn);
	if (rc < 0 || cut)
		ssh_conn_error(conn, err, "cannot start sftp: %s",
			       cut ? "no answer in time; connection closed"
				   : strbuf_str(&why));
	strbuf_release(&why);
	return rc < 0 || cut ? -1 : 0;
}

/* Run one transfer step function under the io timeout. */
static int
sftp_guarded(struct ssh_conn *conn, const char *path, const char **step,
	     int (*fn)(void *), void *arg, struct ou_error *err)
{
	int rc;

	if (sftp_ensure(conn, err) < 0)
		return -1;
	ssh_conn_guard_begin(conn, conn->io_timeout_ms);
	rc = fn(arg);
	if (ssh_conn_guard_end(conn))
		return ssh_conn_error(conn, err,
				      "%s: %s: no answer within %u ms; "
				      "connection closed",
				      path, *step, conn->io_timeout_ms);
	return rc;
}

/* -- reading ------------------------------------------------------ */

struct sftp_read_job {
	struct ssh_conn *conn;
	const char *path;
	const char *step;
	size_t max;
	struct strbuf data;
	struct ou_error *err;
};

static int
sftp_read_all(struct sftp_read_job *job, sftp_file file)
{
	char buf[SFTP_CHUNK];
	ssize_t n;

	job->step = "reading";
	while ((n = sftp_read(file, buf, sizeof buf)) > 0) {
		strbuf_add(&job->data, buf, (size_t)n);
		if (job->data.len > job->max)
			return ssh_conn_error(job->conn, job->err,
					      "%s: larger than the %zu bytes "
					      "allowed", job->path, job->max);
	}
	if (n < 0)
		return sftp_fail(job->conn, job->path, job->step, job->err);
	return 0;
}

static int
sftp_read_steps(void *arg)
{
	struct sftp_read_job *job = arg;
	sftp_file file;
	int rc;

	job->step = "opening";
	file = sftp_open(job->conn->sftp, job->path, O_RDONLY, 0);
	if (file == NULL)
		return sftp_fail(job->conn, job->path, job->step, job->err);
	rc = sftp_read_all(job, file);
	sftp_close(file);
	return rc;
}

int
ssh_read_file(struct ssh_conn *conn, const char *path, size_t max,
	      char **data, size_t *len, struct ou_error *err)
{
	struct sftp_read_job job = {
		.conn = conn, .path = path, .step = "starting", .max = max,
		.data = STRBUF_INIT, .err = err,
	};

	*data = NULL;
	*len = 0;
	if (sftp_guarded(conn, path, &job.step, sftp_read_steps, &job,
			 err) < 0) {
		strbuf_release(&job.data);
		return -1;
	}
	*len = job.data.len;
	strbuf_addc(&job.data, '\0');	/* a buffer even when empty */
	job.data.len--;
	*data = strbuf_take(&job.data);
	return 0;
}

/* -- the atomic replace ----------------------------------------- */

/* One atomic replace, and how far it got (for the messages). */
struct sftp_write_job {
	struct ssh_conn *conn;
	const char *path;	/* as the caller named it */
	const void *data;
	size_t len;
	unsigned new_mode;
	char *target;		/* path, or where its symlink points */
	char *temp;		/* the temporary file while it is ours */
	const char *step;	/* what was being done */
	bool exists;
	unsigned mode;		/* the old file's, or new_mode */
	uint32_t uid, gid;
	struct ou_error *err;
};

static int
sftp_job_fail(struct sftp_write_job *job)
{
	return sftp_fail(job->conn, job->path, job->step, job->err);
}

static int
sftp_job_error(struct sftp_write_job *job, const char *why)
{
	return ssh_conn_error(job->conn, job->err, "%s: %s: %s", job->path,
			      job->step, why);
}

/* Follow a symlink: replacing it with a file would break the link. */
static int
sftp_resolve_target(struct sftp_write_job *job)
{
	sftp_session sftp = job->conn->sftp;
	sftp_attributes attr;
	char *real;

	job->step = "looking at it";
	attr = sftp_lstat(sftp, job->path);
	if (attr == NULL || attr->type != SSH_FILEXFER_TYPE_SYMLINK) {
		sftp_attributes_free(attr);
		job->target = xstrdup(job->path);
		return 0;
	}
	sftp_attributes_free(attr);
	job->step = "following the symlink";
	real = sftp_canonicalize_path(sftp, job->path);
	if (real == NULL)
		return sftp_job_fail(job);
	job->target = xstrdup(real);
	ssh_string_free_char(real);
	return 0;
}

static int
sftp_read_old_attrs(struct sftp_write_job *job)
{
	sftp_attributes attr;

	job->step = "reading its mode and owner";
	attr = sftp_stat(job->conn->sftp, job->target);
	if (attr == NULL) {
		if (sftp_get_error(job->conn->sftp) != SSH_FX_NO_SUCH_FILE)
			return sftp_job_fail(job);
		job->mode = job->new_mode & 07777;
		return 0;
	}
	if (attr->type != SSH_FILEXFER_TYPE_REGULAR) {
		sftp_attributes_free(attr);
		return sftp_job_error(job, "not a regular file");
	}
	job->exists = true;
	job->mode = attr->permissions & 07777;
	job->uid = attr->uid;
	job->gid = attr->gid;
	sftp_attributes_free(attr);
	return 0;
}

/* "<dir>/.<name>.ou-XXXXXXXX": hidden, beside the file, so the rename
 * stays within one filesystem. */
static char *
sftp_temp_name(const char *target)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	const char *slash = strrchr(target, '/');
	unsigned char random[8] = { 0 };
	char suffix[sizeof random + 1];

	if (getrandom(random, sizeof random, 0) != (ssize_t)sizeof random)
		abort();	/* the kernel's generator cannot fail here */
	for (size_t i = 0; i < sizeof random; i++)
		suffix[i] = digits[random[i] % (sizeof digits - 1)];
	suffix[sizeof random] = '\0';
	if (slash == NULL)
		return xasprintf(".%s.ou-%s", target, suffix);
	return xasprintf("%.*s.%s.ou-%s", (int)(slash - target + 1), target,
			 slash + 1, suffix);
}

static int
sftp_write_data(struct sftp_write_job *job, sftp_file file)
{
	const char *p = job->data;
	size_t left = job->len;

	job->step = "writing the temporary file";
	while (left > 0) {
		size_t chunk = left < SFTP_CHUNK ? left : SFTP_CHUNK;
		ssize_t n = sftp_write(file, p, chunk);

		if (n <= 0)
			return sftp_job_fail(job);
		p += n;
		left -= (size_t)n;
	}
	job->step = "flushing the temporary file to disk";
	if (sftp_extension_supported(job->conn->sftp, "fsync@openssh.com",
				     "1") &&
	    sftp_fsync(file) != 0)
		return sftp_job_fail(job);
	return 0;
}

static int
sftp_write_temp(struct sftp_write_job *job)
{
	sftp_file file;
	int rc;

	job->temp = sftp_temp_name(job->target);
	job->step = "creating the temporary file";
	file = sftp_open(job->conn->sftp, job->temp,
			 O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (file == NULL) {
		rc = sftp_job_fail(job);
		free(job->temp);
		job->temp = NULL;	/* not ours to remove */
		return rc;
	}
	rc = sftp_write_data(job, file);
	if (sftp_close(file) != 0 && rc == 0) {
		job->step = "closing the temporary file";
		rc = sftp_job_fail(job);
	}
	return rc;
}

/* chown first: it may clear set-id bits that chmod then restores. */
static int
sftp_copy_attrs(struct sftp_write_job *job)
{
	sftp_session sftp = job->conn->sftp;
	sftp_attributes attr;
	bool same_owner;

	if (job->exists) {
		job->step = "giving the temporary file the old owner";
		attr = sftp_stat(sftp, job->temp);
		if (attr == NULL)
			return sftp_job_fail(job);
		same_owner = attr->uid == job->uid &&
			     attr->gid == job->gid;
		sftp_attributes_free(attr);
		if (!same_owner && sftp_chown(sftp, job->temp,
					      job->uid,
					      job->gid) != 0)
			return sftp_job_fail(job);
	}
	job->step = "giving the temporary file the mode";
	if (sftp_chmod(sftp, job->temp, job->mode) != 0)
		return sftp_job_fail(job);
	return 0;
}

static void
sftp_put_u32(struct strbuf *sb, uint32_t v)
{
	char be[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8),
		       (char)v };

	strbuf_add(sb, be, sizeof be);
}

static void
sftp_put_string(struct strbuf *sb, const char *s)
{
	sftp_put_u32(sb, (uint32_t)strlen(s));
	strbuf_adds(sb, s);
}

static uint32_t
sftp_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int
sftp_channel_read_exact(ssh_channel channel, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		int n = ssh_channel_read(channel, buf + got,
					 (uint32_t)(len - got), 0);

		if (n < 0 || (n == 0 && ssh_channel_is_eof(channel)))
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* SSH_FXP_EXTENDED "posix-rename@openssh.com"; answer: SSH_FXP_STATUS.
 * Returns the status code, or -1 if the link failed. */
static int
sftp_send_posix_rename(sftp_session sftp, const char *from, const char *to)
{
	struct strbuf packet = STRBUF_INIT;
	uint32_t id = ++sftp->id_counter;
	unsigned char reply[13];
	uint32_t reply_len;
	int rc;

	sftp_put_u32(&packet, 0);	/* length, filled below */
	strbuf_addc(&packet, (char)SSH_FXP_EXTENDED);
	sftp_put_u32(&packet, id);
	sftp_put_string(&packet, "posix-rename@openssh.com");
	sftp_put_string(&packet, from);
	sftp_put_string(&packet, to);
	for (int i = 0; i < 4; i++)
		packet.buf[i] = (char)((packet.len - 4) >> (24 - 8 * i));
	rc = ssh_channel_write(sftp->channel, packet.buf,
			       (uint32_t)packet.len) == (int)packet.len
		     ? 0 : -1;
	strbuf_release(&packet);
	/* length, type, id, code; the message strings are read and dropped */
	if (rc < 0 || sftp_channel_read_exact(sftp->channel, reply, 13) < 0)
		return -1;
	reply_len = sftp_get_u32(reply);
	if (reply[4] != SSH_FXP_STATUS || sftp_get_u32(reply + 5) != id ||
	    reply_len < 9 || reply_len > 65536)
		return -1;
	for (uint32_t left = reply_len - 9; left > 0;) {
		unsigned char sink[256];
		uint32_t n = left < sizeof sink ? left : sizeof sink;

		if (sftp_channel_read_exact(sftp->channel, sink, n) < 0)
			return -1;
		left -= n;
	}
	return (int)sftp_get_u32(reply + 9);
}

static int
sftp_rename_over(struct sftp_write_job *job)
{
	struct ssh_conn *conn = job->conn;
	int code;

	job->step = "renaming the temporary file over it";
	if (!sftp_extension_supported(conn->sftp, "posix-rename@openssh.com",
				      "1"))
		return sftp_job_error(job, "the host's sftp server does not "
				      "offer posix-rename@openssh.com, so no "
				      "atomic replace is possible");
	code = sftp_send_posix_rename(conn->sftp, job->temp,
				      job->target);
	if (code < 0) {
		conn->dead = true;
		return ssh_conn_error(conn, job->err,
				      "%s: %s: connection lost: whether the "
				      "file was replaced is unknown",
				      job->path, job->step);
	}
	if (code != SSH_FX_OK)
		return sftp_job_error(job, sftp_status_text(code));
	free(job->temp);
	job->temp = NULL;	/* it is the file now */
	return 0;
}

static int
sftp_write_steps(void *arg)
{
	struct sftp_write_job *job = arg;

	if (sftp_resolve_target(job) < 0 ||
	    sftp_read_old_attrs(job) < 0 ||
	    sftp_write_temp(job) < 0 || sftp_copy_attrs(job) < 0)
		return -1;
	return sftp_rename_over(job);
}

int
ssh_write_file(struct ssh_conn *conn, const char *path, const void *data,
	       size_t len, unsigned new_mode, struct ou_error *err)
{
	struct sftp_write_job job = {
		.conn = conn,
		.path = path,
		.data = data,
		.len = len,
		.new_mode = new_mode,
		.step = "starting",
		.err = err,
	};
	int rc = sftp_guarded(conn, path, &job.step, sftp_write_steps,
			      &job, err);

	/* Best effort: the error already says what failed. */
	if (job.temp != NULL && ssh_conn_is_alive(conn)) {
		ssh_conn_guard_begin(conn, conn->io_timeout_ms);
		sftp_unlink(conn->sftp, job.temp);
		ssh_conn_guard_end(conn);
	}
	free(job.temp);
	free(job.target);
	return rc;
}
