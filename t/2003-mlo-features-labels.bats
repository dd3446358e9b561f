#!/usr/bin/env bats
# mlo-features --labels OUTCOMES --horizon D [--labels-until T]: label and
# rul, point in time, on C-MAPSS and on failures at the horizon's edges.

load helper
load data/features/features

edges() {
	spec s.yaml '  - {name: n, from: x, window: 1h, stat: count}'
	printf '%s\n' 'u,ts' 'a,2026-01-01T00:10:00Z' 'a,2026-01-01T01:00:00Z' \
	    >outcomes.csv
	data d.csv '2026-01-01T00:00:00Z,a,1,' '2026-01-01T00:10:00Z,a,1,' \
	    '2026-01-01T00:10:01Z,a,1,' '2026-01-01T00:49:59Z,a,1,' \
	    '2026-01-01T00:50:00Z,a,1,' '2026-01-01T00:50:01Z,a,1,' \
	    '2026-01-01T00:56:00Z,a,1,' '2026-01-01T01:00:01Z,a,1,' \
	    '2026-01-01T00:00:00Z,b,1,' '2026-01-01T00:56:00Z,b,1,'
}

@test "label is 1 for a failure in [t, t + horizon], edges included" {
	edges
	run --separate-stderr sh -c 'mlo-features -q -s s.yaml --labels outcomes.csv --horizon 10m d.csv | awk -F, "NR > 1 { print \$(NF-2), \$(NF-1), \$NF }"'
	assert_success
	assert_output 'a@2026-01-01T00:00:00Z 1 600
a@2026-01-01T00:10:00Z 1 0
a@2026-01-01T00:10:01Z 0 2999
a@2026-01-01T00:49:59Z 0 601
a@2026-01-01T00:50:00Z 1 600
a@2026-01-01T00:50:01Z 1 599
a@2026-01-01T00:56:00Z 1 240
a@2026-01-01T01:00:01Z 0 
b@2026-01-01T00:00:00Z 0 
b@2026-01-01T00:56:00Z 0 '
}

@test "past the outcomes' coverage a label is null, not a false 0" {
	edges
	run --separate-stderr sh -c 'mlo-features -q -s s.yaml --labels outcomes.csv --horizon 10m --labels-until 2026-01-01T01:05:00Z d.csv | awk -F, "NR > 1 { print \$(NF-2), \$(NF-1), \$NF }"'
	assert_success
	assert_output 'a@2026-01-01T00:00:00Z 1 600
a@2026-01-01T00:10:00Z 1 0
a@2026-01-01T00:10:01Z 0 2999
a@2026-01-01T00:49:59Z 0 601
a@2026-01-01T00:50:00Z 1 600
a@2026-01-01T00:50:01Z 1 599
a@2026-01-01T00:56:00Z 1 240
a@2026-01-01T01:00:01Z  
b@2026-01-01T00:00:00Z 0 
b@2026-01-01T00:56:00Z  '
}

@test "a failure more than 292 years after a row: label 0 and the exact rul" {
	# fuzz_labels: the span from a row of 1700 to a failure of 2026
	# passes int64_t nanoseconds; it overflowed (undefined; in practice a
	# negative rul, written as null, and a label of 1).
	spec s.yaml '  - {name: n, from: x, window: 1h, stat: count}'
	printf '%s\n' 'u,ts' 'a,2026-01-01T00:00:00Z' >outcomes.csv
	data d.csv '1700-01-01T00:00:00Z,a,1,' '2025-12-31T23:00:00Z,a,1,'
	run --separate-stderr sh -c 'mlo-features -q -s s.yaml --labels outcomes.csv --horizon 2h --labels-until 2262-01-01T00:00:00Z d.csv | awk -F, "NR > 1 { print \$(NF-2), \$(NF-1), \$NF }"'
	assert_success
	# 10287561600 s: Python's datetime, 1700-01-01 to 2026-01-01
	assert_output 'a@1700-01-01T00:00:00Z 0 10287561600
a@2025-12-31T23:00:00Z 1 3600'
	# coverage ending 1680, less a horizon of 287 years, is before
	# mlo_time begins: the 1700 row is past it (null), not an overflow
	run --separate-stderr sh -c 'mlo-features -q -s s.yaml --labels outcomes.csv --horizon 15000w --labels-until 1680-01-01T00:00:00Z d.csv | awk -F, "NR > 1 { print \$(NF-1) }"'
	assert_success
	assert_output '
1'
}

@test "the header ends with label and rul" {
	edges
	run --separate-stderr mlo-features -q -s s.yaml --labels outcomes.csv \
	    --horizon 10m d.csv
	assert_line --index 0 'ts,u,x,y,n,feature_set,row_id,label,rul'
}

@test "features use only readings at or before the row's time" {
	edges
	mlo-features -q -s s.yaml --labels outcomes.csv --horizon 10m d.csv >with.csv
	mlo-features -q -s s.yaml d.csv >without.csv
	# the same features with labels as without: labels look ahead, features never
	run sh -c "cut -d, -f1-7 with.csv | cmp - without.csv"
	assert_success
}

@test "C-MAPSS: rul counts down to 0 at each unit's last cycle" {
	cd "$MLO_TOP"
	sh examples/features/cmapss-outcomes.sh >"$WORK/outcomes.csv"
	mlo-features -q -s examples/features/cmapss.yaml \
	    --labels "$WORK/outcomes.csv" --horizon 30 \
	    data/cmapss/train_FD001.txt.gz >"$WORK/train.csv"
	cd "$WORK"
	# every row: rul = last cycle - cycle, label = rul <= 30
	run awk -F, 'NR == FNR { if (FNR > 1) last[$1] = $2; next }
	    FNR == 1 { next }
	    { n++; want = last[$1] - $2
	      if ($NF != want || $(NF-1) != (want <= 30)) bad++
	      if ($NF == 0) zeros++ }
	    END { print n, bad + 0, zeros }' outcomes.csv train.csv
	assert_output '20631 0 100'
	run awk -F, '$1 == 1 && $2 >= 190 { print $2, $(NF-1), $NF }' train.csv
	assert_output '190 1 2
191 1 1
192 1 0'
}

@test "--labels needs --horizon" {
	edges
	run --separate-stderr mlo-features -s s.yaml --labels outcomes.csv d.csv
	assert_failure 2
	assert_stderr_line 'mlo-features: --labels needs --horizon DURATION'
}

@test "--horizon without --labels is a usage error" {
	edges
	run --separate-stderr mlo-features -s s.yaml --horizon 1h d.csv
	assert_failure 2
	assert_stderr_line 'mlo-features: --horizon and --labels-until go with --labels'
}

@test "an outcomes file without the entity and time columns is refused" {
	edges
	printf 'asset,when\na,1\n' >o.csv
	run --separate-stderr mlo-features -s s.yaml --labels o.csv --horizon 1h d.csv
	assert_failure 2
	assert_stderr "mlo-features: o.csv: outcomes need the columns 'u' and 'ts' (failures by entity and time)"
}

@test "an outcome with a bad time is refused naming its line" {
	edges
	printf 'u,ts\na,soon\n' >o.csv
	run --separate-stderr mlo-features -s s.yaml --labels o.csv --horizon 1h d.csv
	assert_failure 2
	assert_stderr "mlo-features: o.csv:2: 'soon' is not an RFC 3339 timestamp: expected a 4-digit year"
}
