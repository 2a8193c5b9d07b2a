# shellcheck shell=bash
# shellcheck disable=SC2153 # HOST, ROLES, STATE, LAB_DIR come from host.env
# Host side of the stand-ins: who/where we are, logs, the rpm database,
# service state and repositories of this lab host. Sourced by lab/standins/*
# after /var/lib/oulab/host.env (HOST ADDRESS ROLES STATE LAB_DIR).

VARLIB=/var/lib/oulab
TOOL=${TOOL:-${0##*/}}
# shellcheck source=catalog.sh source-path=SCRIPTDIR
source "$LAB_DIR/lib/catalog.sh"
# shellcheck source=ini.sh source-path=SCRIPTDIR
source "$LAB_DIR/lib/ini.sh"

epoch() { date +%s.%N; }

# slog OUTCOME ARGS...: one line per stand-in run in <state>/log/standins.log
slog() {
  local outcome=$1
  shift
  local args="$*"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)" "$(epoch)" "$HOST" "$TOOL" \
    "${args//$'\n'/ }" "${outcome//$'\n'/ }" >>"$STATE/log/standins.log"
}

# event NAME KEY=VALUE...: machine-readable history for `lab check`.
event() {
  local line
  line="$(epoch)	$HOST	$1"
  shift
  local kv
  for kv in "$@"; do line+="	$kv"; done
  printf '%s\n' "$line" >>"$STATE/log/events.log"
}

# host_lock: serialise rpm database / service state changes on this host.
host_lock() {
  exec 9>"$VARLIB/.lock"
  flock -w 120 9 || { echo "$TOOL: could not get the host lock" >&2; exit 1; }
}

# ---- rpm database: "name version release arch stream" --------------------

rpmdb_get() {
  awk -F'\t' -v n="$1" '$1 == n { print $2, $3, $4, $5; f = 1 } END { exit !f }' "$VARLIB/rpmdb"
}

rpmdb_set() { # NAME VERSION RELEASE ARCH STREAM
  local tmp
  tmp=$(mktemp "$VARLIB/.rpmdb.XXXXXX")
  awk -F'\t' -v n="$1" -v line="$1	$2	$3	$4	$5" '
    BEGIN { OFS = "\t" }
    $1 == n { print line; done = 1; next }
    { print }
    END { if (!done) print line }' "$VARLIB/rpmdb" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$VARLIB/rpmdb"
}

rpmfiles_digest() { # NAME PATH
  awk -F'\t' -v n="$1" -v p="$2" '$1 == n && $2 == p { print $3; f = 1 } END { exit !f }' "$VARLIB/rpmfiles"
}

rpmfiles_owner() { # PATH
  awk -F'\t' -v p="$1" '$2 == p { print $1; f = 1 } END { exit !f }' "$VARLIB/rpmfiles"
}

rpmfiles_set() { # NAME PATH DIGEST ("" = remove)
  local tmp
  tmp=$(mktemp "$VARLIB/.rpmfiles.XXXXXX")
  awk -F'\t' -v n="$1" -v p="$2" -v d="$3" '
    BEGIN { OFS = "\t" }
    $1 == n && $2 == p { if (d != "") print n, p, d; done = 1; next }
    { print }
    END { if (!done && d != "") print n, p, d }' "$VARLIB/rpmfiles" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$VARLIB/rpmfiles"
}

nevra() { # NAME VERSION RELEASE ARCH
  printf '%s-%s-%s.%s\n' "$1" "$2" "$3" "$4"
}

# pkg_stream NAME: icehouse|juno of an installed package (fails if absent).
pkg_stream() {
  local s
  read -r _ _ _ s < <(rpmdb_get "$1") || return 1
  printf '%s\n' "$s"
}

# ---- units: "unit state stream pid since enabled" ---------------------------
# state running|stopped|failed; stream: release of the code it runs ("-":
# not judged); enabled|disabled.

svc_rows() { cat "$VARLIB/services"; }

svc_get() { # UNIT -> "state stream pid since enabled"
  awk -F'\t' -v s="$1" '$1 == s { print $2, $3, $4, $5, $6; f = 1 } END { exit !f }' "$VARLIB/services"
}

svc_set() { # UNIT STATE STREAM PID [ENABLED]
  local tmp
  tmp=$(mktemp "$VARLIB/.services.XXXXXX")
  awk -F'\t' -v s="$1" -v st="$2" -v str="$3" -v pid="$4" -v en="${5-}" -v t="$(epoch)" '
    BEGIN { OFS = "\t" }
    $1 == s { print s, st, str, pid, t, (en != "" ? en : $6); done = 1; next }
    { print }
    END { if (!done) print s, st, str, pid, t, (en != "" ? en : "enabled") }' "$VARLIB/services" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$VARLIB/services"
}

svc_set_enabled() { # UNIT enabled|disabled
  local tmp
  tmp=$(mktemp "$VARLIB/.services.XXXXXX")
  awk -F'\t' -v s="$1" -v en="$2" 'BEGIN { OFS = "\t" } $1 == s { $6 = en } { print }' "$VARLIB/services" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$VARLIB/services"
}

# unit_info UNIT: "package<TAB>type<TAB>description" from the catalog.
unit_info() {
  cat_units "$ROLES" | awk -F'\t' -v s="$1" '$1 == s { print $2 "\t" $3 "\t" $4; f = 1 } END { exit !f }'
}

# svc_package UNIT: the package whose code the unit runs ("-": not judged).
svc_package() {
  unit_info "$1" | cut -f1
}

# ---- the DB schemas (shared by the whole cloud, on the mysql host) ----------

db_stream() { cat "$STATE/db/$1" 2>/dev/null || echo icehouse; }

# ---- repositories -----------------------------------------------------------

# repo_rows: "id<TAB>enabled<TAB>name<TAB>url" for each repo section.
repo_rows() {
  local f
  for f in /etc/yum.repos.d/*.repo; do
    [[ -f $f ]] || continue
    awk '
      function flush() { if (id != "") print id "\t" en "\t" name "\t" url }
      /^[ \t]*\[.*\][ \t]*$/ { flush(); id = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", id); en = 1; name = id; url = ""; next }
      /^[ \t]*[#;]/ { next }
      /^[ \t]*enabled[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); en = (v == "1" || v == "yes" || v == "true") }
      /^[ \t]*name[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); name = v }
      /^[ \t]*(baseurl|mirrorlist|metalink)[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); if (url == "") url = v }
      END { flush() }' "$f"
  done
}

# stream_repo STREAM: id of the enabled repository that carries STREAM.
stream_repo() {
  repo_rows | awk -F'\t' -v s="openstack-$1" '$2 == 1 && index($4, s) { print $1; f = 1; exit } END { exit !f }'
}

# note_juno_repo: record (once) when the Juno repository appears on this host.
note_juno_repo() {
  local how=${1:-repo-file} id
  [[ -f $VARLIB/juno-repo-seen ]] && return 0
  id=$(stream_repo juno) || return 0
  : >"$VARLIB/juno-repo-seen"
  event repo-juno "repo=$id" "how=$how"
}

# not_installed_tool PACKAGE: behave like a shell without that command.
require_package() {
  rpmdb_get "$1" >/dev/null && return 0
  echo "bash: $TOOL: command not found" >&2
  slog "exit 127: $1 not installed" "$@"
  exit 127
}
