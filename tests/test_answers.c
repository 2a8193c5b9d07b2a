/* The packstack answers import: the hosts and roles each era of answers
 * file gives, what it ignores, and the errors it reports. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"
#include "sha256.h"

#define DATA OU_TEST_DATA "/answers/"
#define SAMPLES OU_SRCDIR "/samples/"

static struct inventory *
load_file_ok(const char *path)
{
	struct inventory *inv = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_answers(path, &inv, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return inv;
}

static struct inventory *
load_ok(const char *text)
{
	struct inventory *inv = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_answers_buffer("inline.answers", text, strlen(text),
					  &inv, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return inv;
}

static void
assert_load_error(const char *text, const char *expected)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err = { .msg = "" };

	assert_int_equal(inventory_load_answers_buffer("inline.answers", text,
						       strlen(text), &inv,
						       &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, expected);
}

static void
assert_file_error(const char *path, const char *expected)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err = { .msg = "" };

	assert_int_equal(inventory_load_answers(path, &inv, &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, expected);
}

/* The roles of host, exactly and in order; the list ends with NULL. */
static void
assert_roles(const struct inv_host *host, ...)
{
	va_list ap;
	size_t n = 0;
	const char *role;

	va_start(ap, host);
	while ((role = va_arg(ap, const char *)) != NULL) {
		assert_true(n < host->n_roles);
		assert_string_equal(host->roles[n], role);
		n++;
	}
	va_end(ap);
	assert_int_equal(host->n_roles, n);
}

static const struct inv_host *
host(const struct inventory *inv, const char *address)
{
	const struct inv_host *found = inventory_find_host(inv, address);

	if (found == NULL)
		fail_msg("no host %s", address);
	return found;
}

static char *
write_yaml(const struct inventory *inv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	inventory_write_yaml(inv, out);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void
assert_same_hosts_and_roles(const struct inventory *a,
			    const struct inventory *b)
{
	assert_int_equal(a->n_hosts, b->n_hosts);
	for (size_t i = 0; i < a->n_hosts; i++) {
		const struct inv_host *ha = &a->hosts[i];
		const struct inv_host *hb = &b->hosts[i];

		assert_string_equal(ha->name, hb->name);
		assert_string_equal(ha->address, hb->address);
		assert_string_equal(ha->user, hb->user);
		assert_int_equal(ha->port, hb->port);
		assert_int_equal(ha->become, hb->become);
		assert_int_equal(ha->n_roles, hb->n_roles);
		for (size_t r = 0; r < ha->n_roles; r++)
			assert_string_equal(ha->roles[r], hb->roles[r]);
	}
}

/* The five hosts of both samples, whatever the era. */
static void
assert_sample_topology(const struct inventory *inv)
{
	static const char *const computes[] = {
		"192.0.2.21", "192.0.2.22", "192.0.2.23"
	};

	assert_int_equal(inv->n_hosts, 5);
	assert_roles(host(inv, "192.0.2.10"), "keystone", "glance", "cinder",
		     "swift-proxy", "swift-storage", "neutron-server",
		     "nova-controller", "nova-api", "horizon", "mysql", "amqp",
		     NULL);
	assert_roles(host(inv, "192.0.2.11"), "neutron-agent", NULL);
	for (size_t i = 0; i < 3; i++)
		assert_roles(host(inv, computes[i]), "nova-compute",
			     "neutron-agent", NULL);
}

/* ---- The two eras ---- */

static void
test_icehouse_sample_gives_each_host_its_roles(void **state)
{
	struct inventory *inv = load_file_ok(SAMPLES "packstack-icehouse.answers");

	assert_sample_topology(inv);
	inventory_free(inv);
}

static void
test_juno_sample_gives_each_host_its_roles(void **state)
{
	struct inventory *inv = load_file_ok(SAMPLES "packstack-juno.answers");

	assert_sample_topology(inv);
	inventory_free(inv);
}

static void
test_hosts_come_controller_then_network_then_computes_in_order(void **state)
{
	static const char *const order[] = {
		"192.0.2.10", "192.0.2.11", "192.0.2.21", "192.0.2.22",
		"192.0.2.23"
	};
	struct inventory *ice = load_file_ok(SAMPLES "packstack-icehouse.answers");
	struct inventory *juno = load_file_ok(SAMPLES "packstack-juno.answers");

	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(ice->hosts[i].address, order[i]);
		assert_string_equal(juno->hosts[i].address, order[i]);
	}
	inventory_free(ice);
	inventory_free(juno);
}

