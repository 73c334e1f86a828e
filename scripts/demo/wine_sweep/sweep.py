"""A hyperparameter sweep of a small neural network on the wine data, tracked with MLflow.

One parent run holds a nested child run per configuration; each child logs its loss and accuracy
at every epoch. The three best models are then logged into their runs (with a signature) and
registered, and the best gets the alias @champion.

python -m wine_sweep.sweep            (added to the scaffold by MLOps Lens's demo workspace script)
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from dataclasses import dataclass

import mlflow
import numpy as np
import pandas as pd
import sklearn
from mlflow.entities import Metric
from mlflow.models import infer_signature
from mlflow.tracking import MlflowClient
from sklearn.metrics import accuracy_score, f1_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from wine_sweep.config import DATA_DIR, DATA_FILE, FEATURES, PROJ_ROOT, PROJECT_NAME, SEED, TARGET
from wine_sweep.data import read_data

HIDDEN_LAYERS = [(16,), (32,), (64, 16)]
LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1]
ALPHAS = [1e-4, 1e-2]
# Far too large a step: the loss blows up, and the run fails as a real one would.
DIVERGING = ((32,), 3.0, 1e-4)
DIVERGED_LOSS = 5.0
MODEL_NAME = PROJECT_NAME
EXPERIMENT = PROJECT_NAME


class TrainingDiverged(RuntimeError):
    pass


@dataclass
class Split:
    x_train: pd.DataFrame
    y_train: pd.Series
    x_val: pd.DataFrame
    y_val: pd.Series


@dataclass
class Outcome:
    run_id: str
    name: str
    val_accuracy: float
    val_log_loss: float
    model: Pipeline
    model_id: str | None = None


def split_data(frame: pd.DataFrame) -> Split:
    train, val = train_test_split(frame, test_size=0.3, random_state=SEED, stratify=frame[TARGET])
    return Split(train[FEATURES], train[TARGET], val[FEATURES], val[TARGET])


def run_name(hidden: tuple[int, ...], lr: float, alpha: float) -> str:
    return f"mlp-{'x'.join(map(str, hidden))}-lr{lr:g}-a{alpha:g}"


def train_epochs(
    model: Pipeline, data: Split, epochs: int, run_id: str, client: MlflowClient
) -> dict[str, float]:
    """partial_fit one epoch at a time; every epoch's values go to MLflow in one batch at the end."""
    scaler: StandardScaler = model.named_steps["standardscaler"]
    mlp: MLPClassifier = model.named_steps["mlpclassifier"]
    x_train = scaler.fit_transform(data.x_train)
    x_val = scaler.transform(data.x_val)
    classes = np.unique(data.y_train)
    history: list[Metric] = []
    last: dict[str, float] = {}
    try:
        for epoch in range(epochs):
            mlp.partial_fit(x_train, data.y_train, classes=classes)
            probabilities = mlp.predict_proba(x_val)
            last = {
                "train_loss": float(mlp.loss_),
                "val_loss": float(log_loss(data.y_val, probabilities, labels=classes)),
                "val_accuracy": float(accuracy_score(data.y_val, classes[probabilities.argmax(1)])),
            }
            now = int(time.time() * 1000)
            history += [Metric(key, value, now, epoch) for key, value in last.items()]
            if not math.isfinite(last["val_loss"]) or last["val_loss"] > DIVERGED_LOSS:
                raise TrainingDiverged(f"val_loss {last['val_loss']:.3g} at epoch {epoch}")
    finally:
        client.log_batch(run_id, metrics=history)
    predicted = model.predict(data.x_val)
    return {**last, "val_f1_macro": float(f1_score(data.y_val, predicted, average="macro"))}


