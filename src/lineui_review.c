/* lineui_review: see include/lineui_review.h; how its files share the
 * work: src/lineui_review_private.h.  This one walks the files and their
 * groups and asks the group question. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lineui_review_private.h"
#include "xalloc.h"

#define LR_DEFAULT_WIDTH 80

/* The words an operator reads, spelled out in one place. */
static const char *const lr_decision_names[] = {
	[REVIEW_MERGE] = "merge",
	[REVIEW_TAKE_NEW] = "take new",
	[REVIEW_KEEP_MINE] = "keep mine",
};

static const char *const lr_kind_names[] = {
	[REVIEW_INI] = "INI",
	[REVIEW_PYTHON] = "Python settings",
	[REVIEW_TEXT] = "text",
};

/* ---- the group question ------------------------------------------------ */

static enum lr_next
lr_show_diff(const struct lr *lr, struct lr_group *lg)
{
	struct strbuf sb = STRBUF_INIT;
	struct ou_error err;
	enum review_decision d = review_group_decision(lg->r, lg->g);

	if (review_write_proposal(lg->r, lg->g, &sb, &err) < 0) {
		lr_say(lr, "%s", err.msg);
	} else if (sb.len == 0) {
		lr_say(lr, "With %s, %s stays as it is.", lr_decision_names[d],
		       review_path(lg->r));
	} else {
		lr_say(lr, "With %s, %s on %s becomes:", lr_decision_names[d],
		       review_path(lg->r),
		       review_host_name(lg->r, lr_first_host(lg)));
		lr_put(lr, &sb);
	}
	strbuf_release(&sb);
	return LR_ASK;
}

/* One answer to the group question: the choices line, the help and the
 * message for a wrong answer all come from the table below. */
struct lr_action {
	const char *keys;	/* one-letter answers; the first is shown */
	const char *word;	/* the answer spelled out */
	const char *label;	/* in the line of choices */
	const char *help;
	enum lr_next (*run)(const struct lr *lr, struct lr_group *lg);
};

static enum lr_next
lr_take_new(const struct lr *lr, struct lr_group *lg)
{
	(void)lr;
	review_decide(lg->r, lg->g, REVIEW_TAKE_NEW);
	return LR_DONE;
}

static enum lr_next
lr_keep_mine(const struct lr *lr, struct lr_group *lg)
{
	(void)lr;
	review_decide(lg->r, lg->g, REVIEW_KEEP_MINE);
	return LR_DONE;
}

static enum lr_next
lr_merge(const struct lr *lr, struct lr_group *lg)
{
	(void)lr;
	review_decide(lg->r, lg->g, REVIEW_MERGE);
	return LR_DONE;
}

static enum lr_next
lr_postpone(const struct lr *lr, struct lr_group *lg)
{
	(void)lr;
	(void)lg;
	return LR_POSTPONE;
}

static enum lr_next lr_group_help(const struct lr *lr, struct lr_group *lg);

static const struct lr_action lr_group_actions[] = {
	{ .keys = "yi", .word = "new", .label = "take new", .run = lr_take_new,
	  .help = "take the new file as the package ships it." },
	{ .keys = "no", .word = "mine", .label = "keep mine",
	  .run = lr_keep_mine, .help = "keep your file as it is." },
	{ .keys = "p", .word = "merge", .label = "proposed merge",
	  .run = lr_merge,
	  .help = "the new file with your values carried over, and the picks "
		  "made with h, v, e or m." },
	{ .keys = "d", .word = "diff", .label = "diff", .run = lr_show_diff,
	  .help = "the result of the decision so far, as a diff against your "
		  "file." },
	{ .keys = "h", .word = "hunks", .label = "hunks", .run = lr_hunks,
	  .help = "hunk by hunk: theirs, mine or edit." },
	{ .keys = "v", .word = "options", .label = "options", .run = lr_options,
	  .help = "option by option: mine, theirs or a value of yours." },
	{ .keys = "e", .word = "editor", .label = "editor",
	  .run = lr_editor_on_result,
	  .help = "the merged result in $EDITOR (else vi)." },
	{ .keys = "m", .word = "tool", .label = "merge tool",
	  .run = lr_merge_tool,
	  .help = "$MERGE MINE NEW OUTPUT; what it leaves in OUTPUT is the "
		  "result." },
	{ .keys = "z", .word = "shell", .label = "shell", .run = lr_shell,
	  .help = "$SHELL beside your file, the new one and the result so "
		  "far, to look around." },
	{ .keys = "?", .word = "help", .label = "help", .run = lr_group_help,
	  .help = "this help." },
	{ .keys = "q", .word = "quit", .label = "postpone", .run = lr_postpone,
	  .help = "postpone the review: nothing is applied, and the step "
		  "asks again." },
};

