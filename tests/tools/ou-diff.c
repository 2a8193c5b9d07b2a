/* ou-diff: `diff -u A B` through the diff module, for the tests and the
 * benchmark (bench/diff-vs-gnu.sh).
 *
 *   ou-diff [-a best|myers|histogram] [-n REPEAT] A B
 *
 * Writes the unified diff with GNU diff's headers ("--- A<TAB>mtime"), so
 * that where the two find the same hunks the outputs are identical.
 * -n diffs the pair REPEAT times in one process (the output is written
 * once), to time the algorithm without the process start.  Exits 0 when
 * the files are equal, 1 when they differ, 2 on trouble, as diff does. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "strbuf.h"

struct ou_diff_args {
	enum diff_algorithm algorithm;
	long repeat;
	const char *a, *b;
};

static int
ou_diff_usage(void)
{
	fprintf(stderr, "usage: ou-diff [-a best|myers|histogram] [-n REPEAT] A B\n");
	return 2;
}

static int
ou_diff_parse_args(int argc, char **argv, struct ou_diff_args *args)
{
	int c;

	*args = (struct ou_diff_args){ .algorithm = DIFF_BEST, .repeat = 1 };
	while ((c = getopt(argc, argv, "a:n:")) != -1) {
		if (c == 'a' && strcmp(optarg, "best") == 0)
			args->algorithm = DIFF_BEST;
		else if (c == 'a' && strcmp(optarg, "myers") == 0)
			args->algorithm = DIFF_MYERS;
		else if (c == 'a' && strcmp(optarg, "histogram") == 0)
			args->algorithm = DIFF_HISTOGRAM;
		else if (c == 'n' && (args->repeat = atol(optarg)) > 0)
			continue;
		else
			return -1;
	}
	if (argc - optind != 2)
		return -1;
	args->a = argv[optind];
	args->b = argv[optind + 1];
	return 0;
}

/* A file's bytes, mapped: reading them into a growing buffer would cost
 * the benchmark more than the diff does. */
struct ou_diff_file {
	const char *data;
	size_t len;
};

static int
ou_diff_map(const char *path, struct ou_diff_file *f)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	void *map;

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "ou-diff: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	f->data = "";
	f->len = (size_t)st.st_size;
	if (f->len > 0) {
		map = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "ou-diff: %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		f->data = map;
	}
	close(fd);
	return 0;
}

static void
ou_diff_unmap(struct ou_diff_file *f)
{
	if (f->len > 0)
		munmap((void *)f->data, f->len);
}

/* "name<TAB>2014-10-16 09:30:00.123456789 +0000", as GNU diff -u. */
static char *
ou_diff_label(const char *path)
{
	struct stat st;
	struct tm tm;
	char when[64], zone[8];
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, path);
	if (stat(path, &st) == 0 && localtime_r(&st.st_mtim.tv_sec, &tm)) {
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		strftime(zone, sizeof zone, "%z", &tm);
		strbuf_addf(&sb, "\t%s.%09ld %s", when, st.st_mtim.tv_nsec, zone);
	}
	return strbuf_take(&sb);
}

int
main(int argc, char **argv)
{
	struct ou_diff_args args;
	struct ou_diff_file a, b;
	struct strbuf out = STRBUF_INIT;
	struct diff *d = NULL;
	struct diff_format fmt;
	int status;

	if (ou_diff_parse_args(argc, argv, &args) < 0)
		return ou_diff_usage();
	if (ou_diff_map(args.a, &a) < 0)
		return 2;
	if (ou_diff_map(args.b, &b) < 0) {
		ou_diff_unmap(&a);
		return 2;
	}
	for (long i = 0; i < args.repeat; i++) {
		diff_free(d);
		d = diff_new(a.data, a.len, b.data, b.len, args.algorithm, 3);
	}
	fmt = (struct diff_format){ .a_label = ou_diff_label(args.a),
				    .b_label = ou_diff_label(args.b) };
	diff_write_unified(d, &fmt, &out);
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	status = d->n_hunks > 0;
	free((char *)fmt.a_label);
	free((char *)fmt.b_label);
	diff_free(d);
	ou_diff_unmap(&a);
	ou_diff_unmap(&b);
	strbuf_release(&out);
	return fflush(stdout) == 0 ? status : 2;
}
