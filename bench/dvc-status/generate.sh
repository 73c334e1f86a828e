#!/usr/bin/env bash
# Builds (once) the DVC project for the stage-status benchmark and prints its folder:
# 2,000 data files in 20 folders (data/files/gNN/fNNNN.csv, some with CRLF endings), a stage `whole`
# depending on the folder, 20 stages `part_NN` each depending on its 100 files one by one, and a
# never-run params stage; `dvc repro` by the real DVC writes dvc.lock and the cache, then one file is
# edited so that the status is not empty. Cached under ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/;
# `.complete` marks a finished repo (bump VERSION when the content changes).
set -euo pipefail
VERSION=1
venv="$(bash "$(dirname "$0")/../../scripts/dvc-env.sh")"
base="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/dvc-status-v$VERSION"
repo="$base/repo"
if [ -f "$base/.complete" ]; then echo "$repo"; exit 0; fi
rm -rf "$base" && mkdir -p "$repo"
cd "$repo"
export DVC_NO_ANALYTICS=1 DVC_NO_UPDATE_CHECK=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
git init -q -b main
"$venv/bin/dvc" init -q
# DVC's hash state lives in the site cache dir; keep it inside the bench folder so runs can clear it.
"$venv/bin/dvc" config --local core.site_cache_dir "$base/dvc-site-cache"
"$venv/bin/python" - <<'PY'
import os, random
rng = random.Random(2000)
stages = ["stages:"]
stages += ["  whole:", "    cmd: find data/files -type f | wc -l > out/whole.txt", "    deps:",
           "    - data/files", "    outs:", "    - out/whole.txt"]
for group in range(20):
    folder = f"data/files/g{group:02d}"
    os.makedirs(folder, exist_ok=True)
    deps = []
    for index in range(100):
        name = f"{folder}/f{group * 100 + index:04d}.csv"
        newline = "\r\n" if index % 7 == 0 else "\n"
        rows = [f"{i},{rng.random():.6f},{rng.randint(0, 10**6)}" for i in range(8)]
        with open(name, "w", newline="") as handle:
            handle.write(newline.join(["id,value,count", *rows]) + newline)
        deps.append(f"    - {name}")
    stages += [f"  part_{group:02d}:", f"    cmd: cat {folder}/*.csv | wc -c > out/part_{group:02d}.txt",
               "    deps:", *deps, "    outs:", f"    - out/part_{group:02d}.txt"]
stages += ["  summary:", "    cmd: cat out/part_*.txt > out/summary.txt", "    deps:", "    - out/part_00.txt",
           "    params:", "    - summary.precision", "    outs:", "    - out/summary.txt:", "        cache: false"]
os.makedirs("out", exist_ok=True)
with open("dvc.yaml", "w") as handle:
    handle.write("\n".join(stages) + "\n")
with open("params.yaml", "w") as handle:
    handle.write("summary:\n  precision: 3\n")
PY
git add -A && git commit -qm "bench data"
"$venv/bin/dvc" repro -q whole part_00 part_01 part_02 part_03 part_04 part_05 part_06 part_07 part_08 \
  part_09 part_10 part_11 part_12 part_13 part_14 part_15 part_16 part_17 part_18 part_19
git add -A && git commit -qm "bench results"
printf '99,0.5,1\n' >> data/files/g07/f0712.csv
touch "$base/.complete"
echo "$repo"
