/* lineedit: a line typed on the bottom line (a filter, a reason, a
 * number), one key at a time.
 *
 * Printable bytes are added (a UTF-8 character arrives as its bytes, one
 * key each), Backspace takes back a whole character, Enter ends the
 * line, Esc throws it away.  No curses here but its key codes. */
#ifndef OU_UI_LINEEDIT_H
#define OU_UI_LINEEDIT_H

#include <stddef.h>

enum lineedit_result {
	LINEEDIT_IGNORED,	/* not a key for the line */
	LINEEDIT_CHANGED,	/* the text changed */
	LINEEDIT_DONE,		/* Enter: the text is the answer */
	LINEEDIT_CANCELLED,	/* Esc: the text is emptied */
};

/* buf holds a NUL-terminated line of at most size - 1 bytes. */
enum lineedit_result lineedit_key(char *buf, size_t size, int key);

#endif
