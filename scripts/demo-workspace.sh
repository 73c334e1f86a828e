#!/usr/bin/env bash
# Builds (once) the demo workspace that `npm run demo`, the README screenshots and the demo e2e test
# open: a folder holding two projects made by our own scaffolds and filled by the real tools.
#   wine-sweep/       mlflow-project scaffold: a hyperparameter sweep (a parent run, 31 nested runs,
#                     one failed, per-epoch histories, a dataset input, the three best models
#                     registered with @champion) in mlflow.db, and an older file store mlruns/
#                     with the scaffold's own baseline runs.
#   cancer-pipeline/  dvc-pipeline scaffold in its own Git repository: commits in which the raw data
#                     (`dvc add`) gains rows and a column and params change, four `dvc exp run -S`
#                     experiments with DVCLive histories, and one stage left stale (changed params).
# Nothing in it is hand-written: the scaffold CLI, MLflow, DVC, DVCLive and Git write every file;
# scripts/demo/ holds the code the projects run and the edits a developer would make.
#
# Cached outside the clone in ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/demo-workspace-<key>, where
# <key> hashes this script, scripts/demo/, the scaffold templates and code, and the tool versions:
# a change to any of them builds a new one. Prints the folder to open on stdout; a line per step with
# its time on stderr. Works with an empty HOME and no Git identity. Env: MLOPS_LENS_DEMO_REBUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
demo="$root/scripts/demo"
cache="${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}"
started_all=$(date +%s%N)

elapsed() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
say() { printf 'demo workspace: %s\n' "$*" >&2; }

mlflow_venv="$(bash scripts/python-env.sh)"
dvc_venv="$(bash scripts/dvc-env.sh)"
versions="$(
  set -e
  # Package metadata, not imports: importing MLflow alone takes seconds.
  "$mlflow_venv/bin/python" -c 'import sys; from importlib.metadata import version as v
print(sys.version.split()[0], *(v(p) for p in ("mlflow", "scikit-learn", "pandas", "numpy")))'
  "$dvc_venv/bin/python" -c 'from importlib.metadata import version as v; print(v("dvc"), v("dvclive"))'
  git --version
)"
key="$(
  {
    printf '%s\n' "$versions"
    find scripts/demo-workspace.sh scripts/demo scaffolds src/core/scaffold src/cli/scaffold.ts \
      -type f ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-12
)"
dir="$cache/demo-workspace-$key"
workspace="$dir/projects"
mkdir -p "$cache"
exec 9>"$dir.lock"
flock 9
if [ -f "$dir/.complete" ] && [ "${MLOPS_LENS_DEMO_REBUILD:-}" != 1 ]; then
  say "reusing $dir"
  echo "$workspace"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$workspace"
say "building $dir (logs: $dir/*.log)"
# The scaffold CLI (dist/cli.js) from these sources.
npm run -s build >&2

# A fresh machine: no Git identity, no global or system Git configuration, no telemetry.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Demo Scientist" GIT_AUTHOR_EMAIL="scientist@demo.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export DVC_NO_ANALYTICS=1 DVC_NO_UPDATE_CHECK=1 MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
export MLFLOW_ALLOW_FILE_STORE=true PYTHONDONTWRITEBYTECODE=1

