#!/usr/bin/env bats
# mlo-drift performance: the calibration a profile keeps of a score and a
# label, CBPE estimates without labels within their stated error, realised
# metrics with labels equal to scikit-learn's (fixtures made by
# t/data/drift/make_perf.py), --min / --max events, --state, bad input.

load helper

DDATA=$MLO_TOP/t/data/drift

setup() {
	work_dir
	mlo-drift profile --role score=score --role label=label -o ref.profile \
	    "$DDATA/perf-ref.csv"
}

# against_sklearn OUT.csv FIXTURE.tsv COLUMN N: the realised rows of COLUMN
# equal scikit-learn's within 1e-9 relative, N of them.
against_sklearn() {
	awk -F '\t' -v col="$3" -v want="$4" 'NR == FNR { v[$1 SUBSEP $2] = $3; next }
	    $3 == col && (($1 SUBSEP $4) in v) {
		seen++; a = $5 + 0; b = v[$1 SUBSEP $4] + 0; d = a - b; if (d < 0) d = -d
		if (b < 0) b = -b
		if (d > 1e-9 * b) { print $1 " " $4 ": " $5 " != " v[$1 SUBSEP $4]; bad = 1 }
	    }
	    END { if (seen != want) { print seen " rows compared, want " want; bad = 1 }; exit bad }' \
	    "$2" FS=, "$1"
}

@test "profile: a score and a label make a calibration, version 2, that merges by adding counts" {
	run jq -c '[.version, .performance.score, .performance.label, .performance.threshold, .performance.bins, .performance.rows, (.performance.n | add), .performance.tp + .performance.fp + .performance.tn + .performance.fn]' ref.profile
	assert_output '[2,"score","label",0.5,10,10000,10000,10000]'
	# positives per bin as counted by awk: below 0.5 bins of 0.05
	run jq -c '.performance.positives[0:3]' ref.profile
	assert_output "$(awk -F, 'NR > 1 && $2 == 1 && $1 < 0.15 { n[int($1 / 0.05)]++ } END { printf "[%d,%d,%d]", n[0], n[1], n[2] }' "$DDATA/perf-ref.csv")"
	head -4001 "$DDATA/perf-ref.csv" >a.csv
	{ head -1 "$DDATA/perf-ref.csv"; tail -n +4002 "$DDATA/perf-ref.csv"; } >b.csv
	mlo-drift profile --role score=score --role label=label -o a.profile a.csv
	mlo-drift profile --role score=score --role label=label -o b.profile b.csv
	mlo-drift merge -o m.profile a.profile b.profile
	[ "$(jq -cS 'del(.brier_sum, .abs_error_sum, .sq_error_sum)' <(jq .performance m.profile))" = \
	  "$(jq -cS 'del(.brier_sum, .abs_error_sum, .sq_error_sum)' <(jq .performance ref.profile))" ]
	# a profile without a calibration stays version 1
	mlo-drift profile -o plain.profile "$DDATA/ref.csv"
	[ "$(jq .version plain.profile)" = 1 ]
}

