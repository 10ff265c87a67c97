#!/usr/bin/env bash
# Builds (or reuses) every program the e2e runs for one Kubernetes version, and
# installs the Debian packages it needs if they are missing.
#
#   bash e2e/build.sh v1.27.16     # prints KEY=path lines for run.sh
#
# - Kubernetes (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
#   kubelet, kube-proxy): from k8s.io/kubernetes through the wrapper module
#   e2e/k8s/<version>/go.mod;
# - etcd: Debian's etcd-server (3.4) where the version accepts it, else etcd built
#   from the Go module proxy through the wrapper module e2e/etcd;
# - CoreDNS: github.com/coredns/coredns at COREDNS_VERSION;
# - nfs-subdir-external-provisioner v4.0.2: built from ../shared/upstream (the Go
#   module proxy refuses that module path);
# - csi-driver-nfs v4.13.4 and the sidecars its manifests run (nfsplugin, csi-provisioner,
#   csi-resizer, csi-snapshotter, snapshot-controller, livenessprobe,
#   csi-node-driver-registrar): built from ../shared/upstream/kubernetes-csi (the Go
#   module proxy refuses most of those module paths), one `go build` per module, the
#   same for every Kubernetes version;
# - KWOK (sigs.k8s.io/kwok) and its stages: from the Go module proxy, at KWOK_VERSION;
# - nginx-prometheus-exporter v1.4.0: from the Go module proxy;
# - the Gateway API's and prometheus-operator's CRDs, from their Go modules;
# - kube-router v2.9.0, for its NetworkPolicy firewall alone: built from
#   ../shared/upstream (the Go module proxy serves its module only at older versions),
#   the same for every Kubernetes version; with Debian's iptables and ipset;
# - mount.nfs over FUSE (e2e/nfs-fuse), with Debian's libfuse3 and libnfs;
# - the checks: `go test -c` of e2e/checks.
# Binaries go to E2E_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-e2e),
# one folder per version and input hash, reused when present.
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
K8S_VERSION="${1:?usage: build.sh vX.Y.Z (a folder under e2e/k8s)}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"
MOD="$E2E_DIR/k8s/$K8S_VERSION"
[ -f "$MOD/go.mod" ] || { log "no wrapper module $MOD/go.mod"; exit 1; }
export CGO_ENABLED=0
# VCS stamping needs a usable .git of the right owner; these binaries do not need it.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"
# The checksum database answers 404 for this module; the proxy serves it.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}k8s.io/legacy-cloud-providers"
apt_install jq openssl iproute2 iptables util-linux procps
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"

built() { # built DIR: DIR exists with every file named after it
  local d="$1" f
  shift
  for f in "$@"; do [ -x "$d/$f" ] || return 1; done
}
into() { # into DIR CMD...: run CMD with $tmp as output folder, then move it to DIR
  local d="$1" start=$SECONDS
  shift
  tmp="$d.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  "$@"
  rm -rf "$d" && mv "$tmp" "$d"
  log "built $(basename "$d") in $((SECONDS - start))s"
}

# ---- etcd -----------------------------------------------------------------
if [ "$minor" -lt 30 ]; then
  apt_install etcd-server
  # A systemd machine would start the packaged service; the test bed runs its own.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then systemctl disable --now etcd >&2 || true; fi
  ETCD="$(command -v etcd)"
else
  d="$CACHE/bin/etcd-$(awk '{ for (i = 1; i < NF; i++) if ($i == "go.etcd.io/etcd/server/v3") print $(i + 1) }' "$E2E_DIR/etcd/go.mod")-$(hash_of "$E2E_DIR/etcd/go.mod" "$E2E_DIR/etcd/go.sum" "$E2E_DIR/etcd/main.go")"
  built "$d" etcd || into "$d" bash -c "cd '$E2E_DIR/etcd' && go build -mod=readonly -trimpath -ldflags '-s -w' -o \"\$0/etcd\" ." "$d.tmp.$$"
  ETCD="$d/etcd"
fi

# ---- Kubernetes -------------------------------------------------------------
K8S_BIN="$CACHE/bin/k8s-$K8S_VERSION-$(hash_of "$MOD/go.mod" "$MOD/go.sum")"
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
if ! built "$K8S_BIN" "${K8S_CMDS[@]}"; then
  log "building Kubernetes $K8S_VERSION (cold: 10-20 min on 2 cores) into $K8S_BIN"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  pkgs=()
  for c in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  into "$K8S_BIN" bash -c 'cd "$1" && go build -mod=readonly -tags providerless -trimpath -ldflags "$2" -o "$3/" "${@:4}"' _ \
    "$MOD" "$ld" "$K8S_BIN.tmp.$$" "${pkgs[@]}"
