/* keystone: a token and a service catalog from Keystone, for the other
 * API clients (nova).
 *
 * Password authentication scoped to a project, in both dialects:
 * v3 (POST {auth_url}/v3/auth/tokens, token in X-Subject-Token,
 * catalog[].endpoints[] with interface and region) and v2.0, which
 * Icehouse and Juno clouds still use (POST {auth_url}/v2.0/tokens with
 * tenantName, access.serviceCatalog[] with publicURL/internalURL/adminURL).
 * The dialect is creds->identity_version.
 *
 * The token is kept in memory only.  keystone_token() renews it when it
 * is within the renewal margin of its expires_at; keystone_send() sends
 * a service request with it and, on a 401, renews once and sends again
 * (a 401 means the service did nothing, so even a POST may be resent).
 *
 * Calls block for at most their timeout (http_perform()); see http.h for
 * the non-blocking layer below. */
#ifndef OU_KEYSTONE_H
#define OU_KEYSTONE_H

#include <time.h>

#include "creds.h"
#include "http.h"
#include "ou_error.h"

typedef time_t keystone_clock_fn(void *arg);

struct keystone_options {
	const struct creds *creds;	/* borrowed: must outlive the client */
	struct http *http;		/* borrowed */
	long timeout_ms;		/* per request; 0 = http's default */
	unsigned renew_margin_s;	/* 0 = 300: renew this long before expiry */
	keystone_clock_fn *clock;	/* NULL = time(); tests move it */
	void *clock_arg;
};

struct keystone;

struct keystone *keystone_new(const struct keystone_options *opt);
/* Wipes the token, then frees.  ks may be NULL. */
void keystone_free(struct keystone *ks);

/* Get a new token and catalog now, whatever is cached. */
int keystone_authenticate(struct keystone *ks, struct ou_error *err);
/* The cached token, authenticating first if there is none or it is
 * about to expire.  The string belongs to ks and changes on renewal. */
int keystone_token(struct keystone *ks, const char **token,
		   struct ou_error *err);
/* Forget the token (e.g. after the service refused it). */
void keystone_invalidate(struct keystone *ks);
/* When the cached token expires; 0 if there is none. */
time_t keystone_expires_at(const struct keystone *ks);
/* The project id the token is scoped to (NULL before authentication). */
const char *keystone_project_id(const struct keystone *ks);

/* The URL of service_type ("compute") for interface (NULL = the creds'
 * interface, itself "public" by default) in region (NULL = the creds'
 * region, else the first listed).  Authenticates if needed.  The string
 * belongs to ks and is valid until the next authentication. */
int keystone_endpoint(struct keystone *ks, const char *service_type,
		      const char *interface, const char *region,
		      const char **url, struct ou_error *err);

/* Send req with X-Auth-Token added (req must not carry one); on a 401,
 * renew once and resend; a second 401 is returned as it is.  Never NULL
 * when it returns 0; -1 only when no token could be had (err set). */
int keystone_send(struct keystone *ks, const struct http_request *req,
		  struct http_response **resp, struct ou_error *err);

#endif
