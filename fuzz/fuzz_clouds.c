/* fuzz_clouds: the clouds.yaml reader on arbitrary bytes.
 *
 * The input is split at its first NUL byte: clouds.yaml before it,
 * secure.yaml after it (no NUL: no secure.yaml).  Each half is put in
 * an anonymous memory file named to creds_from_clouds_yaml() through
 * OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE, and the cloud read
 * is always "fuzz".  The search directories point nowhere, so nothing
 * of the machine running the fuzzer is read.
 *
 * Every input must either give credentials or be refused with a message
 * naming one of the two files; a crash, a leak or undefined behaviour
 * is a bug in creds.c or yamldoc.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_file {
	int fd;
	char path[64];
	char var[96];	/* "OS_CLIENT_..._FILE=path" */
};

static int
fuzz_memfile(const char *var, const uint8_t *data, size_t size,
	     struct fuzz_file *f)
{
	f->fd = memfd_create(var, 0);
	if (f->fd < 0)
		return -1;
	if (size > 0 && write(f->fd, data, size) != (ssize_t)size) {
		close(f->fd);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
	snprintf(f->var, sizeof f->var, "%s=%s", var, f->path);
	return 0;
}

static void
fuzz_check_creds(const struct creds *c)
{
	if (c->origin == NULL || strstr(c->origin, "cloud fuzz") == NULL ||
	    c->auth_url == NULL ||
	    (c->username == NULL && c->user_id == NULL) ||
	    (c->project_name == NULL && c->project_id == NULL) ||
	    (c->identity_version != 2 && c->identity_version != 3) ||
	    c->interface == NULL)
		abort();
}

static void
fuzz_read(const struct fuzz_file *clouds, const struct fuzz_file *secure)
{
	char *envp[] = {
		(char *)clouds->var,
		/* Empty: secure.yaml is searched for, in nowhere. */
		secure != NULL ? (char *)secure->var
			       : (char *)"OS_CLIENT_SECURE_FILE=",
		(char *)"HOME=/nonexistent/fuzz-home",
		(char *)"XDG_CONFIG_HOME=/nonexistent/fuzz-config",
		NULL,
	};
	struct creds_source src = {
		.envp = envp, .cwd = "/nonexistent/fuzz-cwd",
		.system_dir = "/nonexistent/fuzz-etc",
	};
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;

	if (creds_from_clouds_yaml(&src, "fuzz", &c, &err) == 0) {
		fuzz_check_creds(c);
		creds_free(c);
		return;
	}
	/* A refusal must say which file it is about. */
	if (c != NULL || (strstr(err.msg, clouds->path) == NULL &&
			  (secure == NULL ||
			   strstr(err.msg, secure->path) == NULL)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t clouds_len = nul != NULL ? (size_t)(nul - data) : size;
	struct fuzz_file clouds, secure;

	if (fuzz_memfile("OS_CLIENT_CONFIG_FILE", data, clouds_len,
			 &clouds) < 0)
		return 0;
	if (nul == NULL) {
		fuzz_read(&clouds, NULL);
	} else if (fuzz_memfile("OS_CLIENT_SECURE_FILE", nul + 1,
				size - clouds_len - 1, &secure) == 0) {
		fuzz_read(&clouds, &secure);
		close(secure.fd);
	}
	close(clouds.fd);
	return 0;
}
