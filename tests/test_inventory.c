/* The YAML inventory: what it loads, what it refuses and how it says so,
 * and the YAML form it writes back. */
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
#include "strbuf.h"

#define DATA OU_TEST_DATA "/inventory/"

static struct inventory *
load_ok(const char *yaml)
{
	struct inventory *inv = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_buffer("inline.yaml", yaml, strlen(yaml), &inv,
				  &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return inv;
}

static void
assert_load_error(const char *yaml, const char *expected)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err = { .msg = "" };

	assert_int_equal(inventory_load_buffer("inline.yaml", yaml,
					       strlen(yaml), &inv, &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, expected);
}

static struct inventory *
load_file_ok(const char *path)
{
	struct inventory *inv = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_file(path, &inv, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return inv;
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
assert_optional_string_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void
assert_hosts_equal(const struct inv_host *a, const struct inv_host *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->address, b->address);
	assert_string_equal(a->user, b->user);
	assert_int_equal(a->port, b->port);
	assert_int_equal(a->become, b->become);
	assert_optional_string_equal(a->ssh_alias, b->ssh_alias);
	assert_optional_string_equal(a->nova_name, b->nova_name);
	assert_int_equal(a->n_roles, b->n_roles);
	for (size_t i = 0; i < a->n_roles; i++)
		assert_string_equal(a->roles[i], b->roles[i]);
}

static void
assert_inventories_equal(const struct inventory *a, const struct inventory *b)
{
	assert_string_equal(a->cloud, b->cloud);
	assert_optional_string_equal(a->ssh_config, b->ssh_config);
	assert_optional_string_equal(a->known_hosts, b->known_hosts);
	assert_int_equal(a->n_hosts, b->n_hosts);
	for (size_t i = 0; i < a->n_hosts; i++)
		assert_hosts_equal(&a->hosts[i], &b->hosts[i]);
	assert_int_equal(a->n_vars, b->n_vars);
	for (size_t i = 0; i < a->n_vars; i++) {
		assert_string_equal(a->vars[i].name, b->vars[i].name);
		assert_string_equal(a->vars[i].value, b->vars[i].value);
	}
}

/* Load inv's YAML form back and compare. */
static void
assert_round_trip(const struct inventory *inv)
{
	char *text = write_yaml(inv);
	struct inventory *again = NULL;
	struct ou_error err = { .msg = "" };

	if (inventory_load_buffer("written.yaml", text, strlen(text), &again,
				  &err) < 0)
		fail_msg("written YAML does not load: %s\n%s", err.msg, text);
	assert_inventories_equal(inv, again);
	inventory_free(again);
	free(text);
}

/* ---- What a good inventory gives ---- */

static void
test_sample_inventory_gives_each_host_its_roles(void **state)
{
	struct inventory *inv = load_file_ok(OU_SRCDIR "/samples/inventory.yaml");

	assert_string_equal(inv->cloud, "lab");
	assert_int_equal(inv->n_hosts, 5);
	assert_string_equal(inv->hosts[0].name, "controller");
	assert_roles(&inv->hosts[0], "keystone", "glance", "cinder",
		     "swift-proxy", "swift-storage", "neutron-server",
		     "nova-controller", "nova-api", "horizon", "mysql", "amqp",
		     NULL);
	assert_string_equal(inv->hosts[1].name, "network");
	assert_roles(&inv->hosts[1], "neutron-agent", NULL);
	for (size_t i = 2; i < 5; i++)
		assert_roles(&inv->hosts[i], "nova-compute", "neutron-agent",
			     NULL);
	assert_string_equal(inv->hosts[4].name, "compute3");
	assert_string_equal(inv->hosts[4].address, "192.0.2.23");
	inventory_free(inv);
}

static void
test_hosts_keep_file_order_and_the_line_that_defines_them(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_int_equal(inv->n_hosts, 2);
	assert_string_equal(inv->hosts[0].name, "controller");
	assert_int_equal(inv->hosts[0].line, 14);
	assert_string_equal(inv->hosts[1].name, "compute1");
	assert_int_equal(inv->hosts[1].line, 18);
	inventory_free(inv);
}

static void
test_defaults_apply_to_hosts_that_do_not_set_their_own(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");
	const struct inv_host *host = &inv->hosts[0];

	assert_string_equal(host->user, "stack");
	assert_int_equal(host->port, 2222);
	assert_int_equal(host->become, INV_BECOME_SUDO);
	inventory_free(inv);
}

static void
test_host_keys_override_the_defaults(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");
	const struct inv_host *host = &inv->hosts[1];

	assert_string_equal(host->user, "root");
	assert_int_equal(host->port, 22);
	assert_int_equal(host->become, INV_BECOME_ROOT);
	inventory_free(inv);
}

static void
test_without_defaults_a_host_logs_in_as_root_on_port_22(void **state)
{
	struct inventory *inv = load_ok("cloud: lab\n"
					"hosts:\n"
					"  - {name: a, address: 192.0.2.1, "
					"roles: [keystone]}\n");

	assert_string_equal(inv->hosts[0].user, "root");
	assert_int_equal(inv->hosts[0].port, 22);
	assert_int_equal(inv->hosts[0].become, INV_BECOME_ROOT);
	inventory_free(inv);
}

static void
test_ssh_alias_and_nova_name_are_kept(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_string_equal(inv->hosts[0].ssh_alias, "ctl");
	assert_null(inv->hosts[0].nova_name);
	assert_null(inv->hosts[1].ssh_alias);
	assert_string_equal(inv->hosts[1].nova_name, "compute1.localdomain");
	inventory_free(inv);
}

static void
test_nova_name_is_the_host_name_unless_set(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_string_equal(inv_host_nova_name(&inv->hosts[0]), "controller");
	assert_string_equal(inv_host_nova_name(&inv->hosts[1]),
			    "compute1.localdomain");
	inventory_free(inv);
}

static void
test_ssh_files_are_kept(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_string_equal(inv->ssh_config,
			    "/etc/openstack-upgrade/ssh_config");
	assert_string_equal(inv->known_hosts,
			    "/etc/openstack-upgrade/known_hosts");
	inventory_free(inv);
}

static void
test_ssh_files_are_null_when_not_given(void **state)
{
	struct inventory *inv = load_file_ok(OU_SRCDIR "/samples/inventory.yaml");

	assert_null(inv->ssh_config);
	assert_null(inv->known_hosts);
	inventory_free(inv);
}

static void
test_vars_are_kept_with_their_line(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_int_equal(inv->n_vars, 2);
	assert_string_equal(inv->vars[0].name, "cap");
	assert_string_equal(inv->vars[0].value, "3.23.1");
	assert_int_equal(inv->vars[0].line, 11);
	assert_string_equal(inventory_var(inv, "reason"), "upgrade to Juno");
	assert_int_equal(inv->vars[1].line, 12);
	inventory_free(inv);
}

static void
test_unknown_var_is_null(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_null(inventory_var(inv, "nonesuch"));
	inventory_free(inv);
}

static void
test_digest_is_the_sha256_of_the_source_bytes(void **state)
{
	static const char yaml[] = "cloud: lab\n"
				   "hosts:\n"
				   "  - {name: a, address: 192.0.2.1, "
				   "roles: [keystone]}\n";
	struct inventory *inv = load_ok(yaml);
	char expected[65];

	sha256_hex(yaml, strlen(yaml), expected);
	assert_string_equal(inv->digest, expected);
	inventory_free(inv);
}

static void
test_path_is_the_file_it_came_from(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_string_equal(inv->path, DATA "full.yaml");
	inventory_free(inv);
}

static void
test_find_host_finds_by_name_only(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_ptr_equal(inventory_find_host(inv, "compute1"), &inv->hosts[1]);
	assert_null(inventory_find_host(inv, "compute1.example.com"));
	assert_null(inventory_find_host(inv, "ctl"));
	inventory_free(inv);
}

static void
test_has_role_is_true_only_for_listed_roles(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_true(inv_host_has_role(&inv->hosts[0], "glance"));
	assert_false(inv_host_has_role(&inv->hosts[0], "nova-compute"));
	assert_false(inv_host_has_role(&inv->hosts[0], "nova"));
	inventory_free(inv);
}

static void
test_same_address_on_another_port_is_another_machine(void **state)
{
	struct inventory *inv = load_ok("cloud: lab\n"
					"hosts:\n"
					"  - {name: a, address: 192.0.2.1, "
					"roles: [keystone]}\n"
					"  - {name: b, address: 192.0.2.1, "
					"port: 2222, roles: [glance]}\n");

	assert_int_equal(inv->n_hosts, 2);
	inventory_free(inv);
}

/* ---- What it refuses ---- */

static void
test_missing_file_is_an_error_naming_it(void **state)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err;

	assert_int_equal(inventory_load_file(DATA "nonesuch.yaml", &inv, &err),
			 -1);
	assert_null(inv);
	assert_string_equal(err.msg, DATA "nonesuch.yaml: No such file or "
			    "directory");
}

static void
test_errors_in_a_file_name_the_file(void **state)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err;

	assert_int_equal(inventory_load_file(DATA "unknown-key.yaml", &inv,
					     &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, DATA "unknown-key.yaml:4:5: unknown key "
			    "'adress' (expected one of: name, address, roles, "
			    "user, port, ssh-alias, nova-name, become)");
}

/* The words after the position are libyaml's own. */
static void
test_yaml_syntax_error_names_its_position(void **state)
{
	static const char yaml[] = "cloud: lab\nhosts: [a\n";
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err = { .msg = "" };

	assert_int_equal(inventory_load_buffer("inline.yaml", yaml,
					       strlen(yaml), &inv, &err), -1);
	assert_null(inv);
	assert_int_equal(strncmp(err.msg, "inline.yaml:3:1: ",
				 strlen("inline.yaml:3:1: ")), 0);
}

static void
test_empty_document_is_an_error(void **state)
{
	assert_load_error("# nothing yet\n",
			  "inline.yaml: the inventory is empty (expected "
			  "'cloud' and 'hosts')");
}

static void
test_inventory_that_is_not_a_mapping_is_an_error(void **state)
{
	assert_load_error("- cloud: lab\n",
			  "inline.yaml:1:1: the inventory must be a mapping, "
			  "not a list");
}

static void
test_unknown_top_level_key_is_an_error_naming_its_position(void **state)
{
	assert_load_error("cloud: lab\nhost:\n  - name: a\n",
			  "inline.yaml:2:1: unknown key 'host' (expected one of: "
			  "cloud, ssh, defaults, vars, hosts)");
}

static void
test_unknown_ssh_key_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nssh:\n  known_hosts: /k\n",
			  "inline.yaml:3:3: unknown key 'known_hosts' (expected "
			  "one of: config, known-hosts)");
}

