/* drive: see ui/drive.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "drive.h"
#include "xalloc.h"

static unsigned
drive_on_engine(void *arg, int fd, short revents)
{
	struct ui *ui = arg;
	struct ou_error err = { { 0 } };

	if (engine_dispatch(ui->engine, &err) < 0)
		ui_message(ui, "%s", err.msg);
	return LOOP_HANDLED;
}

static int
drive_review_text(void *ctx, struct strbuf *out, char digest[65],
		  struct ou_error *err)
{
	return engine_review_text(ctx, out, digest, err);
}

static int
drive_apply_review(void *ctx, const char *digest, struct ou_error *err)
{
	return engine_apply_review(ctx, digest, err);
}

static bool
drive_reviews_same(const struct ui *ui)
{
	size_t n = engine_review_count(ui->engine);

	if (n != ui->reviews.n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (engine_review_at(ui->engine, i) != ui->reviews.items[i])
			return false;
	return true;
}

/* The reviews a REVIEW question is about, for the review screen; none
 * for any other question. */
static void
drive_take_reviews(struct ui *ui)
{
	struct ui_reviews *rv = &ui->reviews;

	if (drive_reviews_same(ui))
		return;
	free(rv->items);
	rv->n = engine_review_count(ui->engine);
	rv->items = xcalloc(rv->n + 1, sizeof *rv->items);
	for (size_t i = 0; i < rv->n; i++)
		rv->items[i] = engine_review_at(ui->engine, i);
	rv->serial++;
	rv->text = drive_review_text;
	rv->apply = drive_apply_review;
	rv->ctx = ui->engine;
}

void
drive_release(struct ui *ui)
{
	free(ui->reviews.items);
	ui->reviews = (struct ui_reviews){ 0 };
}

void
drive_start(struct ui *ui, struct loop *loop)
{
	if (ui->engine == NULL)
		return;
	engineview_seed(&ui->view, ui->engine);
	ui_prompt_take(&ui->prompt, ui->engine);
	drive_take_reviews(ui);
	loop_add_fd(loop, engine_fd(ui->engine), POLLIN, drive_on_engine, ui);
}

bool
drive_busy(const struct ui *ui)
{
	return ui->engine != NULL ? engine_busy(ui->engine)
				  : ui_model_busy(ui->model);
}

/* A new question while the operator is elsewhere: say where it is. */
static void
drive_announce(struct ui *ui)
{
	const struct ui_prompt *p = &ui->prompt;
	char key[32];

	if (!ui_prompt_waits(p) || ui_top(ui) == SCREEN_NOW ||
	    (ui_top(ui) == SCREEN_REVIEW && p->kind == ENGINE_PROMPT_REVIEW))
		return;
	keymap_first_key(&keymap_global, p->kind == ENGINE_PROMPT_REVIEW
			 ? ACTION_REVIEW : ACTION_NOW, key, sizeof key);
	ui_message(ui, "Waiting for you: %s%s%s (%s shows it)",
		   ui_prompt_heading(p), p->unit != NULL ? " " : "",
		   p->unit != NULL ? p->unit : "", key);
}

unsigned
drive_sync(struct ui *ui)
{
	unsigned changes = ui->view.changes;
	unsigned flags = 0;

	ui->view.changes = 0;
	if (ui->engine == NULL)
		return 0;
	if (ui_prompt_take(&ui->prompt, ui->engine)) {
		drive_take_reviews(ui);
		flags |= LOOP_REDRAW | ui_broadcast(ui, UI_EVENT_PROMPT);
		drive_announce(ui);
	}
	if (changes & ENGINEVIEW_STATES)
		flags |= LOOP_REDRAW | ui_broadcast(ui, UI_EVENT_MODEL);
	if (changes & ENGINEVIEW_OUTPUT)
		flags |= ui_broadcast(ui, UI_EVENT_OUTPUT);
	if (changes & ENGINEVIEW_NOTE) {
		ui_message(ui, "%s", ui->view.note);
		flags |= LOOP_REDRAW;
	}
	if (ui->quitting && !engine_busy(ui->engine))
		flags |= LOOP_QUIT;
	return flags;
}

static unsigned
drive_answer_quit(void *arg, const char *key)
{
	struct ui *ui = arg;

	if (key == NULL || (strcmp(key, "y") != 0 && strcmp(key, "Y") != 0))
		return LOOP_HANDLED | LOOP_REDRAW;
	return drive_quit(ui, false);
}

unsigned
drive_quit(struct ui *ui, bool ask)
{
	if (!drive_busy(ui))
		return LOOP_QUIT;
	if (ui->quitting) {
		ui->abandoned = true;
		return LOOP_QUIT;
	}
	if (ask) {
		ui_ask(ui, true, drive_answer_quit, ui, "Commands are running. "
		       "Stop after them and quit? (y/N)");
		return LOOP_HANDLED | LOOP_REDRAW;
	}
	ui->quitting = true;
	if (ui->engine != NULL)
		engine_stop(ui->engine);
	ui_message(ui, "Stopping: the wizard leaves once the running commands "
		   "end. Quit again to leave now (they will show as unknown).");
	return LOOP_HANDLED | LOOP_REDRAW;
}
