#!/usr/bin/env bats
# examples/scale on 1,000,000 generated rows (bench/gen_sensor.c): the
# history profiled in blocks with GNU parallel and merged equals the
# one-pass profile in every exact field, moments to 1e-12, the same drift
# verdicts; features of parts dealt by asset equal one run's rows.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper
load ../scale/same

setup_file() {
	cc -O2 -o "$BATS_FILE_TMPDIR/gen_sensor" "$MLO_TOP/bench/gen_sensor.c"
	"$BATS_FILE_TMPDIR/gen_sensor" 1000000 200 11 >"$BATS_FILE_TMPDIR/history.csv"
}

@test "1M rows: profile.sh in 10 MB blocks, merged, is the one-pass profile" {
	h=$BATS_FILE_TMPDIR/history.csv
	[ "$(wc -l <"$h")" -eq 1000001 ]
	mlo-drift profile --role asset_id=ignore -o one.profile "$h"
	run --separate-stderr env MLO_BLOCK=10M MLO_JOBS=2 \
	    MLO_PROFILE_OPTIONS='--role asset_id=ignore' \
	    "$MLO_TOP/examples/scale/profile.sh" -o par.profile "$h"
	assert_success
	same_profiles one.profile par.profile
	shifted "$h" | awk 'NR == 1 || NR > 900001' >cur.csv
	same_verdicts one.profile par.profile cur.csv
}

@test "1M rows: features.sh over 8 parts gives one run's rows" {
	h=$BATS_FILE_TMPDIR/history.csv
	mlo-features -q -s "$MLO_TOP/bench/features-12.yaml" -o one.csv "$h"
	run --separate-stderr env MLO_PARTS=8 MLO_JOBS=2 \
	    "$MLO_TOP/examples/scale/features.sh" \
	    -s "$MLO_TOP/bench/features-12.yaml" -k 2 -o par.csv "$h"
	assert_success
	same_features one.csv par.csv B-0123
}
