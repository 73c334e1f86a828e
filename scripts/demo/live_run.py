"""A training run that is still going: the demo starts it so that MLOps Lens shows live updates.

Trains the wine MLP one epoch per second (a deliberately small learning rate, so the curves move
for minutes) and logs train_loss, val_loss and val_accuracy to MLflow after every epoch. Earlier
live runs of the demo are deleted first (MLflow's soft delete), so restarts do not pile them up.

PYTHONPATH=<wine-sweep>/src python live_run.py [--seconds 300] [--interval 1.0]
"""

import argparse
import signal
import time

import mlflow
import numpy as np
from mlflow.tracking import MlflowClient
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from wine_sweep.config import DATA_DIR, FEATURES, PROJ_ROOT, PROJECT_NAME, SEED, TARGET
from wine_sweep.data import read_data

RUN_NAME = "mlp-live-training"
LIVE_TAG = "demo.live"


class Stopped(Exception):
    """The demo stopped (SIGTERM, Ctrl-C): the run ends as KILLED, not left RUNNING."""


def stop(*_: object) -> None:
    raise Stopped


def delete_earlier_live_runs(client: MlflowClient, experiment_id: str) -> None:
    for run in client.search_runs([experiment_id], f"tags.`{LIVE_TAG}` = 'true'"):
        client.delete_run(run.info.run_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()
    mlflow.set_tracking_uri(f"sqlite:///{PROJ_ROOT / 'mlflow.db'}")
    experiment = mlflow.set_experiment(PROJECT_NAME)
    client = MlflowClient()
    delete_earlier_live_runs(client, experiment.experiment_id)

    frame = read_data(DATA_DIR)
    train, val = train_test_split(frame, test_size=0.3, random_state=SEED, stratify=frame[TARGET])
    scaler = StandardScaler().fit(train[FEATURES])
    x_train, x_val = scaler.transform(train[FEATURES]), scaler.transform(val[FEATURES])
    classes = np.unique(train[TARGET])
    model = MLPClassifier((32,), learning_rate_init=0.0003, random_state=SEED)
    epochs = max(1, int(args.seconds / args.interval))
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    mlflow.start_run(run_name=RUN_NAME, tags={LIVE_TAG: "true", "model_family": "mlp"})
    try:
        mlflow.log_params({"hidden_layers": "32", "learning_rate_init": 0.0003, "epochs": epochs})
        for epoch in range(epochs):
            started = time.monotonic()
            model.partial_fit(x_train, train[TARGET], classes=classes)
            probabilities = model.predict_proba(x_val)
            mlflow.log_metrics(
                {
                    "train_loss": float(model.loss_),
                    "val_loss": float(log_loss(val[TARGET], probabilities, labels=classes)),
                    "val_accuracy": float(
                        accuracy_score(val[TARGET], classes[probabilities.argmax(1)])
                    ),
                },
                step=epoch,
            )
            time.sleep(max(0.0, args.interval - (time.monotonic() - started)))
    except Stopped:
        mlflow.end_run("KILLED")
    else:
        mlflow.end_run()


if __name__ == "__main__":
    main()
