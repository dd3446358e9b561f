#!/usr/bin/python3
"""make_regime.py: fixtures for mlo-drift --regime, written beside this
script with numpy (Debian 12's):

    /usr/bin/python3 t/data/drift/make_regime.py

It rewrites, in t/data/drift/:
    reg-ref.csv   3000 rows of a machine that idles a third of the time:
                  mode (idle, run), load (0-100 %), x (2 idling, 10
                  running, std 1), y (load / 10, std 1), seeded
    reg-cur.csv   3000 rows, t, mode, load, x, y, in windows of 1000:
                  rows 1-1000 mostly idle (80 %), 1001-2000 all running,
                  2001-2500 running with x up by 2 std, 2501-3000 a mode
                  the reference never saw ("purge")
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def row(rng, mode, shift=0.0):
    load = rng.uniform(0, 100)
    x = rng.normal(10 if mode != "idle" else 2, 1) + shift
    y = rng.normal(load / 10, 1)
    return f"{mode},{load:.2f},{x:.4f},{y:.4f}"


def main():
    rng = np.random.default_rng(11)
    with open(os.path.join(HERE, "reg-ref.csv"), "w") as f:
        f.write("mode,load,x,y\n")
        for i in range(3000):
            f.write(row(rng, "idle" if i % 3 == 0 else "run") + "\n")
    with open(os.path.join(HERE, "reg-cur.csv"), "w") as f:
        f.write("t,mode,load,x,y\n")
        for i in range(3000):
            if i < 1000:
                r = row(rng, "idle" if rng.random() < 0.8 else "run")
            elif i < 2000:
                r = row(rng, "run")
            elif i < 2500:
                r = row(rng, "run", 2.0)
            else:
                r = row(rng, "purge")
            f.write(f"{i + 1},{r}\n")


main()
