#!/usr/bin/env bash
# Benchmark: W&B run logs read by MLOps Lens (the index as the extension runs it: list the runs, then
# every metric's full history) against the same logs decoded in Python with wandb's own protobuf
# classes (test/fidelity/wandb_oracle.py: the pinned wandb has no Python log reader left).
# The runs are real offline runs written once by the pinned wandb (scripts/wandb-env.sh) into
# ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/wandb-<RUNS>x<STEPS>-v1 (4 metrics per step).
# Usage: RUNS=10 STEPS=100000 bash bench/wandb/bench.sh   (the issue's size; generating takes long)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-10}"
STEPS="${STEPS:-100000}"
venv="$(bash scripts/wandb-env.sh)"
data="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/wandb-${RUNS}x${STEPS}-v1"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data"
  for i in $(seq 1 "$RUNS"); do
    HOME="$data/home" WANDB_MODE=offline WANDB_SILENT=true "$venv/bin/python" - "$data" "$i" "$STEPS" <<'PY'
import sys, wandb
out, i, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
run = wandb.init(project="bench", id=f"bench{i:04d}", dir=out, config={"seed": i, "optimizer": {"lr": 0.001 * i}},
                 settings=wandb.Settings(x_disable_stats=True, console="off", save_code=False))
for step in range(steps):
    run.log({"train": {"loss": 1 / (step + 1), "acc": step / steps}, "val/loss": 2 / (step + i), "lr": 0.001 * i})
run.finish()
PY
  done
  rm -f "$data/wandb/latest-run"
  touch "$data/.complete"
fi
logs=("$data"/wandb/*/run-*.wandb)
echo "${#logs[@]} runs × $STEPS steps, $(du -sh "$data/wandb" | cut -f1)"
# Bundled as the CLI and the extension are (tsx's module interop would cost a getter per call).
bundle="$(mktemp -d)/inprocess.js"
npx esbuild bench/wandb/inprocess.ts --bundle --platform=node --target=node20 --log-level=warning --outfile="$bundle"
start=$(date +%s%N)
node "$bundle" "$data"
ours=$(( ($(date +%s%N) - start) / 1000000 ))
start=$(date +%s%N)
"$venv/bin/python" test/fidelity/wandb_oracle.py "${logs[@]}" >/dev/null
theirs=$(( ($(date +%s%N) - start) / 1000000 ))
echo "MLOps Lens (process, list + every history): $ours ms"
echo "wandb protobuf classes in Python (process): $theirs ms"
awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "ratio: %.1f× (target ≥ 10×)\n", a / b }'
