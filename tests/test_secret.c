/* Tests for secret: which names hold secrets, how values are shown, and
 * the wiping allocator.
 *
 * This program is linked with -Wl,--wrap=free, so that a test can see
 * what a block held at the moment it was freed (test_free_saw()). */
#include "config.h"

#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "secret.h"

static void
test_password_secret_token_and_key_names_are_secret(void **state)
{
	static const char *const secret[] = {
		"admin_password", "neutron_admin_password", "rabbit_password",
		"metadata_proxy_shared_secret", "admin_token", "SECRET_KEY",
		"CONFIG_MYSQL_PW", "ssl_key_file", "api_keys", "db_passwd",
	};

	for (size_t i = 0; i < sizeof secret / sizeof *secret; i++)
		if (!secret_is_name(secret[i]))
			fail_msg("%s should be secret", secret[i]);
}

static void
test_ordinary_names_are_not_secret(void **state)
{
	static const char *const plain[] = {
		"my_ip", "keystone_ec2_url", "auth_strategy", "connection",
		"OPENSTACK_HOST", "monkeystone", "verbose", "pwd_dir",
	};

	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (secret_is_name(plain[i]))
			fail_msg("%s should not be secret", plain[i]);
}

static void
assert_value_shows(const char *name, const char *value, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	secret_add_value(&sb, name, value, strlen(value));
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void
test_a_secret_value_shows_as_its_name(void **state)
{
	assert_value_shows("admin_password", "s3cr3t", "<secret admin_password>");
}

static void
test_a_url_password_is_masked_under_any_name(void **state)
{
	assert_value_shows("connection", "mysql://nova:5f8e2d61@192.0.2.11/nova",
			   "mysql://nova:<secret connection>@192.0.2.11/nova");
}

static void
test_every_host_of_a_url_list_is_masked(void **state)
{
	assert_value_shows("transport_url", "rabbit://u:p1@h1:5672,u:p2@h2/",
			   "rabbit://u:<secret transport_url>@h1:5672,"
			   "u:<secret transport_url>@h2/");
}

static void
test_a_url_without_password_is_unchanged(void **state)
{
	assert_value_shows("auth_uri", "http://192.0.2.11:5000/",
			   "http://192.0.2.11:5000/");
	assert_value_shows("url", "http://user@host/", "http://user@host/");
}

static void
test_text_masks_url_passwords_without_a_name(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *line = "#connection=mysql://root:pw@localhost/nova # x";

	secret_add_text(&sb, line, strlen(line));
	assert_string_equal(strbuf_str(&sb),
			    "#connection=mysql://root:<secret>@localhost/nova # x");
	strbuf_release(&sb);
}

/* ---- the wiping allocator ---- */

void __real_free(void *p);
void __wrap_free(void *p);

/* The block being watched, and what it held when free() got it. */
static struct {
	void *block;
	unsigned char held[256];
	size_t len;
	bool freed;
} watch;

void
__wrap_free(void *p)
{
	if (p != NULL && p == watch.block) {
		watch.len = malloc_usable_size(p);
		if (watch.len > sizeof watch.held)
			watch.len = sizeof watch.held;
		memcpy(watch.held, p, watch.len);
		watch.freed = true;
		watch.block = NULL;
	}
	__real_free(p);
}

static void
watch_block(void *p)
{
	memset(&watch, 0, sizeof watch);
	watch.block = p;
}

/* True when the watched block was freed holding nothing but zeros. */
static bool
watched_block_was_wiped(void)
{
	if (!watch.freed || watch.len == 0)
		return false;
	for (size_t i = 0; i < watch.len; i++)
		if (watch.held[i] != 0)
			return false;
	return true;
}

static char *
token_block(void)
{
	char *p = malloc(32);

	assert_non_null(p);
	memset(p, 'T', malloc_usable_size(p));
	memcpy(p, "gAAAAAB-token", 14);
	return p;
}

static void
test_wipe_block_zeroes_every_usable_byte(void **state)
{
	char *p = token_block();
	size_t usable = malloc_usable_size(p);

	secret_wipe_block(p);
	for (size_t i = 0; i < usable; i++)
		assert_int_equal(p[i], 0);
	free(p);
}

static void
test_free_wipes_the_block_before_freeing_it(void **state)
{
	char *p = token_block();

	watch_block(p);
	secret_free(p);
	assert_true(watched_block_was_wiped());
}

static void
test_a_plain_free_is_seen_unwiped_by_the_watch(void **state)
{
	char *p = token_block();

	/* The watch itself: it would tell a block freed unwiped. */
	watch_block(p);
	free(p);
	assert_true(watch.freed);
	assert_false(watched_block_was_wiped());
}

static void
test_realloc_that_moves_wipes_the_old_block_and_keeps_the_content(
	void **state)
{
	char *p = token_block();
	char *q;

	watch_block(p);
	q = secret_realloc(p, 1 << 16);
	assert_non_null(q);
	assert_ptr_not_equal(q, p);
	assert_true(watched_block_was_wiped());
	assert_string_equal(q, "gAAAAAB-token");
	secret_free(q);
}

static void
test_realloc_that_shrinks_keeps_the_block(void **state)
{
	char *p = token_block();

	watch_block(p);
	assert_ptr_equal(secret_realloc(p, 8), p);
	assert_false(watch.freed);
	secret_free(p);
}

static void
test_realloc_of_null_allocates_and_free_of_null_is_fine(void **state)
{
	char *p = secret_realloc(NULL, 16);

	assert_non_null(p);
	secret_free(p);
	secret_free(NULL);
	secret_free_buf(NULL, 3);
}

static void
test_free_buf_wipes_the_length_given(void **state)
{
	char *p = token_block();

	watch_block(p);
	secret_free_buf(p, 14);
	assert_true(watch.freed);
	assert_memory_equal(watch.held, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 14);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_secret_token_and_key_names_are_secret),
		cmocka_unit_test(test_ordinary_names_are_not_secret),
		cmocka_unit_test(test_a_secret_value_shows_as_its_name),
		cmocka_unit_test(test_a_url_password_is_masked_under_any_name),
		cmocka_unit_test(test_every_host_of_a_url_list_is_masked),
		cmocka_unit_test(test_a_url_without_password_is_unchanged),
		cmocka_unit_test(test_text_masks_url_passwords_without_a_name),
		cmocka_unit_test(test_wipe_block_zeroes_every_usable_byte),
		cmocka_unit_test(test_free_wipes_the_block_before_freeing_it),
		cmocka_unit_test(test_a_plain_free_is_seen_unwiped_by_the_watch),
		cmocka_unit_test(test_realloc_that_moves_wipes_the_old_block_and_keeps_the_content),
		cmocka_unit_test(test_realloc_that_shrinks_keeps_the_block),
		cmocka_unit_test(test_realloc_of_null_allocates_and_free_of_null_is_fine),
		cmocka_unit_test(test_free_buf_wipes_the_length_given),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
