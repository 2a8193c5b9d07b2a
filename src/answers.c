/* answers: the packstack answers import, inventory_load_answers*() of
 * include/inventory.h.
 *
 * An answers file is what `packstack --gen-answer-file` writes: a
 * [general] section of KEY=VALUE lines, each under a comment.  Key names
 * and their meaning follow packstack's own plugins.  The Icehouse
 * release named the host of each service (CONFIG_KEYSTONE_HOST,
 * CONFIG_NOVA_COMPUTE_HOSTS, ...); Juno folded them into
 * CONFIG_CONTROLLER_HOST, CONFIG_NETWORK_HOSTS and CONFIG_COMPUTE_HOSTS,
 * still reading an older name when the new one is absent.  Python's
 * ConfigParser reads the file for packstack, so key names are compared
 * without regard to case, as it does.
 *
 * The result is a guess at the roles, made from what packstack
 * installed where; inventory_write_yaml() says so in its header. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

/* The roles an answers file can give, in the order a host lists them. */
enum ans_role {
	ANS_KEYSTONE,
	ANS_GLANCE,
	ANS_CINDER,
	ANS_SWIFT_PROXY,
	ANS_SWIFT_STORAGE,
	ANS_NEUTRON_SERVER,
	ANS_NOVA_CONTROLLER,
	ANS_NOVA_API,
	ANS_HORIZON,
	ANS_MYSQL,
	ANS_AMQP,
	ANS_NOVA_COMPUTE,
	ANS_NEUTRON_AGENT,
	ANS_N_ROLES,
};

#define ANS_ROLE(r) (1u << (r))

static const char *const ans_role_names[ANS_N_ROLES] = {
	[ANS_KEYSTONE] = "keystone",
	[ANS_GLANCE] = "glance",
	[ANS_CINDER] = "cinder",
	[ANS_SWIFT_PROXY] = "swift-proxy",
	[ANS_SWIFT_STORAGE] = "swift-storage",
	[ANS_NEUTRON_SERVER] = "neutron-server",
	[ANS_NOVA_CONTROLLER] = "nova-controller",
	[ANS_NOVA_API] = "nova-api",
	[ANS_HORIZON] = "horizon",
	[ANS_MYSQL] = "mysql",
	[ANS_AMQP] = "amqp",
	[ANS_NOVA_COMPUTE] = "nova-compute",
	[ANS_NEUTRON_AGENT] = "neutron-agent",
};

/* Services packstack may be told not to install (CONFIG_*_INSTALL=n). */
enum ans_service {
	ANS_SVC_GLANCE = 1u << 0,
	ANS_SVC_CINDER = 1u << 1,
	ANS_SVC_NOVA = 1u << 2,
	ANS_SVC_NEUTRON = 1u << 3,
	ANS_SVC_HORIZON = 1u << 4,
	ANS_SVC_SWIFT = 1u << 5,
	ANS_SVC_DATABASE = 1u << 6,
};

#define ANS_MAX_KEYS 5

struct ans_install {
	unsigned service;
	const char *keys[ANS_MAX_KEYS];	/* the key, then older names */
};

/* An uninstalled database is one packstack was told to use, not one it
 * set up: not a machine to upgrade. */
static const struct ans_install ans_installs[] = {
	{ .service = ANS_SVC_GLANCE, .keys = { "CONFIG_GLANCE_INSTALL" } },
	{ .service = ANS_SVC_CINDER, .keys = { "CONFIG_CINDER_INSTALL" } },
	{ .service = ANS_SVC_NOVA, .keys = { "CONFIG_NOVA_INSTALL" } },
	{ .service = ANS_SVC_NEUTRON, .keys = { "CONFIG_NEUTRON_INSTALL" } },
	{ .service = ANS_SVC_HORIZON, .keys = { "CONFIG_HORIZON_INSTALL" } },
	{ .service = ANS_SVC_SWIFT, .keys = { "CONFIG_SWIFT_INSTALL" } },
	{ .service = ANS_SVC_DATABASE,
	  .keys = { "CONFIG_MARIADB_INSTALL", "CONFIG_MYSQL_INSTALL" } },
};

/* A host key and the roles of the hosts it lists. */
struct ans_rule {
	const char *keys[ANS_MAX_KEYS];	/* the key, then older names read
					   when it has no value */
	unsigned needs;			/* services that must be installed */
	unsigned roles;
	bool storage;			/* Juno: on CONFIG_STORAGE_HOST
					   when CONFIG_UNSUPPORTED=y */
	bool devices;			/* entries may be ip/device */
};

