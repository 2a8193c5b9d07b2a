#!/usr/bin/env bash
# No password or token, ever: `services` and `check` are run every way
# that handles them (the environment, a keystonerc, a password typed at
# the prompt, a refused password, a bad keystonerc line, --watch, the API
# going away, host keys accepted), then every byte they printed and every
# file they could have written (HOME, the XDG state and config dirs where
# the journal lives, the working directory, known_hosts) is searched for
# the password and the token.  Speaks TAP.
set -euo pipefail

# shellcheck source=tests/cli/clitest.bash
. "$(dirname "$0")/clitest.bash"

list="GET /v2.1/os-services 200 api/services-list-v2.1.json"
outputs=$tmp/outputs
mkdir -p "$outputs" "$tmp/cwd" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"
cd "$tmp/cwd"
runs=0

# keep NAME COMMAND...: run it, keep both streams under NAME.
keep() {
	local name=$1
	shift
	runs=$((runs + 1))
	"$@" >"$outputs/$name.out" 2>"$outputs/$name.err" </dev/null || true
}

responder_start "$list"
keep services "$bin" services

responder_start "$list" "$list" "$list"
keep watch timeout 30 "$bin" services --watch 1 --count 3

responder_start "$list"
"$bin" services --watch 1 --count 3 >"$outputs/outage.out" 2>"$outputs/outage.err" &
pid=$!
for _ in $(seq 600); do grep -q compute3 "$outputs/outage.out" && break; sleep 0.05; done
responder_stop
wait "$pid" || true
runs=$((runs + 1))

RESPONDER_REFUSE=1 responder_start
keep refused "$bin" services
check "a refused password is reported as such" \
	grep -q 'HTTP 401' "$outputs/refused.err"

responder_start "$list"
cat >"$tmp/keystonerc_admin" <<EOF
export OS_USERNAME=admin
export OS_PASSWORD='$PASSWORD'
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_AUTH_URL=$OS_AUTH_URL
export OS_IDENTITY_API_VERSION=3
export OS_COMPUTE_API_VERSION=2.1
EOF
keep keystonerc env -u OS_PASSWORD "$bin" services --keystonerc "$tmp/keystonerc_admin" --insecure
check "a keystonerc gives the credentials" grep -q compute3 "$outputs/keystonerc.out"

sed "s|^export OS_PASSWORD=.*|export OS_PASSWORD=\"$PASSWORD\$(id -u)\"|" \
	"$tmp/keystonerc_admin" >"$tmp/keystonerc_bad"
keep bad-keystonerc "$bin" services --keystonerc "$tmp/keystonerc_bad"
check "a keystonerc line that needs a shell is refused with file:line:column" \
	grep -qE 'keystonerc_bad:2:[0-9]+' "$outputs/bad-keystonerc.err"

responder_start "$list"
# Typed once the prompt is up, as a person would: what arrives before
# echo is off would be echoed by the terminal, whoever reads it.
{ sleep 1; printf '%s\n' "$PASSWORD"; } | env -u OS_PASSWORD script -qec "$bin services" /dev/null \
	>"$outputs/prompt.out" 2>&1 || true
runs=$((runs + 1))
check "with no password anywhere, it is asked on the terminal" \
	grep -q 'Password for admin at http' "$outputs/prompt.out"
check "... and the typed password works" grep -q compute3 "$outputs/prompt.out"

fixture_start compute1
: >"$tmp/known_hosts"
inventory "$tmp/inv.yaml" "$tmp/known_hosts" "compute1:nova-compute"
responder_start "$list" "$list"
printf 'y\n' | script -qec "$bin check -i $tmp/inv.yaml --accept-host-keys" /dev/null \
	>"$outputs/check-accept.out" 2>&1 || true
runs=$((runs + 1))
check "check accepted the host key into known_hosts" [ -s "$tmp/known_hosts" ]
responder_start "$list"
keep check "$bin" check -i "$tmp/inv.yaml"

# Everything the tool printed, and every file it may have written.
searched=("$outputs" "$HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" "$tmp/cwd" "$tmp/known_hosts")
files=$(find "${searched[@]}" -type f | wc -l)
check "$runs runs searched, $files files (outputs and what the tool wrote)" \
	[ "$files" -ge "$runs" ]
check "the password appears nowhere" \
	[ -z "$(grep -rlF -- "$PASSWORD" "${searched[@]}")" ]
check "the token appears nowhere" \
	[ -z "$(grep -rlF -- "$TOKEN" "${searched[@]}")" ]
reached() { grep -qF -- "$PASSWORD" "$tmp/requests.jsonl" && grep -qF -- "$TOKEN" "$tmp/requests.jsonl"; }
check "the same search finds both where they belong: sent to the API" reached

clitest_done
