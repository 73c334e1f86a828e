"""Oracle for test/fidelity/dvc-exp-show.test.ts: what `dvc exp show` reports, for many repos at once.

Usage: python dvc_exp_show_oracle.py DEPTH REPO...
Prints one JSON object: {repo: {"states": <dvc exp show --json -n DEPTH>, "columns": [...]}}, where
"columns" are the metrics and params column names of the `dvc exp show` table, and each state (and
each experiment revision) carries "typed": {"metrics": {column: value}, "params": {column: value}},
every cell of its table row with the value's type kept (`_data_cells` without its formatting to
text). It calls the same functions the `dvc exp show` command does (dvc/commands/experiments/show.py),
in one process, so the DVC import cost is paid once instead of twice per repository. NaN and
infinities are written as the strings "NaN", "Infinity" and "-Infinity" (JSON has no such numbers).
"""

import json
import math
import os
import sys
from collections import Counter

from dvc.commands.experiments.show import _format_json
from dvc.repo import Repo
from dvc.repo.experiments.show import _collect_names, _normalize_headers, tabulate
from dvc.utils.flatten import flatten

TABLE_HEADERS = ["Experiment", "rev", "typ", "Created", "parent", "State", "Executor"]


def typed_cells(d, names, headers):
    """`_d_cells` of dvc/repo/experiments/show.py, with each value as it is instead of as text."""
    cells = {}
    for fname, data in d.items():
        item = data.get("data", {})
        item = flatten(item) if isinstance(item, dict) else {fname: item}
        for name in names[fname]:
            if name in item:
                cells[name if name in headers else f"{fname}:{name}"] = item[name]
    return cells


def with_typed(state, names, headers):
    dumped = state.dumpd()
    if state.data:
        dumped["typed"] = {
            "metrics": typed_cells(state.data.metrics, names.metrics, headers["metrics"]),
            "params": typed_cells(state.data.params, names.params, headers["params"]),
        }
    for exp_range, dumped_range in zip(state.experiments or [], dumped.get("experiments") or []):
        dumped_range["revs"] = [with_typed(rev, names, headers) for rev in exp_range.revs]
    return dumped


def show(root, depth):
    os.chdir(root)
    with Repo(root) as repo:
        states = repo.experiments.show(num=depth)
        _, headers = tabulate(states, fill_value="", iso=True)
        names = _collect_names(states)
        counter = Counter(key for group in (names.metrics, names.params) for keys in group.values() for key in keys)
        counter.update(TABLE_HEADERS)
        row_headers = {
            "metrics": _normalize_headers(names.metrics, counter),
            "params": _normalize_headers(names.params, counter),
        }
        return {
            "states": [with_typed(state, names, row_headers) for state in states],
            "columns": list(headers["metrics"]) + list(headers["params"]),
        }


def finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def main():
    depth = int(sys.argv[1])
    result = {root: show(root, depth) for root in sys.argv[2:]}
    encoded = json.loads(json.dumps(result, default=_format_json))
    sys.stdout.write(json.dumps(finite(encoded), allow_nan=False))


if __name__ == "__main__":
    main()
