# shellcheck shell=bash
# The site (packstack-made) values of the lab cloud: passwords generated once
# per state dir, addresses from the host plan, and the per-host edits that
# turn a package's pristine config file into this site's file.

site_init() {
  local f=$STATE/site.env
  [[ -f $f ]] && return 0
  {
    printf 'CONFIG_MYSQL_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_AMQP_AUTH_PASSWORD=%s\n' "$(randhex 8)"
    printf 'CONFIG_KEYSTONE_DB_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_KEYSTONE_ADMIN_TOKEN=%s\n' "$(randhex 16)"
    printf 'CONFIG_KEYSTONE_ADMIN_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_KEYSTONE_DEMO_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_GLANCE_DB_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_GLANCE_KS_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_CINDER_DB_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_CINDER_KS_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_NOVA_DB_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_NOVA_KS_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_NEUTRON_DB_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_NEUTRON_KS_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_NEUTRON_METADATA_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_SWIFT_KS_PW=%s\n' "$(randhex 8)"
    printf 'CONFIG_SWIFT_HASH=%s\n' "$(randhex 8)"
    printf 'CONFIG_HORIZON_SECRET_KEY=%s\n' "$(randhex 32)"
    printf 'CONFIG_NAGIOS_PW=%s\n' "$(randhex 8)"
  } >"$f.tmp"
  mv "$f.tmp" "$f"
}

site_load() {
  # shellcheck disable=SC1091
  source "$STATE/site.env"
  CTRL=$(host_field controller 2)
  MYSQL=$CTRL
  AMQP=$CTRL
}

# hosts_with ROLE: comma-separated addresses of the hosts with ROLE
# (ROLE may carry "&!OTHER" like the catalog's role specs).
hosts_with() {
  local addr roles out=
  while IFS=$'\t' read -r _ addr roles; do
    roles_match "$1" "$roles" && out+=${out:+,}$addr
  done < <(hosts_rows)
  printf '%s\n' "$out"
}