static void
test_unknown_defaults_key_is_an_error(void **state)
{
	assert_load_error("cloud: lab\ndefaults:\n  sudo: yes\n",
			  "inline.yaml:3:3: unknown key 'sudo' (expected one "
			  "of: user, port, become)");
}

static void
test_missing_cloud_is_an_error(void **state)
{
	assert_load_error("hosts:\n  - {name: a, address: 192.0.2.1, "
			  "roles: [keystone]}\n",
			  "inline.yaml:1:1: the inventory has no 'cloud' key "
			  "(it is required)");
}

static void
test_missing_hosts_is_an_error(void **state)
{
	assert_load_error("cloud: lab\n",
			  "inline.yaml:1:1: the inventory has no 'hosts' key "
			  "(it is required)");
}

static void
test_empty_host_list_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts: []\n",
			  "inline.yaml:2:8: hosts must list at least one host");
}

static void
test_hosts_that_is_not_a_list_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  controller: 192.0.2.1\n",
			  "inline.yaml:3:3: hosts must be a list, not a mapping");
}

static void
test_host_without_name_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - address: 192.0.2.1\n"
			  "    roles: [keystone]\n",
			  "inline.yaml:3:5: this host has no 'name' key (it is "
			  "required)");
}

static void
test_host_without_address_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    roles: [keystone]\n",
			  "inline.yaml:3:5: host 'a' has no 'address' key (it "
			  "is required)");
}