fi

# ---- CoreDNS ------------------------------------------------------------------
COREDNS_BIN="$CACHE/bin/coredns-$COREDNS_VERSION"
built "$COREDNS_BIN" coredns ||
  into "$COREDNS_BIN" env GOBIN="$COREDNS_BIN.tmp.$$" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"

# ---- the provisioner, upstream v4.0.2 ---------------------------------------
SRC="$UPSTREAM/nfs-subdir-external-provisioner-v4.0.2"
[ -f "$SRC/go.mod" ] || { log "missing $SRC (see ../shared/upstream/README.md)"; exit 1; }
PROV_BIN="$CACHE/bin/nfs-subdir-external-provisioner-v4.0.2-$(hash_of "$SRC/go.mod" "$SRC/go.sum" "$SRC/cmd/nfs-subdir-external-provisioner/provisioner.go")"
build_provisioner() {
  local w
  w="$(mktemp -d)"
  cp -r "$SRC/." "$w/src"
  # vbom.ml/util only completes the module graph of k8s.io/kubernetes v1.18.0 (never
  # compiled in) and the proxy refuses it: an empty local module stands in for it.
  mkdir -p "$w/vbom" && echo 'module vbom.ml/util' >"$w/vbom/go.mod"
  (cd "$w/src" && go mod edit -replace "vbom.ml/util@v0.0.0-20160121211510-db5cfe13f5cc=$w/vbom" &&
    GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w" -o "$1/nfs-subdir-external-provisioner" ./cmd/nfs-subdir-external-provisioner)
  rm -rf "$w"
}
built "$PROV_BIN" nfs-subdir-external-provisioner || into "$PROV_BIN" build_provisioner "$PROV_BIN.tmp.$$"

# ---- csi-driver-nfs and its sidecars --------------------------------------------
# Each folder of ../shared/upstream/kubernetes-csi is one Go module at the tag its
# name ends with; its programs are built with one `go build`, with the version
# stamped as upstream's release builds stamp it (the sidecars' `main.version`, the
# driver's `pkg/nfs.driverVersion` and `gitCommit`), so that each program logs the
# tag it was built from. Programs are the same for every Kubernetes version: one
# cache folder per module and input hash.
CSI_SRC="$UPSTREAM/kubernetes-csi"
NFSPLUGIN_MAIN="$E2E_DIR/images/nfsplugin/main.go"
CSI_MODULES=( # folder: programs
  "csi-driver-nfs-v4.13.4: nfsplugin"
  "external-provisioner-v6.3.0: csi-provisioner"
  "external-resizer-v2.2.0: csi-resizer"
  "external-snapshotter-v8.6.0: csi-snapshotter snapshot-controller"
  "livenessprobe-v2.19.0: livenessprobe"
  "node-driver-registrar-v2.17.0: csi-node-driver-registrar"
)
build_csi() { # build_csi OUT FOLDER PROGRAM...: the module copied to a temp dir, built there
  local out="$1" folder="$2" w tag ld pkgs=() p commit
  shift 2
  tag="${folder##*-}"
  w="$(mktemp -d)"
  cp -r "$CSI_SRC/$folder/." "$w/src"
  chmod -R u+w "$w/src"
  # The shared copy of the driver has no cmd/nfsplugin/main.go: the e2e's own
  # entry point (e2e/images/nfsplugin/main.go) takes its place.
  if [ "$folder" != "${folder#csi-driver-nfs-}" ]; then
    mkdir -p "$w/src/cmd/nfsplugin" && cp "$NFSPLUGIN_MAIN" "$w/src/cmd/nfsplugin/main.go"
  fi
  if [ "$folder" = "${folder#csi-driver-nfs-}" ]; then
    ld="-X main.version=$tag"
  else
    # The tag's commit, as ../shared/upstream/README.md records it.
    commit="$(grep -F "\`$folder\`" "$UPSTREAM/README.md" | grep -o '[0-9a-f]\{40\}' | head -n 1)"
    ld="-X github.com/kubernetes-csi/csi-driver-nfs/pkg/nfs.driverVersion=$tag -X github.com/kubernetes-csi/csi-driver-nfs/pkg/nfs.gitCommit=${commit:-N/A}"
  fi
  for p in "$@"; do pkgs+=("./cmd/$p"); done
  (cd "$w/src" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w $ld" -o "$out/" "${pkgs[@]}")
  rm -rf "$w"
}
CSI_BINS=()
for m in "${CSI_MODULES[@]}"; do
  folder="${m%%:*}"
  read -r -a progs <<<"${m#*:}"
  [ -f "$CSI_SRC/$folder/go.mod" ] || { log "missing $CSI_SRC/$folder (see ../shared/upstream/README.md)"; exit 1; }
  for p in "${progs[@]}"; do
    [ "$p" = nfsplugin ] || [ -d "$CSI_SRC/$folder/cmd/$p" ] || { log "missing $CSI_SRC/$folder/cmd/$p (see ../shared/upstream/README.md)"; exit 1; }
  done
  d="$CACHE/bin/$folder-$(hash_of <(declare -f build_csi; echo "$m"; cat "$NFSPLUGIN_MAIN"; cd "$CSI_SRC/$folder" && find . -type f ! -path './charts/*' ! -path './deploy/*' ! -path './cmd/*' -print0 | sort -z | xargs -0 cat))"
  built "$d" "${progs[@]}" || into "$d" build_csi "$d.tmp.$$" "$folder" "${progs[@]}"
  CSI_BINS+=("$d")
done

# ---- KWOK --------------------------------------------------------------------
# Fake nodes for the spread check: the kwok program and, beside it, the stages it
# plays (node: initialize and heartbeat; pod: ready, complete, delete), taken
# from the same module in the Go module cache.
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
KWOK_STAGES="node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete"
build_kwok() {
  local dir f
  GOBIN="$1" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  dir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | jq -r .Dir)"
  for f in $KWOK_STAGES; do printf -- '---\n'; cat "$dir/kustomize/stage/$f.yaml"; done >"$1/stages.yaml"
}
KWOK_BIN="$CACHE/bin/kwok-$KWOK_VERSION-$(hash_of <(declare -f build_kwok; echo "$KWOK_STAGES"))"
{ built "$KWOK_BIN" kwok && [ -s "$KWOK_BIN/stages.yaml" ]; } || into "$KWOK_BIN" build_kwok "$KWOK_BIN.tmp.$$"

# ---- nginx-prometheus-exporter ---------------------------------------------------
# The nginx preset's exporter (`metrics.podMonitor`), for the metrics-exporter
# check. The Go module proxy serves it under its former path, at v1.4.0 (the
# preset's image is 1.4.2); built as upstream's build/Dockerfile builds it.
NGINX_EXPORTER_VERSION=v1.4.0
build_nginx_exporter() {
  GOBIN="$1" go install -trimpath -ldflags "-s -w -X main.version=${NGINX_EXPORTER_VERSION#v}" \
    "github.com/nginxinc/nginx-prometheus-exporter@$NGINX_EXPORTER_VERSION"
}
NGINX_EXPORTER_BIN="$CACHE/bin/nginx-prometheus-exporter-$NGINX_EXPORTER_VERSION-$(hash_of <(declare -f build_nginx_exporter))"
built "$NGINX_EXPORTER_BIN" nginx-prometheus-exporter || into "$NGINX_EXPORTER_BIN" build_nginx_exporter "$NGINX_EXPORTER_BIN.tmp.$$"

# ---- kube-router, the NetworkPolicy engine ------------------------------------
# Its firewall alone (network.sh starts it with --run-firewall=true
# --run-router=false --run-service-proxy=false) enforces NetworkPolicy with iptables
# and ipset beside the bridge CNI. nftables gives `nft list ruleset` to teardown.
apt_install ipset nftables
KR_SRC="$UPSTREAM/kube-router-v2.9.0"
[ -f "$KR_SRC/go.mod" ] || { log "missing $KR_SRC (see ../shared/upstream/README.md)"; exit 1; }
build_kube_router() {
  local w
  w="$(mktemp -d)"
  cp -r "$KR_SRC/." "$w/src"
  chmod -R u+w "$w/src"
  (cd "$w/src" && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v2.9.0" -o "$1/kube-router" ./cmd/kube-router)
  rm -rf "$w"
}
KUBE_ROUTER_BIN="$CACHE/bin/kube-router-v2.9.0-$(hash_of <(declare -f build_kube_router; cd "$KR_SRC" && find . -type f -name '*.go' -o -type f -name 'go.*' | sort | xargs cat))"
built "$KUBE_ROUTER_BIN" kube-router || into "$KUBE_ROUTER_BIN" build_kube_router "$KUBE_ROUTER_BIN.tmp.$$"

# ---- mount.nfs over FUSE ------------------------------------------------------
# The NFS client of kubelet's mounts (e2e/nfs-fuse): libfuse3 and libnfs, linked
# statically so that the same file runs on the host and in any container.
apt_install gcc libc6-dev pkg-config libfuse3-dev libnfs-dev fuse3
NFS_FUSE_BIN="$CACHE/bin/nfs-fuse-$(hash_of "$E2E_DIR"/nfs-fuse/*.c <(dpkg-query -W libnfs-dev libfuse3-dev))"
built "$NFS_FUSE_BIN" mount.nfs ||
  into "$NFS_FUSE_BIN" bash -c 'gcc -O2 -Wall -static -o "$1/mount.nfs" "$2" $(pkg-config --cflags fuse3 libnfs) -lfuse3 -lnfs -lpthread -ldl 2>&1 |
    grep -v "statically linked applications\|: in function" >&2; [ -x "$1/mount.nfs" ]' _ "$NFS_FUSE_BIN.tmp.$$" "$E2E_DIR/nfs-fuse/nfs-fuse.c"

# ---- custom resource definitions ------------------------------------------------
# The Gateway API's standard CRDs (httproute-accepted) and prometheus-operator's
# PodMonitor CRD (metrics), from the Go modules that publish them, at the
# versions the library imports (scripts/import-crds.js). `go mod download`
# fetches a module's zip; for one that asks for a newer Go than this one it
# says so and may keep no zip, which then comes from GOPROXY's first proxy by
# the module proxy protocol (<proxy>/<module>/@v/<version>.zip).
apt_install unzip curl
GATEWAY_API=sigs.k8s.io/gateway-api@v1.7.0
PROMETHEUS_OPERATOR=github.com/prometheus-operator/prometheus-operator@v0.85.0
module_zip() { # module_zip MODULE@VERSION OUT: the module's zip, copied to OUT
  local zip proxy
  zip="$(go mod download -json "$1" 2>/dev/null | jq -r '.Zip // empty')" || true
  if [ -n "$zip" ] && [ -s "$zip" ]; then cp "$zip" "$2"; return; fi
  proxy="$(go env GOPROXY | tr ',|' '\n\n' | grep -m1 '^https\?://')" || { log "GOPROXY names no proxy to fetch $1 from"; return 1; }
  log "go mod download $1 kept no zip: fetching it from the first proxy of GOPROXY"
  curl -fsS --retry 2 -o "$2" "$proxy/${1%@*}/@v/${1#*@}.zip"
}
fetch_crds() {
  module_zip "$GATEWAY_API" "$1/gateway-api.zip"
  module_zip "$PROMETHEUS_OPERATOR" "$1/prometheus-operator.zip"
  mkdir -p "$1/gateway-api" "$1/prometheus-operator"
  unzip -q -j "$1/gateway-api.zip" "$GATEWAY_API/config/crd/standard/*.yaml" -d "$1/gateway-api"
  unzip -q -j "$1/prometheus-operator.zip" "$PROMETHEUS_OPERATOR/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml" -d "$1/prometheus-operator"
  rm "$1"/*.zip
}
CRDS_DIR="$CACHE/crds/$(hash_of <(declare -f module_zip fetch_crds; echo "$GATEWAY_API $PROMETHEUS_OPERATOR"))"
{ [ -s "$CRDS_DIR/gateway-api/gateway.networking.k8s.io_httproutes.yaml" ] && [ -s "$CRDS_DIR/prometheus-operator/monitoring.coreos.com_podmonitors.yaml" ]; } ||
  into "$CRDS_DIR" fetch_crds "$CRDS_DIR.tmp.$$"

# ---- the checks ---------------------------------------------------------------
CHECKS_BIN="$CACHE/bin/checks-$(hash_of "$E2E_DIR/checks/go.mod" "$E2E_DIR/checks/go.sum" "$E2E_DIR"/checks/*.go)"
built "$CHECKS_BIN" checks.test ||
  into "$CHECKS_BIN" bash -c 'cd "$1" && go test -c -mod=readonly -trimpath -o "$2/checks.test" .' _ "$E2E_DIR/checks" "$CHECKS_BIN.tmp.$$"

cat <<OUT
ETCD=$ETCD
K8S_VERSION=$K8S_VERSION
KUBE_APISERVER=$K8S_BIN/kube-apiserver
KUBE_CONTROLLER_MANAGER=$K8S_BIN/kube-controller-manager
KUBE_SCHEDULER=$K8S_BIN/kube-scheduler
KUBECTL=$K8S_BIN/kubectl
KUBELET=$K8S_BIN/kubelet
KUBE_PROXY=$K8S_BIN/kube-proxy
COREDNS=$COREDNS_BIN/coredns
PROVISIONER_BIN=$PROV_BIN/nfs-subdir-external-provisioner
KWOK=$KWOK_BIN/kwok
NGINX_EXPORTER=$NGINX_EXPORTER_BIN/nginx-prometheus-exporter
CSI_BINS="${CSI_BINS[*]}"
CHECKS=$CHECKS_BIN/checks.test
NFS_FUSE=$NFS_FUSE_BIN/mount.nfs
CRDS=$CRDS_DIR
KUBE_ROUTER=$KUBE_ROUTER_BIN/kube-router
OUT
