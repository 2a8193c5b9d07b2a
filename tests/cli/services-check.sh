#!/usr/bin/env bash
# `services` and `check` end to end, against recorded Keystone and Nova
# replies (tests/tools/responder.py) and a real sshd on loopback
# (tests/tools/sshd-fixture.sh): the table, --watch's frames, a banner
# when the API goes away, Ctrl-C, TLS policy; check's lines for a good
# cloud, an unknown, accepted and changed host key, sudo, packages and
# topology.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/cli/clitest.bash
. "$(dirname "$0")/clitest.bash"

list="GET /v2.1/os-services 200"

# ---- services ----

responder_start "$list api/services-list-v2.1.json"
run "$bin" services
check "services prints a table, exit 0" rc_is 0 '^  nova-compute '
check "the rows are sorted by binary, then host" \
	same "$(awk 'NR > 1 { print $1 "/" $2 }' "$tmp/out" | tr '\n' ' ')" \
	"nova-compute/compute1 nova-compute/compute2 nova-compute/compute3 nova-conductor/controller nova-scheduler/controller "
check "the table has every column, the heartbeat's age among them" \
	has '^  Binary +Host +Zone +Status +State +Updated \(UTC\) +Last heartbeat +Disabled reason$'
check "a heartbeat's age reads as time ago" \
	has '^  nova-compute +compute1 +nova +enabled +up +2026-11-24 19:30:30 +[0-9]+[dhm][0-9]+[hms] ago$'
check "one call to Keystone, one to Nova" \
	same "$(responder_paths | tr '\n' ' ')" "/v3/auth/tokens /v2.1/os-services "

responder_start "GET /v2.1/os-services?host=compute1&binary=nova-compute 200 api/services-list-filtered-v2.1.json"
run "$bin" services --host compute1 --binary nova-compute
check "--host and --binary filter in the API's query" \
	same "$rc $(grep -c compute "$tmp/out")" "0 1"

responder_start "$list api/services-list-v2.1.json" "$list services/compute2-down-v2.1.json" \
	"$list services/compute2-down-v2.1.json"
run timeout 20 "$bin" services --watch 1 --count 3
check "--watch off a terminal prints successive frames under timestamp lines" \
	same "$rc $(grep -cE '^--- [0-9-]+ [0-9:]+ UTC ---$' "$tmp/out")" "0 3"
check "no terminal, no escape sequences" \
	same "$(grep -c $'\033' "$tmp/out")" 0
check "a change is marked with * and shown old->new" \
	has '^\* nova-compute +compute2 +nova +enabled +up->down '
check "the change is listed with its time under Recent changes" \
	has '^  [0-9:]{8}  compute2 nova-compute: state up->down$'
check "the mark lasts one refresh: the third frame shows compute2 down, unmarked" \
	same "$(awk '/^---/ { f++ } f == 3 && /compute2/' "$tmp/out" | grep -cE '^  nova-compute +compute2 +nova +enabled +down ')" 1

responder_start "$list api/services-list-v2.1.json"
"$bin" services --watch 1 --count 4 >"$tmp/out" 2>"$tmp/err" &
watch_pid=$!
for _ in $(seq 600); do grep -q compute3 "$tmp/out" && break; sleep 0.05; done
responder_stop
rc=0
wait "$watch_pid" || rc=$?
check "when the API goes away, a banner says so and since when" \
	has '^!!! COMPUTE API UNREACHABLE for [0-9]+s \(since [0-9:]{8} UTC\): .*127\.0\.0\.1'
kept=$(awk '/^!!! the table below is the last good one/ { f = 1 } f && /compute3/' "$tmp/out" | wc -l)
check "under the banner the last good table stays" same "$rc $((kept >= 1))" "0 1"

responder_start "$list api/services-list-v2.1.json" "$list api/services-list-v2.1.json"
"$bin" services --watch 2 >"$tmp/out" 2>"$tmp/err" &
watch_pid=$!
for _ in $(seq 600); do grep -q compute3 "$tmp/out" && break; sleep 0.05; done
start=$(date +%s%N)
kill -INT "$watch_pid"
rc=0
wait "$watch_pid" || rc=$?
took=$((($(date +%s%N) - start) / 1000000))
check "Ctrl-C ends a watch at once (${took} ms), with status 0" \
	same "$rc $((took < 1500))" "0 1"

responder_start "$list api/services-list-v2.1.json" "$list api/services-list-v2.1.json"
TERM=xterm script -qec "$bin services --watch 1 --count 2" /dev/null >"$tmp/out" 2>&1 </dev/null || true
check "on a terminal a frame homes the cursor and clears what is left" \
	same "$(grep -o $'\033\\[H' "$tmp/out" | wc -l) $(grep -o $'\033\\[J' "$tmp/out" | wc -l)" "2 2"

