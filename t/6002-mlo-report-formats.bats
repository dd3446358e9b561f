#!/usr/bin/env bats
# mlo-report's formats: text in 80 columns with colour only on a terminal
# without NO_COLOR, Markdown, Prometheus text exposition (checked by
# promtool when it is installed, and by shape always), NDJSON; -o FILE
# and -o DIR written atomically; write errors.

load helper

RDATA=$MLO_TOP/t/data/report

# events: a few events of every layer, one with a long message, a long
# entity name, and a contract name with a quote and a backslash.
events() {
	cat >events.ndjson <<-'E'
	{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-validate","kind":"sustained","state":"firing","severity":"critical","layer":"integrity","contract":"pump@1.0.0","column":"flow","entity":"P1","value":453.5,"message":"'flow' outside normal [20, 400] for 2h (now 453.5) and this message goes on for a good while longer than any terminal line could hold, to be wrapped"}
	{"v":1,"time":"2026-11-25T11:00:00Z","tool":"mlo-validate","kind":"null_rate","state":"firing","severity":"warning","layer":"integrity","contract":"pump@1.0.0","column":"flow","entity":"an-asset-with-a-name-far-longer-than-the-column","value":0.08,"limit":0.05,"message":"null rate 8% > 5% | over 1h"}
	{"v":1,"time":"2026-11-25T12:00:00Z","tool":"mlo-drift","kind":"drift","state":"firing","severity":"warning","layer":"model","column":"vib","value":0.31,"limit":0.2,"message":"psi 0.31 > 0.2"}
	{"v":1,"time":"2026-11-25T12:30:00Z","tool":"mlo-validate","kind":"range","severity":"critical","layer":"integrity","contract":"odd\"name\\@1","column":"x","rows":2,"message":"2 rows out of range"}
	{"v":1,"time":"2026-11-25T13:00:00Z","tool":"mlo-validate","kind":"summary","severity":"info","layer":"integrity","contract":"pump@1.0.0","rows":100,"message":"100 rows in"}
	E
}

setup() {
	work_dir
	events
}

report() {
	run --separate-stderr mlo-report --now "$NOW" "$@"
}

@test "text: every line fits 80 columns, no escape codes through a pipe" {
	report events.ndjson
	assert_failure 1
	assert_stderr_empty
	[ "$(printf '%s\n' "$output" | awk 'length($0) > 80' | wc -l)" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c $'\033')" -eq 0 ]
	assert_line --index 0 'mlo report 2026-11-25T20:00:00Z: RED'
	assert_line '  - sustained '"'flow'"' (pump@1.0.0) firing for P1 since 2026-11-25T10:00:00Z:'
	assert_line '    '"'flow'"' outside normal [20, 400] for 2h (now 453.5) and this message goes on'
	assert_line '  an-asset-with-a-name-fa~ AMBER             0         1          0         1'
}

@test "text: colour on a terminal, none with NO_COLOR" {
	run script -qec "mlo-report --now $NOW events.ndjson" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" == *$'\033[1;31mRED\033[0m'* ]]
	run env NO_COLOR=1 script -qec "mlo-report --now $NOW events.ndjson" /dev/null
	[ "$status" -eq 1 ]
	[[ "$output" != *$'\033'* ]]
	run script -qec "mlo-report --now $NOW -f markdown events.ndjson" /dev/null
	[[ "$output" != *$'\033'* ]]
}

@test "markdown: a status table, pipes escaped in cells" {
	report -f markdown events.ndjson
	assert_failure 1
	assert_line --index 0 '# mlo report 2026-11-25T20:00:00Z: RED'
	assert_line '| layer | status | reasons |'
	assert_line --partial '| model | **AMBER** | drift '"'vib'"' firing since 2026-11-25T12:00:00Z: psi 0.31 > 0.2 |'
	assert_line --partial 'null rate 8% > 5% \| over 1h'
	assert_line '| an-asset-with-a-name-far-longer-than-the-column | AMBER | 0 | 1 | 0 | 1 |'
}

@test "prometheus: HELP and TYPE, mlo_ names, _total counters, no timestamps" {
	report -f prometheus --entity-labels 1 events.ndjson
	assert_failure 1
	# every sample is NAME{LABELS} VALUE: two fields, no timestamp
	! printf '%s\n' "$output" | grep -v '^#' |
	    grep -Ev '^mlo_[a-z_]+(\{[a-z_]+="([^"\\]|\\.)*"(,[a-z_]+="([^"\\]|\\.)*")*\})? [-+0-9.e]+$'
	# each family: HELP then TYPE, counters and only they end _total
	printf '%s\n' "$output" | awk '
	    /^# HELP / { help = $3; next }
	    /^# TYPE / { if ($3 != help) exit 1
			 if (($4 == "counter") != ($3 ~ /_total$/)) exit 1 }'
	assert_line 'mlo_layer_status{layer="integrity"} 2'
	assert_line 'mlo_layer_status{layer="model"} 1'
	assert_line 'mlo_conditions_firing{layer="integrity",tool="mlo-validate",kind="sustained",contract="pump@1.0.0",column="flow",severity="critical"} 1'
	assert_line 'mlo_event_value{layer="model",tool="mlo-drift",kind="drift",column="vib"} 0.31'
	assert_line 'mlo_events_total{layer="integrity",tool="mlo-validate",kind="range",contract="odd\"name\\@1",column="x",severity="critical"} 1'
	assert_line 'mlo_events_last_timestamp_seconds 1795611600'
	assert_line 'mlo_entity_status{entity="P1"} 2'
	[ "$(printf '%s\n' "$output" | grep -c '^mlo_entity_status')" -eq 1 ]
}

