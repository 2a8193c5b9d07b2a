/* detail: one step on one batch of hosts, in full.
 *
 * Where the unit stands (its state, each host's), then exactly what the
 * plan says of it: why, the hosts, the probe, the checks before and
 * after, the command per host or the API call.  That text is
 * plan_format_unit()'s, the same the `plan` command prints, wrapped to
 * the screen, so the operator reads here what they read on paper. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "strbuf.h"
#include "xalloc.h"

struct detail {
	struct ui *ui;
	size_t unit;
	char **lines;		/* the plan's text of the unit */
	size_t n_lines;
	int width;		/* the text was wrapped for this width */
	struct listview view;	/* over the header and the lines */
	int height;
};

/* Lines above the plan's text: the phase, the state, the hosts. */
#define DETAIL_HEADER_LINES 4

static void *
detail_create(struct ui *ui)
{
	struct detail *d = xcalloc(1, sizeof *d);

	d->ui = ui;
	d->view.scroll_only = true;
	return d;
}

static void
detail_clear(struct detail *d)
{
	for (size_t i = 0; i < d->n_lines; i++)
		free(d->lines[i]);
	free(d->lines);
	d->lines = NULL;
	d->n_lines = 0;
}

static void
detail_destroy(void *data)
{
	struct detail *d = data;

	detail_clear(d);
	free(d);
}

static void
detail_add_line(struct detail *d, const char *s, size_t len)
{
	d->lines = xreallocarray(d->lines, d->n_lines + 1, sizeof *d->lines);
	d->lines[d->n_lines++] = xstrndup(s, len);
}

/* The unit's text as the plan writes it, cut into lines. */
static void
detail_render(struct detail *d, int width)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	const char *p;

	detail_clear(d);
	d->width = width;
	if (out == NULL)
		return;
	plan_format_unit(d->ui->plan, d->unit, out, (unsigned)width);
	fclose(out);
	for (p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		detail_add_line(d, p, len);
		p += len + (nl != NULL);
	}
	free(text);
	d->view.n = DETAIL_HEADER_LINES + d->n_lines;
}

static void
detail_enter(void *data, const void *arg)
{
	struct detail *d = data;

	if (arg != NULL) {
		d->unit = *(const size_t *)arg;
		d->view.top = 0;
	}
	d->width = 0;		/* wrap again at the next draw */
}

/* ---- drawing --------------------------------------------------------- */

static void
detail_draw_hosts(const struct detail *d, WINDOW *win, int y, int width)
{
	const struct theme *th = &d->ui->theme;
	const struct plan_unit *unit = &d->ui->plan->units[d->unit];
	int x = 1;

	x += draw_text(win, y, x, width - x, theme_attr(th, THEME_LABEL),
		       "Hosts:  ");
	if (unit->n_targets == 0)
		draw_text(win, y, x, width - x, theme_attr(th, THEME_DIM),
			  "none: the plan skips this step");
	for (size_t t = 0; t < unit->n_targets && x < width; t++) {
		enum ui_state st = ui_model_host_state(d->ui->model, d->unit, t);

		x += draw_text(win, y, x, width - x, theme_state_attr(th, st),
			       theme_mark(th, st));
		x += 1 + draw_text(win, y, x + 1, width - x - 1,
				   theme_attr(th, THEME_NORMAL),
				   unit->targets[t].host->name);
		x += 2;
	}
}

static void
detail_draw_state(const struct detail *d, WINDOW *win, int y, int width)
{
	const struct theme *th = &d->ui->theme;
	enum ui_state st = ui_model_unit_state(d->ui->model, d->unit);
	char elapsed[16];
	char *text;
	int x = 1;

	draw_duration(elapsed, sizeof elapsed,
		      ui_model_elapsed(d->ui->model, d->unit));
	x += draw_text(win, y, x, width - x, theme_attr(th, THEME_LABEL),
		       "State:  ");
	x += draw_text(win, y, x, width - x, theme_state_attr(th, st),
		       theme_mark(th, st));
	text = xasprintf(" %s%s%s", ui_state_name(st),
			 elapsed[0] != '\0' ? ", " : "", elapsed);
	draw_text(win, y, x, width - x, theme_attr(th, THEME_NORMAL), text);
	free(text);
}

static void
detail_draw_header_line(const struct detail *d, WINDOW *win, int y,
			size_t line, int width)
{
	const struct plan_unit *unit = &d->ui->plan->units[d->unit];
	char *title;

	switch (line) {
	case 0:
		title = xasprintf(" Phase %zu of %zu: %s",
				  unit->phase_index + 1,
				  d->ui->plan->runbook->n_phases,
				  unit->phase->title);
		draw_line(win, y, 0, width,
			  theme_attr(&d->ui->theme, THEME_HEADING), title);
		free(title);
		break;
	case 1:
		detail_draw_state(d, win, y, width);
		break;
	case 2:
		detail_draw_hosts(d, win, y, width);
		break;
	default:
		break;
	}
}

static void
detail_draw(void *data, WINDOW *win)
{
	struct detail *d = data;
	int height, width;

	getmaxyx(win, height, width);
	d->height = height;
	if (d->width != width - 1)
		detail_render(d, width - 1);
	listview_fit(&d->view, height);
	for (int r = 0; r < height; r++) {
		size_t line = d->view.top + (size_t)r;

		if (line >= d->view.n)
			break;
		if (line < DETAIL_HEADER_LINES)
			detail_draw_header_line(d, win, r, line, width);
		else
			draw_step_line(win, r, width, &d->ui->theme,
				       d->lines[line - DETAIL_HEADER_LINES],
				       line == DETAIL_HEADER_LINES);
	}
}

static unsigned
detail_key(void *data, enum action action)
{
	struct detail *d = data;

	return listview_key(&d->view, action, d->height);
}

static unsigned
detail_event(void *data, enum ui_event event)
{
	return event == UI_EVENT_MODEL ? LOOP_REDRAW : 0;
}

static const enum action detail_hints[] = {
	ACTION_BACK, ACTION_PAGE_DOWN, ACTION_HELP, ACTION_QUIT,
};

const struct screen_ops detail_screen = {
	.name = "Step",
	.hints = detail_hints,
	.n_hints = sizeof detail_hints / sizeof detail_hints[0],
	.create = detail_create,
	.destroy = detail_destroy,
	.enter = detail_enter,
	.draw = detail_draw,
	.key = detail_key,
	.event = detail_event,
};
