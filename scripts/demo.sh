#!/usr/bin/env bash
# Opens the demo workspace (test/fixtures/mlflow: MLflow file store + SQLite store) in VS Code with
# MLOps Lens installed. With a desktop `code` CLI on PATH it uses that; otherwise it serves the real
# VS Code workbench with code-server on 127.0.0.1 and prints the URL to open. Stays in the foreground
# (Ctrl-C stops the server). Env: PORT (default 8080), MLOPS_LENS_CACHE (default ~/.cache/mlops-lens).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
workspace="$root/test/fixtures/mlflow"

bash scripts/ensure-node-modules.sh
npm run package
vsix="$root/dist/mlops-lens.vsix"

if command -v code >/dev/null 2>&1 && [ -z "${MLOPS_LENS_DEMO_CODE_SERVER:-}" ]; then
  code --install-extension "$vsix" --force
  exec code "$workspace"
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
echo "(the MLOps icon in the activity bar shows the Runs view; Ctrl-C stops the server)"
echo
exec "$code_server" --config "$demo/code-server.yaml" --auth none --bind-addr "127.0.0.1:$port" \
  --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --ignore-last-opened "$workspace"
