/* outlog: each host's output as it streams, kept for scrolling back.
 *
 * One log per host of the inventory, and one more for what concerns no
 * host (the API calls of a unit as a whole).  A log is cut into lines
 * as the chunks arrive; a line not ended yet is kept aside and shown as
 * the log's last line.  What the engine announces around the output
 * (the command sent, how it ended, a wait's progress) is kept as lines
 * of their own kinds, so a screen can set them apart.
 *
 * Bounded: a log keeps its last max_lines lines, each cut at
 * OUTLOG_LINE_MAX bytes; hours of yum output cost no more than that.
 * Terminal controls in the output are not passed on to the screen: a
 * carriage return starts the line again (progress bars), a tab becomes
 * spaces, escape sequences and other controls are dropped.  No curses
 * here. */
#ifndef OU_UI_OUTLOG_H
#define OU_UI_OUTLOG_H

#include <stdbool.h>
#include <stddef.h>

#define OUTLOG_LINE_MAX 512

enum outlog_kind {
	OUTLOG_STDOUT,
	OUTLOG_STDERR,
	OUTLOG_COMMAND,		/* "$ yum -y upgrade ..." or "> nova: ..." */
	OUTLOG_END,		/* "exit 0", "done", "failed: ..." */
	OUTLOG_NOTE,		/* a wait's progress, a note of the engine */
};

struct outlog_line {
	enum outlog_kind kind;
	char *text;		/* without its newline */
};

struct outlog;

/* hosts: the inventory's names, in its order (copied). */
struct outlog *outlog_new(const char *const *hosts, size_t n_hosts,
			  size_t max_lines);
void outlog_free(struct outlog *log);

/* Hosts, then the one log of no host: outlog_count() logs in all. */
size_t outlog_count(const struct outlog *log);
/* "nova" for the log of no host. */
const char *outlog_name(const struct outlog *log, size_t i);
/* The log of host; the log of no host for NULL or a name not known. */
size_t outlog_find(const struct outlog *log, const char *host);

/* A chunk of output as it came: split into lines, the end kept aside
 * until its newline comes. */
void outlog_stream(struct outlog *log, size_t i, bool is_stderr,
		   const char *data, size_t len);
/* A whole line of its own (a command, an end, a note); a line of output
 * kept aside is ended first. */
void outlog_add(struct outlog *log, size_t i, enum outlog_kind kind,
		const char *text);

/* Lines of log i, the one kept aside included; 0 is the oldest kept. */
size_t outlog_lines(const struct outlog *log, size_t i);
/* The line, valid until the next change of the log. */
struct outlog_line outlog_line(const struct outlog *log, size_t i,
			       size_t line);
/* Lines dropped from the front of log i to keep it bounded. */
size_t outlog_dropped(const struct outlog *log, size_t i);
/* Lines ever added to log i: grows with each line, for a screen to see
 * that something came. */
size_t outlog_total(const struct outlog *log, size_t i);

#endif
