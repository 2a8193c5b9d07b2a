/* creds: see include/creds.h.
 *
 * All three sources are first turned into one table of OS_* variables
 * (clouds.yaml keys are mapped to the names they have in the
 * environment), and one function turns that table into a struct creds.
 * So a keystonerc, the environment and a cloud entry mean exactly the
 * same thing when they say the same thing.
 *
 * Secrets: every buffer that held a file's text or a variable's value is
 * wiped with explicit_bzero() before it is freed, and no message quotes
 * a value. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "creds.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"

/* ---- a table of variables ---- */

struct creds_var {
	char *name;
	char *value;
};

struct creds_vars {
	struct creds_var *v;
	size_t n;
};

static void
creds_wipe_str(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
}

static void
creds_free_str(char *s)
{
	creds_wipe_str(s);
	free(s);
}

static struct creds_var *
creds_vars_find(const struct creds_vars *vars, const char *name)
{
	for (size_t i = 0; i < vars->n; i++)
		if (strcmp(vars->v[i].name, name) == 0)
			return &vars->v[i];
	return NULL;
}

/* Empty counts as unset: `export OS_PROJECT_ID=` clears it in practice. */
static const char *
creds_vars_get(const struct creds_vars *vars, const char *name)
{
	const struct creds_var *var = creds_vars_find(vars, name);

	if (var == NULL || var->value[0] == '\0')
		return NULL;
	return var->value;
}

static void
creds_vars_set(struct creds_vars *vars, const char *name, const char *value)
{
	struct creds_var *var = creds_vars_find(vars, name);

	if (var == NULL) {
		vars->v = xreallocarray(vars->v, vars->n + 1, sizeof *vars->v);
		var = &vars->v[vars->n++];
		var->name = xstrdup(name);
	} else {
		creds_free_str(var->value);
	}
	var->value = xstrdup(value);
}

static void
creds_vars_unset(struct creds_vars *vars, const char *name)
{
	struct creds_var *var = creds_vars_find(vars, name);

	if (var == NULL)
		return;
	free(var->name);
	creds_free_str(var->value);
	*var = vars->v[--vars->n];
}

static void
creds_vars_release(struct creds_vars *vars)
{
	for (size_t i = 0; i < vars->n; i++) {
		free(vars->v[i].name);
		creds_free_str(vars->v[i].value);
	}
	free(vars->v);
	vars->v = NULL;
	vars->n = 0;
}

/* The value of NAME in a "NAME=value" array, or NULL. */
static const char *
creds_envp_get(char *const *envp, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; envp != NULL && envp[i] != NULL; i++)
		if (strncmp(envp[i], name, len) == 0 && envp[i][len] == '=')
			return envp[i] + len + 1;
	return NULL;
}

/* ---- from variables to struct creds ---- */

static char *
creds_dup(const struct creds_vars *vars, const char *name)
{
	const char *value = creds_vars_get(vars, name);

	return value != NULL ? xstrdup(value) : NULL;
}

static char *
creds_dup2(const struct creds_vars *vars, const char *name,
	   const char *fallback)
{
	char *value = creds_dup(vars, name);

	return value != NULL ? value : creds_dup(vars, fallback);
}

static int
creds_parse_bool(const char *origin, const char *name, const char *value,
		 bool *out, struct ou_error *err)
{
	static const char *const yes[] = { "1", "true", "yes", "on", NULL };
	static const char *const no[] = { "0", "false", "no", "off", NULL };

	*out = false;
	if (value == NULL)
		return 0;
	for (size_t i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0)
			return 0;
	}
	return ou_error_set(err, "%s: %s is '%s', expected true or false",
			    origin, name, value);
}

/* "2", "2.0" or "3"; without it, the auth URL's version, else 3. */
static int
creds_identity_version(struct creds *c, const char *explicit,
		       struct ou_error *err)
{
	size_t len;

