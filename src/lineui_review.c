/* lineui_review: see include/lineui_review.h.
 *
 * Every loop that asks a question is bounded by the operator: each turn
 * reads a line, and the end of input ends the walk. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ini.h"
#include "lineui_review.h"
#include "pysettings.h"
#include "shellquote.h"
#include "strbuf.h"
#include "xalloc.h"

#define LR_DEFAULT_WIDTH 80
/* Entries removed from a temporary directory: the files we wrote and
 * what an editor leaves beside them (swap and backup files). */
#define LR_TMP_ENTRIES_MAX 256
#define LR_WORD_MAX 32

/* Where an answer leads. */
enum lr_next {
	LR_ASK,		/* ask the same question again */
	LR_DONE,	/* answered: go on */
	LR_BACK,	/* leave a hunk or option walk */
	LR_POSTPONE,	/* "q": nothing is applied */
	LR_EOF,		/* input ended or a stop came */
};

struct lr {
	const struct lineui_review_io *io;
	FILE *out;
	unsigned width;
};

/* The group being asked about. */
struct lr_group {
	struct review *r;
	size_t g;
	bool text_edited;	/* an edited text ($EDITOR, $MERGE) stands */
	bool hunks_picked;	/* a hunk was picked by hand */
};

/* The words an operator types, spelled out in one place. */
static const char *const lr_decision_names[] = {
	[REVIEW_MERGE] = "merge",
	[REVIEW_TAKE_NEW] = "take new",
	[REVIEW_KEEP_MINE] = "keep mine",
};

static const char *const lr_pick_names[] = {
	[REVIEW_PICK_MINE] = "mine",
	[REVIEW_PICK_THEIRS] = "theirs",
	[REVIEW_PICK_EDIT] = "edited",
};

static const char *const lr_kind_names[] = {
	[REVIEW_INI] = "INI",
	[REVIEW_PYTHON] = "Python settings",
	[REVIEW_TEXT] = "text",
};

/* ---- output ------------------------------------------------------------ */

/* Our own text, its words wrapped to the width; a line's leading spaces
 * are kept, and its wrapped lines are indented two more. */
