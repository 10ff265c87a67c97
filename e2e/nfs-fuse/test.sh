#!/usr/bin/env bash
# The NFS client and server alone, without a cluster (as root): starts ganesha
# (e2e/ganesha.sh) on 127.0.0.1 with a no_root_squash and a root_squash export,
# mounts each with mount.nfs over FUSE (e2e/nfs-fuse), writes as root and as uid
# 1000 through the mount and reads back on the server's side, unmounts, stops
# ganesha, and checks that no process or mount is left.
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

# A free port on loopback (an e2e run's ganesha uses the node address and 2049).
port=""
for p in $(shuf -i 20000-29999 -n 20); do ss -Htln "sport = :$p" | grep -q . || { port="$p"; break; }; done
[ -n "$port" ] || { echo "FAIL nfs-fuse: no free port"; exit 1; }

mkdir -p "$W/open" "$W/squashed" "$W/logs" "$W/m1" "$W/m2"
chmod 0777 "$W/open"
chown 1000:1000 "$W/squashed"
chmod 0755 "$W/squashed"
bash "$E2E_DIR/ganesha.sh" up "$W" 127.0.0.1 "$port" /lab="$W/open":No_Root_Squash /squashed="$W/squashed":Root_Squash 2>>"$W/logs/setup.log" ||
  { echo "FAIL nfs-fuse ganesha: $(tail -n 3 "$W/logs/setup.log" | tr '\n' ' ')"; exit 1; }
gpid="$(awk '$2 == "ganesha" {print $1}' "$W/pids")"

export NFS_FUSE_MAP="192.168.1.21=127.0.0.1:$port" NFS_FUSE_LOG="$W/logs/mount-nfs.log" NFS_FUSE_PIDS="$W/pids"
as1000() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }

out="$("$CLIENT" 192.168.1.21:/lab "$W/m1" -o nfsvers=4.1,noac 2>&1)"
check "mounts 192.168.1.21:/lab from 127.0.0.1:$port: $(grep '^STAND-IN' <<<"$out")" findmnt -n "$W/m1"
check "prints the options it cannot honour (nfsvers=4.1, noac)" grep -q 'nfsvers=4.1 not honoured.*noac' <<<"$(tr '\n' ' ' <<<"$out")"
echo root-page >"$W/m1/root.txt"
as1000 sh -c "echo user-page >'$W/m1/user.txt' && mkdir '$W/m1/userdir'"
check "root's file is root's on the server, with its content" test "$(stat -c %u "$W/open/root.txt"):$(cat "$W/open/root.txt")" = 0:root-page
check "uid 1000's file and directory are 1000's on the server" test "$(stat -c %u:%g "$W/open/user.txt") $(stat -c %u "$W/open/userdir")" = "1000:1000 1000"
echo server-side >"$W/open/from-server.txt"
check "a file written on the server is read through the mount" test "$(cat "$W/m1/from-server.txt")" = server-side
head -c 3000000 /dev/urandom >"$W/big"
cp "$W/big" "$W/m1/big"
check "3 MB written through the mount are the same on the server, and read back" sh -c "cmp -s '$W/big' '$W/open/big' && cmp -s '$W/big' '$W/m1/big'"
mv "$W/m1/big" "$W/m1/big2" && ln -s big2 "$W/m1/link" && chmod 0640 "$W/m1/big2" && truncate -s 10 "$W/m1/big2" && rm "$W/m1/user.txt" && rmdir "$W/m1/userdir"
check "rename, symlink, chmod, truncate, unlink, rmdir reach the server" \
  test "$(stat -c '%a %s' "$W/open/big2") $(readlink "$W/open/link") $(ls "$W/open" | tr '\n' ' ')" = "640 10 big2 big2 from-server.txt link root.txt "
mkdir "$W/m1/dir" && chmod 0777 "$W/m1/dir" && chown 1000:1000 "$W/m1/dir" && touch -d 2021-02-03T00:00:00Z "$W/m1/dir"
check "chmod, chown and utimes of a directory reach the server" test "$(stat -c '%a %u:%g %Y' "$W/open/dir")" = "777 1000:1000 1612310400"
rmdir "$W/m1/dir"
chgrp 1000 "$W/m1" && chmod 2777 "$W/m1"
check "chgrp and chmod of the mount's root (kubelet's fsGroup) reach the server" test "$(stat -c '%a %g' "$W/open")" = "2777 1000"
check "ganesha's log shows the operations (OP_WRITE, OP_RENAME)" sh -c "grep -q 'OP_WRITE' '$W/logs/ganesha.log' && grep -q 'OP_RENAME' '$W/logs/ganesha.log'"

"$CLIENT" 192.168.1.21:/squashed "$W/m2" 2>/dev/null
err="$(echo x 2>&1 >"$W/m2/root.txt")"
check "root_squash: root cannot write into uid 1000's directory ($err)" bash -c "[ ! -e '$W/squashed/root.txt' ] && grep -q 'Permission denied' <<<'$err'"
as1000 sh -c "echo y >'$W/m2/user.txt' && mkdir '$W/m2/userdir'"
check "root_squash: uid 1000 writes, and owns what it made" test "$(stat -c %u "$W/squashed/user.txt") $(stat -c %u "$W/squashed/userdir")" = "1000 1000"

err="$("$CLIENT" 192.168.1.21:/not-exported "$W/m2" 2>&1)"; rc=$?
check "a path the server does not export fails the mount with its message (exit $rc: $err)" bash -c "[ $rc = 32 ] && grep -q NFS4ERR <<<'$err'"
err="$("$CLIENT" 192.168.1.21:/lab "$W/m2" -o nfsvers=3 2>&1)"; rc=$?
check "nfsvers=3 fails the mount with the NFSv4-only server's answer (exit $rc: $err)" bash -c "[ $rc = 32 ] && grep -q 'refused NFSv3: Server responded: Program version mismatch' <<<'$err'"
err="$("$CLIENT" 10.0.0.1:/lab "$W/m2" 2>&1)"; rc=$?
check "a server that is not mapped is refused, not contacted (exit $rc)" bash -c "[ $rc = 32 ] && grep -q 'not in NFS_FUSE_MAP' <<<'$err'"

daemons="$(awk '$2 == "nfs-fuse" {print $1}' "$W/pids" | tr '\n' ' ')"
umount "$W/m1" && umount "$W/m2"
bash "$E2E_DIR/ganesha.sh" down "$W"
sleep 1
alive=""
for p in $daemons $gpid; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
check "unmounted and stopped: no mount under the test's directory, no daemon ($daemons) or ganesha ($gpid) left" \
  sh -c "[ -z '$alive' ] && ! findmnt -rn -o TARGET | grep -qF '$W/'"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
