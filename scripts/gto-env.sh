#!/usr/bin/env bash
# The virtualenv with the real GTO (DVC's model registry: Git tags for artifact versions and stages)
# that test/fidelity/gto.test.ts uses as its oracle. Prints its folder.
set -euo pipefail
GTO_VERSION="${GTO_VERSION:-1.10.1}"
exec bash "$(dirname "$0")/cached-venv.sh" "gto-$GTO_VERSION" "gto==$GTO_VERSION"
