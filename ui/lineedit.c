/* lineedit: see ui/lineedit.h. */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "lineedit.h"

#define KEY_ESC 27
#define KEY_DEL 127

enum lineedit_result
lineedit_key(char *buf, size_t size, int key)
{
	size_t len = strlen(buf);

	if (key == '\r' || key == '\n' || key == KEY_ENTER)
		return LINEEDIT_DONE;
	if (key == KEY_ESC) {
		buf[0] = '\0';
		return LINEEDIT_CANCELLED;
	}
	if (key == KEY_BACKSPACE || key == KEY_DEL || key == 8) {
		if (len == 0)
			return LINEEDIT_IGNORED;
		/* Back over a whole UTF-8 character. */
		while (len > 0 && ((unsigned char)buf[--len] & 0xc0) == 0x80)
			;
		buf[len] = '\0';
		return LINEEDIT_CHANGED;
	}
	if (key < ' ' || key >= 256 || key == KEY_DEL || len + 1 >= size)
		return LINEEDIT_IGNORED;
	buf[len] = (char)key;
	buf[len + 1] = '\0';
	return LINEEDIT_CHANGED;
}
