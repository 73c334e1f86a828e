#!/usr/bin/env bash
# Creates (once) the virtualenv with the real `wandb` package that writes the W&B fixtures
# (offline runs) and decodes them as the fidelity oracle. Cached outside the clone, keyed by the
# pinned version, like scripts/dvc-env.sh. Prints its folder.
set -euo pipefail
WANDB_VERSION="${WANDB_VERSION:-0.31.0}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-wandb-$WANDB_VERSION"
mkdir -p "$cache"
# One creator per venv: a second caller waits for the first instead of deleting its venv.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "wandb==$WANDB_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
