/* inventory: see include/inventory.h.
 *
 * The YAML inventory: parsed whole by yamldoc, then checked key by key
 * so that every mistake is reported at its file:line:column, and written
 * back in one canonical form that loads to an equal inventory.  The
 * packstack answers import lives in answers.c. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"

#define INV_UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define INV_LOWER "abcdefghijklmnopqrstuvwxyz"
#define INV_DIGIT "0123456789"
#define INV_ALNUM INV_UPPER INV_LOWER INV_DIGIT

#define INV_DEFAULT_USER "root"
#define INV_DEFAULT_PORT 22
/* FNV-1a's offset basis. */
#define INV_HASH_SEED 14695981039346656037ULL

/* The shape of a word: its first character from first, the rest from
 * rest.  No word that reaches an ssh command line (address, user, host
 * name, alias) may start with '-', so ssh can never take it for an
 * option. */
struct inv_shape {
	const char *what;	/* for messages: "host name" */
	const char *first;
	const char *rest;
	const char *expected;	/* the shape in words */
};

static const struct inv_shape inv_cloud_shape = {
	.what = "cloud name",
	.first = INV_ALNUM "._-",
	.rest = INV_ALNUM "._-",
	.expected = "letters, digits, '.', '_' and '-'",
};

static const struct inv_shape inv_host_shape = {
	.what = "host name",
	.first = INV_ALNUM,
	.rest = INV_ALNUM "._-",
	.expected = "letters, digits, '.', '_' and '-', starting with a "
		    "letter or digit",
};

static const struct inv_shape inv_role_shape = {
	.what = "role",
	.first = INV_LOWER INV_DIGIT,
	.rest = INV_LOWER INV_DIGIT "-",
	.expected = "lower-case letters, digits and '-', starting with a "
		    "letter or digit",
};

static const struct inv_shape inv_var_shape = {
	.what = "variable name",
	.first = INV_LOWER "_",
	.rest = INV_LOWER INV_DIGIT "_",
	.expected = "lower-case letters, digits and '_', not starting with "
		    "a digit",
};

static const struct inv_shape inv_user_shape = {
	.what = "user name",
	.first = INV_ALNUM "_",
	.rest = INV_ALNUM "._-",
	.expected = "letters, digits, '.', '_' and '-', not starting with "
		    "'-' or '.'",
};

/* ':' and '%' for IPv6 addresses and their zones. */
static const struct inv_shape inv_address_shape = {
	.what = "address",
	.first = INV_ALNUM ":",
	.rest = INV_ALNUM ".:%_-",
	.expected = "an IP address or a DNS name",
};

/* The state of one load: the document, where errors go, and the
 * defaults that hosts inherit. */
struct inv_load {
	const struct ydoc *doc;
	struct ou_error *err;
	const char *user;
	unsigned port;
	enum inv_become become;
};

static bool
inv_shape_matches(const struct inv_shape *shape, const char *s)
{
	return s[0] != '\0' && strchr(shape->first, s[0]) != NULL &&
	       strspn(s + 1, shape->rest) == strlen(s + 1);
}

/* The scalar of node if it has the shape, else NULL and an error. */
static const char *
inv_word(const struct inv_load *l, const struct ynode *node,
	 const struct inv_shape *shape)
{
	if (node->kind != YNODE_SCALAR) {
		ydoc_error(l->doc, node, l->err, "expected a %s, found %s",
			   shape->what, ynode_kind_name(node));
		return NULL;
	}
	if (!inv_shape_matches(shape, node->scalar)) {
		ydoc_error(l->doc, node, l->err, "bad %s '%s': expected %s",
			   shape->what, node->scalar, shape->expected);
		return NULL;
	}
	return node->scalar;
}

/* The value of a required key, or NULL and an error at the map. */
static const struct ynode *
inv_require(const struct inv_load *l, const struct ynode *map,
	    const char *key, const char *owner)
{
	const struct ynode *value = ynode_get(map, key);

	if (value == NULL)
		ydoc_error(l->doc, map, l->err, "%s has no '%s' key "
			   "(it is required)", owner, key);
	return value;
}

