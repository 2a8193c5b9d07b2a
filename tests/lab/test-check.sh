#!/usr/bin/env bash
# `openstack-upgrade check` against the whole lab: its sshd hosts
# (lab/lab) and its real Nova (lab/nova/novalab).  The lab's own
# inventory passes (every host reached, its packages found, credentials,
# services and topology ok); a deliberately wrong inventory (an extra
# compute, a missing one) is reported; an unknown host key is refused
# with the fingerprint ssh-keygen gives, a changed one with OpenSSH's
# warning.  Read-only: known_hosts files are copies in a scratch dir.
#
# Uses the running lab and never starts, resets or stops it: exit 77
# when it is not up (or not root).  Exit 0 pass, 1 fail.
# OU_BIN: the binary (default: build/test's).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${OU_BIN:-$repo/build/test/openstack-upgrade}
tmp=
failures=0

ok() { echo "ok - $*"; }
not_ok() {
	failures=$((failures + 1))
	echo "not ok - $*"
	[ ! -f "$tmp/out" ] || sed 's/^/#   /' "$tmp/out"
}
skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "the lab runs as root"
[ -x "$bin" ] || skip "no binary at $bin (set OU_BIN)"
timeout 60 "$repo/lab/lab" status >/dev/null 2>&1 || skip "the lab's hosts are not up (lab/lab up)"
timeout 60 "$repo/lab/nova/novalab" status >/dev/null 2>&1 || skip "the lab's Nova is not up (lab/nova/novalab up)"
tmp=$(mktemp -d /tmp/ou-labtest-check-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
eval "$("$repo/lab/lab" env)"
eval "$("$repo/lab/nova/novalab" env)"

# inventory NAME KNOWN_HOSTS [SED-EXPR]: the lab's inventory, its
# known-hosts replaced, edited by SED-EXPR.
inventory() {
	sed -e "s|^  known-hosts: .*|  known-hosts: $2|" -e "${3:-}" \
		"$OU_LAB_INVENTORY" >"$tmp/$1.yaml"
}

# check_lab NAME: run check on that inventory; rc and $tmp/out.
check_lab() {
	local start
	start=$(date +%s%N)
	rc=0
	timeout 120 "$bin" check -i "$tmp/$1.yaml" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	took=$((($(date +%s%N) - start) / 1000000))
}

# expect DESCRIPTION PATTERN...: every pattern (grep -E) in the output.
expect() {
	local what=$1 pattern
	shift
	for pattern; do
		if ! grep -qE -- "$pattern" "$tmp/out"; then
			not_ok "$what (no /$pattern/)"
			return
		fi
	done
	ok "$what"
}

cp "$OU_LAB_KNOWN_HOSTS" "$tmp/known_hosts"
inventory lab "$tmp/known_hosts"
check_lab lab
hosts=$(awk '/^ *- name:/ { print $3 }' "$OU_LAB_INVENTORY")
n_hosts=$(wc -w <<<"$hosts")
if [ "$rc" -eq 0 ]; then ok "check of the lab as it is: exit 0, ${took} ms for $n_hosts hosts"; else not_ok "check of the lab: exit $rc"; fi
for host in $hosts; do
	expect "$host: reached, its packages found" "^ok +$host +ssh +logged in to root@" \
		"^(ok|WARN) +$host +packages +(Icehouse|Juno|packages of 2 releases)"
done
expect "credentials, services and topology ok" '^ok +cloud +credentials +Keystone v3 at http://127\.0\.0\.1:5000/v3' \
	'^ok +cloud +topology +Nova.s [0-9]+ nova-compute hosts are the inventory.s: compute1, compute2'
expect "Nova's services listed (or a down one named)" '^(ok +cloud|WARN +[a-z0-9]+) +services '
order=$(awk '$3 == "ssh" { print $2 }' "$tmp/out" | tr '\n' ' ')
if [ "$order" = "$(tr '\n' ' ' <<<"$hosts")" ]; then ok "hosts in inventory order"; else not_ok "hosts in inventory order: $order"; fi

# shellcheck disable=SC2016 # a sed command, not an expansion
inventory extra "$tmp/known_hosts" '$a\  - name: compute9\n    address: 127.0.0.29\n    roles: [nova-compute, neutron-agent]'
check_lab extra
if [ "$rc" -eq 1 ]; then ok "an inventory with an extra compute: exit 1"; else not_ok "an inventory with an extra compute: exit $rc"; fi
expect "... the extra compute is unknown to Nova" \
	"^FAIL +compute9 +topology +the inventory gives it the nova-compute role, but Nova has no nova-compute service on host 'compute9'" \
	'^FAIL +compute9 +ssh '

inventory missing "$tmp/known_hosts" '/^  - name: compute3$/,+2d'
check_lab missing
if [ "$rc" -eq 1 ]; then ok "an inventory missing a compute: exit 1"; else not_ok "an inventory missing a compute: exit $rc"; fi
expect "... Nova's compute3 is reported" \
	"^FAIL +compute3 +topology +Nova has a nova-compute service on host 'compute3'"

: >"$tmp/empty_known_hosts"
inventory unknown "$tmp/empty_known_hosts"
check_lab unknown
fingerprint=$(grep '^compute1,' "$OU_LAB_KNOWN_HOSTS" | cut -d' ' -f2,3 | ssh-keygen -lf - | awk '{ print $2 }')
if [ "$rc" -eq 1 ] && grep -F "unknown host key ssh-ed25519 $fingerprint " "$tmp/out" | grep -qE '^FAIL +compute1 +ssh '; then
	ok "an unknown host key is refused, with ssh-keygen's fingerprint"
else
	not_ok "an unknown host key is refused, with ssh-keygen's fingerprint ($fingerprint)"
fi
if [ ! -s "$tmp/empty_known_hosts" ]; then ok "... and not written"; else not_ok "... and not written"; fi

sed "s|^compute1,\([^ ]*\) .*|compute1,\1 $(grep '^compute2,' "$OU_LAB_KNOWN_HOSTS" | cut -d' ' -f2,3)|" \
	"$OU_LAB_KNOWN_HOSTS" >"$tmp/changed_known_hosts"
inventory changed "$tmp/changed_known_hosts"
check_lab changed
expect "a changed host key is refused with OpenSSH's warning" \
	'^FAIL +compute1 +ssh +.*HOST KEY HAS CHANGED.*changed_known_hosts:3 holds the old'

((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
exit 0
