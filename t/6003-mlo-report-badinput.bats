#!/usr/bin/env bats
# mlo-report on bad input: an unknown event version, a torn last line,
# events out of time order, lines that are not events, outcomes for
# unknown entities, predictions without outcomes, an empty period, bad
# values in predictions and outcomes, missing files and bad usage.

load helper

RDATA=$MLO_TOP/t/data/report

ev() {
	local state=

	[ "$3" != - ] && state="\"state\":\"$3\","
	printf '{"v":1,"time":"%s","tool":"mlo-validate","kind":"%s",%s"severity":"%s","layer":"integrity","contract":"pump@1.0.0","column":"flow","entity":"P1","message":"%s"}\n' \
	    "$1" "$2" "$state" "$4" "$2"
}

report() {
	run --separate-stderr mlo-report --now "$NOW" "$@"
}

q() {
	printf '%s\n' "$output" | jq -r "$1"
}

@test "an event of an unknown version is skipped with one warning, counted" {
	ev 2026-11-25T10:00:00Z range - warning >events.ndjson
	ev 2026-11-25T11:00:00Z range - critical | sed 's/"v":1/"v":2/' >>events.ndjson
	ev 2026-11-25T12:00:00Z range - critical | sed 's/"v":1/"v":2/' >>events.ndjson
	report -f ndjson events.ndjson
	assert_success
	assert_stderr "mlo-report: events.ndjson:2: event version 2 is not known (this mlo-report reads version 1): skipped
mlo-report: events.ndjson: 2 events of an unknown version skipped (the first on line 2)"
	[ "$(q 'select(.type == "report") | [.events_read, .events_unknown_version] | @tsv')" = "1	2" ]
	[ "$(q 'select(.type == "layer" and .layer == "integrity") | .status')" = amber ]
	report -q events.ndjson
	assert_success
	assert_stderr_empty
	assert_line 'events: 1 read, 1 in the period, 2 of an unknown version skipped'
}

@test "a torn last line is skipped with a warning, not trouble" {
	ev 2026-11-25T10:00:00Z range - warning >events.ndjson
	ev 2026-11-25T11:00:00Z range - critical | head -c 60 >>events.ndjson
	report -f ndjson events.ndjson
	assert_success
	assert_stderr 'mlo-report: events.ndjson:2: torn last line (no newline): skipped'
	[ "$(q 'select(.type == "report") | [.events_read, .events_torn] | @tsv')" = "1	1" ]
}

@test "events out of time order: a condition's state is its latest event's" {
	ev 2026-11-25T12:00:00Z stuck resolved warning >events.ndjson
	ev 2026-11-25T10:00:00Z stuck firing warning >>events.ndjson
	report -f ndjson events.ndjson
	assert_success
	assert_stderr_empty
	[ "$(q 'select(.type == "layer" and .layer == "integrity") | .status')" = green ]
	[ "$(q 'select(.type == "report") | .events_out_of_order')" = 1 ]
	# across files too
	ev 2026-11-25T13:00:00Z stuck firing warning >later.ndjson
	report -f ndjson later.ndjson events.ndjson
	[ "$(q 'select(.type == "layer" and .layer == "integrity") | .status')" = amber ]
}

@test "a line that is not an event is trouble, named, and the report still comes" {
	ev 2026-11-25T10:00:00Z range - critical >events.ndjson
	printf '%s\n' '{"v":1,"time":"yesterday","tool":"x","kind":"y","severity":"info","layer":"integrity"}' \
	    '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"x","kind":"y","severity":"fatal","layer":"integrity"}' \
	    '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"x","kind":"y","severity":"info","layer":"plant"}' \
	    '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"x","kind":"y","severity":"info","layer":"model","state":"on"}' \
	    '{"time":"2026-11-25T10:00:00Z","tool":"x","kind":"y","severity":"info","layer":"model"}' \
	    '{"v":1,"time":"2026-11-25T10:00:00Z","tool":"x","severity":"info","layer":"model"}' \
	    'not json' >>events.ndjson
	report events.ndjson
	assert_failure 2
	assert_stderr "mlo-report: events.ndjson:2: not an event: \"time\" is not an RFC 3339 time
mlo-report: events.ndjson:3: not an event: \"severity\" is not one of info, warning, critical
mlo-report: events.ndjson:4: not an event: \"layer\" is not one of integrity, model, business, feedback, lifecycle
mlo-report: events.ndjson:5: not an event: \"state\" is neither firing nor resolved
mlo-report: events.ndjson:6: not an event: no version \"v\"
mlo-report: events.ndjson:7: not an event: no \"kind\"
mlo-report: events.ndjson:8: not an event: invalid JSON"
	assert_line --index 0 'mlo report 2026-11-25T20:00:00Z: RED'
	assert_line 'events: 1 read, 1 in the period, 7 bad lines skipped'
}

