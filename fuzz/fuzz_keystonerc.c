/* fuzz_keystonerc: the keystonerc reader on arbitrary bytes.
 *
 * creds_from_keystonerc() reads a file by path, so each input is put in
 * an anonymous memory file and read back through /proc/self/fd: the
 * same code path as a real file, with nothing written to disk.
 *
 * Every input must either give credentials or be refused with a message
 * naming the file; a crash, a leak or undefined behaviour is a bug in
 * creds.c.  What loads must keep creds.h's promises, checked here so
 * that the fuzzer finds an input that breaks them. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A memory file holding data; its path in *path.  -1 when the kernel
 * will not make one (then the input is skipped, not failed). */
static int
fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t path_size)
{
	int fd = memfd_create("fuzz-keystonerc", 0);

	if (fd < 0)
		return -1;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return fd;
}

static bool
fuzz_is_one_of(const char *s, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* What creds_from_vars() promises of a result. */
static void
fuzz_check_creds(const struct creds *c)
{
	static const char *const interfaces[] = {
		"public", "internal", "admin", NULL,
	};

	if (c->origin == NULL || c->auth_url == NULL ||
	    (c->username == NULL && c->user_id == NULL) ||
	    (c->project_name == NULL && c->project_id == NULL) ||
	    (c->identity_version != 2 && c->identity_version != 3) ||
	    c->interface == NULL || !fuzz_is_one_of(c->interface, interfaces))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ou_error err = { .msg = "" };
	struct creds *c = NULL;
	char path[64];
	int fd = fuzz_memfile(data, size, path, sizeof path);

	if (fd < 0)
		return 0;
	if (creds_from_keystonerc(path, &c, &err) == 0) {
		fuzz_check_creds(c);
		creds_free(c);
	} else if (c != NULL || strstr(err.msg, path) == NULL) {
		/* A refusal that does not say which file is no help. */
		abort();
	}
	close(fd);
	return 0;
}
