#!/usr/bin/env bats
# num_format against glibc's correctly rounded printf on ten million random
# bit patterns (the unit test t/unit/num.c checks a sample of 200,000 in
# make check): every one must read back, be the shortest, and be the
# nearest of the shortest.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

@test "num_format is shortest and nearest on ten million random doubles" {
	[ -x "$MLO_TOP/t/unit/bin/num" ] || skip "t/unit/bin/num is not built (make units)"
	MLO_NUM_HEAVY=1 run "$MLO_TOP/t/unit/bin/num"
	assert_success
	assert_output --partial "random 64-bit patterns: 10000000 values (10000000 of them against printf), 0 bad"
	refute_output --partial "not ok"
}
