/* diff: see include/diff.h.  This file splits the texts into lines, gives
 * equal lines one class, turns the algorithms' changed-line flags
 * (src/diff_algo.c) into changes and hunks, and writes them out. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff_private.h"
#include "xalloc.h"

static size_t
diff_split(const char *text, size_t len, struct diff_line **out)
{
	size_t n = 0, cap = len / 32 + 16;
	struct diff_line *lines = xreallocarray(NULL, cap, sizeof *lines);

	for (size_t start = 0; start < len;) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl != NULL ? (size_t)(nl - text) + 1 : len;

		if (n == cap) {
			cap *= 2;
			lines = xreallocarray(lines, cap, sizeof *lines);
		}
		lines[n++] = (struct diff_line){ .text = text + start,
						 .len = end - start };
		start = end;
	}
	*out = lines;
	return n;
}

/* A line's hash, eight bytes at a time (a multiply-xorshift mix in the
 * manner of FNV and MurmurHash): lines are hashed once each, but that is
 * the single largest cost of diffing two mostly equal files. */
static uint64_t
diff_hash(const char *text, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = 0xcbf29ce484222325ULL ^ len;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, text + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	for (w = 0; i < len; i++)
		w = (w << 8) | (unsigned char)text[i];
	h = (h ^ w) * k;
	return h ^ (h >> 32);
}

static bool
diff_is_blank(const struct diff_line *line)
{
	for (size_t i = 0; i < line->len; i++)
		if (!strchr(" \t\r\n\f\v", line->text[i]) || line->text[i] == '\0')
			return false;
	return true;
}

/* Every distinct line gets a class number, through an open-addressing
 * table; a slot keeps 32 bits of the hash so that most probes that miss
 * never touch the line itself. */
struct diff_slot {
	unsigned cls;		/* class + 1, or 0 for an empty slot */
	unsigned check;		/* the hash's high bits */
};

struct diff_classes {
	const struct diff_line **rep;	/* per class: a line of it */
	unsigned n;
	struct diff_slot *slots;
	size_t mask;
};

static unsigned
diff_classify(struct diff_classes *dc, const struct diff_line *line)
{
	uint64_t h = diff_hash(line->text, line->len);
	unsigned check = (unsigned)(h >> 32);

	for (size_t i = (size_t)h & dc->mask;; i = (i + 1) & dc->mask) {
		struct diff_slot *slot = &dc->slots[i];
		const struct diff_line *rep;

		if (slot->cls == 0) {
			*slot = (struct diff_slot){ .cls = ++dc->n, .check = check };
			dc->rep[dc->n - 1] = line;
			return dc->n - 1;
		}
		if (slot->check != check)
			continue;
		rep = dc->rep[slot->cls - 1];
		if (rep->len == line->len &&
		    memcmp(rep->text, line->text, line->len) == 0)
			return slot->cls - 1;
	}
}

/* The inputs of the algorithms, with the storage behind them. */
struct diff_input {
	struct diff_sides s;
	unsigned *ca, *cb;
	unsigned *count_a, *count_b;
	bool *blank;
};

static void
diff_input_build(const struct diff *d, struct diff_input *in)
{
	size_t total = d->a_n + d->b_n;
	size_t size = 16;
	struct diff_classes dc = { 0 };

	while (size < 2 * total)
		size *= 2;
	dc.slots = xcalloc(size, sizeof *dc.slots);
	dc.mask = size - 1;
	dc.rep = xcalloc(total + 1, sizeof *dc.rep);
	in->ca = xcalloc(d->a_n + 1, sizeof *in->ca);
	in->cb = xcalloc(d->b_n + 1, sizeof *in->cb);
	for (size_t i = 0; i < d->a_n; i++)
		in->ca[i] = diff_classify(&dc, &d->a_lines[i]);
	for (size_t i = 0; i < d->b_n; i++)
		in->cb[i] = diff_classify(&dc, &d->b_lines[i]);
	in->count_a = xcalloc(dc.n + 1, sizeof *in->count_a);
	in->count_b = xcalloc(dc.n + 1, sizeof *in->count_b);
	in->blank = xcalloc(dc.n + 1, sizeof *in->blank);
	for (size_t i = 0; i < d->a_n; i++)
		in->count_a[in->ca[i]]++;
	for (size_t i = 0; i < d->b_n; i++)
		in->count_b[in->cb[i]]++;
	for (unsigned c = 0; c < dc.n; c++)
		in->blank[c] = diff_is_blank(dc.rep[c]);
	in->s = (struct diff_sides){
		.ca = in->ca, .cb = in->cb, .na = d->a_n, .nb = d->b_n,
		.count_a = in->count_a, .count_b = in->count_b,
		.blank = in->blank, .n_classes = dc.n,
	};
	free(dc.slots);
	free(dc.rep);
}

