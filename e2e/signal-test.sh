#!/usr/bin/env bash
# A Ctrl-C on e2e/run.sh leaves no process behind: run.sh, from a copy of e2e/
# whose build.sh is a stand-in that builds nothing for a long time (with a child
# of its own), gets SIGINT on its whole process group, as a terminal sends it,
# while the build runs; then no process of the run's process groups may remain
# (a zombie, dead and waiting for whoever adopted it, does not count).
# Needs no cluster, no root and not the machine's e2e lock (a lock of its own).
#
#   bash e2e/signal-test.sh     # prints "N passed, N failed"
set -Euo pipefail
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
cp -r "$E2E_DIR" "$T/e2e"
rm -rf "$T/e2e/checks" "$T/e2e/nfs-fuse"
printf '%s\n' '#!/usr/bin/env bash' 'sleep 600 &' 'wait' >"$T/e2e/build.sh"
passed=0 failed=0
ok() { echo "PASS [signal] $1"; passed=$((passed + 1)); }
ko() { echo "FAIL [signal] $1"; failed=$((failed + 1)); }

# Job control: the run gets a process group of its own and SIGINT is not
# ignored in it (a non-interactive shell ignores it in background commands).
set -m
# SIGINT back to its default first: a shell started in the background of a
# non-interactive one (as CI may start .ci/run) inherits it ignored, and bash
# can neither trap nor reset a signal ignored on entry.
E2E_LOCK="$T/lock" E2E_VERSIONS=v1.37.2 env --default-signal=INT bash "$T/e2e/run.sh" >"$T/out" 2>&1 &
run=$!
set +m
# The build is under way once the stand-in's sleep runs: the run's process
# group and the build's (timeout's own).
build=""
for _ in $(seq 100); do
  build="$(pgrep -f "^timeout .*$T/e2e/build.sh" | head -n 1)"
  [ -n "$build" ] && pgrep -g "$(ps -o pgid= "$build" | tr -d ' ')" -x sleep >/dev/null && break
  sleep 0.1
done
groups="$run ${build:+$(ps -o pgid= "$build" | tr -d ' ')}"
[ -n "$build" ] && [ "${groups#* }" != "$run" ] && ok "the build runs in a process group of its own: groups $groups" || ko "no build seen: groups $groups; $(cat "$T/out")"
kill -INT -- "-$run"
wait "$run"
rc=$?
sleep 1
left=""
for g in $groups; do left+="$(pgrep -a -r D,R,S,T,t,I -g "$g")"; done
[ "$rc" != 0 ] && grep -q '^FAIL \[run\] run: interrupted' "$T/out" && ok "run.sh stopped (exit $rc) and said so" || ko "run.sh exit $rc: $(cat "$T/out")"
if [ -z "$left" ]; then
  ok "no process of the run is left"
else
  ko "left: $left"
  for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
