#!/usr/bin/env bats
# make demo, the whole story (examples/demo.sh without --small): the same
# assertions as t/8000-demo.bats on the full fleet.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper
load ../demo/story

setup_file() {
	export DEMO=$BATS_FILE_TMPDIR/demo DEMO_OUT=$BATS_FILE_TMPDIR/demo.out
	st=0
	sh "$MLO_TOP/examples/demo.sh" "$DEMO" >"$DEMO_OUT" 2>&1 || st=$?
	echo $st >"$BATS_FILE_TMPDIR/demo.status"
}

setup() {
	work_dir
	story_v1
}

@test "the whole demo exits 0 and tells every step" {
	[ "$(cat "$BATS_FILE_TMPDIR/demo.status")" = 0 ] || cat "$DEMO_OUT" >&2
	[ "$(cat "$BATS_FILE_TMPDIR/demo.status")" = 0 ]
	story_steps
}

@test "whole demo: the history and every batch hold the contract" {
	story_history_holds
}

@test "whole demo: the frozen channel is caught as stuck and resolves" {
	story_stuck_caught
}

@test "whole demo: the recalibration is caught as drift and prediction_drift" {
	story_recalibration_caught
}

@test "whole demo, real vibration: a failing FEMTO bearing drifts, healthy IMS bearings do not" {
	story_bearings
}

@test "whole demo: the feedback alert, the gate's decisions, versioned predictions" {
	story_feedback_alert
	story_gate_decided
	story_predictions_versioned
}

@test "whole demo: performance estimated live, realised when the labels came" {
	story_performance
}

@test "whole demo: the report's layers, impact, Prometheus and HTML" {
	story_report
}
