/* drive: the engine in the wizard's loop.
 *
 * The engine's workers report through a descriptor; when it is
 * readable the loop calls engine_dispatch(), whose events go to the
 * screens' models (ui/engineview.h) at once.  What the screens are told
 * waits for the end of the pass: drive_sync() takes the engine's new
 * question, if it asks one, and tells the screens what moved, so ten
 * reports in one pass cost one redraw.  A question that comes while the
 * operator looks at another screen is announced on the bottom line.
 *
 * Quitting: with nothing running, at once.  While commands run, the
 * operator is asked; yes stops the engine (what runs finishes, nothing
 * new starts) and the wizard leaves when the last command ends; quit
 * again and it leaves at once, abandoning them (the journal shows them
 * unknown, to decide on the next run). */
#ifndef OU_UI_DRIVE_H
#define OU_UI_DRIVE_H

#include <stdbool.h>

#include "loop.h"
#include "screen.h"

/* After the engine was made: the journal's states into the model, its
 * first question, its descriptor into the loop. */
void drive_start(struct ui *ui, struct loop *loop);
/* At the end of each pass: LOOP_* flags, LOOP_QUIT once a quit asked
 * while commands ran may happen. */
unsigned drive_sync(struct ui *ui);
/* What drive_start() and drive_sync() allocated. */
void drive_release(struct ui *ui);
/* True while commands or API calls run. */
bool drive_busy(const struct ui *ui);
/* q, ^C, SIGTERM: quit now, ask, or leave at once (see above).  ask:
 * whether the operator can be asked (false for a signal from outside:
 * it stops the engine and waits). */
unsigned drive_quit(struct ui *ui, bool ask);

#endif
