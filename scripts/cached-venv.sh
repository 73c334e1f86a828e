#!/usr/bin/env bash
# Creates (once) a Python virtualenv holding pinned PyPI packages, cached outside the clone in
# $MLOPS_LENS_CACHE/venv-NAME (NAME carries the versions, so a new pin makes a new venv), and
# prints its folder. Works from a clean machine: python3 -m venv + pip, nothing else.
# Usage: cached-venv.sh NAME PIP_REQUIREMENT...
set -euo pipefail
name="$1"
shift
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
venv="$cache/venv-$name"
mkdir -p "$cache"
# One creator per venv: a second caller (another test file, a parallel run) waits for the first
# instead of deleting the venv it is installing into.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
  touch "$venv/.complete"
fi
echo "$venv"