static void
test_host_without_roles_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: 192.0.2.1\n",
			  "inline.yaml:3:5: host 'a' has no 'roles' key (it is "
			  "required)");
}

static void
test_empty_roles_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: 192.0.2.1\n    roles: []\n",
			  "inline.yaml:5:12: host 'a' must have at least one "
			  "role");
}

static void
test_roles_that_is_not_a_list_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: 192.0.2.1\n    roles: keystone\n",
			  "inline.yaml:5:12: roles must be a list, not a single "
			  "value");
}

static void
test_role_listed_twice_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: 192.0.2.1\n"
			  "    roles: [glance, keystone, glance]\n",
			  "inline.yaml:5:31: role 'glance' is listed twice for "
			  "host 'a'");
}

static void
test_bad_cloud_name_is_an_error(void **state)
{
	assert_load_error("cloud: my lab\nhosts: []\n",
			  "inline.yaml:1:8: bad cloud name 'my lab': expected "
			  "letters, digits, '.', '_' and '-'");
}

static void
test_cloud_name_of_only_dots_is_an_error(void **state)
{
	assert_load_error("cloud: ..\nhosts: []\n",
			  "inline.yaml:1:8: bad cloud name '..': it names a "
			  "directory, so it cannot be only dots");
}

static void
test_bad_host_name_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: -oProxyCommand=x\n"
			  "    address: 192.0.2.1\n    roles: [keystone]\n",
			  "inline.yaml:3:11: bad host name '-oProxyCommand=x': "
			  "expected letters, digits, '.', '_' and '-', starting "
			  "with a letter or digit");
}

