# shellcheck shell=bash
# Catalog lookups over lab/files/*.tsv (packages, services, config files).
# Needs LAB_DIR. Used both by the lab script and by the stand-ins.

# roles_match SPEC ROLES: does a host with ROLES (comma list) match SPEC?
# SPEC: "*" or comma-separated alternatives, each ROLE or ROLE&!ROLE.
roles_match() {
  local spec=$1 roles=",$2," alt want neg
  [[ $spec == '*' ]] && return 0
  local -a alts
  IFS=',' read -ra alts <<<"$spec"
  for alt in "${alts[@]}"; do
    want=${alt%%&*}
    [[ $roles == *",$want,"* ]] || continue
    if [[ $alt == *'&!'* ]]; then
      neg=${alt#*&!}
      [[ $roles == *",$neg,"* ]] && continue
    fi
    return 0
  done
  return 1
}

# cat_rows FILE: the data lines of a catalog file (no comments, no blanks).
cat_rows() {
  grep -v -e '^#' -e '^[[:space:]]*$' "$LAB_DIR/files/$1"
}

# cat_packages ROLES: package names a host with ROLES has installed.
cat_packages() {
  local name arch iv ir jv jr spec
  while IFS=$'\t' read -r name arch iv ir jv jr spec; do
    roles_match "$spec" "$1" && printf '%s\n' "$name"
  done < <(cat_rows packages.tsv)
  return 0
}

# cat_pkg NAME: "arch icehouse-version icehouse-release juno-version juno-release"
cat_pkg() {
  local name arch iv ir jv jr spec
  while IFS=$'\t' read -r name arch iv ir jv jr spec; do
    if [[ $name == "$1" ]]; then
      printf '%s %s %s %s %s\n' "$arch" "$iv" "$ir" "$jv" "$jr"
      return 0
    fi
  done < <(cat_rows packages.tsv)
  return 1
}

# cat_all_packages: every package name of the catalog.
cat_all_packages() {
  cat_rows packages.tsv | cut -f1
}

# cat_units ROLES: "unit<TAB>package<TAB>type<TAB>description" lines of
# the units a host with ROLES has (services.tsv).
cat_units() {
  local unit pkg spec type desc
  while IFS=$'\t' read -r unit pkg spec type desc; do
    roles_match "$spec" "$1" && printf '%s\t%s\t%s\t%s\n' "$unit" "$pkg" "$type" "$desc"
  done < <(cat_rows services.tsv)
  return 0
}

# cat_services ROLES: "unit<TAB>package" lines for a host with ROLES.
cat_services() {
  cat_units "$1" | cut -f1,2
}

# cat_accounts ROLES: "name<TAB>uid<TAB>gid<TAB>gecos<TAB>home<TAB>shell" of
# the users a host with ROLES has (accounts.tsv).
cat_accounts() {
  local name uid gid gecos home shell spec
  while IFS=$'\t' read -r name uid gid gecos home shell spec; do
    roles_match "$spec" "$1" && printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$uid" "$gid" "$gecos" "$home" "$shell"
  done < <(cat_rows accounts.tsv)
  return 0
}

# cat_pkgfiles NAME: the config files a package owns (any release).
cat_pkgfiles() {
  awk -F'\t' -v p="$1" '$1 == p { print $2 }' < <(cat_rows pkgfiles.tsv)
}

# cat_file STREAM PATH: where the package's shipped copy of PATH lives
# for release STREAM (icehouse|juno); fails if that release lacks it.
cat_file() {
  local f="$LAB_DIR/files/$1$2"
  [[ -f $f ]] || return 1
  printf '%s\n' "$f"
}

# stream_evr NAME STREAM: "version release arch" of NAME in STREAM.
stream_evr() {
  local arch iv ir jv jr
  read -r arch iv ir jv jr < <(cat_pkg "$1") || return 1
  case $2 in
    icehouse) printf '%s %s %s\n' "$iv" "$ir" "$arch" ;;
    juno) printf '%s %s %s\n' "$jv" "$jr" "$arch" ;;
    *) return 1 ;;
  esac
}

# catalog_load: the catalog in memory (for building many hosts quickly):
# CAT_PKG[name]="arch iv ir jv jr", CAT_SPEC[name]=roles, CAT_NAMES=(...),
# CAT_FILES[name]="path path...".
# shellcheck disable=SC2034 # used by build.sh
catalog_load() {
  declare -gA CAT_PKG=() CAT_SPEC=() CAT_FILES=()
  declare -ga CAT_NAMES=()
  local name arch iv ir jv jr spec path
  while IFS=$'\t' read -r name arch iv ir jv jr spec; do
    CAT_PKG[$name]="$arch $iv $ir $jv $jr"
    CAT_SPEC[$name]=$spec
    CAT_NAMES+=("$name")
  done < <(cat_rows packages.tsv)
  while IFS=$'\t' read -r name path; do
    CAT_FILES[$name]+="${CAT_FILES[$name]:+ }$path"
  done < <(cat_rows pkgfiles.tsv)
}

# suite_regex PREFIX: the filter openstack-service applies to unit names.
suite_regex() {
  printf '^(openstack-)?%s' "$1"
}
