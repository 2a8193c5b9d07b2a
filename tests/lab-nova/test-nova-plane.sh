#!/bin/bash
# Checks the lab's real Nova control plane (lab/nova/novalab) through its API:
# computes up, a stopped compute reads down within service_down_time, it comes
# back up, the lab servers are ACTIVE, and the Juno-era legacy
# disable-log-reason / enable calls work.  Exit 0 pass, 1 fail, 77 skip.
# Leaves the plane as it found it (down if it was down).
set -euo pipefail

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NOVALAB=$HERE/../../lab/nova/novalab
NOVA=http://127.0.0.1:8774/v2.1
KEYSTONE=http://127.0.0.1:5000/v3
SERVICE_DOWN_TIME=6 # as in novalab's nova.conf
DOWN_MARGIN=10      # s on top of service_down_time (SIGTERM exit ~1-4 s)
UP_LIMIT=60         # s for a restarted compute to report up
UP_TIMEOUT=${OU_LAB_NOVA_UP_TIMEOUT:-1200} # s for a bring-up (bare: apt ~90 s)
VICTIM=compute2
REASON="lab test: rolling upgrade step"

PASS=0
FAIL=0
TOKEN=
STOPPED_VICTIM=0
DISABLED=0
WAS_DEAD=()
ANY_ALIVE=0

skip() { echo "SKIP: $*"; exit 77; }
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
quiet() { "$@" >/dev/null 2>&1; }
say_run() { "$@" 2>&1 | sed 's/^/  /'; return "${PIPESTATUS[0]}"; }
check() { # check DESCRIPTION CMD...
    local what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}

[[ $(id -u) == 0 ]] || skip "needs root (installs packages, runs daemons)"
for tool in dpkg-query apt-get; do command -v "$tool" >/dev/null || skip "needs Debian ($tool)"; done
[[ -x $NOVALAB ]] || { echo "missing $NOVALAB"; exit 1; }
for tool in curl jq; do command -v "$tool" >/dev/null || skip "needs $tool"; done

restore() {
    local name
    if (( DISABLED )); then
        api PUT "$NOVA/os-services/enable" '{"host":"compute1","binary":"nova-compute"}' >/dev/null || true
    fi
    if (( STOPPED_VICTIM )); then "$NOVALAB" start-service "nova-compute-$VICTIM" >/dev/null 2>&1 || true; fi
    if (( ! ANY_ALIVE )); then
        timeout 120 "$NOVALAB" down >/dev/null 2>&1 || echo "warning: novalab down failed"
    else
        for name in "${WAS_DEAD[@]}"; do
            "$NOVALAB" stop-service "$name" >/dev/null 2>&1 || true
        done
    fi
}

get_token() {
    local body='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"admin"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}'
    TOKEN=$(curl -s -D - -o /dev/null --max-time 15 -H 'Content-Type: application/json' \
        -d "$body" "$KEYSTONE/auth/tokens" | tr -d '\r' |
        awk 'tolower($1) == "x-subject-token:" { print $2 }')
    [[ -n $TOKEN ]]
}

