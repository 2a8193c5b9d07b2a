# shellcheck shell=bash
# The hosts' sshd processes: start in their namespaces, stop by pid file.

# Real directories the hosts' trees are mounted over (created if missing,
# removed again by `down` when the lab created them and they are empty).
mountpoints() {
  local t
  for t in "${ETC_TREES[@]}"; do printf '/etc/%s\n' "$t"; done
  printf '/var/lib/oulab\n/var/lib/openstack-upgrade\n'
}

ensure_mountpoints() {
  local d
  while read -r d; do
    if [[ ! -d $d ]]; then
      mkdir -p "$d"
      printf '%s\n' "$d" >>"$STATE/mountpoints.created"
    fi
  done < <(mountpoints)
  [[ -d /run/sshd ]] || mkdir -m 0755 /run/sshd
}

remove_mountpoints() {
  local d
  [[ -f $STATE/mountpoints.created ]] || return 0
  while read -r d; do rmdir "$d" 2>/dev/null || true; done <"$STATE/mountpoints.created"
  rm -f "$STATE/mountpoints.created"
}

start_host() {
  local name=$1 h
  h=$(hostdir "$name")
  sshd_pid "$name" >/dev/null && return 0
  rm -f "$(pidfile "$name")"
  setsid unshare -m -u --propagation private -- \
    /bin/bash "$LAB_DIR/lib/hostns.sh" "$name" "$STATE" "$LAB_DIR" \
    </dev/null >>"$h/sshd.log" 2>&1 &
}

host_listening() {
  sshd_pid "$1" >/dev/null && tcp_open "$2" 22
}

# descendants PID: every process below PID.
descendants() {
  ps -e -o pid= -o ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[++n] = $1 }
    END {
      want[root] = 1
      do {
        changed = 0
        for (i = 1; i <= n; i++) { p = pids[i]; if (!(p in want) && (parent[p] in want)) { want[p] = 1; changed = 1 } }
      } while (changed)
      for (p in want) if (p != root) print p
    }'
}

stop_host() {
  local name=$1 pid p
  local -a kids
  fronts_stop_all "$(hostdir "$name")"
  if pid=$(sshd_pid "$name"); then
    mapfile -t kids < <(descendants "$pid")
    kill -TERM "$pid" "${kids[@]}" 2>/dev/null || true
    if ! wait_until 5 eval "! pid_alive $pid"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    for p in "${kids[@]}"; do
      pid_alive "$p" && kill -KILL "$p" 2>/dev/null
    done
  fi
  rm -f "$(pidfile "$name")"
}