/* Hosts appear in rule order: controller services, then network and
 * compute nodes, then the machines that only hold data. */
static const struct ans_rule ans_icehouse_rules[] = {
	{ .keys = { "CONFIG_KEYSTONE_HOST" },
	  .roles = ANS_ROLE(ANS_KEYSTONE) },
	{ .keys = { "CONFIG_GLANCE_HOST" }, .needs = ANS_SVC_GLANCE,
	  .roles = ANS_ROLE(ANS_GLANCE) },
	{ .keys = { "CONFIG_CINDER_HOST" }, .needs = ANS_SVC_CINDER,
	  .roles = ANS_ROLE(ANS_CINDER) },
	{ .keys = { "CONFIG_NOVA_API_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_API) | ANS_ROLE(ANS_NOVA_CONTROLLER) },
	{ .keys = { "CONFIG_NOVA_CERT_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_CONTROLLER) },
	{ .keys = { "CONFIG_NOVA_VNCPROXY_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_CONTROLLER) },
	{ .keys = { "CONFIG_NOVA_CONDUCTOR_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_CONTROLLER) },
	{ .keys = { "CONFIG_NOVA_SCHED_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_CONTROLLER) },
	{ .keys = { "CONFIG_NEUTRON_SERVER_HOST" }, .needs = ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_SERVER) },
	{ .keys = { "CONFIG_HORIZON_HOST" }, .needs = ANS_SVC_HORIZON,
	  .roles = ANS_ROLE(ANS_HORIZON) },
	{ .keys = { "CONFIG_SWIFT_PROXY_HOSTS" }, .needs = ANS_SVC_SWIFT,
	  .roles = ANS_ROLE(ANS_SWIFT_PROXY) },
	{ .keys = { "CONFIG_NEUTRON_L3_HOSTS" }, .needs = ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_NEUTRON_DHCP_HOSTS" }, .needs = ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_NEUTRON_METADATA_HOSTS" },
	  .needs = ANS_SVC_NEUTRON, .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_NEUTRON_LBAAS_HOSTS" }, .needs = ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_NOVA_COMPUTE_HOSTS" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_COMPUTE) },
	/* Packstack puts the L2 agent on every compute node. */
	{ .keys = { "CONFIG_NOVA_COMPUTE_HOSTS" },
	  .needs = ANS_SVC_NOVA | ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_SWIFT_STORAGE_HOSTS", "CONFIG_SWIFT_STORAGES" },
	  .needs = ANS_SVC_SWIFT, .roles = ANS_ROLE(ANS_SWIFT_STORAGE),
	  .devices = true },
	{ .keys = { "CONFIG_MYSQL_HOST" }, .needs = ANS_SVC_DATABASE,
	  .roles = ANS_ROLE(ANS_MYSQL) },
	{ .keys = { "CONFIG_AMQP_HOST", "CONFIG_QPID_HOST" },
	  .roles = ANS_ROLE(ANS_AMQP) },
};

static const struct ans_rule ans_juno_rules[] = {
	{ .keys = { "CONFIG_CONTROLLER_HOST" },
	  .roles = ANS_ROLE(ANS_KEYSTONE) },
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_GLANCE,
	  .roles = ANS_ROLE(ANS_GLANCE), .storage = true },
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_CINDER,
	  .roles = ANS_ROLE(ANS_CINDER), .storage = true },
	/* Juno's swift plugin puts proxy and storage on the controller. */
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_SWIFT,
	  .roles = ANS_ROLE(ANS_SWIFT_PROXY) | ANS_ROLE(ANS_SWIFT_STORAGE) },
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_SERVER) },
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_NOVA,
	  .roles = ANS_ROLE(ANS_NOVA_CONTROLLER) | ANS_ROLE(ANS_NOVA_API) },
	{ .keys = { "CONFIG_CONTROLLER_HOST" }, .needs = ANS_SVC_HORIZON,
	  .roles = ANS_ROLE(ANS_HORIZON) },
	{ .keys = { "CONFIG_NETWORK_HOSTS", "CONFIG_NEUTRON_L3_HOSTS",
		    "CONFIG_NEUTRON_DHCP_HOSTS",
		    "CONFIG_NEUTRON_METADATA_HOSTS" },
	  .needs = ANS_SVC_NEUTRON, .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_COMPUTE_HOSTS", "CONFIG_NOVA_COMPUTE_HOSTS" },
	  .needs = ANS_SVC_NOVA, .roles = ANS_ROLE(ANS_NOVA_COMPUTE) },
	{ .keys = { "CONFIG_COMPUTE_HOSTS", "CONFIG_NOVA_COMPUTE_HOSTS" },
	  .needs = ANS_SVC_NOVA | ANS_SVC_NEUTRON,
	  .roles = ANS_ROLE(ANS_NEUTRON_AGENT) },
	{ .keys = { "CONFIG_MARIADB_HOST", "CONFIG_MYSQL_HOST" },
	  .needs = ANS_SVC_DATABASE, .roles = ANS_ROLE(ANS_MYSQL) },
	{ .keys = { "CONFIG_AMQP_HOST" }, .roles = ANS_ROLE(ANS_AMQP) },
};

/* One KEY=VALUE line of the [general] section. */
struct ans_entry {
	char *key;
	char *value;		/* trimmed */
	unsigned line;
	unsigned key_column;
	unsigned column;	/* of the value */
};

struct ans_file {
	const char *name;
	struct ans_entry *entries;
	size_t n_entries;
};

struct ans_host {
	char *address;
	unsigned roles;		/* ANS_ROLE() bits */
};

/* What the rules have found so far. */
struct ans_build {
	const struct ans_file *file;
	unsigned installed;	/* ANS_SVC_* bits */
	bool storage_host;	/* CONFIG_STORAGE_HOST is in use */
	struct ans_host *hosts;
	size_t n_hosts;
	struct ou_error *err;
};

/* ---- Reading the file ---- */

static bool
ans_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim [*start, *end) of white space on both sides. */
static void
ans_trim(const char **start, const char **end)
{
	while (*start < *end && ans_is_space(**start))
		(*start)++;
	while (*end > *start && ans_is_space((*end)[-1]))
		(*end)--;
}

static void
ans_file_free(struct ans_file *file)
{
	for (size_t i = 0; i < file->n_entries; i++) {
		free(file->entries[i].key);
		free(file->entries[i].value);
	}
	free(file->entries);
}

/* The parser's place in the file. */
struct ans_parser {
	struct ans_file *file;
	const char *line;	/* the start of the current line */
	unsigned lineno;
	bool in_section;
	bool in_general;
	struct ou_error *err;
};

static int
ans_line_error(const struct ans_parser *p, const char *at, const char *msg)
{
	return ou_error_set(p->err, "%s:%u:%u: %s", p->file->name, p->lineno,
			    (unsigned)(at - p->line) + 1, msg);
}

static int
ans_parse_section(struct ans_parser *p, const char *start, const char *end)
{
	const char *name = start + 1;
	const char *name_end = end - 1;

	if (end - start < 2 || *name_end != ']')
		return ans_line_error(p, start, "expected ']' to end the "
				      "section name");
	ans_trim(&name, &name_end);
	p->in_section = true;
	p->in_general = (size_t)(name_end - name) == strlen("general") &&
			memcmp(name, "general", strlen("general")) == 0;
	return 0;
}

static bool
ans_is_key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int
ans_parse_pair(struct ans_parser *p, const char *start, const char *eq,
	       const char *end)
{
	const char *key_end = eq;
	const char *value = eq + 1;
	struct ans_entry *entry;

	ans_trim(&start, &key_end);
	for (const char *c = start; c < key_end; c++)
		if (!ans_is_key_char(*c))
			return ans_line_error(p, c, "expected KEY=VALUE, where "
					      "KEY has letters, digits and "
					      "'_' only");
	if (start == key_end)
		return ans_line_error(p, eq, "expected a key before '='");
	if (!p->in_section)
		return ans_line_error(p, start, "expected a [general] "
				      "section header before the first "
				      "KEY=VALUE");
	if (!p->in_general)
		return 0;
	ans_trim(&value, &end);
	p->file->entries = xreallocarray(p->file->entries,
					 p->file->n_entries + 1,
					 sizeof *p->file->entries);
	entry = &p->file->entries[p->file->n_entries++];
	entry->key = xstrndup(start, (size_t)(key_end - start));
	entry->value = xstrndup(value, (size_t)(end - value));
	entry->line = p->lineno;
	entry->key_column = (unsigned)(start - p->line) + 1;
	entry->column = (unsigned)(value - p->line) + 1;
	return 0;
}

static int
ans_parse_line(struct ans_parser *p, const char *end)
{
	const char *start = p->line;
	const char *nul = memchr(start, '\0', (size_t)(end - start));
	const char *eq;

	if (nul != NULL)
		return ans_line_error(p, nul, "NUL character in the file");
	ans_trim(&start, &end);
	/* ConfigParser also takes ';' for a comment. */
	if (start == end || *start == '#' || *start == ';')
		return 0;
	if (*start == '[')
		return ans_parse_section(p, start, end);
	eq = memchr(start, '=', (size_t)(end - start));
	if (eq == NULL)
		return ans_line_error(p, start, "expected KEY=VALUE, a "
				      "[section] header or a # comment");
	return ans_parse_pair(p, start, eq, end);
}

static int
ans_parse(const char *buf, size_t len, struct ans_file *file,
	  struct ou_error *err)
{
	struct ans_parser p = { .file = file, .line = buf, .lineno = 1,
				.err = err };
	const char *end = buf + len;

	while (p.line < end) {
		const char *nl = memchr(p.line, '\n', (size_t)(end - p.line));
		const char *line_end = nl != NULL ? nl : end;

		if (ans_parse_line(&p, line_end) < 0)
			return -1;
		p.line = line_end + 1;
		p.lineno++;
	}
	return 0;
}

/* ---- Looking keys up ---- */

static int
ans_entry_error(struct ou_error *err, const struct ans_file *file,
		const struct ans_entry *entry, size_t offset, const char *fmt,
		...)
	__attribute__((format(printf, 5, 6)));

/* Report at entry's value, offset bytes into it, naming its key. */
static int
ans_entry_error(struct ou_error *err, const struct ans_file *file,
		const struct ans_entry *entry, size_t offset, const char *fmt,
		...)
{
	char msg[OU_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ou_error_set(err, "%s:%u:%u: %s: %s", file->name, entry->line,
			    entry->column + (unsigned)offset, entry->key, msg);
}

/* The entry for key, or NULL if the file does not set it.  A key we
 * read that is set twice is an error: packstack would take the last,
 * and which one the operator meant is not ours to guess. */
static int
ans_find(const struct ans_file *file, const char *key,
	 const struct ans_entry **out, struct ou_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < file->n_entries; i++) {
		const struct ans_entry *entry = &file->entries[i];

		if (strcasecmp(entry->key, key) != 0)
			continue;
		if (*out != NULL)
			return ou_error_set(err, "%s:%u:%u: %s is set twice "
					    "(first at line %u)", file->name,
					    entry->line, entry->key_column,
					    key, (*out)->line);
		*out = entry;
	}
	return 0;
}

/* An empty value, or the placeholder "unspecified" that some answers
 * files carry, names nothing. */
static bool
ans_is_unset(const char *value, size_t len)
{
	return len == 0 || (len == strlen("unspecified") &&
			    strncasecmp(value, "unspecified", len) == 0);
}

/* The first of keys (a NULL-ended list) that has a value, or NULL. */
static int
ans_find_first(const struct ans_file *file, const char *const *keys,
	       const struct ans_entry **out, struct ou_error *err)
{
	*out = NULL;
	for (size_t i = 0; i < ANS_MAX_KEYS && keys[i] != NULL; i++) {
		const struct ans_entry *entry;

		if (ans_find(file, keys[i], &entry, err) < 0)
			return -1;
		if (entry != NULL &&
		    !ans_is_unset(entry->value, strlen(entry->value))) {
			*out = entry;
			return 0;
		}
	}
	return 0;
}

/* A y/n answer; *out keeps its default when the keys have no value. */
static int
ans_flag(const struct ans_file *file, const char *const *keys, bool *out,
	 struct ou_error *err)
{
	const struct ans_entry *entry;

	if (ans_find_first(file, keys, &entry, err) < 0)
		return -1;
	if (entry == NULL)
		return 0;
	if (strcasecmp(entry->value, "y") == 0)
		*out = true;
	else if (strcasecmp(entry->value, "n") == 0)
		*out = false;
	else
		return ans_entry_error(err, file, entry, 0, "expected y or n, "
				       "found '%s'", entry->value);
	return 0;
}

static int
ans_installed(const struct ans_file *file, unsigned *installed,
	      struct ou_error *err)
{
	*installed = 0;
	for (size_t i = 0; i < sizeof ans_installs / sizeof *ans_installs;
	     i++) {
		bool yes = true;

		if (ans_flag(file, ans_installs[i].keys, &yes, err) < 0)
			return -1;
		if (yes)
			*installed |= ans_installs[i].service;
	}
	return 0;
}

/* ---- Applying the rules ---- */

static struct ans_host *
ans_host_get(struct ans_build *b, const char *address, size_t len)
{
	struct ans_host *host;

	for (size_t i = 0; i < b->n_hosts; i++)
		if (strlen(b->hosts[i].address) == len &&
		    strncasecmp(b->hosts[i].address, address, len) == 0)
			return &b->hosts[i];
	b->hosts = xreallocarray(b->hosts, b->n_hosts + 1, sizeof *b->hosts);
	host = &b->hosts[b->n_hosts++];
	host->address = xstrndup(address, len);
	host->roles = 0;
	return host;
}

static bool
ans_is_address(const char *s, size_t len)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz"
				    "0123456789.:_-";

	if (len == 0 || s[0] == '-' || s[0] == '.' || s[0] == '_')
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0' || strchr(chars, s[i]) == NULL)
			return false;
	return true;
}

