# shellcheck shell=bash
# The real processes behind stand-in units (lab/files/plane.tsv): processes
# of the Nova plane (lab/nova/novalab) and fronts (lib/front.py) listening on
# a lab host's own address. Sourced by lab/lab (machine namespace) and by the
# stand-ins (inside a host's namespaces). Needs STATE and LAB_DIR.
#
# A host's hooks: <state>/hosts/NAME/svc-hooks, "UNIT<TAB>KIND<TAB>SPEC"
# lines written by `lab/lab up` (none with --no-nova). Fronts keep their pid
# and output in <state>/hosts/NAME/run/. The plane's processes are started in
# the mount namespace of the lab's anchor process (the machine's own view of
# /etc, /usr/bin, /run), never in a host's: Zed services must not read a lab
# host's Icehouse /etc/nova or /etc/keystone.

NOVALAB=$LAB_DIR/nova/novalab
PLANE_START_LIMIT=90 # s for one unit's processes to serve after a start
FRONT_LIMIT=5        # s for a front to listen

# proc_start_time PID: field 22 of /proc/PID/stat (fails if PID is gone or a zombie).
proc_start_time() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  local -a f
  read -r -a f <<<"$s"
  [[ ${f[0]} != Z && ${f[0]} != X ]] || return 1
  printf '%s\n' "${f[19]}"
}

# stamped_pid PIDFILE: the pid in PIDFILE if that very process still runs
# (PIDFILE.stamp holds its start time, so a reused pid never counts).
stamped_pid() {
  local pid stamp now
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stamp=$(cat "$1.stamp" 2>/dev/null) || return 1
  now=$(proc_start_time "$pid") || return 1
  [[ $now == "$stamp" ]] || return 1
  printf '%s\n' "$pid"
}

# stamp_pid PIDFILE PID: record PID and its start time.
stamp_pid() {
  local t
  t=$(proc_start_time "$2") || t=0
  printf '%s\n' "$2" >"$1"
  printf '%s\n' "$t" >"$1.stamp"
}

# ---- the anchor: a process in the namespaces `lab/lab up` ran in ------------

anchor_pidfile() { printf '%s/run/anchor.pid\n' "$STATE"; }
anchor_pid() { stamped_pid "$(anchor_pidfile)"; }

anchor_start() {
  anchor_pid >/dev/null && return 0
  mkdir -p "$STATE/run"
  setsid sleep infinity </dev/null >/dev/null 2>&1 9>&- &
  stamp_pid "$(anchor_pidfile)" "$!"
}

anchor_stop() {
  local pid
  if pid=$(anchor_pid); then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -f "$(anchor_pidfile)" "$(anchor_pidfile).stamp"
}

# in_machine_ns CMD...: run CMD in the anchor's mount and UTS namespaces.
in_machine_ns() {
  local a
  a=$(anchor_pid) || { echo "lab: the lab's anchor process is gone (run lab/lab up)" >&2; return 1; }
  if [[ $(readlink /proc/self/ns/mnt) == "$(readlink "/proc/$a/ns/mnt")" ]]; then
    "$@"
  else
    nsenter -t "$a" -m -u -- "$@"
  fi
}

# novalab ARGS...: lab/nova/novalab on this lab's state, in the machine's
# namespaces; its messages go to <state>/log/plane.log.
novalab() {
  in_machine_ns env OU_LAB_STATE="$STATE" NOVALAB_TIMESTAMPS=1 "$NOVALAB" "$@" 2>>"$STATE/log/plane.log"
}

# novalab_t SECONDS ARGS...: novalab, killed after SECONDS (what it started runs on).
novalab_t() {
  local limit=$1
  shift
  in_machine_ns timeout "$limit" env OU_LAB_STATE="$STATE" NOVALAB_TIMESTAMPS=1 "$NOVALAB" "$@" 2>>"$STATE/log/plane.log"
}

# plane_pids NAME...: "NAME PID|-" lines (reads pid files: no namespace switch).
plane_pids() { OU_LAB_STATE=$STATE "$NOVALAB" pid "$@" 2>/dev/null || true; }

nova_mode() { [[ $(cat "$STATE/nova.mode" 2>/dev/null) == on ]]; }

# ---- hooks -------------------------------------------------------------------

# unit_hooks HOSTDIR UNIT: "KIND<TAB>SPEC" lines of UNIT on that host.
unit_hooks() {
  [[ -f $1/svc-hooks ]] || return 0
  awk -F'\t' -v u="$2" '$1 == u { print $2 "\t" $3 }' "$1/svc-hooks"
}