# The Python the DVC project runs: the cached DVC venv first, then the MLflow venv for pandas and
# scikit-learn, then the project's own src (an editable install without pip), through .pth files.
python_env="$dir/python"
python3 -m venv --without-pip "$python_env"
site_of() { "$1/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
env_site="$(site_of "$python_env")"
printf '%s\n%s\n' "$(site_of "$dvc_venv")" "$(site_of "$mlflow_venv")" >"$env_site/demo-tools.pth"
printf '%s\n' "$workspace/cancer-pipeline/src" >"$env_site/demo-projects.pth"
ln -s "$dvc_venv/bin/dvc" "$python_env/bin/dvc"

# step LOG NAME COMMAND...: runs COMMAND with its output in LOG, then prints NAME and its time.
step() {
  local log="$1" name="$2" t0
  shift 2
  t0=$(date +%s%N)
  # Not `if ! cmd`: a function called as a condition would run with `set -e` off.
  set +e
  (
    set -e
    "$@"
  ) >>"$log" 2>&1
  local status=$?
  set -e
  if [ "$status" != 0 ]; then
    say "FAILED: $name — last lines of $log:"
    tail -n 25 "$log" >&2
    return 1
  fi
  say "$(printf '%-58s %6s s' "$name" "$(elapsed "$t0")")"
}

scaffold() { node "$root/dist/cli.js" scaffold --layout "$1" --name "$2" --dest "$workspace/$2"; }
# A commit dated `days` ago, so that histories spread over the past days as real ones do.
commit_days_ago() {
  local days="$1" message="$2" when
  when="$(date -u -d "@$(($(date +%s) - days * 86400))" +%Y-%m-%dT%H:%M:%SZ)"
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" git commit -q -m "$message"
}

mlflow_first_commit() {
  git init -q -b main && git add -A
  commit_days_ago 6 "wine-sweep from the MLOps Lens scaffold, with an MLP sweep"
}

mlflow_project() {
  set -e
  local log="$dir/build-mlflow.log" project="$workspace/wine-sweep"
  local py="$mlflow_venv/bin/python"
  step "$log" "mlflow: scaffold mlflow-project wine-sweep" scaffold mlflow-project wine-sweep
  cp scripts/demo/wine_sweep/sweep.py "$project/src/wine_sweep/sweep.py"
  (
    cd "$project"
    step "$log" "mlflow: git init, first commit" mlflow_first_commit
    export PYTHONPATH="$project/src"
    step "$log" "mlflow: file store mlruns/ (3 baseline runs of the scaffold)" \
      env MLFLOW_TRACKING_URI="file:$project/mlruns" "$py" "$root/scripts/demo/baseline_runs.py"
    step "$log" "mlflow: sweep into mlflow.db (31 runs, 3 registered models)" "$py" -m wine_sweep.sweep
  )
}

# The DVC project's history, a function per step (each runs in the project folder).
dvc_first_commit() {
  git init -q -b main
  # DVC's experiments commit with the repository's identity: the demo's own, never the machine's.
  git config user.name "$GIT_AUTHOR_NAME" && git config user.email "$GIT_AUTHOR_EMAIL"
  dvc init -q && git add -A && commit_days_ago 4 "cancer-pipeline from the MLOps Lens scaffold"
}
dvc_track_raw_data() {
  "$py" "$demo/export_tumours.py" data/raw/tumours.csv 400 && dvc add -q data/raw/tumours.csv
  "$py" "$demo/edit_project.py" . read-raw && dvc repro -q
  git add -A && commit_days_ago 3 "Train on the lab export in data/raw, tracked with DVC"
}
dvc_more_rows() {
  "$py" "$demo/export_tumours.py" data/raw/tumours.csv 569 && dvc add -q data/raw/tumours.csv
  dvc repro -q && git add -A && commit_days_ago 2 "Add the 169 tumours measured since"
}
dvc_new_column() {
  "$py" "$demo/export_tumours.py" data/raw/tumours.csv 569 worst_radius
  dvc add -q data/raw/tumours.csv
  "$py" "$demo/edit_project.py" . add-column worst_radius 0.0 60.0
  "$py" "$demo/edit_project.py" . set-param featurize.select_k 9
  "$py" "$demo/edit_project.py" . set-param train.n_estimators 100
  dvc repro -q && git add -A && commit_days_ago 1 "Add worst_radius; keep 9 features and 100 trees"
}
# Back to the last commit, then a param changed and not run yet: evaluate is stale on purpose.
dvc_stale_stage() {
  git checkout -q -- . && dvc checkout -q -f
  "$py" "$demo/edit_project.py" . set-param evaluate.threshold 0.4
}

dvc_project() {
  set -e
  local log="$dir/build-dvc.log" project="$workspace/cancer-pipeline" exp
  py="$python_env/bin/python"
  export PATH="$python_env/bin:$PATH"
  step "$log" "dvc: scaffold dvc-pipeline cancer-pipeline" scaffold dvc-pipeline cancer-pipeline
  cd "$project"
  step "$log" "dvc: git init, dvc init, commit 1" dvc_first_commit
  step "$log" "dvc: dvc add data/raw/tumours.csv (400 rows), repro, commit 2" dvc_track_raw_data
  step "$log" "dvc: 169 rows more, repro, commit 3" dvc_more_rows
  step "$log" "dvc: a column more, new params, repro, commit 4" dvc_new_column
  for exp in train.learning_rate=0.05 train.learning_rate=0.3 train.max_depth=3 featurize.select_k=5; do
    step "$log" "dvc: dvc exp run -S $exp" dvc exp run -q -S "$exp"
  done
  step "$log" "dvc: back at HEAD, evaluate.threshold changed (stale)" dvc_stale_stage
}

mlflow_project &
mlflow_pid=$!
(dvc_project) &
dvc_pid=$!
status=0
wait "$mlflow_pid" || status=1
wait "$dvc_pid" || status=1
if [ "$status" != 0 ]; then
  say "the build failed; the next start builds again"
  exit 1
fi

# The workspace's settings: the MLOps view shows at once, and launching a stage or an experiment
# uses the Python that built the projects.
mkdir -p "$workspace/.vscode"
cat >"$workspace/.vscode/settings.json" <<JSON
{
  "mlopsLens.showViewOnStartup": true,
  "python.defaultInterpreterPath": "$python_env/bin/python"
}
JSON
touch "$dir/.complete"
# CPU time says more than the wall time on a shared machine: `times` gives the children's (2nd
# line); run here, not in a $(...) subshell, which has no children of its own.
times >"$dir/cpu-times"
say "built in $(elapsed "$started_all") s; CPU user and system: $(tail -n 1 "$dir/cpu-times")"
echo "$workspace"
