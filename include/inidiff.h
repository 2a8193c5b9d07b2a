/* inidiff: what changed between a configuration file and its .rpmnew,
 * option by option rather than line by line.
 *
 * The packaged files are mostly comments: each option documented by a
 * paragraph and its commented-out default ("#key=value").  Between two
 * releases thousands of comment lines change while what an operator needs
 * is "3 options added, neutron_url moved to [neutron] url, a default
 * changed, your 12 values kept".  The current file is the old package's
 * text plus the operator's edits, so its commented defaults stand for the
 * old release and its set options are the operator's values.
 *
 * An option is known to a file when the file sets it or documents it (a
 * commented default).  Comparing what each file knows:
 *   - added: the new file knows it, the current one does not;
 *   - removed: the current file documents it, the new one does not know it
 *     (an option set but documented by neither file is not called
 *     removed: there is no sign the new release dropped it);
 *   - moved: the new file knows it under another section or name, found
 *     through the new file's "# Deprecated group/name - [G]/N" comments,
 *     or, failing those, as the same key with the same value in exactly
 *     one other section;
 *   - default changed: both document it, with different defaults;
 *   - new value: the new file itself sets it, to a value the current file
 *     does not have.
 * Each option the operator set gets a fate: kept (same place in new),
 * carried (new knows it under another name or section, e.g. through a
 * deprecated name), dropped (new no longer knows it), or undocumented (no
 * file documents it; it stays as set).
 *
 * Ownership: a struct inidiff points into the two ini structs it was made
 * from, which must outlive it and stay unedited; it owns the rest.  Its
 * fields are public so the review and the screens can walk them;
 * read-only. */
#ifndef OU_INIDIFF_H
#define OU_INIDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "diff.h"
#include "ini.h"
#include "strbuf.h"

enum inidiff_kind {
	INIDIFF_ADDED,
	INIDIFF_REMOVED,
	INIDIFF_MOVED,
	INIDIFF_DEFAULT_CHANGED,
	INIDIFF_NEW_VALUE,
};

struct inidiff_item {
	enum inidiff_kind kind;
	const char *section;	/* in the new file; REMOVED: in the current */
	const char *key;
	const char *old_section;	/* in the current file; NULL for ADDED */
	const char *old_key;
	const char *old_value;	/* DEFAULT_CHANGED, MOVED: the current default;
				 * NEW_VALUE: the current value; else NULL */
	const char *new_value;	/* ... and the new one */
	unsigned old_line;	/* 0 where there is none */
	unsigned new_line;
	bool by_deprecated_name;	/* MOVED through a deprecated-name comment */
};

enum inidiff_fate {
	INIDIFF_KEPT,
	INIDIFF_CARRIED,
	INIDIFF_DROPPED,
	INIDIFF_UNDOCUMENTED,
};

/* An option set in the current file. */
struct inidiff_mine {
	const char *section;	/* where the current file sets it */
	const char *key;
	const char *to_section;	/* where it belongs in the new file; */
	const char *to_key;	/* the same as section/key unless CARRIED */
	enum inidiff_fate fate;
	const char *const *values;	/* every value, in order (multi-valued) */
	size_t n_values;
	unsigned line;		/* of its first value */
	const char *new_value;	/* what the new file itself sets there, or NULL */
};

struct inidiff {
	struct inidiff_item *items;	/* in the new file's order, then removals */
	size_t n_items;
	struct inidiff_mine *mine;	/* in the current file's order */
	size_t n_mine;
	size_t n_hunks;		/* of the line diff, current -> new */
	size_t comment_hunks;	/* hunks that change only comments and blanks */
	size_t comment_lines;	/* the lines those hunks change */
};

struct inidiff *inidiff_new(const struct ini *current, const struct ini *rpmnew);
void inidiff_free(struct inidiff *d);

/* Whether a hunk of a line diff (a = current, b = new) changes only
 * comment and blank lines: the churn a screen folds away. */
bool inidiff_hunk_is_comment_only(const struct ini *a, const struct ini *b,
				  const struct diff *d, size_t hunk);

/* The option view as text for the operator, one line per kind of change
 * ("3 options added: [DEFAULT] a, ...", "[DEFAULT] neutron_url moved to
 * [neutron] url", "your 12 settings: ...", "240 comment lines changed in
 * 31 hunks (folded)"), secrets masked (see secret.h). */
void inidiff_write_summary(const struct inidiff *d, struct strbuf *out);

#endif