@test "a performance_window without its metric or a number is not an event" {
	p='{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-drift","kind":"performance_window","severity":"info","layer":"model","window_to":"2026-11-25T10:00:00Z"'
	printf '%s\n' "$p,\"metric\":\"recall\",\"estimate\":0.5}" \
	    "$p,\"estimate\":0.5}" \
	    "$p,\"metric\":\"recall\",\"estimate\":\"0.5\"}" \
	    "$p,\"metric\":\"recall\",\"estimate\":0.5,\"realised\":\"nan\"}" \
	    "$p,\"metric\":\"recall\",\"rows\":3}" \
	    "$p,\"metric\":7,\"realised\":0.5}" >events.ndjson
	report -f ndjson events.ndjson
	assert_failure 2
	assert_stderr "mlo-report: events.ndjson:2: not an event: performance_window without \"metric\"
mlo-report: events.ndjson:3: not an event: performance_window: \"estimate\" is not a finite number
mlo-report: events.ndjson:4: not an event: performance_window: \"realised\" is not a finite number
mlo-report: events.ndjson:5: not an event: performance_window without \"estimate\" or \"realised\"
mlo-report: events.ndjson:6: not an event: performance_window without \"metric\""
	# the good one counts, the bad ones add nothing
	[ "$(q 'select(.type == "report") | [.events_read, .events_bad] | @tsv')" = "1	5" ]
	[ "$(q 'select(.type == "performance") | [.metric, .estimate, .points] | @tsv')" = "recall	0.5	1" ]
}

@test "performance series count against the limit of 100000 series" {
	# 99998 series of events, then a performance_window: its (model,
	# metric) and its series of events make 100000; the next metric is one
	# too many
	awk 'BEGIN { for (i = 0; i < 99998; i++) printf "{\"v\":1,\"time\":\"2026-11-25T10:00:00Z\",\"tool\":\"t\",\"kind\":\"k\",\"severity\":\"info\",\"layer\":\"model\",\"column\":\"c%d\"}\n", i
	    for (i = 0; i < 2; i++) printf "{\"v\":1,\"time\":\"2026-11-25T10:00:00Z\",\"tool\":\"t\",\"kind\":\"performance_window\",\"severity\":\"info\",\"layer\":\"model\",\"metric\":\"m%d\",\"estimate\":0.5}\n", i }' >many.ndjson
	report -f ndjson many.ndjson
	assert_failure 2
	assert_stderr "mlo-report: many.ndjson:100000: more than 100000 series of events"
	sed '$d' many.ndjson >fewer.ndjson
	report -f ndjson fewer.ndjson
	assert_success
}

@test "an empty period: nothing to report is green but for the silent pipeline" {
	: >events.ndjson
	report -f ndjson events.ndjson
	assert_success
	[ "$(q 'select(.type == "layer") | .status' | sort | uniq -c | tr -s ' ' | tr '\n' ';')" = ' 1 amber; 4 green;' ]
	cp "$RDATA/predictions.csv" "$RDATA/outcomes.csv" .
	report -f ndjson --impact --predictions predictions.csv \
	    --outcomes outcomes.csv --since 2027-01-01T00:00:00Z \
	    --until 2027-02-01T00:00:00Z events.ndjson
	assert_success
	[ "$(q 'select(.type == "impact") | [.failures, .caught, .episodes, .lead_time_median_s, .money_saved] | @json')" = '[0,0,0,null,null]' ]
	report --impact --predictions predictions.csv --outcomes outcomes.csv \
	    --since 2027-01-01T00:00:00Z --until 2027-02-01T00:00:00Z events.ndjson
	assert_line '  lead time   median -, p10 -, p90 -'
	assert_line '  money saved -'
}

@test "outcomes for unknown entities are unmonitored, not missed" {
	cp "$RDATA/predictions.csv" .
	printf 'entity,failure_time,downtime_hours\nX-9,2026-01-10T00:00:00Z,5\nX-8,2026-01-11T00:00:00Z,2\n' >outcomes.csv
	report -f ndjson --impact --predictions predictions.csv \
	    --outcomes outcomes.csv --since 2026-01-01T00:00:00Z \
	    --until 2026-02-01T00:00:00Z /dev/null
	assert_success
	assert_stderr "mlo-report: outcomes.csv:2: failure of 'X-9', an entity without predictions: counted as unmonitored"
	[ "$(q 'select(.type == "impact") | [.unmonitored, .missed, .caught, .downtime_s] | @json')" = '[2,0,0,0]' ]
}

@test "predictions without outcomes: every judged episode is a false alarm" {
	cp "$RDATA/predictions.csv" .
	printf 'entity,failure_time,downtime_hours\n' >outcomes.csv
	report -f ndjson --impact --predictions predictions.csv \
	    --outcomes outcomes.csv --since 2026-01-01T00:00:00Z \
	    --until 2026-02-01T00:00:00Z /dev/null
	assert_success
	[ "$(q 'select(.type == "impact") | [.failures, .episodes, .false_alarms, .pending] | @json')" = '[0,6,5,1]' ]
	report --impact --predictions predictions.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: --impact needs --predictions FILE and --outcomes FILE
Try 'mlo-report --help' for more information."
}

