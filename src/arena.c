/* arena: see include/arena.h.
 *
 * Pieces are cut from the newest block in turn; a piece that does not
 * fit in what is left of it starts a new block.  Blocks are small
 * enough for malloc() to take from its heap rather than map each one
 * on its own, so that what one arena gave back another can reuse. */
#include "config.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

/* Under AddressSanitizer a block is poisoned but for the pieces handed
 * out, and each piece is followed by a poisoned gap: reading or writing
 * past a piece is caught as it would be past a malloc()'d one. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif

#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_GAP alignof(max_align_t)
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ARENA_GAP 0
#endif

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;	/* the one made before */
	size_t used;
	size_t size;
	max_align_t data[];
};

struct arena {
	struct arena_block *blocks;	/* the newest first */
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	while (a->blocks != NULL) {
		struct arena_block *b = a->blocks;

		a->blocks = b->next;
		ASAN_UNPOISON_MEMORY_REGION(b->data, b->size);
		free(b);
	}
	free(a);
}

/* A piece this large gets a block of its own, put behind the current
 * block, which goes on serving the small pieces. */
static bool
arena_is_big(size_t size)
{
	return size > ARENA_BLOCK / 4;
}

static struct arena_block *
arena_new_block(struct arena *a, size_t size)
{
	size_t room = arena_is_big(size) ? size
		    : ARENA_BLOCK - sizeof(struct arena_block);
	struct arena_block *b = xmalloc(sizeof *b + room);

	b->used = 0;
	b->size = room;
	ASAN_POISON_MEMORY_REGION(b->data, room);
	if (arena_is_big(size) && a->blocks != NULL) {
		b->next = a->blocks->next;
		a->blocks->next = b;
	} else {
		b->next = a->blocks;
		a->blocks = b;
	}
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	size_t align = alignof(max_align_t);
	struct arena_block *b = a->blocks;
	size_t want = size;
	char *p;

	if (size > SIZE_MAX / 2)
		xalloc_die(size);
	size = (size + align - 1) / align * align + ARENA_GAP;
	if (b == NULL || b->size - b->used < size)
		b = arena_new_block(a, size);
	p = (char *)b->data + b->used;
	b->used += size;
	ASAN_UNPOISON_MEMORY_REGION(p, want);
	memset(p, 0, want);
	return p;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	return arena_alloc(a, n * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *copy = arena_alloc(a, len + 1);

	memcpy(copy, s, len);
	return copy;
}
