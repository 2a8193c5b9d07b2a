# shellcheck shell=bash
# Helpers for the lab tests (sourced; not a test itself).
# Each test: lab_setup (brings the lab up or reuses a running one, then
# resets it), checks, lab_finish. On exit the lab is reset and left up if it
# was up before, else stopped.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB=$REPO/lab/lab
FAILS=0
WAS_UP=0
WATCHDOG=""

fail() { printf 'FAIL: %s\n' "$*"; FAILS=$((FAILS + 1)); }
pass() { printf 'ok: %s\n' "$*"; }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

# expect DESCRIPTION COMMAND...: pass if the command succeeds.
expect() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# on HOST COMMAND: run COMMAND on a lab host (bounded); sets OUT and RC.
on() {
  local host=$1
  shift
  RC=0
  OUT=$(timeout 60 "${SSH[@]}" "$host" "$@" </dev/null 2>&1) || RC=$?
}

# must HOST COMMAND: like on, but a failure aborts the test.
must() {
  on "$@"
  if ((RC != 0)); then
    printf 'FAIL: on %s: %s: exit %s\n%s\n' "$1" "$2" "$RC" "$OUT"
    exit 1
  fi
}

lab_teardown() {
  local rc=$?
  [[ -n $WATCHDOG ]] && kill "$WATCHDOG" 2>/dev/null
  if ((WAS_UP)); then
    timeout 60 "$LAB" reset >/dev/null 2>&1 || true
  else
    timeout 120 "$LAB" down >/dev/null 2>&1 || true
  fi
  exit "$rc"
}

# lab_setup [LIMIT-SECONDS]
lab_setup() {
  local limit=${1:-300} out
  [[ $(id -u) == 0 ]] || skip "the lab needs root (namespaces, port 22)"
  unshare -m -u --propagation private true 2>/dev/null || skip "cannot create mount/UTS namespaces here"
  (sleep "$limit"; printf 'FAIL: time limit %s s reached\n' "$limit"; kill -TERM $$) </dev/null >/dev/null 2>&1 &
  WATCHDOG=$!
  trap lab_teardown EXIT
  trap 'exit 1' TERM INT
  if "$LAB" status >/dev/null 2>&1; then
    WAS_UP=1
  else
    # $(...) also proves no daemon keeps the caller's stdout open
    out=$(timeout 240 "$LAB" up 2>&1) || { printf 'FAIL: lab up\n%s\n' "$out"; exit 1; }
  fi
  out=$(timeout 60 "$LAB" reset 2>&1) || { printf 'FAIL: lab reset\n%s\n' "$out"; exit 1; }
  eval "$("$LAB" env)"
  SSH=(ssh -F "$OU_LAB_SSH_CONFIG" -o UserKnownHostsFile="$OU_LAB_KNOWN_HOSTS")
  COMPUTES=()
  mapfile -t COMPUTES < <(awk '/^ *- name: compute/ { print $3 }' "$OU_LAB_INVENTORY")
  ((${#COMPUTES[@]} >= 2)) || skip "the running lab has fewer than 2 computes"
}

lab_finish() {
  if ((FAILS)); then
    printf '%d check(s) failed\n' "$FAILS"
    exit 1
  fi
  exit 0
}

hostdir() { printf '%s/hosts/%s\n' "$OU_LAB_STATE" "$1"; }
juno_file() { printf '%s/lab/files/juno%s\n' "$REPO" "$1"; }

# hosts_with ROLE: inventory hosts having ROLE.
inv_hosts_with() {
  awk -v r="$1" '
    /^ *- name:/ { name = $3 }
    /^ *roles:/ { line = $0; sub(/^ *roles: *\[/, "", line); sub(/\].*/, "", line)
                  n = split(line, a, /, */); for (i = 1; i <= n; i++) if (a[i] == r) print name }
  ' "$OU_LAB_INVENTORY"
}

inv_hosts() { awk '/^ *- name:/ { print $3 }' "$OU_LAB_INVENTORY"; }
