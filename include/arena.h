/* arena: memory handed out in pieces and given back all at once.
 *
 * For a structure of many small parts that are made together and die
 * together (a YAML document's nodes, a plan's targets and strings): one
 * allocation per block of pieces instead of one per piece, and nothing
 * to free piece by piece.  A plan of 2,000 computes has 50,000 targets;
 * a malloc() and a free() for each of their parts were much of the time
 * the wizard took to show its first frame.
 *
 * Ownership: the arena owns every piece it handed out; arena_free()
 * releases them all.  Allocation cannot fail (see xalloc.h). */
#ifndef OU_ARENA_H
#define OU_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* a may be NULL. */
void arena_free(struct arena *a);

/* size bytes, zeroed, aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
/* n elements of size each, zeroed; checks the product for overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* The first len bytes of s and a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