static void
test_bad_role_name_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: 192.0.2.1\n    roles: [Keystone]\n",
			  "inline.yaml:5:13: bad role 'Keystone': expected "
			  "lower-case letters, digits and '-', starting with a "
			  "letter or digit");
}

static void
test_bad_var_name_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nvars:\n  Cap: 1\nhosts: []\n",
			  "inline.yaml:3:3: bad variable name 'Cap': expected "
			  "lower-case letters, digits and '_', not starting with "
			  "a digit");
}

static void
test_var_value_must_be_a_single_value(void **state)
{
	assert_load_error("cloud: lab\nvars:\n  cap: [1, 2]\nhosts: []\n",
			  "inline.yaml:3:8: the value of variable 'cap' must be "
			  "a single value, not a list");
}

static void
test_address_that_ssh_would_take_for_an_option_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n  - name: a\n"
			  "    address: -oProxyCommand=x\n    roles: [keystone]\n",
			  "inline.yaml:4:14: bad address '-oProxyCommand=x': "
			  "expected an IP address or a DNS name");
}

static void
test_user_that_ssh_would_take_for_an_option_is_an_error(void **state)
{
	assert_load_error("cloud: lab\ndefaults:\n  user: -lroot\nhosts: []\n",
			  "inline.yaml:3:9: bad user name '-lroot': expected "
			  "letters, digits, '.', '_' and '-', not starting with "
			  "'-' or '.'");
}

static void
test_duplicate_host_name_is_an_error_naming_both_lines(void **state)
{
	struct inventory *inv = (struct inventory *)1;
	struct ou_error err;

	assert_int_equal(inventory_load_file(DATA "duplicate-name.yaml", &inv,
					     &err), -1);
	assert_null(inv);
	assert_string_equal(err.msg, DATA "duplicate-name.yaml:9:11: duplicate "
			    "host name 'controller': the host at line 3 has it "
			    "already");
}

static void
test_two_hosts_at_one_address_and_port_is_an_error_naming_both_lines(
	void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.1, roles: [keystone]}\n"
			  "  - {name: b, address: 192.0.2.1, port: 22, "
			  "roles: [glance]}\n",
			  "inline.yaml:4:24: host 'b' is the same machine "
			  "(192.0.2.1 port 22) as host 'a' at line 3: list each "
			  "machine once");
}

/* A host that clashes with two earlier ones is told about the earlier
 * of the two, as a walk through the hosts in order finds it. */