@test "a prediction row older than its entity's last is skipped with a warning" {
	printf 'entity,time,score\nA,2026-01-05T00:00:00Z,0.9\nA,2026-01-04T00:00:00Z,0.9\nA,2026-01-03T00:00:00Z,0.1\n' >p.csv
	printf 'entity,failure_time,downtime_hours\nA,2026-01-06T00:00:00Z,1\n' >o.csv
	report -f ndjson --impact --predictions p.csv --outcomes o.csv \
	    --since 2026-01-01T00:00:00Z --until 2026-02-01T00:00:00Z /dev/null
	assert_success
	assert_stderr "mlo-report: p.csv:3: row older than the last of entity 'A': skipped (rows must come in time order per entity)
mlo-report: p.csv: 2 rows older than the last of their entity skipped"
	[ "$(q 'select(.type == "impact") | [.caught, .lead_time_median_s] | @json')" = '[1,86400]' ]
}

@test "bad values in predictions and outcomes are trouble naming the line" {
	printf 'entity,time,score\nA,2026-01-05T00:00:00Z,high\n' >p.csv
	printf 'entity,failure_time,downtime_hours\nA,2026-01-06T00:00:00Z,1\n' >o.csv
	report --impact --predictions p.csv --outcomes o.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: p.csv:2: score 'high' is not a number"
	printf 'entity,time,score\nA,someday,0.5\n' >p.csv
	report --impact --predictions p.csv --outcomes o.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: p.csv:2: time 'someday' is neither an RFC 3339 time nor epoch seconds"
	printf 'entity,time,prediction\nA,2026-01-05T00:00:00Z,maybe\n' >p.csv
	report --impact --predictions p.csv --outcomes o.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: p.csv:2: prediction 'maybe' is not 0, 1, true or false"
	printf 'entity,time,prediction\nA,2026-01-05T00:00:00Z,1\n' >p.csv
	printf 'entity,failure_time,downtime_hours\nA,2026-01-06T00:00:00Z,-1\n' >o.csv
	report --impact --predictions p.csv --outcomes o.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: o.csv:2: downtime_hours '-1' is not a number of hours >= 0"
	printf 'entity,when,downtime_hours\nA,2026-01-06T00:00:00Z,1\n' >o.csv
	report --impact --predictions p.csv --outcomes o.csv /dev/null
	assert_failure 2
	assert_stderr "mlo-report: o.csv: outcomes need an entity (entity, asset or asset_id), a failure time (failure_time, time or ts) and downtime_hours columns"
}

@test "a missing file is trouble; the others are still read" {
	ev 2026-11-25T10:00:00Z range - critical >events.ndjson
	report -f ndjson nothere.ndjson events.ndjson
	assert_failure 2
	assert_stderr 'mlo-report: nothere.ndjson: No such file or directory'
	[ "$(q 'select(.type == "report") | .events_read')" = 1 ]
	report --ledger missing/ledger.ndjson events.ndjson
	assert_failure 1	# a missing ledger is an empty one
	report --feedback nothere.ndjson events.ndjson
	assert_failure 2
}

@test "a truncated gzip file is trouble" {
	for i in $(seq 1 2000); do ev 2026-11-25T10:0$((i % 10)):00Z range - warning; done | gzip >events.ndjson.gz
	head -c $(($(stat -c %s events.ndjson.gz) / 2)) events.ndjson.gz >cut.gz
	report cut.gz
	assert_failure 2
	assert_stderr 'mlo-report: cut.gz: truncated gzip stream'
}

@test "usage errors" {
	report --since 2026-11-25T00:00:00Z --period 1d /dev/null
	assert_failure 2
	assert_stderr "mlo-report: give --since or --period, not both
Try 'mlo-report --help' for more information."
	report --since 2026-11-26T00:00:00Z /dev/null
	assert_failure 2
	assert_stderr_line 'mlo-report: --since must come before --until'
	report --impact --lead 7d..1h --predictions a --outcomes b /dev/null
	assert_stderr_line "mlo-report: --lead: MIN is longer than MAX in '7d..1h'"
	report --lead 1h /dev/null
	assert_stderr_line "mlo-report: --lead takes MIN..MAX, such as 1h..7d, not '1h'"
	report -f xml /dev/null
	assert_stderr_line "mlo-report: -f takes text, markdown, prometheus, ndjson or html, not 'xml'"
	report --avoidable 2 /dev/null
	assert_stderr_line "mlo-report: --avoidable takes a share from 0 to 1, not '2'"
	report --entity-labels x /dev/null
	assert_stderr_line "mlo-report: --entity-labels takes a whole number from 0 to 10000, not 'x'"
	report --outcomes o.csv /dev/null
	assert_stderr_line 'mlo-report: --outcomes is for --impact'
	report --period 0s /dev/null
	assert_stderr_line 'mlo-report: --period must be longer than 0'
	run mlo-report --help
	assert_success
	assert_line --index 0 --partial 'usage: mlo-report'
}
