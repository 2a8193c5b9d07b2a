#!/usr/bin/env bash
# The whole built-in runbook on the lab through `run --line`, every
# confirmation answered on a pseudo-terminal (host keys accepted, batch
# size 1, instances left in place): the tool finishes, `lab/lab check`
# passes, every command in the lab's ssh log has a confirmation in the
# journal before it, status and log read the journal.
# Exit 0 pass, 1 fail, 77 skip (no lab: not root, no namespaces, no binary).
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"

engine_setup 1800
run_line --batch 1 --migration none --on-failed quit
if ((RC == 0)); then pass "run --line finished the upgrade"; else fail "run --line: exit $RC"; tail -40 "$LOG"; fi
expect "host keys were shown and accepted" grep -q "Accept this key?" "$LOG"
expect "known_hosts written" test -s "$SCRATCH/known_hosts"
expect "the summary ends the run" grep -q "The upgrade is finished" "$LOG"
check_end_state
# The site's passwords (the lab's site.env): value-from steps copy Nova's
# on the hosts; none may reach the journal.
# shellcheck disable=SC2317 # called through expect
no_secret() {
  local pw
  while read -r pw; do
    if grep -qF -- "$pw" "$SCRATCH/log.txt"; then
      printf 'a password of site.env is in the journal\n'
      return 1
    fi
  done < <(sed -n 's/^CONFIG_[A-Z_]*_PW=//p' "$OU_LAB_STATE/site.env")
}

"$BIN" log --full --journal-dir "$JDIR" >"$SCRATCH/log.txt" 2>&1 || true
expect "log shows who confirmed" grep -qE '^.{19}  confirm .* by [^ ]+@' "$SCRATCH/log.txt"
expect "the journal holds none of the site's passwords" no_secret
lab_finish
