#!/usr/bin/env bash
# Creates (once) a virtualenv holding the requirements of a generated scaffold project, keyed by a
# hash of the normalised requirement lines and the Python version, so every generated project with
# the same dependencies reuses it. Prints the venv's folder on stdout.
#
#   bash scripts/scaffold-env.sh REQUIREMENTS_FILE
#
# The file holds pip requirement lines (comments, blank lines and editable installs of the project
# itself are ignored). Venvs live in ${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/scaffold-venvs/.
set -euo pipefail
requirements="${1:?usage: scaffold-env.sh REQUIREMENTS_FILE}"
python="${SCAFFOLD_PYTHON:-python3}"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/scaffold-venvs"
mkdir -p "$cache"

normalised=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$requirements" |
  grep -v -e '^$' -e '^-e ' | tr 'A-Z' 'a-z' | sort -u)
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
key=$(printf 'python %s\n%s\n' "$version" "$normalised" | sha256sum | cut -c1-16)
venv="$cache/$key"

# One creator per venv: a second caller waits for the first instead of installing twice.
exec 9>"$cache/$key.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  printf '%s\n' "$normalised" >"$venv/requirements.txt"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$venv/requirements.txt" >&2
  touch "$venv/.complete"
fi
echo "$venv"
