/* review_show: the review's display text.  Everything written here goes
 * to a screen or a log, so every value passes through secret.h first. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "review_private.h"
#include "secret.h"
#include "xalloc.h"

void
review_add_masked_value(struct strbuf *out, const char *name,
			const char *value)
{
	secret_add_value(out, name, value, strlen(value));
}

static size_t
review_skip_blanks(const char *text, size_t i, size_t len)
{
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i;
}

static bool
review_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* A line of a file that did not parse (or of a text file): if it looks
 * like "name = value", "#name=value", "name: value" or "'name': value"
 * with a secret name, mask what follows the separator. */
static void
review_mask_plain(const char *text, size_t len, struct strbuf *out)
{
	size_t i = review_skip_blanks(text, 0, len);
	size_t start, end;
	char *name;

	if (i < len && (text[i] == '#' || text[i] == ';'))
		i = review_skip_blanks(text, i + 1, len);
	if (i < len && (text[i] == '"' || text[i] == '\''))
		i++;
	start = i;
	while (i < len && review_is_name_char(text[i]))
		i++;
	end = i;
	if (i < len && (text[i] == '"' || text[i] == '\''))
		i++;
	i = review_skip_blanks(text, i, len);
	if (end == start || i >= len || (text[i] != '=' && text[i] != ':')) {
		secret_add_text(out, text, len);
		return;
	}
	name = xstrndup(text + start, end - start);
	if (secret_is_name(name)) {
		strbuf_add(out, text, i + 1);
		strbuf_addc(out, ' ');
		secret_add_placeholder(out, name);
	} else {
		secret_add_text(out, text, len);
	}
	free(name);
}

/* The leading white space of a line, then the placeholder. */
static void
review_mask_rest(const char *text, size_t len, size_t keep, const char *name,
		 struct strbuf *out)
{
	if (keep == 0)
		keep = review_skip_blanks(text, 0, len);
	strbuf_add(out, text, keep < len ? keep : len);
	secret_add_placeholder(out, name);
}

static bool
review_mask_ini(const struct ini *ini, size_t line, const char *text,
		size_t len, struct strbuf *out)
{
	const struct ini_entry *e = ini_line_entry(ini, (unsigned)line + 1);

	if (e == NULL)
		return false;
	if (secret_is_name(e->key))
		review_mask_rest(text, len,
				 e->line == line + 1 ? ini_entry_value_offset(ini, e) : 0,
				 e->key, out);
	else
		secret_add_text(out, text, len);
	return true;
}

static bool
review_mask_py(const struct pysettings *py, size_t line, const char *text,
	       size_t len, struct strbuf *out)
{
	const struct pysettings_assignment *a =
		pysettings_line_assignment(py, (unsigned)line + 1);

	if (a == NULL || !secret_is_name(a->name))
		return false;
	review_mask_rest(text, len, a->line == line + 1 ? a->expr_column : 0,
			 a->name, out);
	return true;
}

void
review_mask_line(void *ctx, enum diff_side side, size_t line,
		 const char *text, size_t len, struct strbuf *out)
{
	const struct review_mask *m = ctx;
	const struct ini *ini = side == DIFF_A ? m->a_ini : m->b_ini;
	const struct pysettings *py = side == DIFF_A ? m->a_py : m->b_py;

	if (ini != NULL && review_mask_ini(ini, line, text, len, out))
		return;
	if (py != NULL && review_mask_py(py, line, text, len, out))
		return;
	review_mask_plain(text, len, out);
}

/* ---- the group ---- */

static void
review_add_option_name(struct strbuf *out, const char *section,
		       const char *name)
{
	if (section != NULL)
		strbuf_addf(out, "[%s] ", section);
	strbuf_adds(out, name);
}

void
review_write_group(const struct review *r, size_t group, struct strbuf *out)
{
	const struct review_group *g = &r->groups[group];

	for (size_t i = 0; i < g->n_hosts; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", r->hosts[g->hosts[i]].name);
	strbuf_addf(out, " (%zu host%s)\n", g->n_hosts, g->n_hosts == 1 ? "" : "s");
	if (g->n_vary == 0)
		return;
	for (size_t i = 0; i < g->n_hosts; i++) {
		strbuf_addf(out, "  %s: ", r->hosts[g->hosts[i]].name);
		for (size_t v = 0; v < g->n_vary; v++) {
			strbuf_adds(out, v ? ", " : "");
			review_add_option_name(out, g->vary[v].section,
					       g->vary[v].name);
			strbuf_adds(out, " = ");
			review_add_masked_value(out, g->vary[v].name,
						g->vary[v].values[i]);
		}
		strbuf_addc(out, '\n');
	}
}

static size_t
review_count_picks(const struct review_group *g, enum review_pick pick)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n_options; i++)
		n += g->options[i].pub.pick == pick;
	return n;
}

