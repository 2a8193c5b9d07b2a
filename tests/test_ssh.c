/* Tests for the ssh module, against real sshd processes that the tests
 * start themselves (tests/tools/sshd-fixture.sh) on loopback addresses.
 * The host's "remote" files are local files, so each test can check with
 * stat() what an sftp write did.  Needs /usr/sbin/sshd and the OpenSSH
 * client tools (ssh, ssh-keygen, ssh-agent, ssh-add); without them the
 * tests that need a server are skipped. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ssh.h"
#include "strbuf.h"
#include "xalloc.h"

#define FIXTURE_SCRIPT "bash " OU_SRCDIR "/tests/tools/sshd-fixture.sh"

struct sshd {
	char *dir;
	char addr[16];
	unsigned port;
};

/* One sshd per test group, and a target that reaches it. */
struct fixture {
	struct sshd sshd;
	char *empty_config;	/* keeps ~/.ssh/config out of the tests */
	char *known_hosts;	/* holds the host's key */
	char *client_key;
	const char *identities[2];
	struct ssh_target target;
};

/* -- helpers ------------------------------------------------------ */

static int __attribute__((format(printf, 1, 2)))
shell(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int status;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	status = system(cmd);
	free(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The command's stdout, without its last newline. */
static char * __attribute__((format(printf, 1, 2)))
shell_output(const char *fmt, ...)
{
	struct strbuf out = STRBUF_INIT;
	char buf[4096];
	va_list ap;
	char *cmd;
	FILE *fp;
	size_t n;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	fp = popen(cmd, "r");
	free(cmd);
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&out, buf, n);
	assert_int_equal(pclose(fp), 0);
	if (out.len > 0 && out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = '\0';
	return strbuf_take(&out);
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
read_text(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_take(&sb);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
have_sshd(void)
{
	return access("/usr/sbin/sshd", X_OK) == 0 &&
	       shell("command -v ssh ssh-keygen ssh-agent ssh-add "
		     ">/dev/null") == 0;
}

/* -- the sshd fixture --------------------------------------------- */

static void
sshd_start(struct sshd *s, unsigned last_octet)
{
	char *port;

	s->dir = xstrdup("/tmp/ou-test-ssh-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->addr, sizeof s->addr, "127.0.0.%u", last_octet);
	port = shell_output("%s start %s %s %ld", FIXTURE_SCRIPT, s->dir,
			    s->addr, (long)getpid());
	s->port = (unsigned)atoi(port);
	free(port);
	assert_true(s->port > 0);
}

/* Gone, or a zombie not yet reaped. */
static bool
process_running(const char *pid)
{
	char *path = xasprintf("/proc/%s/stat", pid);
	FILE *fp = fopen(path, "r");
	char line[512] = "";
	const char *state;

	free(path);
	if (fp == NULL)
		return false;
	if (fgets(line, sizeof line, fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	state = strrchr(line, ')');
	return state != NULL && state[1] == ' ' && state[2] != 'Z' &&
	       state[2] != 'X';
}

static void
sshd_stop(struct sshd *s)
{
	char *sshd_pid = shell_output("cat %s/sshd.pid", s->dir);
	char *guard_pid = shell_output("cat %s/guard.pid", s->dir);

	assert_int_equal(shell("%s stop %s", FIXTURE_SCRIPT, s->dir), 0);
	/* Nothing may outlive the test. */
	assert_false(process_running(sshd_pid));
	assert_false(process_running(guard_pid));
	free(sshd_pid);
	free(guard_pid);
	assert_int_equal(shell("rm -rf %s", s->dir), 0);
	free(s->dir);
}

static void
sshd_ctl(const struct sshd *s, const char *verb)
{
	assert_int_equal(shell("%s %s %s", FIXTURE_SCRIPT, verb, s->dir), 0);
}

static int
sshd_log_count(const struct sshd *s, const char *needle)
{
	char *n = shell_output("grep -c '%s' %s/sshd.log || true", needle,
			       s->dir);
	int count = atoi(n);

	free(n);
	return count;
}

/* As OpenSSH writes it: [addr]:port type key comment */
static char *
sshd_known_hosts_line(const struct sshd *s)
{
	return shell_output("printf '[%s]:%u '; cat %s/host_ed25519.pub",
			    s->addr, s->port, s->dir);
}

static char *
sshd_path(const struct sshd *s, const char *name)
{
	return xasprintf("%s/%s", s->dir, name);
}

/* A known_hosts file in the sshd's directory holding lines, then the
 * host's current key if with_key. */
static char *
fixture_known_hosts(const struct fixture *f, const char *name,
		    const char *lines, bool with_key)
{
	char *path = sshd_path(&f->sshd, name);
	char *key = sshd_known_hosts_line(&f->sshd);
	char *text = xasprintf("%s%s\n", lines, with_key ? key : "");

	write_text(path, text);
	free(text);
	free(key);
	return path;
}

/* -- groups ------------------------------------------------------- */

/* One sshd for the whole run: each test opens its own connections and
 * names its own files, and the tests that rekey the host bring the
 * group's known_hosts along. */
static int
setup_group(void **state)
{
	struct fixture *f;
	struct ou_error err;

	if (!have_sshd()) {
		*state = NULL;
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	unsetenv("SSH_AUTH_SOCK");	/* only the fixture's key */
	assert_int_equal(ssh_transport_init(&err), 0);
	f = xcalloc(1, sizeof *f);
	/* Per process, so parallel test programs do not meet. */
	sshd_start(&f->sshd, 10 + (unsigned)getpid() % 240);
	f->empty_config = sshd_path(&f->sshd, "empty_ssh_config");
	write_text(f->empty_config, "");
	f->known_hosts = fixture_known_hosts(f, "known_hosts", "", true);
	f->client_key = sshd_path(&f->sshd, "client_key");
	f->identities[0] = f->client_key;
	f->target = (struct ssh_target){
		.name = "fixture-host",
		.host = f->sshd.addr,
		.port = f->sshd.port,
		.user = getpwuid(getuid())->pw_name,
		.ssh_config = f->empty_config,
		.known_hosts = f->known_hosts,
		.identities = f->identities,
		.become = SSH_BECOME_ROOT,
		.connect_timeout_ms = 5000,
		.io_timeout_ms = 10000,
	};
	*state = f;
	return 0;
}

static int
teardown_group(void **state)
{
	struct fixture *f = *state;

	if (f == NULL)
		return 0;
	sshd_stop(&f->sshd);
	free(f->empty_config);
	free(f->known_hosts);
	free(f->client_key);
	free(f);
	ssh_transport_cleanup();
	return 0;
}

static struct fixture *
fixture_get(void **state)
{
	if (*state == NULL)
		skip();
	return *state;
}

static struct ssh_conn *
fixture_open(const struct ssh_target *t)
{
	struct ssh_conn *conn = NULL;
	struct ou_error err = { .msg = "" };
	enum ssh_open_status status = ssh_conn_open(t, &conn, NULL, &err);

	if (status != SSH_OPEN_OK)
		fail_msg("open: %s", err.msg);
	return conn;
}

static enum ssh_exec_outcome
run_cmd(struct ssh_conn *conn, const char *command,
	const struct ssh_exec_opts *opts, struct ssh_exec_result *res)
{
	struct ou_error err = { .msg = "" };
	enum ssh_exec_outcome outcome =
		ssh_exec_command(conn, command, opts, res, &err);

	if (outcome == SSH_EXEC_NOT_RUN)
		print_message("not run: %s\n", err.msg);
	return outcome;
}

/* -- host keys ---------------------------------------------------- */

static void
test_unknown_host_key_stops_before_login_with_its_fingerprint(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = (struct ssh_conn *)&hk;	/* stale: cleared? */
	struct ou_error err;
	char *expected;
	int logins = sshd_log_count(&f->sshd, "Accepted publickey");
	int sessions = sshd_log_count(&f->sshd, "Starting session");

	t.known_hosts = sshd_path(&f->sshd, "kh-unknown");
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_UNKNOWN);
	assert_null(conn);
	expected = shell_output("ssh-keygen -lf %s/host_ed25519.pub | "
				"cut -d' ' -f2", f->sshd.dir);
	assert_string_equal(hk.fingerprint, expected);
	assert_string_equal(hk.type, "ssh-ed25519");
	assert_non_null(strstr(err.msg, expected));
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 logins);
	assert_int_equal(sshd_log_count(&f->sshd, "Starting session"),
			 sessions);
	assert_int_equal(access(t.known_hosts, F_OK), -1);
	free(expected);
	free((char *)t.known_hosts);
	ssh_hostkey_release(&hk);
}

static void
test_accepted_key_is_appended_to_a_new_private_file_and_next_open_succeeds(
	void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *dir = sshd_path(&f->sshd, "new-home/.ssh");
	char *expected = shell_output("printf '[%s]:%u '; cut -d' ' -f1,2 "
				      "%s/host_ed25519.pub; echo .",
				      f->sshd.addr, f->sshd.port, f->sshd.dir);
	char *written;
	struct stat st;

	t.known_hosts = sshd_path(&f->sshd, "new-home/.ssh/known_hosts");
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_UNKNOWN);
	assert_int_equal(ssh_hostkey_accept(&hk, &err), 0);
	expected[strlen(expected) - 1] = '\0';	/* the line, and a '\n' */
	written = read_text(t.known_hosts);
	assert_string_equal(written, expected);
	assert_int_equal(stat(t.known_hosts, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	conn = fixture_open(&t);
	assert_true(ssh_conn_is_alive(conn));
	ssh_conn_close(conn);
	ssh_hostkey_release(&hk);
	free(written);
	free(expected);
	free(dir);
	free((char *)t.known_hosts);
}

static void
test_accepting_a_key_already_known_adds_no_line(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *before;
	char *after;

	t.known_hosts = sshd_path(&f->sshd, "kh-twice");
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_UNKNOWN);
	assert_int_equal(ssh_hostkey_accept(&hk, &err), 0);
	before = read_text(t.known_hosts);
	assert_int_equal(ssh_hostkey_accept(&hk, &err), 0);
	after = read_text(t.known_hosts);
	assert_string_equal(after, before);
	ssh_hostkey_release(&hk);
	free(before);
	free(after);
	free((char *)t.known_hosts);
}

static void
test_accept_adds_a_newline_to_a_file_that_lacks_one(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *text;

	t.known_hosts = sshd_path(&f->sshd, "kh-no-newline");
	write_text(t.known_hosts, "# no newline at the end");
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_UNKNOWN);
	assert_int_equal(ssh_hostkey_accept(&hk, &err), 0);
	text = read_text(t.known_hosts);
	assert_memory_equal(text, "# no newline at the end\n[", 25);
	conn = fixture_open(&t);
	ssh_conn_close(conn);
	ssh_hostkey_release(&hk);
	free(text);
	free((char *)t.known_hosts);
}

static void
test_hashed_known_hosts_entry_is_recognised(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	char *text;

	t.known_hosts = fixture_known_hosts(f, "kh-hashed", "", true);
	assert_int_equal(shell("ssh-keygen -q -H -f %s >/dev/null 2>&1",
			       t.known_hosts), 0);
	text = read_text(t.known_hosts);
	assert_memory_equal(text, "|1|", 3);
	conn = fixture_open(&t);
	ssh_conn_close(conn);
	free(text);
	free((char *)t.known_hosts);
}

static void
test_key_for_another_port_leaves_the_host_unknown(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *lines = shell_output("printf '[%s]:1 '; cat %s/host_ed25519.pub",
				   f->sshd.addr, f->sshd.dir);

	t.known_hosts = fixture_known_hosts(f, "kh-other-port", lines, false);
	assert_int_equal(ssh_conn_open(&t, &conn, NULL, &err),
			 SSH_OPEN_HOSTKEY_UNKNOWN);
	free(lines);
	free((char *)t.known_hosts);
}

/* The old key sits on line 3, after a comment and another host. */
static char *
changed_key_setup(struct fixture *f, const char *name, bool hashed)
{
	char *path = fixture_known_hosts(f, name,
					 "# hosts of the test cloud\n"
					 "other.example ssh-ed25519 AAAAC3NzaC1l"
					 "ZDI1NTE5AAAAIDfIXrUMBwWCyVQcNaXXqX0y"
					 "mRHXBzmWCh7R0lIsXfYH\n",
					 true);

	if (hashed)
		assert_int_equal(shell("ssh-keygen -q -H -f %s >/dev/null 2>&1",
				       path), 0);
	sshd_ctl(&f->sshd, "rekey");
	/* The group's own file follows the new key, for the other tests. */
	free(fixture_known_hosts(f, "known_hosts", "", true));
	return path;
}

static void
test_changed_key_is_refused_naming_file_and_line(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *fingerprint;
	char *where;
	int logins;

	t.known_hosts = changed_key_setup(f, "kh-changed", false);
	logins = sshd_log_count(&f->sshd, "Accepted publickey");
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_CHANGED);
	assert_null(conn);
	fingerprint = shell_output("ssh-keygen -lf %s/host_ed25519.pub | "
				   "cut -d' ' -f2", f->sshd.dir);
	where = xasprintf("%s:3", t.known_hosts);
	assert_int_equal(hk.line, 3);
	assert_string_equal(hk.file, t.known_hosts);
	assert_string_equal(hk.fingerprint, fingerprint);
	assert_non_null(strstr(err.msg, where));
	assert_non_null(strstr(err.msg, fingerprint));
	assert_non_null(strstr(err.msg, "man-in-the-middle"));
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 logins);
	ssh_hostkey_release(&hk);
	free(fingerprint);
	free(where);
	free((char *)t.known_hosts);
}

static void
test_changed_key_cannot_be_accepted(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *before;
	char *after;

	t.known_hosts = changed_key_setup(f, "kh-changed-accept", false);
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_CHANGED);
	before = read_text(t.known_hosts);
	assert_int_equal(ssh_hostkey_accept(&hk, &err), -1);
	assert_non_null(strstr(err.msg, "different key"));
	/* Nor when the caller forgets where the old key was. */
	hk.line = 0;
	assert_int_equal(ssh_hostkey_accept(&hk, &err), -1);
	after = read_text(t.known_hosts);
	assert_string_equal(after, before);
	ssh_hostkey_release(&hk);
	free(before);
	free(after);
	free((char *)t.known_hosts);
}

static void
test_changed_key_is_located_in_a_hashed_file(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err;

	t.known_hosts = changed_key_setup(f, "kh-changed-hashed", true);
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err),
			 SSH_OPEN_HOSTKEY_CHANGED);
	assert_int_equal(hk.line, 3);
	ssh_hostkey_release(&hk);
	free((char *)t.known_hosts);
}