@test "compare: CBPE estimates agree with the realised metrics within their error bound" {
	# the score's distribution moves by design: exit 1 for its drift
	run --separate-stderr mlo-drift compare -r ref.profile --window 1000 --time t \
	    -o out.csv "$DDATA/perf-cur.csv"
	assert_failure 1
	assert_stderr_line "mlo-drift: performance without labels is estimated from the reference's calibration: it assumes the relation between inputs and failures is unchanged and cannot see concept shift"
	# the reference (Beta(2, 5)) has no score in the top bins; the current
	# windows have 13: they count at their own value
	assert_stderr_line "mlo-drift: 13 scores in bins the reference left empty: estimated at their own value"
	head -1 out.csv | grep -q ',error_bound,reference$'
	run awk -F, '$4 ~ /^cbpe_/ { m = substr($4, 6); e[$1 SUBSEP m] = $5; b[$1 SUBSEP m] = $11 }
	    $3 == "label" { r[$1 SUBSEP $4] = $5 }
	    END {
		for (k in e) {
			if (!(k in r)) continue
			n++; d = e[k] - r[k]; if (d < 0) d = -d
			if (!(d <= b[k])) { print k ": " e[k] " vs " r[k] " beyond " b[k]; bad = 1 }
		}
		if (n != 30) { print n " compared"; bad = 1 }
		exit bad
	    }' out.csv
	assert_success
	# the positive rate is observed, not estimated: the share of scores >= 0.5
	run awk -F, '$4 == "cbpe_positive_rate" && $1 == 1 { print $5, $11, $12 }' out.csv
	assert_output "$(awk -F, 'NR > 1 && NR <= 1001 { n++; if ($2 >= 0.5) p++ } END { print p / n }' "$DDATA/perf-cur.csv") 0 $(jq '(.performance.tp + .performance.fp) / .performance.rows' ref.profile)"
}

@test "compare: realised classification metrics equal scikit-learn's to 1e-9" {
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    -o out.csv "$DDATA/perf-cur.csv"
	assert_failure 1
	against_sklearn out.csv "$DDATA/perf-sklearn.tsv" label 50
	# beside each, the reference's realised value
	run awk -F, '$3 == "label" && $4 == "precision" && $1 == 1 { print $12 }' out.csv
	assert_output "$(jq '.performance.tp / (.performance.tp + .performance.fp)' ref.profile)"
}

@test "compare: realised regression metrics (mae, rmse) equal scikit-learn's to 1e-9" {
	mlo-drift profile --role score=score --role label=label -o reg.profile "$DDATA/perf-reg-ref.csv"
	[ "$(jq .performance.nonbinary reg.profile)" = \
	  "$(awk -F, 'NR > 1 && $2 != 0 && $2 != 1' "$DDATA/perf-reg-ref.csv" | wc -l)" ]
	run --separate-stderr mlo-drift compare -q -r reg.profile --window 500 --max rmse=100 \
	    -o out.csv "$DDATA/perf-reg-cur.csv"
	assert_success
	against_sklearn out.csv "$DDATA/perf-reg-sklearn.tsv" label 4
	! grep -q cbpe_ out.csv
}

@test "--min: a metric below its limit fires a performance event, and resolves" {
	# windows 1-3 of perf-cur have recall below 0.35, the later ones above
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    --min recall=0.35 --now 2026-11-25T12:00:00Z -e ev.ndjson -o out.csv "$DDATA/perf-cur.csv"
	assert_failure 1
	run jq -r 'select(.kind == "performance") | [.state, .window_from, .metric, .estimated, .value, .limit, .reference] | @tsv' ev.ndjson
	assert_output "firing	1	recall	false	0.27906976744186046	0.35	0.22509479489831094
resolved	2001	recall	false	0.3514376996805112	0.35	0.22509479489831094"
	run awk -F, '$3 == "label" && $4 == "recall" { print $1, $7, $8 }' out.csv
	assert_line --index 0 "1 0.35 true"
	assert_line --index 2 "2001 0.35 false"
}

@test "--min without labels judges the estimate, and says so" {
	cut -d, -f1,2 "$DDATA/perf-cur.csv" >nolabel.csv
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    --min recall=0.35 --now 2026-11-25T12:00:00Z -e ev.ndjson -o out.csv nolabel.csv
	assert_failure 1
	run jq -r 'select(.kind == "performance") | [.state, .column, .window_from, .estimated] | @tsv' ev.ndjson
	assert_output "firing	score	1	true
resolved	score	2001	true"
	run jq -r 'select(.kind == "performance" and .state == "firing") | .message' ev.ndjson
	assert_output "estimated recall 0.2909 < 0.35 (no labels: assumes the relation between inputs and failures is unchanged)"
	! grep -q ',label,' out.csv
}

