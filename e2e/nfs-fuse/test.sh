#!/usr/bin/env bash
# The NFS client and server alone, without a cluster (as root): starts ganesha
# and rpcbind (e2e/ganesha.sh) in a network namespace of their own, reached
# through a veth pair with a free private /30 (10.99.100.0 to 10.99.199.0), with a
# no_root_squash, a root_squash and an NFSv4-only export; mounts them with
# mount.nfs over FUSE (e2e/nfs-fuse) over NFSv3, then NFSv4: writes as root and as
# uid 1000 through the mount and reads back on the server's side, reads ganesha's
# log for the protocol version it served; unmounts, stops ganesha, and checks that
# no process, mount or interface is left.
#
#   bash e2e/nfs-fuse/test.sh [path/to/mount.nfs]   # default: built into a temp dir
#
# Prints PASS/FAIL lines and ends with "N passed, N failed".
set -Euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
[ "$(id -u)" = 0 ] || { echo "FAIL nfs-fuse: needs root (FUSE mounts, ganesha)"; exit 1; }
W="$(mktemp -d "${TMPDIR:-/tmp}/nfs-fuse-test.XXXXXX")"
chmod 0755 "$W"
passed=0 failed=0
pass() { echo "PASS nfs-fuse $1"; passed=$((passed + 1)); }
fail() { echo "FAIL nfs-fuse $1"; failed=$((failed + 1)); }
check() { local what="$1"; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
cleanup() {
  findmnt -rn -o TARGET | grep -F "$W/" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
  bash "$E2E_DIR/ganesha.sh" down "$W"
  [ -f "$W/pids" ] && while read -r pid _; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"; done <"$W/pids"
  rm -rf "$W"
}
trap cleanup EXIT

CLIENT="${1:-}"
if [ -z "$CLIENT" ]; then
  apt_install gcc libc6-dev pkg-config libfuse3-dev libnfs-dev fuse3
  CLIENT="$W/mount.nfs"
  # shellcheck disable=SC2046
  gcc -O2 -Wall -o "$CLIENT" "$E2E_DIR/nfs-fuse/nfs-fuse.c" $(pkg-config --cflags --libs fuse3 libnfs) -lpthread || exit 1
fi

# A free /30 for the veth pair between the host and ganesha's namespace (an e2e
# run's is 10.99.2.0/30); inside the namespace ganesha has the usual ports.
net=""
for o in $(shuf -i 100-199 -n 20); do ip -o addr show | grep -q " inet 10\.99\.$o\." || ip route show | grep -q "^10\.99\.$o\." || { net="10.99.$o"; break; }; done
[ -n "$net" ] || { echo "FAIL nfs-fuse: no free 10.99.x.0/30"; exit 1; }
host="$net.1" server="$net.2"

mkdir -p "$W/open" "$W/squashed" "$W/v4only" "$W/logs" "$W/m1" "$W/m2"
chmod 0777 "$W/open"
chown 1000:1000 "$W/squashed"
chmod 0755 "$W/squashed"
for d in v3 v4.0; do
  mkdir -m 0777 "$W/open/$d" && echo server-side >"$W/open/$d/from-server.txt"
  mkdir -m 0755 "$W/squashed/$d" && chown 1000:1000 "$W/squashed/$d"
done
bash "$E2E_DIR/ganesha.sh" up "$W" "$host" "$server" 2049 /lab="$W/open":No_Root_Squash \
  /squashed="$W/squashed":Root_Squash /v4only="$W/v4only":No_Root_Squash:4 2>>"$W/logs/setup.log" ||
  { echo "FAIL nfs-fuse ganesha: $(tail -n 3 "$W/logs/setup.log" | tr '\n' ' ')"; exit 1; }
gpid="$(awk '$2 == "ganesha" {print $1}' "$W/pids")"
rpid="$(awk '$2 == "rpcbind" {print $1}' "$W/pids")"
veth="$(ip -o addr show | awk -v a="$host/30" '$4 == a {print $2}')"
inside="$(nsenter -t "$gpid" -n ss -Htln | awk '{print $4}' | sort | tr '\n' ' ')"
check "ganesha ($gpid) and rpcbind ($rpid) listen only in their namespace ($inside), none of their sockets on the host's" \
  bash -c "grep -q ':2049 ' <<<'$inside ' && grep -q ':111 ' <<<'$inside ' && ! ss -Htlnp | grep -qE 'pid=($gpid|$rpid),'"

export NFS_FUSE_MAP="192.168.1.21=$server:2049" NFS_FUSE_LOG="$W/logs/mount-nfs.log" NFS_FUSE_PIDS="$W/pids"
as1000() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }
# served PROGRAM VERSION: requests ganesha logged for that program and version.
served() { grep -c "Request from [^ ]*$host for Program $1, Version $2," "$W/logs/ganesha.log"; }

