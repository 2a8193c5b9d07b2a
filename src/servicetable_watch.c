/* servicetable: the watch (see include/servicetable.h): the last good
 * table, the outage banner and the recent changes, rendered as frames. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "servicetable.h"
#include "xalloc.h"

#define SVCWATCH_KEEP_CHANGES 5

struct svcwatch_change {
	time_t when;
	char *text;
};

struct svcwatch {
	char *title;
	unsigned interval_s;
	bool ansi;
	size_t keep;
	struct svctable *table;	/* the last good refresh, or NULL */
	time_t table_time;
	char *error;		/* why refreshes fail; NULL when they work */
	bool answered;
	time_t failing_since;
	struct svcwatch_change *changes;	/* oldest first, at most keep */
	size_t n_changes;
};

struct svcwatch *
svcwatch_new(const struct svcwatch_options *opt)
{
	struct svcwatch *w = xcalloc(1, sizeof *w);

	w->title = xstrdup(opt->title != NULL ? opt->title : "");
	w->interval_s = opt->interval_s;
	w->ansi = opt->ansi;
	w->keep = opt->keep_changes > 0 ? opt->keep_changes
					: SVCWATCH_KEEP_CHANGES;
	w->changes = xcalloc(w->keep, sizeof *w->changes);
	return w;
}

void
svcwatch_free(struct svcwatch *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n_changes; i++)
		free(w->changes[i].text);
	free(w->changes);
	svctable_free(w->table);
	free(w->error);
	free(w->title);
	free(w);
}

/* Append one change, dropping the oldest when full. */
static void
svcwatch_remember(struct svcwatch *w, time_t when, const char *text,
		  size_t len)
{
	if (w->n_changes == w->keep) {
		free(w->changes[0].text);
		memmove(w->changes, w->changes + 1,
			(w->keep - 1) * sizeof *w->changes);
		w->n_changes--;
	}
	w->changes[w->n_changes++] = (struct svcwatch_change){
		.when = when, .text = xstrndup(text, len),
	};
}

void
svcwatch_refreshed(struct svcwatch *w, struct svctable *t, time_t now)
{
	struct strbuf lines = STRBUF_INIT;
	const char *p;

	svctable_compare(t, w->table);
	svctable_describe_changes(t, &lines);
	for (p = strbuf_str(&lines); *p != '\0';) {
		const char *nl = strchr(p, '\n');

		svcwatch_remember(w, now, p, (size_t)(nl - p));
		p = nl + 1;
	}
	strbuf_release(&lines);
	svctable_free(w->table);
	w->table = t;
	w->table_time = now;
	free(w->error);
	w->error = NULL;
}

void
svcwatch_failed(struct svcwatch *w, const char *why, bool answered,
		time_t now)
{
	if (w->error == NULL)
		w->failing_since = now;
	free(w->error);
	w->error = xstrdup(why);
	w->answered = answered;
}

bool
svcwatch_is_failing(const struct svcwatch *w)
{
	return w->error != NULL;
}

/* ---- the frame ---- */

enum svcwatch_time_style {
	SVCWATCH_CLOCK,		/* "19:30:30", under a heading that says UTC */
	SVCWATCH_CLOCK_UTC,	/* "19:30:30 UTC" */
	SVCWATCH_DATE_UTC,	/* "2026-11-24 19:30:30 UTC" */
};

static void
svcwatch_add_time(struct strbuf *out, time_t t,
		  enum svcwatch_time_style style)
{
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	switch (style) {
	case SVCWATCH_CLOCK:
		strftime(buf, sizeof buf, "%H:%M:%S", &tm);
		break;
	case SVCWATCH_CLOCK_UTC:
		strftime(buf, sizeof buf, "%H:%M:%S UTC", &tm);
		break;
	case SVCWATCH_DATE_UTC:
		strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
		break;
	}
	strbuf_adds(out, buf);
}

/* The banner stands out without colour: a log or a dumb terminal shows
 * it as well as an xterm does. */
static void
svcwatch_add_banner(const struct svcwatch *w, time_t now, struct strbuf *out)
{
	strbuf_adds(out, w->answered ? "!!! COMPUTE API ERROR" :
		    "!!! COMPUTE API UNREACHABLE");
	strbuf_addf(out, " for %lds (since ", (long)(now - w->failing_since));
	svcwatch_add_time(out, w->failing_since, SVCWATCH_CLOCK_UTC);
	strbuf_addf(out, "): %s\n", w->error);
	if (w->table == NULL) {
		strbuf_adds(out, "!!! no service list yet\n");
		return;
	}
	strbuf_adds(out, "!!! the table below is the last good one, from ");
	svcwatch_add_time(out, w->table_time, SVCWATCH_CLOCK_UTC);
	strbuf_addf(out, " (%lds old)\n", (long)(now - w->table_time));
}

static void
svcwatch_add_changes(const struct svcwatch *w, struct strbuf *out)
{
	if (w->n_changes == 0)
		return;
	strbuf_adds(out, "\nRecent changes (UTC):\n");
	for (size_t i = 0; i < w->n_changes; i++) {
		strbuf_adds(out, "  ");
		svcwatch_add_time(out, w->changes[i].when, SVCWATCH_CLOCK);
		strbuf_addf(out, "  %s\n", w->changes[i].text);
	}
}

static void
svcwatch_add_body(const struct svcwatch *w, time_t now, struct strbuf *out)
{
	strbuf_addf(out, "Nova services (%s), every %us, Ctrl-C to stop  ",
		    w->title, w->interval_s);
	svcwatch_add_time(out, now, SVCWATCH_CLOCK_UTC);
	strbuf_addc(out, '\n');
	if (w->error != NULL)
		svcwatch_add_banner(w, now, out);
	strbuf_addc(out, '\n');
	if (w->table != NULL)
		svctable_render(w->table, out);
	svcwatch_add_changes(w, out);
}

/* Clearing each line's end as it is written, rather than the screen
 * first, redraws without a blank flash. */
static void
svcwatch_add_ansi(const char *body, struct strbuf *out)
{
	strbuf_adds(out, "\033[H");
	for (const char *p = body; *p != '\0'; p++) {
		if (*p == '\n')
			strbuf_adds(out, "\033[K");
		strbuf_addc(out, *p);
	}
	strbuf_adds(out, "\033[J");
}

void
svcwatch_render(const struct svcwatch *w, time_t now, struct strbuf *out)
{
	struct strbuf body = STRBUF_INIT;

	svcwatch_add_body(w, now, &body);
	if (w->ansi) {
		svcwatch_add_ansi(strbuf_str(&body), out);
	} else {
		strbuf_adds(out, "--- ");
		svcwatch_add_time(out, now, SVCWATCH_DATE_UTC);
		strbuf_adds(out, " ---\n");
		strbuf_adds(out, strbuf_str(&body));
	}
	strbuf_release(&body);
}
