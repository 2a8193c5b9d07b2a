/* creds: the OpenStack credentials an operator already has, read from
 * one of the three places RDO operators keep them:
 *
 * - OS_* environment variables, Keystone v2.0 style (OS_TENANT_NAME,
 *   OS_AUTH_URL=.../v2.0 as packstack's Juno keystonerc_admin sets them)
 *   or v3 style (OS_USER_DOMAIN_NAME, OS_PROJECT_NAME, ...);
 * - a keystonerc file, READ as `export NAME=value` lines and never run:
 *   a line that would need a shell (command substitution, $VAR, ...) is
 *   an error naming file:line:column;
 * - clouds.yaml (and secure.yaml beside it), chosen by OS_CLOUD or by an
 *   explicit cloud name, searched where openstacksdk searches.
 *
 * The environment is handed in (struct creds_source), never read from
 * the process, so the same code serves the program and hermetic tests.
 *
 * The password lives only in memory, in struct creds; creds_free()
 * wipes it.  No message of this module ever contains a value read from
 * OS_PASSWORD or a `password` key. */
#ifndef OU_CREDS_H
#define OU_CREDS_H

#include <stdbool.h>

#include "ou_error.h"

/* Where to look.  Every field may be NULL. */
struct creds_source {
	char *const *envp;	/* "NAME=value" strings, NULL-terminated */
	const char *cwd;	/* for ./clouds.yaml; NULL = "." */
	const char *system_dir;	/* NULL = "/etc/openstack" */
};

/* Public on purpose: a plain record that keystone reads and that the UI
 * shows (where they came from, which project, whether TLS is checked).
 * Every string is owned by the struct; NULL = not given. */
struct creds {
	char *origin;		/* "environment", "keystonerc FILE", "clouds.yaml FILE cloud NAME" */
	int identity_version;	/* 2 or 3 */
	char *auth_url;
	char *username;
	char *user_id;
	char *password;		/* NULL: ask the operator, then creds_set_password() */
	char *project_name;	/* OS_TENANT_NAME in v2.0 terms */
	char *project_id;	/* OS_TENANT_ID */
	char *user_domain_name;
	char *user_domain_id;
	char *project_domain_name;
	char *project_domain_id;
	char *region_name;
	char *interface;	/* "public" (default), "internal" or "admin" */
	char *cacert;		/* CA bundle for TLS */
	bool insecure;		/* TLS not verified: only when asked, show it */
	char *compute_api_version; /* OS_COMPUTE_API_VERSION, or NULL */
};

/* Decide the source and read it: a keystonerc path if given, else the
 * cloud named (or OS_CLOUD) from clouds.yaml, else the OS_* variables. */
int creds_load(const struct creds_source *src, const char *keystonerc,
	       const char *cloud, struct creds **out, struct ou_error *err);

int creds_from_env(const struct creds_source *src, struct creds **out,
		   struct ou_error *err);
int creds_from_keystonerc(const char *path, struct creds **out,
			  struct ou_error *err);
/* cloud NULL = OS_CLOUD from src. */
int creds_from_clouds_yaml(const struct creds_source *src, const char *cloud,
			   struct creds **out, struct ou_error *err);

/* Replace the password (e.g. typed at a prompt); the old one is wiped. */
void creds_set_password(struct creds *c, const char *password);
/* Wipes the password, then frees.  c may be NULL. */
void creds_free(struct creds *c);

#endif