/* One entry of a host list: [start, end) within entry's value. */
static int
ans_add_item(struct ans_build *b, const struct ans_entry *entry,
	     const struct ans_rule *rule, const char *start, const char *end)
{
	const char *slash;

	ans_trim(&start, &end);
	/* Swift storage entries are ip/device: the device is no host. */
	slash = rule->devices ? memchr(start, '/', (size_t)(end - start))
			      : NULL;
	if (slash != NULL) {
		end = slash;
		ans_trim(&start, &end);
	}
	if (ans_is_unset(start, (size_t)(end - start)))
		return 0;
	if (!ans_is_address(start, (size_t)(end - start)))
		return ans_entry_error(b->err, b->file, entry,
				       (size_t)(start - entry->value),
				       "expected an IP address or host name, "
				       "found '%.*s'", (int)(end - start),
				       start);
	ans_host_get(b, start, (size_t)(end - start))->roles |= rule->roles;
	return 0;
}

/* The entry a rule reads, or NULL. */
static int
ans_rule_entry(const struct ans_build *b, const struct ans_rule *rule,
	       const struct ans_entry **out)
{
	static const char *const storage[] = { "CONFIG_STORAGE_HOST", NULL };

	if (rule->storage && b->storage_host) {
		if (ans_find_first(b->file, storage, out, b->err) < 0)
			return -1;
		if (*out != NULL)
			return 0;
	}
	return ans_find_first(b->file, rule->keys, out, b->err);
}

