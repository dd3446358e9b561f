#!/usr/bin/env bats
# mlo-drift --regime: one reference per operating regime in the profile
# (categories, or bands of a number with --regime-bins), each window
# compared with the reference of its own regime, regimes the reference
# never saw reported, merging, --state, bad usage.  Fixtures made by
# t/data/drift/make_regime.py.

load helper

DDATA=$MLO_TOP/t/data/drift

@test "profile --regime: one reference per regime, the regime column ignored" {
	mlo-drift profile --regime mode -o ref.profile "$DDATA/reg-ref.csv"
	run jq -c '[.version, .regime, [.regimes[] | [.name, .rows, (.columns[] | select(.name == "x") | .n)]], (.columns[] | select(.name == "mode") | .role)]' ref.profile
	assert_output '[2,{"column":"mode","edges":null,"nulls":0},[["idle",1000,1000],["run",2000,2000]],"ignore"]'
	# each regime's moments are those of its rows alone
	run jq -r '.regimes[] | select(.name == "idle") | .columns[] | select(.name == "x") | .mean' ref.profile
	want=$(awk -F, '$1 == "idle" { s += $3; n++ } END { printf "%.10f", s / n }' "$DDATA/reg-ref.csv")
	awk -v a="$output" -v b="$want" 'BEGIN { d = a - b; exit !(d < 1e-9 && d > -1e-9) }'
}

@test "compare without --regime calls a change of mode drift; with it, only the real shift" {
	mlo-drift profile --regime mode -o ref.profile "$DDATA/reg-ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --window 1000 --time t -o plain.csv "$DDATA/reg-cur.csv"
	assert_failure 1
	run awk -F, '$8 == "true" { print $1, $3 }' plain.csv
	assert_output "1 x
1001 x
2001 x"
	run --separate-stderr mlo-drift compare -r ref.profile --regime mode --window 1000 --time t \
	    --now 2026-11-25T12:00:00Z -e ev.ndjson -o out.csv "$DDATA/reg-cur.csv"
	assert_failure 1
	head -1 out.csv | grep -q ',error_bound,regime$'
	run awk -F, '$8 != "false" && NR > 1 { print $1, $3, $4, $8, $10, $12 }' out.csv
	assert_output "2001 x ks true 500 run
2001 mode regime absent 500 purge"
	# windows compare only the regimes they saw: window 1001-2000 ran only
	run awk -F, '$1 == 1001 { print $12 }' out.csv
	assert_output "run
run
run"
	run jq -r '[.kind, .state // "-", .column, .regime, .window_from, .rows] | @tsv' ev.ndjson
	assert_output "drift	firing	x	run	2001	500
regime	-	mode	purge	2001	500"
	run jq -r 'select(.kind == "regime") | .message' ev.ndjson
	assert_output "regime 'purge' of 'mode' is not in the reference: 500 rows not compared"
}

@test "--regime-bins: bands of a number, named by their edges; rows without a regime counted" {
	awk -F, -v OFS=, 'NR == 10 { $2 = "" } { print }' "$DDATA/reg-ref.csv" >ref.csv
	mlo-drift profile --regime load --regime-bins 25,50,75 -o ref.profile ref.csv
	run jq -c '[.regime, ([.regimes[] | .name] | sort)]' ref.profile
	assert_output '[{"column":"load","edges":[25,50,75],"nulls":1},["<25",">=75","[25,50)","[50,75)"]]'
	run jq '[.regimes[] | .rows] | add' ref.profile
	assert_output 2999
	want=$(awk -F, 'NR > 1 && $2 != "" && $2 >= 25 && $2 < 50' ref.csv | wc -l)
	[ "$(jq '.regimes[] | select(.name == "[25,50)") | .rows' ref.profile)" = "$want" ]
	run --separate-stderr mlo-drift compare -q -r ref.profile --regime load --test ks \
	    --window 1000 -f ndjson -o out.ndjson "$DDATA/reg-cur.csv"
	# the first window saw every band: y against each band's reference
	run jq -r 'select(.column == "y" and .window_start == 1) | .regime' out.ndjson
	assert_output "$(jq -r '.regimes[].name' ref.profile)"
}

