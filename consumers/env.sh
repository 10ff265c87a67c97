# Sourced by consumers/pacmak.sh and consumers/run.sh (bash, set -euo pipefail).
#
# Where the Go builds find cdk8s when the Go module proxy does not serve it. The
# library's Go module depends on github.com/cdk8s-team/cdk8s-core-go (and on no
# cdk8s-plus line). Where the Go module proxy refuses it (some mirrors do),
# `standins_go` generates it with jsii-pacmak from the very npm package this
# repo installed (its .jsii assembly: the source every binding of it is
# generated from) and serves it locally, at the same module path and version.
# A build that can download the real one never uses a stand-in. Every stand-in
# used is announced on stderr with "STAND-IN:".

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Caches live outside the repo, so that a fresh clone (CI) still finds them warm
# (without HOME: under the ignored .cache/ of the repo).
CACHE="${CONSUMERS_CACHE:-${XDG_CACHE_HOME:-${HOME:-$ROOT}/.cache}/cdk8s-stateful-web/consumers}"
M2_REPO="$CACHE/m2"            # Maven local repository of pacmak and the Java consumer
GO_STANDINS="$CACHE/goproxy"   # a file-based GOPROXY with stand-in modules only
mkdir -p "$M2_REPO" "$GO_STANDINS"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

npm_version() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }

pacmak() { (cd "$ROOT" && nice -n 10 npx --no-install jsii-pacmak "$@"); }

# Exports GOPROXY / GONOSUMDB so that the go command finds cdk8s-core-go at the
# installed npm version, from the Go proxy when it serves it and from the
# stand-in proxy $GO_STANDINS when it does not.
standins_go() {
  local core_v
  core_v="v$(npm_version cdk8s)"
  local core_mod="github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
  local upstream
  upstream="$(go env GOPROXY)"
  if [[ ! -f "$GO_STANDINS/$core_mod/@v/$core_v.zip" ]] && go_served "$core_mod@$core_v" "$upstream"; then
    return 0
  fi
  echo "STAND-IN: $core_mod@$core_v is generated from its npm package (the Go proxy refused it here)" >&2
  if [[ ! -f "$GO_STANDINS/$core_mod/@v/$core_v.zip" ]]; then
    local out
    out="$(mktemp -d)"
    pacmak --target go --code-only --no-npmignore --outdir "$out" node_modules/cdk8s >"$out.log" 2>&1 \
      || { tail -40 "$out.log" >&2; return 1; }
    python3 "$ROOT/consumers/goproxy.py" "$GO_STANDINS" "$out/go/cdk8s" "$core_v"
    rm -rf "$out" "$out.log"
  fi
  export GOPROXY="file://$GO_STANDINS,$upstream"
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/cdk8s-team/cdk8s-core-go"
}

# Whether the upstream proxy serves module@version (asks for its .info and .mod).
go_served() {
  local tmp rc=0
  tmp="$(mktemp -d)"
  (cd "$tmp" && GOPROXY="$2" GOMODCACHE="$tmp/mod" go list -m -json "$1" >/dev/null 2>&1) || rc=1
  chmod -R u+w "$tmp" && rm -rf "$tmp"
  return $rc
}