/* Copy an optional word into *out; *out is left alone if key is absent. */
static int
inv_load_opt_word(const struct inv_load *l, const struct ynode *map,
		  const char *key, const struct inv_shape *shape, char **out)
{
	const struct ynode *node = ynode_get(map, key);
	const char *word;

	if (node == NULL)
		return 0;
	word = inv_word(l, node, shape);
	if (word == NULL)
		return -1;
	*out = xstrdup(word);
	return 0;
}

static int
inv_load_req_word(const struct inv_load *l, const struct ynode *map,
		  const char *key, const char *owner,
		  const struct inv_shape *shape, char **out)
{
	if (inv_require(l, map, key, owner) == NULL)
		return -1;
	return inv_load_opt_word(l, map, key, shape, out);
}

/* A file name: any non-empty text. */
static int
inv_load_path(const struct inv_load *l, const struct ynode *node,
	      char **out)
{
	if (node == NULL)
		return 0;
	if (node->kind != YNODE_SCALAR || node->scalar[0] == '\0')
		return ydoc_error(l->doc, node, l->err, "expected a file name, "
				  "found %s", node->kind == YNODE_SCALAR ?
				  "nothing" : ynode_kind_name(node));
	*out = xstrdup(node->scalar);
	return 0;
}

static int
inv_load_port(const struct inv_load *l, const struct ynode *node,
	      unsigned *port)
{
	unsigned long value;

	if (node == NULL)
		return 0;
	if (ydoc_scalar_uint(l->doc, node, 1, 65535, &value, l->err) < 0)
		return -1;
	*port = (unsigned)value;
	return 0;
}

static int
inv_load_become(const struct inv_load *l, const struct ynode *node,
		 enum inv_become *become)
{
	if (node == NULL)
		return 0;
	if (node->kind != YNODE_SCALAR)
		return ydoc_error(l->doc, node, l->err, "become must be root or "
				  "sudo, not %s", ynode_kind_name(node));
	if (strcmp(node->scalar, "root") == 0)
		*become = INV_BECOME_ROOT;
	else if (strcmp(node->scalar, "sudo") == 0)
		*become = INV_BECOME_SUDO;
	else
		return ydoc_error(l->doc, node, l->err, "become must be root or "
				  "sudo, not '%s'", node->scalar);
	return 0;
}

static int
inv_load_cloud(const struct inv_load *l, const struct ynode *root,
	       struct inventory *inv)
{
	const struct ynode *node = inv_require(l, root, "cloud",
					       "the inventory");
	const char *cloud = node != NULL ? inv_word(l, node, &inv_cloud_shape)
					 : NULL;

	if (cloud == NULL)
		return -1;
	/* The cloud names the journal's directory. */
	if (strspn(cloud, ".") == strlen(cloud))
		return ydoc_error(l->doc, node, l->err, "bad cloud name '%s': "
				  "it names a directory, so it cannot be only "
				  "dots", cloud);
	inv->cloud = xstrdup(cloud);
	return 0;
}

static int
inv_load_ssh(const struct inv_load *l, const struct ynode *ssh,
	     struct inventory *inv)
{
	static const char *const keys[] = { "config", "known-hosts", NULL };

	if (ssh == NULL)
		return 0;
	if (ydoc_expect_kind(l->doc, ssh, YNODE_MAP, "ssh", l->err) < 0 ||
	    ydoc_expect_keys(l->doc, ssh, keys, l->err) < 0 ||
	    inv_load_path(l, ynode_get(ssh, "config"), &inv->ssh_config) < 0)
		return -1;
	return inv_load_path(l, ynode_get(ssh, "known-hosts"),
			     &inv->known_hosts);
}

