#!/usr/bin/env bash
# The node: containerd (Debian's, with runc and the CNI plugins) with the images
# imported under the names the lab uses, kubelet, kube-proxy (iptables mode) and
# kube-router's firewall (NetworkPolicy).
# Everything lives under W: containerd's root, state and socket, kubelet's root
# directory, and a cgroup parent of its own that teardown.sh removes.
#
#   bash e2e/node.sh W NFS_BIN_DIR
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="${1:?usage: node.sh WORKDIR NFS_BIN_DIR}"
NFS_BIN="${2:?}"
load_env "$W"
apt_install containerd runc containernetworking-plugins iptables

# ---- containerd ---------------------------------------------------------------
SOCK="$W/containerd/containerd.sock"
mkdir -p "$W/containerd"
cat >"$W/containerd/config.toml" <<TOML
version = 2
root = "$W/containerd/root"
state = "$W/containerd/state"
# The opt plugin would install into /opt/containerd: not wanted on a shared machine.
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.9"
  # No CAP_SYS_RESOURCE on this machine: runc cannot set a negative oom_score_adj.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$W/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = false
    Root = "$W/runc"
TOML
ls -1 /run/netns 2>/dev/null >"$W/netns.before" || : >"$W/netns.before"
for p in "${HOST_PATHS[@]}"; do [ -e "$p" ] || echo "$p" >>"$W/paths.absent"; done
start containerd containerd --config "$W/containerd/config.toml"
save_env CONTAINERD_SOCK "$SOCK"
ctr() { command ctr --address "$SOCK" -n k8s.io "$@"; }
wait_until containerd 30 ctr version || { log "containerd did not start"; exit 1; }
# shellcheck disable=SC2086 # CSI_IMAGES is a list of files
for img in "$HTTPD_IMAGE" "$NGINX_IMAGE" "$PROVISIONER_IMAGE" "$EXPORTER_IMAGE" "$PAUSE_IMAGE" "$CLIENT_IMAGE" ${CSI_IMAGES:-}; do
  ctr images import --no-unpack=false "$img" >/dev/null || { log "ctr import $img failed"; exit 1; }
done
ctr images ls -q | grep -v '^sha256:' | sort >"$W/images.imported"
log "images imported: $(paste -sd' ' "$W/images.imported")"
standin "httpd:2.4.62 is httpd $HTTPD_VERSION built here with the official image's recipe (../shared/upstream/docker-library-httpd-2.4.62) from Debian's Apache-signed source; Apache's download site is not reachable"
standin "nginxinc/nginx-unprivileged:1.26.3 is Debian trixie's nginx $NGINX_VERSION (the same upstream version) with the image's recipe (../shared/upstream/nginx-unprivileged-stable-debian: user 101, port 8080, pid and temporary files under /tmp, its entrypoint); nginx.org's repository is not reachable"
standin "nginx/nginx-prometheus-exporter:1.4.0 is upstream's build/Dockerfile (FROM scratch, a CA bundle, the program, user 1001) with v1.4.0 built here from the Go module proxy and Debian's CA bundle; the library's default is 1.4.2, which the proxy does not serve"
standin "registry.k8s.io/pause:3.9 is a 12-line static C pause built here (e2e/images/pause.c)"
if [ -n "${CSI_IMAGES:-}" ]; then
  standin "registry.k8s.io/sig-storage/nfsplugin:v4.13.4 is the driver built here from the tag's pkg/ in ../shared/upstream/kubernetes-csi, with the e2e's own entry point (e2e/images/nfsplugin/main.go: the shared copy has no cmd/nfsplugin/main.go; same flags and defaults), on a Debian bookworm minbase rootfs (mmdebstrap) with ca-certificates, mount and netbase; upstream's debian-base:bookworm image also has nfs-common, whose mount.nfs is e2e/nfs.sh's stand-in here (mounted into the plugin's containers by the e2e app)"
  standin "the csi sidecars (csi-provisioner, csi-resizer, csi-snapshotter, snapshot-controller, livenessprobe, csi-node-driver-registrar) are each their static program built here from ../shared/upstream/kubernetes-csi alone in a one-layer image; upstream puts it on gcr.io/distroless/static (CA certificates, tzdata, /etc/passwd), which these programs do not read here"
fi

