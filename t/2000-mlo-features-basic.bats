#!/usr/bin/env bats
# mlo-features: the rows out, the feature columns, feature_set and row_id,
# formats, gzip, -o, emit, and the command line.

load helper
load data/features/features

@test "--help prints the usage on stdout, exit 0" {
	run --separate-stderr mlo-features --help
	assert_success
	assert_line --index 0 --partial 'usage: mlo-features -s SPEC'
	assert_stderr_empty
}

@test "--version prints the version, exit 0" {
	run --separate-stderr mlo-features --version
	assert_success
	assert_output --regexp '^mlo-features \(mlo\) [0-9]'
}

@test "without a spec it is a usage error, exit 2" {
	run --separate-stderr mlo-features
	assert_failure 2
	assert_stderr_line 'mlo-features: a spec is needed: -s SPEC'
}

@test "an unknown option is a usage error, exit 2" {
	run --separate-stderr mlo-features --frobnicate
	assert_failure 2
}

@test "each row gets its features, feature_set and row_id, per entity" {
	spec s.yaml '  - {name: m3, from: x, window: 3, stat: mean, min_periods: 2}' \
	    '  - {name: prev, from: x, lag: 1}' \
	    '  - {name: ew, from: x, ewma: {alpha: 0.5}}' \
	    '  - {name: twice, expr: "2 * x + m3"}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:00:00Z,b,10,' \
	    '2026-01-01T00:01:00Z,a,2,' '2026-01-01T00:01:00Z,b,,' \
	    '2026-01-01T00:02:00Z,a,6,' '2026-01-01T00:02:00Z,b,30,'
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_success
	id=$(mlo-features --lint s.yaml | sed 's/^s.yaml: \([^,]*\),.*/\1/')
	assert_output "ts,u,x,y,m3,prev,ew,twice,feature_set,row_id
2026-01-01T00:00:00Z,a,1,,,,1,,$id,a@2026-01-01T00:00:00Z
2026-01-01T00:00:00Z,b,10,,,,10,,$id,b@2026-01-01T00:00:00Z
2026-01-01T00:01:00Z,a,2,,1.5,1,1.6666666666666667,5.5,$id,a@2026-01-01T00:01:00Z
2026-01-01T00:01:00Z,b,,,,10,10,,$id,b@2026-01-01T00:01:00Z
2026-01-01T00:02:00Z,a,6,,3,2,4.142857142857143,15,$id,a@2026-01-01T00:02:00Z
2026-01-01T00:02:00Z,b,30,,20,,26,80,$id,b@2026-01-01T00:02:00Z"
	assert_stderr "$id: 6 rows in, 6 out, 2 entities"
}

@test "the feature_set is NAME@VERSION#HASH8" {
	spec s.yaml '  - {name: a, from: x, lag: 1}'
	run mlo-features --lint s.yaml
	assert_output --regexp '^s\.yaml: t@1#[0-9a-f]{8}, 1 feature: ok$'
}

@test "the feature_set ignores whitespace, comments, key order and YAML style" {
	spec a.yaml '  - {name: m, from: x, window: 10m, stat: mean}' \
	    '  - {name: e, expr: "x*2+ (y)"}'
	cat >b.yaml <<'YAML'
# the same spec, written another way
version: 1
time: ts
entity: u        # the asset
features: "t"
columns:
  - name: m
    stat: mean
    window: 600s
    from: x
  - expr: x * 2 + y
    name: e
YAML
	a=$(mlo-features --lint a.yaml | cut -d' ' -f2)
	b=$(mlo-features --lint b.yaml | cut -d' ' -f2)
	assert_equal "$a" "$b"
}

