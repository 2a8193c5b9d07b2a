/* svctable: see ui/svctable.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "servicetable.h"
#include "svctable.h"
#include "xalloc.h"

struct svc_table {
	struct svc_row *rows;
	size_t n_rows;
	size_t *view;		/* indexes into rows: shown, in order */
	size_t n_view;
	char *filter;		/* "" = everything */
	enum svc_sort sort;
	bool loaded;
	bool stale;
	char *problem;
	time_t failing_since;
	time_t updated_at;
};

static const char *const sort_names[SVC_SORT_COUNT] = {
	[SVC_SORT_HOST] = "host",
	[SVC_SORT_BINARY] = "binary",
	[SVC_SORT_STATE] = "state",
	[SVC_SORT_STATUS] = "status",
	[SVC_SORT_AGE] = "heartbeat",
};

const char *
svc_sort_name(enum svc_sort sort)
{
	return sort < SVC_SORT_COUNT ? sort_names[sort] : "?";
}

struct svc_table *
svc_table_new(void)
{
	struct svc_table *table = xcalloc(1, sizeof *table);

	table->filter = xstrdup("");
	return table;
}

static void
svc_table_release_rows(struct svc_table *table)
{
	for (size_t i = 0; i < table->n_rows; i++)
		nova_service_release(&table->rows[i].svc);
	free(table->rows);
	table->rows = NULL;
	table->n_rows = 0;
}

void
svc_table_free(struct svc_table *table)
{
	if (table == NULL)
		return;
	svc_table_release_rows(table);
	free(table->view);
	free(table->filter);
	free(table->problem);
	free(table);
}

static time_t
svc_heartbeat(const char *updated_at)
{
	time_t t;

	if (updated_at == NULL || svctable_parse_time(updated_at, &t) < 0)
		return 0;
	return t;
}

static bool
svc_same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static const struct svc_row *
svc_find_row(const struct svc_table *table, const struct nova_service *svc)
{
	for (size_t i = 0; i < table->n_rows; i++) {
		const struct nova_service *old = &table->rows[i].svc;

		if (svc_same_text(old->binary, svc->binary) &&
		    svc_same_text(old->host, svc->host))
			return &table->rows[i];
	}
	return NULL;
}

/* When a service changed: now if its status or state differs from the
 * last list, or it is new since the first list; else as it was. */
static time_t
svc_changed_at(const struct svc_table *table, const struct nova_service *svc,
	       time_t now)
{
	const struct svc_row *old = svc_find_row(table, svc);

	if (old == NULL)
		return table->loaded ? now : 0;
	if (!svc_same_text(old->svc.status, svc->status) ||
	    !svc_same_text(old->svc.state, svc->state) ||
	    old->svc.forced_down != svc->forced_down)
		return now;
	return old->changed_at;
}

static bool
svc_matches(const struct svc_row *row, const char *filter)
{
	const struct nova_service *s = &row->svc;
	const char *fields[] = {
		s->binary, s->host, s->zone, s->status, s->state,
		s->disabled_reason,
	};

	if (filter[0] == '\0')
		return true;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i] != NULL && strcasestr(fields[i], filter) != NULL)
			return true;
	return false;
}

static int
svc_cmp_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* Rank 0 sorts first: what needs attention. */
static int
svc_rank(const struct svc_row *row, enum svc_sort sort)
{
	switch (sort) {
	case SVC_SORT_STATE:
		return svc_row_down(row) ? 0 : 1;
	case SVC_SORT_STATUS:
		return svc_row_disabled(row) ? 0 : 1;
	default:
		return 0;
	}
}

static int
svc_compare(const void *pa, const void *pb, void *arg)
{
	const struct svc_table *table = arg;
	const struct svc_row *a = &table->rows[*(const size_t *)pa];
	const struct svc_row *b = &table->rows[*(const size_t *)pb];
	int c = svc_rank(a, table->sort) - svc_rank(b, table->sort);

	if (c == 0 && table->sort == SVC_SORT_AGE && a->heartbeat != b->heartbeat)
		c = a->heartbeat < b->heartbeat ? -1 : 1;
	if (c == 0 && table->sort == SVC_SORT_BINARY)
		c = svc_cmp_text(a->svc.binary, b->svc.binary);
	if (c == 0)
		c = svc_cmp_text(a->svc.host, b->svc.host);
	if (c == 0)
		c = svc_cmp_text(a->svc.binary, b->svc.binary);
	return c;
}

