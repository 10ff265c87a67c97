#!/usr/bin/env bash
# The NFS server of the e2e: nfs-ganesha (Debian's nfs-ganesha and nfs-ganesha-vfs)
# with rpcbind, both inside a network namespace of their own (and a private /run,
# so rpcbind's socket and state stay inside too), reachable from the host through
# a veth pair with two private addresses: HOST_ADDR/30 on the host side,
# SERVER_ADDR/30 inside. NFSv3 (with the MOUNT protocol, registered with that
# rpcbind) and NFSv4 over TCP; nothing of either listens on the host's interfaces.
# No NLM, no RQUOTA, no grace period, numeric owners (uid and gid as the client
# sends them). The namespace lives as long as ganesha and rpcbind, which are
# recorded in W/pids (teardown.sh stops them by PID, then runs `down`, which also
# waits until the veth pair is gone).
#
#   bash e2e/ganesha.sh up W HOST_ADDR SERVER_ADDR PORT PSEUDO=DIR:SQUASH[:VERSIONS]...
#   bash e2e/ganesha.sh down W
#
# SQUASH is ganesha's: No_Root_Squash, Root_Squash, All_Squash (anonymous uid and
# gid: ANON_UID, ANON_GID in the environment, default 65534). VERSIONS: the NFS
# versions the export admits, "3+4" (default), "3" or "4". MOUNT (NFSv3) takes the
# pseudo path, as NFSv4 does. The log (W/logs/ganesha.log) has one line per request
# with its program and version (DISPATCH at DEBUG: "Request from ADDR for Program
# 100003, Version 3, ...") and one per NFSv4 operation (NFS_V4 at DEBUG: "opcode
# ... is OP_...").
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cmd="${1:?usage: ganesha.sh up W HOST_ADDR SERVER_ADDR PORT PSEUDO=DIR:SQUASH[:VERSIONS]... | down W}"
W="${2:?}"
mkdir -p "$W/logs" "$W/ganesha"
# The host side of the veth pair, from the run's directory name (unique per run).
suffix="$(basename "$W" | tr -cd 'a-zA-Z0-9' | tail -c 6)"
VETH="e2enfs$suffix"

pid_of() { awk -v n="$1" '$2 == n {print $1}' "$W/pids" | tail -n 1; }
if [ "$cmd" = down ]; then
  for name in ganesha rpcbind; do
    pid="$(pid_of "$name")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ours "$pid" "$W/pids" || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  # The namespace goes with its last process, and the veth pair with it.
  ip link del "$VETH" 2>/dev/null || true
  for _ in $(seq 1 50); do ip link show "$VETH" >/dev/null 2>&1 || exit 0; sleep 0.2; done
  log "ganesha.sh: $VETH is still there"
  exit 1
fi

touch "$W/pids"
HOST_ADDR="${3:?}"
SERVER_ADDR="${4:?}"
PORT="${5:?}"
shift 5
[ "$#" -gt 0 ] || { log "ganesha.sh: no export given"; exit 1; }
! ip link show "$VETH" >/dev/null 2>&1 || { log "ganesha.sh: $VETH exists already"; exit 1; }
if ip -o addr show | grep -qE " inet ($HOST_ADDR|$SERVER_ADDR)/"; then
  log "ganesha.sh: $HOST_ADDR or $SERVER_ADDR is on an interface already"; exit 1
fi
apt_install nfs-ganesha nfs-ganesha-vfs rpcbind
conf="$W/ganesha/ganesha.conf"
mkdir -p "$W/ganesha/recovery"
cat >"$conf" <<CONF
NFS_CORE_PARAM {
  Bind_addr = $SERVER_ADDR;
  NFS_Port = $PORT;
  Protocols = 3, 4;
  Mount_Path_Pseudo = true;
  Enable_UDP = false;
  Enable_NLM = false;
  Enable_RQUOTA = false;
}
NFSV4 {
  Graceless = true;
  Only_Numeric_Owners = true;
  RecoveryRoot = "$W/ganesha/recovery";
}
NFS_KRB5 { Active_krb5 = false; }
LOG { COMPONENTS { NFS_V4 = DEBUG; DISPATCH = DEBUG; NFSPROTO = DEBUG; CLIENTID = DEBUG; } }
CONF
id=0
for e in "$@"; do
  pseudo="${e%%=*}"
  IFS=: read -r dir squash versions <<<"${e#*=}"
  case "$squash" in No_Root_Squash | Root_Squash | All_Squash) ;; *) log "ganesha.sh: squash $squash is not No_Root_Squash, Root_Squash or All_Squash"; exit 1 ;; esac
  case "${versions:=3+4}" in 3 | 4 | 3+4) ;; *) log "ganesha.sh: versions $versions are not 3, 4 or 3+4"; exit 1 ;; esac
  [ -d "$dir" ] || { log "ganesha.sh: $dir is not a directory"; exit 1; }
  id=$((id + 1))
  cat >>"$conf" <<CONF
