/* preflight: the judgements (see include/preflight.h): what the roles
 * imply, what rpm said, what Nova lists, and how that meets the
 * inventory.  Pure functions of their inputs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "preflight_private.h"
#include "servicetable.h"
#include "shellquote.h"
#include "xalloc.h"

/* The packages whose presence says a role is really on a host.  The
 * Neutron plugin and agent packages vary by site (ML2 or the monolithic
 * OVS plugin, OVS or Linux bridge agents), so only the core is asked. */
static const struct preflight_role {
	const char *role;
	const char *packages[4];
} preflight_roles[] = {
	{ .role = "keystone", .packages = { "openstack-keystone" } },
	{ .role = "glance", .packages = { "openstack-glance" } },
	{ .role = "cinder", .packages = { "openstack-cinder" } },
	{ .role = "neutron-server", .packages = { "openstack-neutron" } },
	{ .role = "neutron-agent", .packages = { "openstack-neutron" } },
	{ .role = "nova-controller", .packages = { "openstack-nova-common",
		"openstack-nova-conductor", "openstack-nova-scheduler" } },
	{ .role = "nova-api", .packages = { "openstack-nova-common",
		"openstack-nova-api" } },
	{ .role = "nova-compute", .packages = { "openstack-nova-common",
		"openstack-nova-compute" } },
	{ .role = "horizon", .packages = { "openstack-dashboard" } },
	{ .role = "swift-proxy", .packages = { "openstack-swift-proxy" } },
	{ .role = "swift-storage", .packages = { "openstack-swift-account",
		"openstack-swift-container", "openstack-swift-object" } },
};

/* The upgrade drives every OpenStack host with openstack-service. */
static const char preflight_utils[] = "openstack-utils";

/* Swift numbers its releases apart from the rest of OpenStack. */
static const struct preflight_release {
	const char *prefix;
	const char *name;
} preflight_releases[] = {
	{ .prefix = "2013.2", .name = "Havana" },
	{ .prefix = "2014.1", .name = "Icehouse" },
	{ .prefix = "2014.2", .name = "Juno" },
	{ .prefix = "2015.1", .name = "Kilo" },
	{ .prefix = "1.10", .name = "Havana" },
	{ .prefix = "1.13", .name = "Icehouse" },
	{ .prefix = "2.2", .name = "Juno" },
	{ .prefix = "2.3", .name = "Kilo" },
};

/* The Nova services of the nova-controller role. */
static const char *const preflight_control_binaries[] = {
	"nova-conductor", "nova-scheduler", "nova-cert", "nova-consoleauth",
};

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* ---- packages ---- */

/* Every package the table names fits: the roles' and openstack-utils. */
#define PREFLIGHT_ALL_PACKAGES (N_OF(preflight_roles) * 4 + 1)

static size_t
preflight_add_package(const char **pkgs, size_t n, const char *pkg)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(pkgs[i], pkg) == 0)
			return n;
	pkgs[n] = pkg;
	return n + 1;
}

static size_t
preflight_add_role(const char **pkgs, size_t n, const char *role_name)
{
	for (size_t i = 0; i < N_OF(preflight_roles); i++) {
		const struct preflight_role *role = &preflight_roles[i];

		if (strcmp(role->role, role_name) != 0)
			continue;
		n = preflight_add_package(pkgs, n, preflight_utils);
		for (size_t p = 0; p < N_OF(role->packages) &&
		     role->packages[p] != NULL; p++)
			n = preflight_add_package(pkgs, n, role->packages[p]);
	}
	return n;
}

size_t
preflight_packages(const struct inv_host *host, const char **pkgs,
		   size_t cap)
{
	const char *all[PREFLIGHT_ALL_PACKAGES];
	size_t n = 0;

	for (size_t r = 0; r < host->n_roles; r++)
		n = preflight_add_role(all, n, host->roles[r]);
	memcpy(pkgs, all, (n < cap ? n : cap) * sizeof *pkgs);
	return n;
}

