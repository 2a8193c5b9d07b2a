#!/bin/bash
# Every command, probe and check the built-in runbook puts in the lab's plan
# runs on its host: none answers "command not found" (127) or a usage error.
# The plan (openstack-upgrade plan --format json) is played in its order,
# as the engine would: a probe that passes skips its step; before/after
# checks and check steps must pass; a run must exit with an ok-exit status.
# The built-in actions are done the way the engine does them, by hand: INI
# edits with openstack-config over ssh, Nova disable/enable/wait with curl,
# .rpmnew reviews (keep the site's file; for "prefer new", Juno's file with
# the carried settings). At the end `lab check` must pass. Then lab reset.
set -euo pipefail
# shellcheck source=labtest.bash source-path=SCRIPTDIR
source "$(dirname "$0")/labtest.bash"
lab_setup 1500 nova

BUILD=${OU_LAB_BUILD:-$REPO/build/labtest}
if [[ ! -x $BUILD/openstack-upgrade ]]; then
  printf 'building %s (scripts/build)\n' "$BUILD"
  timeout 900 "$REPO/scripts/build" "$BUILD" >/dev/null 2>&1 || { printf 'FAIL: scripts/build %s\n' "$BUILD"; exit 1; }
fi
PLAN=$OU_LAB_STATE/log/runbook-plan.json
LOG=$OU_LAB_STATE/log/runbook-commands.log
"$BUILD/openstack-upgrade" plan --format json --inventory "$OU_LAB_INVENTORY" >"$PLAN" ||
  { printf 'FAIL: openstack-upgrade plan\n'; exit 1; }
: >"$LOG"

# Output that means the command itself is wrong here, whatever its status.
BAD='command not found|[Uu]sage:|unrecognized option|invalid option|unknown option|Too few arguments|Unknown operation|No such command|[Ee]rror: no such option|not supported in this lab|unsupported command'

declare -A SEEN=() BROKEN=()

# remote HOST KIND COMMAND: run one plan command on HOST; sets OUT RC, records
# it, and flags "command not found" or a usage error.
remote() {
  local host=$1 kind=$2 cmd=$3
  on "$host" "$cmd"
  printf '== %s [%s] rc=%s: %s\n%s\n' "$host" "$kind" "$RC" "$cmd" "$OUT" >>"$LOG"
  local key="$host	$cmd"
  case $kind in
    run | check | probe | before | after) SEEN[$key]=1 ;;
  esac
  if ((RC == 127 || RC == 126)) || grep -qE "$BAD" <<<"$OUT"; then
    BROKEN[$key]="$kind rc=$RC: $(grep -E "$BAD" <<<"$OUT" | head -n1)"
  fi
}

# expect_rc WHAT OKS...: the last remote's status is one of OKS.
expect_rc() {
  local what=$1 ok
  shift
  for ok in "$@"; do ((RC == ok)) && return 0; done
  fail "$what: exit $RC (want $*): $(tail -n 3 <<<"$OUT" | tr '\n' ' ')"
  return 1
}

# ---- the built-in actions, as the engine performs them ----------------------

# ini_set HOST TEXT VALUE: "set [S] O = V in F" (V may be "<value of [S2] O2
# in F2 on this host>"; "(only if it is not set yet)").
ini_set() {
  local host=$1 text=$2 value=$3 re sec opt file cmd
  re='^set \[([^]]+)\] ([^ ]+) = (.*) in ([^ ]+)( \(only if it is not set yet\))?$'
  [[ $text =~ $re ]] || { fail "ini-set: cannot read '$text'"; return; }
  sec=${BASH_REMATCH[1]} opt=${BASH_REMATCH[2]} file=${BASH_REMATCH[4]}
  local only=${BASH_REMATCH[5]} from=${BASH_REMATCH[3]}
  if [[ $from =~ ^\<value\ of\ \[([^]]+)\]\ ([^ ]+)\ in\ ([^ ]+)\ on\ this\ host\>$ ]]; then
    cmd="v=\$(openstack-config --get ${BASH_REMATCH[3]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}) && openstack-config --set $file $sec $opt \"\$v\""
  else
    cmd="openstack-config --set $file $sec $opt $(printf '%q' "$value")"
  fi
  [[ -n $only ]] && cmd="openstack-config --get $file $sec $opt >/dev/null 2>&1 || { $cmd; }"
  remote "$host" ini-set "$cmd"
  expect_rc "$host: $text" 0 || true
}

