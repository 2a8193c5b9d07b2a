#!/usr/bin/env bash
# ProxyJump end to end: `check` reaches an inventory host whose entry in
# the inventory's ssh_config says `ProxyJump jump`, through a second sshd
# on loopback (tests/tools/sshd-fixture.sh), with both host keys checked
# against the inventory's known_hosts.  That the link went through the
# jump host shows in the jump host's sshd log: it is in no inventory,
# so a login there is the jump's.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/cli/clitest.bash
. "$(dirname "$0")/clitest.bash"

logins() { grep -c 'Accepted publickey' "$tmp/sshd/$1/sshd.log" || true; }
ssh_line() { grep -E '^[a-zA-Z]+ +target +ssh ' "$tmp/out" || true; }

fixture_start jump target
# The target's block is the last one written: it gets the jump.
printf '\tProxyJump jump\n' >>"$tmp/ssh_config"
fixture_known_hosts jump target >"$tmp/known_hosts"
inventory "$tmp/inv.yaml" "$tmp/known_hosts" target:nova-compute

jump_before=$(logins jump)
target_before=$(logins target)
run timeout 60 "$bin" check -i "$tmp/inv.yaml"
check "a host behind ProxyJump is reached, both keys known: ssh ok" \
	has '^ok +target +ssh +logged in to '
check "... through the jump host, an alias the inventory's ssh_config defines" \
	same "$(($(logins jump) - jump_before)) $(($(logins target) - target_before))" "1 1"
check "... and the commands run there (rpm -q through the jump)" \
	has '^ok +target +packages +Icehouse: '
check "... the jump's ssh is gone once check ends" \
	same "$(pgrep -f -- "-W \\[127\\.0\\.0\\.72\\]:$(cat "$tmp/sshd/target/port")" | wc -l)" 0

# The jump host's key unknown: refused by the first hop, named.
fixture_known_hosts target >"$tmp/known_target_only"
inventory "$tmp/inv-nojump.yaml" "$tmp/known_target_only" target:nova-compute
jump_before=$(logins jump)
target_before=$(logins target)
run timeout 60 "$bin" check -i "$tmp/inv-nojump.yaml"
check "an unknown key on the jump host refuses the connection, naming the jump host" \
	rc_is 1 '^FAIL +target +ssh +.*cannot connect through the jump host jump \(ProxyJump'
check "... with ssh's own words on the key" \
	has "No ED25519 host key is known for \\[127\\.0\\.0\\.71\\]:$(cat "$tmp/sshd/jump/port").*Host key verification failed"
check "... and nobody logged in anywhere" \
	same "$(($(logins jump) - jump_before)) $(($(logins target) - target_before))" "0 0"
check "... nothing was asked on a terminal, nothing written to known_hosts" \
	same "$(grep -c 'Accept it' "$tmp/out") $(wc -l <"$tmp/known_target_only")" "0 1"

# The target's key unknown behind a known jump: checked here, as for any
# host, with the target's fingerprint.
fixture_known_hosts jump >"$tmp/known_jump_only"
inventory "$tmp/inv-notarget.yaml" "$tmp/known_jump_only" target:nova-compute
fingerprint=$(ssh-keygen -lf "$tmp/sshd/target/host_ed25519.pub" | awk '{ print $2 }')
target_before=$(logins target)
run timeout 60 "$bin" check -i "$tmp/inv-notarget.yaml"
check "an unknown key on the host behind the jump is the host's, with its fingerprint" \
	rc_is 1 '^FAIL +target +ssh +unknown host key ssh-ed25519 '
check "... the target's fingerprint, not the jump host's" has_text "ssh-ed25519 $fingerprint ("
check "... and no login on the target" same "$(($(logins target) - target_before))" 0

# A changed key on the jump host: refused with OpenSSH's warning.
bash "$src/tests/tools/sshd-fixture.sh" rekey "$tmp/sshd/jump" >/dev/null
run timeout 60 "$bin" check -i "$tmp/inv.yaml"
check "a changed key on the jump host is refused, naming the jump host" \
	rc_is 1 '^FAIL +target +ssh +.*jump host jump .*(HOST IDENTIFICATION HAS CHANGED|Host key verification failed)'

clitest_done
