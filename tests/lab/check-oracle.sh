#!/bin/bash
# `lab check` on the real Nova: it fails on wrong orders (a compute stopped
# while Nova still had it enabled, a Juno controller started uncapped, a
# server migrated to a compute not upgraded yet) and passes after the
# scenario-4 procedure done by hand, over ssh, with Nova disabled and
# enabled through its real API with curl.
# shellcheck disable=SC2317 # helpers called through expect
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 900 nova
JUNO_RPM=https://repos.fedorapeople.org/repos/openstack/openstack-juno/rdo-release-juno-1.noarch.rpm

check_out() { CRC=0; COUT=$(timeout 120 "$LAB" check 2>&1) || CRC=$?; }
lacks() { ! grep -qE "$1" <<<"$COUT"; }
has_line() { # REGEX
  if grep -qE "$1" <<<"$COUT"; then pass "check reports: $1"; else fail "check should report /$1/; it said:"$'\n'"$COUT"; fi
}
server_id() { nova GET '/servers?all_tenants=1' | jq -r --arg n "$1" '.servers[] | select(.name == $n) | .id'; }
server_host() { nova GET "/servers/$1" | jq -r '.server["OS-EXT-SRV-ATTR:host"] + " " + .server.status'; }
# live_migrate NAME HOST: move a server (2.30, the scheduler checks HOST).
live_migrate() {
  local id end
  id=$(server_id "$1")
  token
  curl -sf --max-time 30 -X POST -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
    -H 'OpenStack-API-Version: compute 2.30' \
    -d "{\"os-migrateLive\": {\"host\": \"$2\", \"block_migration\": \"auto\"}}" \
    "http://127.0.0.1:8774/v2.1/servers/$id/action" >/dev/null || return 1
  end=$((SECONDS + 60))
  while ((SECONDS < end)); do
    [[ $(server_host "$id") == "$2 ACTIVE" ]] && return 0
    sleep 0.5
  done
  return 1
}

check_out
expect "fresh Icehouse lab: check fails" [ "$CRC" = 1 ]
has_line '^compute1: openstack-nova-compute is 2014\.1\.3-4\.el7, not the Juno 2014\.2\.2-1\.el7$'
has_line '^database: the nova schema was not upgraded to Juno$'
expect "fresh lab: no Nova failure (all up, enabled, ACTIVE) $(grep '^nova:' <<<"$COUT" | tr '\n' ' ')" lacks '^nova:'

# ---- wrong order 1: uncapped Juno controller; a compute stopped while enabled
for h in $(inv_hosts); do must "$h" "yum -d1 -y install $JUNO_RPM"; done
must controller 'openstack-service stop nova && yum -d1 -y upgrade \*nova\* && openstack-db --service nova --update'
must controller 'openstack-service start nova' # no [upgrade_levels] cap
must compute1 'openstack-service stop nova'    # Nova still has it enabled
expect "Nova reads compute1 down" wait_state compute1 nova-compute down 30
check_out
expect "wrong order: check fails" [ "$CRC" = 1 ]
has_line '^controller: Juno openstack-nova-api started at [0-9:]+ without \[upgrade_levels\] compute while Icehouse nova-compute ran on:( compute[0-9]+)+$'
has_line '^compute1: openstack-nova-compute stopped at [0-9:]+ while compute1 was still enabled'
has_line '^compute1: openstack-nova-compute is stopped$'
has_line '^nova: nova-compute on compute1 is down$'
has_line '^controller: openstack-keystone still runs the Icehouse code'
expect "the stand-in asked the real API at stop time" grep -qP '\tcompute1\tsvc-stop\tsvc=openstack-nova-compute\t.*\tdisabled=no\tvia=api$' "$OU_LAB_STATE/log/events.log"

# ---- wrong order 2: a server moved to a compute that is not upgraded ------
"$LAB" reset >/dev/null
for h in $(inv_hosts); do must "$h" "yum -d1 -y install $JUNO_RPM"; done
expect "live-migrate lab-compute1-1 to compute2 (Icehouse)" live_migrate lab-compute1-1 compute2
check_out
has_line '^nova: server lab-compute1-1 moved from compute1 to compute2 at [0-9:]+ \((completed|done|finished|running|post-migrating)\), but compute2.s nova-compute was never upgraded$'

# ---- the procedure, by hand ------------------------------------------------
"$LAB" reset >/dev/null
check_out
expect "after reset no Nova or order failure is left" lacks '^nova:|stopped at|moved from'
mapfile -t NEUTRON_HOSTS < <( (inv_hosts_with neutron-server; inv_hosts_with neutron-agent) | awk '!seen[$0]++')
mapfile -t NOVA_CTRL < <(inv_hosts_with nova-controller)

