#!/usr/bin/env bash
# Builds (once) the DVC project for the experiments benchmark and prints its folder: a two-commit
# history (`main` and its parent) with 60 experiments made by the real `dvc exp run -S` (20 on the
# parent, 40 on main), each training with DVCLive (params.yaml, 12 steps of 4 metrics with TSV
# histories) and writing a YAML evaluation. Cached under ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/;
# `.complete` marks a finished repo (bump VERSION when the content changes).
set -euo pipefail
VERSION=1
EXPS_ON_PARENT=20
EXPS_ON_MAIN=40
venv="$(bash "$(dirname "$0")/../../scripts/dvc-env.sh")"
base="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/dvc-exp-v$VERSION"
repo="$base/repo"
if [ -f "$base/.complete" ]; then echo "$repo"; exit 0; fi
rm -rf "$base" && mkdir -p "$repo/src"
cd "$repo"
export PATH="$venv/bin:$PATH" DVC_NO_ANALYTICS=1 DVC_NO_UPDATE_CHECK=1
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
git init -q -b main
dvc init -q
cat > src/train.py <<'PY'
import math
import yaml
from dvclive import Live

p = yaml.safe_load(open("params.yaml"))
t = p["train"]
with Live("dvclive", dvcyaml=None, save_dvc_exp=False) as live:
    live.log_params({"optimizer": p["model"]["optimizer"]})
    loss = 2.0
    for epoch in range(t["epochs"]):
        loss = loss * (1 - t["lr"]) + 0.001 * (t["seed"] % 7) + p["model"]["dropout"] * 0.01
        live.log_metric("train/loss", round(loss, 6))
        live.log_metric("train/acc", round(1 / (1 + loss), 6))
        live.log_metric("val/loss", round(loss * 1.1, 6))
        live.log_metric("val/acc", round(1 / (1 + 1.1 * loss), 6))
        live.next_step()
open("model.txt", "w").write(f"{loss:.6f}\n")
PY
cat > src/evaluate.py <<'PY'
import yaml
loss = float(open("model.txt").read())
yaml.safe_dump({"test": {"loss": round(loss * 1.2, 6), "score": round(100 / (1 + loss), 3)}}, open("eval.yaml", "w"))
PY
cat > dvc.yaml <<'YAML'
stages:
  train:
    cmd: python src/train.py
    deps: [src/train.py]
    params: [train, model]
    outs: [model.txt]
    metrics:
      - dvclive/metrics.json:
          cache: false
    plots:
      - dvclive/plots:
          cache: false
  evaluate:
    cmd: python src/evaluate.py
    deps: [src/evaluate.py, model.txt]
    metrics:
      - eval.yaml:
          cache: false
YAML
cat > params.yaml <<'YAML'
train:
  lr: 0.1
  epochs: 12
  seed: 0
  batch_size: 32
model:
  name: mlp
  dropout: 0.2
  optimizer: adam
  layers: [64, 32]
YAML
printf 'model.txt\n' > .gitignore
git add -A && git commit -qm "bench: pipeline" && dvc repro -q && git add -A && git commit -qm "bench: parent baseline"
run_exps() { # run_exps FROM COUNT
  for i in $(seq "$1" $(($1 + $2 - 1))); do
    lr=$(python -c "print(round(0.02 + ($i % 10) * 0.015, 4))")
    dvc exp run -q -S "train.lr=$lr" -S "train.seed=$i" -S "model.dropout=0.$((i % 5))" >/dev/null
  done
}
run_exps 1 "$EXPS_ON_PARENT"
git checkout -q HEAD -- . && dvc checkout -q -f
sed -i 's/batch_size: 32/batch_size: 64/' params.yaml
dvc repro -q && git add -A && git commit -qm "bench: main baseline"
run_exps 101 "$EXPS_ON_MAIN"
git checkout -q HEAD -- . && dvc checkout -q -f
touch "$base/.complete"
echo "$repo"
