/* inventory: the hosts of a cloud and their roles.
 *
 * Two sources: a YAML inventory (see man/openstack-upgrade.1, INVENTORY)
 * and a packstack answers file, Icehouse-era (per-service CONFIG_*_HOST
 * keys) or Juno-era (CONFIG_CONTROLLER_HOST, CONFIG_COMPUTE_HOSTS,
 * CONFIG_NETWORK_HOSTS), honouring CONFIG_*_INSTALL=n.  Both give the same
 * struct inventory; inventory_write_yaml() prints it back as YAML for the
 * operator to check and keep.
 *
 * This module knows nothing of runbooks: it does not judge whether a role
 * is one a runbook knows (the plan does).  Role names are checked for
 * shape only ([a-z0-9-]+).
 *
 * Ownership: struct inventory owns all its hosts, strings and arrays;
 * inventory_free() releases them. */
#ifndef OU_INVENTORY_H
#define OU_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ou_error.h"

enum inv_become {
	INV_BECOME_ROOT,	/* log in as root */
	INV_BECOME_SUDO,	/* log in as user, run through sudo -n */
};

struct inv_host {
	char *name;		/* unique; the ssh alias unless ssh_alias set */
	char *address;		/* IP or DNS name */
	char *user;
	unsigned port;
	char *ssh_alias;	/* Host in ssh_config, or NULL */
	char *nova_name;	/* the host's name in Nova, or NULL (= name) */
	enum inv_become become;
	char **roles;
	size_t n_roles;
	unsigned line;		/* where it was defined (0 if derived) */
};

struct inv_var {
	char *name;
	char *value;
	unsigned line;
};

struct inventory {
	char *path;		/* the file it came from */
	char *cloud;		/* a name for the cloud: the journal's key */
	char *ssh_config;	/* NULL: ~/.ssh/config */
	char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	char digest[65];	/* SHA-256 of the source bytes, hex */
	struct inv_host *hosts;	/* in file order */
	size_t n_hosts;
	struct inv_var *vars;	/* overrides of runbook vars */
	size_t n_vars;
};

int inventory_load_file(const char *path, struct inventory **out,
			struct ou_error *err);
int inventory_load_buffer(const char *name, const char *buf, size_t len,
			  struct inventory **out, struct ou_error *err);
/* A packstack answers file; the cloud is named after the file. */
int inventory_load_answers(const char *path, struct inventory **out,
			   struct ou_error *err);
int inventory_load_answers_buffer(const char *name, const char *buf,
				  size_t len, struct inventory **out,
				  struct ou_error *err);
void inventory_free(struct inventory *inv);

/* The YAML form, loadable by inventory_load_file(). */
void inventory_write_yaml(const struct inventory *inv, FILE *out);

bool inv_host_has_role(const struct inv_host *host, const char *role);
const struct inv_host *inventory_find_host(const struct inventory *inv,
					   const char *name);
const char *inventory_var(const struct inventory *inv, const char *name);
/* The name Nova knows the host by. */
const char *inv_host_nova_name(const struct inv_host *host);

#endif
