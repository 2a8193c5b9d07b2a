/* cmd_services: `openstack-upgrade services`, Nova's service table, once
 * or refreshed with --watch (the table and the frames: servicetable.h). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "servicetable.h"
#include "xalloc.h"

#define SERVICES_ONCE_TIMEOUT_MS 30000
/* A watch must keep drawing while the API hangs, and stop soon on Ctrl-C. */
#define SERVICES_WATCH_TIMEOUT_MS 5000
#define SERVICES_MAX_INTERVAL_S 3600

struct services_args {
	struct cli_api_args api;
	const char *host;
	const char *binary;
	unsigned watch_s;	/* 0: print once */
	unsigned long count;	/* refreshes, 0: until Ctrl-C */
};

/* Set by SIGINT and SIGTERM.  A signal handler can only reach a global,
 * and this one is written nowhere else. */
static volatile sig_atomic_t services_stop;

static void
services_on_signal(int sig)
{
	(void)sig;
	services_stop = 1;
}

static void
services_usage(FILE *out)
{
	fprintf(out,
		"Usage: openstack-upgrade services [--host HOST] [--binary BINARY]\n"
		"                                  [--watch SECONDS [--count N]]\n"
		"\n"
		"Print Nova's services (host, binary, zone, status, state, last update,\n"
		"disabled reason and the age of the last heartbeat), sorted by binary\n"
		"and host.  With --watch, refresh every SECONDS, marking what changed\n"
		"(* changed, + new, - gone; old->new); when the API does not answer,\n"
		"the last good table stays under a banner.  Ctrl-C ends it.\n"
		"\n"
		"      --host HOST        only the services of HOST\n"
		"      --binary BINARY    only BINARY (e.g. nova-compute)\n"
		"  -w, --watch SECONDS    refresh every SECONDS (1 to 3600)\n"
		"  -n, --count N          with --watch: stop after N refreshes\n"
		"  -h, --help             show this help\n"
		"\n" CLI_API_USAGE);
}

static int
services_number(const char *arg, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    *out < 1 || *out > max)
		return -1;
	return 0;
}

static int
services_option(int c, struct services_args *args)
{
	unsigned long n;

	switch (c) {
	case 'H': args->host = optarg; return 0;
	case 'b': args->binary = optarg; return 0;
	case 'w':
		if (services_number(optarg, SERVICES_MAX_INTERVAL_S, &n) < 0)
			return cli_fail_usage("services", "--watch takes "
					      "seconds from 1 to %d, not '%s'",
					      SERVICES_MAX_INTERVAL_S, optarg);
		args->watch_s = (unsigned)n;
		return 0;
	case 'n':
		if (services_number(optarg, 1000000000UL, &args->count) < 0)
			return cli_fail_usage("services", "--count takes a "
					      "positive number, not '%s'",
					      optarg);
		return 0;
	case 'h': services_usage(stdout); exit(EXIT_SUCCESS);
	default:
		if (cli_api_option(c, optarg, &args->api))
			return 0;
		return cli_fail_usage("services", "bad option");
	}
}

static int
parse_services_args(int argc, char **argv, struct services_args *args)
{
	static const struct option options[] = {
		{ .name = "host", .has_arg = required_argument, .val = 'H' },
		{ .name = "binary", .has_arg = required_argument, .val = 'b' },
		{ .name = "watch", .has_arg = required_argument, .val = 'w' },
		{ .name = "count", .has_arg = required_argument, .val = 'n' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		CLI_API_LONG_OPTIONS,
		{ 0 },
	};
	int c, rc;

	while ((c = getopt_long(argc, argv, "w:n:h", options, NULL)) != -1)
		if ((rc = services_option(c, args)) != 0)
			return rc;
	if (optind < argc)
		return cli_fail_usage("services", "unexpected argument '%s'",
				      argv[optind]);
	if (args->count > 0 && args->watch_s == 0)
		return cli_fail_usage("services", "--count goes with --watch");
	return 0;
}

/* One refresh: the list, as a table of now.  NULL with err on failure. */
static struct svctable *
services_fetch(struct cloudapi *api, const struct services_args *args,
	       struct ou_error *err)
{
	struct nova_service *svcs = NULL;
	struct svctable *t;
	size_t n = 0;

	if (nova_services(api->nova, args->host, args->binary, &svcs, &n,
			  err) != NOVA_OK)
		return NULL;
	t = svctable_new(svcs, n, time(NULL));
	nova_services_free(svcs, n);
	return t;
}

static int
services_once(struct cloudapi *api, const struct services_args *args)
{
	struct ou_error err = { .msg = "" };
	struct strbuf out = STRBUF_INIT;
	struct svctable *t = services_fetch(api, args, &err);

	if (t == NULL) {
		fprintf(stderr, "openstack-upgrade services: %s\n", err.msg);
		return CLI_EXIT_FAILURE;
	}
	svctable_render(t, &out);
	fputs(strbuf_str(&out), stdout);
	strbuf_release(&out);
	svctable_free(t);
	return EXIT_SUCCESS;
}

static void
services_catch_signals(void)
{
	/* No SA_RESTART: the sleep between refreshes ends at the signal. */
	struct sigaction sa = { .sa_handler = services_on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Until deadline (CLOCK_MONOTONIC), or a stop signal. */
static void
services_sleep_until(const struct timespec *deadline)
{
	while (!services_stop &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline,
			       NULL) == EINTR)
		;
}

static void
services_refresh(struct cloudapi *api, const struct services_args *args,
		 struct svcwatch *w)
{
	struct ou_error err = { .msg = "" };
	struct svctable *t = services_fetch(api, args, &err);
	struct strbuf frame = STRBUF_INIT;

	if (t != NULL)
		svcwatch_refreshed(w, t, time(NULL));
	else
		svcwatch_failed(w, err.msg, nova_last_status(api->nova) != 0,
				time(NULL));
	svcwatch_render(w, time(NULL), &frame);
	fputs(strbuf_str(&frame), stdout);
	fflush(stdout);
	strbuf_release(&frame);
}

static int
services_watch(struct cloudapi *api, const struct services_args *args)
{
	char *title = xasprintf("Keystone %s", api->creds->auth_url);
	struct svcwatch *w = svcwatch_new(&(struct svcwatch_options){
		.title = title, .interval_s = args->watch_s,
		.ansi = isatty(STDOUT_FILENO),
	});
	struct timespec next;

	free(title);
	services_catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (unsigned long i = 0; !services_stop &&
	     (args->count == 0 || i < args->count); i++) {
		if (i > 0)
			services_sleep_until(&next);
		if (services_stop)
			break;
		/* Ticks keep their pace: a slow refresh shortens the wait. */
		clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_sec += args->watch_s;
		services_refresh(api, args, w);
	}
	if (isatty(STDOUT_FILENO))
		fputc('\n', stdout);
	svcwatch_free(w);
	return EXIT_SUCCESS;
}

int
cmd_services(int argc, char **argv)
{
	struct services_args args = { .watch_s = 0 };
	struct ou_error err = { .msg = "" };
	struct creds *creds = NULL;
	struct cloudapi *api = NULL;
	int rc = parse_services_args(argc, argv, &args);

	if (rc != 0)
		return rc;
	if (cli_api_open(&args.api, args.watch_s > 0 ? SERVICES_WATCH_TIMEOUT_MS
			 : SERVICES_ONCE_TIMEOUT_MS, &creds, &api, &err) < 0)
		return cli_fail_input(&err);
	rc = args.watch_s > 0 ? services_watch(api, &args)
			      : services_once(api, &args);
	cloudapi_close(api);
	creds_free(creds);
	return rc;
}
