#!/usr/bin/env bash
# Debian packages the tests and the demo need: Chromium for end-to-end tests, the compiler and
# headers code-server's native modules build against, ripgrep for code-server's search, venv for
# the Python tools, zsh and fish for the launch-quoting tests (every shell a launch is shown for). Only these (--no-install-recommends: no printer, audio or desktop services).
set -euo pipefail
need=()
for p in chromium ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config g++ make python3-venv zsh fish dash; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