# api METHOD URL [BODY]: body on stdout; fails unless HTTP 2xx.
api() {
    local out code
    local -a args=(-s --max-time 30 -X "$1" -H "X-Auth-Token: $TOKEN"
        -H 'Accept: application/json' -w '\n%{http_code}')
    [[ -n ${3:-} ]] && args+=(-H 'Content-Type: application/json' -d "$3")
    out=$(curl "${args[@]}" "$2") || return 1
    code=${out##*$'\n'}
    printf '%s\n' "${out%$'\n'*}"
    [[ $code == 2?? ]] || { echo "  $1 $2 -> HTTP $code" >&2; return 1; }
}

# state_of HOST: "state status updated_at disabled_reason" of HOST's nova-compute
state_of() {
    api GET "$NOVA/os-services?binary=nova-compute&host=$1" |
        jq -r '.services[0] | "\(.state) \(.status) \(.updated_at) \(.disabled_reason)"'
}

# poll LIMIT CMD...: every 0.5 s until CMD succeeds or LIMIT seconds pass.
poll() {
    local end=$((EPOCHSECONDS + $1))
    shift
    until "$@"; do
        (( EPOCHSECONDS < end )) || return 1
        sleep 0.5
    done
}

is_state() { local s; s=$(state_of "$1") && [[ ${s%% *} == "$2" ]]; }

is_up_since() {
    local s state updated
    s=$(state_of "$1") || return 1
    read -r state _ updated _ <<<"$s"
    [[ $state == up && ${updated:0:19} > "$2" ]]
}

all_computes_up() {
    local rows host
    rows=$(api GET "$NOVA/os-services?binary=nova-compute" |
        jq -r '.services[] | select(.state == "up") | .host') || return 1
    for host in "${COMPUTES[@]}"; do
        grep -qx "$host" <<<"$rows" || { echo "  $host is not up" >&2; return 1; }
    done
}

servers_active() {
    local rows host
    rows=$(api GET "$NOVA/servers/detail?all_tenants=1" |
        jq -r '.servers[] | select(.name | startswith("lab-")) | "\(.name) \(."OS-EXT-SRV-ATTR:host") \(.status)"') || return 1
    printf '  %s\n' "${rows//$'\n'/$'\n'  }"
    [[ -n $rows ]] || return 1
    awk '$3 != "ACTIVE" { bad = 1 } END { exit bad }' <<<"$rows" || return 1
    for host in "${COMPUTES[@]}"; do
        awk -v h="$host" '$2 == h { f = 1 } END { exit !f }' <<<"$rows" || { echo "  no server on $host" >&2; return 1; }
    done
}

stop_victim_reads_down() {
    local t0=$EPOCHREALTIME
    "$NOVALAB" stop-service "nova-compute-$VICTIM" 2>&1 | sed 's/^/  /'
    STOPPED_VICTIM=1
    if poll $((SERVICE_DOWN_TIME + DOWN_MARGIN)) is_state "$VICTIM" down; then
        echo "  $VICTIM down $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s after stop-service"
        return 0
    fi
    return 1
}

start_victim_reads_up() {
    local since t0=$EPOCHREALTIME
    since=$(date -u +%Y-%m-%dT%H:%M:%S)
    "$NOVALAB" start-service "nova-compute-$VICTIM" 2>&1 | sed 's/^/  /'
    if poll "$UP_LIMIT" is_up_since "$VICTIM" "$since"; then
        STOPPED_VICTIM=0
        echo "  $VICTIM up $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s after start-service"
        return 0
    fi
    return 1
}

legacy_disable_with_reason() {
    local out
    DISABLED=1
    out=$(api PUT "$NOVA/os-services/disable-log-reason" \
        "{\"host\":\"compute1\",\"binary\":\"nova-compute\",\"disabled_reason\":\"$REASON\"}") || return 1
    jq -e --arg r "$REASON" '.service | .status == "disabled" and .disabled_reason == $r and .host == "compute1"' \
        <<<"$out" >/dev/null || { echo "  unexpected body: $out" >&2; return 1; }
    api GET "$NOVA/os-services?binary=nova-compute&host=compute1" |
        jq -e --arg r "$REASON" '.services[0] | .status == "disabled" and .disabled_reason == $r' >/dev/null
}

legacy_enable() {
    local out
    out=$(api PUT "$NOVA/os-services/enable" '{"host":"compute1","binary":"nova-compute"}') || return 1
    jq -e '.service | .status == "enabled" and .host == "compute1"' <<<"$out" >/dev/null ||
        { echo "  unexpected body: $out" >&2; return 1; }
    DISABLED=0
    api GET "$NOVA/os-services?binary=nova-compute&host=compute1" |
        jq -e '.services[0] | .status == "enabled" and .disabled_reason == null' >/dev/null
}

# reset_restores: compute1 disabled and compute2 stopped; `novalab reset`
# puts both back (processes, services, servers).
reset_restores() {
    api PUT "$NOVA/os-services/disable-log-reason" \
        '{"host":"compute1","binary":"nova-compute","disabled_reason":"reset test"}' >/dev/null || return 1
    DISABLED=1
    "$NOVALAB" stop-service "nova-compute-$VICTIM" >/dev/null 2>&1
    STOPPED_VICTIM=1
    timeout 300 "$NOVALAB" reset 2>&1 | tail -n 2 | sed 's/^/  /'
    [[ $("$NOVALAB" service-status compute1) == "enabled up" ]] || { echo "  compute1 not enabled and up" >&2; return 1; }
    DISABLED=0
    [[ $("$NOVALAB" service-status "$VICTIM") == "enabled up" ]] || { echo "  $VICTIM not up" >&2; return 1; }
    STOPPED_VICTIM=0
    "$NOVALAB" pid "nova-compute-$VICTIM" >/dev/null
}

# the lab lock (tests/lab/labtest.bash): one test of the lab at a time
lab_lock() {
    local state=${OU_LAB_STATE:-$HERE/../../lab/state}
    mkdir -p "$state"
    exec 8>>"$state/test.lock"
    flock -w "${OU_LAB_LOCK_WAIT:-3600}" 8 || skip "another test held the lab for ${OU_LAB_LOCK_WAIT:-3600} s"
}

main() {
    local before name
    lab_lock
    before=$("$NOVALAB" status 2>/dev/null || true)
    while read -r name _ alive; do
        [[ -n $name ]] || continue
        if [[ $alive == alive ]]; then ANY_ALIVE=1; else WAS_DEAD+=("$name"); fi
    done <<<"$before"
    trap restore EXIT
    trap 'exit 1' INT TERM HUP
    trap '' PIPE
    if (( ${#WAS_DEAD[@]} )); then
        echo "# bringing the plane up (was: ${#WAS_DEAD[@]} processes down)"
        if ! timeout "$UP_TIMEOUT" "$NOVALAB" up >"${TMPDIR:-/tmp}/novalab-test-up.$$.log" 2>&1; then
            tail -n 30 "${TMPDIR:-/tmp}/novalab-test-up.$$.log"
            not_ok "novalab up"
            echo "$PASS passed, $FAIL failed"
            exit 1
        fi
        rm -f "${TMPDIR:-/tmp}/novalab-test-up.$$.log"
    fi
    check "novalab status: every process alive" quiet "$NOVALAB" status
    mapfile -t COMPUTES < <("$NOVALAB" status | awk '$1 ~ /^nova-compute-/ { sub(/^nova-compute-/, "", $1); print $1 }')
    (( ${#COMPUTES[@]} >= 2 )) || { not_ok "need >= 2 computes, have ${#COMPUTES[@]}"; exit 1; }
    check "token from keystone" get_token
    check "os-services?binary=nova-compute: ${COMPUTES[*]} up" all_computes_up
    check "stop-service nova-compute-$VICTIM: $VICTIM down within ${SERVICE_DOWN_TIME}+${DOWN_MARGIN} s" stop_victim_reads_down
    check "stop-service twice is harmless" say_run "$NOVALAB" stop-service "nova-compute-$VICTIM"
    check "start-service nova-compute-$VICTIM: $VICTIM up again" start_victim_reads_up
    check "start-service twice is harmless" say_run "$NOVALAB" start-service "nova-compute-$VICTIM"
    check "lab servers ACTIVE, one or more on each compute" servers_active
    check "legacy PUT os-services/disable-log-reason disables compute1 with a reason" legacy_disable_with_reason
    check "legacy PUT os-services/enable re-enables compute1" legacy_enable
    check "novalab pid: nova-api's pid" quiet "$NOVALAB" pid nova-api
    check "novalab service-status compute1: enabled up" [ "$("$NOVALAB" service-status compute1)" = "enabled up" ]
    check "novalab reset: compute1 re-enabled, $VICTIM started again" reset_restores
    echo "$PASS passed, $FAIL failed"
    (( FAIL == 0 ))
}

main "$@"
