# Shared by the e2e scripts: sourced, never run. See e2e/README.md.
# shellcheck shell=bash
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E_DIR/.." && pwd)"
UPSTREAM="${E2E_UPSTREAM:-$REPO/../shared/upstream}"
CACHE="${E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-e2e}"

log() { printf '[e2e %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
standin() { printf 'STAND-IN: %s\n' "$*"; }
hash_of() { cat "$@" | sha256sum | cut -c1-12; }

# apt_install PKG...: install Debian packages that are missing (CI machines start bare).
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local apt=(apt-get -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2 ||
    { apt-get -o DPkg::Lock::Timeout=900 -qq update >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2; }
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

# free_port [AVOID...]: a TCP port that no socket on the machine has, in any
# state, and none of AVOID, below the kernel's ephemeral range: a port in that
# range can become a client connection's local port at any moment, and a daemon
# told to listen on it then fails to bind.
free_port() {
  local hi p
  hi="$(($(cut -f1 /proc/sys/net/ipv4/ip_local_port_range) - 1))"
  [ "$hi" -gt 12000 ] || hi=60999 # an unusual range: the socket check alone
  while :; do
    p=$((10000 + RANDOM % (hi - 10000)))
    case " $* " in *" $p "*) continue ;; esac
    [ -z "$(ss -Htan "( sport = :$p )")" ] && { echo "$p"; return; }
  done
}

# State of one run lives in $W (a temp dir); start() records each PID in $W/pids
# so that teardown.sh stops exactly what the run started.
start() { # start NAME CMD...: own process group, output to $W/logs/NAME.log
  local name="$1"
  shift
  setsid "$@" >"$W/logs/$name.log" 2>&1 </dev/null &
  echo "$! $name" >>"$W/pids"
  log "started $name (pid $!)"
}

# ours PID FILE: the process was started no later than FILE last changed (the
# list that recorded it), so it is the run's and not a later process that was
# given a free PID again (the run was killed long ago, the machine restarted).
# The boot time to the hundredth of a second: /proc/stat's btime is truncated to
# the second, which with whole-second start times put a process started two
# seconds after FILE within the second's slack.
E2E_BOOT="$(awk -v now="$(date +%s.%N)" '{printf "%.2f", now - $1}' /proc/uptime)"
E2E_HZ="$(getconf CLK_TCK)"
ours() {
  local ticks
  ticks="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}')"
  [ -n "$ticks" ] && awk -v boot="$E2E_BOOT" -v ticks="$ticks" -v hz="$E2E_HZ" -v changed="$(stat -c %.Y "$2")" \
    'BEGIN { exit !(boot + ticks / hz <= changed + 1) }'
}

# The test bed's addresses: all private, all made (and removed) by the run.
NODE_NAME=e2e-node
NODE_IP=10.99.0.1          # added to lo: kubelet refuses a loopback node IP
POD_CIDR=10.244.0.0/24     # the bridge CNI's range
BRIDGE=e2e-br0
SVC_CIDR=10.96.0.0/24
NFS_GUARD_IP=192.168.1.21  # the lab's NFS server: must never receive a packet
NFS_HOST_IP=10.99.2.1      # the host's end of the veth pair to ganesha's network namespace
NFS_SERVER_IP=10.99.2.2    # ganesha and rpcbind, inside that namespace (ganesha.sh)
GUARD_CHAIN=E2E-NFS-GUARD
EGRESS_CHAIN=E2E-POD-EGRESS
# Kernel settings kubelet and kube-proxy may change; saved before, restored after.
SYSCTLS=(net.ipv4.ip_forward net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom
  kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes
  net.netfilter.nf_conntrack_max net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables)

# Paths containerd, the CNI library and kubelet write to outside W whatever their
# configuration says; removed by teardown.sh if the run created them.
HOST_PATHS=(/run/containerd /var/lib/cni /var/log/pods /var/log/containers)

# run_env W: the variables a run recorded (paths, ports, versions).
load_env() { [ -f "$1/env" ] && source "$1/env"; return 0; }
save_env() { printf '%s=%q\n' "$1" "$2" >>"$W/env"; }

# apt_sources: "URI SUITE" for every enabled `deb` source of the machine's apt
# configuration (one-line .list files and deb822 .sources files).
apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print u[a], s[b]
        }
        types = uris = suites = enabled = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      tolower($1) == "types:" { $1 = ""; types = $0 }
      tolower($1) == "uris:" { $1 = ""; uris = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { flush() }' "$f"
  done
}

# debian_mirror [security]: the Debian archive's URI (or its security archive's), as
# the machine's apt sources name it for the machine's own release; image builds
# take their packages from there.
debian_mirror() {
  local codename suite uri
  codename="$(. /etc/os-release && echo "$VERSION_CODENAME")"
  suite="$codename"
  [ "${1:-}" = security ] && suite="$codename-security"
  uri="$(apt_sources | awk -v s="$suite" '$2 == s { print $1; exit }')"
  [ -n "$uri" ] || { log "no apt source for suite $suite in the machine's apt configuration"; return 1; }
  echo "${uri%/}"
}