static void
test_of_two_clashes_the_one_with_the_earlier_host_is_told(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.1, roles: [keystone]}\n"
			  "  - {name: b, address: 192.0.2.2, roles: [glance]}\n"
			  "  - {name: b, address: 192.0.2.1, roles: [cinder]}\n",
			  "inline.yaml:5:24: host 'b' is the same machine "
			  "(192.0.2.1 port 22) as host 'a' at line 3: list each "
			  "machine once");
}

static void
test_a_name_and_a_machine_clash_with_one_host_tell_the_name(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.2, roles: [keystone]}\n"
			  "  - {name: b, address: 192.0.2.1, roles: [glance]}\n"
			  "  - {name: b, address: 192.0.2.1, roles: [cinder]}\n",
			  "inline.yaml:5:12: duplicate host name 'b': the host "
			  "at line 4 has it already");
}

/* Thousands of hosts, each told apart from all the others. */
static void
test_many_hosts_with_their_own_names_and_addresses_load(void **state)
{
	struct strbuf yaml = STRBUF_INIT;
	struct inventory *inv = NULL;
	struct ou_error err;

	strbuf_adds(&yaml, "cloud: lab\nhosts:\n");
	for (unsigned i = 0; i < 3000; i++)
		strbuf_addf(&yaml, "  - {name: c%u, address: 10.0.%u.%u, "
			    "roles: [nova-compute]}\n", i, i / 256, i % 256);
	assert_int_equal(inventory_load_buffer("inline.yaml", yaml.buf,
					       yaml.len, &inv, &err), 0);
	assert_int_equal(inv->n_hosts, 3000);
	inventory_free(inv);
	strbuf_release(&yaml);
}

static void
test_same_machine_is_found_through_the_default_port(void **state)
{
	assert_load_error("cloud: lab\ndefaults: {port: 2222}\nhosts:\n"
			  "  - {name: a, address: ctl.example.com, "
			  "roles: [keystone]}\n"
			  "  - {name: b, address: CTL.example.com, port: 2222, "
			  "roles: [glance]}\n",
			  "inline.yaml:5:24: host 'b' is the same machine "
			  "(CTL.example.com port 2222) as host 'a' at line 4: "
			  "list each machine once");
}

static void
test_port_out_of_range_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.1, port: 65536, "
			  "roles: [keystone]}\n",
			  "inline.yaml:3:41: expected a whole number from 1 to "
			  "65535, found '65536'");
	assert_load_error("cloud: lab\ndefaults: {port: 0}\nhosts: []\n",
			  "inline.yaml:2:18: expected a whole number from 1 to "
			  "65535, found '0'");
}

static void
test_port_that_is_not_a_number_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.1, port: ssh, "
			  "roles: [keystone]}\n",
			  "inline.yaml:3:41: expected a whole number from 1 to "
			  "65535, found 'ssh'");
}

static void
test_become_other_than_root_or_sudo_is_an_error(void **state)
{
	assert_load_error("cloud: lab\nhosts:\n"
			  "  - {name: a, address: 192.0.2.1, become: su, "
			  "roles: [keystone]}\n",
			  "inline.yaml:3:43: become must be root or sudo, not "
			  "'su'");
}

/* ---- The YAML form ---- */

static void
test_written_yaml_loads_back_to_an_equal_inventory(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");

	assert_round_trip(inv);
	inventory_free(inv);
}

static void
test_written_yaml_round_trips_quotes_escapes_and_unicode(void **state)
{
	struct inventory *inv = load_ok(
		"cloud: lab\n"
		"vars:\n"
		"  quote: 'say \"hi\" \\ back'\n"
		"  lines: \"one\\ntwo\\tthree\\r\"\n"
		"  control: \"bell\\a nel\\N ls\\L bom\\uFEFF\"\n"
		"  unicode: \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80\"\n"
		"  colon: \"a: b # c\"\n"
		"  empty: ''\n"
		"  spaces: '  padded  '\n"
		"hosts:\n"
		"  - {name: a, address: 192.0.2.1, roles: [keystone]}\n");

	assert_round_trip(inv);
	inventory_free(inv);
}

