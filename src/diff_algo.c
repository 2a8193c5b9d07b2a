/* diff_algo: the line-matching algorithms behind include/diff.h.
 *
 * Myers: E. Myers, "An O(ND) Difference Algorithm and Its Variations"
 * (1986), section 4b: find the middle snake of the shortest edit script
 * by searching forward and backward at once, split there, recurse; the
 * space is linear.  Before it runs, lines that occur nowhere on the other
 * side are marked changed and left out, which shrinks the problem without
 * changing its answer.  Past a cost bound the search settles for the
 * furthest-reaching diagonal (the answer is then not minimal); GNU diff
 * bounds its search the same way, so neither takes quadratic time on two
 * unrelated files.
 *
 * Histogram: pick the longest run of equal lines containing the rarest
 * line the two ranges share, keep it, and recurse on both sides of it;
 * where no shared line is rare enough, fall back to Myers. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff_private.h"
#include "xalloc.h"

/* GNU diff's lower bound for its cost cut-off. */
#define MYERS_MIN_COST 4096
/* A line more common than this in the range is no anchor. */
#define HIST_MAX_CHAIN 64
/* Deeper than this the histogram hands its range to Myers. */
#define HIST_MAX_DEPTH 1024

struct algo {
	const struct diff_sides *s;
	char *ra, *rb;
	/* Myers, on the lines that have a match somewhere; the buffers grow
	 * to the largest range Myers has been given */
	unsigned *ha, *hb;
	unsigned *ia, *ib;	/* their lines in the full texts */
	long *kvd;		/* forward and backward furthest points */
	size_t cap_a, cap_b, cap_kvd;
	long *kf, *kb;
	long max_cost;
	/* histogram: chains of equal lines in the current a-range */
	unsigned *head;		/* per class: last line + 1, or 0 */
	unsigned *next;		/* per a line: previous equal line + 1, or 0 */
	unsigned *cnt;		/* per class: lines in the range */
};

struct myers_split {
	long i1, i2;
	bool min_lo, min_hi;
};

/* ---- Myers ---- */

/* The state of one middle-snake search in the box [off1, lim1) x
 * [off2, lim2): the forward search keeps the furthest point of each
 * diagonal k = i1 - i2 in kf, the backward one in kb; [fmin, fmax] and
 * [bmin, bmax] are the diagonals each has reached. */
struct myers_search {
	long off1, lim1, off2, lim2;
	long dmin, dmax;
	long fmin, fmax, bmin, bmax;
	bool odd;
};

/* The best point found so far, when the search is too expensive. */
static void
myers_give_up(const struct algo *g, const struct myers_search *ms,
	      struct myers_split *spl)
{
	long off1 = ms->off1, lim1 = ms->lim1, off2 = ms->off2, lim2 = ms->lim2;
	long fbest = -1, fbest1 = -1, bbest = LONG_MAX, bbest1 = LONG_MAX;

	for (long d = ms->fmax; d >= ms->fmin; d -= 2) {
		long i1 = g->kf[d] < lim1 ? g->kf[d] : lim1;
		long i2 = i1 - d;

		if (lim2 < i2) {
			i1 = lim2 + d;
			i2 = lim2;
		}
		if (fbest < i1 + i2) {
			fbest = i1 + i2;
			fbest1 = i1;
		}
	}
	for (long d = ms->bmax; d >= ms->bmin; d -= 2) {
		long i1 = g->kb[d] > off1 ? g->kb[d] : off1;
		long i2 = i1 - d;

		if (i2 < off2) {
			i1 = off2 + d;
			i2 = off2;
		}
		if (i1 + i2 < bbest) {
			bbest = i1 + i2;
			bbest1 = i1;
		}
	}
	if ((lim1 + lim2) - bbest < fbest - (off1 + off2))
		*spl = (struct myers_split){ .i1 = fbest1, .i2 = fbest - fbest1,
					     .min_lo = true, .min_hi = false };
	else
		*spl = (struct myers_split){ .i1 = bbest1, .i2 = bbest - bbest1,
					     .min_lo = false, .min_hi = true };
}

