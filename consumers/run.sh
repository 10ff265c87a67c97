#!/usr/bin/env bash
# Runs the TypeScript, Python, Java and Go consumers of the jsii packages.
#
# usage: consumers/run.sh [typescript] [python] [java] [go]      (default: all four)
#
# The TypeScript consumer is a new cdk8s app made from the documentation (the
# files and commands of docs/getting-started.md, main.ts from docs/lab.md and
# smallest.ts from README.md, taken by consumers/typescript/readme.js) on the npm
# tarball, whose `cdk8s synth` must write the lab's objects (check.js); it runs
# on whichever `node` is first on the PATH.
# Each other consumer is a small project of that language that installs the package the
# way a user would (a fresh venv and pip install of the wheel; a Maven project
# depending on the artifact; a Go module requiring the module), builds the
# tutorial's lab through it, and compares the manifests object for object with
# the TypeScript lab's (examples/lab/dist/lab.k8s.yaml, made by `npx projen lab`).
# Each one runs in a copy outside the repo (so nothing resolves through the repo's
# node_modules). Packages are built first when dist/ is missing or older than .jsii.
# The last line is "consumers: N passed, N failed"; the exit code is non-zero on
# any failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"

langs=("$@")
[[ ${#langs[@]} -eq 0 ]] && langs=(typescript python java go)
for lang in "${langs[@]}"; do
  case "$lang" in typescript | python | java | go) ;; *) echo "consumers/run.sh: unknown consumer '$lang' (typescript, python, java, go)" >&2; exit 2 ;; esac
done

WORK="$(mktemp -d -t cdk8s-stateful-web-consumers.XXXXXX)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
LAB_YAML="$ROOT/examples/lab/dist/lab.k8s.yaml"
export LAB_YAML

projen() { (cd "$ROOT" && nice -n 10 npx --no-install projen "$@"); }
stamp() { date +%s; }

# -- the TypeScript lab and the packages ------------------------------------------
t=$(stamp)
projen lab >/dev/null
echo "consumers: TypeScript lab synthesized in $(( $(stamp) - t ))s"

if [[ ! -f "$ROOT/.jsii" || -n "$(find "$ROOT/src" -newer "$ROOT/.jsii" -name '*.ts' -print -quit)" ]]; then
  t=$(stamp); projen compile; echo "consumers: compiled in $(( $(stamp) - t ))s"
fi

artifact() {
  case "$1" in
    typescript) ls -t "$ROOT"/dist/js/*.jsii.tgz 2>/dev/null | head -1 ;;
    python) ls "$ROOT"/dist/python/*.whl 2>/dev/null | head -1 ;;
    java) ls "$ROOT"/dist/java/io/github/cdk8s-stateful-web/cdk8s-stateful-web/*/cdk8s-stateful-web-*.pom 2>/dev/null | head -1 ;;
    go) ls "$ROOT"/dist/go/cdk8sstatefulweb/go.mod 2>/dev/null ;;
  esac
}
for lang in "${langs[@]}"; do
  a="$(artifact "$lang" || true)"
  if [[ -z "$a" || "$ROOT/.jsii" -nt "$a" ]]; then
    t=$(stamp); projen "package:${lang/typescript/js}"; echo "consumers: package:$lang built in $(( $(stamp) - t ))s"
  fi
done

# -- the consumers ---------------------------------------------------------------
run_typescript() {
  local dir="$WORK/typescript"
  # The documented commands run from a checkout: a stand-in with only the
  # tarball, in a folder not named like the repository (the commands must not
  # assume a name).
  mkdir -p "$dir/checkout/dist/js" "$dir/my-app"
  cp "$(artifact typescript)" "$dir/checkout/dist/js/"
  node "$ROOT/consumers/typescript/readme.js" "$dir/my-app" \
    "$ROOT/README.md" "$ROOT/docs/getting-started.md" "$ROOT/docs/lab.md"
  mv "$dir/my-app/commands.sh" "$dir/commands.sh"
  echo "typescript: node $(node --version), npm $(npm --version)"
  # npm's cache (~/.npm, outside the repo) answers what it holds without asking
  # the registry again; the documented commands stay as they are.
  export npm_config_prefer_offline=true
  (cd "$dir/checkout" && bash -euo pipefail "$dir/commands.sh")
  cd "$dir/my-app"
  npx --no-install tsc --noEmit
  echo "typescript: main.ts (the lab) and smallest.ts type-check"
  npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node smallest.ts' --output dist-smallest
  node "$ROOT/consumers/typescript/check.js" "$LAB_YAML" dist/lab.k8s.yaml dist-smallest
}

run_python() {
  local dir="$WORK/python"
  cp -r "$ROOT/consumers/python" "$dir"
  printf 'cdk8s==%s\ncdk8s-plus-27==%s\nconstructs==%s\n' \
    "$(npm_version cdk8s)" "$(npm_version cdk8s-plus-27)" "$(npm_version constructs)" >"$dir/constraints.txt"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --quiet --constraint "$dir/constraints.txt" \
    "$(artifact python)" 'pytest>=8,<10' 'pyyaml>=6,<7'
  (cd "$dir" && "$dir/venv/bin/python" -m pytest -v -p no:cacheprovider test_lab.py)
}

run_java() {
  local dir="$WORK/java"
  cp -r "$ROOT/consumers/java" "$dir"
  # Maven keeps a release it downloaded for ever: drop the library's copy from
  # the local repository so that the build takes the one in dist/java.
  rm -rf "$M2_REPO/io/github/cdk8s-stateful-web"
  standins_java
  (cd "$dir" && nice -n 10 mvn -B --no-transfer-progress -Dstyle.color=never test \
    -Dmaven.repo.local="$M2_REPO" \
    -Ddist.java.url="file://$ROOT/dist/java" \
    -Dcdk8s.version="$(npm_version cdk8s)" \
    -Dcdk8s-plus-27.version="$(npm_version cdk8s-plus-27)" \
    -Dconstructs.version="$(npm_version constructs)")
}

run_go() {
  local dir="$WORK/go"
  cp -r "$ROOT/consumers/go" "$dir"
  standins_go
  (cd "$dir" \
    && go mod edit \
      -replace="github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb=$ROOT/dist/go/cdk8sstatefulweb" \
      -require="github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2@v$(npm_version cdk8s)" \
      -require="github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2@v$(npm_version cdk8s-plus-27)" \
      -require="github.com/aws/constructs-go/constructs/v10@v$(npm_version constructs)" \
    && go mod tidy \
    && nice -n 10 go test -count=1 -v ./...)
}

passed=0
failed=0
summary=()
for lang in "${langs[@]}"; do
  echo "consumers: --- $lang ---"
  t=$(stamp)
  # A subshell outside any `if`, so that set -e stops the consumer at its first failure.
  set +e
  ( set -e; "run_$lang" )
  rc=$?
  set -e
  if [[ $rc -eq 0 ]]; then
    passed=$((passed + 1)); summary+=("$lang: passed in $(( $(stamp) - t ))s")
  else
    failed=$((failed + 1)); summary+=("$lang: FAILED (exit $rc) after $(( $(stamp) - t ))s")
  fi
done
for line in "${summary[@]}"; do echo "consumers: $line"; done
echo "consumers: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
