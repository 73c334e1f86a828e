"""pandas on the same diff: read_csv twice, an outer merge on the key, and the changed rows (any
common column different on a matched row). Prints JSON: the counts and the time in ms (after
imports). Usage: python pandas_diff.py A.csv B.csv"""
import json
import sys
import time

import pandas as pd

started = time.perf_counter()
a = pd.read_csv(sys.argv[1])
b = pd.read_csv(sys.argv[2])
merged = a.merge(b, on="id", how="outer", suffixes=("_a", "_b"), indicator=True)
both = merged[merged["_merge"] == "both"]
common = [c for c in b.columns if c in a.columns and c != "id"]
changed = pd.Series(False, index=both.index)
for c in common:
    x, y = both[f"{c}_a"], both[f"{c}_b"]
    changed |= ~((x == y) | (x.isna() & y.isna()))
ms = (time.perf_counter() - started) * 1000
print(json.dumps({
    "ms": ms,
    "added": int((merged["_merge"] == "right_only").sum()),
    "removed": int((merged["_merge"] == "left_only").sum()),
    "changed": int(changed.sum()),
    "unchanged": int(len(both) - changed.sum()),
}))
