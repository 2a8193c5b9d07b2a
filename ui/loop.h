/* loop: the wizard's one event loop.
 *
 * One poll() waits on everything the wizard reacts to: the keyboard, a
 * signalfd for the signals it catches, descriptors other modules register
 * (the services feed, the engine's event channel) and "sources" whose
 * descriptors change from pass to pass (libcurl's sockets, through
 * http_pollfds() / http_timeout_ms() / http_drive()).  Timers are kept
 * sorted; poll's timeout is the nearest one.  Nothing here blocks except
 * that poll().
 *
 * Every handler returns LOOP_* flags.  The loop ORs them over one pass
 * and then calls the frame hook once with the result: that hook is the
 * only place the screen is drawn, so ten keys read in one pass cost one
 * redraw.  A handler never quits by itself; it returns LOOP_QUIT.
 *
 * A caught signal is blocked and read from a signalfd, so the function
 * registered with loop_on_signal() runs from the loop, where anything
 * may be called.  Why not a handler: the engine's worker threads and
 * the services thread would run it too, and their blocking calls (ssh,
 * libcurl) would be interrupted; blocked here, before any thread
 * starts, a signal reaches no thread but the loop's.
 *
 * The loop knows nothing of curses, so it is tested without a terminal.
 * Handlers may add and remove entries while the loop runs. */
#ifndef OU_UI_LOOP_H
#define OU_UI_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"

enum loop_flag {
	LOOP_HANDLED = 1 << 0,	/* the event was for this handler */
	LOOP_REDRAW = 1 << 1,	/* what is on screen changed */
	LOOP_RESIZE = 1 << 2,	/* the terminal changed size: lay out again */
	LOOP_QUIT = 1 << 3,	/* leave loop_run() after this pass */
};

typedef unsigned loop_fd_fn(void *arg, int fd, short revents);
typedef unsigned loop_timer_fn(void *arg);
typedef unsigned loop_signal_fn(void *arg, int signo);
/* flags: every flag returned during the pass; returns more flags (only
 * LOOP_QUIT is looked at). */
typedef unsigned loop_frame_fn(void *arg, unsigned flags);

/* A source with a set of descriptors that changes from pass to pass. */
struct loop_source_ops {
	/* Write at most cap descriptors; return how many there are (more
	 * than cap: the loop grows its array and asks again). */
	size_t (*pollfds)(void *arg, struct pollfd *fds, size_t cap);
	int (*timeout_ms)(void *arg);	/* -1: no timer */
	/* Called after every poll() with the source's descriptors. */
	unsigned (*dispatch)(void *arg, const struct pollfd *fds, size_t n);
};

struct loop;

/* NULL (err set) when the signal descriptor cannot be made. */
struct loop *loop_new(struct ou_error *err);
/* Drops the caught signals not yet read and puts the thread's signal
 * mask back as it was when the loop was made. */
void loop_free(struct loop *loop);

/* The returned ids are > 0; loop_remove() takes any of them. */
int loop_add_fd(struct loop *loop, int fd, short events, loop_fd_fn *fn,
		void *arg);
int loop_add_source(struct loop *loop, const struct loop_source_ops *ops,
		    void *arg);
/* First run after ms milliseconds; again every ms if repeat. */
int loop_add_timer(struct loop *loop, unsigned ms, bool repeat,
		   loop_timer_fn *fn, void *arg);
void loop_remove(struct loop *loop, int id);

/* Catch signo; fn(arg, signo) runs from the loop after it arrives.
 * Call it before starting any thread: threads inherit the blocked mask,
 * and one started earlier could take the signal and lose it. */
int loop_on_signal(struct loop *loop, int signo, loop_signal_fn *fn,
		   void *arg, struct ou_error *err);

void loop_set_frame(struct loop *loop, loop_frame_fn *fn, void *arg);

/* Run passes until a handler or the frame hook returns LOOP_QUIT: 0.
 * -1 (err set) if poll() itself fails. */
int loop_run(struct loop *loop, struct ou_error *err);

#endif
