#!/usr/bin/env bash
# The .rpmnew review on the lab's three computes, each with the site's
# nova.conf (its own my_ip and VNC address, the cloud's passwords): yum
# leaves nova.conf.rpmnew beside it; `run --line` reviews the file once
# for the group of computes and applies the proposed merge.  Then each
# compute's nova.conf is Juno's with its own values carried over (the
# neutron_* options moved to [neutron]), the .rpmnew is gone, the backup
# holds the old file byte for byte, no password reached the output or the
# journal, every command was confirmed first, and `restore` puts the old
# file back byte for byte.
# Runbook: tests/lab/data/review-runbook.yaml.
#
# Then a kill -9 between the backup and the rename: the lab reset, the
# same runbook again with compute2's nova.conf apply held after its
# backups and before its rename, where the tool is killed with SIGKILL.  The hold is a FIFO made
# beforehand at the path of the apply script's temporary file
# (nova.conf.ou-new, beside the file): the script's copy of the staged
# result into it blocks, with both backups made and the rename not
# reached, until something reads it.  Then compute2's nova.conf is the
# old one whole (or the merged one, never a part), its backup and the
# .rpmnew's are byte-identical to them, the .rpmnew is still there; the
# held script is made to fail before any rename (the FIFO moved away,
# then drained), as a script whose session died would; the next run
# finds the step unknown on compute2, probes it (not taken effect),
# reviews and applies again and finishes; the audit of the ssh log and
# `status` pass.  The test touches compute2's files through
# the lab's host tree on this machine (lab/README.md: <state>/hosts/NAME
# is the host's /etc and, as ou/, its /var/lib/openstack-upgrade), never
# over ssh, so the lab's ssh log holds the tool's commands only.
# Exit 0 pass, 1 fail, 77 skip.
set -uo pipefail
# shellcheck source=tests/lab/engine-lab.bash
source "$(dirname "${BASH_SOURCE[0]}")/engine-lab.bash"

RUNBOOK=$REPO/tests/lab/data/review-runbook.yaml
COMPUTES=(compute1 compute2 compute3)
CONF=/etc/nova/nova.conf
BACKUPS=/var/lib/openstack-upgrade/backups

# conf_get HOST SECTION KEY: the value in the host's nova.conf (OUT).
conf_get() {
  must "$1" "crudini --get $CONF $2 $3"
}

sha_of() {
  must "$1" "sha256sum $CONF | cut -d' ' -f1"
  printf '%s\n' "$OUT"
}

record_before() {
  local host
  for host in "${COMPUTES[@]}"; do
    BEFORE[$host]=$(sha_of "$host")
  done
  conf_get compute1 DEFAULT neutron_admin_password
  PASSWORD=$OUT
}

run_review() {
  RUNS=$((RUNS + 1))
  LOG=$SCRATCH/run-$RUNS.log
  RC=0
  timeout 900 "${DRIVE[@]}" --log "$LOG" --timeout 800 -- \
    "$BIN" run --line -i "$SCRATCH/inventory.yaml" -r "$RUNBOOK" \
    --journal-dir "$JDIR" </dev/null >/dev/null 2>&1 || RC=$?
  printf 'run %d: exit %d (%s)\n' "$RUNS" "$RC" "$LOG"
}

# The question for nova.conf is asked once, for the three computes.
# Called through expect.
# shellcheck disable=SC2317
one_group() {
  [[ $(grep -c 'nova.conf, group [0-9]* of [0-9]*' "$LOG") == 1 ]] &&
    grep -q 'compute1, compute2, compute3 (3 hosts)' "$LOG"
}

