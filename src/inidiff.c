/* inidiff: see include/inidiff.h.
 *
 * Each file's options are gathered into a sorted index keyed by
 * (section, key), the section normalised as oslo.config does, with a
 * second index of the older names its deprecation comments give.  The
 * comparison is then lookups in the other file's indexes. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "inidiff.h"
#include "secret.h"
#include "xalloc.h"

/* What one file knows about one option. */
struct known {
	char *sec;		/* normalised section */
	const char *section;	/* as the file spells it */
	const char *key;
	const struct ini_entry *option;	/* its first value, if set */
	const struct ini_entry *dflt;	/* its first commented default */
	const char *value;	/* what oslo.config reads, if set */
	size_t order;		/* first entry in the file */
	long moved_to;		/* the new file's record it moved to, or -1 */
	bool matched;		/* the other file knows it (same or moved) */
};

struct alias {
	char *sec;
	const char *key;
	size_t target;		/* the record it is an older name of */
};

struct known_index {
	const struct ini *ini;
	struct known *v;	/* sorted by (sec, key) */
	size_t n;
	size_t *by_order;	/* record indices in file order */
	struct alias *aliases;	/* sorted by (sec, key) */
	size_t n_aliases;
};

static char *
inidiff_norm_section(const char *section)
{
	char *sec = xstrdup(section);

	if (strcmp(sec, "DEFAULT") != 0)
		for (char *p = sec; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return sec;
}

static int
inidiff_cmp_names(const char *sec_a, const char *key_a, const char *sec_b,
		  const char *key_b)
{
	int c = strcmp(sec_a, sec_b);

	return c != 0 ? c : strcmp(key_a, key_b);
}

static int
inidiff_cmp_known(const void *x, const void *y)
{
	const struct known *a = x, *b = y;
	int c = inidiff_cmp_names(a->sec, a->key, b->sec, b->key);

	if (c != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int
inidiff_cmp_alias(const void *x, const void *y)
{
	const struct alias *a = x, *b = y;
	int c = inidiff_cmp_names(a->sec, a->key, b->sec, b->key);

	if (c != 0)
		return c;
	return a->target < b->target ? -1 : a->target > b->target;
}

/* Sorted entries of one (section, key) collapse into one record. */
static size_t
inidiff_collapse(struct known *v, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		struct known *last = out > 0 ? &v[out - 1] : NULL;

		if (last == NULL ||
		    inidiff_cmp_names(last->sec, last->key, v[i].sec, v[i].key)) {
			v[out++] = v[i];
			continue;
		}
		if (last->option == NULL)
			last->option = v[i].option;
		if (last->dflt == NULL)
			last->dflt = v[i].dflt;
		free(v[i].sec);
	}
	return out;
}

static long
inidiff_lookup(const struct known_index *ix, const char *sec, const char *key)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = inidiff_cmp_names(ix->v[mid].sec, ix->v[mid].key, sec,
					  key);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static long
inidiff_lookup_alias(const struct known_index *ix, const char *sec,
		     const char *key)
{
	size_t lo = 0, hi = ix->n_aliases;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = inidiff_cmp_names(ix->aliases[mid].sec,
					  ix->aliases[mid].key, sec, key);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->n_aliases &&
	    inidiff_cmp_names(ix->aliases[lo].sec, ix->aliases[lo].key, sec,
			      key) == 0)
		return (long)ix->aliases[lo].target;
	return -1;
}

static void
inidiff_index_entries(struct known_index *ix)
{
	const struct ini *ini = ix->ini;
	size_t n = ini_entry_count(ini);

	ix->v = xcalloc(n + 1, sizeof *ix->v);
	for (size_t i = 0; i < n; i++) {
		const struct ini_entry *e = ini_entry_at(ini, i);
		const char *section = ini_section_at(ini, e->section)->name;

		ix->v[i] = (struct known){
			.sec = inidiff_norm_section(section),
			.section = section,
			.key = e->key,
			.option = e->kind == INI_ENTRY_OPTION ? e : NULL,
			.dflt = e->kind == INI_ENTRY_DEFAULT ? e : NULL,
			.order = i,
			.moved_to = -1,
		};
	}
	qsort(ix->v, n, sizeof *ix->v, inidiff_cmp_known);
	ix->n = inidiff_collapse(ix->v, n);
}

static int
inidiff_cmp_order(const void *x, const void *y, void *ctx)
{
	const struct known *v = ctx;
	size_t a = v[*(const size_t *)x].order, b = v[*(const size_t *)y].order;

	return a < b ? -1 : a > b;
}

static void
inidiff_index_aliases(struct known_index *ix)
{
	for (size_t r = 0; r < ix->n; r++) {
		const struct ini_entry *e =
			ix->v[r].dflt != NULL ? ix->v[r].dflt : ix->v[r].option;

		for (size_t j = 0; j < e->n_deprecated; j++) {
			ix->aliases = xreallocarray(ix->aliases, ix->n_aliases + 1,
						    sizeof *ix->aliases);
			ix->aliases[ix->n_aliases++] = (struct alias){
				.sec = inidiff_norm_section(e->deprecated[j].section),
				.key = e->deprecated[j].key,
				.target = r,
			};
		}
	}
	if (ix->n_aliases > 0)
		qsort(ix->aliases, ix->n_aliases, sizeof *ix->aliases,
		      inidiff_cmp_alias);
}

static void
inidiff_index_build(struct known_index *ix, const struct ini *ini)
{
	*ix = (struct known_index){ .ini = ini };
	inidiff_index_entries(ix);
	for (size_t r = 0; r < ix->n; r++)
		if (ix->v[r].option != NULL)
			ix->v[r].value = ini_get(ini, ix->v[r].section,
						 ix->v[r].key);
	ix->by_order = xcalloc(ix->n + 1, sizeof *ix->by_order);
	for (size_t r = 0; r < ix->n; r++)
		ix->by_order[r] = r;
	qsort_r(ix->by_order, ix->n, sizeof *ix->by_order, inidiff_cmp_order,
		ix->v);
	inidiff_index_aliases(ix);
}

static void
inidiff_index_free(struct known_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->v[i].sec);
	free(ix->v);
	free(ix->by_order);
	for (size_t i = 0; i < ix->n_aliases; i++)
		free(ix->aliases[i].sec);
	free(ix->aliases);
}

