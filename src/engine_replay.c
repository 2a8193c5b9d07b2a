/* engine_replay: the cells' states rebuilt from the journal.
 *
 * The records the engine writes, and what each means here:
 *
 *   CONFIRM  unit, host = the hosts covered ("h1 h2"), what = "unit",
 *            "probe", "migration-read", "acknowledge" or "review" (the
 *            apply plan of .rpmnew files), text = what the operator was
 *            shown.  No state: a confirmation does not survive a restart.
 *   START    step, host, what, text = the command or call.  The cell is
 *            running; until its FINISH the action's outcome is open.
 *   FINISH   step, host, what, outcome, exit status, text = output.
 *            what = "result" is the cell's conclusion: done (ok),
 *            failed, or pending again (no outcome: stopped before its
 *            action ran).
 *   SKIP     step, host = the hosts skipped, text = the reason.
 *   DECIDE   step, host, what = "rerun", "mark-done" or "mark-failed".
 *   NOTE     what = "batch-size" (step = the phase, text = N) or "batch"
 *            (text = the hosts of the batch formed); others, such as
 *            "review-choices" (a review's decisions and picks, never
 *            file contents nor a secret's value), are for the audit
 *            trail only.
 *
 * A review-rpmnew step's operations (src/engine_review.c): "review" (the
 * listing) and "review-fetch" are read-only; "review-stage" and
 * "review-apply" change the host, so a crash in or after them leaves
 * the cell unknown, for its probe (no .rpmnew left) and the operator.
 *   OVERRIDE, HOSTKEY: the audit trail only.
 *
 * At the end, a cell left running is unknown when a START has no FINISH
 * or a changing action finished and the step never concluded: never
 * repeated or passed over without the operator.  A cell that only ran
 * read-only commands to their end is pending again, as is one concluded
 * with no outcome ("stopped before its action").
 * Unit-wide gates (what = "gate") and the migration reading (no host)
 * concern no cell. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_private.h"
#include "xalloc.h"

struct replay {
	struct engine *e;
};

static struct engine_cell *
replay_cell(struct engine *e, const struct journal_record *rec, size_t *step,
	    size_t *host)
{
	*step = engine_step_index(e, rec->step);
	*host = engine_host_index(e, rec->host);
	if (*step == ENGINE_NONE || *host == ENGINE_NONE)
		return NULL;
	return engine_cell_at(e, *step, *host);
}

static void
replay_set_note(struct engine_cell *cell, const char *text, size_t len)
{
	free(cell->note);
	cell->note = text != NULL ? xstrndup(text, len) : NULL;
}

static void
replay_conclude(struct engine_cell *cell, enum engine_state state)
{
	cell->state = state;
	cell->open = false;
	cell->action_ran = false;
}

static void
replay_time(double t, char buf[32])
{
	time_t secs = (time_t)t;
	struct tm tm;

	localtime_r(&secs, &tm);
	strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The outcome of an action became unknowable: keep what it was. */
static void
replay_mark_lost(struct engine_cell *cell)
{
	char when[32];

	replay_time(cell->open_time, when);
	free(cell->note);
	cell->note = xasprintf("%s started at %s and no outcome was "
			       "recorded: %s", cell->open_what, when,
			       cell->open_text);
	cell->action_ran = true;
}

static void
replay_start(struct engine_cell *cell, const struct journal_record *rec)
{
	if (cell->open && !engine_what_read_only(cell->open_what))
		replay_mark_lost(cell);
	cell->state = ENGINE_RUNNING;
	cell->open = true;
	free(cell->open_what);
	free(cell->open_text);
	cell->open_what = xstrdup(rec->what != NULL ? rec->what : "run");
	cell->open_text = rec->text != NULL
			? xstrndup(rec->text, rec->text_len) : xstrdup("");
	cell->open_time = rec->time;
}

static void
replay_finish(struct engine_cell *cell, const struct journal_record *rec)
{
	bool changing = !engine_what_read_only(rec->what);

	if (rec->what != NULL && strcmp(rec->what, "result") == 0) {
		replay_conclude(cell, rec->outcome == JOURNAL_OUTCOME_OK
				      ? ENGINE_DONE
				      : rec->outcome == JOURNAL_OUTCOME_NONE
				      ? ENGINE_PENDING : ENGINE_FAILED);
		replay_set_note(cell, rec->text, rec->text_len);
		return;
	}
	cell->open = false;
	if (!changing)
		return;
	cell->action_ran = true;
	free(cell->note);
	if (rec->outcome == JOURNAL_OUTCOME_UNKNOWN)
		cell->note = xasprintf("%s ended with an unknown outcome: %s",
				       rec->what, cell->open_text);
	else
		cell->note = xasprintf("%s finished (%s, exit %d) but the "
				       "step never concluded: %s", rec->what,
				       journal_outcome_name(rec->outcome),
				       rec->exit_status, cell->open_text);
}

static void
replay_decide(struct engine_cell *cell, const struct journal_record *rec)
{
	const char *what = rec->what != NULL ? rec->what : "";

	if (strcmp(what, "mark-done") == 0)
		replay_conclude(cell, ENGINE_DONE);
	else if (strcmp(what, "mark-failed") == 0)
		replay_conclude(cell, ENGINE_FAILED);
	else
		replay_conclude(cell, ENGINE_PENDING);
	replay_set_note(cell, rec->text, rec->text_len);
}

