/* ssh_conn: see include/ssh.h.  Opening, logging in, closing.
 *
 * Options follow OpenSSH's precedence: the target's explicit values beat
 * ssh_config, which fills what the target leaves unset.  libssh lets a
 * later setting win, so the config is parsed first and the target's
 * values are set over it. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ssh_private.h"
#include "strbuf.h"
#include "xalloc.h"

#define SSH_CONNECT_TIMEOUT_MS 10000u
#define SSH_IO_TIMEOUT_MS 60000u
/* Saying goodbye to a host that stopped answering is not worth a wait. */
#define SSH_GOODBYE_MS 5000u

/* A link cut without a word (cable, firewall) is noticed after about
 * KEEPIDLE + KEEPINTVL * KEEPCNT seconds of silence, or after
 * USER_TIMEOUT of unacknowledged sending, instead of the kernel's
 * default of hours. */
#define SSH_KEEPIDLE_S 15
#define SSH_KEEPINTVL_S 5
#define SSH_KEEPCNT 4
#define SSH_USER_TIMEOUT_MS 45000u

int
ssh_transport_init(struct ou_error *err)
{
	if (ssh_init() != SSH_OK)
		return ou_error_set(err, "ssh: cannot initialise libssh");
	return 0;
}

void
ssh_transport_cleanup(void)
{
	ssh_finalize();
}

int
ssh_conn_error(const struct ssh_conn *conn, struct ou_error *err,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ou_error_vset(err, fmt, ap);
	va_end(ap);
	return ou_error_prefix(err, "%s", conn->label);
}

void
ssh_conn_guard_begin(struct ssh_conn *conn, unsigned ms)
{
	ssh_watchdog_arm(conn->watchdog, ssh_get_fd(conn->session), ms);
}

bool
ssh_conn_guard_end(struct ssh_conn *conn)
{
	bool fired = ssh_watchdog_disarm(conn->watchdog);

	if (fired || !ssh_is_connected(conn->session))
		conn->dead = true;
	return fired;
}

static struct ssh_conn *
ssh_conn_new(const struct ssh_target *t)
{
	struct ssh_conn *conn = xcalloc(1, sizeof *conn);

	conn->session = ssh_new();
	if (conn->session == NULL)
		abort();	/* libssh's allocation failed: as xalloc */
	conn->label = xstrdup(t->name != NULL ? t->name : t->host);
	conn->become = t->become;
	conn->io_timeout_ms = t->io_timeout_ms != 0 ? t->io_timeout_ms
						    : SSH_IO_TIMEOUT_MS;
	return conn;
}

static int
ssh_conn_option(struct ssh_conn *conn, enum ssh_options_e option,
		const void *value, const char *what, struct ou_error *err)
{
	if (ssh_options_set(conn->session, option, value) < 0)
		return ssh_conn_error(conn, err, "cannot set %s: %s", what,
				      ssh_get_error(conn->session));
	return 0;
}

/* ssh_config's HostName wins; without one, the inventory's address. */
static int
ssh_conn_apply_address(struct ssh_conn *conn, const struct ssh_target *t,
		       struct ou_error *err)
{
	char *host = NULL;
	bool renamed;

	if (t->address == NULL)
		return 0;
	if (ssh_options_get(conn->session, SSH_OPTIONS_HOST, &host) != SSH_OK)
		return ssh_conn_error(conn, err, "no host name to connect to");
	renamed = strcasecmp(host, t->host) != 0;
	ssh_string_free_char(host);
	if (renamed)
		return 0;
	return ssh_conn_option(conn, SSH_OPTIONS_HOST, t->address, "address",
			       err);
}

static int
ssh_conn_read_config(struct ssh_conn *conn, const struct ssh_target *t,
		     struct ou_error *err)
{
	/* libssh skips a missing file silently; ssh -F does not. */
	if (t->ssh_config != NULL && access(t->ssh_config, R_OK) != 0)
		return ssh_conn_error(conn, err, "ssh_config %s: %s",
				      t->ssh_config, strerror(errno));
	if (ssh_options_parse_config(conn->session, t->ssh_config) < 0)
		return ssh_conn_error(conn, err, "reading ssh_config %s: %s",
				      t->ssh_config != NULL ? t->ssh_config
							    : "~/.ssh/config",
				      ssh_get_error(conn->session));
	return ssh_conn_apply_address(conn, t, err);
}

static int
ssh_conn_add_identities(struct ssh_conn *conn, const struct ssh_target *t,
			struct ou_error *err)
{
	if (t->identities == NULL)
		return 0;
	for (const char *const *id = t->identities; *id != NULL; id++) {
		if (access(*id, R_OK) != 0)
			return ssh_conn_error(conn, err, "identity file %s: %s",
					      *id, strerror(errno));
		if (ssh_conn_option(conn, SSH_OPTIONS_ADD_IDENTITY, *id,
				    "identity file", err) < 0)
			return -1;
	}
	return 0;
}

