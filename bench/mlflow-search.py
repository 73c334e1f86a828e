"""Times mlflow.search_runs(search_all_experiments=True) over an MLflow file store.

Usage: MLFLOW_ALLOW_FILE_STORE=true python bench/mlflow-search.py MLRUNS_DIR OUT_JSON
Writes {"mlflow_version", "count", "columns", "import_s", "search_s", "run_ids"} to OUT_JSON.
The caller times the whole process (interpreter start, import, search, exit) separately.
"""

import json
import os
import sys
import time

t_start = time.perf_counter()
os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
import warnings  # noqa: E402

warnings.filterwarnings("ignore")
import mlflow  # noqa: E402

t_imported = time.perf_counter()
store, out_path = os.path.abspath(sys.argv[1]), sys.argv[2]
mlflow.set_tracking_uri(f"file://{store}")
t0 = time.perf_counter()
df = mlflow.search_runs(search_all_experiments=True)
t1 = time.perf_counter()
with open(out_path, "w") as out:
    json.dump(
        {
            "mlflow_version": mlflow.__version__,
            "count": len(df),
            "columns": len(df.columns),
            "import_s": t_imported - t_start,
            "search_s": t1 - t0,
            "run_ids": sorted(df["run_id"].tolist()) if len(df) else [],
        },
        out,
    )
