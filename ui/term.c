/* term: see ui/term.h. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

static const int term_fatal_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
};
#define N_FATAL (sizeof term_fatal_signals / sizeof term_fatal_signals[0])

/* What a fatal-signal handler needs to give the terminal back.  It
 * cannot be handed an argument, hence a static; it is written only
 * before the handlers are installed and after they are removed. */
static struct term_saved {
	volatile sig_atomic_t active;	/* curses has the terminal */
	bool hooked;			/* atexit() done (once a process) */
	struct termios modes;		/* the terminal as the shell had it */
	SCREEN *screen;
	char reset[256];		/* leave the alternate screen, etc. */
	size_t reset_len;
	struct sigaction old[N_FATAL];
} term_saved;

static void
term_add_reset(const char *capname)
{
	char *s = tigetstr(capname);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (term_saved.reset_len + n >= sizeof term_saved.reset)
		return;
	memcpy(term_saved.reset + term_saved.reset_len, s, n);
	term_saved.reset_len += n;
}

/* From a signal handler: a failed write cannot be helped there. */
static void
term_write(const char *s, size_t n)
{
	ssize_t written = write(STDOUT_FILENO, s, n);

	(void)written;
}

static void
term_fatal(int signo)
{
	size_t i = 0;

	if (term_saved.active) {
		term_saved.active = 0;
		term_write(term_saved.reset, term_saved.reset_len);
		term_write("\r\n", 2);
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved.modes);
	}
	while (i < N_FATAL && term_fatal_signals[i] != signo)
		i++;
	if (i < N_FATAL)
		sigaction(signo, &term_saved.old[i], NULL);
	raise(signo);
}

static void
term_hook_fatal(void)
{
	struct sigaction sa = { .sa_handler = term_fatal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(term_fatal_signals[i], &sa, &term_saved.old[i]);
}

static void
term_unhook_fatal(void)
{
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(term_fatal_signals[i], &term_saved.old[i], NULL);
}

static void
term_at_exit(void)
{
	term_stop();
}

static void
term_modes(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	/* Esc alone is "back": do not wait long for a sequence after it. */
	set_escdelay(25);
}

int
term_start(struct ou_error *err)
{
	SCREEN *screen;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ou_error_set(err, "the wizard needs a terminal on its "
				    "standard input and output");
	if (tcgetattr(STDIN_FILENO, &term_saved.modes) < 0)
		return ou_error_set(err, "cannot read the terminal's modes: %s",
				    strerror(errno));
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return ou_error_set(err, "curses does not know the terminal "
				    "'%s' (TERM)", getenv("TERM") ? getenv("TERM") : "");
	set_term(screen);
	term_saved.screen = screen;
	term_modes();
	term_saved.reset_len = 0;
	term_add_reset("sgr0");
	term_add_reset("cnorm");
	term_add_reset("rmcup");
	term_hook_fatal();
	term_saved.active = 1;
	if (!term_saved.hooked && atexit(term_at_exit) == 0)
		term_saved.hooked = true;
	return 0;
}

void
term_stop(void)
{
	if (!term_saved.active)
		return;
	term_saved.active = 0;
	endwin();
	term_unhook_fatal();
	delscreen(term_saved.screen);
	term_saved.screen = NULL;
}

void
term_suspend(void)
{
	if (!term_saved.active)
		return;
	def_prog_mode();
	endwin();
}

void
term_resume(void)
{
	if (!term_saved.active)
		return;
	reset_prog_mode();
	/* The other program drew over everything: repaint it all. */
	clearok(curscr, TRUE);
	refresh();
}

void
term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}
