#!/usr/bin/env bash
# Creates (once) the virtualenv with the real `tensorboard` package (the fidelity oracle:
# EventAccumulator) and `tensorboardX` (writes the fixtures' event files without torch or
# TensorFlow). Cached outside the clone, keyed by the pinned versions, like scripts/wandb-env.sh.
# Prints its folder.
set -euo pipefail
TENSORBOARD_VERSION="${TENSORBOARD_VERSION:-2.21.0}"
TENSORBOARDX_VERSION="${TENSORBOARDX_VERSION:-2.6.5}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-tensorboard-$TENSORBOARD_VERSION-tbx-$TENSORBOARDX_VERSION"
mkdir -p "$cache"
# One creator per venv: a second caller waits for the first instead of deleting its venv.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "tensorboard==$TENSORBOARD_VERSION" "tensorboardX==$TENSORBOARDX_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