# suite VERSION OPTIONS NOT_HONOURED: the same file operations over one NFS version,
# in a directory of each export of its own (made before ganesha started: ganesha
# caches what it has seen, and a change behind its back is not one it sees at once).
suite() {
  local v="$1" opts="$2" nothon="$3" out before3 before4 rc err d="v$1"
  local m="$W/m1/$d" o="$W/open/$d"
  before3="$(served 100003 3)" before4="$(served 100003 4)"
  out="$("$CLIENT" 192.168.1.21:/lab "$W/m1" -o "$opts" 2>&1)"
  check "v$v: mounts 192.168.1.21:/lab -o $opts from $server: $(grep '^STAND-IN' <<<"$out")" \
    env OUT="$out" bash -c "findmnt -n '$W/m1' && grep -q 'speaking NFSv$v ' <<<\"\$OUT\""
  check "v$v: prints the options it cannot honour ($nothon)" grep -q "$nothon" <<<"$(tr '\n' ' ' <<<"$out")"
  echo root-page >"$m/root.txt"
  as1000 sh -c "echo user-page >'$m/user.txt' && mkdir '$m/userdir'"
  check "v$v: root's file is root's on the server, with its content" test "$(stat -c %u "$o/root.txt"):$(cat "$o/root.txt")" = 0:root-page
  check "v$v: uid 1000's file and directory are 1000's on the server" test "$(stat -c %u:%g "$o/user.txt") $(stat -c %u "$o/userdir")" = "1000:1000 1000"
  check "v$v: a file written on the server is read through the mount" test "$(cat "$m/from-server.txt")" = server-side
  head -c 3000000 /dev/urandom >"$W/big"
  cp "$W/big" "$m/big"
  check "v$v: 3 MB written through the mount are the same on the server, and read back" sh -c "cmp -s '$W/big' '$o/big' && cmp -s '$W/big' '$m/big'"
  mv "$m/big" "$m/big2" && ln -s big2 "$m/link" && chmod 0640 "$m/big2" && truncate -s 10 "$m/big2" && rm "$m/user.txt" && rmdir "$m/userdir"
  check "v$v: rename, symlink, chmod, truncate, unlink, rmdir reach the server" \
    test "$(stat -c '%a %s' "$o/big2") $(readlink "$o/link") $(ls "$o" | tr '\n' ' ')" = "640 10 big2 big2 from-server.txt link root.txt "
  mkdir "$m/dir" && chmod 0777 "$m/dir" && chown 1000:1000 "$m/dir" && touch -d 2021-02-03T00:00:00Z "$m/dir"
  check "v$v: chmod, chown and utimes of a directory reach the server" test "$(stat -c '%a %u:%g %Y' "$o/dir")" = "777 1000:1000 1612310400"
  rmdir "$m/dir"
  chgrp 1000 "$W/m1" && chmod 2777 "$W/m1"
  check "v$v: chgrp and chmod of the mount's root (kubelet's fsGroup) reach the server" test "$(stat -c '%a %g' "$W/open")" = "2777 1000"
  chgrp 0 "$W/m1" && chmod 0777 "$W/m1"
  "$CLIENT" 192.168.1.21:/lab/"$d" "$W/m2" -o "$opts" 2>/dev/null
  check "v$v: a directory under the export mounts on its own (as kubelet mounts a provisioned volume)" test "$(cat "$W/m2/root.txt" 2>&1)" = root-page
  umount "$W/m2"

  "$CLIENT" 192.168.1.21:/squashed "$W/m2" -o "$opts" 2>/dev/null
  err="$(echo x 2>&1 >"$W/m2/$d/root.txt")"
  check "v$v: root_squash: root cannot write into uid 1000's directory ($err)" bash -c "[ ! -e '$W/squashed/$d/root.txt' ] && grep -q 'Permission denied' <<<'$err'"
  as1000 sh -c "echo y >'$W/m2/$d/user.txt' && mkdir '$W/m2/$d/userdir'"
  check "v$v: root_squash: uid 1000 writes, and owns what it made" test "$(stat -c %u "$W/squashed/$d/user.txt") $(stat -c %u "$W/squashed/$d/userdir")" = "1000 1000"
  umount "$W/m2"
  umount "$W/m1"
  local after3 after4 other
  after3="$(served 100003 3)" after4="$(served 100003 4)"
  if [ "$v" = 3 ]; then other=$((after4 - before4)); else other=$((after3 - before3)); fi
  check "v$v: ganesha served the NFS requests as version ${v%.*} (v3 +$((after3 - before3)), v4 +$((after4 - before4)))" \
    test "$(( ${v%.*} == 3 ? after3 - before3 : after4 - before4 ))" -gt 20 -a "$other" = 0
}

