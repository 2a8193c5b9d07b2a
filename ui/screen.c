/* screen: the stack of screens; see ui/screen.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "loop.h"
#include "screen.h"

static const struct screen_ops *const screen_table[SCREEN_COUNT] = {
	[SCREEN_CHECKLIST] = &checklist_screen,
	[SCREEN_DETAIL] = &detail_screen,
	[SCREEN_SERVICES] = &services_screen,
	[SCREEN_NOW] = &now_screen,
	[SCREEN_ROLLOUT] = &rollout_screen,
	[SCREEN_OUTPUT] = &output_screen,
	[SCREEN_REVIEW] = &review_screen,
	[SCREEN_HELP] = &help_screen,
};

const struct screen_ops *
ui_screen_ops(enum screen_id id)
{
	return screen_table[id];
}

void
ui_create_screens(struct ui *ui)
{
	for (int id = 0; id < SCREEN_COUNT; id++)
		ui->data[id] = screen_table[id]->create(ui);
}

void
ui_free_screens(struct ui *ui)
{
	for (int id = 0; id < SCREEN_COUNT; id++) {
		screen_table[id]->destroy(ui->data[id]);
		ui->data[id] = NULL;
	}
}

static void
ui_enter(struct ui *ui, enum screen_id id, const void *arg)
{
	if (screen_table[id]->enter != NULL)
		screen_table[id]->enter(ui->data[id], arg);
}

unsigned
ui_push(struct ui *ui, enum screen_id id, const void *arg)
{
	for (size_t i = 0; i < ui->depth; i++) {
		if (ui->stack[i] == id) {
			ui->depth = i + 1;
			ui_enter(ui, id, arg);
			return LOOP_HANDLED | LOOP_REDRAW;
		}
	}
	if (ui->depth < UI_STACK_MAX)
		ui->stack[ui->depth++] = id;
	ui_enter(ui, id, arg);
	return LOOP_HANDLED | LOOP_REDRAW;
}

unsigned
ui_pop(struct ui *ui)
{
	if (ui->depth <= 1)
		return LOOP_HANDLED;
	ui->depth--;
	return LOOP_HANDLED | LOOP_REDRAW;
}

unsigned
ui_switch(struct ui *ui, enum screen_id id)
{
	ui->depth = 0;
	return ui_push(ui, id, NULL);
}

enum screen_id
ui_top(const struct ui *ui)
{
	return ui->stack[ui->depth - 1];
}

/* Every screen hears of it (one below the top may keep state); only
 * the top one's flags count, since only it is drawn. */
unsigned
ui_broadcast(struct ui *ui, enum ui_event event)
{
	unsigned flags = 0;

	for (int id = 0; id < SCREEN_COUNT; id++) {
		unsigned f;

		if (screen_table[id]->event == NULL)
			continue;
		f = screen_table[id]->event(ui->data[id], event);
		if ((enum screen_id)id == ui_top(ui))
			flags |= f;
	}
	return flags;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
}

void
ui_ask(struct ui *ui, bool one_key, ui_answer_fn *fn, void *arg,
       const char *fmt, ...)
{
	va_list ap;

	ui->ask = (struct ui_ask){ .active = true, .one_key = one_key,
				   .fn = fn, .arg = arg };
	va_start(ap, fmt);
	vsnprintf(ui->ask.question, sizeof ui->ask.question, fmt, ap);
	va_end(ap);
}
