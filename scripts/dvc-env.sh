#!/usr/bin/env bash
# The virtualenv with the real DVC and DVCLive that the DVC tests use as oracles and to generate
# fixtures. Prints its folder.
set -euo pipefail
DVC_VERSION="${DVC_VERSION:-3.67.1}"
DVCLIVE_VERSION="${DVCLIVE_VERSION:-3.49.1}"
exec bash "$(dirname "$0")/cached-venv.sh" "dvc-$DVC_VERSION-dvclive-$DVCLIVE_VERSION" \
  "dvc==$DVC_VERSION" "dvclive==$DVCLIVE_VERSION"
