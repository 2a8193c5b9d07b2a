#!/usr/bin/env bash
# The wizard running an upgrade on two local sshd hosts
# (tests/tools/sshd-fixture.sh, no root), driven by keys in tmux: the
# default command opens it on the first question; host keys; a failed
# step, a skip with a typed reason; the .rpmnew review and its screen;
# each host's output; the batch size; a gate overridden with a reason;
# a unit running, on the Now and Rollout screens; quit asked while
# commands run, then abandoned, and the next run finding the command
# unknown, its probe, the decision; stop; --line going to run --line.
# The review: a real compute's nova.conf and the package's .rpmnew
# (tests/data/ini), decided on the review screen by keys, $EDITOR on
# the merged text, what applying does, and no password on any screen.
# Runbook: tests/ui/data/engine-runbook.yaml.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/ui/uitest.bash
. "$(dirname "$0")/uitest.bash"

if [ ! -x "${SSHD:-/usr/sbin/sshd}" ]; then
	echo "1..0 # SKIP needs sshd (openssh-server)"
	exit 0
fi

runbook=$src/tests/ui/data/engine-runbook.yaml
marks=$tmp/marks
journal=$tmp/journal
# With a cloud and no command: the default command is the wizard.
ui_command=()

fixture_start h1 h2
mkdir -p "$marks"
# Both hosts read the same marks: one group of two hosts.
cp "$src/tests/data/ini/nova.conf.compute1" "$marks/nova.conf"
cp "$src/tests/data/ini/nova.conf.rpmnew" "$marks/nova.conf.rpmnew"
: >"$marks/hold-h1"
# rpm as the review step asks it: one nova package, its config file
# beside its .rpmnew in the marks.
for host in h1 h2; do
	cat >"$tmp/sshd/$host/bin/rpm" <<EOF
#!/bin/sh
case "\$1" in
-qa) echo openstack-nova-common ;;
-qc) echo $marks/nova.conf ;;
*) exit 1 ;;
esac
EOF
done
{
	printf 'cloud: uitest\nssh:\n  config: %s\n  known-hosts: %s\n' \
		"$tmp/ssh_config" "$tmp/known_hosts"
	printf 'defaults:\n  user: %s\n  become: root\n' "$(id -un)"
	printf 'vars:\n  marks: %s\nhosts:\n' "$marks"
	for host in h1 h2; do
		printf '  - name: %s\n    roles: [node]\n    address: %s\n    port: %s\n' \
			"$host" "$(cat "$tmp/sshd/$host/addr")" \
			"$(cat "$tmp/sshd/$host/port")"
	done
} >"$tmp/inventory.yaml"
args=(--inventory "$tmp/inventory.yaml" -r "$runbook" --journal-dir "$journal")

