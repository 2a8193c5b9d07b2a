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
  local state stream
  while IFS=$'\t' read -r name _ roles; do
    # the units as the host was built
    while IFS=$'\t' read -r svc state stream _; do
      [[ $state == running ]] && RUN["$name|$svc"]=1 || RUN["$name|$svc"]=0
      SSTREAM["$name|$svc"]=$stream
    done <"$(hostdir "$name")/.pristine/varlib/services"
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
        if [[ ${E[svc]-} == openstack-nova-compute && ${E[mode]-} == stop ]]; then
          case ${E[disabled]-no} in
            yes) ;;
            unknown)
              check_fail "$host: openstack-nova-compute stopped at $(clock "$ts") while Nova's API could not say whether $host was disabled"
              ;;
            *)
              check_fail "$host: openstack-nova-compute stopped at $(clock "$ts") while $host was still enabled (not disabled first)"
              ;;
          esac
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
      [[ $s == juno || $s == base ]] && continue
      read -r jv jr _ < <(stream_evr "$pkg" juno)
      check_fail "$name: $pkg is $v-$r, not the Juno $jv-$jr"
    done <"$h/varlib/rpmdb"
    if [[ -f $h/etc/nova/nova.conf ]] && cap=$(ini_get "$h/etc/nova/nova.conf" upgrade_levels compute); then
      check_fail "$name: /etc/nova/nova.conf still sets [upgrade_levels] compute = $cap"
    fi
    while IFS=$'\t' read -r svc state stream _ _ enabled; do
      [[ $enabled == disabled && $state == stopped ]] && continue
      if [[ $state != running ]]; then
        check_fail "$name: $svc is $state"
      elif [[ -n $(unit_hooks "$h" "$svc") ]] && ! hooked_main_pid "$h" "$svc" >/dev/null; then
        check_fail "$name: $svc is running in the unit table but its real process is dead"
      elif [[ $stream != juno && $stream != - ]]; then
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

# ---- Nova, through its real API ------------------------------------------------

nova_api() { OU_LAB_STATE=$STATE "$NOVALAB" api "$@" 2>>"$STATE/log/plane.log"; }

# epoch_of UTC: seconds since the epoch of Nova's "2026-11-25T19:57:03.000000".
epoch_of() { date -u -d "${1%%.*}" +%s; }

# check_nova_services: every Nova service up and enabled.
check_nova_services() {
  local json
  json=$(nova_api GET /os-services) || { check_fail "nova: the compute API did not answer (GET /os-services)"; return 1; }
  while IFS=$'\t' read -r binary host state status; do
    [[ $state == up ]] || check_fail "nova: $binary on $host is $state"
    [[ $status == enabled ]] || check_fail "nova: $binary on $host is $status"
  done < <(jq -r '.services[] | [.binary, .host, .state, .status] | @tsv' <<<"$json")
}

# check_nova_servers: every server of the baseline still there and ACTIVE.
check_nova_servers() {
  local json id name host status now
  [[ -f $STATE/nova-baseline.tsv ]] || { check_fail "nova: no baseline of servers (run lab/lab reset)"; return 0; }
  json=$(nova_api GET '/servers/detail?all_tenants=1') || { check_fail "nova: the compute API did not answer (GET /servers)"; return 1; }
  while IFS=$'\t' read -r id name host _; do
    [[ $id == '#'* ]] && continue
    now=$(jq -r --arg id "$id" '.servers[] | select(.id == $id) | [.status, (."OS-EXT-SRV-ATTR:host" // "-")] | @tsv' <<<"$json")
    if [[ -z $now ]]; then
      check_fail "nova: server $name ($id), on $host before the upgrade, is gone"
    elif [[ ${now%%$'\t'*} != ACTIVE ]]; then
      check_fail "nova: server $name ($id) is ${now%%$'\t'*} on ${now#*$'\t'}"
    fi
  done <"$STATE/nova-baseline.tsv"
}

# juno_compute_since HOST: when HOST's openstack-nova-compute became Juno
# (the yum transaction's time in events.log); fails if it never did.
juno_compute_since() {
  awk -F'\t' -v h="$1" '$2 == h && $3 == "pkg" && /\tname=openstack-nova-compute\t/ && /\tto=juno(\t|$)/ { print int($1); f = 1; exit } END { exit !f }' \
    "$STATE/log/events.log"
}

# check_nova_migrations: no instance moved to a compute whose nova-compute
# was not upgraded yet (os-migrations since the baseline, against yum's times).
check_nova_migrations() {
  local json since t src dst status uuid created name up
  since=$(sed -n '1s/^# //p' "$STATE/nova-baseline.tsv" 2>/dev/null)
  [[ -n $since ]] || return 0
  since=$(epoch_of "$since")
  json=$(nova_api GET /os-migrations) || { check_fail "nova: the compute API did not answer (GET /os-migrations)"; return 1; }
  while IFS=$'\t' read -r created src dst status uuid; do
    t=$(epoch_of "$created")
    ((t >= since)) || continue
    case $status in error | failed | cancelled) continue ;; esac
    grep -q "^$dst	" "$STATE/hosts.tsv" || continue
    name=$(awk -F'\t' -v id="$uuid" '$1 == id { print $2 }' "$STATE/nova-baseline.tsv")
    name=${name:-$uuid}
    if ! up=$(juno_compute_since "$dst"); then
      check_fail "nova: server $name moved from $src to $dst at $(clock "$t") ($status), but $dst's nova-compute was never upgraded"
    elif ((t + 1 <= up)); then
      check_fail "nova: server $name moved from $src to $dst at $(clock "$t") ($status), before $dst's nova-compute was upgraded at $(clock "$up")"
    fi
  done < <(jq -r '.migrations[] | [.created_at, (.source_compute // "-"), (.dest_compute // "-"), .status, .instance_uuid] | @tsv' <<<"$json")
}

cmd_check() {
  [[ -s $STATE/hosts.tsv && -f $STATE/log/events.log ]] || die "check: no lab in $STATE (run lab/lab up)"
  CHECK_FAILS=()
  check_replay
  check_final
  local what="every package Juno, no cap left, every service running, order respected"
  if nova_mode; then
    check_nova_services
    check_nova_servers
    check_nova_migrations
    what+="; in Nova every service up and enabled, every server ACTIVE, no migration to an un-upgraded compute"
  fi
  if ((${#CHECK_FAILS[@]})); then
    printf '%s\n' "${CHECK_FAILS[@]}"
    return 1
  fi
  say "check: OK: $what ($(wc -l <"$STATE/hosts.tsv") hosts)"
}