# same_values A B: two files of "key<TAB>number..." lines are the same,
# numbers compared as doubles (jq and mlo print them differently).
same_values() {
	awk -F '\t' 'NR == FNR { want[$1] = $0; n++; next }
	    { got++; if (!($1 in want)) { print "unexpected " $0; bad = 1; next }
		k = split(want[$1], w, "\t"); m = split($0, g, "\t")
		if (k != m) { print $0 " != " want[$1]; bad = 1; next }
		for (i = 2; i <= k; i++) if (w[i] != g[i] && w[i] + 0 != g[i] + 0) { print $0 " != " want[$1]; bad = 1 } }
	    END { if (got != n) { print got " lines, want " n; bad = 1 }; exit bad }' "$1" "$2"
}

@test "events: a performance_window point per window and metric, the values of the output rows" {
	awk -F, -v OFS=, 'NR == 1 { print $0, "model_version"; next }
	    { print $0, (NR <= 4501 ? "m1" : "m2") }' "$DDATA/perf-cur.csv" >cur.csv
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    --max brier=0.5 --now 2026-11-25T12:00:00Z -e ev.ndjson -o out.csv cur.csv
	assert_failure 1
	# precision, recall, accuracy and the limited brier; both sides when
	# there are labels: the estimate (cbpe_ rows), its bound, the
	# realised value (label rows), the reference
	awk -F, '$4 ~ /^cbpe_(precision|recall|accuracy)$/ { m = substr($4, 6)
		e[$1 " " m] = $5 "\t" $11 "\t" $10; r[$1 " " m] = $12 }
	    $3 == "label" && $4 ~ /^(precision|recall|accuracy|brier)$/ { l[$1 " " $4] = $5 "\t" $10; r[$1 " " $4] = $12 }
	    END { for (k in r) print k "\t" (k in e ? e[k] : "-\t-\t-") "\t" l[k] "\t" r[k] }' out.csv >want.tsv
	jq -r 'select(.kind == "performance_window") | [.window_from + " " + .metric,
	    .estimate // "-", .error_bound // "-", .rows // "-", .realised, .rows_labelled, .reference] | @tsv' \
	    ev.ndjson >got.tsv
	[ "$(wc -l <got.tsv)" = 40 ]
	same_values want.tsv got.tsv
	# the envelope: one-off, information, model layer; the score column
	# and the window's latest model_version
	run jq -r 'select(.kind == "performance_window") | [.state // "-", .severity, .layer, .column, .window_to, .model_version] | @tsv' ev.ndjson
	assert_line --index 0 "-	info	model	score	1000	m1"
	assert_line --index 16 "-	info	model	score	5000	m2"
	assert_line --index 39 "-	info	model	score	10000	m2"
	run jq -r 'select(.kind == "performance_window" and .window_from == "1") | .message' ev.ndjson
	assert_line --index 0 "precision estimated 0.6028 (+-0.13, 1000 rows), realised 0.6269 (1000 labelled rows)"
	assert_line --index 3 "brier realised 0.1752 (1000 labelled rows)"
	# no labels: the estimate alone; too few scores (--min-n): no point
	cut -d, -f1,2 "$DDATA/perf-cur.csv" | head -1030 >nolabel.csv
	mlo-drift compare -q -r ref.profile --window 1000 --time t --now 2026-11-25T12:00:00Z \
	    -e ev2.ndjson -o out2.csv nolabel.csv || [ $? -eq 1 ]
	run jq -c 'select(.kind == "performance_window") | [.window_to, .metric, has("estimate"), has("realised"), has("model_version")]' ev2.ndjson
	assert_output '["1000","precision",true,false,false]
["1000","recall",true,false,false]
["1000","accuracy",true,false,false]'
	# without -e, the rows are the same
	mlo-drift compare -q -r ref.profile --window 1000 --time t --max brier=0.5 -o out3.csv cur.csv || [ $? -eq 1 ]
	cmp out.csv out3.csv
}

