/* preflight: the checks of one host over one ssh connection (see
 * include/preflight.h).  Runs in a worker thread: it touches only its
 * own report and connection. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "preflight_private.h"
#include "xalloc.h"

#define PREFLIGHT_MAX_PACKAGES 32

static struct ssh_target
preflight_target(const struct preflight_options *opt,
		 const struct inv_host *h)
{
	return (struct ssh_target){
		.name = h->name,
		.host = h->ssh_alias != NULL ? h->ssh_alias : h->name,
		.address = h->address,
		.port = h->port,
		.user = h->user,
		.ssh_config = opt->inv->ssh_config,
		.known_hosts = opt->inv->known_hosts,
		.become = h->become == INV_BECOME_SUDO ? SSH_BECOME_SUDO
						       : SSH_BECOME_ROOT,
		.connect_timeout_ms = opt->connect_timeout_ms,
		.io_timeout_ms = opt->command_timeout_ms,
	};
}

static void
preflight_keep_key(struct preflight_report *r, const struct inv_host *h,
		   struct ssh_hostkey *hk)
{
	struct preflight_hostkey *k;

	r->unknown_keys = xreallocarray(r->unknown_keys, r->n_unknown_keys + 1,
					sizeof *r->unknown_keys);
	k = &r->unknown_keys[r->n_unknown_keys++];
	k->host = xstrdup(h->name);
	k->address = h->address != NULL ? xstrdup(h->address) : NULL;
	k->key = *hk;
	memset(hk, 0, sizeof *hk);
}

/* The open, judged: the connection, or NULL after a FAIL line. */
static struct ssh_conn *
preflight_connect(const struct preflight_options *opt,
		  const struct inv_host *h, struct preflight_report *r)
{
	struct ssh_target t = preflight_target(opt, h);
	struct ssh_hostkey hk = { .line = 0 };
	struct ssh_conn *conn = NULL;
	struct ou_error err = { .msg = "" };

	switch (ssh_conn_open(&t, &conn, &hk, &err)) {
	case SSH_OPEN_OK:
		preflight_add(r, h->name, "ssh", PREFLIGHT_OK,
			      "logged in to %s%s%s:%u, host key known",
			      h->user != NULL ? h->user : "",
			      h->user != NULL ? "@" : "",
			      h->address != NULL ? h->address : h->name,
			      h->port != 0 ? h->port : 22);
		break;
	case SSH_OPEN_HOSTKEY_UNKNOWN:
		preflight_add(r, h->name, "ssh", PREFLIGHT_FAIL,
			      "unknown host key %s %s (not in %s), not "
			      "accepted by check: verify it with the host's "
			      "administrator, then accept it in the wizard or "
			      "with 'openstack-upgrade check "
			      "--accept-host-keys'",
			      hk.type, hk.fingerprint, hk.known_hosts);
		preflight_keep_key(r, h, &hk);
		break;
	case SSH_OPEN_HOSTKEY_CHANGED:
	case SSH_OPEN_FAILED:
		preflight_add(r, h->name, "ssh", PREFLIGHT_FAIL, "%s", err.msg);
		break;
	}
	ssh_hostkey_release(&hk);
	return conn;
}

/* The last line of a command's stderr, for evidence. */
static const char *
preflight_last_line(const struct strbuf *sb, char *buf, size_t size)
{
	const char *s = strbuf_str(sb);
	size_t len = strlen(s);
	const char *start;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	start = memrchr(s, '\n', len);
	start = start != NULL ? start + 1 : s;
	snprintf(buf, size, "%.*s", (int)(len - (size_t)(start - s)), start);
	return buf;
}

/* Run command; 0 and res filled when it ran to its end, else a FAIL
 * line for check and -1.  res is released by the caller either way. */
static int
preflight_exec(const struct preflight_options *opt, struct ssh_conn *conn,
	       const struct inv_host *h, const char *check,
	       const char *command, struct ssh_exec_result *res,
	       struct preflight_report *r)
{
	const struct ssh_exec_opts eo = {
		.timeout_ms = opt->command_timeout_ms,
	};
	struct ou_error err = { .msg = "" };

	if (ssh_exec_command(conn, command, &eo, res, &err) == SSH_EXEC_EXITED)
		return 0;
	preflight_add(r, h->name, check, PREFLIGHT_FAIL, "%s: %s", command,
		      err.msg);
	return -1;
}

static int
preflight_check_sudo(const struct preflight_options *opt,
		     struct ssh_conn *conn, const struct inv_host *h,
		     struct preflight_report *r)
{
	struct ssh_exec_result res;
	char why[256];
	int rc = preflight_exec(opt, conn, h, "sudo", "true", &res, r);

	if (rc == 0 && res.exit_status == 0) {
		preflight_add(r, h->name, "sudo", PREFLIGHT_OK,
			      "sudo -n true works for %s",
			      h->user != NULL ? h->user : "the login");
	} else if (rc == 0) {
		preflight_add(r, h->name, "sudo", PREFLIGHT_FAIL,
			      "sudo -n true: exit %d: %s", res.exit_status,
			      preflight_last_line(&res.err, why, sizeof why));
		rc = -1;
	}
	ssh_exec_result_release(&res);
	return rc;
}

static void
preflight_check_packages(const struct preflight_options *opt,
			 struct ssh_conn *conn, const struct inv_host *h,
			 struct preflight_report *r)
{
	const char *pkgs[PREFLIGHT_MAX_PACKAGES];
	size_t n = preflight_packages(h, pkgs, PREFLIGHT_MAX_PACKAGES);
	struct ssh_exec_result res;
	char *command;
	char why[256];

	if (n == 0) {
		preflight_add(r, h->name, "packages", PREFLIGHT_OK,
			      "none to check: its roles imply no OpenStack "
			      "package");
		return;
	}
	if (n > PREFLIGHT_MAX_PACKAGES)
		n = PREFLIGHT_MAX_PACKAGES;
	command = preflight_rpm_command(pkgs, n);
	if (preflight_exec(opt, conn, h, "packages", command, &res, r) == 0) {
		/* rpm exits with the number of packages not installed. */
		if (res.exit_status > (int)n || res.out_total == 0)
			preflight_add(r, h->name, "packages", PREFLIGHT_FAIL,
				      "rpm -q: exit %d: %s", res.exit_status,
				      preflight_last_line(&res.err, why,
							  sizeof why));
		else
			preflight_judge_packages(r, h->name, pkgs, n,
						 strbuf_str(&res.out));
	}
	ssh_exec_result_release(&res);
	free(command);
}

void
preflight_check_host(const struct preflight_options *opt,
		     const struct inv_host *host, struct preflight_report *r)
{
	struct ssh_conn *conn = preflight_connect(opt, host, r);

	if (conn == NULL)
		return;
	if (host->become != INV_BECOME_SUDO ||
	    preflight_check_sudo(opt, conn, host, r) == 0)
		preflight_check_packages(opt, conn, host, r);
	ssh_conn_close(conn);
}
