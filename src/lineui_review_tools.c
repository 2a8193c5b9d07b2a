/* lineui_review_tools: the operator's own tools on the group's result:
 * $EDITOR (e, and a hunk's e), $MERGE (m) and $SHELL (z), on tempedit's
 * private files (tempedit.h) (lineui_review_private.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lineui_review_private.h"
#include "tempedit.h"
#include "xalloc.h"

/* The private directories' names: "ou-review-XXXXXX". */
#define LR_TMP_PREFIX "ou-review"
#define LR_N_MERGE_FILES 3

/* What we wrote comes before the tool's own output on the terminal. */
static void
lr_flush(const struct lr *lr)
{
	fflush(lr->out);
	fflush(stdout);
}

static bool
lr_same_text(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && memcmp(strbuf_str(a), strbuf_str(b),
					  a->len) == 0;
}

/* What a tool's run came to: 0 when out holds a changed text, else 1
 * (said why: err when rc < 0, same when nothing changed). */
static int
lr_tool_outcome(const struct lr *lr, int rc, const struct ou_error *err,
		const struct strbuf *start, const struct strbuf *out,
		const char *same)
{
	if (rc < 0) {
		lr_say(lr, "%s: nothing changed.", err->msg);
		return 1;
	}
	if (lr_same_text(start, out)) {
		lr_say(lr, "%s", same);
		return 1;
	}
	return 0;
}

int
lr_edit_bytes(const struct lr *lr, const char *name, const struct strbuf *text,
	      struct strbuf *out)
{
	struct ou_error err;
	int rc;

	lr_flush(lr);
	rc = tempedit_edit(tempedit_editor(), LR_TMP_PREFIX, name,
			   strbuf_str(text), text->len, out, &err);
	return lr_tool_outcome(lr, rc, &err, text, out, "No change.");
}

/* One run of a tool on the text so far: as lr_edit_bytes(). */
typedef int lr_tool_once(const struct lr *lr, const struct lr_group *lg,
			 const struct strbuf *text, struct strbuf *out);

/* The tool on the group's result until its text parses, is dropped, or
 * nothing comes of it; source says which tool it is. */
static enum lr_next
lr_tool_on_result(const struct lr *lr, struct lr_group *lg,
		  lr_tool_once *once, enum review_text_source source)
{
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	enum lr_next next = LR_ASK;

	if (lr_group_result(lg, &text, &err) < 0) {
		lr_say(lr, "%s", err.msg);
		strbuf_release(&text);
		return LR_ASK;
	}
	for (;;) {
		struct strbuf edited = STRBUF_INIT;
		int rc = once(lr, lg, &text, &edited);

		next = rc == 0 ? lr_take_text(lr, lg, &edited, source)
				: LR_DONE;
		if (next == LR_ASK) {
			strbuf_reset(&text);
			strbuf_add(&text, strbuf_str(&edited), edited.len);
		}
		strbuf_release(&edited);
		if (next != LR_ASK)
			break;
	}
	strbuf_release(&text);
	return next == LR_DONE || next == LR_BACK ? LR_ASK : next;
}

static int
lr_editor_once(const struct lr *lr, const struct lr_group *lg,
	       const struct strbuf *text, struct strbuf *out)
{
	return lr_edit_bytes(lr, lr_basename(review_path(lg->r)), text, out);
}

enum lr_next
lr_editor_on_result(const struct lr *lr, struct lr_group *lg)
{
	return lr_tool_on_result(lr, lg, lr_editor_once, REVIEW_TEXT_EDITOR);
}

/* The three files of the merge tool (and the shell): the first host's
 * current file and .rpmnew, and the output, which starts as the result
 * so far. */
struct lr_merge_files {
	struct tempedit te;
	char *paths[LR_N_MERGE_FILES];
};

/* -1 (err set when not NULL) when something stays on disk. */
static int
lr_merge_files_remove(struct lr_merge_files *f, struct ou_error *err)
{
	for (size_t i = 0; i < LR_N_MERGE_FILES; i++)
		free(f->paths[i]);
	memset(f->paths, 0, sizeof f->paths);
	return tempedit_close(&f->te, err);
}