	if (explicit != NULL) {
		if (strcmp(explicit, "2") == 0 || strcmp(explicit, "2.0") == 0)
			c->identity_version = 2;
		else if (strcmp(explicit, "3") == 0)
			c->identity_version = 3;
		else
			return ou_error_set(err, "%s: OS_IDENTITY_API_VERSION is "
					    "'%s', expected 2, 2.0 or 3",
					    c->origin, explicit);
		return 0;
	}
	len = strlen(c->auth_url);
	while (len > 0 && c->auth_url[len - 1] == '/')
		len--;
	c->identity_version = 3;
	if (len >= 5 && strncmp(c->auth_url + len - 5, "/v2.0", 5) == 0)
		c->identity_version = 2;
	return 0;
}

/* Juno-era files say OS_ENDPOINT_TYPE=publicURL; newer ones "public". */
static int
creds_interface(struct creds *c, const char *value, struct ou_error *err)
{
	static const char *const known[] = { "public", "internal", "admin" };

	if (value == NULL) {
		c->interface = xstrdup("public");
		return 0;
	}
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t len = strlen(known[i]);

		if (strncmp(value, known[i], len) == 0 &&
		    (value[len] == '\0' || strcmp(value + len, "URL") == 0)) {
			c->interface = xstrdup(known[i]);
			return 0;
		}
	}
	return ou_error_set(err, "%s: interface '%s' is not one of public, "
			    "internal, admin", c->origin, value);
}

static int
creds_check_required(const struct creds *c, struct ou_error *err)
{
	if (c->auth_url == NULL)
		return ou_error_set(err, "%s: no auth URL (OS_AUTH_URL)",
				    c->origin);
	if (c->username == NULL && c->user_id == NULL)
		return ou_error_set(err, "%s: no user (OS_USERNAME or "
				    "OS_USER_ID)", c->origin);
	if (c->project_name == NULL && c->project_id == NULL)
		return ou_error_set(err, "%s: no project (OS_PROJECT_NAME, "
				    "OS_TENANT_NAME, OS_PROJECT_ID or "
				    "OS_TENANT_ID): the compute API needs a "
				    "project-scoped token", c->origin);
	return 0;
}

static void
creds_copy_fields(struct creds *c, const struct creds_vars *vars)
{
	c->auth_url = creds_dup(vars, "OS_AUTH_URL");
	c->username = creds_dup(vars, "OS_USERNAME");
	c->user_id = creds_dup(vars, "OS_USER_ID");
	c->password = creds_dup(vars, "OS_PASSWORD");
	c->project_name = creds_dup2(vars, "OS_PROJECT_NAME", "OS_TENANT_NAME");
	c->project_id = creds_dup2(vars, "OS_PROJECT_ID", "OS_TENANT_ID");
	c->user_domain_name = creds_dup(vars, "OS_USER_DOMAIN_NAME");
	c->user_domain_id = creds_dup(vars, "OS_USER_DOMAIN_ID");
	c->project_domain_name = creds_dup(vars, "OS_PROJECT_DOMAIN_NAME");
	c->project_domain_id = creds_dup(vars, "OS_PROJECT_DOMAIN_ID");
	c->region_name = creds_dup(vars, "OS_REGION_NAME");
	c->cacert = creds_dup(vars, "OS_CACERT");
	c->compute_api_version = creds_dup(vars, "OS_COMPUTE_API_VERSION");
}

static int
creds_from_vars(const struct creds_vars *vars, const char *origin,
		struct creds **out, struct ou_error *err)
{
	struct creds *c = xcalloc(1, sizeof *c);
	const char *interface = creds_vars_get(vars, "OS_INTERFACE");

