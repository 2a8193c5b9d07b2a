/* editor: see ui/editor.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "editor.h"
#include "xalloc.h"

/* $EDITOR alone, as line mode reads it (src/lineui_review.c). */
static const char *
editor_command(void)
{
	const char *editor = getenv("EDITOR");

	return editor != NULL && editor[0] != '\0' ? editor : "vi";
}

/* "/tmp/ou-edit-XXXXXX-nova.conf": only letters, digits, '.', '-' and
 * '_' of name are kept. */
static char *
editor_template(const char *name, int *suffix)
{
	const char *dir = getenv("TMPDIR");
	char *base = xstrdup(name != NULL ? name : "file");
	char *path;

	for (char *c = base; *c != '\0'; c++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789.-_", *c) == NULL)
			*c = '_';
	path = xasprintf("%s/ou-edit-XXXXXX-%s",
			 dir != NULL && dir[0] == '/' ? dir : "/tmp", base);
	*suffix = (int)strlen(base) + 1;
	free(base);
	return path;
}

static int
editor_write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
editor_make_file(char *path, int suffix, const char *text, size_t len,
		 struct ou_error *err)
{
	int fd = mkstemps(path, suffix);

	if (fd < 0)
		return ou_error_set(err, "cannot make a file to edit in: %s: %s",
				    path, strerror(errno));
	if (fchmod(fd, 0600) < 0 || editor_write_all(fd, text, len) < 0) {
		ou_error_set(err, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) < 0) {
		unlink(path);
		return ou_error_set(err, "cannot write %s: %s", path,
				    strerror(errno));
	}
	return 0;
}

/* The child: the signals the wizard blocks are the editor's again. */
static void
editor_exec(const char *command, const char *path)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", command, path,
	      (char *)NULL);
	_exit(127);
}

static int
editor_run(const char *path, struct ou_error *err)
{
	const char *command = editor_command();
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return ou_error_set(err, "cannot start the editor: %s",
				    strerror(errno));
	if (pid == 0)
		editor_exec(command, path);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ou_error_set(err, "lost the editor: %s",
					    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return ou_error_set(err, "the editor (%s) failed (status %d); "
				    "nothing was changed", command,
				    WIFEXITED(status) ? WEXITSTATUS(status)
						      : 128 + WTERMSIG(status));
	return 0;
}

int
editor_edit(const char *name, const char *text, size_t len,
	    struct strbuf *out, struct ou_error *err)
{
	int suffix;
	char *path = editor_template(name, &suffix);
	struct strbuf edited = STRBUF_INIT;
	int rc = editor_make_file(path, suffix, text, len, err);

	if (rc == 0)
		rc = editor_run(path, err);
	if (rc == 0)
		rc = strbuf_read_file(&edited, path, err);
	if (rc == 0)
		strbuf_add(out, strbuf_str(&edited), edited.len);
	unlink(path);
	strbuf_release(&edited);
	free(path);
	return rc;
}
