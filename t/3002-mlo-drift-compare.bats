#!/usr/bin/env bats
# mlo-drift compare: tests that agree with scipy 1.10 (fixtures made by
# t/data/drift/make_ref.py), sketch mode within its error, windows, roles,
# verdict controls, events and --state.

load helper

DDATA=$MLO_TOP/t/data/drift
ALL=ks,psi,wasserstein,js,chi2,linf

# check_against_scipy OUT.csv FIXTURE.tsv: every statistic within 1e-9
# relative, every p-value within 1e-6 relative, of scipy's.
check_against_scipy() {
	awk -F '\t' 'NR == FNR { s[$1 SUBSEP $2] = $3; p[$1 SUBSEP $2] = $4; next }
	    FNR == 1 { next }
	    {
		split($0, f, ",")
		k = f[3] SUBSEP f[4]
		if (!(k in s)) next
		seen++
		if (rel(f[5], s[k]) > 1e-9) { print "statistic " k ": " f[5] " != " s[k]; bad = 1 }
		if (p[k] != "" && rel(f[6], p[k]) > 1e-6) { print "p " k ": " f[6] " != " p[k]; bad = 1 }
	    }
	    function rel(a, b,  d) {
		a += 0; b += 0; d = a - b; if (d < 0) d = -d
		if (b < 0) b = -b
		return b == 0 ? d : d / b
	    }
	    END { if (seen != 16) { print seen " of 16 rows seen"; bad = 1 }; exit bad }' \
	    "$2" FS=, "$1"
}

@test "compare --exact agrees with scipy on data without drift" {
	mlo-drift profile --exact -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare --exact -r ref.profile \
	    --test $ALL --min-n 1 -o out.csv "$DDATA/cur1.csv"
	[ "$status" -le 1 ]
	check_against_scipy out.csv "$DDATA/exact-cur1.tsv"
}

@test "compare --exact agrees with scipy on drifted data, exit 1" {
	mlo-drift profile --exact -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare --exact -r ref.profile \
	    --test $ALL --min-n 1 -o out.csv "$DDATA/cur2.csv"
	assert_failure 1
	assert_stderr "mlo-drift: 1 window, 16 verdicts: 4 columns drifted, 0 insufficient"
	check_against_scipy out.csv "$DDATA/exact-cur2.tsv"
}

@test "compare: the output's fields, in order" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile "$DDATA/cur1.csv"
	assert_success
	assert_line --index 0 "window_start,window_end,column,test,statistic,p_value,threshold,drifted,n_ref,n_cur,error_bound"
	assert_line --index 4 "1,300,mode,chi2,1.8070918852049407,0.6133928794193535,0.05,false,400,300,"
	assert_stderr "mlo-drift: 1 window, 4 verdicts: 0 columns drifted, 0 insufficient"
}

@test "compare: NDJSON output with -f ndjson, verdicts as JSON booleans" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare -q -f ndjson -r ref.profile --test chi2 "$DDATA/cur2.csv"
	assert_failure 1
	assert_output '{"window_start":1,"window_end":250,"column":"mode","test":"chi2","statistic":70.63093327146315,"p_value":1.6702417807303982e-14,"threshold":0.05,"drifted":true,"n_ref":400,"n_cur":250,"error_bound":null}'
}

@test "compare: the automatic choice, a test for small windows, a distance for large" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	cat "$DDATA/cur1.csv" "$DDATA/cur1.csv" "$DDATA/cur1.csv" "$DDATA/cur1.csv" |
	    awk 'NR == 1 || $0 != h { print } NR == 1 { h = $0 }' >big.csv
	run mlo-drift compare -q -r ref.profile "$DDATA/cur1.csv"
	run awk -F, 'NR > 1 { print $3 ":" $4 }' <<<"$output"
	assert_output "temp:ks
vib:ks
level:ks
mode:chi2"
	run mlo-drift compare -q -r ref.profile big.csv
	run awk -F, 'NR > 1 { print $3 ":" $4 }' <<<"$output"
	assert_output "temp:wasserstein
vib:wasserstein
level:wasserstein
mode:js"
}

# two_samples N SHIFT: ref.csv and cur.csv, N normal values each.
two_samples() {
	awk -v n="$1" -v shift="$2" 'BEGIN {
		srand(17)
		print "x" >"ref.csv"; print "x" >"cur.csv"
		for (i = 0; i < n; i++) {
			print sqrt(-2 * log(rand() + 1e-300)) * cos(6.2831853 * rand()) >"ref.csv"
			print sqrt(-2 * log(rand() + 1e-300)) * cos(6.2831853 * rand()) + shift >"cur.csv"
		}
	}'
}

