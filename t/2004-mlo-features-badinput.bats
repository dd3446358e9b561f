#!/usr/bin/env bats
# mlo-features: every spec mistake is refused with SPEC:LINE:COL and exit 2,
# by --lint and before any data is read; data problems are named by
# FILE:LINE, except a value that is not a number, which is a null and a
# counted event, never a crash.

load helper
load data/features/features

# lint LINE...: lint a spec with these column lines.
lint() {
	spec s.yaml "$@"
	run --separate-stderr mlo-features --lint s.yaml
}

@test "a good spec lints clean, exit 0, with its feature_set" {
	lint '  - {name: a, from: x, window: 5, stat: mean}'
	assert_success
	assert_output --regexp '^s\.yaml: t@1#[0-9a-f]{8}, 1 feature: ok$'
	assert_stderr_empty
}

@test "the shipped example specs lint clean" {
	cd "$MLO_TOP"
	for s in examples/features/*.yaml; do
		run --separate-stderr mlo-features --lint "$s"
		assert_success
		assert_stderr_empty
	done
}

@test "an unknown stat is refused at the stat, with the list" {
	lint '  - {name: a, from: x, window: 5, stat: meen}'
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-features: s.yaml:6:41: unknown stat 'meen' (count, sum, mean, var, std, min, max, median, quantile, rms, peak_to_peak, crest_factor, skewness, kurtosis, slope)"
}

@test "a window of 0 is refused" {
	lint '  - {name: a, from: x, window: 0, stat: mean}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:32: window must be above 0, got 0'
}

@test "a window of 0s is refused" {
	lint '  - {name: a, from: x, window: 0s, stat: mean}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:32: window must be above 0'
}

@test "a window that is no duration is refused" {
	lint '  - {name: a, from: x, window: 10 parsecs, stat: mean}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:32: window: duration '10 parsecs' has ' ' where a unit should be"
}

@test "an expr syntax error is refused where it is" {
	lint '  - {name: a, expr: "x * (y + "}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:31: expr: expression ends too soon'
}

@test "an unbalanced parenthesis in an expr is refused" {
	lint '  - {name: a, expr: "(x + 1"}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:28: expr: expected ')'"
}

@test "an unknown function is refused at its name" {
	lint '  - {name: a, expr: "2 * foo(x)"}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:26: expr: unknown function 'foo' (abs, sqrt, log, exp, sin, cos, min, max, if)"
}

@test "a function with the wrong number of arguments is refused" {
	lint '  - {name: a, expr: "if(x > 1, 2)"}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:22: expr: 'if' takes 3 arguments, got 2"
}

@test "an unclosed backquote is refused" {
	lint '  - {name: a, expr: "`Torque [Nm] * 2"}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:22: expr: backquoted name never closed'
}

@test "a cycle between expr features is refused, naming it" {
	lint '  - {name: a, expr: "b + 1"}' '  - {name: b, expr: "c * 2"}' \
	    '  - {name: c, expr: "a - x"}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:12: features read each other in a cycle: 'a' -> 'b' -> 'c' -> 'a'"
}

@test "a feature reading itself is a cycle" {
	lint '  - {name: a, from: a, window: 5, stat: mean}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:12: features read each other in a cycle: 'a' -> 'a'"
}

@test "an unknown column is refused at the spec, naming the input" {
	spec s.yaml '  - {name: a, from: x, window: 2, stat: mean}' \
	    '  - {name: b, expr: "a + `vib hz`"}'
	data d.csv '2026-01-01T00:00:00Z,u1,1,2'
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-features: s.yaml:7:26: column 'vib hz' is not a column of d.csv"
}

@test "an unknown source column is refused at its from" {
	spec s.yaml '  - {name: a, from: z, window: 2, stat: mean}'
	data d.csv '2026-01-01T00:00:00Z,u1,1,2'
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:21: column 'z' is not a column of d.csv"
}

@test "a missing time column is refused at the spec's time" {
	spec s.yaml '  - {name: a, from: x, lag: 1}'
	printf 'when,u,x\n1,a,2\n' >d.csv
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:4:7: time 'ts' is not a column of d.csv"
}

@test "an unknown key is refused with a did-you-mean" {
	lint '  - {name: a, from: x, windw: 5, stat: mean}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:24: unknown key 'windw' in 'columns[0]', did you mean 'window'?"
}

@test "a window without a stat is refused" {
	lint '  - {name: a, from: x, window: 5}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:5: column 'a' has a window but no 'stat'"
}

@test "a quantile outside [0, 1] is refused" {
	lint '  - {name: a, from: x, window: 5m, stat: quantile, q: 1.5}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:55: q must be between 0 and 1'
}

@test "a column with two kinds of feature is refused" {
	lint '  - {name: a, from: x, window: 5, ewma: {alpha: 0.5}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:41: column 'a' has both 'window' and 'ewma': one column, one feature"
}

@test "an ewma with two parameters is refused" {
	lint '  - {name: a, from: x, ewma: {alpha: 0.5, span: 3}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:30: ewma needs one of alpha, span or halflife'
}

@test "min_periods above a count window is refused" {
	lint '  - {name: a, from: x, window: 5, stat: sum, min_periods: 6}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:59: min_periods 6 is above the window of 5'
}

@test "a name mlo-features adds is refused" {
	lint '  - {name: row_id, from: x, lag: 1}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:12: 'row_id' is a column mlo-features adds: choose another name"
}

@test "a column defined twice is refused at the second" {
	lint '  - {name: a, from: x, lag: 1}' '  - {name: a, from: x, lag: 2}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:7:12: column 'a' is defined twice (first at line 6)"
}

@test "with step time a span needs 'steps'" {
	printf '%s\n' 'features: t' 'version: 1' 'time: {column: cycle, format: step}' \
	    'columns:' '  - {name: a, from: x, window: 5m, stat: mean}' >s.yaml
	run --separate-stderr mlo-features --lint s.yaml
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:5:32: window '5m': with step time a span is a number of steps, as '25 steps'"
}

@test "a spec without columns is refused" {
	printf '%s\n' 'features: t' 'version: 1' 'time: ts' >s.yaml
	run --separate-stderr mlo-features --lint s.yaml
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:1:1: missing key 'columns'"
}

@test "a missing spec file is trouble" {
	run --separate-stderr mlo-features -s nope.yaml
	assert_failure 2
	assert_stderr_line 'mlo-features: nope.yaml: No such file or directory'
}

@test "a value that is not a number is a null and one counted event" {
	spec s.yaml '  - {name: m, from: x, window: 2, stat: mean, min_periods: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:01:00Z,a,abc,' \
	    '2026-01-01T00:02:00Z,a,oops,' '2026-01-01T00:03:00Z,a,5,'
	run --separate-stderr mlo-features -s s.yaml -e ev.ndjson --now "$NOW" d.csv
	assert_success
	assert_line --index 2 --regexp '^2026-01-01T00:01:00Z,a,abc,,1,t@1#'
	assert_line --index 3 --regexp '^2026-01-01T00:02:00Z,a,oops,,,t@1#'
	assert_stderr_line "x: 2 values not a number, read as null (first at d.csv:3: 'abc')"
	run cat ev.ndjson
	assert_output --regexp '^\{"v":1,"time":"2026-11-25T20:00:00Z","tool":"mlo-features","kind":"non_numeric","severity":"warning","layer":"integrity","feature_set":"t@1#[0-9a-f]{8}","column":"x","rows":2,"first":"d.csv:3","example":"abc","message":"2 values of .x. not a number, read as null"\}$'
}

@test "a row out of time order is an error naming it, by default" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:02:00Z,a,2,' \
	    '2026-01-01T00:01:00Z,a,3,'
	run --separate-stderr mlo-features -s s.yaml -o out.csv d.csv
	assert_failure 2
	assert_stderr "mlo-features: d.csv:4: entity 'a': time 2026-01-01T00:01:00Z is before 2026-01-01T00:02:00Z, the last time seen (--late drop skips late rows)"
	[ ! -e out.csv ]
}

@test "--late drop skips late rows and counts them in one event" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:02:00Z,a,2,' \
	    '2026-01-01T00:01:00Z,a,3,' '2026-01-01T00:01:30Z,a,4,' \
	    '2026-01-01T00:01:00Z,b,5,' '2026-01-01T00:03:00Z,a,6,'
	run --separate-stderr mlo-features -s s.yaml --late drop -e ev.ndjson \
	    --now "$NOW" d.csv
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_line --index 4 --regexp '^2026-01-01T00:03:00Z,a,6,,4,'
	[[ $stderr =~ ^t@1#[0-9a-f]{8}': 6 rows in, 4 out, 2 entities, 2 late rows dropped (first at d.csv:4)'$ ]]
	run grep -c late_rows ev.ndjson
	assert_output 1
	run cat ev.ndjson
	assert_output --partial '"kind":"late_rows","severity":"warning","layer":"integrity"'
	assert_output --partial '"rows":2,"first":"d.csv:4"'
}

@test "--late takes drop or error" {
	run --separate-stderr mlo-features -s s.yaml --late skip
	assert_failure 2
	assert_stderr_line "mlo-features: --late takes 'drop' or 'error', not 'skip'"
}

@test "a time that does not parse is an error naming the row" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,' 'yesterday,a,2,'
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_failure 2
	assert_stderr "mlo-features: d.csv:3: 'ts': 'yesterday' is not an RFC 3339 timestamp: expected a 4-digit year"
}

@test "a row of the wrong shape is an error naming its line" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,2,3'
	run --separate-stderr mlo-features -s s.yaml d.csv
	assert_failure 2
	assert_stderr 'mlo-features: d.csv:2: 5 fields, header has 4'
}

@test "a truncated gzip input is trouble and -o is left alone" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	seq 1000 3000 | awk 'BEGIN { print "ts,u,x,y" }
	    { print "2026-01-01T00:00:00Z,a" $1 "," $1 ",1" }' | gzip -c >d.csv.gz
	head -c 3000 d.csv.gz >cut.csv.gz
	echo old >out.csv
	run --separate-stderr mlo-features -s s.yaml -o out.csv cut.csv.gz
	assert_failure 2
	assert_stderr 'mlo-features: cut.csv.gz: truncated gzip stream'
	run cat out.csv
	assert_output old
}

@test "a write error is trouble" {
	spec s.yaml '  - {name: d, from: x, diff: 1}'
	data d.csv '2026-01-01T00:00:00Z,a,1,'
	run --separate-stderr mlo-features -q -s s.yaml -o /dev/full d.csv
	assert_failure 2
	assert_stderr 'mlo-features: write error on /dev/full: No space left on device'
}
