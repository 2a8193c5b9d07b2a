/* lineui_review_options: option by option (v): "N mine", "N theirs",
 * "N edit VALUE" (lineui_review_private.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lineui_review_private.h"
#include "xalloc.h"

static void
lr_options_list(const struct lr *lr, const struct lr_group *lg)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < review_option_count(lg->r, lg->g); i++) {
		strbuf_addf(&sb, "%3zu ", i + 1);
		review_write_option(lg->r, lg->g, i, &sb);
	}
	lr_put(lr, &sb);
	strbuf_release(&sb);
}

static void
lr_options_help(const struct lr *lr)
{
	lr_say(lr, "\"N mine\" keeps your value of option N, \"N theirs\" takes "
	       "the new file's, \"N edit VALUE\" sets your own; l lists the "
	       "options again; Enter or b goes back to the file's question; q "
	       "postpones the whole review. Picking an option resets your hunk "
	       "picks and edited text.");
}

/* "3 edit VALUE": the value, trailing blanks dropped (malloc'd). */
static char *
lr_value_of(const char *rest)
{
	size_t len = strlen(rest);

	while (len > 0 && (rest[len - 1] == ' ' || rest[len - 1] == '\t'))
		len--;
	return xstrndup(rest, len);
}

static bool
lr_parse_pick(const char *word, enum review_pick *pick)
{
	if (lr_is(word, "m", "mine"))
		*pick = REVIEW_PICK_MINE;
	else if (lr_is(word, "t", "theirs"))
		*pick = REVIEW_PICK_THEIRS;
	else if (lr_is(word, "e", "edit"))
		*pick = REVIEW_PICK_EDIT;
	else
		return false;
	return true;
}

/* "N mine|theirs|edit VALUE". */
static void
lr_option_answer(const struct lr *lr, struct lr_group *lg,
		 const struct lr_answer *a)
{
	size_t n = review_option_count(lg->r, lg->g);
	char *end;
	unsigned long idx = strtoul(a->word, &end, 10);
	char verb[LR_WORD_MAX];
	const char *p = lr_take_word(a->rest, verb);
	enum review_pick pick;
	struct ou_error err;
	struct strbuf sb = STRBUF_INIT;
	char *value;

	if (a->word[0] < '0' || a->word[0] > '9' || *end != '\0' || idx < 1 ||
	    idx > n) {
		lr_say(lr, "\"%s\": give an option's number, 1 to %zu, then mine, "
		       "theirs or edit VALUE.", a->word, n);
		return;
	}
	if (!lr_parse_pick(verb, &pick)) {
		lr_say(lr, "Option %lu: mine, theirs or edit VALUE?", idx);
		return;
	}
	value = lr_value_of(p);
	if (pick == REVIEW_PICK_EDIT && value[0] == '\0') {
		lr_say(lr, "Option %lu: edit needs the value: \"%lu edit VALUE\".",
		       idx, idx);
	} else if (review_pick_option(lg->r, lg->g, idx - 1, pick, value,
				      &err) < 0) {
		lr_say(lr, "%s", err.msg);
	} else {
		if (lg->hunks_picked || lg->text_edited)
			lr_say(lr, "The proposal changed: your hunk picks and "
			       "edited text are reset.");
		lg->hunks_picked = false;
		lg->text_edited = false;
		strbuf_addf(&sb, "%3lu ", idx);
		review_write_option(lg->r, lg->g, idx - 1, &sb);
		lr_put(lr, &sb);
		lr_become_merge(lr, lg);
	}
	free(value);
	strbuf_release(&sb);
}

enum lr_next
lr_options(const struct lr *lr, struct lr_group *lg)
{
	size_t n = review_option_count(lg->r, lg->g);
	struct lr_answer a;
	enum lr_next next = LR_ASK;

	if (n == 0) {
		lr_say(lr, "No options to pick here: h steps through the hunks.");
		return LR_ASK;
	}
	lr_options_list(lr, lg);
	while (next == LR_ASK) {
		if (!lr_ask_choices(lr, "Option", "N mine, N theirs, N edit "
				    "VALUE, l list, ? help", "Enter: back", &a))
			return LR_EOF;
		if (a.word[0] == '\0' || lr_is(a.word, "b", "back"))
			next = LR_BACK;
		else if (lr_is(a.word, "q", "quit"))
			next = LR_POSTPONE;
		else if (lr_is(a.word, "l", "list"))
			lr_options_list(lr, lg);
		else if (lr_is(a.word, "?", "help"))
			lr_options_help(lr);
		else
			lr_option_answer(lr, lg, &a);
		lr_answer_free(&a);
	}
	return next == LR_BACK ? LR_ASK : next;
}
