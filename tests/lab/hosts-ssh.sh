#!/bin/bash
# The lab's hosts are real sshd processes, each with its own name and files.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 240

on compute2 rpm -q openstack-nova-compute
expect "compute2: rpm -q openstack-nova-compute answers 2014.1 ($OUT)" [ "$RC" = 0 ]
[[ $OUT =~ ^openstack-nova-compute-2014\.1\.[0-9]+-[0-9]+\.el7\.noarch$ ]] || fail "unexpected rpm -q answer: $OUT"
on compute2 "rpm -q --qf '%{VERSION}' openstack-nova-compute"
if [[ $OUT =~ ^2014\.1\.[0-9]+$ ]]; then pass "rpm --qf %{VERSION} gives $OUT"; else fail "rpm --qf %{VERSION} gave '$OUT'"; fi

for h in $(inv_hosts); do
  on "$h" hostname
  [[ $RC == 0 && $OUT == "$h" ]] || fail "$h: hostname answered '$OUT' (exit $RC)"
done
pass "every host answers hostname with its own name"

on compute1 'grep ^my_ip= /etc/nova/nova.conf'
a=$OUT
on compute2 'grep ^my_ip= /etc/nova/nova.conf'
if [ "$a" = my_ip=127.0.0.21 ] && [ "$OUT" = my_ip=127.0.0.22 ]; then pass "per-host nova.conf (compute1 $a, compute2 $OUT)"; else fail "per-host nova.conf (compute1 $a, compute2 $OUT)"; fi
if grep -qs '^my_ip=127.0.0.2' /etc/nova/nova.conf; then fail "a host's nova.conf leaked into the machine's /etc/nova"; else pass "the machine's own /etc/nova is untouched"; fi
expect "the machine's hostname is unchanged" [ "$(hostname)" != compute1 ]
on network 'test -e /etc/nova/nova.conf'
expect "the network host has no nova.conf" [ "$RC" != 0 ]

on compute1 'command -v yum rpm systemctl openstack-service openstack-db openstack-config nova-manage'
expect "stand-ins at their RHEL paths ($(tr '\n' ' ' <<<"$OUT"))" [ "$(printf '%s\n' "$OUT" | grep -c '^/usr/bin/')" = 7 ]
on compute1 'test -x /usr/bin/openstack-service && test -x /usr/bin/openstack-db && test -x /usr/bin/openstack-config && ls /usr/bin/bash >/dev/null'
expect "/usr/bin keeps the machine's own tools beside the stand-ins" [ "$RC" = 0 ]
on compute1 'test -d /run/systemd/system && rpm -q --quiet yum && systemctl --version | head -n1'
expect "a systemd host: /run/systemd/system, yum installed, systemd 208 ($OUT)" [ "$RC:$OUT" = "0:systemd 208" ]
if [ -d /run/systemd/system ] && ! pidof systemd >/dev/null; then fail "the machine's /run got a systemd/system"; else pass "the machine's own /run is untouched"; fi
on controller 'id keystone; runuser -s /bin/sh keystone -c "id -un"'
expect "controller has RDO's keystone user (uid 163), runuser works ($OUT)" [ "$OUT" = $'uid=163(keystone) gid=163(keystone) groups=163(keystone),4242(oulab)\nkeystone' ]
on compute1 'id keystone >/dev/null 2>&1; echo $?; id -u nova'
expect "compute1 has no keystone user, nova is 162" [ "$OUT" = $'1\n162' ]
expect "the machine's own /etc/passwd is untouched" [ "$(grep -c '^keystone:x:163:' /etc/passwd)" = 0 ]
on controller 'stat -c "%U:%G %a" /var/log/keystone /etc/nova /etc/nova/nova.conf'
expect "RDO owners and modes ($(tr '\n' ' ' <<<"$OUT"))" [ "$OUT" = $'keystone:keystone 750\nroot:nova 750\nroot:nova 640' ]

tmp=$(mktemp -d)
printf 'get /etc/nova/nova.conf %s/nova.conf\n' "$tmp" >"$tmp/batch"
if timeout 30 sftp -q -b "$tmp/batch" -F "$OU_LAB_SSH_CONFIG" -o UserKnownHostsFile="$OU_LAB_KNOWN_HOSTS" compute1 >/dev/null 2>&1 &&
  cmp -s "$tmp/nova.conf" "$(hostdir compute1)/etc/nova/nova.conf"; then
  pass "sftp get works"
else
  fail "sftp get of compute1:/etc/nova/nova.conf"
fi
rm -rf "$tmp"

expect "ssh-commands.log records host, time and command" \
  grep -qP '^\d+\.\d+\tcompute2\trpm -q openstack-nova-compute$' "$OU_LAB_STATE/log/ssh-commands.log"
