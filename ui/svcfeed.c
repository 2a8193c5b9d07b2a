/* svcfeed: see ui/svcfeed.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svcfeed.h"
#include "xalloc.h"

struct svc_feed {
	struct svc_feed_options opt;
	pthread_t thread;
	int pipe[2];		/* thread -> loop: "a result is waiting" */
	pthread_mutex_t lock;	/* guards what follows */
	pthread_cond_t wake;
	struct svc_result *ready;
	bool refresh;
	bool stopping;
	bool hypervisors;
};

static struct svc_result *
feed_fetch(struct nova *nova, bool hypervisors)
{
	struct svc_result *r = xcalloc(1, sizeof *r);
	struct ou_error err;

	r->status = nova_services(nova, NULL, NULL, &r->svcs, &r->n, &r->err);
	if (r->status == 0 && hypervisors &&
	    nova_hypervisors(nova, &r->hvs, &r->n_hvs, &err) < 0) {
		r->hvs = NULL;
		r->n_hvs = 0;
	}
	r->at = time(NULL);
	return r;
}

/* Hand r to the loop, replacing a result it has not taken yet. */
static void
feed_post(struct svc_feed *feed, struct svc_result *r)
{
	char byte = 1;
	ssize_t n;

	pthread_mutex_lock(&feed->lock);
	svc_result_free(feed->ready);
	feed->ready = r;
	pthread_mutex_unlock(&feed->lock);
	/* A full pipe already tells the loop to look. */
	n = write(feed->pipe[1], &byte, 1);
	(void)n;
}

/* Sleep for the interval, or less if asked to refresh or stop; false
 * when stopping. */
static bool
feed_wait(struct svc_feed *feed)
{
	struct timespec until;
	bool go_on;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += feed->opt.interval_s;
	pthread_mutex_lock(&feed->lock);
	while (!feed->stopping && !feed->refresh &&
	       pthread_cond_timedwait(&feed->wake, &feed->lock, &until) == 0)
		;
	feed->refresh = false;
	go_on = !feed->stopping;
	pthread_mutex_unlock(&feed->lock);
	return go_on;
}

static bool
feed_wants_hypervisors(struct svc_feed *feed)
{
	bool want;

	pthread_mutex_lock(&feed->lock);
	want = feed->hypervisors;
	pthread_mutex_unlock(&feed->lock);
	return want;
}

static void *
feed_main(void *arg)
{
	struct svc_feed *feed = arg;

	do
		feed_post(feed, feed_fetch(feed->opt.nova,
					   feed_wants_hypervisors(feed)));
	while (feed_wait(feed));
	return NULL;
}

static int
feed_init_sync(struct svc_feed *feed)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&feed->wake, &attr);
	pthread_condattr_destroy(&attr);
	return pthread_mutex_init(&feed->lock, NULL);
}

struct svc_feed *
svc_feed_start(const struct svc_feed_options *opt, struct ou_error *err)
{
	struct svc_feed *feed = xcalloc(1, sizeof *feed);
	int rc;

	feed->opt = *opt;
	if (feed->opt.interval_s == 0)
		feed->opt.interval_s = 1;
	if (pipe2(feed->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		ou_error_set(err, "cannot make the services pipe: %s",
			     strerror(errno));
		free(feed);
		return NULL;
	}
	feed_init_sync(feed);
	rc = pthread_create(&feed->thread, NULL, feed_main, feed);
	if (rc != 0) {
		ou_error_set(err, "cannot start the services thread: %s",
			     strerror(rc));
		close(feed->pipe[0]);
		close(feed->pipe[1]);
		free(feed);
		return NULL;
	}
	return feed;
}

void
svc_feed_stop(struct svc_feed *feed)
{
	if (feed == NULL)
		return;
	pthread_mutex_lock(&feed->lock);
	feed->stopping = true;
	pthread_cond_signal(&feed->wake);
	pthread_mutex_unlock(&feed->lock);
	pthread_join(feed->thread, NULL);
	svc_result_free(feed->ready);
	pthread_cond_destroy(&feed->wake);
	pthread_mutex_destroy(&feed->lock);
	close(feed->pipe[0]);
	close(feed->pipe[1]);
	free(feed);
}

int
svc_feed_fd(const struct svc_feed *feed)
{
	return feed->pipe[0];
}

struct svc_result *
svc_feed_take(struct svc_feed *feed)
{
	struct svc_result *r;
	char buf[64];

	while (read(feed->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&feed->lock);
	r = feed->ready;
	feed->ready = NULL;
	pthread_mutex_unlock(&feed->lock);
	return r;
}

void
svc_feed_refresh(struct svc_feed *feed)
{
	pthread_mutex_lock(&feed->lock);
	feed->refresh = true;
	pthread_cond_signal(&feed->wake);
	pthread_mutex_unlock(&feed->lock);
}

void
svc_result_free(struct svc_result *result)
{
	if (result == NULL)
		return;
	nova_services_free(result->svcs, result->n);
	nova_hypervisors_free(result->hvs, result->n_hvs);
	free(result);
}

void
svc_feed_want_hypervisors(struct svc_feed *feed, bool want)
{
	pthread_mutex_lock(&feed->lock);
	feed->hypervisors = want;
	pthread_mutex_unlock(&feed->lock);
}
