#!/usr/bin/python3
"""bench/gate_sklearn.py: the baseline of mlo-retrain-gate's benchmark.

    /usr/bin/python3 bench/gate_sklearn.py [--resamples N] [--seed S] CAND PROD

What the gate does for bench/gate-all.yaml, written the way a data
scientist would with scikit-learn 1.2: read both holdouts (pandas), join
them by id, compute every classification metric of both models, then N
paired bootstrap resamples stratified by label (numpy), every metric of
both models on each, and the 5% and 95% quantiles of each difference.
Prints the point values and the intervals, and the seconds per resample on
stderr.
"""
import sys
import time

import numpy as np
import pandas as pd
from sklearn import metrics as skm

THRESHOLD, MISSED, FALSE_ALARM = 0.5, 50000.0, 800.0


def all_metrics(y, s):
    pred = (s >= THRESHOLD).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    cost = MISSED * fn + FALSE_ALARM * fp
    return np.array([
        skm.roc_auc_score(y, s),
        skm.average_precision_score(y, s),
        skm.precision_score(y, pred, zero_division=0),
        skm.recall_score(y, pred),
        skm.f1_score(y, pred),
        skm.accuracy_score(y, pred),
        fp / (fp + tn),
        skm.brier_score_loss(y, s),
        skm.log_loss(y, s, eps=1e-15),
        cost,
        cost / len(y) * 1000,
    ])


NAMES = ["auc", "pr_auc", "precision", "recall", "f1", "accuracy",
         "false_alarm_rate", "brier", "log_loss", "cost", "cost_per_1000"]


def main(argv):
    resamples, seed, files = 1000, 1, []
    i = 0
    while i < len(argv):
        if argv[i] == "--resamples":
            resamples = int(argv[i + 1]); i += 2
        elif argv[i] == "--seed":
            seed = int(argv[i + 1]); i += 2
        else:
            files.append(argv[i]); i += 1
    cand = pd.read_csv(files[0], dtype={"id": str})
    prod = pd.read_csv(files[1], dtype={"id": str})
    both = cand.merge(prod, on="id", suffixes=("_c", "_p"), validate="1:1")
    if len(both) != len(cand) or len(both) != len(prod):
        sys.exit("ids differ")
    if (both.label_c != both.label_p).any():
        sys.exit("labels differ")
    y = both.label_c.to_numpy()
    sc, sp = both.score_c.to_numpy(), both.score_p.to_numpy()
    point_c, point_p = all_metrics(y, sc), all_metrics(y, sp)
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    deltas = np.empty((resamples, len(NAMES)))
    t0 = time.time()
    for b in range(resamples):
        idx = np.concatenate([rng.choice(pos, len(pos)),
                              rng.choice(neg, len(neg))])
        deltas[b] = all_metrics(y[idx], sc[idx]) - all_metrics(y[idx], sp[idx])
    per = (time.time() - t0) / max(resamples, 1)
    lo, hi = np.quantile(deltas, [0.05, 0.95], axis=0)
    for k, name in enumerate(NAMES):
        print("%s,%r,%r,%r,%r" % (name, point_c[k], point_p[k], lo[k], hi[k]))
    print("%.3f s per resample" % per, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
