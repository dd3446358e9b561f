#!/usr/bin/env bats
# mlo-validate on a generated day of the bearing scenario: six assets read
# every 30 s on 2026-03-02 with contracts/bearing.yaml, each with one
# realistic fault (listed in t/data/validate-window/bearing-day.awk).
# Each fault is caught with the right event kind and entity, the
# maintenance of B-0006 is silenced with --suppress, and the row checks
# reject the bad rows with the right counts.

load helper
load data/validate-window/window

# The last reading of the day: the run's "now", so that nothing is stale.
DAY_NOW=2026-03-02T23:59:30Z

setup_file() {
	awk -f "$MLO_TOP/t/data/validate-window/bearing-day.awk" \
	    >"$BATS_FILE_TMPDIR/day.csv"
}

setup() {
	work_dir
	cp "$BATS_FILE_TMPDIR/day.csv" .
}

# day ARGS...: check day.csv against the bearing contract, rows to
# out.csv, rejects to rejects.csv, events to events.ndjson.
day() {
	run --separate-stderr mlo-validate -c "$MLO_TOP/contracts/bearing.yaml" \
	    --now "$DAY_NOW" -e events.ndjson --rejects rejects.csv -o out.csv \
	    "$@" day.csv
}

# suppress_b0006: the maintenance window of B-0006, a minute wider than
# its stop on each side.
suppress_b0006() {
	printf '%s\n' entity,from,to,reason \
	    'B-0006,2026-03-02T13:59:00Z,2026-03-02T16:01:00Z,bearing swap' \
	    >maintenance.csv
}

# entity_events FIELD...: FIELDs of the events of one asset, in order.
entity_events() {
	grep -F '"entity":' events.ndjson | fields "$@"
}

# row_check_events FIELD...: FIELDs of the events of row checks: no
# state, no entity, not the summary.
row_check_events() {
	awk '!/"state":/ && !/"entity":/ && !/"kind":"summary"/' \
	    events.ndjson | fields "$@"
}

# --- the run as a whole --------------------------------------------------------

@test "bearing day: exit status 1, the contract was broken" {
	day
	assert_failure 1
}

@test "bearing day: the rows that hold go to the output, the others are rejected" {
	day
	# 16741 rows in: 4 rejected, the header and 16737 rows out.
	run wc -l <out.csv
	assert_output 16738
	run events summary rows rows_passed rows_rejected
	assert_output '16741 16737 4'
}

@test "bearing day: the summary on stderr lists the row checks that failed" {
	day
	assert_stderr "bearing-vibration@1.1.0: 16741 rows in, 16737 passed, 4 rejected
  type: 1 row where 'vib_hz' is not a number (first: 'abc'), day.csv:14586 to day.csv:14586
  duplicate_key: 1 row repeating a key (first: 2026-03-02T22:00:00Z), day.csv:15308 to day.csv:15308
  time_order: 1 row where 'ts' goes back in time (first: 2026-03-02T22:00:00Z), day.csv:15666 to day.csv:15666
  range: 1 row where 'vib_hz' is outside [0, 500] (first: 612), day.csv:16023 to day.csv:16023"
}

@test "bearing day: without its bad rows the day still exits 1 (critical sustained)" {
	day
	mv out.csv clean.csv
	run --separate-stderr mlo-validate -q \
	    -c "$MLO_TOP/contracts/bearing.yaml" --now "$DAY_NOW" \
	    -e clean-events.ndjson -o out.csv clean.csv
	assert_failure 1
	EVENTS=clean-events.ndjson run events sustained/firing entity severity
	assert_output 'B-0004 critical'
}

# --- each fault ----------------------------------------------------------------

@test "bearing day: B-0001 vib_hz stuck at 123.4 from 02:00 fires and resolves" {
	day
	run events stuck//B-0001 state column value window_to
	assert_output 'firing vib_hz 123.4 2026-03-02T02:09:30Z
resolved vib_hz 94.16 2026-03-02T02:30:00Z'
}

@test "bearing day: B-0002 silent about three hours is one gap" {
	day
	run events gap entity state window_from window_to value
	assert_output 'B-0002 - 2026-03-02T03:59:30Z 2026-03-02T07:00:00Z 10830'
}

@test "bearing day: B-0003 null_rate fires on the 08:00-09:00 window" {
	day
	run events null_rate/firing entity column window_from window_to \
	    value rows
	assert_output 'B-0003 vib_hz 2026-03-02T08:00:00Z 2026-03-02T09:00:00Z 0.08333333333333333 120'
}

@test "bearing day: B-0003 null_rate resolves on the 09:00-10:00 window" {
	day
	run events null_rate/resolved entity window_from window_to value
	assert_output 'B-0003 2026-03-02T09:00:00Z 2026-03-02T10:00:00Z 0'
}