responder_start "$list api/services-list-v2.1.json"
run "$bin" services --insecure
check "--insecure is said on stderr" \
	has_err 'WARNING: --insecure: the TLS certificates of http://127\.0\.0\.1:[0-9]+/v3 .*NOT verified'
OS_INSECURE=true run "$bin" services
check "credentials that ask to skip TLS checks are refused without --insecure" \
	rc_err 2 'pass --insecure to accept that'

run "$bin" services --watch 0
check "--watch 0 is refused" rc_err 2 'takes seconds from 1 to 3600'
run "$bin" services --count 2
check "--count without --watch is refused" rc_err 2 'goes with --watch'

responder_stop
unset OS_AUTH_URL
run "$bin" services
check "no credentials: a clear message, exit 2" \
	rc_err 2 'no auth URL \(OS_AUTH_URL\)'

# ---- check ----

fixture_start controller compute1 compute2 compute3
fixture_known_hosts controller compute1 compute2 compute3 >"$tmp/known_hosts"
lab_hosts=("controller:keystone,nova-controller,nova-api,mysql"
	"compute1:nova-compute,neutron-agent" "compute2:nova-compute,neutron-agent"
	"compute3:nova-compute,neutron-agent:sudo")
inventory "$tmp/inv.yaml" "$tmp/known_hosts" "${lab_hosts[@]}"

responder_start "$list api/services-list-v2.1.json"
run timeout 60 "$bin" check -i "$tmp/inv.yaml"
check "check of a cloud that matches its inventory: exit 0" rc_is 0
check "per host ssh, sudo where asked, and packages, in inventory order" \
	same "$(awk '$3 == "ssh" || $3 == "sudo" || $3 == "packages" { print $2 "/" $3 }' "$tmp/out" | tr '\n' ' ')" \
	"controller/ssh controller/packages compute1/ssh compute1/packages compute2/ssh compute2/packages compute3/ssh compute3/sudo compute3/packages "
check "sudo -n true where become is sudo" \
	has '^ok +compute3 +sudo +sudo -n true works for'
check "the packages line names the release and each version" \
	has '^ok +compute1 +packages +Icehouse: openstack-utils 2014\.1-3\.el7, openstack-nova-common 2014\.1\.3-4\.el7, openstack-nova-compute 2014\.1\.3-4\.el7, openstack-neutron 2014\.1\.3-7\.el7$'
check "credentials, services and topology come last" \
	same "$(tail -n 4 "$tmp/out" | awk '{ print $1 "/" $3 }' | head -n 3 | tr '\n' ' ')" "ok/credentials ok/services ok/topology "
check "a summary counts the verdicts" has '^12 checks: 12 ok, 0 WARN, 0 FAIL$'

responder_start "$list services/extra-compute4-v2.1.json"
inventory "$tmp/inv-extra.yaml" "$tmp/known_hosts" "${lab_hosts[@]}" "compute5:nova-compute"
run timeout 60 "$bin" check -i "$tmp/inv-extra.yaml"
check "a compute in Nova but not in the inventory fails, exit 1" \
	rc_is 1 "^FAIL +compute4 +topology +Nova has a nova-compute service on host 'compute4'"
check "an inventory compute unknown to Nova fails" \
	has "^FAIL +compute5 +topology +the inventory gives it the nova-compute role, but Nova has no nova-compute service on host 'compute5'"

sed -i '/^openstack-neutron /d' "$tmp/sshd/compute1/home/rpmdb"
responder_start "$list api/services-list-v2.1.json"
run timeout 60 "$bin" check -i "$tmp/inv.yaml"
check "a package the roles imply but not installed fails" \
	rc_is 1 '^FAIL +compute1 +packages +not installed: openstack-neutron; Icehouse: '

: >"$tmp/empty_known_hosts"
inventory "$tmp/inv-one.yaml" "$tmp/empty_known_hosts" compute1:nova-compute
responder_start "$list api/services-list-v2.1.json"
fingerprint=$(ssh-keygen -lf "$tmp/sshd/compute1/host_ed25519.pub" | awk '{ print $2 }')
run timeout 60 "$bin" check -i "$tmp/inv-one.yaml"
check "an unknown host key fails with its SHA256 fingerprint" \
	rc_is 1 '^FAIL +compute1 +ssh +unknown host key ssh-ed25519 SHA256:.*--accept-host-keys'
check "... the fingerprint being ssh-keygen's" has_text "ssh-ed25519 $fingerprint ("
check "... and is not accepted by check" same "$(wc -c <"$tmp/empty_known_hosts")" 0

