/* ssh_jump: ProxyJump, through the OpenSSH client run here.
 *
 * libssh 0.10 reads `ProxyJump A` as the ProxyCommand
 * `ssh -W '[%h]:%p' A` and runs it with the user's shell, stderr thrown
 * away.  That ssh would read ~/.ssh/config, not the inventory's
 * ssh_config (so an alias defined there is unknown), check A's key as
 * its defaults say (asking on the terminal, or not at all), and fail
 * without a word.  So when the ProxyCommand is the one libssh made from
 * a ProxyJump, it is run here instead, without a shell, as
 *
 *   ssh [-F CONFIG] -o BatchMode=yes -o StrictHostKeyChecking=yes
 *       [-o UserKnownHostsFile=KNOWN_HOSTS] -o ConnectTimeout=S ...
 *       [-l USER] [-p PORT] [-J NEXT] -W [HOST]:PORT -- A
 *
 * on a socketpair handed to libssh (SSH_OPTIONS_FD): A's key is checked
 * against the same known_hosts as the target's, an unknown or changed
 * key on A refuses the connection, and what ssh said goes into the
 * error, naming A.  The target's own key is then checked here as for
 * any host.  The hops after the first of a chain (ProxyJump A,B) are
 * OpenSSH's: it passes -F on to them, not -o, so they are checked as
 * the ssh_config says.  A ProxyCommand written by hand is left to
 * libssh. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ssh_private.h"
#include "strbuf.h"
#include "xalloc.h"

extern char **environ;

/* What is kept of ssh's complaint, and how long its exit is awaited
 * once the connection failed. */
#define SSH_JUMP_STDERR_MAX 768
#define SSH_JUMP_EXIT_WAIT_MS 2000

/* The parts of libssh's `ssh [-l U] [-p P] [-J N] -W '[%h]:%p' HOST`. */
struct ssh_jump_spec {
	char *copy;		/* the command, cut into the words below */
	const char *user;
	const char *port;
	const char *next;
	const char *host;
};

/* False when command is anything else (a ProxyCommand of the
 * operator's, which libssh runs as it is). */
static bool
ssh_jump_parse(const char *command, struct ssh_jump_spec *spec)
{
	char *save = NULL;
	const char *word;
	bool forward = false;

	memset(spec, 0, sizeof *spec);
	spec->copy = xstrdup(command);
	word = strtok_r(spec->copy, " ", &save);
	if (word == NULL || strcmp(word, "ssh") != 0)
		goto other;
	while ((word = strtok_r(NULL, " ", &save)) != NULL) {
		const char **into = strcmp(word, "-l") == 0 ? &spec->user
				  : strcmp(word, "-p") == 0 ? &spec->port
				  : strcmp(word, "-J") == 0 ? &spec->next
				  : NULL;

		if (strcmp(word, "-W") == 0) {
			word = strtok_r(NULL, " ", &save);
			if (word == NULL || strcmp(word, "'[%h]:%p'") != 0)
				goto other;
			forward = true;
		} else if (into != NULL && !forward) {
			*into = strtok_r(NULL, " ", &save);
			if (*into == NULL)
				goto other;
		} else if (forward && spec->host == NULL && word[0] != '-') {
			spec->host = word;
		} else {
			goto other;
		}
	}
	if (spec->host != NULL)
		return true;
other:
	free(spec->copy);
	memset(spec, 0, sizeof *spec);
	return false;
}

/* A word list for posix_spawnp(); the strings are owned. */
struct ssh_jump_argv {
	char **v;
	size_t n;
};

static void
ssh_jump_arg(struct ssh_jump_argv *a, char *owned)
{
	a->v = xreallocarray(a->v, a->n + 2, sizeof *a->v);
	a->v[a->n++] = owned;
	a->v[a->n] = NULL;
}

static void
ssh_jump_opt(struct ssh_jump_argv *a, const char *flag, const char *value)
{
	ssh_jump_arg(a, xstrdup(flag));
	ssh_jump_arg(a, xstrdup(value));
}

