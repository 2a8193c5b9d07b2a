#!/usr/bin/env bash
# The wizard's screens as an operator sees them, driven by keys in tmux:
# the checklist at the design size and at 100x30, a step's detail, the
# help, the message below 80x24 and the way back from it, NO_COLOR and
# --ascii, the services screen without credentials, and the terminal
# given back after q, SIGTERM and a crash, and the wizard gone once its
# terminal is.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/ui/uitest.bash
. "$(dirname "$0")/uitest.bash"

# ---- the checklist, a step, the help (100x30) ----

ui_start 100 30 -- --inventory "$inventory"
ui_expect checklist-100x30 \
	"the checklist opens on the first phase, its steps listed, the current one pointed at"

ui_keys Down Down Down Enter
ui_expect detail-1.4 \
	"Enter opens the step under the cursor: why, hosts, the action on each host"

ui_keys Escape
ui_expect checklist-100x30 "Esc goes back to the checklist"

ui_keys Tab Down Down
ui_expect checklist-phase-3 \
	"Tab moves to the phases; moving there shows that phase's steps"

ui_keys Enter Enter
ui_wait 'Step' || true
ui_expect detail-3.1 "Enter on a phase goes to its steps, Enter again opens the first"

ui_keys '?'
ui_expect help-100x30 "? shows the keys, from the tables that bind them"

ui_keys End
ui_expect help-end "End shows the end of the help: the marks and what they mean"

ui_keys q
status=$(ui_ended)
check "q quits at once when nothing runs (status ${status:-none})" same "$status" 0
check "the terminal is given back: no curses screen, echo and line editing on" \
	ui_wait '^exit status 0, echo on, icanon on$' ui_scrollback

# ---- the design size: 80x24 ----

ui_start 80 24 -- --inventory "$inventory"
ui_expect checklist-80x24 "at 80x24 the checklist fits, the steps' titles before their hosts"

ui_keys 2
ui_expect services-no-credentials \
	"without credentials the services screen says what is missing and how to give it"

ui_keys x
ui_wait 'That key does nothing here' || true
ui_expect unbound-key "a key bound to nothing says so, and how to find the keys"
ui_keys q
check "q quits from the services screen too" same "$(ui_ended)" 0

# ---- too small, and back ----

ui_start 60 20 -- --inventory "$inventory"
ui_expect too-small "below 80x24 a message says the size and the size needed"

ui_resize 100 30
ui_expect checklist-100x30 "when the terminal grows again the checklist comes back"

ui_resize 79 24
ui_wait 'needs at least 80x24' || true
ui_expect too-small-79x24 "one column short is too small too"
ui_keys q
check "q quits from the too-small message" same "$(ui_ended)" 0

# ---- looks: NO_COLOR, --ascii ----

ui_start 80 24 NO_COLOR=1 -- --inventory "$inventory"
ui_wait 'Phases' || true
ui_expect no-color-checklist \
	"NO_COLOR: bold, dim and reverse only, no colour" -e
check "NO_COLOR: not one colour sequence on the screen" \
	same "$(ui_screen -e | grep -cE '\^\[\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7])(;|m)' || true)" 0
ui_keys q
ui_ended >/dev/null

ui_start 80 24 -- --inventory "$inventory"
ui_wait 'Phases' || true
check "without NO_COLOR the checklist has colours" \
	test "$(ui_screen -e | grep -cE '\^\[\[([0-9;]*;)?(3[0-8]|4[0-8])(;|m)' || true)" -gt 0
ui_keys q
ui_ended >/dev/null

ui_start 80 24 -- --inventory "$inventory" --ascii
ui_expect checklist-ascii "--ascii draws every mark and line in ASCII"
ui_keys q
ui_ended >/dev/null

ui_start 80 24 LANG=C LC_ALL=C -- --inventory "$inventory"
ui_expect checklist-ascii "a locale that is not UTF-8 gets the ASCII marks"
ui_keys q
ui_ended >/dev/null

# ---- the terminal is given back on every way out ----

ui_start 80 24 -- --inventory "$inventory"
ui_wait 'Phases' || true
kill -TERM "$(ui_pid)"
check "SIGTERM ends the wizard with status 0" same "$(ui_ended)" 0
check "after SIGTERM the terminal is given back" \
	ui_wait '^exit status 0, echo on, icanon on$' ui_scrollback

ui_start 80 24 ASAN_OPTIONS=handle_segv=0 -- --inventory "$inventory"
ui_wait 'Phases' || true
kill -SEGV "$(ui_pid)"
status=$(ui_ended)
check "a crash (SIGSEGV) still ends the process as a crash (status $status)" \
	test "${status:-0}" -gt 128
check "after a crash the terminal is given back: no curses screen, echo on" \
	ui_wait '^exit status [0-9]+, echo on, icanon on$' ui_scrollback
check "after a crash nothing of the checklist is left on the screen" \
	same "$(ui_scrollback | grep -c 'Phases' || true)" 0

# The terminal closed under a wizard that gets no SIGHUP for it (in a
# session of its own, as under strace or nohup): it must see its input
# hang up and leave, not poll a dead terminal for ever.
# Called through check.
# shellcheck disable=SC2317
gone_within() { # PID SECONDS
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}
real_bin=$bin
bin=setsid
ui_command=("$real_bin" wizard)
ui_start 80 24 -- --inventory "$inventory"
ui_wait 'Phases' || true
pid=$(ui_pid)
ui_tmux kill-server
check "its terminal closed without a SIGHUP, the wizard leaves" gone_within "$pid" 10
kill -KILL "$pid" 2>/dev/null || true
bin=$real_bin
ui_command=(wizard)

clitest_done