char *
preflight_rpm_command(const char *const *pkgs, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}\\n'");
	for (size_t i = 0; i < n; i++) {
		strbuf_addc(&sb, ' ');
		shellquote_append(&sb, pkgs[i]);
	}
	return strbuf_take(&sb);
}

const char *
preflight_release_of(const char *version)
{
	for (size_t i = 0; i < N_OF(preflight_releases); i++) {
		size_t len = strlen(preflight_releases[i].prefix);

		/* The prefix ends at a separator or the end ("2.2" is not
		 * "2.20"); strchr() finds the '\0' too. */
		if (strncmp(version, preflight_releases[i].prefix, len) == 0 &&
		    strchr(".-", version[len]) != NULL)
			return preflight_releases[i].name;
	}
	return NULL;
}

/* The version rpm gave for pkg ("2014.1.3-2.el7"), NULL if none. */
static char *
preflight_rpm_version(const char *rpm_output, const char *pkg)
{
	size_t len = strlen(pkg);

	for (const char *line = rpm_output; *line != '\0';) {
		const char *end = strchrnul(line, '\n');

		size_t line_len = (size_t)(end - line);

		if (line_len > len + 1 && strncmp(line, pkg, len) == 0 &&
		    line[len] == ' ')
			return xstrndup(line + len + 1, line_len - len - 1);
		line = *end != '\0' ? end + 1 : end;
	}
	return NULL;
}

/* "Icehouse: a 2014.1.3-1.el7, b 2014.1.3-2.el7; Juno: c 2014.2.2-1.el7" */
struct preflight_by_release {
	struct strbuf text;
	size_t n_releases;
	bool unknown;
};

static void
preflight_group(struct preflight_by_release *g, const char *const *pkgs,
		char *const *versions, size_t n)
{
	bool *done = xcalloc(n + 1, sizeof *done);

	for (size_t i = 0; i < n; i++) {
		const char *release;

		if (versions[i] == NULL || done[i])
			continue;
		release = preflight_release_of(versions[i]);
		g->unknown |= release == NULL;
		strbuf_addf(&g->text, "%s%s:", g->n_releases++ ? "; " : "",
			    release != NULL ? release : "unknown release");
		for (size_t j = i; j < n; j++) {
			const char *other = versions[j] != NULL
				? preflight_release_of(versions[j]) : NULL;

			if (versions[j] == NULL || done[j] || other != release)
				continue;
			strbuf_addf(&g->text, "%s %s %s", j == i ? "" : ",",
				    pkgs[j], versions[j]);
			done[j] = true;
		}
	}
	free(done);
}

static void
preflight_missing(struct strbuf *sb, const char *const *pkgs,
		  char *const *versions, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (versions[i] == NULL)
			strbuf_addf(sb, "%s%s", sb->len ? ", "
				    : "not installed: ", pkgs[i]);
}

void
preflight_judge_packages(struct preflight_report *r, const char *host,
			 const char *const *pkgs, size_t n,
			 const char *rpm_output)
{
	char **versions = xcalloc(n + 1, sizeof *versions);
	struct preflight_by_release g = { .text = STRBUF_INIT };
	struct strbuf missing = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		versions[i] = preflight_rpm_version(rpm_output, pkgs[i]);
	preflight_group(&g, pkgs, versions, n);
	preflight_missing(&missing, pkgs, versions, n);
	if (missing.len > 0)
		preflight_add(r, host, "packages", PREFLIGHT_FAIL, "%s%s%s",
			      strbuf_str(&missing), g.text.len ? "; " : "",
			      strbuf_str(&g.text));
	else if (g.n_releases > 1)
		preflight_add(r, host, "packages", PREFLIGHT_WARN,
			      "packages of %zu releases (half upgraded?): %s",
			      g.n_releases, strbuf_str(&g.text));
	else if (g.unknown)
		preflight_add(r, host, "packages", PREFLIGHT_WARN,
			      "a release this tool does not know: %s",
			      strbuf_str(&g.text));
	else
		preflight_add(r, host, "packages", PREFLIGHT_OK, "%s",
			      strbuf_str(&g.text));
	for (size_t i = 0; i < n; i++)
		free(versions[i]);
	free(versions);
	strbuf_release(&g.text);
	strbuf_release(&missing);
}