@test "events: a regression's performance_window points carry mae and rmse, realised only" {
	mlo-drift profile --role score=score --role label=label -o reg.profile "$DDATA/perf-reg-ref.csv"
	mlo-drift compare -q -r reg.profile --window 500 --now 2026-11-25T12:00:00Z \
	    -e ev.ndjson -o out.csv "$DDATA/perf-reg-cur.csv" || [ $? -eq 1 ]
	awk -F, '$3 == "label" { print $1 " " $4 "\t" $5 "\t" $10 "\t" $12 }' out.csv >want.tsv
	jq -r 'select(.kind == "performance_window") | [.window_from + " " + .metric, .realised, .rows_labelled, .reference] | @tsv' ev.ndjson >got.tsv
	[ "$(wc -l <got.tsv)" = 4 ]
	same_values want.tsv got.tsv
	! grep -q '"estimate"' ev.ndjson
}

@test "concept shift is invisible to the estimate: realised precision falls, the estimate does not" {
	# the same scores, failures half as likely as the scores say
	awk -F, -v OFS=, 'NR == 1 { print; next } { srand(NR); $3 = (rand() < $2 / 2) ? 1 : 0; print }' \
	    "$DDATA/perf-cur.csv" >shifted.csv
	mlo-drift compare -q -r ref.profile -o out.csv shifted.csv || [ $? -eq 1 ]
	est=$(awk -F, '$4 == "cbpe_precision" { print $5 }' out.csv)
	real=$(awk -F, '$3 == "label" && $4 == "precision" { print $5 }' out.csv)
	bound=$(awk -F, '$4 == "cbpe_precision" { print $11 }' out.csv)
	awk -v e="$est" -v r="$real" -v b="$bound" 'BEGIN { exit !(e - r > b) }'
}

@test "--state: performance in batches gives the rows and events of one run" {
	opts="-q -r ref.profile --window 700 --time t --min precision=0.6 --now 2026-11-25T12:00:00Z"
	# a model_version that changes inside a window split by the batches,
	# the rows of the window in the second batch without one
	awk -F, -v OFS=, 'NR == 1 { print $0, "model_version"; next }
	    { print $0, (NR <= 2341 ? "v1" : NR <= 2346 ? "v2" : NR <= 2801 ? "" : "v3") }' \
	    "$DDATA/perf-cur.csv" >cur.csv
	mlo-drift compare $opts --state st1 -e one.ndjson -o one.csv cur.csv || true
	head -1 cur.csv >hdr
	tail -n +2 cur.csv | split -l 2345 - part.
	for p in part.*; do
		cat hdr $p >b.csv
		mlo-drift compare $opts --state st -e batch.ndjson -o - b.csv || true
	done >batch.csv
	run awk 'NR == 1 || !/^window_start/' batch.csv
	assert_output "$(cat one.csv)"
	cmp one.ndjson batch.ndjson
	grep -q '"kind":"performance"' one.ndjson
	# the window of rows 2101-2800 ends in the second batch, its latest
	# model_version in the first
	run jq -r 'select(.kind == "performance_window" and .metric == "recall") | .window_from + " " + .model_version' one.ndjson
	assert_line --index 2 "1401 v1"
	assert_line --index 3 "2101 v2"
	assert_line --index 4 "2801 v3"
	[ "${#lines[@]}" = 14 ]
	# the open window's model_version is kept in the state
	grep -q '"model_version":"v3"' st1
}

