#!/usr/bin/env bats
# mlo-report: the status of each layer from the events still firing and
# the recent one-off events, the ledger and the feedback logs; exit 1 when
# a layer is red.  Events are written here line by line, so each case
# shows what it is about.

load helper

# ev TIME KIND STATE SEVERITY LAYER [EXTRA]: one event line; STATE "-"
# for a one-off finding; EXTRA more "key":value pairs.
ev() {
	local state=

	[ "$3" != - ] && state="\"state\":\"$3\","
	printf '{"v":1,"time":"%s","tool":"mlo-validate","kind":"%s",%s"severity":"%s","layer":"%s","contract":"pump@1.0.0"%s,"message":"%s %s"}\n' \
	    "$1" "$2" "$state" "$4" "$5" "${6:+,$6}" "$2" "$3"
}

# has FILTER: FILTER over the ndjson of the last run gives at least one
# value, and only true (jq 1.6's -e looks at the last input only).
has() {
	printf '%s\n' "$output" | jq -se "[.[] | $1] | length > 0 and all" >/dev/null
}

# ledger RECORD...: ledger.ndjson of RECORDs (JSON objects without their
# closing brace) chained by prev_sha256 as mlo-retrain-gate writes them.
ledger() {
	local prev=null line

	: >ledger.ndjson
	for line; do
		line="$line,\"prev_sha256\":$prev}"
		printf '%s\n' "$line" >>ledger.ndjson
		prev="\"$(printf '%s' "$line" | sha256sum | cut -d' ' -f1)\""
	done
}

report() {
	run --separate-stderr mlo-report --now "$NOW" "$@"
}

# status LAYER: the layer's status in the ndjson of the last run.
status() {
	printf '%s\n' "$output" | jq -r "select(.type == \"layer\" and .layer == \"$1\") | .status"
}

@test "no events in the period: integrity amber, the rest green, exit 0" {
	ev 2026-11-20T10:00:00Z summary - info integrity >events.ndjson
	report -f ndjson events.ndjson
	assert_success
	assert_stderr_empty
	[ "$(status integrity)" = amber ]
	[ "$(status model)" = green ]
	has 'select(.type == "reason") | .message == "no events in the period: is the pipeline running?"'
}

@test "info events leave every layer green" {
	ev 2026-11-25T10:00:00Z summary - info integrity >events.ndjson
	report -f ndjson events.ndjson
	assert_success
	for l in integrity model business feedback lifecycle; do
		[ "$(status $l)" = green ]
	done
}

@test "a warning condition still firing makes its layer amber; its resolution green" {
	ev 2026-11-25T10:00:00Z null_rate firing warning integrity '"column":"flow","entity":"P1","value":0.08' >events.ndjson
	report -f ndjson events.ndjson
	assert_success
	[ "$(status integrity)" = amber ]
	has 'select(.type == "reason") | .message | test("^null_rate .flow. \\(pump@1.0.0\\) firing for P1 since 2026-11-25T10:00:00Z: null_rate firing$")'
	ev 2026-11-25T11:00:00Z null_rate resolved warning integrity '"column":"flow","entity":"P1"' >>events.ndjson
	report -f ndjson events.ndjson
	assert_success
	[ "$(status integrity)" = green ]
}

@test "a critical condition firing makes its layer red and exits 1, until it resolves" {
	ev 2026-11-20T10:00:00Z sustained firing critical integrity '"column":"flow","entity":"P1"' >events.ndjson
	report events.ndjson
	assert_failure 1
	assert_line --index 0 'mlo report 2026-11-25T20:00:00Z: RED'
	assert_line 'integrity  RED'
	assert_line "  - sustained 'flow' (pump@1.0.0) firing for P1 since 2026-11-20T10:00:00Z:"
	assert_line '    sustained firing'
	# an older firing left before --since still holds: it has not resolved
	ev 2026-11-25T12:00:00Z sustained resolved critical integrity '"column":"flow","entity":"P1"' >>events.ndjson
	report events.ndjson
	assert_success
	assert_line 'integrity  GREEN'
}

