/* editor: a text edited by the operator in $EDITOR (vi when it is not
 * set), as line mode does it: both go through tempedit (tempedit.h),
 * which makes the private directory and the 0600 file (a merged
 * configuration holds passwords), runs the editor through /bin/sh with
 * the path quoted, reads the file back and removes it all on every path.
 * The caller gives the terminal to the editor and takes it back around
 * this call (term_suspend/term_resume, ui/term.h). */
#ifndef OU_UI_EDITOR_H
#define OU_UI_EDITOR_H

#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

/* name: the temporary file's name ("nova.conf"), so the editor picks
 * its syntax.  out gets the text after the editor.  -1 (err set, naming
 * the editor and its exit status, or the file) when the file cannot be
 * made, read or removed, or the editor fails; then out is untouched. */
int editor_edit(const char *name, const char *text, size_t len,
		struct strbuf *out, struct ou_error *err);

#endif