static void
test_written_yaml_quotes_values_yaml_would_misread(void **state)
{
	struct inventory *inv = load_ok(
		"cloud: lab\n"
		"vars:\n"
		"  yes_word: 'yes'\n"
		"  off_word: 'Off'\n"
		"  nothing: 'null'\n"
		"  float: '1.5'\n"
		"  integer: '0x1f'\n"
		"  date: '2014-10-16'\n"
		"  version: '3.23.1'\n"
		"  empty: ''\n"
		"hosts:\n"
		"  - {name: a, address: 192.0.2.1, roles: [keystone]}\n");
	char *text = write_yaml(inv);

	assert_non_null(strstr(text, "  yes_word: \"yes\"\n"));
	assert_non_null(strstr(text, "  off_word: \"Off\"\n"));
	assert_non_null(strstr(text, "  nothing: \"null\"\n"));
	assert_non_null(strstr(text, "  float: \"1.5\"\n"));
	assert_non_null(strstr(text, "  integer: \"0x1f\"\n"));
	assert_non_null(strstr(text, "  date: \"2014-10-16\"\n"));
	assert_non_null(strstr(text, "  version: 3.23.1\n"));
	assert_non_null(strstr(text, "  empty: \"\"\n"));
	assert_non_null(strstr(text, "    address: 192.0.2.1\n"));
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_quotes_a_var_name_yaml_would_misread(void **state)
{
	struct inventory *inv = load_ok(
		"cloud: lab\n"
		"vars:\n"
		"  'on': x\n"
		"hosts:\n"
		"  - {name: a, address: 192.0.2.1, roles: [keystone]}\n");
	char *text = write_yaml(inv);

	assert_non_null(strstr(text, "  \"on\": x\n"));
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_sets_every_host_key_so_defaults_do_not_matter(
	void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");
	char *text = write_yaml(inv);

	assert_null(strstr(text, "defaults:"));
	assert_non_null(strstr(text, "  - name: controller\n"
				     "    address: 192.0.2.10\n"
				     "    roles: [keystone, glance, nova-api]\n"
				     "    user: stack\n"
				     "    port: 2222\n"
				     "    ssh-alias: ctl\n"
				     "    become: sudo\n"));
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_header_names_the_source_file(void **state)
{
	struct inventory *inv = load_file_ok(DATA "full.yaml");
	char *text = write_yaml(inv);
	char *header = strndup(text, strcspn(text, "\n"));

	assert_string_equal(header, "# openstack-upgrade inventory, written "
			    "from " DATA "full.yaml.");
	free(header);
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_header_cannot_be_broken_by_the_file_name(void **state)
{
	static const char yaml[] = "cloud: lab\nhosts:\n"
				   "  - {name: a, address: 192.0.2.1, "
				   "roles: [keystone]}\n";
	struct inventory *inv = NULL;
	struct ou_error err;
	char *text;

	assert_int_equal(inventory_load_buffer("evil\nhosts: []\n.yaml", yaml,
					       strlen(yaml), &inv, &err), 0);
	text = write_yaml(inv);
	assert_non_null(strstr(text, "from evil?hosts: []?.yaml.\n"));
	assert_round_trip(inv);
	free(text);
	inventory_free(inv);
}

static void
test_written_yaml_of_the_sample_loads_back_equal(void **state)
{
	struct inventory *inv = load_file_ok(OU_SRCDIR "/samples/inventory.yaml");

	assert_round_trip(inv);
	inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_inventory_gives_each_host_its_roles),
		cmocka_unit_test(test_hosts_keep_file_order_and_the_line_that_defines_them),
		cmocka_unit_test(test_defaults_apply_to_hosts_that_do_not_set_their_own),
		cmocka_unit_test(test_host_keys_override_the_defaults),
		cmocka_unit_test(test_without_defaults_a_host_logs_in_as_root_on_port_22),
		cmocka_unit_test(test_ssh_alias_and_nova_name_are_kept),
		cmocka_unit_test(test_nova_name_is_the_host_name_unless_set),
		cmocka_unit_test(test_ssh_files_are_kept),
		cmocka_unit_test(test_ssh_files_are_null_when_not_given),
		cmocka_unit_test(test_vars_are_kept_with_their_line),
		cmocka_unit_test(test_unknown_var_is_null),
		cmocka_unit_test(test_digest_is_the_sha256_of_the_source_bytes),
		cmocka_unit_test(test_path_is_the_file_it_came_from),
		cmocka_unit_test(test_find_host_finds_by_name_only),
		cmocka_unit_test(test_has_role_is_true_only_for_listed_roles),
		cmocka_unit_test(test_same_address_on_another_port_is_another_machine),
		cmocka_unit_test(test_missing_file_is_an_error_naming_it),
		cmocka_unit_test(test_errors_in_a_file_name_the_file),
		cmocka_unit_test(test_yaml_syntax_error_names_its_position),
		cmocka_unit_test(test_empty_document_is_an_error),
		cmocka_unit_test(test_inventory_that_is_not_a_mapping_is_an_error),
		cmocka_unit_test(test_unknown_top_level_key_is_an_error_naming_its_position),
		cmocka_unit_test(test_unknown_ssh_key_is_an_error),
		cmocka_unit_test(test_unknown_defaults_key_is_an_error),
		cmocka_unit_test(test_missing_cloud_is_an_error),
		cmocka_unit_test(test_missing_hosts_is_an_error),
		cmocka_unit_test(test_empty_host_list_is_an_error),
		cmocka_unit_test(test_hosts_that_is_not_a_list_is_an_error),
		cmocka_unit_test(test_host_without_name_is_an_error),
		cmocka_unit_test(test_host_without_address_is_an_error),
		cmocka_unit_test(test_host_without_roles_is_an_error),
		cmocka_unit_test(test_empty_roles_is_an_error),
		cmocka_unit_test(test_roles_that_is_not_a_list_is_an_error),
		cmocka_unit_test(test_role_listed_twice_is_an_error),
		cmocka_unit_test(test_bad_cloud_name_is_an_error),
		cmocka_unit_test(test_cloud_name_of_only_dots_is_an_error),
		cmocka_unit_test(test_bad_host_name_is_an_error),
		cmocka_unit_test(test_bad_role_name_is_an_error),
		cmocka_unit_test(test_bad_var_name_is_an_error),
		cmocka_unit_test(test_var_value_must_be_a_single_value),
		cmocka_unit_test(test_address_that_ssh_would_take_for_an_option_is_an_error),
		cmocka_unit_test(test_user_that_ssh_would_take_for_an_option_is_an_error),
		cmocka_unit_test(test_duplicate_host_name_is_an_error_naming_both_lines),
		cmocka_unit_test(test_of_two_clashes_the_one_with_the_earlier_host_is_told),
		cmocka_unit_test(test_a_name_and_a_machine_clash_with_one_host_tell_the_name),
		cmocka_unit_test(test_many_hosts_with_their_own_names_and_addresses_load),
		cmocka_unit_test(test_two_hosts_at_one_address_and_port_is_an_error_naming_both_lines),
		cmocka_unit_test(test_same_machine_is_found_through_the_default_port),
		cmocka_unit_test(test_port_out_of_range_is_an_error),
		cmocka_unit_test(test_port_that_is_not_a_number_is_an_error),
		cmocka_unit_test(test_become_other_than_root_or_sudo_is_an_error),
		cmocka_unit_test(test_written_yaml_loads_back_to_an_equal_inventory),
		cmocka_unit_test(test_written_yaml_round_trips_quotes_escapes_and_unicode),
		cmocka_unit_test(test_written_yaml_quotes_values_yaml_would_misread),
		cmocka_unit_test(test_written_yaml_quotes_a_var_name_yaml_would_misread),
		cmocka_unit_test(test_written_yaml_sets_every_host_key_so_defaults_do_not_matter),
		cmocka_unit_test(test_written_yaml_header_names_the_source_file),
		cmocka_unit_test(test_written_yaml_header_cannot_be_broken_by_the_file_name),
		cmocka_unit_test(test_written_yaml_of_the_sample_loads_back_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
