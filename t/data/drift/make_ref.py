#!/usr/bin/python3
"""make_ref.py: the reference values mlo-drift is checked against, computed
with scipy 1.10 and numpy (Debian 12's), written as fixtures beside this
script.  Run it with Debian's python, which has scipy:

    /usr/bin/python3 t/data/drift/make_ref.py

It rewrites, in t/data/drift/:
    special.tsv     distribution functions over their range, far tails too:
                    FUNCTION<TAB>ARG1<TAB>ARG2<TAB>VALUE (repr, round-trips)
    ks2.tsv         ks_2samp p-values: N1<TAB>N2<TAB>D<TAB>D_SNAPPED<TAB>P
    ref.csv, cur*.csv   small data sets (seeded)
    exact-cur*.tsv  what `mlo-drift compare --exact -r ref.profile curN.csv
                    --test ks,psi,wasserstein,js,chi2,linf --min-n 1` must
                    print: COLUMN<TAB>TEST<TAB>STATISTIC<TAB>P_VALUE
The definitions used here are those of mlo-profile(5); keep them in step.
"""
import os
import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
assert scipy.__version__.startswith("1.10"), scipy.__version__


def out(name):
    return open(os.path.join(HERE, name), "w")


def special_tsv():
    with out("special.tsv") as f:
        for y in [1e-3, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.819, 0.821,
                  0.9, 1.0, 1.2, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0]:
            f.write("kolmogorov\t%r\t0\t%r\n" % (y, special.kolmogorov(y)))
        for n, d in [(1, 0.5), (5, 0.1), (5, 0.6), (10, 0.3), (50, 0.05),
                     (100, 0.2), (1000, 0.01), (1000, 0.1), (5000, 0.05),
                     (20000, 0.02), (100000, 0.005), (100000, 0.012)]:
            f.write("smirnov\t%d\t%r\t%r\n" % (n, d, special.smirnov(n, d)))
        rng = np.random.default_rng(7)
        cases = [(3, 0.2), (3, 0.4), (3, 0.9), (10, 0.05), (10, 0.5),
                 (10, 0.7), (50, 0.1), (50, 0.2), (50, 0.35), (140, 0.05),
                 (140, 0.1), (140, 0.2), (141, 0.05), (141, 0.1),
                 (500, 0.02), (500, 0.05), (500, 0.09), (2000, 0.01),
                 (2000, 0.03), (2000, 0.06), (2000, 0.2), (10000, 0.005),
                 (10000, 0.01), (10000, 0.02), (10000, 0.05),
                 (99999, 0.0004), (99999, 0.003), (200000, 0.002),
                 (200000, 0.005), (5000, 0.5), (5000, 0.0002)]
        for _ in range(40):
            n = int(rng.integers(1, 30000))
            d = float(rng.uniform(0.3, 6.0) / np.sqrt(n))
            cases.append((n, min(d, 0.99)))
        for n, d in cases:
            f.write("kstwo\t%d\t%r\t%r\n" % (n, d, stats.kstwo.sf(d, n)))
        for df in [1, 2, 3, 5, 9, 10, 30, 100, 999]:
            for q in [0.0, 1e-6, 0.01, 0.5, 1.0, 2.0, 5.0, 20.0, 60.0, 200.0]:
                x = q * df
                f.write("chi2\t%r\t%r\t%r\n" % (float(df), x,
                                                stats.chi2.sf(x, df)))
            for x in [df + 40 * np.sqrt(df), df + 100 * np.sqrt(df) + 500]:
                f.write("chi2\t%r\t%r\t%r\n" % (float(df), float(x),
                                                stats.chi2.sf(x, df)))


