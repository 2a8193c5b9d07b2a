#!/usr/bin/env bash
# The diff module against GNU diff -u, same run, same pair: a ~4,000-line
# nova.conf (Icehouse-like, with a site's values) against its Juno-like
# .rpmnew, both written by bench/nova-pair.awk.  Runs each program N
# times (default 200), alternating them so both see the same machine, and
# prints the median time per run of each, the ratio, and the hunk counts.
# The goal: a ratio of 1.0 or less, and no more hunks than GNU diff.
#
#   bench/diff-vs-gnu.sh [PATH_TO_OU_DIFF]
#     default: $OU_DIFF, else tests/tools/ou-diff under the source tree
#   OU_BENCH_RUNS=N        runs per program (default 200)
#   OU_BENCH_ALGORITHM=A   best (default), myers or histogram
#   OU_BENCH_PAIR=DIR      diff DIR/nova.conf and DIR/nova.conf.rpmnew instead
#
# Build ou-diff without sanitizers for numbers worth quoting.
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
ou_diff=${1:-${OU_DIFF:-$srcdir/tests/tools/ou-diff}}
runs=${OU_BENCH_RUNS:-200}
algorithm=${OU_BENCH_ALGORITHM:-best}

if [ ! -x "$ou_diff" ]; then
	echo "bench: no $ou_diff; build it (make check builds tests/tools/ou-diff) or pass its path" >&2
	exit 1
fi
command -v diff >/dev/null || { echo "bench: no GNU diff" >&2; exit 1; }

dir=$(mktemp -d /tmp/ou-bench-diff-XXXXXX)
trap 'rm -rf "$dir"' EXIT
if [ -n "${OU_BENCH_PAIR:-}" ]; then
	cp "$OU_BENCH_PAIR/nova.conf" "$OU_BENCH_PAIR/nova.conf.rpmnew" "$dir"/
else
	awk -v out="$dir" -f "$srcdir/bench/nova-pair.awk"
fi
a=$dir/nova.conf
b=$dir/nova.conf.rpmnew

# Microseconds for one run of a command, output discarded; bash's own
# clock, so that no extra process is timed with it.
run_us() {
	local start end
	start=${EPOCHREALTIME/[.,]/}
	"$@" >/dev/null || [ $? -eq 1 ]
	end=${EPOCHREALTIME/[.,]/}
	echo $((end - start))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# One untimed run each, so neither pays for a cold cache.
diff -u "$a" "$b" >/dev/null || true
"$ou_diff" -a "$algorithm" "$a" "$b" >/dev/null || true

: >"$dir/gnu.times"
: >"$dir/ours.times"
for ((i = 0; i < runs; i++)); do
	run_us diff -u "$a" "$b" >>"$dir/gnu.times"
	run_us "$ou_diff" -a "$algorithm" "$a" "$b" >>"$dir/ours.times"
done

gnu_us=$(median <"$dir/gnu.times")
ours_us=$(median <"$dir/ours.times")
gnu_hunks=$(diff -u "$a" "$b" | grep -c '^@@' || true)
ours_hunks=$("$ou_diff" -a "$algorithm" "$a" "$b" | grep -c '^@@' || true)
TIMEFORMAT=%R
in_process=$( { time "$ou_diff" -a "$algorithm" -n 100 "$a" "$b" >/dev/null || true; } 2>&1)

echo "pair: $(wc -l <"$a") and $(wc -l <"$b") lines; $runs runs each, medians"
echo "GNU diff -u:       ${gnu_us} us per run, $gnu_hunks hunks"
echo "ou-diff ($algorithm): ${ours_us} us per run, $ours_hunks hunks"
awk -v o="$ours_us" -v g="$gnu_us" 'BEGIN { printf "ratio (ours / GNU): %.2f\n", o / g }'
echo "ou-diff in one process, 100 diffs: ${in_process} s"
