#!/bin/sh
# A stand-in for $EDITOR in tests/test_lineui_review.c:
#   editor.sh MODE FILE
# MODE verbose: set verbose=False; broken-once: add a line that is not
# INI, or, when it is there, take it out and set verbose=False; comment:
# add a comment line at the end.  With OU_TEST_LOG set, it appends the
# file's mode and its directory's mode and path there.
set -eu

mode=$1
file=$2
garbage='this line is not ini'

if [ -n "${OU_TEST_LOG:-}" ]; then
	dir=$(dirname "$file")
	printf '%s %s %s\n' "$(stat -c %a "$file")" "$(stat -c %a "$dir")" \
		"$dir" >>"$OU_TEST_LOG"
fi

set_verbose() {
	sed -i -e "/^$garbage\$/d" -e 's/^verbose=True$/verbose=False/' "$1"
}

case $mode in
verbose) set_verbose "$file" ;;
broken-once)
	if grep -qx "$garbage" "$file"; then
		set_verbose "$file"
	else
		printf '%s\n' "$garbage" >>"$file"
	fi
	;;
comment) printf '# edited in the test\n' >>"$file" ;;
*) exit 2 ;;
esac