static void
test_hosts_are_named_by_address_and_log_in_as_root_on_port_22(void **state)
{
	struct inventory *inv = load_file_ok(SAMPLES "packstack-juno.answers");

	for (size_t i = 0; i < inv->n_hosts; i++) {
		const struct inv_host *h = &inv->hosts[i];

		assert_string_equal(h->name, h->address);
		assert_string_equal(h->user, "root");
		assert_int_equal(h->port, 22);
		assert_int_equal(h->become, INV_BECOME_ROOT);
		assert_null(h->ssh_alias);
		assert_null(h->nova_name);
		assert_int_equal(h->line, 0);
	}
	assert_int_equal(inv->n_vars, 0);
	assert_null(inv->ssh_config);
	assert_null(inv->known_hosts);
	inventory_free(inv);
}

static void
test_controller_host_key_makes_a_file_juno_era(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.99\n"
					"CONFIG_NOVA_API_HOST=192.0.2.99\n"
					"CONFIG_SWIFT_INSTALL=n\n");

	assert_int_equal(inv->n_hosts, 1);
	assert_roles(host(inv, "192.0.2.10"), "keystone", "glance", "cinder",
		     "neutron-server", "nova-controller", "nova-api", "horizon",
		     NULL);
	inventory_free(inv);
}

/* ---- Services that are not installed ---- */

static void
test_juno_without_swift_and_neutron_gives_no_swift_or_neutron_role(
	void **state)
{
	struct inventory *inv = load_file_ok(DATA "juno-no-swift-no-neutron.answers");

	assert_roles(host(inv, "192.0.2.10"), "keystone", "glance", "cinder",
		     "nova-controller", "nova-api", "horizon", "mysql", "amqp",
		     NULL);
	assert_roles(host(inv, "192.0.2.21"), "nova-compute", NULL);
	assert_roles(host(inv, "192.0.2.22"), "nova-compute", NULL);
	inventory_free(inv);
}

static void
test_juno_network_host_without_neutron_is_left_out(void **state)
{
	struct inventory *inv = load_file_ok(DATA "juno-no-swift-no-neutron.answers");

	assert_int_equal(inv->n_hosts, 3);
	assert_null(inventory_find_host(inv, "192.0.2.11"));
	inventory_free(inv);
}

static void
test_icehouse_install_n_drops_the_roles_of_that_service(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CINDER_INSTALL=n\n"
					"CONFIG_HORIZON_INSTALL=n\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_CINDER_HOST=192.0.2.10\n"
					"CONFIG_HORIZON_HOST=192.0.2.10\n"
					"CONFIG_GLANCE_HOST=192.0.2.10\n");

	assert_roles(host(inv, "192.0.2.10"), "keystone", "glance", NULL);
	inventory_free(inv);
}

static void
test_without_nova_the_compute_hosts_have_no_role(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_NOVA_INSTALL=n\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_NOVA_API_HOST=192.0.2.10\n"
					"CONFIG_NOVA_COMPUTE_HOSTS=192.0.2.21\n");

	assert_int_equal(inv->n_hosts, 1);
	assert_roles(host(inv, "192.0.2.10"), "keystone", NULL);
	inventory_free(inv);
}

static void
test_neutron_agent_runs_on_computes_only_with_neutron(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_NEUTRON_INSTALL=n\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_NEUTRON_L3_HOSTS=192.0.2.11\n"
					"CONFIG_NOVA_COMPUTE_HOSTS=192.0.2.21\n");

	assert_int_equal(inv->n_hosts, 2);
	assert_roles(host(inv, "192.0.2.21"), "nova-compute", NULL);
	inventory_free(inv);
}

static void
test_uninstalled_database_gives_no_mysql_role(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_MARIADB_INSTALL=n\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_MARIADB_HOST=192.0.2.50\n"
					"CONFIG_SWIFT_INSTALL=n\n");

	assert_int_equal(inv->n_hosts, 1);
	assert_false(inv_host_has_role(&inv->hosts[0], "mysql"));
	inventory_free(inv);
}

/* ---- Icehouse-era keys ---- */

static void
test_icehouse_all_in_one_gives_one_host_with_every_role(void **state)
{
	struct inventory *inv = load_file_ok(DATA "icehouse-allinone.answers");

	assert_int_equal(inv->n_hosts, 1);
	assert_roles(&inv->hosts[0], "keystone", "glance", "cinder",
		     "swift-proxy", "swift-storage", "neutron-server",
		     "nova-controller", "nova-api", "horizon", "mysql", "amqp",
		     "nova-compute", "neutron-agent", NULL);
	inventory_free(inv);
}

