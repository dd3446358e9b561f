#!/usr/bin/env bats
# Limits (mlo(7) LIMITS and each program's LIMITS): past each one, the
# message names the limit's number, where (file:line, file:line:col or the
# file), and the option that moves it when there is one; exit 2, or 1 for
# a record refused by its shape (the run goes on).  Also tested with their
# programs: line length (t/1003), alias bombs (t/1004), CGI bodies, forms
# and query strings (t/5001, t/unit/cgi), --max-sample (t/3001), regimes
# (t/3007).  The entity limits take a million rows and a gigabyte:
# t/slow/9902-limits-heavy.bats.  Not tested (each needs gigabytes of
# input): 10000000 verdicts or failures, 100000000 holdout rows, 50000000
# values in a drift window.

load helper

@test "a CSV header of 4097 columns is trouble; 4096 are read" {
	awk 'BEGIN { s = "ts"; for (i = 1; i < 4097; i++) s = s ",c" i
	    print s; print "2026-11-25T20:00:00Z" }' >wide.csv
	run --separate-stderr mlo-validate -q -c "$VDATA/sensor.yaml" wide.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: wide.csv:1: header: too many fields (more than 4096)"
	awk -v h="$SENSOR_HEADER" 'BEGIN { s = h; for (i = 8; i < 4096; i++)
	    s = s ",c" i; print s; print "2026-11-25T20:00:00Z,B-0001,1,1,1,true,ok,x" }' >wide.csv
	run --separate-stderr mlo-validate -q -c "$VDATA/sensor.yaml" wide.csv
	[ "$status" -ne 2 ]
}

@test "an NDJSON record past 4096 distinct keys is a bad shape, rejected, not read on" {
	awk 'BEGIN { s = "{\"ts\":\"2026-11-25T20:00:00Z\""
	    for (i = 1; i < 4097; i++) s = s ",\"c" i "\":1"; print s "}" }' \
	    >wide.ndjson
	run --separate-stderr mlo-validate -c "$VDATA/sensor.yaml" \
	    --rejects rej.ndjson wide.ndjson
	assert_equal "$status" 1
	assert_equal "$stderr" "sensor@1.0.0: 1 row in, 0 passed, 1 rejected
  shape: 1 row with a bad shape (first: too many distinct keys (more than 4096)), wide.ndjson:1 to wide.ndjson:1"
	assert_equal "$(wc -l <rej.ndjson)" 1
}

@test "a CSV record of 4097 fields is a bad shape, rejected naming the limit" {
	awk -v h="$SENSOR_HEADER" 'BEGIN { print h
	    s = "2026-11-25T20:00:00Z,B-0001,1,1,1,true,ok,x"
	    for (i = 8; i < 4097; i++) s = s ",y"; print s }' >wide.csv
	run --separate-stderr mlo-validate -c "$VDATA/sensor.yaml" \
	    --rejects rej.csv wide.csv
	assert_equal "$status" 1
	assert_equal "$stderr" "sensor@1.0.0: 1 row in, 0 passed, 1 rejected
  shape: 1 row with a bad shape (first: too many fields (more than 4096)), wide.csv:2 to wide.csv:2"
	assert_equal "$(sed -n 2p rej.csv | cut -d, -f9)" "shape:too many fields (more than 4096)"
}

@test "a line over 1 MiB ends the input naming its line and the limit" {
	awk -v h="$SENSOR_HEADER" 'BEGIN { print h
	    printf "2026-11-25T20:00:00Z,B-0001,7,,,,,"
	    for (i = 0; i < 1048576; i += 64)
		printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    print "" }' >long.csv
	run --separate-stderr mlo-validate -q -c "$VDATA/sensor.yaml" long.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: long.csv:2: line longer than 1048576 bytes"
}

@test "a YAML alias bomb past 100000 nodes is refused where it tips" {
	{ echo "contract: x"; echo "version: 1"
	  echo "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"
	  echo "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]"
	  echo "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]"
	  echo "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"
	  echo "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]"; } >bomb.yaml
	run --separate-stderr mlo-validate --lint bomb.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: bomb.yaml:7:36: document expands to more than 100000 nodes (alias bomb?)"
}

