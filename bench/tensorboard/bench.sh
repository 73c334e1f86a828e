#!/usr/bin/env bash
# Benchmark: a TensorBoard log folder read by MLOps Lens (the index as the extension runs it: list
# the runs, then every scalar's full history; bench/wandb/inprocess.ts) against TensorBoard's own
# Python reader on the same folder (test/fidelity/tensorboard_oracle.py: EventMultiplexer, every
# run's EventAccumulator scalars). The event files are written once by tensorboardX (pinned in
# scripts/tensorboard-env.sh) into ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/tensorboard-<RUNS>x<STEPS>-v1.
# Usage: RUNS=100 STEPS=10000 bash bench/tensorboard/bench.sh   (the issue's size: one scalar per step)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-100}"
STEPS="${STEPS:-10000}"
venv="$(bash scripts/tensorboard-env.sh)"
data="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/tensorboard-${RUNS}x${STEPS}-v1"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data/logs"
  "$venv/bin/python" - "$data/logs" "$RUNS" "$STEPS" <<'PY'
import sys
from tensorboardX import SummaryWriter
out, runs, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(runs):
    writer = SummaryWriter(f"{out}/run_{i:03d}", flush_secs=3600, max_queue=10000)
    for step in range(steps):
        writer.add_scalar("loss", 1 / (step + 1 + i), step, 1_760_000_000 + step)
    writer.close()
PY
  touch "$data/.complete"
fi
echo "$RUNS runs × $STEPS scalars, $(du -sh "$data/logs" | cut -f1)"
# Bundled as the CLI and the extension are (tsx's module interop would cost a getter per call).
bundle="$(mktemp -d)/inprocess.js"
npx esbuild bench/wandb/inprocess.ts --bundle --platform=node --target=node20 --log-level=warning --outfile="$bundle"
start=$(date +%s%N)
node "$bundle" "$data/logs"
ours=$(( ($(date +%s%N) - start) / 1000000 ))
start=$(date +%s%N)
"$venv/bin/python" test/fidelity/tensorboard_oracle.py "$data/logs" >/dev/null
theirs=$(( ($(date +%s%N) - start) / 1000000 ))
echo "MLOps Lens (process, list + every history): $ours ms"
echo "tensorboard EventMultiplexer in Python (process): $theirs ms"
awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "ratio: %.1f× (target ≥ 10×)\n", a / b }'