/* ---- services ---- */

static const char *
preflight_str(const char *s)
{
	return s != NULL ? s : "?";
}

static void
preflight_heartbeat(const struct nova_service *svc, time_t now, char *buf,
		    size_t size)
{
	time_t t;

	if (svc->updated_at == NULL) {
		snprintf(buf, size, "never");
		return;
	}
	if (svctable_parse_time(svc->updated_at, &t) < 0) {
		snprintf(buf, size, "%s", svc->updated_at);
		return;
	}
	svctable_format_age((long)(now - t), buf, size);
}

/* "3 nova-compute, 1 nova-conductor": how many of each binary. */
static void
preflight_count_binaries(const struct nova_service *svcs, size_t n,
			 struct strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		size_t count = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(svcs[j].binary, svcs[i].binary) == 0;
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			count += strcmp(svcs[j].binary, svcs[i].binary) == 0;
		strbuf_addf(out, "%s%zu %s", out->len ? ", " : "", count,
			    svcs[i].binary);
	}
}

void
preflight_judge_services(struct preflight_report *r,
			 const struct nova_service *svcs, size_t n,
			 time_t now)
{
	struct strbuf counts = STRBUF_INIT;
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		const struct nova_service *svc = &svcs[i];
		char age[64];

		if (svc->state == NULL || strcmp(svc->state, "up") != 0) {
			preflight_heartbeat(svc, now, age, sizeof age);
			preflight_add(r, svc->host, "services", PREFLIGHT_WARN,
				      "%s is %s (last heartbeat %s)",
				      svc->binary, preflight_str(svc->state),
				      age);
			bad++;
		}
		if (svc->status != NULL &&
		    strcmp(svc->status, "enabled") != 0) {
			preflight_add(r, svc->host, "services", PREFLIGHT_WARN,
				      "%s is %s (reason: %s)", svc->binary,
				      svc->status,
				      svc->disabled_reason != NULL
				      ? svc->disabled_reason : "none given");
			bad++;
		}
	}
	preflight_count_binaries(svcs, n, &counts);
	if (n == 0)
		preflight_add(r, "cloud", "services", PREFLIGHT_FAIL,
			      "Nova lists no services at all");
	else if (bad == 0)
		preflight_add(r, "cloud", "services", PREFLIGHT_OK,
			      "%zu services, all up and enabled: %s", n,
			      strbuf_str(&counts));
	strbuf_release(&counts);
}

/* ---- topology ---- */

static const struct inv_host *
preflight_inv_by_nova_name(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->n_hosts; i++)
		if (strcmp(inv_host_nova_name(&inv->hosts[i]), name) == 0)
			return &inv->hosts[i];
	return NULL;
}

static const struct nova_service *
preflight_nova_find(const struct nova_service *svcs, size_t n,
		    const char *binary, const char *host)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(svcs[i].binary, binary) == 0 &&
		    strcmp(svcs[i].host, host) == 0)
			return &svcs[i];
	return NULL;
}

static bool
preflight_is_control_binary(const char *binary)
{
	for (size_t i = 0; i < N_OF(preflight_control_binaries); i++)
		if (strcmp(binary, preflight_control_binaries[i]) == 0)
			return true;
	return false;
}

