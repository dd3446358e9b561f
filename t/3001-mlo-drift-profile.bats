#!/usr/bin/env bats
# mlo-drift profile and merge: the profile format, and merges that agree
# with one pass (counts, extremes and categories exactly, moments to 1e-12,
# quantiles within the sketch's stated error).

load helper

DDATA=$MLO_TOP/t/data/drift

# sensor_data FILE ROWS SEED: numbers, categories, nulls, NaN and inf.
sensor_data() {
	awk -v n="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		print "ts,vib,temp,status,note"
		for (i = 0; i < n; i++) {
			u = rand(); v = rand()
			vib = sqrt(-2 * log(u + 1e-12)) * cos(6.2831853 * v) * 3 + 50
			temp = (i % 97 == 0) ? "" : sprintf("%.3f", 60 + 10 * rand())
			if (i % 1000 == 7) temp = "nan"
			if (i % 1000 == 8) temp = "inf"
			r = rand()
			st = r < 0.9 ? "ok" : r < 0.99 ? "warn" : "fault"
			printf "2026-01-01T%02d:%02d:%02dZ,%.4f,%s,%s,%s\n",
			    (i / 3600) % 24, (i / 60) % 60, i % 60, vib, temp, st,
			    (i % 13 == 0) ? "n" int(rand() * 500) : ""
		}
	}' >"$1"
}

# split_csv FILE PARTS: FILE's rows in PARTS files part.NNN.csv, each with
# the header.
split_csv() {
	awk -v parts="$2" -v rows="$(($(wc -l <"$1") - 1))" '
		NR == 1 { header = $0; next }
		{
			p = int((NR - 2) * parts / rows)
			f = sprintf("part.%03d.csv", p)
			if (!(f in seen)) { print header >f; seen[f] = 1 }
			print >f
		}' "$1"
}

# same_profiles A B: counts, extremes and categories equal, moments within
# 1e-12 relative, sketch sizes equal (needs jq).
same_profiles() {
	jq -n --slurpfile a "$1" --slurpfile b "$2" '
	    def rel(x; y): if x == y then 0 else
	        ((x - y) | fabs) / ([(x | fabs), (y | fabs)] | max) end;
	    [$a[0].columns, $b[0].columns] | transpose | map(
	        .[0] as $x | .[1] as $y |
	        [ ($x | del(.mean, .m2, .variance, .kll)) ==
	              ($y | del(.mean, .m2, .variance, .kll)),
	          (if $x.type == "number" then
	              rel($x.mean; $y.mean) <= 1e-12 and
	              rel($x.m2; $y.m2) <= 1e-12 and $x.kll.n == $y.kll.n
	           else true end) ] | all) | all' | grep -qx true
}

# within_sketch_error PROFILE DATA: the KS distance between the data and
# the profile's sketch of it stays within the stated error bound.
within_sketch_error() {
	mlo-drift compare -q -r "$1" --test ks --min-n 1 "$2" >ks.csv
	[ "$?" -le 1 ] || return 1
	awk -F, 'NR > 1 && $5 != "" && $5 > $11 + 1e-12 {
		print "column " $3 ": D " $5 " > bound " $11; bad = 1 }
	    END { exit bad }' ks.csv
}

@test "profile: versioned JSON, stable key order, byte-identical reruns" {
	sensor_data data.csv 3000 1
	run mlo-drift profile -o a.profile data.csv
	assert_success
	assert_output ""
	mlo-drift profile data.csv >b.profile
	cmp a.profile b.profile
	run head -n 2 a.profile
	assert_output '{"format":"mlo-profile","version":1,
"feature_set":null,'
	run jq -c '[keys_unsorted, (.columns | map([.name, .type, .role]))]' a.profile
	assert_output '[["format","version","feature_set","rows","kll_k","kll_seed","category_cap","exact","max_sample","columns"],[["ts","time","feature"],["vib","number","feature"],["temp","number","feature"],["status","category","feature"],["note","category","feature"]]]'
}

