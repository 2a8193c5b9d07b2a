/* replay: the main() of a fuzz target built without libFuzzer.
 *
 * Each argument, a file or a directory of files, is read and handed to
 * LLVMFuzzerTestOneInput() once, so `make check` runs every corpus input
 * through the target under whatever sanitizers the build has.  Silent on
 * success; a path that cannot be read is reported and makes the exit
 * status 1.  Entries of a directory are replayed in name order, skipping
 * hidden files and anything that is not a regular file. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_fail(const char *path)
{
	fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
	return -1;
}

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0;
	uint8_t chunk[8192];
	size_t n;

	if (f == NULL)
		return replay_fail(path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf = xreallocarray(buf, len + n, 1);
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return replay_fail(path);
	}
	fclose(f);
	/* libFuzzer never passes NULL, even for an empty input. */
	LLVMFuzzerTestOneInput(buf != NULL ? buf : chunk, len);
	free(buf);
	return 0;
}

static bool
replay_is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
replay_dir(const char *path)
{
	struct dirent **entries;
	int n = scandir(path, &entries, NULL, alphasort);
	int rc = 0;

	if (n < 0)
		return replay_fail(path);
	for (int i = 0; i < n; i++) {
		char *file = xasprintf("%s/%s", path, entries[i]->d_name);

		if (entries[i]->d_name[0] != '.' && replay_is_regular(file) &&
		    replay_file(file) < 0)
			rc = -1;
		free(file);
		free(entries[i]);
	}
	free(entries);
	return rc;
}

static int
replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return replay_fail(path);
	return S_ISDIR(st.st_mode) ? replay_dir(path) : replay_file(path);
}

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i]) < 0)
			status = 1;
	return status;
}