@test "the feature_set changes when a definition changes" {
	spec a.yaml '  - {name: m, from: x, window: 10m, stat: mean}'
	spec b.yaml '  - {name: m, from: x, window: 11m, stat: mean}'
	spec c.yaml '  - {name: m, from: x, window: 10m, stat: median}'
	a=$(mlo-features --lint a.yaml | cut -d' ' -f2)
	b=$(mlo-features --lint b.yaml | cut -d' ' -f2)
	c=$(mlo-features --lint c.yaml | cut -d' ' -f2)
	[ "$a" != "$b" ] && [ "$a" != "$c" ] && [ "$b" != "$c" ]
}

@test "keep chooses the input columns passed through" {
	printf '%s\n' 'features: t' 'version: 1' 'entity: u' 'time: ts' \
	    'keep: [u, x]' 'columns:' '  - {name: d, from: x, diff: 1}' >s.yaml
	data d.csv '2026-01-01T00:00:00Z,a,1,9' '2026-01-01T00:01:00Z,a,3,9'
	run --separate-stderr mlo-features -q -s s.yaml d.csv
	assert_success
	assert_line --index 0 'u,x,d,feature_set,row_id'
	assert_line --index 2 --regexp '^a,3,2,t@1#[0-9a-f]{8},a@2026-01-01T00:01:00Z$'
}

@test "NDJSON in gives NDJSON out, nulls as null" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	printf '%s\n' '{"ts":"2026-01-01T00:00:00Z","u":"a","x":1}' \
	    '{"ts":"2026-01-01T00:01:00Z","u":"a","x":4}' >d.ndjson
	run --separate-stderr mlo-features -q -s s.yaml d.ndjson
	assert_success
	assert_line --index 0 --regexp '^\{"ts":"2026-01-01T00:00:00Z","u":"a","x":1,"d":null,"feature_set":"t@1#[0-9a-f]{8}","row_id":"a@2026-01-01T00:00:00Z"\}$'
	assert_line --index 1 --regexp '^\{"ts":"2026-01-01T00:01:00Z","u":"a","x":4,"d":3,'
}

@test "-f csv writes CSV from NDJSON" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	printf '%s\n' '{"ts":"2026-01-01T00:00:00Z","u":"a","x":1}' \
	    '{"ts":"2026-01-01T00:01:00Z","u":"a","x":4}' >d.ndjson
	run --separate-stderr mlo-features -q -s s.yaml -f csv d.ndjson
	assert_success
	assert_line --index 0 'ts,u,x,d,feature_set,row_id'
	assert_line --index 2 --regexp '^2026-01-01T00:01:00Z,a,4,3,t@1#'
}

@test "gzip input, found by its magic, gives the same rows" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:01:00Z,a,4,'
	gzip -c d.csv >d.data
	mlo-features -q -s s.yaml d.csv >plain.csv
	mlo-features -q -s s.yaml d.data >gz.csv
	cmp plain.csv gz.csv
}

@test "-o writes the file atomically with mode 0644" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,'
	run --separate-stderr mlo-features -q -s s.yaml -o out.csv d.csv
	assert_success
	assert_output ''
	run stat -c %a out.csv
	assert_output 644
	run ls
	assert_output "d.csv
out.csv
s.yaml"
}

@test "several inputs are one stream" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data a.csv '2026-01-01T00:00:00Z,a,1,'
	data b.csv '2026-01-01T00:01:00Z,a,4,'
	run --separate-stderr mlo-features -q -s s.yaml a.csv b.csv
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 2 --regexp '^2026-01-01T00:01:00Z,a,4,,3,'
}

@test "an input whose header differs from the first is trouble" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data a.csv '2026-01-01T00:00:00Z,a,1,'
	printf 'ts,u,x\n2026-01-01T00:01:00Z,a,4\n' >b.csv
	run --separate-stderr mlo-features -q -s s.yaml a.csv b.csv
	assert_failure 2
	assert_stderr "mlo-features: b.csv: its header differs from the first input's"
}

