#!/usr/bin/env bash
# End-to-end tests in a real VS Code: packages the extension, installs it into a fresh
# code-server extensions dir, and runs test/e2e/*.test.ts, which drive code-server (on 127.0.0.1)
# with Debian's Chromium. Installs what it needs itself; nothing is downloaded while tests run.
# Exit code = the tests' exit code. Screenshots and logs: test-output/e2e/.
# When a preparation step fails, the tests do not start: it says which ("e2e: did not start — ...")
# on stderr and, under scripts/test.sh, in the summary file, so that the total's last lines show it.
# Env: MLOPS_LENS_E2E_KEEP=1 keeps the temp folders, MLOPS_LENS_E2E_VERBOSE=1 echoes code-server.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

cannot_start() {
  echo "e2e: did not start — $1" >&2
  if [ -n "${MLOPS_LENS_SUMMARY_FILE:-}" ]; then
    node -e 'console.log(JSON.stringify({ suite: process.argv[1], notStarted: process.argv[2] }))' \
      "${MLOPS_LENS_SUITE:-e2e}" "$1" >>"$MLOPS_LENS_SUMMARY_FILE"
  fi
  exit 1
}

bash scripts/ensure-node-modules.sh || cannot_start "npm ci failed"
# Chromium (cheap when everything is there)
bash scripts/system-packages.sh >&2 || cannot_start "installing the Debian packages (Chromium) failed"
code_server="$(bash scripts/code-server.sh)" || cannot_start "code-server install failed"
chromium_bin="${MLOPS_LENS_E2E_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"
[ -x "$chromium_bin" ] || cannot_start "no Chromium at $chromium_bin"

npm run package || cannot_start "packaging the extension failed"

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-lens-e2e.XXXXXX")"
cleanup() { [ "${MLOPS_LENS_E2E_KEEP:-}" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT

ext_dir="$work/extensions"
mkdir -p "$ext_dir" "$work/install-user-data"
printf 'auth: none\ncert: false\n' >"$work/code-server.yaml"
EXTENSIONS_GALLERY='{}' "$code_server" --config "$work/code-server.yaml" \
  --user-data-dir "$work/install-user-data" --extensions-dir "$ext_dir" \
  --install-extension "$root/dist/mlops-lens.vsix" --force >&2 ||
  cannot_start "installing the extension into code-server failed"
EXTENSIONS_GALLERY='{}' "$code_server" --config "$work/code-server.yaml" \
  --user-data-dir "$work/install-user-data" --extensions-dir "$ext_dir" --list-extensions --show-versions >&2

rm -rf "$root/test-output/e2e"
mkdir -p "$root/test-output/e2e"

export MLOPS_LENS_E2E_CODE_SERVER="$code_server"
export MLOPS_LENS_E2E_EXTENSIONS_DIR="$ext_dir"
export MLOPS_LENS_E2E_CHROMIUM="$chromium_bin"
export MLOPS_LENS_E2E_OUTPUT="$root/test-output/e2e"
# The Pipelines test launches DVC stages with the DVC of this virtualenv (python.defaultInterpreterPath).
if [ -z "${MLOPS_LENS_DVC_VENV:-}" ]; then
  MLOPS_LENS_DVC_VENV="$(bash scripts/dvc-env.sh)" || cannot_start "creating the DVC virtualenv failed"
fi
export MLOPS_LENS_DVC_VENV
export TMPDIR="$work"

set +e
# scripts/test.sh passes its reporters (spec, and the summary it totals) in E2E_NODE_TEST_ARGS.
# shellcheck disable=SC2086
# Test files may be named as arguments (bash scripts/e2e.sh test/e2e/pipelines.test.ts); all by default.
if [ $# -gt 0 ]; then files=("$@"); else files=(test/e2e/*.test.ts); fi
node --import tsx --test --test-concurrency=1 ${E2E_NODE_TEST_ARGS:---test-reporter=spec} "${files[@]}"
status=$?
set -e
echo "e2e screenshots and logs: test-output/e2e/" >&2
exit "$status"
