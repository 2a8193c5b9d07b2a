/* editor: a text edited by the operator in $EDITOR (vi when it is not
 * set), as line mode does it.
 *
 * The text goes to a temporary file only its owner may read (mode 0600:
 * a merged configuration holds passwords), the editor runs on the
 * terminal, and what the file holds when it ends comes back; the file is
 * removed on every path.  The editor's command is run by /bin/sh so it
 * may carry options ("vim -n"); the file's name reaches it as "$1",
 * never spliced into the command.  The caller gives the terminal to the
 * editor and takes it back around this call (ui/term.h). */
#ifndef OU_UI_EDITOR_H
#define OU_UI_EDITOR_H

#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

/* name: for the temporary file's name ("nova.conf"), so the editor
 * picks its syntax.  out gets the text after the editor.  -1 (err set)
 * when the file cannot be made or read, or the editor fails (then out
 * is untouched). */
int editor_edit(const char *name, const char *text, size_t len,
		struct strbuf *out, struct ou_error *err);

#endif
