/* help: every key and every mark, written from the tables that define
 * them (the actions' X-macro, the keymaps, the states) when the screen
 * is made; nothing here is kept by hand. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "listview.h"
#include "loop.h"
#include "screen.h"
#include "xalloc.h"

/* The key names' column. */
#define HELP_KEYS_WIDTH 28

enum help_kind {
	HELP_TITLE,		/* "Everywhere" */
	HELP_GROUP,		/* "Moving" */
	HELP_KEYS,		/* keys, then what they do */
	HELP_MARK,		/* a state's mark, then what it means */
	HELP_BLANK,
};

struct help_line {
	enum help_kind kind;
	char *left;		/* the title, or the keys */
	const char *right;	/* what they do */
	enum ui_state state;	/* HELP_MARK */
};

struct help {
	struct ui *ui;
	struct help_line *lines;
	size_t n_lines;
	struct listview view;
	int height;
};

static void
help_add(struct help *h, struct help_line line)
{
	h->lines = xreallocarray(h->lines, h->n_lines + 1, sizeof *h->lines);
	h->lines[h->n_lines++] = line;
}

static void
help_add_keymap(struct help *h, const struct keymap *map)
{
	const char *group = NULL;

	help_add(h, (struct help_line){ .kind = HELP_TITLE,
					.left = xstrdup(map->title) });
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		char keys[128];

		keymap_keys(map, a, keys, sizeof keys);
		if (keys[0] == '\0')
			continue;
		if (group == NULL || strcmp(group, action_group(a)) != 0) {
			group = action_group(a);
			help_add(h, (struct help_line){ .kind = HELP_GROUP,
							.left = xstrdup(group) });
		}
		help_add(h, (struct help_line){ .kind = HELP_KEYS,
						.left = xstrdup(keys),
						.right = action_help(a) });
	}
	help_add(h, (struct help_line){ .kind = HELP_BLANK });
}

static void
help_add_marks(struct help *h)
{
	help_add(h, (struct help_line){ .kind = HELP_TITLE,
					.left = xstrdup("Marks") });
	for (int st = 0; st < UI_STATE_COUNT; st++)
		help_add(h, (struct help_line){
			.kind = HELP_MARK, .state = st,
			.left = xstrdup(ui_state_name(st)),
			.right = ui_state_help(st) });
}

/* Each keymap once, the global one first. */
static void
help_build(struct help *h)
{
	const struct keymap *seen[SCREEN_COUNT + 1] = { &keymap_global };
	size_t n_seen = 1;

	help_add_keymap(h, &keymap_global);
	for (int id = 0; id < SCREEN_COUNT; id++) {
		const struct keymap *map = ui_screen_ops(id)->keymap;
		bool known = map == NULL;

		for (size_t i = 0; i < n_seen && !known; i++)
			known = seen[i] == map;
		if (known)
			continue;
		seen[n_seen++] = map;
		help_add_keymap(h, map);
	}
	help_add_marks(h);
	h->view.n = h->n_lines;
}

static void *
help_create(struct ui *ui)
{
	struct help *h = xcalloc(1, sizeof *h);

	h->ui = ui;
	h->view.scroll_only = true;
	help_build(h);
	return h;
}

static void
help_destroy(void *data)
{
	struct help *h = data;

	for (size_t i = 0; i < h->n_lines; i++)
		free(h->lines[i].left);
	free(h->lines);
	free(h);
}

static void
help_enter(void *data, const void *arg)
{
	struct help *h = data;

	h->view.top = 0;
}

static void
help_draw_line(const struct help *h, WINDOW *win, int y,
	       const struct help_line *line, int width)
{
	const struct theme *th = &h->ui->theme;

	switch (line->kind) {
	case HELP_TITLE:
		draw_text(win, y, 1, width - 1, theme_attr(th, THEME_HEADING),
			  line->left);
		break;
	case HELP_GROUP:
		draw_text(win, y, 2, width - 2, theme_attr(th, THEME_LABEL),
			  line->left);
		break;
	case HELP_KEYS:
		draw_text(win, y, 4, HELP_KEYS_WIDTH - 5,
			  theme_attr(th, THEME_LABEL), line->left);
		draw_text(win, y, HELP_KEYS_WIDTH, width - HELP_KEYS_WIDTH,
			  theme_attr(th, THEME_NORMAL), line->right);
		break;
	case HELP_MARK:
		draw_text(win, y, 4, 1, theme_state_attr(th, line->state),
			  theme_mark(th, line->state));
		draw_text(win, y, 6, HELP_KEYS_WIDTH - 7,
			  theme_attr(th, THEME_NORMAL), line->left);
		draw_text(win, y, HELP_KEYS_WIDTH, width - HELP_KEYS_WIDTH,
			  theme_attr(th, THEME_NORMAL), line->right);
		break;
	case HELP_BLANK:
		break;
	}
}

static void
help_draw(void *data, WINDOW *win)
{
	struct help *h = data;
	int height, width;

	getmaxyx(win, height, width);
	h->height = height;
	listview_fit(&h->view, height);
	for (int r = 0; r < height; r++) {
		size_t i = h->view.top + (size_t)r;

		if (i >= h->n_lines)
			break;
		help_draw_line(h, win, r, &h->lines[i], width);
	}
}

static unsigned
help_key(void *data, enum action action)
{
	struct help *h = data;

	return listview_key(&h->view, action, h->height);
}

static const enum action help_hints[] = {
	ACTION_BACK, ACTION_PAGE_DOWN, ACTION_QUIT,
};

const struct screen_ops help_screen = {
	.name = "Help",
	.hints = help_hints,
	.n_hints = sizeof help_hints / sizeof help_hints[0],
	.create = help_create,
	.destroy = help_destroy,
	.enter = help_enter,
	.draw = help_draw,
	.key = help_key,
};