static void
test_revoked_key_is_refused(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *key = sshd_known_hosts_line(&f->sshd);
	char *lines = xasprintf("@revoked %s\n", key);

	t.known_hosts = fixture_known_hosts(f, "kh-revoked", lines, true);
	assert_int_equal(ssh_conn_open(&t, &conn, NULL, &err),
			 SSH_OPEN_HOSTKEY_CHANGED);
	assert_non_null(strstr(err.msg, "@revoked"));
	assert_non_null(strstr(err.msg, ":1"));
	free(key);
	free(lines);
	free((char *)t.known_hosts);
}

static void
test_silent_port_times_out_within_the_connect_timeout(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof sin;
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	double start;

	/* Listens, so TCP connects, but never says a word. */
	inet_pton(AF_INET, f->sshd.addr, &sin.sin_addr);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	t.port = ntohs(sin.sin_port);
	t.connect_timeout_ms = 1000;
	start = now_s();
	assert_int_equal(ssh_conn_open(&t, &conn, NULL, &err),
			 SSH_OPEN_FAILED);
	assert_true(now_s() - start < 3.0);
	assert_non_null(strstr(err.msg, "cannot connect"));
	assert_non_null(strstr(err.msg, "fixture-host"));
	close(fd);
}

static void
test_alias_is_resolved_through_ssh_config(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = {
		.name = "by-alias",
		.host = "fixture",
		.ssh_config = NULL,
	};
	struct ssh_conn *conn;
	struct ssh_exec_result res;
	struct ou_error err;

	/* Port, user, key and known_hosts all come from the file. */
	t.ssh_config = sshd_path(&f->sshd, "ssh_config");
	conn = fixture_open(&t);
	assert_int_equal(ssh_exec_command(conn, "echo via-alias", NULL, &res,
					  &err), SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "via-alias\n");
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	free((char *)t.ssh_config);
}