# site_ini_edits NAME ADDR ROLES: "PATH<TAB>SECTION<TAB>KEY<TAB>VALUE" lines.
site_ini_edits() {
  local addr=$2 roles=$3
  e() { printf '%s\t%s\t%s\t%s\n' "$@"; }
  if roles_match nova-controller,nova-api,nova-compute "$roles"; then
    local n=/etc/nova/nova.conf
    e $n DEFAULT rabbit_host "$AMQP"
    e $n DEFAULT rabbit_port 5672
    e $n DEFAULT rabbit_userid guest
    e $n DEFAULT rabbit_password guest
    e $n DEFAULT rpc_backend rabbit
    e $n DEFAULT auth_strategy keystone
    e $n DEFAULT my_ip "$addr"
    e $n DEFAULT network_api_class nova.network.neutronv2.api.API
    e $n DEFAULT neutron_url "http://$CTRL:9696"
    e $n DEFAULT neutron_url_timeout 30
    e $n DEFAULT neutron_admin_username neutron
    e $n DEFAULT neutron_admin_password "$CONFIG_NEUTRON_KS_PW"
    e $n DEFAULT neutron_admin_tenant_name services
    e $n DEFAULT neutron_region_name RegionOne
    e $n DEFAULT neutron_admin_auth_url "http://$CTRL:35357/v2.0"
    e $n DEFAULT neutron_auth_strategy keystone
    e $n DEFAULT security_group_api neutron
    e $n DEFAULT firewall_driver nova.virt.firewall.NoopFirewallDriver
    e $n DEFAULT glance_host "$CTRL"
    e $n DEFAULT glance_api_servers "$CTRL:9292"
    e $n DEFAULT vif_plugging_is_fatal True
    e $n DEFAULT vif_plugging_timeout 300
    e $n DEFAULT verbose True
    e $n DEFAULT log_dir /var/log/nova
    e $n database connection "mysql://nova:$CONFIG_NOVA_DB_PW@$MYSQL/nova"
    if roles_match nova-api "$roles"; then
      e $n DEFAULT service_neutron_metadata_proxy True
      e $n DEFAULT neutron_metadata_proxy_shared_secret "$CONFIG_NEUTRON_METADATA_PW"
      e $n DEFAULT osapi_compute_workers 4
      e $n DEFAULT metadata_workers 4
      e $n keystone_authtoken auth_host "$CTRL"
      e $n keystone_authtoken auth_port 35357
      e $n keystone_authtoken auth_protocol http
      e $n keystone_authtoken auth_uri "http://$CTRL:5000/"
      e $n keystone_authtoken admin_user nova
      e $n keystone_authtoken admin_password "$CONFIG_NOVA_KS_PW"
      e $n keystone_authtoken admin_tenant_name services
    fi
    if roles_match nova-controller "$roles"; then
      e $n DEFAULT cpu_allocation_ratio 16.0
      e $n DEFAULT ram_allocation_ratio 1.5
      e $n conductor workers 4
    fi
    if roles_match nova-compute "$roles"; then
      e $n DEFAULT compute_driver libvirt.LibvirtDriver
      e $n DEFAULT novncproxy_base_url "http://$CTRL:6080/vnc_auto.html"
      e $n DEFAULT vncserver_listen 0.0.0.0
      e $n DEFAULT vncserver_proxyclient_address "$addr"
      e $n DEFAULT vnc_enabled True
      e $n libvirt virt_type qemu
      e $n libvirt vif_driver nova.virt.libvirt.vif.LibvirtGenericVIFDriver
    fi
  fi
  if roles_match keystone "$roles"; then
    local k=/etc/keystone/keystone.conf
    e $k DEFAULT admin_token "$CONFIG_KEYSTONE_ADMIN_TOKEN"
    e $k DEFAULT public_port 5000
    e $k DEFAULT admin_port 35357
    e $k DEFAULT verbose True
    e $k DEFAULT log_file /var/log/keystone/keystone.log
    e $k database connection "mysql://keystone_admin:$CONFIG_KEYSTONE_DB_PW@$MYSQL/keystone"
    e $k token provider keystone.token.providers.pki.Provider
    e $k token driver keystone.token.backends.sql.Token
    e $k token expiration 3600
  fi
  if roles_match glance "$roles"; then
    local g
    for g in /etc/glance/glance-api.conf /etc/glance/glance-registry.conf; do
      e $g DEFAULT verbose True
      e $g database connection "mysql://glance:$CONFIG_GLANCE_DB_PW@$MYSQL/glance"
      e $g keystone_authtoken auth_host "$CTRL"
      e $g keystone_authtoken auth_port 35357
      e $g keystone_authtoken auth_protocol http
      e $g keystone_authtoken admin_tenant_name services
      e $g keystone_authtoken admin_user glance
      e $g keystone_authtoken admin_password "$CONFIG_GLANCE_KS_PW"
      e $g paste_deploy flavor keystone
    done
    g=/etc/glance/glance-api.conf
    e $g DEFAULT registry_host "$CTRL"
    e $g DEFAULT default_store file
    e $g DEFAULT filesystem_store_datadir /var/lib/glance/images/
    e $g DEFAULT notification_driver messaging
    e $g DEFAULT rabbit_host "$AMQP"
  fi
  if roles_match cinder "$roles"; then
    local c=/etc/cinder/cinder.conf
    e $c DEFAULT my_ip "$addr"
    e $c DEFAULT glance_host "$CTRL"
    e $c DEFAULT auth_strategy keystone
    e $c DEFAULT rabbit_host "$AMQP"
    e $c DEFAULT rabbit_password guest
    e $c DEFAULT rpc_backend cinder.openstack.common.rpc.impl_kombu
    e $c DEFAULT volume_group cinder-volumes
    e $c DEFAULT verbose True
    e $c database connection "mysql://cinder:$CONFIG_CINDER_DB_PW@$MYSQL/cinder"
    e $c keystone_authtoken auth_host "$CTRL"
    e $c keystone_authtoken auth_protocol http
    e $c keystone_authtoken admin_user cinder
    e $c keystone_authtoken admin_password "$CONFIG_CINDER_KS_PW"
    e $c keystone_authtoken admin_tenant_name services
  fi
  if roles_match neutron-server,neutron-agent "$roles"; then
    local q=/etc/neutron/neutron.conf
    e $q DEFAULT verbose True
    e $q DEFAULT core_plugin neutron.plugins.ml2.plugin.Ml2Plugin
    e $q DEFAULT service_plugins neutron.services.l3_router.l3_router_plugin.L3RouterPlugin
    e $q DEFAULT auth_strategy keystone
    e $q DEFAULT allow_overlapping_ips True
    e $q DEFAULT rpc_backend neutron.openstack.common.rpc.impl_kombu
    e $q DEFAULT rabbit_host "$AMQP"
    e $q DEFAULT rabbit_password guest
    e $q keystone_authtoken auth_host "$CTRL"
    e $q keystone_authtoken admin_tenant_name services
    e $q keystone_authtoken admin_user neutron
    e $q keystone_authtoken admin_password "$CONFIG_NEUTRON_KS_PW"
    e $q database connection "mysql://neutron:$CONFIG_NEUTRON_DB_PW@$MYSQL/neutron"
    e $q agent root_helper "sudo neutron-rootwrap /etc/neutron/rootwrap.conf"
  fi
  if roles_match neutron-server "$roles"; then
    local m=/etc/neutron/plugins/ml2/ml2_conf.ini
    e $m ml2 type_drivers vxlan
    e $m ml2 tenant_network_types vxlan
    e $m ml2 mechanism_drivers openvswitch
    e $m ml2_type_vxlan vni_ranges 10:100
    e $m ml2_type_vxlan vxlan_group 224.0.0.1
    e $m securitygroup enable_security_group True
  fi
  if roles_match neutron-agent "$roles"; then
    local o=/etc/neutron/plugins/openvswitch/ovs_neutron_plugin.ini
    e $o ovs enable_tunneling True
    e $o ovs integration_bridge br-int
    e $o ovs local_ip "$addr"
    e $o agent tunnel_types vxlan
    e $o agent vxlan_udp_port 4789
    e $o agent polling_interval 2
    e $o securitygroup firewall_driver neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver
  fi
  if roles_match 'neutron-agent&!nova-compute' "$roles"; then
    local l3=/etc/neutron/l3_agent.ini dh=/etc/neutron/dhcp_agent.ini md=/etc/neutron/metadata_agent.ini
    e $l3 DEFAULT interface_driver neutron.agent.linux.interface.OVSInterfaceDriver
    e $l3 DEFAULT external_network_bridge br-ex
    e $dh DEFAULT interface_driver neutron.agent.linux.interface.OVSInterfaceDriver
    e $dh DEFAULT dhcp_driver neutron.agent.linux.dhcp.Dnsmasq
    e $md DEFAULT auth_url "http://$CTRL:35357/v2.0"
    e $md DEFAULT admin_tenant_name services
    e $md DEFAULT admin_user neutron
    e $md DEFAULT admin_password "$CONFIG_NEUTRON_KS_PW"
    e $md DEFAULT nova_metadata_ip "$CTRL"
    e $md DEFAULT metadata_proxy_shared_secret "$CONFIG_NEUTRON_METADATA_PW"
  fi
  if roles_match swift-proxy,swift-storage "$roles"; then
    e /etc/swift/swift.conf swift-hash swift_hash_path_suffix "$CONFIG_SWIFT_HASH"
  fi
  if roles_match swift-proxy "$roles"; then
    local s=/etc/swift/proxy-server.conf
    e $s filter:authtoken admin_tenant_name services
    e $s filter:authtoken admin_user swift
    e $s filter:authtoken admin_password "$CONFIG_SWIFT_KS_PW"
    e $s filter:authtoken auth_host "$CTRL"
    e $s filter:cache memcache_servers "$CTRL:11211"
  fi
  if roles_match swift-storage "$roles"; then
    local t
    for t in account container object; do
      e "/etc/swift/$t-server.conf" DEFAULT bind_ip "$addr"
    done
  fi
  unset -f e
}

