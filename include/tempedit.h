/* tempedit: files handed to a program of the operator's ($EDITOR, $MERGE,
 * $SHELL) on the process's own terminal, and read back when it ends.
 *
 * The files hold real bytes (a merged configuration holds passwords), so
 * they live in a fresh private directory: mkdtemp under $TMPDIR when it
 * is an absolute path, else /tmp, mode 0700; each file is made with
 * O_EXCL, mode 0600.  tempedit_close() removes the directory and all it
 * holds, what the program left there too (swap and backup files).
 *
 * The command is the operator's text, run by /bin/sh -c so it may carry
 * options ("vim -n"); every path after it is quoted (shellquote.h), so a
 * $TMPDIR with spaces or quotes in it reaches the program as one word.
 * The child starts with no signal blocked and SIGPIPE at its default:
 * callers block signals for their own use, the program must get them as
 * usual.  The caller waits: giving the terminal to the program and taking
 * it back (curses) is the caller's job, around tempedit_run().
 *
 * Core module: no curses, never prints.  Errors name the command and its
 * exit status, or the file. */
#ifndef OU_TEMPEDIT_H
#define OU_TEMPEDIT_H

#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

/* The private directory; dir is NULL before tempedit_open() and after
 * tempedit_close().  The struct owns dir. */
struct tempedit {
	char *dir;
};

#define TEMPEDIT_INIT { .dir = NULL }

/* $EDITOR, else "vi". */
const char *tempedit_editor(void);

/* Make the directory, named "PREFIX-XXXXXX" ("ou-edit").  -1 (err set,
 * te->dir NULL) when it cannot be made. */
int tempedit_open(struct tempedit *te, const char *prefix,
		  struct ou_error *err);

/* A new file of mode 0600 holding data, named name in the directory
 * ('/' becomes '_'; "", "." and ".." become "file"), so the editor picks
 * its syntax by the name.  Returns its path (the caller frees), or NULL
 * with err set. */
char *tempedit_write(const struct tempedit *te, const char *name,
		     const char *data, size_t len, struct ou_error *err);

/* Run `command PATH...` (paths quoted) and wait for it.  0 when it
 * exited with status 0; else -1 with err saying "COMMAND exited with
 * status N", "COMMAND was ended by signal N" or why it did not start.
 * A program stopped meanwhile (^Z in the editor) is continued: nothing
 * else would wake it while we wait. */
int tempedit_run(const char *command, const char *const *paths, size_t n,
		 struct ou_error *err);

/* Run command alone with the directory as its working directory (a
 * shell beside the files); returns as tempedit_run(). */
int tempedit_run_here(const struct tempedit *te, const char *command,
		      struct ou_error *err);

/* Remove every entry of the directory (subdirectories too, a few levels
 * deep), then the directory.  -1 (err set) when something stays; te->dir
 * is freed either way.  Harmless on a closed tempedit. */
int tempedit_close(struct tempedit *te, struct ou_error *err);

/* The whole round trip: text into a file named name in a new "PREFIX-"
 * directory, `command FILE`, the file's bytes appended to out, everything
 * removed.  -1 (err set, out untouched) when a step fails. */
int tempedit_edit(const char *command, const char *prefix, const char *name,
		  const char *text, size_t len, struct strbuf *out,
		  struct ou_error *err);

#endif
