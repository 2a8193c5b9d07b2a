/* wizard: the ncurses wizard over a plan: takes the terminal, wires the
 * event loop to the keyboard, the signals, a clock, the services feed
 * and the engine, and runs the screens until the operator quits.
 *
 * Drawing happens in one place, the loop's frame hook: a top line
 * (where the upgrade stands), the top screen's body, a bottom line (key
 * hints, messages, questions).  Each is a curses window redrawn only
 * when dirty, then wnoutrefresh()ed; one doupdate() per pass.  Below
 * 80x24 the screens give way to a message saying so.
 *
 * The engine (include/session.h) runs in the same loop: its descriptor wakes
 * the loop, engine_dispatch() takes what the workers reported, and the
 * frame hook hands the screens the new question and what moved.  Quit
 * asks first while commands run; yes stops the engine and leaves once
 * they end; asked again, it leaves at once (the journal shows them
 * unknown, decided on the next run). */
#ifndef OU_UI_WIZARD_H
#define OU_UI_WIZARD_H

#include <stdbool.h>

#include "nova.h"
#include "ou_error.h"
#include "plan.h"
#include "session.h"

struct wizard_options {
	const struct plan *plan;
	/* Nova, for the services screen: the wizard's feed thread is its
	 * only user while the wizard runs.  NULL: nothing to show... */
	struct nova *nova;
	const char *nova_problem;	/* ...and why */
	/* The upgrade to run (journal and executor open, engine not
	 * started).  NULL: the wizard only shows the plan... */
	struct session *session;
	const char *session_problem;	/* ...and why */
	bool ascii;			/* ASCII marks only */
	bool monochrome;		/* no colour */
	unsigned refresh_s;		/* the services' refresh interval */
};

enum wizard_end {
	WIZARD_QUIT,		/* nothing runs: the session may be closed */
	WIZARD_ABANDONED,	/* commands still run: leave with _exit() */
	WIZARD_ERROR,		/* err set */
};

/* The terminal is given back whatever the end. */
enum wizard_end wizard_run(const struct wizard_options *opt,
			   struct ou_error *err);

#endif