static int
inv_load_defaults(struct inv_load *l, const struct ynode *defaults)
{
	static const char *const keys[] = { "user", "port", "become", NULL };
	const struct ynode *user;

	if (defaults == NULL)
		return 0;
	if (ydoc_expect_kind(l->doc, defaults, YNODE_MAP, "defaults",
			     l->err) < 0 ||
	    ydoc_expect_keys(l->doc, defaults, keys, l->err) < 0 ||
	    inv_load_port(l, ynode_get(defaults, "port"), &l->port) < 0 ||
	    inv_load_become(l, ynode_get(defaults, "become"), &l->become) < 0)
		return -1;
	user = ynode_get(defaults, "user");
	if (user == NULL)
		return 0;
	l->user = inv_word(l, user, &inv_user_shape);
	return l->user != NULL ? 0 : -1;
}

static int
inv_load_var(const struct inv_load *l, const struct ypair *pair,
	     struct inventory *inv)
{
	struct inv_var *var;

	if (inv_word(l, pair->key, &inv_var_shape) == NULL)
		return -1;
	if (pair->value->kind != YNODE_SCALAR)
		return ydoc_error(l->doc, pair->value, l->err, "the value of "
				  "variable '%s' must be a single value, not %s",
				  pair->key->scalar,
				  ynode_kind_name(pair->value));
	var = &inv->vars[inv->n_vars++];
	var->name = xstrdup(pair->key->scalar);
	var->value = xstrdup(pair->value->scalar);
	var->line = pair->key->line;
	return 0;
}

static int
inv_load_vars(const struct inv_load *l, const struct ynode *vars,
	      struct inventory *inv)
{
	if (vars == NULL)
		return 0;
	if (ydoc_expect_kind(l->doc, vars, YNODE_MAP, "vars", l->err) < 0)
		return -1;
	inv->vars = xcalloc(vars->n_pairs, sizeof *inv->vars);
	for (size_t i = 0; i < vars->n_pairs; i++)
		if (inv_load_var(l, &vars->pairs[i], inv) < 0)
			return -1;
	return 0;
}

static int
inv_load_roles(const struct inv_load *l, const struct ynode *node,
	       const char *owner, struct inv_host *host)
{
	const struct ynode *roles = inv_require(l, node, "roles", owner);

	if (roles == NULL ||
	    ydoc_expect_kind(l->doc, roles, YNODE_SEQ, "roles", l->err) < 0)
		return -1;
	if (roles->n_items == 0)
		return ydoc_error(l->doc, roles, l->err, "%s must have at least "
				  "one role", owner);
	host->roles = xcalloc(roles->n_items, sizeof *host->roles);
	for (size_t i = 0; i < roles->n_items; i++) {
		const struct ynode *item = roles->items[i];
		const char *role = inv_word(l, item, &inv_role_shape);

		if (role == NULL)
			return -1;
		if (inv_host_has_role(host, role))
			return ydoc_error(l->doc, item, l->err,
					  "role '%s' is listed twice for %s",
					  role, owner);
		host->roles[host->n_roles++] = xstrdup(role);
	}
	return 0;
}

/* How to log in: the host's own keys, else the defaults. */
static int
inv_load_login(const struct inv_load *l, const struct ynode *node,
	       struct inv_host *host)
{
	host->port = l->port;
	host->become = l->become;
	if (inv_load_port(l, ynode_get(node, "port"), &host->port) < 0 ||
	    inv_load_become(l, ynode_get(node, "become"), &host->become) < 0 ||
	    inv_load_opt_word(l, node, "user", &inv_user_shape,
			      &host->user) < 0)
		return -1;
	if (host->user == NULL)
		host->user = xstrdup(l->user);
	return 0;
}

static int
inv_load_host(const struct inv_load *l, const struct ynode *node,
	      struct inv_host *host)
{
	static const char *const keys[] = {
		"name", "address", "roles", "user", "port", "ssh-alias",
		"nova-name", "become", NULL
	};
	char owner[128];

	if (ydoc_expect_kind(l->doc, node, YNODE_MAP, "a host", l->err) < 0 ||
	    ydoc_expect_keys(l->doc, node, keys, l->err) < 0 ||
	    inv_load_req_word(l, node, "name", "this host", &inv_host_shape,
			      &host->name) < 0)
		return -1;
	host->line = node->line;
	snprintf(owner, sizeof owner, "host '%s'", host->name);
	if (inv_load_req_word(l, node, "address", owner, &inv_address_shape,
			      &host->address) < 0 ||
	    inv_load_opt_word(l, node, "ssh-alias", &inv_host_shape,
			      &host->ssh_alias) < 0 ||
	    inv_load_opt_word(l, node, "nova-name", &inv_host_shape,
			      &host->nova_name) < 0 ||
	    inv_load_login(l, node, host) < 0)
		return -1;
	return inv_load_roles(l, node, owner, host);
}