static void
review_write_py_summary(const struct review_group *g, struct strbuf *out)
{
	size_t mine = review_count_picks(g, REVIEW_PICK_MINE);

	strbuf_addf(out, "%zu setting%s of yours differ%s from the new file",
		    g->n_options, g->n_options == 1 ? "" : "s",
		    g->n_options == 1 ? "s" : "");
	for (size_t i = 0; i < g->n_options; i++)
		strbuf_addf(out, "%s%s", i ? ", " : ": ", g->options[i].name);
	strbuf_addf(out, "\n%zu carried over", mine);
	for (size_t i = 0, k = 0; i < g->n_options; i++)
		if (g->options[i].pub.pick == REVIEW_PICK_MINE)
			strbuf_addf(out, "%s%s", k++ ? ", " : ": ",
				    g->options[i].name);
	strbuf_addc(out, '\n');
}

void
review_write_summary(const struct review *r, size_t group, struct strbuf *out)
{
	const struct review_group *g = &r->groups[group];
	size_t changed = diff_changed_lines(g->hunks);

	if (r->kind == REVIEW_INI)
		inidiff_write_summary(g->idiff, out);
	else if (r->kind == REVIEW_PYTHON)
		review_write_py_summary(g, out);
	strbuf_addf(out, "the proposal changes %zu line%s in %zu hunk%s\n",
		    changed, changed == 1 ? "" : "s", g->hunks->n_hunks,
		    g->hunks->n_hunks == 1 ? "" : "s");
}

static void
review_mask_for(const struct review *r, const struct review_group *g,
		struct review_mask *m)
{
	*m = (struct review_mask){ .kind = r->kind, .a_ini = g->cur_ini,
				   .a_py = g->cur_py };
}

int
review_write_proposal(const struct review *r, size_t group,
		      struct strbuf *out, struct ou_error *err)
{
	const struct review_group *g = &r->groups[group];
	const struct review_hostrec *h = &r->hosts[g->hosts[0]];
	struct strbuf result = STRBUF_INIT;
	struct review_mask m;
	struct ini *b_ini = NULL;
	struct pysettings *b_py = NULL;
	char *a_label = xasprintf("%s (%s)", r->path, h->name);
	char *b_label = xasprintf("%s (result)", r->path);
	struct diff_format fmt = { .a_label = a_label, .b_label = b_label,
				   .render = review_mask_line, .ctx = &m };
	struct diff *d;

	review_mask_for(r, g, &m);
	review_first_result(r, g, &result);
	/* An edited result that does not parse is masked line by line. */
	if (r->kind == REVIEW_INI)
		ini_parse(r->path, strbuf_str(&result), result.len, &b_ini, NULL);
	else if (r->kind == REVIEW_PYTHON)
		pysettings_parse(r->path, strbuf_str(&result), result.len, &b_py,
				 NULL);
	m.b_ini = b_ini;
	m.b_py = b_py;
	d = diff_new(h->current, h->current_len, strbuf_str(&result),
		     result.len, DIFF_BEST, 3);
	diff_write_unified(d, &fmt, out);
	diff_free(d);
	ini_free(b_ini);
	pysettings_free(b_py);
	strbuf_release(&result);
	free(a_label);
	free(b_label);
	return 0;
}

void
review_write_hunk(const struct review *r, size_t group, size_t i,
		  struct strbuf *out)
{
	const struct review_group *g = &r->groups[group];
	struct review_mask m;
	struct diff_format fmt = { .render = review_mask_line, .ctx = &m };

	review_mask_for(r, g, &m);
	m.b_ini = g->proposal_ini;
	m.b_py = g->proposal_py;
	diff_write_hunk(g->hunks, i, &fmt, out);
}

static const char *const review_pick_names[] = {
	[REVIEW_PICK_MINE] = "mine",
	[REVIEW_PICK_THEIRS] = "theirs",
	[REVIEW_PICK_EDIT] = "edited",
};

void
review_write_option(const struct review *r, size_t group, size_t i,
		    struct strbuf *out)
{
	const struct review_option *o = review_option_at(r, group, i);

	review_add_option_name(out, o->section, o->name);
	strbuf_adds(out, ": mine ");
	if (o->mine != NULL)
		review_add_masked_value(out, o->name, o->mine);
	else
		strbuf_adds(out, "not set");
	if (o->old_name != NULL && (strcmp(o->old_name, o->name) != 0 ||
				    (o->section != NULL &&
				     strcmp(o->old_section, o->section) != 0))) {
		strbuf_adds(out, " (set as ");
		review_add_option_name(out, o->old_section, o->old_name);
		strbuf_addc(out, ')');
	}
	if (o->varies)
		strbuf_adds(out, " (differs per host)");
	strbuf_adds(out, ", theirs ");
	if (o->theirs != NULL)
		review_add_masked_value(out, o->name, o->theirs);
	else
		strbuf_adds(out, "not set");
	if (o->dropped)
		strbuf_adds(out, " (no longer in the new file)");
	strbuf_addf(out, " -> %s", review_pick_names[o->pick]);
	if (o->pick == REVIEW_PICK_EDIT) {
		strbuf_addc(out, ' ');
		review_add_masked_value(out, o->name, o->edited);
	}
	strbuf_addc(out, '\n');
}
