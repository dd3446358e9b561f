#!/bin/sh
# The mlo demo, so far: check the shipped real data against its contracts,
# then break a copy the way plants break data (a sensor re-scaled from
# kelvin to Celsius half-way through) and watch the contract catch it.
# Run from the top of the source tree: make demo.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/mlo-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$top"

step() { printf '\n== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "1. AI4I 2020 (milling machine, 10,000 rows) against contracts/ai4i2020.yaml"
show mlo-validate -c contracts/ai4i2020.yaml -o "$work/ai4i.csv" \
    data/ai4i2020/ai4i2020.csv
echo "exit $?: every row held"

step "2. NASA C-MAPSS FD001 (turbofans, space-separated, no header, gzip)"
show mlo-validate -c contracts/cmapss-fd001.yaml -o /dev/null \
    data/cmapss/train_FD001.txt.gz
echo "exit $?"

step "3. A recalibrated sensor: process temperature in Celsius from row 5001"
awk -F, 'BEGIN { OFS = "," } NR > 5001 { $5 = sprintf("%.1f", $5 - 273.15) }
    { print }' data/ai4i2020/ai4i2020.csv >"$work/celsius.csv"
show mlo-validate -c contracts/ai4i2020.yaml --rejects "$work/rejects.csv" \
    -e "$work/events.ndjson" -o "$work/passed.csv" "$work/celsius.csv"
status=$?
echo "exit $status: the contract was broken"
echo "rows passed: $(($(wc -l <"$work/passed.csv") - 1)), rows quarantined: $(($(wc -l <"$work/rejects.csv") - 1))"
echo "first quarantined row:"
sed -n 2p "$work/rejects.csv"
echo "events:"
cat "$work/events.ndjson"
[ "$status" -eq 1 ]
