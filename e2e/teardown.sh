#!/usr/bin/env bash
# Undoes everything a run made, on success or failure, in this order: processes
# (by the PIDs recorded in W/pids, then every process left in the run's cgroups),
# kube-proxy's and kube-router's iptables rules, kube-router's ipsets, mounts under W,
# the network namespaces the CNI made, the run's cgroups, ganesha's veth pair, the
# network (bridge, node address, guard chains, sysctls) and W.
#
#   bash e2e/teardown.sh W FACTS_DIR   # the guard counter and the PIDs go to FACTS_DIR
#   bash e2e/teardown.sh snapshot DIR  # what the teardown check compares, before and after
#   bash e2e/teardown.sh leftovers     # what a killed run left under the test bed's names (run.sh)
set -Euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

snapshot() { # the machine state a run may change, one file per kind
  local d="$1" h
  mkdir -p "$d"
  findmnt -rn -o TARGET | sort >"$d/mounts"
  ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort >"$d/interfaces"
  ip -o addr show | awk '{print $2, $3, $4}' | sort >"$d/addresses"
  for t in filter nat mangle raw; do iptables -w -t "$t" -S 2>/dev/null | sed "s/^/$t /"; done >"$d/iptables"
  for t in filter nat mangle raw; do ip6tables -w -t "$t" -S 2>/dev/null | sed "s/^/$t /"; done >"$d/ip6tables"
  for h in /sys/fs/cgroup/*/; do find "$h" -mindepth 1 -maxdepth 1 -type d 2>/dev/null; done | sort >"$d/cgroups"
  # The NetworkPolicy engine's traces: routes, the nft ruleset (iptables-nft's
  # tables among it: each table, and each rule with its table and chain, counters
  # left out; a chain without rules holds nothing, and iptables-nft leaves the
  # built-in ones it made) and the ipsets.
  ip route show table all | sort >"$d/routes"
  nft list ruleset 2>/dev/null | awk '
    /^table / { t = $2 " " $3; print "table " t; next }
    /^\t(chain|set|map|flowtable) / { c = $1 " " $2; next }
    /^\t\t(type|policy|hook|flags) / { next }
    /^\t\t/ { sub(/^\t\t/, ""); gsub(/ counter packets [0-9]+ bytes [0-9]+/, ""); print t ", " c ": " $0 }' >"$d/nft"
  ipset list -n 2>/dev/null | sort >"$d/ipsets"
  for t in filter nat mangle raw; do iptables -w -t "$t" -S 2>/dev/null | grep -E -- '(-N|-j) KUBE-(ROUTER|POD-FW|NWPLCY)' | sed "s/^/$t /"; done >"$d/kube-router"
  for s in "${SYSCTLS[@]}"; do printf '%s=%s\n' "$s" "$(sysctl -n "$s" 2>/dev/null | tr -s '\t ' ' ')"; done >"$d/sysctls"
  ls -1 /run/netns 2>/dev/null | sort >"$d/netns" || true
  for h in "${HOST_PATHS[@]}" /persistentvolumes; do [ -e "$h" ] && echo "$h exists"; done >"$d/paths"
}

stop_pid() { # politely, then not; the PID's whole process group
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null && ours "$pid" "$W/pids" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# What a run leaves when it is stopped before its teardown and its directory is
# gone too, found by the test bed's own names (lib.sh), removed; a line for each.
# (A run's KUBE-* chains, sysctls and ipsets need its directory's records.)
leftovers() {
  local c cg
  if ip -o addr show dev lo | grep -q " inet $NODE_IP/32 "; then
    ip addr del "$NODE_IP/32" dev lo && echo "the node address $NODE_IP on lo"
  fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE" && echo "the bridge $BRIDGE"; fi
  for c in "$GUARD_CHAIN" "$EGRESS_CHAIN"; do
    iptables -w -t mangle -S "$c" >/dev/null 2>&1 || continue
    while iptables -w -t mangle -D POSTROUTING -j "$c" 2>/dev/null; do :; done
    while iptables -w -t mangle -D FORWARD -j "$c" 2>/dev/null; do :; done
    iptables -w -t mangle -F "$c" && iptables -w -t mangle -X "$c" && echo "the iptables chain $c (mangle)"
  done
  # node.sh's cgroups, with the containers still in them.
  for cg in /sys/fs/cgroup/*/cdk8s-e2e-*; do
    [ -d "$cg" ] || continue
    find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null
    for _ in $(seq 1 25); do find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null; [ -d "$cg" ] || break; sleep 0.2; done
    [ -d "$cg" ] && log "cannot remove the cgroup $cg" || echo "the cgroup $cg"
  done
}

if [ "${1:-}" = snapshot ]; then snapshot "${2:?}"; exit 0; fi
if [ "${1:-}" = leftovers ]; then leftovers; exit 0; fi
W="${1:?usage: teardown.sh WORKDIR FACTS_DIR | snapshot DIR | leftovers}"
FACTS="${2:?}"
mkdir -p "$FACTS"
[ -d "$W" ] || exit 0
load_env "$W"

# The guard's counter, before its chain goes.
bash "$E2E_DIR/network.sh" guard-count "$W" >"$FACTS/guard-count" 2>/dev/null || echo unknown >"$FACTS/guard-count"

