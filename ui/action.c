/* action: see ui/action.h. */
#include "config.h"

#include <stddef.h>

#include "action.h"

struct action_info {
	const char *name;
	const char *help;
};

static const struct action_info action_table[ACTION_COUNT] = {
	[ACTION_NONE] = { .name = "", .help = "" },
#define ACTION_GROUP_(title)
#define ACTION_INFO_(id, n, h) [ACTION_##id] = { .name = n, .help = h },
	UI_ACTIONS(ACTION_GROUP_, ACTION_INFO_)
#undef ACTION_INFO_
#undef ACTION_GROUP_
};

/* The table in the X-macro's order, groups included: an action belongs
 * to the last group title before it. */
struct action_row {
	enum action action;
	const char *group;
};

static const struct action_row action_rows[] = {
#define ACTION_GROUP_(title) { .action = ACTION_NONE, .group = title },
#define ACTION_ROW_(id, n, h) { .action = ACTION_##id },
	UI_ACTIONS(ACTION_GROUP_, ACTION_ROW_)
#undef ACTION_ROW_
#undef ACTION_GROUP_
};

const char *
action_name(enum action action)
{
	return action < ACTION_COUNT ? action_table[action].name : "";
}

const char *
action_help(enum action action)
{
	return action < ACTION_COUNT ? action_table[action].help : "";
}

const char *
action_group(enum action action)
{
	const char *group = "";

	for (size_t i = 0; i < sizeof action_rows / sizeof action_rows[0]; i++) {
		if (action_rows[i].group != NULL)
			group = action_rows[i].group;
		else if (action_rows[i].action == action)
			return group;
	}
	return "";
}
