/* keymap: which key asks for which action, as tables.
 *
 * The global map holds what works on every screen; a screen may have a
 * map of its own, looked up first.  The help screen is written from
 * these same tables (keymap_keys()), so what it says is what the keys
 * do.  Keys are curses key codes (KEY_UP, 'j', '\t'). */
#ifndef OU_UI_KEYMAP_H
#define OU_UI_KEYMAP_H

#include <stddef.h>

#include "action.h"

struct key_binding {
	int key;
	enum action action;
};

struct keymap {
	const char *title;	/* the help's heading for these keys */
	const struct key_binding *bindings;
	size_t n_bindings;
};

extern const struct keymap keymap_global;
extern const struct keymap keymap_services;
extern const struct keymap keymap_now;
extern const struct keymap keymap_review;

/* The screen's map first (it may be NULL), then the global one;
 * ACTION_NONE when neither binds the key. */
enum action keymap_action(const struct keymap *screen, int key);
/* A key as the help spells it: "Up", "PgDn", "Enter", "^L", "k". */
void keymap_key_name(int key, char *buf, size_t len);
/* Every key of map bound to action, by name, blank-separated and each
 * name once ("Enter Right l"); "" when none. */
void keymap_keys(const struct keymap *map, enum action action, char *buf,
		 size_t len);
/* The first of them: the one a hint names. */
void keymap_first_key(const struct keymap *map, enum action action,
		      char *buf, size_t len);

#endif
