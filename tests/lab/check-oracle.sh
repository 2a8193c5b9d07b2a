#!/bin/bash
# `lab check` fails on a wrong order and passes after the scenario-4
# procedure done by hand over ssh.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 420
JUNO_RPM=https://repos.fedorapeople.org/repos/openstack/openstack-juno/rdo-release-juno-1.noarch.rpm

check_out() { CRC=0; COUT=$(timeout 60 "$LAB" check 2>&1) || CRC=$?; }
has_line() { # REGEX
  if grep -qE "$1" <<<"$COUT"; then pass "check reports: $1"; else fail "check should report /$1/; it said:"$'\n'"$COUT"; fi
}

check_out
expect "fresh Icehouse lab: check fails" [ "$CRC" = 1 ]
has_line '^compute1: openstack-nova-compute is 2014\.1\.3-4\.el7, not the Juno 2014\.2\.2-1\.el7$'
has_line '^database: the nova schema was not upgraded to Juno$'

# ---- a wrong order ---------------------------------------------------------
for h in $(inv_hosts); do must "$h" "yum -d1 -y install $JUNO_RPM"; done
must controller 'openstack-service stop nova && yum -d1 -y upgrade \*nova\* && openstack-db --service nova --update'
must controller 'openstack-service start nova'                  # no [upgrade_levels] cap
must compute1 'openstack-service stop nova'                     # not disabled first
check_out
expect "wrong order: check fails" [ "$CRC" = 1 ]
has_line '^controller: Juno openstack-nova-api started at [0-9:]+ without \[upgrade_levels\] compute while Icehouse nova-compute ran on:( compute[0-9]+)+$'
has_line '^compute1: openstack-nova-compute stopped at [0-9:]+ while compute1 was still enabled'
has_line '^compute1: openstack-nova-compute is stopped$'
has_line '^controller: openstack-keystone still runs the Icehouse code'

# ---- the procedure, by hand ------------------------------------------------
"$LAB" reset >/dev/null
mapfile -t NEUTRON_HOSTS < <( (inv_hosts_with neutron-server; inv_hosts_with neutron-agent) | awk '!seen[$0]++')
mapfile -t NOVA_CTRL < <(inv_hosts_with nova-controller)

# pre-upgrade: the Juno repository on every host
for h in $(inv_hosts); do must "$h" "yum -d1 -y install $JUNO_RPM"; done
# keystone, swift, cinder, glance
must controller 'openstack-service stop keystone && yum -d1 -y upgrade \*keystone\* && keystone-manage token_flush && openstack-db --service keystone --update && openstack-service start keystone'
must controller 'openstack-service stop swift && yum -d1 -y upgrade \*swift\* && openstack-service start swift'
must controller 'openstack-service stop cinder && yum -d1 -y upgrade \*cinder\* && openstack-db --service cinder --update && openstack-service start cinder'
must controller 'openstack-service stop glance && yum -d1 -y upgrade \*glance\* && openstack-db --service glance --update && openstack-service start glance'
# neutron: stop+upgrade everywhere, schema on the server, start everywhere
for h in "${NEUTRON_HOSTS[@]}"; do must "$h" 'openstack-service stop neutron && yum -y upgrade \*neutron\*'; done
must controller 'openstack-db --service neutron --update'
for h in "${NEUTRON_HOSTS[@]}"; do must "$h" 'openstack-service start neutron'; done
# horizon: upgrade, then take the new local_settings and carry the site values
must controller 'yum -y upgrade \*horizon\* \*openstack-dashboard\*'
# shellcheck disable=SC2016 # expanded by the remote shell
must controller 'cd /etc/openstack-dashboard && cp -p local_settings local_settings.icehouse &&
  key=$(sed -n "s/^SECRET_KEY = //p" local_settings.icehouse) &&
  osh=$(sed -n "s/^OPENSTACK_HOST = //p" local_settings.icehouse) &&
  ah=$(sed -n "s/^ALLOWED_HOSTS = //p" local_settings.icehouse) &&
  mv local_settings.rpmnew local_settings &&
  sed -i -e "s|^SECRET_KEY = secret_key.generate_or_read_from_file(|SECRET_KEY = $key\n_unused = (|" \
         -e "s|^OPENSTACK_HOST = .*|OPENSTACK_HOST = $osh|" -e "s|^ALLOWED_HOSTS = .*|ALLOWED_HOSTS = $ah|" local_settings &&
  grep -q "^OPENSTACK_HOST = \"127.0.0.11\"" local_settings'
# final package upgrade where no Nova service runs
for h in $(inv_hosts); do
  if ! inv_hosts_with nova-controller | grep -qx "$h" && ! inv_hosts_with nova-compute | grep -qx "$h"; then
    must "$h" 'yum -d1 -y upgrade'
  fi
done
# nova controllers: stop, upgrade, schema, cap, start
for h in "${NOVA_CTRL[@]}"; do must "$h" 'openstack-service stop nova && yum -d1 -y upgrade \*nova\*'; done
must "${NOVA_CTRL[0]}" 'openstack-db --service nova --update'
for h in "${NOVA_CTRL[@]}"; do
  must "$h" 'openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1 && openstack-config --set /etc/nova/nova.conf upgrade_levels conductor 3.23.1'
  must "$h" 'openstack-service start nova'
done
# computes, one at a time (disable/enable through the part-1 seam file)
for c in "${COMPUTES[@]}"; do
  : >"$(hostdir "$c")/nova-disabled"
  must "$c" 'openstack-service stop nova'
  must "$c" 'yum -d1 -y upgrade \*nova\*'
  must "$c" 'openstack-service start nova'
  rm -f "$(hostdir "$c")/nova-disabled"
done
# post-upgrade: remove the cap, restart nova, final package upgrade
for h in "${NOVA_CTRL[@]}" "${COMPUTES[@]}"; do
  must "$h" 'sed -i -e "s/^compute *= *3.23.1/# compute = 3.23.1/" -e "s/^conductor *= *3.23.1/# conductor = 3.23.1/" /etc/nova/nova.conf && openstack-service restart nova'
  must "$h" 'yum -d1 -y upgrade'
done
for c in "${COMPUTES[@]}"; do must "$c" 'openstack-service restart nova-compute'; done

check_out
expect "check passes after the procedure (exit $CRC)" [ "$CRC" = 0 ]
((CRC == 0)) || printf '%s\n' "$COUT"
lab_finish
