/* loop: see ui/loop.h.
 *
 * Timers live in the same array as descriptors and are found by a scan:
 * the wizard has a handful of them (the clock tick, a message that
 * fades), for which a wheel or a heap would be more code than work. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "xalloc.h"

enum loop_kind {
	LOOP_KIND_FD,
	LOOP_KIND_SOURCE,
	LOOP_KIND_TIMER,
};

struct loop_entry {
	int id;
	enum loop_kind kind;
	bool dead;		/* removed during a pass; dropped after it */
	void *arg;
	int fd;			/* FD */
	short events;
	loop_fd_fn *fd_fn;
	const struct loop_source_ops *ops;	/* SOURCE */
	loop_timer_fn *timer_fn;		/* TIMER */
	long long due_ms;
	unsigned period_ms;
	bool repeat;
	size_t first;		/* its slots in fds during this pass */
	size_t count;
};

struct loop_signal {
	int signo;
	loop_signal_fn *fn;
	void *arg;
};

struct loop {
	struct loop_entry *entries;
	size_t n_entries;
	int next_id;
	struct pollfd *fds;
	size_t n_fds;
	size_t cap_fds;
	int sig_fd;		/* a signalfd of the caught set */
	sigset_t caught;
	sigset_t old_mask;	/* the thread's mask when the loop was made */
	struct loop_signal *signals;
	size_t n_signals;
	loop_frame_fn *frame;
	void *frame_arg;
};

static long long
loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct loop_entry *
loop_append(struct loop *loop, enum loop_kind kind, void *arg)
{
	struct loop_entry *e;

	loop->entries = xreallocarray(loop->entries, loop->n_entries + 1,
				      sizeof *loop->entries);
	e = &loop->entries[loop->n_entries++];
	*e = (struct loop_entry){ .id = ++loop->next_id, .kind = kind,
				  .arg = arg, .fd = -1 };
	return e;
}

static struct loop_signal *
loop_find_signal(struct loop *loop, int signo)
{
	for (size_t i = 0; i < loop->n_signals; i++)
		if (loop->signals[i].signo == signo)
			return &loop->signals[i];
	return NULL;
}

static unsigned
loop_read_signals(void *arg, int fd, short revents)
{
	struct loop *loop = arg;
	struct signalfd_siginfo si;
	unsigned flags = 0;

	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		struct loop_signal *s = loop_find_signal(loop, (int)si.ssi_signo);

		if (s != NULL)
			flags |= s->fn(s->arg, s->signo);
	}
	return flags;
}

struct loop *
loop_new(struct ou_error *err)
{
	struct loop *loop = xcalloc(1, sizeof *loop);

	sigemptyset(&loop->caught);
	pthread_sigmask(SIG_SETMASK, NULL, &loop->old_mask);
	loop->sig_fd = signalfd(-1, &loop->caught, SFD_NONBLOCK | SFD_CLOEXEC);
	if (loop->sig_fd < 0) {
		ou_error_set(err, "cannot make the signal descriptor: %s",
			     strerror(errno));
		free(loop);
		return NULL;
	}
	loop_add_fd(loop, loop->sig_fd, POLLIN, loop_read_signals, loop);
	return loop;
}

/* Signals that came after the last pass are dropped, not left pending:
 * unblocked, a pending SIGINT would kill the process on its way out. */
static void
loop_release_signals(struct loop *loop)
{
	struct signalfd_siginfo si;

	while (read(loop->sig_fd, &si, sizeof si) == (ssize_t)sizeof si)
		;
	close(loop->sig_fd);
	pthread_sigmask(SIG_SETMASK, &loop->old_mask, NULL);
}

void
loop_free(struct loop *loop)
{
	if (loop == NULL)
		return;
	loop_release_signals(loop);
	free(loop->signals);
	free(loop->entries);
	free(loop->fds);
	free(loop);
}

int
loop_add_fd(struct loop *loop, int fd, short events, loop_fd_fn *fn,
	    void *arg)
{
	struct loop_entry *e = loop_append(loop, LOOP_KIND_FD, arg);

	e->fd = fd;
	e->events = events;
	e->fd_fn = fn;
	return e->id;
}

int
loop_add_source(struct loop *loop, const struct loop_source_ops *ops,
		void *arg)
{
	struct loop_entry *e = loop_append(loop, LOOP_KIND_SOURCE, arg);

	e->ops = ops;
	return e->id;
}

int
loop_add_timer(struct loop *loop, unsigned ms, bool repeat,
	       loop_timer_fn *fn, void *arg)
{
	struct loop_entry *e = loop_append(loop, LOOP_KIND_TIMER, arg);

	e->timer_fn = fn;
	e->period_ms = ms;
	e->repeat = repeat;
	e->due_ms = loop_now_ms() + ms;
	return e->id;
}

void
loop_remove(struct loop *loop, int id)
{
	for (size_t i = 0; i < loop->n_entries; i++)
		if (loop->entries[i].id == id)
			loop->entries[i].dead = true;
}

/* Block signo in this thread (and so in every thread it starts from
 * now on) and add it to the signalfd the loop polls. */
static int
loop_catch(struct loop *loop, int signo, struct ou_error *err)
{
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, signo);
	sigaddset(&loop->caught, signo);
	if (signalfd(loop->sig_fd, &loop->caught, 0) < 0)
		return ou_error_set(err, "cannot catch signal %d: %s", signo,
				    strerror(errno));
	pthread_sigmask(SIG_BLOCK, &one, NULL);
	return 0;
}

int
loop_on_signal(struct loop *loop, int signo, loop_signal_fn *fn, void *arg,
	       struct ou_error *err)
{
	struct loop_signal *s = loop_find_signal(loop, signo);