static int
ans_apply_rule(struct ans_build *b, const struct ans_rule *rule)
{
	const struct ans_entry *entry;
	const char *item;

	if ((rule->needs & b->installed) != rule->needs)
		return 0;
	if (ans_rule_entry(b, rule, &entry) < 0)
		return -1;
	if (entry == NULL)
		return 0;
	item = entry->value;
	for (;;) {
		const char *end = item + strcspn(item, ",");

		if (ans_add_item(b, entry, rule, item, end) < 0)
			return -1;
		if (*end == '\0')
			return 0;
		item = end + 1;
	}
}

/* Juno's consolidation introduced CONFIG_CONTROLLER_HOST: its presence,
 * even empty, marks a Juno-era file. */
static int
ans_apply_rules(struct ans_build *b)
{
	static const char *const unsupported[] = { "CONFIG_UNSUPPORTED", NULL };
	const struct ans_rule *rules = ans_icehouse_rules;
	size_t n_rules = sizeof ans_icehouse_rules / sizeof *ans_icehouse_rules;
	const struct ans_entry *controller;

	if (ans_installed(b->file, &b->installed, b->err) < 0 ||
	    ans_find(b->file, "CONFIG_CONTROLLER_HOST", &controller,
		     b->err) < 0)
		return -1;
	if (controller != NULL) {
		rules = ans_juno_rules;
		n_rules = sizeof ans_juno_rules / sizeof *ans_juno_rules;
		/* Packstack only reads CONFIG_STORAGE_HOST when told to. */
		if (ans_flag(b->file, unsupported, &b->storage_host,
			     b->err) < 0)
			return -1;
	}
	for (size_t i = 0; i < n_rules; i++)
		if (ans_apply_rule(b, &rules[i]) < 0)
			return -1;
	return 0;
}

