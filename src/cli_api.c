/* cli_api: the credentials options and the API clients of the commands
 * that talk to the cloud (see include/cli.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "secret.h"

extern char **environ;

bool
cli_api_option(int c, const char *arg, struct cli_api_args *args)
{
	switch (c) {
	case CLI_OPT_OS_CLOUD: args->os_cloud = arg; return true;
	case CLI_OPT_KEYSTONERC: args->keystonerc = arg; return true;
	case CLI_OPT_OS_CACERT: args->cacert = arg; return true;
	case CLI_OPT_INSECURE: args->insecure = true; return true;
	default: return false;
	}
}

/* Read a line from tty with echo off; the buffer is the caller's to wipe. */
static int
cli_read_hidden(FILE *tty, char *buf, size_t size)
{
	struct termios old;
	bool restore = secret_echo_off(fileno(tty), &old);
	char *got;

	got = fgets(buf, (int)size, tty);
	if (restore)
		secret_echo_restore(fileno(tty), &old);
	fputc('\n', tty);
	if (got == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* The password is asked on the terminal itself, never read from a pipe
 * or echoed, and wiped from this buffer once the credentials hold it. */
static int
cli_ask_password(struct creds *c, struct ou_error *err)
{
	FILE *tty = fopen("/dev/tty", "r+");
	char buf[1024];
	int rc;

	if (tty == NULL)
		return ou_error_set(err, "%s: no password given (OS_PASSWORD "
				    "or password:), and no terminal to ask for "
				    "it", c->origin);
	fprintf(tty, "Password for %s at %s: ",
		c->username != NULL ? c->username : c->user_id, c->auth_url);
	fflush(tty);
	rc = cli_read_hidden(tty, buf, sizeof buf);
	fclose(tty);
	if (rc == 0)
		creds_set_password(c, buf);
	explicit_bzero(buf, sizeof buf);
	if (rc < 0)
		return ou_error_set(err, "%s: no password typed", c->origin);
	return 0;
}

int
cli_api_open(const struct cli_api_args *args, long timeout_ms,
	     struct creds **creds, struct cloudapi **api, struct ou_error *err)
{
	const struct creds_source src = { .envp = environ };

	*api = NULL;
	if (creds_load(&src, args->keystonerc, args->os_cloud, creds, err) < 0)
		return -1;
	if (((*creds)->password == NULL && cli_ask_password(*creds, err) < 0) ||
	    cloudapi_open(&(struct cloudapi_options){
		    .creds = *creds, .insecure = args->insecure,
		    .cacert = args->cacert, .timeout_ms = timeout_ms,
		    .connect_timeout_ms = timeout_ms < 5000 ? timeout_ms : 5000,
	    }, api, err) < 0) {
		creds_free(*creds);
		*creds = NULL;
		return -1;
	}
	if (args->insecure)
		fprintf(stderr, "openstack-upgrade: WARNING: --insecure: the "
			"TLS certificates of %s and its endpoints are NOT "
			"verified\n", (*creds)->auth_url);
	return 0;
}
