/* editor: see ui/editor.h.  The files, the run and the clean-up are
 * tempedit's (include/tempedit.h), shared with line mode. */
#include "config.h"

#include "editor.h"
#include "tempedit.h"

int
editor_edit(const char *name, const char *text, size_t len,
	    struct strbuf *out, struct ou_error *err)
{
	return tempedit_edit(tempedit_editor(), "ou-edit", name, text, len,
			     out, err);
}
