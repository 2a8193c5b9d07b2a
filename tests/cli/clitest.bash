# shellcheck shell=bash
# Helpers for the CLI tests of `services` and `check` (sourced; not a
# test itself): TAP lines, a recorded Keystone and Nova on 127.0.0.1
# (tests/tools/responder.py), and sshd hosts (tests/tools/sshd-fixture.sh)
# with a stand-in rpm.  Every process started here ends with the test.

# shellcheck disable=SC2034 # read by the tests that source this
bin=${OU_BIN:?OU_BIN must name the openstack-upgrade binary}
src=${OU_SRCDIR:?OU_SRCDIR must name the source tree}
data=$src/tests/data
tmp=$(mktemp -d /tmp/ou-clitest-XXXXXX)
n=0
failures=0
responder_pid=
fixture_dirs=()

# The secret every test uses, and the token the recorded Keystone hands
# out: the secrets test looks for both everywhere.
PASSWORD='pw-Sekr1t-7f3a'
TOKEN='gAAAAAB-token-9d2c41e8'

clitest_cleanup() {
	[ -z "$responder_pid" ] || kill "$responder_pid" 2>/dev/null || true
	local dir
	for dir in "${fixture_dirs[@]}"; do
		bash "$src/tests/tools/sshd-fixture.sh" stop "$dir" >/dev/null 2>&1 || true
	done
	[ -n "${CLITEST_KEEP:-}" ] || rm -rf "$tmp"
}
trap clitest_cleanup EXIT

# Hermetic: no credentials, clouds.yaml or ssh files of whoever runs this.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^OS_' || true)
export HOME=$tmp/home XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
mkdir -p "$HOME"

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	[ ! -f "$tmp/out" ] || sed 's/^/# out: /' "$tmp/out" | head -n 30
	[ ! -f "$tmp/err" ] || sed 's/^/# err: /' "$tmp/err" | head -n 10
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# run COMMAND...: its stdout in $tmp/out, stderr in $tmp/err, status in rc.
run() {
	rc=0
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
}

has() { grep -qE -- "$1" "$tmp/out"; }
has_err() { grep -qE -- "$1" "$tmp/err"; }
# A fixed string (a fingerprint's base64 has + and /) in the output.
has_text() { grep -qF -- "$1" "$tmp/out"; }
# Every pattern in the output.
has_all() {
	local pattern
	for pattern; do has "$pattern" || return 1; done
}
# rc_is STATUS [PATTERN...]: that exit status, and the patterns in stdout.
rc_is() {
	[ "$rc" -eq "$1" ] || return 1
	shift
	has_all "$@"
}
# rc_err STATUS PATTERN: that exit status, and the pattern in stderr.
rc_err() { [ "$rc" -eq "$1" ] && has_err "$2"; }
# same A B: two strings are equal (for check).
same() { [ "$1" = "$2" ]; }

clitest_done() {
	echo "1..$n"
	[ "$failures" -eq 0 ]
}

# A token body as Keystone recorded it, valid for a day from now.
clitest_token_body() {
	python3 - "$data/api/token-response.json" >"$tmp/token.json" <<'EOF'
import datetime, json, sys
doc = json.load(open(sys.argv[1]))
later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
doc["token"]["expires_at"] = later.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
print(json.dumps(doc))
EOF
}

# responder_start REPLY...: each REPLY is "METHOD PATH STATUS FILE"
# (FILE under tests/data, or "-" for an empty body); the first reply is
# always the token (with RESPONDER_REFUSE=1, Keystone's 401 instead).
# Sets OS_* for it in the environment.
responder_start() {
	local reply method path status file
	responder_stop
	clitest_token_body
	{
		printf '{"rewrite": true, "replies": [\n'
		if [ "${RESPONDER_REFUSE:-0}" = 1 ]; then
			printf '{"method": "POST", "path": "/v3/auth/tokens", "status": 401, '
			printf '"body": "{\\"error\\": {\\"code\\": 401, \\"title\\": \\"Unauthorized\\", '
			printf '\\"message\\": \\"The request you have made requires authentication.\\"}}"}'
		else
			printf '{"method": "POST", "path": "/v3/auth/tokens", "status": 201, '
			printf '"headers": "X-Subject-Token: %s", "body_file": "%s"}' "$TOKEN" "$tmp/token.json"
		fi
		for reply in "$@"; do
			read -r method path status file <<<"$reply"
			printf ',\n{"method": "%s", "path": "%s", "status": %s' "$method" "$path" "$status"
			if [ "$file" != - ]; then printf ', "body_file": "%s"' "$data/$file"; fi
			printf '}'
		done
		printf ']}\n'
	} >"$tmp/script.json"
	: >"$tmp/requests.jsonl"
	mkfifo "$tmp/responder.in" 2>/dev/null || true
	python3 "$src/tests/tools/responder.py" "$tmp/script.json" \
		"$tmp/requests.jsonl" / <"$tmp/responder.in" >"$tmp/responder.port" &
	responder_pid=$!
	exec 9>"$tmp/responder.in"
	local _
	for _ in $(seq 600); do
		grep -q '^PORT' "$tmp/responder.port" 2>/dev/null && break
		sleep 0.05
	done
	OS_AUTH_URL="http://127.0.0.1:$(awk '{ print $2 }' "$tmp/responder.port")/v3"
	export OS_AUTH_URL
	export OS_USERNAME=admin OS_PASSWORD=$PASSWORD OS_PROJECT_NAME=admin
	export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
	export OS_IDENTITY_API_VERSION=3 OS_COMPUTE_API_VERSION=2.1
}

