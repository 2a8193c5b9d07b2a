/* ssh: the connection to one host, for running commands and moving files.
 *
 * One struct ssh_conn per host, opened once and reused for every command
 * and file: one libssh session, a new channel per command, one sftp
 * session kept open after the first transfer.
 *
 * Blocking, with bounds.  Every call blocks its thread and none outlasts
 * its timeout: ssh_conn_open() the target's connect and io timeouts, a
 * command its own (ssh_exec_opts.timeout_ms), every other step
 * (authentication, opening a channel, each file transfer as a whole) the
 * io timeout.  When a step other than a command's run passes its bound,
 * the connection is cut and reported dead; ssh_conn_open() again.  TCP
 * keepalives notice a silent dead link within about a minute.
 *
 * Threads.  Call ssh_transport_init() once, from the main thread, before
 * any worker starts; ssh_transport_cleanup() after the last one ends.
 * Between them any number of threads may each own connections: a
 * connection is used by one thread at a time, and nothing is shared
 * between connections.  libssh writes with MSG_NOSIGNAL, but a program
 * using this module should still ignore SIGPIPE (ProxyCommand pipes).
 *
 * Host keys are checked as OpenSSH's StrictHostKeyChecking=yes does,
 * against the target's known_hosts file (hashed entries and [host]:port
 * forms included) and the system one.  An unknown key stops the open
 * before authentication and hands the key back; the operator's acceptance
 * is ssh_hostkey_accept().  A changed key is refused, and nothing here
 * overrides that: the operator removes the old line by hand, as with
 * OpenSSH.
 *
 * Core module: nothing prints; errors come back in struct ou_error,
 * naming the host. */
#ifndef OU_SSH_H
#define OU_SSH_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

/* How commands gain root on the host. */
enum ssh_become {
	SSH_BECOME_ROOT,	/* the login is root: commands run as sent */
	SSH_BECOME_SUDO,	/* through `sudo -n`: commands and file transfers */
};

/* Where and how to connect.  The strings are borrowed for the duration of
 * ssh_conn_open() only. */
struct ssh_target {
	const char *name;	/* the host in messages; NULL: host */
	const char *host;	/* looked up as Host in ssh_config (an alias or
				 * the address itself) */
	const char *address;	/* used when ssh_config gives host no HostName;
				 * NULL: host */
	unsigned port;		/* 0: ssh_config's Port, or 22 */
	const char *user;	/* NULL: ssh_config's User, or the local user */
	const char *ssh_config;	/* NULL: ~/.ssh/config, then the system one;
				 * a file: that file only (as ssh -F) */
	const char *known_hosts;	/* NULL: ssh_config's UserKnownHostsFile,
					 * or ~/.ssh/known_hosts */
	const char *const *identities;	/* NULL-terminated private key files
					 * tried first, or NULL */
	enum ssh_become become;
	unsigned connect_timeout_ms;	/* 0: 10 s */
	unsigned io_timeout_ms;		/* 0: 60 s */
};

/* A host key the open stopped at.  ssh_hostkey_release() frees the
 * strings; a zeroed struct is empty. */
struct ssh_hostkey {
	char type[32];		/* as known_hosts names it: "ssh-ed25519" */
	char fingerprint[64];	/* "SHA256:<base64>", as ssh-keygen -l prints */
	char *host;		/* the known_hosts name: host or [host]:port */
	char *blob;		/* the public key, base64 */
	char *known_hosts;	/* the file ssh_hostkey_accept() appends to */
	char *file;		/* changed: the file holding the old key */
	unsigned line;		/* changed: its line; 0 if it was not found */
};

enum ssh_open_status {
	SSH_OPEN_OK,
	SSH_OPEN_FAILED,		/* no connection or no login: err says */
	SSH_OPEN_HOSTKEY_UNKNOWN,	/* the key is in hk; nothing was sent past
					 * the key exchange */
	SSH_OPEN_HOSTKEY_CHANGED,	/* refused; hk has the key offered and
					 * where the old one is; err carries the
					 * warning to show */
};

struct ssh_conn;

int ssh_transport_init(struct ou_error *err);
void ssh_transport_cleanup(void);

/* Connect, check the host key, log in (ssh-agent through SSH_AUTH_SOCK,
 * then the identities, then ssh_config's IdentityFile and ~/.ssh/id_*;
 * keys with a passphrase only through the agent).  ProxyJump and
 * ProxyCommand from ssh_config are honoured.  ProxyJump runs the OpenSSH
 * client with the same ssh_config (-F), known_hosts, BatchMode and
 * StrictHostKeyChecking=yes: the jump host's key must already be known,
 * and an unknown or changed one fails the open (SSH_OPEN_FAILED, err
 * naming the jump host and quoting ssh); the target's key behind it is
 * checked here as any other.  On SSH_OPEN_OK *out is the connection; otherwise *out is NULL.
 * hk, which may be NULL, is overwritten: filled on the two host key
 * statuses (release it then), empty otherwise. */
