#!/usr/bin/env bash
# A compute whose package upgrade fails (the lab's fail-next-yum hook,
# armed just before compute2's upgrade is confirmed) stops its batch
# (compute1 and compute2, batch size 2): the tool says what failed, that
# compute2 stays disabled in Nova and what to do, and stops.  Nova shows
# both computes of the batch still disabled.  Run again (the cause is
# gone: the hook fails once), the failure is retried and the rollout and
# the upgrade finish; `lab check` passes.
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"

# shellcheck disable=SC2317 # called through expect
status_is() { [[ $(service_state "$1") == "$2"* ]]; }

engine_setup 1800
arm="touch $OU_LAB_STATE/hosts/compute2/fail-next-yum"
run_line --batch 2 --migration none --on-failed quit \
  --hook "Upgrade the Nova packages on the compute.*compute2=$arm"
expect "the run stopped at the failure" test "$RC" = 1
expect "it names the failed step and host" grep -qE "Step compute-upgrade .* failed on:" "$LOG"
expect "it says compute2 stays disabled" grep -q "compute2 stays disabled in Nova" "$LOG"
expect "it says the batch stops" grep -q "The batch (compute1 compute2) stops here" "$LOG"
expect "it says what to do" grep -q "What to do:" "$LOG"
expect "Nova: compute2 is disabled" status_is compute2 disabled
expect "Nova: compute1 (same batch) is still disabled" status_is compute1 disabled
expect "Nova: compute3 (next batch) was not touched" status_is compute3 enabled
run_line --batch 2 --migration none --on-failed retry
if ((RC == 0)); then pass "resumed, retried and finished"; else fail "resume: exit $RC"; tail -40 "$LOG"; fi
expect "the resume showed the failure again first" grep -q "failed on:" "$LOG"
check_end_state
lab_finish
