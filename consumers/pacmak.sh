#!/usr/bin/env bash
# jsii-pacmak for one target, as `npx projen package:<target>` runs it.
# usage: consumers/pacmak.sh js|python|java|go
# Go first makes sure cdk8s can be resolved (see env.sh).
set -euo pipefail
source "$(dirname "$0")/env.sh"

target="${1:?usage: consumers/pacmak.sh js|python|java|go}"
case "$target" in
  java)
    pacmak -v --target java --maven-local-repository="$M2_REPO"
    ;;
  go)
    standins_go
    pacmak -v --target go
    ;;
  js | python)
    pacmak -v --target "$target"
    ;;
  *)
    echo "consumers/pacmak.sh: unknown target '$target' (js, python, java, go)" >&2
    exit 2
    ;;
esac