static void
test_proxy_command_from_ssh_config_is_honoured(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = { .name = "proxied", .host = "via-proxy" };
	struct ssh_conn *conn;
	struct ssh_exec_result res;
	int logins = sshd_log_count(&f->sshd, "Accepted publickey");

	t.ssh_config = sshd_path(&f->sshd, "ssh_config");
	conn = fixture_open(&t);
	assert_int_equal(run_cmd(conn, "echo proxied", NULL, &res),
			 SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "proxied\n");
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	/* The proxy's own login, and ours through it. */
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 logins + 2);
	free((char *)t.ssh_config);
}

/* An ssh_config where "jumped" is the fixture reached through
 * "jumphost", the fixture again: OpenSSH's ssh -W carries the link. */
static char *
jump_ssh_config(const struct fixture *f)
{
	char *path = sshd_path(&f->sshd, "jump_ssh_config");
	char *text = xasprintf("Host jumped\n\tProxyJump jumphost\n"
			       "Host jumphost jumped\n\tHostName %s\n"
			       "\tPort %u\n\tUser %s\n\tIdentityFile %s\n"
			       "\tIdentitiesOnly yes\n",
			       f->sshd.addr, f->sshd.port,
			       getpwuid(getuid())->pw_name, f->client_key);

	write_text(path, text);
	free(text);
	return path;
}

