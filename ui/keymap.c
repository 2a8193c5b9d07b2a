/* keymap: see ui/keymap.h. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keymap.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define KEY_DEL 127
#define N_BINDINGS(table) (sizeof (table) / sizeof (table)[0])

/* The keys operators bring from less, vi, tig and htop. */
static const struct key_binding global_bindings[] = {
	{ .key = KEY_UP, .action = ACTION_UP },
	{ .key = 'k', .action = ACTION_UP },
	{ .key = KEY_DOWN, .action = ACTION_DOWN },
	{ .key = 'j', .action = ACTION_DOWN },
	{ .key = KEY_PPAGE, .action = ACTION_PAGE_UP },
	{ .key = KEY_CTRL('b'), .action = ACTION_PAGE_UP },
	{ .key = KEY_NPAGE, .action = ACTION_PAGE_DOWN },
	{ .key = KEY_CTRL('f'), .action = ACTION_PAGE_DOWN },
	{ .key = ' ', .action = ACTION_PAGE_DOWN },
	{ .key = KEY_HOME, .action = ACTION_FIRST },
	{ .key = 'g', .action = ACTION_FIRST },
	{ .key = KEY_END, .action = ACTION_LAST },
	{ .key = 'G', .action = ACTION_LAST },
	{ .key = '\t', .action = ACTION_NEXT_PANE },
	{ .key = KEY_BTAB, .action = ACTION_NEXT_PANE },
	{ .key = '\n', .action = ACTION_ENTER },
	{ .key = '\r', .action = ACTION_ENTER },
	{ .key = KEY_ENTER, .action = ACTION_ENTER },
	{ .key = KEY_RIGHT, .action = ACTION_ENTER },
	{ .key = 'l', .action = ACTION_ENTER },
	{ .key = KEY_ESC, .action = ACTION_BACK },
	{ .key = KEY_LEFT, .action = ACTION_BACK },
	{ .key = 'h', .action = ACTION_BACK },
	{ .key = KEY_BACKSPACE, .action = ACTION_BACK },
	{ .key = KEY_DEL, .action = ACTION_BACK },
	{ .key = '1', .action = ACTION_CHECKLIST },
	{ .key = '2', .action = ACTION_SERVICES },
	{ .key = '3', .action = ACTION_NOW },
	{ .key = '4', .action = ACTION_ROLLOUT },
	{ .key = '5', .action = ACTION_OUTPUT },
	{ .key = '6', .action = ACTION_REVIEW },
	{ .key = '?', .action = ACTION_HELP },
	{ .key = KEY_F(1), .action = ACTION_HELP },
	{ .key = KEY_CTRL('l'), .action = ACTION_REDRAW },
	{ .key = 'q', .action = ACTION_QUIT },
};

const struct keymap keymap_global = {
	.title = "Everywhere",
	.bindings = global_bindings,
	.n_bindings = N_BINDINGS(global_bindings),
};

static const struct key_binding services_bindings[] = {
	{ .key = '/', .action = ACTION_FILTER },
	{ .key = 's', .action = ACTION_SORT },
	{ .key = 'r', .action = ACTION_REFRESH },
};

const struct keymap keymap_services = {
	.title = "On the services screen",
	.bindings = services_bindings,
	.n_bindings = N_BINDINGS(services_bindings),
};

/* Each decision on a key of its own, never one of the keys that move:
 * a key pressed to scroll must not decide anything. */
static const struct key_binding now_bindings[] = {
	{ .key = 'y', .action = ACTION_CONFIRM },
	{ .key = 'n', .action = ACTION_REFUSE },
	{ .key = 's', .action = ACTION_SKIP },
	{ .key = 'r', .action = ACTION_RETRY },
	{ .key = 'd', .action = ACTION_MARK_DONE },
	{ .key = 'f', .action = ACTION_MARK_FAILED },
	{ .key = 'o', .action = ACTION_OVERRIDE },
	{ .key = 'b', .action = ACTION_BATCH },
	{ .key = 'm', .action = ACTION_MIGRATION },
	{ .key = 'x', .action = ACTION_STOP },
};

const struct keymap keymap_now = {
	.title = "On the Now screen",
	.bindings = now_bindings,
	.n_bindings = N_BINDINGS(now_bindings),
};

/* The file's decision on keys of its own too: 'k' moves up everywhere,
 * so keeping mine is 'K'.  Nothing here reaches a host before A has
 * shown what applying does, A again asked, and 'y' answered. */
static const struct key_binding review_bindings[] = {
	{ .key = ']', .action = ACTION_NEXT_HUNK },
	{ .key = '[', .action = ACTION_PREV_HUNK },
	{ .key = 'K', .action = ACTION_KEEP_MINE },
	{ .key = 't', .action = ACTION_TAKE_NEW },
	{ .key = 'm', .action = ACTION_MERGE },
	{ .key = '<', .action = ACTION_PICK_MINE },
	{ .key = '>', .action = ACTION_PICK_THEIRS },
	{ .key = 'e', .action = ACTION_EDIT },
	{ .key = 'z', .action = ACTION_UNFOLD },
	{ .key = 'A', .action = ACTION_APPLY },
};

const struct keymap keymap_review = {
	.title = "On the review screen",
	.bindings = review_bindings,
	.n_bindings = N_BINDINGS(review_bindings),
};

static enum action
keymap_lookup(const struct keymap *map, int key)
{
	if (map == NULL)
		return ACTION_NONE;
	for (size_t i = 0; i < map->n_bindings; i++)
		if (map->bindings[i].key == key)
			return map->bindings[i].action;
	return ACTION_NONE;
}

enum action
keymap_action(const struct keymap *screen, int key)
{
	enum action action = keymap_lookup(screen, key);

	return action != ACTION_NONE ? action
				     : keymap_lookup(&keymap_global, key);
}

struct key_name {
	int key;
	const char *name;
};

static const struct key_name key_names[] = {
	{ .key = KEY_UP, .name = "Up" },
	{ .key = KEY_DOWN, .name = "Down" },
	{ .key = KEY_LEFT, .name = "Left" },
	{ .key = KEY_RIGHT, .name = "Right" },
	{ .key = KEY_PPAGE, .name = "PgUp" },
	{ .key = KEY_NPAGE, .name = "PgDn" },
	{ .key = KEY_HOME, .name = "Home" },
	{ .key = KEY_END, .name = "End" },
	{ .key = KEY_BTAB, .name = "S-Tab" },
	{ .key = KEY_ENTER, .name = "Enter" },
	{ .key = KEY_BACKSPACE, .name = "Backspace" },
	{ .key = KEY_DEL, .name = "Backspace" },
	{ .key = KEY_ESC, .name = "Esc" },
	{ .key = '\t', .name = "Tab" },
	{ .key = '\n', .name = "Enter" },
	{ .key = '\r', .name = "Enter" },
	{ .key = ' ', .name = "Space" },
};

void
keymap_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < N_BINDINGS(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, len, "F%d", key - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, len, "^%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "key %d", key);
}

/* Is name one of the blank-separated words of list? */
static int
keymap_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

void
keymap_keys(const struct keymap *map, enum action action, char *buf,
	    size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < map->n_bindings && used < len; i++) {
		char name[32];

		if (map->bindings[i].action != action)
			continue;
		keymap_key_name(map->bindings[i].key, name, sizeof name);
		if (keymap_listed(buf, name))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used > 0 ? " " : "", name);
	}
}

void
keymap_first_key(const struct keymap *map, enum action action, char *buf,
		 size_t len)
{
	keymap_keys(map, action, buf, len);
	buf[strcspn(buf, " ")] = '\0';
}
