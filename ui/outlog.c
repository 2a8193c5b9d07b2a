/* outlog: see ui/outlog.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "outlog.h"
#include "strbuf.h"
#include "xalloc.h"

#define OUTLOG_TAB 8

struct outlog_host {
	char *name;
	/* cap slots, grown as lines come up to max_lines (a host that
	 * says nothing costs nothing); head stays 0 until then, so an
	 * index modulo max_lines is right all along. */
	struct outlog_line *ring;
	size_t cap;
	size_t head;			/* the oldest line */
	size_t n;
	size_t dropped;
	size_t total;
	struct strbuf partial;		/* output not ended by a newline */
	enum outlog_kind partial_kind;
	bool in_escape;			/* inside an escape sequence */
};

struct outlog {
	struct outlog_host *hosts;	/* n_hosts + 1: the last is no host's */
	size_t n_logs;
	size_t max_lines;
};

struct outlog *
outlog_new(const char *const *hosts, size_t n_hosts, size_t max_lines)
{
	struct outlog *log = xcalloc(1, sizeof *log);

	log->n_logs = n_hosts + 1;
	log->max_lines = max_lines > 0 ? max_lines : 1;
	log->hosts = xcalloc(log->n_logs, sizeof *log->hosts);
	for (size_t i = 0; i < log->n_logs; i++)
		log->hosts[i].name = xstrdup(i < n_hosts ? hosts[i] : "nova");
	return log;
}

void
outlog_free(struct outlog *log)
{
	if (log == NULL)
		return;
	for (size_t i = 0; i < log->n_logs; i++) {
		struct outlog_host *h = &log->hosts[i];

		for (size_t l = 0; l < h->n; l++)
			free(h->ring[(h->head + l) % log->max_lines].text);
		free(h->ring);
		free(h->name);
		strbuf_release(&h->partial);
	}
	free(log->hosts);
	free(log);
}

size_t
outlog_count(const struct outlog *log)
{
	return log->n_logs;
}

const char *
outlog_name(const struct outlog *log, size_t i)
{
	return i < log->n_logs ? log->hosts[i].name : "";
}

size_t
outlog_find(const struct outlog *log, const char *host)
{
	for (size_t i = 0; host != NULL && i + 1 < log->n_logs; i++)
		if (strcmp(log->hosts[i].name, host) == 0)
			return i;
	return log->n_logs - 1;
}

/* ---- adding lines ------------------------------------------------------ */

static void
outlog_push(struct outlog *log, struct outlog_host *h, enum outlog_kind kind,
	    char *text)
{
	size_t slot;

	if (h->n == h->cap && h->cap < log->max_lines) {
		h->cap = h->cap < 32 ? 32 : 2 * h->cap;
		if (h->cap > log->max_lines)
			h->cap = log->max_lines;
		h->ring = xreallocarray(h->ring, h->cap, sizeof *h->ring);
	}
	if (h->n == log->max_lines) {
		free(h->ring[h->head].text);
		h->head = (h->head + 1) % log->max_lines;
		h->n--;
		h->dropped++;
	}
	slot = (h->head + h->n) % log->max_lines;
	h->ring[slot] = (struct outlog_line){ .kind = kind, .text = text };
	h->n++;
	h->total++;
}

static void
outlog_end_partial(struct outlog *log, struct outlog_host *h)
{
	if (h->partial.len == 0)
		return;
	outlog_push(log, h, h->partial_kind, strbuf_take(&h->partial));
}

static void
outlog_put(struct strbuf *line, char c)
{
	if (line->len < OUTLOG_LINE_MAX)
		strbuf_addc(line, c);
}

/* One byte of output into the line kept aside; true when it ends it. */
static bool
outlog_byte(struct outlog_host *h, char c)
{
	unsigned char u = (unsigned char)c;

	if (h->in_escape) {
		/* CSI: ESC [ parameters, then a final byte in @..~ */
		if ((u >= '@' && u <= '~' && u != '[') || u == '\n')
			h->in_escape = false;
		return u == '\n';
	}
	if (c == '\n')
		return true;
	if (c == '\r') {
		strbuf_reset(&h->partial);
	} else if (c == '\t') {
		do
			outlog_put(&h->partial, ' ');
		while (h->partial.len % OUTLOG_TAB != 0 &&
		       h->partial.len < OUTLOG_LINE_MAX);
	} else if (c == 27) {
		h->in_escape = true;
	} else if (u >= ' ' && u != 127) {
		outlog_put(&h->partial, c);
	}
	return false;
}

void
outlog_stream(struct outlog *log, size_t i, bool is_stderr, const char *data,
	      size_t len)
{
	struct outlog_host *h = &log->hosts[i < log->n_logs ? i
							     : log->n_logs - 1];
	enum outlog_kind kind = is_stderr ? OUTLOG_STDERR : OUTLOG_STDOUT;

	if (h->partial.len > 0 && h->partial_kind != kind)
		outlog_end_partial(log, h);
	h->partial_kind = kind;
	for (size_t b = 0; b < len; b++) {
		if (!outlog_byte(h, data[b]))
			continue;
		/* An empty line is a line too. */
		outlog_push(log, h, kind, strbuf_take(&h->partial));
	}
}

void
outlog_add(struct outlog *log, size_t i, enum outlog_kind kind,
	   const char *text)
{
	struct outlog_host *h = &log->hosts[i < log->n_logs ? i
							     : log->n_logs - 1];
	struct strbuf line = STRBUF_INIT;

	outlog_end_partial(log, h);
	h->in_escape = false;
	for (const char *p = text; *p != '\0'; p++)
		outlog_put(&line, *p == '\n' || *p == '\t' ? ' ' : *p);
	outlog_push(log, h, kind, strbuf_take(&line));
}

/* ---- reading ------------------------------------------------------------- */

size_t
outlog_lines(const struct outlog *log, size_t i)
{
	const struct outlog_host *h = &log->hosts[i];

	return h->n + (h->partial.len > 0);
}

struct outlog_line
outlog_line(const struct outlog *log, size_t i, size_t line)
{
	const struct outlog_host *h = &log->hosts[i];

	if (line < h->n)
		return h->ring[(h->head + line) % log->max_lines];
	return (struct outlog_line){ .kind = h->partial_kind,
				     .text = (char *)strbuf_str(&h->partial) };
}

size_t
outlog_dropped(const struct outlog *log, size_t i)
{
	return log->hosts[i].dropped;
}

size_t
outlog_total(const struct outlog *log, size_t i)
{
	return log->hosts[i].total + (log->hosts[i].partial.len > 0);
}
