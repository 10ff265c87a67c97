#!/usr/bin/env bash
# Every check accounted for: compares one version's PASS lines with the expected
# ids (e2e/checks/expected-ids.txt) and prints
#   INFO [VERSION] checks-ran: N of M
# and, when an expected id did not pass or a passing id is not expected,
#   FAIL [VERSION] checks-ran: ...
# Exits non-zero on a FAIL. ONLY (E2E_ONLY's regular expression) narrows the
# expected ids to those it matches, and teardown, which always runs.
#
#   bash e2e/checks-ran.sh VERSION OUT.log [EXPECTED] [ONLY]
set -Euo pipefail
v="$1" out="$2"
expected_file="${3:-$(dirname "${BASH_SOURCE[0]}")/checks/expected-ids.txt}"
only="${4:-}"

# The ids expected at this version, in the file's order.
mapfile -t listed < <(awk -v v="$v" '
  /^[[:space:]]*(#|$)/ { next }
  { if (NF == 1) { print $1; next }
    for (i = 2; i <= NF; i++) if ($i == v) { print $1; next } }' "$expected_file")
expected=("${listed[@]}")
if [ -n "$only" ]; then
  mapfile -t expected < <(printf '%s\n' "${listed[@]}" | grep -E -- "$only|^teardown\$" || true)
fi
# The ids that printed PASS and FAIL at this version.
ids_of() { sed -n "s/^$1 \[${v//./\\.}\] \([^: ]*\):.*/\1/p" "$out" | sort -u; }
passed="$(ids_of PASS)"
failed="$(ids_of FAIL)"

n=0 missing=() failing=() unlisted=()
for id in "${expected[@]}"; do
  if grep -qxF -- "$id" <<<"$passed"; then
    n=$((n + 1))
  elif grep -qxF -- "$id" <<<"$failed"; then
    failing+=("$id")
  else
    missing+=("$id")
  fi
done
while read -r id; do
  [ -n "$id" ] || continue
  printf '%s\n' "${listed[@]}" | grep -qxF -- "$id" || unlisted+=("$id")
done <<<"$passed"

echo "INFO [$v] checks-ran: $n of ${#expected[@]}"
problems=()
[ "${#missing[@]}" -eq 0 ] || problems+=("no line from ${missing[*]}")
[ "${#failing[@]}" -eq 0 ] || problems+=("failed: ${failing[*]}")
[ "${#unlisted[@]}" -eq 0 ] || problems+=("passed but not in $(basename "$expected_file"): ${unlisted[*]}")
if [ "${#problems[@]}" -gt 0 ]; then
  msg="$(printf '%s; ' "${problems[@]}")"
  echo "FAIL [$v] checks-ran: $n of ${#expected[@]} expected ids passed; ${msg%; }"
  exit 1
fi
