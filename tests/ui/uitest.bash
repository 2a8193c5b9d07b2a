# shellcheck shell=bash
# Helpers for the wizard's screen tests (sourced; not a test itself).
#
# The real binary runs in a tmux window of a fixed size; keys go in with
# send-keys; what it shows comes out with capture-pane.  A screen is
# compared with tests/ui/expected/NAME.txt by polling until it matches,
# for at most UI_WAIT_S seconds, never by sleeping a fixed time.  Clock
# times, durations, ages and ports are masked first, so the files hold
# what does not depend on when the test runs.
#
# UI_UPDATE_EXPECTED=1 writes the expected files from what the screens
# show instead of comparing (read the diff before committing them).
#
# Builds on tests/cli/clitest.bash: its TAP lines, its hermetic
# environment and its recorded Keystone and Nova.

# shellcheck source=tests/cli/clitest.bash
. "$(dirname "${BASH_SOURCE[0]}")/../cli/clitest.bash"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (scripts/deps installs it)"
	exit 0
fi

expected_dir=$src/tests/ui/expected
# shellcheck disable=SC2034 # read by the tests that source this
inventory=$src/samples/inventory.yaml
UI_WAIT_S=${UI_WAIT_S:-15}

# A terminal type that has dim and 256 colours, when this machine knows one.
ui_term=screen
for candidate in tmux-256color screen-256color; do
	if infocmp "$candidate" >/dev/null 2>&1; then
		ui_term=$candidate
		break
	fi
done

cat >"$tmp/tmux.conf" <<EOF
set -g status off
set -g remain-on-exit on
set -g escape-time 0
set -g default-terminal $ui_term
EOF

# After the wizard: its status, and whether it gave the terminal back
# with echo and line editing on, said on the screen and in files.
cat >"$tmp/ui-run" <<'EOF'
#!/bin/sh
# ui-run DIR COMMAND...
dir=$1
shift
sh -c 'echo $$ >"$0"; exec "$@"' "$dir/ui.pid" "$@"
status=$?
modes=$(stty -a | tr ' ;' '\n\n')
echo_mode=off
canon_mode=off
if printf '%s\n' "$modes" | grep -qx echo; then echo_mode=on; fi
if printf '%s\n' "$modes" | grep -qx icanon; then canon_mode=on; fi
echo "exit status $status, echo $echo_mode, icanon $canon_mode"
echo "$status" >"$dir/ui.status"
EOF
chmod 0755 "$tmp/ui-run"

# Each window gets a server of its own: a new server on the socket of
# one still shutting down can lose its socket to it.
ui_socket=$tmp/tmux.0.sock
ui_windows=0

ui_tmux() {
	tmux -S "$ui_socket" -f "$tmp/tmux.conf" "$@"
}

ui_cleanup() {
	local socket
	for socket in "$tmp"/tmux.*.sock; do
		tmux -S "$socket" kill-server >/dev/null 2>&1 || true
	done
	clitest_cleanup
}
trap ui_cleanup EXIT

# What ui_start runs: `openstack-upgrade wizard ARG...`; a test sets
# ui_command=() for `openstack-upgrade ARG...`, the default command.
ui_command=(wizard)

