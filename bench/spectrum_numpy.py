#!/usr/bin/python3
"""bench/spectrum_numpy.py: the baseline of bench/spectrum_bench.c and of
mlo-features --snapshot on IMS files: the same definitions computed with
numpy and scipy (the functions of t/data/spectrum/make_ref.py, which made
the fixtures mlo-features is tested against).

    /usr/bin/python3 bench/spectrum_numpy.py windows N
    /usr/bin/python3 bench/spectrum_numpy.py ims FILE...

"windows": N windows of 4096 samples with every output on (3 bands, 3
peaks, the envelope of 2000-8000 Hz, the IMS bearing's lines); prints
windows/s by CPU time.  "ims": each IMS file read with pandas, 8 channels,
5 windows of 4096 averaged per channel, as
examples/features/ims-bearing.yaml; prints seconds per file.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 't', 'data', 'spectrum'))
import make_ref  # noqa: E402

CONF = {'window': 4096, 'hop': 4096, 'rate': 20000.0, 'wfn': 'hann',
        'bands': [(0, 1000), (1000, 4000), (4000, 10000)], 'peaks': 3,
        'env': (2000, 8000),
        'bearing': {'balls': 16, 'ball': 0.331, 'pitch': 2.815,
                    'contact': 15.17}}


def windows(n):
    rng = np.random.default_rng(1)
    x = np.sin(2 * np.pi * 1000 * np.arange(4096) / 20000) + \
        rng.random(4096) - 0.5
    t0 = time.process_time()
    s = 0.0
    for i in range(n):
        x[i % 4096] += 1e-3
        s += make_ref.features(CONF, [x], x, 2000 / 60)[0]
    cpu = time.process_time() - t0
    print('%d windows of 4096: %.3f s cpu, %.0f windows/s per core '
          '(checksum %.6g)' % (n, cpu, n / cpu, s))


def ims(files):
    t0 = time.process_time()
    for f in files:
        d = pd.read_csv(f, sep='\t', header=None).to_numpy()
        for c in range(d.shape[1]):
            x = d[:, c]
            wins = [x[o:o + 4096] for o in range(0, len(x) - 4095, 4096)]
            make_ref.features(CONF, wins, x, 2000 / 60)
    cpu = time.process_time() - t0
    print('%d IMS files: %.3f s cpu, %.4f s a file' % (len(files), cpu,
                                                        cpu / len(files)))


if __name__ == '__main__':
    if sys.argv[1] == 'windows':
        windows(int(sys.argv[2]))
    else:
        ims(sys.argv[2:])
