#!/usr/bin/env bash
# The one test command (`npm test`): installs what is needed, checks the code, then runs the unit,
# fidelity (against the real MLflow and DVC), scaffold and end-to-end (real VS Code) tests. It ends
# with one line per suite, the suites that did not start and the checks that failed (each with its
# reason), and last the total: "N passed, N failed" (test/reporter/total.mjs).
# Needs nothing from the machine's npm, pip or Git configuration (a fresh clone, an empty HOME).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

summary="$root/test-output/summary.jsonl"
mkdir -p test-output && rm -f "$summary"
export MLOPS_LENS_SUMMARY_FILE="$summary"
declare -A status=()

step() { printf '\n=== %s\n' "$*"; }
record() { printf '%s\n' "$1" >>"$summary"; }
# A suite that cannot start is said so at the end, with the reason, and counts as a failure.
not_started() {
  echo "test.sh: $1 did not start: $2" >&2
  record "$(node -e 'console.log(JSON.stringify({ suite: process.argv[1], notStarted: process.argv[2] }))' "$1" "$2")"
}
failed_check() {
  echo "test.sh: $1" >&2
  record "$(node -e 'console.log(JSON.stringify({ suite: "checks", failedCheck: process.argv[1] }))' "$1")"
}
finish() {
  echo
  local args=()
  for suite in "${!status[@]}"; do args+=("$suite=${status[$suite]}"); done
  node test/reporter/total.mjs "$summary" "${args[@]}"
  exit $?
}

step "Installing dependencies"
if ! bash scripts/ensure-node-modules.sh; then
  echo "test.sh: npm ci failed" >&2
  # Without node_modules nothing runs; `node` alone still writes the summary.
  for suite in unit fidelity scaffold e2e; do not_started "$suite" "npm ci failed"; done
  finish
fi
bash scripts/system-packages.sh || echo "test.sh: installing Debian packages failed (the e2e tests need them)" >&2
fidelity_blocked=""
if VENV=$(bash scripts/python-env.sh); then export MLOPS_LENS_VENV="$VENV"; else
  fidelity_blocked="creating the MLflow virtualenv failed"
fi
if DVC_VENV=$(bash scripts/dvc-env.sh); then export MLOPS_LENS_DVC_VENV="$DVC_VENV"; else
  fidelity_blocked="${fidelity_blocked:+$fidelity_blocked; }creating the DVC virtualenv failed"
fi
if GTO_VENV=$(bash scripts/gto-env.sh); then export MLOPS_LENS_GTO_VENV="$GTO_VENV"; else
  fidelity_blocked="${fidelity_blocked:+$fidelity_blocked; }creating the GTO virtualenv failed"
fi
if WANDB_VENV=$(bash scripts/wandb-env.sh); then export MLOPS_LENS_WANDB_VENV="$WANDB_VENV"; else
  fidelity_blocked="${fidelity_blocked:+$fidelity_blocked; }creating the W&B virtualenv failed"
fi
if TENSORBOARD_VENV=$(bash scripts/tensorboard-env.sh); then export MLOPS_LENS_TENSORBOARD_VENV="$TENSORBOARD_VENV"; else
  fidelity_blocked="${fidelity_blocked:+$fidelity_blocked; }creating the TensorBoard virtualenv failed"
fi

step "Build, type check, lint"
if ! npm run --silent build; then
  for suite in unit fidelity scaffold e2e; do not_started "$suite" "the build failed"; done
  finish
fi
npx tsc -p . --noEmit || failed_check "type check failed (tsc)"
npm run --silent lint || failed_check "lint failed (eslint or prettier)"

reporters=(--test-reporter=spec --test-reporter-destination=stdout
  --test-reporter=./test/reporter/summary.mjs --test-reporter-destination=test-output/summary.txt)

step "Unit tests"
MLOPS_LENS_SUITE=unit node --import tsx --test "${reporters[@]}" test/unit/*.test.ts
status[unit]=$?

step "Fidelity tests: our readers against the real MLflow, DVC and W&B"
if [ -n "$fidelity_blocked" ]; then not_started fidelity "$fidelity_blocked"; else
  MLOPS_LENS_SUITE=fidelity node --import tsx --test "${reporters[@]}" test/fidelity/*.test.ts
  status[fidelity]=$?
fi

step "Scaffold tests: option matrix, and each layout's generated project run with the real tools"
# The first run installs each layout's dependencies from PyPI (scripts/scaffold-env.sh caches them).
MLOPS_LENS_SUITE=scaffold node --import tsx --test "${reporters[@]}" test/scaffold/*.test.ts
status[scaffold]=$?

step "End-to-end tests in code-server"
# e2e.sh records itself why it could not start (code-server install, packaging, ...).
MLOPS_LENS_SUITE=e2e E2E_NODE_TEST_ARGS="${reporters[*]}" bash scripts/e2e.sh
status[e2e]=$?

finish
