/* nova: the parts of the compute API a rolling upgrade needs: services
 * (list, disable with a reason, enable), the servers on a host, the
 * hypervisors, live and cold migration, and reading one server back.
 *
 * Juno and Zed both: the compute endpoint may carry the project id
 * (/v2/<tenant_id>, as Juno catalogs have it) or not (/v2.1).  What the
 * server supports is learnt once from its version document (GET on the
 * endpoint, else the versions list at the root), unless the caller fixes
 * it with nova_options.microversion.  Then each call uses the form the
 * cloud understands:
 *
 *   services         >= 2.53: UUID ids, PUT os-services/{uuid}
 *                    below:   integer ids, PUT os-services/disable-log-reason,
 *                             os-services/disable and os-services/enable
 *   live migration   >= 2.25: block_migration "auto" allowed;
 *                    below:   block_migration true/false + disk_over_commit
 *   cold migration   a target host needs >= 2.56
 *
 * Outcomes: NOVA_OK; NOVA_ERROR with a message naming the request, the
 * HTTP status and Nova's own message ("PUT .../os-services/disable-log-reason:
 * HTTP 404: itemNotFound: Host 'x' is not mapped to any cell"), or the
 * field of a reply that was not what the API documents; NOVA_UNKNOWN
 * when a PUT or POST timed out or broke after it was sent: it may or may
 * not have taken effect, and the caller must read the state back.
 * Nothing here resends a PUT or POST on its own, except once after a 401
 * (the token was refused, so nothing was done; see keystone_send()).
 *
 * Calls block for at most the timeout (http_perform() inside). */
#ifndef OU_NOVA_H
#define OU_NOVA_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"
#include "keystone.h"
#include "ou_error.h"

enum nova_result {
	NOVA_OK = 0,
	NOVA_ERROR = -1,
	NOVA_UNKNOWN = -2,
};

struct nova_options {
	struct keystone *keystone;	/* borrowed */
	struct http *http;		/* borrowed */
	const char *endpoint;	/* NULL = the catalog's compute endpoint */
	const char *interface;	/* NULL = the credentials' choice */
	const char *region;	/* NULL = the credentials' choice */
	/* NULL or "auto": ask the server.  "none": no microversion header at
	 * all (Juno, the legacy forms).  "2.N": at most 2.N, without asking
	 * (OS_COMPUTE_API_VERSION goes here). */
	const char *microversion;
	long timeout_ms;	/* per request; 0 = http's default */
};

/* A service as Nova lists it.  Strings owned; NULL when the reply had
 * none (the legacy action replies carry no id, zone or state). */
struct nova_service {
	char *id;		/* "5" below 2.53, a UUID from 2.53 */
	char *binary;
	char *host;
	char *zone;
	char *status;		/* "enabled" / "disabled" */
	char *state;		/* "up" / "down" */
	char *updated_at;	/* UTC, no zone suffix */
	char *disabled_reason;
	bool forced_down;	/* false below 2.11 (not reported) */
};

struct nova_server {
	char *id;
	char *name;
	char *status;		/* ACTIVE, MIGRATING, VERIFY_RESIZE, ERROR, ... */
	char *host;		/* OS-EXT-SRV-ATTR:host (admin only) */
	char *task_state;	/* OS-EXT-STS:task_state, often NULL */
	char *vm_state;		/* OS-EXT-STS:vm_state */
	char *tenant_id;
};

struct nova_hypervisor {
	char *id;		/* integer below 2.53, UUID from 2.53 */
	char *hostname;		/* hypervisor_hostname */
	char *host;		/* service.host: the compute service's host */
	char *state;
	char *status;
	long running_vms;	/* -1 when not reported */
	long vcpus;
	long vcpus_used;
	long memory_mb;
	long memory_mb_used;
};

enum nova_block_migration {
	/* "auto" from 2.25; below, false (what novaclient sent by default) */
	NOVA_BLOCK_MIGRATION_AUTO,
	NOVA_BLOCK_MIGRATION_YES,
	NOVA_BLOCK_MIGRATION_NO,
};

struct nova;

/* No request is made here.  NULL (err set) for a bad microversion. */
struct nova *nova_new(const struct nova_options *opt, struct ou_error *err);
void nova_free(struct nova *nova);

/* Find the endpoint and, unless fixed, the server's microversion range;
 * done by the first call that needs it, callable early to fail early. */
int nova_connect(struct nova *nova, struct ou_error *err);
/* The compute endpoint in use (after nova_connect()), or NULL. */
const char *nova_endpoint(const struct nova *nova);
/* The highest 2.N the client may use: N, or 0 = no microversions. */
int nova_max_microversion(const struct nova *nova);
/* The HTTP status of the last reply, 0 if the last call got none. */
long nova_last_status(const struct nova *nova);

/* GET os-services, filtered by host and binary when not NULL. */
int nova_services(struct nova *nova, const char *host, const char *binary,
		  struct nova_service **out, size_t *n, struct ou_error *err);
/* Disable host's binary with a reason (NULL = none), or enable it.  out,
 * if not NULL, receives the service as the reply shows it. */
int nova_service_disable(struct nova *nova, const char *host,
			 const char *binary, const char *reason,
			 struct nova_service *out, struct ou_error *err);
int nova_service_enable(struct nova *nova, const char *host,
			const char *binary, struct nova_service *out,
			struct ou_error *err);
void nova_service_release(struct nova_service *svc);
void nova_services_free(struct nova_service *svcs, size_t n);

/* GET servers/detail?all_tenants=1&host=HOST (admin). */
int nova_servers_on_host(struct nova *nova, const char *host,
			 struct nova_server **out, size_t *n,
			 struct ou_error *err);
/* GET servers/{id}: poll this to follow a migration. */
int nova_server_get(struct nova *nova, const char *id,
		    struct nova_server *out, struct ou_error *err);
void nova_server_release(struct nova_server *server);
void nova_servers_free(struct nova_server *servers, size_t n);

/* GET os-hypervisors/detail. */
int nova_hypervisors(struct nova *nova, struct nova_hypervisor **out,
		     size_t *n, struct ou_error *err);
void nova_hypervisors_free(struct nova_hypervisor *hvs, size_t n);

/* POST servers/{id}/action.  host NULL = let the scheduler choose. */
int nova_server_live_migrate(struct nova *nova, const char *id,
			     const char *host, enum nova_block_migration block,
			     struct ou_error *err);
int nova_server_migrate(struct nova *nova, const char *id, const char *host,
			struct ou_error *err);
int nova_server_confirm_resize(struct nova *nova, const char *id,
			       struct ou_error *err);

#endif
