#!/bin/bash
# The stand-ins drive the real processes: `openstack-service stop nova` on
# compute2 (over ssh) makes the real Nova API report compute2 down within
# service_down_time + a margin, and start brings it back up; stopping nova
# on the controller makes the Nova API refuse connections (on 127.0.0.1 and
# on the controller's address) and start restores it; Keystone and Swift
# behave the same on the controller's address; a real process that dies
# behind systemd's back shows as failed.
# shellcheck disable=SC2317 # helpers called through expect
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 600 nova
NOVALAB=$REPO/lab/nova/novalab
SERVICE_DOWN_TIME=6 # the plane's nova.conf
MARGIN=10           # SIGTERM to exit, and the API's own polling

# refused URL: curl cannot connect (exit 7: connection refused).
refused() { local rc=0; curl -s -o /dev/null --max-time 5 "$1" || rc=$?; ((rc == 7)); }
answers() { curl -sf -o /dev/null --max-time 10 "$1"; }
plane_pid() { "$NOVALAB" pid "$1" | awk '{ print $2 }'; }
# ok_with RC OUT TEXT: the remote command succeeded and its output has TEXT.
ok_with() { [[ $1 == 0 && $2 == *"$3"* ]]; }

# ---- compute2 -------------------------------------------------------------------
expect "compute2 starts up and enabled" [ "$(service_state compute2)" = "enabled up" ]
t0=$SECONDS
on compute2 'openstack-service stop nova'
t1=$SECONDS
expect "compute2: openstack-service stop nova: silent, exit 0 ($((t1 - t0)) s)" [ "$RC:$OUT" = "0:" ]
if wait_state compute2 nova-compute down $((SERVICE_DOWN_TIME + MARGIN)); then
  pass "the real API reports compute2 down $((SECONDS - t1)) s after the stop returned (limit $((SERVICE_DOWN_TIME + MARGIN)) s)"
else
  fail "compute2 not down within $((SERVICE_DOWN_TIME + MARGIN)) s: $(service_state compute2)"
fi
expect "nova-compute-compute2 no longer runs" [ "$(plane_pid nova-compute-compute2)" = - ]
on compute2 'openstack-service status nova'
expect "compute2: status says inactive ($OUT)" [ "$RC:$OUT" = "0:openstack-nova-compute (pid 0) is inactive" ]
expect "the stop logged that Nova had compute2 enabled (asked of the API)" \
  grep -qP '\tcompute2\tsvc-stop\tsvc=openstack-nova-compute\t.*\tdisabled=no\tvia=api$' "$OU_LAB_STATE/log/events.log"
t0=$SECONDS
on compute2 'openstack-service start nova'
expect "compute2: openstack-service start nova: silent, exit 0 ($((SECONDS - t0)) s)" [ "$RC:$OUT" = "0:" ]
expect "the real API reports compute2 up again" wait_state compute2 nova-compute up 60
pid=$(plane_pid nova-compute-compute2)
on compute2 'systemctl show -p MainPID openstack-nova-compute'
expect "systemctl's MainPID is the real nova-compute's ($pid)" [ "$OUT" = "MainPID=$pid" ]

# ---- a real process dies behind systemd's back: the unit is failed --------------
"$NOVALAB" stop-service nova-compute-compute3 >/dev/null 2>&1
on compute3 'openstack-service status nova; systemctl is-failed -q openstack-nova-compute'
expect "compute3: a dead nova-compute reads failed ($OUT)" [ "$RC:$OUT" = "0:openstack-nova-compute (pid 0) is failed" ]
on compute3 'openstack-service start nova && openstack-service status nova'
expect "compute3: start brings it back ($OUT)" ok_with "$RC" "$OUT" "is active"
expect "compute3 up again" wait_state compute3 nova-compute up 60

# ---- the controller's Nova ----------------------------------------------------------
on controller 'openstack-service stop nova'
expect "controller: stop nova, silent" [ "$RC:$OUT" = "0:" ]
expect "the Nova API refuses connections on 127.0.0.1:8774" refused http://127.0.0.1:8774/
expect "and on the controller's address 127.0.0.11:8774" refused http://127.0.0.11:8774/
on controller 'curl -sf -o /dev/null http://127.0.0.11:8774/'
expect "curl on the controller fails (exit $RC)" [ "$RC" = 7 ]
t0=$SECONDS
on controller 'openstack-service start nova'
expect "controller: start nova, silent ($((SECONDS - t0)) s)" [ "$RC:$OUT" = "0:" ]
expect "the Nova API answers again" answers http://127.0.0.1:8774/
expect "and on the controller's address" answers http://127.0.0.11:8774/
expect "the conductor reports up" wait_state controller nova-conductor up 60
expect "the scheduler reports up" wait_state controller nova-scheduler up 60

# ---- Keystone: the real one stops with the unit --------------------------------
token # a token Nova has validated stays valid in its cache
nova GET /os-services >/dev/null
on controller 'openstack-service stop keystone'
expect "controller: stop keystone" [ "$RC:$OUT" = "0:" ]
expect "Keystone refuses on 127.0.0.1:5000" refused http://127.0.0.1:5000/v3
expect "and on 127.0.0.11:5000" refused http://127.0.0.11:5000/
expect "and on 127.0.0.11:35357" refused http://127.0.0.11:35357/
sleep $((SERVICE_DOWN_TIME + 2))
expect "computes keep reporting up while Keystone is down (cached token)" [ "$(service_state compute1)" = "enabled up" ]
on controller 'openstack-service start keystone && curl -sf http://127.0.0.11:5000/v2.0/ && curl -sf -o /dev/null http://127.0.0.11:35357/v3'
expect "controller: start keystone; the Juno v2.0 document on 5000 ($RC)" ok_with "$RC" "$OUT" '"id": "v2.0"'
TOKEN=""
expect "a new token again" token

# ---- Swift: the proxy's /info follows the unit and the code's version ------------
on controller 'openstack-service stop swift; curl -s -o /dev/null http://127.0.0.11:8080/info; echo $?'
expect "swift stopped: 127.0.0.11:8080 refused" [ "$OUT" = 7 ]
on controller "openstack-service start swift && curl -sf http://127.0.0.11:8080/info"
expect "swift started: /info says 1.13.1 (Icehouse)" ok_with "$RC" "$OUT" '"version": "1.13.1"'

# ---- the database and the broker --------------------------------------------------------
on controller 'mysqladmin --connect-timeout=10 ping && mysqldump --all-databases --single-transaction --routines --events 2>/dev/null | tail -n 1'
expect "mysqladmin ping and mysqldump reach the real MariaDB ($OUT)" ok_with "$RC" "$OUT" "-- Dump completed"
on controller 'systemctl show -p MainPID rabbitmq-server; systemctl -q is-active rabbitmq-server'
expect "rabbitmq-server is the real broker ($OUT)" [ "$RC:$OUT" = "0:MainPID=$(plane_pid rabbitmq)" ]
lab_finish
