# shellcheck shell=bash
# shellcheck disable=SC2153 # STATE comes from common.sh
# `lab check`: judge a finished Icehouse -> Juno upgrade of the lab.
# Replays <state>/log/events.log (written by the stand-ins) from the fresh
# Icehouse state for the order rules, then looks at the final state.

CHECK_FAILS=()
check_fail() { CHECK_FAILS+=("$*"); }

clock() { date -d "@${1%%.*}" +%H:%M:%S; }

# suite_of_db SERVICE PACKAGE: does PACKAGE belong to SERVICE's code?
pkg_of_service() {
  [[ $2 == openstack-$1* || $2 == "python-$1" ]]
}

check_replay() {
  local name roles svc pkg
  declare -gA RUN=() SSTREAM=() PSTREAM=() JREPO=()
  while IFS=$'\t' read -r name _ roles; do
    while IFS=$'\t' read -r svc pkg; do
      RUN["$name|$svc"]=1
      SSTREAM["$name|$svc"]=icehouse
    done < <(cat_services "$roles")
    while read -r pkg; do PSTREAM["$name|$pkg"]=icehouse; done < <(cat_packages "$roles")
    JREPO[$name]=0
  done < <(hosts_rows)

  local -a f
  local ts host ev kv k list
  local -A E
  while IFS=$'\t' read -r -a f; do
    ((${#f[@]} >= 3)) || continue
    ts=${f[0]} host=${f[1]} ev=${f[2]}
    E=()
    for kv in "${f[@]:3}"; do E[${kv%%=*}]=${kv#*=}; done
    case $ev in
      repo-juno) JREPO[$host]=1 ;;
      pkg)
        if [[ ${E[to]-} == juno && ${E[name]-} != rdo-release && ${JREPO[$host]-0} != 1 ]]; then
          check_fail "$host: ${E[name]} upgraded to Juno at $(clock "$ts") before the Juno repository was installed on $host"
        fi
        PSTREAM["$host|${E[name]-}"]=${E[to]-}
        ;;
      svc-stop)
        RUN["$host|${E[svc]-}"]=0
        if [[ ${E[svc]-} == openstack-nova-compute && ${E[mode]-} == stop && ${E[disabled]-} != yes ]]; then
          check_fail "$host: openstack-nova-compute stopped at $(clock "$ts") while $host was still enabled (not disabled first)"
        fi
        ;;
      svc-start)
        svc=${E[svc]-}
        RUN["$host|$svc"]=1
        SSTREAM["$host|$svc"]=${E[stream]-}
        if [[ $svc == openstack-nova-* && $svc != openstack-nova-compute && ${E[stream]-} == juno && ${E[cap]-} == - ]]; then
          list=""
          for k in "${!RUN[@]}"; do
            [[ $k == *"|openstack-nova-compute" && ${RUN[$k]} == 1 && ${SSTREAM[$k]} == icehouse ]] && list+=" ${k%%|*}"
          done
          if [[ -n $list ]]; then
            check_fail "$host: Juno $svc started at $(clock "$ts") without [upgrade_levels] compute while Icehouse nova-compute ran on:$list"
          fi
        fi
        ;;
      db-sync)
        [[ ${E[result]-} == ok ]] || continue
        svc=${E[svc]-}
        for k in "${!PSTREAM[@]}"; do
          [[ ${k%%|*} == "$host" ]] || continue
          if pkg_of_service "$svc" "${k#*|}" && [[ ${PSTREAM[$k]} != juno ]]; then
            check_fail "$host: $svc schema synced at $(clock "$ts") before ${k#*|} was upgraded"
          fi
        done
        for k in "${!RUN[@]}"; do
          [[ ${k%%|*} == "$host" && ${RUN[$k]} == 1 ]] || continue
          if [[ ${k#*|} =~ $(suite_regex "$svc") ]]; then
            check_fail "$host: $svc schema synced at $(clock "$ts") while ${k#*|} was running"
          fi
        done
        ;;
    esac
  done <"$STATE/log/events.log"
}

check_final() {
  local name roles h pkg v r s jv jr cap svc state stream db why
  while IFS=$'\t' read -r name _ roles; do
    h=$(hostdir "$name")
    while IFS=$'\t' read -r pkg v r _ s; do
      [[ $s == juno ]] && continue
      read -r jv jr _ < <(stream_evr "$pkg" juno)
      check_fail "$name: $pkg is $v-$r, not the Juno $jv-$jr"
    done <"$h/varlib/rpmdb"
    if [[ -f $h/etc/nova/nova.conf ]] && cap=$(ini_get "$h/etc/nova/nova.conf" upgrade_levels compute); then
      check_fail "$name: /etc/nova/nova.conf still sets [upgrade_levels] compute = $cap"
    fi
    while IFS=$'\t' read -r svc state stream _; do
      if [[ $state != running ]]; then
        check_fail "$name: $svc is $state"
      elif [[ $stream != juno ]]; then
        why=""
        pkg=$(cat_services "$roles" | awk -F'\t' -v s="$svc" '$1 == s { print $2 }')
        if awk -F'\t' -v p="$pkg" '$1 == p && $5 == "juno" { f = 1 } END { exit !f }' "$h/varlib/rpmdb"; then
          why=" (not restarted since its packages were upgraded)"
        fi
        check_fail "$name: $svc still runs the Icehouse code$why"
      fi
    done <"$h/varlib/services"
  done < <(hosts_rows)
  for db in "${DB_SERVICES[@]}"; do
    [[ $(cat "$STATE/db/$db" 2>/dev/null) == juno ]] || check_fail "database: the $db schema was not upgraded to Juno"
  done
}

cmd_check() {
  [[ -s $STATE/hosts.tsv && -f $STATE/log/events.log ]] || die "check: no lab in $STATE (run lab/lab up)"
  CHECK_FAILS=()
  check_replay
  check_final
  if ((${#CHECK_FAILS[@]})); then
    printf '%s\n' "${CHECK_FAILS[@]}"
    return 1
  fi
  say "check: OK: every package Juno, no cap left, every service running, order respected ($(wc -l <"$STATE/hosts.tsv") hosts)"
}