def child_run(
    config: tuple[tuple[int, ...], float, float],
    data: Split,
    dataset: mlflow.data.Dataset,
    epochs: int,
    client: MlflowClient,
) -> Outcome:
    hidden, lr, alpha = config
    name = run_name(hidden, lr, alpha)
    with mlflow.start_run(run_name=name, nested=True) as run:
        mlflow.log_params(
            {
                "hidden_layers": "x".join(map(str, hidden)),
                "learning_rate_init": lr,
                "alpha": alpha,
                "epochs": epochs,
                "solver": "adam",
                "seed": SEED,
            }
        )
        mlflow.set_tags({"model_family": "mlp", "sweep": "mlp-grid"})
        mlflow.log_input(dataset, context="training")
        model = make_pipeline(
            StandardScaler(),
            MLPClassifier(hidden, alpha=alpha, learning_rate_init=lr, random_state=SEED),
        )
        final = train_epochs(model, data, epochs, run.info.run_id, client)
        mlflow.log_metrics({"val_f1_macro": final["val_f1_macro"]}, step=epochs - 1)
        return Outcome(run.info.run_id, name, final["val_accuracy"], final["val_loss"], model)


def log_model(outcome: Outcome, data: Split) -> None:
    """Logs the child's model into its run (reopened), with a signature and an input example."""
    example = data.x_val.head(5)
    signature = infer_signature(example, outcome.model.predict(example))
    with mlflow.start_run(run_id=outcome.run_id, nested=True):
        info = mlflow.sklearn.log_model(
            outcome.model,
            name="model",
            signature=signature,
            input_example=example,
            # The optimizer state MLPClassifier keeps for partial_fit, written by this project.
            skops_trusted_types=["sklearn.neural_network._stochastic_optimizers.AdamOptimizer"],
            pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
        )
    outcome.model_id = info.model_id


def register_best(best: list[Outcome], client: MlflowClient) -> None:
    """The three best models become versions 1..3, the best last, with @champion on it."""
    versions = []
    for outcome in best:
        version = mlflow.register_model(f"models:/{outcome.model_id}", MODEL_NAME)
        client.set_model_version_tag(MODEL_NAME, version.version, "sweep_run", outcome.name)
        versions.append(version.version)
    client.update_registered_model(MODEL_NAME, "MLP classifiers of the wine cultivar sweep.")
    client.set_registered_model_alias(MODEL_NAME, "champion", versions[-1])
    if len(versions) > 1:
        client.set_registered_model_alias(MODEL_NAME, "challenger", versions[-2])


def sweep(epochs: int) -> None:
    frame = read_data(DATA_DIR)
    data = split_data(frame)
    dataset = mlflow.data.from_pandas(
        frame, source=str(DATA_DIR / DATA_FILE), name="wine", targets=TARGET
    )
    client = MlflowClient()
    configs = [*itertools.product(HIDDEN_LAYERS, LEARNING_RATES, ALPHAS), DIVERGING]
    outcomes: list[Outcome] = []
    with mlflow.start_run(run_name="mlp-sweep") as parent:
        mlflow.set_tags({"sweep": "mlp-grid", "mlflow.note.content": __doc__.split("\n\n")[1]})
        mlflow.log_params({"configurations": len(configs), "epochs": epochs})
        mlflow.log_input(dataset, context="training")
        for config in configs:
            try:
                outcome = child_run(config, data, dataset, epochs, client)
            except TrainingDiverged as error:
                print(f"sweep: {run_name(*config)} failed: {error}")
                continue
            outcomes.append(outcome)
        ranked = sorted(outcomes, key=lambda o: (o.val_accuracy, -o.val_log_loss))
        best = ranked[-1]
        mlflow.log_metrics(
            {"best_val_accuracy": best.val_accuracy, "best_val_loss": best.val_log_loss}
        )
        mlflow.set_tag("best_run", best.name)
        print(f"sweep {parent.info.run_id}: {len(outcomes)} runs, best {best.name}")
        for outcome in ranked[-3:]:
            log_model(outcome, data)
    register_best(ranked[-3:], client)


def main() -> None:
    parser = argparse.ArgumentParser(description="Sweep the MLP's hyperparameters.")
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    store = f"sqlite:///{PROJ_ROOT / 'mlflow.db'}"
    mlflow.set_tracking_uri(store)
    if mlflow.get_experiment_by_name(EXPERIMENT) is None:
        # Artifacts beside the database, apart from the older file store in mlruns/.
        mlflow.create_experiment(
            EXPERIMENT,
            artifact_location=(PROJ_ROOT / "mlartifacts").as_uri(),
            tags={"project": PROJECT_NAME},
        )
    mlflow.set_experiment(EXPERIMENT)
    sweep(args.epochs)


if __name__ == "__main__":
    main()