# ini_comment HOST TEXT: "comment out [S] O in F".
ini_comment() {
  local host=$1 text=$2 re
  re='^comment out \[([^]]+)\] ([^ ]+) in ([^ ]+)$'
  [[ $text =~ $re ]] || { fail "ini-comment: cannot read '$text'"; return; }
  # shellcheck disable=SC2016 # awk program for the remote host
  remote "$host" ini-comment "awk -v s='${BASH_REMATCH[1]}' -v o='${BASH_REMATCH[2]}' '
    /^[ \t]*\[.*\][ \t]*\$/ { cur = \$0; gsub(/^[ \t]*\[|\][ \t]*\$/, \"\", cur) }
    cur == s && \$0 ~ \"^[ \t]*\" o \"[ \t]*=\" { \$0 = \"#\" \$0 }
    { print }' ${BASH_REMATCH[3]} > ${BASH_REMATCH[3]}.tmp && cat ${BASH_REMATCH[3]}.tmp > ${BASH_REMATCH[3]} && rm ${BASH_REMATCH[3]}.tmp"
  expect_rc "$host: $text" 0 || true
}

# The review, run on the host: REVIEW_SCRIPT PREFER "KEYS..." GLOB...
# shellcheck disable=SC2016 # runs on the lab host
REVIEW_SCRIPT='
prefer=$1 keys=$2
shift 2
for p in $(rpm -qa "$@"); do rpm -qc "$p"; done | sort -u | while read -r f; do
  [ -e "$f.rpmnew" ] || continue
  if [ "$prefer" = new ]; then
    cp -p "$f" "$f.rpmold"
    for k in $keys; do
      # the site value: a one-line setting (brackets balanced on the line)
      line=$(awk -v k="$k" '\''$0 ~ "^" k " *=" { o = gsub(/[[{(]/, "&"); c = gsub(/[]})]/, "&"); if (o == c) l = $0 } END { print l }'\'' "$f.rpmold")
      [ -n "$line" ] || continue
      # drop Juno'\''s setting (with its continuation lines), append the site'\''s
      awk -v k="$k" '\''skip > 0 { skip += gsub(/[[{(]/, "&") - gsub(/[]})]/, "&"); next }
        $0 ~ "^" k " *=" { skip = gsub(/[[{(]/, "&") - gsub(/[]})]/, "&"); next } { print }'\'' "$f.rpmnew" >"$f.tmp"
      printf "%s\n" "$line" >>"$f.tmp"
      cat "$f.tmp" >"$f.rpmnew"
      rm -f "$f.tmp"
    done
    cat "$f.rpmnew" >"$f"
  fi
  rm -f "$f.rpmnew"
  echo "reviewed $f ($prefer)"
done
'

# review HOST TEXT: the .rpmnew files of the packages: keep the site's file
# (merge/mine), or take Juno's and carry the site's one-line settings (new).
review() {
  local host=$1 text=$2 globs prefer carry=""
  globs=$(sed -n "s/^review \*\.rpmnew files of packages \(.*\) (prefer \([a-z]*\).*/\1/p" <<<"$text")
  prefer=$(sed -n 's/.*(prefer \([a-z]*\).*/\1/p' <<<"$text")
  [[ $text == *"; keep "* ]] && carry=$(sed -n 's/.*; keep \(.*\))$/\1/p' <<<"$text" | tr -d ',')
  remote "$host" review "$(printf 'bash -c %q _ %q %q %s' "$REVIEW_SCRIPT" "$prefer" "$carry" "$globs")"
  expect_rc "$host: $text" 0 || true
}

# nova_after HOST TEXT: "nova: check that B on H is [up and ]enabled|disabled|up|down".
nova_after() {
  local host=$1 text=$2 re want got
  re='^nova: check that ([a-z-]+) on ([^ ]+) is (.*)$'
  [[ $text =~ $re ]] || { fail "cannot read '$text'"; return; }
  got=$(service_state "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}") || { fail "$text: API error"; return; }
  for want in ${BASH_REMATCH[3]//and/}; do
    [[ " $got " == *" $want "* ]] || { fail "$text: Nova says '$got'"; return; }
  done
}

# wait_service HOST TEXT: "nova: wait until B on H is STATE (at most N s)".
wait_service() {
  local host=$1 text=$2 re
  re='^nova: wait until ([a-z-]+) on ([^ ]+) is ([a-z]+) \(at most ([0-9]+) s\)$'
  [[ $text =~ $re ]] || { fail "cannot read '$text'"; return; }
  wait_state "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" ||
    fail "$text: not reached"
}

# checks HOST KIND JSON-ARRAY: before/after items.
checks() {
  local host=$1 kind=$2 item action
  while read -r item; do
    action=$(jq -r .action <<<"$item")
    case $action in
      check)
        remote "$host" "$kind" "$(jq -r .command <<<"$item")"
        expect_rc "$host: $kind check: $(jq -r .command <<<"$item")" 0 || true
        ;;
      nova-service) nova_after "$host" "$(jq -r .text <<<"$item")" ;;
      wait-service) wait_service "$host" "$(jq -r .text <<<"$item")" ;;
      *) fail "$host: unknown $kind item $action" ;;
    esac
  done < <(jq -c '.[]' <<<"$3")
}

