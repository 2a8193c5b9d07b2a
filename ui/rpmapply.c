/* rpmapply: see ui/rpmapply.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "loop.h"
#include "revpane.h"
#include "rpmapply.h"
#include "screen.h"

void
rpmapply_stop(struct rpmapply *a)
{
	for (size_t i = 0; i < a->n_lines; i++)
		free(a->lines[i]);
	free(a->lines);
	a->lines = NULL;
	a->n_lines = 0;
	strbuf_release(&a->text);
	a->active = false;
}

unsigned
rpmapply_start(struct rpmapply *a, int width)
{
	const struct ui_reviews *rv = &a->ui->reviews;
	struct ou_error err = { { 0 } };

	rpmapply_stop(a);
	if (rv->text == NULL) {
		ui_message(a->ui, "Nothing applies from here: the engine asks "
			   "for no review.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	if (rv->text(rv->ctx, &a->text, a->digest, &err) < 0) {
		strbuf_release(&a->text);
		ui_message(a->ui, "Cannot apply: %s", err.msg);
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	a->lines = revpane_wrap_text(strbuf_str(&a->text),
				     width > 1 ? (size_t)width - 1 : 1,
				     &a->n_lines);
	a->active = true;
	a->serial = rv->serial;
	a->seen_end = false;
	a->view = (struct listview){ .scroll_only = true, .n = a->n_lines };
	return LOOP_HANDLED | LOOP_REDRAW;
}

void
rpmapply_draw(struct rpmapply *a, WINDOW *win, int height, int width)
{
	const struct theme *th = &a->ui->theme;

	a->rows = height - 2;
	draw_line(win, 0, 0, width, theme_attr(th, THEME_HEADING),
		  " Apply the decisions: what happens on each host");
	listview_set_count(&a->view, a->n_lines, a->rows);
	for (int i = 0; i < a->rows; i++) {
		size_t l = a->view.top + (size_t)i;

		if (l >= a->n_lines)
			break;
		draw_step_line(win, 1 + i, width, th, a->lines[l], false);
	}
	if (a->view.top + (size_t)a->rows >= a->n_lines)
		a->seen_end = true;
	draw_line(win, height - 1, 0, width, theme_attr(th, THEME_PROMPT),
		  a->seen_end ? " A asks to apply it on the hosts   Esc goes back"
			      : " more below: PgDn, End   Esc goes back");
}

/* y to the question: the digest of the text on screen goes back, if
 * the reviews are still the ones it was made from. */
static unsigned
rpmapply_answer(void *arg, const char *key)
{
	struct rpmapply *a = arg;
	const struct ui_reviews *rv = &a->ui->reviews;
	struct ou_error err = { { 0 } };
	char digest[sizeof a->digest];
	bool yes = key != NULL && (strcmp(key, "y") == 0 ||
				   strcmp(key, "Y") == 0);

	if (!yes || !a->active || rv->serial != a->serial) {
		rpmapply_stop(a);
		ui_message(a->ui, "Nothing was applied.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	memcpy(digest, a->digest, sizeof digest);
	rpmapply_stop(a);
	if (rv->apply(rv->ctx, digest, &err) < 0) {
		ui_message(a->ui, "Not applied: %s", err.msg);
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	ui_message(a->ui, "Applying, on each host: the Now screen follows it.");
	return ui_push(a->ui, SCREEN_NOW, NULL);
}

/* Asked only once the last line of what it does has been on screen. */
static unsigned
rpmapply_ask(struct rpmapply *a)
{
	if (!a->seen_end) {
		a->view.top = a->n_lines;
		ui_message(a->ui, "This is the end of what it does; A again "
			   "asks to apply it.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	ui_ask(a->ui, true, rpmapply_answer, a, "Apply this on the hosts, as "
	       "shown? (y/N)");
	return LOOP_HANDLED | LOOP_REDRAW;
}

unsigned
rpmapply_key(struct rpmapply *a, enum action action)
{
	unsigned flags = listview_key(&a->view, action, a->rows);

	/* End then A in one breath: the end was reached, if not drawn yet. */
	if (a->view.top + (size_t)a->rows >= a->n_lines)
		a->seen_end = true;
	if (flags != 0)
		return flags;
	switch (action) {
	case ACTION_APPLY:
		return rpmapply_ask(a);
	case ACTION_BACK:
		rpmapply_stop(a);
		ui_message(a->ui, "Nothing was applied.");
		return LOOP_HANDLED | LOOP_REDRAW;
	default:
		if (action < ACTION_NEXT_HUNK || action > ACTION_UNFOLD)
			return 0;
		ui_message(a->ui, "A asks to apply what is shown; Esc goes back "
			   "to the decisions.");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
}
