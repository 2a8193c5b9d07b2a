/* rpmapply: the review screen's last word: what applying the decisions
 * does on each host, in the engine's words (engine_review_text()), to
 * read to its end; then A asks, y answers, and the digest of that very
 * text goes to the engine (engine_apply_review()), which refuses it if
 * the decisions changed since.  Part of the review screen (ui/rpmnew.c),
 * which draws it into its window while it is active. */
#ifndef OU_UI_RPMAPPLY_H
#define OU_UI_RPMAPPLY_H

#include <curses.h>
#include <stdbool.h>

#include "action.h"
#include "listview.h"
#include "strbuf.h"

struct ui;

struct rpmapply {
	struct ui *ui;		/* borrowed */
	bool active;
	unsigned serial;	/* of the reviews the text was made from */
	struct strbuf text;
	char digest[65];
	char **lines;		/* text, wrapped to the window */
	size_t n_lines;
	struct listview view;
	int rows;
	bool seen_end;		/* its last line has been on screen */
};

/* Asks the engine for the text, to width columns: LOOP_* flags. */
unsigned rpmapply_start(struct rpmapply *a, int width);
void rpmapply_stop(struct rpmapply *a);
void rpmapply_draw(struct rpmapply *a, WINDOW *win, int height, int width);
/* 0: not a key for it (the wizard's own keys go on). */
unsigned rpmapply_key(struct rpmapply *a, enum action action);

#endif
