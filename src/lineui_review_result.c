/* lineui_review_result: the group's result as the operator shapes it:
 * checked against the file's kind, taken, or reopened
 * (lineui_review_private.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "lineui_review_private.h"
#include "pysettings.h"
#include "xalloc.h"

const char *
lr_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

size_t
lr_first_host(const struct lr_group *lg)
{
	return review_group_host(lg->r, lg->g, 0);
}

int
lr_group_result(const struct lr_group *lg, struct strbuf *out,
		struct ou_error *err)
{
	return review_result(lg->r, lr_first_host(lg), out, err);
}

static int
lr_parse_as_kind(const struct review *r, const struct strbuf *text,
		 struct ou_error *err)
{
	char *label = xasprintf("%s (merged)", review_path(r));
	struct ini *ini = NULL;
	struct pysettings *py = NULL;
	int rc = 0;

	if (review_kind(r) == REVIEW_INI)
		rc = ini_parse(label, strbuf_str(text), text->len, &ini, err);
	else if (review_kind(r) == REVIEW_PYTHON)
		rc = pysettings_parse(label, strbuf_str(text), text->len, &py,
				      err);
	ini_free(ini);
	pysettings_free(py);
	free(label);
	return rc;
}

/* After a hunk's edit: every host's result must still be a file of its
 * kind. */
int
lr_check_results(const struct lr_group *lg, struct ou_error *err)
{
	for (size_t i = 0; i < review_group_host_count(lg->r, lg->g); i++) {
		struct strbuf sb = STRBUF_INIT;
		int rc = review_result(lg->r, review_group_host(lg->r, lg->g, i),
				       &sb, err);

		if (rc == 0 && i == 0)
			rc = lr_parse_as_kind(lg->r, &sb, err);
		strbuf_release(&sb);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void
lr_become_merge(const struct lr *lr, struct lr_group *lg)
{
	if (review_group_decision(lg->r, lg->g) == REVIEW_MERGE)
		return;
	review_decide(lg->r, lg->g, REVIEW_MERGE);
	lr_say(lr, "The decision is now: merge.");
}

/* After a text that does not parse: reopen it, or drop it. */
enum lr_next
lr_ask_reopen(const struct lr *lr, const struct ou_error *err)
{
	struct lr_answer a;
	enum lr_next next;

	lr_say(lr, "%s", err->msg);
	for (;;) {
		if (!lr_ask_choices(lr, "Reopen it", "r reopen, d drop the edit",
				    "r", &a))
			return LR_EOF;
		if (a.word[0] == '\0' || lr_is(a.word, "r", "reopen")) {
			next = LR_ASK;
		} else if (lr_is(a.word, "d", "drop")) {
			next = LR_BACK;
		} else if (lr_is(a.word, "q", "quit")) {
			next = LR_POSTPONE;
		} else {
			lr_say(lr, "\"%s\": answer r to reopen, d to drop the "
			       "edit, or q to postpone.", a.word);
			lr_answer_free(&a);
			continue;
		}
		lr_answer_free(&a);
		return next;
	}
}

/* Take an edited whole text, or say why not: LR_DONE when taken, LR_ASK
 * to reopen, LR_BACK to drop it, or the walk's end.  The review keeps
 * who wrote it, for the journal. */
enum lr_next
lr_take_text(const struct lr *lr, struct lr_group *lg,
	     const struct strbuf *text, enum review_text_source source)
{
	struct ou_error err;

	if (review_set_text_from(lg->r, lg->g, strbuf_str(text), text->len,
				 source, &err) == 0) {
		lg->text_edited = true;
		lg->hunks_picked = false;
		lr_say(lr, "Your text is the group's result.");
		lr_become_merge(lr, lg);
		return LR_DONE;
	}
	return lr_ask_reopen(lr, &err);
}
