#!/bin/sh
# A stand-in for $MERGE in tests/test_lineui_review.c:
#   merge.sh MODE MINE NEW OUTPUT
# MODE verbose: OUTPUT becomes MINE with verbose=False; broken-once:
# a line that is not INI is added to OUTPUT, or, when it is there,
# OUTPUT becomes MINE with verbose=False.  With OU_TEST_LOG set, it
# appends each file's name and mode there, and whether MINE and NEW are
# byte for byte $OU_TEST_MINE and $OU_TEST_NEW.
set -eu

mode=$1
mine=$2
new=$3
out=$4
garbage='this line is not ini'

if [ -n "${OU_TEST_LOG:-}" ]; then
	for f in "$mine" "$new" "$out"; do
		printf '%s %s\n' "$(basename "$f")" "$(stat -c %a "$f")" >>"$OU_TEST_LOG"
	done
	if cmp -s "$mine" "${OU_TEST_MINE:-/dev/null}"; then
		echo mine-ok >>"$OU_TEST_LOG"
	fi
	if cmp -s "$new" "${OU_TEST_NEW:-/dev/null}"; then
		echo new-ok >>"$OU_TEST_LOG"
	fi
fi

verbose_off() {
	sed 's/^verbose=True$/verbose=False/' "$mine" >"$out"
}

case $mode in
verbose) verbose_off ;;
broken-once)
	if grep -qx "$garbage" "$out"; then
		verbose_off
	else
		printf '%s\n' "$garbage" >>"$out"
	fi
	;;
*) exit 2 ;;
esac