/* Widen a search's diagonals by one on each side, as long as they stay
 * inside the box; a new outer diagonal starts at `outside`, a value the
 * step below never picks. */
static void
myers_widen(const struct myers_search *ms, long *lo, long *hi, long *k,
	    long outside)
{
	if (*lo > ms->dmin)
		k[--*lo - 1] = outside;
	else
		++*lo;
	if (*hi < ms->dmax)
		k[++*hi + 1] = outside;
	else
		--*hi;
}

static bool
myers_forward(struct algo *g, struct myers_search *ms, struct myers_split *spl)
{
	long *kf = g->kf;

	myers_widen(ms, &ms->fmin, &ms->fmax, kf, -1);
	for (long d = ms->fmax; d >= ms->fmin; d -= 2) {
		long i1 = kf[d - 1] >= kf[d + 1] ? kf[d - 1] + 1 : kf[d + 1];
		long i2 = i1 - d;

		while (i1 < ms->lim1 && i2 < ms->lim2 && g->ha[i1] == g->hb[i2]) {
			i1++;
			i2++;
		}
		kf[d] = i1;
		if (ms->odd && ms->bmin <= d && d <= ms->bmax && g->kb[d] <= i1) {
			*spl = (struct myers_split){ .i1 = i1, .i2 = i2,
						     .min_lo = true, .min_hi = true };
			return true;
		}
	}
	return false;
}

static bool
myers_backward(struct algo *g, struct myers_search *ms,
	       struct myers_split *spl)
{
	long *kb = g->kb;

	myers_widen(ms, &ms->bmin, &ms->bmax, kb, LONG_MAX);
	for (long d = ms->bmax; d >= ms->bmin; d -= 2) {
		long i1 = kb[d - 1] < kb[d + 1] ? kb[d - 1] : kb[d + 1] - 1;
		long i2 = i1 - d;

		while (i1 > ms->off1 && i2 > ms->off2 &&
		       g->ha[i1 - 1] == g->hb[i2 - 1]) {
			i1--;
			i2--;
		}
		kb[d] = i1;
		if (!ms->odd && ms->fmin <= d && d <= ms->fmax && i1 <= g->kf[d]) {
			*spl = (struct myers_split){ .i1 = i1, .i2 = i2,
						     .min_lo = true, .min_hi = true };
			return true;
		}
	}
	return false;
}

/* Find where to split the box: the middle snake of a shortest edit
 * script, or, past the cost bound, the furthest point reached. */
static void
myers_find_split(struct algo *g, long off1, long lim1, long off2, long lim2,
		 bool need_min, struct myers_split *spl)
{
	long fmid = off1 - off2, bmid = lim1 - lim2;
	struct myers_search ms = {
		.off1 = off1, .lim1 = lim1, .off2 = off2, .lim2 = lim2,
		.dmin = off1 - lim2, .dmax = lim1 - off2,
		.fmin = fmid, .fmax = fmid, .bmin = bmid, .bmax = bmid,
		.odd = ((fmid - bmid) & 1) != 0,
	};

	g->kf[fmid] = off1;
	g->kb[bmid] = lim1;
	for (long cost = 1;; cost++) {
		if (myers_forward(g, &ms, spl) || myers_backward(g, &ms, spl))
			return;
		if (!need_min && cost >= g->max_cost) {
			myers_give_up(g, &ms, spl);
			return;
		}
	}
}

static void
myers_compare(struct algo *g, long off1, long lim1, long off2, long lim2,
	      bool need_min)
{
	struct myers_split spl;

	while (off1 < lim1 && off2 < lim2 && g->ha[off1] == g->hb[off2]) {
		off1++;
		off2++;
	}
	while (off1 < lim1 && off2 < lim2 &&
	       g->ha[lim1 - 1] == g->hb[lim2 - 1]) {
		lim1--;
		lim2--;
	}
	if (off1 == lim1) {
		for (; off2 < lim2; off2++)
			g->rb[g->ib[off2]] = 1;
		return;
	}
	if (off2 == lim2) {
		for (; off1 < lim1; off1++)
			g->ra[g->ia[off1]] = 1;
		return;
	}
	myers_find_split(g, off1, lim1, off2, lim2, need_min, &spl);
	myers_compare(g, off1, spl.i1, off2, spl.i2, spl.min_lo);
	myers_compare(g, spl.i1, lim1, spl.i2, lim2, spl.min_hi);
}