/* -1 (err set, nothing left behind) when a file cannot be made. */
static int
lr_merge_files_make(const struct lr_group *lg, const struct strbuf *result,
		    struct lr_merge_files *f, struct ou_error *err)
{
	const char *base = lr_basename(review_path(lg->r));
	const char *suffix[LR_N_MERGE_FILES] = { "", ".rpmnew", ".merged" };
	const char *data[LR_N_MERGE_FILES];
	size_t len[LR_N_MERGE_FILES];

	memset(f, 0, sizeof *f);
	if (tempedit_open(&f->te, LR_TMP_PREFIX, err) < 0)
		return -1;
	data[0] = review_host_current(lg->r, lr_first_host(lg), &len[0]);
	data[1] = review_host_rpmnew(lg->r, lr_first_host(lg), &len[1]);
	data[2] = strbuf_str(result);
	len[2] = result->len;
	for (size_t i = 0; i < LR_N_MERGE_FILES; i++) {
		char *name = xasprintf("%s%s", base, suffix[i]);

		f->paths[i] = tempedit_write(&f->te, name, data[i], len[i], err);
		free(name);
		if (f->paths[i] == NULL) {
			lr_merge_files_remove(f, NULL);
			return -1;
		}
	}
	return 0;
}

/* One run of $MERGE MINE NEW OUTPUT: as lr_edit_bytes(). */
static int
lr_merge_once(const struct lr *lr, const struct lr_group *lg,
	      const struct strbuf *text, struct strbuf *out)
{
	const char *tool = getenv("MERGE");
	struct lr_merge_files f;
	struct ou_error err;
	char *same;
	int rc = lr_merge_files_make(lg, text, &f, &err);

	if (rc == 0) {
		lr_flush(lr);
		rc = tempedit_run(tool, (const char *const *)f.paths,
				  LR_N_MERGE_FILES, &err);
		if (rc == 0)
			rc = strbuf_read_file(out, f.paths[2], &err);
		if (lr_merge_files_remove(&f, rc == 0 ? &err : NULL) < 0)
			rc = -1;
	}
	same = xasprintf("%s left the result as it was: nothing changed.",
			 tool);
	rc = lr_tool_outcome(lr, rc, &err, text, out, same);
	free(same);
	return rc;
}

enum lr_next
lr_merge_tool(const struct lr *lr, struct lr_group *lg)
{
	const char *tool = getenv("MERGE");

	if (tool == NULL || tool[0] == '\0') {
		lr_say(lr, "Set MERGE to a merge tool first: it is run as "
		       "\"$MERGE MINE NEW OUTPUT\", and what it leaves in "
		       "OUTPUT becomes the result.");
		return LR_ASK;
	}
	return lr_tool_on_result(lr, lg, lr_merge_once,
				 REVIEW_TEXT_MERGE_TOOL);
}

/* rpmconf's Z: a shell beside the three files, to look around.  What it
 * changes there is not taken back: e and m are for changing the result. */
enum lr_next
lr_shell(const struct lr *lr, struct lr_group *lg)
{
	const char *shell = getenv("SHELL");
	struct strbuf result = STRBUF_INIT;
	struct lr_merge_files f;
	struct ou_error err;
	const char *base = lr_basename(review_path(lg->r));

	if (shell == NULL || shell[0] == '\0')
		shell = "/bin/sh";
	if (lr_group_result(lg, &result, &err) < 0 ||
	    lr_merge_files_make(lg, &result, &f, &err) < 0) {
		lr_say(lr, "%s", err.msg);
		strbuf_release(&result);
		return LR_ASK;
	}
	lr_say(lr, "A shell in %s: %s is yours (from %s), %s.rpmnew the new "
	       "one, %s.merged the result so far. Nothing there is taken back; "
	       "exit to come back.", f.te.dir, base,
	       review_host_name(lg->r, lr_first_host(lg)), base, base);
	lr_flush(lr);
	if (tempedit_run_here(&f.te, shell, &err) < 0)
		lr_say(lr, "%s.", err.msg);
	if (lr_merge_files_remove(&f, &err) < 0)
		lr_say(lr, "%s.", err.msg);
	strbuf_release(&result);
	return LR_ASK;
}