static void
test_swift_storage_entries_with_a_device_give_the_ip(void **state)
{
	struct inventory *inv = load_ok(
		"[general]\n"
		"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
		"CONFIG_SWIFT_STORAGE_HOSTS=192.0.2.31/vdb, 192.0.2.32 / sdc,"
		"192.0.2.31/vdc\n");

	assert_int_equal(inv->n_hosts, 3);
	assert_roles(host(inv, "192.0.2.31"), "swift-storage", NULL);
	assert_roles(host(inv, "192.0.2.32"), "swift-storage", NULL);
	inventory_free(inv);
}

static void
test_older_swift_storages_key_is_read_when_the_newer_is_absent(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_SWIFT_STORAGES=192.0.2.31/sdb,/dev/vdb\n");

	assert_int_equal(inv->n_hosts, 2);
	assert_roles(host(inv, "192.0.2.31"), "swift-storage", NULL);
	inventory_free(inv);
}

static void
test_qpid_host_key_gives_the_amqp_role(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_QPID_HOST=192.0.2.40\n");

	assert_roles(host(inv, "192.0.2.40"), "amqp", NULL);
	inventory_free(inv);
}

static void
test_nova_service_hosts_give_nova_controller(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_KEYSTONE_HOST=192.0.2.10\n"
					"CONFIG_NOVA_API_HOST=192.0.2.11\n"
					"CONFIG_NOVA_SCHED_HOST=192.0.2.12\n"
					"CONFIG_NOVA_CONDUCTOR_HOST=192.0.2.12\n");

	assert_roles(host(inv, "192.0.2.11"), "nova-controller", "nova-api",
		     NULL);
	assert_roles(host(inv, "192.0.2.12"), "nova-controller", NULL);
	inventory_free(inv);
}

/* ---- Juno-era keys ---- */

static void
test_juno_database_and_broker_hosts_get_mysql_and_amqp(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_COMPUTE_HOSTS=192.0.2.21\n"
					"CONFIG_MARIADB_HOST=192.0.2.50\n"
					"CONFIG_AMQP_HOST=192.0.2.51\n"
					"CONFIG_SWIFT_INSTALL=n\n"
					"CONFIG_NEUTRON_INSTALL=n\n");

	assert_int_equal(inv->n_hosts, 4);
	assert_string_equal(inv->hosts[2].address, "192.0.2.50");
	assert_roles(&inv->hosts[2], "mysql", NULL);
	assert_roles(&inv->hosts[3], "amqp", NULL);
	assert_false(inv_host_has_role(&inv->hosts[0], "mysql"));
	inventory_free(inv);
}

static void
test_juno_storage_host_takes_glance_and_cinder_when_unsupported_is_y(
	void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_UNSUPPORTED=y\n"
					"CONFIG_STORAGE_HOST=192.0.2.60\n"
					"CONFIG_SWIFT_INSTALL=n\n");

	assert_roles(host(inv, "192.0.2.10"), "keystone", "neutron-server",
		     "nova-controller", "nova-api", "horizon", NULL);
	assert_roles(host(inv, "192.0.2.60"), "glance", "cinder", NULL);
	inventory_free(inv);
}

static void
test_juno_storage_host_is_ignored_unless_unsupported_is_y(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_UNSUPPORTED=n\n"
					"CONFIG_STORAGE_HOST=192.0.2.60\n");

	assert_int_equal(inv->n_hosts, 1);
	assert_true(inv_host_has_role(&inv->hosts[0], "cinder"));
	inventory_free(inv);
}

static void
test_juno_reads_the_older_compute_hosts_key_when_the_newer_is_absent(
	void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_NOVA_COMPUTE_HOSTS=192.0.2.21\n"
					"CONFIG_NEUTRON_INSTALL=n\n");

	assert_roles(host(inv, "192.0.2.21"), "nova-compute", NULL);
	inventory_free(inv);
}

/* ---- What is ignored ---- */

static void
test_unspecified_and_empty_values_are_ignored(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_NETWORK_HOSTS=unspecified\n"
					"CONFIG_COMPUTE_HOSTS=192.0.2.21,,\n"
					"CONFIG_MARIADB_HOST=\n");

	assert_int_equal(inv->n_hosts, 2);
	assert_false(inv_host_has_role(&inv->hosts[0], "mysql"));
	inventory_free(inv);
}

