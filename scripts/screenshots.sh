#!/usr/bin/env bash
# screenshots.sh OUTDIR: a PNG of every screen of the wizard, from a real
# upgrade on the lab (lab/lab, with its Nova), driven by keys in tmux as
# the end-to-end test drives it (tests/ui/wizdrive.bash): the first
# step to confirm, a host key, the services while the Nova API is away
# for the controller upgrade, the checklist mid-upgrade, a compute down
# in Nova on the services screen, the rollout, the output, the .rpmnew
# review, a step running, a step's detail, the help, the message below
# 80x24, and the monochrome scheme.  The upgrade is not finished: the lab is reset at
# the end, as the lab tests leave it.
#
# tmux capture-pane -e gives the screen with its colours,
# scripts/ansi2html.py turns that into HTML, headless Chromium takes the
# picture.  Needs root and the lab (tests/lab/labtest.bash brings it up
# or reuses it), tmux, python3 and chromium; run by `make screenshots`
# (OU_BIN names the binary), never by `make check`.
set -uo pipefail

out=${1:?usage: screenshots.sh OUTDIR}
for tool in tmux python3 chromium; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "screenshots.sh: needs $tool (apt-get install $tool)" >&2
		exit 1
	fi
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
export OU_BIN=${OU_BIN:?OU_BIN must name the openstack-upgrade binary}

# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "$0")/../tests/lab/engine-lab.bash"
# shellcheck source=tests/ui/wizdrive.bash
source "$REPO/tests/ui/wizdrive.bash"

COLS=100
ROWS=30

# shot NAME: the screen as it is now, as OUTDIR/NAME.png.
shot() {
	local name=$1 html=$SCRATCH/$1.html cols rows
	cols=$(wiz_tmux display-message -p -t wiz '#{window_width}')
	rows=$(wiz_tmux display-message -p -t wiz '#{window_height}')
	wiz_tmux capture-pane -p -e -N -t wiz |
		python3 "$REPO/scripts/ansi2html.py" "openstack-upgrade: $name" >"$html"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size="$((cols * 17 / 2 + 24)),$((rows * 17 + 24))" \
		--screenshot="$out/$name.png" "file://$html" >/dev/null 2>&1
	echo "screenshots.sh: $out/$name.png"
}

# must WHAT COMMAND...: the run cannot go on without it.
must_see() {
	local what=$1
	shift
	if ! "$@"; then
		echo "screenshots.sh: $what did not happen; the screen:" >&2
		wiz_screen >&2
		tail -n 20 "$WIZ_LOG" >&2
		exit 1
	fi
}

wizard() {
	wiz_start "$COLS" "$ROWS" env LANG=C.UTF-8 TERM=screen-256color "$@" \
		XDG_STATE_HOME="$SCRATCH/state" "$BIN" \
		--inventory "$SCRATCH/inventory.yaml" --journal-dir "$JDIR"
}

engine_setup 3600
WIZ_DIR=$SCRATCH
# lab_teardown exits with the status it finds: the script's, not the
# clean-up's.
# shellcheck disable=SC2317 # run by the EXIT trap
screenshots_teardown() {
	local rc=$?
	wiz_stop
	engine_cleanup
	(exit "$rc")
	lab_teardown
}
trap screenshots_teardown EXIT

wizard
must_see "the first step" wiz_wait 'Run this step\?' 60
shot confirm
wiz_keys y
must_see "the host key question" wiz_wait 'An unknown host key' 60
shot hostkey

# The Nova API goes away while the controllers' Nova is stopped.
must_see "the controllers' package step" \
	wiz_drive_until 'Run this step\?  Upgrade the Nova packages on the controllers' 1800
wiz_keys 2
must_see "the services banner" wiz_wait 'has not answered' 60
shot services-unreachable
wiz_keys 1
must_see "the checklist" wiz_wait 'Phases' 10
shot checklist
wiz_keys Down Enter
must_see "a step's detail" wiz_wait 'Why:' 10
shot step-detail
wiz_keys 3

# Stopping compute1's real nova-compute takes seconds: it runs.  (Nova
# may call it down at once, so the wait for down is no longer to catch.)
must_see "the first compute's stop" \
	wiz_drive_until 'Run this step\?  Stop Nova on the compute' 1800
must_see "the stop running" wiz_yes
must_see "the stop on the Now screen" wiz_wait '▶ compute1' 60
shot running
wiz_keys 4
must_see "the rollout" wiz_wait 'compute1 +1 ' 10
# Nova is asked for the instances only while the rollout shows them.
must_see "the instances" wiz_wait ' instances$' 20
shot rollout
wiz_keys 5
must_see "the output screen" wiz_wait 'compute1: [0-9]+ lines' 10
shot output
wiz_keys 3

# Disabled and down in Nova, its packages next.
must_see "the first compute's package step" \
	wiz_drive_until 'Run this step\?  Upgrade the Nova packages on the compute' 600
wiz_keys 2
must_see "compute1 down in Nova" wiz_wait 'compute1 .*disabled +down' 120
shot services
wiz_keys 3

must_see "the review of compute1's new files" \
	wiz_drive_until 'New configuration files to review' 600
shot review-question
wiz_keys 6
must_see "the review screen" wiz_wait 'A shows what applying does' 10
wiz_keys ']'
must_see "the first hunk" wiz_wait 'hunk 1' 10
shot review
wiz_keys A
must_see "what applying does" wiz_wait 'Apply the decisions' 60
shot review-apply
wiz_keys Escape 3
wiz_keys '?'
must_see "the help" wiz_wait 'Everywhere' 10
shot help
wiz_tmux resize-window -t wiz -x 60 -y 20
must_see "the too-small message" wiz_wait 'needs at least' 10
shot too-small
wiz_tmux resize-window -t wiz -x "$COLS" -y "$ROWS"
wiz_keys q
if [ -z "$(wiz_ended 30)" ]; then
	wiz_stuck_report
	must_see "the wizard's end" false
fi
wiz_stop

# The same upgrade, resumed, in the monochrome scheme.
wizard NO_COLOR=1
must_see "the resumed upgrade" wiz_wait 'waiting for you' 60
wiz_keys 1
must_see "the checklist" wiz_wait 'Phases' 10
shot checklist-no-color
wiz_keys q
wiz_ended 30 >/dev/null
exit 0