@test "sketch mode stays within its stated error of the exact result (1e5 values)" {
	two_samples 100000 0.02
	mlo-drift profile -o sk.profile ref.csv
	mlo-drift profile --exact -o ex.profile ref.csv
	mlo-drift compare -q -r sk.profile --test ks,wasserstein cur.csv >sk.csv || true
	mlo-drift compare -q --exact -r ex.profile --test ks,wasserstein cur.csv >ex.csv || true
	run paste -d, sk.csv ex.csv
	run awk -F, 'NR > 1 {
		d = $5 - $16; if (d < 0) d = -d
		if ($11 == "" || d > $11) { print $4 ": sketch " $5 " exact " $16 " bound " $11; bad = 1 }
		if ($8 == "true" && $19 != "true") { print $4 ": sketch drift not in exact"; bad = 1 }
	    } END { exit bad }' <<<"$output"
	assert_success
}

@test "sketch mode never manufactures drift: no drift found where there is none" {
	two_samples 20000 0
	mlo-drift profile -o sk.profile ref.csv
	run --separate-stderr mlo-drift compare -r sk.profile --test ks,psi,wasserstein,js --window 2000 cur.csv
	assert_success
	refute_output --partial ",true,"
}

@test "compare --window N: windows of N rows, the last one shorter" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --window 100 --test ks "$DDATA/cur1.csv"
	[ "$status" -le 1 ]
	run awk -F, '$3 == "temp" { print $1 "-" $2 ":" $10 }' <<<"$output"
	assert_output "1-100:100
101-200:100
201-300:100"
}

# timed FILE: rows every 6 s from 2026-11-25T00:00:00Z, x shifted by 1
# from 04:00 to 06:00, status 80% ok.
timed() {
	awk 'BEGIN { srand(5); print "ts,x,status"
	    for (i = 0; i < 6000; i++) {
		t = i * 6; m = (t >= 14400 && t < 21600)
		printf "2026-11-25T%02d:%02d:%02dZ,%.4f,%s\n", t / 3600, (t / 60) % 60, t % 60, rand() + m, rand() < 0.8 ? "ok" : "warn"
	    } }' >"$1"
}

@test "compare --window 1h --time ts: windows of time, one firing and one resolved event" {
	timed data.csv
	head -n 601 data.csv >ref.csv
	mlo-drift profile --role ts=ignore -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile --window 1h --time ts \
	    --now 2026-11-25T12:00:00Z -e events.ndjson data.csv
	assert_failure 1
	run awk -F, '$3 == "x" { print $1 " " $2 " " $8 }' <<<"$output"
	assert_output "2026-11-25T00:00:00Z 2026-11-25T01:00:00Z false
2026-11-25T01:00:00Z 2026-11-25T02:00:00Z false
2026-11-25T02:00:00Z 2026-11-25T03:00:00Z false
2026-11-25T03:00:00Z 2026-11-25T04:00:00Z false
2026-11-25T04:00:00Z 2026-11-25T05:00:00Z true
2026-11-25T05:00:00Z 2026-11-25T06:00:00Z true
2026-11-25T06:00:00Z 2026-11-25T07:00:00Z false
2026-11-25T07:00:00Z 2026-11-25T08:00:00Z false
2026-11-25T08:00:00Z 2026-11-25T09:00:00Z false
2026-11-25T09:00:00Z 2026-11-25T10:00:00Z false"
	run jq -c '[.kind, .state, .layer, .column, .window_from, .window_to, .test]' events.ndjson
	assert_output '["drift","firing","model","x","2026-11-25T04:00:00Z","2026-11-25T05:00:00Z","ks"]
["drift","resolved","model","x","2026-11-25T06:00:00Z","2026-11-25T07:00:00Z","ks"]'
}

@test "compare --state: batches give the rows and events of one run" {
	timed data.csv
	head -n 601 data.csv >ref.csv
	mlo-drift profile --role ts=ignore -o ref.profile ref.csv
	mlo-drift compare -q -r ref.profile --window 1h --time ts --now 2026-11-25T12:00:00Z \
	    --state one.state -e one.ndjson data.csv >one.csv || true
	for range in 2,1000 1001,1001 1002,4400 4401,6001; do
		{ head -n 1 data.csv; sed -n "${range}p" data.csv; } |
		    mlo-drift compare -q -r ref.profile --window 1h --time ts \
		    --now 2026-11-25T12:00:00Z --state batch.state -e batch.ndjson >>batch.csv || true
	done
	run awk 'NR == 1 || !/^window_start/' batch.csv
	assert_output "$(cat one.csv)"
	cmp one.ndjson batch.ndjson
	cmp one.state batch.state
	[ "$(wc -l <one.csv)" -eq 19 ]	# the last hour stays open
}