/* The hosts loaded so far, by name and by machine (address and port),
 * each an open-addressing table of host indices: every new host is
 * checked against all earlier ones at once, where comparing it with
 * each in turn made 2,000 hosts cost two million comparisons. */
struct inv_seen {
	size_t *by_name;	/* SIZE_MAX: a free slot */
	size_t *by_machine;
	size_t mask;		/* the tables' size less one, a power of 2 */
};

static void
inv_seen_init(struct inv_seen *seen, size_t n_hosts)
{
	size_t size = 16;

	/* At most half full, so a probe always ends at a free slot. */
	while (size < 2 * n_hosts)
		size *= 2;
	seen->mask = size - 1;
	seen->by_name = xcalloc(size, sizeof *seen->by_name);
	seen->by_machine = xcalloc(size, sizeof *seen->by_machine);
	for (size_t i = 0; i < size; i++)
		seen->by_name[i] = seen->by_machine[i] = SIZE_MAX;
}

static void
inv_seen_release(struct inv_seen *seen)
{
	free(seen->by_name);
	free(seen->by_machine);
}

/* FNV-1a; addresses are compared without case (DNS names), and have
 * only ASCII characters (inv_address_shape), so they are hashed so. */
static uint64_t
inv_hash(const char *s, bool fold_case, uint64_t h)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (fold_case && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

static bool
inv_same_machine(const struct inv_host *a, const struct inv_host *b)
{
	return strcasecmp(a->address, b->address) == 0 && a->port == b->port;
}

/* The slot of host's name: the earlier host with it, or a free one. */
static size_t *
inv_seen_name(const struct inv_seen *seen, const struct inventory *inv,
	      const struct inv_host *host)
{
	size_t i = (size_t)inv_hash(host->name, false, INV_HASH_SEED) &
		   seen->mask;

	while (seen->by_name[i] != SIZE_MAX &&
	       strcmp(inv->hosts[seen->by_name[i]].name, host->name) != 0)
		i = (i + 1) & seen->mask;
	return &seen->by_name[i];
}

static size_t *
inv_seen_machine(const struct inv_seen *seen, const struct inventory *inv,
		 const struct inv_host *host)
{
	uint64_t h = inv_hash(host->address, true, INV_HASH_SEED);
	size_t i = (size_t)((h ^ host->port) * 1099511628211ULL) & seen->mask;

	while (seen->by_machine[i] != SIZE_MAX &&
	       !inv_same_machine(&inv->hosts[seen->by_machine[i]], host))
		i = (i + 1) & seen->mask;
	return &seen->by_machine[i];
}

/* The last host of inv against every earlier one: a second entry for
 * the same name or the same machine would have the upgrade run twice
 * there, or pick one of two definitions unseen.  Of two clashes the one
 * with the earlier host is told, the name first. */
static int
inv_check_unique(const struct inv_load *l, const struct inventory *inv,
		 const struct ynode *node, struct inv_seen *seen)
{
	size_t last = inv->n_hosts - 1;
	const struct inv_host *host = &inv->hosts[last];
	size_t *name = inv_seen_name(seen, inv, host);
	size_t *machine = inv_seen_machine(seen, inv, host);

	if (*name != SIZE_MAX && (*machine == SIZE_MAX || *name <= *machine))
		return ydoc_error(l->doc, ynode_get(node, "name"),
				  l->err, "duplicate host name '%s': "
				  "the host at line %u has it already",
				  host->name, inv->hosts[*name].line);
	if (*machine != SIZE_MAX) {
		const struct inv_host *other = &inv->hosts[*machine];

		return ydoc_error(l->doc, ynode_get(node, "address"),
				  l->err, "host '%s' is the same machine "
				  "(%s port %u) as host '%s' at line %u: "
				  "list each machine once", host->name,
				  host->address, host->port, other->name,
				  other->line);
	}
	*name = *machine = last;
	return 0;
}

static int
inv_load_hosts(const struct inv_load *l, const struct ynode *root,
	       struct inventory *inv)
{
	const struct ynode *hosts = inv_require(l, root, "hosts",
						"the inventory");
	struct inv_seen seen;
	int rc = 0;

	if (hosts == NULL ||
	    ydoc_expect_kind(l->doc, hosts, YNODE_SEQ, "hosts", l->err) < 0)
		return -1;
	if (hosts->n_items == 0)
		return ydoc_error(l->doc, hosts, l->err, "hosts must list at "
				  "least one host");
	inv->hosts = xcalloc(hosts->n_items, sizeof *inv->hosts);
	inv_seen_init(&seen, hosts->n_items);
	for (size_t i = 0; i < hosts->n_items && rc == 0; i++) {
		/* Counted first, so inventory_free() sees a half-built host. */
		inv->n_hosts++;
		if (inv_load_host(l, hosts->items[i], &inv->hosts[i]) < 0 ||
		    inv_check_unique(l, inv, hosts->items[i], &seen) < 0)
			rc = -1;
	}
	inv_seen_release(&seen);
	return rc;
}

static int
inv_load_doc(struct inv_load *l, struct inventory *inv)
{
	static const char *const keys[] = {
		"cloud", "ssh", "defaults", "vars", "hosts", NULL
	};
	const struct ynode *root = l->doc->root;

	if (root == NULL)
		return ou_error_set(l->err, "%s: the inventory is empty "
				    "(expected 'cloud' and 'hosts')",
				    l->doc->name);
	if (ydoc_expect_kind(l->doc, root, YNODE_MAP, "the inventory",
			     l->err) < 0 ||
	    ydoc_expect_keys(l->doc, root, keys, l->err) < 0 ||
	    inv_load_cloud(l, root, inv) < 0 ||
	    inv_load_ssh(l, ynode_get(root, "ssh"), inv) < 0 ||
	    inv_load_defaults(l, ynode_get(root, "defaults")) < 0 ||
	    inv_load_vars(l, ynode_get(root, "vars"), inv) < 0)
		return -1;
	return inv_load_hosts(l, root, inv);
}

int
inventory_load_buffer(const char *name, const char *buf, size_t len,
		      struct inventory **out, struct ou_error *err)
{
	struct inv_load l = {
		.err = err,
		.user = INV_DEFAULT_USER,
		.port = INV_DEFAULT_PORT,
		.become = INV_BECOME_ROOT,
	};
	struct ydoc *doc;
	struct inventory *inv;
	int rc;

	*out = NULL;
	if (buf == NULL)
		buf = "";
	doc = ydoc_parse(name, buf, len, err);
	if (doc == NULL)
		return -1;
	l.doc = doc;
	inv = xcalloc(1, sizeof *inv);
	inv->path = xstrdup(name);
	sha256_hex(buf, len, inv->digest);
	rc = inv_load_doc(&l, inv);
	ydoc_free(doc);
	if (rc < 0) {
		inventory_free(inv);
		return -1;
	}
	*out = inv;
	return 0;
}

int
inventory_load_file(const char *path, struct inventory **out,
		    struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*out = NULL;
	if (strbuf_read_file(&sb, path, err) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	rc = inventory_load_buffer(path, strbuf_str(&sb), sb.len, out, err);
	strbuf_release(&sb);
	return rc;
}

static void
inv_host_free(struct inv_host *host)
{
	free(host->name);
	free(host->address);
	free(host->user);
	free(host->ssh_alias);
	free(host->nova_name);
	for (size_t i = 0; i < host->n_roles; i++)
		free(host->roles[i]);
	free(host->roles);
}

void
inventory_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	free(inv->path);
	free(inv->cloud);
	free(inv->ssh_config);
	free(inv->known_hosts);
	for (size_t i = 0; i < inv->n_hosts; i++)
		inv_host_free(&inv->hosts[i]);
	free(inv->hosts);
	for (size_t i = 0; i < inv->n_vars; i++) {
		free(inv->vars[i].name);
		free(inv->vars[i].value);
	}
	free(inv->vars);
	free(inv);
}

/* ---- Writing the YAML form ---- */

/* Words a YAML 1.1 reader takes for a boolean or a null. */
static bool
inv_is_yaml_keyword(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null",
		NULL
	};

	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

static bool
inv_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whether a YAML reader might take s for a number or a date: digits with
 * at most one dot and an optional exponent, a 0x/0o/0b prefix, or a
 * year followed by '-'.  s has passed inv_is_plain()'s character check,
 * so it has no sign and no ':'. */
static bool
inv_looks_numeric(const char *s)
{
	bool dot = false;

	if (!inv_is_digit(s[0]))
		return false;
	if (s[0] == '0' && s[1] != '\0' && strchr("xXoObB", s[1]) != NULL)
		return true;
	if (strspn(s, INV_DIGIT) == 4 && s[4] == '-')
		return true;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '.' && !dot)
			dot = true;
		else if (*p == 'e' || *p == 'E')
			return true;
		else if (!inv_is_digit(*p) && *p != '_')
			return false;
	}
	return true;
}

