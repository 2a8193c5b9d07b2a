/* Tests for arena: pieces are zeroed, aligned, apart from each other,
 * and whole however large; strings are copied and terminated. */
#include "config.h"

#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

/* More than one block's worth of small pieces, and one larger than a
 * block. */
#define TEST_PIECES 5000
#define TEST_BIG (1024 * 1024)

static bool
all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static void
test_a_piece_is_zeroed_and_aligned_for_any_type(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	for (size_t size = 1; size < 200; size += 7) {
		unsigned char *p = arena_alloc(a, size);

		assert_true(all_zero(p, size));
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xff, size);
	}
	arena_free(a);
}

/* Each piece is written with its own byte, then all are read back: a
 * piece that overlapped another would show the other's byte. */
static void
test_pieces_across_blocks_do_not_overlap(void **state)
{
	struct arena *a = arena_new();
	unsigned char *pieces[TEST_PIECES];
	size_t sizes[TEST_PIECES];

	(void)state;
	for (size_t i = 0; i < TEST_PIECES; i++) {
		sizes[i] = 1 + i % 97;
		pieces[i] = arena_alloc(a, sizes[i]);
		memset(pieces[i], (int)(i % 251), sizes[i]);
	}
	for (size_t i = 0; i < TEST_PIECES; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			assert_int_equal(pieces[i][j], i % 251);
	arena_free(a);
}

static void
test_a_piece_larger_than_a_block_is_whole_and_zeroed(void **state)
{
	struct arena *a = arena_new();
	unsigned char *small = arena_alloc(a, 16);
	unsigned char *big = arena_alloc(a, TEST_BIG);
	unsigned char *after = arena_alloc(a, 16);

	(void)state;
	assert_true(all_zero(big, TEST_BIG));
	memset(big, 0xaa, TEST_BIG);
	memset(small, 0x11, 16);
	memset(after, 0x22, 16);
	assert_int_equal(big[0], 0xaa);
	assert_int_equal(big[TEST_BIG - 1], 0xaa);
	assert_int_equal(small[15], 0x11);
	assert_int_equal(after[0], 0x22);
	arena_free(a);
}

static void
test_calloc_gives_room_for_every_element(void **state)
{
	struct arena *a = arena_new();
	uint64_t *v = arena_calloc(a, 1000, sizeof *v);

	(void)state;
	for (size_t i = 0; i < 1000; i++) {
		assert_int_equal(v[i], 0);
		v[i] = i;
	}
	assert_int_equal(v[999], 999);
	arena_free(a);
}

static void
test_strndup_copies_len_bytes_and_a_nul(void **state)
{
	struct arena *a = arena_new();
	char *s = arena_strndup(a, "compute0001 and more", 11);
	char *empty = arena_strndup(a, "", 0);

	(void)state;
	assert_string_equal(s, "compute0001");
	assert_string_equal(empty, "");
	arena_free(a);
}

static void
test_freeing_no_arena_does_nothing(void **state)
{
	(void)state;
	arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_piece_is_zeroed_and_aligned_for_any_type),
		cmocka_unit_test(test_pieces_across_blocks_do_not_overlap),
		cmocka_unit_test(test_a_piece_larger_than_a_block_is_whole_and_zeroed),
		cmocka_unit_test(test_calloc_gives_room_for_every_element),
		cmocka_unit_test(test_strndup_copies_len_bytes_and_a_nul),
		cmocka_unit_test(test_freeing_no_arena_does_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
