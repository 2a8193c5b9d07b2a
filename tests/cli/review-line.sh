#!/usr/bin/env bash
# The .rpmnew review of `run --line` on three real sshd hosts on loopback
# (tests/tools/sshd-fixture.sh), answered through a pseudo-terminal
# (tests/tools/linedrive.py): each host has a nova.conf with its own site
# values and a Juno-shaped nova.conf.rpmnew (a stand-in rpm names them);
# one merge for the group; each host's file then holds its own values and
# the new options, the .rpmnew is gone, the backup is byte-identical to
# the old file and `restore` puts it back.  Then a SIGKILL of the program
# while one host's apply is held between its backups and its rename (a
# stand-in sync on that host waits for a file the test removes): the old
# file and its backup are there, and the next run finds the host unknown,
# probes it, re-runs and finishes.  Last, option by option: a password
# edited at its own prompt is typed with the terminal's echo off (it is
# nowhere in the transcript, where a plain value typed on the line is),
# shown masked, applied, and journaled as "edited" without its value.
#
# The hosts share this machine's files, and a review groups hosts by the
# same path: so each host's sshd runs in a mount namespace of its own
# where its own directory is mounted on the path reviewed, and its own
# state directory on /var/lib/openstack-upgrade (where the backups go on
# a real host).  That needs root and unshare(1); nothing is written
# outside this test's directory but the mount point, made if missing and
# removed at the end.  Speaks TAP.
set -uo pipefail

bin=${OU_BIN:?OU_BIN must name the openstack-upgrade binary}
src=${OU_SRCDIR:?OU_SRCDIR must name the source tree}
drive=(python3 "$src/tests/tools/linedrive.py" --timeout 120)
step=review-line-test
hosts=(h1 h2 h3)
n=0
failures=0

if ! command -v python3 >/dev/null || [ ! -x "${SSHD:-/usr/sbin/sshd}" ]; then
	echo "1..0 # SKIP needs python3 and sshd"
	exit 0
fi
if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	echo "1..0 # SKIP needs root and mount namespaces (unshare -m)"
	exit 0
fi

tmp=$(mktemp -d /tmp/ou-review-line-XXXXXX)
# The hosts, their files and stand-ins, the runbook, the checks of the
# backups (shared with tests/ui/review-apply.sh).
# shellcheck source=tests/tools/review-hosts.bash
. "$src/tests/tools/review-hosts.bash"

cleanup() {
	stop_hosts
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
	[ -z "${2-}" ] || sed 's/^/# /' "$2" | tail -n 40
}

# check DESCRIPTION LOGFILE COMMAND...: ok when COMMAND succeeds.
check() {
	local what=$1 log=$2
	shift 2
	if "$@"; then ok "$what"; else not_ok "$what" "$log"; fi
}

# line LOG DRIVER-OPTIONS...: one run; rc in RC.
line() {
	local log=$1
	shift
	RC=0
	"${drive[@]}" --log "$log" "$@" -- "$bin" run --line -r "$tmp/runbook.yaml" \
		-i "$tmp/inventory.yaml" --journal-dir "$tmp/journal" \
		</dev/null >/dev/null 2>&1 || RC=$?
}

merged_right() {
	local f
	f=$(conf "$1")
	grep -qx "my_ip=127.0.0.${1#h}" "$f" &&
		grep -qx "neutron_admin_password=site-secret-$1" "$f" &&
		grep -qx '\[neutron\]' "$f" && grep -qx '#timeout=30' "$f"
}

# ---- setup ----

start_hosts review-line-test || {
	echo "1..0 # SKIP the sshd fixture did not start: $(head -c 200 "$tmp/fixture.err")"
	exit 0
}
write_runbook review-line-test "Review line test"
write_host_files

echo "1..28"

# ---- one merge for the group ----

line "$tmp/merge.log"
check "the run with one merge finished" "$tmp/merge.log" test "$RC" = 0
check "the three hosts were reviewed as one group" "$tmp/merge.log" \
	grep -q 'h1, h2, h3 (3 hosts)' "$tmp/merge.log"
check "the plan shown masks the passwords" "$tmp/merge.log" \
	bash -c "! grep -q 'site-secret' '$tmp/merge.log'"
check "each host's file holds its own values and the new options" "$tmp/merge.log" \
	all_hosts merged_right
check "the .rpmnew files are gone" "$tmp/merge.log" all_hosts rpmnew_gone
check "each backup is byte-identical to the old file" "$tmp/merge.log" \
	all_hosts backups_identical
check "the owner's mode is kept" "$tmp/merge.log" \
	test "$(stat -c %a "$(conf h2)")" = 640
check "the journal holds no password" "$tmp/merge.log" \
	bash -c "! grep -rq 'site-secret' '$tmp/journal'"

# ---- restore ----

