#!/usr/bin/env bash
# The virtualenv with the real `tensorboard` package (the fidelity oracle: EventAccumulator) and
# `tensorboardX` (writes the fixtures' event files without torch or TensorFlow). Prints its folder.
set -euo pipefail
TENSORBOARD_VERSION="${TENSORBOARD_VERSION:-2.21.0}"
TENSORBOARDX_VERSION="${TENSORBOARDX_VERSION:-2.6.5}"
exec bash "$(dirname "$0")/cached-venv.sh" "tensorboard-$TENSORBOARD_VERSION-tbx-$TENSORBOARDX_VERSION" \
  "tensorboard==$TENSORBOARD_VERSION" "tensorboardX==$TENSORBOARDX_VERSION"
