#!/bin/bash
# `lab reset` brings every host back byte-identically and Nova back to its
# fresh state (every process running, every service up and enabled, the lab
# servers ACTIVE on their own hosts), in seconds.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 600
JUNO_RPM=https://repos.fedorapeople.org/repos/openstack/openstack-juno/rdo-release-juno-1.noarch.rpm

# sums: a checksum line per file/symlink of every host's trees and the DB state
sums() {
  local h
  for h in "$OU_LAB_STATE"/hosts/*/; do
    (cd "$h" && find etc root varlib log ou \( -type f -o -type l \) ! -name '.lock' -print0 | sort -z |
      while IFS= read -r -d '' f; do
        if [[ -L $f ]]; then printf 'L %s %s\n' "$(readlink "$f")" "$h$f"; else printf '%s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$h$f"; fi
      done)
    (cd "$h" && find etc root varlib log ou -printf '%m %u:%g %p\n' | sort | sed "s|^|$h |")
  done
  sha256sum "$OU_LAB_STATE"/db/*
}

# servers: "name host status" of every server (Nova)
servers() { nova GET '/servers/detail?all_tenants=1' | jq -r '.servers[] | [.name, ."OS-EXT-SRV-ATTR:host", .status] | @tsv' | sort; }

before=$(sums)
nfiles=$(grep -c . <<<"$before")
if nova_on; then
  servers_before=$(servers)
  expect "Nova: $(grep -c . <<<"$servers_before") lab servers before" [ -n "$servers_before" ]
  # Nova mutations: a compute disabled, a server deleted, another moved, one extra
  nova_disable compute1 "reset test" || fail "disable compute1"
  victim=$(nova GET '/servers?all_tenants=1' | jq -r '.servers[] | select(.name == "lab-compute2-1") | .id')
  nova DELETE "/servers/$victim" >/dev/null || fail "delete lab-compute2-1"
  mover=$(nova GET '/servers?all_tenants=1' | jq -r '.servers[] | select(.name == "lab-compute3-2") | .id')
  token
  curl -sf -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' -H 'OpenStack-API-Version: compute 2.30' \
    -d '{"os-migrateLive": {"host": "compute2", "block_migration": "auto"}}' \
    "http://127.0.0.1:8774/v2.1/servers/$mover/action" >/dev/null || fail "live-migrate lab-compute3-2"
  image=$(nova GET '/servers/detail?all_tenants=1' | jq -r '.servers[0].image.id')
  nova POST /servers "{\"server\": {\"name\": \"stray\", \"imageRef\": \"$image\", \"flavorRef\": \"1\"}}" >/dev/null ||
    fail "boot a stray server"
  sleep 3
fi
# mutate every host: repo, every unit stopped (with Nova: the real processes
# too), full upgrade, edited/stray/removed files
for h in $(inv_hosts); do
  must "$h" "yum -d1 -y install $JUNO_RPM && openstack-service stop && yum -d0 -y upgrade"
  must "$h" 'echo stray > /etc/yum.repos.d/stray.repo; chmod 600 /etc/yum.repos.d/rdo-release.repo; echo hi >> /root/.bashrc; echo x >> /var/log/yum.log; mkdir -p /var/lib/openstack-upgrade/backups; echo dump > /var/lib/openstack-upgrade/backups/x.sql; echo "evil:x:0:0::/:/bin/sh" >> /etc/passwd'
done
must controller 'openstack-db --service nova --update && openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1 && rm /etc/nova/policy.json && mkdir -p /etc/nova/extra && echo y > /etc/nova/extra/z.conf && rm /etc/neutron/plugin.ini && systemctl stop httpd rabbitmq-server'
: >"$(hostdir compute1)/nova-disabled"
: >"$(hostdir compute2)/fail-next-yum"
mid=$(sums)
expect "the mutation changed the trees" [ "$mid" != "$before" ]
if nova_on; then
  on controller 'curl -s -o /dev/null http://127.0.0.11:8774/'
  expect "with Nova: the controller's nova-api is stopped (curl exit $RC)" [ "$RC" = 7 ]
  expect "with Nova: rabbitmq is stopped" bash -c "! \"$REPO/lab/nova/novalab\" pid rabbitmq >/dev/null"
fi

t0=$(date +%s.%N)
out=$(timeout 300 "$LAB" reset 2>&1) || fail "lab reset: $out"
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
after=$(sums)
if [[ $after == "$before" ]]; then
  pass "reset restores all $nfiles files/links byte-identically (with modes and owners) in $secs s"
else
  fail "reset left differences:"
  diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -20
fi
if nova_on; then
  expect "reset with Nova restarted took under 60 s ($secs s)" awk -v s="$secs" 'BEGIN { exit !(s < 60) }'
else
  expect "reset took under 10 s ($secs s)" awk -v s="$secs" 'BEGIN { exit !(s < 10) }'
fi
if [ ! -e "$(hostdir compute1)/nova-disabled" ] && [ ! -e "$(hostdir compute2)/fail-next-yum" ]; then pass "seam and hook files removed"; else fail "seam and hook files removed"; fi
expect "logs truncated" [ ! -s "$OU_LAB_STATE/log/events.log" ]
"$LAB" status >/dev/null || fail "the lab (hosts, plane, fronts) is not all up after reset"
on compute2 'rpm -q --qf "%{VERSION}\n" openstack-nova-compute; openstack-service status nova'
re='^2014\.1\.3.openstack-nova-compute \(pid [1-9][0-9]*\) is active$'
if [[ $RC == 0 && $OUT =~ $re ]]; then pass "compute2 is Icehouse again and nova runs ($OUT)"; else fail "compute2 is Icehouse again and nova runs: $OUT"; fi
on controller 'openstack-service status | grep -v " is active$"; systemctl -q is-active httpd rabbitmq-server; mysqladmin ping'
expect "controller: every unit active again, mysqld alive ($OUT)" [ "$RC:$OUT" = "0:mysqld is alive" ]
if nova_on; then
  states=$(nova GET /os-services | jq -r '.services[] | "\(.binary) \(.host) \(.state) \(.status)"')
  expect "Nova: every service up and enabled" [ "$(grep -vc ' up enabled$' <<<"$states")" = 0 ]
  expect "Nova: the same lab servers, ACTIVE, each on its own host" [ "$(servers)" = "$servers_before" ]
  on controller 'curl -sf -o /dev/null http://127.0.0.11:8774/ && curl -sf -o /dev/null http://127.0.0.11:5000/v2.0/'
  expect "the controller's APIs answer on its address again" [ "$RC" = 0 ]
  COUT=$(timeout 120 "$LAB" check 2>&1) || true
  expect "check after reset: only 'not upgraded' failures, none about Nova or order" \
    bash -c "! grep -qE '^nova:|stopped at|started at|moved from' <<<\"\$1\"" _ "$COUT"
fi
lab_finish
