#!/usr/bin/env bash
# screenshots.sh OUTDIR: a PNG of every screen of the wizard, from a real
# run of the built binary (OU_BIN) in tmux, driven by the same helpers
# as the screen tests; the services screen talks to the recorded Nova
# (tests/tools/responder.py).  tmux capture-pane -e gives the screen
# with its colours, scripts/ansi2html.py turns that into HTML, headless
# Chromium takes the picture.  Needs tmux, python3 and chromium (Debian
# packages); run by `make screenshots`, never by `make check`.
set -euo pipefail

out=${1:?usage: screenshots.sh OUTDIR}
for tool in tmux python3 chromium; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "screenshots.sh: needs $tool (apt-get install $tool)" >&2
		exit 1
	fi
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

# shellcheck source=tests/ui/uitest.bash
. "$(dirname "$0")/../tests/ui/uitest.bash" >/dev/null

# shot NAME COLS ROWS: the screen as it is now, as OUTDIR/NAME.png.
shot() {
	local name=$1 cols=$2 rows=$3 html=$tmp/$1.html
	ui_tmux capture-pane -p -e -N -t ui |
		python3 "$src/scripts/ansi2html.py" "openstack-upgrade: $name" >"$html"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size="$((cols * 17 / 2 + 24)),$((rows * 17 + 24))" \
		--screenshot="$out/$name.png" "file://$html" >/dev/null 2>&1
	echo "screenshots.sh: $out/$name.png"
}

ui_start 100 30 -- --inventory "$inventory"
ui_wait 'Phases'
shot checklist 100 30
ui_keys Down Down Down Enter
ui_wait 'Why:'
shot step-detail 100 30
ui_keys '?'
ui_wait 'Everywhere'
shot help 100 30
ui_keys q
ui_ended >/dev/null

list="GET /v2.1/os-services 200"
replies=("$list api/services-list-v2.1.json")
for _ in $(seq 120); do
	replies+=("$list services/compute2-down-v2.1.json")
done
responder_start "${replies[@]}" >/dev/null
ui_start 100 30 -- --inventory "$inventory" --refresh 1
ui_wait 'Phases'
ui_keys 2 Down
ui_wait 'compute2 .* down '
shot services 100 30
responder_stop
ui_wait 'has not answered'
shot services-unreachable 100 30
ui_keys q
ui_ended >/dev/null

ui_start 80 24 NO_COLOR=1 -- --inventory "$inventory"
ui_wait 'Phases'
shot checklist-no-color 80 24
ui_keys q
ui_ended >/dev/null

ui_start 60 20 -- --inventory "$inventory"
ui_wait 'needs at least'
shot too-small 60 20
ui_keys q
ui_ended >/dev/null
