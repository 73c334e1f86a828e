#!/usr/bin/env bash
# Opens the demo workspace (scripts/demo-workspace.sh: an MLflow sweep and a DVC pipeline made by
# the real tools, built once and cached) in VS Code with MLOps Lens installed, and starts a small
# training run that logs a metric every second for a few minutes, so that live updates show.
# With a desktop `code` CLI on PATH it uses that; otherwise it serves the real VS Code workbench with
# code-server on 127.0.0.1 and prints the URL to open. Stays in the foreground; Ctrl-C stops the
# server and the training run. Env: PORT (default 8080), MLOPS_LENS_CACHE (default
# ~/.cache/mlops-lens), MLOPS_LENS_DEMO_CODE_SERVER=1 (code-server even when `code` exists),
# MLOPS_LENS_DEMO_LIVE_SECONDS (default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

bash scripts/ensure-node-modules.sh
workspace="$(bash scripts/demo-workspace.sh)"
npm run package
vsix="$root/dist/mlops-lens.vsix"

# The live run writes into the sweep's mlflow.db; stopped (and marked KILLED) when the demo stops.
live_pid=""
stop_live() {
  if [ -n "$live_pid" ] && kill -0 "$live_pid" 2>/dev/null; then
    kill -TERM "$live_pid" 2>/dev/null || true
    wait "$live_pid" 2>/dev/null || true
  fi
}
trap stop_live EXIT
trap 'exit 130' INT TERM
mlflow_venv="$(bash scripts/python-env.sh)"
MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true PYTHONPATH="$workspace/wine-sweep/src" \
  "$mlflow_venv/bin/python" scripts/demo/live_run.py --seconds "${MLOPS_LENS_DEMO_LIVE_SECONDS:-300}" \
  >"$workspace/../live-run.log" 2>&1 &
live_pid=$!
echo "MLOps Lens demo: a training run logs to $workspace/wine-sweep/mlflow.db every second (run mlp-live-training)"

# Shows the MLOps view when the window opens: the workspace's own settings say so (folder settings
# in .vscode/settings.json, which the build writes; see scripts/demo-workspace.sh).
if command -v code >/dev/null 2>&1 && [ -z "${MLOPS_LENS_DEMO_CODE_SERVER:-}" ]; then
  code --install-extension "$vsix" --force
  code --wait "$workspace"
  exit 0
fi

code_server="$(bash scripts/code-server.sh)"
demo="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/demo"
mkdir -p "$demo/extensions" "$demo/user-data/User"
settings="$demo/user-data/User/settings.json"
if [ ! -f "$settings" ]; then
  cat >"$settings" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never"
}
JSON
fi
printf 'auth: none\ncert: false\n' >"$demo/code-server.yaml"
port="${PORT:-8080}"
# An empty gallery keeps code-server from looking up extensions online.
export EXTENSIONS_GALLERY='{}'
unset VSCODE_IPC_HOOK_CLI
"$code_server" --config "$demo/code-server.yaml" --user-data-dir "$demo/user-data" \
  --extensions-dir "$demo/extensions" --install-extension "$vsix" --force

url="http://127.0.0.1:$port/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$workspace")"
echo
echo "MLOps Lens demo: open $url"
echo "(the MLOps view shows the runs, pipelines and data; Ctrl-C stops the server and the training run)"
echo
"$code_server" --config "$demo/code-server.yaml" --auth none --bind-addr "127.0.0.1:$port" \
  --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --ignore-last-opened "$workspace"
