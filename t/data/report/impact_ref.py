#!/usr/bin/python3
# impact_ref.py: the business impact of predictions.csv and outcomes.csv,
# computed apart from mlo-report (pandas and numpy, Debian 12's), with the
# definitions of mlo-report(1), IMPACT.  Writes impact.expected, the
# figures t/6001-mlo-report-impact.bats compares with mlo-report's.
#
#   /usr/bin/python3 impact_ref.py > impact.expected
import numpy as np
import pandas as pd

SINCE = pd.Timestamp("2026-01-01T00:00:00Z")
UNTIL = pd.Timestamp("2026-02-01T00:00:00Z")
MIN, MAX = pd.Timedelta("1h"), pd.Timedelta("7d")
THRESHOLD, AVOIDABLE = 0.5, 0.75
UNPLANNED, PLANNED, INSPECTION = 50000.0, 8000.0, 800.0

p = pd.read_csv("predictions.csv", parse_dates=["time"])
o = pd.read_csv("outcomes.csv", parse_dates=["failure_time"])
p["alert"] = p["score"] >= THRESHOLD
o = o[o.failure_time <= UNTIL]
in_period = lambda t: SINCE < t <= UNTIL

caught = missed = unmonitored = 0
lead, down_total, down_avoided, saved = [], 0.0, 0.0, 0.0
for _, f in o.iterrows():
    if not in_period(f.failure_time):
        continue
    rows = p[p.entity == f.entity]
    if rows.empty:
        unmonitored += 1
        continue
    down_total += f.downtime_hours * 3600
    # an alert counts for the entity's first failure at or after it
    earlier = o[(o.entity == f.entity) & (o.failure_time < f.failure_time)]
    prev = earlier.failure_time.max() if not earlier.empty else None
    a = rows[rows.alert]
    a = a[(f.failure_time - a.time >= MIN) & (f.failure_time - a.time <= MAX)]
    if prev is not None:
        a = a[a.time > prev]
    if a.empty:
        missed += 1
        continue
    caught += 1
    lead.append((f.failure_time - a.time.min()).total_seconds())
    down_avoided += f.downtime_hours * 3600 * AVOIDABLE
    cost = UNPLANNED if pd.isna(f.cost) else f.cost
    saved += cost - PLANNED

# episodes: runs of alerting rows of one entity, cut by a failure
episodes = true_alarms = false_alarms = pending = 0
for ent, rows in p.sort_values("time", kind="stable").groupby("entity"):
    fails = sorted(o[o.entity == ent].failure_time)
    runs, cur = [], None
    for _, r in rows.iterrows():
        if cur is not None and (not r.alert or any(
                cur[1] <= x < r.time for x in fails if x >= cur[1])):
            runs.append(cur)
            cur = None
        if r.alert:
            cur = [r.time, r.time] if cur is None else [cur[0], r.time]
    if cur is not None:
        runs.append(cur)
    for s, e in runs:
        if not in_period(s):
            continue
        episodes += 1
        if any(s <= x <= e + MAX for x in fails):
            true_alarms += 1
        elif e + MAX > UNTIL:
            pending += 1
        else:
            false_alarms += 1
saved -= INSPECTION * false_alarms

q = np.quantile(lead, [0.1, 0.5, 0.9])
for k, v in [("failures", caught + missed + unmonitored),
             ("caught", caught), ("missed", missed),
             ("unmonitored", unmonitored), ("episodes", episodes),
             ("true_alarms", true_alarms), ("false_alarms", false_alarms),
             ("pending", pending), ("lead_time_p10_s", q[0]),
             ("lead_time_median_s", q[1]), ("lead_time_p90_s", q[2]),
             ("downtime_s", down_total),
             ("downtime_avoided_s", down_avoided),
             ("money_saved", saved)]:
    print(f"{k} {float(v):.17g}")
