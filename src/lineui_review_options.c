/* lineui_review_options: option by option (v): "N mine", "N theirs",
 * "N edit VALUE", or "N edit" alone and the value at a prompt of its own,
 * unechoed for a secret (lineui_review_private.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lineui_review_private.h"
#include "secret.h"
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
	       "the new file's, \"N edit VALUE\" sets your own, and \"N edit\" "
	       "alone asks for it (for a password, token or key, without "
	       "showing what you type); l lists the options again; Enter or b "
	       "goes back to the file's question; q postpones the whole review. "
	       "Picking an option resets your hunk picks and edited text.");
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

/* The prompt of "N edit" alone: "Value for [DEFAULT] my_ip: ". */
static char *
lr_value_prompt(const struct review_option *o, bool secret)
{
	return xasprintf("Value for %s%s%s%s%s: ",
			 o->section != NULL ? "[" : "",
			 o->section != NULL ? o->section : "",
			 o->section != NULL ? "] " : "", o->name,
			 secret ? " (not shown as you type)" : "");
}

/* The value of "N edit" typed alone, at a prompt of its own: the echo
 * off for a secret.  NULL when none came (said why, or *eof when input
 * ended); else malloc'd, to be freed with secret_free(). */
static char *
lr_ask_value(const struct lr *lr, const struct review_option *o,
	     unsigned long idx, bool *eof)
{
	bool secret = review_option_is_secret(o);
	char *prompt, *line = NULL, *value;
	int rc;

	if (secret && lr->io->read_secret == NULL) {
		lr_say(lr, "Option %lu is a secret, and there is no terminal to "
		       "hide its value on: give it on the line, \"%lu edit "
		       "VALUE\".", idx, idx);
		return NULL;
	}
	fflush(lr->out);
	prompt = lr_value_prompt(o, secret);
	rc = secret ? lr->io->read_secret(lr->io->ctx, prompt, &line)
		    : lr->io->read_line(lr->io->ctx, prompt, &line);
	free(prompt);
	if (rc < 0) {
		secret_free(line);
		*eof = true;
		return NULL;
	}
	value = lr_value_of(line);
	secret_free(line);
	if (value[0] != '\0')
		return value;
	lr_say(lr, "Nothing typed: option %lu stays as it was.", idx);
	secret_free(value);
	return NULL;
}

/* The pick made: the option's line (a secret's value masked), and what
 * the pick reset. */
static void
lr_option_picked(const struct lr *lr, struct lr_group *lg, unsigned long idx,
		 bool typed_on_the_line)
{
	struct strbuf sb = STRBUF_INIT;
	const struct review_option *o = review_option_at(lg->r, lg->g, idx - 1);

	if (lg->hunks_picked || lg->text_edited)
		lr_say(lr, "The proposal changed: your hunk picks and edited "
		       "text are reset.");
	lg->hunks_picked = false;
	lg->text_edited = false;
	strbuf_addf(&sb, "%3lu ", idx);
	review_write_option(lg->r, lg->g, idx - 1, &sb);
	lr_put(lr, &sb);
	strbuf_release(&sb);
	if (typed_on_the_line && review_option_is_secret(o))
		lr_say(lr, "Option %lu is a secret, and its value showed as you "
		       "typed it: \"%lu edit\" alone asks for it without "
		       "showing it.", idx, idx);
	lr_become_merge(lr, lg);
}

/* "N" of "N mine|theirs|edit [VALUE]": 0 (said why) when it names no
 * option. */
static unsigned long
lr_option_number(const struct lr *lr, const struct lr_group *lg,
		 const char *word)
{
	size_t n = review_option_count(lg->r, lg->g);
	char *end;
	unsigned long idx = strtoul(word, &end, 10);

	if (word[0] < '0' || word[0] > '9' || *end != '\0' || idx < 1 ||
	    idx > n) {
		lr_say(lr, "\"%s\": give an option's number, 1 to %zu, then mine, "
		       "theirs or edit VALUE.", word, n);
		return 0;
	}
	return idx;
}

/* "N mine|theirs|edit [VALUE]": LR_ASK, or LR_EOF when input ended at
 * the value's prompt. */
static enum lr_next
lr_option_answer(const struct lr *lr, struct lr_group *lg,
		 const struct lr_answer *a)
{
	unsigned long idx = lr_option_number(lr, lg, a->word);
	char verb[LR_WORD_MAX];
	const char *p = lr_take_word(a->rest, verb);
	enum review_pick pick;
	struct ou_error err;
	bool eof = false, on_the_line;
	char *value;

	if (idx == 0)
		return LR_ASK;
	if (!lr_parse_pick(verb, &pick)) {
		lr_say(lr, "Option %lu: mine, theirs or edit VALUE?", idx);
		return LR_ASK;
	}
	value = lr_value_of(p);
	on_the_line = value[0] != '\0';
	if (pick == REVIEW_PICK_EDIT && !on_the_line) {
		secret_free(value);
		value = lr_ask_value(lr, review_option_at(lg->r, lg->g, idx - 1),
				     idx, &eof);
	}
	if (value == NULL)
		return eof ? LR_EOF : LR_ASK;
	if (review_pick_option(lg->r, lg->g, idx - 1, pick, value, &err) < 0)
		lr_say(lr, "%s", err.msg);
	else
		lr_option_picked(lr, lg, idx,
				 pick == REVIEW_PICK_EDIT && on_the_line);
	secret_free(value);
	return LR_ASK;
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
			next = lr_option_answer(lr, lg, &a);
		lr_answer_free(&a);
	}
	return next == LR_BACK ? LR_ASK : next;
}