static void
ssh_jump_argv_free(struct ssh_jump_argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* -o takes a config line: the path in quotes, '%' doubled (OpenSSH
 * expands %-tokens in it). */
static int
ssh_jump_known_hosts(struct ssh_jump_argv *a, const char *path,
		     struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (strchr(path, '"') != NULL)
		return ou_error_set(err, "known_hosts file %s: a '\"' in its "
				    "name cannot be handed to ssh for "
				    "ProxyJump", path);
	strbuf_adds(&sb, "UserKnownHostsFile=\"");
	for (const char *p = path; *p != '\0'; p++) {
		if (*p == '%')
			strbuf_addc(&sb, '%');
		strbuf_addc(&sb, *p);
	}
	strbuf_addc(&sb, '"');
	ssh_jump_arg(a, xstrdup("-o"));
	ssh_jump_arg(a, strbuf_take(&sb));
	return 0;
}

static void
ssh_jump_add_options(struct ssh_jump_argv *a, const struct ssh_target *t,
		     unsigned connect_timeout_ms)
{
	unsigned seconds = (connect_timeout_ms + 999) / 1000;

	if (t->ssh_config != NULL)
		ssh_jump_opt(a, "-F", t->ssh_config);
	/* Nothing asked on the terminal; a key not known refuses. */
	ssh_jump_opt(a, "-o", "BatchMode=yes");
	ssh_jump_opt(a, "-o", "StrictHostKeyChecking=yes");
	ssh_jump_opt(a, "-o", "LogLevel=ERROR");
	ssh_jump_opt(a, "-o", "ClearAllForwardings=yes");
	ssh_jump_arg(a, xstrdup("-o"));
	ssh_jump_arg(a, xasprintf("ConnectTimeout=%u", seconds > 0 ? seconds
								   : 1));
	for (const char *const *id = t->identities; id != NULL && *id != NULL;
	     id++)
		ssh_jump_opt(a, "-i", *id);
}

/* The whole command for the jump, the target being host:port. */
static int
ssh_jump_build(const struct ssh_jump_spec *spec, const struct ssh_target *t,
	       const char *host, unsigned port, unsigned connect_timeout_ms,
	       struct ssh_jump_argv *a, struct ou_error *err)
{
	ssh_jump_arg(a, xstrdup("ssh"));
	ssh_jump_add_options(a, t, connect_timeout_ms);
	if (t->known_hosts != NULL &&
	    ssh_jump_known_hosts(a, t->known_hosts, err) < 0)
		return -1;
	if (spec->user != NULL)
		ssh_jump_opt(a, "-l", spec->user);
	if (spec->port != NULL)
		ssh_jump_opt(a, "-p", spec->port);
	if (spec->next != NULL)
		ssh_jump_opt(a, "-J", spec->next);
	ssh_jump_arg(a, xstrdup("-W"));
	ssh_jump_arg(a, xasprintf("[%s]:%u", host, port));
	ssh_jump_arg(a, xstrdup("--"));
	ssh_jump_arg(a, xstrdup(spec->host));
	return 0;
}

/* ssh's stderr: an unlinked file, so it never blocks ssh, read back
 * only when the connection fails. */
static FILE *
ssh_jump_stderr_file(void)
{
	FILE *f = tmpfile();

	if (f != NULL)
		(void)fcntl(fileno(f), F_SETFD, FD_CLOEXEC);
	return f;
}

/* In a session of its own, so the terminal's Ctrl-C is not its to get;
 * with default signals and none blocked, whatever thread starts it. */
static int
ssh_jump_attr(posix_spawnattr_t *attr)
{
	sigset_t none, defaults;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;

#ifdef POSIX_SPAWN_SETSID
	flags |= POSIX_SPAWN_SETSID;
#else
	flags |= POSIX_SPAWN_SETPGROUP;
#endif
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGHUP);
	sigaddset(&defaults, SIGQUIT);
	if (posix_spawnattr_init(attr) != 0)
		return -1;
	if (posix_spawnattr_setflags(attr, flags) != 0 ||
	    posix_spawnattr_setsigmask(attr, &none) != 0 ||
	    posix_spawnattr_setsigdefault(attr, &defaults) != 0) {
		posix_spawnattr_destroy(attr);
		return -1;
	}
	return 0;
}

static int
ssh_jump_spawn(struct ssh_conn *conn, char **argv, int sock, int errfd,
	       struct ou_error *err)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	int rc;

	if (ssh_jump_attr(&attr) < 0)
		return ssh_conn_error(conn, err, "ProxyJump: cannot prepare "
				      "to run ssh");
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, sock, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions, sock, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&actions, errfd, STDERR_FILENO);
	rc = posix_spawnp(&conn->jump_pid, argv[0], &actions, &attr, argv,
			  environ);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		conn->jump_pid = 0;
		return ssh_conn_error(conn, err, "ProxyJump %s: cannot run "
				      "ssh: %s", conn->jump_name,
				      strerror(rc));
	}
	return 0;
}

/* Start ssh on one end of a socketpair; libssh gets the other. */
static int
ssh_jump_run(struct ssh_conn *conn, char **argv, struct ou_error *err)
{
	int sv[2];
	int rc;

	conn->jump_stderr = ssh_jump_stderr_file();
	if (conn->jump_stderr == NULL)
		return ssh_conn_error(conn, err, "ProxyJump: no temporary "
				      "file for ssh's messages: %s",
				      strerror(errno));
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return ssh_conn_error(conn, err, "ProxyJump: socketpair: %s",
				      strerror(errno));
	rc = ssh_jump_spawn(conn, argv, sv[1], fileno(conn->jump_stderr),
			    err);
	close(sv[1]);
	if (rc == 0 && ssh_options_set(conn->session, SSH_OPTIONS_FD,
				       &sv[0]) < 0)
		rc = ssh_conn_error(conn, err, "ProxyJump: cannot hand the "
				    "socket to libssh: %s",
				    ssh_get_error(conn->session));
	/* From here on the session owns sv[0] and closes it. */
	if (rc < 0)
		close(sv[0]);
	return rc;
}

