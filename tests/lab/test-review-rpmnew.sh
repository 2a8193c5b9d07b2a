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
# Runbook: tests/lab/data/review-runbook.yaml.  Exit 0 pass, 1 fail, 77 skip.
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

declare -A BEFORE=()
PASSWORD=""
engine_setup 1500
record_before
SINCE=$(date +%s.%N)
run_review
if ((RC == 0)); then pass "run --line reviewed and applied"; else fail "exit $RC"; tail -40 "$LOG"; fi
if out=$("${AUDIT[@]}" "$JOURNAL" "$OU_LAB_STATE/log/ssh-commands.log" "$SINCE" 2>&1); then
  pass "every command in the ssh log was confirmed first (${out##*audit: })"
else
  fail "audit of the ssh log against the journal:"
  printf '%s\n' "$out" | head -20
fi
expect "nova.conf was reviewed once, for the group of three computes" one_group
check_merged
check_backups
check_secrets
check_restore
lab_finish
