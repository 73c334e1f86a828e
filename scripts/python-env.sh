#!/usr/bin/env bash
# Creates (once) the Python virtualenv holding the real tools the tests use as oracles.
# Cached outside the clone, keyed by the pinned versions, so CI reuses it between runs.
# Prints the venv's folder on stdout.
set -euo pipefail
MLFLOW_VERSION="${MLFLOW_VERSION:-3.17.2}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-mlflow-$MLFLOW_VERSION"
mkdir -p "$cache"
# One creator per venv: a second caller (another test file, a parallel run) waits for the first
# instead of deleting the venv it is installing into.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "mlflow==$MLFLOW_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
