/* Fuzz target: the line diff.  The input's two halves are diffed with
 * each algorithm, and the promises checked: changes are in order, inside
 * the texts, and everything between them is equal; hunks cover the
 * changes with at most `context` lines around them; taking every hunk's
 * new side rebuilds b exactly, and taking the old side rebuilds a. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_fail(const char *what)
{
	fprintf(stderr, "diff: %s\n", what);
	abort();
}

static bool
fuzz_lines_equal(const struct diff_line *x, const struct diff_line *y)
{
	return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

/* Between two changes (and before the first, after the last) the lines
 * must pair up one to one and be equal. */
static void
fuzz_check_changes(const struct diff *d)
{
	size_t a = 0, b = 0;

	for (size_t k = 0; k <= d->n_changes; k++) {
		const struct diff_change *c = k < d->n_changes ? &d->changes[k]
							       : NULL;
		size_t to_a = c != NULL ? c->a : d->a_n;
		size_t to_b = c != NULL ? c->b : d->b_n;

		if (to_a < a || to_b < b || to_a - a != to_b - b)
			fuzz_fail("equal runs do not pair up");
		for (; a < to_a; a++, b++)
			if (!fuzz_lines_equal(&d->a_lines[a], &d->b_lines[b]))
				fuzz_fail("a line between changes differs");
		if (c == NULL)
			break;
		if (c->a_len + c->b_len == 0 || c->a + c->a_len > d->a_n ||
		    c->b + c->b_len > d->b_n)
			fuzz_fail("a change is empty or out of range");
		a = c->a + c->a_len;
		b = c->b + c->b_len;
	}
}

static void
fuzz_check_hunks(const struct diff *d)
{
	size_t next = 0;

	for (size_t i = 0; i < d->n_hunks; i++) {
		const struct diff_hunk *h = &d->hunks[i];
		const struct diff_change *first = &d->changes[h->first];
		const struct diff_change *last = &d->changes[h->first + h->n - 1];

		if (h->first != next || h->n == 0 ||
		    first->a - h->a > d->context ||
		    h->a + h->a_len - (last->a + last->a_len) > d->context)
			fuzz_fail("a hunk does not frame its changes");
		next = h->first + h->n;
	}
	if (next != d->n_changes)
		fuzz_fail("a change is in no hunk");
}

static void
fuzz_check_merge(const struct diff *d, enum diff_take take, const char *want,
		 size_t len)
{
	struct diff_choice *choices = calloc(d->n_hunks + 1, sizeof *choices);
	struct strbuf out = STRBUF_INIT;

	if (choices == NULL)
		abort();
	for (size_t i = 0; i < d->n_hunks; i++)
		choices[i].take = take;
	diff_merge(d, choices, &out);
	if (out.len != len || memcmp(strbuf_str(&out), want, len) != 0)
		fuzz_fail(take == DIFF_TAKE_B ? "applying the hunks does not give b"
					      : "keeping every hunk does not give a");
	strbuf_release(&out);
	free(choices);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data, *b = a + size / 2;
	size_t a_len = size / 2, b_len = size - size / 2;
	static const enum diff_algorithm algorithms[] = {
		DIFF_MYERS, DIFF_HISTOGRAM, DIFF_BEST,
	};
	size_t hunks[3];

	for (size_t i = 0; i < sizeof algorithms / sizeof *algorithms; i++) {
		struct diff *d = diff_new(a, a_len, b, b_len, algorithms[i],
					  (unsigned)(size % 4));
		struct strbuf out = STRBUF_INIT;

		fuzz_check_changes(d);
		fuzz_check_hunks(d);
		fuzz_check_merge(d, DIFF_TAKE_B, b, b_len);
		fuzz_check_merge(d, DIFF_TAKE_A, a, a_len);
		diff_write_unified(d, NULL, &out);
		if ((out.len == 0) != (d->n_hunks == 0))
			fuzz_fail("unified output and hunks disagree");
		strbuf_release(&out);
		hunks[i] = d->n_hunks;
		diff_free(d);
	}
	if (hunks[2] > hunks[0] || hunks[2] > hunks[1])
		fuzz_fail("the best of both has more hunks than one of them");
	return 0;
}