static void
lr_write_wrapped(const struct lr *lr, const char *text)
{
	const char *p = text;
	size_t col = 0, indent = 0;
	bool has_word = false;

	while (*p != '\0') {
		size_t spaces = strspn(p, " ");
		const char *w = p + spaces;
		size_t len = strcspn(w, " \n");

		if (*w == '\n' || *w == '\0') {
			if (*w == '\n')
				fputc('\n', lr->out);
			p = *w == '\n' ? w + 1 : w;
			col = 0;
			has_word = false;
			continue;
		}
		if (!has_word) {
			fprintf(lr->out, "%*s", (int)spaces, "");
			col = spaces;
			indent = spaces + 2;
		} else if (col + 1 + len > lr->width) {
			fprintf(lr->out, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', lr->out);
			col++;
		}
		fwrite(w, 1, len, lr->out);
		col += len;
		has_word = true;
		p = w + len;
	}
	if (has_word)
		fputc('\n', lr->out);
}

static void
lr_say(const struct lr *lr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
lr_say(const struct lr *lr, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	lr_write_wrapped(lr, text);
	free(text);
}

/* Display text from the review (already masked), as it is. */
static void
lr_put(const struct lr *lr, const struct strbuf *sb)
{
	fwrite(strbuf_str(sb), 1, sb->len, lr->out);
	if (sb->len > 0 && sb->buf[sb->len - 1] != '\n')
		fputc('\n', lr->out);
}

/* ---- reading answers ------------------------------------------------- */

struct lr_answer {
	char *line;
	char word[LR_WORD_MAX];	/* the first word, lower-cased */
	const char *rest;	/* after it and its blanks */
};

/* The first word of text, lower-cased (cut at LR_WORD_MAX - 1 bytes);
 * returns what follows it and its blanks. */
static const char *
lr_take_word(const char *text, char word[LR_WORD_MAX])
{
	const char *p = text + strspn(text, " \t");
	size_t len = strcspn(p, " \t");

	for (size_t i = 0; i < len && i < LR_WORD_MAX - 1; i++)
		word[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a'
							    : p[i]);
	word[len < LR_WORD_MAX - 1 ? len : LR_WORD_MAX - 1] = '\0';
	p += len;
	return p + strspn(p, " \t");
}

static bool
lr_ask(const struct lr *lr, const char *prompt, struct lr_answer *a)
{
	fflush(lr->out);
	a->line = NULL;
	if (lr->io->read_line(lr->io->ctx, prompt, &a->line) < 0) {
		free(a->line);
		a->line = NULL;
		return false;
	}
	a->rest = lr_take_word(a->line, a->word);
	return true;
}

/* "HEAD: CHOICES [DEFAULT]: " when it fits the width; else the choices on
 * their own (wrapped) and "HEAD [DEFAULT]: ". */
static bool
lr_ask_choices(const struct lr *lr, const char *head, const char *choices,
	       const char *dflt, struct lr_answer *a)
{
	char *prompt = xasprintf("%s: %s [%s]: ", head, choices, dflt);
	bool got;

	if (strlen(prompt) > lr->width) {
		free(prompt);
		lr_say(lr, "%s", choices);
		prompt = xasprintf("%s [%s]: ", head, dflt);
	}
	got = lr_ask(lr, prompt, a);
	free(prompt);
	return got;
}

static void
lr_answer_free(struct lr_answer *a)
{
	free(a->line);
	a->line = NULL;
}

static bool
lr_is(const char *word, const char *a, const char *b)
{
	return strcmp(word, a) == 0 || (b != NULL && strcmp(word, b) == 0);
}

/* ---- temporary files for $EDITOR and $MERGE --------------------------- */

struct lr_tmp {
	char *dir;
};

static int
lr_tmp_open(const struct lr *lr, struct lr_tmp *t)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	t->dir = xasprintf("%s/ou-review-XXXXXX", base);
	if (mkdtemp(t->dir) == NULL) {
		lr_say(lr, "Cannot make a temporary directory in %s: %s.", base,
		       strerror(errno));
		free(t->dir);
		t->dir = NULL;
		return -1;
	}
	return 0;
}

/* A file of mode 0600 in the directory; its path (the caller frees). */
static char *
lr_tmp_write(const struct lr *lr, const struct lr_tmp *t, const char *name,
	     const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", t->dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);
	size_t done = 0;

	while (fd >= 0 && done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (fd < 0 || done < len || close(fd) < 0) {
		lr_say(lr, "Cannot write %s: %s.", path, strerror(errno));
		if (fd >= 0)
			unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static void
lr_tmp_remove(struct lr_tmp *t)
{
	DIR *d;
	struct dirent *e;

	if (t->dir == NULL)
		return;
	d = opendir(t->dir);
	for (size_t i = 0; d != NULL && i < LR_TMP_ENTRIES_MAX &&
	     (e = readdir(d)) != NULL; i++) {
		char *path;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", t->dir, e->d_name);
		unlink(path);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(t->dir);
	free(t->dir);
	t->dir = NULL;
}

/* Run `command FILE...` through /bin/sh on our terminal and wait for it.
 * Returns its exit status (128 + N when signal N ended it), or -1 when it
 * could not start. */
static int
lr_run(const struct lr *lr, const char *command, const char *const *files,
       size_t n)
{
	struct strbuf cmd = STRBUF_INIT;
	sigset_t none;
	pid_t pid;
	int status;

	strbuf_adds(&cmd, command);
	for (size_t i = 0; i < n; i++) {
		strbuf_addc(&cmd, ' ');
		shellquote_append(&cmd, files[i]);
	}
	fflush(lr->out);
	fflush(stdout);
	sigemptyset(&none);
	pid = fork();
	if (pid == 0) {
		/* Line mode blocks the stop signals for its signalfd; the
		 * editor must get them as usual. */
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl("/bin/sh", "sh", "-c", strbuf_str(&cmd), (char *)NULL);
		_exit(127);
	}
	strbuf_release(&cmd);
	if (pid < 0) {
		lr_say(lr, "Cannot start %s: %s.", command, strerror(errno));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			lr_say(lr, "Lost %s: %s.", command, strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static const char *
lr_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static const char *
lr_editor(void)
{
	const char *editor = getenv("EDITOR");

	return editor != NULL && editor[0] != '\0' ? editor : "vi";
}

/* Edit text in $EDITOR, in a file named like the reviewed one: 0 with the
 * new bytes in *out, 1 when nothing came of it (said why), -1 when the
 * file could not be made (said why). */
static int
lr_edit_bytes(const struct lr *lr, const char *name, const struct strbuf *text,
	      struct strbuf *out)
{
	struct lr_tmp t;
	struct ou_error err;
	const char *editor = lr_editor();
	char *path;
	int status;
	int rc = 0;

	if (lr_tmp_open(lr, &t) < 0)
		return -1;
	path = lr_tmp_write(lr, &t, name, strbuf_str(text), text->len);
	if (path == NULL) {
		lr_tmp_remove(&t);
		return -1;
	}
	status = lr_run(lr, editor, (const char *const *)&path, 1);
	if (status != 0) {
		if (status > 0)
			lr_say(lr, "%s exited with status %d: nothing changed.",
			       editor, status);
		rc = 1;
	} else if (strbuf_read_file(out, path, &err) < 0) {
		lr_say(lr, "%s", err.msg);
		rc = 1;
	} else if (out->len == text->len &&
		   memcmp(strbuf_str(out), strbuf_str(text), text->len) == 0) {
		lr_say(lr, "No change.");
		rc = 1;
	}
	free(path);
	lr_tmp_remove(&t);
	return rc;
}

/* ---- the group's result ------------------------------------------------ */

static size_t
lr_first_host(const struct lr_group *lg)
{
	return review_group_host(lg->r, lg->g, 0);
}

static int
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
static int
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

static void
lr_become_merge(const struct lr *lr, struct lr_group *lg)
{
	if (review_group_decision(lg->r, lg->g) == REVIEW_MERGE)
		return;
	review_decide(lg->r, lg->g, REVIEW_MERGE);
	lr_say(lr, "The decision is now: merge.");
}

/* After a text that does not parse: reopen it, or drop it. */
static enum lr_next
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
 * to reopen, LR_BACK to drop it, or the walk's end. */
static enum lr_next
lr_take_text(const struct lr *lr, struct lr_group *lg,
	     const struct strbuf *text)
{
	struct ou_error err;

	if (review_set_text(lg->r, lg->g, strbuf_str(text), text->len,
			    &err) == 0) {
		lg->text_edited = true;
		lg->hunks_picked = false;
		lr_say(lr, "Your text is the group's result.");
		lr_become_merge(lr, lg);
		return LR_DONE;
	}
	return lr_ask_reopen(lr, &err);
}

/* ---- the answers of the group question -------------------------------- */

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

static enum lr_next
lr_editor_on_result(const struct lr *lr, struct lr_group *lg)
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
		int rc = lr_edit_bytes(lr, lr_basename(review_path(lg->r)),
				       &text, &edited);

		next = rc == 0 ? lr_take_text(lr, lg, &edited) : LR_DONE;
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

/* The three files of the merge tool (and the shell): the first host's
 * current file and .rpmnew, and the output, which starts as the result
 * so far. */
struct lr_merge_files {
	struct lr_tmp t;
	char *paths[3];
};

static int
lr_merge_files_make(const struct lr *lr, const struct lr_group *lg,
		    const struct strbuf *result, struct lr_merge_files *f)
{
	const char *base = lr_basename(review_path(lg->r));
	char *names[3];
	const char *data[3];
	size_t len[3];
	int rc = 0;

	memset(f, 0, sizeof *f);
	if (lr_tmp_open(lr, &f->t) < 0)
		return -1;
	data[0] = review_host_current(lg->r, lr_first_host(lg), &len[0]);
	data[1] = review_host_rpmnew(lg->r, lr_first_host(lg), &len[1]);
	data[2] = strbuf_str(result);
	len[2] = result->len;
	names[0] = xstrdup(base);
	names[1] = xasprintf("%s.rpmnew", base);
	names[2] = xasprintf("%s.merged", base);
	for (size_t i = 0; i < 3; i++) {
		if (rc == 0) {
			f->paths[i] = lr_tmp_write(lr, &f->t, names[i], data[i],
						   len[i]);
			rc = f->paths[i] != NULL ? 0 : -1;
		}
		free(names[i]);
	}
	return rc;
}

static void
lr_merge_files_remove(struct lr_merge_files *f)
{
	for (size_t i = 0; i < 3; i++)
		free(f->paths[i]);
	lr_tmp_remove(&f->t);
}

/* One run of $MERGE: 0 with its output in *out, 1 when nothing came of
 * it (said why), -1 when the files could not be made. */
static int
lr_merge_once(const struct lr *lr, const struct lr_group *lg,
	      const char *tool, const struct strbuf *start, struct strbuf *out)
{
	struct lr_merge_files f;
	struct ou_error err;
	int status;
	int rc = 0;

	if (lr_merge_files_make(lr, lg, start, &f) < 0) {
		lr_merge_files_remove(&f);
		return -1;
	}
	status = lr_run(lr, tool, (const char *const *)f.paths, 3);
	if (status != 0) {
		if (status > 0)
			lr_say(lr, "%s exited with status %d: nothing changed.",
			       tool, status);
		rc = 1;
	} else if (strbuf_read_file(out, f.paths[2], &err) < 0) {
		lr_say(lr, "%s", err.msg);
		rc = 1;
	} else if (out->len == start->len &&
		   memcmp(strbuf_str(out), strbuf_str(start), start->len) == 0) {
		lr_say(lr, "%s left the result as it was: nothing changed.",
		       tool);
		rc = 1;
	}
	lr_merge_files_remove(&f);
	return rc;
}

static enum lr_next
lr_merge_tool(const struct lr *lr, struct lr_group *lg)
{
	const char *tool = getenv("MERGE");
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	enum lr_next next = LR_ASK;

	if (tool == NULL || tool[0] == '\0') {
		lr_say(lr, "Set MERGE to a merge tool first: it is run as "
		       "\"$MERGE MINE NEW OUTPUT\", and what it leaves in "
		       "OUTPUT becomes the result.");
		return LR_ASK;
	}
	if (lr_group_result(lg, &text, &err) < 0) {
		lr_say(lr, "%s", err.msg);
		strbuf_release(&text);
		return LR_ASK;
	}
	for (;;) {
		struct strbuf merged = STRBUF_INIT;
		int rc = lr_merge_once(lr, lg, tool, &text, &merged);

		next = rc == 0 ? lr_take_text(lr, lg, &merged) : LR_DONE;
		if (next == LR_ASK) {
			strbuf_reset(&text);
			strbuf_add(&text, strbuf_str(&merged), merged.len);
		}
		strbuf_release(&merged);
		if (next != LR_ASK)
			break;
	}
	strbuf_release(&text);
	return next == LR_DONE || next == LR_BACK ? LR_ASK : next;
}

/* rpmconf's Z: a shell beside the three files, to look around.  What it
 * changes there is not taken back: e and m are for changing the result. */
static enum lr_next
lr_shell(const struct lr *lr, struct lr_group *lg)
{
	const char *shell = getenv("SHELL");
	struct strbuf result = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT;
	struct lr_merge_files f;
	struct ou_error err;
	const char *base = lr_basename(review_path(lg->r));

	if (shell == NULL || shell[0] == '\0')
		shell = "/bin/sh";
	if (lr_group_result(lg, &result, &err) < 0) {
		lr_say(lr, "%s", err.msg);
		strbuf_release(&result);
		return LR_ASK;
	}
	if (lr_merge_files_make(lr, lg, &result, &f) == 0) {
		lr_say(lr, "A shell in %s: %s is yours (from %s), %s.rpmnew the "
		       "new one, %s.merged the result so far. Nothing there is "
		       "taken back; exit to come back.", f.t.dir, base,
		       review_host_name(lg->r, lr_first_host(lg)), base, base);
		strbuf_adds(&cmd, "cd ");
		shellquote_append(&cmd, f.t.dir);
		strbuf_addf(&cmd, " && exec %s", shell);
		lr_run(lr, strbuf_str(&cmd), NULL, 0);
	}
	lr_merge_files_remove(&f);
	strbuf_release(&cmd);
	strbuf_release(&result);
	return LR_ASK;
}

/* ---- hunk by hunk -------------------------------------------------------- */

struct lr_hunk_walk {
	size_t i, n;
	bool show_all;		/* comment-only hunks too */
	bool shown;		/* hunk i is on the screen */
};

static void
lr_hunk_show(const struct lr *lr, const struct lr_group *lg,
	     const struct lr_hunk_walk *w)
{
	struct strbuf sb = STRBUF_INIT;

	lr_say(lr, "-- hunk %zu of %zu%s", w->i + 1, w->n,
	       review_hunk_is_comment_only(lg->r, lg->g, w->i)
		       ? " (comments only)" : "");
	review_write_hunk(lg->r, lg->g, w->i, &sb);
	lr_put(lr, &sb);
	strbuf_release(&sb);
}

static void
lr_hunk_help(const struct lr *lr)
{
	lr_say(lr, "Enter keeps the pick shown in brackets and goes on; t takes "
	       "the new lines (theirs), m keeps your lines (mine), e edits the "
	       "hunk's lines in $EDITOR; a walks every hunk again from the "
	       "first, the folded comment-only ones too; b goes back to the "
	       "file's question; q postpones the whole review.");
}

/* Restore a hunk's pick after a dropped edit. */
static void
lr_hunk_restore(struct lr_group *lg, size_t i, enum review_pick pick,
		const struct strbuf *text)
{
	review_pick_hunk(lg->r, lg->g, i, pick, strbuf_str(text), text->len,
			 NULL);
}

static enum lr_next
lr_hunk_edit(const struct lr *lr, struct lr_group *lg, size_t i)
{
	enum review_pick old = review_hunk_pick(lg->r, lg->g, i);
	struct strbuf old_text = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	struct ou_error err;
	enum lr_next next = LR_ASK;

	review_hunk_text(lg->r, lg->g, i, REVIEW_PICK_EDIT, &old_text);
	review_hunk_text(lg->r, lg->g, i,
			 old == REVIEW_PICK_EDIT ? REVIEW_PICK_EDIT
						 : REVIEW_PICK_THEIRS, &text);
	for (;;) {
		struct strbuf edited = STRBUF_INIT;
		int rc = lr_edit_bytes(lr, lr_basename(review_path(lg->r)), &text,
				       &edited);

		if (rc != 0) {
			strbuf_release(&edited);
			next = LR_ASK;
			break;
		}
		review_pick_hunk(lg->r, lg->g, i, REVIEW_PICK_EDIT,
				 strbuf_str(&edited), edited.len, NULL);
		if (lr_check_results(lg, &err) == 0) {
			strbuf_release(&edited);
			next = LR_DONE;
			break;
		}
		lr_hunk_restore(lg, i, old, &old_text);
		next = lr_ask_reopen(lr, &err);
		strbuf_reset(&text);
		strbuf_add(&text, strbuf_str(&edited), edited.len);
		strbuf_release(&edited);
		if (next != LR_ASK) {
			next = next == LR_BACK ? LR_ASK : next;
			break;
		}
	}
	strbuf_release(&text);
	strbuf_release(&old_text);
	return next;
}

static enum lr_next
lr_hunk_pick(struct lr_group *lg, size_t i, enum review_pick pick)
{
	review_pick_hunk(lg->r, lg->g, i, pick, NULL, 0, NULL);
	return LR_DONE;
}

/* One hunk's question: LR_DONE goes to the next hunk. */
static enum lr_next
lr_hunk_ask(const struct lr *lr, struct lr_group *lg, struct lr_hunk_walk *w)
{
	enum review_pick pick = review_hunk_pick(lg->r, lg->g, w->i);
	struct lr_answer a;
	enum lr_next next = LR_ASK;
	char *head;

	if (!w->shown)
		lr_hunk_show(lr, lg, w);
	w->shown = true;
	head = xasprintf("Hunk %zu of %zu", w->i + 1, w->n);
	if (!lr_ask_choices(lr, head, "t theirs, m mine, e edit, b back, ? help",
			    lr_pick_names[pick], &a)) {
		free(head);
		return LR_EOF;
	}
	free(head);
	if (a.word[0] == '\0') {
		next = LR_DONE;
	} else if (lr_is(a.word, "t", "theirs")) {
		next = lr_hunk_pick(lg, w->i, REVIEW_PICK_THEIRS);
	} else if (lr_is(a.word, "m", "mine")) {
		next = lr_hunk_pick(lg, w->i, REVIEW_PICK_MINE);
	} else if (lr_is(a.word, "e", "edit")) {
		next = lr_hunk_edit(lr, lg, w->i);
	} else if (lr_is(a.word, "a", "all")) {
		w->show_all = true;
		w->i = 0;
		w->shown = false;
		lr_say(lr, "Every hunk, from the first:");
	} else if (lr_is(a.word, "b", "back")) {
		next = LR_BACK;
	} else if (lr_is(a.word, "q", "quit")) {
		next = LR_POSTPONE;
	} else if (lr_is(a.word, "?", "help")) {
		lr_hunk_help(lr);
	} else {
		lr_say(lr, "\"%s\" is not an answer here: t, m, e, a, b, q or "
		       "? (Enter keeps %s).", a.word, lr_pick_names[pick]);
	}
	if (next == LR_DONE && a.word[0] != '\0') {
		lg->hunks_picked = true;
		lg->text_edited = false;
	}
	lr_answer_free(&a);
	return next;
}

static void
lr_hunks_tally(const struct lr *lr, const struct lr_group *lg, size_t n)
{
	size_t count[REVIEW_PICK_EDIT + 1] = { 0 };

	for (size_t i = 0; i < n; i++)
		count[review_hunk_pick(lg->r, lg->g, i)]++;
	lr_say(lr, "Hunks: %zu theirs, %zu mine, %zu edited.",
	       count[REVIEW_PICK_THEIRS], count[REVIEW_PICK_MINE],
	       count[REVIEW_PICK_EDIT]);
}

static size_t
lr_count_folded(const struct lr_group *lg, size_t n)
{
	size_t folded = 0;

	for (size_t i = 0; i < n; i++)
		folded += review_hunk_is_comment_only(lg->r, lg->g, i);
	return folded;
}

static enum lr_next
lr_hunks(const struct lr *lr, struct lr_group *lg)
{
	struct lr_hunk_walk w = { .n = review_hunk_count(lg->r, lg->g) };
	size_t folded = lr_count_folded(lg, w.n);
	enum lr_next next = LR_DONE;

	if (w.n == 0) {
		lr_say(lr, "No hunks: the proposal is your file as it is.");
		return LR_ASK;
	}
	if (lg->text_edited)
		lr_say(lr, "These are the proposal's hunks: picking one drops "
		       "the text you edited.");
	if (folded == w.n) {
		w.show_all = true;
		lr_say(lr, "Every hunk changes only comments or blank lines.");
	} else if (folded > 0) {
		lr_say(lr, "%zu of the %zu hunks change only comments or blank "
		       "lines: folded (a shows them).", folded, w.n);
	}
	while (w.i < w.n && (next == LR_DONE || next == LR_ASK)) {
		if (!w.show_all && review_hunk_is_comment_only(lg->r, lg->g, w.i)) {
			w.i++;
			continue;
		}
		next = lr_hunk_ask(lr, lg, &w);
		if (next == LR_DONE) {
			w.i++;
			w.shown = false;
		}
	}
	if (next == LR_POSTPONE || next == LR_EOF)
		return next;
	lr_hunks_tally(lr, lg, w.n);
	if (lg->hunks_picked)
		lr_become_merge(lr, lg);
	return LR_ASK;
}

/* ---- option by option ------------------------------------------------------ */

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

static enum lr_next
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

/* ---- the group question ------------------------------------------------ */

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