	*out = NULL;
	c->origin = xstrdup(origin);
	creds_copy_fields(c, vars);
	if (interface == NULL)
		interface = creds_vars_get(vars, "OS_ENDPOINT_TYPE");
	if (creds_check_required(c, err) < 0 ||
	    creds_identity_version(c, creds_vars_get(vars,
				   "OS_IDENTITY_API_VERSION"), err) < 0 ||
	    creds_interface(c, interface, err) < 0 ||
	    creds_parse_bool(origin, "OS_INSECURE",
			     creds_vars_get(vars, "OS_INSECURE"),
			     &c->insecure, err) < 0) {
		creds_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
creds_set_password(struct creds *c, const char *password)
{
	creds_free_str(c->password);
	c->password = password != NULL ? xstrdup(password) : NULL;
}

void
creds_free(struct creds *c)
{
	if (c == NULL)
		return;
	creds_free_str(c->password);
	free(c->origin);
	free(c->auth_url);
	free(c->username);
	free(c->user_id);
	free(c->project_name);
	free(c->project_id);
	free(c->user_domain_name);
	free(c->user_domain_id);
	free(c->project_domain_name);
	free(c->project_domain_id);
	free(c->region_name);
	free(c->interface);
	free(c->cacert);
	free(c->compute_api_version);
	free(c);
}

/* ---- the environment ---- */

int
creds_from_env(const struct creds_source *src, struct creds **out,
	       struct ou_error *err)
{
	struct creds_vars vars = { .v = NULL, .n = 0 };
	char *const *envp = src != NULL ? src->envp : NULL;
	int rc;

	for (size_t i = 0; envp != NULL && envp[i] != NULL; i++) {
		const char *eq = strchr(envp[i], '=');
		char *name;

		if (strncmp(envp[i], "OS_", 3) != 0 || eq == NULL)
			continue;
		name = xstrndup(envp[i], (size_t)(eq - envp[i]));
		creds_vars_set(&vars, name, eq + 1);
		free(name);
	}
	rc = creds_from_vars(&vars, "environment", out, err);
	creds_vars_release(&vars);
	return rc;
}

/* ---- files ---- */

static void
creds_free_buf(char *buf, size_t len)
{
	if (buf != NULL)
		explicit_bzero(buf, len);
	free(buf);
}

/* The whole file, read into one allocation (no realloc copies of a
 * secret); the caller wipes and frees it. */
static char *
creds_read_file(const char *path, size_t *len, struct ou_error *err)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *buf;

	if (f == NULL || fstat(fileno(f), &st) < 0) {
		ou_error_set(err, "%s: %s", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	/* Unbuffered: stdio's own buffer would keep a copy of the text,
	 * freed unwiped by fclose(). */
	setvbuf(f, NULL, _IONBF, 0);
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, f);
	buf[*len] = '\0';
	if (ferror(f)) {
		ou_error_set(err, "%s: %s", path, strerror(errno));
		fclose(f);
		creds_free_buf(buf, *len);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* ---- keystonerc: shell words, read and never run ---- */

/* A value being unquoted.  Sized once for the rest of the line (a value
 * is never longer), so no realloc leaves a copy of a secret behind. */
struct rc_buf {
	char *s;
	size_t len;
};

struct rc_lexer {
	const char *path;
	unsigned line;
	const char *start;	/* the line's first character */
	const char *p;
	const char *var;	/* the variable being assigned, for messages */
	bool strict;		/* an OS_* value: expansions are errors */
	struct ou_error *err;
};

static bool
rc_at_end(const char *p)
{
	return *p == '\0' || *p == '\n';
}

static int
rc_error(const struct rc_lexer *lx, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
rc_error(const struct rc_lexer *lx, const char *at, const char *fmt, ...)
{
	char what[OU_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return ou_error_set(lx->err, "%s:%u:%u: %s", lx->path, lx->line,
			    (unsigned)(at - lx->start) + 1, what);
}

/* A `$` or backquote that a shell would expand: the file is never run,
 * so its result cannot be known. */
static int
rc_expansion(const struct rc_lexer *lx, const char *at)
{
	const char *what = "variable expansion $...";

	if (*at == '`' || at[1] == '(')
		what = at[1] == '(' && at[2] == '(' ? "arithmetic $((...))"
			: *at == '`' ? "command substitution `...`"
				     : "command substitution $(...)";
	return rc_error(lx, at, "%s in the value of %s is not run (the file "
			"is read, never executed): write the value itself",
			what, lx->var);
}

static bool
rc_expands(const char *p)
{
	if (*p == '`')
		return true;
	return *p == '$' && (isalnum((unsigned char)p[1]) || p[1] == '_' ||
			     strchr("{(@*#?$!-", p[1]) != NULL) && p[1] != '\0';
}

static void
rc_put(struct rc_buf *word, char c)
{
	word->s[word->len++] = c;
	word->s[word->len] = '\0';
}

static int
rc_single_quoted(struct rc_lexer *lx, struct rc_buf *word)
{
	const char *open = lx->p++;

	while (!rc_at_end(lx->p) && *lx->p != '\'')
		rc_put(word, *lx->p++);
	if (*lx->p != '\'')
		return rc_error(lx, open, "single quote not closed on this "
				"line (values over several lines are not "
				"understood)");
	lx->p++;
	return 0;
}

static int
rc_double_quoted(struct rc_lexer *lx, struct rc_buf *word)
{
	const char *open = lx->p++;

	while (!rc_at_end(lx->p) && *lx->p != '"') {
		if (*lx->p == '\\' && strchr("$`\"\\", lx->p[1]) != NULL &&
		    lx->p[1] != '\0') {
			rc_put(word, lx->p[1]);
			lx->p += 2;
			continue;
		}
		if (lx->strict && rc_expands(lx->p))
			return rc_expansion(lx, lx->p);
		rc_put(word, *lx->p++);
	}
	if (*lx->p != '"')
		return rc_error(lx, open, "double quote not closed on this "
				"line (values over several lines are not "
				"understood)");
	lx->p++;
	return 0;
}

static int
rc_unquoted_char(struct rc_lexer *lx, struct rc_buf *word)
{
	const char *p = lx->p;

	if (*p == '\\') {
		if (rc_at_end(p + 1))
			return rc_error(lx, p, "a line continuation (\\ at "
					"the end of the line) is not "
					"understood");
		rc_put(word, p[1]);
		lx->p += 2;
		return 0;
	}
	if (strchr(";&|<>()", *p) != NULL)
		return rc_error(lx, p, "shell operator '%c' is not understood: "
				"write one assignment per line", *p);
	if (lx->strict && rc_expands(p))
		return rc_expansion(lx, p);
	rc_put(word, *p);
	lx->p++;
	return 0;
}

/* One shell word from lx->p, quotes removed. */
static int
rc_word(struct rc_lexer *lx, struct rc_buf *word)
{
	int rc = 0;

	while (rc == 0 && !rc_at_end(lx->p) && *lx->p != ' ' &&
	       *lx->p != '\t') {
		if (*lx->p == '\'')
			rc = rc_single_quoted(lx, word);
		else if (*lx->p == '"')
			rc = rc_double_quoted(lx, word);
		else
			rc = rc_unquoted_char(lx, word);
	}
	return rc;
}

/* Blanks, then true if a word (not a comment, not the end) follows. */
static bool
rc_next_word(struct rc_lexer *lx)
{
	while (*lx->p == ' ' || *lx->p == '\t')
		lx->p++;
	return !rc_at_end(lx->p) && *lx->p != '#';
}

static size_t
rc_name_len(const char *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

static bool
rc_word_is(const char *p, const char *word)
{
	size_t len = strlen(word);

	return strncmp(p, word, len) == 0 &&
	       (p[len] == ' ' || p[len] == '\t' || rc_at_end(p + len));
}

static int
rc_not_understood(struct rc_lexer *lx)
{
	return rc_error(lx, lx->p, "cannot read this line: only `export "
			"NAME=value`, `NAME=value` and `unset NAME` are "
			"understood (the file is read, never executed)");
}

/* NAME=value, or with export a bare NAME (which changes nothing here). */
static int
rc_assignment(struct rc_lexer *lx, bool exported, struct creds_vars *vars)
{
	size_t len = rc_name_len(lx->p);
	struct rc_buf value;
	char *name;
	int rc;

	if (len > 0 && exported && (lx->p[len] == ' ' || lx->p[len] == '\t' ||
				    rc_at_end(lx->p + len))) {
		lx->p += len;
		return 0;
	}
	if (len == 0 || lx->p[len] != '=')
		return rc_not_understood(lx);
	name = xstrndup(lx->p, len);
	lx->p += len + 1;
	lx->var = name;
	/* Only OS_* values matter; PS1 and friends may hold anything. */
	lx->strict = strncmp(name, "OS_", 3) == 0;
	value.len = 0;
	value.s = xcalloc(strcspn(lx->p, "\n") + 1, 1);
	rc = rc_word(lx, &value);
	if (rc == 0 && lx->strict)
		creds_vars_set(vars, name, value.s);
	creds_free_str(value.s);
	free(name);
	return rc;
}

static int
rc_unset(struct rc_lexer *lx, struct creds_vars *vars)
{
	while (rc_next_word(lx)) {
		size_t len = rc_name_len(lx->p);
		char *name;

		if (len == 0 || !(lx->p[len] == ' ' || lx->p[len] == '\t' ||
				  rc_at_end(lx->p + len)))
			return rc_not_understood(lx);
		name = xstrndup(lx->p, len);
		creds_vars_unset(vars, name);
		free(name);
		lx->p += len;
	}
	return 0;
}

static int
rc_line(struct rc_lexer *lx, struct creds_vars *vars)
{
	bool exported = false;

	if (!rc_next_word(lx))
		return 0;
	if (rc_word_is(lx->p, "unset")) {
		lx->p += strlen("unset");
		return rc_unset(lx, vars);
	}
	if (rc_word_is(lx->p, "export")) {
		lx->p += strlen("export");
		exported = true;
	}
	while (rc_next_word(lx))
		if (rc_assignment(lx, exported, vars) < 0)
			return -1;
	return 0;
}

static int
rc_parse(const char *path, const char *text, struct creds_vars *vars,
	 struct ou_error *err)
{
	struct rc_lexer lx = { .path = path, .line = 0, .err = err };
	const char *line = text;

	while (*line != '\0') {
		const char *nl = strchr(line, '\n');

		lx.line++;
		lx.start = lx.p = line;
		if (rc_line(&lx, vars) < 0)
			return -1;
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return 0;
}

int
creds_from_keystonerc(const char *path, struct creds **out,
		      struct ou_error *err)
{
	struct creds_vars vars = { .v = NULL, .n = 0 };
	size_t len = 0;
	char *text = creds_read_file(path, &len, err);
	char *origin;
	int rc;

	*out = NULL;
	if (text == NULL)
		return -1;
	if (strlen(text) != len) {
		creds_free_buf(text, len);
		return ou_error_set(err, "%s: a NUL byte: not a keystonerc "
				    "text file", path);
	}
	rc = rc_parse(path, text, &vars, err);
	creds_free_buf(text, len);
	if (rc == 0) {
		origin = xasprintf("keystonerc %s", path);
		rc = creds_from_vars(&vars, origin, out, err);
		free(origin);
	}
	creds_vars_release(&vars);
	return rc;
}

/* ---- clouds.yaml ---- */

struct cy_file {
	char *path;
	char *text;
	size_t len;
	struct ydoc *doc;
};

/* A clouds.yaml key and the variable it stands for. */
struct cy_key {
	const char *key;
	const char *var;
};

static const struct cy_key cy_auth_keys[] = {
	{ .key = "auth_url", .var = "OS_AUTH_URL" },
	{ .key = "username", .var = "OS_USERNAME" },
	{ .key = "user_id", .var = "OS_USER_ID" },
	{ .key = "password", .var = "OS_PASSWORD" },
	{ .key = "project_name", .var = "OS_PROJECT_NAME" },
	{ .key = "project_id", .var = "OS_PROJECT_ID" },
	{ .key = "tenant_name", .var = "OS_TENANT_NAME" },
	{ .key = "tenant_id", .var = "OS_TENANT_ID" },
	{ .key = "user_domain_name", .var = "OS_USER_DOMAIN_NAME" },
	{ .key = "user_domain_id", .var = "OS_USER_DOMAIN_ID" },
	{ .key = "project_domain_name", .var = "OS_PROJECT_DOMAIN_NAME" },
	{ .key = "project_domain_id", .var = "OS_PROJECT_DOMAIN_ID" },
};

static const struct cy_key cy_cloud_keys[] = {
	{ .key = "region_name", .var = "OS_REGION_NAME" },
	{ .key = "interface", .var = "OS_INTERFACE" },
	{ .key = "identity_api_version", .var = "OS_IDENTITY_API_VERSION" },
	{ .key = "cacert", .var = "OS_CACERT" },
	{ .key = "compute_api_version", .var = "OS_COMPUTE_API_VERSION" },
};

static void
cy_wipe_node(struct ynode *node)
{
	if (node == NULL)
		return;
	creds_wipe_str(node->scalar);
	for (size_t i = 0; i < node->n_items; i++)
		cy_wipe_node(node->items[i]);
	for (size_t i = 0; i < node->n_pairs; i++)
		cy_wipe_node(node->pairs[i].value);
}

static void
cy_file_release(struct cy_file *f)
{
	if (f->doc != NULL)
		cy_wipe_node(f->doc->root);
	ydoc_free(f->doc);
	creds_free_buf(f->text, f->len);
	free(f->path);
	memset(f, 0, sizeof *f);
}

static bool
cy_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* openstacksdk's order: ./, $XDG_CONFIG_HOME/openstack (default
 * ~/.config/openstack), /etc/openstack; .yaml before .yml. */
static char *
cy_find(const struct creds_source *src, const char *base,
	struct strbuf *searched)
{
	const char *home = creds_envp_get(src->envp, "HOME");
	const char *xdg = creds_envp_get(src->envp, "XDG_CONFIG_HOME");
	char *dirs[3];
	char *found = NULL;

	dirs[0] = xstrdup(src->cwd != NULL ? src->cwd : ".");
	dirs[1] = xdg != NULL && xdg[0] != '\0'
		? xasprintf("%s/openstack", xdg)
		: home != NULL ? xasprintf("%s/.config/openstack", home) : NULL;
	dirs[2] = xstrdup(src->system_dir != NULL ? src->system_dir
						  : "/etc/openstack");
	for (size_t i = 0; i < 3; i++) {
		static const char *const exts[] = { "yaml", "yml" };

		for (size_t j = 0; dirs[i] != NULL && found == NULL && j < 2;
		     j++) {
			char *path = xasprintf("%s/%s.%s", dirs[i], base,
					       exts[j]);

			strbuf_addf(searched, "%s%s", searched->len ? ", " : "",
				    path);
			if (cy_exists(path))
				found = path;
			else
				free(path);
		}
		free(dirs[i]);
	}
	return found;
}

static int
cy_load(const char *path, struct cy_file *f, struct ou_error *err)
{
	f->path = xstrdup(path);
	f->text = creds_read_file(path, &f->len, err);
	if (f->text == NULL)
		return -1;
	f->doc = ydoc_parse(path, f->text, f->len, err);
	return f->doc != NULL ? 0 : -1;
}

/* clouds: → NAME: of a loaded file, or NULL (absent) with rc 0. */
static int
cy_cloud_node(const struct cy_file *f, const char *cloud,
	      const struct ynode **out, struct ou_error *err)
{
	const struct ynode *root = f->doc->root;
	const struct ynode *clouds;

	*out = NULL;
	if (root == NULL)
		return 0;
	if (ydoc_expect_kind(f->doc, root, YNODE_MAP, "the file", err) < 0)
		return -1;
	clouds = ynode_get(root, "clouds");
	if (clouds == NULL)
		return 0;
	if (ydoc_expect_kind(f->doc, clouds, YNODE_MAP, "clouds", err) < 0)
		return -1;
	*out = ynode_get(clouds, cloud);
	if (*out != NULL &&
	    ydoc_expect_kind(f->doc, *out, YNODE_MAP, cloud, err) < 0)
		return -1;
	return 0;
}

static int
cy_unknown_cloud(const struct cy_file *f, const char *cloud,
		 struct ou_error *err)
{
	const struct ynode *clouds = f->doc->root != NULL
		? ynode_get(f->doc->root, "clouds") : NULL;
	struct strbuf names = STRBUF_INIT;

	for (size_t i = 0; clouds != NULL && i < clouds->n_pairs; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "",
			    clouds->pairs[i].key->scalar);
	ou_error_set(err, "%s: no cloud named '%s' (clouds: %s)", f->path,
		     cloud, names.len ? strbuf_str(&names) : "none");
	strbuf_release(&names);
	return -1;
}

static int
cy_scalar_var(const struct cy_file *f, const struct ynode *map,
	      const struct cy_key *k, struct creds_vars *vars,
	      struct ou_error *err)
{
	const struct ynode *node = map != NULL ? ynode_get(map, k->key) : NULL;

	if (node == NULL)
		return 0;
	if (ydoc_expect_kind(f->doc, node, YNODE_SCALAR, k->key, err) < 0)
		return -1;
	creds_vars_set(vars, k->var, node->scalar);
	return 0;
}

static int
cy_verify(const struct cy_file *f, const struct ynode *cloud,
	  struct creds_vars *vars, struct ou_error *err)
{
	const struct ynode *verify = ynode_get(cloud, "verify");
	const struct ynode *insecure = ynode_get(cloud, "insecure");
	bool value;

	if (verify != NULL) {
		if (ydoc_scalar_bool(f->doc, verify, &value, err) < 0)
			return -1;
		creds_vars_set(vars, "OS_INSECURE", value ? "false" : "true");
	}
	if (insecure != NULL) {
		if (ydoc_scalar_bool(f->doc, insecure, &value, err) < 0)
			return -1;
		creds_vars_set(vars, "OS_INSECURE", value ? "true" : "false");
	}
	return 0;
}

static int
cy_auth_type(const struct cy_file *f, const struct ynode *cloud,
	     struct ou_error *err)
{
	const struct ynode *type = ynode_get(cloud, "auth_type");

	if (type == NULL)
		return 0;
	if (ydoc_expect_kind(f->doc, type, YNODE_SCALAR, "auth_type", err) < 0)
		return -1;
	if (strcmp(type->scalar, "password") == 0 ||
	    strcmp(type->scalar, "v2password") == 0 ||
	    strcmp(type->scalar, "v3password") == 0)
		return 0;
	return ydoc_error(f->doc, type, err, "auth_type '%s' is not "
			  "supported: only password authentication is",
			  type->scalar);
}

/* One layer (clouds.yaml, then secure.yaml over it) into vars. */
static int
cy_layer(const struct cy_file *f, const struct ynode *cloud,
	 struct creds_vars *vars, struct ou_error *err)
{
	const struct ynode *auth = ynode_get(cloud, "auth");

	if (auth != NULL &&
	    ydoc_expect_kind(f->doc, auth, YNODE_MAP, "auth", err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof cy_auth_keys / sizeof cy_auth_keys[0];
	     i++)
		if (cy_scalar_var(f, auth, &cy_auth_keys[i], vars, err) < 0)
			return -1;
	for (size_t i = 0;
	     i < sizeof cy_cloud_keys / sizeof cy_cloud_keys[0]; i++)
		if (cy_scalar_var(f, cloud, &cy_cloud_keys[i], vars, err) < 0)
			return -1;
	if (cy_auth_type(f, cloud, err) < 0)
		return -1;
	return cy_verify(f, cloud, vars, err);
}

static int
cy_open(const struct creds_source *src, const char *base, const char *env,
	struct cy_file *f, struct strbuf *searched, struct ou_error *err)
{
	const char *explicit = creds_envp_get(src->envp, env);
	char *path;
	int rc;

	if (explicit != NULL && explicit[0] != '\0')
		return cy_load(explicit, f, err);
	path = cy_find(src, base, searched);
	if (path == NULL)
		return 0;
	rc = cy_load(path, f, err);
	free(path);
	return rc;
}

static int
cy_read(const struct creds_source *src, const char *cloud,
	struct cy_file *clouds, struct cy_file *secure,
	struct creds_vars *vars, struct ou_error *err)
{
	struct strbuf searched = STRBUF_INIT;
	const struct ynode *node = NULL, *secure_node = NULL;
	int rc;

	rc = cy_open(src, "clouds", "OS_CLIENT_CONFIG_FILE", clouds, &searched,
		     err);
	if (rc == 0 && clouds->doc == NULL)
		rc = ou_error_set(err, "no clouds.yaml found (looked for %s)",
				  strbuf_str(&searched));
	strbuf_release(&searched);
	if (rc == 0)
		rc = cy_cloud_node(clouds, cloud, &node, err);
	if (rc == 0 && node == NULL)
		rc = cy_unknown_cloud(clouds, cloud, err);
	if (rc == 0)
		rc = cy_open(src, "secure", "OS_CLIENT_SECURE_FILE", secure,
			     &searched, err);
	strbuf_release(&searched);
	if (rc == 0 && secure->doc != NULL)
		rc = cy_cloud_node(secure, cloud, &secure_node, err);
	if (rc == 0)
		rc = cy_layer(clouds, node, vars, err);
	if (rc == 0 && secure_node != NULL)
		rc = cy_layer(secure, secure_node, vars, err);
	return rc;
}

int
creds_from_clouds_yaml(const struct creds_source *src, const char *cloud,
		       struct creds **out, struct ou_error *err)
{
	static const struct creds_source empty = { .envp = NULL };
	struct cy_file clouds = { .path = NULL }, secure = { .path = NULL };
	struct creds_vars vars = { .v = NULL, .n = 0 };
	int rc;

	*out = NULL;
	if (src == NULL)
		src = &empty;
	if (cloud == NULL)
		cloud = creds_envp_get(src->envp, "OS_CLOUD");
	if (cloud == NULL || cloud[0] == '\0')
		return ou_error_set(err, "no cloud named: give one or set "
				    "OS_CLOUD");
	rc = cy_read(src, cloud, &clouds, &secure, &vars, err);
	if (rc == 0) {
		char *origin = xasprintf("clouds.yaml %s cloud %s",
					 clouds.path, cloud);

		rc = creds_from_vars(&vars, origin, out, err);
		free(origin);
	}
	creds_vars_release(&vars);
	cy_file_release(&clouds);
	cy_file_release(&secure);
	return rc;
}

/* ---- choosing ---- */

int
creds_load(const struct creds_source *src, const char *keystonerc,
	   const char *cloud, struct creds **out, struct ou_error *err)
{
	const char *os_cloud = src != NULL
		? creds_envp_get(src->envp, "OS_CLOUD") : NULL;

	if (keystonerc != NULL)
		return creds_from_keystonerc(keystonerc, out, err);
	if (cloud != NULL || (os_cloud != NULL && os_cloud[0] != '\0'))
		return creds_from_clouds_yaml(src, cloud, out, err);
	return creds_from_env(src, out, err);
}
