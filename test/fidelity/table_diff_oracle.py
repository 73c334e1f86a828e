"""The table-diff oracle: reads both versions of each case with pandas and prints, as JSON, what
pandas and SciPy give for them: column profiles (describe, nunique, isna, value_counts), the drift
measures with Evidently's formulas (its get_binned_data, PSI, normed Wasserstein, chisquare and
Jensen-Shannon tests, written out here with NumPy/SciPy since Evidently is not installed), and the
row-diff counts of an outer merge on the key (or of a positional comparison).
Input (stdin): [{"a": path, "b": path, "sepA": ",", "sepB": ";", "key": "id" | null}, ...]"""
import json
import math
import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")


def read(path, sep):
    if path.endswith(".parquet"):
        df = pd.read_parquet(path)
    elif path.endswith(".jsonl"):
        df = pd.read_json(path, lines=True)
    elif path.endswith(".json"):
        df = pd.read_json(path, orient="records")
    else:
        df = pd.read_csv(path, sep=sep)
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()  # pandas' implicit index column, kept as "index"
    return df


def is_number(series):
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def num(value):
    value = float(value)
    return None if math.isnan(value) else value


def profile(series):
    if is_number(series):
        d = series.describe()
        return {
            "kind": "number", "count": int(d["count"]), "nulls": int(series.isna().sum()),
            "distinct": int(series.nunique()), "mean": num(d["mean"]), "std": num(d["std"]),
            "min": num(d["min"]), "q25": num(d["25%"]), "q50": num(d["50%"]), "q75": num(d["75%"]),
            "max": num(d["max"]),
        }
    counts = series.dropna().astype(str).value_counts()
    return {
        "kind": "category", "count": int(series.count()), "nulls": int(series.isna().sum()),
        "distinct": int(series.nunique()), "counts": {str(k): int(v) for k, v in counts.items()},
    }


def binned(ref, cur, numerical, feel_zeroes):
    """Evidently's get_binned_data (n_bins unused: its numerical branch uses "sturges")."""
    if numerical and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        r = np.array([rd[k] / len(ref) for k in keys])
        c = np.array([cd[k] / len(cur) for k in keys])
    if feel_zeroes:
        for p in (r, c):
            smallest = min(p[p != 0])
            np.place(p, p == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return r, c


def drift(a, b):
    ref, cur = a.dropna(), b.dropna()
    if len(ref) == 0 or len(cur) == 0:
        return {}
    if is_number(a) and is_number(b):
        ref, cur = ref.astype(float), cur.astype(float)
        ks = stats.ks_2samp(ref, cur)
        r, c = binned(ref, cur, True, True)
        return {
            "ks": [float(ks.statistic), float(ks.pvalue)],
            "psi": [float(np.sum((r - c) * np.log(r / c)))],
            "wasserstein": [float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))],
        }
    if is_number(a) or is_number(b):
        return {}
    ref, cur = ref.astype(str), cur.astype(str)
    out = {}
    keys = list(set(ref.unique()) | set(cur.unique()))
    if len(keys) > 1:
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        k_norm = cur.shape[0] / ref.shape[0]
        result = stats.chisquare([cd[k] for k in keys], [rd[k] * k_norm for k in keys])
        statistic = float(result.statistic)
        out["chi2"] = [statistic if math.isfinite(statistic) else None, float(result.pvalue)]
    r, c = binned(ref, cur, False, False)
    out["jensenshannon"] = [float(distance.jensenshannon(r, c))]
    return out


def text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def same(x, y):
    if pd.isna(x) and pd.isna(y):
        return True
    if pd.isna(x) or pd.isna(y):
        return False
    if isinstance(x, (int, float, np.number)) and isinstance(y, (int, float, np.number)):
        return float(x) == float(y)
    return text(x) == text(y)


def row_counts(a, b, key):
    common = [c for c in b.columns if c in a.columns and c != key]
    if key is None:
        n = min(len(a), len(b))
        changed = sum(
            any(not same(a[c].iloc[i], b[c].iloc[i]) for c in common) for i in range(n)
        )
        return {"added": len(b) - n, "removed": len(a) - n, "changed": changed, "unchanged": n - changed}
    merged = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    both = merged[merged["_merge"] == "both"]
    changed = sum(
        any(not same(row[f"{c}_a"], row[f"{c}_b"]) for c in common) for _, row in both.iterrows()
    )
    return {
        "added": int((merged["_merge"] == "right_only").sum()),
        "removed": int((merged["_merge"] == "left_only").sum()),
        "changed": changed,
        "unchanged": len(both) - changed,
    }


results = []
for case in json.load(sys.stdin):
    a, b = read(case["a"], case.get("sepA", ",")), read(case["b"], case.get("sepB", ","))
    columns = {}
    for name in list(b.columns) + [c for c in a.columns if c not in b.columns]:
        columns[name] = {
            "a": profile(a[name]) if name in a.columns else None,
            "b": profile(b[name]) if name in b.columns else None,
            "drift": drift(a[name], b[name]) if name in a.columns and name in b.columns else {},
        }
    results.append({"columns": columns, "rows": row_counts(a, b, case.get("key")), "shape": [list(a.shape), list(b.shape)]})
print(json.dumps(results))
