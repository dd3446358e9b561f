#!/usr/bin/python3
"""make_perf.py: fixtures for mlo-drift's performance rows, written beside
this script with numpy and scikit-learn 1.2 (Debian 12's):

    /usr/bin/python3 t/data/drift/make_perf.py

It rewrites, in t/data/drift/:
    perf-ref.csv    10000 rows of score ~ Beta(2, 5) and label ~
                    Bernoulli(score): a calibrated model (seeded)
    perf-cur.csv    10 windows of 1000 rows, t, score, label: the score's
                    distribution moves from window to window (Beta(a, b)
                    with a from 1.5 to 4), the label stays Bernoulli(score),
                    so the calibration holds and CBPE should agree with
                    the realised metrics
    perf-sklearn.tsv  scikit-learn's metrics of each window of perf-cur.csv
                    at threshold 0.5: WINDOW_START<TAB>METRIC<TAB>VALUE
                    for precision, recall, accuracy, auc, brier
    perf-reg-ref.csv, perf-reg-cur.csv  a regression (remaining useful
                    life): label = rul, score = the model's prediction
    perf-reg-sklearn.tsv  mae and rmse of each window of 500 rows
"""
import os

import numpy as np
import sklearn
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
assert sklearn.__version__.startswith("1.2"), sklearn.__version__


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def main():
    rng = np.random.default_rng(7)
    s = np.round(rng.beta(2, 5, 10000), 4)
    y = (rng.random(10000) < s).astype(int)
    write("perf-ref.csv", "score,label", ((f"{a!r}", str(b)) for a, b in zip(s, y)))
    rows, out = [], []
    for w in range(10):
        a = 1.5 + w * 2.5 / 9
        s = np.round(rng.beta(a, 4, 1000), 4)
        y = (rng.random(1000) < s).astype(int)
        start = w * 1000 + 1
        for i, (p, l) in enumerate(zip(s, y)):
            rows.append((str(start + i), f"{p!r}", str(l)))
        pred = (s >= 0.5).astype(int)
        vals = {
            "precision": metrics.precision_score(y, pred, zero_division=0),
            "recall": metrics.recall_score(y, pred),
            "accuracy": metrics.accuracy_score(y, pred),
            "auc": metrics.roc_auc_score(y, s),
            "brier": metrics.brier_score_loss(y, s),
        }
        for k, v in vals.items():
            out.append(f"{start}\t{k}\t{float(v)!r}")
    write("perf-cur.csv", "t,score,label", rows)
    with open(os.path.join(HERE, "perf-sklearn.tsv"), "w") as f:
        f.write("\n".join(out) + "\n")
    # regression: rul from 0 to 200, prediction off by noise
    rul = rng.integers(0, 200, 2000)
    pred = np.round(rul + rng.normal(0, 15, 2000), 3)
    write("perf-reg-ref.csv", "score,label",
          ((f"{p!r}", str(r)) for p, r in zip(pred[:1000], rul[:1000])))
    cur = rul[1000:]
    cpred = np.round(cur + rng.normal(5, 25, 1000), 3)
    write("perf-reg-cur.csv", "score,label",
          ((f"{p!r}", str(r)) for p, r in zip(cpred, cur)))
    out = []
    for w in range(2):
        sl = slice(w * 500, (w + 1) * 500)
        out.append(f"{w * 500 + 1}\tmae\t{metrics.mean_absolute_error(cur[sl], cpred[sl])!r}")
        out.append(f"{w * 500 + 1}\trmse\t{metrics.mean_squared_error(cur[sl], cpred[sl], squared=False)!r}")
    with open(os.path.join(HERE, "perf-reg-sklearn.tsv"), "w") as f:
        f.write("\n".join(out) + "\n")


main()
