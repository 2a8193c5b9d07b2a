# shellcheck shell=bash
# The lab's side of its Nova plane (lab/nova/novalab): bring-up, reset, the
# hosts' hooks and fronts, and the baseline of servers `check` compares with.
# Needs common.sh, catalog.sh, plane.sh.

NOVA_UP_LIMIT=${OU_LAB_NOVA_UP_TIMEOUT:-1200} # s: a bring-up from bare packages
NOVA_RESET_LIMIT=300                          # s: restarts, re-enables, re-boots

# plane_env: <state>/plane.env, read by the hosts' namespaces (hostns.sh).
write_plane_env() {
  local sock
  sock=$(OU_LAB_STATE=$STATE "$NOVALAB" info | sed -n 's/^mysql_socket=//p')
  mkdir -p "${sock%/*}"
  printf 'MYSQL_SOCKET_DIR=%s\n' "${sock%/*}" >"$STATE/plane.env"
}

# write_all_hooks on|off: every host's svc-hooks (or none).
write_all_hooks() {
  local name addr roles
  while IFS=$'\t' read -r name addr roles; do
    if [[ $1 == on ]]; then
      write_hooks "$(hostdir "$name")" "$name" "$addr" "$roles"
    else
      rm -f "$(hostdir "$name")/svc-hooks"
    fi
  done < <(hosts_rows)
}

# nova_up N: novalab up (installs, configures, starts, boots the servers).
nova_up() {
  local log=$STATE/log/novalab-up.log
  say "Nova plane: novalab up --computes $1 (log: $log)"
  if ! timeout "$NOVA_UP_LIMIT" env OU_LAB_STATE="$STATE" NOVALAB_TIMESTAMPS=1 "$NOVALAB" up --computes "$1" </dev/null >"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "the Nova plane did not come up (see $log)"
  fi
}

nova_reset() {
  local log=$STATE/log/novalab-reset.log
  printf -- '-- lab reset\n' >>"$log"
  if ! timeout "$NOVA_RESET_LIMIT" env OU_LAB_STATE="$STATE" NOVALAB_TIMESTAMPS=1 "$NOVALAB" reset </dev/null >>"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "the Nova plane could not be reset (see $log)"
  fi
}

# unit_state H UNIT: running|stopped|failed from the host's unit table.
unit_state() {
  awk -F'\t' -v u="$2" '$1 == u { print $2 }' "$1/varlib/services"
}

# sync_units: make the real processes agree with the hosts' unit tables: a
# front for every running unit that has one; the plane processes of a unit
# stopped through the stand-ins stopped again (novalab up starts them all).
sync_units() {
  local name h unit kind spec v
  local -a stop=() names
  while read -r name; do
    h=$(hostdir "$name")
    [[ -f $h/svc-hooks ]] || continue
    while IFS=$'\t' read -r unit kind spec; do
      if [[ $(unit_state "$h" "$unit") == running ]]; then
        [[ $kind == front ]] || continue
        v=2.2.0
        [[ $unit == openstack-swift-proxy ]] && v=$(awk -F'\t' '$1 == "openstack-swift-proxy" { print $2 }' "$h/varlib/rpmdb")
        front_start "$h" "$unit" "$spec" "$v" || die "front of $unit on $name did not start"
      elif [[ $kind == front ]]; then
        front_stop "$h" "$unit"
      else
        read -ra names <<<"$spec"
        stop+=("${names[@]}")
      fi
    done <"$h/svc-hooks"
  done < <(host_names)
  ((${#stop[@]} == 0)) || plane_stop "${stop[@]}"
}

# write_baseline: the servers as they are now (what `check` expects to find
# ACTIVE after an upgrade), and the time (migrations before it are history).
write_baseline() {
  local json
  json=$(OU_LAB_STATE=$STATE "$NOVALAB" api GET '/servers/detail?all_tenants=1' 2>>"$STATE/log/plane.log") ||
    die "could not list the servers (is the Nova plane up?)"
  {
    printf '# %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S)"
    jq -r '.servers[] | [.id, .name, (."OS-EXT-SRV-ATTR:host" // "-"), .status] | @tsv' <<<"$json" | sort -k2
  } >"$STATE/nova-baseline.tsv"
}

# nova_env: novalab's credentials as NAME=value lines.
nova_env() {
  local line
  while read -r line; do
    line=${line#export }
    [[ $line == *=* ]] || continue
    printf '%s=%q\n' "${line%%=*}" "${line#*=}"
  done < <(OU_LAB_STATE=$STATE "$NOVALAB" env 2>/dev/null)
}