static int
ssh_conn_set_timeout(struct ssh_conn *conn, unsigned ms, struct ou_error *err)
{
	long sec = ms / 1000;
	long usec = (long)(ms % 1000) * 1000;

	if (ssh_conn_option(conn, SSH_OPTIONS_TIMEOUT, &sec, "timeout",
			    err) < 0)
		return -1;
	return ssh_conn_option(conn, SSH_OPTIONS_TIMEOUT_USEC, &usec,
			       "timeout", err);
}

/* What the target sets beats ssh_config; the rest is not the config's to
 * choose: the operator accepts unknown keys, not libssh, and the core
 * never prints. */
static int
ssh_conn_apply_target(struct ssh_conn *conn, const struct ssh_target *t,
		      struct ou_error *err)
{
	int strict = 1;
	int nodelay = 1;
	int verbosity = SSH_LOG_NOLOG;

	if (t->port != 0 &&
	    ssh_conn_option(conn, SSH_OPTIONS_PORT, &t->port, "port", err) < 0)
		return -1;
	if (t->user != NULL &&
	    ssh_conn_option(conn, SSH_OPTIONS_USER, t->user, "user", err) < 0)
		return -1;
	if (t->known_hosts != NULL &&
	    ssh_conn_option(conn, SSH_OPTIONS_KNOWNHOSTS, t->known_hosts,
			    "known_hosts file", err) < 0)
		return -1;
	if (ssh_conn_add_identities(conn, t, err) < 0)
		return -1;
	if (ssh_conn_set_timeout(conn, t->connect_timeout_ms != 0
					       ? t->connect_timeout_ms
					       : SSH_CONNECT_TIMEOUT_MS,
				 err) < 0)
		return -1;
	if (ssh_conn_option(conn, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict,
			    "host key checking", err) < 0)
		return -1;
	/* Each command is a few small request/reply exchanges: Nagle's
	 * algorithm against delayed ACKs would add 40 ms to each. */
	if (ssh_conn_option(conn, SSH_OPTIONS_NODELAY, &nodelay, "TCP_NODELAY",
			    err) < 0)
		return -1;
	return ssh_conn_option(conn, SSH_OPTIONS_LOG_VERBOSITY, &verbosity,
			       "log level", err);
}

/* "name (user@host:port)", from the options as configured. */
static void
ssh_conn_set_label(struct ssh_conn *conn)
{
	struct strbuf sb = STRBUF_INIT;
	char *user = NULL;
	char *host = NULL;
	unsigned port = 22;

	ssh_options_get(conn->session, SSH_OPTIONS_USER, &user);
	ssh_options_get(conn->session, SSH_OPTIONS_HOST, &host);
	ssh_options_get_port(conn->session, &port);
	strbuf_addf(&sb, "%s (", conn->label);
	if (user != NULL)
		strbuf_addf(&sb, "%s@", user);
	strbuf_addf(&sb, "%s:%u)", host != NULL ? host : "?", port);
	ssh_string_free_char(user);
	ssh_string_free_char(host);
	free(conn->label);
	conn->label = strbuf_take(&sb);
}

static int
ssh_conn_configure(struct ssh_conn *conn, const struct ssh_target *t,
		   struct ou_error *err)
{
	if (t->host == NULL || t->host[0] == '\0')
		return ssh_conn_error(conn, err, "no host to connect to");
	if (ssh_conn_option(conn, SSH_OPTIONS_HOST, t->host, "host", err) < 0)
		return -1;
	if (ssh_conn_read_config(conn, t, err) < 0 ||
	    ssh_conn_apply_target(conn, t, err) < 0)
		return -1;
	ssh_conn_set_label(conn);
	return 0;
}

static void
ssh_conn_set_keepalive(int fd)
{
	int on = 1;
	int idle = SSH_KEEPIDLE_S;
	int interval = SSH_KEEPINTVL_S;
	int count = SSH_KEEPCNT;
	unsigned user_timeout = SSH_USER_TIMEOUT_MS;

	/* On a ProxyCommand's socketpair these fail; that link is the
	 * proxy's to watch. */
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval,
			 sizeof interval);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout,
			 sizeof user_timeout);
}

static void
ssh_conn_describe_methods(struct ssh_conn *conn, struct strbuf *sb)
{
	static const struct {
		unsigned bit;
		const char *name;
	} methods[] = {
		{ .bit = SSH_AUTH_METHOD_PUBLICKEY, .name = "publickey" },
		{ .bit = SSH_AUTH_METHOD_PASSWORD, .name = "password" },
		{ .bit = SSH_AUTH_METHOD_INTERACTIVE,
		  .name = "keyboard-interactive" },
		{ .bit = SSH_AUTH_METHOD_GSSAPI_MIC, .name = "gssapi-with-mic" },
		{ .bit = SSH_AUTH_METHOD_HOSTBASED, .name = "hostbased" },
	};
	int offered = ssh_userauth_list(conn->session, NULL);
	const char *sep = "";

	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if ((unsigned)offered & methods[i].bit) {
			strbuf_addf(sb, "%s%s", sep, methods[i].name);
			sep = ", ";
		}
	}
	if (*sep == '\0')
		strbuf_adds(sb, "none");
}