/* ---- Making the inventory ---- */

/* s with every character outside the allowed set replaced by '-'. */
static char *
ans_sanitise(const char *s, size_t len)
{
	static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz"
				      "0123456789._-";
	char *out = xstrndup(s, len);

	for (char *p = out; *p != '\0'; p++)
		if (strchr(allowed, *p) == NULL)
			*p = '-';
	return out;
}

/* The file's base name without its extension. */
static char *
ans_cloud_name(const char *name)
{
	const char *base = strrchr(name, '/');
	const char *dot;
	char *cloud;

	base = base != NULL ? base + 1 : name;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	cloud = ans_sanitise(base, (size_t)(dot - base));
	if (strspn(cloud, ".") == strlen(cloud)) {
		free(cloud);
		cloud = xstrdup("packstack");
	}
	return cloud;
}

/* The host's name is its address, made a valid name (IPv6 has ':'). */
static char *
ans_host_name(const char *address)
{
	char *name = ans_sanitise(address, strlen(address));
	char *prefixed;

	if (name[0] != '-' && name[0] != '.' && name[0] != '_')
		return name;
	prefixed = xasprintf("host%s", name);
	free(name);
	return prefixed;
}

static void
ans_fill_host(struct inv_host *host, const struct ans_host *from)
{
	host->name = ans_host_name(from->address);
	host->address = xstrdup(from->address);
	host->user = xstrdup("root");
	host->port = 22;
	host->become = INV_BECOME_ROOT;
	host->roles = xcalloc(ANS_N_ROLES, sizeof *host->roles);
	for (unsigned r = 0; r < ANS_N_ROLES; r++) {
		if (from->roles & ANS_ROLE(r))
			host->roles[host->n_roles++] =
				xstrdup(ans_role_names[r]);
	}
}