# What kube-router's firewall made, counted for the teardown check before it goes.
iptables -w -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-(ROUTER|POD-FW|NWPLCY)/ {print $2}' >"$FACTS/kube-router-chains"
ipset list -n 2>/dev/null | grep -E '^KUBE-(SRC|DST)-' >"$FACTS/kube-router-ipsets"

# Processes: kubelet first (so it starts nothing new), then the rest in reverse order.
[ -f "$W/pids" ] || : >"$W/pids" # (not touch: its time tells the run's processes apart)
cp "$W/pids" "$FACTS/pids"
kubelet_pid="$(awk '$2 == "kubelet" {print $1}' "$W/pids")"
[ -n "$kubelet_pid" ] && stop_pid "$kubelet_pid"
# Container processes and their shims, found through the run's cgroups and containerd's state.
cg_pids() { [ -n "${CGROUP_PARENT:-}" ] && find /sys/fs/cgroup/*/"$CGROUP_PARENT" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u; }
shim_pids() { # each shim.pid's PID, if that process is still the shim it names
  local f pid
  find "$W/containerd/state" -name shim.pid 2>/dev/null | while read -r f; do
    pid="$(cat "$f")" && ours "$pid" "$f" && echo "$pid"
  done
}
for pid in $(cg_pids) $(shim_pids); do echo "$pid container" >>"$FACTS/pids"; done
for pid in $(cg_pids); do kill -KILL "$pid" 2>/dev/null; done
tac "$W/pids" | while read -r pid name; do [ "$name" = kubelet ] || stop_pid "$pid"; done
for pid in $(shim_pids); do kill -KILL "$pid" 2>/dev/null; done
for i in $(seq 1 25); do [ -z "$(cg_pids)" ] && break; for pid in $(cg_pids); do kill -KILL "$pid" 2>/dev/null; done; sleep 0.2; done

# kube-proxy's chains (iptables and ip6tables), by kube-proxy itself.
[ -n "${KUBE_PROXY:-}" ] && "$KUBE_PROXY" --cleanup >"$W/logs/kube-proxy-cleanup.log" 2>&1

# What --cleanup leaves (chains kubelet and kube-proxy share: KUBE-FIREWALL,
# KUBE-MARK-MASQ, KUBE-PROXY-CANARY ...): every KUBE-* chain that was not there before
# the run, and the rules that jump to one.
sweep_chains() {
  local v t rule target c
  [ -f "$W/chains.before" ] || return 0 # stopped before network.sh up: none made
  for v in iptables ip6tables; do
    for t in filter nat mangle raw; do
      new=()
      for c in $("$v" -w -t "$t" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do
        grep -qx "$v $t $c" "$W/chains.before" 2>/dev/null || new+=("$c")
      done
      [ "${#new[@]}" -gt 0 ] || continue
      "$v" -w -t "$t" -S | grep '^-A ' | while read -r rule; do
        target="$(sed -n 's/.* -j \([^ ]*\).*/\1/p' <<<"$rule")"
        printf '%s\n' "${new[@]}" | grep -qx -- "$target" && eval "$v -w -t $t ${rule/#-A/-D}"
      done
      for c in "${new[@]}"; do "$v" -w -t "$t" -F "$c" 2>/dev/null; done
      for c in "${new[@]}"; do "$v" -w -t "$t" -X "$c" 2>/dev/null; done
    done
  done
}
sweep_chains

# kube-router's ipsets (KUBE-SRC-*, KUBE-DST-*, and the temporary sets of a restore
# cut short): every set that was not there before the run, once no rule names it.
if [ -f "$W/ipsets.before" ]; then
  for s in $(ipset list -n 2>/dev/null | grep -vxF -f "$W/ipsets.before"); do ipset destroy "$s" 2>/dev/null || log "cannot destroy ipset $s"; done
fi

# Mounts under W (deepest first), and network namespaces the CNI made during the run.
findmnt -rn -o TARGET | grep -F "$W/" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
if [ -f "$W/netns.before" ]; then
  for ns in $(ls -1 /run/netns 2>/dev/null | grep '^cni-' | grep -vxF -f "$W/netns.before"); do
    umount "/run/netns/$ns" 2>/dev/null || umount -l "/run/netns/$ns" 2>/dev/null; rm -f "/run/netns/$ns"
  done
  [ -s "$W/netns.before" ] || rmdir /run/netns 2>/dev/null
fi
# Paths outside W that did not exist before the run (containerd's shim sockets, the
# CNI cache, kubelet's pod logs).
if [ -f "$W/paths.absent" ]; then
  while read -r p; do
    findmnt -rn -o TARGET | grep "^$p/" | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$p"
  done <"$W/paths.absent"
fi

# cgroups: the run's parent in every hierarchy, deepest first.
if [ -f "$W/cgroups.made" ]; then
  while read -r cg; do find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null; done <"$W/cgroups.made"
fi
# cgroups kubelet made in hierarchies node.sh did not create a parent in (none expected).
# ganesha's network namespace went with its processes; its veth pair is gone too.
bash "$E2E_DIR/ganesha.sh" down "$W"
bash "$E2E_DIR/network.sh" down "$W"
rm -rf "$W"
