#!/usr/bin/env bats
# mlo-retrain-gate: input it must refuse is trouble (exit 2) with a message
# that says where and what: labels, scores, one class, empty files,
# duplicate or unmatched ids, too few failures for an interval, missing
# files and columns, bad usage.  Nothing is written to stdout then.

load helper

GDATA=$MLO_TOP/t/data/gate

setup() {
	work_dir
	printf 'policy: p\ntask: classification\nrequire: {auc: {min: 0.5}}\n' >auc.yaml
	printf 'policy: p\ntask: classification\nrequire: {brier: {max: 0.5}}\n' >brier.yaml
}

gate() {
	run --separate-stderr mlo-retrain-gate --now "$NOW" "$@"
}

@test "a label other than 0 or 1 is trouble naming its line" {
	printf 'id,label,score\na,0,0.1\nb,2,0.9\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-retrain-gate: c.csv:3: label '2' is not 0 or 1"
}

@test "an empty label is trouble naming its line" {
	printf 'id,label,score\na,0,0.1\nb,,0.9\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv:3: label is empty"
}

@test "a score outside [0, 1] is trouble where a probability is needed" {
	printf 'id,label,score\na,0,0.1\nb,1,1.5\n' >c.csv
	gate -p brier.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv:3: score 1.5 is not a probability in [0, 1] (brier and log_loss need one)"
}

@test "a score outside [0, 1] is fine for auc, which only ranks" {
	printf 'id,label,score\na,0,-3\nb,1,7.5\n' >c.csv
	gate -q -p auc.yaml --candidate c.csv
	assert_success
}

@test "a score that is not a number is trouble" {
	printf 'id,label,score\na,0,0.1\nb,1,high\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv:3: score 'high' is not a number"
}

@test "a NaN score is trouble" {
	printf 'id,label,score\na,0,0.1\nb,1,nan\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv:3: score 'nan' is not a finite number"
}

@test "one class in the holdout: auc is undefined, a clear message and not NaN" {
	printf 'id,label,score\na,0,0.1\nb,0,0.9\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-retrain-gate: c.csv: every label is 0: auc, recall and false_alarm_rate are undefined with one class; the holdout needs failures and non-failures"
}

@test "an empty file is trouble" {
	: >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no rows"
}

@test "a header without rows is trouble" {
	printf 'id,label,score\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no rows"
}

@test "an empty production file is trouble too" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	: >p.csv
	gate -p auc.yaml --candidate c.csv --production p.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.csv: no rows"
}

@test "a duplicate id is trouble naming both lines" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\na,1,0.8\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv:4: duplicate id 'a', first on line 2"
}

@test "ids of the candidate missing from production: how many and the first few" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\nc,0,0.2\nd,1,0.7\ne,0,0.3\nf,0,0.1\n' >c.csv
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >p.csv
	gate -p auc.yaml --candidate c.csv --production p.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: 4 ids of c.csv are not in p.csv: 'c', 'd', 'e', ..."
}

@test "ids of production missing from the candidate" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	printf 'id,label,score\na,0,0.1\nb,1,0.9\nz,1,0.5\n' >p.csv
	gate -p auc.yaml --candidate c.csv --production p.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: 1 id of p.csv is not in c.csv: 'z'"
}

@test "labels that differ between the two files are trouble" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	printf 'id,label,score\nb,0,0.9\na,0,0.1\n' >p.csv
	gate -p auc.yaml --candidate c.csv --production p.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: 1 label differs between c.csv and p.csv: 'b' (c.csv:3, p.csv:2)"
}

@test "no label column is trouble saying what a holdout needs" {
	printf 'id,y,score\na,0,0.1\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no column 'label': a holdout needs id, label, and score or prediction"
}

@test "no score and no prediction column is trouble" {
	printf 'id,label,p\na,0,0.1\n' >c.csv
	gate -p auc.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no column 'score' or 'prediction'"
}

@test "row_id serves as the id when there is no id column" {
	printf 'row_id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	gate -q -p auc.yaml --candidate c.csv
	assert_success
}

