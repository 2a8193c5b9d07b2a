/* rpmfound: the review screen while the engine asks for no review: the
 * .rpmnew files its review steps found (ui/findings.h), by step and
 * file, with the hosts each is on; a group whose step is finished on
 * all its hosts is marked done.  Part of the review screen (ui/rpmnew.c),
 * which draws it into its window. */
#ifndef OU_UI_RPMFOUND_H
#define OU_UI_RPMFOUND_H

#include <curses.h>

#include "action.h"
#include "listview.h"

struct ui;

struct rpmfound {
	struct ui *ui;		/* borrowed */
	struct listview view;
	int rows;
	int path_width;		/* the longest path's, within the line */
};

void rpmfound_draw(struct rpmfound *f, WINDOW *win, int height, int width);
unsigned rpmfound_key(struct rpmfound *f, enum action action);

#endif
