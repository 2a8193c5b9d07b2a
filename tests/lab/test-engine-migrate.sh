#!/usr/bin/env bash
# The whole upgrade with live migrations: compute1 keeps its servers (no
# compute runs Juno yet), compute2's and compute3's are moved by the
# planner to computes already upgraded, after the warning of nova bug
# 1250751 (the RPC cap) and a confirmation listing every move.  Then
# `lab check` passes (it fails a migration to a compute not upgraded)
# and every server is ACTIVE.
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"

# servers_on HOST: how many lab servers Nova places on HOST.
servers_on() {
  nova GET "/servers/detail?all_tenants=1&host=$1" | jq '.servers | length'
}

# warned_before_moving: the bug warning comes before the first move.
# shellcheck disable=SC2317 # called through expect
warned_before_moving() {
  local warn move
  warn=$(grep -n -m1 'nova bug 1250751' "$LOG" | cut -d: -f1)
  move=$(grep -n -m1 '\] migrate > nova: live-migrate' "$LOG" | cut -d: -f1)
  [[ -n $warn && -n $move ]] && ((warn < move))
}

engine_setup 1800
run_line --batch 1 --migration none,live --on-failed quit
if ((RC == 0)); then pass "run --line finished with live migrations"; else fail "exit $RC"; tail -40 "$LOG"; fi
expect "the planner's moves were shown before they ran" \
  grep -q 'live-migrate instance lab-compute2-1 .* from compute2 to compute1' "$LOG"
expect "the bug 1250751 warning came before the first move" warned_before_moving
expect "compute3's servers left it" test "$(servers_on compute3)" = 0
check_end_state
lab_finish
