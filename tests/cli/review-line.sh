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
# probes it, re-runs and finishes.
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
fixture=$src/tests/tools/sshd-fixture.sh
drive=(python3 "$src/tests/tools/linedrive.py" --timeout 120)
state=/var/lib/openstack-upgrade
made_state=
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

cleanup() {
	local host
	for host in "${hosts[@]}"; do
		"$fixture" stop "$tmp/sshd-$host" >/dev/null 2>&1 || true
	done
	[ -z "$made_state" ] || rmdir "$state" 2>/dev/null || true
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

# The path every host has; conf HOST: where that host's copy is.
reviewed=$tmp/etc/nova/nova.conf
conf() {
	echo "$tmp/root/$1/etc/nova/nova.conf"
}

# The site's Icehouse file: the host's own address, a password.
write_site_conf() {
	local host=$1 number=$2
	mkdir -p "$(dirname "$(conf "$host")")"
	cat >"$(conf "$host")" <<EOF
[DEFAULT]
# The address of this host
my_ip=127.0.0.$number
neutron_url=http://127.0.0.10:9696
neutron_admin_password=site-secret-$host

[database]
connection=mysql://nova:dbpass-$host@127.0.0.10/nova
EOF
	chmod 0640 "$(conf "$host")"
	cp -p "$(conf "$host")" "$tmp/old-$host.conf"
}

# Juno's packaged file: commented defaults, a new section.
write_rpmnew() {
	cat >"$(conf "$1").rpmnew" <<'EOF'
[DEFAULT]
# The address of this host
#my_ip=10.0.0.1
#neutron_admin_password=<None>
#use_ipv6=false

[database]
#connection=<None>

[neutron]
#url=http://127.0.0.1:9696
#timeout=30
EOF
}

# rpm as the review asks it; sync held before the rename while
# $tmp/hold-HOST exists (at most a minute), its pid and its script's in
# $tmp/held-HOST.pids.
write_stand_ins() {
	local host=$1 bindir=$tmp/sshd-$1/bin
	cat >"$bindir/rpm" <<EOF
#!/bin/sh
case "\$1" in
-qa) echo openstack-nova-common ;;
-qc) echo $reviewed ;;
*) exit 1 ;;
esac
EOF
	cat >"$bindir/sync" <<EOF
#!/bin/sh
case "\$1" in
*.ou-new)
	if test -e $tmp/hold-$host; then
		echo "\$\$ \$PPID" >$tmp/held-$host.pids
		echo "holding before the rename"
		i=0
		while test -e $tmp/hold-$host && test \$i -lt 600; do
			sleep 0.1
			i=\$((i + 1))
		done
	fi ;;
esac
exec /bin/sync "\$@"
EOF
	chmod +x "$bindir/rpm" "$bindir/sync"
}

start_hosts() {
	local host i=0 port
	{
		echo "cloud: review-line-test"
		echo "ssh:"
		echo "  config: $tmp/ssh_config"
		echo "  known-hosts: $tmp/known_hosts"
		echo "defaults:"
		echo "  user: $(id -un)"
		echo "  become: root"
		echo "hosts:"
	} >"$tmp/inventory.yaml"
	: >"$tmp/ssh_config"
	for host in "${hosts[@]}"; do
		i=$((i + 1))
		mkdir -p "$tmp/root/$host/etc" "$tmp/state/$host" "$tmp/sshd-$host"
		# The inner script takes its values as arguments.
		# shellcheck disable=SC2016
		port=$(unshare -m --propagation private sh -c '
			mount --bind "$1" "$2" && mount --bind "$3" "$4" &&
				exec "$5" start "$6" "$7" "$8"' - \
			"$tmp/root/$host/etc" "$tmp/etc" "$tmp/state/$host" "$state" \
			"$fixture" "$tmp/sshd-$host" "127.0.0.$i" $$ \
			2>>"$tmp/fixture.err") || return 1
		printf 'Host %s\n\tHostName 127.0.0.%s\n\tPort %s\n\tIdentityFile %s\n' \
			"$host" "$i" "$port" "$tmp/sshd-$host/client_key" >>"$tmp/ssh_config"
		printf '  - name: %s\n    address: 127.0.0.%s\n    port: %s\n    roles: [nova-compute]\n' \
			"$host" "$i" "$port" >>"$tmp/inventory.yaml"
		write_stand_ins "$host"
	done
	printf 'Host *\n\tUser %s\n\tIdentitiesOnly yes\n\tBatchMode yes\n' \
		"$(id -un)" >>"$tmp/ssh_config"
}

write_runbook() {
	cat >"$tmp/runbook.yaml" <<EOF
runbook: review-line-test
title: "Review line test"
roles:
  nova-compute: Nova compute node
phases:
  - id: computes
    title: The computes
    why: The package upgrade left .rpmnew files.
    steps:
      - id: $step
        title: Review the new configuration files
        why: Merge what Juno adds into each host's own file.
        hosts: nova-compute
        review-rpmnew: {packages: ['*nova*'], prefer: merge}
EOF
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

# The backups of host's file, one a line.
backups_of() {
	local f
	for f in "$tmp/state/$1"/backups/*-"$step$reviewed"; do
		[ -e "$f" ] && echo "$f"
	done
}

all_hosts() {
	local host
	for host in "${hosts[@]}"; do
		"$@" "$host" || return 1
	done
}

merged_right() {
	local f
	f=$(conf "$1")
	grep -qx "my_ip=127.0.0.${1#h}" "$f" &&
		grep -qx "neutron_admin_password=site-secret-$1" "$f" &&
		grep -qx '\[neutron\]' "$f" && grep -qx '#timeout=30' "$f"
}

rpmnew_gone() {
	[ ! -e "$(conf "$1").rpmnew" ]
}

backups_identical() {
	local b found=0
	while read -r b; do
		found=1
		cmp -s "$b" "$tmp/old-$1.conf" || return 1
	done < <(backups_of "$1")
	[ "$found" = 1 ]
}

# ---- setup ----

if [ ! -d "$state" ]; then
	mkdir "$state" && made_state=1
fi
mkdir -p "$tmp/etc"
start_hosts || {
	echo "1..0 # SKIP the sshd fixture did not start: $(head -c 200 "$tmp/fixture.err")"
	exit 0
}
write_runbook
number=0
for host in "${hosts[@]}"; do
	number=$((number + 1))
	write_site_conf "$host" "$number"
	write_rpmnew "$host"
done

echo "1..21"

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

[ "$failures" -eq 0 ]