EXPORT {
  Export_Id = $id;
  Path = "$dir";
  Pseudo = "$pseudo";
  Protocols = ${versions/+/, };
  Transports = TCP;
  SecType = sys;
  Access_Type = RW;
  Squash = $squash;
  Anonymous_Uid = ${ANON_UID:-65534};
  Anonymous_Gid = ${ANON_GID:-65534};
  FSAL { Name = VFS; }
}
CONF
done

# The server's side, in a new network and mount namespace: waits for its interface,
# then a private /run, rpcbind (recorded), and ganesha in place of the shell.
cat >"$W/ganesha/netns.sh" <<SH
#!/usr/bin/env bash
set -eu
for _ in \$(seq 1 100); do [ -e "$W/ganesha/net-ready" ] && break; sleep 0.1; done
[ -e "$W/ganesha/net-ready" ] || { echo "no interface"; exit 1; }
mount -t tmpfs -o mode=0755,size=4m e2e-nfs-run /run
rpcbind -f &
echo "\$! rpcbind" >>"$W/pids"
for _ in \$(seq 1 100); do [ -S /run/rpcbind.sock ] && break; sleep 0.1; done
exec ganesha.nfsd -F -f "$conf" -L "$W/logs/ganesha.log" -p "$W/ganesha/ganesha.pid" -N NIV_EVENT
SH
rm -f "$W/ganesha/net-ready"
start ganesha unshare --net --mount --propagation private bash "$W/ganesha/netns.sh"
pid="$(pid_of ganesha)"
own_netns="$(readlink /proc/self/ns/net)"
in_netns() { [ "$(readlink "/proc/$pid/ns/net")" != "$own_netns" ]; }
wait_until "ganesha's network namespace" 10 in_netns ||
  { log "ganesha.sh: no network namespace: $(cat "$W/logs/ganesha.log" 2>/dev/null)"; exit 1; }
ip link add "$VETH" type veth peer name "${VETH}p"
ip link set "${VETH}p" netns "$pid"
ip addr add "$HOST_ADDR/30" dev "$VETH"
ip link set "$VETH" up
# The route back to the pod range: the csi controller, a pod, mounts its share from here.
nsenter -t "$pid" -n sh -ec "ip link set lo up; ip link set ${VETH}p name nfs0; ip addr add $SERVER_ADDR/30 dev nfs0; ip link set nfs0 up; ip route add $POD_CIDR via $HOST_ADDR"
touch "$W/ganesha/net-ready"
registered() { # NFS 3 and 4 and MOUNT 3 over TCP, as rpcbind lists them
  local l
  l="$(rpcinfo -p "$SERVER_ADDR" 2>/dev/null)"
  grep -qE '^ +100003 +3 +tcp +'"$PORT"' ' <<<"$l" && grep -qE '^ +100003 +4 +tcp ' <<<"$l" && grep -qE '^ +100005 +3 +tcp ' <<<"$l"
}
serving() { kill -0 "$pid" && grep -q 'NFS SERVER INITIALIZED' "$W/logs/ganesha.log" && registered; }
wait_until "ganesha on $SERVER_ADDR:$PORT" 30 serving ||
  { log "ganesha did not start: $(tail -n 5 "$W/logs/ganesha.log" 2>/dev/null | tr '\n' ' ')"; exit 1; }
log "ganesha serves $* on $SERVER_ADDR:$PORT (NFSv3 and NFSv4, rpcbind on $SERVER_ADDR:111; host side $HOST_ADDR on $VETH)"
