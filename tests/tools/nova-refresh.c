/* nova-refresh: N refreshes of Nova's service table, as `services
 * --watch` does them (one set of clients: one token, libcurl's kept
 * connections), back to back, timing each.
 *
 *   nova-refresh [-n count] [-k keystonerc] [-c cloud]
 *
 * Credentials as the program takes them (the OS_* variables by default).
 * Each frame goes to stdout; stderr gets "refresh I MS" per refresh (the
 * first one includes authentication) and the exit status is 1 if any
 * refresh failed.  For bench/services-vs-nova-cli.sh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cloudapi.h"
#include "servicetable.h"

extern char **environ;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One refresh, exactly the watch's: fetch, compare, render, write. */
static int
refresh(struct cloudapi *api, struct svcwatch *w)
{
	struct ou_error err = { .msg = "" };
	struct nova_service *svcs = NULL;
	struct strbuf frame = STRBUF_INIT;
	size_t n = 0;
	int rc = 0;

	if (nova_services(api->nova, NULL, NULL, &svcs, &n, &err) == NOVA_OK) {
		svcwatch_refreshed(w, svctable_new(svcs, n, time(NULL)),
				   time(NULL));
	} else {
		svcwatch_failed(w, err.msg, false, time(NULL));
		fprintf(stderr, "nova-refresh: %s\n", err.msg);
		rc = -1;
	}
	nova_services_free(svcs, n);
	svcwatch_render(w, time(NULL), &frame);
	fputs(strbuf_str(&frame), stdout);
	fflush(stdout);
	strbuf_release(&frame);
	return rc;
}

static int
run(struct cloudapi *api, unsigned long count)
{
	struct svcwatch *w = svcwatch_new(&(struct svcwatch_options){
		.title = "nova-refresh", .interval_s = 0,
	});
	int status = 0;

	for (unsigned long i = 0; i < count; i++) {
		double start = now_ms();

		if (refresh(api, w) < 0)
			status = 1;
		fprintf(stderr, "refresh %lu %.3f\n", i, now_ms() - start);
	}
	svcwatch_free(w);
	return status;
}

int
main(int argc, char **argv)
{
	const struct creds_source src = { .envp = environ };
	const char *keystonerc = NULL, *cloud = NULL;
	unsigned long count = 1;
	struct ou_error err = { .msg = "" };
	struct creds *creds = NULL;
	struct cloudapi *api = NULL;
	int opt, status = 1;

	while ((opt = getopt(argc, argv, "n:k:c:")) != -1) {
		switch (opt) {
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 'k': keystonerc = optarg; break;
		case 'c': cloud = optarg; break;
		default:
			fprintf(stderr, "usage: nova-refresh [-n count] "
				"[-k keystonerc] [-c cloud]\n");
			return 2;
		}
	}
	if (creds_load(&src, keystonerc, cloud, &creds, &err) == 0 &&
	    cloudapi_open(&(struct cloudapi_options){ .creds = creds },
			  &api, &err) == 0)
		status = run(api, count);
	else
		fprintf(stderr, "nova-refresh: %s\n", err.msg);
	cloudapi_close(api);
	creds_free(creds);
	return status;
}