@test "emit every: one row per entity per bucket, the bucket's last" {
	printf '%s\n' 'features: t' 'version: 1' 'entity: u' 'time: ts' \
	    'emit: {every: 10m}' 'keep: [ts, u, x]' 'columns:' \
	    '  - {name: n, from: x, window: 10m, stat: count}' >s.yaml
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:04:00Z,a,2,' \
	    '2026-01-01T00:05:00Z,b,3,' '2026-01-01T00:12:00Z,a,4,' \
	    '2026-01-01T00:31:00Z,a,5,'
	run --separate-stderr mlo-features -q -s s.yaml d.csv
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_line --index 1 --regexp '^2026-01-01T00:04:00Z,a,2,2,'
	assert_line --index 2 --regexp '^2026-01-01T00:12:00Z,a,4,2,'
	# the open buckets at the end of input, the earliest first
	assert_line --index 3 --regexp '^2026-01-01T00:05:00Z,b,3,1,'
	assert_line --index 4 --regexp '^2026-01-01T00:31:00Z,a,5,1,'
}

@test "without an entity the data is one stream and row_id is the time" {
	printf '%s\n' 'features: t' 'version: 1' 'time: {column: n, format: step}' \
	    'columns:' '  - {name: s, from: x, window: 2 steps, stat: sum}' >s.yaml
	printf 'n,x\n1,1\n2,2\n4,4\n' >d.csv
	run --separate-stderr mlo-features -q -s s.yaml d.csv
	assert_success
	assert_line --index 1 --regexp '^1,1,1,t@1#[0-9a-f]{8},1$'
	assert_line --index 2 --regexp '^2,2,3,t@1#[0-9a-f]{8},2$'
	assert_line --index 3 --regexp '^4,4,4,t@1#[0-9a-f]{8},4$'
}

@test "backquoted names with spaces and brackets: AI4I power" {
	cd "$MLO_TOP"
	run --separate-stderr mlo-features -q -s examples/features/ai4i2020.yaml \
	    data/ai4i2020/ai4i2020.csv
	assert_success
	assert_line --index 0 'UDI,Product ID,Type,Machine failure,power_w,temp_diff_k,strain,wear_rate,power_mean_100,power_std_100,temp_diff_ew,power_margin,feature_set,row_id'
	# 42.8 Nm at 1551 rpm: 6951.59 W; 308.6 K - 298.1 K = 10.5 K
	assert_line --index 1 --regexp '^1,M14860,M,0,6951\.59[0-9]*,10\.5,0,,,,10\.5,2048\.4[0-9]*,ai4i2020@1#[0-9a-f]{8},1$'
	assert_equal "${#lines[@]}" 10001
}

@test "| head -1 ends it quietly" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	seq 1 20000 | awk 'BEGIN { print "ts,u,x,y" }
	    { print "2026-01-01T00:00:00Z,a" $1 "," $1 "," }' >d.csv
	run --separate-stderr sh -c 'mlo-features -q -s s.yaml d.csv | head -n 1; exit ${PIPESTATUS:-0}'
	assert_success
	assert_output 'ts,u,x,y,d,feature_set,row_id'
	assert_stderr_empty
}

@test "the examples of mlo-features(1) print what the page says" {
	cd "$MLO_TOP"
	want=$(grep '^examples/features/ai4i2020.yaml: ai4i2020@' man/mlo-features.1)
	run mlo-features --lint examples/features/ai4i2020.yaml
	assert_output "$want"
	want=$(grep '^cmapss-fd001@1#' man/mlo-features.1)
	run --separate-stderr mlo-features -s examples/features/cmapss.yaml \
	    data/cmapss/train_FD001.txt.gz
	assert_success
	assert_stderr "$want"
	sh examples/features/cmapss-outcomes.sh >"$WORK/outcomes.csv"
	run sh -c "mlo-features -q -s examples/features/cmapss.yaml \
	    --labels '$WORK/outcomes.csv' --horizon 30 \
	    data/cmapss/train_FD001.txt.gz |
	    awk -F, '\$1 == 1 && \$2 >= 191 { print \$2, \$(NF-1), \$NF }'"
	assert_output '191 1 1
192 1 0'
}
