#!/usr/bin/env bash
# NFS for kubelet's mounts. The kernel has no NFS client, so kubelet's
# `mount -t nfs SERVER:PATH TARGET` reaches a mount.nfs first on kubelet's PATH
# (through a `mount` that hands `-t nfs` to it and everything else to mount(8)):
# - over the wire (FUSE in the kernel and the client built): nfs-ganesha
#   (e2e/ganesha.sh), with rpcbind in a network namespace of its own, serves
#   EXPORT_DIR as NFS_PATH over NFSv3 and NFSv4 on NFS_SERVER_IP (reached from the
#   host through a veth pair), and mount.nfs is e2e/nfs-fuse, which maps SERVER to
#   that address and mounts over the version asked (NFSv4 by default) with the
#   caller's uid and gid; a second export, NFS_PATH-root-squash
#   (W/export-root-squash, owned by 1000:1000), squashes root; a third,
#   NFS_PATH-v4only (W/export-v4only), admits NFSv4 only;
# - the fallback (no /dev/fuse or no client): a stand-in that bind-mounts
#   EXPORT_DIR/sub for SERVER:NFS_PATH/sub.
# Only the lab's server is accepted; nothing is ever sent to the server's address.
# Each mount is logged in W/logs/mount-nfs.log ("HH:MM:SS SRC -> TARGET options=OPTS").
#
#   bash e2e/nfs.sh up W SERVER NFS_PATH   # prints the PATH directory for kubelet
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="${2:?usage: nfs.sh up WORKDIR SERVER NFS_PATH}"
SERVER="${3:?}"
EXPORT="${4:?}"
load_env "$W"
NFS_PORT=2049
mkdir -p "$W/export" "$W/export-root-squash" "$W/export-v4only" "$W/nfs-bin" "$W/logs"
chmod 0755 "$W/export" "$W/export-root-squash" "$W/export-v4only"
chown 1000:1000 "$W/export-root-squash"
touch "$W/logs/mount-nfs.log"
if [ -c /dev/fuse ] && grep -qw fuse /proc/filesystems && [ -x "${NFS_FUSE:-}" ]; then
  bash "$E2E_DIR/ganesha.sh" up "$W" "$NFS_HOST_IP" "$NFS_SERVER_IP" "$NFS_PORT" "$EXPORT=$W/export:No_Root_Squash" \
    "$EXPORT-root-squash=$W/export-root-squash:Root_Squash" "$EXPORT-v4only=$W/export-v4only:No_Root_Squash:4" >&2
  # The client with its settings appended (read from its own file): one file that
  # works on the host and mounted into a container as /usr/sbin/mount.nfs.
  cp "$NFS_FUSE" "$W/nfs-bin/mount.nfs"
  printf '\n#nfs-fuse-config\nNFS_FUSE_MAP=%s\nNFS_FUSE_LOG=%s\nNFS_FUSE_PIDS=%s\n' \
    "$SERVER=$NFS_SERVER_IP:$NFS_PORT" "$W/logs/mount-nfs.log" "$W/pids" >>"$W/nfs-bin/mount.nfs"
  save_env NFS_MODE wire
  save_env NFS_ADDR "$NFS_SERVER_IP:$NFS_PORT"
  standin "mount.nfs: kubelet's NFS mounts of $SERVER:$EXPORT/... are FUSE filesystems (e2e/nfs-fuse, libnfs) speaking NFSv4.0 (NFSv3 with nfsvers=3) to nfs-ganesha on $NFS_SERVER_IP:$NFS_PORT, in a network namespace of its own, which exports $W/export; no packet goes to $SERVER"
else
  save_env NFS_MODE bind
  standin "mount.nfs: FALLBACK, no NFS on the wire ($([ -c /dev/fuse ] && grep -qw fuse /proc/filesystems || echo "no FUSE in the kernel")$([ -x "${NFS_FUSE:-}" ] || echo " no e2e/nfs-fuse build")): kubelet's NFS mounts of $SERVER:$EXPORT/... are bind mounts of a local export directory; no packet goes to $SERVER"
cat >"$W/nfs-bin/mount.nfs" <<SH
#!/bin/sh
# STAND-IN for mount.nfs: SERVER:PATH TARGET [-o OPTS] -> bind mount of the local export.
# The log records the options kubelet passed (a PV's mountOptions), which a bind
# mount cannot honour: the checks read them there.
set -eu
src="\$1"; target="\$2"; opts=""
[ "\${3:-}" = -o ] && opts="\${4:-}"
server="\${src%%:*}"; path="\${src#*:}"
case "\$path" in "$EXPORT"|"$EXPORT"/*) ;; *) echo "mount.nfs stand-in: \$src is not under $SERVER:$EXPORT" >&2; exit 32 ;; esac
[ "\$server" = "$SERVER" ] || { echo "mount.nfs stand-in: server \$server is not $SERVER" >&2; exit 32; }
dir="$W/export\${path#"$EXPORT"}"
[ -d "\$dir" ] || { echo "mount.nfs: \$src: No such file or directory (stand-in: \$dir)" >&2; exit 32; }
echo "\$(date -u +%T) \$src -> \$target options=\$opts" >>"$W/logs/mount-nfs.log"
exec /usr/bin/mount --bind "\$dir" "\$target"
SH
fi
cat >"$W/nfs-bin/mount" <<SH
#!/bin/sh
# kubelet runs "mount -t nfs ...": that goes to the stand-in, anything else to mount(8).
nfs=0; for a in "\$@"; do [ "\$a" = nfs ] && nfs=1; done
if [ "\$nfs" = 1 ] && [ "\$1" = -t ]; then
  shift 2; opts=""
  if [ "\$1" = -o ]; then opts="\$2"; shift 2; fi
  exec "$W/nfs-bin/mount.nfs" "\$1" "\$2" \${opts:+-o "\$opts"}
fi
exec /usr/bin/mount "\$@"
SH
chmod 0755 "$W/nfs-bin/mount.nfs" "$W/nfs-bin/mount"
echo "$W/nfs-bin"