@test "bad usage and bad profiles: limits, threshold, roles, calibration" {
	run --separate-stderr mlo-drift compare -r ref.profile --min f2=0.5 "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --min 'f2=0.5' is not METRIC=VALUE with METRIC precision, recall, accuracy, positive_rate, auc, brier, mae or rmse"
	run --separate-stderr mlo-drift compare -r ref.profile --max brier=high "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --max 'brier=high': 'high' is not a number"
	run --separate-stderr mlo-drift compare -r ref.profile --min mae=3 "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: ref.profile: --min mae: the reference's labels are 0 and 1 (precision, recall, accuracy, positive_rate, auc, brier)"
	mlo-drift profile -o plain.profile "$DDATA/perf-ref.csv"
	run --separate-stderr mlo-drift compare -r plain.profile --min recall=0.5 "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: plain.profile: --min and --max need a profile with a calibration (made with --role COL=score and --role COL=label)"
	run --separate-stderr mlo-drift profile --threshold 1 "$DDATA/perf-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --threshold takes a number between 0 and 1, not '1'"
	run --separate-stderr mlo-drift profile --role score=score --role label=score "$DDATA/perf-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --role 'label=score': one column may have role score, 'score' has it"
	jq -c '.performance.positives[0] = 100000' ref.profile >bad.profile
	run --separate-stderr mlo-drift compare -r bad.profile "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: bad.profile: performance: a bin has more positives than rows"
	jq -c '.version = 1' ref.profile >v1.profile
	run --separate-stderr mlo-drift compare -r v1.profile "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: v1.profile: 'performance' or 'regime' in a version 1 profile"
}

@test "labels that are not 0 or 1 are left out and counted" {
	awk -F, -v OFS=, 'NR == 5 { $3 = 2 } { print }' "$DDATA/perf-cur.csv" >odd.csv
	run --separate-stderr mlo-drift compare -r ref.profile -o out.csv odd.csv
	assert_failure 1
	assert_stderr_line "mlo-drift: 1 label neither 0 nor 1 left out of the realised metrics"
	run awk -F, '$3 == "label" && $4 == "auc" { print $10 }' out.csv
	assert_output 9999
}

@test "--max positive_rate judges the share predicted, seen with or without labels" {
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    --max positive_rate=0.2 -e ev.ndjson -o out.csv "$DDATA/perf-cur.csv"
	assert_failure 1
	run jq -r 'select(.kind == "performance") | [.state, .column, .window_from, .estimated, .value] | @tsv' ev.ndjson
	assert_output "firing	score	2001	false	0.208"
	[ "$(awk -F, 'NR > 2001 && NR <= 3001 && $2 >= 0.5' "$DDATA/perf-cur.csv" | wc -l)" = 208 ]
}

@test "profile: calibration options are checked" {
	run --separate-stderr mlo-drift profile --calibration-bins 1001 "$DDATA/perf-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --calibration-bins is at most 1000"
	run --separate-stderr mlo-drift compare -r ref.profile --threshold 0.4 "$DDATA/perf-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: compare does not take --threshold"
	mlo-drift profile --role score=score --role label=label --threshold 0.3 \
	    --calibration-bins 4 -o t.profile "$DDATA/perf-ref.csv"
	run jq -c '.performance | [.threshold, .bins, (.n | length), .tp + .fp]' t.profile
	assert_output "[0.3,4,8,$(awk -F, 'NR > 1 && $1 >= 0.3' "$DDATA/perf-ref.csv" | wc -l)]"
	run --separate-stderr mlo-drift merge -o m.profile ref.profile t.profile
	assert_failure 2
	assert_stderr "mlo-drift: t.profile: calibration at threshold 0.3 with 4 bins, but 0.5 with 10 before"
}

@test "--min auc: the performance event has no reference, since a profile keeps none for auc" {
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1000 --time t \
	    --min auc=0.999 -e ev.ndjson -o out.csv "$DDATA/perf-cur.csv"
	assert_failure 1
	run jq -r 'select(.kind == "performance") | [.state, .metric, has("reference"), (.value | type)] | @tsv' ev.ndjson
	assert_line --index 0 "firing	auc	false	number"
	run grep -c '"nan"' ev.ndjson
	assert_output 0
}