static void
test_spaces_around_keys_values_and_list_entries_are_ignored(void **state)
{
	struct inventory *inv = load_ok("[ general ]\n"
					"  CONFIG_CONTROLLER_HOST = 192.0.2.10 \n"
					"CONFIG_COMPUTE_HOSTS= 192.0.2.21 ,\t"
					"192.0.2.22\n");

	assert_int_equal(inv->n_hosts, 3);
	assert_string_equal(inv->hosts[2].address, "192.0.2.22");
	inventory_free(inv);
}

static void
test_keys_match_without_regard_to_case_as_in_packstack(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"config_controller_host=192.0.2.10\n"
					"Config_Swift_Install=n\n");

	assert_false(inv_host_has_role(&inv->hosts[0], "swift-proxy"));
	assert_true(inv_host_has_role(&inv->hosts[0], "keystone"));
	inventory_free(inv);
}

static void
test_unknown_keys_and_other_sections_are_ignored(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\n"
					"CONFIG_HEAT_HOST=192.0.2.70\n"
					"CONFIG_NAGIOS_HOST=192.0.2.71\n"
					"CONFIG_CEILOMETER_HOST=192.0.2.72\n"
					"[extra]\n"
					"CONFIG_COMPUTE_HOSTS=192.0.2.21\n");

	assert_int_equal(inv->n_hosts, 1);
	inventory_free(inv);
}

static void
test_comments_blank_lines_and_crlf_endings_are_accepted(void **state)
{
	struct inventory *inv = load_ok("# generated\r\n"
					"; ConfigParser comment\r\n"
					"[general]\r\n"
					"\r\n"
					"   # indented comment\r\n"
					"CONFIG_CONTROLLER_HOST=192.0.2.10\r\n"
					"CONFIG_COMPUTE_HOSTS=192.0.2.21");

	assert_int_equal(inv->n_hosts, 2);
	assert_string_equal(inv->hosts[1].address, "192.0.2.21");
	inventory_free(inv);
}

/* ---- Cloud, path and digest ---- */

static void
test_cloud_is_the_file_name_without_directory_or_extension(void **state)
{
	struct inventory *inv = load_file_ok(SAMPLES "packstack-icehouse.answers");

	assert_string_equal(inv->cloud, "packstack-icehouse");
	assert_string_equal(inv->path, SAMPLES "packstack-icehouse.answers");
	inventory_free(inv);
}

static void
test_cloud_name_keeps_only_allowed_characters(void **state)
{
	static const char text[] = "[general]\nCONFIG_CONTROLLER_HOST=192.0.2.10\n";
	struct inventory *inv = NULL;
	struct ou_error err;

	assert_int_equal(inventory_load_answers_buffer(
				 "/root/my answers (old).txt", text,
				 strlen(text), &inv, &err), 0);
	assert_string_equal(inv->cloud, "my-answers--old-");
	inventory_free(inv);
}

static void
test_cloud_name_of_a_dot_file_keeps_its_leading_dot(void **state)
{
	static const char text[] = "[general]\nCONFIG_CONTROLLER_HOST=192.0.2.10\n";
	struct inventory *inv = NULL;
	struct ou_error err;

	assert_int_equal(inventory_load_answers_buffer(
				 "/root/.answers", text, strlen(text), &inv,
				 &err), 0);
	assert_string_equal(inv->cloud, ".answers");
	inventory_free(inv);
}

static void
test_digest_is_the_sha256_of_the_source_bytes(void **state)
{
	static const char text[] = "[general]\nCONFIG_CONTROLLER_HOST=192.0.2.10\n";
	struct inventory *inv = load_ok(text);
	char expected[65];

	sha256_hex(text, strlen(text), expected);
	assert_string_equal(inv->digest, expected);
	inventory_free(inv);
}

static void
test_ipv6_address_gets_a_valid_host_name(void **state)
{
	struct inventory *inv = load_ok("[general]\n"
					"CONFIG_CONTROLLER_HOST=::1\n"
					"CONFIG_COMPUTE_HOSTS=fd00::21\n");

	assert_string_equal(inv->hosts[0].name, "host--1");
	assert_string_equal(inv->hosts[0].address, "::1");
	assert_string_equal(inv->hosts[1].name, "fd00--21");
	inventory_free(inv);
}

/* ---- Errors ---- */

static void
test_missing_file_is_an_error_naming_it(void **state)
{
	assert_file_error(DATA "nonesuch.answers",
			  DATA "nonesuch.answers: No such file or directory");
}