# site_dashboard FILE: packstack's edits of Horizon's local_settings.
site_dashboard() {
  local f=$1 tmp
  tmp=$(mktemp "$f.XXXXXX")
  awk -v ctrl="$CTRL" -v key="$CONFIG_HORIZON_SECRET_KEY" '
    /^#ALLOWED_HOSTS = / { print; print "ALLOWED_HOSTS = [\x27controller\x27, \x27" ctrl "\x27, \x27localhost\x27]"; next }
    /^SECRET_KEY = / { print "SECRET_KEY = \x27" key "\x27"; next }
    /^OPENSTACK_HOST = / { print "OPENSTACK_HOST = \"" ctrl "\""; next }
    { print }
  ' "$f" >"$tmp" && cat "$tmp" >"$f"
  rm -f "$tmp"
}

# site_keystonerc: /root/keystonerc_admin as packstack writes it.
site_keystonerc() {
  cat <<RC
export OS_USERNAME=admin
export OS_TENANT_NAME=admin
export OS_PASSWORD=$CONFIG_KEYSTONE_ADMIN_PW
export OS_AUTH_URL=http://$CTRL:5000/v2.0/
export OS_REGION_NAME=RegionOne
export PS1='[\u@\h \W(keystone_admin)]\\$ '
RC
}
