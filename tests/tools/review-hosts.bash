# shellcheck shell=bash disable=SC2154 # tmp, src, hosts, step: the test's
# Hosts for the tests that apply a .rpmnew review for real (sourced by
# tests/cli/review-line.sh and tests/ui/review-apply.sh; not a test
# itself): real sshd processes on loopback (tests/tools/sshd-fixture.sh),
# each with a nova.conf holding its own site values, a Juno-shaped
# nova.conf.rpmnew, and a stand-in rpm that names them.
#
# The hosts share this machine's files, and a review groups hosts by the
# same path: so each host's sshd runs in a mount namespace of its own
# where its own directory is mounted on the path reviewed, and its own
# state directory on /var/lib/openstack-upgrade (where the backups go on
# a real host).  That needs root and unshare(1) (review_hosts_missing
# says when they are not there); nothing is written outside the test's
# directory but the mount point, made if missing and removed by
# stop_hosts.
#
# The test sets, before sourcing this: tmp (its own directory), src (the
# source tree), hosts (their names; the i-th, counted from 1, listens on
# 127.0.0.i and i is its NUMBER in its files) and step (the review step's
# id, which names the backups).

fixture=$src/tests/tools/sshd-fixture.sh
state=/var/lib/openstack-upgrade
made_state=

# The path every host has; conf HOST: where that host's copy is.
reviewed=$tmp/etc/nova/nova.conf
conf() {
	echo "$tmp/root/$1/etc/nova/nova.conf"
}

# Why the hosts cannot run here, if they cannot: nothing when they can.
review_hosts_missing() {
	if [ ! -x "${SSHD:-/usr/sbin/sshd}" ]; then
		echo "needs sshd"
	elif [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
		echo "needs root and mount namespaces (unshare -m)"
	fi
}

# put_site_conf HOST NUMBER: the text on stdin as host's nova.conf,
# mode 0640, with @HOST@ and @NUMBER@ in it replaced by HOST and NUMBER;
# a copy of it, as it was, in $tmp/old-HOST.conf.
put_site_conf() {
	local host=$1 number=$2
	mkdir -p "$(dirname "$(conf "$host")")"
	sed -e "s/@HOST@/$host/g" -e "s/@NUMBER@/$number/g" >"$(conf "$host")"
	chmod 0640 "$(conf "$host")"
	cp -p "$(conf "$host")" "$tmp/old-$host.conf"
}

# The site's Icehouse file: the host's own address, a password.
write_site_conf() {
	put_site_conf "$1" "$2" <<'EOF'
[DEFAULT]
# The address of this host
my_ip=127.0.0.@NUMBER@
neutron_url=http://127.0.0.10:9696
neutron_admin_password=site-secret-@HOST@

[database]
connection=mysql://nova:dbpass-@HOST@@127.0.0.10/nova
EOF
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

# Each host's nova.conf and its .rpmnew above, as the package step left
# them.
write_host_files() {
	local host number=0
	for host in "${hosts[@]}"; do
		number=$((number + 1))
		write_site_conf "$host" "$number"
		write_rpmnew "$host"
	done
}

# put_host_files SITE RPMNEW: the same from files (SITE as put_site_conf
# takes it).
put_host_files() {
	local host number=0
	for host in "${hosts[@]}"; do
		number=$((number + 1))
		put_site_conf "$host" "$number" <"$1"
		cp "$2" "$(conf "$host").rpmnew"
	done
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

# start_hosts CLOUD: an sshd per host, each in its mount namespace;
# $tmp/inventory.yaml (the cloud CLOUD, every host a nova-compute) and
# $tmp/ssh_config name them, with $tmp/known_hosts for their keys.
# Their errors go to $tmp/fixture.err.
start_hosts() {
	local cloud=$1 host i=0 port
	if [ ! -d "$state" ]; then
		mkdir "$state" && made_state=1
	fi
	mkdir -p "$tmp/etc"
	{
		echo "cloud: $cloud"
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

# Every sshd started, and the mount point if start_hosts made it.
stop_hosts() {
	local host
	for host in "${hosts[@]}"; do
		"$fixture" stop "$tmp/sshd-$host" >/dev/null 2>&1 || true
	done
	[ -z "$made_state" ] || rmdir "$state" 2>/dev/null || true
}

# write_runbook ID TITLE [CHECK]: $tmp/runbook.yaml, one phase whose
# step is the review of the computes' nova .rpmnew files, merge
# proposed; with CHECK, a read-only step before it that runs CHECK on
# every host (so every host is connected before the review starts).
write_runbook() {
	{
		cat <<EOF
runbook: $1
title: "$2"
roles:
  nova-compute: Nova compute node
phases:
  - id: computes
    title: The computes
    why: The package upgrade left .rpmnew files.
    steps:
EOF
		[ -z "${3-}" ] || cat <<EOF
      - id: look
        title: Look at the hosts
        why: Each host answers before the review.
        hosts: nova-compute
        check: $3
EOF
		cat <<EOF
      - id: $step
        title: Review the new configuration files
        why: Merge what Juno adds into each host's own file.
        hosts: nova-compute
        review-rpmnew: {packages: ['*nova*'], prefer: merge}
EOF
	} >"$tmp/runbook.yaml"
}

# $tmp/known_hosts with every host's key, for a test that does not
# accept them one by one.
write_known_hosts() {
	local host dir
	for host in "${hosts[@]}"; do
		dir=$tmp/sshd-$host
		printf '[%s]:%s %s\n' "$(cat "$dir/addr")" "$(cat "$dir/port")" \
			"$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")"
	done >"$tmp/known_hosts"
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