/* Two addresses can only share a name if they differ in a character
 * the name cannot hold. */
static int
ans_check_names(const struct ans_file *file, const struct inventory *inv,
		struct ou_error *err)
{
	const struct inv_host *host = &inv->hosts[inv->n_hosts - 1];

	for (size_t i = 0; i + 1 < inv->n_hosts; i++)
		if (strcmp(inv->hosts[i].name, host->name) == 0)
			return ou_error_set(err, "%s: hosts %s and %s would both "
					    "be named '%s'", file->name,
					    inv->hosts[i].address,
					    host->address, host->name);
	return 0;
}

/* Hosts left with no role (a Juno network node without Neutron) have
 * nothing to upgrade, and an inventory host must have a role. */
static int
ans_fill_hosts(const struct ans_build *b, struct inventory *inv)
{
	inv->hosts = xcalloc(b->n_hosts, sizeof *inv->hosts);
	for (size_t i = 0; i < b->n_hosts; i++) {
		if (b->hosts[i].roles == 0)
			continue;
		ans_fill_host(&inv->hosts[inv->n_hosts++], &b->hosts[i]);
		if (ans_check_names(b->file, inv, b->err) < 0)
			return -1;
	}
	if (inv->n_hosts == 0)
		return ou_error_set(b->err, "%s: no host of an OpenStack "
				    "service found (expected "
				    "CONFIG_CONTROLLER_HOST or "
				    "CONFIG_KEYSTONE_HOST and the like); is it a "
				    "packstack answers file?", b->file->name);
	return 0;
}

static void
ans_build_free(struct ans_build *b)
{
	for (size_t i = 0; i < b->n_hosts; i++)
		free(b->hosts[i].address);
	free(b->hosts);
}

int
inventory_load_answers_buffer(const char *name, const char *buf, size_t len,
			      struct inventory **out, struct ou_error *err)
{
	struct ans_file file = { .name = name };
	struct ans_build b = { .file = &file, .err = err };
	struct inventory *inv = NULL;
	int rc;

	*out = NULL;
	if (buf == NULL)
		buf = "";
	rc = ans_parse(buf, len, &file, err);
	if (rc == 0)
		rc = ans_apply_rules(&b);
	if (rc == 0) {
		inv = xcalloc(1, sizeof *inv);
		inv->path = xstrdup(name);
		inv->cloud = ans_cloud_name(name);
		sha256_hex(buf, len, inv->digest);
		rc = ans_fill_hosts(&b, inv);
	}
	ans_build_free(&b);
	ans_file_free(&file);
	if (rc < 0) {
		inventory_free(inv);
		return -1;
	}
	*out = inv;
	return 0;
}

int
inventory_load_answers(const char *path, struct inventory **out,
		       struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*out = NULL;
	if (strbuf_read_file(&sb, path, err) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	rc = inventory_load_answers_buffer(path, strbuf_str(&sb), sb.len, out,
					   err);
	strbuf_release(&sb);
	return rc;
}
