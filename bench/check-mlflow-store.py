"""Checks a store written by bench/generate-mlflow-store.mjs against real MLflow.

Usage: MLFLOW_ALLOW_FILE_STORE=true python bench/check-mlflow-store.py MLRUNS_DIR EXPECTED_JSON

1. Format: every meta.yaml is byte-identical to yaml.dump(yaml.safe_load(text), sort_keys=True) as
   MLflow writes it; every metric value is Python's repr(float); the meta.yaml key sets and the run
   sub-folders equal those of a run that this MLflow version creates itself in a scratch store.
2. Read-back: MlflowClient.search_runs / mlflow.search_runs see exactly the expected runs, run info,
   params, tags and latest metrics; get_metric_history returns every logged value.
3. MLflow did not write anything into the store while reading it.
Exits 1 with a list of differences on failure.
"""

import json
import math
import os
import sys
import tempfile

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow  # noqa: E402
import yaml  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

root, expected_path = os.path.abspath(sys.argv[1]), sys.argv[2]
expected = json.load(open(expected_path))
problems = []


def problem(msg):
    if len(problems) < 50:
        problems.append(msg)
    else:
        problems.append("...")


def snapshot(path):
    out = {}
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.stat(p)
            out[os.path.relpath(p, path)] = (st.st_size, st.st_mtime_ns)
    return out


before = snapshot(root)

# --- 1. format -------------------------------------------------------------------------------
meta_files = metric_files = 0
for dirpath, _dirnames, filenames in os.walk(root):
    rel = os.path.relpath(dirpath, root)
    for name in filenames:
        path = os.path.join(dirpath, name)
        text = open(path, encoding="utf-8").read()
        if name == "meta.yaml":
            meta_files += 1
            again = yaml.dump(
                yaml.safe_load(text), default_flow_style=False, allow_unicode=True, sort_keys=True
            )
            if again != text:
                problem(f"{rel}/meta.yaml differs from yaml.dump:\n{text}---\n{again}")
        elif "/metrics" in "/" + rel.replace(os.sep, "/"):
            metric_files += 1
            if not text.endswith("\n"):
                problem(f"{rel}/{name}: no trailing newline")
            for line in text.splitlines():
                ts, value, step = line.split(" ")
                if repr(float(value)) != value or str(int(ts)) != ts or str(int(step)) != step:
                    problem(f"{rel}/{name}: line not as MLflow writes it: {line!r}")
                    break
        elif text.endswith("\n"):
            problem(f"{rel}/{name}: trailing newline in a param/tag file")

with tempfile.TemporaryDirectory() as scratch:
    client = MlflowClient(tracking_uri=f"file://{scratch}/mlruns")
    exp_id = client.create_experiment("reference")
    run = client.create_run(exp_id, run_name="reference-run")
    client.log_param(run.info.run_id, "p", "1")
    client.log_metric(run.info.run_id, "m", 1.0, step=0)
    client.set_terminated(run.info.run_id)
    ref_exp = yaml.safe_load(open(f"{scratch}/mlruns/{exp_id}/meta.yaml"))
    run_dir = f"{scratch}/mlruns/{exp_id}/{run.info.run_id}"
    ref_run = yaml.safe_load(open(f"{run_dir}/meta.yaml"))
    ref_subdirs = sorted(d for d in os.listdir(run_dir) if os.path.isdir(os.path.join(run_dir, d)))
    ref_root = sorted(os.listdir(f"{scratch}/mlruns"))

for exp in expected["experiments"]:
    exp_meta = yaml.safe_load(open(os.path.join(root, exp["experiment_id"], "meta.yaml")))
    if sorted(exp_meta) != sorted(ref_exp):
        problem(f"experiment meta keys {sorted(exp_meta)} != MLflow's {sorted(ref_exp)}")
    if type(exp_meta["experiment_id"]) is not type(ref_exp["experiment_id"]):
        problem("experiment_id type differs from MLflow's")
