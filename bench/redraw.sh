#!/usr/bin/env bash
# redraw.sh BIN: the wizard's rollout screen with 2,000 computes, moved
# through one line at a time, against htop moved through as many
# processes, in tmux panes of the same size.  Prints CPU time per key
# (each key is one move and one redraw), what the tmux server spent
# taking in what each wrote, resident memory, and the first frame.
#
#   bench/redraw.sh build/bench/openstack-upgrade
#   OU_BENCH_KEYS=1000 OU_BENCH_ROWS=2000 OU_BENCH_COLS=100 OU_BENCH_LINES=30
#
# The wizard shows the plan of an inventory of ROWS computes (no cloud,
# no credentials: nothing runs); htop shows ROWS `sleep` processes this
# script starts (and stops), refreshing only every 10 s so that its
# redraws are the keys'.  Keys are sent one tmux command at a time, the
# same pace for both; a last key that opens each one's help tells when
# all were taken.  Nothing here is a pass or fail: it reports.
#
# OU_BENCH_SCREEN=services measures the services screen instead: the
# wizard (same inventory) reads a recorded Keystone and Nova
# (tests/tools/responder.py) whose service list has ROWS nova-computes
# and the controller's services, a few down, a few disabled with a
# reason, every second (--refresh 1); htop refreshes every second too.
# Also measured there: the CPU each spends over OU_BENCH_IDLE_S seconds
# with no key (the refreshes alone), and the time to the table.
set -euo pipefail

bin=${1:?usage: redraw.sh OPENSTACK-UPGRADE}
keys=${OU_BENCH_KEYS:-1000}
rows=${OU_BENCH_ROWS:-2000}
cols=${OU_BENCH_COLS:-100}
lines=${OU_BENCH_LINES:-30}
wait_s=${OU_BENCH_WAIT_S:-120}
screen=${OU_BENCH_SCREEN:-rollout}
idle_s=0
tools=(tmux htop awk)
case $screen in
rollout) ;;
services)
	idle_s=${OU_BENCH_IDLE_S:-5}
	tools+=(python3)
	;;
*)
	echo "redraw.sh: OU_BENCH_SCREEN is rollout or services, not $screen" >&2
	exit 1
	;;
esac
src=$(cd "$(dirname "$0")/.." && pwd)

for tool in "${tools[@]}"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "redraw.sh: needs $tool" >&2
		exit 1
	fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ou-redraw-XXXXXX")
sleepers=()
responder=