# pre-upgrade: the Juno repository and openstack-utils on every host
for h in $(inv_hosts); do must "$h" "yum -d1 -y install $JUNO_RPM && yum -d1 -y install openstack-utils"; done
# keystone, swift, cinder, glance
must controller "openstack-service stop keystone && yum -d1 -y upgrade '*keystone*' && runuser -s /bin/sh keystone -c 'keystone-manage token_flush' && openstack-db --service keystone --update && openstack-service start keystone"
must controller 'curl -sf -o /dev/null http://127.0.0.11:5000/v2.0/'
must controller "openstack-service stop swift && yum -d1 -y upgrade '*swift*' && openstack-service start swift"
must controller "openstack-service stop cinder && yum -d1 -y upgrade '*cinder*' && openstack-db --service cinder --update && openstack-service start cinder"
must controller "openstack-service stop glance && yum -d1 -y upgrade '*glance*' && openstack-db --service glance --update && openstack-service start glance"
# neutron: stop+upgrade everywhere, schema on the server, start everywhere
for h in "${NEUTRON_HOSTS[@]}"; do must "$h" "openstack-service stop neutron && yum -d1 -y upgrade '*neutron*'"; done
must controller 'openstack-db --service neutron --update'
for h in "${NEUTRON_HOSTS[@]}"; do must "$h" 'openstack-service start neutron'; done
# horizon: upgrade, take the new local_settings with the site's values, restart httpd
must controller "yum -d1 -y upgrade '*horizon*' '*openstack-dashboard*'"
# shellcheck disable=SC2016 # expanded by the remote shell
must controller 'cd /etc/openstack-dashboard && cp -p local_settings local_settings.icehouse &&
  key=$(sed -n "s/^SECRET_KEY = //p" local_settings.icehouse) &&
  osh=$(sed -n "s/^OPENSTACK_HOST = //p" local_settings.icehouse) &&
  ah=$(sed -n "s/^ALLOWED_HOSTS = //p" local_settings.icehouse) &&
  cat local_settings.rpmnew > local_settings && rm local_settings.rpmnew &&
  sed -i -e "s|^SECRET_KEY = secret_key.generate_or_read_from_file(|SECRET_KEY = $key\n_unused = (|" \
         -e "s|^OPENSTACK_HOST = .*|OPENSTACK_HOST = $osh|" -e "s|^ALLOWED_HOSTS = .*|ALLOWED_HOSTS = $ah|" local_settings &&
  grep -q "^OPENSTACK_HOST = \"127.0.0.11\"" local_settings && systemctl restart httpd'
# final package upgrade where no Nova service runs
for h in $(inv_hosts); do
  if ! inv_hosts_with nova-controller | grep -qx "$h" && ! inv_hosts_with nova-compute | grep -qx "$h"; then
    must "$h" 'yum -d1 -y upgrade'
  fi
done
# nova controllers: stop, upgrade, schema, cap, start
for h in "${NOVA_CTRL[@]}"; do must "$h" "openstack-service stop nova && yum -d1 -y upgrade '*nova*'"; done
must "${NOVA_CTRL[0]}" 'openstack-db --service nova --update'
for h in "${NOVA_CTRL[@]}"; do
  must "$h" 'openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1 && openstack-config --set /etc/nova/nova.conf upgrade_levels conductor 3.23.1'
  must "$h" 'openstack-service start nova'
done
expect "the conductor reports up" wait_state controller nova-conductor up 120
# computes, one at a time: disable in Nova (curl), stop, upgrade, cap, start, enable
moved=0
for c in "${COMPUTES[@]}"; do
  expect "$c: disabled through the API" nova_disable "$c"
  must "$c" 'openstack-service stop nova'
  expect "$c: Nova reads it down" wait_state "$c" nova-compute down 60
  must "$c" "yum -d1 -y upgrade '*nova*' && openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1"
  must "$c" 'openstack-service start nova'
  expect "$c: Nova reads it up" wait_state "$c" nova-compute up 120
  expect "$c: enabled through the API" nova_enable "$c"
  # a migration to a compute already upgraded is allowed
  if ((!moved)) && [[ $c == "${COMPUTES[1]}" ]]; then
    expect "live-migrate lab-${COMPUTES[-1]}-1 to the upgraded $c" live_migrate "lab-${COMPUTES[-1]}-1" "$c"
    moved=1
  fi
done
# post-upgrade: remove the caps, restart nova, final package upgrade, restarts
for h in "${NOVA_CTRL[@]}" "${COMPUTES[@]}"; do
  must "$h" 'sed -i -e "s/^compute *= *3.23.1/# compute = 3.23.1/" -e "s/^conductor *= *3.23.1/# conductor = 3.23.1/" /etc/nova/nova.conf && openstack-service restart nova'
  must "$h" 'yum -d1 -y upgrade'
done
for c in "${COMPUTES[@]}"; do must "$c" 'openstack-service restart nova-compute'; done
for h in "${NOVA_CTRL[@]}"; do must "$h" 'openstack-service restart nova'; done
for c in "${COMPUTES[@]}"; do expect "$c: up at the end" wait_state "$c" nova-compute up 120; done
expect "the scheduler reports up" wait_state controller nova-scheduler up 120

check_out
expect "check passes after the procedure (exit $CRC)" [ "$CRC" = 0 ]
((CRC == 0)) || printf '%s\n' "$COUT"
lab_finish
