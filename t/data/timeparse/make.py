#!/usr/bin/python3
"""Write stamps.tsv: random RFC 3339 timestamps with the nanoseconds since
the epoch and the canonical UTC form, as Python's datetime computes them.

datetime is an implementation of the calendar independent of
lib/timeparse.c, so t/unit/timeparse.c checks the C code against it line by
line.  datetime stops at microseconds: the digits past the sixth are added
to the nanoseconds as a plain integer, which needs no calendar.

The seed is fixed, so running this again writes the same file.
Usage: /usr/bin/python3 t/data/timeparse/make.py  (from anywhere)
"""

import os
import random
from datetime import date, datetime, timedelta, timezone

SEED = 20261125
COUNT = 2000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def epoch_ns(dt, sub_us):
    d = dt - EPOCH
    return (d.days * 86400 + d.seconds) * 10**9 + d.microseconds * 1000 \
        + sub_us


def canonical(ns):
    """The UTC form time_format writes, from datetime's calendar."""
    sec, frac = divmod(ns, 10**9)
    u = EPOCH + timedelta(seconds=sec)
    s = "%04d-%02d-%02dT%02d:%02d:%02d" % (u.year, u.month, u.day, u.hour,
                                           u.minute, u.second)
    if frac:
        s += "." + ("%09d" % frac).rstrip("0")
    return s + "Z"


def random_offset(rng):
    r = rng.random()
    if r < 0.2:
        return "Z", 0
    if r < 0.25:
        return "z", 0
    if r < 0.3:
        sign, h, m = rng.choice([(1, 5, 30), (-1, 8, 0), (1, 0, 0),
                                 (-1, 0, 0), (1, 5, 45), (-1, 3, 30)])
    else:
        sign, h, m = rng.choice([1, -1]), rng.randint(0, 23), \
            rng.randint(0, 59)
    text = "%s%02d:%02d" % ("+" if sign > 0 else "-", h, m)
    return text, sign * (h * 60 + m)


def random_day(rng):
    # Calendar corners as well as uniform days: leap days, year and
    # century ends.
    r = rng.random()
    if r < 0.05:
        y = rng.choice([1700, 1800, 1900, 2000, 2100, 2200, 2024, 1904])
        try:
            return date(y, 2, 29)
        except ValueError:
            return date(y, 2, 28)
    if r < 0.1:
        y = rng.randint(1678, 2261)
        return rng.choice([date(y, 1, 1), date(y, 12, 31), date(y, 3, 1)])
    lo, hi = date(1678, 1, 1).toordinal(), date(2261, 12, 31).toordinal()
    return date.fromordinal(rng.randint(lo, hi))


def random_line(rng):
    day = random_day(rng)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    ndigits = rng.choice([0, 0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9])
    frac = "%0*d" % (ndigits, rng.randrange(10**ndigits)) if ndigits else ""
    padded = (frac + "000000000")[:9]
    micro, sub_us = int(padded[:6]), int(padded[6:])
    off_text, off_min = random_offset(rng)
    sep = rng.choice("TTTTTTt ")
    tz = timezone(timedelta(minutes=off_min))
    dt = datetime(day.year, day.month, day.day, h, mi, s, micro, tzinfo=tz)
    text = "%04d-%02d-%02d%s%02d:%02d:%02d%s%s" % (
        day.year, day.month, day.day, sep, h, mi, s,
        "." + frac if frac else "", off_text)
    return text, epoch_ns(dt, sub_us)


def main():
    rng = random.Random(SEED)
    utc = timezone.utc
    rows = [
        # The two ends of int64_t nanoseconds, and either side of 1970.
        ("1677-09-21T00:12:43.145224192Z",
         epoch_ns(datetime(1677, 9, 21, 0, 12, 43, 145224, utc), 192)),
        ("2262-04-11T23:47:16.854775807Z",
         epoch_ns(datetime(2262, 4, 11, 23, 47, 16, 854775, utc), 807)),
        ("1970-01-01T00:00:00Z", epoch_ns(datetime(1970, 1, 1, tzinfo=utc),
                                          0)),
        ("1969-12-31T23:59:59.999999999Z",
         epoch_ns(datetime(1969, 12, 31, 23, 59, 59, 999999, utc), 999)),
    ]
    assert rows[0][1] == INT64_MIN and rows[1][1] == INT64_MAX
    assert rows[3][1] == -1
    while len(rows) < COUNT:
        rows.append(random_line(rng))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "stamps.tsv"), "w") as f:
        f.write("# made by make.py: input, epoch nanoseconds, UTC form\n")
        for text, ns in rows:
            assert INT64_MIN <= ns <= INT64_MAX, text
            f.write("%s\t%d\t%s\n" % (text, ns, canonical(ns)))


if __name__ == "__main__":
    main()