suite 3 nfsvers=3,noac 'not honoured by this client: noac'
check "v3: ganesha served the MOUNT protocol, version 3" test "$(served 100005 3)" -gt 0
suite 4.0 nfsvers=4.1,noac 'nfsvers=4.1 not honoured.*noac'
check "v4: ganesha's log shows NFSv4 operations (OP_WRITE, OP_RENAME)" sh -c "grep -q 'OP_WRITE' '$W/logs/ganesha.log' && grep -q 'OP_RENAME' '$W/logs/ganesha.log'"

err="$("$CLIENT" 192.168.1.21:/v4only "$W/m2" -o nfsvers=3 2>&1)"; rc=$?
check "nfsvers=3 of an NFSv4-only export fails the mount with the server's answer (exit $rc: $err)" bash -c "[ $rc = 32 ] && grep -q 'MNT3ERR_ACCES' <<<'$err'"
out="$("$CLIENT" 192.168.1.21:/v4only "$W/m2" -o nfsvers=4 2>&1)"; rc=$?
check "nfsvers=4 of the NFSv4-only export mounts (exit $rc)" bash -c "[ $rc = 0 ] && findmnt -n '$W/m2'"
umount "$W/m2" 2>/dev/null
err="$("$CLIENT" 192.168.1.21:/not-exported "$W/m2" 2>&1)"; rc=$?
check "a path the server does not export fails the NFSv4 mount with its message (exit $rc: $err)" bash -c "[ $rc = 32 ] && grep -q NFS4ERR <<<'$err'"
err="$("$CLIENT" 192.168.1.21:/not-exported "$W/m2" -o nfsvers=3 2>&1)"; rc=$?
check "a path the server does not export fails the NFSv3 mount with its message (exit $rc: $err)" bash -c "[ $rc = 32 ] && grep -q MNT3ERR <<<'$err'"
err="$("$CLIENT" 10.0.0.1:/lab "$W/m2" 2>&1)"; rc=$?
check "a server that is not mapped is refused, not contacted (exit $rc)" bash -c "[ $rc = 32 ] && grep -q 'not in NFS_FUSE_MAP' <<<'$err'"

daemons="$(awk '$2 == "nfs-fuse" {print $1}' "$W/pids" | tr '\n' ' ')"
bash "$E2E_DIR/ganesha.sh" down "$W"
sleep 1
alive=""
for p in $daemons $gpid $rpid; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
check "unmounted and stopped: no mount under the test's directory, no daemon ($daemons), ganesha ($gpid), rpcbind ($rpid) or interface ($veth) left" \
  sh -c "[ -z '$alive' ] && ! findmnt -rn -o TARGET | grep -qF '$W/' && ! ip link show '$veth' 2>/dev/null | grep -q ."
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