@test "profile: counts, nulls, NaN, infinities and moments of a column" {
	printf 'x,s\n1,a\n,a\n3,b\nnan,\ninf,c\n-inf,a\nabc,a\n2,a\n' >d.csv
	mlo-drift profile d.csv >p.json
	run jq -c '.columns[0] | [.count, .nulls, .nans, .infs, .invalid, .n, .mean, .m2, .min, .max]' p.json
	assert_output '[7,1,1,2,1,3,2,2,1,3]'
	run jq -c '.columns[1] | [.count, .nulls, .distinct, .error, .other, .categories]' p.json
	assert_output '[7,1,3,0,0,[["a",5],["b",1],["c",1]]]'
	run jq .rows p.json
	assert_output 8
}

@test "profile: numbers print so that they read back to the same double" {
	printf 'x\n0.1\n0.2\n0.30000000000000004\n1e-300\n' >d.csv
	mlo-drift profile d.csv >p.json
	run jq -c '.columns[0] | [.min, .max, .kll.levels[0]]' p.json
	assert_output '[1e-300,0.30000000000000004,[0.1,0.2,0.30000000000000004,1e-300]]'
}

@test "profile: the feature_set column names the profile and is not profiled" {
	printf 'feature_set,x\nbearing@3#0a1b2c3d,1\nbearing@3#0a1b2c3d,2\n' >d.csv
	mlo-drift profile d.csv >p.json
	run jq -c '[.feature_set, (.columns | map(.name))]' p.json
	assert_output '["bearing@3#0a1b2c3d",["x"]]'
}

@test "profile: data of two feature_sets is refused" {
	printf 'feature_set,x\na@1#00000000,1\nb@1#00000000,2\n' >d.csv
	run --separate-stderr mlo-drift profile -o p.json d.csv
	assert_failure 2
	assert_stderr "mlo-drift: d.csv:3: feature_set 'b@1#00000000' after 'a@1#00000000': the data mixes feature definitions; profile each apart"
	[ ! -e p.json ]
}

@test "profile: --role sets roles; prediction columns are categories" {
	printf 'id,score,pred,lat\n1,0.5,1,20\n2,0.7,0,25\n' >d.csv
	mlo-drift profile --role id=ignore --role pred=prediction --role lat=latency d.csv >p.json
	run jq -c '.columns | map([.name, .role, .type])' p.json
	assert_output '[["id","ignore","number"],["score","feature","number"],["pred","prediction","category"],["lat","latency","number"]]'
}

@test "profile: a bad --role is a usage error" {
	printf 'x\n1\n' >d.csv
	run --separate-stderr mlo-drift profile --role x=boss d.csv
	assert_failure 2
	assert_stderr "mlo-drift: --role 'x=boss' is not COLUMN=ROLE with ROLE feature, prediction, latency, score, label or ignore
Try 'mlo-drift --help' for more information."
	run --separate-stderr mlo-drift profile --role y=ignore d.csv
	assert_failure 2
	assert_stderr "mlo-drift: --role names column 'y', which the data does not have"
}

@test "profile --exact keeps the values; beyond --max-sample it refuses" {
	printf 'x\n3\n1\n2\n' >d.csv
	mlo-drift profile --exact d.csv >p.json
	run jq -c '[.exact, .columns[0].sample]' p.json
	assert_output '[true,[3,1,2]]'
	run --separate-stderr mlo-drift profile --exact --max-sample 2 -o p2.json d.csv
	assert_failure 2
	assert_stderr "mlo-drift: d.csv: column 'x' has more than 2 values, all that --exact keeps (--max-sample)"
	[ ! -e p2.json ]
}

@test "profile: gzip input is read by its magic, whatever its name" {
	sensor_data data.csv 500 2
	gzip -c data.csv >data.txt
	mlo-drift profile data.csv >a.json
	mlo-drift profile data.txt >b.json
	cmp a.json b.json
}

@test "profile: NDJSON input gives the profile of the same CSV" {
	printf 'x,s\n1.5,a\n2,b\n,a\n' >d.csv
	printf '{"x":1.5,"s":"a"}\n{"x":2,"s":"b"}\n{"s":"a"}\n' >d.ndjson
	mlo-drift profile d.csv >a.json
	mlo-drift profile d.ndjson >b.json
	cmp a.json b.json
}