static void
test_proxy_jump_from_ssh_config_goes_through_the_jump_host(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = {
		.name = "jumped", .host = "jumped",
		.known_hosts = f->known_hosts, .connect_timeout_ms = 5000,
	};
	int logins = sshd_log_count(&f->sshd, "Accepted publickey");
	struct ssh_exec_result res;
	struct ssh_conn *conn;

	t.ssh_config = jump_ssh_config(f);
	conn = fixture_open(&t);
	assert_int_equal(run_cmd(conn, "echo jumped", NULL, &res),
			 SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "jumped\n");
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	/* The jump host's login, and ours through it. */
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 logins + 2);
	free((char *)t.ssh_config);
}

static void
test_proxy_jump_to_a_host_of_unknown_key_fails_naming_the_jump_host(
	void **state)
{
	struct fixture *f = fixture_get(state);
	char *empty = fixture_known_hosts(f, "jump_known_hosts_empty", "",
					  false);
	struct ssh_target t = {
		.name = "jumped", .host = "jumped", .known_hosts = empty,
		.connect_timeout_ms = 5000,
	};
	int logins = sshd_log_count(&f->sshd, "Accepted publickey");
	struct ssh_hostkey hk;
	struct ssh_conn *conn = NULL;
	struct ou_error err = { .msg = "" };

	t.ssh_config = jump_ssh_config(f);
	assert_int_equal(ssh_conn_open(&t, &conn, &hk, &err), SSH_OPEN_FAILED);
	assert_null(conn);
	assert_non_null(strstr(err.msg, "through the jump host jumphost"));
	assert_non_null(strstr(err.msg, "Host key verification failed"));
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 logins);
	free((char *)t.ssh_config);
	free(empty);
}

static void
test_address_is_used_when_ssh_config_has_no_hostname(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;

	t.host = "no-such-alias.invalid";
	t.address = f->sshd.addr;
	conn = fixture_open(&t);
	assert_true(ssh_conn_is_alive(conn));
	ssh_conn_close(conn);
}

static void
test_missing_ssh_config_file_is_an_error(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn = NULL;
	struct ou_error err;

	t.ssh_config = "/nonexistent/ssh_config";
	assert_int_equal(ssh_conn_open(&t, &conn, NULL, &err),
			 SSH_OPEN_FAILED);
	assert_non_null(strstr(err.msg, "/nonexistent/ssh_config"));
}

