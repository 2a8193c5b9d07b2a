# shellcheck shell=bash
# Helpers of the engine's lab tests (sourced; not a test itself): the
# lab (labtest.bash), the binary, a scratch inventory whose known_hosts
# starts empty, and `run --line` driven through a pseudo-terminal by
# tests/tools/linedrive.py.
# shellcheck source=tests/lab/labtest.bash
source "$(dirname "${BASH_SOURCE[0]}")/labtest.bash"

BIN=${OU_BIN:-$REPO/build/test/openstack-upgrade}
DRIVE=(python3 "$REPO/tests/tools/linedrive.py")
AUDIT=(python3 "$REPO/tests/lab/engine_audit.py")
SCRATCH=""
RUNS=0

engine_cleanup() {
  [[ -n $SCRATCH && -z ${OU_ENGINE_KEEP-} ]] && rm -rf "$SCRATCH"
  return 0
}

# The test's exit status goes through to lab_teardown, which exits with it.
engine_teardown() {
  local rc=$?
  engine_cleanup
  (exit "$rc")
  lab_teardown
}

# engine_setup LIMIT: the lab with its Nova, reset; a scratch dir with the
# inventory (known_hosts there, empty) and the journal directory.
engine_setup() {
  [[ -x $BIN ]] || skip "no binary at $BIN (set OU_BIN)"
  command -v python3 >/dev/null || skip "no python3 for the pseudo-terminal"
  lab_setup "$1" nova
  SCRATCH=$(mktemp -d /tmp/ou-engine-lab-XXXXXX)
  trap engine_teardown EXIT
  sed -e "s|^  known-hosts: .*|  known-hosts: $SCRATCH/known_hosts|" \
    "$OU_LAB_INVENTORY" >"$SCRATCH/inventory.yaml"
  JDIR=$SCRATCH/journal
  JOURNAL=$JDIR/journal.sqlite
  printf 'scratch: %s\n' "$SCRATCH"
}

# run_line [DRIVER OPTIONS...]: one run of the tool; RC and LOG set.
run_line() {
  RUNS=$((RUNS + 1))
  LOG=$SCRATCH/run-$RUNS.log
  RC=0
  timeout 2400 "${DRIVE[@]}" --log "$LOG" --timeout 2300 "$@" -- \
    "$BIN" run --line -i "$SCRATCH/inventory.yaml" --journal-dir "$JDIR" \
    </dev/null >/dev/null 2>&1 || RC=$?
  printf 'run %d: exit %d (%s)\n' "$RUNS" "$RC" "$LOG"
}

# check_audit [SINCE]: every command in the lab's ssh log (since the epoch
# time SINCE) was confirmed in the journal before it.
# shellcheck disable=SC2120 # SINCE is optional
check_audit() {
  local out
  if out=$("${AUDIT[@]}" "$JOURNAL" "$OU_LAB_STATE/log/ssh-commands.log" "$@" 2>&1); then
    pass "every command in the ssh log was confirmed first (${out##*audit: })"
  else
    fail "audit of the ssh log against the journal:"
    printf '%s\n' "$out" | head -40
  fi
}

# check_status [RUN OPTION...]: `status` says every step is done (the
# options name the runbook when it is not the built-in one).
# shellcheck disable=SC2120 # the options are optional
check_status() {
  local out
  out=$("$BIN" status -i "$SCRATCH/inventory.yaml" --journal-dir "$JDIR" "$@" 2>&1) || true
  if grep -q 'Every step is done or skipped' <<<"$out" &&
    ! grep -qE ' (skipped|failed|unknown|pending):' <<<"$out"; then
    pass "status: every step done on every host, none skipped"
  else
    fail "status:"
    printf '%s\n' "$out" | tail -40
  fi
}

# The lab's oracle, the audit of ssh log against journal, and the status.
check_end_state() {
  local out
  if out=$(timeout 300 "$LAB" check 2>&1); then
    pass "lab check: $out"
  else
    fail "lab check:"
    printf '%s\n' "$out" | head -40
  fi
  # shellcheck disable=SC2119 # the whole log, the built-in runbook
  check_audit
  # shellcheck disable=SC2119
  check_status
}