/* The value that stands for an option when comparing: its default if
 * documented, else its value. */
static const char *
inidiff_face_value(const struct known *k)
{
	return k->dflt != NULL ? k->dflt->value : k->value;
}

static bool
inidiff_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

struct inidiff_state {
	struct known_index old, new;
	struct inidiff *d;
};

static struct inidiff_item *
inidiff_add_item(struct inidiff_state *st, enum inidiff_kind kind,
		 const struct known *r, const struct known *o)
{
	struct inidiff *d = st->d;
	struct inidiff_item *it;

	d->items = xreallocarray(d->items, d->n_items + 1, sizeof *d->items);
	it = &d->items[d->n_items++];
	*it = (struct inidiff_item){
		.kind = kind,
		.section = r != NULL ? r->section : o->section,
		.key = r != NULL ? r->key : o->key,
		.old_section = o != NULL ? o->section : NULL,
		.old_key = o != NULL ? o->key : NULL,
		.old_line = o != NULL ? (o->option ? o->option : o->dflt)->line : 0,
		.new_line = r != NULL ? (r->option ? r->option : r->dflt)->line : 0,
	};
	return it;
}

/* The one record of the current file with this key in another section,
 * not known to the new file there, with the same value; or -1. */
static long
inidiff_same_key_elsewhere(const struct inidiff_state *st,
			   const struct known *r)
{
	long found = -1;

	for (size_t i = 0; i < st->old.n; i++) {
		const struct known *o = &st->old.v[i];

		if (o->matched || strcmp(o->key, r->key) != 0 ||
		    strcmp(o->sec, r->sec) == 0)
			continue;
		if (found >= 0)
			return -1;
		found = (long)i;
	}
	if (found >= 0 && !inidiff_same(inidiff_face_value(&st->old.v[found]),
					inidiff_face_value(r)))
		return -1;
	return found;
}

