/* revpane: see ui/revpane.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "revpane.h"
#include "wrap.h"
#include "xalloc.h"

/* What the pane keeps of a group that the review does not tell. */
struct revpane_group {
	bool unfolded;		/* comment-only hunks shown */
	bool edited;		/* the whole text was edited */
};

static void
revpane_add_item(struct revpane *p, struct revpane_item item)
{
	p->items = xreallocarray(p->items, p->n_items + 1, sizeof *p->items);
	p->items[p->n_items++] = item;
}

void
revpane_init(struct revpane *p, struct review *const *reviews, size_t n)
{
	revpane_release(p);
	p->reviews = reviews;
	p->n_reviews = n;
	p->groups = xcalloc(n + 1, sizeof *p->groups);
	for (size_t r = 0; r < n; r++) {
		size_t groups = review_group_count(reviews[r]);

		p->groups[r] = xcalloc(groups + 1, sizeof *p->groups[r]);
		revpane_add_item(p, (struct revpane_item){ .review = r,
							   .file = true });
		for (size_t g = 0; g < groups; g++)
			revpane_add_item(p, (struct revpane_item){
				.review = r, .group = g });
	}
}

static void
revpane_clear_lines(struct revpane *p)
{
	for (size_t i = 0; i < p->n_lines; i++)
		free(p->lines[i].text);
	free(p->lines);
	p->lines = NULL;
	p->n_lines = 0;
}

void
revpane_release(struct revpane *p)
{
	revpane_clear_lines(p);
	for (size_t r = 0; r < p->n_reviews; r++)
		free(p->groups[r]);
	free(p->groups);
	free(p->items);
	*p = (struct revpane){ 0 };
}

/* ---- the left pane ------------------------------------------------------ */

const char *
revpane_decision_name(enum review_decision decision)
{
	switch (decision) {
	case REVIEW_KEEP_MINE:
		return "keep mine";
	case REVIEW_TAKE_NEW:
		return "take new";
	default:
		return "merge";
	}
}

static const char *
revpane_kind_name(enum review_kind kind)
{
	switch (kind) {
	case REVIEW_INI:
		return "INI";
	case REVIEW_PYTHON:
		return "Python settings";
	default:
		return "text";
	}
}

/* review_write_group()'s first line, without its newline. */
static void
revpane_add_hosts(const struct review *r, size_t group, struct strbuf *out)
{
	struct strbuf all = STRBUF_INIT;

	review_write_group(r, group, &all);
	strbuf_add(out, strbuf_str(&all), strcspn(strbuf_str(&all), "\n"));
	strbuf_release(&all);
}

void
revpane_item_text(const struct revpane *p, size_t item, struct strbuf *out)
{
	const struct revpane_item *it = &p->items[item];
	const struct review *r = p->reviews[it->review];

	if (it->file) {
		strbuf_addf(out, "%s (%s)", review_path(r),
			    revpane_kind_name(review_kind(r)));
		return;
	}
	revpane_add_hosts(r, it->group, out);
	strbuf_addf(out, ": %s", revpane_decision_name(
			    review_group_decision(r, it->group)));
}

/* ---- the right pane ------------------------------------------------------ */

static void
revpane_add_line(struct revpane *p, enum revpane_line_kind kind,
		 const char *text, size_t len, enum revpane_target target,
		 size_t index)
{
	p->lines = xreallocarray(p->lines, p->n_lines + 1, sizeof *p->lines);
	p->lines[p->n_lines++] = (struct revpane_line){
		.kind = kind, .text = xstrndup(text, len), .target = target,
		.index = index,
	};
}

typedef void revpane_emit_fn(void *ctx, const char *line);

/* One line (len bytes), wrapped to width (0: not wrapped); the lines it
 * goes on to hang two columns in. */
static void
revpane_wrap(const char *text, size_t len, size_t width,
	     revpane_emit_fn *emit, void *ctx)
{
	char *line;

	if (width > 0) {
		wrap_line(text, len, (int)width, 2, emit, ctx);
		return;
	}
	line = xstrndup(text, len);
	emit(ctx, line);
	free(line);
}

struct revpane_wrapped {
	struct revpane *p;
	enum revpane_line_kind kind;
	enum revpane_target target;
	size_t index;
};

static void
revpane_emit_line(void *ctx, const char *line)
{
	struct revpane_wrapped *w = ctx;

	revpane_add_line(w->p, w->kind, line, strlen(line), w->target,
			 w->index);
}

static void
revpane_add_wrapped(struct revpane *p, enum revpane_line_kind kind,
		    const char *text, size_t len, enum revpane_target target,
		    size_t index)
{
	struct revpane_wrapped w = { .p = p, .kind = kind, .target = target,
				     .index = index };

	revpane_wrap(text, len, p->width, revpane_emit_line, &w);
}

struct revpane_lines {
	char **lines;
	size_t n;
};

