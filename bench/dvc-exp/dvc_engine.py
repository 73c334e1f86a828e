"""In-process timing of DVC's experiments collection (what `dvc exp show` calls), without the
interpreter start-up and imports: cold = DVC's experiment cache removed first, warm = cache filled.
Prints JSON medians in ms. Usage: python dvc_engine.py REPO [REPS] [DEPTH]"""

import json
import os
import shutil
import statistics
import sys
import time

from dvc.repo import Repo


def main():
    root = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    os.chdir(root)
    cache = os.path.join(root, ".dvc", "tmp", "exps", "cache")
    cold, warm = [], []
    rows = 0
    for _ in range(reps):
        shutil.rmtree(cache, ignore_errors=True)
        for timings in (cold, warm):
            started = time.perf_counter()
            with Repo(root) as repo:
                states = repo.experiments.show(num=depth)
            timings.append((time.perf_counter() - started) * 1000)
            rows = sum(1 + sum(1 for _ in state.experiments or []) for state in states)
    print(json.dumps({"rows": rows, "cold": statistics.median(cold), "warm": statistics.median(warm)}))


if __name__ == "__main__":
    main()
