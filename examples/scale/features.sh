#!/bin/sh
# examples/scale/features.sh: features of a large history of many assets on
# every core with GNU parallel: the assets are dealt to parts, each asset's
# rows whole and in order, and every part goes to its own `mlo-features`,
# whose windows see all the rows of its assets.
#
#   features.sh -s SPEC -k COLUMN [-o features.csv] HISTORY.csv[.gz] ...
#
# COLUMN is the number (from 1) of the spec's entity column in the CSV.
# Each asset's rows are exactly those that one run over the history gives;
# the output holds them grouped by shard rather than in the history's
# order (sort by time if that matters: sort -t, -k1,1 for a first column
# of RFC 3339 times).
#
# Settings, from the environment: MLO_JOBS (parallel -j, default one per
# core), MLO_PARTS (how many parts, default 16), MLO_SSHLOGIN (parallel
# --sshlogin: the parts must then be on a file system every host shares,
# set TMPDIR to one; mlo-features and the spec at the same path on every
# host), MLO_FEATURES_OPTIONS (more options for mlo-features).  CSV with a
# comma and a header line only; no quoted fields in the entity column.
set -u
spec= col= out=-
while getopts s:k:o: opt; do
	case $opt in
	s) spec=$OPTARG ;;
	k) col=$OPTARG ;;
	o) out=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$spec" ] && [ -n "$col" ] && [ $# -gt 0 ] || {
	echo "usage: features.sh -s SPEC -k COLUMN [-o OUTPUT] HISTORY..." >&2
	exit 2
}
: "${MLO_JOBS:=100%}"
: "${MLO_PARTS:=16}"
: "${MLO_SSHLOGIN:=}"
: "${MLO_FEATURES_OPTIONS:=}"

parts=$(mktemp -d "${TMPDIR:-/tmp}/mlo-features.XXXXXX") || exit 2
trap 'rm -rf "$parts"' EXIT
trap 'exit 2' HUP INT TERM
ssh=
[ -n "$MLO_SSHLOGIN" ] && ssh="--sshlogin $MLO_SSHLOGIN"
gzip -dcf -- "$@" | head -n 1 >"$parts/header" || exit 2

# Deal the assets to MLO_PARTS files, each asset's rows whole and in order
# (an asset goes to the next part when first seen), then run one
# mlo-features per part.
gzip -dcf -- "$@" | awk -F, -v k="$col" -v n="$MLO_PARTS" -v dir="$parts" '
	NR == 1 { next }
	!($k in part) { part[$k] = seen++ % n }
	{ print > (dir "/in." part[$k] ".csv") }' || exit 2
# shellcheck disable=SC2086
parallel -j "$MLO_JOBS" $ssh --halt now,fail=1 \
    "cat '$parts/header' {} | mlo-features -q -s '$spec' $MLO_FEATURES_OPTIONS -o {.}.out" \
    ::: "$parts"/in.*.csv ||
    { echo "features.sh: features of a part failed" >&2; exit 2; }
first=1
for p in "$parts"/in.*.out; do
	if [ $first = 1 ]; then cat "$p"; first=0; else tail -n +2 "$p"; fi
done | if [ "$out" = - ]; then cat; else cat >"$out.tmp" && mv "$out.tmp" "$out"; fi
