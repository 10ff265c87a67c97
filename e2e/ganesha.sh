#!/usr/bin/env bash
# The NFS server of the e2e: nfs-ganesha (Debian's nfs-ganesha and nfs-ganesha-vfs)
# in the foreground of the run, recorded in W/pids (teardown.sh stops it by PID),
# with a configuration written here: VFS exports of local directories, TCP only, on
# one address and port, NFSv4 only (NFSv3 would need rpcbind, which listens on every
# interface: ganesha refuses to start when it cannot register v3), no NLM, no
# RQUOTA, no grace period, numeric owners (uid and gid as the client sends them).
#
#   bash e2e/ganesha.sh up W ADDR PORT PSEUDO=DIR:SQUASH...   # start, wait until it serves
#   bash e2e/ganesha.sh down W                                # stop it (by PID)
#
# SQUASH is ganesha's: No_Root_Squash, Root_Squash, All_Squash (anonymous uid and
# gid: ANON_UID, ANON_GID in the environment, default 65534). Each export's
# operations are logged (W/logs/ganesha.log, component NFS_V4 at DEBUG: one
# "opcode ... is OP_..." line per operation).
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cmd="${1:?usage: ganesha.sh up W ADDR PORT PSEUDO=DIR:SQUASH... | down W}"
W="${2:?}"
mkdir -p "$W/logs" "$W/ganesha"
touch "$W/pids"

if [ "$cmd" = down ]; then
  pid="$(awk '$2 == "ganesha" {print $1}' "$W/pids" | tail -n 1)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || exit 0
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  exit 0
fi

ADDR="${3:?}"
PORT="${4:?}"
shift 4
[ "$#" -gt 0 ] || { log "ganesha.sh: no export given"; exit 1; }
apt_install nfs-ganesha nfs-ganesha-vfs
# A systemd machine would start the packaged service; the test bed runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nfs-ganesha 2>/dev/null; then
  log "nfs-ganesha.service is running: the e2e needs its own server on $ADDR:$PORT"; exit 1
fi
conf="$W/ganesha/ganesha.conf"
mkdir -p "$W/ganesha/recovery"
cat >"$conf" <<CONF
NFS_CORE_PARAM {
  Bind_addr = $ADDR;
  NFS_Port = $PORT;
  Protocols = 4;
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
LOG { COMPONENTS { NFS_V4 = DEBUG; } }
CONF
id=0
for e in "$@"; do
  pseudo="${e%%=*}"; rest="${e#*=}"; dir="${rest%:*}"; squash="${rest##*:}"
  case "$squash" in No_Root_Squash | Root_Squash | All_Squash) ;; *) log "ganesha.sh: squash $squash is not No_Root_Squash, Root_Squash or All_Squash"; exit 1 ;; esac
  [ -d "$dir" ] || { log "ganesha.sh: $dir is not a directory"; exit 1; }
  id=$((id + 1))
  cat >>"$conf" <<CONF
EXPORT {
  Export_Id = $id;
  Path = "$dir";
  Pseudo = "$pseudo";
  Protocols = 4;
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
start ganesha ganesha.nfsd -F -f "$conf" -L "$W/logs/ganesha.log" -p "$W/ganesha/ganesha.pid" -N NIV_EVENT
pid="$(awk '$2 == "ganesha" {print $1}' "$W/pids" | tail -n 1)"
serving() { kill -0 "$pid" && grep -q 'NFS SERVER INITIALIZED' "$W/logs/ganesha.log" && ss -Htln "sport = :$PORT" | grep -qE "[[ ](::ffff:)?${ADDR//./\\.}]?:$PORT "; }
wait_until "ganesha on $ADDR:$PORT" 30 serving ||
  { log "ganesha did not start: $(tail -n 5 "$W/logs/ganesha.log" | tr '\n' ' ')"; exit 1; }
log "ganesha serves $* on $ADDR:$PORT (NFSv4)"
