#!/usr/bin/env bats
# mlo-retrain-gate: decisions.  A better candidate is promoted, a worse one
# rejected, one better overall but worse on a slice rejected naming that
# slice; a first deployment rests on require; bootstrap intervals are the
# same for the same seed; the report on stderr, the event, --dry-run, -o.

load helper

GDATA=$MLO_TOP/t/data/gate

# gate ARGS...: mlo-retrain-gate at the fixed now.
gate() {
	run --separate-stderr mlo-retrain-gate --now "$NOW" "$@"
}

@test "a better candidate is promoted: exit 0, every rule passes" {
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv"
	assert_success
	refute_output --regexp ',false$'
	assert_line 'versus_production.auc.max_drop,auc,0.9623831453162734,0.865411789158243,0.09697135615803043,0.07699096959723038,0.11831529941322541,0.01,true'
	assert_stderr_line 'decision: promote (9 passed, 0 failed, 0 not applicable)'
}

@test "a worse candidate is rejected: exit 1, the failed rules say false" {
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-prod.csv" \
	    --production "$GDATA/gen-cand.csv"
	assert_failure 1
	assert_line --regexp '^versus_production\.auc\.max_drop,auc,.*,0\.01,false$'
	assert_line --regexp '^require\.recall\.min,recall,.*,false$'
	assert_stderr_line 'decision: reject (2 passed, 7 failed, 0 not applicable)'
}

@test "better overall but worse on one slice: rejected, and the rule names the slice" {
	gate -p "$GDATA/slice.yaml" --candidate "$GDATA/slice-cand.csv" \
	    --production "$GDATA/slice-prod.csv"
	assert_failure 1
	assert_output 'rule,metric,candidate,production,delta,ci_low,ci_high,limit,pass
versus_production.recall.max_drop,recall,0.6909871244635193,0.48497854077253216,0.20600858369098712,,,0.02,true
slices.asset_type=fan.recall.max_drop,recall,0.9285714285714286,0.5142857142857142,0.41428571428571437,,,0.05,true
slices.asset_type=pump.recall.max_drop,recall,0.9489795918367347,0.5,0.44897959183673475,,,0.05,true
slices.asset_type=valve.recall.max_drop,recall,0.046153846153846156,0.4307692307692308,-0.38461538461538464,,,0.05,false'
}

@test "real data: on AI4I 2020 the candidate with power and temperature is promoted" {
	cat >p.yaml <<-'EOF'
	policy: ai4i
	task: classification
	require: {auc: {min: 0.85}}
	versus_production:
	  auc: {min_delta: 0.05, confidence: 0.95}
	  pr_auc: {max_drop: 0}
	slices: [{by: asset_type, auc: {max_drop: 0.02}}]
	EOF
	gate -p p.yaml --candidate "$GDATA/ai4i-cand.csv" \
	    --production "$GDATA/ai4i-prod.csv"
	assert_success
	assert_line --regexp '^versus_production\.auc\.min_delta,auc,0\.91191983460551[0-9]*,0\.77660370940670[0-9]*,.*,0\.05,true$'
}

@test "first deployment: comparisons are not applicable and require decides" {
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv"
	assert_success
	assert_line 'versus_production.auc.max_drop,auc,0.9623831453162734,,,,,0.01,n/a'
	assert_line 'slices.asset_type=valve.recall.max_drop,recall,0.8307692307692308,,,,,0.05,n/a'
	assert_stderr_line 'decision: promote (4 passed, 0 failed, 5 not applicable)'
	[[ "$stderr" == *"(first deployment: no production)"* ]]
}

@test "first deployment still fails on require" {
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-prod.csv"
	assert_failure 1
	assert_line --regexp '^require\.recall\.min,.*,false$'
}

@test "the same seed gives the same intervals, another seed others" {
	gate -q -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv" --seed 42 --resamples 300
	first=$output
	gate -q -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv" --seed 42 --resamples 300
	assert_equal "$output" "$first"
	gate -q -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv" --seed 43 --resamples 300
	[ "$output" != "$first" ]
}

@test "the default is 1000 resamples with seed 1, and the table says so" {
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv"
	assert_success
	default=$output
	assert_stderr_line 'policy bearing-failure (classification): 3000 rows, 233 labelled 1; 1000 resamples, seed 1'
	gate -p "$GDATA/policy.yaml" --candidate "$GDATA/gen-cand.csv" \
	    --production "$GDATA/gen-prod.csv" --seed 1 --resamples 1000
	assert_equal "$output" "$default"
}

@test "resampling whole engines widens the interval: C-MAPSS RUL passes by rows, fails by unit" {
	gate -q -p "$GDATA/rul.yaml" --candidate "$GDATA/rul-cand.csv" \
	    --production "$GDATA/rul-prod.csv"
	assert_success
	assert_line --regexp '^versus_production\.rmse\.max_drop,rmse,45\.3264693368[0-9]*,45\.72528267008[0-9]*,.*,1,true$'
	gate -p "$GDATA/rul.yaml" --candidate "$GDATA/rul-cand.csv" \
	    --production "$GDATA/rul-prod.csv" --cluster unit
	assert_failure 1
	assert_line --regexp '^versus_production\.rmse\.max_drop,rmse,.*,1,false$'
	assert_stderr_line "policy turbofan-rul (regression): 13096 rows; 1000 resamples of whole 'unit', seed 1"
}

