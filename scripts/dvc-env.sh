#!/usr/bin/env bash
# Creates (once) the virtualenv with the real DVC and DVCLive that the DVC tests use as oracles and
# to generate fixtures. Cached outside the clone, keyed by the pinned versions. Prints its folder.
set -euo pipefail
DVC_VERSION="${DVC_VERSION:-3.67.1}"
DVCLIVE_VERSION="${DVCLIVE_VERSION:-3.49.1}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-dvc-$DVC_VERSION-dvclive-$DVCLIVE_VERSION"
mkdir -p "$cache"
# One creator per venv: a second caller (another test file, a parallel run) waits for the first
# instead of deleting the venv it is installing into.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "dvc==$DVC_VERSION" "dvclive==$DVCLIVE_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
