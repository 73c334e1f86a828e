#!/usr/bin/env bash
# The Python virtualenv holding the real MLflow the tests use as their oracle (with scikit-learn,
# pandas, SciPy and pyarrow, which MLflow depends on). Prints its folder.
set -euo pipefail
MLFLOW_VERSION="${MLFLOW_VERSION:-3.17.2}"
exec bash "$(dirname "$0")/cached-venv.sh" "mlflow-$MLFLOW_VERSION" "mlflow==$MLFLOW_VERSION"