restore() {
	"$bin" restore -r "$tmp/runbook.yaml" -i "$tmp/inventory.yaml" \
		--journal-dir "$tmp/journal" --host h2 "$@"
}
first=$(backups_of h2 | head -n 1)
first=${first#"$tmp/state/h2/backups/"}
first=${first%%/*}
restore >"$tmp/list.out" 2>&1
check "restore lists h2's backup with its files" "$tmp/list.out" \
	grep -qx "    $reviewed" "$tmp/list.out"
restore --backup "$first" </dev/null >"$tmp/refused.out" 2>&1
check "restore without a terminal or --yes does nothing" "$tmp/refused.out" \
	bash -c "grep -q 'give --yes' '$tmp/refused.out' &&
		grep -qx 'neutron_admin_password=site-secret-h2' '$(conf h2)' &&
		! cmp -s '$(conf h2)' '$tmp/old-h2.conf'"
restore --backup "$first" --yes >"$tmp/restore.out" 2>&1
check "restore puts the old file back, byte-identical" "$tmp/restore.out" \
	cmp -s "$(conf h2)" "$tmp/old-h2.conf"
check "restore was journaled" "$tmp/restore.out" \
	bash -c "'$bin' log --journal-dir '$tmp/journal' 2>&1 | grep -q restore"

# ---- a SIGKILL between the backup and the rename ----

rm -rf "$tmp/journal"
for host in "${hosts[@]}"; do
	cp -p "$tmp/old-$host.conf" "$(conf "$host")"
	write_rpmnew "$host"
done
: >"$tmp/hold-h2"
line "$tmp/kill.log" --kill-on 'h2\| holding before the rename'
check "killed while h2's apply is held before its rename" "$tmp/kill.log" \
	test "$RC" = 137
# The held script would go on once released: end it, as a host that
# lost its session mid-script would.
# shellcheck disable=SC2046
kill -KILL $(cat "$tmp/held-h2.pids") 2>/dev/null || true
rm -f "$tmp/hold-h2"
check "h2 still has its old file, whole" "$tmp/kill.log" \
	cmp -s "$(conf h2)" "$tmp/old-h2.conf"
check "h2's backup was made before the rename" "$tmp/kill.log" \
	backups_identical h2
check "h2's .rpmnew is still there" "$tmp/kill.log" \
	test -e "$(conf h2).rpmnew"

line "$tmp/resume.log"
check "the resume finished" "$tmp/resume.log" test "$RC" = 0
check "the resume found h2 unknown and probed it" "$tmp/resume.log" \
	grep -q '\[h2\] probe \$' "$tmp/resume.log"
check "the probe said it had not taken effect, and h2 ran again" "$tmp/resume.log" \
	bash -c "grep -q 'the step did not take effect' '$tmp/resume.log' &&
		grep -q '^\[h2\] review-apply: exit 0' '$tmp/resume.log'"
check "after the resume every host's file is merged" "$tmp/resume.log" \
	all_hosts merged_right
check "after the resume no .rpmnew is left" "$tmp/resume.log" \
	all_hosts rpmnew_gone

# ---- a secret option's value, typed with the echo off ----

# The options are listed in the current file's order: 2 is
# [DEFAULT] neutron_url, 3 [DEFAULT] neutron_admin_password.
hidden='hidden-NEWPW-1'
rm -rf "$tmp/journal"
for host in "${hosts[@]}"; do
	cp -p "$tmp/old-$host.conf" "$(conf "$host")"
	write_rpmnew "$host"
done
line "$tmp/secret.log" \
	--script 'group 1 of 1 \[merge\]: $=v' \
	--script 'Option: [^\n]*\[Enter: back\]: $=3 edit' \
	--script "neutron_admin_password \\(not shown as you type\\): \$=$hidden" \
	--script 'Option: [^\n]*\[Enter: back\]: $=2 edit http://127.0.0.10:9797' \
	--script 'Option: [^\n]*\[Enter: back\]: $=l' \
	--script 'Option: [^\n]*\[Enter: back\]: $='
check "the run with an edited password finished" "$tmp/secret.log" \
	test "$RC" = 0
check "edit alone asked for the password at a prompt of its own" "$tmp/secret.log" \
	grep -q 'Value for \[DEFAULT\] neutron_admin_password (not shown as you type): ' \
	"$tmp/secret.log"
check "a plain value typed on the line shows in the transcript" "$tmp/secret.log" \
	grep -q '2 edit http://127.0.0.10:9797' "$tmp/secret.log"
check "the password typed at its prompt is nowhere in the transcript" "$tmp/secret.log" \
	bash -c "! grep -q '$hidden' '$tmp/secret.log'"
check "the edit's line and the list show it masked with its name" "$tmp/secret.log" \
	test "$(grep -c -- '-> edited <secret neutron_admin_password>' "$tmp/secret.log")" -ge 2
edited_right() {
	grep -qx "neutron_admin_password=$hidden" "$(conf "$1")" &&
		grep -qx 'neutron_url=http://127.0.0.10:9797' "$(conf "$1")"
}
check "each host's file holds the edited values" "$tmp/secret.log" \
	all_hosts edited_right
"$bin" log --full --journal-dir "$tmp/journal" >"$tmp/secret-journal.txt" 2>&1
check "the journal has the password as edited, never its value" "$tmp/secret-journal.txt" \
	bash -c "grep -q 'neutron_admin_password: edited (a secret: its value is not journaled)' \
		'$tmp/secret-journal.txt' &&
		grep -q 'neutron_url: edited to \"http://127.0.0.10:9797\"' '$tmp/secret-journal.txt' &&
		! grep -rqa '$hidden' '$tmp/journal' '$tmp/secret-journal.txt'"

[ "$failures" -eq 0 ]