static void
revpane_emit_plain(void *ctx, const char *line)
{
	struct revpane_lines *l = ctx;

	l->lines = xreallocarray(l->lines, l->n + 1, sizeof *l->lines);
	l->lines[l->n++] = xstrdup(line);
}

char **
revpane_wrap_text(const char *text, size_t width, size_t *n)
{
	struct revpane_lines l = { 0 };

	for (const char *s = text; *s != '\0';) {
		size_t len = strcspn(s, "\n");

		revpane_wrap(s, len, width, revpane_emit_plain, &l);
		s += len + (s[len] == '\n');
	}
	*n = l.n;
	return l.lines;
}

static void
revpane_add_text(struct revpane *p, enum revpane_line_kind kind,
		 const char *text)
{
	revpane_add_wrapped(p, kind, text, strlen(text), REVPANE_TARGET_NONE,
			    0);
}

/* Each line of text, as kind, indented by indent. */
static void
revpane_add_lines(struct revpane *p, enum revpane_line_kind kind,
		  const char *indent, const char *text)
{
	for (const char *s = text; *s != '\0';) {
		size_t len = strcspn(s, "\n");
		char *line = xasprintf("%s%.*s", indent, (int)len, s);

		revpane_add_text(p, kind, line);
		free(line);
		s += len + (s[len] == '\n');
	}
}

static const char *
revpane_pick_name(enum review_pick pick)
{
	switch (pick) {
	case REVIEW_PICK_MINE:
		return "mine";
	case REVIEW_PICK_EDIT:
		return "edited";
	default:
		return "theirs";
	}
}

static enum revpane_line_kind
revpane_hunk_kind(char c)
{
	switch (c) {
	case '@':
		return REVPANE_HUNK_HEAD;
	case '-':
		return REVPANE_HUNK_DEL;
	case '+':
		return REVPANE_HUNK_ADD;
	default:
		return REVPANE_HUNK_SAME;
	}
}

static void
revpane_add_hunk(struct revpane *p, const struct review *r, size_t group,
		 size_t hunk, enum review_pick pick)
{
	struct strbuf text = STRBUF_INIT;

	review_write_hunk(r, group, hunk, &text);
	for (const char *s = strbuf_str(&text); *s != '\0';) {
		size_t len = strcspn(s, "\n");
		enum revpane_line_kind kind = revpane_hunk_kind(*s);
		char *line = kind == REVPANE_HUNK_HEAD
			     ? xasprintf("%.*s  hunk %zu: %s", (int)len, s,
					 hunk + 1, revpane_pick_name(pick))
			     : xstrndup(s, len);

		revpane_add_line(p, kind, line, strlen(line),
				 REVPANE_TARGET_HUNK, hunk);
		free(line);
		s += len + (s[len] == '\n');
	}
	strbuf_release(&text);
}

static void
revpane_add_folded(struct revpane *p, const struct review *r, size_t group,
		   size_t hunk, enum review_pick pick)
{
	struct strbuf text = STRBUF_INIT;
	size_t lines = 0;
	char *line;

	review_write_hunk(r, group, hunk, &text);
	for (const char *s = strbuf_str(&text); *s != '\0'; s++)
		lines += *s == '\n';
	line = xasprintf("hunk %zu: comments only, %zu lines, folded: %s",
			 hunk + 1, lines, revpane_pick_name(pick));
	revpane_add_line(p, REVPANE_FOLDED, line, strlen(line),
			 REVPANE_TARGET_HUNK, hunk);
	free(line);
	strbuf_release(&text);
}

static void
revpane_add_hunks(struct revpane *p, const struct review *r, size_t group,
		  const struct revpane_group *g)
{
	size_t n = review_hunk_count(r, group);

	revpane_add_text(p, REVPANE_HEADING,
			 "Changes: the merge against the current file");
	if (n == 0)
		revpane_add_text(p, REVPANE_TEXT, "  none");
	for (size_t h = 0; h < n; h++) {
		enum review_pick pick = review_hunk_pick(r, group, h);

		if (!g->unfolded && review_hunk_is_comment_only(r, group, h))
			revpane_add_folded(p, r, group, h, pick);
		else
			revpane_add_hunk(p, r, group, h, pick);
	}
}

static void
revpane_add_options(struct revpane *p, const struct review *r, size_t group)
{
	size_t n = review_option_count(r, group);

	if (n == 0)
		return;
	revpane_add_text(p, REVPANE_BLANK, "");
	revpane_add_text(p, REVPANE_HEADING, "Options");
	for (size_t i = 0; i < n; i++) {
		struct strbuf line = STRBUF_INIT;

		review_write_option(r, group, i, &line);
		revpane_add_wrapped(p, REVPANE_OPTION, strbuf_str(&line),
				    strcspn(strbuf_str(&line), "\n"),
				    REVPANE_TARGET_OPTION, i);
		strbuf_release(&line);
	}
}