@test "conditions of several entities are one reason with their count" {
	for e in P1 P2 P3; do
		ev 2026-11-25T1$((${e#P} + 1)):00:00Z stuck firing warning integrity "\"column\":\"flow\",\"entity\":\"$e\""
	done >events.ndjson
	ev 2026-11-25T19:00:00Z stuck resolved warning integrity '"column":"flow","entity":"P2"' >>events.ndjson
	report -f ndjson events.ndjson
	assert_success
	has 'select(.type == "reason") | .message | test("^stuck .flow. \\(pump@1.0.0\\): 2 firing, the latest for P3 since 2026-11-25T14:00:00Z")'
	has 'select(.type == "series") | .firing_warning == 2'
}

@test "a critical one-off event is red within the period, not before it" {
	ev 2026-11-25T10:00:00Z range - critical integrity '"column":"flow","rows":3' >events.ndjson
	report events.ndjson
	assert_failure 1
	assert_line "  - range 'flow' (pump@1.0.0): 1 critical event in the period, latest: range -"
	report --period 6h events.ndjson
	assert_success
	report --since 2026-11-25T09:00:00Z --until 2026-11-25T11:00:00Z events.ndjson
	assert_failure 1
	# what comes after --until has not happened yet
	report -f ndjson --since 2026-11-25T08:00:00Z --until 2026-11-25T09:00:00Z events.ndjson
	assert_success
	has 'select(.type == "report") | .events_read == 0'
}

@test "events of an unknown kind count by their layer and severity" {
	ev 2026-11-25T10:00:00Z calibration_break - critical model '"column":"score"' >events.ndjson
	report -f ndjson events.ndjson
	assert_failure 1
	[ "$(status model)" = red ]
	[ "$(status integrity)" = green ]
}

@test "gate events: a rejection is amber, a failed retrain red" {
	printf '%s\n' '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-retrain-gate","kind":"gate","severity":"warning","layer":"lifecycle","policy":"p","decision":"reject","candidate":"v5","message":"candidate rejected"}' >events.ndjson
	report -f ndjson events.ndjson
	assert_success
	[ "$(status lifecycle)" = amber ]
	printf '%s\n' '{"v":1,"time":"2026-11-25T11:00:00Z","tool":"retrain.sh","kind":"retrain_failed","severity":"critical","layer":"lifecycle","step":"train","message":"training failed"}' >>events.ndjson
	report -f ndjson events.ndjson
	assert_failure 1
	[ "$(status lifecycle)" = red ]
}

@test "events from several files, gzip and stdin" {
	ev 2026-11-25T10:00:00Z drift firing warning model '"column":"vib"' >a.ndjson
	ev 2026-11-25T11:00:00Z range - critical integrity '"column":"flow"' | gzip >b.ndjson.gz
	report -f ndjson a.ndjson b.ndjson.gz
	assert_failure 1
	[ "$(status model)" = amber ]
	[ "$(status integrity)" = red ]
	has 'select(.type == "report") | .events_read == 2'
	run --separate-stderr sh -c "cat a.ndjson | mlo-report --now $NOW -f ndjson"
	assert_success
	[ "$(status model)" = amber ]
	run --separate-stderr sh -c "cat a.ndjson | mlo-report --now $NOW -f ndjson - b.ndjson.gz"
	assert_failure 1
}

@test "the ledger: gate history, production, a rejection in the period is amber" {
	ledger '{"v":1,"time":"2026-11-20T10:00:00Z","tool":"mlo-retrain-gate","decision":"promote","candidate":"v4","production_before":"v3","production":"v4","failed":""' \
	    '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-retrain-gate","decision":"reject","candidate":"v5","production_before":"v4","production":"v4","failed":"auc.min recall.min"'
	ev 2026-11-25T10:00:00Z summary - info integrity >events.ndjson
	report -f ndjson --ledger ledger.ndjson events.ndjson
	assert_success
	[ "$(status lifecycle)" = amber ]
	has 'select(.type == "reason" and .layer == "lifecycle") | .message == "candidate v5 rejected at 2026-11-25T10:00:00Z: failed auc.min recall.min"'
	[ "$(printf '%s\n' "$output" | jq -c 'select(.type == "gate") | [.decision, .production]' | tr '\n' ' ')" = '["promote","v4"] ["reject","v4"] ' ]
	report --ledger ledger.ndjson --period 2h events.ndjson
	assert_success
	assert_line 'lifecycle  GREEN'
	assert_line '  production: v4'
	assert_line 'retrain gate (2 records)'
}

@test "a ledger whose hash chain is broken is amber" {
	ledger '{"v":1,"time":"2026-11-20T10:00:00Z","tool":"mlo-retrain-gate","decision":"promote","candidate":"v4","production":"v4"' \
	    '{"v":1,"time":"2026-11-21T10:00:00Z","tool":"mlo-retrain-gate","decision":"promote","candidate":"v5","production":"v5"'
	sed -i '1s/v4/v3/g' ledger.ndjson
	ev 2026-11-25T10:00:00Z summary - info integrity >events.ndjson
	report --ledger ledger.ndjson events.ndjson
	assert_success
	assert_line 'lifecycle  AMBER'
	assert_line "  - the ledger's hash chain is broken in 1 place (mlo-retrain-gate --verify)"
}

@test "feedback: one technician's flag is amber, three technicians' red" {
	for t in T1 T2 T3; do
		printf '{"time":"2026-11-25T1%s:00:00Z","prediction_id":"p%s","asset":"A1","model_version":"v3","verdict":"wrong","technician":"%s","note":null,"source":"cli"}\n' "${t#T}" "${t#T}" "$t"
	done >fb.ndjson
	ev 2026-11-25T10:00:00Z summary - info integrity >events.ndjson
	head -1 fb.ndjson >one.ndjson
	report -f ndjson --feedback one.ndjson events.ndjson
	assert_success
	[ "$(status feedback)" = amber ]
	report -f ndjson --feedback fb.ndjson events.ndjson
	assert_failure 1
	[ "$(status feedback)" = red ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.type == "reason") | .message')" = "asset A1: 3 predictions flagged wrong by 3 technicians in the period
model v3: 3 predictions flagged wrong by 3 technicians in the period" ]
	report -f ndjson --feedback fb.ndjson --alert-technicians 4 events.ndjson
	assert_success
}

@test "feedback: three technicians flagging one asset across models is red" {
	for t in 1 2 3; do
		printf '{"time":"2026-11-25T1%s:00:00Z","prediction_id":"p%s","asset":"A7","model_version":"v%s","verdict":"wrong","technician":"T%s","note":null,"source":"cli"}\n' "$t" "$t" "$t" "$t"
	done >fb.ndjson
	ev 2026-11-25T10:00:00Z summary - info integrity >events.ndjson
	report -f ndjson --feedback fb.ndjson events.ndjson
	assert_failure 1
	[ "$(status feedback)" = red ]
	has 'select(.type == "reason" and .status == "red") | .message == "asset A7: 3 predictions flagged wrong by 3 technicians in the period"'
}