@test "state files over 1 GiB, ledgers over 256 MiB, profiles over 512 MiB are refused unread" {
	# Sparse files: refused by their size, before a byte is read.
	truncate -s $((1024 * 1024 * 1024 + 1)) big.state
	run --separate-stderr mlo-validate -q -c "$VDATA/sensor.yaml" \
	    --state big.state /dev/null
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: big.state: larger than 1073741824 bytes"
	mkdir models
	truncate -s $((256 * 1024 * 1024 + 1)) models/ledger.ndjson
	run --separate-stderr mlo-retrain-gate --registry models --history
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-retrain-gate: models/ledger.ndjson: larger than 268435456 bytes"
	truncate -s $((512 * 1024 * 1024 + 1)) big.profile
	printf 'x\n1\n' >d.csv
	run --separate-stderr mlo-drift compare -r big.profile d.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-drift: big.profile: larger than 536870912 bytes"
}

@test "a configuration nested deeper than 64 levels is refused where it tips" {
	awk 'BEGIN { s = "a: "; for (i = 0; i < 70; i++) s = s "["; s = s "1"
	    for (i = 0; i < 70; i++) s = s "]"
	    print "contract: x"; print "version: 1"; print s }' >deep.yaml
	run --separate-stderr mlo-validate --lint deep.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: deep.yaml:3:67: nesting deeper than 64 levels"
}

@test "a configuration file over 16 MiB is refused unread" {
	{ echo "contract: x"; head -c 17000000 /dev/zero | tr '\0' '#'
	    echo; } >huge.yaml
	run --separate-stderr mlo-validate --lint huge.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: huge.yaml: larger than 16 MiB"
}

spec() {	# EXPR: a spec with one expression column
	printf 'features: f\nversion: 1\nentity: unit\ntime: ts\ncolumns:\n  - {name: big, expr: "%s"}\n' "$1" >s.yaml
}

@test "an expression over 4096 bytes, or nested over 64 deep, is refused" {
	spec "$(awk 'BEGIN { s = "1"; for (i = 0; i < 2100; i++) s = s "+1"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: s.yaml:6:24: expr: expression longer than 4096 bytes"
	# Found here: each parenthesis counted five grammar levels, so 12
	# parentheses were too deep for a limit documented as 64.
	spec "$(awk 'BEGIN { s = "x"; for (i = 0; i < 65; i++) s = "(" s ")"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: s.yaml:6:89: expr: expression nested deeper than 64 levels"
	spec "$(awk 'BEGIN { s = "x"; for (i = 0; i < 64; i++) s = "-(" s ")"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_failure 2
	spec "$(awk 'BEGIN { s = "x"; for (i = 0; i < 64; i++) s = "(" s ")"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_success
}

@test "a time window of more than 100000 readings is trouble naming the row" {
	printf 'features: f\nversion: 1\nentity: unit\ntime: {column: ts, format: epoch}\ncolumns:\n  - {name: w, from: x, window: 2d, stat: mean}\n' >w.yaml
	awk 'BEGIN { print "ts,unit,x"
	    for (i = 0; i <= 100000; i++) printf "%d,U,1\n", 1767225600 + i }' >w.csv
	run --separate-stderr mlo-features -q -s w.yaml -o out.csv w.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: w.csv:100002: more than 100000 readings in one time window"
	# one reading fewer fits
	sed -i '$d' w.csv
	run --separate-stderr mlo-features -q -s w.yaml -o out.csv w.csv
	assert_success
}

@test "count windows and lags over 1000000 rows, and specs of over 1000 columns, are refused" {
	printf 'features: f\nversion: 1\nentity: unit\ntime: ts\ncolumns:\n  - {name: w, from: x, window: 1000001, stat: mean}\n' >c.yaml
	run --separate-stderr mlo-features --lint c.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: c.yaml:6:32: window must be at most 1000000"
	printf 'features: f\nversion: 1\nentity: unit\ntime: ts\ncolumns:\n  - {name: l, from: x, lag: 1000001}\n' >c.yaml
	run --separate-stderr mlo-features --lint c.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: c.yaml:6:29: lag must be at most 1000000"
	awk 'BEGIN { print "features: f\nversion: 1\nentity: unit\ntime: ts\ncolumns:"
	    for (i = 0; i <= 1000; i++)
		printf "  - {name: c%d, from: x, window: 2, stat: mean}\n", i }' >many.yaml
	run --separate-stderr mlo-features --lint many.yaml
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: many.yaml:6:3: more than 1000 columns"
}

