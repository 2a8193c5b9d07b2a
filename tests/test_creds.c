/* Tests for creds: the three places credentials come from, what each
 * line of them means, and that no message ever shows a password. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "creds.h"
#include "xalloc.h"

#define DATA OU_TEST_DATA "/creds/"

/* ---- helpers ---- */

static struct creds *
load_env(char *const *envp)
{
	struct creds_source src = { .envp = envp };
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	if (creds_from_env(&src, &c, &err) < 0)
		fail_msg("%s", err.msg);
	return c;
}

static const char *
env_error(char *const *envp, struct ou_error *err)
{
	struct creds_source src = { .envp = envp };
	struct creds *c = NULL;

	assert_int_equal(creds_from_env(&src, &c, err), -1);
	assert_null(c);
	return err->msg;
}

static const char *
keystonerc_error(const char *path, struct ou_error *err)
{
	struct creds *c = NULL;

	assert_int_equal(creds_from_keystonerc(path, &c, err), -1);
	assert_null(c);
	return err->msg;
}

/* A scratch tree for clouds.yaml searches: cwd/, home/, xdg/, etc/. */
struct tree {
	char root[64];
};

static void
tree_mkdir(const struct tree *t, const char *rel)
{
	char *path = xasprintf("%s/%s", t->root, rel);

	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
}

