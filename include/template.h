/* template: {{name}} substitution with every value quoted for a remote
 * POSIX shell.
 *
 * A template is the runbook author's shell text with {{name}} holes.  The
 * literal text is kept as written; each value is passed through
 * shellquote so it is exactly one word (or part of one) on the remote
 * side, whatever it contains.
 *
 * Names are resolved through a callback, so this module knows nothing of
 * hosts or runbooks. */
#ifndef OU_TEMPLATE_H
#define OU_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"

/* Return the value of name (not quoted), or NULL if it is unknown.
 * The returned string must stay valid until template_expand returns. */
typedef const char *(*template_lookup_fn)(void *ctx, const char *name);

/* Call fn for each {{name}} in text (name trimmed of blanks).  Stops and
 * returns fn's non-zero value; returns -1 with err set on a malformed
 * template (an unclosed "{{", an empty name, or a character not allowed
 * in a name: names are [A-Za-z0-9_:.-]).  There is no escape for a
 * literal "{{". */
int template_each_name(const char *text,
		       int (*fn)(void *ctx, const char *name), void *ctx,
		       struct ou_error *err);

enum template_mode {
	TEMPLATE_SHELL,		/* values shell-quoted */
	TEMPLATE_PLAIN,		/* values as they are (API fields, INI values) */
};

/* Expand text; returns a new string the caller frees, or NULL with err
 * naming the unknown variable. */
char *template_expand(const char *text, enum template_mode mode,
		      template_lookup_fn lookup, void *ctx,
		      struct ou_error *err);

#endif
