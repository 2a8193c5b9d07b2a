/* rpmnew: the review screen, where the .rpmnew files a package step
 * left are decided, file by file and group by group of hosts.
 *
 * When the engine asks for a review (ui->reviews), the left pane lists
 * each file and its groups, with the hosts and the decision; the right
 * pane shows the chosen group (ui/revpane.h): its summary, the hunks of
 * the proposal with their picks, comment-only ones folded, and the
 * options with theirs.  Keys decide the file (keep mine, take new,
 * merge), pick per hunk or option, edit the merged text in $EDITOR or
 * type an option's value.  Nothing reaches a host from here until A has
 * shown what applying does on each host, in the engine's own words, to
 * its last line, A again has asked, and y has said yes to that very
 * text (its digest goes back with it).
 *
 * With no review asked, the screen lists what the review steps found,
 * by step and file, with the hosts each is on. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "editor.h"
#include "listview.h"
#include "loop.h"
#include "revpane.h"
#include "rpmapply.h"
#include "rpmfound.h"
#include "screen.h"
#include "strbuf.h"
#include "term.h"
#include "xalloc.h"

/* The left pane's width: a third of the line, within these. */
#define RPMNEW_LEFT_MIN 24
#define RPMNEW_LEFT_MAX 40
/* The heading line above the panes. */
#define RPMNEW_TOP 1

enum rpmnew_focus {
	RPMNEW_FOCUS_FILES,
	RPMNEW_FOCUS_CHANGES,
};

struct rpmnew {
	struct ui *ui;
	struct rpmfound found;	/* no review asked: what was found */
	struct revpane pane;
	unsigned serial;		/* of the reviews the pane holds */
	enum rpmnew_focus focus;
	struct listview files;
	struct listview changes;
	size_t built;			/* the item the lines are for... */
	bool stale;			/* ...unless they must be built again */
	int rows;
	int width;			/* of the window, when last drawn */
	struct rpmapply apply;		/* A: what applying does */
	size_t option_asked;		/* the line an option's value is for */
};

static void *
rpmnew_create(struct ui *ui)
{
	struct rpmnew *r = xcalloc(1, sizeof *r);

	r->ui = ui;
	r->found.ui = ui;
	r->stale = true;
	r->apply = (struct rpmapply){ .ui = ui, .text = STRBUF_INIT };
	return r;
}

static void
rpmnew_destroy(void *data)
{
	struct rpmnew *r = data;

	rpmapply_stop(&r->apply);
	revpane_release(&r->pane);
	free(r);
}

/* The reviews the engine asks about now, taken when they changed. */
static bool
rpmnew_sync(struct rpmnew *r)
{
	const struct ui_reviews *rv = &r->ui->reviews;

	if (rv->serial == r->serial && (r->pane.n_reviews > 0 || rv->n == 0))
		return rv->n > 0;
	r->serial = rv->serial;
	rpmapply_stop(&r->apply);
	revpane_init(&r->pane, rv->items, rv->n);
	r->files = (struct listview){ .cursor = rv->n > 0 ? 1 : 0 };
	r->changes = (struct listview){ 0 };
	r->focus = RPMNEW_FOCUS_FILES;
	r->stale = true;
	return rv->n > 0;
}

static size_t
rpmnew_item(const struct rpmnew *r)
{
	return r->files.cursor;
}

/* Where the cursor is: on which option or hunk, how many lines in. */
struct rpmnew_spot {
	enum revpane_target target;
	size_t index;
	size_t offset;
};

static struct rpmnew_spot
rpmnew_spot(const struct rpmnew *r)
{
	const struct revpane *p = &r->pane;
	size_t at = r->changes.cursor;
	struct rpmnew_spot spot = { .target = REVPANE_TARGET_NONE };

	if (at >= p->n_lines)
		return spot;
	spot.target = p->lines[at].target;
	spot.index = p->lines[at].index;
	while (at > spot.offset && p->lines[at - spot.offset - 1].target ==
	       spot.target && p->lines[at - spot.offset - 1].index == spot.index)
		spot.offset++;
	return spot;
}

/* After the lines were made again (a pick changes the proposal, and
 * so the hunks and the lines' count): the cursor back on the option or
 * hunk it was on, as many lines in (its pick is on its last line). */
