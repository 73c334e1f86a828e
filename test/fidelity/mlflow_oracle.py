"""What the real MLflow reports for a store: the oracle the fidelity tests compare our CLI with.

Usage (run with the MLflow venv's python, see scripts/python-env.sh):

    mlflow_oracle.py STORE [STORE ...]
        One JSON object on stdout: {STORE as given: [run, ...]}. Each run has the CLI's
        `runs --json` shape: source, store, experimentId, experimentName, id, name, status,
        lifecycle, parentId, startTime, endTime, params, metrics (latest value per key), tags.
    mlflow_oracle.py --history STORE RUN_ID METRIC
        [{"step", "timestamp", "value"}, ...] from MlflowClient.get_metric_history, in MLflow's order.
    mlflow_oracle.py --histories STORE RUN_ID METRIC [RUN_ID METRIC ...]
        A JSON list with one such history per (RUN_ID, METRIC) pair, in order (one MLflow start-up
        for several histories).

STORE is an `mlruns` folder (file store) or an SQLite `.db` file. The store is never touched:
MLflow works on a copy in a temporary folder (opening a file store creates the Default experiment,
and an old SQLite schema must be upgraded with `mlflow db upgrade` before MLflow reads it).
NaN and infinities are written as the strings "NaN", "Infinity" and "-Infinity".
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
# Never pick up a server artifact root from the environment: the copy is only read.
os.environ.pop("_MLFLOW_SERVER_ARTIFACT_ROOT", None)

import logging  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.ERROR)

from mlflow.entities import ViewType  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

PAGE = 1000


def json_number(value):
    if value is None:
        return None
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


RUN_SUBFOLDERS = ("metrics", "params", "tags", "artifacts")
RESERVED_EXPERIMENT_FOLDERS = ("tags", "datasets", "traces", "models")


def _skip_artifact_contents(folder, names):
    # Artifacts are never read to list runs: copy a run's (or an MLflow 3 logged model's)
    # `artifacts/` folder empty.
    if os.path.basename(folder) == "artifacts" and os.path.isfile(
        os.path.join(os.path.dirname(folder), "meta.yaml")
    ):
        return names
    return []


def copy_file_store(store, copy):
    shutil.copytree(store, copy, symlinks=True, ignore=_skip_artifact_contents)
    # Git keeps no empty folders, so a committed store loses a run's empty `params/` or
    # `artifacts/`. MLflow 3.17.2 (get_run, get_metric_history) then says "Run not found": it only
    # accepts a run folder that has metrics/, params/ and artifacts/. Recreate them in the copy.
    # (Listing runs with search_runs does not need them.)
    experiment_dirs = []
    for parent in (copy, os.path.join(copy, ".trash")):
        if os.path.isdir(parent):
            experiment_dirs += [
                os.path.join(parent, name) for name in os.listdir(parent) if name.isdigit()
            ]
    for exp_dir in experiment_dirs:
        for name in os.listdir(exp_dir):
            run_dir = os.path.join(exp_dir, name)
            if name in RESERVED_EXPERIMENT_FOLDERS or not os.path.isfile(
                os.path.join(run_dir, "meta.yaml")
            ):
                continue
            for sub in RUN_SUBFOLDERS:
                os.makedirs(os.path.join(run_dir, sub), exist_ok=True)


def open_copy(store, tmp):
    """Copies the store into tmp and returns (source kind, MlflowClient on the copy)."""
    if os.path.isdir(store):
        copy = os.path.join(tmp, "mlruns")
        copy_file_store(store, copy)
        uri = "file:" + copy
        return "mlflow-file", MlflowClient(tracking_uri=uri, registry_uri=uri)
    copy = os.path.join(tmp, "mlflow.db")
    shutil.copyfile(store, copy)
    for sidecar in ("-wal", "-shm", "-journal"):  # uncheckpointed SQLite changes, if any
        if os.path.isfile(store + sidecar):
            shutil.copyfile(store + sidecar, copy + sidecar)
    uri = "sqlite:///" + copy
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    try:
        client.search_experiments(max_results=1)
    except MlflowException as error:
        if "out-of-date database schema" not in str(error):
            raise
        # Old schema: upgrade the copy the way MLflow tells users to, then open it again.
        subprocess.run(
            [sys.executable, "-m", "mlflow", "db", "upgrade", uri],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    return "mlflow-sqlite", client


def all_pages(fetch):
    items, token = [], None
    while True:
        page = fetch(token)
        items.extend(page)
        token = page.token
        if not token:
            return items


def runs_of(store):
    with tempfile.TemporaryDirectory(prefix="mlflow-oracle-") as tmp:
        source, client = open_copy(store, tmp)
        experiments = all_pages(
            lambda token: client.search_experiments(
                view_type=ViewType.ALL, max_results=PAGE, page_token=token
            )
        )
        by_id = {e.experiment_id: e for e in experiments}
        # An experiment is deleted when MLflow lists it under ViewType.DELETED_ONLY. Don't trust
        # lifecycle_stage alone: MLflow 2.2 moved a deleted experiment to .trash but left
        # `lifecycle_stage: active` in its meta.yaml, and MLflow 3 reports that value as is.
        deleted_experiments = {
            e.experiment_id
            for e in all_pages(
                lambda token: client.search_experiments(
                    view_type=ViewType.DELETED_ONLY, max_results=PAGE, page_token=token
                )
            )
        }
        runs = []
        for exp in experiments:
            runs.extend(
                all_pages(
                    lambda token, exp_id=exp.experiment_id: client.search_runs(
                        [exp_id], run_view_type=ViewType.ALL, max_results=PAGE, page_token=token
                    )
                )
            )
        out = []
        for run in runs:
            info, data = run.info, run.data
            exp = by_id[info.experiment_id]
            deleted = (
                info.lifecycle_stage == "deleted"
                or exp.lifecycle_stage == "deleted"
                or exp.experiment_id in deleted_experiments
            )
            out.append(
                {
                    "source": source,
                    "store": os.path.abspath(store),
                    "experimentId": info.experiment_id,
                    "experimentName": exp.name,
                    "id": info.run_id,
                    "name": info.run_name,
                    "status": info.status,
                    "lifecycle": "deleted" if deleted else "active",
                    "parentId": data.tags.get("mlflow.parentRunId"),
                    "startTime": info.start_time,
                    "endTime": info.end_time,
                    "params": dict(data.params),
                    "metrics": {k: json_number(v) for k, v in data.metrics.items()},
                    "tags": dict(data.tags),
                }
            )
        out.sort(key=lambda r: r["id"])
        return out


def histories_of(store, pairs):
    with tempfile.TemporaryDirectory(prefix="mlflow-oracle-") as tmp:
        _, client = open_copy(store, tmp)
        return [
            [
                {"step": m.step, "timestamp": m.timestamp, "value": json_number(m.value)}
                for m in client.get_metric_history(run_id, metric)
            ]
            for run_id, metric in pairs
        ]


def main(argv):
    if len(argv) >= 2 and argv[1] in ("--history", "--histories"):
        rest = argv[2:]
        if len(rest) < 3 or len(rest) % 2 != 1 or (argv[1] == "--history" and len(rest) != 3):
            sys.exit(__doc__)
        store, flat = rest[0], rest[1:]
        pairs = list(zip(flat[0::2], flat[1::2]))
        result = histories_of(store, pairs)
        value = result[0] if argv[1] == "--history" else result
    elif len(argv) >= 2 and not argv[1].startswith("-"):
        value = {store: runs_of(store) for store in argv[1:]}
    else:
        sys.exit(__doc__)
    json.dump(value, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
