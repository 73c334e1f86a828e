#!/usr/bin/env bash
# Takes the README's screenshots from the demo workspace (scripts/demo-workspace.sh, built first
# when the cache has none) in a real VS Code: code-server and Chromium, started the way the
# end-to-end tests start them (scripts/e2e.sh runs test/e2e/screenshots/readme.ts). Writes
# docs/{runs-view,run-details,compare-runs,runs-table,pipelines-codelens,data-view,new-project-wizard}.png;
# look at them before committing. Env: MLOPS_LENS_SCREENSHOTS_DIR (default docs/).
set -euo pipefail
cd "$(dirname "$0")/.."
export MLOPS_LENS_SCREENSHOTS_DIR="${MLOPS_LENS_SCREENSHOTS_DIR:-$PWD/docs}"
exec bash scripts/e2e.sh test/e2e/screenshots/readme.ts
