/* preflight: the read-only checks of `openstack-upgrade check`, over the
 * whole inventory, before anything is changed.
 *
 * Per host, one ssh connection (include/ssh.h), the hosts in parallel
 * (one thread per host, at most max_parallel at once):
 *   ssh       reached and logged in; the host key known.  An unknown key
 *             is NOT accepted here: it is handed back in the report (for
 *             the operator to judge) and the line says how to accept it;
 *             a changed key is refused with OpenSSH's warning.
 *   sudo      `sudo -n true`, for hosts whose become is sudo.
 *   packages  `rpm -q` of the packages the host's roles imply, and the
 *             release they belong to (Icehouse, Juno): not installed is
 *             FAIL, a host with packages of two releases is WARN.
 * Cloud-wide, meanwhile, through the APIs (include/cloudapi.h):
 *   credentials  a token from Keystone.
 *   services     Nova's service list: a service down or disabled is WARN.
 *   topology     Nova's nova-compute hosts against the inventory's (by
 *                inv_host_nova_name()): a compute on either side only is
 *                FAIL; a Nova control service on a host that is not an
 *                inventory nova-controller is WARN.
 *
 * The report lists the lines in inventory order (each host's checks in
 * the order above), then the cloud-wide ones, whatever order the
 * threads finished in.  Nothing here prints, and nothing is changed on
 * any host: every command sent is a query.
 *
 * Threads: the caller must have called ssh_transport_init(). */
#ifndef OU_PREFLIGHT_H
#define OU_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloudapi.h"
#include "inventory.h"
#include "nova.h"
#include "ssh.h"
#include "strbuf.h"

enum preflight_verdict {
	PREFLIGHT_OK,
	PREFLIGHT_WARN,
	PREFLIGHT_FAIL,
};

struct preflight_line {
	char *host;		/* an inventory host, a Nova host, or "cloud" */
	char *check;		/* "ssh", "sudo", "packages", "services", ... */
	enum preflight_verdict verdict;
	char *evidence;		/* what was seen, one line */
};

/* A host key the ssh check stopped at, for the operator to accept. */
struct preflight_hostkey {
	char *host;		/* the inventory host */
	char *address;		/* its address, as the inventory gives it */
	struct ssh_hostkey key;
};

struct preflight_report {
	struct preflight_line *lines;
	size_t n_lines;
	struct preflight_hostkey *unknown_keys;	/* in inventory order */
	size_t n_unknown_keys;
};

struct preflight_options {
	const struct inventory *inv;
	/* NULL: the API checks fail with api_error (e.g. no credentials). */
	struct cloudapi *api;
	const char *api_error;
	unsigned max_parallel;		/* hosts at once; 0 = 16 */
	unsigned connect_timeout_ms;	/* 0 = 10 s */
	unsigned command_timeout_ms;	/* 0 = 30 s */
};

/* Every check; the report is never NULL. */
struct preflight_report *preflight_run(const struct preflight_options *opt);
void preflight_report_free(struct preflight_report *r);
/* True when any line is FAIL. */
bool preflight_failed(const struct preflight_report *r);
/* "ok    controller  ssh       evidence", columns aligned, then a
 * summary line: "17 checks: 15 ok, 1 WARN, 1 FAIL". */
void preflight_render(const struct preflight_report *r, struct strbuf *out);
const char *preflight_verdict_name(enum preflight_verdict v);

/* ---- the judgements, on their own (the checks above use them) ---- */

struct preflight_report *preflight_report_new(void);

/* The packages host's roles imply, without duplicates, into pkgs (at
 * most cap); returns how many there are. */
size_t preflight_packages(const struct inv_host *host, const char **pkgs,
			  size_t cap);
/* The query: rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}\n' PKG...
 * Newly allocated. */
char *preflight_rpm_command(const char *const *pkgs, size_t n);
/* A line for host from that query's standard output. */
void preflight_judge_packages(struct preflight_report *r, const char *host,
			      const char *const *pkgs, size_t n,
			      const char *rpm_output);
/* "Icehouse", "Juno", ... for an OpenStack package version; NULL if
 * the version is none this tool knows. */
const char *preflight_release_of(const char *version);

/* Lines for Nova's service list as of now. */
void preflight_judge_services(struct preflight_report *r,
			      const struct nova_service *svcs, size_t n,
			      time_t now);
/* Lines for Nova's services against the inventory. */
void preflight_judge_topology(struct preflight_report *r,
			      const struct inventory *inv,
			      const struct nova_service *svcs, size_t n);

#endif