@test "a rule without confidence needs no bootstrap, so few failures are fine" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\nc,0,0.2\n' >c.csv
	printf 'id,label,score\na,0,0.3\nb,1,0.6\nc,0,0.2\n' >p.csv
	printf 'policy: p\ntask: classification\nversus_production: {auc: {max_drop: 0}}\n' >p.yaml
	gate -q -p p.yaml --candidate c.csv --production p.csv
	assert_success
	assert_output 'rule,metric,candidate,production,delta,ci_low,ci_high,limit,pass
versus_production.auc.max_drop,auc,1,1,0,,,0,true'
}

@test "min_delta on a metric where lower is better wants a lower value" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\nc,0,0.2\n' >c.csv
	printf 'id,label,score\na,0,0.3\nb,1,0.6\nc,0,0.2\n' >p.csv
	printf 'policy: p\ntask: classification\nversus_production: {brier: {min_delta: 0.04}}\n' >p.yaml
	gate -q -p p.yaml --candidate c.csv --production p.csv
	assert_success
	printf 'policy: p\ntask: classification\nversus_production: {brier: {min_delta: 0.1}}\n' >p.yaml
	gate -q -p p.yaml --candidate c.csv --production p.csv
	assert_failure 1
}

@test "the gate event: layer lifecycle, info when promoted, warning when rejected" {
	gate -q -e events.ndjson -p "$GDATA/slice.yaml" \
	    --candidate "$GDATA/slice-cand.csv" --production "$GDATA/slice-prod.csv"
	assert_failure 1
	gate -q -e events.ndjson -p "$GDATA/policy.yaml" \
	    --candidate "$GDATA/gen-cand.csv" --production "$GDATA/gen-prod.csv"
	assert_success
	run cat events.ndjson
	assert_output '{"v":1,"time":"2026-11-25T20:00:00Z","tool":"mlo-retrain-gate","kind":"gate","severity":"warning","layer":"lifecycle","policy":"no-slice-left-behind","decision":"reject","candidate":null,"production":null,"rows":3000,"rules_passed":3,"rules_failed":1,"failed":"slices.asset_type=valve.recall.max_drop","dry_run":false,"message":"candidate rejected: slices.asset_type=valve.recall.max_drop"}
{"v":1,"time":"2026-11-25T20:00:00Z","tool":"mlo-retrain-gate","kind":"gate","severity":"info","layer":"lifecycle","policy":"bearing-failure","decision":"promote","candidate":null,"production":null,"rows":3000,"rules_passed":9,"rules_failed":0,"failed":"","dry_run":false,"message":"candidate may be promoted: 9 rules passed"}'
}

@test "-o writes the rows to a file atomically, -f ndjson as NDJSON" {
	gate -q -o rows.ndjson -f ndjson -p "$GDATA/slice.yaml" \
	    --candidate "$GDATA/slice-cand.csv" --production "$GDATA/slice-prod.csv"
	assert_failure 1
	assert_output ''
	run tail -n 1 rows.ndjson
	assert_output '{"rule":"slices.asset_type=valve.recall.max_drop","metric":"recall","candidate":0.046153846153846156,"production":0.4307692307692308,"delta":-0.38461538461538464,"ci_low":null,"ci_high":null,"limit":0.05,"pass":false}'
}

@test "-q leaves stderr empty" {
	gate -q -p "$GDATA/slice.yaml" --candidate "$GDATA/slice-cand.csv" \
	    --production "$GDATA/slice-prod.csv"
	assert_failure 1
	assert_stderr_empty
}

@test "the table on stderr shows every rule with its verdict" {
	gate -o /dev/null -p "$GDATA/slice.yaml" \
	    --candidate "$GDATA/slice-cand.csv" --production "$GDATA/slice-prod.csv"
	assert_failure 1
	assert_stderr 'policy no-slice-left-behind (classification): 3000 rows, 233 labelled 1
rule                                      candidate  production       delta      ci_low     ci_high       limit  pass
versus_production.recall.max_drop          0.690987    0.484979    0.206009           -           -        0.02  yes
slices.asset_type=fan.recall.max_drop      0.928571    0.514286    0.414286           -           -        0.05  yes
slices.asset_type=pump.recall.max_drop      0.94898         0.5     0.44898           -           -        0.05  yes
slices.asset_type=valve.recall.max_drop   0.0461538    0.430769   -0.384615           -           -        0.05  NO
decision: reject (3 passed, 1 failed, 0 not applicable)'
}

@test "a slice where the metric is undefined is not applicable, not a failure" {
	printf 'id,label,score,site\na,0,0.1,x\nb,1,0.9,x\nc,0,0.2,y\nd,0,0.7,y\n' >c.csv
	printf 'policy: p\ntask: classification\nslices: [{by: site, recall: {min: 0.5}}]\n' >p.yaml
	gate -q -p p.yaml --candidate c.csv
	assert_success
	assert_output 'rule,metric,candidate,production,delta,ci_low,ci_high,limit,pass
slices.site=x.recall.min,recall,1,,,,,0.5,true
slices.site=y.recall.min,recall,,,,,,0.5,n/a'
}

@test "writing the rows to a full disk is trouble" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr sh -c 'mlo-retrain-gate -q -p "$1" --candidate "$2" >/dev/full' \
	    sh "$GDATA/slice.yaml" "$GDATA/slice-cand.csv"
	assert_failure 2
	assert_stderr 'mlo-retrain-gate: write error on <stdout>: No space left on device'
}

@test "a reader that goes away ends the gate quietly" {
	run --separate-stderr sh -c 'mlo-retrain-gate -q -p "$1" --candidate "$2" -f ndjson | head -c 1' \
	    sh "$GDATA/slice.yaml" "$GDATA/slice-cand.csv"
	assert_success
	assert_stderr_empty
}