enum ssh_open_status ssh_conn_open(const struct ssh_target *t,
				   struct ssh_conn **out,
				   struct ssh_hostkey *hk,
				   struct ou_error *err);
/* Ends the session; NULL is fine. */
void ssh_conn_close(struct ssh_conn *conn);
/* False once the link has failed or been cut: open a new connection. */
bool ssh_conn_is_alive(const struct ssh_conn *conn);

/* Append hk (from SSH_OPEN_HOSTKEY_UNKNOWN) to hk->known_hosts, creating
 * the file 0600 and its directory 0700.  Refused when that file already
 * holds another key for the host: a changed key is never accepted here.
 * Writes only what the operator was shown; nothing is fetched again. */
int ssh_hostkey_accept(const struct ssh_hostkey *hk, struct ou_error *err);
void ssh_hostkey_release(struct ssh_hostkey *hk);

/* The command line sent for command: itself for SSH_BECOME_ROOT,
 * `sudo -n -- sh -c '<command>'` for SSH_BECOME_SUDO.  Newly allocated. */
char *ssh_wrap_command(enum ssh_become become, const char *command);

enum ssh_stream {
	SSH_STREAM_STDOUT,
	SSH_STREAM_STDERR,
};

/* Called with each chunk of output as it arrives, in order per stream. */
typedef void ssh_output_fn(void *ctx, enum ssh_stream stream,
			   const char *data, size_t len);

struct ssh_exec_opts {
	unsigned timeout_ms;	/* 0: none (a dead link is still noticed) */
	size_t keep;		/* bytes kept of each stream's end; 0: 64 KiB */
	ssh_output_fn *on_output;	/* all the output; may be NULL */
	void *ctx;
};

enum ssh_exec_outcome {
	SSH_EXEC_EXITED,	/* it ran to its end: exit_status */
	SSH_EXEC_SIGNALLED,	/* killed on the host by a signal: signal */
	SSH_EXEC_TIMED_OUT,	/* stopped waiting and closed the channel; the
				 * host was asked to TERM it (OpenSSH refuses
				 * for root logins): it may still be running */
	SSH_EXEC_DROPPED,	/* the link died after the command was sent:
				 * whether and how it ran is unknown */
	SSH_EXEC_NOT_RUN,	/* failed before the command was sent */
};

struct ssh_exec_result {
	enum ssh_exec_outcome outcome;
	int exit_status;	/* SSH_EXEC_EXITED: the command's status */
	char signal[32];	/* SSH_EXEC_SIGNALLED: "KILL", "SEGV", ... */
	struct strbuf out;	/* the last opts.keep bytes of stdout */
	struct strbuf err;	/* the last opts.keep bytes of stderr */
	size_t out_total;	/* bytes of stdout seen in all */
	size_t err_total;
};

/* Run command (through ssh_wrap_command() with the target's become) with
 * stdin empty.  res is filled in every case and released with
 * ssh_exec_result_release(); err is set for every outcome but
 * SSH_EXEC_EXITED (a non-zero exit status is not an error here).  opts
 * may be NULL. */
enum ssh_exec_outcome ssh_exec_command(struct ssh_conn *conn,
				       const char *command,
				       const struct ssh_exec_opts *opts,
				       struct ssh_exec_result *res,
				       struct ou_error *err);
void ssh_exec_result_release(struct ssh_exec_result *res);

/* The whole file, at most max bytes (a larger file is an error), into a
 * new buffer with a NUL after the last byte. */
int ssh_read_file(struct ssh_conn *conn, const char *path, size_t max,
		  char **data, size_t *len, struct ou_error *err);
/* Replace path atomically: a temporary file (mode 0600) in the same
 * directory, written, given the mode and owner of the file it replaces
 * (for a new file: new_mode, owned by whoever the transfer runs as: the
 * login, or root under sudo), flushed to disk where the server offers
 * fsync@openssh.com, then renamed over path with posix-rename@openssh.com.
 * A symlink is followed: its target is replaced.  On failure err names the
 * step, path is untouched (unless the link died during the rename: then
 * err says so) and the temporary file is removed.  Extended attributes
 * (an SELinux context) are not copied: the new file gets the directory's
 * default. */
int ssh_write_file(struct ssh_conn *conn, const char *path, const void *data,
		   size_t len, unsigned new_mode, struct ou_error *err);

#endif
