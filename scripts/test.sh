#!/usr/bin/env bash
# The one test command (`npm test`): installs what is needed, checks the code, then runs the unit,
# fidelity (against the real MLflow) and end-to-end (real VS Code) tests. The last line it prints
# is the total: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n=== %s\n' "$*"; }
die() { echo "test.sh: $*" >&2; exit 1; }

step "Installing dependencies"
bash scripts/ensure-node-modules.sh || die "npm ci failed"
bash scripts/system-packages.sh || die "installing Debian packages failed"
VENV=$(bash scripts/python-env.sh) || die "creating the MLflow virtualenv failed"
export MLOPS_LENS_VENV="$VENV"
DVC_VENV=$(bash scripts/dvc-env.sh) || die "creating the DVC virtualenv failed"
export MLOPS_LENS_DVC_VENV="$DVC_VENV"

step "Build, type check, lint"
npm run --silent build || die "build failed"
npx tsc -p . --noEmit || die "type check failed"
npm run --silent lint || die "lint failed"

summary="$root/test-output/summary.jsonl"
mkdir -p test-output && rm -f "$summary"
export MLOPS_LENS_SUMMARY_FILE="$summary"
reporters=(--test-reporter=spec --test-reporter-destination=stdout
  --test-reporter=./test/reporter/summary.mjs --test-reporter-destination=test-output/summary.txt)

step "Unit and fidelity tests"
node --import tsx --test "${reporters[@]}" test/unit/*.test.ts test/fidelity/*.test.ts
unit_status=$?

step "Scaffold tests: option matrix, and each layout's generated project run with the real tools"
# The first run installs each layout's dependencies from PyPI (scripts/scaffold-env.sh caches them).
node --import tsx --test "${reporters[@]}" test/scaffold/*.test.ts
scaffold_status=$?

step "End-to-end tests in code-server"
E2E_NODE_TEST_ARGS="${reporters[*]}" bash scripts/e2e.sh
e2e_status=$?

passed=0; failed=0
while read -r line; do
  passed=$((passed + $(node -p "JSON.parse(process.argv[1]).passed" "$line")))
  failed=$((failed + $(node -p "JSON.parse(process.argv[1]).failed" "$line")))
done < <(cat "$summary" 2>/dev/null)
# A suite that crashed before reporting still fails the run.
if [ $unit_status -ne 0 ] || [ $scaffold_status -ne 0 ] || [ $e2e_status -ne 0 ]; then [ $failed -eq 0 ] && failed=1; fi
echo
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
