#!/usr/bin/env bash
# Crash and resume: the tool is killed with SIGKILL as soon as its journal
# holds N records, for a sample of N across one whole lab upgrade, and run
# again each time.  Whatever was running when it died comes back unknown
# and is decided after its probe; the upgrade then finishes, `lab check`
# passes, and the audit finds no command that ran without a confirmation
# before it, nor one run twice on one confirmation.
#
#   OU_ENGINE_CRASH_POINTS="N ..."  the record counts to kill at (default:
#                                   a sample through the whole upgrade)
#   OU_ENGINE_CRASH_MATRIX=full     the nightly matrix instead: for every
#                                   N from 1 to the length of a clean
#                                   run, a fresh lab killed at N, resumed
#                                   to the end and checked (hours)
#
# The sample runs in the default suite.  A kill that drops the link while
# yum runs can cut the transaction short (yum dies of SIGPIPE on its next
# line of output); the package steps' probes ask `yum check-update` for
# their globs as well as rpm for one package's version, so the resumed
# run re-runs such a step instead of taking the host for upgraded
# (tests/lab/yum-rpmnew.sh cuts one short on purpose).
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"

resume_to_end() {
  local tries=0
  run_line --batch 1 --migration none --on-failed quit
  while ((RC != 0 && tries < 3)); do
    tries=$((tries + 1))
    run_line --batch 1 --migration none --on-failed quit
  done
}

sample() {
  local points=${OU_ENGINE_CRASH_POINTS:-"12 45 97 160 233 318 410 515 640 760 880 1000 1120"} n
  for n in $points; do
    run_line --batch 1 --migration none --on-failed quit --kill-at "$n" --journal "$JOURNAL"
    if ((RC == 137)); then
      pass "killed at $n journal records"
    elif ((RC == 0)); then
      pass "finished before $n records"
      break
    else
      fail "run before the kill at $n: exit $RC"
      tail -30 "$LOG"
      return
    fi
  done
  resume_to_end
  if ((RC == 0)); then pass "resumed to the end"; else fail "resume: exit $RC"; tail -40 "$LOG"; fi
  expect "a resume found an unknown outcome and probed it" grep -q "the outcome is unknown" "$SCRATCH"/run-*.log
  check_end_state
}

matrix() {
  local n total
  run_line --batch 1 --migration none --on-failed quit
  ((RC == 0)) || { fail "clean run: exit $RC"; return; }
  total=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from records').fetchone()[0])" "$JOURNAL")
  for ((n = 1; n <= total; n++)); do
    timeout 300 "$LAB" reset >/dev/null 2>&1 || { fail "reset before $n"; return; }
    rm -rf "$JDIR" "$SCRATCH/known_hosts"
    run_line --batch 1 --migration none --on-failed quit --kill-at "$n" --journal "$JOURNAL"
    resume_to_end
    ((RC == 0)) || { fail "kill at $n: resume exit $RC"; continue; }
    check_end_state
  done
}

if [[ ${OU_ENGINE_CRASH_MATRIX-} == full ]]; then
  engine_setup 400000
  matrix
else
  engine_setup 3600
  sample
fi
lab_finish
