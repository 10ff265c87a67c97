#!/usr/bin/env bash
# The node's network: the node address on lo, the CNI config (bridge + host-local on
# a private range, no masquerade), and iptables guards: pod traffic never leaves the
# pod range except to the node itself, and a counted DROP for the lab's NFS address.
# The guards live in the mangle table, which the filter table's rules cannot
# bypass: kube-router's firewall keeps its jumps first in filter's INPUT, FORWARD
# and OUTPUT and ACCEPTs there what a NetworkPolicy allows. The NFS guard is
# in POSTROUTING (every packet that leaves, after the Services' DNAT); the pod
# egress guard in FORWARD (what pods send through the node).
#
#   bash e2e/network.sh up W | down W | guard-count W
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="${2:?usage: network.sh up|down|guard-count WORKDIR}"

guard_count() { # packets the guard has dropped (POSTROUTING)
  iptables -w -t mangle -L "$GUARD_CHAIN" -n -v -x 2>/dev/null | awk -v ip="$NFS_GUARD_IP" '$3 == "DROP" && $9 == ip { n += $1 } END { print n + 0 }'
}

case "$1" in
up)
  # What the network and its removal use (a fresh machine may have none of it).
  apt_install iproute2 iptables nftables ipset
  for s in "${SYSCTLS[@]}"; do
    v="$(sysctl -n "$s" 2>/dev/null)" && printf '%s=%s\n' "$s" "$(echo "$v" | tr -s '\t ' ' ')" >>"$W/sysctls.saved"
  done
  # The chains that exist before the run: teardown.sh removes KUBE-* chains that did not.
  for v in iptables ip6tables; do
    for t in filter nat mangle raw; do "$v" -w -t "$t" -S 2>/dev/null | awk '$1 == "-N" {print $2}' | sed "s/^/$v $t /"; done
  done >"$W/chains.before"
  # And the nft tables: iptables-nft makes a table the first time a rule goes in one
  # and never deletes it; down deletes those the run made once they hold no rule.
  nft list tables 2>/dev/null >"$W/nft-tables.before" || :
  ip addr add "$NODE_IP/32" dev lo
  echo "addr" >>"$W/network.made"
  iptables -w -t mangle -N "$GUARD_CHAIN"
  iptables -w -t mangle -A "$GUARD_CHAIN" -d "$NFS_GUARD_IP" -j DROP
  iptables -w -t mangle -I POSTROUTING 1 -j "$GUARD_CHAIN"
  iptables -w -t mangle -N "$EGRESS_CHAIN"
  # ganesha's namespace is inside the machine too: the csi controller, a pod on
  # the pod network, mounts its share from there.
  iptables -w -t mangle -A "$EGRESS_CHAIN" -s "$POD_CIDR" -d "$NFS_SERVER_IP" -j RETURN
  iptables -w -t mangle -A "$EGRESS_CHAIN" -s "$POD_CIDR" ! -d "$POD_CIDR" -j DROP
  iptables -w -t mangle -I FORWARD 1 -j "$EGRESS_CHAIN"
  echo "iptables" >>"$W/network.made"
  mkdir -p "$W/cni/net.d" "$W/cni/ipam"
  cat >"$W/cni/net.d/10-e2e.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "e2e",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "$W/cni/ipam", "ranges": [[{ "subnet": "$POD_CIDR" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] }
    },
    { "type": "loopback" }
  ]
}
JSON
  log "network: $NODE_IP on lo, pods on $POD_CIDR (bridge $BRIDGE), drops counted for $NFS_GUARD_IP"
  ;;
down)
  # Interfaces: the bridge (veths go with their pods' network namespaces).
  ip link del "$BRIDGE" 2>/dev/null || true
  if grep -qx addr "$W/network.made" 2>/dev/null; then ip addr del "$NODE_IP/32" dev lo 2>/dev/null || true; fi
  if grep -qx iptables "$W/network.made" 2>/dev/null; then
    iptables -w -t mangle -D POSTROUTING -j "$GUARD_CHAIN" 2>/dev/null || true
    iptables -w -t mangle -D FORWARD -j "$EGRESS_CHAIN" 2>/dev/null || true
    for c in "$GUARD_CHAIN" "$EGRESS_CHAIN"; do iptables -w -t mangle -F "$c" 2>/dev/null && iptables -w -t mangle -X "$c" 2>/dev/null || true; done
  fi
  if [ -f "$W/nft-tables.before" ]; then
    # (No new table is no error: the sysctls below are restored whatever happens here.)
    { nft list tables 2>/dev/null | grep -vxF -f "$W/nft-tables.before" || true; } | while read -r _ family table; do
      # Empty: nothing but the table, its chains' declarations and braces.
      nft list table "$family" "$table" 2>/dev/null | grep -vqE '^\s*(table |chain |type |policy |\}|$)' ||
        nft delete table "$family" "$table" 2>/dev/null || log "cannot delete nft table $family $table"
    done
  fi
  if [ -f "$W/sysctls.saved" ]; then
    while IFS='=' read -r k v; do
      [ "$(sysctl -n "$k" 2>/dev/null | tr -s '\t ' ' ')" = "$v" ] || sysctl -q -w "$k=$v" >/dev/null 2>&1 || log "cannot restore $k=$v"
    done <"$W/sysctls.saved"
  fi
  ;;
guard-count) guard_count ;;
*) echo "usage: network.sh up|down|guard-count WORKDIR" >&2; exit 2 ;;
esac