static void
test_line_that_is_not_key_value_is_an_error_naming_its_position(
	void **state)
{
	assert_file_error(DATA "bad-line.answers",
			  DATA "bad-line.answers:7:1: expected KEY=VALUE, a "
			  "[section] header or a # comment");
}

static void
test_key_with_a_space_in_it_is_an_error(void **state)
{
	assert_load_error("[general]\nCONFIG CONTROLLER_HOST=192.0.2.10\n",
			  "inline.answers:2:7: expected KEY=VALUE, where KEY "
			  "has letters, digits and '_' only");
}

static void
test_key_before_any_section_is_an_error(void **state)
{
	assert_file_error(DATA "key-before-section.answers",
			  DATA "key-before-section.answers:2:1: expected a "
			  "[general] section header before the first KEY=VALUE");
}

static void
test_unclosed_section_header_is_an_error(void **state)
{
	assert_load_error("[general\nCONFIG_CONTROLLER_HOST=192.0.2.10\n",
			  "inline.answers:1:1: expected ']' to end the section "
			  "name");
}

static void
test_file_without_host_keys_is_an_error(void **state)
{
	assert_file_error(DATA "no-hosts.answers",
			  DATA "no-hosts.answers: no host of an OpenStack "
			  "service found (expected CONFIG_CONTROLLER_HOST or "
			  "CONFIG_KEYSTONE_HOST and the like); is it a packstack "
			  "answers file?");
}

static void
test_empty_file_is_an_error(void **state)
{
	assert_load_error("", "inline.answers: no host of an OpenStack service "
			  "found (expected CONFIG_CONTROLLER_HOST or "
			  "CONFIG_KEYSTONE_HOST and the like); is it a packstack "
			  "answers file?");
}

static void
test_bad_address_is_an_error_naming_its_column(void **state)
{
	assert_file_error(DATA "bad-address.answers",
			  DATA "bad-address.answers:7:34: CONFIG_COMPUTE_HOSTS: "
			  "expected an IP address or host name, found "
			  "'192.0.2.22 192.0.2.23'");
}

static void
test_address_ssh_would_take_for_an_option_is_an_error(void **state)
{
	assert_load_error("[general]\nCONFIG_CONTROLLER_HOST=-oProxyCommand\n",
			  "inline.answers:2:24: CONFIG_CONTROLLER_HOST: expected "
			  "an IP address or host name, found '-oProxyCommand'");
}

static void
test_install_flag_other_than_y_or_n_is_an_error(void **state)
{
	assert_load_error("[general]\nCONFIG_NOVA_INSTALL=maybe\n"
			  "CONFIG_CONTROLLER_HOST=192.0.2.10\n",
			  "inline.answers:2:21: CONFIG_NOVA_INSTALL: expected y "
			  "or n, found 'maybe'");
}

static void
test_host_key_set_twice_is_an_error_naming_both_lines(void **state)
{
	assert_load_error("[general]\n"
			  "CONFIG_CONTROLLER_HOST=192.0.2.10\n"
			  "CONFIG_COMPUTE_HOSTS=192.0.2.21\n"
			  "CONFIG_CONTROLLER_HOST=192.0.2.11\n",
			  "inline.answers:4:1: CONFIG_CONTROLLER_HOST is set "
			  "twice (first at line 2)");
}

