#!/usr/bin/env bash
# A run stopped before its teardown (killed, or the machine stopped under it)
# leaves what it made; the next run removes it before it makes anything. This
# plays that without a cluster: it leaves what a dead run would (its recorded
# directory with the node address, the guard chains, a daemon it started and a
# container in its cgroup; a lost run's bridge and cgroup with no record), then
# runs run.sh from a copy of e2e/ whose build and control plane are stand-ins,
# and checks that the run tore the dead run down and removed the lost one's
# leftovers by name, and that a process started after the dead run's PID list was
# written (a PID given out again) is not killed.
# Needs root, and the machine's e2e lock (the leftovers have the test bed's names).
#
#   bash e2e/recover-test.sh     # prints "N passed, N failed"
set -Euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
passed=0 failed=0
ok() { echo "PASS [recover] $1"; passed=$((passed + 1)); }
ko() { echo "FAIL [recover] $1"; failed=$((failed + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
[ "$(id -u)" = 0 ] || { ko "needs root"; echo "$passed passed, $failed failed"; exit 1; }
exec 9>"${E2E_LOCK:-/run/lock/cdk8s-e2e.lock}"
flock 9

T="$(mktemp -d)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  bash "$E2E_DIR/teardown.sh" leftovers >/dev/null 2>&1
  [ -d "$T/dead" ] && bash "$E2E_DIR/teardown.sh" "$T/dead" "$T/facts" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT

# A copy of e2e/ whose build, images and control plane are stand-ins: the run
# gets as far as the network, then fails its set-up and tears down its own.
cp -r "$E2E_DIR" "$T/e2e"
rm -rf "$T/e2e/checks" "$T/e2e/nfs-fuse"
printf '%s\n' '#!/usr/bin/env bash' "echo CHECKS=$T/none PROVISIONER_BIN=none NGINX_EXPORTER=none CSI_BINS=" >"$T/e2e/build.sh"
printf '%s\n' '#!/usr/bin/env bash' 'exit 0' >"$T/e2e/images.sh"
# (It also says whether it holds the lock's descriptor, as a daemon it started would.)
printf '%s\n' '#!/usr/bin/env bash' "{ [ -e /proc/\$\$/fd/9 ] && echo held || echo free; } >$T/lockfd" 'exit 1' >"$T/e2e/control-plane.sh"

# The dead run: its directory, recorded where run.sh records a live one.
W="$T/dead"
mkdir -p "$W/logs"
bash "$E2E_DIR/network.sh" up "$W" 2>/dev/null
setsid sleep 600 </dev/null >/dev/null 2>&1 &
daemon=$!
pids+=("$daemon")
echo "$daemon kube-apiserver" >"$W/pids"
CG="cdk8s-e2e-recover-$$"
mkdir -p "/sys/fs/cgroup/pids/$CG/pod" && echo "/sys/fs/cgroup/pids/$CG" >"$W/cgroups.made"
sleep 600 </dev/null >/dev/null 2>&1 &
container=$!
pids+=("$container")
echo "$container" >"/sys/fs/cgroup/pids/$CG/pod/cgroup.procs"
echo "CGROUP_PARENT=$CG" >"$W/env"
# A process started after the list was last written, under a PID the list names.
sleep 2.2
sleep 600 </dev/null >/dev/null 2>&1 &
later=$!
pids+=("$later")
t="$(stat -c %Y "$W/pids")"
echo "$later kubelet" >>"$W/pids"
touch -d "@$t" "$W/pids"
echo "$W" >"$T/lock.workdir"
# A lost run: no record, its bridge (network.sh down removes it with the dead
# run's network anyway) and a cgroup with a container left.
ip link add "$BRIDGE" type bridge
mkdir -p "/sys/fs/cgroup/pids/cdk8s-e2e-lost-$$"
sleep 600 </dev/null >/dev/null 2>&1 &
lost=$!
pids+=("$lost")
echo "$lost" >"/sys/fs/cgroup/pids/cdk8s-e2e-lost-$$/cgroup.procs"

LAB_YAML=/dev/null E2E_LOCK="$T/lock" E2E_VERSIONS=v1.37.2 E2E_CACHE_DIR="$T/cache" bash "$T/e2e/run.sh" >"$T/out" 2>"$T/err"
sleep 0.5
check "the run says it tore the dead run's directory down" grep -qF "INFO [v1.37.2] recovered: $W was left by a run stopped before its teardown" "$T/out"
check "the run names what it removed of the lost run: $(grep -o 'removed what.*' "$T/out")" \
  grep -qE "recovered: removed .*the cgroup /sys/fs/cgroup/pids/cdk8s-e2e-lost-$$" "$T/out"
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat")" != Z ]; }
check "the dead run's daemon is stopped" eval '! alive "$daemon"'
check "its container (in its cgroup) is stopped, and the cgroup removed" eval '! alive "$container" && [ ! -d "/sys/fs/cgroup/pids/$CG" ]'
check "a process under a PID the list names but started after it is left alone" alive "$later"
check "the lost run's container is stopped, its cgroup and bridge removed" \
  eval '! alive "$lost" && [ ! -d "/sys/fs/cgroup/pids/cdk8s-e2e-lost-$$" ] && ! ip link show "$BRIDGE" >/dev/null 2>&1'
check "the node address, the guard chains and the dead run's directory are gone" \
  eval '! ip -o addr show dev lo | grep -q " $NODE_IP/32 " && ! iptables -w -t mangle -S | grep -q E2E- && [ ! -d "$W" ]'
check "the run's own record of its directory is removed with it" test ! -e "$T/lock.workdir"
check "the run's steps (and the daemons they start) do not hold the lock: a kill of run.sh frees it" grep -qx free "$T/lockfd"
check "the run went on to its own set-up after recovering (and failed it: the stand-in control plane)" grep -q '^FAIL \[v1.37.2\] setup: control plane' "$T/out"
[ "$failed" = 0 ] || { echo "--- run.sh's output"; cat "$T/out"; tail -n 20 "$T/err"; }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
