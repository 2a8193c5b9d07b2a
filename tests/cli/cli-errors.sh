#!/usr/bin/env bash
# The command line as an operator meets it: plans for the samples, and
# bad input refused with file:line:column and exit status 2.  Speaks TAP.
set -euo pipefail

bin=${OU_BIN:?OU_BIN must name the openstack-upgrade binary}
src=${OU_SRCDIR:?OU_SRCDIR must name the source tree}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failures=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/out" "$tmp/err" | head -n 20
}

# expect STATUS PATTERN DESCRIPTION -- COMMAND...: run COMMAND, want its
# exit status and PATTERN (grep -E) in its stdout+stderr.
expect() {
	local status=$1 pattern=$2 what=$3 rc=0
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -eq "$status" ] && grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
		ok "$what"
	else
		echo "# exit status $rc, wanted $status; wanted /$pattern/" >>"$tmp/err"
		not_ok "$what"
	fi
}

write() {
	cat >"$tmp/$1"
}

write bad-runbook.yaml <<'YAML'
runbook: broken
title: A runbook with a misspelt key
roles:
  keystone: Keystone
phases:
  - id: one
    title: One
    why: Because.
    steps:
      - id: s1
        title: Step
        why: Because.
        hosts: keystone
        rnu: echo hello
YAML

write bad-inventory.yaml <<'YAML'
cloud: lab
hosts:
  - name: controller
    address: 127.0.0.11
    roles: [keystone]
  - name: controller
    address: 127.0.0.12
    roles: [keystone]
YAML

write bad-yaml.yaml <<'YAML'
cloud: lab
hosts:
  - name: controller
     address: 127.0.0.11
YAML

write unknown-role.yaml <<'YAML'
cloud: lab
hosts:
  - name: controller
    address: 127.0.0.11
    roles: [keystone, nova-conductorr]
YAML

write bad.answers <<'ANSWERS'
[general]
CONFIG_KEYSTONE_HOST=192.0.2.10
this line is not a key and a value
ANSWERS

main() {
	echo "1..13"
	expect 0 "openstack-service stop keystone" "plan prints the sample inventory's commands" -- \
		"$bin" plan --inventory "$src/samples/inventory.yaml"
	expect 0 "compute3" "plan reaches the last compute of the sample" -- \
		"$bin" plan --inventory "$src/samples/inventory.yaml"
	expect 0 "192\.0\.2\.21" "plan works from an Icehouse-era answers file" -- \
		"$bin" plan --answers "$src/samples/packstack-icehouse.answers"
	expect 0 "192\.0\.2\.21" "plan works from a Juno-era answers file" -- \
		"$bin" plan --answers "$src/samples/packstack-juno.answers"
	expect 0 '"units"' "plan --format json prints the units" -- \
		"$bin" plan --format json --inventory "$src/samples/inventory.yaml"
	expect 0 "hosts:" "inventory --answers prints a YAML inventory" -- \
		"$bin" inventory --answers "$src/samples/packstack-icehouse.answers"
	expect 2 "bad-runbook.yaml:14:9: .*rnu" "a misspelt runbook key names file:line:column" -- \
		"$bin" plan --runbook "$tmp/bad-runbook.yaml" --inventory "$src/samples/inventory.yaml"
	expect 2 "bad-inventory.yaml:6:.*duplicate" "a duplicate host names file:line" -- \
		"$bin" plan --inventory "$tmp/bad-inventory.yaml"
	expect 2 "bad-yaml.yaml:4:[0-9]+:" "a YAML syntax error names file:line:column" -- \
		"$bin" plan --inventory "$tmp/bad-yaml.yaml"
	expect 2 "unknown-role.yaml:3.*nova-conductorr" "a role the runbook does not know is an error" -- \
		"$bin" plan --inventory "$tmp/unknown-role.yaml"
	expect 2 "bad.answers:3" "a malformed answers line names file:line" -- \
		"$bin" plan --answers "$tmp/bad.answers"
	expect 2 "needs --inventory" "plan without a cloud is a usage error" -- \
		"$bin" plan
	expect 2 "unknown command" "an unknown command is a usage error" -- \
		"$bin" frobnicate
	[ "$failures" -eq 0 ]
}

main "$@"
