/* cloudapi: the API clients a command needs to reach a cloud, made from
 * credentials: one http (its TLS settings), one keystone, one nova.
 *
 * The policy on TLS lives here: certificates are verified unless the
 * operator asked otherwise on the command line (options.insecure).
 * Credentials that ask for it on their own (OS_INSECURE=true, a
 * clouds.yaml `verify: false`) are refused with a message that says how
 * to ask, so nothing turns verification off without the operator seeing
 * it.  options.cacert (--os-cacert) overrides the credentials' CA.
 *
 * The compute microversion is the credentials' (OS_COMPUTE_API_VERSION)
 * when they give one, else negotiated with the server (see nova.h).
 *
 * Nothing is sent here: the first call authenticates (keystone.h). */
#ifndef OU_CLOUDAPI_H
#define OU_CLOUDAPI_H

#include <stdbool.h>

#include "creds.h"
#include "http.h"
#include "keystone.h"
#include "nova.h"
#include "ou_error.h"

struct cloudapi_options {
	const struct creds *creds;	/* borrowed: must outlive the clients */
	bool insecure;		/* the operator's own --insecure */
	const char *cacert;	/* NULL: the credentials' */
	long connect_timeout_ms;	/* 0: http's default */
	long timeout_ms;	/* per request; 0: http's default */
};

/* Public: the clients are used directly (nova_services(api->nova, ...)). */
struct cloudapi {
	const struct creds *creds;	/* the options' */
	struct http *http;
	struct keystone *keystone;
	struct nova *nova;
	bool insecure;		/* TLS is not verified: say so on screen */
};

int cloudapi_open(const struct cloudapi_options *opt, struct cloudapi **out,
		  struct ou_error *err);
/* Wipes the token; api may be NULL. */
void cloudapi_close(struct cloudapi *api);

#endif