responder_start "$list api/services-list-v2.1.json"
printf 'n\n' | script -qec "$bin check -i $tmp/inv-one.yaml --accept-host-keys" /dev/null >"$tmp/out" 2>&1 || true
check "a key the operator does not accept is neither written nor journaled" \
	same "$(grep -c 'Not accepted' "$tmp/out") $(wc -c <"$tmp/empty_known_hosts") $(find "$tmp/state" -name 'journal*' 2>/dev/null | wc -l)" "1 0 0"

responder_start "$list api/services-list-v2.1.json" "$list api/services-list-v2.1.json"
printf 'y\n' | script -qec "$bin check -i $tmp/inv-one.yaml --accept-host-keys" /dev/null >"$tmp/out" 2>&1 || true
asked() { has_text "    ssh-ed25519 $fingerprint" && has 'Accept it\? \[y/N\]'; }
check "--accept-host-keys shows the fingerprint and asks on the terminal" asked
check "... writes the accepted key to known_hosts and checks again" \
	grep -q "$(cut -d' ' -f2 "$tmp/sshd/compute1/host_ed25519.pub")" "$tmp/empty_known_hosts"
check "... after which ssh is ok" has '^ok +compute1 +ssh '
run "$bin" log -i "$tmp/inv-one.yaml"
check "... and journals it as the engine does: host, who, key type and fingerprint" \
	rc_is 0 "^[0-9-]+ [0-9:]+  hostkey +- +compute1 +accept +by $(id -un)@"
check "... the journaled text being the key shown" \
	same "$(grep -c . "$tmp/out") $(sed -n 2p "$tmp/out")" "2       ssh-ed25519 $fingerprint"
finished=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM meta WHERE key = ?", ("finished",)).fetchone()[0])' \
	"$tmp/state/openstack-upgrade/clitest/journal.sqlite")
check "... in a journal of its own, marked finished: no upgrade was under way" \
	same "$finished" 1

# An upgrade under way (run --line quit at its first confirmation): the
# key goes into its journal, which stays unfinished for the run to resume.
runbook=$src/tests/data/engine/line-runbook.yaml
fixture_known_hosts compute2 >"$tmp/run_known_hosts"
inventory "$tmp/inv-run.yaml" "$tmp/run_known_hosts" compute2:node
python3 "$src/tests/tools/linedrive.py" --timeout 60 --max-confirms 0 -- \
	"$bin" run --line -r "$runbook" -i "$tmp/inv-run.yaml" \
	--journal-dir "$tmp/run-journal" </dev/null >/dev/null 2>&1 || true
: >"$tmp/run_known_hosts"
responder_start "$list api/services-list-v2.1.json" "$list api/services-list-v2.1.json"
printf 'y\n' | script -qec "$bin check -i $tmp/inv-run.yaml -r $runbook --journal-dir $tmp/run-journal --accept-host-keys" \
	/dev/null >"$tmp/out" 2>&1 || true
journal_count() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
		"$tmp/run-journal/journal.sqlite" "$1"
}
check "with an upgrade under way the key is journaled in its journal" \
	same "$(journal_count "SELECT count(*) FROM records WHERE kind = 'hostkey' AND host = 'compute2'") $(journal_count "SELECT count(*) FROM records WHERE what = 'runbook-source'")" "1 1"
check "... which is left unfinished, for the run to resume" \
	same "$(journal_count "SELECT count(*) FROM meta WHERE key = 'finished'") $(find "$tmp/run-journal" -name 'journal-*' | wc -l)" "0 0"

responder_start "$list api/services-list-v2.1.json"
run timeout 60 "$bin" check -i "$tmp/inv-one.yaml" --accept-host-keys
check "--accept-host-keys with nothing to accept asks nothing" \
	same "$(grep -c 'Accept it' "$tmp/out") $(grep -c '^ok  *compute1  *ssh ' "$tmp/out")" "0 1"

responder_stop
unset OS_AUTH_URL
run timeout 60 "$bin" check -i "$tmp/inv-one.yaml"
check "without credentials the host checks still run and the API lines fail" \
	rc_is 1 '^FAIL +cloud +credentials +environment: no auth URL' '^ok +compute1 +ssh '

bash "$src/tests/tools/sshd-fixture.sh" rekey "$tmp/sshd/compute1" >/dev/null
responder_start "$list api/services-list-v2.1.json"
run timeout 60 "$bin" check -i "$tmp/inv-one.yaml" --accept-host-keys
check "a changed host key fails with OpenSSH's warning, even with --accept-host-keys" \
	rc_is 1 '^FAIL +compute1 +ssh +.*HOST KEY HAS CHANGED.*ssh-keygen -f'


clitest_done
