#!/usr/bin/env bash
# Runs `npm ci` when node_modules is missing or older than package-lock.json.
# Needs nothing from the user's npm configuration: a native module built from source (keytar, an
# optional dependency of vsce) gets the system's Node headers (scripts/node-headers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.mlops-lens-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  if [ -z "${npm_config_nodedir:-}" ]; then
    nodedir="$(bash scripts/node-headers.sh)"
    [ -z "$nodedir" ] || export npm_config_nodedir="$nodedir"
  fi
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
