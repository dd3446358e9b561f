#!/usr/bin/env bats
# mlo-drift compare --detector: CUSUM and Page-Hinkley alarms agree with an
# independent implementation (t/data/drift/make_detector.py), window means,
# entities, --state batches, bad usage, and C-MAPSS FD001 engines alarming
# on their degrading sensors before they fail.

load helper

DDATA=$MLO_TOP/t/data/drift
FD001=$MLO_TOP/data/cmapss/train_FD001.txt.gz
CMAPSS_COLS=unit,cycle,setting_1,setting_2,setting_3,s_1,s_2,s_3,s_4,s_5,s_6,s_7,s_8,s_9,s_10,s_11,s_12,s_13,s_14,s_15,s_16,s_17,s_18,s_19,s_20,s_21

@test "rows: cusum and page-hinkley alarm where the reference implementation does" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	for det in cusum page-hinkley; do
		run --separate-stderr mlo-drift compare -r ref.profile --test ks \
		    --detector $det --detector-on rows --arl0 2000 -e ev.ndjson \
		    -o /dev/null "$DDATA/det-cur.csv"
		assert_failure 1
		[[ "$stderr" == *"alarms (threshold 6.439 for an ARL0 of 2000 rows)"* ]]
	done
	jq -r 'select(.kind == "detector") | [.detector, .column, .row, .direction, .limit] | @tsv' \
	    ev.ndjson | sort >got.tsv
	sort "$DDATA/det-alarms.tsv" >want.tsv
	[ "$(wc -l <want.tsv)" -eq 48 ]
	run awk -F '\t' 'NR == FNR { w[NR] = $0; h[NR] = $5; n = NR; next }
	    { split(w[FNR], f, "\t")
	      if ($1 != f[1] || $2 != f[2] || $3 != f[3] || $4 != f[4]) { print "line " FNR ": " $0 " != " w[FNR]; bad = 1 }
	      d = $5 - h[FNR]; if (d < 0) d = -d
	      if (d > 1e-9 * h[FNR]) { print "threshold " $5 " != " h[FNR]; bad = 1 } }
	    END { if (FNR != n) { print FNR " alarms, want " n; bad = 1 }; exit bad }' want.tsv got.tsv
	assert_success
}

@test "rows: an alarm event carries row, time, entity, threshold and ARL0" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	awk -F, -v OFS=, 'NR == 1 { print "asset", $0; next } { print "A-1", $0 }' \
	    "$DDATA/det-cur.csv" >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --test ks --time t \
	    --detector page-hinkley --detector-on rows --arl0 2000 --by asset \
	    --now 2026-11-25T12:00:00Z -e ev.ndjson -o /dev/null cur.csv
	assert_failure 1
	run jq -c 'select(.kind == "detector" and .column == "x")' ev.ndjson
	assert_output '{"v":1,"time":"2026-11-25T12:00:00Z","tool":"mlo-drift","kind":"detector","severity":"warning","layer":"model","column":"x","entity":"A-1","row":623,"at":"623","detector":"page_hinkley","direction":"up","value":7.420837813294327,"limit":6.439195827746516,"arl0":2000,"shift":1,"rising":21,"message":"page_hinkley on '"'"'x'"'"' of '"'"'A-1'"'"': mean up, statistic 7.421 > 6.439, rising for 21 rows"}'
}

@test "windows: window means alarm in the window of the shift, one row per column and window" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --test ks \
	    --detector cusum --window 100 --arl0 1000 -e ev.ndjson -o out.csv \
	    "$DDATA/det-cur.csv"
	assert_failure 1
	run awk -F, '$4 == "cusum" { print $1, $3, $8, $10 }' out.csv
	assert_line --index 0 "1 x false 1"
	assert_line --index 1 "1 y false 1"
	assert_line --index 12 "601 x true 1"
	[ "${#lines[@]}" -eq 24 ]
	# each window after the shift alarms on x (window mean 10 std off)
	run jq -r 'select(.kind == "detector") | [.column, .window_from, .direction] | @tsv' ev.ndjson
	assert_output "x	601	up
x	701	up
x	801	up
x	901	up
x	1001	up
x	1101	up"
	# the threshold is the one for ARL0 1000 windows
	grep -q '^1,100,x,cusum,[^,]*,,5.74963975441096[0-9]*,false' out.csv
}

@test "--state: the history in batches gives the rows and events of one run" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	awk -F, -v OFS=, 'NR == 1 { print "asset", $0; next }
	    { print "A-" (NR % 3), $0 }' "$DDATA/det-cur.csv" >cur.csv
	for det in cusum page-hinkley; do
		for on in rows windows; do
			opts="-q -r ref.profile --test ks --time t --window 40 --detector $det --detector-on $on --arl0 500 --by asset --now 2026-11-25T12:00:00Z"
			rm -f st one.ndjson batch.ndjson
			mlo-drift compare $opts --state st1 -e one.ndjson -o one.csv cur.csv || true
			rm -f st1
			head -1 cur.csv >hdr
			tail -n +2 cur.csv | split -l 333 - part.
			for p in part.*; do
				cat hdr $p >b.csv
				mlo-drift compare $opts --state st -e batch.ndjson -o - b.csv || true
			done >batch.csv
			rm -f part.*
			run awk 'NR == 1 || !/^window_start/' batch.csv
			assert_output "$(cat one.csv)"
			cmp one.ndjson batch.ndjson
			grep -q '"kind":"detector"' one.ndjson
		done
	done
}