static long
inidiff_moved_from(const struct inidiff_state *st, const struct known *r,
		   bool *by_name)
{
	const struct ini_entry *e = r->dflt != NULL ? r->dflt : r->option;

	for (size_t j = 0; j < e->n_deprecated; j++) {
		char *sec = inidiff_norm_section(e->deprecated[j].section);
		long o = inidiff_lookup(&st->old, sec, e->deprecated[j].key);

		free(sec);
		if (o >= 0 && !st->old.v[o].matched) {
			*by_name = true;
			return o;
		}
	}
	*by_name = false;
	return inidiff_same_key_elsewhere(st, r);
}

static void
inidiff_compare_same(struct inidiff_state *st, const struct known *r,
		     struct known *o)
{
	o->matched = true;
	if (r->dflt != NULL && o->dflt != NULL &&
	    strcmp(r->dflt->value, o->dflt->value) != 0) {
		struct inidiff_item *it =
			inidiff_add_item(st, INIDIFF_DEFAULT_CHANGED, r, o);

		it->old_value = o->dflt->value;
		it->new_value = r->dflt->value;
	}
	if (r->value != NULL && !inidiff_same(r->value, o->value)) {
		struct inidiff_item *it =
			inidiff_add_item(st, INIDIFF_NEW_VALUE, r, o);

		it->old_value = o->value;
		it->new_value = r->value;
	}
}

static void
inidiff_compare_new(struct inidiff_state *st, size_t ri)
{
	const struct known *r = &st->new.v[ri];
	long o = inidiff_lookup(&st->old, r->sec, r->key);
	bool by_name;
	struct inidiff_item *it;

	if (o >= 0) {
		inidiff_compare_same(st, r, &st->old.v[o]);
		return;
	}
	o = inidiff_moved_from(st, r, &by_name);
	if (o < 0) {
		inidiff_add_item(st, INIDIFF_ADDED, r, NULL);
		return;
	}
	st->old.v[o].matched = true;
	st->old.v[o].moved_to = (long)ri;
	it = inidiff_add_item(st, INIDIFF_MOVED, r, &st->old.v[o]);
	it->by_deprecated_name = by_name;
	it->old_value = inidiff_face_value(&st->old.v[o]);
	it->new_value = inidiff_face_value(r);
}

static void
inidiff_compare(struct inidiff_state *st)
{
	for (size_t i = 0; i < st->new.n; i++)
		inidiff_compare_new(st, st->new.by_order[i]);
	for (size_t i = 0; i < st->old.n; i++) {
		const struct known *o = &st->old.v[st->old.by_order[i]];

		if (!o->matched && o->dflt != NULL)
			inidiff_add_item(st, INIDIFF_REMOVED, NULL, o);
	}
}

/* Where the value of an option set in the current file belongs in the new
 * file: the record there, or -1 with the fate. */
static long
inidiff_destination(const struct inidiff_state *st, const struct known *o,
		    enum inidiff_fate *fate)
{
	long r = inidiff_lookup(&st->new, o->sec, o->key);
	long t;

	*fate = INIDIFF_CARRIED;
	if (r >= 0) {
		*fate = INIDIFF_KEPT;
		return r;
	}
	if ((r = inidiff_lookup_alias(&st->new, o->sec, o->key)) >= 0)
		return r;
	if (o->moved_to >= 0)
		return o->moved_to;
	t = inidiff_lookup_alias(&st->old, o->sec, o->key);
	if (t >= 0) {
		const struct known *k = &st->old.v[t];

		r = inidiff_lookup(&st->new, k->sec, k->key);
		if (r >= 0)
			return r;
		if (k->moved_to >= 0)
			return k->moved_to;
	}
	*fate = o->dflt != NULL || t >= 0 ? INIDIFF_DROPPED : INIDIFF_UNDOCUMENTED;
	return -1;
}

static void
inidiff_add_mine(struct inidiff_state *st, const struct known *o)
{
	struct inidiff *d = st->d;
	struct inidiff_mine *m;
	const char **values = NULL;
	size_t n = 0;
	long r;

	for (const struct ini_entry *e = NULL;
	     (e = ini_find(st->old.ini, INI_ENTRY_OPTION, o->section, o->key,
			   e)) != NULL;) {
		values = xreallocarray(values, n + 1, sizeof *values);
		values[n++] = e->value;
	}
	d->mine = xreallocarray(d->mine, d->n_mine + 1, sizeof *d->mine);
	m = &d->mine[d->n_mine++];
	*m = (struct inidiff_mine){
		.section = o->section,
		.key = o->key,
		.values = values,
		.n_values = n,
		.line = o->option->line,
	};
	r = inidiff_destination(st, o, &m->fate);
	m->to_section = r >= 0 ? st->new.v[r].section
		      : m->fate == INIDIFF_UNDOCUMENTED ? o->section : NULL;
	m->to_key = r >= 0 ? st->new.v[r].key
		  : m->fate == INIDIFF_UNDOCUMENTED ? o->key : NULL;
	if (m->to_section != NULL)
		m->new_value = ini_get(st->new.ini, m->to_section, m->to_key);
}

