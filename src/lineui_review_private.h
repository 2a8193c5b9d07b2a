/* lineui_review_private: what the files of line mode's review share;
 * nothing outside src/lineui_review*.c includes it.  The public surface
 * is include/lineui_review.h.
 *
 *   lineui_review.c          the walk: file by file, the group question
 *   lineui_review_say.c      our text wrapped to the width; the answers
 *   lineui_review_result.c   the group's result: checking and taking it
 *   lineui_review_hunks.c    hunk by hunk (h)
 *   lineui_review_options.c  option by option (v)
 *   lineui_review_tools.c    $EDITOR (e), $MERGE (m), $SHELL (z), on
 *                            tempedit's private files (tempedit.h)
 *
 * Every loop that asks a question is bounded by the operator: each turn
 * reads a line, and the end of input ends the walk. */
#ifndef OU_LINEUI_REVIEW_PRIVATE_H
#define OU_LINEUI_REVIEW_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lineui_review.h"
#include "ou_error.h"
#include "review.h"
#include "strbuf.h"

#define LR_WORD_MAX 32

/* Where an answer leads. */
enum lr_next {
	LR_ASK,		/* ask the same question again */
	LR_DONE,	/* answered: go on */
	LR_BACK,	/* leave a hunk or option walk */
	LR_POSTPONE,	/* "q": nothing is applied */
	LR_EOF,		/* input ended or a stop came */
};

/* The walk: where it reads and writes.  Borrowed from the caller. */
struct lr {
	const struct lineui_review_io *io;
	FILE *out;
	unsigned width;
};

/* The group being asked about. */
struct lr_group {
	struct review *r;
	size_t g;
	bool text_edited;	/* an edited text ($EDITOR, $MERGE) stands */
	bool hunks_picked;	/* a hunk was picked by hand */
};

/* One line the operator typed; line is owned (lr_answer_free). */
struct lr_answer {
	char *line;
	char word[LR_WORD_MAX];	/* the first word, lower-cased */
	const char *rest;	/* after it and its blanks */
};

/* ---- lineui_review_say.c ---- */

/* Our own text, its words wrapped to the width. */
void lr_say(const struct lr *lr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Display text from the review (already masked), as it is. */
void lr_put(const struct lr *lr, const struct strbuf *sb);
/* The first word of text, lower-cased (cut at LR_WORD_MAX - 1 bytes);
 * returns what follows it and its blanks. */
const char *lr_take_word(const char *text, char word[LR_WORD_MAX]);
/* false when input ended (a->line is then NULL). */
bool lr_ask(const struct lr *lr, const char *prompt, struct lr_answer *a);
/* "HEAD: CHOICES [DEFAULT]: " when it fits the width; else the choices
 * on their own (wrapped) and "HEAD [DEFAULT]: ". */
bool lr_ask_choices(const struct lr *lr, const char *head,
		    const char *choices, const char *dflt,
		    struct lr_answer *a);
void lr_answer_free(struct lr_answer *a);
/* word is a, or b when b is not NULL. */
bool lr_is(const char *word, const char *a, const char *b);

/* ---- lineui_review_result.c ---- */

const char *lr_basename(const char *path);
size_t lr_first_host(const struct lr_group *lg);
/* The first host's result of the group's decision so far. */
int lr_group_result(const struct lr_group *lg, struct strbuf *out,
		    struct ou_error *err);
/* Every host's result is still a file of its kind (after a hunk edit). */
int lr_check_results(const struct lr_group *lg, struct ou_error *err);
void lr_become_merge(const struct lr *lr, struct lr_group *lg);
/* After a text that does not parse (err says why): LR_ASK to reopen it,
 * LR_BACK to drop it, or the walk's end. */
enum lr_next lr_ask_reopen(const struct lr *lr, const struct ou_error *err);
/* Take an edited whole text, written by source, or say why not: LR_DONE
 * when taken, else as lr_ask_reopen(). */
enum lr_next lr_take_text(const struct lr *lr, struct lr_group *lg,
			  const struct strbuf *text,
			  enum review_text_source source);

/* ---- lineui_review_tools.c ---- */

/* text in $EDITOR, in a file named name: 0 with the new bytes in *out;
 * 1 when nothing came of it (said why). */
int lr_edit_bytes(const struct lr *lr, const char *name,
		  const struct strbuf *text, struct strbuf *out);
/* The group question's e, m and z. */
enum lr_next lr_editor_on_result(const struct lr *lr, struct lr_group *lg);
enum lr_next lr_merge_tool(const struct lr *lr, struct lr_group *lg);
enum lr_next lr_shell(const struct lr *lr, struct lr_group *lg);

/* ---- lineui_review_hunks.c, lineui_review_options.c ---- */

/* The group question's h and v: LR_ASK back to it, or the walk's end. */
enum lr_next lr_hunks(const struct lr *lr, struct lr_group *lg);
enum lr_next lr_options(const struct lr *lr, struct lr_group *lg);

#endif
