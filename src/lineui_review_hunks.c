/* lineui_review_hunks: hunk by hunk (h): theirs, mine or an edit in
 * $EDITOR; comment-only hunks folded (lineui_review_private.h). */
#include "config.h"

#include <stdlib.h>

#include "lineui_review_private.h"
#include "xalloc.h"

static const char *const lr_pick_names[] = {
	[REVIEW_PICK_MINE] = "mine",
	[REVIEW_PICK_THEIRS] = "theirs",
	[REVIEW_PICK_EDIT] = "edited",
};

struct lr_hunk_walk {
	size_t i, n;
	bool show_all;		/* comment-only hunks too */
	bool shown;		/* hunk i is on the screen */
};

static void
lr_hunk_show(const struct lr *lr, const struct lr_group *lg,
	     const struct lr_hunk_walk *w)
{
	struct strbuf sb = STRBUF_INIT;

	lr_say(lr, "-- hunk %zu of %zu%s", w->i + 1, w->n,
	       review_hunk_is_comment_only(lg->r, lg->g, w->i)
		       ? " (comments only)" : "");
	review_write_hunk(lg->r, lg->g, w->i, &sb);
	lr_put(lr, &sb);
	strbuf_release(&sb);
}

static void
lr_hunk_help(const struct lr *lr)
{
	lr_say(lr, "Enter keeps the pick shown in brackets and goes on; t takes "
	       "the new lines (theirs), m keeps your lines (mine), e edits the "
	       "hunk's lines in $EDITOR; a walks every hunk again from the "
	       "first, the folded comment-only ones too; b goes back to the "
	       "file's question; q postpones the whole review.");
}

/* Restore a hunk's pick after a dropped edit. */
static void
lr_hunk_restore(struct lr_group *lg, size_t i, enum review_pick pick,
		const struct strbuf *text)
{
	review_pick_hunk(lg->r, lg->g, i, pick, strbuf_str(text), text->len,
			 NULL);
}

static enum lr_next
lr_hunk_edit(const struct lr *lr, struct lr_group *lg, size_t i)
{
	enum review_pick old = review_hunk_pick(lg->r, lg->g, i);
	struct strbuf old_text = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	enum lr_next next = LR_ASK;

	review_hunk_text(lg->r, lg->g, i, REVIEW_PICK_EDIT, &old_text);
	review_hunk_text(lg->r, lg->g, i,
			 old == REVIEW_PICK_EDIT ? REVIEW_PICK_EDIT
						 : REVIEW_PICK_THEIRS, &text);
	for (;;) {
		struct strbuf edited = STRBUF_INIT;
		int rc = lr_edit_bytes(lr, lr_basename(review_path(lg->r)), &text,
				       &edited);

		if (rc != 0) {
			strbuf_release(&edited);
			next = LR_ASK;
			break;
		}
		review_pick_hunk(lg->r, lg->g, i, REVIEW_PICK_EDIT,
				 strbuf_str(&edited), edited.len, NULL);
		if (lr_check_results(lg, &err) == 0) {
			strbuf_release(&edited);
			next = LR_DONE;
			break;
		}
		lr_hunk_restore(lg, i, old, &old_text);
		next = lr_ask_reopen(lr, &err);
		strbuf_reset(&text);
		strbuf_add(&text, strbuf_str(&edited), edited.len);
		strbuf_release(&edited);
		if (next != LR_ASK) {
			next = next == LR_BACK ? LR_ASK : next;
			break;
		}
	}
	strbuf_release(&text);
	strbuf_release(&old_text);
	return next;
}

static enum lr_next
lr_hunk_pick(struct lr_group *lg, size_t i, enum review_pick pick)
{
	review_pick_hunk(lg->r, lg->g, i, pick, NULL, 0, NULL);
	return LR_DONE;
}

