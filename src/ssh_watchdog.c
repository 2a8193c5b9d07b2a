/* ssh_watchdog: the bound on libssh's blocking calls.
 *
 * libssh 0.10 waits without limit in several blocking calls (opening a
 * channel, every sftp request), so a host that stalls would hang the
 * worker.  Each connection has a thread that sleeps until the deadline of
 * the call in progress and, if it passes, shuts the socket down: the call
 * then fails at once and the connection is dead.  shutdown(), not
 * close(): the descriptor stays the owner's, so it cannot be reused under
 * a call still using it, and disarming under the lock guarantees no late
 * shutdown reaches a later call. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "ssh_private.h"
#include "xalloc.h"

struct ssh_watchdog {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct timespec deadline;	/* CLOCK_MONOTONIC */
	int fd;
	bool armed;
	bool fired;
	bool quit;
};

static bool
ssh_watchdog_due(const struct ssh_watchdog *dog)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec != dog->deadline.tv_sec)
		return now.tv_sec > dog->deadline.tv_sec;
	return now.tv_nsec >= dog->deadline.tv_nsec;
}

static void *
ssh_watchdog_main(void *arg)
{
	struct ssh_watchdog *dog = arg;

	pthread_mutex_lock(&dog->lock);
	while (!dog->quit) {
		if (!dog->armed) {
			pthread_cond_wait(&dog->wake, &dog->lock);
			continue;
		}
		pthread_cond_timedwait(&dog->wake, &dog->lock, &dog->deadline);
		/* Re-check under the lock: the call may have ended, or a new
		 * one started with a later deadline, while we slept. */
		if (dog->armed && !dog->quit && ssh_watchdog_due(dog)) {
			shutdown(dog->fd, SHUT_RDWR);
			dog->fired = true;
			dog->armed = false;
		}
	}
	pthread_mutex_unlock(&dog->lock);
	return NULL;
}

struct ssh_watchdog *
ssh_watchdog_new(void)
{
	struct ssh_watchdog *dog = xcalloc(1, sizeof *dog);
	pthread_condattr_t attr;

	pthread_mutex_init(&dog->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&dog->wake, &attr);
	pthread_condattr_destroy(&attr);
	dog->fd = -1;
	if (pthread_create(&dog->thread, NULL, ssh_watchdog_main, dog) != 0)
		abort();	/* as xalloc does: no resources left to go on */
	return dog;
}

void
ssh_watchdog_free(struct ssh_watchdog *dog)
{
	if (dog == NULL)
		return;
	pthread_mutex_lock(&dog->lock);
	dog->quit = true;
	pthread_cond_signal(&dog->wake);
	pthread_mutex_unlock(&dog->lock);
	pthread_join(dog->thread, NULL);
	pthread_cond_destroy(&dog->wake);
	pthread_mutex_destroy(&dog->lock);
	free(dog);
}

void
ssh_watchdog_arm(struct ssh_watchdog *dog, int fd, unsigned ms)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&dog->lock);
	dog->fd = fd;
	dog->deadline.tv_sec = now.tv_sec + ms / 1000;
	dog->deadline.tv_nsec = now.tv_nsec + (long)(ms % 1000) * 1000000L;
	if (dog->deadline.tv_nsec >= 1000000000L) {
		dog->deadline.tv_sec++;
		dog->deadline.tv_nsec -= 1000000000L;
	}
	dog->armed = fd >= 0;
	dog->fired = false;
	pthread_cond_signal(&dog->wake);
	pthread_mutex_unlock(&dog->lock);
}

bool
ssh_watchdog_disarm(struct ssh_watchdog *dog)
{
	bool fired;

	pthread_mutex_lock(&dog->lock);
	dog->armed = false;
	fired = dog->fired;
	dog->fired = false;
	pthread_mutex_unlock(&dog->lock);
	return fired;
}
