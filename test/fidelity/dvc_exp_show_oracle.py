"""Oracle for test/fidelity/dvc-exp-show.test.ts: what `dvc exp show` reports, for many repos at once.

Usage: python dvc_exp_show_oracle.py DEPTH REPO...
Prints one JSON object: {repo: {"states": <dvc exp show --json -n DEPTH>, "columns": [...]}}, where
"columns" are the metrics and params column names of the `dvc exp show` table. It calls the same
functions the `dvc exp show` command does (dvc/commands/experiments/show.py), in one process, so the
DVC import cost is paid once instead of twice per repository.
"""

import json
import os
import sys

from dvc.commands.experiments.show import _format_json
from dvc.repo import Repo
from dvc.repo.experiments.show import tabulate


def show(root, depth):
    os.chdir(root)
    with Repo(root) as repo:
        states = repo.experiments.show(num=depth)
        _, headers = tabulate(states, fill_value="", iso=True)
        return {
            "states": [state.dumpd() for state in states],
            "columns": list(headers["metrics"]) + list(headers["params"]),
        }


def main():
    depth = int(sys.argv[1])
    result = {root: show(root, depth) for root in sys.argv[2:]}
    sys.stdout.write(json.dumps(result, default=_format_json))


if __name__ == "__main__":
    main()