responder_stop() {
	[ -n "$responder_pid" ] || return 0
	exec 9>&-
	kill "$responder_pid" 2>/dev/null || true
	wait "$responder_pid" 2>/dev/null || true
	responder_pid=
}

# The paths the responder was asked for, one per line.
responder_paths() {
	python3 -c 'import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line)["path"])' "$tmp/requests.jsonl"
}

# fixture_start NAME...: an sshd per host NAME, on 127.0.0.71, .72, ...,
# whose sessions find a stand-in rpm answering from the fixture's
# home/rpmdb.  Writes $tmp/ssh_config naming each host; the fixtures'
# directories are $tmp/sshd/NAME.
fixture_start() {
	local name dir i=71
	: >"$tmp/ssh_config"
	for name; do
		dir=$tmp/sshd/$name
		fixture_dirs+=("$dir")
		bash "$src/tests/tools/sshd-fixture.sh" start "$dir" "127.0.0.$i" $$ >/dev/null
		fixture_rpm "$dir"
		printf 'Host %s\n\tHostName 127.0.0.%s\n\tPort %s\n\tUser %s\n' \
			"$name" "$i" "$(cat "$dir/port")" "$(id -un)" >>"$tmp/ssh_config"
		printf '\tIdentityFile %s/client_key\n\tIdentitiesOnly yes\n\tBatchMode yes\n' \
			"$dir" >>"$tmp/ssh_config"
		i=$((i + 1))
	done
}

# A stand-in for `rpm -q --qf FORMAT NAME...` answering "NAME
# VERSION-RELEASE" from ~/rpmdb, with an Icehouse host's packages in it.
fixture_rpm() {
	local dir=$1
	cat >"$dir/bin/rpm" <<'RPM'
#!/bin/sh
[ "$1" = -q ] && [ "$2" = --qf ] || { echo "stand-in rpm: $*" >&2; exit 2; }
shift 3
missing=0
for name in "$@"; do
	line=$(grep "^$name " "$HOME/rpmdb")
	if [ -n "$line" ]; then echo "$line"; else echo "package $name is not installed"; missing=$((missing + 1)); fi
done
exit $missing
RPM
	chmod 0755 "$dir/bin/rpm"
	cat >"$dir/home/rpmdb" <<'DB'
openstack-utils 2014.1-3.el7
openstack-keystone 2014.1.3-2.el7
openstack-nova-common 2014.1.3-4.el7
openstack-nova-conductor 2014.1.3-4.el7
openstack-nova-scheduler 2014.1.3-4.el7
openstack-nova-api 2014.1.3-4.el7
openstack-nova-compute 2014.1.3-4.el7
openstack-neutron 2014.1.3-7.el7
DB
}

# The known_hosts lines of the fixtures named.
fixture_known_hosts() {
	local name dir
	for name; do
		dir=$tmp/sshd/$name
		printf '[%s]:%s %s\n' "$(cat "$dir/addr")" "$(cat "$dir/port")" \
			"$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")"
	done
}

# inventory FILE KNOWN_HOSTS NAME:ROLE,ROLE[:sudo]...: the fixtures of
# those names as hosts; a host with no fixture gets an address where
# nothing listens.
inventory() {
	local file=$1 known=$2 spec name roles become dir
	shift 2
	{
		printf 'cloud: clitest\nssh:\n  config: %s\n  known-hosts: %s\n' \
			"$tmp/ssh_config" "$known"
		printf 'defaults:\n  user: %s\n  become: root\nhosts:\n' "$(id -un)"
		for spec; do
			IFS=: read -r name roles become <<<"$spec"
			dir=$tmp/sshd/$name
			printf '  - name: %s\n    roles: [%s]\n' "$name" "$roles"
			if [ -d "$dir" ]; then
				printf '    address: %s\n    port: %s\n' "$(cat "$dir/addr")" "$(cat "$dir/port")"
			else
				printf '    address: 127.0.0.99\n'
			fi
			if [ -n "$become" ]; then printf '    become: %s\n' "$become"; fi
		done
	} >"$file"
}
