#!/usr/bin/python3
"""drift_scipy.py: the pandas + scipy baseline of mlo-drift compare for
bench/run.

    /usr/bin/python3 bench/drift_scipy.py REFERENCE.csv CURRENT.csv [WINDOWS]

Reads both files with pandas.read_csv, cuts CURRENT into WINDOWS (default
10) windows of equal rows, and for every numeric column and window
computes scipy.stats.ks_2samp (method 'auto'), wasserstein_distance
divided by the reference's std, and the PSI of mlo-profile(5) with numpy
(reference deciles, right-closed bins, shares floored at 1e-4).  Prints
one CSV row per window x column x test, as mlo-drift does.
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats


def psi(ref, cur):
    edges = np.quantile(ref, np.arange(1, 10) / 10)
    e = np.bincount(np.searchsorted(edges, ref, side="left"),
                    minlength=10) / len(ref)
    a = np.bincount(np.searchsorted(edges, cur, side="left"),
                    minlength=10) / len(cur)
    e = np.maximum(e, 1e-4)
    a = np.maximum(a, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))


def main():
    ref = pd.read_csv(sys.argv[1])
    cur = pd.read_csv(sys.argv[2])
    windows = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    cols = [c for c in ref.columns if pd.api.types.is_numeric_dtype(ref[c])]
    size = -(-len(cur) // windows)
    out = sys.stdout
    out.write("window_start,window_end,column,test,statistic,p_value\n")
    for w in range(windows):
        part = cur.iloc[w * size:(w + 1) * size]
        for c in cols:
            r = ref[c].dropna().to_numpy()
            x = part[c].dropna().to_numpy()
            ks = stats.ks_2samp(r, x, method="auto")
            wd = stats.wasserstein_distance(r, x) / np.std(r)
            lo, hi = w * size + 1, w * size + len(part)
            out.write("%d,%d,%s,ks,%r,%r\n" % (lo, hi, c, ks.statistic,
                                                ks.pvalue))
            out.write("%d,%d,%s,wasserstein,%r,\n" % (lo, hi, c, wd))
            out.write("%d,%d,%s,psi,%r,\n" % (lo, hi, c, psi(r, x)))


if __name__ == "__main__":
    main()