/* One hunk's question: LR_DONE goes to the next hunk. */
static enum lr_next
lr_hunk_ask(const struct lr *lr, struct lr_group *lg, struct lr_hunk_walk *w)
{
	enum review_pick pick = review_hunk_pick(lg->r, lg->g, w->i);
	struct lr_answer a;
	enum lr_next next = LR_ASK;
	char *head;

	if (!w->shown)
		lr_hunk_show(lr, lg, w);
	w->shown = true;
	head = xasprintf("Hunk %zu of %zu", w->i + 1, w->n);
	if (!lr_ask_choices(lr, head, "t theirs, m mine, e edit, b back, ? help",
			    lr_pick_names[pick], &a)) {
		free(head);
		return LR_EOF;
	}
	free(head);
	if (a.word[0] == '\0') {
		next = LR_DONE;
	} else if (lr_is(a.word, "t", "theirs")) {
		next = lr_hunk_pick(lg, w->i, REVIEW_PICK_THEIRS);
	} else if (lr_is(a.word, "m", "mine")) {
		next = lr_hunk_pick(lg, w->i, REVIEW_PICK_MINE);
	} else if (lr_is(a.word, "e", "edit")) {
		next = lr_hunk_edit(lr, lg, w->i);
	} else if (lr_is(a.word, "a", "all")) {
		w->show_all = true;
		w->i = 0;
		w->shown = false;
		lr_say(lr, "Every hunk, from the first:");
	} else if (lr_is(a.word, "b", "back")) {
		next = LR_BACK;
	} else if (lr_is(a.word, "q", "quit")) {
		next = LR_POSTPONE;
	} else if (lr_is(a.word, "?", "help")) {
		lr_hunk_help(lr);
	} else {
		lr_say(lr, "\"%s\" is not an answer here: t, m, e, a, b, q or "
		       "? (Enter keeps %s).", a.word, lr_pick_names[pick]);
	}
	if (next == LR_DONE && a.word[0] != '\0') {
		lg->hunks_picked = true;
		lg->text_edited = false;
	}
	lr_answer_free(&a);
	return next;
}

static void
lr_hunks_tally(const struct lr *lr, const struct lr_group *lg, size_t n)
{
	size_t count[REVIEW_PICK_EDIT + 1] = { 0 };

	for (size_t i = 0; i < n; i++)
		count[review_hunk_pick(lg->r, lg->g, i)]++;
	lr_say(lr, "Hunks: %zu theirs, %zu mine, %zu edited.",
	       count[REVIEW_PICK_THEIRS], count[REVIEW_PICK_MINE],
	       count[REVIEW_PICK_EDIT]);
}

static size_t
lr_count_folded(const struct lr_group *lg, size_t n)
{
	size_t folded = 0;

	for (size_t i = 0; i < n; i++)
		folded += review_hunk_is_comment_only(lg->r, lg->g, i);
	return folded;
}

enum lr_next
lr_hunks(const struct lr *lr, struct lr_group *lg)
{
	struct lr_hunk_walk w = { .n = review_hunk_count(lg->r, lg->g) };
	size_t folded = lr_count_folded(lg, w.n);
	enum lr_next next = LR_DONE;

	if (w.n == 0) {
		lr_say(lr, "No hunks: the proposal is your file as it is.");
		return LR_ASK;
	}
	if (lg->text_edited)
		lr_say(lr, "These are the proposal's hunks: picking one drops "
		       "the text you edited.");
	if (folded == w.n) {
		w.show_all = true;
		lr_say(lr, "Every hunk changes only comments or blank lines.");
	} else if (folded > 0) {
		lr_say(lr, "%zu of the %zu hunks change only comments or blank "
		       "lines: folded (a shows them).", folded, w.n);
	}
	while (w.i < w.n && (next == LR_DONE || next == LR_ASK)) {
		if (!w.show_all && review_hunk_is_comment_only(lg->r, lg->g, w.i)) {
			w.i++;
			continue;
		}
		next = lr_hunk_ask(lr, lg, &w);
		if (next == LR_DONE) {
			w.i++;
			w.shown = false;
		}
	}
	if (next == LR_POSTPONE || next == LR_EOF)
		return next;
	lr_hunks_tally(lr, lg, w.n);
	if (lg->hunks_picked)
		lr_become_merge(lr, lg);
	return LR_ASK;
}
