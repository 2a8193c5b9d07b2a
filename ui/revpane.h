/* revpane: what the review screen shows, as lines, apart from drawing.
 *
 * The screen is given the reviews the engine asks about (one struct
 * review per configuration file, include/review.h).  Its left pane
 * lists each file and, under it, its groups of hosts with their
 * decision; its right pane, for the chosen group, the hosts and their
 * differing values, the summary, the hunks of the proposal with the
 * pick of each (comment-only hunks folded to one line until unfolded),
 * and the options with theirs.  Every text comes from review_write_*(),
 * which masks secrets; this module never reads a value itself.
 *
 * What the review does not keep, the pane does: whether a group's
 * comment-only hunks are unfolded, and whether its whole text was
 * edited (until a pick replaces the edit, as review.h says).
 *
 * Ownership: the reviews are borrowed and must outlive the pane (until
 * revpane_release() or the next revpane_init()).  No curses here. */
#ifndef OU_UI_REVPANE_H
#define OU_UI_REVPANE_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"
#include "review.h"
#include "strbuf.h"

/* A row of the left pane: a file, or one of its groups. */
struct revpane_item {
	size_t review;
	size_t group;		/* a file's row: its first group */
	bool file;
};

enum revpane_line_kind {
	REVPANE_HEADING,	/* "Summary", "Options", ... */
	REVPANE_TEXT,		/* hosts, summary, notes */
	REVPANE_HUNK_HEAD,	/* "@@ -1,4 +1,5 @@", then its pick */
	REVPANE_HUNK_DEL,	/* "-..." */
	REVPANE_HUNK_ADD,	/* "+..." */
	REVPANE_HUNK_SAME,	/* " ..." */
	REVPANE_FOLDED,		/* a comment-only hunk, folded */
	REVPANE_OPTION,		/* review_write_option()'s line */
	REVPANE_BLANK,
};

/* What a line belongs to: the hunk or option a pick on it is for. */
enum revpane_target {
	REVPANE_TARGET_NONE,
	REVPANE_TARGET_HUNK,
	REVPANE_TARGET_OPTION,
};

struct revpane_line {
	enum revpane_line_kind kind;
	char *text;
	enum revpane_target target;
	size_t index;		/* of the hunk or option */
};

struct revpane_group;

struct revpane {
	struct review *const *reviews;	/* borrowed */
	size_t n_reviews;
	struct revpane_item *items;
	size_t n_items;
	struct revpane_group **groups;	/* [review][group] */
	/* The right pane, for the item revpane_build() was given. */
	struct revpane_line *lines;
	size_t n_lines;
	size_t width;		/* what they were wrapped to */
};

void revpane_init(struct revpane *p, struct review *const *reviews,
		  size_t n);
void revpane_release(struct revpane *p);

/* The left pane's row: "/etc/nova/nova.conf (INI)" for a file,
 * "h1, h2 (2 hosts): merge" for a group. */
void revpane_item_text(const struct revpane *p, size_t item,
		       struct strbuf *out);
/* The right pane's lines for the item's group.  Text and option lines
 * wider than width columns are wrapped at blanks (ui/wrap.h; the lines
 * they go on to belong to the same option); diff lines are left whole.
 * width 0: nothing is wrapped. */
void revpane_build(struct revpane *p, size_t item, size_t width);

/* text cut into lines of at most width columns, as the right pane's text
 * lines are wrapped; *n gets their number.  The caller frees each line
 * and the array. */
char **revpane_wrap_text(const char *text, size_t width, size_t *n);

/* "keep mine", "take new", "merge" */
const char *revpane_decision_name(enum review_decision decision);
enum review_decision revpane_decision(const struct revpane *p, size_t item);
void revpane_decide(struct revpane *p, size_t item,
		    enum review_decision decision);
/* Mine or theirs for the hunk or option the line belongs to; -1 (err
 * set) when it belongs to neither. */
int revpane_pick(struct revpane *p, size_t item, size_t line,
		 enum review_pick pick, struct ou_error *err);
/* A value typed for the option the line is on. */
int revpane_edit_option(struct revpane *p, size_t item, size_t line,
			const char *value, struct ou_error *err);
/* The merged text of the group's first host, as $EDITOR starts from. */
int revpane_result(const struct revpane *p, size_t item, struct strbuf *out,
		   struct ou_error *err);
/* The whole text, edited: it replaces the picks (review_set_text()). */
int revpane_set_text(struct revpane *p, size_t item, const char *text,
		     size_t len, struct ou_error *err);
/* Show or fold the group's comment-only hunks. */
void revpane_toggle_fold(struct revpane *p, size_t item);

#endif
