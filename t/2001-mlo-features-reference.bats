#!/usr/bin/env bats
# mlo-features against an independent implementation: every statistic,
# ewma, lag, diff, pct_change and expression of t/data/features/ref.yaml
# on four units with nulls and uneven gaps, compared with the values pandas
# and scipy computed (t/data/features/make_ref.py, stored in ref.csv) to
# 1e-9 relative.

load helper
load data/features/features

# The features of the reference series, computed once for the cases.
setup_file() {
	mlo-features -q -s "$FDATA/ref.yaml" "$FDATA/series.csv" \
	    >"$BATS_FILE_TMPDIR/features.csv"
}

@test "every feature agrees with pandas and scipy to 1e-9" {
	run awk -F, -v tol=1e-9 -f "$FDATA/compare.awk" "$FDATA/ref.csv" \
	    "$BATS_FILE_TMPDIR/features.csv"
	assert_success
	assert_output '31200 values compared, 0 disagree'
}

@test "the comparison does catch a difference" {
	awk -F, -v OFS=, 'NR == 100 { $5 = sprintf("%.17g", $5 * (1 + 1e-8)) } 1' \
	    "$BATS_FILE_TMPDIR/features.csv" >out.csv
	[ "$(awk -F, 'NR == 100 { print $5 }' "$FDATA/ref.csv")" != '' ]
	run awk -F, -v tol=1e-9 -f "$FDATA/compare.awk" "$FDATA/ref.csv" out.csv
	assert_failure
	assert_line --index 1 '31200 values compared, 1 disagree'
}

@test "NDJSON input gives the same features as CSV" {
	awk -F, 'NR > 1 { printf "{\"ts\":\"%s\",\"unit\":\"%s\",\"x\":%s,\"y\":%s}\n",
	    $1, $2, $3 == "" ? "null" : $3, $4 == "" ? "null" : $4 }' \
	    "$FDATA/series.csv" >series.ndjson
	mlo-features -q -s "$FDATA/ref.yaml" -f csv series.ndjson >out.csv
	run awk -F, -v tol=1e-9 -f "$FDATA/compare.awk" "$FDATA/ref.csv" out.csv
	assert_success
}
