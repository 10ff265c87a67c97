#!/usr/bin/env bash
# Builds (or reuses) kube-score, the manifest linter the tests run on the lab's
# YAML (test/kube-score.test.ts). Prints the binary's absolute path.
#
# github.com/zegl/kube-score/cmd/kube-score at KUBE_SCORE_VERSION, from the Go
# module proxy (go install checks it against the checksum database), into
# KUBE_SCORE_CACHE_DIR (default: ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-stateful-web/kube-score,
# outside the repo), one folder per version and hash of this script.
set -Eeuo pipefail

VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
CACHE="${KUBE_SCORE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-stateful-web/kube-score}"
BIN="$CACHE/$VERSION-$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"

if [ ! -x "$BIN/kube-score" ]; then
  command -v go >/dev/null 2>&1 || { echo "kube-score: 'go' is not on PATH; the tests need Go to build kube-score" >&2; exit 1; }
  echo "kube-score: building kube-score $VERSION into $BIN (cold: about a minute)" >&2
  tmp="$BIN.tmp.$$"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp"
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "github.com/zegl/kube-score/cmd/kube-score@$VERSION" >&2
  mv -T "$tmp" "$BIN" 2>/dev/null || rm -rf "$tmp"
fi
echo "$BIN/kube-score"
