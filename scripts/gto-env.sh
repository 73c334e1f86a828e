#!/usr/bin/env bash
# Creates (once) the virtualenv with the real GTO (DVC's model registry: Git tags for artifact
# versions and stages) that test/fidelity/gto.test.ts uses as its oracle. Cached outside the clone,
# keyed by the pinned version; works from a clean machine (python3 -m venv + pip). Prints its folder.
set -euo pipefail
GTO_VERSION="${GTO_VERSION:-1.10.1}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-gto-$GTO_VERSION"
mkdir -p "$cache"
# One creator per venv: a second caller waits for the first instead of deleting its venv.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "gto==$GTO_VERSION" >&2
  touch "$venv/.complete"
fi
echo "$venv"
