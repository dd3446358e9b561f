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

# layers_at TIME: "layer status" of the report on the demo's events up
# to TIME.
layers_at() {
	mlo-report -q -f ndjson --until "$1" "$DEMO/events.ndjson" |
	    jq -r 'select(.type == "layer") | "\(.layer) \(.status)"'
}

# first_firing KIND: the time of the first firing event of KIND.
first_firing() {
	jq -r --arg k "$1" 'select(.kind == $k and .state == "firing") | .time' \
	    "$DEMO/events.ndjson" | head -n 1
}

# impact_ref: the demo's failures caught and missed and the median lead
# time in seconds, worked out here from predictions.timed.csv and
# outcomes.live.csv: a failure is caught by its engine's first alert
# 30 s (one cycle) to 900 s (30 cycles) before it.
impact_ref() {
	awk -F, 'FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
	NR == FNR { ft[$c["entity"]] = $c["failure_time"]; next }
	{ split($c["row_id"], id, "@"); u = id[1] }
	(u in ft) && $c["prediction"] == 1 && !(u in lead) &&
	    ft[u] - $c["time"] >= 30 && ft[u] - $c["time"] <= 900 {
		lead[u] = ft[u] - $c["time"]
	}
	END {
		for (u in ft) if (u in lead) x[++n] = lead[u]; else m++
		for (i = 2; i <= n; i++)	# insertion sort
			for (j = i; j > 1 && x[j - 1] > x[j]; j--) {
				t = x[j]; x[j] = x[j - 1]; x[j - 1] = t
			}
		h = (n - 1) * 0.5; lo = int(h)
		med = lo + 1 < n ? x[lo + 1] + (h - lo) * (x[lo + 2] - x[lo + 1]) : x[n]
		printf "%d %d %g\n", n, m, med
	}' "$DEMO/outcomes.live.csv" "$DEMO/predictions.timed.csv"
}

story_report() {
	local t n ref caught missed med report
	[ -x "$MLO_TOP/bin/mlo-report" ] || skip "mlo-report is not built yet"
	# while each fault fired, its layer was amber or red; the demo
	# showed it
	t=$(first_firing stuck)
	run layers_at "$t"
	assert_line --regexp '^integrity (amber|red)$'
	assert_line 'model green'
	grep -qF -- "--until $t events.ndjson" "$DEMO_OUT"
	t=$(first_firing drift)
	run layers_at "$t"
	assert_line --regexp '^model (amber|red)$'
	grep -qF -- "--until $t events.ndjson" "$DEMO_OUT"
	[ "$(grep -c '^integrity  AMBER$' "$DEMO_OUT")" -ge 1 ]
	[ "$(grep -c '^model      AMBER$' "$DEMO_OUT")" -ge 1 ]

	# the stamped inputs: each failed engine's last prediction is at
	# its failure, on its last cycle
	run awk -F, 'FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
	    NR == FNR { f[$c["entity"]] = $c["cycle"] " " $c["failure_time"]; next }
	    { split($c["row_id"], id, "@"); last[id[1]] = $c["cycle"] " " $c["time"] }
	    END { for (u in f) print u, f[u] == last[u] ? "ok" : "off: " f[u] " vs " last[u] }' \
	    "$DEMO/outcomes.live.csv" "$DEMO/predictions.timed.csv"
	[ "${#lines[@]}" -ge 5 ]
	refute_output --partial off

	# the text report ends the demo: the statuses after the faults
	# resolved, with the feedback alert still standing
	report=$BATS_TEST_TMPDIR/report.txt
	sed -n '/^\$ examples\/cron\/report.sh text$/,$p' "$DEMO_OUT" >"$report"
	run cat "$report"
	assert_line --index 1 'mlo report 2026-12-01T03:00:00Z: RED'
	assert_line 'integrity  GREEN'
	assert_line 'model      GREEN'
	assert_line 'feedback   RED'
	assert_line 'lifecycle  GREEN'
	assert_line 'business impact'
	# the impact, against the one worked out here
	ref=$(impact_ref)
	read -r caught missed med <<<"$ref"
	n=$(($(wc -l <"$DEMO/outcomes.live.csv") - 1))
	[ "$caught" -gt 0 ] && [ $((caught + missed)) -eq "$n" ]
	assert_line "  failures    $caught caught, $missed missed, 0 unmonitored"
	assert_line "  downtime    $((48 * caught)) h avoided of $((48 * n)) h"
	assert_line --regexp '^  lead time   median [0-9]+m'
	assert_line --regexp '^  money saved [0-9]+\.[0-9]{2}$'
	if [ "$missed" -eq 0 ]; then
		assert_line 'business   GREEN'
	else
		assert_line --regexp '^business   (AMBER|RED)$'
	fi
	run jq -r 'select(.type == "impact") | "\(.caught) \(.missed) \(.lead_time_median_s)"' \
	    < <(mlo-report -q -f ndjson --period 31d --now 2026-12-01T03:00:00Z \
	    --impact --predictions "$DEMO/predictions.timed.csv" \
	    --outcomes "$DEMO/outcomes.live.csv" --lead 30s..15m \
	    "$DEMO/events.ndjson")
	assert_output "$ref"

	# Prometheus: the file node_exporter reads, clean to promtool
	grep -qx 'mlo_layer_status{layer="feedback"} 2' "$DEMO/mlo.prom"
	grep -qx "mlo_impact_failures{outcome=\"caught\"} $caught" "$DEMO/mlo.prom"
	if command -v promtool >/dev/null; then
		run promtool check metrics <"$DEMO/mlo.prom"
		assert_success
		assert_output ''
	fi

	# HTML when this mlo-report writes it, and the demo says where
	if mlo-report -q -f html --now "$NOW" </dev/null >/dev/null 2>&1 ||
	    [ $? -eq 1 ]; then
		[ -s "$DEMO/report.html" ]
		grep -qF "$DEMO/report.html" "$DEMO_OUT"
	else
		[ ! -e "$DEMO/report.html" ]
		grep -qF 'writes no HTML yet' "$DEMO_OUT"
	fi
}

