/* servicetable: see include/servicetable.h.  This file is the table of
 * one refresh; servicetable_watch.c is the watch around it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servicetable.h"
#include "xalloc.h"

struct svctable_row {
	enum svctable_mark mark;
	char *cell[SVCTABLE_NCOLUMNS];
	char *old[SVCTABLE_NCOLUMNS];	/* NULL unless the cell changed */
};

struct svctable {
	struct svctable_row *rows;
	size_t n;
};

/* compared: a change of this column is shown; binary and host are the
 * row's key, and the two times move on every heartbeat. */
static const struct svctable_column_info {
	const char *title;
	const char *label;
	bool compared;
} svc_columns[SVCTABLE_NCOLUMNS] = {
	[SVCTABLE_COL_BINARY] = { .title = "Binary", .label = "binary" },
	[SVCTABLE_COL_HOST] = { .title = "Host", .label = "host" },
	[SVCTABLE_COL_ZONE] = { .title = "Zone", .label = "zone",
				.compared = true },
	[SVCTABLE_COL_STATUS] = { .title = "Status", .label = "status",
			     .compared = true },
	[SVCTABLE_COL_STATE] = { .title = "State", .label = "state",
			    .compared = true },
	[SVCTABLE_COL_UPDATED] = { .title = "Updated (UTC)",
				   .label = "updated" },
	[SVCTABLE_COL_HEARTBEAT] = { .title = "Last heartbeat",
				.label = "heartbeat" },
	[SVCTABLE_COL_REASON] = { .title = "Disabled reason", .label = "reason",
			     .compared = true },
};

static const char svc_mark_char[] = {
	[SVCTABLE_MARK_NONE] = ' ',
	[SVCTABLE_MARK_CHANGED] = '*',
	[SVCTABLE_MARK_NEW] = '+',
	[SVCTABLE_MARK_GONE] = '-',
};

/* ---- times ---- */

/* "+HH:MM", "-HHMM", "Z" or nothing, as seconds east of UTC. */
static int
svc_parse_zone(const char *s, long *offset)
{
	int hh, mm, used = 0;

	*offset = 0;
	if (*s == '\0' || strcmp(s, "Z") == 0)
		return 0;
	if ((*s != '+' && *s != '-') ||
	    (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &used) != 2 &&
	     sscanf(s + 1, "%2d%2d%n", &hh, &mm, &used) != 2) ||
	    s[1 + used] != '\0' || hh > 23 || mm > 59)
		return -1;
	*offset = (hh * 3600L + mm * 60L) * (*s == '-' ? -1 : 1);
	return 0;
}

int
svctable_parse_time(const char *s, time_t *out)
{
	struct tm tm = { .tm_isdst = 0 };
	long offset;
	int used = 0;
	char sep;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &sep, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &used) != 7 || (sep != 'T' && sep != ' '))
		return -1;
	s += used;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			;
	if (svc_parse_zone(s, &offset) < 0 || tm.tm_mon < 1 ||
	    tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm) - offset;
	return 0;
}

void
svctable_format_age(long seconds, char *buf, size_t size)
{
	/* A little skew between the controller's clock and ours is normal. */
	if (seconds < -2)
		snprintf(buf, size, "in %lds (clock skew?)", -seconds);
	else if (seconds < 120)
		snprintf(buf, size, "%lds ago", seconds < 0 ? 0 : seconds);
	else if (seconds < 2 * 3600)
		snprintf(buf, size, "%ldm%02lds ago", seconds / 60,
			 seconds % 60);
	else if (seconds < 48 * 3600)
		snprintf(buf, size, "%ldh%02ldm ago", seconds / 3600,
			 seconds % 3600 / 60);
	else
		snprintf(buf, size, "%ldd%02ldh ago", seconds / 86400,
			 seconds % 86400 / 3600);
}

/* ---- building ---- */

static char *
svc_heartbeat(const char *updated_at, time_t now)
{
	char buf[64];
	time_t t;

	if (updated_at == NULL)
		return xstrdup("never");
	if (svctable_parse_time(updated_at, &t) < 0)
		return xstrdup("?");
	svctable_format_age((long)(now - t), buf, sizeof buf);
	return xstrdup(buf);
}

/* updated_at to the second, without the "T": "2026-11-24 19:30:30". */
static char *
svc_updated(const char *updated_at)
{
	char buf[32];
	time_t t;

	if (updated_at == NULL || svctable_parse_time(updated_at, &t) < 0)
		return xstrdup(updated_at != NULL ? updated_at : "");
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", gmtime_r(&t,
			&(struct tm){ .tm_isdst = 0 }));
	return xstrdup(buf);
}

static char *
svc_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

