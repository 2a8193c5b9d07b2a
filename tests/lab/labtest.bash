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
UP_LIMIT=${OU_LAB_UP_TIMEOUT:-1500} # s for a bring-up (from bare packages: minutes)

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
  OUT=$(timeout 120 "${SSH[@]}" "$host" "$@" </dev/null 2>&1) || RC=$?
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
    timeout 300 "$LAB" reset >/dev/null 2>&1 || printf 'warning: lab reset failed at the end\n'
  else
    timeout 180 "$LAB" down >/dev/null 2>&1 || true
  fi
  exit "$rc"
}

nova_on() { [[ $(cat "${OU_LAB_STATE:-$REPO/lab/state}/nova.mode" 2>/dev/null) == on ]]; }

# hosts_up: every sshd host of the lab runs (the plane may be partly down).
hosts_up() {
  local out
  out=$("$LAB" status 2>/dev/null || true)
  grep -qE '^lab: status: ([0-9]+)/\1 hosts up' <<<"$out"
}

# lab_lock: one lab test at a time (they reset and drive the one lab). The
# lock is fd 8 on <state>/test.lock; the lab closes inherited descriptors,
# so no daemon it starts keeps the lock.
lab_lock() {
  local state=${OU_LAB_STATE:-$REPO/lab/state}
  mkdir -p "$state"
  exec 8>>"$state/test.lock"
  flock -w "${OU_LAB_LOCK_WAIT:-3600}" 8 || skip "another test held the lab for ${OU_LAB_LOCK_WAIT:-3600} s"
}

# watchdog LIMIT: TERM this test after LIMIT s; its sleep ends with it.
watchdog() {
  (
    exec 8>&-
    trap 'kill $nap 2>/dev/null; exit 0' TERM
    sleep "$1" &
    nap=$!
    wait "$nap"
    printf 'FAIL: time limit %s s reached\n' "$1"
    kill -TERM $$
  ) </dev/null &
  WATCHDOG=$!
}

# lab_setup [LIMIT-SECONDS [nova]]: LIMIT bounds the test after the bring-up;
# "nova": the test needs the lab's Nova plane (skipped on a lab run with
# --no-nova).
lab_setup() {
  local limit=${1:-300} want=${2:-} out
  [[ $(id -u) == 0 ]] || skip "the lab needs root (namespaces, port 22)"
  unshare -m -u --propagation private true 2>/dev/null || skip "cannot create mount/UTS namespaces here"
  lab_lock
  trap lab_teardown EXIT
  trap 'exit 1' TERM INT
  if hosts_up; then
    WAS_UP=1
    if [[ $want == nova ]] && ! nova_on; then
      skip "the running lab has no Nova plane (it was brought up with --no-nova)"
    fi
  fi
  # $(...) also proves no daemon keeps the caller's stdout open
  if ((WAS_UP)) && "$LAB" status >/dev/null 2>&1; then
    :
  elif ((WAS_UP)) && ! nova_on; then
    out=$(timeout "$UP_LIMIT" "$LAB" up --no-nova 2>&1) || { printf 'FAIL: lab up\n%s\n' "$out"; exit 1; }
  else
    out=$(timeout "$UP_LIMIT" "$LAB" up 2>&1) || { printf 'FAIL: lab up\n%s\n' "$out"; exit 1; }
  fi
  watchdog "$limit"
  out=$(timeout 300 "$LAB" reset 2>&1) || { printf 'FAIL: lab reset\n%s\n' "$out"; exit 1; }
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

# inv_hosts_with ROLE: inventory hosts having ROLE.
inv_hosts_with() {
  awk -v r="$1" '
    /^ *- name:/ { name = $3 }
    /^ *roles:/ { line = $0; sub(/^ *roles: *\[/, "", line); sub(/\].*/, "", line)
                  n = split(line, a, /, */); for (i = 1; i <= n; i++) if (a[i] == r) print name }
  ' "$OU_LAB_INVENTORY"
}

inv_hosts() { awk '/^ *- name:/ { print $3 }' "$OU_LAB_INVENTORY"; }

# ---- the real Nova API, with curl (the lab admin's credentials) ------------

TOKEN=""

# token: a project-scoped admin token from the lab's Keystone (TOKEN).
token() {
  local body
  [[ -n $TOKEN ]] && return 0
  body=$(jq -nc --arg u "$OS_USERNAME" --arg p "$OS_PASSWORD" --arg pr "$OS_PROJECT_NAME" \
    '{auth: {identity: {methods: ["password"], password: {user: {name: $u, domain: {id: "default"}, password: $p}}},
      scope: {project: {name: $pr, domain: {id: "default"}}}}}')
  TOKEN=$(curl -s -D - -o /dev/null --max-time 15 -H 'Content-Type: application/json' -d "$body" \
    "${OS_AUTH_URL%/}/auth/tokens" | tr -d '\r' | awk 'tolower($1) == "x-subject-token:" { print $2 }')
  [[ -n $TOKEN ]]
}

# nova METHOD PATH [BODY]: the compute API (2.1); body on stdout; fails unless 2xx.
nova() {
  local out code
  token || return 1
  local -a args=(-s --max-time 30 -X "$1" -H "X-Auth-Token: $TOKEN" -H 'Accept: application/json' -w '\n%{http_code}')
  [[ -n ${3-} ]] && args+=(-H 'Content-Type: application/json' -d "$3")
  out=$(curl "${args[@]}" "http://127.0.0.1:8774/v2.1$2") || return 1
  code=${out##*$'\n'}
  printf '%s\n' "${out%$'\n'*}"
  [[ $code == 2?? ]]
}

# service_state HOST [BINARY]: "status state" of a Nova service.
service_state() {
  nova GET "/os-services?host=$1&binary=${2:-nova-compute}" | jq -r '.services[0] | "\(.status) \(.state)"'
}

nova_disable() {
  nova PUT /os-services/disable-log-reason \
    "$(jq -nc --arg h "$1" --arg r "${2:-upgrade to Juno}" '{host: $h, binary: "nova-compute", disabled_reason: $r}')" >/dev/null
}

nova_enable() {
  nova PUT /os-services/enable "$(jq -nc --arg h "$1" '{host: $h, binary: "nova-compute"}')" >/dev/null
}

# wait_state HOST BINARY STATE LIMIT: until the service reads STATE (up|down).
wait_state() {
  local end=$((SECONDS + $4))
  while ((SECONDS < end)); do
    [[ $(service_state "$1" "$2" 2>/dev/null) == *" $3" ]] && return 0
    sleep 0.5
  done
  return 1
}
