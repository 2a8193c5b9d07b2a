#!/bin/bash
# Runs inside a fresh mount+UTS namespace (started by lab/lab up through
# unshare): becomes lab host NAME, then execs its sshd (same pid).
set -euo pipefail
name=$1 state=$2 lab=$3
h=$state/hosts/$name

hostname "$name"
for t in nova neutron keystone glance cinder openstack-dashboard swift yum.repos.d ssh; do
  mount --bind "$h/etc/$t" "/etc/$t"
done
mount --bind "$h/root" /root
mount --bind "$h/varlib" /var/lib/oulab
mount --bind "$h/log" /var/log
mount --bind "$lab/standins" /usr/local/sbin
mount -o remount,bind,ro /usr/local/sbin

printf '%s\n' "$$" >"$state/run/$name.pid.tmp"
mv "$state/run/$name.pid.tmp" "$state/run/$name.pid"
exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config