check_merged() {
  local host n
  for host in "${COMPUTES[@]}"; do
    n=${host#compute}
    conf_get "$host" DEFAULT my_ip
    expect "$host keeps its own my_ip" test "$OUT" = "127.0.0.2$n"
    conf_get "$host" neutron url
    expect "$host: neutron_url moved to [neutron] url" test "$OUT" = http://127.0.0.11:9696
    conf_get "$host" neutron admin_password
    expect "$host: the neutron password moved with it" test "$OUT" = "$PASSWORD"
    on "$host" "test ! -e $CONF.rpmnew"
    expect "$host: the .rpmnew is gone" test "$RC" = 0
  done
}

# backup_dir HOST: the backup directory the apply made on HOST (OUT).
backup_dir() {
  must "$1" "ls -1 $BACKUPS | tail -n 1"
}

check_backups() {
  local host dir sum
  for host in "${COMPUTES[@]}"; do
    backup_dir "$host"
    dir=$OUT
    must "$host" "sha256sum $BACKUPS/$dir$CONF | cut -d' ' -f1"
    sum=$OUT
    expect "$host: the backup holds the old nova.conf byte for byte" \
      test "$sum" = "${BEFORE[$host]}"
    on "$host" "test -s $BACKUPS/$dir$CONF.rpmnew"
    expect "$host: the .rpmnew is backed up too" test "$RC" = 0
  done
}

# Called through expect.
# shellcheck disable=SC2317
password_not_in() {
  ! grep -qaF -- "$PASSWORD" "$@"
}

check_secrets() {
  expect "the password never reached the output" \
    password_not_in "$SCRATCH"/run-*.log
  expect "the password never reached the journal" password_not_in "$JDIR"/*
}

check_restore() {
  local dir out
  backup_dir compute2
  dir=$OUT
  out=$("$BIN" restore -i "$SCRATCH/inventory.yaml" -r "$RUNBOOK" \
    --journal-dir "$JDIR" --host compute2 2>&1) || true
  expect "restore lists compute2's backup" grep -qF "$dir" <<<"$out"
  out=$("$BIN" restore -i "$SCRATCH/inventory.yaml" -r "$RUNBOOK" \
    --journal-dir "$JDIR" --host compute2 --backup "$dir" --file "$CONF" \
    --yes 2>&1) || { fail "restore: $out"; return; }
  expect "restore puts compute2's old nova.conf back byte for byte" \
    test "$(sha_of compute2)" = "${BEFORE[compute2]}"
}

# ---- a kill -9 between the backup and the rename ---------------------------

HELD=compute2
HCONF=""
KILL_SINCE=""
DRIVER=""

# held_backups: compute2's apply has made the backups of nova.conf and
# its .rpmnew (the newest backup directory's, in OUT).
held_backups() {
  local b
  OUT=""
  for b in "$(hostdir "$HELD")"/ou/backups/*/etc/nova/nova.conf.rpmnew; do
    [[ -e $b ]] && OUT=${b%.rpmnew}
  done
  [[ -n $OUT ]]
}

# held_runs PATTERN: a process runs in compute2's mount namespace (its
# sshd's) whose arguments, joined by spaces, match the glob PATTERN.
held_runs() {
  local ns f pid
  local -a argv
  ns=$(readlink "/proc/$(<"$OU_LAB_STATE/run/$HELD.pid")/ns/mnt") || return 1
  for f in /proc/[0-9]*/cmdline; do
    mapfile -d '' -t argv 2>/dev/null <"$f" || continue
    # shellcheck disable=SC2053 # a glob on purpose
    [[ ${argv[*]} == $1 ]] || continue
    pid=${f#/proc/}
    [[ $(readlink "/proc/${pid%/cmdline}/ns/mnt" 2>/dev/null) == "$ns" ]] && return 0
  done
  return 1
}

# The apply script's cp of the staged result into the FIFO: it exists
# only while nothing reads the FIFO.  The script itself (bash -c with its
# text, which starts with its variables).
HELD_CP='cp -- /var/lib/openstack-upgrade/staged/*/etc/nova/nova.conf /etc/nova/nova.conf.ou-new'
HELD_SCRIPT="*bash -c set -e"$'\n'"umask 077"$'\n'"f=/etc/nova/nova.conf"$'\n'"*"

# wait_held LIMIT: until compute2's apply waits at the FIFO (1 if the run
# ended first or LIMIT s passed).  Polled: the run is minutes long.
wait_held() {
  local end=$((SECONDS + $1))
  while ((SECONDS < end)); do
    held_backups && held_runs "$HELD_CP" && return 0
    kill -0 "$DRIVER" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# script_ended LIMIT: until compute2's apply script is gone (polled).
# Called through expect.
# shellcheck disable=SC2317
script_ended() {
  local end=$((SECONDS + $1))
  while held_runs "$HELD_SCRIPT"; do
    ((SECONDS < end)) || return 1
    sleep 0.2
  done
}

# start_review_bg: run_review's run, in the background (DRIVER).
start_review_bg() {
  RUNS=$((RUNS + 1))
  LOG=$SCRATCH/run-$RUNS.log
  "${DRIVE[@]}" --log "$LOG" --timeout 800 --on-failed quit -- \
    "$BIN" run --line -i "$SCRATCH/inventory.yaml" -r "$RUNBOOK" \
    --journal-dir "$JDIR" </dev/null >/dev/null 2>&1 &
  DRIVER=$!
  printf 'run %d: in the background (%s)\n' "$RUNS" "$LOG"
}

# kill_tool: SIGKILL to the tool, the driver's one child; RC is then the
# driver's status (247: its child died of signal 9).
kill_tool() {
  local pid=""
  [[ -n $DRIVER ]] || return 0
  read -r pid < <(ps -o pid= --ppid "$DRIVER") || true
  [[ -n $pid ]] && kill -KILL "$pid"
  RC=0
  wait "$DRIVER" || RC=$?
  DRIVER=""
}

# release_hold: the FIFO moved away first, so that the held script, once
# its cp has a reader, fails at its next step (chown of a file no longer
# there, under set -e) and never renames anything over nova.conf; the
# cat ends when the cp closes its end (10 s at most if nothing writes).
release_hold() {
  [[ -n $HCONF && -p $HCONF.ou-new ]] || return 0
  mv -f "$HCONF.ou-new" "$HCONF.ou-held"
  timeout 10 cat "$HCONF.ou-held" >/dev/null 2>&1 || true
  rm -f "$HCONF.ou-held"
}

# The lab is reset at the end; the FIFO and a tool still running must
# not outlive a test that stopped early.  Called through trap.
# shellcheck disable=SC2317
review_teardown() {
  local rc=$?
  kill_tool
  release_hold
  (exit "$rc")
  engine_teardown
}

# old_or_merged: compute2's nova.conf is one whole file, the old or the
# staged result (OUT says which).
old_or_merged() {
  local staged
  if cmp -s "$HCONF" "$SCRATCH/held-old.conf"; then
    OUT=old
    return 0
  fi
  for staged in "$(hostdir "$HELD")"/ou/staged/*/etc/nova/nova.conf; do
    if [[ -e $staged ]] && cmp -s "$HCONF" "$staged"; then
      OUT=merged
      return 0
    fi
  done
  return 1
}

# Every backup of compute2's nova.conf (the killed run's, and the resumed
# run's when it made its own rather than redo the killed run's in the
# same directory) holds the old file byte for byte.  Called through
# expect.
# shellcheck disable=SC2317
held_backups_identical() {
  local b n=0
  for b in "$(hostdir "$HELD")"/ou/backups/*/etc/nova/nova.conf; do
    [[ -e $b ]] || continue
    n=$((n + 1))
    cmp -s "$b" "$SCRATCH/held-old.conf" || return 1
  done
  ((n >= 1))
}

# The lab fresh, a journal of its own, compute2's nova.conf as it is
# before the upgrade (no step before the review changes it) and the
# FIFO beside it.
kill_setup() {
  local out
  out=$(timeout 300 "$LAB" reset 2>&1) || { printf 'FAIL: lab reset\n%s\n' "$out"; exit 1; }
  JDIR=$SCRATCH/journal-kill
  JOURNAL=$JDIR/journal.sqlite
  KILL_SINCE=$(date +%s.%N)
  HCONF=$(hostdir "$HELD")/etc/nova/nova.conf
  cp -p "$HCONF" "$SCRATCH/held-old.conf"
  mkfifo -m 0600 "$HCONF.ou-new"
}

check_after_kill() {
  if old_or_merged; then
    pass "$HELD's nova.conf is a whole file after the kill: the $OUT one"
  else
    fail "$HELD's nova.conf is neither the old file nor the merged one"
  fi
  held_backups
  expect "$HELD's nova.conf was backed up before the rename, byte for byte" \
    cmp -s "$OUT" "$SCRATCH/held-old.conf"
  expect "$HELD's .rpmnew is still there, its backup byte-identical" \
    cmp -s "$HCONF.rpmnew" "$OUT.rpmnew"
}

check_resumed() {
  if ((RC == 0)); then pass "the resumed run finished the review"; else fail "resume: exit $RC"; tail -40 "$LOG"; fi
  expect "the resume found the step unknown on $HELD" grep -q 'the outcome is unknown on' "$LOG"
  expect "the resume probed $HELD" grep -q "^\[$HELD\] probe \\\$" "$LOG"
  expect "the probe said it had not taken effect, and $HELD applied again" \
    bash -c "grep -q 'the step did not take effect' '$LOG' &&
      grep -q '^\[$HELD\] review-apply: exit 0' '$LOG'"
  check_audit "$KILL_SINCE"
  check_status -r "$RUNBOOK"
  expect "$HELD's nova.conf keeps its own my_ip" \
    test "$(crudini --get "$HCONF" DEFAULT my_ip 2>/dev/null)" = 127.0.0.22
  expect "$HELD's nova.conf has the neutron options in [neutron]" \
    test "$(crudini --get "$HCONF" neutron url 2>/dev/null)" = http://127.0.0.11:9696
  expect "$HELD's .rpmnew is gone" test ! -e "$HCONF.rpmnew"
  expect "every backup of $HELD's nova.conf holds the old file" held_backups_identical
  expect "the password never reached the output after the kill" \
    password_not_in "$SCRATCH"/run-*.log
  expect "the password never reached the kill case's journal" \
    password_not_in "$JDIR"/*
}

kill_between_backup_and_rename() {
  kill_setup
  start_review_bg
  if ! wait_held 600; then
    fail "$HELD's apply never waited between its backups and its rename"
    tail -40 "$LOG"
    return
  fi
  kill_tool
  expect "the tool was killed with SIGKILL while $HELD's apply was held" test "$RC" = 247
  check_after_kill
  # sshd ends no command when its client goes: the script waits on.
  if held_runs "$HELD_SCRIPT"; then
    printf 'note: the held script still waits on %s after the kill\n' "$HELD"
  fi
  release_hold
  expect "the held script ended once released" script_ended 30
  expect "it renamed nothing: the old nova.conf and the .rpmnew are there" \
    bash -c "cmp -s '$HCONF' '$SCRATCH/held-old.conf' && test -e '$HCONF.rpmnew'"
  run_review
  check_resumed
}

declare -A BEFORE=()
PASSWORD=""
engine_setup 1100
trap review_teardown EXIT
record_before
SINCE=$(date +%s.%N)
run_review
if ((RC == 0)); then pass "run --line reviewed and applied"; else fail "exit $RC"; tail -40 "$LOG"; fi
check_audit "$SINCE"
expect "nova.conf was reviewed once, for the group of three computes" one_group
check_merged
check_backups
check_secrets
check_restore
kill_between_backup_and_rename
lab_finish