/* Whether s reads back as the same string without quotes, in any YAML
 * reader: a conservative set of characters, and no word that a reader
 * would turn into something other than a string. */
static bool
inv_is_plain(const char *s)
{
	return s[0] != '\0' && strchr(INV_ALNUM "_/", s[0]) != NULL &&
	       strspn(s, INV_ALNUM "._/-") == strlen(s) &&
	       !inv_is_yaml_keyword(s) && !inv_looks_numeric(s);
}

/* The length of the UTF-8 sequence at p and its code point, or 0 if it
 * is not one. */
static size_t
inv_utf8_decode(const unsigned char *p, uint32_t *cp)
{
	size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 0;
	uint32_t value;

	if (n == 0 || *p >= 0xf8)
		return 0;
	value = *p & (0x7fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (p[i] & 0x3fu);
	}
	*cp = value;
	return n;
}

/* Code points YAML does not allow raw in a double-quoted scalar, or
 * reads as a line break there. */
static bool
inv_unicode_needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff ||
	       cp == 0xfffe || cp == 0xffff;
}

static void
inv_write_ascii(unsigned char c, FILE *out)
{
	switch (c) {
	case '"':
		fputs("\\\"", out);
		break;
	case '\\':
		fputs("\\\\", out);
		break;
	case '\n':
		fputs("\\n", out);
		break;
	case '\t':
		fputs("\\t", out);
		break;
	case '\r':
		fputs("\\r", out);
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

/* Write the character at p for a double-quoted scalar; return the next. */
static const unsigned char *
inv_write_char(const unsigned char *p, FILE *out)
{
	uint32_t cp;
	size_t n;

	if (*p < 0x80) {
		inv_write_ascii(*p, out);
		return p + 1;
	}
	n = inv_utf8_decode(p, &cp);
	if (n == 0) {
		/* Not UTF-8, so it came from no YAML file: show the byte. */
		fprintf(out, "\\x%02x", *p);
		return p + 1;
	}
	if (inv_unicode_needs_escape(cp))
		fprintf(out, "\\u%04x", (unsigned)cp);
	else
		fwrite(p, 1, n, out);
	return p + n;
}

static void
inv_write_scalar(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;

	if (inv_is_plain(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	while (*p != '\0')
		p = inv_write_char(p, out);
	fputc('"', out);
}

static void
inv_write_pair(const char *indent, const char *key, const char *value,
	       FILE *out)
{
	if (value == NULL)
		return;
	fprintf(out, "%s%s: ", indent, key);
	inv_write_scalar(value, out);
	fputc('\n', out);
}

/* A file name in a comment: anything but printable ASCII would end the
 * comment or make the file unreadable as YAML. */
static void
inv_write_comment_text(const char *s, FILE *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		fputc(*p >= 0x20 && *p < 0x7f ? *p : '?', out);
}

/* Line numbers are 0 only for hosts derived from an answers file. */
static bool
inv_is_derived(const struct inventory *inv)
{
	return inv->n_hosts > 0 && inv->hosts[0].line == 0;
}

static void
inv_write_header(const struct inventory *inv, FILE *out)
{
	fputs("# openstack-upgrade inventory, ", out);
	if (inv_is_derived(inv)) {
		fputs("derived from packstack answers file ", out);
		inv_write_comment_text(inv->path, out);
		fputs(";\n# check the roles before use.\n", out);
	} else {
		fputs("written from ", out);
		inv_write_comment_text(inv->path, out);
		fputs(".\n", out);
	}
}

static void
inv_write_ssh(const struct inventory *inv, FILE *out)
{
	if (inv->ssh_config == NULL && inv->known_hosts == NULL)
		return;
	fputs("ssh:\n", out);
	inv_write_pair("  ", "config", inv->ssh_config, out);
	inv_write_pair("  ", "known-hosts", inv->known_hosts, out);
}

static void
inv_write_vars(const struct inventory *inv, FILE *out)
{
	if (inv->n_vars == 0)
		return;
	fputs("vars:\n", out);
	for (size_t i = 0; i < inv->n_vars; i++) {
		fputs("  ", out);
		inv_write_scalar(inv->vars[i].name, out);
		fputs(": ", out);
		inv_write_scalar(inv->vars[i].value, out);
		fputc('\n', out);
	}
}

/* Wrapped as a person would, to keep the lines short. */
static void
inv_write_roles(const struct inv_host *host, FILE *out)
{
	static const char indent[] = "    roles: [";
	size_t column = strlen(indent);

	fputs(indent, out);
	for (size_t i = 0; i < host->n_roles; i++) {
		size_t width = strlen(host->roles[i]) + 2;

		if (i > 0 && column + width > 76) {
			fprintf(out, ",\n%*s", (int)strlen(indent), "");
			column = strlen(indent);
		} else if (i > 0) {
			fputs(", ", out);
		}
		inv_write_scalar(host->roles[i], out);
		column += width;
	}
	fputs("]\n", out);
}

/* Every key is written out, so the result does not depend on defaults. */
static void
inv_write_host(const struct inv_host *host, FILE *out)
{
	fputs("  - name: ", out);
	inv_write_scalar(host->name, out);
	fputc('\n', out);
	inv_write_pair("    ", "address", host->address, out);
	inv_write_roles(host, out);
	inv_write_pair("    ", "user", host->user, out);
	fprintf(out, "    port: %u\n", host->port);
	inv_write_pair("    ", "ssh-alias", host->ssh_alias, out);
	inv_write_pair("    ", "nova-name", host->nova_name, out);
	fprintf(out, "    become: %s\n",
		host->become == INV_BECOME_SUDO ? "sudo" : "root");
}

void
inventory_write_yaml(const struct inventory *inv, FILE *out)
{
	inv_write_header(inv, out);
	inv_write_pair("", "cloud", inv->cloud, out);
	inv_write_ssh(inv, out);
	inv_write_vars(inv, out);
	fputs("hosts:\n", out);
	for (size_t i = 0; i < inv->n_hosts; i++)
		inv_write_host(&inv->hosts[i], out);
}

/* ---- Accessors ---- */

bool
inv_host_has_role(const struct inv_host *host, const char *role)
{
	for (size_t i = 0; i < host->n_roles; i++)
		if (strcmp(host->roles[i], role) == 0)
			return true;
	return false;
}

const struct inv_host *
inventory_find_host(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->n_hosts; i++)
		if (strcmp(inv->hosts[i].name, name) == 0)
			return &inv->hosts[i];
	return NULL;
}

const char *
inventory_var(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->n_vars; i++)
		if (strcmp(inv->vars[i].name, name) == 0)
			return inv->vars[i].value;
	return NULL;
}

const char *
inv_host_nova_name(const struct inv_host *host)
{
	return host->nova_name != NULL ? host->nova_name : host->name;
}