expect "ssh-commands.log records sftp" grep -qP '\tcompute1\tinternal-sftp$' "$OU_LAB_STATE/log/ssh-commands.log"
expect "standins.log records the rpm query" grep -qP '\tcompute2\trpm\t-q openstack-nova-compute\texit 0' "$OU_LAB_STATE/log/standins.log"

# the tool's known_hosts is not pre-filled: strict checking must refuse
if [[ ! -e $OU_LAB_STATE/known_hosts ]]; then
  if timeout 20 ssh -F "$OU_LAB_SSH_CONFIG" compute1 true </dev/null >/dev/null 2>&1; then
    fail "ssh with the tool's (absent) known_hosts was accepted"
  else
    pass "StrictHostKeyChecking with the tool's empty known_hosts refuses"
  fi
fi

# EL7: openstack-service hands the units to systemctl, silent on success;
# status is "NAME (pid N) is STATE" per enabled unit, and always exits 0
on controller 'openstack-service list glance'
expect "list: the enabled glance units (not the disabled scrubber)" [ "$OUT" = $'openstack-glance-api\nopenstack-glance-registry' ]
on controller 'openstack-service stop glance'
expect "openstack-service stop prints nothing, exit 0 ('$OUT')" [ "$RC:$OUT" = "0:" ]
on controller 'openstack-service status glance'
expect "status of stopped units: pid 0, inactive, exit 0" [ "$RC:$OUT" = $'0:openstack-glance-api (pid 0) is inactive\nopenstack-glance-registry (pid 0) is inactive' ]
on controller 'openstack-service start glance'
expect "openstack-service start prints nothing" [ "$RC:$OUT" = "0:" ]
on controller 'openstack-service status glance'
re_running='^openstack-glance-api \(pid [1-9][0-9]*\) is active.openstack-glance-registry \(pid [1-9][0-9]*\) is active$'
if [[ $RC == 0 && $OUT =~ $re_running ]]; then
  pass "status of running units: NAME (pid N) is active"
else
  fail "status of running units: $OUT"
fi
on compute1 'openstack-service status'
units=$(sed -E 's/ \(pid [0-9]+\)//' <<<"$OUT")
expect "compute1's OpenStack units (neutron-ovs-cleanup left out) ($(tr '\n' ' ' <<<"$OUT"))" \
  [ "$units" = $'neutron-openvswitch-agent is active\nopenstack-nova-compute is active' ]
on compute1 'openstack-service frobnicate nova'
expect "an action systemctl does not know: its error, exit 1" [ "$RC:$OUT" = "1:Unknown operation 'frobnicate'." ]
on compute1 'systemctl is-active neutron-ovs-cleanup openvswitch sshd; systemctl is-active qpidd; echo rc=$?; systemctl -q is-active qpidd; echo rc=$?'
expect "systemctl is-active (oneshot units active, unknown unit)" [ "$OUT" = $'active\nactive\nactive\nunknown\nrc=3\nrc=3' ]
on compute1 'systemctl show -p MainPID -p Id -p ActiveState nonesuch; systemctl stop nonesuch; echo rc=$?'
expect "systemctl show/stop of a unit the host lacks" [ "$OUT" = $'Id=nonesuch.service\nActiveState=inactive\nMainPID=0\nFailed to issue method call: Unit nonesuch.service not loaded.\nrc=5' ]
on compute1 'systemctl list-unit-files --type=service --no-legend | grep -c enabled; systemctl is-enabled firewalld; echo rc=$?'
expect "list-unit-files, is-enabled ($(tr '\n' ' ' <<<"$OUT"))" [ "${OUT#*$'\n'}" = $'disabled\nrc=1' ]

inv=$OU_LAB_INVENTORY
expect "inventory lists compute2 at 127.0.0.22" grep -q 'address: 127.0.0.22' "$inv"
expect "inventory: controller roles" grep -q 'roles: \[keystone, glance, cinder, neutron-server, nova-controller, nova-api, horizon, swift-proxy, swift-storage, mysql, amqp\]' "$inv"
expect "inventory: ssh config path" grep -q "^  config: $OU_LAB_SSH_CONFIG\$" "$inv"
expect "answers: [general] header" grep -qx '\[general\]' "$OU_LAB_ANSWERS"
expect "answers: compute hosts" grep -q "^CONFIG_NOVA_COMPUTE_HOSTS=127.0.0.21,127.0.0.22" "$OU_LAB_ANSWERS"
expect "answers: keystone host" grep -qx "CONFIG_KEYSTONE_HOST=127.0.0.11" "$OU_LAB_ANSWERS"

# re-running up while up is quick, keeps the sshd pids and holds no stdout
before=$("$LAB" status) || fail "lab status before the re-run"
mode=()
nova_on || mode=(--no-nova)
out=$(timeout 120 "$LAB" up "${mode[@]}" 2>&1) || fail "lab up (re-run): $out"
after=$("$LAB" status) || fail "lab status after the re-run"
expect "re-running lab up keeps every sshd" [ "$before" = "$after" ]
lab_finish