@test "a slice column missing from the candidate is trouble" {
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	printf 'policy: p\ntask: classification\nslices: [{by: site, recall: {min: 0}}]\n' >s.yaml
	gate -p s.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: c.csv: no column 'site'"
}

@test "a missing candidate file is trouble naming it" {
	gate -p auc.yaml --candidate nope.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: nope.csv: No such file or directory"
}

@test "fewer than 10 failures with a confidence rule is a refusal, not a coin toss" {
	awk 'BEGIN { print "id,label,score"; for (i = 0; i < 200; i++) printf "r%d,%d,%.2f\n", i, i % 25 == 0, (i % 25 == 0) ? 0.8 : 0.2 }' >c.csv
	cp c.csv p.csv
	printf 'policy: p\ntask: classification\nversus_production: {auc: {max_drop: 0.01, confidence: 0.95}}\n' >conf.yaml
	gate -p conf.yaml --candidate c.csv --production p.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-retrain-gate: c.csv: 8 rows labelled 1: too few for a bootstrap interval (at least 10 of each class); gather more, or take 'confidence' out of the policy"
}

@test "fewer than 10 clusters is a refusal too" {
	cp "$GDATA/gen-cand.csv" "$GDATA/gen-prod.csv" .
	gate -p "$GDATA/policy.yaml" --candidate gen-cand.csv --production gen-prod.csv --cluster asset_type
	assert_failure 2
	assert_stderr "mlo-retrain-gate: gen-cand.csv: 3 values of 'asset_type': too few clusters for a bootstrap interval (at least 10)"
}

@test "files of two feature definitions are refused" {
	printf 'id,label,score,feature_set\na,0,0.1,bearing@3#aaaaaaaa\nb,1,0.9,bearing@3#aaaaaaaa\n' >c.csv
	printf 'x,feature_set\n1,bearing@2#bbbbbbbb\n' >train.csv
	gate -p auc.yaml --candidate c.csv --data train.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: feature_set 'bearing@3#aaaaaaaa' of c.csv differs from 'bearing@2#bbbbbbbb' of train.csv: the data were not made by the same feature definition"
}

@test "a policy with an unknown metric is trouble with file:line:col and a hint" {
	printf 'policy: p\ntask: classification\nrequire:\n  acu: {min: 0.5}\n' >bad.yaml
	printf 'id,label,score\na,0,0.1\nb,1,0.9\n' >c.csv
	gate -p bad.yaml --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: bad.yaml:4:3: unknown metric 'acu' in 'require', did you mean 'auc'?"
}

@test "usage: a policy and a candidate are needed" {
	gate --candidate c.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: a policy is needed: -p POLICY
Try 'mlo-retrain-gate --help' for more information."
	gate -p auc.yaml
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: the candidate's predictions are needed: --candidate FILE"
}

@test "usage: --registry needs --model-dir, and --model-dir --registry" {
	gate -p auc.yaml --candidate c.csv --registry models
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: --registry needs --model-dir PATH, the candidate's files to promote"
	gate -p auc.yaml --candidate c.csv --model-dir build
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: --model-dir needs --registry DIR"
	[ ! -e models ]
}

@test "usage: --resamples and --seed take whole numbers" {
	gate -p auc.yaml --candidate c.csv --resamples 0
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: --resamples takes a whole number from 1 to 1000000, not '0'"
	gate -p auc.yaml --candidate c.csv --seed x
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: --seed takes a whole number from 0 to 9223372036854775807, not 'x'"
}

@test "usage: --rollback, --history and --verify need a registry" {
	gate --history
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: --history needs --registry DIR"
}

@test "usage: an unknown option" {
	gate --frobnicate
	assert_failure 2
	assert_stderr_line "Try 'mlo-retrain-gate --help' for more information."
}

@test "--help and --version" {
	run --separate-stderr mlo-retrain-gate --help
	assert_success
	assert_line --index 0 --partial 'usage: mlo-retrain-gate -p POLICY --candidate FILE'
	run --separate-stderr mlo-retrain-gate -V
	assert_success
	assert_output --regexp '^mlo-retrain-gate \(mlo\) [0-9]'
}
