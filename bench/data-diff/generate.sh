#!/usr/bin/env bash
# Builds (once) the DVC project for the folder-diff benchmark and prints its folder: a folder
# data/images of 100,000 small files in 100 sub-folders tracked with `dvc add` by the real DVC
# (commit v1), then 250 files edited, 250 deleted, 250 renamed and 1,000 added and `dvc add`
# again (commit v2). A diff between the two revisions reads only the two `.dir` manifests, so the
# workspace copy and the cache's file objects are removed afterwards (they would take ~800 MB).
# Cached under ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/; `.complete` marks a finished repo.
set -euo pipefail
VERSION=1
venv="$(bash "$(dirname "$0")/../../scripts/dvc-env.sh")"
base="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/data-diff-v$VERSION"
repo="$base/repo"
if [ -f "$base/.complete" ]; then echo "$repo"; exit 0; fi
rm -rf "$base" && mkdir -p "$repo"
cd "$repo"
export DVC_NO_ANALYTICS=1 DVC_NO_UPDATE_CHECK=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
git init -q -b main
"$venv/bin/dvc" init -q
"$venv/bin/dvc" config --local core.site_cache_dir "$base/dvc-site-cache"
# Hard links: the workspace and the cache share their files while DVC hashes them.
"$venv/bin/dvc" config cache.type hardlink
"$venv/bin/python" - <<'PY'
import os, random
rng = random.Random(100000)
for shard in range(100):
    folder = f"data/images/shard_{shard:02d}"
    os.makedirs(folder, exist_ok=True)
    for index in range(1000):
        with open(f"{folder}/img_{shard * 1000 + index:06d}.txt", "w") as handle:
            handle.write(f"{shard * 1000 + index} {rng.random():.12f}\n")
PY
"$venv/bin/dvc" add -q data/images
git add -A && git commit -qm "v1: 100,000 files"
"$venv/bin/python" - <<'PY'
import os
for i in range(1000):
    shard, index = divmod(i * 97 % 100000, 1000)
    path = f"data/images/shard_{shard:02d}/img_{shard * 1000 + index:06d}.txt"
    if i % 4 == 0:   # edited (the hard link is broken first: the v1 object stays as it was)
        text = open(path).read()
        os.remove(path)
        open(path, "w").write(text + "edited\n")
    elif i % 4 == 1:  # deleted
        os.remove(path)
    elif i % 4 == 2:  # renamed
        os.rename(path, path.replace("img_", "renamed_"))
    else:             # a new file beside it
        open(path.replace("img_", "new_"), "w").write(f"new {i}\n")
for i in range(750):
    open(f"data/images/shard_{i % 100:02d}/extra_{i:04d}.txt", "w").write(f"extra {i}\n")
PY
"$venv/bin/dvc" add -q data/images
git add -A && git commit -qm "v2: files edited, deleted, renamed and added"
rm -rf data/images
find .dvc/cache -type f ! -name '*.dir' -delete
touch "$base/.complete"
echo "$repo"