/* Where the jump leads: the target's HostName and port as configured. */
static int
ssh_jump_destination(struct ssh_conn *conn, char **host, unsigned *port,
		     struct ou_error *err)
{
	*host = NULL;
	*port = 22;
	if (ssh_options_get(conn->session, SSH_OPTIONS_HOST, host) != SSH_OK)
		return ssh_conn_error(conn, err, "no host name to connect to");
	ssh_options_get_port(conn->session, port);
	return 0;
}

int
ssh_jump_start(struct ssh_conn *conn, const struct ssh_target *t,
	       unsigned connect_timeout_ms, struct ou_error *err)
{
	struct ssh_jump_argv argv = { .v = NULL, .n = 0 };
	struct ssh_jump_spec spec;
	char *command = NULL;
	char *host = NULL;
	unsigned port;
	int rc;

	if (ssh_options_get(conn->session, SSH_OPTIONS_PROXYCOMMAND,
			    &command) != SSH_OK)
		return 0;
	if (!ssh_jump_parse(command, &spec)) {
		ssh_string_free_char(command);
		return 0;
	}
	ssh_string_free_char(command);
	conn->jump_name = spec.next != NULL
		? xasprintf("%s (then %s)", spec.host, spec.next)
		: xstrdup(spec.host);
	rc = ssh_jump_destination(conn, &host, &port, err);
	if (rc == 0)
		rc = ssh_jump_build(&spec, t, host, port, connect_timeout_ms,
				    &argv, err);
	if (rc == 0)
		rc = ssh_jump_run(conn, argv.v, err);
	ssh_string_free_char(host);
	ssh_jump_argv_free(&argv);
	free(spec.copy);
	return rc;
}

/* True once ssh has exited (and is reaped), waiting at most ms. */
static bool
ssh_jump_reap(struct ssh_conn *conn, unsigned ms)
{
	const struct timespec tick = { .tv_sec = 0, .tv_nsec = 20000000 };

	for (unsigned waited = 0;; waited += 20) {
		pid_t r = waitpid(conn->jump_pid, NULL, WNOHANG);

		if (r == conn->jump_pid || (r < 0 && errno != EINTR)) {
			conn->jump_pid = 0;
			return true;
		}
		if (waited >= ms)
			return false;
		nanosleep(&tick, NULL);
	}
}

/* What ssh wrote, on one line: OpenSSH's warning box ('@' lines) and
 * blank lines left out. */
static void
ssh_jump_read_stderr(FILE *f, struct strbuf *out)
{
	char line[256];

	rewind(f);
	while (out->len < SSH_JUMP_STDERR_MAX &&
	       fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '@')
			continue;
		strbuf_addf(out, "%s%s", out->len > 0 ? "; " : "", line);
	}
}

int
ssh_jump_explain(struct ssh_conn *conn, struct ou_error *err)
{
	struct strbuf said = STRBUF_INIT;

	/* It failed: the link is gone, so ssh is ending or must. */
	if (conn->jump_pid != 0 &&
	    !ssh_jump_reap(conn, SSH_JUMP_EXIT_WAIT_MS)) {
		kill(conn->jump_pid, SIGKILL);
		ssh_jump_reap(conn, SSH_JUMP_EXIT_WAIT_MS);
	}
	if (conn->jump_stderr != NULL)
		ssh_jump_read_stderr(conn->jump_stderr, &said);
	ssh_conn_error(conn, err, "cannot connect through the jump host %s "
		       "(ProxyJump, by OpenSSH's ssh -W): %s", conn->jump_name,
		       said.len > 0 ? strbuf_str(&said)
				    : ssh_get_error(conn->session));
	strbuf_release(&said);
	return -1;
}

void
ssh_jump_end(struct ssh_conn *conn)
{
	/* The session is closed: ssh has nothing left to carry. */
	if (conn->jump_pid != 0) {
		kill(conn->jump_pid, SIGKILL);
		while (waitpid(conn->jump_pid, NULL, 0) < 0 && errno == EINTR)
			;
		conn->jump_pid = 0;
	}
	if (conn->jump_stderr != NULL)
		fclose(conn->jump_stderr);
	conn->jump_stderr = NULL;
	free(conn->jump_name);
	conn->jump_name = NULL;
}