static void
svc_row_fill(struct svctable_row *row, const struct nova_service *svc,
	     time_t now)
{
	const char *state = svc->state != NULL ? svc->state : "";

	row->cell[SVCTABLE_COL_BINARY] = svc_or_empty(svc->binary);
	row->cell[SVCTABLE_COL_HOST] = svc_or_empty(svc->host);
	row->cell[SVCTABLE_COL_ZONE] = svc_or_empty(svc->zone);
	row->cell[SVCTABLE_COL_STATUS] = svc_or_empty(svc->status);
	row->cell[SVCTABLE_COL_STATE] = svc->forced_down
		? xasprintf("%s (forced down)", state) : xstrdup(state);
	row->cell[SVCTABLE_COL_UPDATED] = svc_updated(svc->updated_at);
	row->cell[SVCTABLE_COL_HEARTBEAT] = svc_heartbeat(svc->updated_at, now);
	row->cell[SVCTABLE_COL_REASON] = svc_or_empty(svc->disabled_reason);
}

/* Runs of digits compare as numbers, so compute2 comes before compute10. */
static int
svc_natural_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long long na = strtoull(a, &ea, 10);
			unsigned long long nb = strtoull(b, &eb, 10);

			if (na != nb)
				return na < nb ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != '\0') - (*b != '\0');
}

static int
svc_row_cmp(const void *pa, const void *pb)
{
	const struct svctable_row *a = pa, *b = pb;
	int c = svc_natural_cmp(a->cell[SVCTABLE_COL_BINARY],
				b->cell[SVCTABLE_COL_BINARY]);

	if (c == 0)
		c = svc_natural_cmp(a->cell[SVCTABLE_COL_HOST],
				    b->cell[SVCTABLE_COL_HOST]);
	return c;
}

static void
svc_sort(struct svctable *t)
{
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof *t->rows, svc_row_cmp);
}

struct svctable *
svctable_new(const struct nova_service *svcs, size_t n, time_t now)
{
	struct svctable *t = xcalloc(1, sizeof *t);

	t->rows = xcalloc(n + 1, sizeof *t->rows);
	for (size_t i = 0; i < n; i++)
		svc_row_fill(&t->rows[i], &svcs[i], now);
	t->n = n;
	svc_sort(t);
	return t;
}

static void
svc_row_release(struct svctable_row *row)
{
	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
		free(row->cell[c]);
		free(row->old[c]);
	}
}

void
svctable_free(struct svctable *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		svc_row_release(&t->rows[i]);
	free(t->rows);
	free(t);
}

/* ---- comparing ---- */

static bool
svc_same_key(const struct svctable_row *a, const struct svctable_row *b)
{
	return strcmp(a->cell[SVCTABLE_COL_BINARY],
		      b->cell[SVCTABLE_COL_BINARY]) == 0 &&
	       strcmp(a->cell[SVCTABLE_COL_HOST],
		      b->cell[SVCTABLE_COL_HOST]) == 0;
}

/* The row of t with row's key, ignoring rows already gone; NULL if none. */
static const struct svctable_row *
svc_find(const struct svctable *t, const struct svctable_row *row)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].mark != SVCTABLE_MARK_GONE &&
		    svc_same_key(&t->rows[i], row))
			return &t->rows[i];
	return NULL;
}

static void
svc_mark_changes(struct svctable_row *row, const struct svctable_row *before)
{
	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
		if (!svc_columns[c].compared ||
		    strcmp(row->cell[c], before->cell[c]) == 0)
			continue;
		row->old[c] = xstrdup(before->cell[c]);
		row->mark = SVCTABLE_MARK_CHANGED;
	}
}

/* prev's row as a gone row of t: its last known values, no heartbeat. */
static void
svc_add_gone(struct svctable *t, const struct svctable_row *before)
{
	struct svctable_row *row;

	t->rows = xreallocarray(t->rows, t->n + 1, sizeof *t->rows);
	row = &t->rows[t->n++];
	memset(row, 0, sizeof *row);
	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++)
		row->cell[c] = xstrdup(c == SVCTABLE_COL_HEARTBEAT
				       ? "gone" : before->cell[c]);
	row->mark = SVCTABLE_MARK_GONE;
}

size_t
svctable_compare(struct svctable *t, const struct svctable *prev)
{
	size_t marked = 0, n_current = t->n;

	if (prev == NULL)
		return 0;
	for (size_t i = 0; i < n_current; i++) {
		const struct svctable_row *before = svc_find(prev, &t->rows[i]);

		if (before == NULL)
			t->rows[i].mark = SVCTABLE_MARK_NEW;
		else
			svc_mark_changes(&t->rows[i], before);
	}
	for (size_t i = 0; i < prev->n; i++)
		if (prev->rows[i].mark != SVCTABLE_MARK_GONE &&
		    svc_find(t, &prev->rows[i]) == NULL)
			svc_add_gone(t, &prev->rows[i]);
	svc_sort(t);
	for (size_t i = 0; i < t->n; i++)
		marked += t->rows[i].mark != SVCTABLE_MARK_NONE;
	return marked;
}

