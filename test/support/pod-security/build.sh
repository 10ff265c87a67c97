#!/usr/bin/env bash
# Builds (or reuses) the Pod Security checker for the tests: main.go against
# the newest k8s.io/pod-security-admission (go.mod) and against the 1.27 one
# (go127.mod). Prints one absolute path per line: the 1.27 binary, then the
# newest.
#
# Binaries go to POD_SECURITY_CACHE_DIR (default:
# ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-stateful-web/pod-security, outside the
# repo), one folder per hash of the sources, and are reused when present. A
# cold build downloads the modules from the Go proxy. Go's own caches stay where
# `go env` puts them.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${POD_SECURITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-stateful-web/pod-security}"
HASH="$(cd "$HERE" && cat build.sh main.go evaluator_*.go go.mod go.sum go127.mod go127.sum | sha256sum | cut -c1-12)"
BIN="$CACHE/$HASH"

if [ ! -x "$BIN/pod-security-1.27" ] || [ ! -x "$BIN/pod-security-latest" ]; then
  command -v go >/dev/null 2>&1 || { echo "pod-security: 'go' is not on PATH; the tests need Go to build $HERE" >&2; exit 1; }
  echo "pod-security: building the Pod Security checker into $BIN (cold: about a minute)" >&2
  tmp="$BIN.tmp.$$"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp"
  export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"
  ( cd "$HERE"
    go build -mod=readonly -trimpath -ldflags "-s -w" -modfile=go127.mod -tags psa127 -o "$tmp/pod-security-1.27" .
    go build -mod=readonly -trimpath -ldflags "-s -w" -o "$tmp/pod-security-latest" . ) >&2
  # Another jest run may have finished the same build meanwhile: either copy is good.
  mv -T "$tmp" "$BIN" 2>/dev/null || rm -rf "$tmp"
fi
echo "$BIN/pod-security-1.27"
echo "$BIN/pod-security-latest"