	if (s == NULL) {
		if (loop_catch(loop, signo, err) < 0)
			return -1;
		loop->signals = xreallocarray(loop->signals,
					      loop->n_signals + 1,
					      sizeof *loop->signals);
		s = &loop->signals[loop->n_signals++];
		*s = (struct loop_signal){ .signo = signo };
	}
	s->fn = fn;
	s->arg = arg;
	return 0;
}

void
loop_set_frame(struct loop *loop, loop_frame_fn *fn, void *arg)
{
	loop->frame = fn;
	loop->frame_arg = arg;
}

/* ---- one pass -------------------------------------------------------- */

static int
loop_min_timeout(int a, int b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int
loop_timeout(const struct loop *loop)
{
	long long now = loop_now_ms();
	int timeout = -1;

	for (size_t i = 0; i < loop->n_entries; i++) {
		const struct loop_entry *e = &loop->entries[i];
		long long left;

		if (e->dead)
			continue;
		if (e->kind == LOOP_KIND_SOURCE) {
			timeout = loop_min_timeout(timeout,
						   e->ops->timeout_ms(e->arg));
		} else if (e->kind == LOOP_KIND_TIMER) {
			left = e->due_ms - now;
			timeout = loop_min_timeout(timeout,
						   left < 0 ? 0 : (int)left);
		}
	}
	return timeout;
}

static void
loop_reserve_fds(struct loop *loop, size_t n)
{
	if (n <= loop->cap_fds)
		return;
	loop->cap_fds = n < 16 ? 16 : n * 2;
	loop->fds = xreallocarray(loop->fds, loop->cap_fds, sizeof *loop->fds);
}

static void
loop_collect_source(struct loop *loop, struct loop_entry *e)
{
	size_t room = loop->cap_fds - loop->n_fds;
	size_t n = e->ops->pollfds(e->arg, loop->fds + loop->n_fds, room);

	if (n > room) {
		loop_reserve_fds(loop, loop->n_fds + n);
		n = e->ops->pollfds(e->arg, loop->fds + loop->n_fds, n);
	}
	e->count = n;
}

/* Lay every live descriptor out in loop->fds for poll(). */
static void
loop_collect(struct loop *loop)
{
	loop->n_fds = 0;
	loop_reserve_fds(loop, loop->n_entries);
	for (size_t i = 0; i < loop->n_entries; i++) {
		struct loop_entry *e = &loop->entries[i];

		e->first = loop->n_fds;
		e->count = 0;
		if (e->dead)
			continue;
		if (e->kind == LOOP_KIND_FD) {
			loop_reserve_fds(loop, loop->n_fds + 1);
			loop->fds[loop->n_fds] = (struct pollfd){
				.fd = e->fd, .events = e->events };
			e->count = 1;
		} else if (e->kind == LOOP_KIND_SOURCE) {
			loop_collect_source(loop, e);
		}
		loop->n_fds += e->count;
	}
}

/* Handlers may add entries (the array moves) or remove them (marked
 * dead), so each one is looked up again by index. */
static unsigned
loop_dispatch(struct loop *loop, size_t n_entries)
{
	unsigned flags = 0;

	for (size_t i = 0; i < n_entries; i++) {
		struct loop_entry e = loop->entries[i];

		if (e.dead)
			continue;
		if (e.kind == LOOP_KIND_FD && e.count == 1 &&
		    loop->fds[e.first].revents != 0)
			flags |= e.fd_fn(e.arg, e.fd, loop->fds[e.first].revents);
		else if (e.kind == LOOP_KIND_SOURCE)
			flags |= e.ops->dispatch(e.arg, loop->fds + e.first,
						 e.count);
	}
	return flags;
}

static unsigned
loop_run_timers(struct loop *loop, size_t n_entries)
{
	long long now = loop_now_ms();
	unsigned flags = 0;

	for (size_t i = 0; i < n_entries; i++) {
		struct loop_entry *e = &loop->entries[i];
		loop_timer_fn *fn = e->timer_fn;
		void *arg = e->arg;

		if (e->dead || e->kind != LOOP_KIND_TIMER || e->due_ms > now)
			continue;
		if (e->repeat)
			e->due_ms = now + e->period_ms;
		else
			e->dead = true;
		flags |= fn(arg);
	}
	return flags;
}

static void
loop_compact(struct loop *loop)
{
	size_t kept = 0;

	for (size_t i = 0; i < loop->n_entries; i++)
		if (!loop->entries[i].dead)
			loop->entries[kept++] = loop->entries[i];
	loop->n_entries = kept;
}

static int
loop_pass(struct loop *loop, unsigned *flags, struct ou_error *err)
{
	int timeout = loop_timeout(loop);
	size_t n_entries;
	int n;

	loop_collect(loop);
	n_entries = loop->n_entries;
	n = poll(loop->fds, loop->n_fds, timeout);
	if (n < 0) {
		if (errno != EINTR)
			return ou_error_set(err, "poll: %s", strerror(errno));
		for (size_t i = 0; i < loop->n_fds; i++)
			loop->fds[i].revents = 0;
	}
	*flags |= loop_dispatch(loop, n_entries);
	*flags |= loop_run_timers(loop, n_entries);
	loop_compact(loop);
	return 0;
}

int
loop_run(struct loop *loop, struct ou_error *err)
{
	for (;;) {
		unsigned flags = 0;

		if (loop_pass(loop, &flags, err) < 0)
			return -1;
		if (flags != 0 && loop->frame != NULL)
			flags |= loop->frame(loop->frame_arg, flags);
		if (flags & LOOP_QUIT)
			return 0;
	}
}