# Every step, whatever the one before did (errexit would stop a trap at
# its first failure and leave the sleepers running).
cleanup() {
	local sock
	set +e
	for sock in "$scratch"/*.sock; do
		if [ -S "$sock" ]; then
			tmux -S "$sock" kill-server >/dev/null 2>&1
		fi
	done
	if [ "${#sleepers[@]}" -gt 0 ]; then
		kill "${sleepers[@]}" 2>/dev/null
		wait "${sleepers[@]}" 2>/dev/null
	fi
	if [ -n "$responder" ]; then
		exec 9>&-
		kill "$responder" 2>/dev/null
		wait "$responder" 2>/dev/null
	fi
	rm -rf "$scratch"
}
trap cleanup EXIT

# An inventory: a controller, a network node and $rows computes.
write_inventory() {
	awk -v n="$rows" 'BEGIN {
		print "cloud: bench"
		print "defaults:\n  user: root\n  become: root"
		print "hosts:"
		print "  - name: controller\n    address: 192.0.2.10"
		print "    roles: [keystone, glance, cinder, neutron-server, " \
		      "nova-controller, nova-api, horizon, mysql, amqp]"
		print "  - name: network\n    address: 192.0.2.11"
		print "    roles: [neutron-agent]"
		for (i = 1; i <= n; i++)
			printf "  - name: compute%04d\n    address: 10.%d.%d.%d\n" \
			       "    roles: [nova-compute, neutron-agent]\n",
			       i, int(i / 65536), int(i / 256) % 256, i % 256
	}' >"$scratch/inventory.yaml"
}

# Nova's answer to GET /v2.1/os-services (microversion 2.1, the shape
# of tests/data/api/services-list-v2.1.json): the controller's services,
# then $rows nova-computes; one in 97 is down (its last heartbeat 90 s
# before the others'), one in 113 disabled with a reason.
write_services() {
	local now before
	now=$(date -u +%s)
	before=$(date -u -d "@$((now - 90))" +%Y-%m-%dT%H:%M:%S.000000)
	now=$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%S.000000)
	awk -v n="$rows" -v now="$now" -v before="$before" '
	function service(id, binary, host, zone, status, state, at, reason) {
		printf "%s    {\n      \"binary\": \"%s\",\n", \
		       (id > 1 ? ",\n" : ""), binary
		printf "      \"host\": \"%s\",\n      \"id\": %d,\n", host, id
		printf "      \"zone\": \"%s\",\n      \"status\": \"%s\",\n", \
		       zone, status
		printf "      \"state\": \"%s\",\n", state
		printf "      \"updated_at\": \"%s\",\n", at
		printf "      \"disabled_reason\": %s\n    }", reason
	}
	BEGIN {
		printf "{\n  \"services\": [\n"
		split("nova-scheduler nova-conductor nova-consoleauth nova-cert",
		      controller, " ")
		for (i = 1; i <= 4; i++)
			service(i, controller[i], "controller", "internal",
				"enabled", "up", now, "null")
		for (i = 1; i <= n; i++) {
			down = i % 97 == 0
			off = i % 113 == 0
			service(4 + i, "nova-compute", sprintf("compute%04d", i),
				"nova", off ? "disabled" : "enabled",
				down ? "down" : "up", down ? before : now,
				off ? sprintf("\"bench: disk %d replaced\"", i) : "null")
		}
		printf "\n  ]\n}\n"
	}' >"$scratch/services.json"
}

# A token body as Keystone recorded it, valid for a day from now.
write_token() {
	python3 - "$src/tests/data/api/token-response.json" \
		>"$scratch/token.json" <<'PY'
import datetime, json, sys
doc = json.load(open(sys.argv[1]))
later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
doc["token"]["expires_at"] = later.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
print(json.dumps(doc))
PY
}

# The responder's script: the token, then the list as often as a
# refresh a second can ask for it while this script runs.
write_script() {
	local i answers=$((wait_s * 3 + idle_s + keys))
	printf '{"rewrite": true, "replies": [\n'
	printf '{"method": "POST", "path": "/v3/auth/tokens", "status": 201, '
	printf '"headers": "X-Subject-Token: bench-token", "body_file": "%s"}' \
		"$scratch/token.json"
	for ((i = 0; i < answers; i++)); do
		printf ',\n{"method": "GET", "path": "/v2.1/os-services", '
		printf '"status": 200, "body_file": "%s"}' "$scratch/services.json"
	done
	printf ']}\n'
}

# A recorded Keystone and Nova on 127.0.0.1, started as
# tests/cli/clitest.bash does.  Sets $responder and $auth_url; the
# responder ends when fd 9 closes.
start_responder() {
	local i port=
	write_services
	write_token
	write_script >"$scratch/script.json"
	mkfifo "$scratch/responder.in"
	python3 "$src/tests/tools/responder.py" "$scratch/script.json" \
		"$scratch/requests.jsonl" / <"$scratch/responder.in" \
		>"$scratch/responder.port" &
	responder=$!
	exec 9>"$scratch/responder.in"
	for ((i = 0; i < wait_s * 100; i++)); do
		port=$(awk '/^PORT/ { print $2 }' "$scratch/responder.port")
		[ -z "$port" ] || break
		sleep 0.01
	done
	if [ -z "$port" ]; then
		echo "redraw.sh: the responder never said its port" >&2
		exit 1
	fi
	auth_url=http://127.0.0.1:$port/v3
}

# pane SIDE ARGS...: tmux on the side's own socket.
pane() {
	local side=$1
	shift
	tmux -S "$scratch/$side.sock" "$@"
}

# start SIDE COMMAND...: the command alone in a pane of the size.
start() {
	local side=$1
	shift
	printf 'set -g status off\nset -g escape-time 0\n' >"$scratch/tmux.conf"
	pane "$side" -f "$scratch/tmux.conf" new-session -d -s bench \
		-x "$cols" -y "$lines" -- env LANG=C.UTF-8 TERM=screen-256color "$@"
}

# wait_for SIDE REGEX: until the pane shows it (bounded).
wait_for() {
	local end=$((SECONDS + wait_s))
	while ((SECONDS < end)); do
		pane "$1" capture-pane -p -t bench | grep -qE -- "$2" && return 0
		sleep 0.01
	done
	echo "redraw.sh: $1 never showed $2" >&2
	pane "$1" capture-pane -p -t bench >&2
	exit 1
}

# CPU ticks (user + system) of a process.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

now_ms() {
	date +%s%3N
}

# measure SIDE FIRST-REGEX OPEN-KEY READY-REGEX HELP-KEY HELP-REGEX
# COMMAND...: the first frame is when FIRST-REGEX shows; OPEN-KEY ("-":
# none) opens the list, READY-REGEX says it is there.  Prints
# "first_ms cpu_us_per_key server_us_per_key rss_kb ready_ms
# idle_us_per_s" (the last over $idle_s s with no key; 0 for none).
measure() {
	local side=$1 first_re=$2 open=$3 ready=$4 help_key=$5 help=$6
	local t0 first pid server cpu0 srv0 cpu1 srv1 i hz shown idle=0
	shift 6
	hz=$(getconf CLK_TCK)
	t0=$(now_ms)
	start "$side" "$@"
	wait_for "$side" "$first_re"
	first=$(($(now_ms) - t0))
	if [ "$open" != - ]; then
		pane "$side" send-keys -t bench "$open"
	fi
	wait_for "$side" "$ready"
	shown=$(($(now_ms) - t0))
	pid=$(pane "$side" display-message -p -t bench '#{pane_pid}')
	server=$(pane "$side" display-message -p -t bench '#{pid}')
	if [ "$idle_s" -gt 0 ]; then
		# A window to measure over, not a wait for anything.
		cpu0=$(cpu_ticks "$pid")
		sleep "$idle_s"
		idle=$((($(cpu_ticks "$pid") - cpu0) * 1000000 / hz / idle_s))
	fi
	cpu0=$(cpu_ticks "$pid")
	srv0=$(cpu_ticks "$server")
	for ((i = 0; i < keys; i++)); do
		pane "$side" send-keys -t bench Down
	done
	pane "$side" send-keys -t bench "$help_key"
	wait_for "$side" "$help"
	cpu1=$(cpu_ticks "$pid")
	srv1=$(cpu_ticks "$server")
	echo "$first $(((cpu1 - cpu0) * 1000000 / hz / keys))" \
		"$(((srv1 - srv0) * 1000000 / hz / keys)) $(rss_kb "$pid")" \
		"$shown $idle"
	pane "$side" kill-server >/dev/null 2>&1 || true
}

write_inventory
htop_delay=100
if [ "$screen" = services ]; then
	# Only these credentials: none of whoever runs this.
	while read -r name; do unset "$name"; done < <(compgen -e | grep '^OS_' || true)
	start_responder
	htop_delay=10
	# The wizard opens on the checklist; 2 is the services screen.
	read -r our_first our_cpu our_srv our_rss our_table our_idle < <(
		measure wizard 'openstack-upgrade' 2 'compute0001' '?' 'Everywhere' \
			HOME="$scratch/home" XDG_STATE_HOME="$scratch/state" \
			XDG_CONFIG_HOME="$scratch/config" OS_AUTH_URL="$auth_url" \
			OS_USERNAME=admin OS_PASSWORD=bench-password \
			OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default \
			OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3 \
			OS_COMPUTE_API_VERSION=2.1 "$bin" wizard \
			--inventory "$scratch/inventory.yaml" --refresh 1)
else
	# The wizard opens on the checklist; 4 is the rollout.
	read -r our_first our_cpu our_srv our_rss _ < <(
		measure wizard 'openstack-upgrade' 4 'compute0001' '?' 'Everywhere' \
			XDG_STATE_HOME="$scratch/state" "$bin" wizard \
			--inventory "$scratch/inventory.yaml")
fi
# Their output goes nowhere: they must not hold the caller's pipe open.
for ((i = 0; i < rows; i++)); do
	sleep 600 >/dev/null 2>&1 &
	sleepers+=("$!")
done
read -r htop_first htop_cpu htop_srv htop_rss htop_table htop_idle < <(
	measure htop 'PID USER' - 'PID USER' F1 'htop dev team' \
		htop -d "$htop_delay")

if [ "$screen" = services ]; then
	printf 'the services screen, refreshed every second: '
fi
printf '%s keys, %s rows, a %sx%s pane\n' "$keys" "$rows" "$cols" "$lines"
printf '%-34s %12s %12s\n' '' 'wizard' 'htop'
printf '%-34s %12s %12s\n' 'CPU per key (move + redraw), us' "$our_cpu" "$htop_cpu"
printf '%-34s %12s %12s\n' 'tmux server per key, us' "$our_srv" "$htop_srv"
printf '%-34s %12s %12s\n' 'resident memory, kB' "$our_rss" "$htop_rss"
printf '%-34s %12s %12s\n' 'first frame, ms' "$our_first" "$htop_first"
if [ "$screen" = services ]; then
	printf '%-34s %12s %12s\n' 'the table shown, ms' "$our_table" "$htop_table"
	printf '%-34s %12s %12s\n' "CPU per second, no key, us" "$our_idle" "$htop_idle"
fi
awk -v a="$our_cpu" -v b="$htop_cpu" 'BEGIN {
	if (b > 0) printf "wizard / htop, CPU per key: %.2fx\n", a / b }'
