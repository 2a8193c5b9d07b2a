/* fuzz_runbook: the runbook loader on arbitrary bytes.
 *
 * Every input must either load or be refused with a message; a crash, a
 * leak or undefined behaviour is a bug in runbook.c or yamldoc.c.  What
 * loads must also keep the loader's promises, checked here so that the
 * fuzzer finds a runbook that breaks them. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Ids are unique, so each step is the one its id finds; every step has
 * at least one successful exit status. */
static void
fuzz_check_runbook(const struct runbook *rb)
{
	for (size_t p = 0; p < rb->n_phases; p++)
		for (size_t s = 0; s < rb->phases[p].n_steps; s++) {
			const struct rb_step *step = &rb->phases[p].steps[s];
			const struct rb_phase *phase = NULL;

			if (runbook_find_step(rb, step->id, &phase) != step ||
			    phase != &rb->phases[p] || step->n_ok_exit == 0 ||
			    strlen(rb_action_kind_name(step->action.kind)) == 0)
				abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct runbook *rb = NULL;
	struct ou_error err;

	if (runbook_load_buffer("fuzz.yaml", (const char *)data, size, &rb,
				&err) == 0) {
		fuzz_check_runbook(rb);
		runbook_free(rb);
	}
	return 0;
}