# story_performance: the live monitor estimated v1's precision, recall
# and accuracy in each window without labels; when the labels came, a
# run put the realised values beside the estimates (the rows of
# performance.csv), and during the recalibration the realised precision
# fell where the estimate could not see it; the page charts both.
story_performance() {
	local ev=$DEMO/events.ndjson
	# live: estimates only, one point per metric of every closed window
	run jq -r 'select(.kind == "performance_window" and (has("realised") | not)) | .metric' "$ev"
	[ "${#lines[@]}" -ge 9 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort | uniq -c | awk '{ print $1 }' | sort -u | wc -l)" -eq 1 ]
	# labelled: the realised values are performance.csv's label rows
	awk -F, '$3 == "label" && $4 ~ /^(precision|recall|accuracy)$/ && $8 != "insufficient" {
	    print $2 " " $4 "\t" $5 }' "$DEMO/performance.csv" | sort >want.tsv
	jq -r 'select(.kind == "performance_window" and has("realised")) |
	    [.window_to + " " + .metric, .realised] | @tsv' "$ev" | sort >got.tsv
	[ "$(wc -l <got.tsv)" -ge 9 ]
	run awk -F '\t' 'NR == FNR { w[$1] = $2; next }
	    !($1 in w) || w[$1] + 0 != $2 + 0 { print "differs: " $0; bad = 1 }
	    END { exit bad }' want.tsv got.tsv
	assert_success
	[ "$(wc -l <want.tsv)" -eq "$(wc -l <got.tsv)" ]
	# the recalibration: a window whose realised precision is below the
	# estimate's bound
	run jq -r 'select(.kind == "performance_window" and .metric == "precision" and has("realised")
	    and .realised < .estimate - .error_bound) | .window_to' "$ev"
	[ "${#lines[@]}" -ge 1 ]
	# the page: a chart of each metric, both lines with data
	run grep -A1 '^<h3>Performance: ' "$DEMO/report.html"
	[ "$(printf '%s\n' "$output" | grep -c '^<h3>Performance: [a-z]*, estimated against realised, model ')" -eq 3 ]
	[ "$(printf '%s\n' "$output" | grep -cE 'estimated: [0-9]+ of [0-9]+ intervals with data.* realised: [0-9]+ of [0-9]+ intervals with data')" -eq 3 ]
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
