#!/usr/bin/env bash
# Runs the TypeScript, Python, Java and Go consumers of the jsii packages.
#
# usage: consumers/run.sh [typescript] [python] [java] [go]      (default: all four)
#
# The TypeScript consumer is a new cdk8s app made from the documentation (the
# files and commands of docs/getting-started.md, main.ts from docs/lab.md and
# smallest.ts from README.md, taken by consumers/typescript/readme.js) on the npm
# tarball, whose `cdk8s synth` must write the lab's objects (check.js); it runs
# twice, on cdk8s-plus-34 (as the docs write it) and on cdk8s-plus-27, each with
# every.ts (every prop of every construct beside a Deployment of the app's
# line), one cdk8s and one constructs and only its own line (check-deps.js); it
# runs on whichever `node` is first on the PATH.
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
# The TypeScript consumer on one cdk8s-plus line: the docs' app as written (its
# package.json names the newest line), or with its line swapped for <line>.
# Besides the docs' lab and smallest example, the app gets every.ts (every prop
# of every construct, beside a Deployment of the app's line).
run_typescript_line() {
  local line="$1" dir="$WORK/typescript-$1"
  # The documented commands run from a checkout: a stand-in with only the
  # tarball, in a folder not named like the repository (the commands must not
  # assume a name).
  mkdir -p "$dir/checkout/dist/js" "$dir/my-app"
  cp "$(artifact typescript)" "$dir/checkout/dist/js/"
  node "$ROOT/consumers/typescript/readme.js" "$dir/my-app" \
    "$ROOT/README.md" "$ROOT/docs/getting-started.md" "$ROOT/docs/lab.md"
  mv "$dir/my-app/commands.sh" "$dir/commands.sh"
  cp "$ROOT/consumers/typescript/every.ts" "$dir/my-app/every.ts"
  local docs_line
  docs_line="$(node -p "Object.keys(require('$dir/my-app/package.json').dependencies).find(d => d.startsWith('cdk8s-plus-')).slice(11)")"
  if [[ "$line" != "$docs_line" ]]; then
    # The same app on another line: its package.json and every.ts's import name it.
    node -e '
      const fs = require("fs"); const [file, from, to, version] = process.argv.slice(1);
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      delete pkg.dependencies[from]; pkg.dependencies[to] = version;
      fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' \
      "$dir/my-app/package.json" "cdk8s-plus-$docs_line" "cdk8s-plus-$line" "$(npm_version "cdk8s-plus-$line")"
    sed -i "s/'cdk8s-plus-$docs_line'/'cdk8s-plus-$line'/" "$dir/my-app/every.ts"
  fi
  # .ci/nodes looks for this line to know which Node.js ran the consumer.
  echo "typescript: node $(node --version), npm $(npm --version)"
  echo "typescript: on cdk8s-plus-$line (the docs' app is on cdk8s-plus-$docs_line)"
  # npm's cache (~/.npm, outside the repo) answers what it holds without asking
  # the registry again; the documented commands stay as they are.
  export npm_config_prefer_offline=true
  (cd "$dir/checkout" && bash -euo pipefail "$dir/commands.sh") 2>&1 | tee "$dir/install.log"
  if grep -Ei 'npm (warn|error).*(peer|ERESOLVE|conflict)' "$dir/install.log"; then
    echo "typescript: npm warned about peer dependencies on cdk8s-plus-$line" >&2
    return 1
  fi
  cd "$dir/my-app"
  node "$ROOT/consumers/typescript/check-deps.js" "$line"
  npx --no-install tsc --noEmit
  echo "typescript: main.ts (the lab), smallest.ts and every.ts type-check on cdk8s-plus-$line"
  npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node smallest.ts' --output dist-smallest
  node "$ROOT/consumers/typescript/check.js" "$LAB_YAML" dist/lab.k8s.yaml dist-smallest
  npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node every.ts' --output dist-every
  node "$ROOT/consumers/typescript/check-every.js" dist-every "$WORK/every-$line.json"
}

run_typescript() {
  run_typescript_line 34
  run_typescript_line 27
  if ! cmp -s "$WORK/every-34.json" "$WORK/every-27.json"; then
    diff "$WORK/every-34.json" "$WORK/every-27.json" | head -40
    echo "typescript: every.ts wrote other library objects on cdk8s-plus-27 than on cdk8s-plus-34" >&2
    return 1
  fi
  echo "typescript: every.ts wrote the same library objects on cdk8s-plus-34 and cdk8s-plus-27"
}

run_python() {
  local dir="$WORK/python"
  cp -r "$ROOT/consumers/python" "$dir"
  # The app is on cdk8s-plus-34, the newest line; the wheel needs no line.
  printf 'cdk8s==%s\ncdk8s-plus-34==%s\nconstructs==%s\n' \
    "$(npm_version cdk8s)" "$(npm_version cdk8s-plus-34)" "$(npm_version constructs)" >"$dir/constraints.txt"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --quiet --constraint "$dir/constraints.txt" \
    "$(artifact python)" cdk8s-plus-34 'pytest>=8,<10' 'pyyaml>=6,<7'
  local lines
  lines="$("$dir/venv/bin/python" -m pip list --format=freeze | grep -i '^cdk8s[-_]plus' || true)"
  if [[ "$lines" != cdk8s[-_]plus[-_]34==* || "$(wc -l <<<"$lines")" -ne 1 ]]; then
    echo "python: the venv holds the cdk8s-plus lines '$lines'; only cdk8s-plus-34 expected" >&2
    return 1
  fi
  echo "python: the venv holds one cdk8s-plus line, $lines"
  (cd "$dir" && "$dir/venv/bin/python" -m pytest -v -p no:cacheprovider test_lab.py)
}

run_java() {
  local dir="$WORK/java"
  cp -r "$ROOT/consumers/java" "$dir"
  # Maven keeps a release it downloaded for ever: drop the library's copy from
  # the local repository so that the build takes the one in dist/java.
  rm -rf "$M2_REPO/io/github/cdk8s-stateful-web"
  (cd "$dir" && nice -n 10 mvn -B --no-transfer-progress -Dstyle.color=never test \
    -Dmaven.repo.local="$M2_REPO" \
    -Ddist.java.url="file://$ROOT/dist/java" \
    -Dcdk8s.version="$(npm_version cdk8s)" \
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
