# shellcheck shell=bash
# Driving the wizard through a whole upgrade by keys, as an operator
# would, in a tmux window (sourced by tests/lab/test-wizard-e2e.sh and
# scripts/screenshots.sh; not a test itself).
#
# Each question on the Now screen is read from the screen and answered
# by the key it lists: y for a step to run, a host key, a review to
# acknowledge; b then Enter for the batch size (the runbook's); m then n
# to leave instances where they are; for .rpmnew files to review, the
# review screen's proposal as it stands (6, A to see what applying does,
# End and A to be asked, y).  A failure, a failed gate or an
# unknown outcome is not answered: the driver stops and says so, for a
# person to look.  Every wait is bounded and polls the screen; nothing
# sleeps a fixed time to let the wizard catch up.
#
# Set WIZ_DIR (a scratch directory) before wiz_start.

WIZ_DIR=${WIZ_DIR:-}
WIZ_LOG=""

wiz_tmux() {
	tmux -S "$WIZ_DIR/wiz.sock" "$@"
}

# wiz_start COLS ROWS COMMAND...: the command in a new tmux window of
# that size (the window stays after the command ends).  A wrapper keeps
# its pid and, once it ends, its exit status in files: tmux's own
# pane_dead_status is not to be trusted (a tmux that misses the
# SIGCHLD shows the pane dead with no status, and the child a zombie).
wiz_start() {
	local cols=$1 rows=$2
	shift 2
	cat >"$WIZ_DIR/wiz.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g escape-time 0
set -g default-terminal screen-256color
EOF
	cat >"$WIZ_DIR/wiz-run" <<'EOF'
#!/bin/sh
# wiz-run DIR COMMAND...
dir=$1
shift
sh -c 'echo $$ >"$0"; exec "$@"' "$dir/wiz.pid" "$@"
echo $? >"$dir/wiz.status"
EOF
	chmod 0755 "$WIZ_DIR/wiz-run"
	rm -f "$WIZ_DIR/wiz.pid" "$WIZ_DIR/wiz.status"
	WIZ_LOG=$WIZ_DIR/wiz-drive.log
	: >"$WIZ_LOG"
	# The tmux server outlives this call: it must not keep the lab
	# test's lock (fd 8, tests/lab/labtest.bash) if the test is killed.
	wiz_tmux -f "$WIZ_DIR/wiz.conf" new-session -d -s wiz -x "$cols" \
		-y "$rows" -- "$WIZ_DIR/wiz-run" "$WIZ_DIR" "$@" 8>&-
}

wiz_stop() {
	wiz_tmux kill-server >/dev/null 2>&1 || true
}

wiz_screen() {
	wiz_tmux capture-pane -p -t wiz
}

# The screen but its top line (whose clock moves by itself).
wiz_body() {
	wiz_screen | sed 1d
}

# The question's heading: the second line of the screen.
wiz_heading() {
	wiz_screen | sed -n 2p
}

wiz_keys() {
	printf 'keys: %s\n' "$*" >>"$WIZ_LOG"
	wiz_tmux send-keys -t wiz "$@"
}

wiz_dead() {
	[ -s "$WIZ_DIR/wiz.status" ]
}

# wiz_stuck_report: on stderr, where each of the wizard's threads is,
# for a wizard that did not end when it should have (gdb's stacks when
# gdb is there, the kernel's wait channels anyway).
wiz_stuck_report() {
	local pid
	pid=$(cat "$WIZ_DIR/wiz.pid" 2>/dev/null) || return 0
	echo "the wizard (pid $pid) has not ended; its threads:" >&2
	ps -L -o lwp=,stat=,wchan:32=,comm= -p "$pid" >&2 || true
	if command -v gdb >/dev/null 2>&1; then
		timeout 60 gdb -p "$pid" -batch -ex 'thread apply all bt' 2>&1 |
			grep -E '^(Thread|#)' >&2 || true
	fi
}