@test "bearing day: B-0004 outside normal for 2h fires sustained, critical" {
	day
	run events sustained/firing entity column severity window_from \
	    window_to
	assert_output 'B-0004 vib_hz critical 2026-03-02T10:02:30Z 2026-03-02T12:02:30Z'
}

@test "bearing day: B-0004 back inside normal for 10m resolves sustained" {
	day
	run events sustained/resolved entity window_from window_to
	assert_output 'B-0004 2026-03-02T10:02:30Z 2026-03-02T12:37:30Z'
}

@test "bearing day: B-0005 thirty minutes outside normal raises no sustained" {
	day
	run events sustained//B-0005 state
	assert_output ''
}

@test "bearing day: B-0001 readings 90 s late fire latency, 19:00 resolves" {
	day
	run events latency entity column state value window_to
	assert_output 'B-0001 received_at firing 90 2026-03-02T18:00:00Z
B-0001 received_at resolved 2 2026-03-02T19:05:00Z'
}

@test "bearing day: B-0003 200 Hz spike at 20:00 fires rate" {
	day
	run events rate entity column state window_to
	assert_output 'B-0003 vib_hz firing 2026-03-02T20:00:00Z
B-0003 vib_hz resolved 2026-03-02T20:01:00Z'
}

@test "bearing day: B-0006 maintenance cadence fires frequency without --suppress" {
	day
	run events frequency//B-0006 state window_to value
	assert_output 'firing 2026-03-02T14:02:00Z 120
resolved 2026-03-02T16:05:30Z 30'
}

@test "bearing day: B-0006 stopped raises nothing but frequency ('when')" {
	day
	run events //B-0006 kind
	assert_output 'frequency
frequency'
}

@test "bearing day: --suppress silences every event of B-0006" {
	suppress_b0006
	day --suppress maintenance.csv
	assert_failure 1
	run events //B-0006 kind
	assert_output ''
}

@test "bearing day: --suppress leaves the other assets' events alone" {
	day
	grep -v '"entity":"B-0006"' events.ndjson | sed 's/,"rows_suppressed":[0-9]*//' >plain.ndjson
	rm events.ndjson
	suppress_b0006
	day --suppress maintenance.csv
	assert_failure 1
	sed 's/,"rows_suppressed":[0-9]*//' events.ndjson >suppressed.ndjson
	run diff plain.ndjson suppressed.ndjson
	assert_success
}

@test "bearing day: --suppress counts the suppressed rows in the summary event" {
	suppress_b0006
	day --suppress maintenance.csv
	# B-0006 from 13:59:00 to 16:01:00: 2 + 60 (every 2 min) + 3 rows.
	run events summary rows rows_passed rows_suppressed
	assert_output '16741 16737 65'
}

@test "bearing day: --suppress counts the suppressed rows on stderr" {
	suppress_b0006
	day --suppress maintenance.csv
	assert_stderr_line '  suppressed: 65 rows inside planned maintenance windows raised no event'
}

# --- the row checks ------------------------------------------------------------

@test "bearing day: each row-check violation is one event with its count" {
	day
	run row_check_events kind severity column rows first
	assert_output 'type critical vib_hz 1 day.csv:14586
duplicate_key critical ts 1 day.csv:15308
time_order critical ts 1 day.csv:15666
range critical vib_hz 1 day.csv:16023'
}

@test "bearing day: the rejects file holds the four bad rows and why" {
	day
	run cat rejects.csv
	assert_output 'ts,asset_id,received_at,state,vib_hz,temp_c,status,_violation,_raw
2026-03-02T21:00:00Z,B-0005,2026-03-02T21:00:02Z,running,abc,62.0,ok,type:vib_hz,
2026-03-02T22:00:00Z,B-0006,2026-03-02T22:00:02Z,running,107.47,61.2,ok,duplicate_key:ts,
2026-03-02T22:00:00Z,B-0004,2026-03-02T22:30:02Z,running,120.26,59.5,ok,time_order:ts,
2026-03-02T23:00:00Z,B-0001,2026-03-02T23:00:02Z,running,612,57.5,ok,range:vib_hz,'
}

# --- all of it -------------------------------------------------------------------

@test "bearing day: these lasting alarms and no others" {
	day
	# A rejected row leaves a minute between its neighbours: the frequency
	# alarms of B-0005, B-0004 and B-0001 after 21:00 are those holes.
	run entity_events kind state entity column
	assert_output 'stuck firing B-0001 vib_hz
stuck resolved B-0001 vib_hz
gap - B-0002 -
null_rate firing B-0003 vib_hz
null_rate resolved B-0003 vib_hz
sustained firing B-0004 vib_hz
sustained resolved B-0004 vib_hz
frequency firing B-0006 -
frequency resolved B-0006 -
latency firing B-0001 received_at
latency resolved B-0001 received_at
rate firing B-0003 vib_hz
rate resolved B-0003 vib_hz
frequency firing B-0004 -
frequency resolved B-0004 -'
}