@test "merge: regimes merge by name, adding counts, as one profile of all the rows" {
	head -1501 "$DDATA/reg-ref.csv" >a.csv
	{ head -1 "$DDATA/reg-ref.csv"; tail -n +1502 "$DDATA/reg-ref.csv"; } >b.csv
	printf 'mode,load,x,y\nstop,0,0,0\n' >c.csv
	mlo-drift profile --regime mode -o whole.profile "$DDATA/reg-ref.csv"
	mlo-drift profile --regime mode -o a.profile a.csv
	mlo-drift profile --regime mode -o b.profile b.csv
	mlo-drift profile --regime mode -o c.profile c.csv
	mlo-drift merge -o m.profile a.profile b.profile
	q='[.rows, .regime, [.regimes[] | [.name, .rows, [.columns[] | [.name, .count, .n, .min, .max]]]]]'
	[ "$(jq -c "$q" m.profile)" = "$(jq -c "$q" whole.profile)" ]
	mlo-drift merge -o m3.profile a.profile c.profile
	run jq -c '[.regimes[] | [.name, .rows]]' m3.profile
	assert_output '[["idle",500],["run",1000],["stop",1]]'
	mlo-drift profile --regime load --regime-bins 50 -o d.profile a.csv
	run --separate-stderr mlo-drift merge -o x.profile a.profile d.profile
	assert_failure 2
	assert_stderr "mlo-drift: d.profile: regimes by another column or bands than a.profile's"
}

@test "--state: regimes in batches give the rows and events of one run" {
	mlo-drift profile --regime mode -o ref.profile "$DDATA/reg-ref.csv"
	opts="-q -r ref.profile --regime mode --window 300 --time t --detector cusum --now 2026-11-25T12:00:00Z"
	mlo-drift compare $opts --state st1 -e one.ndjson -o one.csv "$DDATA/reg-cur.csv" || true
	head -1 "$DDATA/reg-cur.csv" >hdr
	tail -n +2 "$DDATA/reg-cur.csv" | split -l 444 - part.
	for p in part.*; do
		cat hdr $p >b.csv
		mlo-drift compare $opts --state st -e batch.ndjson -o - b.csv || true
	done >batch.csv
	run awk 'NR == 1 || !/^window_start/' batch.csv
	assert_output "$(cat one.csv)"
	cmp one.ndjson batch.ndjson
	grep -q '"kind":"regime"' one.ndjson
	grep -q '"kind":"detector".*"regime":"run"' one.ndjson
}

@test "bad usage: regimes that do not fit" {
	run --separate-stderr mlo-drift profile --regime-bins 1,2 "$DDATA/reg-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --regime-bins goes with --regime"
	run --separate-stderr mlo-drift profile --regime load --regime-bins 5,2 "$DDATA/reg-ref.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: --regime-bins '5,2' is not a list of ascending numbers"
	run --separate-stderr mlo-drift profile --regime speed "$DDATA/reg-ref.csv"
	assert_failure 2
	assert_stderr "mlo-drift: $DDATA/reg-ref.csv: no regime column 'speed'"
	mlo-drift profile -o plain.profile "$DDATA/reg-ref.csv"
	run --separate-stderr mlo-drift compare -r plain.profile --regime mode "$DDATA/reg-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: plain.profile: --regime mode: the profile has no regimes (mlo-drift profile --regime)"
	mlo-drift profile --regime mode -o ref.profile "$DDATA/reg-ref.csv"
	run --separate-stderr mlo-drift compare -r ref.profile --regime load "$DDATA/reg-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: ref.profile: --regime load: the profile has regimes by 'mode'"
	cut -d, -f1,3- "$DDATA/reg-cur.csv" >nomode.csv
	run --separate-stderr mlo-drift compare -r ref.profile --regime mode nomode.csv
	assert_failure 2
	assert_stderr_line "mlo-drift: nomode.csv: no regime column 'mode'"
	jq -c '.regimes[0].rows = 5' ref.profile >bad.profile
	run --separate-stderr mlo-drift compare -r bad.profile --regime mode "$DDATA/reg-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: bad.profile: column 'mode': count + nulls is not the profile's rows"
}

@test "bad profiles and inputs: edges, regime rows, too many regimes" {
	mlo-drift profile --regime load --regime-bins 25,50 -o ref.profile "$DDATA/reg-ref.csv"
	jq -c '.regime.edges = [50, 25]' ref.profile >edges.profile
	run --separate-stderr mlo-drift compare -r edges.profile --regime load "$DDATA/reg-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: edges.profile: regime: 'edges' are not ascending numbers"
	jq -c '.regime.nulls = 7' ref.profile >nulls.profile
	run --separate-stderr mlo-drift compare -r nulls.profile --regime load "$DDATA/reg-cur.csv"
	assert_failure 2
	assert_stderr "mlo-drift: nulls.profile: regimes: the regimes' rows and 'nulls' do not add up to the profile's rows"
	{ echo id,x; seq 1001 | awk '{ print $1 "," $1 % 7 }'; } >many.csv
	run --separate-stderr mlo-drift profile --regime id -o many.profile many.csv
	assert_failure 2
	assert_stderr "mlo-drift: many.csv:1002: more than 1000 regimes in 'id' (--regime-bins makes bands of a number)"
	[ ! -e many.profile ]
}
