#!/usr/bin/python3
"""Fixtures and reference values for mlo-retrain-gate's tests.

Run from the top of the source tree with Debian's python3 (it has
scikit-learn 1.2, the definitions mlo's metrics follow):

    /usr/bin/python3 t/data/gate/make_ref.py

It writes, into t/data/gate/:
  gen-{cand,prod}.csv    generated classification holdout (3000 rows, scores
                         rounded to 2 decimals so that there are many ties)
  ai4i-{cand,prod}.csv   AI4I 2020: label = Machine failure, scores from a
                         simple logistic formula of the sensor readings
  rul-{cand,prod}.csv    C-MAPSS FD001 test set: label = true RUL of every
                         row, prediction from a simple formula of sensors
  slice-{cand,prod}.csv  a candidate better overall but worse on one slice
  *-ref.csv              metric,candidate,production as scikit-learn
                         computes them, printed with 17 significant digits
The outputs are the same on every run (fixed seeds, no clock).
"""
import gzip
import os

import numpy as np
import sklearn
from sklearn import metrics as skm

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
THRESHOLD = 0.5
MISSED, FALSE_ALARM = 50000.0, 800.0

assert sklearn.__version__.startswith("1.2"), sklearn.__version__


def cls_metrics(y, s):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    pred = (s >= THRESHOLD).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    cost = MISSED * fn + FALSE_ALARM * fp
    return {
        "auc": skm.roc_auc_score(y, s),
        "pr_auc": skm.average_precision_score(y, s),
        "precision": skm.precision_score(y, pred, zero_division=0),
        "recall": skm.recall_score(y, pred),
        "f1": skm.f1_score(y, pred),
        "accuracy": skm.accuracy_score(y, pred),
        "false_alarm_rate": fp / (fp + tn),
        "brier": skm.brier_score_loss(y, s),
        "log_loss": skm.log_loss(y, s, eps=1e-15),
        "cost": cost,
        "cost_per_1000": cost / len(y) * 1000,
    }


def reg_metrics(y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    d = p - y
    return {
        "mae": skm.mean_absolute_error(y, p),
        "rmse": skm.mean_squared_error(y, p, squared=False),
        "r2": skm.r2_score(y, p),
        "phm08": float(np.sum(np.where(d < 0, np.exp(-d / 13) - 1,
                                       np.exp(d / 10) - 1))),
    }


def write_holdout(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def write_ref(name, cand, prod):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("metric,candidate,production\n")
        for k in cand:
            f.write("%s,%s,%s\n" % (k, repr(float(cand[k])),
                                    repr(float(prod[k]))))


def fmt(x):
    return ("%.6f" % x).rstrip("0").rstrip(".")


def generated():
    rng = np.random.default_rng(20261125)
    n = 3000
    y = (rng.random(n) < 0.08).astype(int)
    types = np.array(["fan", "pump", "valve"])[rng.integers(0, 3, n)]
    assets = np.array(["B-%04d" % i for i in range(60)])[rng.integers(0, 60, n)]
    c = np.clip(0.35 * y + rng.normal(0.25, 0.15, n), 0, 1).round(2)
    p = np.clip(0.25 * y + rng.normal(0.25, 0.15, n), 0, 1).round(2)
    ids = ["B@%d" % i for i in range(n)]
    write_holdout("gen-cand.csv", ["id", "label", "score", "asset_type", "asset"],
                  zip(ids, y, map(fmt, c), types, assets))
    write_holdout("gen-prod.csv", ["id", "label", "score", "asset_type", "asset"],
                  zip(ids, y, map(fmt, p), types, assets))
    write_ref("gen-ref.csv", cls_metrics(y, c), cls_metrics(y, p))
    # Better overall, but on valves the candidate misses most failures.
    cs = c.copy()
    valve = types == "valve"
    cs[valve & (y == 1)] = np.clip(cs[valve & (y == 1)] - 0.45, 0, 1).round(2)
    cs[~valve] = np.clip(cs[~valve] + 0.1 * y[~valve], 0, 1).round(2)
    write_holdout("slice-cand.csv", ["id", "label", "score", "asset_type"],
                  zip(ids, y, map(fmt, cs), types))
    write_holdout("slice-prod.csv", ["id", "label", "score", "asset_type"],
                  zip(ids, y, map(fmt, p), types))
    write_ref("slice-ref.csv", cls_metrics(y, cs), cls_metrics(y, p))


def ai4i():
    path = os.path.join(TOP, "data", "ai4i2020", "ai4i2020.csv")
    data = np.genfromtxt(path, delimiter=",", skip_header=1,
                         usecols=(0, 3, 4, 5, 6, 7, 8), encoding="utf-8-sig")
    types = np.genfromtxt(path, delimiter=",", skip_header=1, usecols=(2,),
                          dtype=str, encoding="utf-8-sig")
    udi, air, proc, rpm, torque, wear, y = data.T
    y = y.astype(int)
    power = torque * rpm * 2 * np.pi / 60
    z = lambda v: (v - v.mean()) / v.std()
    # Production knows tool wear and torque; the candidate adds power and
    # the temperature difference, which the data's failure modes need.
    prod = 1 / (1 + np.exp(-(-4.0 + 1.2 * z(wear) + 1.0 * z(torque))))
    cand = 1 / (1 + np.exp(-(-4.5 + 1.2 * z(wear) + 0.8 * z(torque)
                               + 1.5 * np.abs(z(power)) ** 2 * 0.5
                               - 0.9 * z(proc - air))))
    cand, prod = cand.round(6), prod.round(6)
    ids = ["%d" % u for u in udi]
    write_holdout("ai4i-cand.csv", ["id", "label", "score", "asset_type"],
                  zip(ids, y, map(fmt, cand), types))
    write_holdout("ai4i-prod.csv", ["id", "label", "score"],
                  zip(ids, y, map(fmt, prod)))
    write_ref("ai4i-ref.csv", cls_metrics(y, cand), cls_metrics(y, prod))


def cmapss():
    with gzip.open(os.path.join(TOP, "data", "cmapss", "test_FD001.txt.gz"),
                   "rt") as f:
        rows = np.array([[float(v) for v in line.split()] for line in f])
    rul_last = np.loadtxt(os.path.join(TOP, "data", "cmapss", "RUL_FD001.txt"))
    unit, cycle = rows[:, 0].astype(int), rows[:, 1].astype(int)
    last = {u: cycle[unit == u].max() for u in np.unique(unit)}
    truth = np.array([rul_last[u - 1] + last[u] - c for u, c in zip(unit, cycle)])
    s11 = rows[:, 2 + 3 + 10]     # sensor 11 (static pressure at HPC outlet)
    s4 = rows[:, 2 + 3 + 3]       # sensor 4 (LPT outlet temperature)
    cand = np.clip(200 - 40 * (s11 - 47.2) / 0.3 - 0.5 * cycle, 0, 250).round(1)
    prod = np.clip(180 - 0.12 * (s4 - 1400) * 10 - 0.4 * cycle, 0, 250).round(1)
    ids = ["%d@%d" % (u, c) for u, c in zip(unit, cycle)]
    write_holdout("rul-cand.csv", ["id", "label", "prediction", "unit"],
                  zip(ids, map(fmt, truth), map(fmt, cand), unit))
    write_holdout("rul-prod.csv", ["id", "label", "prediction"],
                  zip(ids, map(fmt, truth), map(fmt, prod)))
    write_ref("rul-ref.csv", reg_metrics(truth, cand), reg_metrics(truth, prod))


if __name__ == "__main__":
    generated()
    ai4i()
    cmapss()