/* Keep the lines of a range that have an equal line on the other side;
 * the others are changed whatever the rest of the diff says. */
static long
myers_keep_matched(const unsigned *cls, const unsigned *other_count,
		   size_t from, size_t to, char *changed, unsigned *kept,
		   unsigned *index)
{
	long n = 0;

	for (size_t i = from; i < to; i++) {
		if (other_count[cls[i]] == 0) {
			changed[i] = 1;
			continue;
		}
		kept[n] = cls[i];
		index[n++] = (unsigned)i;
	}
	return n;
}

static void
myers_reserve(struct algo *g, size_t na, size_t nb)
{
	if (na > g->cap_a) {
		g->cap_a = na;
		g->ha = xreallocarray(g->ha, na, sizeof *g->ha);
		g->ia = xreallocarray(g->ia, na, sizeof *g->ia);
	}
	if (nb > g->cap_b) {
		g->cap_b = nb;
		g->hb = xreallocarray(g->hb, nb, sizeof *g->hb);
		g->ib = xreallocarray(g->ib, nb, sizeof *g->ib);
	}
}

static void
myers_run(struct algo *g, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const struct diff_sides *s = g->s;
	long n1, n2;
	size_t need;

	myers_reserve(g, a1 - a0 + 1, b1 - b0 + 1);
	n1 = myers_keep_matched(s->ca, s->count_b, a0, a1, g->ra, g->ha, g->ia);
	n2 = myers_keep_matched(s->cb, s->count_a, b0, b1, g->rb, g->hb, g->ib);
	need = 2 * (size_t)(n1 + n2 + 3);
	if (need > g->cap_kvd) {
		g->cap_kvd = need;
		g->kvd = xreallocarray(g->kvd, need, sizeof *g->kvd);
	}
	g->kf = g->kvd + n2 + 1;
	g->kb = g->kf + n1 + n2 + 3;
	myers_compare(g, 0, n1, 0, n2, false);
}

/* ---- histogram ---- */

struct hist_anchor {
	size_t a0, a1, b0, b1;
	unsigned rarity;	/* the fewest a-lines of any class in it */
};

static void
hist_count(struct algo *g, size_t a0, size_t a1, bool add)
{
	for (size_t i = a0; i < a1; i++) {
		unsigned c = g->s->ca[i];

		if (add) {
			g->next[i] = g->head[c];
			g->head[c] = (unsigned)i + 1;
			g->cnt[c]++;
		} else {
			g->head[c] = 0;
			g->cnt[c] = 0;
		}
	}
}

/* The run of equal lines through a[i] == b[j], within the ranges. */
static void
hist_extend(const struct algo *g, size_t i, size_t j, size_t a0, size_t a1,
	    size_t b0, size_t b1, struct hist_anchor *run)
{
	const unsigned *ca = g->s->ca, *cb = g->s->cb;

	*run = (struct hist_anchor){ .a0 = i, .a1 = i + 1, .b0 = j,
				     .b1 = j + 1, .rarity = g->cnt[ca[i]] };
	while (run->a0 > a0 && run->b0 > b0 && ca[run->a0 - 1] == cb[run->b0 - 1]) {
		run->a0--;
		run->b0--;
		if (g->cnt[ca[run->a0]] < run->rarity)
			run->rarity = g->cnt[ca[run->a0]];
	}
	while (run->a1 < a1 && run->b1 < b1 && ca[run->a1] == cb[run->b1]) {
		if (g->cnt[ca[run->a1]] < run->rarity)
			run->rarity = g->cnt[ca[run->a1]];
		run->a1++;
		run->b1++;
	}
}

static bool
hist_better(const struct hist_anchor *run, const struct hist_anchor *best)
{
	return run->rarity < best->rarity ||
	       (run->rarity == best->rarity &&
		run->a1 - run->a0 > best->a1 - best->a0);
}

