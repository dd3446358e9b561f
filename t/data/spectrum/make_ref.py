#!/usr/bin/python3
# make_ref.py: the reference values of mlo-features' spectrum columns,
# computed with numpy.fft, scipy.signal.hilbert, scipy.signal.get_window,
# scipy.signal.find_peaks and scipy.stats.kurtosis, independently of
# lib/spectrum.c, from the definitions in mlo-features(5):
#
#   y = x - mean(x); w periodic Hann (scipy get_window('hann', N)) or 1;
#   X = rfft(y w); c = 1 at DC and at N/2 (N even), else 2;
#   P = c |X|^2 / (N sum w^2); A = c |X| / sum w;
#   envelope: Y = fft(y) with the bins outside LO <= |f| <= HI zeroed,
#   env = |hilbert(ifft(Y).real)|, EA = c |rfft((env - mean env) w)| / sum w;
#   several windows: P averaged, A and EA root-mean-squared.
#
# Run with Debian's python3 (numpy 1.24, scipy 1.10) from this folder:
#   /usr/bin/python3 make_ref.py
# It writes stream.csv.gz and stream-ref.csv (spec stream.yaml), the
# snapshot files snap/ and snap-ref.csv (spec snap.yaml), and
# spectra-2048.txt.gz, spectra-1000.txt.gz (whole spectra, for
# t/unit/spectrum.c).
import gzip
import math
import os

import numpy as np
import scipy.signal
import scipy.stats


