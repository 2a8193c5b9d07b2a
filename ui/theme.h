/* theme: how things look, by what they are.
 *
 * Screens ask for an element (THEME_CURSOR, THEME_SVC_DOWN), never for a
 * colour; a scheme says what each element looks like.  Two schemes: the
 * default, in colour, and monochrome, which says the same with bold,
 * underline, reverse and dim only: chosen by --no-color, a non-empty
 * NO_COLOR (no-color.org) or a terminal without colours.
 *
 * Marks and glyphs come in UTF-8 and in ASCII; ASCII when the locale's
 * character set is not UTF-8 or --ascii was given.  Every mark is one
 * column wide in both, so layouts do not depend on the choice. */
#ifndef OU_UI_THEME_H
#define OU_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

#include "model.h"

enum theme_element {
	THEME_NORMAL,
	THEME_TITLE,		/* the top line */
	THEME_STATUS,		/* the bottom line */
	THEME_STATUS_KEY,	/* a key named in the bottom line */
	THEME_CURSOR,		/* the line under the cursor */
	THEME_CURSOR_IDLE,	/* the same, in the pane without focus */
	THEME_HEADING,		/* column and section headings */
	THEME_CURRENT,		/* the step the operator is at */
	THEME_LABEL,		/* "Why:", "Run:" */
	THEME_COMMAND,		/* a command line that will run */
	THEME_DIM,
	THEME_BAR_DONE,		/* a progress bar's filled part */
	THEME_BAR_TODO,
	THEME_STATE_PENDING,	/* the marks, in enum ui_state order */
	THEME_STATE_CONFIRMED,
	THEME_STATE_RUNNING,
	THEME_STATE_DONE,
	THEME_STATE_FAILED,
	THEME_STATE_SKIPPED,
	THEME_STATE_UNKNOWN,
	THEME_SVC_DOWN,
	THEME_SVC_DISABLED,
	THEME_SVC_CHANGED,	/* changed in the last moments */
	THEME_STALE,		/* data that may no longer be true */
	THEME_BANNER,		/* something is wrong right now */
	THEME_PROMPT,
	THEME_OUTPUT_ERR,	/* a command's standard error */
	THEME_OUTPUT_NOTE,	/* what the wizard adds to a host's output */
	THEME_ELEMENT_COUNT
};

enum theme_glyph {
	THEME_GLYPH_CURRENT,	/* points at the current step */
	THEME_GLYPH_BAR_DONE,
	THEME_GLYPH_BAR_TODO,
	THEME_GLYPH_CHANGED,
	THEME_GLYPH_RULE,	/* a horizontal line */
	THEME_GLYPH_SEPARATOR,	/* a vertical line between panes */
	THEME_GLYPH_COUNT
};

struct theme {
	bool monochrome;
	bool ascii;
	attr_t attrs[THEME_ELEMENT_COUNT];
};

/* True when the locale (set with setlocale() first) speaks UTF-8. */
bool theme_locale_utf8(void);
/* Call after curses started: sets up the colour pairs of the scheme
 * (monochrome forced too when the terminal has no colours). */
void theme_init(struct theme *theme, bool monochrome, bool ascii);

attr_t theme_attr(const struct theme *theme, enum theme_element element);
attr_t theme_state_attr(const struct theme *theme, enum ui_state state);
const char *theme_mark(const struct theme *theme, enum ui_state state);
const char *theme_glyph(const struct theme *theme, enum theme_glyph glyph);

#endif
