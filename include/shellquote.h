/* shellquote: quoting values for a remote POSIX shell.
 *
 * Every value that reaches a remote command line passes through here.
 * The result is one shell word that the remote sh reads back as exactly
 * the original bytes.  Words made only of safe characters
 * ([A-Za-z0-9@%+=:,./_-]) are left bare so plans stay readable. */
#ifndef OU_SHELLQUOTE_H
#define OU_SHELLQUOTE_H

#include "strbuf.h"

/* Append the quoted form of s to sb. */
void shellquote_append(struct strbuf *sb, const char *s);
/* The quoted form of s, newly allocated; the caller frees it. */
char *shellquote(const char *s);

#endif
