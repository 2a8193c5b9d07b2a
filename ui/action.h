/* action: what the operator can ask of the wizard, with its help text.
 *
 * One X-macro lists every action once, in the order and groups the help
 * screen shows them; the enum, the names and the help text are all made
 * from it, so the help cannot drift from what the keys do.  Which key
 * does what is keymap's business (ui/keymap.h). */
#ifndef OU_UI_ACTION_H
#define OU_UI_ACTION_H

#define UI_ACTIONS(GROUP, ACTION) \
	GROUP("Moving") \
	ACTION(UP, "up", "Move up one line") \
	ACTION(DOWN, "down", "Move down one line") \
	ACTION(PAGE_UP, "page-up", "Move up one page") \
	ACTION(PAGE_DOWN, "page-down", "Move down one page") \
	ACTION(FIRST, "first", "Go to the first line") \
	ACTION(LAST, "last", "Go to the last line") \
	ACTION(NEXT_PANE, "pane", "Move to the other pane") \
	ACTION(ENTER, "open", "Open what the cursor is on") \
	ACTION(BACK, "back", "Go back to the screen before") \
	GROUP("Screens") \
	ACTION(CHECKLIST, "checklist", "Show the checklist of steps") \
	ACTION(SERVICES, "services", "Show Nova's services, live") \
	ACTION(NOW, "now", "Show what the upgrade waits for, or what runs") \
	ACTION(ROLLOUT, "rollout", "Show the computes' way through the rollout") \
	ACTION(OUTPUT, "output", "Show each host's output as it comes") \
	ACTION(REVIEW, "review", "Show the .rpmnew files the upgrade left") \
	ACTION(HELP, "help", "Show this help") \
	GROUP("Deciding") \
	ACTION(CONFIRM, "yes", "Yes to what is shown: run it, run the probe, " \
	       "acknowledge, accept the key") \
	ACTION(REFUSE, "no", "Refuse the host key") \
	ACTION(SKIP, "skip", "Skip the step on its hosts, with a typed reason") \
	ACTION(RETRY, "retry", "Retry what failed, or run again what is unknown") \
	ACTION(MARK_DONE, "done", "Mark an unknown outcome done") \
	ACTION(MARK_FAILED, "failed", "Mark an unknown outcome failed") \
	ACTION(OVERRIDE, "override", "Let the hosts past a failed gate, with " \
	       "a typed reason") \
	ACTION(BATCH, "batch", "Set how many hosts a rolling batch takes") \
	ACTION(MIGRATION, "migration", "Choose how instances move: live, cold " \
	       "or not at all") \
	ACTION(STOP, "stop", "Start nothing new; what runs finishes") \
	GROUP("Reviewing .rpmnew files") \
	ACTION(NEXT_HUNK, "next-hunk", "Go to the next hunk of the changes") \
	ACTION(PREV_HUNK, "prev-hunk", "Go to the hunk before") \
	ACTION(KEEP_MINE, "keep-mine", "Keep the group's current file; " \
	       "the .rpmnew goes") \
	ACTION(TAKE_NEW, "take-new", "Take the new file as it is") \
	ACTION(MERGE, "merge", "Merge: the new file with my values carried " \
	       "over") \
	ACTION(PICK_MINE, "mine", "This hunk or option: my current text") \
	ACTION(PICK_THEIRS, "theirs", "This hunk or option: the new text") \
	ACTION(EDIT, "edit", "Edit the merged file in $EDITOR (on an " \
	       "option: type its value)") \
	ACTION(UNFOLD, "unfold", "Show or fold the comment-only hunks") \
	ACTION(APPLY, "apply", "Show what applying does on each host; " \
	       "again, ask to apply it") \
	GROUP("Lists") \
	ACTION(FILTER, "filter", "Show only the lines that contain a text") \
	ACTION(SORT, "sort", "Sort by the next column") \
	ACTION(REFRESH, "refresh", "Ask for fresh data now") \
	GROUP("The wizard") \
	ACTION(REDRAW, "redraw", "Draw the whole screen again") \
	ACTION(QUIT, "quit", "Quit (asks first while a step runs)")

enum action {
	ACTION_NONE,
#define UI_ACTION_GROUP_(title)
#define UI_ACTION_ENUM_(id, name, help) ACTION_##id,
	UI_ACTIONS(UI_ACTION_GROUP_, UI_ACTION_ENUM_)
#undef UI_ACTION_ENUM_
#undef UI_ACTION_GROUP_
	ACTION_COUNT
};

/* "page-down"; "" for ACTION_NONE. */
const char *action_name(enum action action);
const char *action_help(enum action action);
/* The title of the group the action is listed under. */
const char *action_group(enum action action);

#endif