static void
diff_input_free(struct diff_input *in)
{
	free(in->ca);
	free(in->cb);
	free(in->count_a);
	free(in->count_b);
	free(in->blank);
}

/* One algorithm's result, before it is chosen. */
struct diff_result {
	struct diff_change *changes;
	size_t n_changes;
	struct diff_hunk *hunks;
	size_t n_hunks;
	size_t changed_lines;
};

static void
diff_result_free(struct diff_result *r)
{
	free(r->changes);
	free(r->hunks);
}

static void
diff_collect_changes(const char *ra, size_t na, const char *rb, size_t nb,
		     struct diff_result *r)
{
	size_t cap = 16;

	r->changes = xreallocarray(NULL, cap, sizeof *r->changes);
	for (size_t i = 0, j = 0; i < na || j < nb;) {
		struct diff_change c = { .a = i, .b = j };

		if (!(i < na && ra[i]) && !(j < nb && rb[j])) {
			i++;
			j++;
			continue;
		}
		while (i < na && ra[i])
			i++;
		while (j < nb && rb[j])
			j++;
		c.a_len = i - c.a;
		c.b_len = j - c.b;
		r->changed_lines += c.a_len + c.b_len;
		if (r->n_changes == cap) {
			cap *= 2;
			r->changes = xreallocarray(r->changes, cap,
						   sizeof *r->changes);
		}
		r->changes[r->n_changes++] = c;
	}
}

static size_t
diff_min(size_t x, size_t y)
{
	return x < y ? x : y;
}

static void
diff_collect_hunks(struct diff_result *r, size_t na, size_t nb,
		   unsigned context)
{
	r->hunks = xcalloc(r->n_changes + 1, sizeof *r->hunks);
	for (size_t i = 0; i < r->n_changes;) {
		const struct diff_change *first = &r->changes[i];
		const struct diff_change *last = first;
		struct diff_hunk *h = &r->hunks[r->n_hunks++];
		size_t before;

		h->first = i;
		/* GNU diff: a gap of 2 * context equal lines or fewer joins. */
		while (++i < r->n_changes &&
		       r->changes[i].a - (last->a + last->a_len) <=
			       2 * (size_t)context)
			last = &r->changes[i];
		h->n = i - h->first;
		before = diff_min(context, diff_min(first->a, first->b));
		h->a = first->a - before;
		h->b = first->b - before;
		h->a_len = diff_min(na, last->a + last->a_len + context) - h->a;
		h->b_len = diff_min(nb, last->b + last->b_len + context) - h->b;
	}
}

static void
diff_run(const struct diff *d, const struct diff_input *in,
	 enum diff_algorithm algorithm, struct diff_result *r)
{
	/* Flags with a zero sentinel at the end (see diff_private.h). */
	char *ra = xcalloc(d->a_n + 1, 1);
	char *rb = xcalloc(d->b_n + 1, 1);

	memset(r, 0, sizeof *r);
	diff_algo_run(&in->s, algorithm, ra, rb);
	diff_collect_changes(ra, d->a_n, rb, d->b_n, r);
	diff_collect_hunks(r, d->a_n, d->b_n, d->context);
	free(ra);
	free(rb);
}

static bool
diff_result_better(const struct diff_result *x, const struct diff_result *y)
{
	if (x->n_hunks != y->n_hunks)
		return x->n_hunks < y->n_hunks;
	return x->changed_lines < y->changed_lines;
}

static void
diff_take(struct diff *d, struct diff_result *r, enum diff_algorithm used)
{
	d->changes = r->changes;
	d->n_changes = r->n_changes;
	d->hunks = r->hunks;
	d->n_hunks = r->n_hunks;
	d->algorithm = used;
}

struct diff *
diff_new(const char *a, size_t a_len, const char *b, size_t b_len,
	 enum diff_algorithm algorithm, unsigned context)
{
	struct diff *d = xcalloc(1, sizeof *d);
	struct diff_input in;
	struct diff_result hist, myers;

	d->context = context;
	d->a_n = diff_split(a, a_len, &d->a_lines);
	d->b_n = diff_split(b, b_len, &d->b_lines);
	diff_input_build(d, &in);
	if (algorithm != DIFF_MYERS)
		diff_run(d, &in, DIFF_HISTOGRAM, &hist);
	if (algorithm != DIFF_HISTOGRAM)
		diff_run(d, &in, DIFF_MYERS, &myers);
	if (algorithm == DIFF_HISTOGRAM ||
	    (algorithm == DIFF_BEST && !diff_result_better(&myers, &hist))) {
		diff_take(d, &hist, DIFF_HISTOGRAM);
		if (algorithm == DIFF_BEST)
			diff_result_free(&myers);
	} else {
		diff_take(d, &myers, DIFF_MYERS);
		if (algorithm == DIFF_BEST)
			diff_result_free(&hist);
	}
	diff_input_free(&in);
	return d;
}

