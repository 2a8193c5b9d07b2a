/* tempedit: see include/tempedit.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shellquote.h"
#include "tempedit.h"
#include "xalloc.h"

/* What removal walks: an editor leaves a swap file or a backup beside
 * ours; a shell's operator may leave a directory or two. */
#define TEMPEDIT_ENTRIES_MAX 4096
#define TEMPEDIT_DEPTH_MAX 4

const char *
tempedit_editor(void)
{
	const char *editor = getenv("EDITOR");

	return editor != NULL && editor[0] != '\0' ? editor : "vi";
}

int
tempedit_open(struct tempedit *te, const char *prefix, struct ou_error *err)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || base[0] != '/')
		base = "/tmp";
	te->dir = xasprintf("%s/%s-XXXXXX", base, prefix);
	/* mkdtemp makes it 0700 less the umask: chmod says it exactly. */
	if (mkdtemp(te->dir) == NULL || chmod(te->dir, 0700) < 0) {
		ou_error_set(err, "cannot make a private directory in %s: %s",
			     base, strerror(errno));
		free(te->dir);
		te->dir = NULL;
		return -1;
	}
	return 0;
}

/* One path component: no '/', and never "." or "..". */
static char *
tempedit_file_name(const char *name)
{
	char *copy;

	if (name == NULL || strcmp(name, "") == 0 || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return xstrdup("file");
	copy = xstrdup(name);
	for (char *c = copy; *c != '\0'; c++)
		if (*c == '/')
			*c = '_';
	return copy;
}

static int
tempedit_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

char *
tempedit_write(const struct tempedit *te, const char *name, const char *data,
	       size_t len, struct ou_error *err)
{
	char *base = tempedit_file_name(name);
	char *path = xasprintf("%s/%s", te->dir, base);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);

	free(base);
	if (fd < 0 || fchmod(fd, 0600) < 0 ||
	    tempedit_write_all(fd, data, len) < 0) {
		ou_error_set(err, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		return NULL;
	}
	if (close(fd) < 0) {
		ou_error_set(err, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/* The child, after fork: only async-signal-safe calls (the wizard has
 * threads).  The caller blocks signals for its own use (signalfd, the
 * curses loop); the program must get them as usual. */
static void __attribute__((noreturn))
tempedit_exec(const char *line, const char *dir)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dir != NULL && chdir(dir) < 0)
		_exit(127);
	execl("/bin/sh", "sh", "-c", line, (char *)NULL);
	_exit(127);
}

static const char *
tempedit_status_hint(int code)
{
	if (code == 127)
		return " (command not found?)";
	if (code == 126)
		return " (not executable?)";
	return "";
}

/* Waits for the child; a stop (^Z in the editor) is undone at once, as
 * the caller waits and nothing else would ever continue it. */
static int
tempedit_wait(pid_t pid, const char *command, struct ou_error *err)
{
	int status;

	for (;;) {
		if (waitpid(pid, &status, WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			return ou_error_set(err, "lost %s: %s", command,
					    strerror(errno));
		}
		if (!WIFSTOPPED(status))
			break;
		kill(pid, SIGCONT);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return ou_error_set(err, "%s exited with status %d%s", command,
				    WEXITSTATUS(status),
				    tempedit_status_hint(WEXITSTATUS(status)));
	return ou_error_set(err, "%s was ended by signal %d", command,
			    WTERMSIG(status));
}

static int
tempedit_run_in(const char *command, const char *dir,
		const char *const *paths, size_t n, struct ou_error *err)
{
	struct strbuf line = STRBUF_INIT;
	pid_t pid;

	strbuf_adds(&line, command);
	for (size_t i = 0; i < n; i++) {
		strbuf_addc(&line, ' ');
		shellquote_append(&line, paths[i]);
	}
	pid = fork();
	if (pid == 0)
		tempedit_exec(strbuf_str(&line), dir);
	strbuf_release(&line);
	if (pid < 0)
		return ou_error_set(err, "cannot start %s: %s", command,
				    strerror(errno));
	return tempedit_wait(pid, command, err);
}

int
tempedit_run(const char *command, const char *const *paths, size_t n,
	     struct ou_error *err)
{
	return tempedit_run_in(command, NULL, paths, n, err);
}

int
tempedit_run_here(const struct tempedit *te, const char *command,
		  struct ou_error *err)
{
	return tempedit_run_in(command, te->dir, NULL, 0, err);
}

static void tempedit_empty(int dfd, int depth);

/* A file goes with unlink; a directory (not followed if a link) is
 * emptied first, down to TEMPEDIT_DEPTH_MAX. */
static void
tempedit_remove_entry(int dfd, const char *name, int depth)
{
	int sub;

	if (unlinkat(dfd, name, 0) == 0 || (errno != EISDIR && errno != EPERM))
		return;
	if (depth >= TEMPEDIT_DEPTH_MAX)
		return;
	sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0)
		return;
	tempedit_empty(sub, depth + 1);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Removes what dfd holds; takes dfd. */
static void
tempedit_empty(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (d == NULL) {
		close(dfd);
		return;
	}
	for (size_t i = 0; i < TEMPEDIT_ENTRIES_MAX &&
	     (e = readdir(d)) != NULL; i++) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			tempedit_remove_entry(dirfd(d), e->d_name, depth);
	}
	closedir(d);
}

int
tempedit_close(struct tempedit *te, struct ou_error *err)
{
	int dfd;
	int rc = 0;

	if (te->dir == NULL)
		return 0;
	dfd = open(te->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd >= 0)
		tempedit_empty(dfd, 0);
	if (rmdir(te->dir) < 0)
		rc = ou_error_set(err, "cannot remove %s: %s", te->dir,
				  strerror(errno));
	free(te->dir);
	te->dir = NULL;
	return rc;
}

int
tempedit_edit(const char *command, const char *prefix, const char *name,
	      const char *text, size_t len, struct strbuf *out,
	      struct ou_error *err)
{
	struct tempedit te = TEMPEDIT_INIT;
	struct strbuf back = STRBUF_INIT;
	char *path = NULL;
	int rc = tempedit_open(&te, prefix, err);

	if (rc == 0) {
		path = tempedit_write(&te, name, text, len, err);
		rc = path != NULL ? 0 : -1;
	}
	if (rc == 0)
		rc = tempedit_run(command, (const char *const *)&path, 1, err);
	if (rc == 0)
		rc = strbuf_read_file(&back, path, err);
	/* Real bytes stay on disk when the directory does: say so, even
	 * after a good edit. */
	if (tempedit_close(&te, rc == 0 ? err : NULL) < 0)
		rc = -1;
	if (rc == 0)
		strbuf_add(out, strbuf_str(&back), back.len);
	strbuf_release(&back);
	free(path);
	return rc;
}
