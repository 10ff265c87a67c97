#!/usr/bin/env bash
# End-to-end test of the lab on a real node, once per Kubernetes version: builds
# what is missing (build.sh, images.sh), brings the cluster up (network.sh, nfs.sh,
# control-plane.sh, node.sh), runs the checks (e2e/checks, go test with
# sigs.k8s.io/e2e-framework), tears everything down (teardown.sh, on any exit) and
# checks that nothing is left (TestTeardown). See e2e/README.md.
#
#   bash e2e/run.sh                       # v1.27.16 and v1.37.2
#   E2E_VERSIONS=v1.27.16 bash e2e/run.sh # one version
#   LAB_YAML=path/to/lab.k8s.yaml bash e2e/run.sh
#   E2E_ONLY='^(mount-options|path-pattern)$' bash e2e/run.sh  # only these checks (and teardown); refused under CI
#
# Prints PASS/FAIL [version] lines, INFO and STAND-IN lines, per version
# "INFO [version] checks-ran: N of M" (every id of e2e/checks/expected-ids.txt
# must pass, e2e/checks-ran.sh), and last one line "N passed, N failed" for the
# whole run; exits non-zero if anything failed.
set -Euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LAB_YAML="${LAB_YAML:-$REPO/examples/lab/dist/lab.k8s.yaml}"
E2E_VERSIONS="${E2E_VERSIONS:-v1.27.16 v1.37.2}"
E2E_TIMEOUT="${E2E_TIMEOUT:-900}"              # one version's run after the build, seconds
E2E_BUILD_TIMEOUT="${E2E_BUILD_TIMEOUT:-2700}" # one version's build (cold: downloads + compile)
E2E_KEEP_WORKDIR="${E2E_KEEP_WORKDIR:-0}"      # 1: keep a copy of the logs for a post-mortem
# CI runs every check: a narrowing left in the environment must not shrink it.
if [ -n "${CI:-}" ] && [ -n "${E2E_ONLY:-}" ]; then
  echo "FAIL [setup] run: E2E_ONLY='$E2E_ONLY' is set with CI='$CI': CI runs every check; unset E2E_ONLY (it is for iterating)"
  echo "0 passed, 1 failed"
  exit 1
fi
[ "$(id -u)" = 0 ] || { echo "FAIL [setup] run: e2e/run.sh needs root (containerd, kubelet, iptables)"; echo "0 passed, 1 failed"; exit 1; }

# One run at a time on a machine: two would share kubelet's ports and containerd
# whatever cache each uses, so the lock is the machine's, not the cache's.
mkdir -p "$CACHE"
LOCK="${E2E_LOCK:-/run/lock/cdk8s-e2e.lock}"
exec 9>"$LOCK"
flock -n 9 || { log "another e2e run holds $LOCK: waiting for it"; flock 9; }

# A run stopped before its teardown (killed, or the machine stopped under it)
# leaves what it made. A run records its directory here while it lives; the
# next one tears down what that directory says was made, then removes what
# still carries the test bed's own names (teardown.sh leftovers).
LIVE="$LOCK.workdir"
recover() {
  local w what
  if [ -s "$LIVE" ]; then
    w="$(cat "$LIVE")"
    if [ -d "$w" ]; then
      echo "INFO [$v] recovered: $w was left by a run stopped before its teardown; tearing it down"
      bash "$E2E_DIR/teardown.sh" "$w" "$R/$v/stale" >&2
    fi
  fi
  rm -f "$LIVE"
  what="$(bash "$E2E_DIR/teardown.sh" leftovers | paste -sd';' - | sed 's/;/; /g')"
  [ -z "$what" ] || echo "INFO [$v] recovered: removed what a run stopped before its teardown left: $what"
}