logins() {
	cat "$tmp"/sshd/*/sshd.log 2>/dev/null | grep -c 'Accepted publickey' || true
}

journal_log() {
	"$bin" log --full --journal-dir "$journal" 2>&1 || true
}

# The passwords of nova.conf.compute1: no screen may show one.
secrets='7d1c0a9e4b2f|3b9a0c4d7e21|5f8e2d61c0a3'

screen_has_no_secret() {
	! ui_screen | grep -Eq "$secrets"
}


# ---- the first run ----

ui_start 100 30 EDITOR="$src/tests/data/review/editor.sh comment" \
	OU_TEST_LOG="$tmp/editor.log" -- "${args[@]}"
ui_expect now-first \
	"with a cloud and no command the wizard opens on the first step: the engine's text, exactly, and only the answers it takes"
check "nothing reached a host before the first yes" same "$(logins)" 0

ui_keys n
ui_wait 'Not an answer to this' || true
ui_expect now-not-an-answer "a key the question does not take says so and does nothing"

ui_keys y
ui_wait 'unknown host key' || true
ui_expect now-hostkey \
	"y runs it; a host key not known yet is shown with its SHA256 fingerprint, to accept or refuse"
ui_keys y
ui_wait 'host h2 ' || true
ui_keys y
ui_wait 'Fail until the test mends it' || true
check "both host keys were written to the inventory's known_hosts" \
	test "$(wc -l <"$tmp/known_hosts")" -eq 2

: >"$marks/mended-h1"
ui_keys End y
ui_wait 'The step failed' || true
ui_expect now-failed \
	"a step failed on h2 shows why, with its output, and offers skip, retry, stop"

ui_keys s
ui_wait 'Why skip mend on h2' || true
ui_keys Escape
ui_wait 'Nothing was done' || true
ui_expect now-skip-cancelled "Esc on the reason cancels the skip: the failure stays"

ui_keys s
ui_keys -l 'h2 is a spare'
ui_wait 'h2 is a spare_' || true
ui_expect now-skip-reason "s asks why, on the bottom line, before anything is skipped"
ui_keys Enter
ui_wait 'Upgrade the packages' || true
check "the reason went to the journal" grep -q 'h2 is a spare' <(journal_log)

ui_keys y
ui_wait 'Review the new configuration' || true
ui_keys y
ui_wait 'New configuration files to review' || true
ui_expect now-review \
	"the review step read nova.conf and its .rpmnew on both hosts: the Now screen says so and 6 opens the review"
check "no password on the Now screen" screen_has_no_secret

ui_keys 6
ui_expect review \
	"the review screen: the file and its group of two hosts, merge proposed; the summary, the hunks with their picks, comment-only ones folded"
check "no password on the review screen" screen_has_no_secret
ui_keys ']'
ui_wait 'hunk 1: comments only, [0-9]+ lines, folded' || true
ui_keys z
check "] goes to the first hunk, z unfolds the comment-only ones" \
	ui_wait '@@ -[0-9,]+ \+[0-9,]+ @@  hunk 1: theirs'
ui_keys z
check "z again folds them" ui_wait 'hunk 1: comments only, [0-9]+ lines, folded'
ui_keys ']' '<'
ui_wait 'hunk 2: mine *$' || true
ui_expect review-hunk-mine "] goes to the next hunk; < takes my lines for it"
ui_keys End '>'
ui_wait '^ +│ +theirs *$' || true
ui_expect review-option-theirs \
	"End goes to the last option; > takes theirs for it, and the cursor stays on it"

ui_keys K
check "K keeps mine for the group" ui_wait 'hosts\): keep mine'
ui_keys m
ui_wait 'hosts\): merge' || true
ui_keys g e
check "e runs \$EDITOR on the merged text, then marks the group edited" \
	ui_wait '\(the whole text edited\)'
check "the editor's file was mode 0600" \
	grep -q '^600 ' "$tmp/editor.log"
check "the editor's file is gone" test -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 \
	-name 'ou-edit-*' -newer "$tmp/inventory.yaml" 2>/dev/null)"

ui_keys A
ui_wait 'Apply the decisions' || true
ui_expect review-apply "A shows what applying does on each host, in the engine's words"
check "no password in what applying does" screen_has_no_secret
ui_keys End A
ui_wait 'Apply this on the hosts, as shown\? \(y/N\)' || true
ui_expect review-apply-asked "A again, at its end, asks before anything reaches a host"
ui_keys n
check "n applies nothing" ui_wait 'Nothing was applied'

ui_keys 1 Enter
check "Enter on the step the engine waits on, in the checklist, opens its question" \
	ui_wait '^ New configuration files to review'
# Applying writes under /var/lib/openstack-upgrade: not on this machine.
ui_keys s
ui_keys -l 'merged by hand'
ui_keys Enter
ui_wait 'Waiting for you|Run this step' || true
check "the review's skip went to the journal" grep -q 'merged by hand' <(journal_log)

ui_keys 5
ui_expect output-h1 \
	"the output screen: h1's log, each unit named, the commands sent, their output and how they ended"
ui_keys Tab Down
ui_expect output-h2 "Tab and Down choose h2: its log, the failure and the skip in it"

# The review skipped, the rolling phase is next.
ui_keys 3
ui_wait 'How many hosts at once' || true
ui_expect now-batch-size "a rolling phase asks how many hosts at once, the runbook's number offered"
ui_keys b
ui_wait 'How many hosts at once, 1 to 2' || true
ui_keys Enter
ui_wait 'Drain the node' || true
ui_expect now-first-of-batch "the batch's first step still takes another batch size before it runs"

ui_keys y
ui_wait 'Stop the node' || true
ui_keys y
ui_wait 'A gate failed' || true
ui_expect now-gate "a check before the step holds h1 back: a gate to retry, skip, or override with a reason"
ui_keys o
ui_keys -l 'the hold is stale'
ui_keys Enter
ui_wait 'Upgrade the node' || true
check "the override's reason went to the journal" \
	grep -q 'the hold is stale' <(journal_log)

ui_keys y
ui_wait '^ +upgrading h1 *$' || true
ui_expect now-running "while the unit runs the Now screen follows h1: its state, its command, its last lines"
ui_keys 4
ui_expect rollout-running \
	"the rollout screen: h1 in batch 1 at its upgrade, running; h2 still to go, in the next batch"

ui_keys q
ui_wait 'Stop after them and quit' || true
ui_expect quit-asked "q while a command runs asks first"
ui_keys n
: >"$marks/go-h1"
ui_wait 'Waiting for you: Run this step\? node-start#1' || true
ui_expect rollout-next-question \
	"n keeps the wizard going; the next question, asked on another screen, is announced"
ui_keys 3
check "the Now screen shows it" ui_wait 'Run this step\?  Start the node'

ui_keys y
ui_wait 'Drain the node' || true
ui_keys y
ui_wait 'Stop the node' || true
ui_keys y
ui_wait 'Run this step\?  Upgrade the node' || true
ui_keys y
# Its output line, not the command shown in the question: the unit runs.
ui_wait '^ +upgrading h2 *$' || true
ui_keys q y
ui_wait 'Stopping: the wizard leaves' || true
ui_keys q
status=$(ui_ended)
check "q again leaves at once with h2's command still running (status ${status:-none})" \
	same "$status" 1
check "the terminal is given back" \
	ui_wait '^exit status 1, echo on, icanon on$' ui_scrollback

# ---- the next run ----

ui_start 100 30 -- "${args[@]}"
ui_expect now-unknown \
	"the next run finds h2's upgrade unknown: it shows what was lost and offers the probe first"
ui_keys y
ui_wait 'did not take effect' || true
ui_expect now-unknown-probed \
	"the probe says it did not take effect; re-run, mark done or mark failed"
ui_keys r
ui_wait 'Run this step\?  Upgrade the node' || true
ui_expect now-rerun "re-run shows the step again, with what happened before, for a new yes"
ui_keys y
: >"$marks/go-h2"
ui_wait 'Start the node' || true
ui_keys y
ui_wait 'Finished' || true
ui_expect now-finished "the last step done: the upgrade is finished"
ui_keys 1
ui_expect checklist-finished "the checklist shows every step finished, the skipped one marked"
# The hosts still connected, the help open, the terminal too small and
# back: q still leaves at once.
ui_keys '?'
ui_wait 'Everywhere' || true
ui_resize 60 20
ui_wait 'needs at least' || true
ui_resize 100 30
check "the help is drawn again at the old size" ui_wait 'Everywhere'
ui_keys q
check "q leaves at once when nothing runs, after the help and a resize" \
	same "$(ui_ended)" 0
check "status agrees: every step done or skipped" \
	grep -q 'Every step is done or skipped' \
	<("$bin" status "${args[@]}" 2>&1 || true)

# ---- stop, and the line mode ----

ui_start 100 30 -- --inventory "$tmp/inventory.yaml" -r "$runbook" \
	--journal-dir "$tmp/journal2"
ui_wait 'Look around' || true
ui_keys x
ui_wait 'Start nothing new' || true
ui_keys y
ui_wait 'Stopped' || true
ui_expect now-stopped "x then y stops the engine: nothing new starts"
ui_keys q
ui_ended >/dev/null

run "$bin" --line --inventory "$tmp/inventory.yaml" -r "$runbook" \
	--journal-dir "$tmp/journal3"
check "--line with no command is run --line (it wants a terminal on its input)" \
	rc_err 2 'is not one'

clitest_done