@test "prometheus: no per-entity series without --entity-labels" {
	report -f prometheus events.ndjson
	refute_output --partial 'entity='
}

@test "prometheus: promtool check metrics finds nothing" {
	command -v promtool >/dev/null ||
	    skip "promtool not installed (Debian package prometheus; ./configure --install-deps)"
	cp "$RDATA/predictions.csv" "$RDATA/outcomes.csv" .
	printf '%s\n' '{"time":"2026-11-25T10:00:00Z","prediction_id":"p1","asset":"A1","model_version":"v3","verdict":"wrong","technician":"T1","note":null,"source":"cli"}' >fb.ndjson
	printf '%s\n' '{"v":1,"time":"2026-11-20T10:00:00Z","tool":"mlo-retrain-gate","decision":"promote","candidate":"v4","production":"v4","prev_sha256":null}' >ledger.ndjson
	mlo-report --now "$NOW" -f prometheus --entity-labels 5 \
	    --feedback fb.ndjson --ledger ledger.ndjson --impact \
	    --predictions predictions.csv --outcomes outcomes.csv \
	    --period 400d --cost-unplanned 1000 -o mlo.prom -q events.ndjson ||
	    [ $? -eq 1 ]
	grep -q '^mlo_impact_money_saved ' mlo.prom
	grep -q '^mlo_feedback_flagging_technicians{model_version="v3"} 1$' mlo.prom
	grep -q '^mlo_production_info{model_version="v4"} 1$' mlo.prom
	run promtool check metrics <mlo.prom
	assert_success
	assert_output ''
	# the examples: valid rules and JSON, only metrics mlo-report writes
	run promtool check rules "$MLO_TOP/examples/prometheus/mlo-alerts.yml"
	assert_success
	jq -e '.panels | length > 0' "$MLO_TOP/examples/prometheus/mlo-dashboard.json"
	for m in $(cat "$MLO_TOP/examples/prometheus/mlo-alerts.yml" \
	    "$MLO_TOP/examples/prometheus/mlo-dashboard.json" |
	    grep -o 'mlo_[a-z_]*' | sort -u); do
		grep -q "^# TYPE $m " mlo.prom || { echo "not written: $m"; false; }
	done
}

@test "-o DIR writes DIR/mlo.prom atomically, 0644, nothing else left" {
	mkdir textfile
	report -f prometheus -o textfile events.ndjson
	assert_failure 1
	assert_output ''
	[ "$(ls -A textfile)" = mlo.prom ]
	[ "$(stat -c %a textfile/mlo.prom)" = 644 ]
	grep -q '^mlo_layer_status{layer="integrity"} 2$' textfile/mlo.prom
	report -f prometheus -o other.prom events.ndjson
	grep -q '^# TYPE mlo_layer_status gauge$' other.prom
	report -f prometheus -o - events.ndjson
	assert_line 'mlo_layer_status{layer="integrity"} 2'
	[ ! -e ./- ]
}

@test "ndjson: one JSON object a line, the same bytes on every run" {
	report -f ndjson events.ndjson
	assert_failure 1
	first=$output
	[ "$(printf '%s\n' "$output" | jq -c . | wc -l)" -eq "$(printf '%s\n' "$output" | wc -l)" ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.type == "report") | .status')" = red ]
	report -f ndjson events.ndjson
	assert_equal "$output" "$first"
}

