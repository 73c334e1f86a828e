"""Times MlflowClient.search_model_versions over a file store (the call alone, MLflow imported first).

    mlflow-search.py MLRUNS  ->  {"seconds": S, "versions": N, "ids": ["name/version", ...]}
"""

import json
import os
import sys
import time

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import logging  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.ERROR)

import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

uri = "file:" + os.path.abspath(sys.argv[1])
mlflow.set_tracking_uri(uri)
mlflow.set_registry_uri(uri)
client = MlflowClient(tracking_uri=uri, registry_uri=uri)
started = time.perf_counter()
versions = client.search_model_versions(max_results=200_000)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "versions": len(versions), "ids": sorted(f"{v.name}/{v.version}" for v in versions)}))
