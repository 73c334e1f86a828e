#!/usr/bin/env bash
# Runs `npm ci` when node_modules is missing or was installed from another package-lock.json.
# The stamp holds the lockfile's hash, not its time: a fresh checkout (or a git worktree sharing
# node_modules) has a newer lockfile mtime without any change, and reinstalling then wiped a
# node_modules other processes were using.
# Needs nothing from the user's npm configuration: a native module built from source (keytar, an
# optional dependency of vsce) gets the system's Node headers (scripts/node-headers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.mlops-lens-installed
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  if [ -z "${npm_config_nodedir:-}" ]; then
    nodedir="$(bash scripts/node-headers.sh)"
    [ -z "$nodedir" ] || export npm_config_nodedir="$nodedir"
  fi
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi
