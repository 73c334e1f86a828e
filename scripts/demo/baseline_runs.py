"""The demo's older MLflow file store: the scaffold's own training entry point run a few times with
MLFLOW_TRACKING_URI=file:<project>/mlruns, before the project moved to the SQLite store and the
sweep (demo workspace generator). One process for all runs: MLflow and scikit-learn load once.

PYTHONPATH=src python baseline_runs.py
"""

from wine_sweep.train import main

for regularization in ("0.1", "1.0", "10.0"):
    main(["--regularization", regularization, "--solver", "lbfgs"])
