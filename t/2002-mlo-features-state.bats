#!/usr/bin/env bats
# mlo-features --state: a history fed in one run and in 1, 2, 7 and 100
# chunks gives byte-identical output; a damaged, foreign or other feature
# set's state is refused and left as it was.

load helper
load data/features/features

# The one-run output and state that most cases compare with, made once.
setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
	(cd "$BATS_FILE_TMPDIR" &&
	    mlo-features -q -s "$FDATA/ref.yaml" --state one.st \
	    "$FDATA/series.csv" >one.csv)
}

one_run() {
	cp "$BATS_FILE_TMPDIR/one.csv" "$BATS_FILE_TMPDIR/one.st" .
}

@test "one run and 1 chunk with --state give the same bytes" {
	one_run
	chunks 1 "$FDATA/series.csv" "$FDATA/ref.yaml" out.csv
	cmp one.csv out.csv
}

@test "2 chunks with --state give the same bytes as one run" {
	one_run
	chunks 2 "$FDATA/series.csv" "$FDATA/ref.yaml" out.csv
	cmp one.csv out.csv
	cmp one.st st
}

@test "7 chunks with --state give the same bytes as one run" {
	one_run
	chunks 7 "$FDATA/series.csv" "$FDATA/ref.yaml" out.csv
	cmp one.csv out.csv
}

@test "100 chunks with --state give the same bytes as one run" {
	one_run
	chunks 100 "$FDATA/series.csv" "$FDATA/ref.yaml" out.csv
	cmp one.csv out.csv
	cmp one.st st
}

@test "emit every: buckets carry across chunks" {
	{
		printf '%s\n' 'features: t' 'version: 1' 'entity: unit' 'time: ts' \
		    'emit: {every: 30m}' 'columns:'
		printf '%s\n' '  - {name: m, from: x, window: 10m, stat: mean}' \
		    '  - {name: e, from: y, ewma: {halflife: 5m}}'
	} >s.yaml
	mlo-features -q -s s.yaml --state one.st "$FDATA/series.csv" >one.csv
	chunks 7 "$FDATA/series.csv" s.yaml out.csv
	cmp one.csv out.csv
	[ "$(wc -l <one.csv)" -gt 40 ]
}

@test "the state file is sealed NDJSON naming the feature set" {
	one_run
	run head -n 1 one.st
	assert_output --regexp '^\{"mlo":"mlo-features","v":1,"feature_set":"reference@1#[0-9a-f]{8}","format":"csv"\}$'
	run tail -n 1 one.st
	assert_output --regexp '^\{"end":5,"xxh64":"[0-9a-f]{16}"\}$'
}

@test "a missing state file is an empty state" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,'
	run --separate-stderr mlo-features -q -s s.yaml --state new.st d.csv
	assert_success
	[ -s new.st ]
}

@test "a damaged state file is refused and left untouched" {
	one_run
	sed 's/"U-1"/"U-9"/' one.st >bad.st
	cp bad.st before.st
	run --separate-stderr mlo-features -q -s "$FDATA/ref.yaml" --state bad.st \
	    "$FDATA/series.csv"
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-features: bad.st: damaged state file (its seal does not match; remove it to start afresh)'
	cmp bad.st before.st
}

@test "a truncated state file is refused" {
	one_run
	head -n 3 one.st >cut.st
	run --separate-stderr mlo-features -q -s "$FDATA/ref.yaml" --state cut.st \
	    "$FDATA/series.csv"
	assert_failure 2
	assert_stderr 'mlo-features: cut.st: damaged state file (its seal does not match; remove it to start afresh)'
}

@test "a file that is no state file is refused and left untouched" {
	printf 'ts,u,x\n' >v.st
	cp v.st before.st
	run --separate-stderr mlo-features -q -s "$FDATA/ref.yaml" --state v.st \
	    "$FDATA/series.csv"
	assert_failure 2
	assert_stderr 'mlo-features: v.st: not an mlo state file'
	cmp v.st before.st
}

@test "a state of another feature set is refused and left untouched" {
	one_run
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	cp one.st before.st
	run --separate-stderr mlo-features -q -s s.yaml --state one.st \
	    "$FDATA/series.csv"
	assert_failure 2
	[[ $stderr =~ ^'mlo-features: one.st: state of feature set reference@1#'[0-9a-f]{8}', not of t@1#'[0-9a-f]{8}' (use another state file, or remove it to start afresh)'$ ]]
	cmp one.st before.st
}

@test "a failed run leaves the state as it was" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,'
	mlo-features -q -s s.yaml --state s.st d.csv >/dev/null
	cp s.st before.st
	data late.csv '2026-01-01T00:05:00Z,a,2,' '2026-01-01T00:01:00Z,a,3,'
	run --separate-stderr mlo-features -q -s s.yaml --state s.st late.csv
	assert_failure 2
	cmp s.st before.st
}
