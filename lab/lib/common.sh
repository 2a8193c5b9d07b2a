# shellcheck shell=bash
# Paths and helpers shared by the lab's verbs. Needs LAB_DIR.

# shellcheck disable=SC2034 # globals used by the other lib files
STATE=${OU_LAB_STATE:-$LAB_DIR/state}
# Directories each host gets its own copy of (bind-mounted over the real ones).
# shellcheck disable=SC2034
ETC_TREES=(nova neutron keystone glance cinder openstack-dashboard swift yum.repos.d ssh)
# shellcheck disable=SC2034
MAX_COMPUTES=40
# shellcheck disable=SC2034
DEFAULT_COMPUTES=3

say() { printf 'lab: %s\n' "$*"; }
warn() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

now() { date +%s.%N; }

# elapsed SINCE: seconds since SINCE (date +%s.%N), one decimal.
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

hostdir() { printf '%s/hosts/%s\n' "$STATE" "$1"; }
pidfile() { printf '%s/run/%s.pid\n' "$STATE" "$1"; }

# plan_hosts N: the lab's hosts, "name<TAB>address<TAB>roles" lines.
plan_hosts() {
  local n=$1 i
  printf 'controller\t127.0.0.11\tkeystone,glance,cinder,neutron-server,nova-controller,nova-api,horizon,swift-proxy,swift-storage,mysql,amqp\n'
  printf 'network\t127.0.0.12\tneutron-agent\n'
  for ((i = 1; i <= n; i++)); do
    printf 'compute%d\t127.0.0.%d\tnova-compute,neutron-agent\n' "$i" $((20 + i))
  done
}

# hosts_rows: the current lab's hosts (from <state>/hosts.tsv).
hosts_rows() {
  [[ -f $STATE/hosts.tsv ]] || return 0
  cat "$STATE/hosts.tsv"
}

host_names() { hosts_rows | cut -f1; }

# host_field NAME COLUMN(2=address,3=roles)
host_field() {
  hosts_rows | awk -F'\t' -v h="$1" -v c="$2" '$1 == h { print $c; found = 1 } END { exit !found }'
}

# pid_alive PID: a live, non-zombie process.
pid_alive() {
  local pid=$1 st
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/stat ]] || return 1
  st=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z && $st != X ]]
}

# sshd_pid NAME: the pid of that host's sshd if it is ours and alive.
sshd_pid() {
  local f pid exe
  f=$(pidfile "$1")
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  pid_alive "$pid" || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  # (seen from a chroot, a process of another mount namespace shows its full path)
  [[ $exe == /usr/sbin/sshd || $exe == */usr/sbin/sshd ]] || return 1
  printf '%s\n' "$pid"
}

# with_timeout SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_until() {
  local limit=$1 t0
  shift
  t0=$(date +%s)
  until "$@"; do
    (($(date +%s) - t0 >= limit)) && return 1
    sleep 0.1
  done
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

randhex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# root_kept_paths: the lab's own directories (its code, its state) when they
# lie under /root: each host binds its own tree over /root, then binds these
# back at their paths, on directories its tree keeps for them.
root_kept_paths() {
  local p
  for p in "$LAB_DIR" "$STATE"; do
    [[ $p == /root/* ]] || continue
    [[ $p == "$STATE" && $STATE == "$LAB_DIR"/* ]] && continue
    printf '%s\n' "$p"
  done
}
