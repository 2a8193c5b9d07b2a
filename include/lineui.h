/* lineui: the engine in a plain terminal (openstack-upgrade run --line).
 *
 * It prints each unit as the plan shows it, reads the operator's answer
 * from the terminal (y, n/skip with a reason, quit, and retry, re-run,
 * mark done, mark failed, override, batch size, migration mode where the
 * engine asks for them), streams each host's output as it arrives with
 * the host's name in front of every line, and ends with a summary.
 * Nothing here answers for the operator: every answer is a line typed on
 * the terminal.  This is an interface: it decides nothing, the engine
 * does (include/engine.h).
 *
 * Signals: SIGINT, SIGTERM and SIGHUP must be blocked in every thread
 * (block them before engine_new() starts any worker); lineui reads them
 * through a signalfd.  The first asks the engine to stop after what is
 * running; a second quits at once (the journal then shows the running
 * actions as unknown, to be decided on the next run). */
#ifndef OU_LINEUI_H
#define OU_LINEUI_H

#include <stdbool.h>
#include <stdio.h>

#include "engine.h"
#include "plan.h"

struct lineui;

/* in_fd is the terminal the answers are read from; out gets everything. */
struct lineui *lineui_new(const struct plan *plan, int in_fd, FILE *out);
void lineui_free(struct lineui *ui);

/* The engine's event callback; ctx is the struct lineui. */
void lineui_event(void *ctx, const struct engine_event *ev);

/* Drive the engine until the upgrade is done or the operator stops.
 * Returns 0 when every step is done or skipped, 1 otherwise. */
int lineui_run(struct lineui *ui, struct engine *e);
/* True when the operator asked twice to stop: leave without waiting for
 * the running commands (the next run finds them unknown). */
bool lineui_abandoned(const struct lineui *ui);

#endif