def num(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ''
    return repr(float(v))


def window_fn(n, kind):
    if kind == 'hann':
        return scipy.signal.get_window('hann', n)  # periodic
    return np.ones(n)


def sides(n):
    k = n // 2 + 1
    c = np.full(k, 2.0)
    c[0] = 1.0
    if n % 2 == 0:
        c[-1] = 1.0
    return c


def one_window(x, rate, kind, env):
    n = len(x)
    w = window_fn(n, kind)
    c = sides(n)
    y = x - x.mean()
    X = np.fft.rfft(y * w)
    P = c * np.abs(X) ** 2 / (n * np.sum(w * w))
    A = c * np.abs(X) / np.sum(w)
    EA = None
    if env is not None:
        lo, hi = env
        k = np.arange(n)
        f = np.minimum(k, n - k) * (rate / n)
        mask = (f >= lo) & (f <= hi)
        yb = np.fft.ifft(np.fft.fft(y) * mask).real
        e = np.abs(scipy.signal.hilbert(yb))
        E = np.fft.rfft((e - e.mean()) * w)
        EA = c * np.abs(E) / np.sum(w)
    return P, A, EA


def averaged(wins, rate, kind, env):
    Ps, As, Es = [], [], []
    for x in wins:
        P, A, EA = one_window(x, rate, kind, env)
        Ps.append(P)
        As.append(A * A)
        if EA is not None:
            Es.append(EA * EA)
    P = np.mean(Ps, axis=0)
    A = np.sqrt(np.mean(As, axis=0))
    EA = np.sqrt(np.mean(Es, axis=0)) if Es else None
    return P, A, EA


def bearing_freqs(g, shaft_hz):
    r = g['ball'] / g['pitch'] * math.cos(math.radians(g['contact']))
    n = g['balls']
    return [n / 2 * shaft_hz * (1 - r), n / 2 * shaft_hz * (1 + r),
            g['pitch'] / (2 * g['ball']) * shaft_hz * (1 - r * r),
            shaft_hz / 2 * (1 - r)]


def line(EA, df, f0):
    tol = max(2 * df, 0.02 * f0)
    lo = max(1, math.ceil((f0 - tol) / df - 1e-9))
    hi = min(len(EA) - 1, math.floor((f0 + tol) / df + 1e-9))
    if lo > hi:
        return None
    return float(np.max(EA[lo:hi + 1]))


def features(conf, wins, samples, shaft_hz):
    """All outputs of a spectrum column, in the documented order."""
    rate = conf['rate']
    n = conf['window']
    P, A, EA = averaged(wins, rate, conf['wfn'], conf.get('env'))
    x = np.asarray(samples)
    out = []
    rms = math.sqrt(np.mean(x * x))
    peak = float(np.max(np.abs(x)))
    mabs = float(np.mean(np.abs(x)))
    msq = float(np.mean(np.sqrt(np.abs(x))))
    out += [rms, peak, peak / rms, scipy.stats.kurtosis(x, fisher=False),
            peak / mabs, rms / mabs, peak / (msq * msq)]
    df = rate / n
    f = np.arange(len(P)) * df
    nyq = rate / 2
    for lo, hi in conf.get('bands', []):
        sel = (f >= lo) & ((f < hi) | ((hi >= nyq) & (f == nyq)))
        out.append(float(np.sum(P[sel])))
    dom = int(np.argmax(P[1:])) + 1
    tot = np.sum(P)
    p = P / tot
    cen = float(np.sum(f * p))
    nz = p[p > 0]
    ent = float(-np.sum(nz * np.log(nz)) / math.log(len(P)))
    m2 = np.sum((f - cen) ** 2 * p)
    m4 = np.sum((f - cen) ** 4 * p)
    out += [dom * df, cen, ent, float(m4 / (m2 * m2))]
    npk = conf.get('peaks', 0)
    if npk:
        idx, _ = scipy.signal.find_peaks(P)
        idx = sorted(idx, key=lambda k: (-P[k], k))[:npk]
        for i in range(npk):
            if i < len(idx):
                out += [idx[i] * df, float(A[idx[i]])]
            else:
                out += [None, None]
    if conf.get('env') is not None:
        k = int(np.argmax(EA[1:])) + 1
        out += [k * df, float(EA[k])]
    if conf.get('bearing') is not None:
        fr = bearing_freqs(conf['bearing'], shaft_hz)
        out += [shaft_hz] + fr
        for f0 in fr:
            out += [line(EA, df, f0), line(EA, df, 2 * f0)]
    return out


def names(base, conf):
    out = [base + '_' + s for s in ('rms', 'peak', 'crest', 'kurtosis',
                                    'impulse', 'shape', 'clearance')]
    for lo, hi in conf.get('bands', []):
        out.append('%s_band_%s_%s' % (base, fmt_edge(lo), fmt_edge(hi)))
    out += [base + '_' + s for s in ('dominant_hz', 'centroid_hz', 'entropy',
                                     'spectral_kurtosis')]
    for i in range(conf.get('peaks', 0)):
        out += ['%s_peak%d_hz' % (base, i + 1), '%s_peak%d_amp' % (base, i + 1)]
    if conf.get('env') is not None:
        out += [base + '_env_dominant_hz', base + '_env_dominant_amp']
    if conf.get('bearing') is not None:
        out += [base + '_shaft_hz'] + ['%s_%s_hz' % (base, b) for b in
                                       ('bpfo', 'bpfi', 'bsf', 'ftf')]
        for b in ('bpfo', 'bpfi', 'bsf', 'ftf'):
            out += ['%s_%s_amp' % (base, b), '%s_%s2_amp' % (base, b)]
    return out


def fmt_edge(v):
    return ('%d' % v) if v == int(v) else repr(v)


GEOM = {'balls': 9, 'ball': 7.94, 'pitch': 39.04, 'contact': 0.0}
RATE = 10240.0


def signal(rng, n, rate, tones, am=None, noise=0.05):
    t = np.arange(n) / rate
    x = np.zeros(n)
    for f, a in tones:
        x += a * np.sin(2 * np.pi * f * t)
    if am is not None:
        fc, fm, depth = am
        x += (1 + depth * np.sin(2 * np.pi * fm * t)) * 0.3 * np.sin(
            2 * np.pi * fc * t)
    return x + noise * rng.standard_normal(n)


def stream(rng):
    A = {'window': 1024, 'hop': 512, 'rate': RATE, 'wfn': 'hann',
         'bands': [(0, 1000), (1000, 2500.5), (2500.5, 5120)], 'peaks': 4,
         'env': (1500, 3500), 'bearing': GEOM}
    B = {'window': 1000, 'hop': 1000, 'rate': RATE, 'wfn': 'none',
         'bands': [(100, 900)], 'peaks': 2, 'env': (2000, 4000),
         'bearing': GEOM}
    n = 2600
    units = {
        'u1': (np.round(signal(rng, n, RATE, [(440, 1.0), (1234, 0.4)],
                               (2600, 107.0, 0.8)), 5), np.full(n, 1800.0)),
        'u2': (np.round(signal(rng, n, RATE, [(990, 0.7), (3000, 0.2)],
                               (3000, 61.0, 0.5), 0.2), 5),
               np.round(1750 + 100 * np.sin(np.arange(n) / 300.0), 3)),
    }
    x2 = units['u2'][0].astype(object)
    x2[1500] = None
    units['u2'] = (x2, units['u2'][1])
    rows = []
    with gzip.GzipFile('stream.csv.gz', 'wb', mtime=0) as gz:
        gz.write(b'ts,unit,x,rpm\n')
        for i in range(n):
            for u in ('u1', 'u2'):
                x, rpm = units[u]
                v = '' if x[i] is None else '%.5f' % x[i]
                gz.write(('%.4f,%s,%s,%.3f\n' % (i * 0.0001, u, v, rpm[i]))
                         .encode())
                rows.append((i, u))
    cols = ['ts', 'unit'] + names('a', A) + names('b', B)
    with open('stream-ref.csv', 'w') as out:
        out.write(','.join(cols) + '\n')
        for i, u in rows:
            x, rpm = units[u]
            c = i + 1
            vals = []
            emitted = False
            for conf, speed in ((A, None), (B, rpm)):
                n_out = len(names('z', conf))
                w = conf['window']
                if c >= w and (c - w) % conf['hop'] == 0:
                    emitted = True
                    seg = x[c - w:c]
                    if any(v is None for v in seg):
                        vals += [None] * n_out
                        continue
                    seg = np.asarray(seg, dtype=float)
                    shaft = 1800 / 60 if speed is None else \
                        float(np.mean(speed[c - w:c])) / 60
                    vals += features(conf, [seg], seg, shaft)
                else:
                    vals += [None] * n_out
            if emitted:
                out.write(','.join(['%.4f' % (i * 0.0001), u] +
                                   [num(v) for v in vals]) + '\n')


def snapshots(rng):
    S = {'window': 1000, 'hop': 700, 'rate': RATE, 'wfn': 'hann',
         'bands': [(0, 2000), (2000, 5120)], 'peaks': 2, 'env': (1500, 3500),
         'bearing': GEOM}
    os.makedirs('snap', exist_ok=True)
    files = [('snap-20260101-000000', '2026-01-01T00:00:00Z'),
             ('snap-20260101-001000', '2026-01-01T00:10:00Z')]
    n = 3000
    cols = ['ts', 'channel'] + names('s', S)
    with open('snap-ref.csv', 'w') as out:
        out.write(','.join(cols) + '\n')
        for k, (name, stamp) in enumerate(files):
            chans = [np.round(signal(rng, n, RATE, [(700 + 100 * k, 1.0)],
                                     (2500, 90.0, 0.7)), 4),
                     np.round(signal(rng, n, RATE, [(1900, 0.5)],
                                     (3100, 45.0, 0.9), 0.1), 4)]
            with gzip.GzipFile('snap/%s.gz' % name, 'wb', mtime=0) as gz:
                for i in range(n):
                    gz.write(('%.4f\t%.4f\n' % (chans[0][i], chans[1][i]))
                             .encode())
            for ch, x in zip(('a1', 'a2'), chans):
                wins = [x[o:o + S['window']] for o in
                        range(0, n - S['window'] + 1, S['hop'])]
                vals = features(S, wins, x, 1800 / 60)
                out.write(','.join([stamp, ch] + [num(v) for v in vals]) +
                          '\n')


def whole(rng, n, kind, env, fname):
    x = signal(rng, n, RATE, [(1000, 1.0), (2222, 0.25)], (3000, 77.0, 0.6))
    P, A, EA = one_window(x, RATE, kind, env)
    with gzip.GzipFile(fname, 'wb', mtime=0) as out:
        out.write(('%d %r %s %r %r\n' % (n, RATE, kind, env[0], env[1]))
                  .encode())
        for v in x:
            out.write(('%r\n' % v).encode())
        for p, a, e in zip(P, A, EA):
            out.write(('%r %r %r\n' % (p, a, e)).encode())


def main():
    rng = np.random.default_rng(20261126)
    stream(rng)
    snapshots(rng)
    whole(rng, 2048, 'hann', (2000.0, 4000.0), 'spectra-2048.txt.gz')
    whole(rng, 1000, 'none', (2000.0, 4000.0), 'spectra-1000.txt.gz')


if __name__ == '__main__':
    main()