/* Inventory computes that Nova does not know; returns how many. */
static size_t
preflight_unknown_to_nova(struct preflight_report *r,
			  const struct inventory *inv,
			  const struct nova_service *svcs, size_t n)
{
	size_t found = 0;

	for (size_t i = 0; i < inv->n_hosts; i++) {
		const struct inv_host *h = &inv->hosts[i];
		const char *name = inv_host_nova_name(h);

		if (!inv_host_has_role(h, "nova-compute") ||
		    preflight_nova_find(svcs, n, "nova-compute", name) != NULL)
			continue;
		preflight_add(r, h->name, "topology", PREFLIGHT_FAIL,
			      "the inventory gives it the nova-compute role, "
			      "but Nova has no nova-compute service on host "
			      "'%s' (if Nova knows it by another name, set its "
			      "nova-name)", name);
		found++;
	}
	return found;
}

/* A nova-compute service: 1 (and a line) when the inventory does not
 * have its host as a compute. */
static size_t
preflight_judge_nova_compute(struct preflight_report *r,
			     const struct nova_service *svc,
			     const struct inv_host *h)
{
	if (h != NULL && inv_host_has_role(h, "nova-compute"))
		return 0;
	if (h == NULL)
		preflight_add(r, svc->host, "topology", PREFLIGHT_FAIL,
			      "Nova has a nova-compute service on host '%s' "
			      "(%s, %s), but no inventory host is known to "
			      "Nova by that name: the upgrade would leave it "
			      "out", svc->host, preflight_str(svc->status),
			      preflight_str(svc->state));
	else
		preflight_add(r, h->name, "topology", PREFLIGHT_FAIL,
			      "Nova runs nova-compute on it, but the inventory "
			      "does not give it the nova-compute role");
	return 1;
}

/* A control service: 1 (and a line) when its host is not an inventory
 * nova-controller. */
static size_t
preflight_judge_control(struct preflight_report *r,
			const struct nova_service *svc,
			const struct inv_host *h)
{
	if (h != NULL && inv_host_has_role(h, "nova-controller"))
		return 0;
	preflight_add(r, svc->host, "topology", PREFLIGHT_WARN,
		      "Nova runs %s on host '%s', which is not an inventory "
		      "host with the nova-controller role", svc->binary,
		      svc->host);
	return 1;
}

/* Nova services on hosts the inventory does not place them on. */
static size_t
preflight_unknown_to_inventory(struct preflight_report *r,
			       const struct inventory *inv,
			       const struct nova_service *svcs, size_t n)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		const struct nova_service *svc = &svcs[i];
		const struct inv_host *h =
			preflight_inv_by_nova_name(inv, svc->host);

		if (strcmp(svc->binary, "nova-compute") == 0)
			found += preflight_judge_nova_compute(r, svc, h);
		else if (preflight_is_control_binary(svc->binary))
			found += preflight_judge_control(r, svc, h);
	}
	return found;
}

static int
preflight_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
preflight_topology_ok(struct preflight_report *r,
		      const struct nova_service *svcs, size_t n)
{
	const char **hosts = xcalloc(n + 1, sizeof *hosts);
	struct strbuf list = STRBUF_INIT;
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(svcs[i].binary, "nova-compute") == 0)
			hosts[count++] = svcs[i].host;
	qsort(hosts, count, sizeof *hosts, preflight_strcmp);
	for (size_t i = 0; i < count; i++)
		strbuf_addf(&list, "%s%s", i > 0 ? ", " : "", hosts[i]);
	preflight_add(r, "cloud", "topology", PREFLIGHT_OK,
		      "Nova's %zu nova-compute hosts are the inventory's: %s",
		      count, strbuf_str(&list));
	strbuf_release(&list);
	free(hosts);
}

void
preflight_judge_topology(struct preflight_report *r,
			 const struct inventory *inv,
			 const struct nova_service *svcs, size_t n)
{
	size_t found = preflight_unknown_to_nova(r, inv, svcs, n);

	found += preflight_unknown_to_inventory(r, inv, svcs, n);
	if (found == 0)
		preflight_topology_ok(r, svcs, n);
}