#define LR_N_GROUP_ACTIONS (sizeof lr_group_actions / sizeof *lr_group_actions)

static const struct lr_action *
lr_find_action(const char *word)
{
	for (size_t i = 0; i < LR_N_GROUP_ACTIONS; i++) {
		const struct lr_action *act = &lr_group_actions[i];

		if ((word[1] == '\0' && strchr(act->keys, word[0]) != NULL) ||
		    strcmp(word, act->word) == 0)
			return act;
	}
	return NULL;
}

static void
lr_choices(const struct lr *lr)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < LR_N_GROUP_ACTIONS; i++)
		strbuf_addf(&sb, "%s%c %s", i ? ", " : "",
			    lr_group_actions[i].keys[0], lr_group_actions[i].label);
	lr_say(lr, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

static enum lr_next
lr_group_help(const struct lr *lr, struct lr_group *lg)
{
	lr_say(lr, "Enter takes the decision in brackets (%s).",
	       lr_decision_names[review_group_decision(lg->r, lg->g)]);
	for (size_t i = 0; i < LR_N_GROUP_ACTIONS; i++) {
		const struct lr_action *act = &lr_group_actions[i];
		struct strbuf keys = STRBUF_INIT;

		strbuf_addc(&keys, act->keys[0]);
		for (const char *k = act->keys + 1; *k != '\0'; k++)
			strbuf_addf(&keys, " (or %c)", *k);
		lr_say(lr, "  %s, %s: %s", strbuf_str(&keys), act->word,
		       act->help);
		strbuf_release(&keys);
	}
	lr_say(lr, "A pick, an edit or a merge tool's output makes the group a "
	       "merge. The decision goes to every host of the group; each "
	       "keeps its own differing values.");
	return LR_ASK;
}

static void
lr_say_not_an_answer(const struct lr *lr, const struct lr_group *lg,
		     const char *word)
{
	struct strbuf keys = STRBUF_INIT;

	for (size_t i = 0; i < LR_N_GROUP_ACTIONS; i++)
		strbuf_addf(&keys, "%s%c", i ? ", " : "",
			    lr_group_actions[i].keys[0]);
	lr_say(lr, "\"%s\" is not an answer here: %s (Enter: %s).", word,
	       strbuf_str(&keys),
	       lr_decision_names[review_group_decision(lg->r, lg->g)]);
	strbuf_release(&keys);
}

/* One answer to the group question; *again tells whether to show the
 * choices before asking again. */
static enum lr_next
lr_group_answer(const struct lr *lr, struct lr_group *lg,
		const struct lr_answer *a, bool *again)
{
	const struct lr_action *act;

	*again = true;
	if (a->word[0] == '\0')
		return LR_DONE;
	act = lr_find_action(a->word);
	if (act != NULL)
		return act->run(lr, lg);
	*again = false;
	lr_say_not_an_answer(lr, lg, a->word);
	return LR_ASK;
}

static void
lr_group_show(const struct lr *lr, const struct lr_group *lg)
{
	struct strbuf sb = STRBUF_INIT;

	fputc('\n', lr->out);
	fprintf(lr->out, "-- group %zu of %zu: ", lg->g + 1,
		review_group_count(lg->r));
	review_write_group(lg->r, lg->g, &sb);
	review_write_summary(lg->r, lg->g, &sb);
	lr_put(lr, &sb);
	strbuf_release(&sb);
}

static enum lr_next
lr_group(const struct lr *lr, struct review *r, size_t g)
{
	struct lr_group lg = { .r = r, .g = g };
	const char *base = lr_basename(review_path(r));
	enum lr_next next = LR_ASK;
	bool choices = true;

	lr_group_show(lr, &lg);
	while (next == LR_ASK) {
		struct lr_answer a;
		char *prompt = xasprintf(
			"%s, group %zu of %zu [%s]: ", base, g + 1,
			review_group_count(r),
			lr_decision_names[review_group_decision(r, g)]);

		if (choices)
			lr_choices(lr);
		if (!lr_ask(lr, prompt, &a)) {
			free(prompt);
			return LR_EOF;
		}
		free(prompt);
		next = lr_group_answer(lr, &lg, &a, &choices);
		lr_answer_free(&a);
	}
	return next;
}

/* ---- files --------------------------------------------------------------- */

static void
lr_file_show(const struct lr *lr, const struct review *r, size_t i, size_t n)
{
	size_t hosts = review_host_count(r), groups = review_group_count(r);

	fputc('\n', lr->out);
	lr_say(lr, "== %s (%s): %zu host%s, %zu group%s (file %zu of %zu)",
	       review_path(r), lr_kind_names[review_kind(r)], hosts,
	       hosts == 1 ? "" : "s", groups, groups == 1 ? "" : "s", i + 1, n);
	for (size_t k = 0; k < review_note_count(r); k++)
		lr_say(lr, "note: %s", review_note(r, k));
}

static void
lr_summary(const struct lr *lr, struct review *const *reviews, size_t n)
{
	fputc('\n', lr->out);
	lr_say(lr, "Decided:");
	for (size_t i = 0; i < n; i++) {
		const struct review *r = reviews[i];

		for (size_t g = 0; g < review_group_count(r); g++) {
			size_t hosts = review_group_host_count(r, g);
			char *more = hosts > 1 ? xasprintf(" and %zu more", hosts - 1)
					       : xstrdup("");

			lr_say(lr, "  %s on %s%s: %s", review_path(r),
			       review_host_name(r, review_group_host(r, g, 0)),
			       more, lr_decision_names[review_group_decision(r, g)]);
			free(more);
		}
	}
}

/* Every group's decision, to put back when the operator postpones. */
static enum review_decision **
lr_save_decisions(struct review *const *reviews, size_t n)
{
	enum review_decision **saved = xcalloc(n + 1, sizeof *saved);

	for (size_t i = 0; i < n; i++) {
		size_t groups = review_group_count(reviews[i]);

		saved[i] = xcalloc(groups + 1, sizeof **saved);
		for (size_t g = 0; g < groups; g++)
			saved[i][g] = review_group_decision(reviews[i], g);
	}
	return saved;
}

static void
lr_restore_decisions(struct review *const *reviews, size_t n,
		     enum review_decision **saved)
{
	for (size_t i = 0; i < n; i++)
		for (size_t g = 0; g < review_group_count(reviews[i]); g++)
			review_decide(reviews[i], g, saved[i][g]);
}

static void
lr_free_decisions(enum review_decision **saved, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(saved[i]);
	free(saved);
}

int
lineui_review_run(const struct lineui_review_io *io,
		  struct review *const *reviews, size_t n)
{
	struct lr lr = { .io = io, .out = io->out,
			 .width = io->width != 0 ? io->width : LR_DEFAULT_WIDTH };
	enum review_decision **saved = lr_save_decisions(reviews, n);
	enum lr_next next = LR_DONE;

	for (size_t i = 0; i < n && next == LR_DONE; i++) {
		lr_file_show(&lr, reviews[i], i, n);
		for (size_t g = 0; g < review_group_count(reviews[i]) &&
				   next == LR_DONE; g++)
			next = lr_group(&lr, reviews[i], g);
	}
	if (next == LR_DONE) {
		lr_summary(&lr, reviews, n);
	} else {
		lr_restore_decisions(reviews, n, saved);
		fputc('\n', lr.out);
		lr_say(&lr, next == LR_POSTPONE
			   ? "Postponed: nothing is applied."
			   : "Input ended: nothing is applied.");
	}
	fflush(lr.out);
	lr_free_decisions(saved, n);
	return next == LR_DONE ? 0 : next == LR_POSTPONE ? 1 : -1;
}

