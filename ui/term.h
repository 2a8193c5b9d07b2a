/* term: the terminal, taken for curses and always given back.
 *
 * term_start() saves the terminal's modes, starts curses on stdin and
 * stdout (keys one at a time, no echo, no cursor, reads that never
 * wait) and arranges that the terminal is given back however the
 * program ends:
 * - term_stop() on the normal path (calling it twice is harmless);
 * - an atexit() hook, for exit() from anywhere;
 * - a handler for the fatal signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 *   SIGABRT) that uses only what a signal handler may: write() of the
 *   terminal's own reset strings, read from terminfo at start, and
 *   tcsetattr() of the saved modes; then it hands the signal on to
 *   whatever handled it before (the default: a core dump; or a
 *   sanitizer's report).
 * The signals a user sends (SIGINT, SIGTERM, SIGWINCH) are the event
 * loop's, not this module's. */
#ifndef OU_UI_TERM_H
#define OU_UI_TERM_H

#include "ou_error.h"

/* -1 (err set) when stdin or stdout is not a terminal, or curses does
 * not know the terminal ($TERM). */
int term_start(struct ou_error *err);
void term_stop(void);
/* Give the terminal to another program (an editor) and take it back:
 * the screen as curses left it is saved, the shell's modes put back,
 * and on return curses' modes and the whole screen are restored. */
void term_suspend(void);
void term_resume(void);
/* After SIGWINCH: ask the terminal its size and tell curses. */
void term_resize(void);

#endif
