/* pysettings: Horizon's local_settings, a Python module, edited as text.
 *
 * Horizon's settings file is Python, not INI, so it gets its own small
 * module rather than a mode of ini: what matters in it is the top-level
 * assignments ("SECRET_KEY = ...", "OPENSTACK_HOST = ...", "CACHES = {...}")
 * and everything else (imports, comments, code) must be left alone.
 *
 * The text is scanned as Python's tokenizer would split it into logical
 * lines: a statement runs on over open brackets, triple-quoted strings and
 * backslash-newlines; "#" starts a comment outside strings.  A logical line
 * that starts in the first column with "NAME =" (not "==") is an
 * assignment; its expression is the text after the "=", without the
 * trailing comment and white space.  Indented code (inside an "if" or a
 * "def") and other statements are kept as text and not looked at.  As in
 * Python, a name assigned twice takes the last value.
 *
 * Ownership: struct pysettings owns its text and the strings it hands
 * out; they stay valid until the next edit or pysettings_free(). */
#ifndef OU_PYSETTINGS_H
#define OU_PYSETTINGS_H

#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

struct pysettings;

/* Public so a caller can walk the assignments; read-only. */
struct pysettings_assignment {
	const char *name;
	const char *expr;	/* the expression's text, as written */
	unsigned line;		/* 1-based, where the statement starts */
	unsigned end_line;	/* where its expression ends */
	size_t expr_column;	/* bytes before the expression on `line` */
};

/* Parse len bytes; name is for messages.  An unterminated string, an
 * unclosed or unmatched bracket is an error ("name:line:column: ..."),
 * since Python would refuse the file too. */
int pysettings_parse(const char *name, const char *text, size_t len,
		     struct pysettings **out, struct ou_error *err);
void pysettings_free(struct pysettings *ps);

/* Append the text as it stands (unchanged: the bytes it was parsed from). */
void pysettings_write(const struct pysettings *ps, struct strbuf *out);

size_t pysettings_count(const struct pysettings *ps);
const struct pysettings_assignment *pysettings_at(const struct pysettings *ps,
						  size_t i);
/* The last assignment of name (the one Python keeps), or NULL. */
const struct pysettings_assignment *pysettings_find(const struct pysettings *ps,
						    const char *name);
/* Its expression text, or NULL. */
const char *pysettings_get(const struct pysettings *ps, const char *name);
/* The assignment whose statement covers a line (1-based), or NULL. */
const struct pysettings_assignment *
pysettings_line_assignment(const struct pysettings *ps, unsigned line);

/* Give name the expression text expr (any Python expression, possibly
 * spanning lines).  Where name is assigned, the last assignment's
 * expression is replaced and every other byte kept.  Where it is not, a
 * line "NAME = expr" goes after its commented-out example ("#NAME = ..."
 * and the commented lines of its brackets), else at the end of the file.
 * Fails, changing nothing, when name is not a Python identifier or the
 * result would not read back as that one assignment (an unbalanced
 * bracket, a second statement in expr). */
int pysettings_set(struct pysettings *ps, const char *name, const char *expr,
		   struct ou_error *err);

#endif