static void
test_key_held_by_ssh_agent_logs_in(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	char *socket = shell_output("%s agent %s", FIXTURE_SCRIPT, f->sshd.dir);
	struct ssh_conn *conn;

	t.identities = NULL;	/* only the agent has the key */
	setenv("SSH_AUTH_SOCK", socket, 1);
	conn = fixture_open(&t);
	unsetenv("SSH_AUTH_SOCK");
	assert_true(ssh_conn_is_alive(conn));
	ssh_conn_close(conn);
	free(socket);
}

static void
test_unauthorised_key_fails_naming_the_methods_offered(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn = NULL;
	struct ou_error err;
	char *stranger = sshd_path(&f->sshd, "stranger_key");
	const char *ids[] = { stranger, NULL };

	assert_int_equal(shell("ssh-keygen -q -t ed25519 -N '' -f %s",
			       stranger), 0);
	t.identities = ids;
	assert_int_equal(ssh_conn_open(&t, &conn, NULL, &err),
			 SSH_OPEN_FAILED);
	assert_non_null(strstr(err.msg, "no key was accepted"));
	assert_non_null(strstr(err.msg, "publickey"));
	free(stranger);
}

/* -- commands ----------------------------------------------------- */

static void
test_exit_status_is_reported(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct ssh_exec_result res;

	assert_int_equal(run_cmd(conn, "exit 3", NULL, &res), SSH_EXEC_EXITED);
	assert_int_equal(res.exit_status, 3);
	ssh_exec_result_release(&res);
	assert_int_equal(run_cmd(conn, "true", NULL, &res), SSH_EXEC_EXITED);
	assert_int_equal(res.exit_status, 0);
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
}

static void
test_stdout_and_stderr_are_kept_apart(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct ssh_exec_result res;

	assert_int_equal(run_cmd(conn, "echo out1; echo err1 >&2; echo out2",
				 NULL, &res), SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "out1\nout2\n");
	assert_string_equal(strbuf_str(&res.err), "err1\n");
	assert_int_equal(res.out_total, 10);
	assert_int_equal(res.err_total, 5);
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
}

struct capture {
	struct strbuf out;
	struct strbuf err;
	unsigned chunks;
};

static void
capture_output(void *ctx, enum ssh_stream stream, const char *data,
	       size_t len)
{
	struct capture *cap = ctx;

	strbuf_add(stream == SSH_STREAM_STDOUT ? &cap->out : &cap->err, data,
		   len);
	cap->chunks++;
}

static void
test_large_output_streams_whole_and_only_its_tail_is_kept(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct capture cap = { .out = STRBUF_INIT, .err = STRBUF_INIT };
	struct ssh_exec_opts opts = {
		.timeout_ms = 60000,
		.keep = 4096,
		.on_output = capture_output,
		.ctx = &cap,
	};
	struct strbuf expected = STRBUF_INIT;
	struct ssh_exec_result res;

	for (int i = 1; i <= 1000000; i++)
		strbuf_addf(&expected, "%d\n", i);
	assert_int_equal(run_cmd(conn, "seq 1 1000000", &opts, &res),
			 SSH_EXEC_EXITED);
	assert_int_equal(cap.out.len, expected.len);	/* 6.9 MB */
	assert_memory_equal(cap.out.buf, expected.buf, expected.len);
	assert_true(cap.chunks > 10);	/* it came in pieces, as it arrived */
	assert_int_equal(res.out_total, expected.len);
	assert_int_equal(res.out.len, 4096);
	assert_memory_equal(res.out.buf, expected.buf + expected.len - 4096,
			    4096);
	ssh_exec_result_release(&res);
	strbuf_release(&expected);
	strbuf_release(&cap.out);
	strbuf_release(&cap.err);
	ssh_conn_close(conn);
}

static void
test_command_past_its_timeout_times_out_and_the_connection_survives(
	void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct ssh_exec_opts opts = { .timeout_ms = 1000 };
	struct ssh_exec_result res;
	struct ou_error err;
	double start = now_s();
	double took;

	assert_int_equal(ssh_exec_command(conn, "sleep 10", &opts, &res, &err),
			 SSH_EXEC_TIMED_OUT);
	took = now_s() - start;
	/* Cut short: well before the command's own 10 s, however loaded the
	 * machine running the test is. */
	assert_true(took >= 1.0 && took < 8.0);
	assert_non_null(strstr(err.msg, "1000 ms"));
	ssh_exec_result_release(&res);
	assert_true(ssh_conn_is_alive(conn));
	assert_int_equal(run_cmd(conn, "echo still here", NULL, &res),
			 SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "still here\n");
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
}

static void
test_command_killed_by_a_signal_is_signalled(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct ssh_exec_result res;
	struct ou_error err;

	assert_int_equal(ssh_exec_command(conn, "kill -KILL $$", NULL, &res,
					  &err), SSH_EXEC_SIGNALLED);
	assert_string_equal(res.signal, "KILL");
	assert_non_null(strstr(err.msg, "KILL"));
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
}

struct kill_on_output {
	const struct sshd *sshd;
	const char *verb;
	bool done;
};

/* The command has visibly started: now kill or stall its sshd. */
static void
signal_sshd_on_output(void *ctx, enum ssh_stream stream, const char *data,
		      size_t len)
{
	struct kill_on_output *k = ctx;

	if (!k->done) {
		sshd_ctl(k->sshd, k->verb);
		k->done = true;
	}
}

