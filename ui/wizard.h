/* wizard: the ncurses wizard over a plan: takes the terminal, wires the
 * event loop to the keyboard, the signals, a clock and the services
 * feed, and runs the screens until the operator quits.
 *
 * Drawing happens in one place, the loop's frame hook: a top line
 * (where the upgrade stands), the top screen's body, a bottom line (key
 * hints, messages, prompts).  Each is a curses window redrawn only when
 * dirty, then wnoutrefresh()ed; one doupdate() per pass.  Below 80x24
 * the screens give way to a message saying so. */
#ifndef OU_UI_WIZARD_H
#define OU_UI_WIZARD_H

#include <stdbool.h>

#include "nova.h"
#include "ou_error.h"
#include "plan.h"

struct wizard_options {
	const struct plan *plan;
	/* Nova, for the services screen: the wizard's feed thread is its
	 * only user while the wizard runs.  NULL: nothing to show... */
	struct nova *nova;
	const char *nova_problem;	/* ...and why */
	bool ascii;			/* ASCII marks only */
	bool monochrome;		/* no colour */
	unsigned refresh_s;		/* the services' refresh interval */
};

/* 0 when the operator quit; -1 (err set) when the terminal could not
 * be had or the loop failed.  The terminal is given back either way. */
int wizard_run(const struct wizard_options *opt, struct ou_error *err);

#endif
