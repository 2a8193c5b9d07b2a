/* session: the upgrade the wizard runs: its journal, the executor over
 * ssh and Nova, and the engine, opened the way `run --line` opens them
 * (src/cmd_run.c), so that either interface resumes what the other
 * started.
 *
 * Opening comes in two steps because they fail in different places:
 * session_open() before the terminal is taken (a journal refused
 * because the runbook or inventory changed is explained on stderr, with
 * the difference), session_start() once the wizard has somewhere to put
 * the engine's events.  The caller blocks SIGINT, SIGTERM and SIGHUP in
 * every thread before session_start() (ui/loop.h does, for the signals
 * it catches): the engine's workers must not take them. */
#ifndef OU_UI_SESSION_H
#define OU_UI_SESSION_H

#include <stdbool.h>

#include "cli.h"
#include "cloudapi.h"
#include "engine.h"
#include "ou_error.h"
#include "plan.h"
#include "strbuf.h"

struct session_options {
	const struct plan *plan;		/* borrowed */
	const struct cli_cloud_args *cloud;	/* the files the plan came from */
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
/* The engine, replaying the journal; its events go to on_event(ctx). */
int session_start(struct session *s, engine_event_fn *on_event, void *ctx,
		  struct ou_error *err);
/* Waits for the engine's running work (see engine_free()), then closes
 * everything.  s may be NULL. */
void session_close(struct session *s);

struct engine *session_engine(const struct session *s);
/* ".../journal.sqlite" */
const char *session_journal_path(const struct session *s);
bool session_resumed(const struct session *s);

#endif