@test "profile: categories past the cap become heavy hitters and other" {
	awk 'BEGIN { print "c"; for (i = 0; i < 3000; i++) print (i % 3 ? "hot" : "v" i) }' >d.csv
	mlo-drift profile --category-cap 50 d.csv >p.json
	run jq -c '.columns[0] | [.count, .distinct <= 50, .categories[0][0], (.categories[0][1] >= 2000 - .error), .error > 0, (.other + ([.categories[][1]] | add) == .count)]' p.json
	assert_output '[3000,true,"hot",true,true,true]'
}

@test "profile: the sketch holds its stated rank error (1e5 values)" {
	sensor_data data.csv 100000 3
	mlo-drift profile data.csv >p.json
	run jq '[.columns[] | select(.type == "number") | .kll.rank_error <= 0.01] | all' p.json
	assert_output true
	within_sketch_error p.json data.csv
}

@test "profile size does not grow with the rows" {
	sensor_data small.csv 20000 4
	sensor_data big.csv 200000 4
	mlo-drift profile --role note=ignore small.csv >a.json
	mlo-drift profile --role note=ignore big.csv >b.json
	a=$(wc -c <a.json) b=$(wc -c <b.json)
	[ "$b" -lt $((a * 2)) ]
}

@test "merge: 1, 2, 5 and 64 parts agree with one pass" {
	sensor_data data.csv 8000 5
	mlo-drift profile data.csv >one.json
	for k in 1 2 5 64; do
		rm -f part.*
		split_csv data.csv "$k"
		for f in part.*.csv; do
			mlo-drift profile -o "${f%.csv}.json" "$f"
		done
		mlo-drift merge -o merged.json part.*.json
		same_profiles one.json merged.json
		within_sketch_error merged.json data.csv
		[ "$(jq .rows merged.json)" = 8000 ]
	done
}

@test "merge: exact profiles merge their samples in order" {
	printf 'x\n1\n2\n' >a.csv
	printf 'x\n3\n' >b.csv
	printf 'x\n1\n2\n3\n' >ab.csv
	mlo-drift profile --exact a.csv >a.json
	mlo-drift profile --exact b.csv >b.json
	mlo-drift profile --exact ab.csv >ab.json
	mlo-drift merge a.json b.json >m.json
	cmp ab.json m.json
}

@test "merge: a column one part lacks counts as null there" {
	printf 'x,y\n1,a\n' >a.csv
	printf 'x\n2\n' >b.csv
	mlo-drift profile a.csv >a.json
	mlo-drift profile b.csv >b.json
	mlo-drift merge a.json b.json >m.json
	run jq -c '.columns | map([.name, .count, .nulls])' m.json
	assert_output '[["x",2,0],["y",1,1]]'
}

@test "merge: profiles made differently are refused" {
	printf 'x\n1\n' >a.csv
	mlo-drift profile a.csv >a.json
	mlo-drift profile --exact a.csv >e.json
	mlo-drift profile --k 100 a.csv >k.json
	run --separate-stderr mlo-drift merge a.json e.json
	assert_failure 2
	assert_stderr "mlo-drift: e.json: made with --exact, but a.json without"
	run --separate-stderr mlo-drift merge a.json k.json
	assert_failure 2
	assert_stderr "mlo-drift: k.json: sketch k 100 seed 20261125, but a.json has k 600 seed 20261125: profiles to merge are made alike"
	printf 'x\nz\n' >c.csv
	mlo-drift profile c.csv >c.json
	run --separate-stderr mlo-drift merge a.json c.json
	assert_failure 2
	assert_stderr "mlo-drift: c.json: column 'x' is a category here and a number before"
}

@test "merge: GNU parallel --pipe --header 1 gives the one-pass profile" {
	command -v parallel >/dev/null ||
	    skip "GNU parallel is not installed (Debian package parallel)"
	sensor_data data.csv 12000 6
	mlo-drift profile data.csv >one.json
	parallel --will-cite --pipe --header 1 --block 150k -k \
	    'mlo-drift profile -o part.{#}.json' <data.csv
	n=$(ls part.*.json | wc -l)
	[ "$n" -ge 4 ]
	mlo-drift merge -o merged.json $(ls part.*.json | sort -t. -k2n)
	same_profiles one.json merged.json
	within_sketch_error merged.json data.csv
}

@test "merge: no profile is a usage error" {
	run --separate-stderr mlo-drift merge
	assert_failure 2
	assert_stderr "mlo-drift: merge needs at least one profile
Try 'mlo-drift --help' for more information."
}
