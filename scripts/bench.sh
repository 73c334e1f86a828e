#!/usr/bin/env bash
# npm run bench: benchmark listing the runs of a 10k-run MLflow file store, the compare panel, and
# DVC stage status (synthetic projects and the real-world corpus), and a DVC folder diff of 100,000 files.
#  1. builds the CLI (npm ci first when node_modules is missing or stale) and gets the MLflow venv;
#  2. checks the store generator against real MLflow on a small store (cheap, every time);
#  3. generates the 10k-run store once (cached outside the clone, keyed by generator version);
#  4. bench/runs.mjs: floor, CLI cold/warm, mlflow.search_runs -> table + test-output/bench/runs.json.
# Extra arguments go to bench/runs.mjs (e.g. --skip-mlflow, --reps-warm 10).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-node-modules.sh
npm run build >&2
venv="$(bash scripts/python-env.sh)"
export MLFLOW_ALLOW_FILE_STORE=true

small="$(mktemp -d "${TMPDIR:-/tmp}/mlops-lens-bench-small.XXXXXX")"
trap 'rm -rf "$small"' EXIT
echo "== checking the store generator against MLflow (20-run store)" >&2
node bench/generate-mlflow-store.mjs --out "$small/store" --experiments 2 --runs 10 --expect "$small/expected.json" >/dev/null
"$venv/bin/python" bench/check-mlflow-store.py "$small/store/mlruns" "$small/expected.json"

echo "== compare panel: snapshot of 100 runs x 10,000 points to first chart, in Chromium" >&2
bash scripts/system-packages.sh >&2
# Real-time priority where allowed (root, CI): other jobs on the machine then do not distort the timing.
rt=(); if chrt -r 10 true 2>/dev/null; then rt=(chrt -r 10); fi
"${rt[@]}" node --import tsx bench/compare/bench.ts
echo "== runs table: 10,000 runs, host snapshot and first paint in Chromium" >&2
"${rt[@]}" node --import tsx bench/runsTable/bench.ts

echo "== 10k-run store" >&2
store="$(node bench/generate-mlflow-store.mjs)"

echo "== benchmark" >&2
node bench/runs.mjs --store "$store" --python "$venv/bin/python" "$@"

echo "== DVC stage status (2,000 tracked files; bench/dvc-status)" >&2
dvc_repo="$(bash bench/dvc-status/generate.sh)"
node bench/dvc-status/bench.mjs --repo "$dvc_repo" --dvc "$(bash scripts/dvc-env.sh)/bin/dvc"

echo "== DVC experiments list (60 experiments; bench/dvc-exp)" >&2
exp_repo="$(bash bench/dvc-exp/generate.sh)"
node bench/dvc-exp/bench.mjs --repo "$exp_repo" --dvc "$(bash scripts/dvc-env.sh)/bin/dvc"

echo "== DVC projects of the real-world corpus (bench/dvc-corpus)" >&2
corpus="${MLOPS_LENS_CORPUS:-$(cd .. && pwd)/shared/corpus}"
if [ -d "$corpus" ]; then
  node bench/dvc-corpus/bench.mjs --corpus "$corpus" --dvc "$(bash scripts/dvc-env.sh)/bin/dvc"
else
  echo "no corpus at $corpus (set MLOPS_LENS_CORPUS): skipped" >&2
fi

echo "== DVC folder diff (100,000 files between two revisions; bench/data-diff)" >&2
diff_repo="$(bash bench/data-diff/generate.sh)"
node bench/data-diff/bench.mjs --repo "$diff_repo" --dvc "$(bash scripts/dvc-env.sh)/bin/dvc"

echo "== DVC params and metrics diff (the params-diff fixture; bench/params-diff)" >&2
params_repo="$(bash bench/params-diff/generate.sh)"
node bench/params-diff/bench.mjs --repo "$params_repo" --dvc "$(bash scripts/dvc-env.sh)/bin/dvc"

echo "== MLflow model registry (1,000 registered models x 20 versions; bench/models)" >&2
node bench/models/bench.mjs
