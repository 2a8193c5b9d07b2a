/* servicetable: Nova's service list as the operator reads it, and the
 * frames of `openstack-upgrade services --watch`.
 *
 * A struct svctable is one refresh: the services sorted by binary, then
 * host (compute2 before compute10), each with the age of its last
 * heartbeat.  svctable_compare() sets it against the refresh before:
 * a cell whose value changed keeps the old one (shown "up->down"), a
 * row is marked new, and a service that vanished is kept as a "gone"
 * row, so nothing changes silently between two looks.
 *
 * A struct svcwatch is the state of a watch: the last good table, the
 * error since when the API stopped answering (the last good table stays
 * on screen under a banner), and the latest changes with their times.
 *
 * Everything renders into a strbuf; nothing here prints.  Times are
 * handed in, so the same input always renders the same text. */
#ifndef OU_SERVICETABLE_H
#define OU_SERVICETABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "nova.h"
#include "strbuf.h"

enum svctable_column {
	SVCTABLE_COL_BINARY,
	SVCTABLE_COL_HOST,
	SVCTABLE_COL_ZONE,
	SVCTABLE_COL_STATUS,
	SVCTABLE_COL_STATE,
	SVCTABLE_COL_UPDATED,	/* updated_at, UTC, to the second */
	SVCTABLE_COL_HEARTBEAT,	/* "3s ago", from updated_at and now */
	SVCTABLE_COL_REASON,		/* the disabled reason */
	SVCTABLE_NCOLUMNS,
};

enum svctable_mark {
	SVCTABLE_MARK_NONE,
	SVCTABLE_MARK_CHANGED,	/* a status, state, zone or reason changed */
	SVCTABLE_MARK_NEW,		/* not in the previous refresh */
	SVCTABLE_MARK_GONE,		/* in the refresh before, not this one */
};

struct svctable;

/* The rows of svcs (copied) as of now. */
struct svctable *svctable_new(const struct nova_service *svcs, size_t n,
			      time_t now);
void svctable_free(struct svctable *t);

/* Mark what differs from prev (NULL: the first refresh, nothing marked)
 * and add prev's vanished services as gone rows.  The heartbeat and the
 * updated time change on every refresh and are not compared.  Returns
 * the number of rows marked. */
size_t svctable_compare(struct svctable *t, const struct svctable *prev);

size_t svctable_rows(const struct svctable *t);
enum svctable_mark svctable_mark(const struct svctable *t, size_t row);
/* Never NULL: "" for a value the API did not give. */
const char *svctable_cell(const struct svctable *t, size_t row,
			  enum svctable_column col);
/* The value before the change, or NULL if that cell did not change. */
const char *svctable_old_cell(const struct svctable *t, size_t row,
			      enum svctable_column col);

/* The table: a heading line, then one line per row, columns aligned, a
 * mark column first ("*" changed, "+" new, "-" gone) and a changed cell
 * shown as "old->new". */
void svctable_render(const struct svctable *t, struct strbuf *out);
/* One line per marked row: "compute2 nova-compute: state up->down". */
void svctable_describe_changes(const struct svctable *t, struct strbuf *out);

/* "2026-11-24T19:30:30.000000" (Nova's updated_at, UTC; a "Z" or
 * "+HH:MM" suffix is honoured) to seconds since the epoch. */
int svctable_parse_time(const char *s, time_t *out);
/* "3s ago", "2m05s ago", "1h02m ago", "3d04h ago"; "in 5s (clock
 * skew?)" when the heartbeat is more than 2 s in the future. */
void svctable_format_age(long seconds, char *buf, size_t size);

struct svcwatch_options {
	const char *title;	/* the cloud: "Keystone http://..."; copied */
	unsigned interval_s;
	bool ansi;		/* a terminal: redraw in place */
	size_t keep_changes;	/* lines of recent changes; 0 = 5 */
};

struct svcwatch;

struct svcwatch *svcwatch_new(const struct svcwatch_options *opt);
void svcwatch_free(struct svcwatch *w);

/* A refresh that worked: t (owned by w from now on) is compared with the
 * last good table, its changes are remembered with their time, and any
 * outage is over. */
void svcwatch_refreshed(struct svcwatch *w, struct svctable *t, time_t now);
/* A refresh that failed: why (copied) goes in the banner; the outage
 * started at the first failure in a row.  answered: an HTTP status came
 * back (the API is there but refused), else it could not be reached. */
void svcwatch_failed(struct svcwatch *w, const char *why, bool answered,
		     time_t now);
bool svcwatch_is_failing(const struct svcwatch *w);

/* The whole frame for now.  ansi: cursor home first, each line cleared
 * to its end, the rest of the screen cleared after; otherwise a
 * "--- <UTC time> ---" line first, so successive frames read as a log. */
void svcwatch_render(const struct svcwatch *w, time_t now, struct strbuf *out);

#endif