static void
test_killed_sshd_mid_command_is_dropped(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct kill_on_output k = { .sshd = &f->sshd, .verb = "kill-sessions" };
	struct ssh_exec_opts opts = {
		.timeout_ms = 20000,
		.on_output = signal_sshd_on_output,
		.ctx = &k,
	};
	struct ssh_exec_result res;
	struct ou_error err;
	double start = now_s();

	assert_int_equal(ssh_exec_command(conn, "echo started; sleep 5; "
					  "echo finished", &opts, &res, &err),
			 SSH_EXEC_DROPPED);
	assert_true(now_s() - start < 4.0);
	assert_string_equal(strbuf_str(&res.out), "started\n");
	assert_non_null(strstr(err.msg, "unknown"));
	assert_false(ssh_conn_is_alive(conn));
	ssh_exec_result_release(&res);
	/* The next command is known not to have run. */
	assert_int_equal(ssh_exec_command(conn, "true", NULL, &res, &err),
			 SSH_EXEC_NOT_RUN);
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
}

static void
test_stalled_host_does_not_hold_a_command_past_its_timeout(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	struct kill_on_output k = { .sshd = &f->sshd, .verb = "stall-sessions" };
	struct ssh_exec_opts opts = {
		.timeout_ms = 1000,
		.on_output = signal_sshd_on_output,
		.ctx = &k,
	};
	struct ssh_exec_result res;
	double start;

	t.io_timeout_ms = 1000;
	conn = fixture_open(&t);
	start = now_s();
	assert_int_equal(run_cmd(conn, "echo started; sleep 5", &opts, &res),
			 SSH_EXEC_TIMED_OUT);
	assert_true(now_s() - start < 3.0);
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	sshd_ctl(&f->sshd, "resume-sessions");
}

static void
test_stalled_host_does_not_hold_opening_a_channel(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	struct ssh_exec_result res;
	struct ou_error err;
	double start;

	t.io_timeout_ms = 1000;
	conn = fixture_open(&t);
	sshd_ctl(&f->sshd, "stall-sessions");
	start = now_s();
	assert_int_equal(ssh_exec_command(conn, "true", NULL, &res, &err),
			 SSH_EXEC_NOT_RUN);
	assert_true(now_s() - start < 3.0);
	assert_non_null(strstr(err.msg, "no answer"));
	assert_false(ssh_conn_is_alive(conn));
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	sshd_ctl(&f->sshd, "resume-sessions");
}

static void
test_twenty_commands_share_one_login(void **state)
{
	struct fixture *f = fixture_get(state);
	int before = sshd_log_count(&f->sshd, "Accepted publickey");
	struct ssh_conn *conn = fixture_open(&f->target);

	for (int i = 0; i < 20; i++) {
		struct ssh_exec_result res;
		char *cmd = xasprintf("echo %d", i);
		char *want = xasprintf("%d\n", i);

		assert_int_equal(run_cmd(conn, cmd, NULL, &res),
				 SSH_EXEC_EXITED);
		assert_string_equal(strbuf_str(&res.out), want);
		ssh_exec_result_release(&res);
		free(cmd);
		free(want);
	}
	ssh_conn_close(conn);
	assert_int_equal(sshd_log_count(&f->sshd, "Accepted publickey"),
			 before + 1);
}

static void
test_sudo_wraps_the_command_in_sudo_n_and_sh(void **state)
{
	char *root = ssh_wrap_command(SSH_BECOME_ROOT, "echo 'a b' | wc -c");
	char *sudo = ssh_wrap_command(SSH_BECOME_SUDO, "echo 'a b' | wc -c");

	assert_string_equal(root, "echo 'a b' | wc -c");
	assert_string_equal(sudo, "sudo -n -- sh -c "
			    "'echo '\\''a b'\\'' | wc -c'");
	free(root);
	free(sudo);
}

/* The fixture's sudo stand-in logs its arguments and runs the rest. */
static void
test_become_sudo_runs_the_command_through_sudo(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	struct ssh_exec_result res;
	char *log;

	t.become = SSH_BECOME_SUDO;
	conn = fixture_open(&t);
	assert_int_equal(run_cmd(conn, "echo \"$0\" 'q x'", NULL, &res),
			 SSH_EXEC_EXITED);
	assert_string_equal(strbuf_str(&res.out), "sh q x\n");
	ssh_exec_result_release(&res);
	ssh_conn_close(conn);
	log = shell_output("tail -n 1 %s/sudo.log", f->sshd.dir);
	assert_string_equal(log, "-n -- sh -c echo \"$0\" 'q x'");
	free(log);
}

struct worker {
	const struct ssh_target *target;
	int id;
	int ok;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct ssh_conn *conn = NULL;
	struct ou_error err;

	if (ssh_conn_open(w->target, &conn, NULL, &err) != SSH_OPEN_OK)
		return NULL;
	for (int i = 0; i < 10; i++) {
		struct ssh_exec_result res;
		char *cmd = xasprintf("echo %d-%d", w->id, i);
		char *want = xasprintf("%d-%d\n", w->id, i);

		if (ssh_exec_command(conn, cmd, NULL, &res, &err) ==
			    SSH_EXEC_EXITED &&
		    strcmp(strbuf_str(&res.out), want) == 0)
			w->ok++;
		ssh_exec_result_release(&res);
		free(cmd);
		free(want);
	}
	ssh_conn_close(conn);
	return NULL;
}