static void
svc_table_rebuild_view(struct svc_table *table)
{
	table->view = xreallocarray(table->view,
				    table->n_rows ? table->n_rows : 1,
				    sizeof *table->view);
	table->n_view = 0;
	for (size_t i = 0; i < table->n_rows; i++)
		if (svc_matches(&table->rows[i], table->filter))
			table->view[table->n_view++] = i;
	qsort_r(table->view, table->n_view, sizeof *table->view, svc_compare,
		table);
}

void
svc_table_update(struct svc_table *table, struct nova_service *svcs,
		 size_t n, time_t now)
{
	struct svc_row *rows = xcalloc(n ? n : 1, sizeof *rows);

	for (size_t i = 0; i < n; i++) {
		rows[i] = (struct svc_row){
			.svc = svcs[i],
			.heartbeat = svc_heartbeat(svcs[i].updated_at),
			.changed_at = svc_changed_at(table, &svcs[i], now),
		};
	}
	/* The strings now belong to rows. */
	free(svcs);
	svc_table_release_rows(table);
	table->rows = rows;
	table->n_rows = n;
	table->loaded = true;
	table->stale = false;
	table->updated_at = now;
	free(table->problem);
	table->problem = NULL;
	svc_table_rebuild_view(table);
}

void
svc_table_fail(struct svc_table *table, const char *why, time_t now)
{
	if (!table->stale)
		table->failing_since = now;
	table->stale = true;
	free(table->problem);
	table->problem = xstrdup(why);
}

bool
svc_table_loaded(const struct svc_table *table)
{
	return table->loaded;
}

bool
svc_table_stale(const struct svc_table *table)
{
	return table->stale;
}

const char *
svc_table_problem(const struct svc_table *table)
{
	return table->problem;
}

time_t
svc_table_failing_since(const struct svc_table *table)
{
	return table->stale ? table->failing_since : 0;
}

time_t
svc_table_updated_at(const struct svc_table *table)
{
	return table->updated_at;
}

void
svc_table_set_filter(struct svc_table *table, const char *text)
{
	free(table->filter);
	table->filter = xstrdup(text != NULL ? text : "");
	svc_table_rebuild_view(table);
}

const char *
svc_table_filter(const struct svc_table *table)
{
	return table->filter;
}

void
svc_table_set_sort(struct svc_table *table, enum svc_sort sort)
{
	table->sort = sort < SVC_SORT_COUNT ? sort : SVC_SORT_HOST;
	svc_table_rebuild_view(table);
}

enum svc_sort
svc_table_sort(const struct svc_table *table)
{
	return table->sort;
}

size_t
svc_table_total(const struct svc_table *table)
{
	return table->n_rows;
}

size_t
svc_table_count(const struct svc_table *table)
{
	return table->n_view;
}

const struct svc_row *
svc_table_row(const struct svc_table *table, size_t i)
{
	return i < table->n_view ? &table->rows[table->view[i]] : NULL;
}

long
svc_row_age(const struct svc_row *row, time_t now)
{
	if (row->heartbeat == 0)
		return -1;
	return now > row->heartbeat ? (long)(now - row->heartbeat) : 0;
}

bool
svc_row_changed(const struct svc_row *row, time_t now)
{
	return row->changed_at != 0 && now - row->changed_at < SVC_CHANGED_S;
}

bool
svc_row_down(const struct svc_row *row)
{
	return row->svc.forced_down ||
	       (row->svc.state != NULL && strcmp(row->svc.state, "up") != 0);
}

bool
svc_row_disabled(const struct svc_row *row)
{
	return row->svc.status != NULL &&
	       strcmp(row->svc.status, "enabled") != 0;
}
