#!/usr/bin/env bash
# `openstack-upgrade services --watch 1` against the lab's real Nova
# (lab/nova/novalab): compute2 reads down within the heartbeat window
# after its nova-compute is stopped (novalab stop-service), marked as a
# change, and up again after it is started; with nova-api stopped (as
# during the controller's upgrade) a banner says the API is unreachable
# while the last table stays, and goes once nova-api is back; Ctrl-C
# ends the watch at once.
#
# Uses the running lab and never starts or stops it: exit 77 when the
# Nova plane is not up (or not root).  Puts back what it stopped.
# Exit 0 pass, 1 fail.  OU_BIN: the binary (default: build/test's).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
novalab=$repo/lab/nova/novalab
bin=${OU_BIN:-$repo/build/test/openstack-upgrade}
victim=compute2
down_time=6	# the lab's service_down_time
down_limit=$((down_time + 14))	# s from the stop to a frame showing down
up_limit=60	# s from the start to a frame showing up (Python start-up)
tmp=
failures=0
stopped=()
watch_pid=

ok() { echo "ok - $*"; }
not_ok() { failures=$((failures + 1)); echo "not ok - $*"; }
skip() { echo "SKIP: $*"; exit 77; }

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	local name
	[ -z "$watch_pid" ] || kill "$watch_pid" 2>/dev/null || true
	for name in "${stopped[@]}"; do
		"$novalab" start-service "$name" >/dev/null 2>&1 || echo "warning: could not restart $name"
	done
	[ -z "$tmp" ] || rm -rf "$tmp"
}

[ "$(id -u)" = 0 ] || skip "the lab runs as root"
[ -x "$bin" ] || skip "no binary at $bin (set OU_BIN)"
timeout 60 "$novalab" status >/dev/null 2>&1 || skip "the lab's Nova is not up (lab/nova/novalab up)"
tmp=$(mktemp -d /tmp/ou-labtest-services-XXXXXX)
# A watchdog whose sleep ends with it, so no process outlives the test.
(
	trap 'kill $nap 2>/dev/null; exit 0' TERM
	sleep 300 &
	nap=$!
	wait "$nap"
	echo "not ok - time limit of 300 s reached"
	kill -TERM $$
) </dev/null &
watchdog=$!
trap 'cleanup; kill $watchdog 2>/dev/null || true' EXIT
trap 'exit 1' TERM INT
eval "$("$novalab" env)"

# wait_frame SECONDS PATTERN: until a frame line matches (grep -E); prints
# the seconds it took.
wait_frame() {
	local limit=$1 pattern=$2 start=$SECONDS
	while ((SECONDS - start <= limit)); do
		if grep -qE -- "$pattern" "$tmp/watch.out"; then
			echo $((SECONDS - start))
			return 0
		fi
		sleep 0.2
	done
	return 1
}

frames() { grep -c '^--- ' "$tmp/watch.out"; }

"$bin" services --watch 1 >"$tmp/watch.out" 2>"$tmp/watch.err" &
watch_pid=$!
if wait_frame 20 "^  nova-compute +$victim +nova +enabled +up " >/dev/null; then
	ok "services --watch 1 shows $victim up"
else
	not_ok "services --watch 1 shows $victim up"
	cat "$tmp/watch.err"
	exit 1
fi
one_shot=$("$bin" services --binary nova-compute --host "$victim")
if grep -qE "^  nova-compute +$victim +nova +enabled +up +[0-9-]+ [0-9:]+ +[0-9]+s ago$" <<<"$one_shot"; then
	ok "a one-shot table agrees, with a heartbeat seconds old"
else
	not_ok "a one-shot table agrees: $one_shot"
fi

"$novalab" stop-service "nova-compute-$victim" >/dev/null 2>&1
stopped+=("nova-compute-$victim")
if took=$(wait_frame "$down_limit" "^\* nova-compute +$victim +nova +enabled +up->down "); then
	ok "$victim shown down (marked up->down) ${took}s after its nova-compute stopped (limit ${down_limit}s)"
else
	not_ok "$victim not shown down within ${down_limit}s"
fi
if grep -qE "^  [0-9:]{8}  $victim nova-compute: state up->down$" "$tmp/watch.out"; then
	ok "the change is listed under Recent changes"
else
	not_ok "the change is listed under Recent changes"
fi

"$novalab" start-service "nova-compute-$victim" >/dev/null 2>&1
stopped=()
if took=$(wait_frame "$up_limit" "^\* nova-compute +$victim +nova +enabled +down->up "); then
	ok "$victim shown up again (down->up) ${took}s after its nova-compute started"
else
	not_ok "$victim not shown up again within ${up_limit}s"
fi

"$novalab" stop-service nova-api >/dev/null 2>&1
stopped+=(nova-api)
if took=$(wait_frame 15 '^!!! COMPUTE API (UNREACHABLE|ERROR) for [0-9]+s'); then
	ok "with nova-api stopped, a banner says the API is unreachable (${took}s)"
else
	not_ok "no banner within 15s of stopping nova-api"
fi
before=$(frames)
sleep 2
if [ "$(frames)" -gt "$before" ] &&
	tail -n 20 "$tmp/watch.out" | grep -qE "^. nova-compute +$victim "; then
	ok "the watch keeps refreshing, the last good table under the banner"
else
	not_ok "the watch keeps refreshing, the last good table under the banner"
fi
"$novalab" start-service nova-api --wait >/dev/null 2>&1
stopped=()
mark=$(wc -l <"$tmp/watch.out")
back=0
for _ in $(seq 50); do
	if tail -n +"$mark" "$tmp/watch.out" | grep -q '^--- ' &&
		! tail -n 12 "$tmp/watch.out" | grep -q '^!!!'; then
		back=1
		break
	fi
	sleep 0.2
done
if ((back)); then ok "the banner goes once nova-api answers again"; else not_ok "the banner goes once nova-api answers again"; fi

start=$(date +%s%N)
kill -INT "$watch_pid"
rc=0
wait "$watch_pid" || rc=$?
watch_pid=
took=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -eq 0 ] && [ "$took" -lt 6000 ]; then
	ok "Ctrl-C ends the watch in ${took} ms, exit 0"
else
	not_ok "Ctrl-C: exit $rc after ${took} ms"
fi

if ((failures)); then
	echo "$failures check(s) failed; the last frames:"
	tail -n 30 "$tmp/watch.out"
	exit 1
fi
exit 0
