/* diff: a line diff of two texts, its hunks, unified output, and merges
 * of the two sides hunk by hunk.
 *
 * Lines end at "\n"; a last line without one is a different line from
 * the same text with one (as GNU diff sees it, and shows with "\ No
 * newline at end of file").  "\r" is an ordinary byte.
 *
 * Two algorithms, both followed by the same clean-up:
 *   - DIFF_MYERS: Myers' O(ND) algorithm, in linear space (divide and
 *     conquer on the middle snake).  Minimal (fewest changed lines) unless
 *     the inputs are so different that a cost bound cuts the search
 *     short, as GNU diff's does.
 *   - DIFF_HISTOGRAM: anchors the diff on the rarest lines the sides share
 *     (git's histogram idea), falling back to Myers where no line is rare.
 *     It keeps a moved block or a rewritten paragraph as one change where
 *     a minimal diff would interleave matches of blank and "#" lines.
 *   - DIFF_BEST runs both and keeps the one with fewer hunks, then fewer
 *     changed lines, preferring histogram on a tie.
 * The clean-up slides each run of changed lines up and down over equal
 * lines: runs that can touch are merged (fewer hunks), a run lines up with
 * the other side's change where it can, and otherwise it is placed to
 * start after a blank line and end with one, so a removed paragraph shows
 * as that paragraph.
 *
 * Ownership: a struct diff points into the two texts it was made from,
 * which must outlive it; it owns everything else.  Its fields are public
 * so a caller can walk changes and hunks; they are read-only. */
#ifndef OU_DIFF_H
#define OU_DIFF_H

#include <stddef.h>

#include "strbuf.h"

enum diff_algorithm {
	DIFF_BEST,
	DIFF_MYERS,
	DIFF_HISTOGRAM,
};

enum diff_side {
	DIFF_A,			/* the old text: "-" lines */
	DIFF_B,			/* the new text: "+" lines */
};

/* Lines are counted from 0 in these structs. */
struct diff_change {
	size_t a, a_len;	/* a[a, a + a_len) was replaced ... */
	size_t b, b_len;	/* ... by b[b, b + b_len) */
};

/* Changes closer than 2 * context + 1 equal lines share a hunk, as in GNU
 * diff; a hunk's ranges include its context lines. */
struct diff_hunk {
	size_t a, a_len;
	size_t b, b_len;
	size_t first;		/* its changes: changes[first, first + n) */
	size_t n;
};

struct diff_line {
	const char *text;	/* into the caller's text, with the "\n" */
	size_t len;
};

struct diff {
	struct diff_line *a_lines, *b_lines;
	size_t a_n, b_n;
	struct diff_change *changes;
	size_t n_changes;
	struct diff_hunk *hunks;
	size_t n_hunks;
	unsigned context;
	enum diff_algorithm algorithm;	/* the one used (never DIFF_BEST) */
};

/* Diff a (a_len bytes) against b.  context is the number of equal lines
 * around each change in a hunk (3 for diff -u). */
struct diff *diff_new(const char *a, size_t a_len, const char *b,
		      size_t b_len, enum diff_algorithm algorithm,
		      unsigned context);
void diff_free(struct diff *d);

/* How many lines the changes replace, on both sides together. */
size_t diff_changed_lines(const struct diff *d);

/* Unified output.  The labels follow "--- " and "+++ " (GNU diff writes
 * "name<TAB>time"; pass what you want shown).  render, when not NULL,
 * writes a line's display text in place of its bytes (given without the
 * "\n"), e.g. to mask a secret; line is 0-based on that side. */
struct diff_format {
	const char *a_label;
	const char *b_label;
	void (*render)(void *ctx, enum diff_side side, size_t line,
		       const char *text, size_t len, struct strbuf *out);
	void *ctx;
};

/* "--- a\n+++ b\n" then every hunk; nothing at all for equal texts. */
void diff_write_unified(const struct diff *d, const struct diff_format *fmt,
			struct strbuf *out);
/* One hunk: "@@ -l,n +l,n @@" and its lines. */
void diff_write_hunk(const struct diff *d, size_t hunk,
		     const struct diff_format *fmt, struct strbuf *out);

/* A merge: for each hunk, which side's lines to keep, or text of the
 * caller's own that replaces the hunk's whole a-range (its context lines
 * included).  All DIFF_TAKE_A rebuilds a, all DIFF_TAKE_B rebuilds b. */
enum diff_take {
	DIFF_TAKE_A,
	DIFF_TAKE_B,
	DIFF_TAKE_TEXT,
};

struct diff_choice {
	enum diff_take take;
	const char *text;	/* DIFF_TAKE_TEXT */
	size_t len;
};

/* choices has d->n_hunks elements. */
void diff_merge(const struct diff *d, const struct diff_choice *choices,
		struct strbuf *out);

#endif
