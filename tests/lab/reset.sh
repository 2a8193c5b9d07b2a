#!/bin/bash
# `lab reset` brings every host back byte-identically, in seconds.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 300
JUNO_RPM=https://repos.fedorapeople.org/repos/openstack/openstack-juno/rdo-release-juno-1.noarch.rpm

# sums: a checksum line per file/symlink of every host's trees and the DB state
sums() {
  local h
  for h in "$OU_LAB_STATE"/hosts/*/; do
    (cd "$h" && find etc root varlib log \( -type f -o -type l \) ! -name '.lock' -print0 | sort -z |
      while IFS= read -r -d '' f; do
        if [[ -L $f ]]; then printf 'L %s %s\n' "$(readlink "$f")" "$h$f"; else printf '%s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$h$f"; fi
      done)
    (cd "$h" && find etc root varlib log -printf '%m %p\n' | sort | sed "s|^|$h |")
  done
  sha256sum "$OU_LAB_STATE"/db/*
}

before=$(sums)
nfiles=$(grep -c . <<<"$before")
# mutate every host: repo, full upgrade, service changes, edited/stray/removed files
for h in $(inv_hosts); do
  must "$h" "yum -d1 -y install $JUNO_RPM && openstack-service stop && yum -d0 -y upgrade"
  must "$h" 'echo stray > /etc/yum.repos.d/stray.repo; chmod 600 /etc/yum.repos.d/rdo-release.repo; echo hi >> /root/.bashrc; echo x >> /var/log/yum.log'
done
must controller 'openstack-db --service nova --update && openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1 && rm /etc/nova/policy.json && mkdir -p /etc/nova/extra && echo y > /etc/nova/extra/z.conf && rm /etc/neutron/plugin.ini'
: >"$(hostdir compute1)/nova-disabled"
: >"$(hostdir compute2)/fail-next-yum"
mid=$(sums)
expect "the mutation changed the trees" [ "$mid" != "$before" ]

t0=$(date +%s.%N)
out=$(timeout 60 "$LAB" reset 2>&1) || fail "lab reset: $out"
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
after=$(sums)
if [[ $after == "$before" ]]; then
  pass "reset restores all $nfiles files/links byte-identically (with modes) in $secs s"
else
  fail "reset left differences:"
  diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -20
fi
expect "reset took under 10 s ($secs s)" awk -v s="$secs" 'BEGIN { exit !(s < 10) }'
if [ ! -e "$(hostdir compute1)/nova-disabled" ] && [ ! -e "$(hostdir compute2)/fail-next-yum" ]; then pass "seam and hook files removed"; else fail "seam and hook files removed"; fi
expect "logs truncated" [ ! -s "$OU_LAB_STATE/log/events.log" ]
"$LAB" status >/dev/null || fail "hosts are still up after reset"
on compute2 'rpm -q --qf %{VERSION} openstack-nova-compute; openstack-service status nova'
if [ "$OUT" = $'2014.1.3openstack-nova-compute (pid  '"${OUT#*pid  }" ] && [ "$RC" = 0 ]; then pass "compute2 is Icehouse again and nova runs"; else fail "compute2 is Icehouse again and nova runs"; fi
lab_finish