@test "compare --state: a state made with another window is refused" {
	timed data.csv
	mlo-drift profile --role ts=ignore -o ref.profile data.csv
	mlo-drift compare -q -r ref.profile --window 1h --time ts --state s data.csv >/dev/null || true
	[ -s s ]
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 2h --time ts --state s data.csv
	assert_failure 2
	assert_stderr "mlo-drift: s: state of another reference profile, --window or --time (remove it to start afresh)"
}

@test "compare --state: an infinite peak (constant reference column) is saved and read back" {
	# wasserstein over a column constant in the reference is infinite when
	# the current values move; the alarm's peak was saved as the bare word
	# inf, so the next run refused the state it had written.
	awk 'BEGIN { print "x"; for (i = 0; i < 200; i++) print 5 }' >ref.csv
	awk 'BEGIN { print "x"; for (i = 0; i < 100; i++) print 6 }' >cur.csv
	mlo-drift profile -o ref.profile ref.csv
	for run in 1 2; do
		run --separate-stderr mlo-drift compare -q -r ref.profile \
		    --test wasserstein --window 50 --state s -o out.csv cur.csv
		assert_failure 1
		assert_equal "$stderr" ""
	done
	grep -q '"peak":"inf"' s
	[ "$(grep -c ',x,wasserstein,inf,' out.csv)" -eq 2 ]
}

# predictions FILE HEALTHY_SHARE N SEED
predictions() {
	awk -v p="$2" -v n="$3" -v seed="$4" 'BEGIN { srand(seed); print "pred,latency_ms"
	    for (i = 0; i < n; i++) printf "%s,%d\n", rand() < p ? "healthy" : (rand() < 0.5 ? "worn" : "failing"), 20 + 10 * rand() }' >"$1"
}

@test "role prediction: a model that calls 80% healthy after 15% is flagged by chi2 and linf" {
	predictions ref.csv 0.15 2000 1
	predictions same.csv 0.15 500 2
	predictions cur.csv 0.80 500 3
	mlo-drift profile --role pred=prediction --role latency_ms=ignore -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile same.csv
	assert_success
	run --separate-stderr mlo-drift compare -r ref.profile -e ev.ndjson --now 2026-11-25T12:00:00Z cur.csv
	assert_failure 1
	run awk -F, 'NR > 1 { print $3, $4, $8 }' <<<"$output"
	assert_output "pred chi2 true
pred linf true"
	run jq -r '[.kind, .state, .test, .message] | @tsv' ev.ndjson
	assert_output "prediction_drift	firing	linf	'pred' drifted: linf 0.648 > 0.3, share of 'healthy' 0.798 against 0.15"
}

@test "role latency: p50, p95 and p99 per window against the reference" {
	predictions ref.csv 0.15 2000 1
	awk -F, -v OFS=, 'NR > 1 && NR % 10 == 0 { $2 = $2 * 4 } 1' ref.csv >slow.csv
	mlo-drift profile --role pred=ignore --role latency_ms=latency -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile slow.csv
	assert_failure 1
	run awk -F, 'NR > 1 { print $4, $8 }' <<<"$output"
	assert_output "p50 false
p95 true
p99 true"
}

@test "compare: below --min-n a window is insufficient, not drift" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	head -n 21 "$DDATA/cur2.csv" >small.csv
	run --separate-stderr mlo-drift compare -r ref.profile --test ks small.csv
	assert_success
	run awk -F, 'NR > 1 { print $3, $8, $10 }' <<<"$output"
	assert_output "temp insufficient 20
vib insufficient 20
level insufficient 20"
	run --separate-stderr mlo-drift compare -r ref.profile --test ks --min-n 20 small.csv
	assert_failure 1
}

@test "compare --effect-floor: a tiny but significant KS distance is not drift" {
	two_samples 50000 0.05
	mlo-drift profile -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -q -r ref.profile --test ks cur.csv
	assert_failure 1
	run --separate-stderr mlo-drift compare -q -r ref.profile --test ks --effect-floor 0.1 cur.csv
	assert_success
	assert_line --index 1 --regexp ',false,50000,50000,'
}

