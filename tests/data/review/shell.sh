#!/bin/sh
# A stand-in for $SHELL in tests/test_lineui_review.c: appends to
# $OU_TEST_LOG the directory it runs in, then each file there with its
# mode, and whether the files hold what the review was given.
set -eu

pwd >>"$OU_TEST_LOG"
for f in *; do
	printf '%s %s\n' "$f" "$(stat -c %a "$f")" >>"$OU_TEST_LOG"
done
if cmp -s nova.conf "${OU_TEST_MINE:-/dev/null}"; then
	echo mine-ok >>"$OU_TEST_LOG"
fi
if cmp -s nova.conf.rpmnew "${OU_TEST_NEW:-/dev/null}"; then
	echo new-ok >>"$OU_TEST_LOG"
fi