# target STEP JSON: one target of a unit, as the engine runs it.
target() {
  local step=$1 t=$2 host action probe
  host=$(jq -r .host <<<"$t")
  action=$(jq -r .action <<<"$t")
  probe=$(jq -r '.probe // empty' <<<"$t")
  checks "$host" before "$(jq -c .before <<<"$t")"
  if [[ -n $probe ]]; then
    remote "$host" probe "$probe"
    if ((RC == 0)); then
      printf '%s on %s: probe says done\n' "$step" "$host" >>"$LOG"
      return 0
    fi
  fi
  case $action in
    run)
      remote "$host" run "$(jq -r .command <<<"$t")"
      mapfile -t oks < <(jq -r '.ok_exit[]' <<<"$t")
      expect_rc "$host: $step: $(jq -r .command <<<"$t")" "${oks[@]}" || true
      ;;
    check)
      remote "$host" check "$(jq -r .command <<<"$t")"
      expect_rc "$host: $step: $(jq -r .command <<<"$t")" 0 || true
      ;;
    ini-set) ini_set "$host" "$(jq -r .text <<<"$t")" "$(jq -r '.value // empty' <<<"$t")" ;;
    ini-comment) ini_comment "$host" "$(jq -r .text <<<"$t")" ;;
    review-rpmnew) review "$host" "$(jq -r .text <<<"$t")" ;;
    nova-service-disable) nova_disable "$(jq -r .nova_host <<<"$t")" "$(jq -r .reason <<<"$t")" || fail "$host: $step: disable" ;;
    nova-service-enable) nova_enable "$(jq -r .nova_host <<<"$t")" || fail "$host: $step: enable" ;;
    wait-service) wait_service "$host" "$(jq -r .text <<<"$t")" ;;
    migrate-instances) ;; # mode ask: the operator keeps them where they are
    *) fail "$host: $step: unknown action $action" ;;
  esac
  checks "$host" after "$(jq -c .after <<<"$t")"
}

t0=$SECONDS
units=$(jq '.units | length' "$PLAN")
for ((i = 0; i < units; i++)); do
  unit=$(jq -c ".units[$i]" "$PLAN")
  [[ $(jq -r .skipped <<<"$unit") == true ]] && continue
  step=$(jq -r .step.id <<<"$unit")
  printf '# %s\n' "$step" >>"$LOG"
  while read -r t; do target "$step" "$t"; done < <(jq -c '.targets[]' <<<"$unit")
done
pass "played the $units units of the plan in $((SECONDS - t0)) s (log: $LOG)"

CRC=0
COUT=$(timeout 120 "$LAB" check 2>&1) || CRC=$?
if ((CRC == 0)); then pass "lab check passes after the plan: $COUT"; else fail "lab check after the plan:"$'\n'"$COUT"; fi

# every distinct command of the plan, per host; one a probe made unnecessary
# runs now (after the check: it may change the cloud), only to show it runs
# there
mapfile -t DISTINCT < <(jq -r '.units[] | .targets[] | .host as $h |
  ([.command, .probe] + [(.before[], .after[]) | select(.action == "check") | .command]) | .[] |
  select(. != null) | "\($h)\t\(.)"' "$PLAN" | sort -u)
late=0
for k in "${DISTINCT[@]}"; do
  [[ -n ${SEEN[$k]-} ]] && continue
  remote "${k%%	*}" late "${k#*	}"
  late=$((late + 1))
done
pass "${#DISTINCT[@]} distinct host commands (command, probe, check) ran; $late of them after the plan"

if ((${#BROKEN[@]})); then
  for k in "${!BROKEN[@]}"; do fail "not runnable on ${k%%	*}: ${k#*	} (${BROKEN[$k]})"; done
else
  pass "no command answered 'command not found' or a usage error"
fi

lab_finish
