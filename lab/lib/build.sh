# shellcheck shell=bash
# Building a host's trees (Icehouse as packstack left it), snapshots for
# `reset`, and the files the lab writes for its users.

DB_SERVICES=(keystone glance cinder neutron nova)
# The lab's own group: the service users of every host belong to it, so a
# stand-in run as one of them (runuser -s /bin/sh keystone -c
# 'keystone-manage token_flush') can append to the lab's logs.
LAB_GID=4242
# /etc files of a host (bind-mounted over the machine's own).
ACCOUNT_FILES=(passwd group shadow gshadow)

# hpath H PATH: where PATH of the host whose dir is H lives on this machine.
hpath() {
  local h=$1 p=$2
  case $p in
    /etc/*) printf '%s/etc/%s\n' "$h" "${p#/etc/}" ;;
    /root/*) printf '%s/root/%s\n' "$h" "${p#/root/}" ;;
    /var/log/*) printf '%s/log/%s\n' "$h" "${p#/var/log/}" ;;
    /var/lib/oulab/*) printf '%s/varlib/%s\n' "$h" "${p#/var/lib/oulab/}" ;;
    /var/lib/openstack-upgrade/*) printf '%s/ou/%s\n' "$h" "${p#/var/lib/openstack-upgrade/}" ;;
    *) return 1 ;;
  esac
}

# empty_dir DIR: remove DIR's contents, keep DIR itself (it may be a mount source).
empty_dir() {
  mkdir -p "$1"
  find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
}

digests_load() {
  declare -gA DIGEST=()
  local stream path sum
  while read -r sum path; do
    stream=${path#"$LAB_DIR"/files/}
    stream=${stream%%/*}
    DIGEST["$stream:${path#"$LAB_DIR"/files/"$stream"}"]=$sum
  done < <(find "$LAB_DIR/files/icehouse" "$LAB_DIR/files/juno" -type f -print0 | xargs -0 sha256sum)
}

write_sshd_config() {
  local h=$1 name=$2 addr=$3
  cat >"$h/etc/ssh/sshd_config" <<CFG
# sshd of lab host $name (written by lab/lab; runs in its own namespaces)
ListenAddress $addr:22
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile none
UsePAM no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
StrictModes yes
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AcceptEnv LANG LC_*
MaxStartups 50:30:200
MaxSessions 30
ForceCommand $LAB_DIR/lib/ssh-wrapper
Subsystem sftp internal-sftp
CFG
}

write_root_home() {
  local h=$1
  mkdir -p "$h/root/.ssh"
  chmod 700 "$h/root" "$h/root/.ssh"
  cp "$STATE/id_ed25519.pub" "$h/root/.ssh/authorized_keys"
  chmod 600 "$h/root/.ssh/authorized_keys"
  cat >"$h/root/.bashrc" <<'RC'
# .bashrc

# User specific aliases and functions

alias rm='rm -i'
alias cp='cp -i'
alias mv='mv -i'

# Source global definitions
if [ -f /etc/bashrc ]; then
	. /etc/bashrc
fi
RC
  cat >"$h/root/.bash_profile" <<'RC'
# .bash_profile

# Get the aliases and functions
if [ -f ~/.bashrc ]; then
	. ~/.bashrc
fi

PATH=$PATH:$HOME/bin
export PATH
RC
}

# install_packages H ROLES: rpm database + pristine Icehouse config files.
install_packages() {
  local h=$1 roles=$2 pkg v r a jv jr stream path src dst
  local -a files
  : >"$h/varlib/rpmdb"
  : >"$h/varlib/rpmfiles"
  for pkg in "${CAT_NAMES[@]}"; do
    roles_match "${CAT_SPEC[$pkg]}" "$roles" || continue
    read -r a v r jv jr <<<"${CAT_PKG[$pkg]}"
    # the same version in both releases: an operating system package
    stream=icehouse
    [[ $v-$r == "$jv-$jr" ]] && stream=base
    printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$v" "$r" "$a" "$stream" >>"$h/varlib/rpmdb"
    read -ra files <<<"${CAT_FILES[$pkg]-}"
    for path in "${files[@]}"; do
      src=$LAB_DIR/files/icehouse$path
      [[ -f $src ]] || continue
      dst=$h/etc/${path#/etc/}
      mkdir -p "${dst%/*}"
      cp "$src" "$dst"
      printf '%s\t%s\t%s\n' "$pkg" "$path" "${DIGEST[icehouse:$path]}" >>"$h/varlib/rpmfiles"
    done
  done
}

# apply_site H NAME ADDR ROLES: packstack's edits.
apply_site() {
  local h=$1 name=$2 addr=$3 roles=$4 path all edits
  all=$(mktemp)
  edits=$(mktemp)
  site_ini_edits "$name" "$addr" "$roles" >"$all"
  while read -r path; do
    awk -F'\t' -v p="$path" 'BEGIN { OFS = "\t" } $1 == p { print $2, $3, $4 }' "$all" >"$edits"
    ini_apply "$(hpath "$h" "$path")" "$edits"
  done < <(cut -f1 "$all" | sort -u)
  rm -f "$edits" "$all"
  if roles_match horizon "$roles"; then
    site_dashboard "$h/etc/openstack-dashboard/local_settings"
  fi
  if roles_match neutron-server "$roles"; then
    ln -sfn plugins/ml2/ml2_conf.ini "$h/etc/neutron/plugin.ini"
  fi
  if roles_match keystone "$roles"; then
    site_keystonerc >"$h/root/keystonerc_admin"
    chmod 600 "$h/root/keystonerc_admin"
  fi
}

# init_services H ROLES: the units as a freshly booted packstack host has
# them: "unit state stream pid since enabled" (state running|stopped|failed;
# stream: the release of the code it runs, "-" when not judged).
init_services() {
  local h=$1 roles=$2 unit pkg type stream t
  t=$(now)
  : >"$h/varlib/services"
  while IFS=$'\t' read -r unit pkg type _; do
    stream=icehouse
    [[ $pkg == - ]] && stream=-
    case $type in
      disabled) printf '%s\tstopped\t%s\t0\t%s\tdisabled\n' "$unit" "$stream" "$t" ;;
      oneshot) printf '%s\trunning\t%s\t0\t%s\tenabled\n' "$unit" "$stream" "$t" ;;
      *) printf '%s\trunning\t%s\t%d\t%s\tenabled\n' "$unit" "$stream" $((900 + RANDOM % 30000)) "$t" ;;
    esac >>"$h/varlib/services"
  done < <(cat_units "$roles")
}

# write_accounts H ROLES: /etc/passwd, group, shadow, gshadow of a CentOS 7
# host with the RDO packages of ROLES.
write_accounts() {
  local h=$1 roles=$2 name uid gid gecos home shell g members=""
  local -a order=()
  local -A gname=() gmem=()
  for g in root:0 bin:1 daemon:2 sys:3 adm:4 tty:5 disk:6 lp:7 mem:8 kmem:9 wheel:10 cdrom:11 \
    mail:12 man:15 dialout:18 floppy:19 games:20 utmp:22 tape:33 utempter:35 video:39 ftp:50 \
    lock:54 audio:63 nobody:99 users:100 systemd-journal:190 input:999; do
    gname[${g#*:}]=${g%:*}
    order+=("${g#*:}")
  done
  gmem[12]=postfix
  : >"$h/etc/passwd"
  : >"$h/etc/shadow"
  while IFS=$'\t' read -r name uid gid gecos home shell; do
    [[ $gecos == - ]] && gecos=
    printf '%s:x:%s:%s:%s:%s:%s\n' "$name" "$uid" "$gid" "$gecos" "$home" "$shell" >>"$h/etc/passwd"
    if [[ $name == root ]]; then
      printf 'root:*:16450:0:99999:7:::\n' >>"$h/etc/shadow"
    else
      printf '%s:!!:16450::::::\n' "$name" >>"$h/etc/shadow"
    fi
    if [[ -z ${gname[$gid]-} ]]; then
      gname[$gid]=$name
      order+=("$gid")
    fi
    case $name in keystone | glance | cinder | swift | neutron | nova) members+=${members:+,}$name ;; esac
  done < <(cat_accounts "$roles")
  gname[$LAB_GID]=oulab
  gmem[$LAB_GID]=$members
  order+=("$LAB_GID")
  : >"$h/etc/group"
  : >"$h/etc/gshadow"
  for g in "${order[@]}"; do
    printf '%s:x:%s:%s\n' "${gname[$g]}" "$g" "${gmem[$g]-}" >>"$h/etc/group"
    printf '%s:!::%s\n' "${gname[$g]}" "${gmem[$g]-}" >>"$h/etc/gshadow"
  done
  chmod 644 "$h/etc/passwd" "$h/etc/group"
  chmod 000 "$h/etc/shadow" "$h/etc/gshadow"
}

# own_trees H: the owners and modes RDO gives the config and log directories.
own_trees() {
  local h=$1 svc grp
  for svc in keystone glance cinder nova neutron swift openstack-dashboard; do
    grp=$svc
    [[ $svc == openstack-dashboard ]] && grp=apache
    grep -q "^$grp:" "$h/etc/group" || continue
    chgrp -R "$(awk -F: -v g="$grp" '$1 == g { print $3 }' "$h/etc/group")" "$h/etc/$svc"
    chmod 750 "$h/etc/$svc"
    find "$h/etc/$svc" -type f -exec chmod 640 {} +
    [[ -d $h/log/$svc ]] || continue
    chown -R "$(awk -F: -v u="$svc" '$1 == u { print $3 ":" $4 }' "$h/etc/passwd")" "$h/log/$svc"
    chmod 750 "$h/log/$svc"
  done
  chmod 700 "$h/log/httpd"
}

# write_my_cnf H: /root/.my.cnf as packstack's puppet leaves it on the database host.
write_my_cnf() {
  printf "[client]\nuser=root\nhost=localhost\npassword='%s'\n" "$CONFIG_MYSQL_PW" >"$1/root/.my.cnf"
  chmod 600 "$1/root/.my.cnf"
}

write_host_env() {
  local h=$1
  {
    printf 'HOST=%q\n' "$2"
    printf 'ADDRESS=%q\n' "$3"
    printf 'ROLES=%q\n' "$4"
    printf 'STATE=%q\n' "$STATE"
    printf 'LAB_DIR=%q\n' "$LAB_DIR"
  } >"$h/varlib/host.env"
}

# build_host NAME ADDR ROLES: a fresh Icehouse host, then its snapshot.
build_host() {
  local name=$1 addr=$2 roles=$3 h t
  h=$(hostdir "$name")
  mkdir -p "$h/keys"
  for t in "${ETC_TREES[@]}"; do empty_dir "$h/etc/$t"; done
  empty_dir "$h/varlib"
  empty_dir "$h/log"
  empty_dir "$h/root"
  empty_dir "$h/ou"
  rm -f "$h/fail-next-yum" "$h/nova-disabled"
  if [[ ! -f $h/keys/ssh_host_ed25519_key ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "root@$name" -f "$h/keys/ssh_host_ed25519_key"
  fi
  cp -p "$h/keys/ssh_host_ed25519_key" "$h/keys/ssh_host_ed25519_key.pub" "$h/etc/ssh/"
  write_sshd_config "$h" "$name" "$addr"
  write_root_home "$h"
  while read -r t; do mkdir -p "$h/root/${t#/root/}"; done < <(root_kept_paths)
  install_packages "$h" "$roles"
  cp "$LAB_DIR/files/static/etc/yum.repos.d/"*.repo "$h/etc/yum.repos.d/"
  apply_site "$h" "$name" "$addr" "$roles"
  roles_match mysql "$roles" && write_my_cnf "$h"
  init_services "$h" "$roles"
  mkdir -p "$h/log/"{nova,neutron,keystone,glance,cinder,swift,httpd}
  : >"$h/log/yum.log"
  write_accounts "$h" "$roles"
  own_trees "$h"
  write_host_env "$h" "$name" "$addr" "$roles"
  snapshot_host "$h"
}

snapshot_host() {
  local h=$1
  rm -rf "$h/.pristine"
  mkdir -p "$h/.pristine"
  cp -a "$h/etc" "$h/varlib" "$h/log" "$h/root" "$h/ou" "$h/.pristine/"
}

# restore_dir H SUB: make H/SUB identical to the snapshot, in place.
restore_dir() {
  local h=$1 sub=$2
  if [[ $3 == if-changed ]] && diff -rq --no-dereference "$h/.pristine/$sub" "$h/$sub" >/dev/null 2>&1; then
    return 0
  fi
  if [[ $sub == root ]]; then empty_root "$h"; else empty_dir "$h/$sub"; fi
  cp -a "$h/.pristine/$sub/." "$h/$sub/"
}

# empty_root H: empty H/root but for the directories on which the hosts bind
# the lab's own directories back (root_kept_paths): they stay, so do the mounts.
empty_root() {
  local h=$1 p d part f
  local -A keep=()
  local -a parts
  while read -r p; do
    d=""
    IFS=/ read -ra parts <<<"${p#/root/}"
    for part in "${parts[@]}"; do
      d+=${d:+/}$part
      keep[$d]=1
    done
  done < <(root_kept_paths)
  if ((${#keep[@]} == 0)); then
    empty_dir "$h/root"
    return 0
  fi
  while IFS= read -r -d '' f; do
    [[ -n ${keep[${f#"$h/root/"}]-} ]] && continue
    rm -rf "$f"
  done < <(find "$h/root" -mindepth 1 -depth -print0)
}

# restore_host NAME: back to the fresh Icehouse state (sshd keeps running).
restore_host() {
  local h t
  h=$(hostdir "$1")
  [[ -d $h/.pristine ]] || return 1
  for t in "${ETC_TREES[@]}"; do
    if [[ $t == ssh ]]; then restore_dir "$h" etc/ssh if-changed; else restore_dir "$h" "etc/$t" always; fi
  done
  restore_dir "$h" root if-changed
  restore_dir "$h" varlib always
  restore_dir "$h" log always
  restore_dir "$h" ou always
  for t in "${ACCOUNT_FILES[@]}"; do
    # in place: each file is a bind mount source
    cmp -s "$h/.pristine/etc/$t" "$h/etc/$t" || cat "$h/.pristine/etc/$t" >"$h/etc/$t"
    chmod --reference="$h/.pristine/etc/$t" "$h/etc/$t"
  done
  rm -f "$h/fail-next-yum" "$h/nova-disabled"
}

# reset_db: every schema back to Icehouse. The schema tools write these
# files as the service users (openstack-db runs them with runuser).
reset_db() {
  local s
  mkdir -p "$STATE/db"
  chgrp "$LAB_GID" "$STATE/db"
  chmod 775 "$STATE/db"
  for s in "${DB_SERVICES[@]}"; do
    printf 'icehouse\n' >"$STATE/db/$s"
    chgrp "$LAB_GID" "$STATE/db/$s"
    chmod 664 "$STATE/db/$s"
  done
}

truncate_logs() {
  local f
  mkdir -p "$STATE/log"
  for f in ssh-commands.log standins.log events.log; do
    : >"$STATE/log/$f"
    chgrp "$LAB_GID" "$STATE/log/$f"
    chmod 664 "$STATE/log/$f"
  done
}

# ---- files for the lab's users --------------------------------------------

write_ssh_config() {
  local name addr roles
  {
    printf '# ssh_config of the openstack-upgrade lab (written by lab/lab up)\n'
    while IFS=$'\t' read -r name addr roles; do
      printf 'Host %s\n    HostName %s\n\n' "$name" "$addr"
    done < <(hosts_rows)
    printf 'Host *\n'
    printf '    User root\n    Port 22\n'
    printf '    IdentityFile %s/id_ed25519\n    IdentitiesOnly yes\n' "$STATE"
    printf '    UserKnownHostsFile %s/known_hosts\n' "$STATE"
    printf '    StrictHostKeyChecking yes\n    BatchMode yes\n    ConnectTimeout 5\n'
  } >"$STATE/ssh_config"
}

write_known_hosts_lab() {
  local name addr roles key
  : >"$STATE/known_hosts.lab.tmp"
  while IFS=$'\t' read -r name addr roles; do
    read -r key < <(cut -d' ' -f1,2 "$(hostdir "$name")/keys/ssh_host_ed25519_key.pub")
    printf '%s,%s %s\n' "$name" "$addr" "$key" >>"$STATE/known_hosts.lab.tmp"
  done < <(hosts_rows)
  mv "$STATE/known_hosts.lab.tmp" "$STATE/known_hosts.lab"
}

write_inventory() {
  local name addr roles
  {
    printf 'cloud: lab\n'
    printf 'ssh:\n  config: %s/ssh_config\n  known-hosts: %s/known_hosts\n' "$STATE" "$STATE"
    printf 'defaults:\n  user: root\n  port: 22\n  become: root\n'
    printf 'hosts:\n'
    while IFS=$'\t' read -r name addr roles; do
      printf '  - name: %s\n    address: %s\n    roles: [%s]\n' "$name" "$addr" "${roles//,/, }"
    done < <(hosts_rows)
  } >"$STATE/inventory.yaml"
}

write_answers() {
  local a computes l3
  a() { printf '%s=%s\n' "$1" "$2"; }
  computes=$(hosts_with nova-compute)
  l3=$(hosts_with 'neutron-agent&!nova-compute')
  {
    printf '[general]\n\n'
    printf '# Path to a public key to install on the servers.\n'
    a CONFIG_SSH_KEY /root/.ssh/id_rsa.pub
    printf '\n# Components to install (y/n).\n'
    a CONFIG_MYSQL_INSTALL y
    a CONFIG_GLANCE_INSTALL y
    a CONFIG_CINDER_INSTALL y
    a CONFIG_NOVA_INSTALL y
    a CONFIG_NEUTRON_INSTALL y
    a CONFIG_HORIZON_INSTALL y
    a CONFIG_SWIFT_INSTALL y
    a CONFIG_CEILOMETER_INSTALL n
    a CONFIG_HEAT_INSTALL n
    a CONFIG_CLIENT_INSTALL y
    a CONFIG_NTP_SERVERS ''
    a CONFIG_NAGIOS_INSTALL n
    a EXCLUDE_SERVERS ''
    a CONFIG_DEBUG_MODE n
    a CONFIG_VMWARE_BACKEND n
    printf '\n# MySQL (MariaDB).\n'
    a CONFIG_MYSQL_HOST "$MYSQL"
    a CONFIG_MYSQL_USER root
    a CONFIG_MYSQL_PW "$CONFIG_MYSQL_PW"
    printf '\n# AMQP broker.\n'
    a CONFIG_AMQP_SERVER rabbitmq
    a CONFIG_AMQP_HOST "$AMQP"
    a CONFIG_AMQP_ENABLE_SSL n
    a CONFIG_AMQP_ENABLE_AUTH n
    a CONFIG_AMQP_AUTH_USER amqp_user
    a CONFIG_AMQP_AUTH_PASSWORD "$CONFIG_AMQP_AUTH_PASSWORD"
    printf '\n# Keystone.\n'
    a CONFIG_KEYSTONE_HOST "$(hosts_with keystone)"
    a CONFIG_KEYSTONE_DB_PW "$CONFIG_KEYSTONE_DB_PW"
    a CONFIG_KEYSTONE_ADMIN_TOKEN "$CONFIG_KEYSTONE_ADMIN_TOKEN"
    a CONFIG_KEYSTONE_ADMIN_PW "$CONFIG_KEYSTONE_ADMIN_PW"
    a CONFIG_KEYSTONE_DEMO_PW "$CONFIG_KEYSTONE_DEMO_PW"
    a CONFIG_KEYSTONE_TOKEN_FORMAT PKI
    printf '\n# Glance.\n'
    a CONFIG_GLANCE_HOST "$(hosts_with glance)"
    a CONFIG_GLANCE_DB_PW "$CONFIG_GLANCE_DB_PW"
    a CONFIG_GLANCE_KS_PW "$CONFIG_GLANCE_KS_PW"
    printf '\n# Cinder.\n'
    a CONFIG_CINDER_HOST "$(hosts_with cinder)"
    a CONFIG_CINDER_DB_PW "$CONFIG_CINDER_DB_PW"
    a CONFIG_CINDER_KS_PW "$CONFIG_CINDER_KS_PW"
    a CONFIG_CINDER_BACKEND lvm
    a CONFIG_CINDER_VOLUMES_CREATE y
    a CONFIG_CINDER_VOLUMES_SIZE 20G
    printf '\n# Nova.\n'
    a CONFIG_NOVA_API_HOST "$(hosts_with nova-api)"
    a CONFIG_NOVA_CERT_HOST "$(hosts_with nova-controller)"
    a CONFIG_NOVA_VNCPROXY_HOST "$(hosts_with nova-controller)"
    a CONFIG_NOVA_COMPUTE_HOSTS "$computes"
    a CONFIG_NOVA_CONDUCTOR_HOST "$(hosts_with nova-controller)"
    a CONFIG_NOVA_DB_PW "$CONFIG_NOVA_DB_PW"
    a CONFIG_NOVA_KS_PW "$CONFIG_NOVA_KS_PW"
    a CONFIG_NOVA_SCHED_HOST "$(hosts_with nova-controller)"
    a CONFIG_NOVA_SCHED_CPU_ALLOC_RATIO 16.0
    a CONFIG_NOVA_SCHED_RAM_ALLOC_RATIO 1.5
    a CONFIG_NOVA_COMPUTE_PRIVIF eth1
    a CONFIG_NOVA_NETWORK_HOSTS ''
    a CONFIG_NOVA_NETWORK_MANAGER nova.network.manager.FlatDHCPManager
    printf '\n# Neutron.\n'
    a CONFIG_NEUTRON_SERVER_HOST "$(hosts_with neutron-server)"
    a CONFIG_NEUTRON_KS_PW "$CONFIG_NEUTRON_KS_PW"
    a CONFIG_NEUTRON_DB_PW "$CONFIG_NEUTRON_DB_PW"
    a CONFIG_NEUTRON_L3_HOSTS "$l3"
    a CONFIG_NEUTRON_L3_EXT_BRIDGE br-ex
    a CONFIG_NEUTRON_DHCP_HOSTS "$l3"
    a CONFIG_NEUTRON_LBAAS_HOSTS ''
    a CONFIG_NEUTRON_L2_PLUGIN ml2
    a CONFIG_NEUTRON_METADATA_HOSTS "$l3"
    a CONFIG_NEUTRON_METADATA_PW "$CONFIG_NEUTRON_METADATA_PW"
    a CONFIG_NEUTRON_ML2_TYPE_DRIVERS vxlan
    a CONFIG_NEUTRON_ML2_TENANT_NETWORK_TYPES vxlan
    a CONFIG_NEUTRON_ML2_MECHANISM_DRIVERS openvswitch
    a CONFIG_NEUTRON_ML2_FLAT_NETWORKS '*'
    a CONFIG_NEUTRON_ML2_VLAN_RANGES ''
    a CONFIG_NEUTRON_ML2_TUNNEL_ID_RANGES ''
    a CONFIG_NEUTRON_ML2_VXLAN_GROUP 224.0.0.1
    a CONFIG_NEUTRON_ML2_VNI_RANGES 10:100
    a CONFIG_NEUTRON_L2_AGENT openvswitch
    a CONFIG_NEUTRON_OVS_TENANT_NETWORK_TYPE vxlan
    a CONFIG_NEUTRON_OVS_TUNNEL_IF ''
    a CONFIG_NEUTRON_OVS_VXLAN_UDP_PORT 4789
    printf '\n# Client tools host.\n'
    a CONFIG_OSCLIENT_HOST "$CTRL"
    printf '\n# Horizon.\n'
    a CONFIG_HORIZON_HOST "$(hosts_with horizon)"
    a CONFIG_HORIZON_SSL n
    printf '\n# Swift.\n'
    a CONFIG_SWIFT_PROXY_HOSTS "$(hosts_with swift-proxy)"
    a CONFIG_SWIFT_KS_PW "$CONFIG_SWIFT_KS_PW"
    a CONFIG_SWIFT_STORAGE_HOSTS "$(hosts_with swift-storage)"
    a CONFIG_SWIFT_STORAGE_ZONES 1
    a CONFIG_SWIFT_STORAGE_REPLICAS 1
    a CONFIG_SWIFT_STORAGE_FSTYPE ext4
    a CONFIG_SWIFT_HASH "$CONFIG_SWIFT_HASH"
    a CONFIG_SWIFT_STORAGE_SIZE 2G
    printf '\n# Demo provisioning.\n'
    a CONFIG_PROVISION_DEMO n
    a CONFIG_PROVISION_TEMPEST n
    a CONFIG_PROVISION_ALL_IN_ONE_OVS_BRIDGE n
  } >"$STATE/packstack-answers.txt"
  unset -f a
}

lab_fingerprint() {
  {
    printf '%s\n%s\n' "$LAB_DIR" "$STATE"
    find "$LAB_DIR/files" -type f -print0 | sort -z | xargs -0 sha256sum
    sha256sum "$LAB_DIR/lib/site.sh" "$LAB_DIR/lib/build.sh" "$LAB_DIR/lib/ini.sh"
  } | sha256sum | cut -d' ' -f1
}
