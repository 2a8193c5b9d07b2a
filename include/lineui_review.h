/* lineui_review: the review of .rpmnew files in a plain terminal, as
 * rpmconf users know it: file by file, group by group, a question with
 * one-letter answers; then, for a merge, hunk by hunk or option by option.
 *
 * For each file it shows the path, the kind (INI, Python settings, text)
 * and the review's notes; for each group of hosts, the hosts and their
 * differing values, what changed, then asks (Enter takes the default
 * shown, the group's decision so far: at first the runbook's prefer):
 *
 *   y, i   take the new file          n, o   keep mine
 *   p      the proposed merge         d      show the result as a diff
 *   h      hunk by hunk: t theirs, m mine, e edit (comment-only hunks
 *          folded and counted; a shows them)
 *   v      option by option: "N mine", "N theirs", "N edit VALUE";
 *          "N edit" alone asks for the value, with the terminal's echo
 *          off when the option is a secret (secret.h)
 *   e      $EDITOR (else vi) on the merged result
 *   m      $MERGE run as `$MERGE MINE NEW OUTPUT`, OUTPUT holding the
 *          merged result so far; what it leaves there is the result
 *   z      $SHELL (else /bin/sh) in a directory holding MINE, NEW and
 *          the result so far, to look around (nothing is taken back)
 *   ?      help                       q      postpone: nothing is applied
 *
 * Picking a hunk, an option, or an edited text makes the group a merge.
 * An edited text that does not parse is refused with the parser's message
 * and the editor (or tool) can be reopened on it.  Every answer is
 * checked; a wrong one is named and the question asked again.
 *
 * Secrets: what it prints is its own text and the review's display
 * strings (review_write_*), which mask them: the list of options and the
 * line that confirms an edit show a secret's value as "<secret NAME>".
 * A secret's value is best typed at its own prompt (echo off), since
 * "N edit VALUE" shows it on the terminal as it is typed; the operator is
 * told so.  The lines read are wiped before they are freed.  The
 * editor, the merge tool and the shell get the real bytes in files of
 * mode 0600 in a fresh mkdtemp directory (under $TMPDIR, else /tmp),
 * removed when they are done.
 *
 * The editor, the merge tool and the shell run through /bin/sh -c (so
 * $EDITOR may carry arguments) on the process's own terminal, with no
 * signal blocked; the process waits for them. */
#ifndef OU_LINEUI_REVIEW_H
#define OU_LINEUI_REVIEW_H

#include <stddef.h>
#include <stdio.h>

#include "review.h"

struct lineui_review_io {
	/* One line the operator typed, without its newline, malloc'd into
	 * *line (caller frees); 0, or -1 when input ended or a stop came.
	 * It shows the prompt itself (the prompt ends with ": "). */
	int (*read_line)(void *ctx, const char *prompt, char **line);
	/* As read_line, with the terminal's echo off while the line is
	 * typed (secret.h), for a secret option's value.  NULL when there is
	 * no terminal to hide it on: a secret's value is then taken only
	 * from the "N edit VALUE" line. */
	int (*read_secret)(void *ctx, const char *prompt, char **line);
	void *ctx;
	FILE *out;
	unsigned width;		/* 0 = 80 */
};

/* Walks the operator through every review: file by file, group by group:
 * 0 when every group has a decision, 1 when the operator postponed
 * ("q": nothing is applied), -1 when input ended.  On 1 and -1 every
 * group's decision is put back as it was before the call; option and
 * hunk picks made meanwhile stay in the reviews (the caller drops them
 * with the reviews, or asks again). */
int lineui_review_run(const struct lineui_review_io *io,
		      struct review *const *reviews, size_t n);

#endif
