/* diff_private.h: what src/diff.c and src/diff_algo.c share.
 *
 * The algorithms see each text as an array of line classes (equal lines
 * have equal classes) and mark changed lines in a flag array per side.
 * Each flag array has a zero sentinel after its last element, so a walk
 * down a run of changed lines needs no bounds test. */
#ifndef OU_DIFF_PRIVATE_H
#define OU_DIFF_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diff.h"

struct diff_sides {
	const unsigned *ca, *cb;	/* the class of each line */
	size_t na, nb;
	const unsigned *count_a;	/* per class: lines of a in it */
	const unsigned *count_b;
	const bool *blank;		/* per class: an empty or white-space line */
	size_t n_classes;
};

/* Fill ra[0, na) and rb[0, nb) (1 = changed) with the algorithm's diff,
 * then slide the runs of changes into place (see diff.h). */
void diff_algo_run(const struct diff_sides *s, enum diff_algorithm algorithm,
		   char *ra, char *rb);

#endif
