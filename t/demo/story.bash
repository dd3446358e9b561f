# t/demo/story.bash: the assertions shared by the demo's suites
# (t/8000-demo.bats runs the short story, t/slow/8900-demo-full.bats the
# whole one).  DEMO is the demo's work directory, DEMO_OUT its output.

# kinds_of TOOL STATE: "kind column" of TOOL's events in STATE, sorted.
kinds_of() {
	jq -r --arg t "$1" --arg s "$2" \
	    'select(.tool == $t and .state == $s) | "\(.kind) \(.column)"' \
	    "$DEMO/events.ndjson" | sort -u
}

story_steps() {
	local n
	for n in 0 1 2 3 4 5 6 7 8 9; do
		grep -q "^== $n\. " "$DEMO_OUT" || { echo "no step $n" >&2; return 1; }
	done
	grep -q "Everything is in $DEMO" "$DEMO_OUT"
}

story_history_holds() {
	run jq -r 'select(.tool == "mlo-validate" and .kind == "summary") | .rows_rejected' \
	    "$DEMO/events.ndjson"
	# the history, then one summary per batch: nothing ever rejected
	[ "${#lines[@]}" -gt 5 ]
	[ -z "$(printf '%s\n' "${lines[@]}" | grep -vx 0)" ]
}

story_stuck_caught() {
	# the frozen P30 channel: stuck on s_7 of one engine, firing then
	# resolved, and no other integrity alarm
	run jq -r 'select(.layer == "integrity" and .severity != "info")
	    | [.kind, .state, .column, (.entity != null)] | map(tostring) | join(" ")' \
	    "$DEMO/events.ndjson"
	assert_output "$(printf '%s\n' 'stuck firing s_7 true' 'stuck resolved s_7 true')"
}

story_recalibration_caught() {
	# the recalibrated T30: drift on s_3 and what is made from it, and
	# prediction_drift; every alarm resolved by the end
	run kinds_of mlo-drift firing
	assert_line 'drift s_3'
	assert_line 'drift s_3_mean_20'
	assert_line 'drift score'
	assert_line 'prediction_drift prediction'
	local l
	for l in "${lines[@]}"; do
		case $l in
		'drift s_3'|'drift s_3_mean_20'|'drift s_3_std_20'|'drift health'|\
		'drift score'|'prediction_drift prediction') ;;
		*) echo "drift on a column the fault does not touch: $l" >&2; return 1 ;;
		esac
	done
	[ "$(kinds_of mlo-drift firing)" = "$(kinds_of mlo-drift resolved)" ]
}

story_feedback_alert() {
	run jq -r 'select(.kind == "alert") | [.tool, .layer, .severity, .model_version] | join(" ")' \
	    "$DEMO/events.ndjson"
	assert_output "mlo-feedback feedback critical $v1"
}

story_gate_decided() {
	run jq -r '[.decision, .candidate, .production] | join(" ")' \
	    "$DEMO/models/ledger.ndjson"
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 "promote $v1 $v1"
	[[ "${lines[1]}" =~ ^(promote|reject)\ 20261201T023000Z-[0-9a-f]{8}\  ]]
	run jq -r 'select(.kind == "gate") | .decision' "$DEMO/events.ndjson"
	[ "${#lines[@]}" -eq 2 ]
	run mlo-retrain-gate --registry "$DEMO/models" --verify
	assert_success
}

story_predictions_versioned() {
	# every live prediction names the production model of its time
	run awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["model_version"] }' "$DEMO/predictions.csv"
	[ "${#lines[@]}" -gt 1000 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u)" = "$v1" ]
}

story_report() {
	[ -x "$MLO_TOP/bin/mlo-report" ] || skip "mlo-report is not built yet"
	[ -s "$DEMO/report.html" ]
	[ -s "$DEMO/mlo.prom" ]
	grep -qi integrity "$DEMO_OUT"
	grep -qi business "$DEMO_OUT"
}

# v1: the first version the registry promoted.
story_v1() {
	v1=$(jq -r 'select(.decision == "promote") | .candidate' \
	    "$DEMO/models/ledger.ndjson" | head -n 1)
}

story_bearings() {
	# FEMTO: every record near the failure drifts on both axes
	run awk -F, 'NR > 1 { print $3, $8 }' "$DEMO/femto-drift.csv"
	[ "${#lines[@]}" -eq 10 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u)" = "$(printf '%s\n' 'acc_h true' 'acc_v true')" ]
	# IMS: healthy bearings minutes apart, no channel drifts
	run awk -F, 'NR > 1 { print $8 }' "$DEMO/ims-drift.csv"
	[ "${#lines[@]}" -eq 16 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u)" = false ]
}