R="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-e2e-results.XXXXXX")"
OUT="$R/out.log"
touch "$OUT"
CHILD=""
summary() {
  local p f
  p="$(grep -c '^PASS \[' "$OUT")"; f="$(grep -c '^FAIL \[' "$OUT")"
  echo "$p passed, $f failed"
  [ "$E2E_KEEP_WORKDIR" = 1 ] && log "results kept in $R" || rm -rf "$R"
  [ "$f" = 0 ] && [ "$p" -gt 0 ]
}
on_signal() {
  log "signal received: stopping"
  [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null && wait "$CHILD" 2>/dev/null
  [ -n "${v:-}" ] && [ -f "$R/$v.out" ] && tee -a "$OUT" <"$R/$v.out"
  echo "FAIL [run] run: interrupted" | tee -a "$OUT"
  summary
  exit 1
}
trap on_signal INT TERM

# One version, in a subshell whose EXIT trap tears the cluster down whatever happens.
run_version() {
  # Not local: the EXIT trap needs them after the function has returned.
  v="$1"
  fail() { echo "FAIL [$v] $1: $2"; }
  # A signal stops the step under way, then the subshell (and, once the
  # cluster is up, its EXIT trap tears it down). `timeout` runs a step in a
  # process group of its own, which a Ctrl-C on the terminal does not reach,
  # and passes a TERM on to that whole group: a step is run in the background
  # and waited for, so that the trap runs at once and stops it.
  step_pid=""
  stop() {
    [ -n "$step_pid" ] && kill -TERM "$step_pid" 2>/dev/null && wait "$step_pid" 2>/dev/null
    exit 143
  }
  trap stop INT TERM
  # in_step LIMIT OUT CMD...: CMD's stdout into OUT, under timeout LIMIT seconds.
  in_step() {
    local limit="$1" out="$2" rc
    shift 2
    timeout "$limit" "$@" >"$out" &
    step_pid=$!
    wait "$step_pid"
    rc=$?
    step_pid=""
    return "$rc"
  }
  in_step "$E2E_BUILD_TIMEOUT" "$R/$v.build" bash "$E2E_DIR/build.sh" "$v" ||
    { fail build "e2e/build.sh $v failed or took longer than ${E2E_BUILD_TIMEOUT}s"; return 1; }
  build_out="$(cat "$R/$v.build")"
  source <(printf '%s\n' "$build_out")
  echo "CHECKS=$CHECKS" >"$R/$v.checks"
  # shellcheck disable=SC2086 # CSI_BINS is a list of folders
  in_step "$E2E_BUILD_TIMEOUT" "$R/$v.images" bash "$E2E_DIR/images.sh" "$PROVISIONER_BIN" "$NGINX_EXPORTER" $CSI_BINS ||
    { fail images "e2e/images.sh failed or took longer than ${E2E_BUILD_TIMEOUT}s"; return 1; }
  images_out="$(cat "$R/$v.images")"
  recover
  W="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-e2e.XXXXXX")"
  echo "$W" >"$LIVE"
  facts="$R/$v"
  mkdir -p "$W/logs" "$facts"
  bash "$E2E_DIR/teardown.sh" snapshot "$facts/before"
  teardown() {
    # Ignore further signals rather than die of them: a second INT or TERM (a
    # signal sent to the whole process group, then on_signal's own) must not
    # cut the teardown short and leave the cluster running.
    trap - EXIT
    trap '' INT TERM
    [ -n "${checks_pid:-}" ] && kill -TERM "$checks_pid" 2>/dev/null
    if [ -n "${ADMIN_KC:-}" ] && [ -n "${NS:-}" ]; then
      # Politely first: kubelet stops the pods, unmounts their volumes, deletes their sandboxes.
      timeout 60 "$KUBECTL" --kubeconfig "$ADMIN_KC" delete namespace "$NS" --wait=true >/dev/null 2>&1 || true
    fi
    if [ "$E2E_KEEP_WORKDIR" = 1 ]; then cp -r "$W/logs" "$facts/logs" 2>/dev/null; cp "$W/audit.json" "$facts/" 2>/dev/null; fi
    if [ "${rc:-1}" != 0 ]; then
      for f in "$W"/logs/*.log; do
        [ -f "$f" ] || continue
        printf '\n----- last lines of %s -----\n' "$(basename "$f")" >&2
        tail -n 20 "$f" >&2
      done
      # The NFS client's errors, wherever they are in its log of every mount.
      printf '\n----- the NFS client: its last errors -----\n' >&2
      grep -v -e ' options=' -e ': NFSv[34]' -e ': unmounted' "$W/logs/mount-nfs.log" 2>/dev/null | tail -n 20 >&2
    fi
    bash "$E2E_DIR/teardown.sh" "$W" "$facts"
    rm -f "$LIVE"
  }
  trap teardown EXIT
  grep '^STAND-IN' <<<"$images_out"
  printf '%s\n' "$build_out" "$(grep -v '^STAND-IN' <<<"$images_out")" >"$W/env"
  cp "$LAB_YAML" "$W/lab.k8s.yaml" # a re-synth during the run must not pull it away
  rc=1
  bash "$E2E_DIR/network.sh" up "$W" || { fail setup "network"; return 1; }
  bash "$E2E_DIR/control-plane.sh" "$W" || { fail setup "control plane"; return 1; }
  ADMIN_KC="$W/admin.kubeconfig"
  API_PORT="$(sed -n 's/^API_PORT=//p' "$W/env")"
  # The lab's namespace and NFS export, read by the API server's own parser.
  lab_json="$("$KUBECTL" --kubeconfig "$ADMIN_KC" create --dry-run=client -o json -f "$W/lab.k8s.yaml")" ||
    { fail setup "kubectl cannot read $LAB_YAML"; return 1; }
  NS="$(jq -rs '[.[] | (.items[]? // .) | select(.kind == "Namespace")][0].metadata.name' <<<"$lab_json")"
  # The export the lab asks for (the tutorial's, or the lab's own knobs
  # LAB_NFS_SERVER, LAB_NFS_PATH), not the one the manifest names: a library
  # that emitted another would mount what the stand-in does not serve.
  nfs_server="${LAB_NFS_SERVER:-$(jq -r .nfsServer "$E2E_DIR/checks/tutorial.json")}"
  nfs_path="${LAB_NFS_PATH:-$(jq -r .nfsPath "$E2E_DIR/checks/tutorial.json")}"
  # The checks' own apps (e2e/apps/*.app.ts), synthesized with the library for this export.
  # Every NfsStorage of theirs names the API server's port (E2E_API_PORT) in its
  # provisioner's NetworkPolicy; csi.app.ts also gets the kubelet's root and the mount.nfs stand-in's parts (nfs.sh).
  LAB_NFS_SERVER="$nfs_server" LAB_NFS_PATH="$nfs_path" E2E_API_PORT="$API_PORT" E2E_KUBELET_DIR="$W/kubelet" E2E_EXPORT_DIR="$W/export" \
    E2E_MOUNT_NFS="$W/nfs-bin/mount.nfs" E2E_MOUNT_LOG="$W/logs/mount-nfs.log" node "$E2E_DIR/apps/synth.js" "$W/apps" >"$W/logs/apps.log" 2>&1 ||
    { fail setup "e2e/apps/synth.js: $(tail -n 5 "$W/logs/apps.log" | tr '\n' ' ')"; return 1; }
  grep '^STAND-IN' "$W/logs/apps.log"
  nfs_out="$(bash "$E2E_DIR/nfs.sh" up "$W" "$nfs_server" "$nfs_path")" || { fail setup "nfs"; return 1; }
  grep '^STAND-IN' <<<"$nfs_out"
  nfs_bin="$(tail -n 1 <<<"$nfs_out")"
  bash "$E2E_DIR/node.sh" "$W" "$nfs_bin" || { fail setup "node"; return 1; }
  source "$W/env"
  if [ "${NFS_MODE:-bind}" = wire ]; then
    standin "$nfs_server:$nfs_path is nfs-ganesha on $NFS_ADDR exporting a local directory ($W/export): the lab's address is never contacted"
  else
    standin "$nfs_server:$nfs_path is a local directory ($W/export): no NFS server runs, the lab's address is never contacted"
  fi
  E2E_K8S_VERSION="$v" E2E_WORKDIR="$W" E2E_KUBECTL="$KUBECTL" E2E_KUBECONFIG="$ADMIN_KC" E2E_LAB_YAML="$W/lab.k8s.yaml" E2E_APPS="$W/apps" \
    E2E_CONTAINERD_SOCK="$CONTAINERD_SOCK" E2E_NODE_IP="$NODE_IP" E2E_API_PORT="$API_PORT" E2E_KWOK="$KWOK" E2E_NFS_MODE="${NFS_MODE:-bind}" E2E_DIR="$E2E_DIR" E2E_CSI_BINS="$CSI_BINS" E2E_CRDS="$CRDS" \
    timeout "$E2E_TIMEOUT" "$CHECKS" -test.run '^TestLab$' -test.timeout "${E2E_TIMEOUT}s" >"$W/logs/checks.log" 2>&1 &
  checks_pid=$!
  wait "$checks_pid" # in the background, so that a signal reaches the trap at once
  rc=$?
  grep -E '^(PASS|FAIL|INFO) \[' "$W/logs/checks.log"
  grep -q '^PASS \[' "$W/logs/checks.log" || grep -q '^FAIL \[' "$W/logs/checks.log" || fail checks "the checks did not run (exit $rc): $(tail -n 5 "$W/logs/checks.log" | tr '\n' ' ')"
  [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail checks "the checks ended with exit $rc (timeout ${E2E_TIMEOUT}s?)"
}

for v in $E2E_VERSIONS; do
  log "=== Kubernetes $v"
  start=$SECONDS
  # Without the lock's descriptor: the daemons a run starts (setsid) would keep
  # the lock held after a kill of run.sh, and the next run would wait for ever.
  ( run_version "$v" ) >"$R/$v.out" 2>"$R/$v.stderr" 9>&- &
  CHILD=$! # the subshell itself: a signal to it runs its teardown
  wait "$CHILD"
  CHILD=""
  tee -a "$OUT" <"$R/$v.out"
  if ! grep -q "^PASS \[$v\]\|^FAIL \[$v\]" "$OUT"; then
    echo "FAIL [$v] run: no check ran; stderr: $(tail -n 15 "$R/$v.stderr" | tr '\n' ' ')" | tee -a "$OUT"
  fi
  grep -q "^FAIL \[$v\]" "$OUT" && tail -n 60 "$R/$v.stderr" >&2
  # The machine is as it was before: a named check, run after the teardown.
  checks="$(sed -n 's/^CHECKS=//p' "$R/$v.checks" 2>/dev/null)"
  if [ -x "$checks" ] && [ -d "$R/$v/before" ]; then
    E2E_K8S_VERSION="$v" E2E_DIR="$E2E_DIR" E2E_BEFORE="$R/$v/before" E2E_FACTS="$R/$v" \
      "$checks" -test.run '^TestTeardown$' 2>&1 | grep -E '^(PASS|FAIL) \[' | tee -a "$OUT"
  else
    echo "FAIL [$v] teardown: not checked (no checks binary or no snapshot: the build or the set-up failed first)" | tee -a "$OUT"
  fi
  # Every expected id passed, and no check ran unlisted.
  bash "$E2E_DIR/checks-ran.sh" "$v" "$OUT" "$E2E_DIR/checks/expected-ids.txt" "${E2E_ONLY:-}" | tee -a "$OUT"
  log "Kubernetes $v: $((SECONDS - start))s"
done
summary
