#!/usr/bin/env bash
# A real sshd for tests, in a directory of its own, listening on loopback.
#
#   sshd-fixture.sh start DIR ADDR [OWNER_PID]  prints the port
#   sshd-fixture.sh rekey DIR              new host key, same port
#   sshd-fixture.sh agent DIR              an ssh-agent with the client key;
#                                          prints its socket
#   sshd-fixture.sh kill-sessions DIR      SIGKILL every connection's processes
#   sshd-fixture.sh stall-sessions DIR     SIGSTOP them (a host that hangs)
#   sshd-fixture.sh resume-sessions DIR    SIGCONT them
#   sshd-fixture.sh stop DIR               end sshd and everything it started
#
# DIR (created by start if missing) holds the ed25519 host key, a client
# key that is authorised, sshd_config, sshd.log (sshd -D -e, LogLevel
# VERBOSE: one "Accepted publickey" line per login), an ssh_config naming
# the server "fixture" (and "via-proxy"), and bin/sudo: a stand-in for sudo, first on the
# sessions' PATH, that logs its arguments to sudo.log and runs the command.
# Sessions get HOME=DIR/home, so the login's own shell start-up files
# (a slow ~/.bashrc) stay out of the tests and the benchmark.
#
# A guard process ends sshd when OWNER_PID (default: the caller) exits, so
# a test that crashes leaves nothing running; stop also ends commands that
# outlived their session (found by OU_SSHD_FIXTURE=DIR in their
# environment, which every session gets).  Runs as root (sshd's
# privilege separation needs /run/sshd) or as any user who logs in as
# themselves.
set -euo pipefail

sshd_bin=${SSHD:-/usr/sbin/sshd}

die() {
	echo "sshd-fixture: $*" >&2
	exit 1
}

# "pid ppid" for every process; the command name may hold spaces and
# parentheses, so the fields are read after its last ')'.
process_table() {
	local stat line
	local -a fields
	for stat in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$stat" || continue
		read -ra fields <<<"${line##*) }"
		echo "${line%% *} ${fields[1]}"
	done
}

descendants() {
	local table queue=("$1") parent pid ppid
	table=$(process_table)
	while [ "${#queue[@]}" -gt 0 ]; do
		parent=${queue[0]}
		queue=("${queue[@]:1}")
		while read -r pid ppid; do
			if [ "$ppid" = "$parent" ]; then
				echo "$pid"
				queue+=("$pid")
			fi
		done <<<"$table"
	done
}

# Gone, or a zombie nobody has reaped yet: either way, not running.
is_running() {
	local state
	[ -r "/proc/$1/stat" ] || return 1
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# Collect the whole tree first: once the parent dies its children are
# reparented and can no longer be found from it.
signal_tree() {
	local sig=$1 root=$2
	local -a pids
	mapfile -t pids < <(descendants "$root")
	kill "-$sig" "$root" "${pids[@]}" 2>/dev/null || true
}

# A command whose session ended is reparented away from sshd; the
# sessions' environment marks it as ours all the same.
kill_marked() {
	local dir=$1 environ pid
	for environ in /proc/[0-9]*/environ; do
		pid=${environ#/proc/}
		pid=${pid%/environ}
		[ "$pid" != $$ ] || continue
		if grep -qszxF "OU_SSHD_FIXTURE=$dir" "$environ"; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
}

signal_sessions() {
	local dir=$1 sig=$2
	local -a pids
	mapfile -t pids < <(descendants "$(cat "$dir/sshd.pid")")
	[ "${#pids[@]}" -eq 0 ] || kill "-$sig" "${pids[@]}" 2>/dev/null || true
}

wait_gone() {
	local pid=$1 _
	for _ in $(seq 50); do
		is_running "$pid" || return 0
		sleep 0.1
	done
	return 1
}

write_keys() {
	local dir=$1
	rm -f "$dir/host_ed25519" "$dir/host_ed25519.pub"
	ssh-keygen -q -t ed25519 -N '' -C fixture-host -f "$dir/host_ed25519"
	if [ ! -f "$dir/client_key" ]; then
		ssh-keygen -q -t ed25519 -N '' -C fixture-client \
			-f "$dir/client_key"
		cp "$dir/client_key.pub" "$dir/authorized_keys"
	fi
}

write_fake_sudo() {
	local dir=$1
	mkdir -p "$dir/bin"
	cat >"$dir/bin/sudo" <<EOF
#!/bin/sh
# Stands in for sudo in tests: logs how it was called, then runs it.
printf '%s\n' "\$*" >>'$dir/sudo.log'
[ "\$1" = -n ] || { echo 'fake sudo: called without -n' >&2; exit 1; }
shift
[ "\$1" = -- ] && shift
exec "\$@"
EOF
	chmod 0755 "$dir/bin/sudo"
}

write_sshd_config() {
	local dir=$1 addr=$2 port=$3
	cat >"$dir/sshd_config" <<EOF
ListenAddress $addr:$port
HostKey $dir/host_ed25519
PidFile none
UsePAM no
StrictModes no
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel VERBOSE
UseDNS no
PrintMotd no
MaxStartups 100
SetEnv PATH=$dir/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=$dir/home OU_SSHD_FIXTURE=$dir
EOF
}

# "fixture" is the server; "via-proxy" is the same server reached through
# a ProxyCommand (OpenSSH's ssh -W, through "fixture" itself).  The
# ProxyCommand block comes first: libssh 0.10 matches later Host lines
# against the HostName already set, not against the name asked for.
write_ssh_config() {
	local dir=$1 addr=$2 port=$3
	cat >"$dir/ssh_config" <<EOF
Host via-proxy
	ProxyCommand ssh -F $dir/ssh_config -W %h:%p fixture
Host fixture via-proxy
	HostName $addr
	Port $port
	User $(id -un)
	IdentityFile $dir/client_key
	IdentitiesOnly yes
	UserKnownHostsFile $dir/known_hosts
	BatchMode yes
EOF
}

# 0: listening; 1: the port was taken; 2: sshd failed otherwise.
launch() {
	local dir=$1 addr=$2 port=$3 pid _
	: >"$dir/sshd.log"
	write_sshd_config "$dir" "$addr" "$port"
	"$sshd_bin" -D -e -f "$dir/sshd_config" </dev/null >>"$dir/sshd.log" 2>&1 &
	pid=$!
	echo "$pid" >"$dir/sshd.pid"
	for _ in $(seq 100); do
		if grep -q "Server listening on $addr port $port" "$dir/sshd.log"; then
			return 0
		fi
		if ! is_running "$pid"; then
			grep -q 'Address already in use' "$dir/sshd.log" && return 1
			return 2
		fi
		sleep 0.05
	done
	return 2
}

start_guard() {
	local dir=$1 owner=$2 sshd_pid
	sshd_pid=$(cat "$dir/sshd.pid")
	(
		while kill -0 "$owner" 2>/dev/null && is_running "$sshd_pid"; do
			sleep 0.5
		done
		signal_tree KILL "$sshd_pid"
		kill_marked "$dir"
	) </dev/null >/dev/null 2>&1 &
	echo $! >"$dir/guard.pid"
}

start_on_free_port() {
	local dir=$1 addr=$2 port rc _
	for _ in $(seq 20); do
		port=$((20000 + RANDOM % 40000))
		rc=0
		launch "$dir" "$addr" "$port" || rc=$?
		case $rc in
		0)
			echo "$port" >"$dir/port"
			return 0
			;;
		1) continue ;;
		*) die "sshd did not start: $(tail -n 5 "$dir/sshd.log")" ;;
		esac
	done
	die "no free port on $addr"
}

