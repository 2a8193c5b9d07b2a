#!/usr/bin/env bash
# The services screen against a recorded Nova (tests/tools/responder.py):
# the live table, a service that just went down marked and highlighted,
# the filter, the sort, and the banner with the last good list greyed
# once the API stops answering; q still quits at once.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/ui/uitest.bash
. "$(dirname "$0")/uitest.bash"

list="GET /v2.1/os-services 200"

# The first refresh finds every service up; every later one finds
# compute2 down: a change the screen must point at.
replies=("$list api/services-list-v2.1.json")
for _ in $(seq 300); do
	replies+=("$list services/compute2-down-v2.1.json")
done
responder_start "${replies[@]}"

ui_start 100 30 -- --inventory "$inventory" --refresh 1
ui_keys 2
ui_wait 'compute2 .* down ' || true
ui_expect services-changed \
	"the services screen lists Nova's services, compute2 marked as just gone down"
check "the just-changed row is highlighted: on yellow" \
	test "$(ui_screen -e | grep -cE '^\^\[\[([0-9;]*;)?43m. nova-compute +compute2 ' || true)" -eq 1

# The mark lasts 30 s from the change, which a loaded machine can spend
# before the screens below: checked above, masked from here on.
UI_MASK_EXTRA='s/^●/ /'
ui_keys / c o m p u t e
ui_wait 'Filter: compute_' || true
ui_expect services-filtered "/ filters as it is typed: only the computes are left"
ui_keys Enter s s
ui_wait 'sorted by state' || true
ui_expect services-sorted-by-state \
	"Enter keeps the filter; s sorts by the next column: state, down first"

ui_keys / Escape
ui_wait 'nova-conductor' || true
ui_expect services-sorted-all "Esc in the filter clears it: every service again"

responder_stop
ui_wait 'has not answered' || true
ui_expect services-unreachable \
	"when Nova stops answering a banner says since when and why; the last list stays"
check "the last good list is greyed (dim) under the banner" \
	test "$(ui_screen -e | sed -n '/Binary/,$p' | grep -cE '^(\^\[\[[0-9;]*m)*\^\[\[([0-9;]*;)?2m(\^\[\[[0-9;]*m)*  nova-compute +compute1 ' || true)" -eq 1

ui_keys q
check "q quits at once, the refresh thread stopped (status 0)" same "$(ui_ended)" 0

clitest_done
