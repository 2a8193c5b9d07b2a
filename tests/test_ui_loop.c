/* Tests for the wizard's event loop (ui/loop.h): descriptors, sources
 * with changing descriptors, timers, signals through a signalfd (and
 * kept from the threads started after), and the flags of a pass
 * reaching the frame hook once. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "loop.h"

struct fixture {
	struct loop *loop;
	int pipe[2];
	int fd_calls;
	int timer_calls;
	int signal_calls;
	int frames;
	unsigned frame_flags;
	int source_polls;
	int source_dispatches;
	short source_revents;
	int quit_after_timers;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct ou_error err;

	f->loop = loop_new(&err);
	assert_non_null(f->loop);
	assert_int_equal(pipe(f->pipe), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	loop_free(f->loop);
	close(f->pipe[0]);
	close(f->pipe[1]);
	free(f);
	return 0;
}

static unsigned
on_readable(void *arg, int fd, short revents)
{
	struct fixture *f = arg;
	char c;

	assert_int_equal(read(fd, &c, 1), 1);
	f->fd_calls++;
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
quit_now(void *arg)
{
	return LOOP_QUIT;
}

static unsigned
count_timer(void *arg)
{
	struct fixture *f = arg;

	f->timer_calls++;
	return f->timer_calls >= f->quit_after_timers ? LOOP_QUIT : LOOP_HANDLED;
}

static unsigned
count_frame(void *arg, unsigned flags)
{
	struct fixture *f = arg;

	f->frames++;
	f->frame_flags |= flags;
	return 0;
}

static void
run(struct fixture *f)
{
	struct ou_error err;

	assert_int_equal(loop_run(f->loop, &err), 0);
}

static void
test_a_readable_descriptor_calls_its_handler(void **state)
{
	struct fixture *f = *state;

	loop_add_fd(f->loop, f->pipe[0], POLLIN, on_readable, f);
	loop_add_timer(f->loop, 50, false, quit_now, f);
	assert_int_equal(write(f->pipe[1], "x", 1), 1);
	run(f);
	assert_int_equal(f->fd_calls, 1);
}

static void
test_a_removed_descriptor_is_no_longer_watched(void **state)
{
	struct fixture *f = *state;
	int id = loop_add_fd(f->loop, f->pipe[0], POLLIN, on_readable, f);

	loop_remove(f->loop, id);
	loop_add_timer(f->loop, 20, false, quit_now, f);
	assert_int_equal(write(f->pipe[1], "x", 1), 1);
	run(f);
	assert_int_equal(f->fd_calls, 0);
}

static void
test_a_repeating_timer_fires_until_told_to_stop(void **state)
{
	struct fixture *f = *state;

	f->quit_after_timers = 3;
	loop_add_timer(f->loop, 1, true, count_timer, f);
	run(f);
	assert_int_equal(f->timer_calls, 3);
}

static void
test_a_one_shot_timer_fires_once(void **state)
{
	struct fixture *f = *state;

	f->quit_after_timers = 100;
	loop_add_timer(f->loop, 1, false, count_timer, f);
	loop_add_timer(f->loop, 40, false, quit_now, f);
	run(f);
	assert_int_equal(f->timer_calls, 1);
}

static void
test_the_flags_of_a_pass_reach_the_frame_hook_once(void **state)
{
	struct fixture *f = *state;

	loop_add_fd(f->loop, f->pipe[0], POLLIN, on_readable, f);
	loop_set_frame(f->loop, count_frame, f);
	assert_int_equal(write(f->pipe[1], "x", 1), 1);
	loop_add_timer(f->loop, 0, false, quit_now, f);
	run(f);
	assert_int_equal(f->frames, 1);
	assert_int_equal(f->frame_flags, LOOP_HANDLED | LOOP_REDRAW | LOOP_QUIT);
}

static unsigned
on_signal(void *arg, int signo)
{
	struct fixture *f = arg;

	assert_int_equal(signo, SIGUSR1);
	f->signal_calls++;
	return LOOP_QUIT;
}

static void
test_a_signal_is_handled_from_the_loop_not_the_handler(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;

	assert_int_equal(loop_on_signal(f->loop, SIGUSR1, on_signal, f, &err), 0);
	raise(SIGUSR1);
	assert_int_equal(f->signal_calls, 0);
	run(f);
	assert_int_equal(f->signal_calls, 1);
}

static size_t
source_pollfds(void *arg, struct pollfd *fds, size_t cap)
{
	struct fixture *f = arg;

	f->source_polls++;
	if (cap >= 1)
		fds[0] = (struct pollfd){ .fd = f->pipe[0], .events = POLLIN };
	return 1;
}

static int
source_timeout(void *arg)
{
	return -1;
}

static unsigned
source_dispatch(void *arg, const struct pollfd *fds, size_t n)
{
	struct fixture *f = arg;

	f->source_dispatches++;
	assert_int_equal(n, 1);
	f->source_revents = fds[0].revents;
	return (fds[0].revents & POLLIN) ? LOOP_QUIT : 0;
}

static const struct loop_source_ops source_ops = {
	.pollfds = source_pollfds,
	.timeout_ms = source_timeout,
	.dispatch = source_dispatch,
};

static void
test_a_source_has_its_descriptors_polled_and_handed_back(void **state)
{
	struct fixture *f = *state;

	loop_add_source(f->loop, &source_ops, f);
	assert_int_equal(write(f->pipe[1], "x", 1), 1);
	run(f);
	assert_true(f->source_polls >= 1);
	assert_int_equal(f->source_dispatches, 1);
	assert_true(f->source_revents & POLLIN);
}

static void *
thread_mask(void *arg)
{
	sigset_t *mask = arg;

	pthread_sigmask(SIG_SETMASK, NULL, mask);
	return NULL;
}

static void
test_a_thread_started_after_a_catch_never_takes_the_signal(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	pthread_t thread;
	sigset_t mask;

	assert_int_equal(loop_on_signal(f->loop, SIGUSR2, on_signal, f, &err), 0);
	assert_int_equal(pthread_create(&thread, NULL, thread_mask, &mask), 0);
	pthread_join(thread, NULL);
	assert_true(sigismember(&mask, SIGUSR2));
}

static void
test_freeing_the_loop_gives_the_signal_back(void **state)
{
	struct fixture *f = *state;
	struct ou_error err;
	sigset_t mask;

	assert_int_equal(loop_on_signal(f->loop, SIGUSR2, on_signal, f, &err), 0);
	loop_free(f->loop);
	f->loop = NULL;
	pthread_sigmask(SIG_SETMASK, NULL, &mask);
	assert_false(sigismember(&mask, SIGUSR2));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_readable_descriptor_calls_its_handler),
		T(test_a_removed_descriptor_is_no_longer_watched),
		T(test_a_repeating_timer_fires_until_told_to_stop),
		T(test_a_one_shot_timer_fires_once),
		T(test_the_flags_of_a_pass_reach_the_frame_hook_once),
		T(test_a_signal_is_handled_from_the_loop_not_the_handler),
		T(test_a_source_has_its_descriptors_polled_and_handed_back),
		T(test_a_thread_started_after_a_catch_never_takes_the_signal),
		T(test_freeing_the_loop_gives_the_signal_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