static int
ssh_conn_auth_failed(struct ssh_conn *conn, int rc, struct ou_error *err)
{
	struct strbuf methods = STRBUF_INIT;

	if (rc == SSH_AUTH_ERROR)
		return ssh_conn_error(conn, err, "authentication failed: %s",
				      ssh_get_error(conn->session));
	ssh_conn_describe_methods(conn, &methods);
	if (rc == SSH_AUTH_PARTIAL)
		ssh_conn_error(conn, err,
			       "a key was accepted but the server also wants "
			       "%s, which this program does not do",
			       strbuf_str(&methods));
	else
		ssh_conn_error(conn, err,
			       "no key was accepted (tried ssh-agent, the "
			       "inventory's identities, ssh_config's "
			       "IdentityFile and ~/.ssh/id_*; keys with a "
			       "passphrase only work through ssh-agent); the "
			       "server accepts: %s",
			       strbuf_str(&methods));
	strbuf_release(&methods);
	return -1;
}

static int
ssh_conn_authenticate(struct ssh_conn *conn, struct ou_error *err)
{
	int rc;

	ssh_conn_guard_begin(conn, conn->io_timeout_ms);
	rc = ssh_userauth_publickey_auto(conn->session, NULL, NULL);
	if (ssh_conn_guard_end(conn))
		return ssh_conn_error(conn, err,
				      "no answer during authentication within "
				      "%u ms; connection closed",
				      conn->io_timeout_ms);
	if (rc != SSH_AUTH_SUCCESS)
		return ssh_conn_auth_failed(conn, rc, err);
	return 0;
}

enum ssh_open_status
ssh_conn_open(const struct ssh_target *t, struct ssh_conn **out,
	      struct ssh_hostkey *hk, struct ou_error *err)
{
	struct ssh_conn *conn = ssh_conn_new(t);
	enum ssh_open_status status;

	*out = NULL;
	if (hk != NULL)
		*hk = (struct ssh_hostkey){ .line = 0 };
	if (ssh_conn_configure(conn, t, err) < 0 ||
	    ssh_jump_start(conn, t, t->connect_timeout_ms != 0
				    ? t->connect_timeout_ms
				    : SSH_CONNECT_TIMEOUT_MS, err) < 0) {
		ssh_conn_close(conn);
		return SSH_OPEN_FAILED;
	}
	if (ssh_connect(conn->session) != SSH_OK) {
		if (conn->jump_name != NULL)
			ssh_jump_explain(conn, err);
		else
			ssh_conn_error(conn, err, "cannot connect: %s",
				       ssh_get_error(conn->session));
		ssh_conn_close(conn);
		return SSH_OPEN_FAILED;
	}
	status = ssh_hostkey_check(conn, hk, err);
	if (status == SSH_OPEN_OK) {
		conn->watchdog = ssh_watchdog_new();
		if (ssh_conn_authenticate(conn, err) < 0)
			status = SSH_OPEN_FAILED;
	}
	if (status != SSH_OPEN_OK) {
		ssh_conn_close(conn);
		return status;
	}
	ssh_conn_set_keepalive(ssh_get_fd(conn->session));
	*out = conn;
	return SSH_OPEN_OK;
}

bool
ssh_conn_is_alive(const struct ssh_conn *conn)
{
	return !conn->dead && ssh_is_connected(conn->session);
}

void
ssh_conn_close(struct ssh_conn *conn)
{
	if (conn == NULL)
		return;
	/* A dead link gets no goodbye: sending on it could block. */
	if (!ssh_conn_is_alive(conn) && ssh_get_fd(conn->session) >= 0)
		shutdown(ssh_get_fd(conn->session), SHUT_RDWR);
	/* Closing channels waits for their data to drain: bounded.
	 * ssh_disconnect() only queues its message, and closes the socket,
	 * so the watchdog must be off by then. */
	if (conn->watchdog != NULL)
		ssh_conn_guard_begin(conn, SSH_GOODBYE_MS);
	ssh_sftp_close(conn);
	if (conn->watchdog != NULL)
		ssh_watchdog_disarm(conn->watchdog);
	ssh_disconnect(conn->session);
	ssh_free(conn->session);
	ssh_jump_end(conn);
	ssh_watchdog_free(conn->watchdog);
	free(conn->label);
	free(conn);
}
