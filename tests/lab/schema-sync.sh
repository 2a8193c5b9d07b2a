#!/bin/bash
# Schema syncs fail before the service's packages are upgraded on that host
# and while the service still runs there; they work afterwards.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 240

on controller 'openstack-db --service nova --update'
expect "nova sync with Icehouse packages: exit 1" [ "$RC" = 1 ]
[[ $OUT == *"Error updating the database"* ]] || fail "openstack-db error text: $OUT"
must controller 'yum -y install rdo-release-juno'
must controller 'openstack-service stop nova'
on controller 'openstack-db --service nova --update'
expect "nova sync, service stopped but packages Icehouse: exit 1" [ "$RC" = 1 ]
[[ $OUT == *Icehouse* ]] || fail "sync refusal should name the Icehouse packages: $OUT"
must controller 'yum -d1 -y upgrade \*nova\* && openstack-service start nova'
on controller 'openstack-db --service nova --update'
expect "nova sync while nova runs: exit 1" [ "$RC" = 1 ]
[[ $OUT == *"still running"* ]] || fail "sync refusal should say the service runs: $OUT"
on controller 'nova-manage db sync'
expect "direct nova-manage db sync while running: exit 1" [ "$RC" = 1 ]
on controller 'cat /var/log/nova/nova-manage.log'
[[ $OUT == *CRITICAL* ]] || fail "nova-manage.log should carry the error"
must controller 'openstack-service stop nova'
on controller 'openstack-db --service nova --update'
if [ "$RC" = 0 ] && [ "$OUT" = Complete! ]; then pass "nova sync after stop+upgrade: Complete!"; else fail "nova sync after stop+upgrade: Complete!"; fi
on controller 'nova-manage db version'
expect "nova schema now Juno (254)" [ "$OUT" = 254 ]

on compute1 'keystone-manage db_sync'
expect "keystone-manage on a compute: command not found (127)" [ "$RC" = 127 ]
on controller 'openstack-db --service swift --update'
if [ "$RC" = 1 ] && [[ $OUT == *"Unrecognized --service swift"* ]]; then pass "openstack-db rejects swift"; else fail "openstack-db rejects swift"; fi

# neutron: server on the controller, agents elsewhere
must controller 'openstack-service stop neutron && yum -y upgrade \*neutron\*'
on controller 'openstack-db --service neutron --update'
expect "neutron sync on the controller" [ "$RC" = 0 ]
[[ $OUT == *"Running upgrade icehouse"* ]] || fail "neutron-db-manage output: $OUT"

# keystone straight from the procedure page
on controller 'openstack-service stop keystone && yum -d1 -y upgrade \*keystone\* && keystone-manage token_flush && openstack-db --service keystone --update && openstack-service start keystone'
expect "keystone stop/upgrade/token_flush/db/start" [ "$RC" = 0 ]
expect "events.log has the syncs" [ "$(grep -cP '\tdb-sync\t.*result=ok' "$OU_LAB_STATE/log/events.log")" = 3 ]
lab_finish
