"""Writes the model-registry benchmark store with the real MLflow (its file store, through MlflowClient):

    generate.py OUT_MLRUNS [MODELS] [VERSIONS]      # default 1000 models x 20 versions

MLflow writes one experiment, one run and the first registered model `model-0000` (a description,
two tags, VERSIONS versions each with a tag and registered from the run's model path, the alias
`champion` on the last version and `challenger` on the one before, stage Production on the last).
The other models are copies of that model's folder ("copy-multiply"): MLflow's file store reads
every version of a model each time it registers one (get_registered_model → get_latest_versions),
so registering 20,000 versions through it takes hours here. Each copy differs only in the name, set
in its meta.yaml files the way MLflow writes it (`name: model-0001`); `check()` then asks MLflow to
read the last copy, and the benchmark compares MLflow's and our listings.
"""

import os
import re
import shutil
import sys
import time

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

import logging  # noqa: E402
import warnings  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.ERROR)
warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def register_first(client, experiment, versions):
    name = "model-0000"
    run = client.create_run(experiment, run_name=name)
    run_id = run.info.run_id
    client.set_terminated(run_id)
    client.create_registered_model(name, tags={"team": "team-0", "task": "bench"}, description="Model 0")
    for v in range(1, versions + 1):
        client.create_model_version(
            name, source=f"{run.info.artifact_uri}/model", run_id=run_id, tags={"iteration": str(v)}
        )
    client.set_registered_model_alias(name, "champion", str(versions))
    client.set_registered_model_alias(name, "challenger", str(versions - 1))
    client.transition_model_version_stage(name, str(versions), "Production")
    return name


def multiply(registry, first, models):
    source = os.path.join(registry, first)
    for m in range(1, models):
        name = f"model-{m:04d}"
        target = os.path.join(registry, name)
        shutil.copytree(source, target)
        for folder, _, files in os.walk(target):
            if "meta.yaml" in files:
                meta = os.path.join(folder, "meta.yaml")
                with open(meta, encoding="utf-8") as f:
                    text = f.read()
                with open(meta, "w", encoding="utf-8") as f:
                    f.write(re.sub(r"^name: model-0000$", f"name: {name}", text, flags=re.M))


def main(out, models, versions):
    uri = "file:" + os.path.abspath(out)
    # The registry's file store reads versions' logged models through the global client: without
    # this it would open (and create) ./mlflow.db, MLflow's default tracking URI, on every read.
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiment = client.create_experiment("registry-bench")
    started = time.time()
    first = register_first(client, experiment, versions)
    print(f"MLflow registered {first} x {versions} versions in {time.time() - started:.1f} s", file=sys.stderr)
    multiply(os.path.join(os.path.abspath(out), "models"), first, models)
    last = client.get_registered_model(f"model-{models - 1:04d}")
    assert last.aliases == {"champion": str(versions), "challenger": str(versions - 1)}, last.aliases


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000, int(sys.argv[3]) if len(sys.argv) > 3 else 20)