static void
rpmnew_keep_cursor(struct rpmnew *r, struct rpmnew_spot spot)
{
	const struct revpane *p = &r->pane;
	size_t i = 0;

	if (spot.target == REVPANE_TARGET_NONE)
		return;
	while (i < p->n_lines && (p->lines[i].target != spot.target ||
				  p->lines[i].index != spot.index))
		i++;
	if (i == p->n_lines)
		return;
	for (size_t k = 0; k < spot.offset && i + 1 < p->n_lines &&
	     p->lines[i + 1].target == spot.target &&
	     p->lines[i + 1].index == spot.index; k++)
		i++;
	r->changes.cursor = i;
}

/* The right pane's lines, for the item under the cursor, to width. */
static void
rpmnew_build(struct rpmnew *r, size_t width)
{
	struct rpmnew_spot spot = { .target = REVPANE_TARGET_NONE };

	if (!r->stale && r->built == rpmnew_item(r) && r->pane.width == width)
		return;
	if (r->built != rpmnew_item(r))
		r->changes = (struct listview){ 0 };
	else
		spot = rpmnew_spot(r);
	revpane_build(&r->pane, rpmnew_item(r), width);
	rpmnew_keep_cursor(r, spot);
	r->built = rpmnew_item(r);
	r->stale = false;
}

/* ---- drawing ------------------------------------------------------------- */

static int
rpmnew_left_width(int width)
{
	int w = width / 3;

	return w < RPMNEW_LEFT_MIN ? RPMNEW_LEFT_MIN
	       : w > RPMNEW_LEFT_MAX ? RPMNEW_LEFT_MAX : w;
}

static void
rpmnew_draw_heading(struct rpmnew *r, WINDOW *win, int width)
{
	const struct theme *th = &r->ui->theme;
	char apply[32];
	char *text;

	keymap_first_key(&keymap_review, ACTION_APPLY, apply, sizeof apply);
	text = xasprintf(" New configuration files (.rpmnew): %zu to decide; "
			 "%s shows what applying does", r->pane.n_reviews,
			 apply);
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING), text);
	free(text);
}

static attr_t
rpmnew_cursor_attr(const struct rpmnew *r, enum rpmnew_focus pane)
{
	return theme_attr(&r->ui->theme, r->focus == pane ? THEME_CURSOR
							  : THEME_CURSOR_IDLE);
}

/* A path too long for the pane keeps its end, where its name is. */
static const char *
rpmnew_tail(const char *text, int width, bool *cut)
{
	const char *s = text;

	*cut = false;
	while (*s != '\0' && draw_columns(s) > width) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
		*cut = true;
	}
	/* From a directory's name on, not from the middle of one. */
	if (*cut && s[-1] != '/' && strchr(s, '/') != NULL)
		s = strchr(s, '/') + 1;
	return s;
}

static void
rpmnew_draw_file(WINDOW *win, int y, int width, attr_t attr,
		 const char *text)
{
	bool cut;
	const char *tail = rpmnew_tail(text, width - 4, &cut);

	if (!cut) {
		draw_text(win, y, 1, width - 1, attr, text);
		return;
	}
	draw_text(win, y, 1, 3, attr, "...");
	draw_text(win, y, 4, width - 4, attr, tail);
}

static void
rpmnew_draw_files(struct rpmnew *r, WINDOW *win, int rows, int width)
{
	const struct theme *th = &r->ui->theme;

	listview_set_count(&r->files, r->pane.n_items, rows);
	for (int i = 0; i < rows; i++) {
		size_t item = r->files.top + (size_t)i;
		struct strbuf text = STRBUF_INIT;
		bool file;
		attr_t attr;

		if (item >= r->pane.n_items)
			break;
		file = r->pane.items[item].file;
		attr = item == r->files.cursor
		       ? rpmnew_cursor_attr(r, RPMNEW_FOCUS_FILES)
		       : theme_attr(th, file ? THEME_LABEL : THEME_NORMAL);
		revpane_item_text(&r->pane, item, &text);
		draw_line(win, RPMNEW_TOP + i, 0, width, attr, "");
		if (file)
			rpmnew_draw_file(win, RPMNEW_TOP + i, width, attr,
					 strbuf_str(&text));
		else
			draw_text(win, RPMNEW_TOP + i, 3, width - 3, attr,
				  strbuf_str(&text));
		strbuf_release(&text);
	}
}

