#!/bin/bash
# yum stand-in: Juno only after the Juno repo; RPM's %config(noreplace)
# rule (.rpmnew for changed files, replacement for unchanged ones); exit
# statuses; the fail-next-yum test hook.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 240
JUNO_RPM=https://repos.fedorapeople.org/repos/openstack/openstack-juno/rdo-release-juno-1.noarch.rpm

on compute1 "yum -y upgrade '*nova*'"
expect "before the Juno repo: No packages marked for update, exit 0" [ "$RC" = 0 ]
[[ $OUT == *"No packages marked for update"* ]] || fail "no 'No packages marked for update' in: $OUT"
on compute1 'yum -y install nosuchpackage'
expect "install of an unknown package: exit 1" [ "$RC" = 1 ]
[[ $OUT == *"No package nosuchpackage available."* ]] || fail "unknown package message: $OUT"
on compute1 'yum frobnicate'
expect "unknown yum command: exit 1" [ "$RC" = 1 ]

must compute1 "yum -y install $JUNO_RPM"
on compute1 'grep -c openstack-juno /etc/yum.repos.d/rdo-release.repo; rpm -q rdo-release'
expect "rdo-release-juno installs the Juno repo file" [ "$OUT" = $'2\nrdo-release-juno-1.noarch' ]
on compute1 'yum repolist'
[[ $OUT == *openstack-juno* && $OUT != *openstack-icehouse* ]] || fail "repolist after rdo-release-juno: $OUT"

# without -y and no answer on stdin yum refuses, like the real one
on compute1 "yum upgrade '*nova*'"
expect "no -y, no answer: exit 1, nothing changed" [ "$RC" = 1 ]
[[ $OUT == *"Exiting on user command"* ]] || fail "prompt refusal message: $OUT"
on compute1 'rpm -q --qf "%{VERSION}" openstack-nova-compute'
expect "still Icehouse after the refused transaction" [ "$OUT" = 2014.1.3 ]

# edit a file the packages did not change between releases (kept, no .rpmnew)
must compute1 'echo "# site comment" >> /etc/nova/rootwrap.conf'
h=$(hostdir compute1)
nova_before=$(sha256sum <"$h/etc/nova/nova.conf")
rootwrap_before=$(sha256sum <"$h/etc/nova/rootwrap.conf")
on compute1 'openstack-service stop nova && yum -d1 -y upgrade \*nova\*'
expect "yum -d1 -y upgrade \\*nova\\* succeeds" [ "$RC" = 0 ]
[[ $OUT == *"warning: /etc/nova/nova.conf created as /etc/nova/nova.conf.rpmnew"* ]] || fail "no rpmnew warning in: $OUT"
[[ $OUT == *"Upgrade  "*"Packages"* && $OUT == *"openstack-nova-compute"*"2014.2."* ]] || fail "no transaction summary in: $OUT"
expect "changed nova.conf is kept" [ "$(sha256sum <"$h/etc/nova/nova.conf")" = "$nova_before" ]
expect "nova.conf.rpmnew is the Juno file" cmp -s "$h/etc/nova/nova.conf.rpmnew" "$(juno_file /etc/nova/nova.conf)"
expect "unchanged policy.json is replaced by the Juno file" cmp -s "$h/etc/nova/policy.json" "$(juno_file /etc/nova/policy.json)"
expect "no policy.json.rpmnew" [ ! -e "$h/etc/nova/policy.json.rpmnew" ]
if [ "$(sha256sum <"$h/etc/nova/rootwrap.conf")" = "$rootwrap_before" ] && [ ! -e "$h/etc/nova/rootwrap.conf.rpmnew" ]; then
  pass "edited rootwrap.conf (same in both releases) kept, no .rpmnew"
else
  fail "edited rootwrap.conf (same in both releases) kept, no .rpmnew"
fi
on compute1 'rpm -q openstack-nova-compute python-novaclient python-glanceclient'
expect "nova packages Juno, glance client untouched" \
  [ "$OUT" = $'openstack-nova-compute-2014.2.2-1.el7.noarch\npython-novaclient-2.20.0-1.el7.noarch\npython-glanceclient-0.12.0-1.el7.noarch' ]