@test "bad usage: detector options are checked" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --detector ewma "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --detector takes 'cusum' or 'page-hinkley', not 'ewma'"
	run --separate-stderr mlo-drift compare -r ref.profile --detector-on rows "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --detector-on, --arl0, --shift and --by go with --detector"
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --detector-on cells "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --detector-on takes 'rows' or 'windows', not 'cells'"
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --arl0 1 "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --arl0 takes a number from 2 to 1e+15, not '1'"
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --shift 0 "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --shift takes a number above 0, not '0'"
	run --separate-stderr mlo-drift profile --detector cusum "$DDATA/det-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: profile does not take --detector"
}

@test "bad input: a missing or null entity column is trouble" {
	mlo-drift profile -o ref.profile "$DDATA/det-ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --by asset "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: $DDATA/det-cur.csv: no entity column 'asset' (--by)"
	printf 'asset,t,x,y\nA,1,10,0\n,2,10,0\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --by asset cur.csv
	assert_failure 2
	assert_stderr_line "mlo-drift: cur.csv:3: entity column 'asset' is null"
	# a state made without the detector is refused with one
	mlo-drift compare -q -r ref.profile --state st -o /dev/null "$DDATA/det-cur.csv" || true
	run --separate-stderr mlo-drift compare -r ref.profile --detector cusum --state st "$DDATA/det-cur.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: st: state of another reference profile, --window or --time, or other detector settings (remove it to start afresh)"
}

@test "C-MAPSS FD001: page-hinkley per engine alarms on degrading sensors before every failure" {
	gzip -dc "$FD001" | awk '$2 <= 50' >early.txt
	mlo-drift profile --delimiter space --no-header --columns "$CMAPSS_COLS" \
	    --role unit=ignore --role cycle=ignore --role setting_1=ignore \
	    --role setting_2=ignore --role setting_3=ignore -o early.profile early.txt
	run --separate-stderr mlo-drift compare -r early.profile --delimiter space \
	    --no-header --columns "$CMAPSS_COLS" --time cycle --by unit --test ks \
	    --detector page-hinkley --detector-on rows -e ev.ndjson -o /dev/null "$FD001"
	assert_failure 1
	assert_stderr_line "mlo-drift: early.profile: column 's_1' has no spread in the reference: no detector"
	gzip -dc "$FD001" | awk '{ if ($2 > m[$1]) m[$1] = $2 } END { for (u in m) print u, m[u] }' >last.txt
	# first alarm per engine on one of the fourteen sensors that wear
	jq -r 'select(.kind == "detector") | [.entity, .column, .at] | @tsv' ev.ndjson |
	    awk '$2 ~ /^s_(2|3|4|7|8|9|11|12|13|14|15|17|20|21)$/ && !s[$1]++ { print $1, $3 }' >first.txt
	run awk 'NR == FNR { last[$1] = $2; next }
	    { n++; if ($2 <= 50) early++; if ($2 >= last[$1]) late++; lead += last[$1] - $2 }
	    END { printf "%d engines, %d in the reference cycles, %d at failure, mean lead %d\n", n, early, late, lead / n }' \
	    last.txt first.txt
	assert_output "100 engines, 0 in the reference cycles, 0 at failure, mean lead 70"
}

@test "C-MAPSS FD001: cusum against each engine's own early cycles (--regime unit) alarms long before failure" {
	gzip -dc "$FD001" | awk '$2 <= 50' >early.txt
	mlo-drift profile --delimiter space --no-header --columns "$CMAPSS_COLS" \
	    --regime unit --role cycle=ignore --role setting_1=ignore \
	    --role setting_2=ignore --role setting_3=ignore -o early.profile early.txt
	[ "$(jq '.regimes | length' early.profile)" = 100 ]
	run --separate-stderr mlo-drift compare -q -r early.profile --regime unit --delimiter space \
	    --no-header --columns "$CMAPSS_COLS" --time cycle --by unit --test ks \
	    --detector cusum --detector-on rows -e ev.ndjson -o /dev/null "$FD001"
	assert_failure 1
	gzip -dc "$FD001" | awk '{ if ($2 > m[$1]) m[$1] = $2 } END { for (u in m) print u, m[u] }' >last.txt
	jq -r 'select(.kind == "detector") | [.entity, .column, .at, .regime] | @tsv' ev.ndjson |
	    awk '$1 != $4 { print "entity " $1 " against regime " $4 } 
	    $2 ~ /^s_(2|3|4|7|8|9|11|12|13|14|15|17|20|21)$/ && !s[$1]++ { print $1, $3 }' >first.txt
	run awk 'NR == FNR { last[$1] = $2; next }
	    { n++; if ($2 <= 50) early++; if ($2 >= last[$1]) late++; lead += last[$1] - $2 }
	    END { printf "%d engines, %d in the reference cycles, %d at failure, mean lead %d\n", n, early, late, lead / n }' \
	    last.txt first.txt
	assert_output "100 engines, 0 in the reference cycles, 0 at failure, mean lead 120"
}