static void
inidiff_collect_mine(struct inidiff_state *st)
{
	for (size_t i = 0; i < st->old.n; i++) {
		const struct known *o = &st->old.v[st->old.by_order[i]];

		if (o->option != NULL)
			inidiff_add_mine(st, o);
	}
}

static bool
inidiff_lines_are_comments(const struct ini *ini, size_t from, size_t n)
{
	for (size_t i = from; i < from + n; i++) {
		enum ini_line_kind k = ini_line_kind(ini, (unsigned)i + 1);

		if (k != INI_LINE_BLANK && k != INI_LINE_COMMENT)
			return false;
	}
	return true;
}

bool
inidiff_hunk_is_comment_only(const struct ini *a, const struct ini *b,
			     const struct diff *d, size_t hunk)
{
	const struct diff_hunk *h = &d->hunks[hunk];

	for (size_t k = h->first; k < h->first + h->n; k++) {
		const struct diff_change *c = &d->changes[k];

		if (!inidiff_lines_are_comments(a, c->a, c->a_len) ||
		    !inidiff_lines_are_comments(b, c->b, c->b_len))
			return false;
	}
	return true;
}

static void
inidiff_count_churn(struct inidiff *d, const struct ini *a, const struct ini *b)
{
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
	struct diff *ld;

	ini_write(a, &ta);
	ini_write(b, &tb);
	ld = diff_new(strbuf_str(&ta), ta.len, strbuf_str(&tb), tb.len,
		      DIFF_BEST, 3);
	d->n_hunks = ld->n_hunks;
	for (size_t i = 0; i < ld->n_hunks; i++) {
		const struct diff_hunk *h = &ld->hunks[i];

		if (!inidiff_hunk_is_comment_only(a, b, ld, i))
			continue;
		d->comment_hunks++;
		for (size_t k = h->first; k < h->first + h->n; k++)
			d->comment_lines += ld->changes[k].a_len +
					    ld->changes[k].b_len;
	}
	diff_free(ld);
	strbuf_release(&ta);
	strbuf_release(&tb);
}

struct inidiff *
inidiff_new(const struct ini *current, const struct ini *rpmnew)
{
	struct inidiff_state st = { .d = xcalloc(1, sizeof *st.d) };

	inidiff_index_build(&st.old, current);
	inidiff_index_build(&st.new, rpmnew);
	inidiff_compare(&st);
	inidiff_collect_mine(&st);
	inidiff_count_churn(st.d, current, rpmnew);
	inidiff_index_free(&st.old);
	inidiff_index_free(&st.new);
	return st.d;
}

void
inidiff_free(struct inidiff *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n_mine; i++)
		free((char **)d->mine[i].values);
	free(d->mine);
	free(d->items);
	free(d);
}

/* ---- the summary ---- */

static void
inidiff_add_name(struct strbuf *out, const char *section, const char *key)
{
	strbuf_addf(out, "[%s] %s", section, key);
}

static void
inidiff_add_count(struct strbuf *out, size_t n, const char *one,
		  const char *many)
{
	strbuf_addf(out, "%zu %s", n, n == 1 ? one : many);
}

static size_t
inidiff_count_kind(const struct inidiff *d, enum inidiff_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_items; i++)
		n += d->items[i].kind == kind;
	return n;
}