on compute1 'rpm -V openstack-nova-common'
if [ "$RC" = 1 ] && [[ $OUT == *" c /etc/nova/nova.conf"* ]]; then pass "rpm -V flags the site-edited nova.conf"; else fail "rpm -V flags the site-edited nova.conf"; fi
on compute1 'rpm -qf /etc/nova/nova.conf; rpm -qc openstack-nova-common | head -n1'
expect "rpm -qf / -qc" [ "$OUT" = $'openstack-nova-common-2014.2.2-1.el7.noarch\n/etc/nova/nova.conf' ]
on compute1 'yum -y upgrade \*nova\*'
if [ "$RC" = 0 ] && [[ $OUT == *"No packages marked for update"* ]]; then pass "second upgrade: nothing to do, exit 0"; else fail "second upgrade: nothing to do, exit 0"; fi

# check-update with globs: only the named packages (the package steps' probes)
on compute1 "yum -q check-update '*nova*' >/dev/null"
expect "check-update '*nova*' after the Nova upgrade: exit 0" [ "$RC" = 0 ]
on compute1 "yum -q check-update '*neutron*'"
if [ "$RC" = 100 ] && [[ $OUT == *"openstack-neutron"* && $OUT != *"nova"* ]]; then
  pass "check-update '*neutron*': exit 100, lists Neutron only"
else
  fail "check-update '*neutron*': exit 100, lists Neutron only (exit $RC: $OUT)"
fi

# neutron.conf's .rpmnew carries the nova-notification block
on compute1 'openstack-service stop neutron && yum -y upgrade "*neutron*" && grep -c notify_nova_on_port_status_changes /etc/neutron/neutron.conf.rpmnew'
if [ "$RC" = 0 ] && [ "${OUT##*$'\n'}" = 1 ]; then pass "neutron.conf.rpmnew has the nova-notification options"; else fail "neutron.conf.rpmnew has the nova-notification options"; fi

# the test hook: the next yum upgrade on compute2 fails once
must compute2 "yum -y install rdo-release-juno"
: >"$(hostdir compute2)/fail-next-yum"
on compute2 'yum -y upgrade \*nova\*'
expect "fail-next-yum: exit 1" [ "$RC" = 1 ]
[[ $OUT == *"No more mirrors to try"* ]] || fail "fail-next-yum message: $OUT"
expect "fail-next-yum is consumed" [ ! -e "$(hostdir compute2)/fail-next-yum" ]
on compute2 'rpm -q --qf %{VERSION} openstack-nova-compute'
expect "failed transaction changed nothing" [ "$OUT" = 2014.1.3 ]
on compute2 'yum -y upgrade \*nova\*'
expect "the next upgrade succeeds" [ "$RC" = 0 ]

# A transaction cut short: yum dies of SIGPIPE when its reader goes away
# at the second package (as when the link drops mid-yum), leaving
# openstack-neutron upgraded and the rest not.  The package
# steps' probes (the built-in runbook's, for Neutron) must not take the
# host for upgraded.
neutron_probe=$(awk '/run: yum -d1 -y upgrade .\*neutron\*.$/ { getline; sub(/^ *probe: /, ""); print; exit }' \
  "$REPO/runbooks/icehouse-juno-scenario4.yaml")
on compute2 "openstack-service stop neutron; yum -d2 -y upgrade '*neutron*' | sed -E '/Updating +: .* 2\\/[0-9]+$/q'"
on compute2 "rpm -q --qf '%{VERSION}\\n' openstack-neutron; yum -q check-update '*neutron*' | grep -c neutron"
if [[ ${OUT%%$'\n'*} == 2014.2* && ${OUT##*$'\n'} -ge 1 ]]; then
  pass "yum cut short: openstack-neutron Juno, other Neutron packages still to upgrade"
else
  fail "yum cut short: openstack-neutron Juno, other Neutron packages still to upgrade ($OUT)"
fi
on compute2 "$neutron_probe"
expect "the Neutron package step's probe: not done after a cut transaction" [ "$RC" != 0 ]
on compute2 "yum -d1 -y upgrade '*neutron*' && $neutron_probe"
expect "upgraded again: the probe says done" [ "$RC" = 0 ]

# openstack-config is crudini
must compute2 'openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1'
on compute2 'openstack-config --get /etc/nova/nova.conf upgrade_levels compute'
expect "openstack-config --set/--get" [ "$OUT" = 3.23.1 ]
expect "standins.log records openstack-config" grep -qP '\tcompute2\topenstack-config\t--set /etc/nova/nova.conf upgrade_levels compute 3.23.1\texit 0' "$OU_LAB_STATE/log/standins.log"
lab_finish