def ks2_tsv():
    rng = np.random.default_rng(11)
    sizes = [(1, 1), (3, 5), (10, 10), (20, 30), (30, 45), (100, 100),
             (77, 313), (1000, 1000), (999, 1001), (500, 10000),
             (10000, 10000), (3000, 7000), (10001, 50), (20000, 20000),
             (15000, 400), (60000, 3000), (12000, 141), (12000, 139),
             (40000, 40000)]
    with out("ks2.tsv") as f:
        for n1, n2 in sizes:
            for shift in [0.0, 0.1, 0.3, 1.0]:
                a = rng.normal(0, 1, n1)
                b = rng.normal(shift, 1, n2)
                r = stats.ks_2samp(a, b, method="auto")
                d = float(r.statistic)
                if max(n1, n2) <= 10000:
                    g = np.gcd(n1, n2)
                    lcm = (n1 // g) * n2
                    ds = np.round(d * lcm) / lcm
                else:
                    ds = d
                f.write("%d\t%d\t%r\t%r\t%r\n" % (n1, n2, d, ds,
                                                  float(r.pvalue)))


def decile_edges(ref):
    return np.quantile(ref, np.arange(1, 10) / 10)


def bins_of(x, edges):
    # right-closed bins (e[i-1], e[i]], open ends
    idx = np.searchsorted(edges, x, side="left")
    return np.bincount(idx, minlength=len(edges) + 1)


def psi(a, e):
    a = np.maximum(a, 1e-4)
    e = np.maximum(e, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))


def write_data():
    rng = np.random.default_rng(2026)
    n = 400
    ref = {
        "temp": np.round(rng.normal(60, 5, n), 3),
        "vib": np.round(rng.gamma(2.0, 3.0, n), 4),
        "level": rng.integers(0, 6, n).astype(float),
        "mode": rng.choice(["auto", "manual", "idle", "fault"], n,
                           p=[0.6, 0.25, 0.12, 0.03]),
    }
    cur = [
        {   # no drift
            "temp": np.round(rng.normal(60, 5, 300), 3),
            "vib": np.round(rng.gamma(2.0, 3.0, 300), 4),
            "level": rng.integers(0, 6, 300).astype(float),
            "mode": rng.choice(["auto", "manual", "idle", "fault"], 300,
                               p=[0.6, 0.25, 0.12, 0.03]),
        },
        {   # drift everywhere, a new category
            "temp": np.round(rng.normal(63, 6, 250), 3),
            "vib": np.round(rng.gamma(2.5, 3.0, 250), 4),
            "level": rng.integers(1, 7, 250).astype(float),
            "mode": rng.choice(["auto", "manual", "idle", "fault", "test"],
                               250, p=[0.4, 0.3, 0.1, 0.1, 0.1]),
        },
    ]
    cols = ["temp", "vib", "level", "mode"]

    def write_csv(name, d):
        with out(name) as f:
            f.write(",".join(cols) + "\n")
            for i in range(len(d["temp"])):
                f.write(",".join(repr(float(d[c][i])) if c != "mode"
                                 else d[c][i] for c in cols) + "\n")

    write_csv("ref.csv", ref)
    for k, c in enumerate(cur, 1):
        write_csv("cur%d.csv" % k, c)
        with out("exact-cur%d.tsv" % k) as f:
            for col in ["temp", "vib", "level"]:
                r, x = ref[col], c[col]
                ks = stats.ks_2samp(r, x, method="auto")
                f.write("%s\tks\t%r\t%r\n" % (col, float(ks.statistic),
                                              float(ks.pvalue)))
                edges = decile_edges(r)
                e = bins_of(r, edges) / len(r)
                a = bins_of(x, edges) / len(x)
                f.write("%s\tpsi\t%r\t\n" % (col, psi(a, e)))
                w = stats.wasserstein_distance(r, x) / np.std(r)
                f.write("%s\twasserstein\t%r\t\n" % (col, float(w)))
                js = distance.jensenshannon(e, a, base=2)
                f.write("%s\tjs\t%r\t\n" % (col, float(js)))
            cats = sorted(set(ref["mode"]) | set(c["mode"]))
            rc = np.array([np.sum(ref["mode"] == k) for k in cats])
            cc = np.array([np.sum(c["mode"] == k) for k in cats])
            chi = stats.chi2_contingency(np.array([rc, cc]),
                                         correction=False)
            f.write("mode\tchi2\t%r\t%r\n" % (float(chi[0]), float(chi[1])))
            e, a = rc / rc.sum(), cc / cc.sum()
            f.write("mode\tpsi\t%r\t\n" % psi(a, e))
            f.write("mode\tjs\t%r\t\n" %
                    float(distance.jensenshannon(e, a, base=2)))
            f.write("mode\tlinf\t%r\t\n" % float(np.max(np.abs(a - e))))


if __name__ == "__main__":
    special_tsv()
    ks2_tsv()
    write_data()