static void
inidiff_add_item_text(struct strbuf *out, const struct inidiff_item *it)
{
	switch (it->kind) {
	case INIDIFF_ADDED:
	case INIDIFF_REMOVED:
		inidiff_add_name(out, it->section, it->key);
		break;
	case INIDIFF_MOVED:
		inidiff_add_name(out, it->old_section, it->old_key);
		strbuf_adds(out, " -> ");
		inidiff_add_name(out, it->section, it->key);
		break;
	case INIDIFF_DEFAULT_CHANGED:
	case INIDIFF_NEW_VALUE:
		inidiff_add_name(out, it->section, it->key);
		strbuf_adds(out, ": ");
		if (it->old_value != NULL)
			secret_add_value(out, it->key, it->old_value,
					 strlen(it->old_value));
		else
			strbuf_adds(out, "(not set)");
		strbuf_adds(out, " -> ");
		secret_add_value(out, it->key, it->new_value,
				 strlen(it->new_value));
		break;
	}
}

static void
inidiff_write_kind(const struct inidiff *d, enum inidiff_kind kind,
		   const char *one, const char *many, struct strbuf *out)
{
	size_t n = inidiff_count_kind(d, kind);
	const char *sep = ": ";

	if (n == 0)
		return;
	inidiff_add_count(out, n, one, many);
	for (size_t i = 0; i < d->n_items; i++) {
		if (d->items[i].kind != kind)
			continue;
		strbuf_adds(out, sep);
		inidiff_add_item_text(out, &d->items[i]);
		sep = ", ";
	}
	strbuf_addc(out, '\n');
}

static size_t
inidiff_count_fate(const struct inidiff *d, enum inidiff_fate fate)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_mine; i++)
		n += d->mine[i].fate == fate;
	return n;
}

static void
inidiff_write_fate(const struct inidiff *d, enum inidiff_fate fate,
		   const char *what, const char **lead, struct strbuf *out)
{
	size_t n = inidiff_count_fate(d, fate);
	const char *sep = " (";

	if (n == 0)
		return;
	strbuf_addf(out, "%s%zu %s", *lead, n, what);
	*lead = ", ";
	if (fate == INIDIFF_KEPT)
		return;
	for (size_t i = 0; i < d->n_mine; i++) {
		const struct inidiff_mine *m = &d->mine[i];

		if (m->fate != fate)
			continue;
		strbuf_adds(out, sep);
		inidiff_add_name(out, m->section, m->key);
		if (fate == INIDIFF_CARRIED) {
			strbuf_adds(out, " -> ");
			inidiff_add_name(out, m->to_section, m->to_key);
		}
		sep = ", ";
	}
	strbuf_addc(out, ')');
}

static void
inidiff_write_mine(const struct inidiff *d, struct strbuf *out)
{
	const char *lead = ": ";

	if (d->n_mine == 0) {
		strbuf_adds(out, "no settings of yours in the current file\n");
		return;
	}
	strbuf_adds(out, "your ");
	inidiff_add_count(out, d->n_mine, "setting", "settings");
	inidiff_write_fate(d, INIDIFF_KEPT, "kept in place", &lead, out);
	inidiff_write_fate(d, INIDIFF_CARRIED, "carried to new names", &lead,
			   out);
	inidiff_write_fate(d, INIDIFF_UNDOCUMENTED,
			   "documented by neither file, kept as set", &lead, out);
	inidiff_write_fate(d, INIDIFF_DROPPED,
			   "no longer known to the new file", &lead, out);
	strbuf_addc(out, '\n');
}

void
inidiff_write_summary(const struct inidiff *d, struct strbuf *out)
{
	inidiff_write_kind(d, INIDIFF_ADDED, "option added", "options added",
			   out);
	inidiff_write_kind(d, INIDIFF_MOVED, "option moved", "options moved",
			   out);
	inidiff_write_kind(d, INIDIFF_REMOVED, "option removed",
			   "options removed", out);
	inidiff_write_kind(d, INIDIFF_DEFAULT_CHANGED, "default changed",
			   "defaults changed", out);
	inidiff_write_kind(d, INIDIFF_NEW_VALUE, "value set by the new file",
			   "values set by the new file", out);
	inidiff_write_mine(d, out);
	if (d->comment_hunks > 0) {
		inidiff_add_count(out, d->comment_lines, "comment line",
				  "comment lines");
		strbuf_adds(out, " changed in ");
		inidiff_add_count(out, d->comment_hunks, "hunk", "hunks");
		strbuf_adds(out, " (folded)\n");
	}
}