@test "--resamples over 1000000 is a usage error naming the range" {
	run --separate-stderr mlo-retrain-gate --resamples 1000001 x
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-retrain-gate: --resamples takes a whole number from 1 to 1000000, not '1000001'
Try 'mlo-retrain-gate --help' for more information."
}

@test "feedback: ids over 128 bytes, notes over 500 characters, bodies over 8 KiB, a CGI configuration over 64 KiB" {
	run --separate-stderr mlo-feedback add --log f.ndjson --verdict wrong \
	    --technician T1 --prediction "$(printf 'a%.0s' $(seq 129))"
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-feedback: the prediction id is 129 bytes long, at most 128 are allowed"
	run --separate-stderr mlo-feedback add --log f.ndjson --verdict wrong \
	    --technician T1 --prediction p1 --note "$(printf 'n%.0s' $(seq 501))"
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-feedback: the note is 501 characters long, at most 500 are allowed"
	[ ! -e f.ndjson ]
	run env -i PATH="$PATH" MLO_FEEDBACK_LOG=f.ndjson \
	    MLO_FEEDBACK_SECRET=0123456789abcdef-limits \
	    MLO_FEEDBACK_PREDICTIONS=pred.csv SCRIPT_NAME=/cgi-bin/feedback \
	    HTTP_HOST=127.0.0.1:8080 GATEWAY_INTERFACE=CGI/1.1 \
	    REQUEST_METHOD=POST CONTENT_LENGTH=8193 \
	    CONTENT_TYPE=application/x-www-form-urlencoded \
	    mlo-feedback cgi </dev/null
	assert_success
	assert_line --index 0 --partial "Status: 413 Content Too Large"
	assert_line --partial "<p>the request is larger than 8192 bytes</p>"
	[ ! -e f.ndjson ]
	head -c 65537 /dev/zero | tr '\0' '#' >feedback.conf
	run --separate-stderr env -i PATH="$PATH" MLO_FEEDBACK_CONFIG=feedback.conf \
	    REQUEST_METHOD=GET GATEWAY_INTERFACE=CGI/1.1 mlo-feedback cgi </dev/null
	assert_line --index 0 --partial "Status: 500 Internal Server Error"
	assert_equal "$stderr" "mlo-feedback: feedback.conf: larger than 65536 bytes"
}

@test "mlo-report: more than 100000 series of events is trouble naming the line" {
	awk 'BEGIN { for (i = 0; i <= 100000; i++)
	    printf "{\"v\":1,\"time\":\"2026-11-25T10:00:00Z\",\"tool\":\"mlo-validate\",\"kind\":\"range\",\"severity\":\"info\",\"layer\":\"integrity\",\"contract\":\"c@1\",\"column\":\"c%d\",\"message\":\"m\"}\n", i }' >ev.ndjson
	run --separate-stderr mlo-report --now "$NOW" ev.ndjson
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-report: ev.ndjson:100001: more than 100000 series of events"
	sed -i '$d' ev.ndjson
	run --separate-stderr mlo-report --now "$NOW" ev.ndjson
	assert_equal "$status" 0
}

@test "mlo-drift: detectors of more than 100000 entities are trouble naming the row" {
	printf 'x\n1\n2\n3\n4\n' >r.csv
	mlo-drift profile -o r.profile r.csv
	awk 'BEGIN { print "x,u"
	    for (i = 0; i <= 100000; i++) printf "%d,%d\n", i % 4 + 1, i }' >c.csv
	run --separate-stderr mlo-drift compare -r r.profile --test ks \
	    --detector cusum --detector-on rows --by u -o /dev/null c.csv
	assert_equal "$status" 2
	assert_equal "${stderr_lines[0]}" "mlo-drift: c.csv:100002: more than 100000 entities in 'u' (each keeps a detector per column)"
}
