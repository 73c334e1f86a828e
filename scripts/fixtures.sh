#!/usr/bin/env bash
# Regenerates the MLflow fixture stores under test/fixtures/mlflow/ with the real MLflow.
# Everything in the output folders is written by MLflow itself (test/fixtures/mlflow/generate.py);
# never edit those files by hand. Usage: bash scripts/fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/test/fixtures/mlflow"
gen="$out/generate.py"

venv="$(bash scripts/python-env.sh)"

# An older MLflow for the filestore-v2 store, in its own cached venv beside the main one.
MLFLOW_V2_VERSION="${MLFLOW_V2_VERSION:-2.2.2}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv2="$cache/venv-mlflow-$MLFLOW_V2_VERSION"
mkdir -p "$cache"
exec 9>"$venv2.lock"
flock 9
if [ ! -x "$venv2/bin/python" ] || [ ! -f "$venv2/.complete" ]; then
  rm -rf "$venv2"
  python3 -m venv "$venv2" >&2
  "$venv2/bin/pip" install --quiet --disable-pip-version-check "mlflow==$MLFLOW_V2_VERSION" >&2
  touch "$venv2/.complete"
fi

rm -rf "$out/filestore" "$out/sqlite" "$out/filestore-v2"

export MLFLOW_ALLOW_FILE_STORE=true
# No usage telemetry (tests and fixture generation talk to no server).
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
"$venv/bin/python" "$gen" filestore "$out/filestore/mlruns"
"$venv/bin/python" "$gen" sqlite "$out/sqlite/mlflow.db"
"$venv2/bin/python" "$gen" filestore-v2 "$out/filestore-v2/mlruns"

# Git keeps no empty folders (MLflow makes empty params/, metrics/, artifacts/ for every run):
# drop them here too, so the working tree is what a fresh clone of the repository holds.
find "$out/filestore" "$out/sqlite" "$out/filestore-v2" -type d -empty -delete

du -sh "$out/filestore" "$out/sqlite" "$out/filestore-v2" >&2
