#!/usr/bin/env bash
# The virtualenv with the real `wandb` package that writes the W&B fixtures (offline runs) and
# decodes them as the fidelity oracle. Prints its folder.
set -euo pipefail
WANDB_VERSION="${WANDB_VERSION:-0.31.0}"
exec bash "$(dirname "$0")/cached-venv.sh" "wandb-$WANDB_VERSION" "wandb==$WANDB_VERSION"
