#!/usr/bin/env bash
# One refresh of Nova's service list, three ways, side by side in one run
# against the same cloud:
#
#   ours     one refresh as `services --watch` does it (list, compare,
#            render, write), timed inside tests/tools/nova-refresh: one
#            set of clients, the token kept
#   curl     `curl` GET os-services with a token got once beforehand,
#            a process per request, and (on the same footing as ours)
#            all the rounds' requests in one curl process
#   nova     `nova service-list` (python3-novaclient): a new process, a
#            new token, then the list
#
# and, for the whole command, `openstack-upgrade services` (a new process
# and a new token too) against `nova service-list`.  Prints the medians
# and the ratios; the goals are nova/ours >= 20 and ours/curl <= 1.3.
#
#   bench/services-vs-nova-cli.sh [OPENSTACK_UPGRADE [NOVA_REFRESH]]
#     defaults: $OU_BIN, $NOVA_REFRESH, else the in-tree build's
#   OU_BENCH_ROUNDS=N   rounds (default 20)
#
# Credentials: the OS_* environment; when OS_AUTH_URL is unset, the lab's
# (lab/nova/novalab env).  Build without sanitizers for numbers worth
# quoting.
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
ou=${1:-${OU_BIN:-$srcdir/openstack-upgrade}}
refresh=${2:-${NOVA_REFRESH:-$srcdir/tests/tools/nova-refresh}}
rounds=${OU_BENCH_ROUNDS:-20}

die() {
	echo "bench: $*" >&2
	exit 1
}

for tool in "$ou" "$refresh"; do
	[ -x "$tool" ] || die "no $tool; build it (make check builds tests/tools/nova-refresh) or pass its path"
done
for tool in nova curl python3; do
	command -v "$tool" >/dev/null || die "no $tool (nova: Debian's python3-novaclient)"
done
if [ -z "${OS_AUTH_URL:-}" ]; then
	eval "$("$srcdir/lab/nova/novalab" env)" || die "no OS_AUTH_URL and no lab"
fi
export OS_COMPUTE_API_VERSION=${OS_COMPUTE_API_VERSION:-2.1}

tmp=$(mktemp -d /tmp/ou-bench-services-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# A token and the compute endpoint for curl, from Keystone v3.
token_and_endpoint() {
	python3 - >"$tmp/auth.json" <<'EOF'
import json, os
print(json.dumps({"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": os.environ["OS_USERNAME"],
        "domain": {"name": os.environ.get("OS_USER_DOMAIN_NAME", "Default")},
        "password": os.environ["OS_PASSWORD"]}}},
    "scope": {"project": {
        "name": os.environ["OS_PROJECT_NAME"],
        "domain": {"name": os.environ.get("OS_PROJECT_DOMAIN_NAME", "Default")}}}}}))
EOF
	curl -sS -D "$tmp/auth.headers" -o "$tmp/catalog.json" \
		-H 'Content-Type: application/json' --data @"$tmp/auth.json" \
		"${OS_AUTH_URL%/}/auth/tokens"
	token=$(awk 'tolower($1) == "x-subject-token:" { print $2 }' "$tmp/auth.headers" | tr -d '\r')
	endpoint=$(python3 -c '
import json, os, sys
catalog = json.load(open(sys.argv[1]))["token"]["catalog"]
want = os.environ.get("OS_INTERFACE", "public")
for svc in catalog:
    if svc["type"] == "compute":
        for ep in svc["endpoints"]:
            if ep["interface"] == want:
                print(ep["url"].rstrip("/")); sys.exit(0)
sys.exit("no compute endpoint")' "$tmp/catalog.json")
	if [ -z "$token" ] || [ -z "$endpoint" ]; then
		die "no token or compute endpoint from $OS_AUTH_URL"
	fi
	printf 'X-Auth-Token: %s\n' "$token" >"$tmp/curl.headers"
	chmod 0600 "$tmp/curl.headers"
}

# ms COMMAND...: the wall time of COMMAND in milliseconds (3 decimals),
# its output thrown away; no process is spawned to read the clock.
ms() {
	local start=$EPOCHREALTIME end
	"$@" >/dev/null 2>&1 || die "failed: $*"
	end=$EPOCHREALTIME
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}

curl_list() {
	curl -sSf -H @"$tmp/curl.headers" "$endpoint/os-services"
}

# All the rounds' requests in one process: curl's own per-request cost.
curl_batch() {
	local urls=() i
	for ((i = 0; i < rounds; i++)); do urls+=("$endpoint/os-services"); done
	curl -sSf -H @"$tmp/curl.headers" "${urls[@]}"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

token_and_endpoint

# One untimed run each, so none pays for a cold cache.
nova service-list >/dev/null 2>&1
curl_list >/dev/null
"$ou" services >/dev/null

# Interleaved, so a slow moment of the cloud hits every side alike.
: >"$tmp/nova" ; : >"$tmp/curl"; : >"$tmp/oneshot"
for ((i = 0; i < rounds; i++)); do
	ms nova service-list >>"$tmp/nova"
	ms curl_list >>"$tmp/curl"
	ms "$ou" services >>"$tmp/oneshot"
done
batch_ms=$(ms curl_batch)
# Refresh 0 authenticates; the watch's refreshes are the others.
"$refresh" -n $((rounds + 1)) 2>"$tmp/refresh.log" >/dev/null || die "nova-refresh failed: $(tail -n 3 "$tmp/refresh.log")"
awk '$1 == "refresh" && $2 > 0 { print $3 }' "$tmp/refresh.log" >"$tmp/ours"

nova_ms=$(median <"$tmp/nova")
curl_ms=$(median <"$tmp/curl")
ours_ms=$(median <"$tmp/ours")
oneshot_ms=$(median <"$tmp/oneshot")
curl_one_ms=$(awk -v t="$batch_ms" -v n="$rounds" 'BEGIN { printf "%.3f\n", t / n }')

printf 'Nova service list at %s, %d rounds, medians:\n' "$endpoint" "$rounds"
printf '  ours: one refresh in a watch (token kept)       %9.1f ms\n' "$ours_ms"
printf '  curl: GET os-services, token got beforehand     %9.1f ms\n' "$curl_ms"
printf '  curl: the same, %3d in one process, each (mean) %9.1f ms\n' "$rounds" "$curl_one_ms"
printf '  nova service-list (python3-novaclient)          %9.1f ms\n' "$nova_ms"
printf '  openstack-upgrade services (process + token)    %9.1f ms\n' "$oneshot_ms"
awk -v n="$nova_ms" -v c="$curl_ms" -v o="$ours_ms" -v s="$oneshot_ms" -v b="$curl_one_ms" 'BEGIN {
	printf "ratio nova/ours: %.1fx faster than the CLI (goal >= 20x): %s\n", n / o, n / o >= 20 ? "met" : "NOT met"
	printf "ratio ours/curl: %.2fx curl (goal <= 1.3x): %s\n", o / c, o / c <= 1.3 ? "met" : "NOT met"
	printf "ratio ours/curl in one process: %.2fx (goal <= 1.3x): %s\n", o / b, o / b <= 1.3 ? "met" : "NOT met"
	printf "ratio nova/services command: %.1fx faster, both a new process and a new token\n", n / s
}'
