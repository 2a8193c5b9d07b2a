/* Tests for secret: which names hold secrets, and how values are shown. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
