/* session: one upgrade as an interface runs it: its journal, the
 * executor over ssh and Nova, and the engine.  `run --line`
 * (src/cmd_run.c) and the wizard (ui/) both open it here, the same way,
 * so that either interface resumes what the other started.
 *
 * Opening comes in two steps because they fail in different places:
 * session_open() before the interface takes the terminal (a journal
 * refused because the runbook or inventory changed is explained, with
 * the difference), session_start() once the interface has somewhere to
 * put the engine's events.  The caller blocks SIGINT, SIGTERM and SIGHUP
 * in every thread before session_start(): the engine's workers must not
 * take them.  Nothing here prints. */
#ifndef OU_SESSION_H
#define OU_SESSION_H

#include <stdbool.h>

#include "cloudapi.h"
#include "engine.h"
#include "ou_error.h"
#include "plan.h"
#include "strbuf.h"

struct session_options {
	const struct plan *plan;	/* borrowed */
	/* The files the plan came from (borrowed): a new journal keeps
	 * their texts, to show what changed if a resume is refused. */
	const char *runbook_path;	/* NULL: the built-in runbook */
	const char *inventory_path;	/* the inventory or answers file */
	const char *journal_dir;	/* NULL: the cloud's default */
	struct cloudapi *api;		/* borrowed, the engine's own; NULL:
					 * the plan must make no API call */
	unsigned width;			/* of the engine's texts */
};

struct session;

/* True when some step of the runbook calls the Nova API. */
bool session_needs_api(const struct runbook *rb);

/* The journal (created, or found unfinished and resumed) and the
 * executor.  When the journal refuses to resume because the runbook or
 * the inventory changed, explain gets what changed, as unified diffs. */
int session_open(const struct session_options *opt, struct session **out,
		 struct strbuf *explain, struct ou_error *err);
/* The engine, replaying the journal; its events go to on_event(ctx),
 * which must outlive the session. */
int session_start(struct session *s, engine_event_fn *on_event, void *ctx,
		  struct ou_error *err);
/* Waits for the engine's running work (see engine_free()), then closes
 * everything.  s may be NULL. */
void session_close(struct session *s);

/* NULL before session_start(); s may be NULL. */
struct engine *session_engine(const struct session *s);
/* ".../journal.sqlite" */
const char *session_journal_path(const struct session *s);
bool session_resumed(const struct session *s);
/* "user@tty": who confirms, as the journal records it. */
const char *session_who(const struct session *s);
/* The same, for commands that write the journal without a session
 * (check, restore): the user running this and the terminal on stdin. */
void session_format_who(char *buf, size_t size);

#endif
