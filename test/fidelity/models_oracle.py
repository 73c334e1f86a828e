"""What the real MLflow reports about the models of a store: the oracle of test/fidelity/models.test.ts.

Usage (with the MLflow venv's python, see scripts/python-env.sh):

    models_oracle.py STORE
        One JSON object on stdout:
          registeredModels: MlflowClient.search_registered_models (name, description, times, tags, aliases)
          modelVersions:    MlflowClient.search_model_versions (every field the CLI reports; the
                            aliases from get_model_version, which fills them in SQL stores too)
          byAlias:          {"name@alias": version} from MlflowClient.get_model_version_by_alias
          loggedModels:     MlflowClient.search_logged_models over every experiment (active and deleted)

STORE is an `mlruns` folder or an SQLite `.db` file. MLflow works on a copy in a temporary folder;
the store is never touched.
"""

import json
import math
import os
import shutil
import sys
import tempfile

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.pop("_MLFLOW_SERVER_ARTIFACT_ROOT", None)

import logging  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.ERROR)

import mlflow  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def pages(fetch):
    items, token = [], None
    while True:
        page = fetch(token)
        items.extend(page)
        token = page.token
        if not token:
            return items


def number(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def version_json(client, mv):
    return {
        "name": mv.name,
        "version": str(mv.version),
        # MLflow's SQL store leaves aliases out of search_model_versions (its file store fills
        # them); get_model_version fills them in both.
        "aliases": sorted(client.get_model_version(mv.name, mv.version).aliases),
        "stage": mv.current_stage,
        "status": mv.status,
        "statusMessage": mv.status_message,
        "description": mv.description,
        "userId": mv.user_id,
        "runId": mv.run_id,
        "runLink": mv.run_link,
        "source": mv.source,
        "tags": dict(mv.tags),
        "creationTime": mv.creation_timestamp,
        "lastUpdatedTime": mv.last_updated_timestamp,
    }


def latest_metrics(metrics):
    latest = {}
    for m in metrics or []:
        key = (m.key, m.dataset_name, m.dataset_digest)
        if key not in latest or (m.step, m.timestamp, m.value) > (
            latest[key].step,
            latest[key].timestamp,
            latest[key].value,
        ):
            latest[key] = m
    return sorted(
        (
            {
                "key": m.key,
                "value": number(m.value),
                "step": m.step,
                "timestamp": m.timestamp,
                "datasetName": m.dataset_name,
                "datasetDigest": m.dataset_digest,
            }
            for m in latest.values()
        ),
        key=lambda m: (m["key"], str(m["datasetName"]), str(m["datasetDigest"])),
    )


def logged_model_json(model):
    return {
        "modelId": model.model_id,
        "experimentId": model.experiment_id,
        "name": model.name,
        "artifactLocation": model.artifact_location,
        "creationTime": model.creation_timestamp,
        "lastUpdatedTime": model.last_updated_timestamp,
        "status": str(model.status),
        "statusMessage": model.status_message,
        "modelType": model.model_type,
        "sourceRunId": model.source_run_id,
        "params": dict(model.params or {}),
        "tags": dict(model.tags or {}),
        "metrics": latest_metrics(model.metrics),
    }


def report(client):
    models = pages(lambda t: client.search_registered_models(max_results=1000, page_token=t))
    versions = pages(lambda t: client.search_model_versions(max_results=10000, page_token=t))
    by_alias = {}
    for model in models:
        for alias in model.aliases:
            by_alias[f"{model.name}@{alias}"] = str(client.get_model_version_by_alias(model.name, alias).version)
    experiments = client.search_experiments(view_type=ViewType.ALL, max_results=50000)
    logged = []
    for experiment in experiments:
        logged.extend(
            pages(
                lambda t, e=experiment: client.search_logged_models(
                    experiment_ids=[e.experiment_id], max_results=1000, page_token=t
                )
            )
        )
    return {
        "registeredModels": [
            {
                "name": m.name,
                "description": m.description,
                "creationTime": m.creation_timestamp,
                "lastUpdatedTime": m.last_updated_timestamp,
                "tags": dict(m.tags),
                "aliases": {k: str(v) for k, v in m.aliases.items()},
            }
            for m in models
        ],
        "modelVersions": [version_json(client, v) for v in versions],
        "byAlias": by_alias,
        "loggedModels": [logged_model_json(m) for m in logged],
    }


def main(store):
    with tempfile.TemporaryDirectory() as tmp:
        if os.path.isdir(store):
            copy = os.path.join(tmp, "mlruns")
            shutil.copytree(store, copy, symlinks=True)
            uri = "file:" + copy
        else:
            copy = os.path.join(tmp, "mlflow.db")
            shutil.copyfile(store, copy)
            uri = "sqlite:///" + copy
        mlflow.set_tracking_uri(uri)
        mlflow.set_registry_uri(uri)
        print(json.dumps(report(MlflowClient(tracking_uri=uri, registry_uri=uri))))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