@test "compare --correct: Bonferroni and BH across columns of a window" {
	# p-values of about 0.01 to 0.04 in five columns
	printf 'a,b,c,d,e\n' >ref.csv
	printf 'a,b,c,d,e\n' >cur.csv
	awk 'BEGIN { srand(3)
	    for (i = 0; i < 300; i++) { printf "%f,%f,%f,%f,%f\n", rand(), rand(), rand(), rand(), rand() >>"ref.csv"
		printf "%f,%f,%f,%f,%f\n", rand() + 0.09, rand() + 0.1, rand() + 0.11, rand() + 0.12, rand() + 0.13 >>"cur.csv" } }'
	mlo-drift profile --exact -o ref.profile ref.csv
	none=$(mlo-drift compare -q --exact -r ref.profile --test ks cur.csv | grep -c ',true,')
	bh=$(mlo-drift compare -q --exact -r ref.profile --test ks --correct bh cur.csv | grep -c ',true,')
	bonf=$(mlo-drift compare -q --exact -r ref.profile --test ks --correct bonferroni cur.csv | grep -c ',true,')
	echo "none $none bh $bh bonferroni $bonf"
	[ "$none" -ge "$bh" ] && [ "$bh" -ge "$bonf" ] && [ "$none" -gt "$bonf" ]
	# the p_value column stays raw
	a=$(mlo-drift compare -q --exact -r ref.profile --test ks cur.csv | cut -d, -f6)
	b=$(mlo-drift compare -q --exact -r ref.profile --test ks --correct bonferroni cur.csv | cut -d, -f6)
	[ "$a" = "$b" ]
}

@test "compare: data of another feature_set is refused, exit 2" {
	printf 'feature_set,x\nbearing@3#aaaaaaaa,1\nbearing@3#aaaaaaaa,2\n' >ref.csv
	printf 'feature_set,x\nbearing@4#bbbbbbbb,1\n' >cur.csv
	mlo-drift profile -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile cur.csv
	assert_failure 2
	assert_stderr_line "mlo-drift: cur.csv:2: data of feature_set 'bearing@4#bbbbbbbb', the profile is of 'bearing@3#aaaaaaaa' (--allow-feature-set-change compares anyway)"
}

@test "compare --allow-feature-set-change compares, with a warning event" {
	printf 'feature_set,x\nbearing@3#aaaaaaaa,1\nbearing@3#aaaaaaaa,2\n' >ref.csv
	printf 'feature_set,x\nbearing@4#bbbbbbbb,1\n' >cur.csv
	mlo-drift profile -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare --allow-feature-set-change -r ref.profile \
	    -e ev.ndjson --now 2026-11-25T12:00:00Z cur.csv
	assert_success
	run cat ev.ndjson
	assert_output '{"v":1,"time":"2026-11-25T12:00:00Z","tool":"mlo-drift","kind":"feature_set_change","severity":"warning","layer":"model","feature_set":"bearing@4#bbbbbbbb","reference_feature_set":"bearing@3#aaaaaaaa","message":"data of feature_set '"'"'bearing@4#bbbbbbbb'"'"' compared with a profile of '"'"'bearing@3#aaaaaaaa'"'"'"}'
}

@test "compare --exact needs a profile with a sample" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare --exact -r ref.profile "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: ref.profile: --exact needs a profile made with --exact (it keeps no sample)"
}

@test "compare: the same input gives byte-identical output" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	mlo-drift compare -q -r ref.profile --test $ALL "$DDATA/cur2.csv" >a.csv || true
	mlo-drift compare -q -r ref.profile --test $ALL "$DDATA/cur2.csv" >b.csv || true
	cmp a.csv b.csv
}

@test "compare --state without --window: each run is one window, alarms carry over" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --test chi2 --state s \
	    -e ev.ndjson --now 2026-11-25T12:00:00Z "$DDATA/cur2.csv"
	assert_failure 1
	assert_line --index 1 --partial "1,250,mode,chi2,"
	run --separate-stderr mlo-drift compare -r ref.profile --test chi2 --state s \
	    -e ev.ndjson --now 2026-11-25T13:00:00Z "$DDATA/cur2.csv"
	assert_failure 1
	assert_line --index 1 --partial "251,500,mode,chi2,"
	run --separate-stderr mlo-drift compare -r ref.profile --test chi2 --state s \
	    -e ev.ndjson --now 2026-11-25T14:00:00Z "$DDATA/cur1.csv"
	assert_success
	run jq -r '[.time, .state] | @tsv' ev.ndjson
	assert_output "2026-11-25T12:00:00Z	firing
2026-11-25T14:00:00Z	resolved"
}
