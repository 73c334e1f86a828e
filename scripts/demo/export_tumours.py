"""Writes data/raw/tumours.csv of the demo's DVC project: the first ROWS tumours of scikit-learn's
bundled breast cancer data, as a lab export growing over time would (demo workspace generator).

python export_tumours.py OUT_CSV ROWS [EXTRA_COLUMN ...]
The ten "mean" measurements are always there; EXTRA_COLUMN adds another one (e.g. worst_radius).
"""

import sys
from pathlib import Path

from sklearn.datasets import load_breast_cancer


def column_name(sklearn_name: str) -> str:
    return sklearn_name.replace(" ", "_")


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    out, rows, extra = Path(argv[1]), int(argv[2]), argv[3:]
    bunch = load_breast_cancer(as_frame=True)
    frame = bunch.data.set_axis([column_name(c) for c in bunch.data.columns], axis=1)
    columns = [c for c in frame.columns if c.startswith("mean_")] + extra
    unknown = [c for c in extra if c not in frame.columns]
    if unknown:
        sys.exit(f"no column {', '.join(unknown)} in the breast cancer data")
    table = frame[columns].round(5)
    # scikit-learn codes benign as 1; the project's target is 1 for a malignant tumour.
    table["malignant"] = 1 - bunch.target
    out.parent.mkdir(parents=True, exist_ok=True)
    table.head(rows).to_csv(out, index=False)
    print(f"{out}: {min(rows, len(table))} rows, {len(table.columns)} columns")


if __name__ == "__main__":
    main(sys.argv)
