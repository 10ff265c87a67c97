#!/usr/bin/env bash
# Builds (or reuses) everything the e2e test bed runs, and installs etcd if missing.
#
#   bash e2e/build.sh            # prints KEY=path lines for run.sh to source
#
# - kube-apiserver, kube-controller-manager, kube-scheduler, kubectl: from the
#   k8s.io/kubernetes release pinned in e2e/k8s/go.mod (wrapper module);
# - kwok: sigs.k8s.io/kwok/cmd/kwok at KWOK_VERSION, plus the stage files that
#   ship in that module;
# - nfs-standin: e2e/provisioner (see its main.go);
# - etcd: Debian's etcd-server (apt-get), or any `etcd` already on PATH; jq likewise.
#
# Binaries go to E2E_CACHE_DIR (default: ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-e2e,
# outside the repo), one folder per version and input hash, and are reused when
# present. Go's own module and build caches stay where `go env` puts them.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-e2e}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"

log() { printf '[e2e build] %s\n' "$*" >&2; }

export CGO_ENABLED=0
# VCS stamping needs a usable .git of the right owner; these binaries do not need it.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

hash_of() { cat "$@" | sha256sum | cut -c1-12; }

# ---- etcd -----------------------------------------------------------------
if ! command -v etcd >/dev/null 2>&1; then
  log "etcd not found: installing Debian's etcd-server"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >&2; then
    $SUDO apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >&2
  fi
  # A systemd machine would start the packaged service; the test bed runs its own.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
    $SUDO systemctl disable --now etcd >&2 || true
  fi
fi
ETCD="$(command -v etcd)"
if ! command -v jq >/dev/null 2>&1; then
  log "jq not found: installing it"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >&2 ||
    { $SUDO apt-get update -qq >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >&2; }
fi

# ---- Kubernetes -----------------------------------------------------------
K8S_VERSION="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" {print $3}' "$HERE/k8s/go.mod")"
[ -n "$K8S_VERSION" ] || { log "cannot read the k8s.io/kubernetes version from e2e/k8s/go.mod"; exit 1; }
K8S_BIN="$CACHE/bin/k8s-$K8S_VERSION-$(hash_of "$HERE/k8s/go.mod" "$HERE/k8s/go.sum")"
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
missing=0
for c in "${K8S_CMDS[@]}"; do [ -x "$K8S_BIN/$c" ] || missing=1; done
if [ "$missing" = 1 ]; then
  log "building Kubernetes $K8S_VERSION (cold: about 8-15 min on 2 cores) into $K8S_BIN"
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  tmp="$K8S_BIN.tmp.$$"
  mkdir -p "$tmp"
  start=$SECONDS
  ( cd "$HERE/k8s" && go build -mod=mod -tags providerless -trimpath -ldflags "$ld" -o "$tmp/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl )
  rm -rf "$K8S_BIN" && mv "$tmp" "$K8S_BIN"
  log "Kubernetes built in $((SECONDS - start))s"
fi

# ---- KWOK -----------------------------------------------------------------
KWOK_BIN="$CACHE/bin/kwok-$KWOK_VERSION"
if [ ! -x "$KWOK_BIN/kwok" ] || [ ! -f "$KWOK_BIN/stages/pod-delete.yaml" ]; then
  log "building kwok $KWOK_VERSION into $KWOK_BIN"
  start=$SECONDS
  tmp="$KWOK_BIN.tmp.$$"
  mkdir -p "$tmp/stages"
  GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  moddir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  st="$moddir/kustomize/stage"
  # Node: ready and kept ready. Pod: Running/Ready, completion, and deletion
  # (without pod-delete, deleted pods stay Terminating). No volume stages: the
  # real PV controller and provisioner do that work.
  for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    install -m 0644 "$st/$f" "$tmp/stages/$(basename "$f")"
  done
  rm -rf "$KWOK_BIN" && mv "$tmp" "$KWOK_BIN"
  log "kwok built in $((SECONDS - start))s"
fi

# ---- provisioner stand-in -------------------------------------------------
PROV_BIN="$CACHE/bin/nfs-standin-$(hash_of "$HERE/provisioner/go.mod" "$HERE/provisioner/go.sum" "$HERE/provisioner/main.go")"
if [ ! -x "$PROV_BIN/nfs-standin" ]; then
  log "building the NFS provisioner stand-in into $PROV_BIN"
  start=$SECONDS
  tmp="$PROV_BIN.tmp.$$"
  mkdir -p "$tmp"
  ( cd "$HERE/provisioner" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$tmp/nfs-standin" . )
  rm -rf "$PROV_BIN" && mv "$tmp" "$PROV_BIN"
  log "stand-in built in $((SECONDS - start))s"
fi

cat <<EOF
ETCD=$ETCD
K8S_VERSION=$K8S_VERSION
KUBE_APISERVER=$K8S_BIN/kube-apiserver
KUBE_CONTROLLER_MANAGER=$K8S_BIN/kube-controller-manager
KUBE_SCHEDULER=$K8S_BIN/kube-scheduler
KUBECTL=$K8S_BIN/kubectl
KWOK=$KWOK_BIN/kwok
KWOK_STAGES=$KWOK_BIN/stages
NFS_PROVISIONER=$PROV_BIN/nfs-standin
EOF
