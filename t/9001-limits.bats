#!/usr/bin/env bats
# Limits (mlo(7) LIMITS) not tested elsewhere: columns in a CSV header and
# distinct keys in NDJSON, YAML nesting and size, expression length and
# nesting.  Line length, alias bombs, CGI bodies and form fields, ids and
# notes are tested with their programs (t/1003, t/1004, t/5001, t/unit/cgi).

load helper

@test "a CSV header of 4097 columns is trouble; 4096 are read" {
	awk 'BEGIN { s = "ts"; for (i = 1; i < 4097; i++) s = s ",c" i
	    print s; print "2026-11-25T20:00:00Z" }' >wide.csv
	run --separate-stderr mlo-validate -q -c "$VDATA/sensor.yaml" wide.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: wide.csv:1: header: too many fields"
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
	[[ "$stderr" == *"1 row in, 0 passed, 1 rejected"* ]]
	[[ "$stderr" == *"too many distinct keys"* ]]
	assert_equal "$(wc -l <rej.ndjson)" 1
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
	assert_equal "$stderr" "mlo-features: s.yaml:6:89: expr: expression nested too deeply"
	spec "$(awk 'BEGIN { s = "x"; for (i = 0; i < 64; i++) s = "-(" s ")"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_failure 2
	spec "$(awk 'BEGIN { s = "x"; for (i = 0; i < 64; i++) s = "(" s ")"; print s }')"
	run --separate-stderr mlo-features --lint s.yaml
	assert_success
}
