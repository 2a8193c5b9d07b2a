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
set -euo pipefail

bin=${1:?usage: redraw.sh OPENSTACK-UPGRADE}
keys=${OU_BENCH_KEYS:-1000}
rows=${OU_BENCH_ROWS:-2000}
cols=${OU_BENCH_COLS:-100}
lines=${OU_BENCH_LINES:-30}
wait_s=${OU_BENCH_WAIT_S:-120}

for tool in tmux htop awk; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "redraw.sh: needs $tool" >&2
		exit 1
	fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ou-redraw-XXXXXX")
sleepers=()

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
# "first_ms cpu_us_per_key server_us_per_key rss_kb".
measure() {
	local side=$1 first_re=$2 open=$3 ready=$4 help_key=$5 help=$6
	local t0 first pid server cpu0 srv0 cpu1 srv1 i hz
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
	pid=$(pane "$side" display-message -p -t bench '#{pane_pid}')
	server=$(pane "$side" display-message -p -t bench '#{pid}')
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
		"$(((srv1 - srv0) * 1000000 / hz / keys)) $(rss_kb "$pid")"
	pane "$side" kill-server >/dev/null 2>&1 || true
}

write_inventory
# The wizard opens on the checklist; 4 is the rollout.
read -r our_first our_cpu our_srv our_rss < <(
	measure wizard 'openstack-upgrade' 4 'compute0001' '?' 'Everywhere' \
		XDG_STATE_HOME="$scratch/state" "$bin" wizard \
		--inventory "$scratch/inventory.yaml")
# Their output goes nowhere: they must not hold the caller's pipe open.
for ((i = 0; i < rows; i++)); do
	sleep 600 >/dev/null 2>&1 &
	sleepers+=("$!")
done
read -r htop_first htop_cpu htop_srv htop_rss < <(
	measure htop 'PID USER' - 'PID USER' F1 'htop dev team' \
		htop -d 100)

printf '%s keys, %s rows, a %sx%s pane\n' "$keys" "$rows" "$cols" "$lines"
printf '%-34s %12s %12s\n' '' 'wizard' 'htop'
printf '%-34s %12s %12s\n' 'CPU per key (move + redraw), us' "$our_cpu" "$htop_cpu"
printf '%-34s %12s %12s\n' 'tmux server per key, us' "$our_srv" "$htop_srv"
printf '%-34s %12s %12s\n' 'resident memory, kB' "$our_rss" "$htop_rss"
printf '%-34s %12s %12s\n' 'first frame, ms' "$our_first" "$htop_first"
awk -v a="$our_cpu" -v b="$htop_cpu" 'BEGIN {
	if (b > 0) printf "wizard / htop, CPU per key: %.2fx\n", a / b }'
