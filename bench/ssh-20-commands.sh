#!/usr/bin/env bash
# How much one reused connection saves: N commands (default 20) over one
# connection of the ssh module (tests/tools/ssh-run) against N runs of the
# OpenSSH client (`ssh host cmd`, a new connection each), both against a
# throwaway sshd on loopback (tests/tools/sshd-fixture.sh).  Prints both
# times and the ratio.
#
#   bench/ssh-20-commands.sh [PATH_TO_SSH_RUN]
#     default: $SSH_RUN, else tests/tools/ssh-run under the source tree
#   OU_BENCH_COMMANDS=N   commands per side (default 20)
#   OU_BENCH_COMMAND=CMD  the command (default: true)
#
# Build ssh-run without sanitizers for numbers worth quoting.
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
fixture="$srcdir/tests/tools/sshd-fixture.sh"
ssh_run=${1:-${SSH_RUN:-$srcdir/tests/tools/ssh-run}}
count=${OU_BENCH_COMMANDS:-20}
command=${OU_BENCH_COMMAND:-true}

if [ ! -x "$ssh_run" ]; then
	echo "bench: no $ssh_run; build it (make check builds tests/tools/ssh-run) or pass its path" >&2
	exit 1
fi
command -v ssh >/dev/null || { echo "bench: no OpenSSH client (ssh)" >&2; exit 1; }

dir=$(mktemp -d /tmp/ou-bench-ssh-XXXXXX)
cleanup() {
	bash "$fixture" stop "$dir" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(bash "$fixture" start "$dir" 127.0.0.9 $$)
printf '[127.0.0.9]:%s ' "$port" >"$dir/known_hosts"
cat "$dir/host_ed25519.pub" >>"$dir/known_hosts"

elapsed_ms() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

openssh_loop() {
	local i
	for ((i = 0; i < count; i++)); do
		ssh -F "$dir/ssh_config" fixture "$command"
	done
}

# One untimed run each, so neither pays for a cold cache.
"$ssh_run" -F "$dir/ssh_config" fixture "$command" >/dev/null
ssh -F "$dir/ssh_config" fixture "$command" >/dev/null

ours=$(elapsed_ms "$ssh_run" -n "$count" -F "$dir/ssh_config" fixture "$command")
theirs=$(elapsed_ms openssh_loop)

printf '%d x "%s", one connection (ssh module):   %6d ms\n' "$count" "$command" "$ours"
printf '%d x "%s", ssh host cmd (OpenSSH client): %6d ms\n' "$count" "$command" "$theirs"
awk -v a="$theirs" -v b="$ours" 'BEGIN {
	if (b < 1) b = 1
	printf "ratio: %.1fx faster over one connection\n", a / b
}'
