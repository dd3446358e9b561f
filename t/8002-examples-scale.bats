#!/usr/bin/env bats
# examples/scale on a small generated history: the parallel profile, merged,
# is the one-pass profile (exact fields, moments to 1e-12, the same drift
# verdicts), and the features of parts dealt by asset are one run's rows.
# The same on 1M rows: t/slow/8901-scale-parallel.bats.

load helper
load scale/same

setup_file() {
	cc -O2 -o "$BATS_FILE_TMPDIR/gen_sensor" "$MLO_TOP/bench/gen_sensor.c"
	"$BATS_FILE_TMPDIR/gen_sensor" 40000 20 7 >"$BATS_FILE_TMPDIR/history.csv"
}

@test "profile.sh: blocks profiled in parallel and merged are the one-pass profile" {
	h=$BATS_FILE_TMPDIR/history.csv
	mlo-drift profile --role asset_id=ignore -o one.profile "$h"
	run --separate-stderr env MLO_BLOCK=300k MLO_JOBS=2 \
	    MLO_PROFILE_OPTIONS='--role asset_id=ignore' \
	    "$MLO_TOP/examples/scale/profile.sh" -o par.profile "$h"
	assert_success
	# more than one block, or the test proves nothing
	[ "$(($(wc -c <"$h") / 300000))" -gt 5 ]
	! cmp -s one.profile par.profile
	same_profiles one.profile par.profile
	shifted "$h" >cur.csv
	same_verdicts one.profile par.profile cur.csv
}

@test "features.sh: parts dealt by asset give one run's rows, each asset's in order" {
	h=$BATS_FILE_TMPDIR/history.csv
	mlo-features -q -s "$MLO_TOP/bench/features-12.yaml" -o one.csv "$h"
	run --separate-stderr env MLO_PARTS=3 MLO_JOBS=2 "$MLO_TOP/examples/scale/features.sh" \
	    -s "$MLO_TOP/bench/features-12.yaml" -k 2 -o par.csv "$h"
	assert_success
	! cmp -s one.csv par.csv
	same_features one.csv par.csv B-0007
}

@test "profile.sh and features.sh: usage and a failing job are trouble" {
	run --separate-stderr "$MLO_TOP/examples/scale/profile.sh"
	assert_failure 2
	assert_stderr "usage: profile.sh [-o PROFILE] HISTORY..."
	run --separate-stderr "$MLO_TOP/examples/scale/features.sh" -s x.yaml
	assert_failure 2
	assert_stderr "usage: features.sh -s SPEC -k COLUMN [-o OUTPUT] HISTORY..."
	printf 'a,b\n1,2\n' >h.csv
	run --separate-stderr env MLO_PROFILE_OPTIONS=--no-such-option \
	    "$MLO_TOP/examples/scale/profile.sh" -o p.profile h.csv
	assert_failure 2
	[[ "$stderr" == *"profile.sh: profiling a block failed" ]]
	[ ! -e p.profile ]
}
