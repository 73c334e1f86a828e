"""Stage prepare: the raw measurements, checked and split into data/prepared/{train,test}.csv.

data/raw/tumours.csv is tracked with `dvc add`: new rows and new columns arrive there.
"""

import pandas as pd
from sklearn.model_selection import train_test_split

from cancer_pipeline.config import DATA_DIR, FEATURES, PREPARED_DIR, TARGET, load_params

RAW_PATH = DATA_DIR / "raw" / "tumours.csv"


def load_raw() -> pd.DataFrame:
    frame = pd.read_csv(RAW_PATH)
    missing = [name for name in [*FEATURES, TARGET] if name not in frame.columns]
    if missing:
        raise SystemExit(f"prepare: {RAW_PATH} lacks the columns {', '.join(missing)}")
    return frame[[*FEATURES, TARGET]]


def split(frame: pd.DataFrame, test_size: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    train, test = train_test_split(
        frame, test_size=test_size, random_state=seed, stratify=frame[TARGET]
    )
    return train.reset_index(drop=True), test.reset_index(drop=True)


def main() -> None:
    params = load_params("prepare")
    train, test = split(load_raw(), params["test_size"], params["seed"])
    PREPARED_DIR.mkdir(parents=True, exist_ok=True)
    train.to_csv(PREPARED_DIR / "train.csv", index=False)
    test.to_csv(PREPARED_DIR / "test.csv", index=False)
    print(f"prepare: {len(train)} train and {len(test)} test rows in {PREPARED_DIR}")


if __name__ == "__main__":
    main()