static bool
hist_find_anchor(struct algo *g, size_t a0, size_t a1, size_t b0, size_t b1,
		 struct hist_anchor *best)
{
	bool found = false;

	*best = (struct hist_anchor){ .rarity = HIST_MAX_CHAIN + 1 };
	hist_count(g, a0, a1, true);
	for (size_t j = b0; j < b1;) {
		unsigned c = g->s->cb[j];
		size_t next_j = j + 1;

		if (g->cnt[c] == 0 || g->cnt[c] > best->rarity) {
			j = next_j;
			continue;
		}
		for (unsigned i = g->head[c]; i != 0; i = g->next[i - 1]) {
			struct hist_anchor run;

			hist_extend(g, i - 1, j, a0, a1, b0, b1, &run);
			if (run.b1 > next_j)
				next_j = run.b1;
			if (hist_better(&run, best)) {
				*best = run;
				found = true;
			}
		}
		j = next_j;
	}
	hist_count(g, a0, a1, false);
	return found;
}

static void
hist_run(struct algo *g, size_t a0, size_t a1, size_t b0, size_t b1,
	 unsigned depth)
{
	const unsigned *ca = g->s->ca, *cb = g->s->cb;

	for (;; depth++) {
		struct hist_anchor anchor;

		while (a0 < a1 && b0 < b1 && ca[a0] == cb[b0]) {
			a0++;
			b0++;
		}
		while (a0 < a1 && b0 < b1 && ca[a1 - 1] == cb[b1 - 1]) {
			a1--;
			b1--;
		}
		if (a0 == a1 || b0 == b1) {
			memset(g->ra + a0, 1, a1 - a0);
			memset(g->rb + b0, 1, b1 - b0);
			return;
		}
		if (depth > HIST_MAX_DEPTH ||
		    !hist_find_anchor(g, a0, a1, b0, b1, &anchor)) {
			myers_run(g, a0, a1, b0, b1);
			return;
		}
		hist_run(g, a0, anchor.a0, b0, anchor.b0, depth + 1);
		a0 = anchor.a1;
		b0 = anchor.b1;
	}
}

/* ---- sliding runs of changes into place ---- */

/* A run of changed lines [start, end) on one side; may be empty. */
struct group {
	size_t start, end;
};

struct side {
	char *r;		/* flags, with the r[n] sentinel */
	const unsigned *cls;
	size_t n;
};

/* Whether the line before line i is changed (none is, before the first). */
static bool
changed_before(const struct side *x, size_t i)
{
	return i > 0 && x->r[i - 1];
}

static void
group_first(const struct side *x, struct group *g)
{
	g->start = g->end = 0;
	while (x->r[g->end])
		g->end++;
}

static bool
group_next(const struct side *x, struct group *g)
{
	if (g->end == x->n)
		return false;
	g->start = g->end + 1;
	for (g->end = g->start; x->r[g->end]; g->end++)
		;
	return true;
}

static bool
group_previous(const struct side *x, struct group *g)
{
	if (g->start == 0)
		return false;
	g->end = g->start - 1;
	for (g->start = g->end; changed_before(x, g->start); g->start--)
		;
	return true;
}

/* Slide down by one when the line after the run equals its first line;
 * a run that then touches the next one swallows it. */
static bool
group_slide_down(const struct side *x, struct group *g)
{
	if (g->end >= x->n || x->cls[g->start] != x->cls[g->end])
		return false;
	x->r[g->start++] = 0;
	x->r[g->end++] = 1;
	while (x->r[g->end])
		g->end++;
	return true;
}

static bool
group_slide_up(const struct side *x, struct group *g)
{
	if (g->start == 0 || x->cls[g->start - 1] != x->cls[g->end - 1])
		return false;
	x->r[--g->start] = 1;
	x->r[--g->end] = 0;
	while (changed_before(x, g->start))
		g->start--;
	return true;
}

/* How well a run [end - size, end) reads: it starts after a blank line
 * (or at the top) and ends with one, as a paragraph does. */