# wiz_ended [SECONDS]: the wizard's exit status once it ended; "" when
# it is still running after SECONDS (default 30).
wiz_ended() {
	local end=$((SECONDS + ${1:-30}))
	while ((SECONDS < end)); do
		if wiz_dead; then
			cat "$WIZ_DIR/wiz.status"
			return
		fi
		sleep 0.2
	done
}

# wiz_wait_change BEFORE SECONDS: until the body differs from BEFORE.
wiz_wait_change() {
	local before=$1 end=$((SECONDS + $2))
	while ((SECONDS < end)); do
		[ "$(wiz_body)" != "$before" ] && return 0
		wiz_dead && return 1
		sleep 0.2
	done
	return 1
}

# wiz_wait REGEX SECONDS: until the screen shows REGEX (grep -E).
wiz_wait() {
	local end=$((SECONDS + $2))
	while ((SECONDS < end)); do
		wiz_screen | grep -qE -- "$1" && return 0
		wiz_dead && return 1
		sleep 0.2
	done
	return 1
}

# Say yes to what is shown: y; a second y when the first only showed
# the end of a text longer than the screen.
wiz_yes() {
	local before
	before=$(wiz_body)
	wiz_keys y
	wiz_wait_change "$before" 60 || return 1
	if wiz_screen | grep -q 'y again to say yes'; then
		before=$(wiz_body)
		wiz_keys y
		wiz_wait_change "$before" 60 || return 1
	fi
	return 0
}

# wiz_apply_review BODY: apply the review screen's proposal, as shown.
wiz_apply_review() {
	wiz_keys 6
	wiz_wait 'A shows what applying does' 20 || return 1
	wiz_keys A
	wiz_wait 'Apply the decisions' 60 || return 1
	wiz_keys End A
	wiz_wait 'Apply this on the hosts, as shown\? \(y/N\)' 20 || return 1
	wiz_keys y
	wiz_wait_change "$1" 60
}

# wiz_answer: answer the question on screen.  0: answered, or nothing
# to answer yet (a unit runs); 1: the upgrade is finished; 2: a question
# for a person (a failure, a gate, an unknown outcome) or the wizard
# ended.
wiz_answer() {
	local heading before
	if wiz_dead; then
		echo "wizdrive: the wizard ended" >>"$WIZ_LOG"
		return 2
	fi
	heading=$(wiz_heading)
	before=$(wiz_body)
	case "$heading" in
	" Run this step?"* | " An unknown host key"* | " New configuration files to merge"*)
		printf 'answer: %s\n' "$heading" >>"$WIZ_LOG"
		wiz_yes || return 2
		;;
	" New configuration files to review"*)
		printf 'answer: %s\n' "$heading" >>"$WIZ_LOG"
		wiz_apply_review "$before" || return 2
		;;
	" How many hosts at once?"*)
		wiz_keys b
		wiz_wait 'How many hosts at once, 1 to' 20 || return 2
		wiz_keys Enter
		wiz_wait_change "$before" 60 || return 2
		;;
	" How should the instances move?"*)
		wiz_keys m
		wiz_wait 'Instances: l live' 20 || return 2
		wiz_keys n
		wiz_wait_change "$before" 60 || return 2
		;;
	" Finished"*)
		return 1
		;;
	" The step failed"* | " A gate failed"* | " The outcome is unknown"* | " Stopped"*)
		printf 'a question for a person:\n%s\n' "$(wiz_screen)" >>"$WIZ_LOG"
		return 2
		;;
	*)
		sleep 0.3
		;;
	esac
	return 0
}

# wiz_drive_until REGEX SECONDS: answer every question until the screen
# shows REGEX.  0: it does; 1: the upgrade finished first; 2: a question
# for a person, or the time ran out.
wiz_drive_until() {
	local end=$((SECONDS + $2)) rc
	while ((SECONDS < end)); do
		wiz_screen | grep -qE -- "$1" && return 0
		wiz_answer
		rc=$?
		((rc == 0)) || return "$rc"
	done
	printf 'wizdrive: %s s passed without %s\n' "$2" "$1" >>"$WIZ_LOG"
	return 2
}
