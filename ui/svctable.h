/* svctable: Nova's services as the services screen shows them.
 *
 * Each refresh hands the table a whole new list; the table remembers
 * when each service (binary on host) last changed its status or state,
 * so a screen can point at what just changed, and keeps the last good
 * list when a refresh fails, marked stale, with why and since when: the
 * API goes away for minutes while the controller is upgraded, and the
 * last thing it said is still worth seeing.
 *
 * The shown rows are the list filtered (a text found in any column,
 * ignoring case) and sorted (by one of enum svc_sort).  Times are
 * handed in.  No curses here. */
#ifndef OU_UI_SVCTABLE_H
#define OU_UI_SVCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "nova.h"

/* How long a change stays "just changed". */
#define SVC_CHANGED_S 30

enum svc_sort {
	SVC_SORT_HOST,
	SVC_SORT_BINARY,
	SVC_SORT_STATE,		/* down first */
	SVC_SORT_STATUS,	/* disabled first */
	SVC_SORT_AGE,		/* oldest heartbeat first */
	SVC_SORT_COUNT
};

struct svc_row {
	struct nova_service svc;
	time_t heartbeat;	/* updated_at, 0 when none or unreadable */
	time_t changed_at;	/* 0: unchanged since it was first seen */
};

struct svc_table;

struct svc_table *svc_table_new(void);
void svc_table_free(struct svc_table *table);

/* A new list, fetched at now; the table takes svcs (n of them). */
void svc_table_update(struct svc_table *table, struct nova_service *svcs,
		      size_t n, time_t now);
/* A refresh failed at now: keep the rows, stale. */
void svc_table_fail(struct svc_table *table, const char *why, time_t now);

bool svc_table_loaded(const struct svc_table *table);	/* ever had a list */
bool svc_table_stale(const struct svc_table *table);
const char *svc_table_problem(const struct svc_table *table);
time_t svc_table_failing_since(const struct svc_table *table);
time_t svc_table_updated_at(const struct svc_table *table); /* last good */

void svc_table_set_filter(struct svc_table *table, const char *text);
const char *svc_table_filter(const struct svc_table *table);
void svc_table_set_sort(struct svc_table *table, enum svc_sort sort);
enum svc_sort svc_table_sort(const struct svc_table *table);
const char *svc_sort_name(enum svc_sort sort);

size_t svc_table_total(const struct svc_table *table);
size_t svc_table_count(const struct svc_table *table);	/* shown */
const struct svc_row *svc_table_row(const struct svc_table *table, size_t i);

/* Seconds since its heartbeat, -1 when unknown. */
long svc_row_age(const struct svc_row *row, time_t now);
bool svc_row_changed(const struct svc_row *row, time_t now);
bool svc_row_down(const struct svc_row *row);
bool svc_row_disabled(const struct svc_row *row);

#endif