# write_hooks HOSTDIR NAME ADDR ROLES: the host's svc-hooks from plane.tsv.
write_hooks() {
  local h=$1 name=$2 addr=$3 roles=$4 unit want kind rest
  local tmp=$h/svc-hooks.tmp
  : >"$tmp"
  while IFS=$'\t' read -r unit want kind rest; do
    roles_match "$want" "$roles" || continue
    rest=${rest//\{host\}/$name}
    if [[ $kind == front ]]; then rest="$addr $rest"; fi
    printf '%s\t%s\t%s\n' "$unit" "$kind" "$rest" >>"$tmp"
  done < <(cat_rows plane.tsv)
  mv "$tmp" "$h/svc-hooks"
}

# ---- fronts --------------------------------------------------------------------

front_pidfile() { printf '%s/run/%s.front.pid\n' "$1" "$2"; }

# front_pid HOSTDIR UNIT
front_pid() { stamped_pid "$(front_pidfile "$1" "$2")"; }

# front_listening ADDR PORTS
front_listening() {
  local item
  for item in ${2//,/ }; do
    (exec 3<>"/dev/tcp/$1/${item%%=*}") 2>/dev/null || return 1
  done
}

# front_start HOSTDIR UNIT "ADDR PORTS MODE" [VERSION]: start (if not
# running) and wait until it listens.
front_start() {
  local h=$1 unit=$2 addr ports mode version=${4:-2.2.0} pid i
  read -r addr ports mode <<<"$3"
  front_pid "$h" "$unit" >/dev/null && return 0
  mkdir -p "$h/run"
  setsid /usr/bin/python3 "$LAB_DIR/lib/front.py" --address "$addr" --ports "$ports" \
    --mode "$mode" --version "$version" </dev/null >>"$h/run/$unit.front.out" 2>&1 9>&- &
  pid=$!
  stamp_pid "$(front_pidfile "$h" "$unit")" "$pid"
  for ((i = 0; i < FRONT_LIMIT * 10; i++)); do
    front_listening "$addr" "$ports" && return 0
    proc_start_time "$pid" >/dev/null || break
    sleep 0.1
  done
  echo "lab: front of $unit on $addr:$ports did not listen (see $h/run/$unit.front.out)" >&2
  return 1
}

front_stop() {
  local f pid i
  f=$(front_pidfile "$1" "$2")
  if pid=$(stamped_pid "$f"); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do proc_start_time "$pid" >/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f" "$f.stamp"
}

# fronts_stop_all HOSTDIR
fronts_stop_all() {
  local f u
  for f in "$1"/run/*.front.pid; do
    [[ -f $f ]] || continue
    u=${f##*/}
    front_stop "$1" "${u%.front.pid}"
  done
}

# ---- units backed by hooks -------------------------------------------------

# hooked_main_pid HOSTDIR UNIT: the pid systemctl shows for a hooked unit (its
# first plane process, else its front); fails if any of its processes is dead.
hooked_main_pid() {
  local h=$1 unit=$2 kind spec main="" name pid
  while IFS=$'\t' read -r kind spec; do
    case $kind in
      plane)
        # shellcheck disable=SC2086 # SPEC is a list of names
        while read -r name pid; do
          [[ $pid == - ]] && return 1
          [[ -n $main ]] || main=$pid
        done < <(plane_pids $spec)
        ;;
      front)
        pid=$(front_pid "$h" "$unit") || return 1
        [[ -n $main ]] || main=$pid
        ;;
    esac
  done < <(unit_hooks "$h" "$unit")
  [[ -n $main ]] || return 1
  printf '%s\n' "$main"
}

# plane_start NAME...: start the plane processes together, each waited for
# (bounded); prints the names still dead afterwards.
plane_start() {
  local name pid
  local -a jobs=()
  for name in "$@"; do
    novalab_t "$PLANE_START_LIMIT" start-service "$name" --wait >/dev/null &
    jobs+=("$!")
  done
  wait_each "${jobs[@]}"
  while read -r name pid; do
    [[ $pid == - ]] && printf '%s\n' "$name"
  done < <(plane_pids "$@")
  return 0
}

# plane_stop NAME...: stop them together.
plane_stop() {
  local name
  local -a jobs=()
  for name in "$@"; do
    novalab stop-service "$name" >/dev/null &
    jobs+=("$!")
  done
  wait_each "${jobs[@]}"
}

# wait_each PID...: until each of these has ended, whatever its status.
# Never a bare `wait`: the daemons this shell started (sshd, fronts) are
# its children too, and never end.
wait_each() {
  local pid
  for pid in "$@"; do wait "$pid" || true; done
}