static attr_t
rpmnew_line_attr(const struct theme *th, enum revpane_line_kind kind)
{
	switch (kind) {
	case REVPANE_HEADING:
		return theme_attr(th, THEME_HEADING);
	case REVPANE_HUNK_HEAD:
		return theme_attr(th, THEME_LABEL);
	case REVPANE_HUNK_DEL:
		return theme_state_attr(th, UI_STATE_FAILED);
	case REVPANE_HUNK_ADD:
		return theme_state_attr(th, UI_STATE_DONE);
	case REVPANE_FOLDED:
		return theme_attr(th, THEME_DIM);
	default:
		return theme_attr(th, THEME_NORMAL);
	}
}

static void
rpmnew_draw_changes(struct rpmnew *r, WINDOW *win, int x, int rows,
		    int width)
{
	const struct theme *th = &r->ui->theme;

	listview_set_count(&r->changes, r->pane.n_lines, rows);
	for (int i = 0; i < rows; i++) {
		size_t l = r->changes.top + (size_t)i;
		const struct revpane_line *line;
		attr_t attr;

		if (l >= r->pane.n_lines)
			break;
		line = &r->pane.lines[l];
		attr = l == r->changes.cursor
		       ? rpmnew_cursor_attr(r, RPMNEW_FOCUS_CHANGES)
		       : rpmnew_line_attr(th, line->kind);
		draw_line(win, RPMNEW_TOP + i, x, width, attr, "");
		draw_text(win, RPMNEW_TOP + i, x + 1, width - 1, attr,
			  line->text);
	}
}

static void
rpmnew_draw_separator(struct rpmnew *r, WINDOW *win, int x, int rows)
{
	const struct theme *th = &r->ui->theme;

	for (int i = 0; i < rows; i++)
		draw_text(win, RPMNEW_TOP + i, x, 1, theme_attr(th, THEME_DIM),
			  theme_glyph(th, THEME_GLYPH_SEPARATOR));
}

static void
rpmnew_draw_review(struct rpmnew *r, WINDOW *win, int height, int width)
{
	int left = rpmnew_left_width(width);

	r->rows = height - RPMNEW_TOP;
	r->width = width;
	/* The pane's text starts one column in. */
	rpmnew_build(r, (size_t)(width - left - 2));
	rpmnew_draw_heading(r, win, width);
	rpmnew_draw_files(r, win, r->rows, left);
	rpmnew_draw_separator(r, win, left, r->rows);
	rpmnew_draw_changes(r, win, left + 1, r->rows, width - left - 1);
}

static void
rpmnew_draw(void *data, WINDOW *win)
{
	struct rpmnew *r = data;
	int height, width;

	getmaxyx(win, height, width);
	if (!rpmnew_sync(r))
		rpmfound_draw(&r->found, win, height, width);
	else if (r->apply.active)
		rpmapply_draw(&r->apply, win, height, width);
	else
		rpmnew_draw_review(r, win, height, width);
}

/* ---- deciding -------------------------------------------------------------- */