# ui_start COLS ROWS [NAME=VALUE...] -- ARG...: the wizard, in a new
# window of that size, with those variables, given those arguments.
ui_start() {
	local cols=$1 rows=$2
	local -a vars=()
	shift 2
	while [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	shift
	ui_tmux kill-server >/dev/null 2>&1 || true
	ui_windows=$((ui_windows + 1))
	ui_socket=$tmp/tmux.$ui_windows.sock
	rm -f "$tmp/ui.status" "$tmp/ui.pid"
	ui_tmux new-session -d -s ui -x "$cols" -y "$rows" -- \
		env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC "${vars[@]}" \
		"$tmp/ui-run" "$tmp" "$bin" "${ui_command[@]}" "$@"
}

ui_keys() {
	ui_tmux send-keys -t ui "$@"
}

ui_resize() {
	ui_tmux resize-window -t ui -x "$1" -y "$2"
}

# Also: dates, who confirmed (user@tty), the test's own directory, even cut at the end of a line (its
# name is random, its length is not, so lines wrap the same), and host
# key fingerprints (new keys each run).  UI_MASK_EXTRA: one more sed
# expression, for what a test has checked once and cannot hold still.
ui_mask() {
	sed -E -e 's#/tmp/ou-[A-Za-z0-9-]*#TMP#g' \
		-e 's/SHA256:[A-Za-z0-9+/]{43}/SHA256:FINGERPRINT/g' \
		-e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}/DATE/g' \
		-e 's/[0-9]{8}T[0-9]{6}Z/STAMP/g' \
		-e 's#[a-z_][a-z0-9_-]*@pts/[0-9]+#USER@TTY#g' \
		-e 's/[0-9]+:[0-9]{2}(:[0-9]{2})?/T:TT/g' \
		-e 's/[0-9][0-9dhms]* ago */AGE /g' \
		-e 's/ port [0-9]+ after [0-9]+ ms/ port PORT after N ms/g' \
		-e "${UI_MASK_EXTRA:-}"
}

# The screen as text, masked.  With -e: attributes and colours too, as
# escape sequences, ESC written ^[ so the file stays text.
ui_screen() {
	if [ "${1:-}" = -e ]; then
		ui_tmux capture-pane -p -e -t ui | sed 's/\x1b/^[/g' | ui_mask
	else
		ui_tmux capture-pane -p -t ui | ui_mask
	fi
}

# Everything the window has shown outside the alternate screen,
# scrolled-off lines too: what is left once a program has ended.
ui_scrollback() {
	ui_tmux capture-pane -p -S - -t ui | ui_mask
}

# ui_wait PATTERN [ui_scrollback]: until the screen (or the scrollback)
# shows PATTERN (grep -E), at most UI_WAIT_S seconds; false when it
# never does.
ui_wait() {
	local i capture=${2:-ui_screen}
	for ((i = 0; i < UI_WAIT_S * 20; i++)); do
		if "$capture" | grep -qE -- "$1"; then return 0; fi
		sleep 0.05
	done
	return 1
}

# ui_expect NAME DESCRIPTION [-e]: the screen becomes expected/NAME.txt.
ui_expect() {
	local name=$1 what=$2 opt=${3:-} file=$expected_dir/$1.txt i
	if [ "${UI_UPDATE_EXPECTED:-0}" = 1 ]; then
		ui_settle "$opt" >"$file"
		ok "$what (expected/$name.txt written)"
		return
	fi
	for ((i = 0; i < UI_WAIT_S * 20; i++)); do
		ui_screen ${opt:+"$opt"} >"$tmp/screen"
		if cmp -s "$tmp/screen" "$file"; then
			ok "$what"
			return
		fi
		sleep 0.05
	done
	diff -u "$file" "$tmp/screen" >"$tmp/out" || true
	: >"$tmp/err"
	not_ok "$what (expected/$name.txt; diff below)"
}

# For writing an expected file: the screen once it stopped changing
# (compared as files: $(...) would drop its blank last lines).
ui_settle() {
	local i
	ui_screen ${1:+"$1"} >"$tmp/settle.before"
	for ((i = 0; i < UI_WAIT_S * 4; i++)); do
		sleep 0.25
		ui_screen ${1:+"$1"} >"$tmp/settle.now"
		if cmp -s "$tmp/settle.now" "$tmp/settle.before"; then break; fi
		mv "$tmp/settle.now" "$tmp/settle.before"
	done
	cat "$tmp/settle.now"
}

# ui_ended: the wizard's exit status once it has ended; "" after
# UI_WAIT_S seconds.
ui_ended() {
	local i
	for ((i = 0; i < UI_WAIT_S * 20; i++)); do
		if [ -s "$tmp/ui.status" ]; then
			cat "$tmp/ui.status"
			return
		fi
		sleep 0.05
	done
}

# The wizard's process id, once it runs.
ui_pid() {
	local i
	for ((i = 0; i < UI_WAIT_S * 20; i++)); do
		if [ -s "$tmp/ui.pid" ]; then
			cat "$tmp/ui.pid"
			return
		fi
		sleep 0.05
	done
}
