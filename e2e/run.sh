#!/usr/bin/env bash
# End-to-end test of the lab on a real Kubernetes control plane, without Docker or
# a kubelet: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK
# (one fake node that makes scheduled pods Running/Ready) and an NFS provisioner
# running out of cluster with the ServiceAccount token the lab generates. All on
# 127.0.0.1, all stopped on exit. See e2e/README.md.
#
#   LAB_YAML=path/to/lab.k8s.yaml bash e2e/run.sh
#
# Ends with the line "N passed, N failed"; exits non-zero if anything failed.
set -Euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
LAB_YAML="${LAB_YAML:-$REPO/examples/lab/dist/lab.k8s.yaml}"
E2E_TIMEOUT="${E2E_TIMEOUT:-900}"              # whole run after the build, seconds
E2E_BUILD_TIMEOUT="${E2E_BUILD_TIMEOUT:-2100}" # build (cold: Go module downloads + compile)
E2E_WAIT="${E2E_WAIT:-120}"                    # one wait for the cluster to converge
E2E_KEEP_WORKDIR="${E2E_KEEP_WORKDIR:-0}"      # 1: keep logs and data for a post-mortem

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
finish() { printf '%d passed, %d failed\n' "$PASSED" "$FAILED"; }

if [ ! -f "$LAB_YAML" ]; then
  fail setup "LAB_YAML not found: $LAB_YAML (synthesize the lab first)"
  finish
  exit 1
fi
LAB_YAML="$(cd "$(dirname "$LAB_YAML")" && pwd)/$(basename "$LAB_YAML")"

# ---- build (bounded on its own) -------------------------------------------
build_out="$(timeout "$E2E_BUILD_TIMEOUT" bash "$HERE/build.sh")" || {
  fail setup "e2e/build.sh failed or took longer than ${E2E_BUILD_TIMEOUT}s"
  finish
  exit 1
}
while IFS='=' read -r key value; do
  case "$key" in
    ETCD | K8S_VERSION | KUBE_APISERVER | KUBE_CONTROLLER_MANAGER | KUBE_SCHEDULER | KUBECTL | KWOK | KWOK_STAGES | NFS_PROVISIONER)
      printf -v "$key" '%s' "$value" ;;
  esac
done <<<"$build_out"

# ---- processes, clean-up, overall timeout --------------------------------
W="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-e2e.XXXXXX")"
mkdir -p "$W/logs" "$W/pki" "$W/export"
PIDS=()
PV_LINK=/persistentvolumes
PV_SAVED=""
WATCHDOG=""