@test "ndjson: the time buckets of each series (--bucket)" {
	report -f ndjson --bucket 2h events.ndjson
	[ "$(printf '%s\n' "$output" | jq -c 'select(.type == "bucket" and .series == 0)')" = '{"type":"bucket","series":0,"from":"2026-11-25T08:00:00Z","to":"2026-11-25T10:00:00Z","count":1,"warning":0,"critical":1,"value_max":453.5,"value_mean":453.5}' ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.type == "series" and .id == 0) | .kind')" = sustained ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.type == "bucket") | .from' | tr '\n' ' ')" = '2026-11-25T08:00:00Z 2026-11-25T10:00:00Z 2026-11-25T10:00:00Z 2026-11-25T12:00:00Z 2026-11-25T12:00:00Z ' ]
	report -f ndjson --bucket 0s events.ndjson
	assert_failure 2
	assert_stderr_line 'mlo-report: --bucket must be longer than 0'
}

@test "performance: the latest estimate and realised value of each model and metric, in every format" {
	# as mlo-drift writes them: hourly estimates, and at 18:00 the realised
	# values of the windows to 16:00 (placed by window_to); a window that
	# ends after --now is not counted, nor is a run after it
	cat >perf.ndjson <<-'E'
	{"v":1,"time":"2026-11-25T15:05:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T14:00:00Z","window_to":"2026-11-25T15:00:00Z","metric":"recall","estimate":0.8,"rows":500,"message":"m"}
	{"v":1,"time":"2026-11-25T16:05:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T15:00:00Z","window_to":"2026-11-25T16:00:00Z","metric":"recall","estimate":0.75,"rows":500,"message":"m"}
	{"v":1,"time":"2026-11-25T18:00:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T14:00:00Z","window_to":"2026-11-25T15:00:00Z","metric":"recall","estimate":0.8,"realised":0.7,"rows_labelled":500,"message":"m"}
	{"v":1,"time":"2026-11-25T18:00:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T15:00:00Z","window_to":"2026-11-25T16:00:00Z","metric":"recall","estimate":0.75,"realised":0.5,"rows_labelled":500,"message":"m"}
	{"v":1,"time":"2026-11-25T17:05:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","window_from":"1","window_to":"500","metric":"mae","realised":3.25,"rows_labelled":500,"message":"m"}
	{"v":1,"time":"2026-11-25T19:00:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T20:00:00Z","window_to":"2026-11-25T21:00:00Z","metric":"recall","estimate":0.1,"message":"m"}
	{"v":1,"time":"2026-11-25T21:05:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","column":"score","model_version":"v2","window_from":"2026-11-25T19:00:00Z","window_to":"2026-11-25T20:00:00Z","metric":"recall","estimate":0.2,"realised":0.2,"message":"m"}
	E
	report perf.ndjson
	assert_success
	assert_line '  v2                       recall estimated 0.7500, realised 0.5000'
	assert_line '  (none)                   mae estimated -, realised 3.2500'
	report -f markdown perf.ndjson
	assert_line '| v2 | recall, estimated and realised | 4 points | 0.7500, 0.5000 |'
	report -f prometheus perf.ndjson
	assert_line '# TYPE mlo_model_performance gauge'
	assert_line 'mlo_model_performance{model_version="v2",metric="recall",kind="estimated"} 0.75'
	assert_line 'mlo_model_performance{model_version="v2",metric="recall",kind="realised"} 0.5'
	assert_line 'mlo_model_performance{metric="mae",kind="realised"} 3.25'
	[ "$(printf '%s\n' "$output" | grep -c '^mlo_model_performance')" -eq 3 ]
	report -f ndjson --bucket 1h perf.ndjson
	printf '%s\n' "$output" >out.ndjson
	run jq -c 'select(.type == "performance") | [.model_version, .metric, .points, .estimate, .estimate_window_to, .realised, .realised_window_to]' out.ndjson
	assert_output '["v2","recall",4,0.75,"2026-11-25T16:00:00Z",0.5,"2026-11-25T16:00:00Z"]
[null,"mae",1,null,null,3.25,"2026-11-25T17:05:00Z"]'
	# by the hour of the window's end, the mean of its points
	run jq -c 'select(.type == "performance_bucket") | [.performance, .to, .estimate_mean, .realised_mean]' out.ndjson
	assert_output '[0,"2026-11-25T15:00:00Z",0.8,0.7]
[0,"2026-11-25T16:00:00Z",0.75,0.5]
[1,"2026-11-25T18:00:00Z",null,3.25]'
}

@test "a write error is trouble; a closed pipe ends quietly" {
	run --separate-stderr sh -c "mlo-report --now $NOW events.ndjson >/dev/full"
	assert_failure 2
	assert_stderr 'mlo-report: write error on <stdout>: No space left on device'
	run --separate-stderr sh -c "mlo-report --now $NOW events.ndjson | head -1"
	assert_success
	assert_output 'mlo report 2026-11-25T20:00:00Z: RED'
	assert_stderr_empty
}
