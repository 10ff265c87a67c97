#!/usr/bin/env bash
# The control plane, on the node address: etcd (loopback only), kube-apiserver,
# kube-controller-manager, kube-scheduler, and CoreDNS (kubernetes plugin,
# cluster.local) serving the pods as kubelet's cluster DNS on $NODE_IP:53.
#
#   bash e2e/control-plane.sh W     # needs W/env from build.sh's output
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
W="${1:?usage: control-plane.sh WORKDIR}"
load_env "$W"
mkdir -p "$W/pki" "$W/logs"

ETCD_PORT="$(free_port)"; ETCD_PEER_PORT="$(free_port "$ETCD_PORT")"
# The API server listens where kubeadm's does, 6443: NetworkPolicy is enforced on
# the node (kube-router), and the lab's provisioner, written for the tutorial's
# kubeadm cluster, reaches it on its policy's default ports (the packets reach the
# policy with the endpoint's port, after the Service's DNAT). The e2e's own apps
# name the port (apiServerPorts, from E2E_API_PORT).
API_PORT="${E2E_API_PORT:-6443}"
if (exec 3<>"/dev/tcp/$NODE_IP/$API_PORT") 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$API_PORT") 2>/dev/null; then
  log "port $API_PORT is in use: the API server needs it (E2E_API_PORT picks another, which the lab's provisioner policy does not open)"
  exit 1
fi
token() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
ADMIN_TOKEN="$(token)"; NODE_TOKEN="$(token)"
{
  printf '%s,e2e-admin,e2e-admin,"system:masters"\n' "$ADMIN_TOKEN"
  printf '%s,system:node:%s,system:node:%s,"system:nodes"\n' "$NODE_TOKEN" "$NODE_NAME" "$NODE_NAME"
} >"$W/pki/tokens.csv"
openssl genrsa -out "$W/pki/sa.key" 2048 2>/dev/null
# A CA for kubelet's client-certificate authentication of the API server (logs, exec).
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=e2e-kubelet-ca \
  -keyout "$W/pki/kubelet-ca.key" -out "$W/pki/kubelet-ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" \
  -keyout "$W/pki/apiserver-kubelet-client.key" -out "$W/pki/apiserver-kubelet-client.csr" 2>/dev/null
openssl x509 -req -days 1 -in "$W/pki/apiserver-kubelet-client.csr" -CA "$W/pki/kubelet-ca.crt" \
  -CAkey "$W/pki/kubelet-ca.key" -CAcreateserial -out "$W/pki/apiserver-kubelet-client.crt" 2>/dev/null
CA="$W/pki/apiserver.crt"
# Record what ServiceAccounts ask the API for (the provisioner's RBAC checks).
cat >"$W/pki/audit-policy.yaml" <<'YAML'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: ["system:serviceaccounts"]
- level: None
YAML
kubeconfig() { # kubeconfig FILE TOKEN
  cat >"$1" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://$NODE_IP:$API_PORT
    certificate-authority: $CA
users:
- name: user
  user:
    token: $2
contexts:
- name: e2e
  context: {cluster: e2e, user: user}
current-context: e2e
YAML
}
kubeconfig "$W/admin.kubeconfig" "$ADMIN_TOKEN"
kubeconfig "$W/node.kubeconfig" "$NODE_TOKEN"
save_env API_PORT "$API_PORT"
save_env ADMIN_KC "$W/admin.kubeconfig"
save_env CA "$CA"
k() { "$KUBECTL" --kubeconfig "$W/admin.kubeconfig" "$@"; }

start etcd "$ETCD" --name e2e --data-dir "$W/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "e2e=http://127.0.0.1:$ETCD_PEER_PORT"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_until etcd 30 port_open "$ETCD_PORT" || { log "etcd did not listen on 127.0.0.1:$ETCD_PORT"; exit 1; }

# --allow-privileged=true as kubeadm sets it: the CSI node plugin and controller run privileged
# (Pod Security admission still decides per namespace).
start kube-apiserver "$KUBE_APISERVER" \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$API_PORT" \
  --cert-dir "$W/pki" --token-auth-file "$W/pki/tokens.csv" \
  --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged=true \
  --service-cluster-ip-range "$SVC_CIDR" \
  --service-account-key-file "$W/pki/sa.key" --service-account-signing-key-file "$W/pki/sa.key" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --kubelet-client-certificate "$W/pki/apiserver-kubelet-client.crt" --kubelet-client-key "$W/pki/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types InternalIP --profiling=false \
  --audit-policy-file "$W/pki/audit-policy.yaml" --audit-log-path "$W/audit.json"
wait_until "kube-apiserver /readyz" 90 k get --raw /readyz || { log "kube-apiserver not ready within 90s"; exit 1; }
log "kube-apiserver $(k version -o json | jq -r .serverVersion.gitVersion) ready on $NODE_IP:$API_PORT"

start kube-controller-manager "$KUBE_CONTROLLER_MANAGER" \
  --kubeconfig "$W/admin.kubeconfig" --leader-elect=false --controllers '*' --secure-port 0 \
  --service-account-private-key-file "$W/pki/sa.key" --root-ca-file "$CA" \
  --profiling=false
# The scheduler without its built-in default spreading (a soft `maxSkew: 3` per
# host for every StatefulSet's pods; PodTopologySpread `defaultingType: List`
# with no constraints), so that only what an app asks for spreads its pods:
# `spread` shows that Spreading.NONE stacks them on the largest node and the
# library's anti-affinity spreads them. Otherwise the scheduler's defaults.
cat >"$W/scheduler.yaml" <<SCHED
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $W/admin.kubeconfig
leaderElection:
  leaderElect: false
enableProfiling: false
profiles:
  - schedulerName: default-scheduler
    pluginConfig:
      - name: PodTopologySpread
        args:
          defaultingType: List
SCHED
start kube-scheduler "$KUBE_SCHEDULER" --config "$W/scheduler.yaml" --secure-port 0

cat >"$W/Corefile" <<CORE
.:53 {
    bind $NODE_IP
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $W/admin.kubeconfig e2e
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
CORE
start coredns "$COREDNS" -conf "$W/Corefile"
wait_until "the controller-manager (ServiceAccount default/default)" 60 k get serviceaccount default -n default ||
  { log "kube-controller-manager did not create ServiceAccount default/default within 60s"; exit 1; }
log "control plane up: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, coredns"