static int
group_score(const struct side *x, const bool *blank, size_t end, size_t size)
{
	size_t start = end - size;

	return (start == 0 || blank[x->cls[start - 1]]) + blank[x->cls[end - 1]];
}

/* The run can sit anywhere from earliest_end to g->end (it is at the
 * bottom now): move it up to the best-reading place. */
static void
group_place(const struct side *x, const struct side *o, const bool *blank,
	    struct group *g, struct group *go, size_t earliest_end)
{
	size_t size = g->end - g->start;
	size_t best = g->end;
	int best_score = group_score(x, blank, g->end, size);

	for (size_t end = g->end; end-- > earliest_end;) {
		int score = group_score(x, blank, end, size);

		if (score > best_score) {
			best = end;
			best_score = score;
		}
	}
	while (g->end > best) {
		group_slide_up(x, g);
		group_previous(o, go);
	}
}

/* Slide one run up and down as far as it goes, merging what it meets;
 * returns where it could end highest. */
static size_t
group_spread(const struct side *x, const struct side *o, struct group *g,
	     struct group *go, long *end_matching_other)
{
	size_t size, earliest_end;

	do {
		size = g->end - g->start;
		*end_matching_other = -1;
		while (group_slide_up(x, g))
			group_previous(o, go);
		earliest_end = g->end;
		if (go->end > go->start)
			*end_matching_other = (long)g->end;
		while (group_slide_down(x, g)) {
			group_next(o, go);
			if (go->end > go->start)
				*end_matching_other = (long)g->end;
		}
	} while (size != g->end - g->start);
	return earliest_end;
}

/* The runs of x and o alternate with the equal lines they share, so the
 * k-th run of x faces the k-th run of o; sliding a run of x past equal
 * lines moves which run of o it faces. */
static void
compact_side(const struct side *x, const struct side *o, const bool *blank)
{
	struct group g, go;

	group_first(x, &g);
	group_first(o, &go);
	for (;;) {
		if (g.end != g.start) {
			long end_matching_other;
			size_t earliest_end = group_spread(x, o, &g, &go,
							   &end_matching_other);

			if (g.end == earliest_end) {
				/* it cannot move */
			} else if (end_matching_other != -1) {
				while (go.end == go.start) {
					group_slide_up(x, &g);
					group_previous(o, &go);
				}
			} else {
				group_place(x, o, blank, &g, &go, earliest_end);
			}
		}
		if (!group_next(x, &g))
			break;
		group_next(o, &go);
	}
}

/* ---- the driver ---- */

static void
algo_init(struct algo *g, const struct diff_sides *s, char *ra, char *rb)
{
	long diags = (long)(s->na + s->nb) + 3;

	*g = (struct algo){ .s = s, .ra = ra, .rb = rb };
	g->max_cost = 1;
	for (long d = diags; d != 0; d >>= 2)
		g->max_cost <<= 1;
	if (g->max_cost < MYERS_MIN_COST)
		g->max_cost = MYERS_MIN_COST;
}

static void
algo_free(struct algo *g)
{
	free(g->ha);
	free(g->hb);
	free(g->ia);
	free(g->ib);
	free(g->kvd);
	free(g->head);
	free(g->next);
	free(g->cnt);
}

void
diff_algo_run(const struct diff_sides *s, enum diff_algorithm algorithm,
	      char *ra, char *rb)
{
	struct algo g;
	struct side x = { .r = ra, .cls = s->ca, .n = s->na };
	struct side o = { .r = rb, .cls = s->cb, .n = s->nb };

	algo_init(&g, s, ra, rb);
	if (algorithm == DIFF_HISTOGRAM) {
		g.head = xcalloc(s->n_classes + 1, sizeof *g.head);
		g.cnt = xcalloc(s->n_classes + 1, sizeof *g.cnt);
		g.next = xcalloc(s->na + 1, sizeof *g.next);
		hist_run(&g, 0, s->na, 0, s->nb, 0);
	} else {
		myers_run(&g, 0, s->na, 0, s->nb);
	}
	algo_free(&g);
	compact_side(&x, &o, s->blank);
	compact_side(&o, &x, s->blank);
}
