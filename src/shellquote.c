/* shellquote: see include/shellquote.h.
 *
 * Single quotes are the one POSIX quoting form with no special characters
 * inside, so a quoted word is the value between single quotes, with each
 * single quote of the value written as '\'' (close, escaped quote,
 * reopen).  No locale or multibyte handling is needed: every byte other
 * than ' stands for itself inside single quotes. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "shellquote.h"
#include "strbuf.h"

/* Characters no POSIX shell treats specially inside a word.  ('=' makes a
 * word an assignment only in command-name position; values fill
 * arguments, and option=value reads better bare.) */
static bool
shellquote_is_safe_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("@%+=:,./_-", c) != NULL;
}

static bool
shellquote_is_bare(const char *s)
{
	if (*s == '\0')
		return false;
	for (const char *p = s; *p != '\0'; p++)
		if (!shellquote_is_safe_char((unsigned char)*p))
			return false;
	return true;
}

void
shellquote_append(struct strbuf *sb, const char *s)
{
	if (shellquote_is_bare(s)) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addc(sb, '\'');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '\'');
}

char *
shellquote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	shellquote_append(&sb, s);
	return strbuf_take(&sb);
}