static struct tree *
tree_new(void)
{
	struct tree *t = xcalloc(1, sizeof *t);

	strcpy(t->root, "/tmp/ou-creds-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	tree_mkdir(t, "cwd");
	tree_mkdir(t, "home");
	tree_mkdir(t, "home/.config");
	tree_mkdir(t, "home/.config/openstack");
	tree_mkdir(t, "xdg");
	tree_mkdir(t, "xdg/openstack");
	tree_mkdir(t, "etc");
	return t;
}

static char *
tree_path(const struct tree *t, const char *rel)
{
	return xasprintf("%s/%s", t->root, rel);
}

static void
tree_write(const struct tree *t, const char *rel, const char *text)
{
	char *path = tree_path(t, rel);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static void
tree_free(struct tree *t)
{
	char *cmd = xasprintf("rm -rf '%s'", t->root);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(t);
}

/* A clouds.yaml holding one cloud whose auth_url names where it is. */
static char *
clouds_yaml_for(const char *cloud, const char *where)
{
	return xasprintf("clouds:\n"
			 "  %s:\n"
			 "    auth:\n"
			 "      auth_url: https://%s.example:5000/v3\n"
			 "      username: admin\n"
			 "      password: pw-%s\n"
			 "      project_name: admin\n"
			 "    region_name: RegionOne\n", cloud, where, where);
}

struct search {
	struct tree *tree;
	char *home;
	char *xdg;
	char *cwd;
	char *etc;
	char *envp[5];
	struct creds_source src;
};

/* with_xdg: set XDG_CONFIG_HOME, else only HOME (its default applies). */
static struct search *
search_new(const char *os_cloud, bool with_xdg)
{
	struct search *s = xcalloc(1, sizeof *s);
	size_t n = 0;

	s->tree = tree_new();
	s->cwd = tree_path(s->tree, "cwd");
	s->etc = tree_path(s->tree, "etc");
	s->home = xasprintf("HOME=%s/home", s->tree->root);
	s->xdg = xasprintf("XDG_CONFIG_HOME=%s/xdg", s->tree->root);
	s->envp[n++] = s->home;
	if (with_xdg)
		s->envp[n++] = s->xdg;
	if (os_cloud != NULL)
		s->envp[n++] = (char *)os_cloud;
	s->envp[n] = NULL;
	s->src = (struct creds_source){
		.envp = s->envp, .cwd = s->cwd, .system_dir = s->etc,
	};
	return s;
}

static void
search_put(struct search *s, const char *rel, const char *cloud,
	   const char *where)
{
	char *text = clouds_yaml_for(cloud, where);

	tree_write(s->tree, rel, text);
	free(text);
}

static void
search_free(struct search *s)
{
	tree_free(s->tree);
	free(s->home);
	free(s->xdg);
	free(s->cwd);
	free(s->etc);
	free(s);
}

static struct creds *
search_load(struct search *s, const char *cloud)
{
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	if (creds_from_clouds_yaml(&s->src, cloud, &c, &err) < 0)
		fail_msg("%s", err.msg);
	return c;
}

/* ---- the environment ---- */

static void
test_env_in_packstack_juno_v2_style_gives_identity_v2(void **state)
{
	char *envp[] = {
		"OS_USERNAME=admin", "OS_TENANT_NAME=admin",
		"OS_PASSWORD=s3cret", "PATH=/usr/bin",
		"OS_AUTH_URL=http://192.0.2.10:5000/v2.0/",
		"OS_REGION_NAME=RegionOne", NULL,
	};
	struct creds *c = load_env(envp);

	assert_int_equal(c->identity_version, 2);
	assert_string_equal(c->auth_url, "http://192.0.2.10:5000/v2.0/");
	assert_string_equal(c->username, "admin");
	assert_string_equal(c->password, "s3cret");
	assert_string_equal(c->project_name, "admin");
	assert_string_equal(c->region_name, "RegionOne");
	assert_string_equal(c->interface, "public");
	assert_string_equal(c->origin, "environment");
	assert_false(c->insecure);
	creds_free(c);
}

static void
test_env_in_v3_style_keeps_domains_and_project(void **state)
{
	char *envp[] = {
		"OS_AUTH_URL=http://127.0.0.1:5000/v3",
		"OS_IDENTITY_API_VERSION=3", "OS_USERNAME=admin",
		"OS_PASSWORD=admin", "OS_PROJECT_NAME=admin",
		"OS_USER_DOMAIN_NAME=Default", "OS_PROJECT_DOMAIN_NAME=Default",
		"OS_INTERFACE=internal", NULL,
	};
	struct creds *c = load_env(envp);

	assert_int_equal(c->identity_version, 3);
	assert_string_equal(c->user_domain_name, "Default");
	assert_string_equal(c->project_domain_name, "Default");
	assert_string_equal(c->project_name, "admin");
	assert_string_equal(c->interface, "internal");
	assert_null(c->user_domain_id);
	creds_free(c);
}

static void
test_identity_version_comes_from_the_auth_url_when_not_given(void **state)
{
	char *v3[] = {
		"OS_AUTH_URL=http://k:5000/v3/", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", NULL,
	};
	char *bare[] = {
		"OS_AUTH_URL=http://k:5000", "OS_USERNAME=u",
		"OS_TENANT_ID=0123", NULL,
	};
	struct creds *c = load_env(v3);

	assert_int_equal(c->identity_version, 3);
	creds_free(c);
	c = load_env(bare);
	assert_int_equal(c->identity_version, 3);
	assert_string_equal(c->project_id, "0123");
	creds_free(c);
}

static void
test_explicit_identity_version_wins_over_the_url(void **state)
{
	char *envp[] = {
		"OS_AUTH_URL=http://k:5000/v3", "OS_IDENTITY_API_VERSION=2.0",
		"OS_USERNAME=u", "OS_TENANT_NAME=p", NULL,
	};
	struct creds *c = load_env(envp);

	assert_int_equal(c->identity_version, 2);
	creds_free(c);
}

static void
test_juno_endpoint_type_internalURL_means_internal(void **state)
{
	char *envp[] = {
		"OS_AUTH_URL=http://k:5000/v2.0", "OS_USERNAME=u",
		"OS_TENANT_NAME=p", "OS_ENDPOINT_TYPE=internalURL", NULL,
	};
	struct creds *c = load_env(envp);

	assert_string_equal(c->interface, "internal");
	creds_free(c);
}

static void
test_insecure_is_off_unless_asked_for(void **state)
{
	char *plain[] = {
		"OS_AUTH_URL=https://k:5000/v3", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", "OS_CACERT=/etc/ca.pem", NULL,
	};
	char *asked[] = {
		"OS_AUTH_URL=https://k:5000/v3", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", "OS_INSECURE=true", NULL,
	};
	struct creds *c = load_env(plain);

	assert_false(c->insecure);
	assert_string_equal(c->cacert, "/etc/ca.pem");
	creds_free(c);
	c = load_env(asked);
	assert_true(c->insecure);
	creds_free(c);
}

static void
test_unreadable_insecure_value_is_an_error(void **state)
{
	char *envp[] = {
		"OS_AUTH_URL=https://k:5000/v3", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", "OS_INSECURE=maybe", NULL,
	};
	struct ou_error err;

	assert_string_equal(env_error(envp, &err),
			    "environment: OS_INSECURE is 'maybe', expected "
			    "true or false");
}

static void
test_missing_auth_url_is_an_error_naming_the_variable(void **state)
{
	char *envp[] = { "OS_USERNAME=u", "OS_PROJECT_NAME=p", NULL };
	struct ou_error err;

	assert_string_equal(env_error(envp, &err),
			    "environment: no auth URL (OS_AUTH_URL)");
}

static void
test_missing_project_is_an_error_explaining_the_scope(void **state)
{
	char *envp[] = { "OS_AUTH_URL=http://k/v3", "OS_USERNAME=u", NULL };
	struct ou_error err;

	assert_non_null(strstr(env_error(envp, &err),
			       "no project (OS_PROJECT_NAME, OS_TENANT_NAME"));
}

static void
test_process_environment_is_never_read(void **state)
{
	char *envp[] = { NULL };
	struct ou_error err;

	setenv("OS_AUTH_URL", "http://from-the-process:5000/v3", 1);
	setenv("OS_USERNAME", "u", 1);
	setenv("OS_PROJECT_NAME", "p", 1);
	assert_string_equal(env_error(envp, &err),
			    "environment: no auth URL (OS_AUTH_URL)");
	unsetenv("OS_AUTH_URL");
	unsetenv("OS_USERNAME");
	unsetenv("OS_PROJECT_NAME");
}

static void
test_set_password_replaces_a_missing_one(void **state)
{
	char *envp[] = {
		"OS_AUTH_URL=http://k/v3", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", NULL,
	};
	struct creds *c = load_env(envp);

	assert_null(c->password);
	creds_set_password(c, "typed");
	assert_string_equal(c->password, "typed");
	creds_set_password(c, "again");
	assert_string_equal(c->password, "again");
	creds_free(c);
}

/* ---- keystonerc ---- */

static void
test_keystonerc_of_packstack_juno_is_read_as_v2(void **state)
{
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	if (creds_from_keystonerc(DATA "keystonerc_admin_juno", &c, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(c->identity_version, 2);
	assert_string_equal(c->username, "admin");
	assert_string_equal(c->password, "5ecret-Juno");
	assert_string_equal(c->project_name, "admin");
	assert_string_equal(c->auth_url, "http://192.0.2.10:5000/v2.0/");
	assert_string_equal(c->origin,
			    "keystonerc " DATA "keystonerc_admin_juno");
	creds_free(c);
}

static void
test_keystonerc_quotes_comments_and_bare_export_are_understood(void **state)
{
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	if (creds_from_keystonerc(DATA "keystonerc_admin_v3", &c, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(c->identity_version, 3);
	assert_string_equal(c->username, "admin");
	/* Single quotes keep everything, $(...) included, unrun. */
	assert_string_equal(c->password, "pa ss\"word$(not run)");
	assert_string_equal(c->project_name, "admin");
	assert_string_equal(c->user_domain_name, "Default");
	assert_string_equal(c->cacert, "/etc/pki/tls/certs/ca \"bundle\".crt");
	creds_free(c);
}

static void
test_keystonerc_command_substitution_is_refused_with_file_line_column(
	void **state)
{
	struct ou_error err;

	assert_string_equal(
		keystonerc_error(DATA "keystonerc_command_substitution", &err),
		DATA "keystonerc_command_substitution:3:20: command "
		"substitution $(...) in the value of OS_PASSWORD is not run "
		"(the file is read, never executed): write the value itself");
}

static void
test_keystonerc_backquotes_and_variables_are_refused(void **state)
{
	struct tree *t = tree_new();
	char *back = tree_path(t, "back"), *var = tree_path(t, "var");
	struct ou_error err;

	tree_write(t, "back", "export OS_PASSWORD=\"`cat /root/pw`\"\n");
	tree_write(t, "var", "OS_AUTH_URL=http://k/v3\n"
		   "export OS_USERNAME=${USER}\n");
	assert_non_null(strstr(keystonerc_error(back, &err),
			       "back:1:21: command substitution `...` in the "
			       "value of OS_PASSWORD"));
	assert_non_null(strstr(keystonerc_error(var, &err),
			       "var:2:20: variable expansion $... in the value "
			       "of OS_USERNAME"));
	free(back);
	free(var);
	tree_free(t);
}

static void
test_keystonerc_shell_logic_is_refused_naming_the_line(void **state)
{
	struct ou_error err;

	assert_string_equal(
		keystonerc_error(DATA "keystonerc_if_block", &err),
		DATA "keystonerc_if_block:2:1: cannot read this line: only "
		"`export NAME=value`, `NAME=value` and `unset NAME` are "
		"understood (the file is read, never executed)");
}

static void
test_keystonerc_unclosed_quote_is_an_error_naming_where_it_opens(
	void **state)
{
	struct tree *t = tree_new();
	char *path = tree_path(t, "rc");
	struct ou_error err;

	tree_write(t, "rc", "export OS_USERNAME=admin\n"
		   "export OS_PASSWORD='abc\ndef'\n");
	assert_non_null(strstr(keystonerc_error(path, &err),
			       "rc:2:20: single quote not closed on this line"));
	free(path);
	tree_free(t);
}

static void
test_keystonerc_unset_removes_an_earlier_value(void **state)
{
	struct tree *t = tree_new();
	char *path = tree_path(t, "rc");
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	tree_write(t, "rc", "export OS_AUTH_URL=http://k/v3 OS_USERNAME=u\n"
		   "export OS_PROJECT_NAME=p OS_REGION_NAME=R1\n"
		   "unset OS_REGION_NAME\n");
	if (creds_from_keystonerc(path, &c, &err) < 0)
		fail_msg("%s", err.msg);
	assert_null(c->region_name);
	assert_string_equal(c->project_name, "p");
	creds_free(c);
	free(path);
	tree_free(t);
}

static void
test_missing_keystonerc_is_an_error_naming_the_path(void **state)
{
	struct ou_error err;

	assert_string_equal(keystonerc_error(DATA "no-such-rc", &err),
			    DATA "no-such-rc: No such file or directory");
}

/* ---- clouds.yaml ---- */

static void
test_os_cloud_picks_the_cloud_from_clouds_yaml(void **state)
{
	struct search *s = search_new("OS_CLOUD=lab", false);
	struct creds *c;

	search_put(s, "cwd/clouds.yaml", "lab", "cwd");
	c = search_load(s, NULL);
	assert_string_equal(c->auth_url, "https://cwd.example:5000/v3");
	assert_string_equal(c->password, "pw-cwd");
	assert_string_equal(c->region_name, "RegionOne");
	assert_int_equal(c->identity_version, 3);
	assert_non_null(strstr(c->origin, "cwd/clouds.yaml cloud lab"));
	creds_free(c);
	search_free(s);
}

static void
test_clouds_yaml_in_cwd_comes_before_the_user_and_system_ones(void **state)
{
	struct search *s = search_new(NULL, true);
	struct creds *c;

	search_put(s, "cwd/clouds.yaml", "lab", "cwd");
	search_put(s, "xdg/openstack/clouds.yaml", "lab", "xdg");
	search_put(s, "etc/clouds.yaml", "lab", "etc");
	c = search_load(s, "lab");
	assert_string_equal(c->auth_url, "https://cwd.example:5000/v3");
	creds_free(c);
	search_free(s);
}

static void
test_xdg_config_home_comes_before_the_system_dir(void **state)
{
	struct search *s = search_new(NULL, true);
	struct creds *c;

	search_put(s, "xdg/openstack/clouds.yaml", "lab", "xdg");
	search_put(s, "home/.config/openstack/clouds.yaml", "lab", "home");
	search_put(s, "etc/clouds.yaml", "lab", "etc");
	c = search_load(s, "lab");
	assert_string_equal(c->auth_url, "https://xdg.example:5000/v3");
	creds_free(c);
	search_free(s);
}

static void
test_without_xdg_config_home_the_home_config_dir_is_searched(void **state)
{
	struct search *s = search_new(NULL, false);
	struct creds *c;

	search_put(s, "home/.config/openstack/clouds.yml", "lab", "home");
	search_put(s, "etc/clouds.yaml", "lab", "etc");
	c = search_load(s, "lab");
	assert_string_equal(c->auth_url, "https://home.example:5000/v3");
	creds_free(c);
	search_free(s);
}

static void
test_system_dir_is_the_last_resort(void **state)
{
	struct search *s = search_new(NULL, true);
	struct creds *c;

	search_put(s, "etc/clouds.yaml", "lab", "etc");
	c = search_load(s, "lab");
	assert_string_equal(c->auth_url, "https://etc.example:5000/v3");
	creds_free(c);
	search_free(s);
}

static void
test_secure_yaml_adds_the_password(void **state)
{
	struct search *s = search_new(NULL, true);
	struct creds *c;

	tree_write(s->tree, "cwd/clouds.yaml",
		   "clouds:\n"
		   "  juno:\n"
		   "    identity_api_version: '2.0'\n"
		   "    auth: {auth_url: 'http://k:5000/v2.0', username: admin,"
		   " tenant_name: admin}\n"
		   "    verify: false\n");
	tree_write(s->tree, "etc/secure.yaml",
		   "clouds:\n  juno:\n    auth:\n      password: from-secure\n");
	c = search_load(s, "juno");
	assert_string_equal(c->password, "from-secure");
	assert_string_equal(c->project_name, "admin");
	assert_int_equal(c->identity_version, 2);
	assert_true(c->insecure);
	creds_free(c);
	search_free(s);
}

static void
test_unknown_cloud_is_an_error_listing_the_clouds(void **state)
{
	struct search *s = search_new(NULL, true);
	struct ou_error err;
	struct creds *c = NULL;
	char *want;

	search_put(s, "cwd/clouds.yaml", "lab", "cwd");
	assert_int_equal(creds_from_clouds_yaml(&s->src, "prod", &c, &err), -1);
	want = xasprintf("%s/clouds.yaml: no cloud named 'prod' (clouds: lab)",
			 s->cwd);
	assert_string_equal(err.msg, want);
	free(want);
	search_free(s);
}

static void
test_no_clouds_yaml_is_an_error_listing_where_it_looked(void **state)
{
	struct search *s = search_new(NULL, true);
	struct ou_error err;
	struct creds *c = NULL;

	assert_int_equal(creds_from_clouds_yaml(&s->src, "lab", &c, &err), -1);
	assert_non_null(strstr(err.msg, "no clouds.yaml found (looked for "));
	assert_non_null(strstr(err.msg, "/cwd/clouds.yaml, "));
	assert_non_null(strstr(err.msg, "/xdg/openstack/clouds.yml, "));
	assert_non_null(strstr(err.msg, "/etc/clouds.yml)"));
	search_free(s);
}

static void
test_non_password_auth_type_is_refused_with_file_line_column(void **state)
{
	struct search *s = search_new(NULL, true);
	struct ou_error err;
	struct creds *c = NULL;
	char *want;

	tree_write(s->tree, "cwd/clouds.yaml",
		   "clouds:\n"
		   "  lab:\n"
		   "    auth_type: v3applicationcredential\n");
	assert_int_equal(creds_from_clouds_yaml(&s->src, "lab", &c, &err), -1);
	want = xasprintf("%s/clouds.yaml:3:16: auth_type "
			 "'v3applicationcredential' is not supported: only "
			 "password authentication is", s->cwd);
	assert_string_equal(err.msg, want);
	free(want);
	search_free(s);
}

static void
test_creds_load_prefers_keystonerc_then_cloud_then_environment(
	void **state)
{
	struct search *s = search_new(NULL, true);
	char *envp[] = {
		"OS_AUTH_URL=http://env:5000/v3", "OS_USERNAME=u",
		"OS_PROJECT_NAME=p", NULL, NULL,
	};
	struct creds_source src = {
		.envp = envp, .cwd = s->cwd, .system_dir = s->etc,
	};
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	search_put(s, "cwd/clouds.yaml", "lab", "cwd");
	assert_int_equal(creds_load(&src, DATA "keystonerc_admin_juno", "lab",
				    &c, &err), 0);
	assert_string_equal(c->auth_url, "http://192.0.2.10:5000/v2.0/");
	creds_free(c);
	assert_int_equal(creds_load(&src, NULL, "lab", &c, &err), 0);
	assert_string_equal(c->auth_url, "https://cwd.example:5000/v3");
	creds_free(c);
	assert_int_equal(creds_load(&src, NULL, NULL, &c, &err), 0);
	assert_string_equal(c->auth_url, "http://env:5000/v3");
	creds_free(c);
	envp[3] = "OS_CLOUD=lab";
	assert_int_equal(creds_load(&src, NULL, NULL, &c, &err), 0);
	assert_string_equal(c->auth_url, "https://cwd.example:5000/v3");
	creds_free(c);
	search_free(s);
}

/* ---- secrets ---- */

#define SECRET "Xyzzy-s3cret"

static void
test_no_error_message_contains_the_password(void **state)
{
	static const char *const rcs[] = {
		"export OS_PASSWORD=$(echo " SECRET ")\n",
		"export OS_PASSWORD='" SECRET "\n",
		"export OS_PASSWORD=\"" SECRET "$HOME\"\n",
		"export OS_PASSWORD=" SECRET "; rm -rf /\n",
		"export OS_PASSWORD=" SECRET "\\\n",
		"export OS_PASSWORD=" SECRET "\nsource " SECRET "\n",
		"export OS_PASSWORD=" SECRET "\n",	/* no auth URL */
	};
	struct tree *t = tree_new();
	char *path = tree_path(t, "rc");
	struct search *s = search_new(NULL, true);
	struct ou_error err;
	struct creds *c = NULL;

	for (size_t i = 0; i < sizeof rcs / sizeof rcs[0]; i++) {
		tree_write(t, "rc", rcs[i]);
		assert_int_equal(creds_from_keystonerc(path, &c, &err), -1);
		assert_null(strstr(err.msg, SECRET));
	}
	tree_write(s->tree, "cwd/clouds.yaml",
		   "clouds:\n  lab:\n    auth:\n      password: " SECRET "\n"
		   "      username: [" SECRET "]\n");
	assert_int_equal(creds_from_clouds_yaml(&s->src, "lab", &c, &err), -1);
	assert_null(strstr(err.msg, SECRET));
	free(path);
	tree_free(t);
	search_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_in_packstack_juno_v2_style_gives_identity_v2),
		cmocka_unit_test(test_env_in_v3_style_keeps_domains_and_project),
		cmocka_unit_test(test_identity_version_comes_from_the_auth_url_when_not_given),
		cmocka_unit_test(test_explicit_identity_version_wins_over_the_url),
		cmocka_unit_test(test_juno_endpoint_type_internalURL_means_internal),
		cmocka_unit_test(test_insecure_is_off_unless_asked_for),
		cmocka_unit_test(test_unreadable_insecure_value_is_an_error),
		cmocka_unit_test(test_missing_auth_url_is_an_error_naming_the_variable),
		cmocka_unit_test(test_missing_project_is_an_error_explaining_the_scope),
		cmocka_unit_test(test_process_environment_is_never_read),
		cmocka_unit_test(test_set_password_replaces_a_missing_one),
		cmocka_unit_test(test_keystonerc_of_packstack_juno_is_read_as_v2),
		cmocka_unit_test(test_keystonerc_quotes_comments_and_bare_export_are_understood),
		cmocka_unit_test(test_keystonerc_command_substitution_is_refused_with_file_line_column),
		cmocka_unit_test(test_keystonerc_backquotes_and_variables_are_refused),
		cmocka_unit_test(test_keystonerc_shell_logic_is_refused_naming_the_line),
		cmocka_unit_test(test_keystonerc_unclosed_quote_is_an_error_naming_where_it_opens),
		cmocka_unit_test(test_keystonerc_unset_removes_an_earlier_value),
		cmocka_unit_test(test_missing_keystonerc_is_an_error_naming_the_path),
		cmocka_unit_test(test_os_cloud_picks_the_cloud_from_clouds_yaml),
		cmocka_unit_test(test_clouds_yaml_in_cwd_comes_before_the_user_and_system_ones),
		cmocka_unit_test(test_xdg_config_home_comes_before_the_system_dir),
		cmocka_unit_test(test_without_xdg_config_home_the_home_config_dir_is_searched),
		cmocka_unit_test(test_system_dir_is_the_last_resort),
		cmocka_unit_test(test_secure_yaml_adds_the_password),
		cmocka_unit_test(test_unknown_cloud_is_an_error_listing_the_clouds),
		cmocka_unit_test(test_no_clouds_yaml_is_an_error_listing_where_it_looked),
		cmocka_unit_test(test_non_password_auth_type_is_refused_with_file_line_column),
		cmocka_unit_test(test_creds_load_prefers_keystonerc_then_cloud_then_environment),
		cmocka_unit_test(test_no_error_message_contains_the_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
