#!/usr/bin/env bash
# The wizard applying a .rpmnew review for real, driven by keys in tmux,
# on three sshd hosts on loopback in mount namespaces of their own
# (tests/tools/review-hosts.bash, as tests/cli/review-line.sh has them):
# each host has its own nova.conf (its address and passwords; owned by
# another user, mode 0640) and Juno's nova.conf.rpmnew
# (tests/ui/data/review-apply).  The group of three is opened, an
# option and two hunks are picked, the merged text is seen in $EDITOR,
# A shows what applying does, y applies it; h2 is held before its
# rename (a stand-in sync) so the applying state stays on screen until
# the test lets it go.  Then each host holds its own merged file
# (tests/ui/data/review-apply/nova.conf.merged), owner and mode kept, a
# backup byte-identical to its old file, and no .rpmnew.  Needs root and
# unshare(1).  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/ui/uitest.bash
. "$(dirname "$0")/uitest.bash"

hosts=(h1 h2 h3)
step=review-apply-test
# shellcheck source=tests/tools/review-hosts.bash
. "$src/tests/tools/review-hosts.bash"

missing=$(review_hosts_missing)
if [ -n "$missing" ]; then
	echo "1..0 # SKIP $missing"
	exit 0
fi
trap 'stop_hosts; ui_cleanup' EXIT

files=$src/tests/ui/data/review-apply
# Not root's: the apply must give the new file the old one's owner.
owner=65534:65534

start_hosts uitest || {
	echo "1..0 # SKIP the sshd fixture did not start: $(head -c 200 "$tmp/fixture.err")"
	exit 0
}
write_known_hosts
# The step before the review connects every host, so the review's hosts
# start in the inventory's order and the Now screen lists them so.
write_runbook review-apply-test "Review apply test" "test -f $reviewed.rpmnew"
put_host_files "$files/nova.conf" "$files/nova.conf.rpmnew"
for host in "${hosts[@]}"; do
	chown "$owner" "$(conf "$host")"
done

# The editor the merged text is seen in: it keeps a copy, changes nothing.
cat >"$tmp/see-merge" <<EOF
#!/bin/sh
cp "\$1" "$tmp/seen.conf"
EOF
chmod 0755 "$tmp/see-merge"

# What host N's file must hold after the apply.
merged() {
	sed -e "s/@HOST@/$1/g" -e "s/@NUMBER@/${1#h}/g" "$files/nova.conf.merged"
}

merged_right() {
	cmp -s "$(conf "$1")" <(merged "$1")
}

owner_mode_kept() {
	[ "$(stat -c '%u:%g %a' "$(conf "$1")")" = "$owner 640" ]
}

rpmnew_backed_up() {
	local b
	b=$(backups_of "$1")
	[ -n "$b" ] && cmp -s "$b.rpmnew" "$files/nova.conf.rpmnew"
}

# The passwords of nova.conf: no screen may show one.
screen_has_no_secret() {
	! ui_screen | grep -Eq 'site-secret|dbpass'
}

# A file appears, within UI_WAIT_S seconds.
wait_file() {
	local i
	for ((i = 0; i < UI_WAIT_S * 20; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

ui_start 120 36 EDITOR="$tmp/see-merge" -- --inventory "$tmp/inventory.yaml" \
	-r "$tmp/runbook.yaml" --journal-dir "$tmp/journal"
ui_wait 'Run this step\?  Look at the hosts' || true
ui_keys y
ui_wait 'Run this step\?  Review the new configuration files' || true
ui_keys y
check "the review step read the file and its .rpmnew on the three hosts" \
	ui_wait 'nova\.conf \(INI\): 3 hosts, 1 group'

# ---- the decisions ----

ui_keys 6
check "6 opens the review: one group of three hosts, merge proposed" \
	ui_wait 'h1, h2, h3 \(3 hosts\): merge'
ui_keys Tab End '>'
check "> on the last option takes theirs for it: [database] idle_timeout" \
	ui_wait 'idle_timeout: mine 1800, theirs not set -> theirs'
ui_keys g ']' '<'
check "< on the first hunk, comments only, keeps mine" \
	ui_wait 'hunk 1: comments only, 11 lines, folded: mine'
ui_keys ']' '<'
check "< on the next hunk keeps mine" ui_wait 'hunk 2: mine *$'

ui_keys e
wait_file "$tmp/seen.conf" || true
check "e opens the merged text in \$EDITOR: h1's values, the picks made" \
	cmp -s "$tmp/seen.conf" <(merged h1)
# Redrawn after the editor, and not marked "(the whole text edited)".
check "the text unchanged in the editor, the group's picks stand" \
	ui_wait 'Decision: merge *$'
ui_keys PageDown
ui_wait '@@ .*  hunk 3: theirs' || true
ui_expect review-apply-picked \
	"the hunks with their picks: the comment-only one and the removed option kept as mine, the rest theirs"
check "no password on the review screen" screen_has_no_secret

# ---- what applying does ----

ui_keys A
ui_wait 'Apply the decisions' || true
ui_expect review-apply-plan \
	"A shows what applying does: the hosts, their values masked, the backups, the result"
check "no password in what applying does" screen_has_no_secret
ui_keys PageDown
ui_wait 'The change to .* on h1:' || true
ui_expect review-apply-plan-change \
	"PgDn: the change to h1's file: the option taken as theirs gone, the hunks kept as mine left out"
check "no password in the change" screen_has_no_secret
ui_keys End A
ui_wait 'Apply this on the hosts, as shown\? \(y/N\)' || true
ui_expect review-apply-plan-end \
	"its end shows the change to h1's file, with the picks made; A again asks"

# ---- applying ----

: >"$tmp/hold-h2"
ui_keys y
ui_wait 'holding before the rename' || true
ui_expect review-apply-applying \
	"y applies it: the Now screen follows each host, h1 and h3 done, h2 held before its rename"
check "no password while it applies" screen_has_no_secret
check "h2's file is still the old one while it is held" \
	cmp -s "$(conf h2)" "$tmp/old-h2.conf"
rm -f "$tmp/hold-h2"
ui_wait 'Finished' || true
ui_expect review-apply-done "h2 let go: the step is done, the upgrade finished"

# ---- on the hosts ----

# A failure's note shows its own output, not the last screen's diff.
rm -f "$tmp/out" "$tmp/err"

check "each host's file holds its own values and the picks made" \
	all_hosts merged_right
check "the owner and mode are kept" all_hosts owner_mode_kept
check "each backup is byte-identical to the old file" \
	all_hosts backups_identical
check "each .rpmnew was backed up as it was" all_hosts rpmnew_backed_up
check "the .rpmnew files are gone" all_hosts rpmnew_gone

ui_keys q
check "q leaves when nothing runs" same "$(ui_ended)" 0

clitest_done