static void
test_threads_each_run_their_own_connection(void **state)
{
	struct fixture *f = fixture_get(state);
	struct worker workers[3];
	pthread_t threads[3];

	for (int i = 0; i < 3; i++) {
		workers[i] = (struct worker){ .target = &f->target, .id = i };
		assert_int_equal(pthread_create(&threads[i], NULL, worker_main,
						&workers[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(workers[i].ok, 10);
	}
}

/* -- files -------------------------------------------------------- */

static char *
sftp_dir(const struct fixture *f)
{
	char *dir = sshd_path(&f->sshd, "files");

	mkdir(dir, 0755);
	return dir;
}

static void
test_write_replaces_content_keeping_mode_and_owner(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *dir = sftp_dir(f);
	char *path = xasprintf("%s/nova.conf", dir);
	uid_t owner = getuid() == 0 ? 65534 : getuid();
	gid_t group = getuid() == 0 ? 65534 : getgid();
	struct stat before;
	struct stat after;
	struct ou_error err;
	char *text;

	write_text(path, "[DEFAULT]\nold = 1\n");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(chown(path, owner, group), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(ssh_write_file(conn, path, "[DEFAULT]\nnew = 2\n", 18,
					0644, &err), 0);
	assert_int_equal(stat(path, &after), 0);
	text = read_text(path);
	assert_string_equal(text, "[DEFAULT]\nnew = 2\n");
	assert_int_equal(after.st_mode & 07777, 0640);
	assert_int_equal(after.st_uid, owner);
	assert_int_equal(after.st_gid, group);
	assert_int_not_equal(after.st_ino, before.st_ino);	/* renamed over */
	assert_int_equal(shell("ls -A %s | grep -q ou-", dir), 1);
	free(text);
	free(path);
	free(dir);
	ssh_conn_close(conn);
}

static void
test_read_returns_exactly_what_was_written(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *dir = sftp_dir(f);
	char *path = xasprintf("%s/blob", dir);
	size_t len = 300000;
	char *data = xmalloc(len);
	char *got;
	size_t got_len;
	struct ou_error err;

	for (size_t i = 0; i < len; i++)
		data[i] = (char)(i * 7 + i / 251);	/* NULs included */
	assert_int_equal(ssh_write_file(conn, path, data, len, 0600, &err), 0);
	assert_int_equal(ssh_read_file(conn, path, len, &got, &got_len, &err),
			 0);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, data, len);
	assert_int_equal(got[len], '\0');
	free(got);
	free(data);
	free(path);
	free(dir);
	ssh_conn_close(conn);
}

static void
test_write_creates_a_new_file_with_the_given_mode(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *dir = sftp_dir(f);
	char *path = xasprintf("%s/brand-new", dir);
	struct ou_error err;
	struct stat st;

	assert_int_equal(ssh_write_file(conn, path, "x\n", 2, 0604, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_int_equal(st.st_size, 2);
	free(path);
	free(dir);
	ssh_conn_close(conn);
}

static void
test_write_through_a_symlink_replaces_its_target(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *dir = sftp_dir(f);
	char *real = xasprintf("%s/real.conf", dir);
	char *link = xasprintf("%s/link.conf", dir);
	struct ou_error err;
	struct stat st;
	char *text;

	write_text(real, "old\n");
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(ssh_write_file(conn, link, "new\n", 4, 0644, &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	text = read_text(real);
	assert_string_equal(text, "new\n");
	free(text);
	free(real);
	free(link);
	free(dir);
	ssh_conn_close(conn);
}

static void
test_write_into_a_missing_directory_names_the_step(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	struct ou_error err;
	char *path = sshd_path(&f->sshd, "no-such-dir/file");

	assert_int_equal(ssh_write_file(conn, path, "x", 1, 0644, &err), -1);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "creating the temporary file"));
	assert_non_null(strstr(err.msg, "no such file"));
	assert_true(ssh_conn_is_alive(conn));
	free(path);
	ssh_conn_close(conn);
}

static void
test_read_refuses_a_file_over_the_cap(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *dir = sftp_dir(f);
	char *path = xasprintf("%s/big", dir);
	struct ou_error err;
	char *data = (char *)&err;	/* must be reset */
	size_t len = 1;

	assert_int_equal(shell("head -c 5000 /dev/zero > %s", path), 0);
	assert_int_equal(ssh_read_file(conn, path, 1000, &data, &len, &err),
			 -1);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_non_null(strstr(err.msg, "1000 bytes"));
	assert_non_null(strstr(err.msg, path));
	free(path);
	free(dir);
	ssh_conn_close(conn);
}

static void
test_read_of_a_missing_file_names_it(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_conn *conn = fixture_open(&f->target);
	char *path = sshd_path(&f->sshd, "missing.conf");
	struct ou_error err;
	char *data;
	size_t len;

	assert_int_equal(ssh_read_file(conn, path, 1000, &data, &len, &err),
			 -1);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "no such file"));
	free(path);
	ssh_conn_close(conn);
}

static void
test_stalled_host_does_not_hold_a_file_read(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	char *path = sshd_path(&f->sshd, "sshd_config");
	struct ou_error err;
	char *data;
	size_t len;
	double start;

	t.io_timeout_ms = 1000;
	conn = fixture_open(&t);
	assert_int_equal(ssh_read_file(conn, path, 100000, &data, &len, &err),
			 0);
	free(data);
	sshd_ctl(&f->sshd, "stall-sessions");
	start = now_s();
	assert_int_equal(ssh_read_file(conn, path, 100000, &data, &len, &err),
			 -1);
	assert_true(now_s() - start < 3.0);
	assert_non_null(strstr(err.msg, "no answer within 1000 ms"));
	assert_false(ssh_conn_is_alive(conn));
	ssh_conn_close(conn);
	sshd_ctl(&f->sshd, "resume-sessions");
	free(path);
}

static void
test_become_sudo_writes_through_an_sftp_server_under_sudo(void **state)
{
	struct fixture *f = fixture_get(state);
	struct ssh_target t = f->target;
	struct ssh_conn *conn;
	char *dir = sftp_dir(f);
	char *path = xasprintf("%s/sudo.conf", dir);
	struct ou_error err;
	char *text;

	t.become = SSH_BECOME_SUDO;
	conn = fixture_open(&t);
	assert_int_equal(ssh_write_file(conn, path, "by sudo\n", 8, 0644, &err),
			 0);
	text = read_text(path);
	assert_string_equal(text, "by sudo\n");
	free(text);
	text = shell_output("tail -n 1 %s/sudo.log", f->sshd.dir);
	assert_non_null(strstr(text, "sftp-server"));
	free(text);
	free(path);
	free(dir);
	ssh_conn_close(conn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_host_key_stops_before_login_with_its_fingerprint),
		cmocka_unit_test(test_accepted_key_is_appended_to_a_new_private_file_and_next_open_succeeds),
		cmocka_unit_test(test_accepting_a_key_already_known_adds_no_line),
		cmocka_unit_test(test_accept_adds_a_newline_to_a_file_that_lacks_one),
		cmocka_unit_test(test_hashed_known_hosts_entry_is_recognised),
		cmocka_unit_test(test_key_for_another_port_leaves_the_host_unknown),
		cmocka_unit_test(test_changed_key_is_refused_naming_file_and_line),
		cmocka_unit_test(test_changed_key_cannot_be_accepted),
		cmocka_unit_test(test_changed_key_is_located_in_a_hashed_file),
		cmocka_unit_test(test_revoked_key_is_refused),
		cmocka_unit_test(test_silent_port_times_out_within_the_connect_timeout),
		cmocka_unit_test(test_alias_is_resolved_through_ssh_config),
		cmocka_unit_test(test_proxy_command_from_ssh_config_is_honoured),
		cmocka_unit_test(test_proxy_jump_from_ssh_config_goes_through_the_jump_host),
		cmocka_unit_test(test_proxy_jump_to_a_host_of_unknown_key_fails_naming_the_jump_host),
		cmocka_unit_test(test_address_is_used_when_ssh_config_has_no_hostname),
		cmocka_unit_test(test_missing_ssh_config_file_is_an_error),
		cmocka_unit_test(test_key_held_by_ssh_agent_logs_in),
		cmocka_unit_test(test_unauthorised_key_fails_naming_the_methods_offered),
		cmocka_unit_test(test_exit_status_is_reported),
		cmocka_unit_test(test_stdout_and_stderr_are_kept_apart),
		cmocka_unit_test(test_large_output_streams_whole_and_only_its_tail_is_kept),
		cmocka_unit_test(test_command_past_its_timeout_times_out_and_the_connection_survives),
		cmocka_unit_test(test_command_killed_by_a_signal_is_signalled),
		cmocka_unit_test(test_killed_sshd_mid_command_is_dropped),
		cmocka_unit_test(test_stalled_host_does_not_hold_a_command_past_its_timeout),
		cmocka_unit_test(test_stalled_host_does_not_hold_opening_a_channel),
		cmocka_unit_test(test_twenty_commands_share_one_login),
		cmocka_unit_test(test_sudo_wraps_the_command_in_sudo_n_and_sh),
		cmocka_unit_test(test_become_sudo_runs_the_command_through_sudo),
		cmocka_unit_test(test_threads_each_run_their_own_connection),
		cmocka_unit_test(test_write_replaces_content_keeping_mode_and_owner),
		cmocka_unit_test(test_read_returns_exactly_what_was_written),
		cmocka_unit_test(test_write_creates_a_new_file_with_the_given_mode),
		cmocka_unit_test(test_write_through_a_symlink_replaces_its_target),
		cmocka_unit_test(test_write_into_a_missing_directory_names_the_step),
		cmocka_unit_test(test_read_refuses_a_file_over_the_cap),
		cmocka_unit_test(test_read_of_a_missing_file_names_it),
		cmocka_unit_test(test_stalled_host_does_not_hold_a_file_read),
		cmocka_unit_test(test_become_sudo_writes_through_an_sftp_server_under_sudo),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