static void
test_nul_byte_is_an_error(void **state)
{
	static const char text[] = "[general]\nCONFIG_CONTROLLER_HOST=192.0.2.10"
				   "\0x\n";
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err;

	assert_int_equal(inventory_load_answers_buffer("inline.answers", text,
						       sizeof text - 1, &inv,
						       &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, "inline.answers:2:34: NUL character in "
			    "the file");
}

/* ---- The YAML form ---- */

static void
test_written_yaml_says_it_was_derived_from_the_answers_file(void **state)
{
	static const char header[] =
		"# openstack-upgrade inventory, derived from packstack answers "
		"file " SAMPLES "packstack-juno.answers;\n"
		"# check the roles before use.\n"
		"cloud: packstack-juno\n";
	struct inventory *inv = load_file_ok(SAMPLES "packstack-juno.answers");
	char *text = write_yaml(inv);

	assert_int_equal(strncmp(text, header, strlen(header)), 0);
	free(text);
	inventory_free(inv);
}

static void
assert_written_yaml_loads_back(const char *path)
{
	struct inventory *inv = load_file_ok(path);
	char *text = write_yaml(inv);
	struct inventory *again = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_buffer("written.yaml", text, strlen(text), &again,
				  &err) < 0)
		fail_msg("written YAML does not load: %s\n%s", err.msg, text);
	assert_string_equal(again->cloud, inv->cloud);
	assert_same_hosts_and_roles(inv, again);
	inventory_free(again);
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_loads_back_to_the_same_hosts_and_roles(void **state)
{
	assert_written_yaml_loads_back(SAMPLES "packstack-icehouse.answers");
	assert_written_yaml_loads_back(SAMPLES "packstack-juno.answers");
	assert_written_yaml_loads_back(DATA "icehouse-allinone.answers");
	assert_written_yaml_loads_back(DATA "juno-no-swift-no-neutron.answers");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icehouse_sample_gives_each_host_its_roles),
		cmocka_unit_test(test_juno_sample_gives_each_host_its_roles),
		cmocka_unit_test(test_hosts_come_controller_then_network_then_computes_in_order),
		cmocka_unit_test(test_hosts_are_named_by_address_and_log_in_as_root_on_port_22),
		cmocka_unit_test(test_controller_host_key_makes_a_file_juno_era),
		cmocka_unit_test(test_juno_without_swift_and_neutron_gives_no_swift_or_neutron_role),
		cmocka_unit_test(test_juno_network_host_without_neutron_is_left_out),
		cmocka_unit_test(test_icehouse_install_n_drops_the_roles_of_that_service),
		cmocka_unit_test(test_without_nova_the_compute_hosts_have_no_role),
		cmocka_unit_test(test_neutron_agent_runs_on_computes_only_with_neutron),
		cmocka_unit_test(test_uninstalled_database_gives_no_mysql_role),
		cmocka_unit_test(test_icehouse_all_in_one_gives_one_host_with_every_role),
		cmocka_unit_test(test_swift_storage_entries_with_a_device_give_the_ip),
		cmocka_unit_test(test_older_swift_storages_key_is_read_when_the_newer_is_absent),
		cmocka_unit_test(test_qpid_host_key_gives_the_amqp_role),
		cmocka_unit_test(test_nova_service_hosts_give_nova_controller),
		cmocka_unit_test(test_juno_database_and_broker_hosts_get_mysql_and_amqp),
		cmocka_unit_test(test_juno_storage_host_takes_glance_and_cinder_when_unsupported_is_y),
		cmocka_unit_test(test_juno_storage_host_is_ignored_unless_unsupported_is_y),
		cmocka_unit_test(test_juno_reads_the_older_compute_hosts_key_when_the_newer_is_absent),
		cmocka_unit_test(test_unspecified_and_empty_values_are_ignored),
		cmocka_unit_test(test_spaces_around_keys_values_and_list_entries_are_ignored),
		cmocka_unit_test(test_keys_match_without_regard_to_case_as_in_packstack),
		cmocka_unit_test(test_unknown_keys_and_other_sections_are_ignored),
		cmocka_unit_test(test_comments_blank_lines_and_crlf_endings_are_accepted),
		cmocka_unit_test(test_cloud_is_the_file_name_without_directory_or_extension),
		cmocka_unit_test(test_cloud_name_keeps_only_allowed_characters),
		cmocka_unit_test(test_cloud_name_of_a_dot_file_keeps_its_leading_dot),
		cmocka_unit_test(test_digest_is_the_sha256_of_the_source_bytes),
		cmocka_unit_test(test_ipv6_address_gets_a_valid_host_name),
		cmocka_unit_test(test_missing_file_is_an_error_naming_it),
		cmocka_unit_test(test_line_that_is_not_key_value_is_an_error_naming_its_position),
		cmocka_unit_test(test_key_with_a_space_in_it_is_an_error),
		cmocka_unit_test(test_key_before_any_section_is_an_error),
		cmocka_unit_test(test_unclosed_section_header_is_an_error),
		cmocka_unit_test(test_file_without_host_keys_is_an_error),
		cmocka_unit_test(test_empty_file_is_an_error),
		cmocka_unit_test(test_bad_address_is_an_error_naming_its_column),
		cmocka_unit_test(test_address_ssh_would_take_for_an_option_is_an_error),
		cmocka_unit_test(test_install_flag_other_than_y_or_n_is_an_error),
		cmocka_unit_test(test_host_key_set_twice_is_an_error_naming_both_lines),
		cmocka_unit_test(test_nul_byte_is_an_error),
		cmocka_unit_test(test_written_yaml_says_it_was_derived_from_the_answers_file),
		cmocka_unit_test(test_written_yaml_loads_back_to_the_same_hosts_and_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
