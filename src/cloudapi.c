/* cloudapi: see include/cloudapi.h. */
#include "config.h"

#include <stdlib.h>

#include "cloudapi.h"
#include "xalloc.h"

/* The credentials may ask to skip verification only through the
 * operator: a file or a variable must not do it silently. */
static int
cloudapi_check_tls(const struct cloudapi_options *opt, struct ou_error *err)
{
	if (opt->creds->insecure && !opt->insecure)
		return ou_error_set(err, "%s: the credentials ask not to "
				    "verify TLS certificates (OS_INSECURE or "
				    "verify: false); pass --insecure to accept "
				    "that, or give the CA with --os-cacert",
				    opt->creds->origin);
	return 0;
}

int
cloudapi_open(const struct cloudapi_options *opt, struct cloudapi **out,
	      struct ou_error *err)
{
	const struct creds *c = opt->creds;
	struct http_options http_opt = {
		.cacert = opt->cacert != NULL ? opt->cacert : c->cacert,
		.insecure = opt->insecure,
		.connect_timeout_ms = opt->connect_timeout_ms,
		.timeout_ms = opt->timeout_ms,
	};
	struct cloudapi *api;

	*out = NULL;
	if (cloudapi_check_tls(opt, err) < 0)
		return -1;
	api = xcalloc(1, sizeof *api);
	api->creds = c;
	api->insecure = opt->insecure;
	api->http = http_new(&http_opt, err);
	if (api->http == NULL) {
		cloudapi_close(api);
		return -1;
	}
	api->keystone = keystone_new(&(struct keystone_options){
		.creds = c, .http = api->http, .timeout_ms = opt->timeout_ms,
	});
	api->nova = nova_new(&(struct nova_options){
		.keystone = api->keystone, .http = api->http,
		.microversion = c->compute_api_version,
		.timeout_ms = opt->timeout_ms,
	}, err);
	if (api->nova == NULL) {
		ou_error_prefix(err, "%s: OS_COMPUTE_API_VERSION", c->origin);
		cloudapi_close(api);
		return -1;
	}
	*out = api;
	return 0;
}

void
cloudapi_close(struct cloudapi *api)
{
	if (api == NULL)
		return;
	nova_free(api->nova);
	keystone_free(api->keystone);
	http_free(api->http);
	free(api);
}
