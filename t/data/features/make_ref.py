#!/usr/bin/python3
"""Reference values for mlo-features, from an independent implementation.

Run with Debian's python (numpy, scipy, pandas):

    /usr/bin/python3 t/data/features/make_ref.py t/data/features

Writes series.csv (the input: four units, uneven gaps between readings,
about 10% nulls in x and y, rows interleaved across units in time order)
and ref.csv: every feature of ref.yaml as pandas and scipy compute it:
rolling(N, min_periods) and rolling('10min', min_periods) per unit
(count made null below min_periods non-null values, as every statistic),
skewness and kurtosis as scipy.stats.skew and kurtosis(fisher=False) over
the non-null values of each window, the slope as numpy.polyfit of the value
against time in seconds, ewm(adjust=True) with alpha, span, halflife, and
halflife with times=, shift for lag, diff and pct_change (no padding, a
division by zero is null, as mlo-features(5) says), and the expressions in
numpy.  Nulls are empty fields.  The output is the same on every run.
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats

UNITS = ["U-1", "U-2", "U-3", "U-4"]
ROWS = 150
SEED = 20261125


def make_series():
    rng = np.random.default_rng(SEED)
    frames = []
    start = pd.Timestamp("2026-01-01T00:00:00Z")
    for k, unit in enumerate(UNITS):
        gaps = rng.choice([10, 30, 45, 60, 90, 120, 200, 300, 700], ROWS)
        ts = start + pd.to_timedelta(np.cumsum(gaps) + k * 7, unit="s")
        x = np.round(50 + np.cumsum(rng.normal(0, 3, ROWS)) +
                     rng.normal(0, 5, ROWS), 3)
        y = np.round(rng.uniform(1, 10, ROWS), 4)
        x[rng.random(ROWS) < 0.1] = np.nan
        y[rng.random(ROWS) < 0.1] = np.nan
        frames.append(pd.DataFrame({"ts": ts, "unit": unit, "x": x,
                                    "y": y}))
    df = pd.concat(frames).sort_values(["ts", "unit"], kind="stable")
    return df.reset_index(drop=True)


def finite(a):
    return a[~np.isnan(a)]


def skew(a):
    a = finite(a)
    return stats.skew(a) if np.ptp(a) > 0 else np.nan


def kurt(a):
    a = finite(a)
    return stats.kurtosis(a, fisher=False) if np.ptp(a) > 0 else np.nan


def rms(a):
    a = finite(a)
    return np.sqrt(np.mean(a * a))


def crest(a):
    a = finite(a)
    r = np.sqrt(np.mean(a * a))
    return np.max(np.abs(a)) / r if r > 0 else np.nan


def ptp(a):
    return np.ptp(finite(a))


def slope(s):
    """Least squares of the values against their time in seconds."""
    secs = (s.index.view(np.int64) / 1e9) if isinstance(
        s.index, pd.DatetimeIndex) else s.index.to_numpy(dtype=float)
    v = s.to_numpy()
    ok = ~np.isnan(v)
    t, v = secs[ok], v[ok]
    if len(v) < 2 or np.ptp(t) == 0:
        return np.nan
    return np.polyfit(t - t[-1], v, 1)[0]


def window_stats(r, prefix, out, minp):
    # pandas 1.5 applies min_periods to rows for count, nulls included;
    # mlo-features, as for every other statistic, to non-null values
    n = r.count()
    out[prefix + "count"] = n.where(n >= minp)
    out[prefix + "sum"] = r.sum()
    out[prefix + "mean"] = r.mean()
    out[prefix + "var"] = r.var()
    out[prefix + "std"] = r.std()
    out[prefix + "min"] = r.min()
    out[prefix + "max"] = r.max()
    out[prefix + "median"] = r.median()
    out[prefix + "rms"] = r.apply(rms, raw=True)
    out[prefix + "ptp"] = r.apply(ptp, raw=True)
    out[prefix + "crest"] = r.apply(crest, raw=True)


def per_unit(g):
    o = {}
    x = pd.Series(g["x"].to_numpy(), index=pd.DatetimeIndex(g["ts"]))
    y = pd.Series(g["y"].to_numpy(), index=x.index)
    secs = x.index.view(np.int64) / 1e9
    xs = pd.Series(x.to_numpy(), index=secs)

    r = x.rolling(5, min_periods=5)
    window_stats(r, "c_", o, 5)
    o["c_q90"] = r.quantile(0.9, interpolation="linear")
    o["c_skew"] = r.apply(skew, raw=True)
    o["c_kurt"] = r.apply(kurt, raw=True)
    o["c_slope"] = xs.rolling(5, min_periods=5).apply(slope, raw=False)

    o["m_mean"] = x.rolling(8, min_periods=2).mean()
    o["m_std"] = x.rolling(8, min_periods=2).std()
    o["m_median"] = x.rolling(8, min_periods=3).median()
    o["m_skew"] = y.rolling(8, min_periods=3).apply(skew, raw=True)
    o["m_kurt"] = y.rolling(8, min_periods=4).apply(kurt, raw=True)

    r = x.rolling("10min", min_periods=1)
    window_stats(r, "t_", o, 1)
    o["t_q25"] = r.quantile(0.25, interpolation="linear")
    o["t_skew"] = x.rolling("10min", min_periods=3).apply(skew, raw=True)
    o["t_kurt"] = x.rolling("10min", min_periods=4).apply(kurt, raw=True)
    o["t_slope"] = x.rolling("10min", min_periods=2).apply(slope, raw=False)
    o["t_mean_y"] = y.rolling("30min", min_periods=3).mean()

    o["e_alpha"] = x.ewm(alpha=0.3, adjust=True).mean()
    o["e_span"] = y.ewm(span=5, adjust=True).mean()
    o["e_half"] = x.ewm(halflife=3, adjust=True).mean()
    o["e_time"] = x.ewm(halflife="2min", times=x.index, adjust=True).mean()
    o["e_mp"] = y.ewm(alpha=0.5, adjust=True, min_periods=3).mean()

    o["lag2"] = x.shift(2)
    o["diff1"] = x - x.shift(1)
    prev1, prev3 = y.shift(1), y.shift(3)
    o["pct1"] = (y / prev1.where(prev1 != 0)) - 1
    o["pct3"] = (y / prev3.where(prev3 != 0)) - 1

    xv, yv = x.to_numpy(), y.to_numpy()
    ex_sum = xv * 2 + yv
    o["ex_sum"] = ex_sum
    both = ~(np.isnan(xv) | np.isnan(yv))
    o["ex_if"] = np.where(both, np.where(xv > yv, xv, yv) -
                          np.minimum(np.minimum(xv, yv), 3), np.nan)
    o["ex_fn"] = (np.sqrt(np.abs(xv)) + np.log(yv) ** 2 -
                  np.exp(-xv / 100) + np.sin(xv) * np.cos(yv))
    o["ex_over"] = (np.asarray(o["c_mean"]) - np.asarray(o["t_mean"]) +
                    np.asarray(o["e_alpha"]) / 2)
    o["w_over_expr"] = pd.Series(ex_sum).rolling(4, min_periods=4).mean()

    res = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in o.items()},
                       index=g.index)
    return res


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "."
    df = make_series()
    stamp = df["ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    inp = pd.DataFrame({"ts": stamp, "unit": df["unit"], "x": df["x"],
                        "y": df["y"]})
    inp.to_csv(outdir + "/series.csv", index=False, float_format="%.10g")
    # read back what was written, so both sides see the same numbers
    df = pd.read_csv(outdir + "/series.csv")
    df["ts"] = pd.to_datetime(df["ts"])
    parts = [per_unit(g) for _, g in df.groupby("unit", sort=False)]
    feats = pd.concat(parts).sort_index()
    feats = feats.replace([np.inf, -np.inf], np.nan)
    ref = pd.concat([inp[["ts", "unit"]], feats], axis=1)
    ref.to_csv(outdir + "/ref.csv", index=False, float_format="%.17g",
               na_rep="")


if __name__ == "__main__":
    main()