stop_pid() { # stop a process group started with setsid, politely then not
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then
    for f in "$W"/logs/*.log; do
      [ -f "$f" ] || continue
      printf '\n----- last lines of %s -----\n' "$(basename "$f")" >&2
      tail -n 25 "$f" >&2
    done
  fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  if [ -L "$PV_LINK" ] && [ "$(readlink "$PV_LINK")" = "$W/export" ]; then rm -f "$PV_LINK"; fi
  if [ -n "$PV_SAVED" ] && [ ! -e "$PV_LINK" ] && [ ! -L "$PV_LINK" ]; then mv "$PV_SAVED" "$PV_LINK"; fi
  [ -n "$WATCHDOG" ] && stop_pid "$WATCHDOG"
  if [ "$E2E_KEEP_WORKDIR" = 1 ]; then log "work dir kept: $W"; else rm -rf "$W"; fi
  if [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
    fail run "aborted (exit $rc) before all checks ran"
  fi
  finish
  if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
  exit 0
}
trap cleanup EXIT
trap 'fail run "interrupted (signal, or the overall timeout of ${E2E_TIMEOUT}s)"; exit 1' INT TERM
die() { fail setup "$1"; exit 1; }

# Work on a copy: a re-synth during the run must not pull the file away.
cp "$LAB_YAML" "$W/lab.k8s.yaml" || die "cannot read $LAB_YAML"
LAB_YAML="$W/lab.k8s.yaml"

setsid bash -c 'sleep "$1"; echo "[e2e] overall timeout of $1 s reached" >&2; kill -TERM "$2"' _ "$E2E_TIMEOUT" "$$" &
WATCHDOG=$!

start() { # start NAME CMD...: in its own process group, output to logs/NAME.log
  local name="$1"
  shift
  setsid "$@" >"$W/logs/$name.log" 2>&1 </dev/null &
  PIDS+=("$!")
  log "started $name (pid $!)"
}

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# wait_until DESC SECONDS CMD...: poll CMD every second until it succeeds.
wait_until() {
  local desc="$1" limit="$2" t=0
  shift 2
  until "$@" >/dev/null 2>&1; do
    t=$((t + 1))
    if [ "$t" -ge "$limit" ]; then log "timed out after ${limit}s waiting for $desc"; return 1; fi
    sleep 1
  done
}

# ---- control plane ---------------------------------------------------------
ETCD_PORT="$(free_port)"
ETCD_PEER_PORT="$(free_port)"
API_PORT="$(free_port)"
KWOK_PORT="$(free_port)"
ADMIN_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s,e2e-admin,e2e-admin,"system:masters"\n' "$ADMIN_TOKEN" >"$W/pki/tokens.csv"
openssl genrsa -out "$W/pki/sa.key" 2048 2>/dev/null
CA="$W/pki/apiserver.crt"
# Record what ServiceAccounts (only the provisioner uses one here) ask the API for.
cat >"$W/pki/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: ["system:serviceaccounts"]
- level: None
EOF

kubeconfig() { # kubeconfig FILE TOKEN
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $CA
users:
- name: user
  user:
    token: $2
contexts:
- name: e2e
  context:
    cluster: e2e
    user: user
current-context: e2e
EOF
}
ADMIN_KC="$W/admin.kubeconfig"
kubeconfig "$ADMIN_KC" "$ADMIN_TOKEN"
k() { "$KUBECTL" --kubeconfig "$ADMIN_KC" "$@"; }

start etcd "$ETCD" --name e2e --data-dir "$W/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "e2e=http://127.0.0.1:$ETCD_PEER_PORT"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_until etcd 30 port_open "$ETCD_PORT" || die "etcd did not listen on 127.0.0.1:$ETCD_PORT"

start kube-apiserver "$KUBE_APISERVER" \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
  --cert-dir "$W/pki" --token-auth-file "$W/pki/tokens.csv" \
  --authorization-mode Node,RBAC \
  --service-cluster-ip-range 10.96.0.0/24 \
  --service-account-key-file "$W/pki/sa.key" --service-account-signing-key-file "$W/pki/sa.key" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --endpoint-reconciler-type none --profiling=false \
  --audit-policy-file "$W/pki/audit-policy.yaml" --audit-log-path "$W/audit.json"
wait_until "kube-apiserver /readyz" 90 k get --raw /readyz || die "kube-apiserver not ready within 90s"
log "kube-apiserver $("$KUBECTL" --kubeconfig "$ADMIN_KC" version -o json | jq -r .serverVersion.gitVersion) ready on 127.0.0.1:$API_PORT"

start kube-controller-manager "$KUBE_CONTROLLER_MANAGER" \
  --kubeconfig "$ADMIN_KC" --leader-elect=false --controllers '*' \
  --secure-port 0 \
  --service-account-private-key-file "$W/pki/sa.key" --root-ca-file "$CA" \
  --node-monitor-grace-period 120s --profiling=false
start kube-scheduler "$KUBE_SCHEDULER" --kubeconfig "$ADMIN_KC" --leader-elect=false --secure-port 0 --profiling=false
stage_args=()
for f in "$KWOK_STAGES"/*.yaml; do stage_args+=(--config "$f"); done
start kwok "$KWOK" --kubeconfig "$ADMIN_KC" --manage-all-nodes=true \
  --server-address "127.0.0.1:$KWOK_PORT" --node-port "$KWOK_PORT" --node-ip 127.0.0.1 "${stage_args[@]}"

k apply -f - >/dev/null <<EOF || die "cannot create the fake node"
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
  annotations:
    kwok.x-k8s.io/node: fake
EOF
node_ready() { [ "$(k get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
wait_until "the KWOK node to be Ready" 60 node_ready || die "KWOK did not make kwok-node-0 Ready within 60s"
wait_until "the controller-manager (ServiceAccount default/default)" 60 k get serviceaccount default -n default ||
  die "kube-controller-manager did not create ServiceAccount default/default within 60s"
log "control plane up: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (node kwok-node-0)"

# ---- what the lab contains -------------------------------------------------
k create --dry-run=client -o json -f "$LAB_YAML" >"$W/lab.json" 2>"$W/logs/lab-parse.log" || {
  fail setup "kubectl cannot read $LAB_YAML: $(head -c 300 "$W/logs/lab-parse.log")"
  exit 1
}
# One object or a List of them.
jq -s 'map(if .kind == "List" then .items[] else . end)' "$W/lab.json" >"$W/lab-items.json"
q() { jq -r "$@" "$W/lab-items.json"; }

NS="$(q '[.[] | select(.kind == "Namespace")][0].metadata.name // empty')"
STS="$(q '[.[] | select(.kind == "StatefulSet")][0].metadata.name // empty')"
STS_NS="$(q '[.[] | select(.kind == "StatefulSet")][0].metadata.namespace // empty')"
NS="${NS:-$STS_NS}"
VCT="$(q '[.[] | select(.kind == "StatefulSet")][0].spec.volumeClaimTemplates[0].metadata.name // empty')"
REPLICAS="$(q '[.[] | select(.kind == "StatefulSet")][0].spec.replicas // 1')"
SC="$(q '[.[] | select(.kind == "StatefulSet")][0].spec.volumeClaimTemplates[0].spec.storageClassName // empty')"
PROVISIONER="$(q --arg sc "$SC" '[.[] | select(.kind == "StorageClass" and .metadata.name == $sc)][0].provisioner // empty')"
# The provisioner's ServiceAccount: the one in the namespace that a ClusterRoleBinding names.
read -r SA CLUSTER_ROLE CRB < <(q --arg ns "$NS" '
  [.[] | select(.kind == "ServiceAccount" and (.metadata.namespace // $ns) == $ns) | .metadata.name] as $sas
  | [.[] | select(.kind == "ClusterRoleBinding") as $b | $b.subjects[]?
     | select(.kind == "ServiceAccount" and .namespace == $ns and (.name as $n | $sas | index($n)))
     | "\(.name) \($b.roleRef.name) \($b.metadata.name)"][0] // empty')
DEPLOY_ENV() { # value of an env var of the Deployment that runs as $SA
  q --arg sa "$SA" --arg k "$1" '[.[] | select(.kind == "Deployment" and .spec.template.spec.serviceAccountName == $sa)
    | .spec.template.spec.containers[].env[]? | select(.name == $k) | .value][0] // empty'
}
NFS_SERVER="$(DEPLOY_ENV NFS_SERVER)"
NFS_PATH="$(DEPLOY_ENV NFS_PATH)"
DEPLOY_PROVISIONER="$(DEPLOY_ENV PROVISIONER_NAME)"
log "lab: namespace=$NS statefulset=$STS replicas=$REPLICAS claimTemplate=$VCT class=$SC provisioner=$PROVISIONER"
log "lab: serviceAccount=$SA clusterRole=$CLUSTER_ROLE clusterRoleBinding=$CRB NFS=$NFS_SERVER:$NFS_PATH"
missing=""
for v in NS STS VCT SC PROVISIONER SA CLUSTER_ROLE; do [ -n "${!v}" ] || missing="$missing $v"; done
if [ -n "$missing" ]; then
  fail setup "could not find in the lab YAML:$missing"
  exit 1
fi
if [ -n "$DEPLOY_PROVISIONER" ] && [ "$DEPLOY_PROVISIONER" != "$PROVISIONER" ]; then
  fail setup "the Deployment's PROVISIONER_NAME ($DEPLOY_PROVISIONER) is not the StorageClass provisioner ($PROVISIONER)"
fi

# ---- 1. server-side dry run, strict validation -----------------------------
# The lab's own Namespace object(s) for real first: the rest needs them to exist.
jq '{apiVersion: "v1", kind: "List", items: [.[] | select(.kind == "Namespace")]}' "$W/lab-items.json" >"$W/namespaces.json"
if [ "$(jq '.items | length' "$W/namespaces.json")" -gt 0 ]; then
  k apply --validate=strict -f "$W/namespaces.json" >/dev/null || fail setup "the lab's Namespace objects were rejected"
else
  k create namespace "$NS" >/dev/null
fi
n_docs="$(q 'length')"
dry_errors=""
for i in $(seq 0 $((n_docs - 1))); do
  jq ".[$i]" "$W/lab-items.json" >"$W/doc.json"
  what="$(jq -r '"\(.kind)/\(.metadata.name)"' "$W/doc.json")"
  if ! out="$(k apply --dry-run=server --validate=strict -f "$W/doc.json" 2>&1)"; then
    dry_errors="$dry_errors; $what: $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-300)"
  fi
done
if [ -z "$dry_errors" ]; then
  pass 1 "all $n_docs objects pass kubectl apply --dry-run=server --validate=strict"
else
  fail 1 "server-side dry run rejected${dry_errors}"
fi

# ---- apply for real, watching the pods from before the first one ---------
pod() { printf '%s-%s' "$STS" "$1"; }
claim() { printf '%s-%s-%s' "$VCT" "$STS" "$1"; }
k get pods -n "$NS" --watch --output-watch-events -o json >"$W/pod-watch.json" 2>"$W/logs/pod-watch.log" &
WATCH_PID=$!
PIDS+=("$WATCH_PID")
sleep 1
if ! out="$(k apply --validate=strict -f "$LAB_YAML" 2>&1)"; then
  fail apply "kubectl apply: $(printf '%s\n' "$out" | grep -v '^Warning:' | tr '\n' ' ' | cut -c1-400)"
fi

# The provisioner, out of cluster, with the generated ServiceAccount's token only.
if [ -e "$PV_LINK" ] || [ -L "$PV_LINK" ]; then
  PV_SAVED="$PV_LINK.e2e-saved.$$"
  mv "$PV_LINK" "$PV_SAVED" || { fail setup "cannot move $PV_LINK aside (run as root)"; exit 1; }
fi
ln -s "$W/export" "$PV_LINK" || { fail setup "cannot create $PV_LINK (run as root)"; exit 1; }
SA_TOKEN="$(k create token "$SA" -n "$NS" --duration 2h)" || { fail setup "kubectl create token $SA"; exit 1; }
SA_KC="$W/provisioner.kubeconfig"
kubeconfig "$SA_KC" "$SA_TOKEN"
ksa() { "$KUBECTL" --kubeconfig "$SA_KC" "$@"; }
start provisioner env KUBECONFIG="$SA_KC" PROVISIONER_NAME="$PROVISIONER" \
  NFS_SERVER="${NFS_SERVER:-nfs.invalid}" NFS_PATH="${NFS_PATH:-/nfsdata}" \
  ENABLE_LEADER_ELECTION=true POD_NAMESPACE="$NS" "$NFS_PROVISIONER" -v=2
PROVISIONER_PID="${PIDS[-1]}"
sleep 3
kill -0 "$PROVISIONER_PID" 2>/dev/null || die "the provisioner exited at start-up: $(tail -n 3 "$W/logs/provisioner.log" | tr '\n' ' ')"

sts_ready() { [ "$(k get sts "$STS" -n "$NS" -o jsonpath='{.status.readyReplicas}')" = "$1" ]; }
if wait_until "$REPLICAS ready pods of $STS" "$((E2E_WAIT * 2))" sts_ready "$REPLICAS"; then
  log "StatefulSet $STS: $REPLICAS/$REPLICAS ready"
else
  log "StatefulSet $STS not ready; pods: $(k get pods -n "$NS" -o wide 2>&1 | tr '\n' '|')"
fi

# ---- 2. ordered start --------------------------------------------------------
# Replay the watch: whenever pod N (N>0) is ADDED, pod N-1 must already be Ready.
ordered_check() {
  jq -r --arg sts "$STS" '
    select(.object.metadata.name | startswith($sts + "-"))
    | [.type, .object.metadata.name, .object.metadata.resourceVersion,
       ((.object.status.conditions // []) | map(select(.type == "Ready"))[0].status // "None"),
       (.object.metadata.deletionTimestamp // "-")] | @tsv' "$W/pod-watch.json" |
    awk -v sts="$STS" -v n="$REPLICAS" -v verbose="${1:-1}" '
      { name = $2; idx = substr(name, length(sts) + 2) + 0
        if ($1 == "ADDED") {
          added[idx]++; adds++
          if (idx > 0 && ready[idx - 1] != "True") { printf "%s ADDED (rv %s) while %s-%d was not Ready\n", name, $3, sts, idx - 1; bad = 1 }
          if (idx > 0 && added[idx] == 1) first[idx] = $3
        }
        if ($1 == "DELETED") ready[idx] = "Gone"; else ready[idx] = $4
        if ($4 == "True" && !(idx in readyrv)) readyrv[idx] = $3
      }
      END {
        for (i = 0; i < n; i++) if (!(i in added)) { printf "%s-%d never appeared\n", sts, i; bad = 1 }
        if (!bad) {
          if (verbose) for (i = 1; i < n; i++) printf "%s-%d first created at rv %s after %s-%d Ready at rv %s; ", sts, i, first[i], sts, i - 1, readyrv[i - 1]
          printf "%d pod creations in the watch, each after its predecessor was Ready\n", adds
        }
        exit bad
      }'
}
check_ordered() { # check_ordered ID [VERBOSE]
  local out
  if out="$(ordered_check "${2:-1}" 2>&1)"; then pass "$1" "ordered start: $out"; else fail "$1" "$(printf '%s' "$out" | tr '\n' ' ')"; fi
}
# Server-side timestamps as a second witness (1 s resolution).
stamps="$(k get pods -n "$NS" -o json | jq -r --arg sts "$STS" '
  .items[] | select(.metadata.name | startswith($sts + "-"))
  | [(.metadata.name | ltrimstr($sts + "-")), .metadata.creationTimestamp,
     ((.status.conditions // []) | map(select(.type == "Ready" and .status == "True"))[0].lastTransitionTime // "-")] | @tsv' | sort -n)"
log "pod creation / Ready times: $(printf '%s' "$stamps" | tr '\t\n' ' ;')"
check_ordered 2
# Second witness, server timestamps (1 s resolution): pod N created no earlier than N-1 Ready.
stamp_msg="$(printf '%s\n' "$stamps" | awk -F'\t' -v sts="$STS" '
  { created[$1] = $2; ready[$1] = $3 }
  END { for (i = 1; (i in created); i++) if (ready[i - 1] == "-" || created[i] < ready[i - 1]) printf "%s-%d created %s before %s-%d Ready (%s); ", sts, i, created[i], sts, i - 1, ready[i - 1] }')"
if [ -z "$stamp_msg" ]; then
  pass 2t "server timestamps agree: each pod created at or after its predecessor's Ready transition"
else
  fail 2t "$stamp_msg"
fi

# ---- 3. claims, volumes, directories ---------------------------------------
declare -a PVC_UID PV_NAME PV_UID PV_DIR
LAB_CONTENT=(123 456 789) # what the tutorial writes into index.html of pods 0, 1, 2
expected_content() { printf '%s\n' "${LAB_CONTENT[$1]:-pod-$1}"; }
claims_ok=1
claims_msg=""
claim_bound() { [ "$(k get pvc "$1" -n "$NS" -o jsonpath='{.status.phase}')" = Bound ]; }
for i in $(seq 0 $((REPLICAS - 1))); do
  c="$(claim "$i")"
  if ! wait_until "claim $c Bound" "$E2E_WAIT" claim_bound "$c"; then
    claims_ok=0; claims_msg="$claims_msg; $c not Bound ($(k get pvc "$c" -n "$NS" -o jsonpath='{.status.phase}' 2>&1))"; continue
  fi
  read -r class pv uid < <(k get pvc "$c" -n "$NS" -o jsonpath='{.spec.storageClassName} {.spec.volumeName} {.metadata.uid}')
  read -r by policy path puid claimuid < <(k get pv "$pv" -o jsonpath='{.metadata.annotations.pv\.kubernetes\.io/provisioned-by} {.spec.persistentVolumeReclaimPolicy} {.spec.nfs.path} {.metadata.uid} {.spec.claimRef.uid}')
  dir="$NS-$c-$pv"
  PVC_UID[i]="$uid"; PV_NAME[i]="$pv"; PV_UID[i]="$puid"; PV_DIR[i]="$dir"
  [ "$class" = "$SC" ] || { claims_ok=0; claims_msg="$claims_msg; $c has class '$class'"; }
  [ "$by" = "$PROVISIONER" ] || { claims_ok=0; claims_msg="$claims_msg; $pv provisioned-by '$by'"; }
  [ "$policy" = Retain ] || { claims_ok=0; claims_msg="$claims_msg; $pv reclaim policy '$policy'"; }
  [ "$claimuid" = "$uid" ] || { claims_ok=0; claims_msg="$claims_msg; $pv claimRef is not $c"; }
  [ "$path" = "${NFS_PATH:-/nfsdata}/$dir" ] || { claims_ok=0; claims_msg="$claims_msg; $pv NFS path '$path'"; }
  if [ -d "$PV_LINK/$dir" ]; then
    # What the lab does by hand with kubectl exec: per-pod content.
    expected_content "$i" >"$PV_LINK/$dir/index.html"
  else
    claims_ok=0; claims_msg="$claims_msg; no directory $dir under the export"
  fi
done
if [ "$claims_ok" = 1 ]; then
  pass 3 "claims $(claim 0)..$((REPLICAS - 1)) use $SC, Bound to Retain PVs provisioned by $PROVISIONER, directories ${PV_DIR[*]}"
else
  fail 3 "${claims_msg#; }"
fi

content() { cat "$PV_LINK/${PV_DIR[$1]}/index.html" 2>/dev/null; }
same_storage() { # same_storage I: claim, PV and directory unchanged; prints a reason if not
  local i="$1" c uid pv puid phase
  c="$(claim "$i")"
  read -r uid pv phase < <(k get pvc "$c" -n "$NS" -o jsonpath='{.metadata.uid} {.spec.volumeName} {.status.phase}' 2>/dev/null)
  puid="$(k get pv "${PV_NAME[$i]}" -o jsonpath='{.metadata.uid}' 2>/dev/null)"
  [ "$uid" = "${PVC_UID[$i]}" ] || { echo "claim $c uid '$uid' is not '${PVC_UID[$i]}'"; return 1; }
  [ "$phase" = Bound ] || { echo "claim $c is '$phase'"; return 1; }
  [ "$pv" = "${PV_NAME[$i]}" ] || { echo "claim $c now on '$pv'"; return 1; }
  [ "$puid" = "${PV_UID[$i]}" ] || { echo "PV ${PV_NAME[$i]} uid '$puid' changed"; return 1; }
  [ "$(content "$i")" = "$(expected_content "$i")" ] || { echo "directory ${PV_DIR[$i]} lost its content"; return 1; }
}
pod_claim() { k get pod "$(pod "$1")" -n "$NS" -o jsonpath="{.spec.volumes[?(@.name==\"$VCT\")].persistentVolumeClaim.claimName}"; }
pod_ready_uid() { # pod_ready_uid I OLD_UID: pod I exists, is Ready and has another UID
  local out
  out="$(k get pod "$(pod "$1")" -n "$NS" -o jsonpath='{.metadata.uid} {.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" || return 1
  [ "${out% *}" != "$2" ] && [ "${out#* }" = True ]
}

# ---- 4. a deleted pod comes back on the same claim -------------------------
if [ "$REPLICAS" -ge 2 ] && [ -n "${PV_NAME[1]:-}" ]; then
  old_uid="$(k get pod "$(pod 1)" -n "$NS" -o jsonpath='{.metadata.uid}')"
  k delete pod "$(pod 1)" -n "$NS" --wait=false >/dev/null
  if wait_until "$(pod 1) to come back" "$E2E_WAIT" pod_ready_uid 1 "$old_uid"; then
    new_claim="$(pod_claim 1)"
    if [ "$new_claim" != "$(claim 1)" ]; then
      fail 4 "the new $(pod 1) mounts '$new_claim', not $(claim 1)"
    elif why="$(same_storage 1)"; then
      pass 4 "$(pod 1) recreated (new uid) on $(claim 1); claim, PV ${PV_NAME[1]} and directory unchanged, content '$(content 1)'"
    else
      fail 4 "$why"
    fi
  else
    fail 4 "$(pod 1) did not come back Ready within ${E2E_WAIT}s"
  fi
else
  fail 4 "needs at least 2 replicas with Bound claims"
fi

# ---- 5. scale down keeps claims; scale up reuses them ----------------------
gone() { ! k get pod "$1" -n "$NS" >/dev/null 2>&1; }
pvs_by_provisioner() { k get pv -o json | jq --arg p "$PROVISIONER" '[.items[] | select(.metadata.annotations["pv.kubernetes.io/provisioned-by"] == $p)] | length'; }
if [ "$REPLICAS" -ge 2 ] && [ "$claims_ok" = 1 ]; then
  pv_count="$(pvs_by_provisioner)"
  k scale sts "$STS" -n "$NS" --replicas 1 >/dev/null
  down_ok=1; msg=""
  for i in $(seq 1 $((REPLICAS - 1))); do
    wait_until "$(pod "$i") to go" "$E2E_WAIT" gone "$(pod "$i")" || { down_ok=0; msg="$msg; $(pod "$i") still there"; }
  done
  for i in $(seq 1 $((REPLICAS - 1))); do why="$(same_storage "$i")" || { down_ok=0; msg="$msg; at 1 replica: $why"; }; done
  k scale sts "$STS" -n "$NS" --replicas "$REPLICAS" >/dev/null
  wait_until "$REPLICAS ready pods again" "$((E2E_WAIT * 2))" sts_ready "$REPLICAS" || { down_ok=0; msg="$msg; not $REPLICAS ready after scaling up"; }
  for i in $(seq 0 $((REPLICAS - 1))); do
    [ "$(pod_claim "$i")" = "$(claim "$i")" ] || { down_ok=0; msg="$msg; $(pod "$i") mounts '$(pod_claim "$i")'"; }
    why="$(same_storage "$i")" || { down_ok=0; msg="$msg; at $REPLICAS replicas: $why"; }
  done
  [ "$(pvs_by_provisioner)" = "$pv_count" ] || { down_ok=0; msg="$msg; PVs by $PROVISIONER went from $pv_count to $(pvs_by_provisioner)"; }
  if [ "$down_ok" = 1 ]; then
    pass 5 "at 1 replica claims 1..$((REPLICAS - 1)) stayed Bound; back at $REPLICAS the same claims, PVs and directories are reused ($pv_count PVs, none new)"
  else
    fail 5 "${msg#; }"
  fi
  check_ordered 5b 0 # the whole watch so far, pod deletion and scale-up included
else
  fail 5 "needs at least 2 replicas with Bound claims"
fi

# ---- 6. RBAC: exactly the generated rules ----------------------------------
# The API server's audit log records every request the ServiceAccount made.
audit_requests() { # audit_requests ok|refused: "verb resource[.group]" of the provisioner's requests
  jq -r --arg u "system:serviceaccount:$NS:$SA" --arg mode "$1" '
    select(.user.username == $u and .objectRef != null and .objectRef.resource != "selfsubjectaccessreviews")
    | select(if $mode == "refused" then .responseStatus.code == 403 else (.responseStatus.code // 200) < 400 end)
    | "\(.verb) \(.objectRef.resource)\(if .objectRef.subresource then "/" + .objectRef.subresource else "" end)\(if (.objectRef.apiGroup // "") != "" then "." + .objectRef.apiGroup else "" end)"' \
    "$W/audit.json" 2>/dev/null | sort -u
}
refused="$(audit_requests refused | paste -sd, -)"
forbidden="$(grep -i -o -E '.{0,80}(forbidden|cannot (get|list|watch|create|update|patch|delete)).{0,120}' "$W/logs/provisioner.log" | head -3 | tr '\n' ' ' || true)"
# The leader-election lock, in the provisioner's namespace: an Endpoints object
# (sig-storage-lib-external-provisioner v6-v8, what upstream uses) or a Lease (v11).
holder="$( {
  k get endpoints -n "$NS" -o json | jq -r '.items[] | select(.metadata.annotations["control-plane.alpha.kubernetes.io/leader"])
    | "endpoints/\(.metadata.name) held by \(.metadata.annotations["control-plane.alpha.kubernetes.io/leader"] | fromjson | .holderIdentity)"'
  k get lease -n "$NS" -o json | jq -r '.items[] | select(.spec.holderIdentity) | "lease/\(.metadata.name) held by \(.spec.holderIdentity)"'
} 2>/dev/null | paste -sd, -)"
if [ "$claims_ok" = 1 ] && [ -z "$forbidden" ] && [ -z "$refused" ] && [ -n "$holder" ]; then
  pass 6a "the provisioner provisioned every claim with the ServiceAccount token only, no request refused (audit log), no 'forbidden' in its log, leader-election lock in $NS: $holder"
else
  fail 6a "claims ok=$claims_ok; refused (403): '${refused:-none}'; forbidden in log: '${forbidden:-none}'; leader-election lock in $NS: '${holder:-none}'"
fi

can() { ksa auth can-i "$@" 2>/dev/null; }
rbac_msg=""
# What the provisioner needs (sig-storage-lib-external-provisioner/v6 + the class lookup on
# delete; its leader election reads, creates and updates an Endpoints lock in $NS).
for check in \
  "list persistentvolumeclaims -A" "watch persistentvolumeclaims -A" "update persistentvolumeclaims -n $NS" \
  "get persistentvolumes" "list persistentvolumes" "watch persistentvolumes" "create persistentvolumes" "delete persistentvolumes" \
  "get storageclasses.storage.k8s.io" "list storageclasses.storage.k8s.io" "watch storageclasses.storage.k8s.io" \
  "create events -n $NS" "patch events -n $NS" \
  "get endpoints -n $NS" "create endpoints -n $NS" "update endpoints -n $NS"; do
  read -r -a args <<<"$check" # no globbing: '*' stays '*'
  [ "$(can "${args[@]}")" = yes ] || rbac_msg="$rbac_msg; denied: $check"
done
# What it must not have.
for check in \
  "get secrets -n $NS" "list secrets -A" "get secrets -n kube-system" \
  "delete pods -n $NS" "create pods -n $NS" "create pods/exec -n $NS" \
  "create services -n $NS" "update services -n $NS" "patch services -n $NS" "delete services -n $NS" \
  "update persistentvolumes" "patch persistentvolumes" "delete persistentvolumeclaims -n $NS" \
  "create leases.coordination.k8s.io -n kube-system" "update endpoints -n kube-system" \
  "create clusterroles.rbac.authorization.k8s.io" "create clusterrolebindings.rbac.authorization.k8s.io" \
  "delete nodes" "create storageclasses.storage.k8s.io" "impersonate serviceaccounts -A" "* *"; do
  read -r -a args <<<"$check"
  [ "$(can "${args[@]}")" = no ] || rbac_msg="$rbac_msg; allowed: $check"
done
if [ -z "$rbac_msg" ]; then
  pass 6b "kubectl auth can-i as $NS/$SA allows all the provisioner needs and denies secrets, pod deletion, service writes, PV updates, other namespaces' leases, RBAC writes"
else
  fail 6b "${rbac_msg#; }"
fi

# ---- 7. deleting the StatefulSet keeps claims, PVs and directories ----------
if [ "$claims_ok" = 1 ]; then
  k delete sts "$STS" -n "$NS" --wait=true --timeout "${E2E_WAIT}s" >/dev/null 2>&1
  del_ok=1; msg=""
  for i in $(seq 0 $((REPLICAS - 1))); do
    wait_until "$(pod "$i") to go" "$E2E_WAIT" gone "$(pod "$i")" || { del_ok=0; msg="$msg; $(pod "$i") still there"; }
  done
  for i in $(seq 0 $((REPLICAS - 1))); do why="$(same_storage "$i")" || { del_ok=0; msg="$msg; $why"; }; done
  if [ "$del_ok" = 1 ]; then
    pass 7 "StatefulSet deleted, pods gone; claims Bound with the same uids, PVs ${PV_NAME[*]} and their directories and content still there"
  else
    fail 7 "${msg#; }"
  fi
else
  fail 7 "skipped: claims were not provisioned"
fi

# ---- information: what the provisioner used of what it is granted ---------
# From the audit log (requests by the ServiceAccount, can-i reviews left out),
# against the rules of the ClusterRole and of the Roles bound to it in $NS.
used="$W/rbac-used.txt"
audit_requests ok >"$used"
q --arg ns "$NS" --arg sa "$SA" --arg cr "$CLUSTER_ROLE" '
  [.[] | select(.kind == "RoleBinding" and (.metadata.namespace // $ns) == $ns
         and any(.subjects[]?; .kind == "ServiceAccount" and .name == $sa)) | .roleRef.name] as $roles
  | .[] | select((.kind == "ClusterRole" and .metadata.name == $cr) or (.kind == "Role" and (.metadata.name as $n | $roles | index($n))))
  | .rules[] | .apiGroups[] as $g | .resources[] as $r | .verbs[] as $v
  | "\($v) \($r)\(if $g != "" then "." + $g else "" end)"' | sort -u >"$W/rbac-granted.txt"
printf 'INFO rbac: used by the provisioner: %s\n' "$(paste -sd, "$used")"
printf 'INFO rbac: granted but not used in this run: %s\n' "$(comm -23 "$W/rbac-granted.txt" "$used" | paste -sd, -)"
refused="$(audit_requests refused | paste -sd, -)"
printf 'INFO rbac: refused (403) before the negative check: %s\n' "${refused:-none}"

# ---- 6c. the RBAC check is live: drop one needed rule ----------------------
k get clusterrole "$CLUSTER_ROLE" -o json | jq 'del(.metadata.resourceVersion, .metadata.uid, .metadata.creationTimestamp, .metadata.managedFields)' >"$W/clusterrole.json"
jq '.rules |= map(if ((.resources // []) | index("persistentvolumes")) then .verbs -= ["create"] else . end)' "$W/clusterrole.json" >"$W/clusterrole-broken.json"
k replace -f "$W/clusterrole-broken.json" >/dev/null
cannot_create() { [ "$(can create persistentvolumes)" = no ]; }
probe=e2e-rbac-probe
log_forbidden() { grep -q -i 'persistentvolumes is forbidden' "$W/logs/provisioner.log"; }
if wait_until "RBAC to drop 'create persistentvolumes'" 30 cannot_create; then
  k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: $probe
  namespace: $NS
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: $SC
  resources:
    requests:
      storage: 1Mi
EOF
  if wait_until "the provisioner to be refused" "$E2E_WAIT" log_forbidden; then
    phase="$(k get pvc "$probe" -n "$NS" -o jsonpath='{.status.phase}')"
    k replace -f "$W/clusterrole.json" >/dev/null # restore
    if [ "$phase" != Bound ] && wait_until "$probe Bound after restoring the rule" "$((E2E_WAIT * 2))" claim_bound "$probe"; then
      pass 6c "without 'create persistentvolumes' a fresh claim stays $phase and the provisioner logs 'persistentvolumes is forbidden'; with the rule restored it is Bound"
    else
      fail 6c "probe claim was '$phase' without the rule, and $(k get pvc "$probe" -n "$NS" -o jsonpath='{.status.phase}') after restoring it"
    fi
  else
    k replace -f "$W/clusterrole.json" >/dev/null
    fail 6c "without 'create persistentvolumes' the provisioner logged no 'forbidden' (probe claim: $(k get pvc "$probe" -n "$NS" -o jsonpath='{.status.phase}'))"
  fi
else
  k replace -f "$W/clusterrole.json" >/dev/null
  fail 6c "patching the ClusterRole did not take effect"
fi
