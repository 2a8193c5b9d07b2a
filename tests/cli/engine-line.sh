#!/usr/bin/env bash
# `run --line` against a real sshd on loopback (tests/tools/sshd-fixture.sh),
# answered through a pseudo-terminal (tests/tools/linedrive.py): nothing
# runs before the operator's y; a whole run; SIGKILL in the middle of a
# command and the resume that shows it unknown, probes it and finishes;
# standard input that is no terminal refused; a changed runbook under an
# unfinished journal refused with the difference; status and log.
# Needs no root (the fixture logs in as the current user).  Speaks TAP.
set -uo pipefail

bin=${OU_BIN:?OU_BIN must name the openstack-upgrade binary}
src=${OU_SRCDIR:?OU_SRCDIR must name the source tree}
fixture=$src/tests/tools/sshd-fixture.sh
drive=(python3 "$src/tests/tools/linedrive.py" --timeout 120)
n=0
failures=0

if ! command -v python3 >/dev/null || [ ! -x "${SSHD:-/usr/sbin/sshd}" ]; then
	echo "1..0 # SKIP needs python3 and sshd"
	exit 0
fi

tmp=$(mktemp -d /tmp/ou-engine-line-XXXXXX)
cleanup() {
	"$fixture" stop "$tmp/sshd1" >/dev/null 2>&1 || true
	"$fixture" stop "$tmp/sshd2" >/dev/null 2>&1 || true
	[ -n "${OU_KEEP-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	[ -z "${2-}" ] || sed 's/^/# /' "$2" | tail -n 30
}

# check DESCRIPTION LOGFILE COMMAND...: ok when COMMAND succeeds.
check() {
	local what=$1 log=$2
	shift 2
	if "$@"; then ok "$what"; else not_ok "$what" "$log"; fi
}

# Two hosts, each its own sshd: enough for "several hosts at once".
if ! port1=$("$fixture" start "$tmp/sshd1" 127.0.0.1 $$ 2>"$tmp/fixture.err") ||
	! port2=$("$fixture" start "$tmp/sshd2" 127.0.0.2 $$ 2>>"$tmp/fixture.err"); then
	echo "1..0 # SKIP the sshd fixture did not start: $(head -c 200 "$tmp/fixture.err")"
	exit 0
fi
mkdir -p "$tmp/marks"
cat >"$tmp/ssh_config" <<EOF
Host h1
	HostName 127.0.0.1
	Port $port1
	IdentityFile $tmp/sshd1/client_key
Host h2
	HostName 127.0.0.2
	Port $port2
	IdentityFile $tmp/sshd2/client_key
Host *
	User $(id -un)
	IdentitiesOnly yes
	BatchMode yes
EOF
cat >"$tmp/inventory.yaml" <<EOF
cloud: line-test
ssh:
  config: $tmp/ssh_config
  known-hosts: $tmp/known_hosts
defaults:
  user: $(id -un)
  become: root
vars:
  marks: $tmp/marks
hosts:
  - name: h1
    address: 127.0.0.1
    port: $port1
    roles: [node]
  - name: h2
    address: 127.0.0.2
    port: $port2
    roles: [node]
EOF
runbook=$src/tests/data/engine/line-runbook.yaml

# line LOG DRIVER-OPTIONS...: one run; rc in RC.
line() {
	local log=$1
	shift
	RC=0
	"${drive[@]}" --log "$log" "$@" -- "$bin" run --line -r "$runbook" \
		-i "$tmp/inventory.yaml" --journal-dir "$tmp/journal" \
		</dev/null >/dev/null 2>&1 || RC=$?
}

records() {
	python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
		"$tmp/journal/journal.sqlite" "$1"
}

echo "1..15"

line "$tmp/quit.log" --max-confirms 0
check "quitting at the first confirmation exits 1" "$tmp/quit.log" test "$RC" = 1
check "it showed the first step with its exact command" "$tmp/quit.log" \
	grep -q '\$ test -d '"$tmp/marks" "$tmp/quit.log"
check "nothing was started before a y" "$tmp/quit.log" \
	test "$(records "select count(*) from records where kind = 'start'")" = 0

cp "$runbook" "$tmp/changed.yaml"
sed -i 's/sleep 2 /sleep 3 /' "$tmp/changed.yaml"
rc=0
"$bin" run --line -r "$tmp/changed.yaml" -i "$tmp/inventory.yaml" \
	--journal-dir "$tmp/journal" </dev/null >"$tmp/changed.out" 2>&1 || rc=$?
check "stdin that is no terminal is refused" "$tmp/changed.out" \
	grep -q 'is not one' "$tmp/changed.out"
check "... with a non-zero exit status ($rc)" "$tmp/changed.out" test "$rc" -ne 0
script -qec "$bin run --line -r $tmp/changed.yaml -i $tmp/inventory.yaml --journal-dir $tmp/journal" \
	/dev/null </dev/null >"$tmp/changed.out" 2>&1 || true
check "a changed runbook under an unfinished journal is refused" "$tmp/changed.out" \
	grep -q 'unfinished upgrade started with another runbook sha256' "$tmp/changed.out"
check "the refusal shows the difference" "$tmp/changed.out" \
	grep -q '^+        run: sleep 3 ' "$tmp/changed.out"

line "$tmp/kill.log" --kill-on '\[h[12]\] run \$ sleep 2'
check "killed while the slow step runs" "$tmp/kill.log" test "$RC" = 137
check "the first two steps ran on both hosts" "$tmp/kill.log" \
	test -e "$tmp/marks/mark-h1" -a -e "$tmp/marks/mark-h2"
check "host keys were asked for and written" "$tmp/kill.log" test -s "$tmp/known_hosts"

sleep 3
line "$tmp/resume.log"
check "the resume finished" "$tmp/resume.log" test "$RC" = 0
check "the resume found the slow step unknown" "$tmp/resume.log" \
	grep -q 'the outcome is unknown' "$tmp/resume.log"
check "its probe was confirmed and run before any decision" "$tmp/resume.log" \
	grep -q '\[h[12]\] probe \$ test -e' "$tmp/resume.log"

"$bin" status -r "$runbook" -i "$tmp/inventory.yaml" --journal-dir "$tmp/journal" \
	>"$tmp/status.out" 2>&1 || true
check "status: every step done" "$tmp/status.out" \
	grep -q 'Every step is done or skipped' "$tmp/status.out"
"$bin" log --journal-dir "$tmp/journal" >"$tmp/log.out" 2>&1 || true
check "log: the confirmations and who gave them" "$tmp/log.out" \
	grep -qE 'confirm .* by [^ ]+@' "$tmp/log.out"

[ "$failures" -eq 0 ]
