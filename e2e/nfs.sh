#!/usr/bin/env bash
# NFS without an NFS client in the kernel: the export is a local directory, and
# kubelet's `mount -t nfs SERVER:PATH TARGET` reaches a mount.nfs stand-in (first on
# kubelet's PATH, through a `mount` that hands `-t nfs` to it and everything else to
# the real mount) which bind-mounts EXPORT_DIR/sub for SERVER:NFS_PATH/sub. Only the
# lab's server and path are accepted; nothing is ever sent to the server's address.
#
#   bash e2e/nfs.sh up W SERVER NFS_PATH   # prints the PATH directory for kubelet
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="${2:?usage: nfs.sh up WORKDIR SERVER NFS_PATH}"
SERVER="${3:?}"
EXPORT="${4:?}"
mkdir -p "$W/export" "$W/nfs-bin"
chmod 0755 "$W/export"
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
standin "mount.nfs: kubelet's NFS mounts of $SERVER:$EXPORT/... are bind mounts of a local export directory (the kernel has no NFS client); no packet goes to $SERVER"
echo "$W/nfs-bin"
