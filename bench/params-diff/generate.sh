#!/usr/bin/env bash
# The repository bench/params-diff measures: the params-diff fixture (test/fixtures/params-diff,
# built by the real DVC: params in YAML, JSON, TOML and Python, stage and top-level metrics, a tag,
# an experiment and an uncommitted workspace), unpacked into a fresh folder. Prints its path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/mlops-lens-bench-params-diff.XXXXXX")"
tar -xzf "$here/../../test/fixtures/params-diff/repos.tar.gz" -C "$out"
echo "$out/repo"