/* SKIP names several hosts: "h1 h2". */
static void
replay_skip(struct engine *e, const struct journal_record *rec)
{
	size_t step = engine_step_index(e, rec->step);
	char *hosts;
	char *save = NULL;

	if (step == ENGINE_NONE || rec->host == NULL)
		return;
	hosts = xstrdup(rec->host);
	for (char *h = strtok_r(hosts, " ", &save); h != NULL;
	     h = strtok_r(NULL, " ", &save)) {
		size_t host = engine_host_index(e, h);
		struct engine_cell *cell;

		if (host == ENGINE_NONE)
			continue;
		cell = engine_cell_at(e, step, host);
		replay_conclude(cell, ENGINE_SKIPPED);
		replay_set_note(cell, rec->text, rec->text_len);
	}
	free(hosts);
}

static size_t
replay_phase(struct engine *e, const char *id)
{
	for (size_t p = 0; id != NULL && p < e->rb->n_phases; p++)
		if (strcmp(e->rb->phases[p].id, id) == 0 &&
		    e->rb->phases[p].rolling)
			return p;
	return ENGINE_NONE;
}

static void
replay_batch(struct engine_rolling *r, struct engine *e, const char *text)
{
	char *hosts = xstrdup(text);
	char *save = NULL;

	free(r->batch);
	r->batch = xcalloc(e->n_hosts + 1, sizeof *r->batch);
	r->n_batch = 0;
	for (char *h = strtok_r(hosts, " ", &save); h != NULL;
	     h = strtok_r(NULL, " ", &save)) {
		size_t host = engine_host_index(e, h);

		if (host != ENGINE_NONE && r->n_batch < e->n_hosts)
			r->batch[r->n_batch++] = host;
	}
	r->batch_no++;
	free(hosts);
}

static void
replay_note(struct engine *e, const struct journal_record *rec)
{
	size_t p = replay_phase(e, rec->step);
	char *text;

	if (p == ENGINE_NONE || rec->what == NULL || rec->text == NULL)
		return;
	text = xstrndup(rec->text, rec->text_len);
	if (strcmp(rec->what, "batch-size") == 0) {
		size_t size = strtoul(text, NULL, 10);

		if (size > 0) {
			e->rolling[p].size = size;
			e->rolling[p].size_chosen = true;
		}
	} else if (strcmp(rec->what, "batch") == 0) {
		replay_batch(&e->rolling[p], e, text);
	}
	free(text);
}

static bool
replay_concerns_cell(const struct journal_record *rec)
{
	return rec->host != NULL && rec->what != NULL &&
	       strcmp(rec->what, "gate") != 0;
}

static int
replay_record(void *ctx, const struct journal_record *rec)
{
	struct replay *r = ctx;
	struct engine *e = r->e;
	struct engine_cell *cell = NULL;
	size_t step, host;

	if (rec->kind == JOURNAL_START || rec->kind == JOURNAL_FINISH ||
	    rec->kind == JOURNAL_DECIDE)
		if (replay_concerns_cell(rec))
			cell = replay_cell(e, rec, &step, &host);
	switch (rec->kind) {
	case JOURNAL_START:
		if (cell != NULL)
			replay_start(cell, rec);
		break;
	case JOURNAL_FINISH:
		if (cell != NULL)
			replay_finish(cell, rec);
		break;
	case JOURNAL_DECIDE:
		if (cell != NULL)
			replay_decide(cell, rec);
		break;
	case JOURNAL_SKIP:
		replay_skip(e, rec);
		break;
	case JOURNAL_NOTE:
		replay_note(e, rec);
		break;
	case JOURNAL_CONFIRM:
	case JOURNAL_OVERRIDE:
	case JOURNAL_HOSTKEY:
		break;
	}
	return 0;
}

/* A cell the journal left running is unknown when a START has no FINISH
 * or a changing action ran and the step never concluded: what it did is
 * for the operator to judge.  A read-only START without its FINISH is
 * unknown too, said to be safe to run again.  A cell where only
 * read-only commands ran, each to its end, changed nothing: pending. */
static void
replay_settle(struct engine_cell *cell)
{
	char *note;

	if (cell->state != ENGINE_RUNNING)
		return;
	if (!cell->open && !cell->action_ran) {
		free(cell->note);
		cell->note = xasprintf("only read-only commands ran (the last: "
				       "%s), then the program stopped; nothing "
				       "that changes the host was sent",
				       cell->open_what);
		cell->state = ENGINE_PENDING;
		return;
	}
	cell->state = ENGINE_UNKNOWN;
	if (!cell->open)
		return;
	if (!engine_what_read_only(cell->open_what)) {
		replay_mark_lost(cell);
		return;
	}
	note = xasprintf("%s%sthe read-only %s was running and its outcome "
			 "was not recorded (running it again is safe): %s",
			 cell->note != NULL ? cell->note : "",
			 cell->note != NULL ? "; then " : "",
			 cell->open_what, cell->open_text);
	free(cell->note);
	cell->note = note;
	cell->open = false;
}

int
engine_replay(struct engine *e, struct ou_error *err)
{
	struct replay r = { .e = e };

	if (journal_replay(e->opt.journal, replay_record, &r, err) < 0)
		return -1;
	for (size_t i = 0; i < e->n_steps * e->n_hosts; i++)
		replay_settle(&e->cells[i]);
	return 0;
}