for r in expected["runs"]:
    run_dir = os.path.join(root, r["experiment_id"], r["run_id"])
    run_meta = yaml.safe_load(open(os.path.join(run_dir, "meta.yaml")))
    if sorted(run_meta) != sorted(ref_run):
        problem(f"run meta keys {sorted(run_meta)} != MLflow's {sorted(ref_run)}")
    for k in ("status", "source_type", "start_time", "tags", "experiment_id"):
        if type(run_meta[k]) is not type(ref_run[k]):
            problem(f"run meta {k} has type {type(run_meta[k]).__name__}, MLflow writes {type(ref_run[k]).__name__}")
    subdirs = sorted(d for d in os.listdir(run_dir) if os.path.isdir(os.path.join(run_dir, d)))
    if subdirs != ref_subdirs:
        problem(f"run sub-folders {subdirs} != MLflow's {ref_subdirs}")
if ".trash" in ref_root and not os.path.isdir(os.path.join(root, ".trash")):
    problem("no .trash folder (MLflow creates it)")

# --- 2. read-back ------------------------------------------------------------------------------
client = MlflowClient(tracking_uri=f"file://{root}")
exps = client.search_experiments(view_type=ViewType.ALL)
got_exps = sorted((e.experiment_id, e.name, e.artifact_location) for e in exps)
want_exps = sorted((e["experiment_id"], e["name"], e["artifact_location"]) for e in expected["experiments"])
if got_exps != want_exps:
    problem(f"experiments differ:\n{got_exps}\n{want_exps}")

runs = client.search_runs(
    [e.experiment_id for e in exps], run_view_type=ViewType.ACTIVE_ONLY, max_results=50000
)
by_id = {r.info.run_id: r for r in runs}
if len(runs) != len(expected["runs"]) or len(by_id) != len(runs):
    problem(f"search_runs returned {len(runs)} runs, expected {len(expected['runs'])}")

history_checked = 0
for want in expected["runs"]:
    got = by_id.get(want["run_id"])
    if got is None:
        problem(f"run {want['run_id']} missing")
        continue
    info = got.info
    for field in ("experiment_id", "run_name", "user_id", "status", "start_time", "end_time", "artifact_uri"):
        if getattr(info, field) != want[field]:
            problem(f"run {info.run_id} {field}: {getattr(info, field)!r} != {want[field]!r}")
    if info.lifecycle_stage != "active":
        problem(f"run {info.run_id} lifecycle_stage {info.lifecycle_stage}")
    if got.data.params != want["params"]:
        problem(f"run {info.run_id} params differ: {got.data.params} != {want['params']}")
    if got.data.tags != want["tags"]:
        problem(f"run {info.run_id} tags differ: {got.data.tags} != {want['tags']}")
    want_metrics = {k: v["value"] for k, v in want["metrics"].items()}
    if got.data.metrics != want_metrics:
        problem(f"run {info.run_id} latest metrics differ: {got.data.metrics} != {want_metrics}")
    for key, m in want["metrics"].items():
        hist = client.get_metric_history(info.run_id, key)
        history_checked += 1
        last = max(hist, key=lambda x: (x.step, x.timestamp, x.value)) if hist else None
        if len(hist) != m["history"] or last is None:
            problem(f"run {info.run_id} metric {key}: history length {len(hist)} != {m['history']}")
        elif (last.value, last.step, last.timestamp) != (m["value"], m["step"], m["timestamp"]):
            problem(f"run {info.run_id} metric {key}: last {last} != {m}")
        elif any(math.isnan(x.value) for x in hist):
            problem(f"run {info.run_id} metric {key}: unexpected NaN")

mlflow.set_tracking_uri(f"file://{root}")
df = mlflow.search_runs(search_all_experiments=True)
if len(df) != len(expected["runs"]):
    problem(f"mlflow.search_runs(search_all_experiments=True) returned {len(df)} rows")

# --- 3. MLflow left the store alone -----------------------------------------------------------
after = snapshot(root)
if after != before:
    changed = sorted(set(after.items()) ^ set(before.items()))[:10]
    problem(f"MLflow changed the store while reading it: {changed}")

if problems:
    print(f"MLflow {mlflow.__version__} check FAILED for {root}:", file=sys.stderr)
    for p in problems:
        print(f"  - {p}", file=sys.stderr)
    sys.exit(1)
print(
    f"MLflow {mlflow.__version__} reads the generated store identically: {len(runs)} runs, "
    f"{len(exps)} experiments, {meta_files} meta.yaml round-trip, {metric_files} metric files in "
    f"MLflow's float format, {history_checked} metric histories checked"
)
