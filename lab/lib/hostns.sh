#!/bin/bash
# Runs inside a fresh mount+UTS namespace (started by lab/lab up through
# unshare): becomes lab host NAME, then execs its sshd (same pid).
set -euo pipefail
name=$1 state=$2 lab=$3
h=$state/hosts/$name
# shellcheck disable=SC1091 # ROLES
source "$h/varlib/host.env"

hostname "$name"
# A systemd host: its own /run (below); first, it keeps the lab's own
# directories that lie under /root while the host's tree covers /root.
mount -t tmpfs -o mode=755,size=4m oulab-run /run
kept=()
for p in "$lab" "$state"; do
  [[ $p == /root/* ]] || continue
  [[ $p == "$state" && $state == "$lab"/* ]] && continue
  mkdir -p "/run/oulab-kept/${#kept[@]}"
  mount --bind "$p" "/run/oulab-kept/${#kept[@]}"
  kept+=("$p")
done
for t in nova neutron keystone glance cinder openstack-dashboard swift yum.repos.d ssh; do
  mount --bind "$h/etc/$t" "/etc/$t"
done
# the host's users: CentOS 7's and the RDO service users
for f in passwd group shadow gshadow; do
  mount --bind "$h/etc/$f" "/etc/$f"
done
mount --bind "$h/root" /root
for i in "${!kept[@]}"; do
  mount --bind "/run/oulab-kept/$i" "${kept[$i]}"
  umount "/run/oulab-kept/$i"
done
mount --bind "$h/varlib" /var/lib/oulab
mount --bind "$h/ou" /var/lib/openstack-upgrade
mount --bind "$h/log" /var/log

# RHEL's tools at their RHEL paths: the stand-ins layered over /usr/bin
# (read-only). Without overlayfs, they go to /usr/local/sbin (first on PATH).
if ! mount -t overlay oulab-usr-bin -o "lowerdir=$lab/standins:/usr/bin" /usr/bin 2>/dev/null; then
  echo "lab: $name: no overlayfs; the stand-ins are in /usr/local/sbin, not /usr/bin" >&2
  mount --bind "$lab/standins" /usr/local/sbin
  mount -o remount,bind,ro /usr/local/sbin
fi

# In /run, /run/systemd/system exists (what tools test to know systemd is
# the init). The database host's /run/mysqld is the socket directory of the
# lab's real MariaDB.
rm -rf /run/oulab-kept
mkdir -p /run/sshd /run/systemd/system /run/lock /run/mysqld
if [[ ,$ROLES, == *,mysql,* && -f $state/plane.env ]]; then
  sockdir=$(sed -n 's/^MYSQL_SOCKET_DIR=//p' "$state/plane.env")
  if [[ -n $sockdir && -d $sockdir ]]; then mount --bind "$sockdir" /run/mysqld; fi
fi

printf '%s\n' "$$" >"$state/run/$name.pid.tmp"
mv "$state/run/$name.pid.tmp" "$state/run/$name.pid"
exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config