void
diff_free(struct diff *d)
{
	if (d == NULL)
		return;
	free(d->a_lines);
	free(d->b_lines);
	free(d->changes);
	free(d->hunks);
	free(d);
}

size_t
diff_changed_lines(const struct diff *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_changes; i++)
		n += d->changes[i].a_len + d->changes[i].b_len;
	return n;
}

/* ---- output ---- */

/* GNU diff's ranges: "l" for one line, "l,n" otherwise, and for no lines
 * the number of the line before them. */
static void
diff_add_range(struct strbuf *out, size_t start, size_t len)
{
	if (len == 1)
		strbuf_addf(out, "%zu", start + 1);
	else if (len == 0)
		strbuf_addf(out, "%zu,0", start);
	else
		strbuf_addf(out, "%zu,%zu", start + 1, len);
}

static void
diff_add_line(const struct diff_format *fmt, enum diff_side side, size_t i,
	      const struct diff_line *line, char mark, struct strbuf *out)
{
	bool eol = line->len > 0 && line->text[line->len - 1] == '\n';
	size_t len = eol ? line->len - 1 : line->len;

	strbuf_addc(out, mark);
	if (fmt != NULL && fmt->render != NULL)
		fmt->render(fmt->ctx, side, i, line->text, len, out);
	else
		strbuf_add(out, line->text, len);
	strbuf_addc(out, '\n');
	if (!eol)
		strbuf_adds(out, "\\ No newline at end of file\n");
}

static void
diff_add_context(const struct diff *d, const struct diff_format *fmt,
		 size_t from, size_t to, struct strbuf *out)
{
	for (size_t i = from; i < to; i++)
		diff_add_line(fmt, DIFF_A, i, &d->a_lines[i], ' ', out);
}

void
diff_write_hunk(const struct diff *d, size_t hunk,
		const struct diff_format *fmt, struct strbuf *out)
{
	const struct diff_hunk *h = &d->hunks[hunk];
	size_t a = h->a;

	strbuf_adds(out, "@@ -");
	diff_add_range(out, h->a, h->a_len);
	strbuf_adds(out, " +");
	diff_add_range(out, h->b, h->b_len);
	strbuf_adds(out, " @@\n");
	for (size_t k = h->first; k < h->first + h->n; k++) {
		const struct diff_change *c = &d->changes[k];

		diff_add_context(d, fmt, a, c->a, out);
		for (size_t i = c->a; i < c->a + c->a_len; i++)
			diff_add_line(fmt, DIFF_A, i, &d->a_lines[i], '-', out);
		for (size_t i = c->b; i < c->b + c->b_len; i++)
			diff_add_line(fmt, DIFF_B, i, &d->b_lines[i], '+', out);
		a = c->a + c->a_len;
	}
	diff_add_context(d, fmt, a, h->a + h->a_len, out);
}

void
diff_write_unified(const struct diff *d, const struct diff_format *fmt,
		   struct strbuf *out)
{
	if (d->n_hunks == 0)
		return;
	strbuf_addf(out, "--- %s\n+++ %s\n",
		    fmt != NULL && fmt->a_label ? fmt->a_label : "a",
		    fmt != NULL && fmt->b_label ? fmt->b_label : "b");
	for (size_t i = 0; i < d->n_hunks; i++)
		diff_write_hunk(d, i, fmt, out);
}

static void
diff_add_lines(const struct diff_line *lines, size_t from, size_t to,
	       struct strbuf *out)
{
	if (from < to)
		strbuf_add(out, lines[from].text,
			   (size_t)(lines[to - 1].text + lines[to - 1].len -
				    lines[from].text));
}

void
diff_merge(const struct diff *d, const struct diff_choice *choices,
	   struct strbuf *out)
{
	size_t a = 0;

	for (size_t i = 0; i < d->n_hunks; i++) {
		const struct diff_hunk *h = &d->hunks[i];

		diff_add_lines(d->a_lines, a, h->a, out);
		switch (choices[i].take) {
		case DIFF_TAKE_A:
			diff_add_lines(d->a_lines, h->a, h->a + h->a_len, out);
			break;
		case DIFF_TAKE_B:
			diff_add_lines(d->b_lines, h->b, h->b + h->b_len, out);
			break;
		case DIFF_TAKE_TEXT:
			strbuf_add(out, choices[i].text, choices[i].len);
			break;
		}
		a = h->a + h->a_len;
	}
	diff_add_lines(d->a_lines, a, d->a_n, out);
}
