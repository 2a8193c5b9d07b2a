#!/usr/bin/env bash
# The whole built-in runbook on the lab through the wizard, by keys in a
# tmux window, as an operator would (tests/ui/wizdrive.bash): every step
# confirmed on the Now screen after it was shown, host keys accepted,
# the .rpmnew lists acknowledged, the runbook's batch size, instances
# left in place.  Then: the wizard says it is finished and ends on q,
# `lab/lab check` passes, every command in the lab's ssh log was
# confirmed in the journal first, and status agrees.
# Exit 0 pass, 1 fail, 77 skip (no lab: not root, no namespaces; no
# tmux; no binary).
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"
# shellcheck source=tests/ui/wizdrive.bash
source "$REPO/tests/ui/wizdrive.bash"

command -v tmux >/dev/null || skip "no tmux to drive the wizard in"
LIMIT=${OU_WIZARD_E2E_LIMIT:-2400}
engine_setup "$LIMIT"
WIZ_DIR=$SCRATCH
trap 'wiz_stop; engine_cleanup; lab_teardown' EXIT

wiz_start 120 40 env LANG=C.UTF-8 TERM=screen-256color \
	XDG_STATE_HOME="$SCRATCH/state" "$BIN" --inventory "$SCRATCH/inventory.yaml" \
	--journal-dir "$JDIR"
if wiz_wait 'Run this step\?' 60; then
	pass "the wizard opened on the first step to confirm"
else
	fail "the wizard did not show a first step:"
	wiz_screen
fi

wiz_drive_until '^ Finished' $((LIMIT - 120))
rc=$?
if ((rc == 0)); then
	pass "every question answered by keys; the wizard says the upgrade is finished"
else
	fail "the wizard did not finish (driver: $rc); its screen and the last answers:"
	wiz_screen
	tail -n 20 "$WIZ_LOG"
fi
total=$(wiz_screen | sed -n '1s/.* \([0-9]*\) of \([0-9]*\) finished.*/\1 \2/p')
expect "the top line counts every unit finished ($total)" \
	test -n "$total" -a "${total% *}" = "${total#* }"
wiz_keys q
status=$(wiz_ended 30)
expect "q ends the wizard at once, status 0 (${status:-still running})" \
	test "$status" = 0
[ -n "$status" ] || wiz_stuck_report
check_end_state
expect "host keys were accepted into the inventory's known_hosts" \
	test -s "$SCRATCH/known_hosts"
lab_finish
