#!/usr/bin/env bash
# Replay each fuzz target's corpus through it, so that `make check` runs
# every parser's fuzz entry point even without libFuzzer (the targets are
# then linked with fuzz/replay.c).  Run from the build directory, where
# the targets are; OU_SRCDIR names the source tree, where the corpora are.
# Speaks TAP: one test per target.
set -euo pipefail

srcdir=${OU_SRCDIR:?OU_SRCDIR must name the source directory}
targets=(runbook inventory answers ini diff keystonerc clouds)
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# After a failure, replay the inputs one at a time to name the culprits.
name_failing_inputs() {
	local target=$1 corpus=$2 input
	for input in "$corpus"/*; do
		[ -f "$input" ] || continue
		if ! "$target" "$input" >/dev/null 2>&1; then
			echo "# fails: $input"
		fi
	done
}

echo "1..${#targets[@]}"
n=0
for name in "${targets[@]}"; do
	n=$((n + 1))
	target=./fuzz/fuzz_$name
	corpus=$srcdir/fuzz/corpus/$name
	if "$target" "$corpus" >"$tmp/$name.out" 2>&1; then
		echo "ok $n - fuzz_$name replays fuzz/corpus/$name"
	else
		failures=$((failures + 1))
		echo "not ok $n - fuzz_$name replays fuzz/corpus/$name"
		sed 's/^/# /' "$tmp/$name.out" | head -n 20
		name_failing_inputs "$target" "$corpus"
	fi
done
[ "$failures" -eq 0 ]
