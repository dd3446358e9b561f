#!/usr/bin/env bats
# mlo-retrain-gate --lint: a policy (mlo-policy(5)) is checked without
# data; every mistake is reported as FILE:LINE:COL and is exit 2.

load helper

GDATA=$MLO_TOP/t/data/gate

# lint TEXT: write TEXT to p.yaml and lint it.
lint() {
	printf '%s\n' "$1" >p.yaml
	run --separate-stderr mlo-retrain-gate --lint p.yaml
}

@test "the shipped policies are fine" {
	for p in policy slice rul all-cls all-reg; do
		run --separate-stderr mlo-retrain-gate --lint "$GDATA/$p.yaml"
		assert_success
	done
	run --separate-stderr mlo-retrain-gate --lint "$GDATA/policy.yaml"
	assert_output "$GDATA/policy.yaml: policy bearing-failure, classification, 7 rules: ok"
}

@test "the example of mlo-policy(5) lints" {
	run --separate-stderr mlo-retrain-gate --lint "$MLO_TOP/examples/cron/policy.yaml"
	assert_success
}

@test "an unknown metric, with a hint" {
	lint 'policy: p
task: classification
versus_production:
  recal: {max_drop: 0.1}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:3: unknown metric 'recal' in 'versus_production', did you mean 'recall'?"
}

@test "an unknown metric far from any lists the task's metrics" {
	lint 'policy: p
task: regression
require:
  banana: {max: 1}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:3: unknown metric 'banana' in 'require' (regression metrics: mae, rmse, r2, phm08)"
}

@test "a metric of the other task" {
	lint 'policy: p
task: regression
require:
  auc: {min: 0.9}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:3: 'auc' is a classification metric, and the policy's task is regression"
}

@test "an unknown key, with a hint" {
	lint 'policy: p
task: classification
treshold: 0.4
require: {auc: {min: 0.9}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:3:1: unknown key 'treshold', did you mean 'threshold'?"
}

@test "a task that is neither" {
	lint 'policy: p
task: ranking
require: {auc: {min: 0.9}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:2:7: 'task' is 'classification' or 'regression', not 'ranking'"
}

@test "no policy name" {
	lint 'task: classification
require: {auc: {min: 0.9}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:1:1: missing key 'policy'"
}

@test "a policy without rules" {
	lint 'policy: p
task: classification'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:1:1: the policy has no rule: give 'require', 'versus_production' or 'slices'"
}

@test "require without min or max" {
	lint 'policy: p
task: classification
require:
  auc: {}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:8: 'auc' in 'require' needs 'min' or 'max'"
}

@test "both max_drop and min_delta" {
	lint 'policy: p
task: classification
versus_production:
  auc: {max_drop: 0.01, min_delta: 0.02}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:36: 'auc' has both 'max_drop' and 'min_delta': give one"
}

@test "a confidence out of range" {
	lint 'policy: p
task: classification
versus_production:
  auc: {max_drop: 0.01, confidence: 95}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:37: 'confidence' needs a number from 0.5 up to (not including) 1, got 95"
}

@test "a negative max_drop" {
	lint 'policy: p
task: classification
versus_production:
  auc: {max_drop: -0.01}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:19: 'max_drop' needs a number >= 0, got -0.01"
}

@test "a limit that is not a number" {
	lint 'policy: p
task: classification
require:
  auc: {min: high}'
	assert_failure 2
	[[ "$stderr" == "mlo-retrain-gate: p.yaml:4:14: "*"'min'"* ]]
}

@test "cost metrics need the costs" {
	lint 'policy: p
task: classification
require:
  cost_per_1000: {max: 9000}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:24: 'cost_per_1000' needs the costs: cost: {missed_failure: N, false_alarm: N}"
}

@test "a cost without false_alarm" {
	lint 'policy: p
task: classification
cost: {missed_failure: 100}
require: {cost: {max: 9000}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:3:7: missing key 'false_alarm' in 'cost'"
}

@test "a slice without by" {
	lint 'policy: p
task: classification
slices:
  - {recall: {max_drop: 0.05}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:5: missing key 'by' in 'slices[0]'"
}

@test "a slice rule does not take a confidence" {
	lint 'policy: p
task: classification
slices:
  - {by: site, recall: {max_drop: 0.05, confidence: 0.9}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:4:41: unknown key 'confidence' in 'recall'"
}

@test "threshold is for classification" {
	lint 'policy: p
task: regression
threshold: 0.5
require: {mae: {max: 3}}'
	assert_failure 2
	assert_stderr "mlo-retrain-gate: p.yaml:3:12: 'threshold' is for classification"
}

@test "a YAML syntax error" {
	lint 'policy: p
task: [classification'
	assert_failure 2
	[[ "$stderr" == "mlo-retrain-gate: p.yaml:"* ]]
}

@test "a missing policy file" {
	run --separate-stderr mlo-retrain-gate --lint nope.yaml
	assert_failure 2
	assert_stderr "mlo-retrain-gate: nope.yaml: No such file or directory"
}