# ---- kubelet ------------------------------------------------------------------
CG="cdk8s-e2e-$$"
for d in /sys/fs/cgroup/*/; do
  [ -d "$d" ] && mkdir -p "$d$CG" && echo "$d$CG" >>"$W/cgroups.made"
done
# Some hierarchies must be populated before a child can be made.
for f in cpuset.cpus cpuset.mems; do
  [ -f "/sys/fs/cgroup/cpuset/$CG/$f" ] && cat "/sys/fs/cgroup/cpuset/$f" >"/sys/fs/cgroup/cpuset/$CG/$f"
done
save_env CGROUP_PARENT "$CG"
: >"$W/resolv.conf"
mkdir -p "$W/kubelet" "$W/kubelet-pki"
# The kubelet root as a shared mount, as on a systemd host (where / is shared): a
# CSI node plugin mounts volumes under its pods folder with Bidirectional
# propagation, which needs a shared mount (here / is private). teardown.sh unmounts
# everything under W, this bind mount last.
mount --bind "$W/kubelet" "$W/kubelet"
mount --make-rshared "$W/kubelet"
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
cat >"$W/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $(free_port)
readOnlyPort: 0
healthzPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $W/pki/kubelet-ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$SOCK
cgroupDriver: cgroupfs
cgroupRoot: /$CG
failSwapOn: false
oomScoreAdj: 0
makeIPTablesUtilChains: false
clusterDNS: [$NODE_IP]
clusterDomain: cluster.local
resolvConf: $W/resolv.conf
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
registerNode: true
$([ "$minor" -ge 35 ] && echo "failCgroupV1: false")
YAML
start kubelet env PATH="$NFS_BIN:$PATH" "$KUBELET" --config "$W/kubelet.yaml" --kubeconfig "$W/node.kubeconfig" \
  --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --root-dir "$W/kubelet" --cert-dir "$W/kubelet-pki" -v=2
k() { "$KUBECTL" --kubeconfig "$ADMIN_KC" "$@"; }
node_ready() { [ "$(k get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]; }
wait_until "node $NODE_NAME Ready" 90 node_ready || { log "node $NODE_NAME not Ready within 90s"; exit 1; }

# ---- kube-proxy ---------------------------------------------------------------
KP_HEALTHZ_PORT="$(free_port)"; KP_METRICS_PORT="$(free_port "$KP_HEALTHZ_PORT")"
start kube-proxy "$KUBE_PROXY" --kubeconfig "$ADMIN_KC" --proxy-mode iptables --hostname-override "$NODE_NAME" \
  --bind-address "$NODE_IP" --cluster-cidr "$POD_CIDR" --oom-score-adj 0 --iptables-localhost-nodeports=false \
  --healthz-bind-address "127.0.0.1:$KP_HEALTHZ_PORT" --metrics-bind-address "127.0.0.1:$KP_METRICS_PORT" \
  --conntrack-max-per-core 0 --conntrack-min 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0
proxied() { iptables -w -t nat -S KUBE-SERVICES | grep -q 'default/kubernetes:https'; }
wait_until "kube-proxy's rule for the kubernetes Service" 60 proxied || { log "kube-proxy made no rule for default/kubernetes"; exit 1; }

# ---- kube-router's firewall: the NetworkPolicy engine ------------------------------
# Its firewall alone, out of the cluster, as a process of the run (PID in W/pids),
# with the admin kubeconfig: it watches pods, namespaces and NetworkPolicies and
# writes filter rules (KUBE-ROUTER-*, KUBE-POD-FW-*, KUBE-NWPLCY-*) and ipsets
# (KUBE-SRC-*, KUBE-DST-*) for the node's pods; teardown.sh removes them. No health
# or metrics port. Started before anything is applied, so every pod meets it.
if [ -n "${KUBE_ROUTER:-}" ]; then
  ipset list -n 2>/dev/null | sort >"$W/ipsets.before"
  start kube-router "$KUBE_ROUTER" --kubeconfig "$ADMIN_KC" --hostname-override "$NODE_NAME" \
    --run-firewall=true --run-router=false --run-service-proxy=false \
    --service-cluster-ip-range "$SVC_CIDR" --health-port 0 --metrics-port 0 --v 1
  firewalled() { iptables -w -S FORWARD | grep -q -- '-j KUBE-ROUTER-FORWARD' && iptables -w -S KUBE-NWPLCY-COMMON >/dev/null; }
  wait_until "kube-router's firewall chains" 60 firewalled || { log "kube-router made no KUBE-ROUTER-FORWARD jump"; exit 1; }
fi
log "node $NODE_NAME Ready: containerd, kubelet $K8S_VERSION, kube-proxy (iptables)${KUBE_ROUTER:+, kube-router (NetworkPolicy)}"
