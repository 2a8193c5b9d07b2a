# nova-pair.awk: writes a realistic pair of nova.conf files for the diff
# benchmark, about 4,000 lines each, shaped like the oslo sample files
# RDO ships: per-module comment blocks, each option a paragraph of help
# text, its type, and its commented-out default.
#
#   awk -v out=DIR -f bench/nova-pair.awk
#
# writes DIR/nova.conf (Icehouse-like, with a site's values set after
# their defaults, as openstack-config leaves them) and DIR/nova.conf.rpmnew
# (the Juno-like package file: options moved out of [DEFAULT] into their
# own sections with "Deprecated group/name" comments, options added and
# removed, help text reworded, some defaults changed).  The numbers come
# from a fixed linear congruential generator, so every run writes the
# same files.

function rnd(n) {
	seed = (seed * 1103515245 + 12345) % 2147483648
	return int(seed / 65536) % n
}

function word() { return words[rnd(nwords) + 1] }

function sentence(n,   s, i) {
	s = word()
	s = toupper(substr(s, 1, 1)) substr(s, 2)
	for (i = 1; i < n; i++)
		s = s " " word()
	return s "."
}

# Help text wrapped at 64 columns, as the generator does.
function help(text, type,   out, line, n, i, w) {
	text = text " (" type " value)"
	n = split(text, w, " ")
	line = "#"
	out = ""
	for (i = 1; i <= n; i++) {
		if (length(line) + 1 + length(w[i]) > 64) {
			out = out line "\n"
			line = "#"
		}
		line = line " " w[i]
	}
	return out line "\n"
}

function default_for(type, k) {
	if (type == "boolean") return rnd(2) ? "true" : "false"
	if (type == "integer") return rnd(500) + 1
	if (type == "floating point") return (rnd(40) + 1) / 2.0
	if (type == "list") return word() "," word()
	if (rnd(4) == 0) return "<None>"
	return "$state_path/" word()
}

BEGIN {
	seed = 20141016
	nwords = split("the a of to for when used in instance compute host " \
		"network volume image service driver scheduler api number " \
		"seconds path file directory allow enable which value default " \
		"name list filter time interval timeout retry connection " \
		"server address port queue message worker pool size maximum " \
		"minimum option set this is if not will be with on by from " \
		"libvirt neutron glance cinder keystone quota cell console " \
		"vnc spice rdp metadata firewall security group rule key " \
		"certificate ssl protocol version cache memory disk ram cpu", words, " ")
	ntypes = split("string,integer,boolean,list,floating point,string,string,integer", types, ",")
	nsections = split("DEFAULT,DEFAULT,DEFAULT,DEFAULT,DEFAULT,DEFAULT," \
		"DEFAULT,DEFAULT,DEFAULT,DEFAULT,DEFAULT,DEFAULT,baremetal,cells," \
		"conductor,database,hyperv,keymgr,keystone_authtoken,libvirt," \
		"matchmaker_redis,metrics,osapi_v3,rdp,spice,ssl,trusted_computing," \
		"upgrade_levels,vmware,xenserver,zookeeper", secnames, ",")
	# The options, grouped by module; each module belongs to a section.
	nopt = 0
	nmod = 0
	while (nopt < 850) {
		nmod++
		modsec[nmod] = secnames[rnd(nsections) + 1]
		modname[nmod] = "nova." word() "." word()
		modfirst[nmod] = nopt + 1
		k = rnd(12) + 2
		for (j = 0; j < k; j++) {
			nopt++
			optmod[nopt] = nmod
			optkey[nopt] = word() "_" word() "_" nopt
			opttype[nopt] = types[rnd(ntypes) + 1]
			opthelp[nopt] = sentence(rnd(14) + 4)
			if (rnd(3) == 0)
				opthelp[nopt] = opthelp[nopt] " " sentence(rnd(12) + 3)
			optdef[nopt] = default_for(opttype[nopt])
			r = rnd(100)
			optfate[nopt] = r < 6 ? "moved" : r < 9 ? "removed" : \
				r < 15 ? "reworded" : r < 18 ? "default" : "same"
			optsite[nopt] = rnd(100) < 6
		}
		modlast[nmod] = nopt
	}
	# Juno's new sections for options moved out of [DEFAULT].
	nnew = split("api_database,ephemeral_storage_encryption,glance,neutron," \
		"cinder,image_file_url,serial_console,workarounds", newsecs, ",")
	write("icehouse", out "/nova.conf")
	write("juno", out "/nova.conf.rpmnew")
}

function option_text(rel, i) {
	if (rel == "juno" && optfate[i] == "reworded")
		return help(sentence(rnd(14) + 4), opttype[i])
	return help(opthelp[i], opttype[i])
}

function write_option(rel, file, i, key,   d) {
	d = optdef[i]
	if (rel == "juno" && optfate[i] == "default")
		d = d "0"
	printf "%s", option_text(rel, i) > file
	if (rel == "juno" && optfate[i] == "moved")
		printf "# Deprecated group/name - [DEFAULT]/%s\n", optkey[i] > file
	printf "#%s=%s\n", key, d > file
	if (rel == "icehouse" && optsite[i])
		printf "%s=%s\n", key, "site-" word() "-" i > file
	printf "\n" > file
}

function write_module(rel, file, m,   i, any) {
	any = 0
	for (i = modfirst[m]; i <= modlast[m]; i++) {
		if (rel == "juno" && optfate[i] == "removed")
			continue
		if (rel == "juno" && optfate[i] == "moved" && modsec[m] == "DEFAULT")
			continue
		if (!any)
			printf "#\n# Options defined in %s\n#\n\n", modname[m] > file
		any = 1
		write_option(rel, file, i, optkey[i])
	}
	if (rel == "juno" && m % 7 == 3) {
		printf "# %s\n", sentence(6) > file
		printf "#added_option_%d=%s\n\n", m, word() > file
	}
}

function write_section(rel, file, s,   m) {
	printf "[%s]\n\n", s > file
	for (m = 1; m <= nmod; m++)
		if (modsec[m] == s)
			write_module(rel, file, m)
	printf "\n" > file
}

function write(rel, file,   s, done, i, t) {
	split("", done)
	for (s = 1; s <= nsections; s++) {
		if (secnames[s] in done)
			continue
		done[secnames[s]] = 1
		write_section(rel, file, secnames[s])
	}
	if (rel != "juno")
		return
	# Moved options, each in its new section under its short name.
	for (t = 1; t <= nnew; t++) {
		printf "[%s]\n\n#\n# Options defined in nova.%s\n#\n\n", newsecs[t], newsecs[t] > file
		for (i = 1; i <= nopt; i++)
			if (optfate[i] == "moved" && modsec[optmod[i]] == "DEFAULT" && i % nnew == t - 1)
				write_option(rel, file, i, substr(optkey[i], index(optkey[i], "_") + 1))
		printf "\n" > file
	}
}