/* ---- reading ---- */

size_t
svctable_rows(const struct svctable *t)
{
	return t->n;
}

enum svctable_mark
svctable_mark(const struct svctable *t, size_t row)
{
	return t->rows[row].mark;
}

const char *
svctable_cell(const struct svctable *t, size_t row, enum svctable_column col)
{
	return t->rows[row].cell[col];
}

const char *
svctable_old_cell(const struct svctable *t, size_t row,
		  enum svctable_column col)
{
	return t->rows[row].old[col];
}

/* ---- rendering ---- */

/* An empty value in "old->new" would read as nothing at all. */
static const char *
svc_shown(const char *value)
{
	return value[0] != '\0' ? value : "(none)";
}

static char *
svc_display(const struct svctable_row *row, size_t c)
{
	if (row->old[c] == NULL)
		return xstrdup(row->cell[c]);
	return xasprintf("%s->%s", svc_shown(row->old[c]),
			 svc_shown(row->cell[c]));
}

/* Columns are aligned by characters, not bytes: a zone or a reason may
 * be UTF-8. */
static size_t
svc_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void
svc_add_padded(struct strbuf *out, const char *s, size_t width)
{
	strbuf_adds(out, s);
	for (size_t w = svc_width(s); w < width; w++)
		strbuf_addc(out, ' ');
}

/* One line: the mark, then the cells two spaces apart, no trailing blanks. */
static void
svc_add_line(struct strbuf *out, char mark, char *const *cells,
	     const size_t *widths)
{
	size_t start = out->len;

	strbuf_addc(out, mark);
	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
		strbuf_adds(out, c == 0 ? " " : "  ");
		svc_add_padded(out, cells[c],
			       c + 1 < SVCTABLE_NCOLUMNS ? widths[c] : 0);
	}
	while (out->len > start && out->buf[out->len - 1] == ' ')
		out->len--;
	out->buf[out->len] = '\0';
	strbuf_addc(out, '\n');
}

/* The heading and every row's cells, row after row, the heading first;
 * widths[] gets each column's widest. */
static char **
svc_layout(const struct svctable *t, size_t *widths)
{
	size_t n = (t->n + 1) * SVCTABLE_NCOLUMNS;
	char **cells = xcalloc(n, sizeof *cells);

	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
		cells[c] = xstrdup(svc_columns[c].title);
		widths[c] = svc_width(cells[c]);
	}
	for (size_t i = 0; i < t->n; i++)
		for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
			char *cell = svc_display(&t->rows[i], c);

			cells[(i + 1) * SVCTABLE_NCOLUMNS + c] = cell;
			if (svc_width(cell) > widths[c])
				widths[c] = svc_width(cell);
		}
	return cells;
}

void
svctable_render(const struct svctable *t, struct strbuf *out)
{
	size_t widths[SVCTABLE_NCOLUMNS];
	char **cells = svc_layout(t, widths);

	svc_add_line(out, ' ', cells, widths);
	for (size_t i = 0; i < t->n; i++)
		svc_add_line(out, svc_mark_char[t->rows[i].mark],
			     &cells[(i + 1) * SVCTABLE_NCOLUMNS], widths);
	if (t->n == 0)
		strbuf_adds(out, "  (no services)\n");
	for (size_t i = 0; i < (t->n + 1) * SVCTABLE_NCOLUMNS; i++)
		free(cells[i]);
	free(cells);
}

static void
svc_describe_row(const struct svctable_row *row, struct strbuf *out)
{
	const char *sep = "";

	strbuf_addf(out, "%s %s: ", row->cell[SVCTABLE_COL_HOST],
		    row->cell[SVCTABLE_COL_BINARY]);
	if (row->mark == SVCTABLE_MARK_NEW) {
		strbuf_addf(out, "new (%s, %s)\n",
			    row->cell[SVCTABLE_COL_STATUS],
			    row->cell[SVCTABLE_COL_STATE]);
		return;
	}
	if (row->mark == SVCTABLE_MARK_GONE) {
		strbuf_adds(out, "gone from the service list\n");
		return;
	}
	for (size_t c = 0; c < SVCTABLE_NCOLUMNS; c++) {
		if (row->old[c] == NULL)
			continue;
		strbuf_addf(out, "%s%s %s->%s", sep, svc_columns[c].label,
			    svc_shown(row->old[c]), svc_shown(row->cell[c]));
		sep = ", ";
	}
	strbuf_addc(out, '\n');
}

void
svctable_describe_changes(const struct svctable *t, struct strbuf *out)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].mark != SVCTABLE_MARK_NONE)
			svc_describe_row(&t->rows[i], out);
}