static void
revpane_add_head(struct revpane *p, const struct review *r, size_t group,
		 const struct revpane_group *g)
{
	struct strbuf text = STRBUF_INIT;
	char *line;

	review_write_group(r, group, &text);
	line = xasprintf("%s on %s", review_path(r), strbuf_str(&text));
	revpane_add_lines(p, REVPANE_TEXT, "", line);
	free(line);
	line = xasprintf("Decision: %s%s", revpane_decision_name(
				 review_group_decision(r, group)),
			 g->edited ? " (the whole text edited)" : "");
	revpane_add_text(p, REVPANE_TEXT, line);
	free(line);
	for (size_t i = 0; i < review_note_count(r); i++)
		revpane_add_lines(p, REVPANE_TEXT, "Note: ", review_note(r, i));
	strbuf_release(&text);
}

void
revpane_build(struct revpane *p, size_t item, size_t width)
{
	const struct revpane_item *it = &p->items[item];
	const struct review *r = p->reviews[it->review];
	const struct revpane_group *g = &p->groups[it->review][it->group];
	struct strbuf summary = STRBUF_INIT;

	revpane_clear_lines(p);
	p->width = width;
	revpane_add_head(p, r, it->group, g);
	revpane_add_text(p, REVPANE_BLANK, "");
	revpane_add_text(p, REVPANE_HEADING, "Summary");
	review_write_summary(r, it->group, &summary);
	revpane_add_lines(p, REVPANE_TEXT, "  ", strbuf_str(&summary));
	strbuf_release(&summary);
	revpane_add_text(p, REVPANE_BLANK, "");
	revpane_add_hunks(p, r, it->group, g);
	revpane_add_options(p, r, it->group);
}

/* ---- deciding -------------------------------------------------------------- */

enum review_decision
revpane_decision(const struct revpane *p, size_t item)
{
	const struct revpane_item *it = &p->items[item];

	return review_group_decision(p->reviews[it->review], it->group);
}

void
revpane_decide(struct revpane *p, size_t item, enum review_decision decision)
{
	const struct revpane_item *it = &p->items[item];

	review_decide(p->reviews[it->review], it->group, decision);
}

static struct revpane_group *
revpane_group_of(struct revpane *p, size_t item)
{
	const struct revpane_item *it = &p->items[item];

	return &p->groups[it->review][it->group];
}

static int
revpane_pick_option(struct revpane *p, size_t item, size_t option,
		    enum review_pick pick, const char *value,
		    struct ou_error *err)
{
	const struct revpane_item *it = &p->items[item];

	if (review_pick_option(p->reviews[it->review], it->group, option, pick,
			       value, err) < 0)
		return -1;
	/* The review dropped the edited text, as it does for a pick. */
	revpane_group_of(p, item)->edited = false;
	return 0;
}

int
revpane_pick(struct revpane *p, size_t item, size_t line,
	     enum review_pick pick, struct ou_error *err)
{
	const struct revpane_item *it = &p->items[item];
	struct revpane_group *g = revpane_group_of(p, item);
	const struct revpane_line *l = line < p->n_lines ? &p->lines[line]
							 : NULL;

	if (l == NULL || l->target == REVPANE_TARGET_NONE)
		return ou_error_set(err, "the cursor is on no hunk or option");
	if (l->target == REVPANE_TARGET_OPTION)
		return revpane_pick_option(p, item, l->index, pick, NULL, err);
	if (review_pick_hunk(p->reviews[it->review], it->group, l->index, pick,
			     NULL, 0, err) < 0)
		return -1;
	g->edited = false;
	return 0;
}

int
revpane_edit_option(struct revpane *p, size_t item, size_t line,
		    const char *value, struct ou_error *err)
{
	const struct revpane_line *l = line < p->n_lines ? &p->lines[line]
							 : NULL;

	if (l == NULL || l->target != REVPANE_TARGET_OPTION)
		return ou_error_set(err, "the cursor is on no option");
	return revpane_pick_option(p, item, l->index, REVIEW_PICK_EDIT, value,
				   err);
}

int
revpane_result(const struct revpane *p, size_t item, struct strbuf *out,
	       struct ou_error *err)
{
	const struct revpane_item *it = &p->items[item];
	const struct review *r = p->reviews[it->review];

	return review_result(r, review_group_host(r, it->group, 0), out, err);
}

int
revpane_set_text(struct revpane *p, size_t item, const char *text,
		 size_t len, struct ou_error *err)
{
	const struct revpane_item *it = &p->items[item];

	if (review_set_text(p->reviews[it->review], it->group, text, len,
			    err) < 0)
		return -1;
	/* Only a merge's result is the edited text. */
	review_decide(p->reviews[it->review], it->group, REVIEW_MERGE);
	revpane_group_of(p, item)->edited = true;
	return 0;
}

void
revpane_toggle_fold(struct revpane *p, size_t item)
{
	struct revpane_group *g = revpane_group_of(p, item);

	g->unfolded = !g->unfolded;
}