cmd_start() {
	local dir=$1 addr=$2 owner=${3:-$PPID}
	if [ "$(id -u)" -eq 0 ]; then
		mkdir -p /run/sshd
		chmod 0755 /run/sshd
	fi
	mkdir -p "$dir/home"
	write_keys "$dir"
	write_fake_sudo "$dir"
	echo "$addr" >"$dir/addr"
	echo "$owner" >"$dir/owner"
	start_on_free_port "$dir" "$addr"
	write_ssh_config "$dir" "$addr" "$(cat "$dir/port")"
	start_guard "$dir" "$owner"
	cat "$dir/port"
}

cmd_stop() {
	local dir=$1 pid
	for pid in $(cat "$dir/guard.pid" 2>/dev/null) \
		$(cat "$dir/sshd.pid" 2>/dev/null) \
		$(cat "$dir/agent.pid" 2>/dev/null); do
		signal_tree KILL "$pid"
		wait_gone "$pid" || die "process $pid would not end"
	done
	kill_marked "$dir"
	rm -f "$dir/guard.pid" "$dir/sshd.pid" "$dir/agent.pid"
}

# An ssh-agent holding the client key; prints its socket.
cmd_agent() {
	local dir=$1
	eval "$(ssh-agent -s -a "$dir/agent.sock")" >/dev/null
	echo "$SSH_AGENT_PID" >"$dir/agent.pid"
	SSH_AUTH_SOCK="$dir/agent.sock" ssh-add -q "$dir/client_key" 2>/dev/null
	echo "$dir/agent.sock"
}

cmd_rekey() {
	local dir=$1 rc=1 _
	cmd_stop "$dir"
	write_keys "$dir"
	for _ in $(seq 20); do
		rc=0
		launch "$dir" "$(cat "$dir/addr")" "$(cat "$dir/port")" || rc=$?
		[ "$rc" -ne 1 ] && break
		sleep 0.1
	done
	[ "$rc" -eq 0 ] || die "sshd did not restart: $(tail -n 5 "$dir/sshd.log")"
	start_guard "$dir" "$(cat "$dir/owner")"
}

main() {
	[ $# -ge 2 ] || die "usage: $0 start|rekey|agent|stop|kill-sessions|stall-sessions|resume-sessions DIR [ADDR [OWNER_PID]]"
	local verb=$1
	shift
	case $verb in
	start)
		[ $# -ge 2 ] || die "start needs DIR and ADDR"
		cmd_start "$@"
		;;
	stop) cmd_stop "$1" ;;
	rekey) cmd_rekey "$1" ;;
	agent) cmd_agent "$1" ;;
	kill-sessions) signal_sessions "$1" KILL ;;
	stall-sessions) signal_sessions "$1" STOP ;;
	resume-sessions) signal_sessions "$1" CONT ;;
	*) die "unknown command $verb" ;;
	esac
}

main "$@"
