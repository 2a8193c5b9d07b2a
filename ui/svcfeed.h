/* svcfeed: Nova's service list, fetched again and again off the loop.
 *
 * nova.h's calls block (http_perform() inside, and a Keystone login or
 * a token renewal inside those), so the feed runs them on a thread of
 * its own.  The nova client it is handed (and the keystone and http
 * clients under it) is that thread's alone until svc_feed_stop()
 * returns, and each result crosses to the loop whole.  Doing the
 * services call on http.h's non-blocking interface instead would mean
 * doing nova's microversions and keystone's renewals again in the UI.
 *
 * While hypervisors are wanted, each refresh also reads
 * os-hypervisors, for how many instances each compute runs: one more
 * call, made only while a screen shows them.
 *
 * The loop watches svc_feed_fd(); when it is readable, svc_feed_take()
 * gives the newest result (an older one not taken is dropped: only the
 * latest matters).  Stopping waits for a request in flight to end,
 * which the timeout bounds; stop after the terminal is given back. */
#ifndef OU_UI_SVCFEED_H
#define OU_UI_SVCFEED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "nova.h"
#include "ou_error.h"

struct svc_feed_options {
	struct nova *nova;		/* borrowed: see above */
	unsigned interval_s;		/* between the end of one and the next */
};

struct svc_result {
	int status;			/* 0: svcs is the list; -1: see err */
	struct nova_service *svcs;
	size_t n;
	/* The hypervisors, when asked for (svc_feed_want_hypervisors())
	 * and Nova gave them; a failure here leaves them empty and says
	 * nothing: they only add detail. */
	struct nova_hypervisor *hvs;
	size_t n_hvs;
	time_t at;			/* when it ended */
	struct ou_error err;
};

struct svc_feed;

/* NULL (err set) if the thread cannot start. */
struct svc_feed *svc_feed_start(const struct svc_feed_options *opt,
				struct ou_error *err);
/* Stops the thread, waits for it, frees.  feed may be NULL. */
void svc_feed_stop(struct svc_feed *feed);

int svc_feed_fd(const struct svc_feed *feed);
/* The newest result not yet taken, or NULL; the caller frees it. */
struct svc_result *svc_feed_take(struct svc_feed *feed);
/* Fetch now instead of at the end of the interval. */
void svc_feed_refresh(struct svc_feed *feed);
/* Read the hypervisors too from the next refresh on, or stop. */
void svc_feed_want_hypervisors(struct svc_feed *feed, bool want);

void svc_result_free(struct svc_result *result);

#endif
