#!/usr/bin/env bats
# mlo-retrain-gate: every metric agrees with scikit-learn 1.2 to 1e-9 on
# generated and real holdouts (t/data/gate/make_ref.py made the fixtures
# and the *-ref.csv values), in CSV and NDJSON, with and without scores.

load helper

GDATA=$MLO_TOP/t/data/gate

# agree REF OUT: every metric of OUT's rows (candidate and production
# columns) is REF's value within 1e-9 (relative, or absolute below 1).
agree() {
	awk -F, 'NR == FNR { if (FNR > 1) { c[$1] = $2; p[$1] = $3 }; next }
	FNR > 1 {
		seen[$2] = 1
		for (k = 0; k < 2; k++) {
			a = k ? $4 : $3; b = k ? p[$2] : c[$2]
			d = a - b; if (d < 0) d = -d
			s = b < 0 ? -b : b; if (s < 1) s = 1
			if (b == "" || d / s > 1e-9) {
				printf "%s %s: got %s, scikit-learn %s\n", $2,
				    k ? "production" : "candidate", a, b
				bad = 1
			}
		}
	}
	END {
		for (m in c) if (!(m in seen)) { print "no row for " m; bad = 1 }
		exit bad
	}' "$1" "$2"
}

# all NAME POLICY: gate NAME-cand.csv against NAME-prod.csv, rows in out.csv.
all() {
	run --separate-stderr sh -c 'mlo-retrain-gate -q -p "$1" \
	    --candidate "$2" --production "$3" >out.csv' sh \
	    "$GDATA/$2" "$GDATA/$1-cand.csv" "$GDATA/$1-prod.csv"
}

@test "generated holdout with many ties: every classification metric is scikit-learn's" {
	all gen all-cls.yaml
	assert_success
	assert_stderr_empty
	agree "$GDATA/gen-ref.csv" out.csv
}

@test "AI4I 2020 holdout: every classification metric is scikit-learn's" {
	all ai4i all-cls.yaml
	assert_success
	agree "$GDATA/ai4i-ref.csv" out.csv
}

@test "a second generated holdout: every classification metric is scikit-learn's" {
	all slice all-cls.yaml
	assert_success
	agree "$GDATA/slice-ref.csv" out.csv
}

@test "C-MAPSS FD001 remaining useful life: mae, rmse, r2 and phm08 are scikit-learn's" {
	all rul all-reg.yaml
	assert_success
	agree "$GDATA/rul-ref.csv" out.csv
}

@test "NDJSON holdouts give the same values as CSV" {
	for f in gen-cand gen-prod; do
		awk -F, 'NR == 1 { next } { printf "{\"id\":\"%s\",\"label\":%s,\"score\":%s,\"asset_type\":\"%s\"}\n", $1, $2, $3, $4 }' \
		    "$GDATA/$f.csv" >"$f.ndjson"
	done
	run --separate-stderr sh -c 'mlo-retrain-gate -q -p "$1" -f csv \
	    --candidate gen-cand.ndjson --production gen-prod.ndjson >out.csv' \
	    sh "$GDATA/all-cls.yaml"
	assert_success
	agree "$GDATA/gen-ref.csv" out.csv
}

@test "gzip-compressed holdouts are read" {
	gzip -c "$GDATA/gen-cand.csv" >cand.csv.gz
	gzip -c "$GDATA/gen-prod.csv" >prod.csv.gz
	run --separate-stderr sh -c 'mlo-retrain-gate -q -p "$1" \
	    --candidate cand.csv.gz --production prod.csv.gz >out.csv' \
	    sh "$GDATA/all-cls.yaml"
	assert_success
	agree "$GDATA/gen-ref.csv" out.csv
}

@test "output is NDJSON when the candidate is, with numbers as numbers and pass as a boolean" {
	printf '{"id":"a","label":0,"score":0.1}\n{"id":"b","label":1,"score":0.9}\n{"id":"c","label":0,"score":0.6}\n' >c.ndjson
	printf 'policy: p\ntask: classification\nrequire: {auc: {min: 0.9}, precision: {min: 0.9}}\n' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate c.ndjson
	assert_failure 1
	assert_output '{"rule":"require.auc.min","metric":"auc","candidate":1,"production":null,"delta":null,"ci_low":null,"ci_high":null,"limit":0.9,"pass":true}
{"rule":"require.precision.min","metric":"precision","candidate":0.5,"production":null,"delta":null,"ci_low":null,"ci_high":null,"limit":0.9,"pass":false}'
}

@test "without a score column the prediction column decides, and score metrics are refused" {
	printf 'id,label,prediction\na,0,0\nb,1,1\nc,0,1\nd,1,1\n' >c.csv
	printf 'policy: p\ntask: classification\nrequire: {recall: {min: 0.9}, false_alarm_rate: {max: 0.6}}\n' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate c.csv
	assert_success
	assert_output 'rule,metric,candidate,production,delta,ci_low,ci_high,limit,pass
require.recall.min,recall,1,,,,,0.9,true
require.false_alarm_rate.max,false_alarm_rate,0.5,,,,,0.6,true'
	printf 'policy: p\ntask: classification\nrequire: {auc: {min: 0.9}}\n' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no column 'score': 'auc' needs scores"
}

@test "the threshold of the policy decides which scores are alarms" {
	printf 'id,label,score\na,0,0.3\nb,1,0.35\nc,0,0.1\nd,1,0.8\n' >c.csv
	printf 'policy: p\ntask: classification\nthreshold: 0.3\nrequire: {recall: {min: 1}, precision: {min: 0}}\n' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate c.csv
	assert_success
	assert_line 'require.precision.min,precision,0.6666666666666666,,,,,0,true'
}

@test "regression takes the score column as the prediction when there is no prediction" {
	printf 'id,label,score\na,10,12\nb,20,18\n' >c.csv
	printf 'policy: p\ntask: regression\nrequire: {mae: {max: 2}}\n' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate c.csv
	assert_success
	assert_line 'require.mae.max,mae,2,,,,,2,true'
}
