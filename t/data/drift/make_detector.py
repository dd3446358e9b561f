#!/usr/bin/python3
"""make_detector.py: fixtures for mlo-drift --detector, written beside this
script with numpy and scipy (Debian 12's):

    /usr/bin/python3 t/data/drift/make_detector.py

It rewrites, in t/data/drift/:
    det-ref.csv     2000 rows: x ~ N(10, 2), y ~ N(0, 1) (seeded)
    det-cur.csv     1200 rows, columns t, x, y: x shifts up by one
                    reference std from t = 601 on, y never changes
    det-alarms.tsv  the alarms an independent CUSUM and Page-Hinkley
                    (written here from their textbook definitions) raise
                    on det-cur.csv with `--detector-on rows --arl0 2000`:
                    DETECTOR<TAB>COLUMN<TAB>ROW<TAB>DIRECTION<TAB>THRESHOLD
"""
import math
import os

import numpy as np
from scipy.optimize import brentq

HERE = os.path.dirname(os.path.abspath(__file__))
ARL0 = 2000.0
SHIFT = 1.0


def siegmund_two_sided(k, h):
    b = h + 1.166
    one = b * b if k == 0 else (math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k)
    return one / 2


def threshold(k, arl0):
    return brentq(lambda h: siegmund_two_sided(k, h) - arl0, 0, 100, xtol=1e-14)


def cusum(z, k, h):
    up = down = 0.0
    for i, v in enumerate(z):
        up = max(0.0, up + v - k)
        down = max(0.0, down - v - k)
        if up > h and up >= down:
            yield i, "up"
            up = down = 0.0
        elif down > h:
            yield i, "down"
            up = down = 0.0
        elif up > h:
            yield i, "up"
            up = down = 0.0


def page_hinkley(z, delta, h):
    n = 0
    mean = mup = mdown = minup = mindown = 0.0
    for i, v in enumerate(z):
        n += 1
        mean += (v - mean) / n
        mup += v - mean - delta
        mdown += mean - v - delta
        minup = min(minup, mup)
        mindown = min(mindown, mdown)
        up, down = mup - minup, mdown - mindown
        side = None
        if up > h and up >= down:
            side = "up"
        elif down > h:
            side = "down"
        elif up > h:
            side = "up"
        if side:
            yield i, side
            n = 0
            mean = mup = mdown = minup = mindown = 0.0


def main():
    rng = np.random.default_rng(20261126)
    refx = np.round(rng.normal(10, 2, 2000), 6)
    refy = np.round(rng.normal(0, 1, 2000), 6)
    with open(os.path.join(HERE, "det-ref.csv"), "w") as f:
        f.write("x,y\n")
        for a, b in zip(refx, refy):
            f.write(f"{a!r},{b!r}\n")
    curx = rng.normal(10, 2, 1200)
    curx[600:] += 2.0
    curx = np.round(curx, 6)
    cury = np.round(rng.normal(0, 1, 1200), 6)
    with open(os.path.join(HERE, "det-cur.csv"), "w") as f:
        f.write("t,x,y\n")
        for i, (a, b) in enumerate(zip(curx, cury)):
            f.write(f"{i + 1},{a!r},{b!r}\n")
    k = SHIFT / 2
    h = threshold(k, ARL0)
    with open(os.path.join(HERE, "det-alarms.tsv"), "w") as f:
        for name, fn in (("cusum", cusum), ("page_hinkley", page_hinkley)):
            for col, ref, cur in (("x", refx, curx), ("y", refy, cury)):
                z = (cur - ref.mean()) / ref.std()
                for i, side in fn(z, k, h):
                    f.write(f"{name}\t{col}\t{i + 1}\t{side}\t{h!r}\n")


main()