static unsigned
rpmnew_say(struct rpmnew *r, const char *what, const struct ou_error *err)
{
	ui_message(r->ui, "%s: %s", what, err->msg);
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
rpmnew_changed(struct rpmnew *r)
{
	r->stale = true;
	return LOOP_HANDLED | LOOP_REDRAW;
}

/* On a file's row the decision is each of its groups'. */
static unsigned
rpmnew_decide(struct rpmnew *r, enum review_decision decision)
{
	const struct revpane_item *it = &r->pane.items[rpmnew_item(r)];

	for (size_t i = 0; i < r->pane.n_items; i++) {
		const struct revpane_item *other = &r->pane.items[i];

		if (other->file || other->review != it->review ||
		    (!it->file && other->group != it->group))
			continue;
		revpane_decide(&r->pane, i, decision);
	}
	return rpmnew_changed(r);
}

static unsigned
rpmnew_pick(struct rpmnew *r, enum review_pick pick)
{
	struct ou_error err = { { 0 } };

	if (r->focus != RPMNEW_FOCUS_CHANGES) {
		ui_message(r->ui, "Tab to the changes, onto a hunk or an "
			   "option, to pick it.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (revpane_pick(&r->pane, rpmnew_item(r), r->changes.cursor, pick,
			 &err) < 0)
		return rpmnew_say(r, "Not picked", &err);
	return rpmnew_changed(r);
}

static unsigned
rpmnew_answer_option(void *arg, const char *value)
{
	struct rpmnew *r = arg;
	struct ou_error err = { { 0 } };

	if (value == NULL)
		return LOOP_HANDLED | LOOP_REDRAW;
	if (r->stale || r->changes.cursor != r->option_asked) {
		ui_message(r->ui, "The list changed before the value came; "
			   "nothing was changed.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (revpane_edit_option(&r->pane, rpmnew_item(r), r->option_asked,
				value, &err) < 0)
		return rpmnew_say(r, "Not set", &err);
	return rpmnew_changed(r);
}

/* A secret's value is typed as stars: it must not show on screen. */
static unsigned
rpmnew_ask_option(struct rpmnew *r, size_t option)
{
	const struct revpane_item *it = &r->pane.items[rpmnew_item(r)];
	const struct review_option *o =
		review_option_at(r->pane.reviews[it->review], it->group,
				 option);

	r->option_asked = r->changes.cursor;
	ui_ask(r->ui, false, rpmnew_answer_option, r, "Value of %s%s%s%s "
	       "(Esc keeps it as it is): ", o->section != NULL ? "[" : "",
	       o->section != NULL ? o->section : "",
	       o->section != NULL ? "] " : "", o->name);
	r->ui->ask.hidden = review_option_is_secret(o);
	return LOOP_HANDLED | LOOP_REDRAW;
}

/* The name of the file, for the editor's file name. */
static const char *
rpmnew_base_name(const struct rpmnew *r)
{
	const struct revpane_item *it = &r->pane.items[rpmnew_item(r)];
	const char *path = review_path(r->pane.reviews[it->review]);
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* $EDITOR on the group's merged text; the terminal is its meanwhile. */
static unsigned
rpmnew_edit_text(struct rpmnew *r)
{
	struct strbuf text = STRBUF_INIT;
	struct strbuf edited = STRBUF_INIT;
	struct ou_error err = { { 0 } };
	int rc = revpane_result(&r->pane, rpmnew_item(r), &text, &err);

	if (rc == 0) {
		term_suspend();
		rc = editor_edit(rpmnew_base_name(r), strbuf_str(&text),
				 text.len, &edited, &err);
		term_resume();
	}
	if (rc == 0 && (edited.len != text.len ||
			memcmp(strbuf_str(&edited), strbuf_str(&text),
			       text.len) != 0))
		rc = revpane_set_text(&r->pane, rpmnew_item(r),
				      strbuf_str(&edited), edited.len, &err);
	strbuf_release(&text);
	strbuf_release(&edited);
	if (rc < 0)
		return rpmnew_say(r, "Not edited", &err) | LOOP_RESIZE;
	return rpmnew_changed(r) | LOOP_RESIZE;
}

static unsigned
rpmnew_edit(struct rpmnew *r)
{
	const struct revpane_line *line;

	rpmnew_build(r, r->pane.width);
	line = r->changes.cursor < r->pane.n_lines
	       ? &r->pane.lines[r->changes.cursor] : NULL;
	if (r->focus != RPMNEW_FOCUS_CHANGES || line == NULL ||
	    line->target != REVPANE_TARGET_OPTION)
		return rpmnew_edit_text(r);
	return rpmnew_ask_option(r, line->index);
}

/* ---- keys -------------------------------------------------------------------- */

static unsigned
rpmnew_move(struct rpmnew *r, enum action action)
{
	if (r->focus == RPMNEW_FOCUS_FILES)
		return listview_key(&r->files, action, r->rows);
	return listview_key(&r->changes, action, r->rows);
}

static unsigned
rpmnew_pane_key(struct rpmnew *r, enum action action)
{
	switch (action) {
	case ACTION_NEXT_PANE:
		r->focus = r->focus == RPMNEW_FOCUS_FILES ? RPMNEW_FOCUS_CHANGES
							  : RPMNEW_FOCUS_FILES;
		return LOOP_HANDLED | LOOP_REDRAW;
	case ACTION_ENTER:
		r->focus = RPMNEW_FOCUS_CHANGES;
		return LOOP_HANDLED | LOOP_REDRAW;
	case ACTION_BACK:
		if (r->focus == RPMNEW_FOCUS_FILES)
			return 0;
		r->focus = RPMNEW_FOCUS_FILES;
		return LOOP_HANDLED | LOOP_REDRAW;
	default:
		return rpmnew_move(r, action);
	}
}

static bool
rpmnew_is_hunk_start(const struct revpane_line *line)
{
	return line->kind == REVPANE_HUNK_HEAD || line->kind == REVPANE_FOLDED;
}

/* ] and [: the cursor to the first line of the next hunk, or the one
 * before, in the changes' pane. */
static unsigned
rpmnew_goto_hunk(struct rpmnew *r, bool forward)
{
	const struct revpane *p = &r->pane;
	size_t at = r->changes.cursor;

	r->focus = RPMNEW_FOCUS_CHANGES;
	for (size_t i = 1; i <= p->n_lines; i++) {
		size_t l = forward ? at + i : at - i;

		if (forward ? l >= p->n_lines : i > at)
			break;
		if (rpmnew_is_hunk_start(&p->lines[l])) {
			r->changes.cursor = l;
			listview_fit(&r->changes, r->rows);
			return LOOP_HANDLED | LOOP_REDRAW;
		}
	}
	ui_message(r->ui, forward ? "No hunk below." : "No hunk above.");
	return LOOP_HANDLED | LOOP_REDRAW;
}

static unsigned
rpmnew_review_key(struct rpmnew *r, enum action action)
{
	switch (action) {
	case ACTION_NEXT_HUNK:
		return rpmnew_goto_hunk(r, true);
	case ACTION_PREV_HUNK:
		return rpmnew_goto_hunk(r, false);
	case ACTION_KEEP_MINE:
		return rpmnew_decide(r, REVIEW_KEEP_MINE);
	case ACTION_TAKE_NEW:
		return rpmnew_decide(r, REVIEW_TAKE_NEW);
	case ACTION_MERGE:
		return rpmnew_decide(r, REVIEW_MERGE);
	case ACTION_PICK_MINE:
		return rpmnew_pick(r, REVIEW_PICK_MINE);
	case ACTION_PICK_THEIRS:
		return rpmnew_pick(r, REVIEW_PICK_THEIRS);
	case ACTION_EDIT:
		return rpmnew_edit(r);
	case ACTION_UNFOLD:
		revpane_toggle_fold(&r->pane, rpmnew_item(r));
		return rpmnew_changed(r);
	case ACTION_APPLY:
		return rpmapply_start(&r->apply, r->width);
	default:
		return rpmnew_pane_key(r, action);
	}
}

static unsigned
rpmnew_key(void *data, enum action action)
{
	struct rpmnew *r = data;

	if (!rpmnew_sync(r))
		return rpmfound_key(&r->found, action);
	if (r->apply.active)
		return rpmapply_key(&r->apply, action);
	return rpmnew_review_key(r, action);
}

static unsigned
rpmnew_event(void *data, enum ui_event event)
{
	struct rpmnew *r = data;

	switch (event) {
	case UI_EVENT_PROMPT:
		r->stale = true;
		return LOOP_REDRAW;
	case UI_EVENT_MODEL:
	case UI_EVENT_OUTPUT:
		return LOOP_REDRAW;
	default:
		return 0;
	}
}

static const enum action rpmnew_hints[] = {
	ACTION_APPLY, ACTION_NEXT_PANE, ACTION_NOW, ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops review_screen = {
	.name = "Review",
	.keymap = &keymap_review,
	.hints = rpmnew_hints,
	.n_hints = sizeof rpmnew_hints / sizeof rpmnew_hints[0],
	.create = rpmnew_create,
	.destroy = rpmnew_destroy,
	.draw = rpmnew_draw,
	.key = rpmnew_key,
	.event = rpmnew_event,
};
