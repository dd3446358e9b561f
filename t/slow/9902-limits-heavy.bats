#!/usr/bin/env bats
# The entity limits of mlo(7) LIMITS, which take a million distinct
# entities (and up to a gigabyte of memory) to reach: the message names
# the limit and the row that passed it, exit 2.  The rest of the limits
# are t/9001-limits.bats.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

@test "mlo-validate: more than 1000000 entities is trouble naming the row" {
	printf 'contract: ents\nversion: 1\ntime: {column: ts}\nentity: e\ncolumns:\n  - {name: ts, type: timestamp}\n  - {name: e, type: string}\n' >ents.yaml
	awk 'BEGIN { print "ts,e"
	    for (i = 0; i <= 1000000; i++) print "2026-11-25T20:00:00Z," i }' >ents.csv
	run --separate-stderr mlo-validate -q -c ents.yaml -o /dev/null ents.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-validate: ents.csv:1000002: more than 1000000 entities"
}

@test "mlo-features: more than 1000000 entities is trouble naming the row" {
	printf 'features: f\nversion: 1\nentity: unit\ntime: {column: ts, format: epoch}\ncolumns:\n  - {name: l, from: x, lag: 1}\n' >e.yaml
	awk 'BEGIN { print "ts,unit,x"
	    for (i = 0; i <= 1000000; i++) printf "1767225600,%d,1\n", i }' >e.csv
	run --separate-stderr mlo-features -q -s e.yaml -o /dev/null e.csv
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-features: e.csv:1000002: more than 1000000 entities"
}
