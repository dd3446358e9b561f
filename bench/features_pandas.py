#!/usr/bin/python3
"""bench/features_pandas.py: what bench/features-12.yaml asks of
mlo-features, done with pandas, for bench/run's comparison.

    /usr/bin/python3 bench/features_pandas.py sensor-1M.csv > out.csv

read_csv, then per asset_id the 12 rolling features over windows of 100
readings (min_periods 100, as mlo-features' default for count windows),
then to_csv of the input columns plus the features, in input order.
"""
import sys

import pandas as pd

FEATURES = [
    ("vib_mean", "vib_hz", "mean"), ("vib_std", "vib_hz", "std"),
    ("vib_min", "vib_hz", "min"), ("vib_max", "vib_hz", "max"),
    ("vib_median", "vib_hz", "median"), ("vib_rms", "vib_sq", "mean"),
    ("temp_mean", "temp_c", "mean"), ("temp_std", "temp_c", "std"),
    ("temp_max", "temp_c", "max"), ("pressure_mean", "pressure_kpa", "mean"),
    ("current_mean", "current_a", "mean"), ("current_std", "current_a", "std"),
]


def main():
    df = pd.read_csv(sys.argv[1])
    df["vib_sq"] = df["vib_hz"] ** 2
    g = df.groupby("asset_id", sort=False)
    out = df.drop(columns=["vib_sq"])
    for name, col, stat in FEATURES:
        r = g[col].rolling(100, min_periods=100)
        v = getattr(r, stat)().reset_index(level=0, drop=True)
        out[name] = v ** 0.5 if name == "vib_rms" else v
    out.to_csv(sys.stdout, index=False)


if __name__ == "__main__":
    main()
