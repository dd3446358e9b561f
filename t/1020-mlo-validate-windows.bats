#!/usr/bin/env bats
# mlo-validate: each window check of a data contract on a small hand-made
# fixture with its own tiny contract (t/data/validate-window): when it
# fires, when it does not, when it resolves, and what its event says.
# Window checks never reject a row; a lasting condition is one "firing"
# and one "resolved" event (DESIGN sections 4 and 5, mlo-contract(5)).
# Readings are 30 s apart on 2026-03-02 unless a fixture says otherwise.

load helper
load data/validate-window/window

setup() {
	work_dir
}

# --- null_rate over a window of time ------------------------------------------
# null-time.csv: 08:00-08:02 one null in four (exactly the max, 0.25),
# 08:02-08:04 two in four, 08:04-08:06 none, and one reading at 08:06.

@test "null_rate time window: a share exactly at max does not fire" {
	wfixture null-time.yaml null-time.csv
	head -n 6 null-time.csv >in.csv	# up to the first row of 08:02
	wvalidate null-time.yaml in.csv
	assert_success
	run events null_rate state
	assert_output ''
}

@test "null_rate time window: fires on the window with too many nulls" {
	wfixture null-time.yaml null-time.csv
	wvalidate null-time.yaml null-time.csv
	assert_success
	run events null_rate/firing severity entity column window_from \
	    window_to value limit rows
	assert_output 'warning B-0001 vib_hz 2026-03-02T08:02:00Z 2026-03-02T08:04:00Z 0.5 0.25 4'
}

@test "null_rate time window: resolves on the next good window" {
	wfixture null-time.yaml null-time.csv
	wvalidate null-time.yaml null-time.csv
	assert_success
	run events null_rate/resolved entity column window_from window_to \
	    value rows
	assert_output 'B-0001 vib_hz 2026-03-02T08:04:00Z 2026-03-02T08:06:00Z 0 4'
}

@test "null_rate time window: the message gives the share and the window" {
	wfixture null-time.yaml null-time.csv
	wvalidate null-time.yaml null-time.csv
	assert_success
	run events null_rate/firing message
	assert_output "null rate of 'vib_hz' 50% > 25% over 2m"
}

@test "null_rate: a window still open at the end of the run is not judged" {
	wfixture null-time.yaml null-time.csv
	head -n 9 null-time.csv >in.csv	# 08:02-08:04 has no later row yet
	wvalidate null-time.yaml in.csv
	assert_success
	run events null_rate state
	assert_output ''
}

@test "null_rate: window checks pass every row through" {
	wfixture null-time.yaml null-time.csv
	wvalidate null-time.yaml null-time.csv
	assert_success
	assert_output "$(cat null-time.csv)"
	assert_stderr 'null-time@1: 13 rows in, 13 passed, 0 rejected'
}

# --- null_rate over a window of readings --------------------------------------
# null-rows.csv: windows of four readings, whatever their times: 1 null
# (at max), then 2 (across a six-minute silence), then none.

@test "null_rate row window: fires on the four readings with two nulls" {
	wfixture null-rows.yaml null-rows.csv
	wvalidate null-rows.yaml null-rows.csv
	assert_success
	run events null_rate/firing entity window_from window_to value limit \
	    rows
	assert_output 'B-0001 2026-03-02T08:00:41Z 2026-03-02T08:07:05Z 0.5 0.25 4'
}

@test "null_rate row window: resolves on the next four good readings" {
	wfixture null-rows.yaml null-rows.csv
	wvalidate null-rows.yaml null-rows.csv
	assert_success
	run events null_rate/resolved entity window_from window_to value rows
	assert_output 'B-0001 2026-03-02T08:07:10Z 2026-03-02T08:07:40Z 0 4'
}

@test "null_rate row window: the message counts readings" {
	wfixture null-rows.yaml null-rows.csv
	wvalidate null-rows.yaml null-rows.csv
	assert_success
	run events null_rate/firing message
	assert_output "null rate of 'vib_hz' 50% > 25% over 4 readings"
}

# --- frequency -----------------------------------------------------------------
# frequency.csv: 30 s, 35 s and 25 s (within 5 s), then 60 s twice, then
# 30 s again from 08:04:00; clear_after is 2m.

@test "frequency: intervals within the tolerance raise nothing" {
	wfixture frequency.yaml frequency.csv
	head -n 5 frequency.csv >in.csv
	wvalidate frequency.yaml in.csv
	assert_success
	run events frequency state
	assert_output ''
}

@test "frequency: an interval off its tolerance fires" {
	wfixture frequency.yaml frequency.csv
	wvalidate frequency.yaml frequency.csv
	assert_success
	run events frequency/firing severity entity column window_to value \
	    limit
	assert_output 'warning B-0001 - 2026-03-02T08:02:30Z 60 30'
}

@test "frequency: back on cadence for less than clear_after stays firing" {
	wfixture frequency.yaml frequency.csv
	head -n 11 frequency.csv >in.csv	# on cadence 08:04:00-08:05:30
	wvalidate frequency.yaml in.csv
	assert_success
	run events frequency state
	assert_output 'firing'
}

@test "frequency: back on cadence for clear_after resolves" {
	wfixture frequency.yaml frequency.csv
	wvalidate frequency.yaml frequency.csv
	assert_success
	run events frequency/resolved entity window_from window_to value
	assert_output 'B-0001 2026-03-02T08:02:30Z 2026-03-02T08:06:00Z 30'
}

# --- gap -------------------------------------------------------------------------
# gap.csv: five minutes of silence after 08:01:00; max_gap is 2m.

@test "gap: a silence longer than max_gap is one event without state" {
	wfixture gap.yaml gap.csv
	wvalidate gap.yaml gap.csv
	assert_success
	run events gap state severity entity window_from window_to value limit
	assert_output '- warning B-0001 2026-03-02T08:01:00Z 2026-03-02T08:06:00Z 300 120'
}

@test "gap: the message gives the silence and max_gap" {
	wfixture gap.yaml gap.csv
	wvalidate gap.yaml gap.csv
	assert_success
	run events gap message
	assert_output 'no reading for 5m (max_gap 2m)'
}

@test "gap: a gap does not also fire the frequency alarm" {
	wfixture gap.yaml gap.csv
	wvalidate gap.yaml gap.csv
	assert_success
	run events frequency state
	assert_output ''
}

# --- latency ---------------------------------------------------------------------
# latency.csv: received 2 s, 60 s (exactly max), 90 s, 90 s, then 2 s late.

@test "latency: received exactly max after the reading is on time" {
	wfixture latency.yaml latency.csv
	head -n 3 latency.csv >in.csv
	wvalidate latency.yaml in.csv
	assert_success
	run events latency state
	assert_output ''
}

@test "latency: the ingest column minus the event time above max fires" {
	wfixture latency.yaml latency.csv
	wvalidate latency.yaml latency.csv
	assert_success
	run events latency/firing entity column window_to value limit
	assert_output 'B-0001 received_at 2026-03-02T08:01:00Z 90 60'
}

@test "latency: a reading on time again resolves" {
	wfixture latency.yaml latency.csv
	wvalidate latency.yaml latency.csv
	assert_success
	run events latency/resolved entity window_from window_to value
	assert_output 'B-0001 2026-03-02T08:01:00Z 2026-03-02T08:02:00Z 2'
}

@test "latency: the ingest column is not an unknown column" {
	wfixture latency.yaml latency.csv
	wvalidate latency.yaml latency.csv
	assert_success
	run events unknown_column column
	assert_output ''
}

# --- freshness -------------------------------------------------------------------
# freshness-1.csv ends at 08:00:30; freshness-2.csv holds 08:10-08:10:30.

@test "freshness: a last reading older than max_age at --now fires" {
	wfixture freshness.yaml freshness-1.csv
	wvalidate freshness.yaml --now 2026-03-02T08:06:00Z freshness-1.csv
	assert_success
	run events freshness/firing entity window_from window_to value limit
	assert_output 'B-0001 2026-03-02T08:00:30Z 2026-03-02T08:06:00Z 330 300'
}

@test "freshness: a last reading exactly max_age old is fresh" {
	wfixture freshness.yaml freshness-1.csv
	wvalidate freshness.yaml --now 2026-03-02T08:05:30Z freshness-1.csv
	assert_success
	run events freshness state
	assert_output ''
}

@test "freshness: the next run with fresh data resolves, with --state" {
	wfixture freshness.yaml freshness-1.csv freshness-2.csv
	wvalidate freshness.yaml --state st --now 2026-03-02T08:06:00Z \
	    freshness-1.csv
	assert_success
	wvalidate freshness.yaml --state st --now 2026-03-02T08:11:00Z \
	    freshness-2.csv
	assert_success
	run events freshness time state window_from window_to value
	assert_output '2026-03-02T08:06:00Z firing 2026-03-02T08:00:30Z 2026-03-02T08:06:00Z 330
2026-03-02T08:11:00Z resolved 2026-03-02T08:10:30Z 2026-03-02T08:11:00Z 30'
}

@test "freshness: a later run still stale stays quiet, with --state" {
	wfixture freshness.yaml freshness-1.csv
	head -n 1 freshness-1.csv >none.csv
	wvalidate freshness.yaml --state st --now 2026-03-02T08:06:00Z \
	    freshness-1.csv
	assert_success
	wvalidate freshness.yaml --state st --now 2026-03-02T08:20:00Z none.csv
	assert_success
	run events freshness time state
	assert_output '2026-03-02T08:06:00Z firing'
}

# --- rows (volume) -----------------------------------------------------------------
# rows.yaml: 3 to 5 readings a minute, of all assets together.

@test "rows: a window with fewer than min fires" {
	wfixture rows.yaml rows-min.csv
	wvalidate rows.yaml rows-min.csv
	assert_success
	run events rows/firing entity column window_from window_to value \
	    limit rows
	assert_output '- - 2026-03-02T08:01:00Z 2026-03-02T08:02:00Z 2 3 2'
}

@test "rows: the next window within limits resolves" {
	wfixture rows.yaml rows-min.csv
	wvalidate rows.yaml rows-min.csv
	assert_success
	run events rows/resolved window_from window_to value rows
	assert_output '2026-03-02T08:02:00Z 2026-03-02T08:03:00Z 4 4'
}

@test "rows: a window with more than max fires" {
	wfixture rows.yaml rows-max.csv
	wvalidate rows.yaml rows-max.csv
	assert_success
	run events rows/firing window_from window_to value limit
	assert_output '2026-03-02T08:00:00Z 2026-03-02T08:01:00Z 6 5'
}

@test "rows: the message says fewer or more" {
	wfixture rows.yaml rows-min.csv rows-max.csv
	wvalidate rows.yaml rows-min.csv
	wvalidate rows.yaml rows-max.csv
	run events rows/firing message
	assert_output '2 rows in 1m, fewer than 3
6 rows in 1m, more than 5'
}

@test "rows: empty windows in between count as 0 rows, one alarm in all" {
	wfixture rows.yaml rows-empty.csv
	wvalidate rows.yaml rows-empty.csv
	assert_success
	run events rows state window_from window_to value
	assert_output 'firing 2026-03-02T08:01:00Z 2026-03-02T08:02:00Z 0
resolved 2026-03-02T08:05:00Z 2026-03-02T08:06:00Z 4'
}

# --- stuck -------------------------------------------------------------------------
# stuck-repeats.csv: 123.4 five times from 08:00:30, then 104 at 08:03:00.

@test "stuck repeats: one reading short of repeats raises nothing" {
	wfixture stuck-repeats.yaml stuck-repeats.csv
	head -n 5 stuck-repeats.csv >in.csv	# 123.4 three times
	wvalidate stuck-repeats.yaml in.csv
	assert_success
	run events stuck state
	assert_output ''
}

@test "stuck repeats: fires at the repeats-th equal reading" {
	wfixture stuck-repeats.yaml stuck-repeats.csv
	wvalidate stuck-repeats.yaml stuck-repeats.csv
	assert_success
	run events stuck/firing entity column window_to value limit rows
	assert_output 'B-0001 vib_hz 2026-03-02T08:02:00Z 123.4 4 4'
}

@test "stuck repeats: a different value resolves" {
	wfixture stuck-repeats.yaml stuck-repeats.csv
	wvalidate stuck-repeats.yaml stuck-repeats.csv
	assert_success
	run events stuck/resolved entity window_to value
	assert_output 'B-0001 2026-03-02T08:03:00Z 104'
}

@test "stuck repeats: the firing event's window starts at the first repeat" {
	wfixture stuck-repeats.yaml stuck-repeats.csv
	wvalidate stuck-repeats.yaml stuck-repeats.csv
	assert_success
	run events stuck/firing window_from window_to rows
	assert_output '2026-03-02T08:00:30Z 2026-03-02T08:02:00Z 4'
}

# stuck-for.csv: 123.4 from 08:00:30 to 08:02:30 (1m59s at 08:02:29).

@test "stuck for: the same value for just under 'for' raises nothing" {
	wfixture stuck-for.yaml stuck-for.csv
	head -n 5 stuck-for.csv >in.csv	# up to 08:02:29
	wvalidate stuck-for.yaml in.csv
	assert_success
	run events stuck state
	assert_output ''
}

@test "stuck for: the same value for 'for' fires" {
	wfixture stuck-for.yaml stuck-for.csv
	wvalidate stuck-for.yaml stuck-for.csv
	assert_success
	run events stuck/firing entity window_to value limit rows
	assert_output 'B-0001 2026-03-02T08:02:30Z 123.4 120 4'
}

@test "stuck for: a different value resolves" {
	wfixture stuck-for.yaml stuck-for.csv
	wvalidate stuck-for.yaml stuck-for.csv
	assert_success
	run events stuck/resolved entity window_to value
	assert_output 'B-0001 2026-03-02T08:03:00Z 104'
}

# --- sustained (normal) ----------------------------------------------------------
# sustained.csv: outside 20..400 from 08:01:00 to 08:03:00, back inside
# from 08:03:30; for is 2m, clear_after 1m.

@test "sustained: outside normal for less than 'for' raises nothing" {
	wfixture sustained.yaml sustained.csv
	head -n 7 sustained.csv >in.csv	# outside 08:01:00-08:02:30
	wvalidate sustained.yaml in.csv
	assert_success
	run events sustained state
	assert_output ''
}

@test "sustained: fires at exactly 'for' after the first reading outside" {
	wfixture sustained.yaml sustained.csv
	wvalidate sustained.yaml sustained.csv
	assert_success
	run events sustained/firing severity entity column window_from \
	    window_to value limit_low limit_high
	assert_output 'warning B-0001 vib_hz 2026-03-02T08:01:00Z 2026-03-02T08:03:00Z 455 20 400'
}

@test "sustained: back inside for less than clear_after stays firing" {
	wfixture sustained.yaml sustained.csv
	head -n 10 sustained.csv >in.csv	# inside 08:03:30-08:04:00
	wvalidate sustained.yaml in.csv
	assert_success
	run events sustained state
	assert_output 'firing'
}

@test "sustained: back inside for clear_after resolves" {
	wfixture sustained.yaml sustained.csv
	wvalidate sustained.yaml sustained.csv
	assert_success
	run events sustained/resolved entity window_from window_to value
	assert_output 'B-0001 2026-03-02T08:01:00Z 2026-03-02T08:04:30Z 108'
}

@test "sustained: a value hovering at the limit raises one alarm" {
	wfixture sustained.yaml
	# Outside, inside, outside, ... every 30 s for an hour, then inside.
	awk 'BEGIN {
		print "ts,asset_id,vib_hz"
		for (s = 0; s <= 4500; s += 30)
			printf "2026-03-02T%02d:%02d:%02dZ,B-0001,%s\n",
			    8 + int(s / 3600), int(s % 3600 / 60), s % 60,
			    (s < 3600 && s % 60 == 0) ? 401 : 399
	}' >hover.csv
	sed 's/for: 2m, clear_after: 1m/for: 0s, clear_after: 10m/' \
	    sustained.yaml >hover.yaml
	wvalidate hover.yaml hover.csv
	assert_success
	run events sustained state window_from window_to
	assert_output 'firing 2026-03-02T08:00:00Z 2026-03-02T08:00:00Z
resolved 2026-03-02T08:00:00Z 2026-03-02T09:09:30Z'
}

# --- rate ----------------------------------------------------------------------------
# rate.csv: +10 (exactly max), +25, +1 in 30 s, then +18 in 60 s.

@test "rate: a change of exactly max per 'per' raises nothing" {
	wfixture rate.yaml rate.csv
	head -n 3 rate.csv >in.csv
	wvalidate rate.yaml in.csv
	assert_success
	run events rate state
	assert_output ''
}

@test "rate: a faster change fires" {
	wfixture rate.yaml rate.csv
	wvalidate rate.yaml rate.csv
	assert_success
	run events rate/firing entity column window_to value limit
	assert_output 'B-0001 vib_hz 2026-03-02T08:01:00Z 25 10'
}

@test "rate: the next slow change resolves" {
	wfixture rate.yaml rate.csv
	wvalidate rate.yaml rate.csv
	assert_success
	run events rate/resolved entity window_to value
	assert_output 'B-0001 2026-03-02T08:01:30Z 1'
}

@test "rate: a change is scaled to 'per' (18 in 60 s is 9 per 30 s)" {
	wfixture rate.yaml rate.csv
	wvalidate rate.yaml rate.csv
	assert_success
	run events rate state
	assert_output 'firing
resolved'
}

# --- unknown and missing columns ----------------------------------------------------
# columns.yaml knows ts, asset_id, vib_hz and temp_c; columns-extra*.csv
# add firmware, columns-missing.csv lacks temp_c.

@test "unknown column: fires once, naming the column and the file" {
	wfixture columns.yaml columns-extra.csv
	wvalidate columns.yaml columns-extra.csv
	assert_success
	run events unknown_column state severity column file
	assert_output 'firing warning firmware columns-extra.csv'
}

@test "unknown column: its values are passed through untouched" {
	wfixture columns.yaml columns-extra.csv
	wvalidate columns.yaml columns-extra.csv
	assert_success
	assert_output "$(cat columns-extra.csv)"
}

@test "unknown column: the next batch with the same header is quiet (--state)" {
	wfixture columns.yaml columns-extra.csv columns-extra-2.csv
	wvalidate columns.yaml --state st columns-extra.csv
	assert_success
	wvalidate columns.yaml --state st columns-extra-2.csv
	assert_success
	run events unknown_column state file
	assert_output 'firing columns-extra.csv'
}

@test "unknown column: resolves when the column disappears (--state)" {
	wfixture columns.yaml columns-extra.csv columns-plain.csv
	wvalidate columns.yaml --state st columns-extra.csv
	wvalidate columns.yaml --state st columns-plain.csv
	assert_success
	run events unknown_column/resolved column file
	assert_output 'firmware columns-plain.csv'
}

@test "unknown column: the resolved message says the column left the input" {
	wfixture columns.yaml columns-extra.csv columns-plain.csv
	wvalidate columns.yaml --state st columns-extra.csv
	wvalidate columns.yaml --state st columns-plain.csv
	run events unknown_column/resolved message
	refute_output --partial 'back in the contract'
	assert_output --partial 'firmware'
}

@test "unknown_columns: ignore raises nothing" {
	wfixture columns.yaml columns-extra.csv
	sed 's/^unknown_columns: warn/unknown_columns: ignore/' columns.yaml \
	    >ignore.yaml
	wvalidate ignore.yaml columns-extra.csv
	assert_success
	run events unknown_column state
	assert_output ''
}

@test "missing column: fires once, naming the column and the file" {
	wfixture columns.yaml columns-missing.csv
	wvalidate columns.yaml columns-missing.csv
	assert_success
	run events missing_column state severity column file
	assert_output 'firing warning temp_c columns-missing.csv'
}

@test "missing column: resolves when the column is back (--state)" {
	wfixture columns.yaml columns-missing.csv columns-plain.csv
	wvalidate columns.yaml --state st columns-missing.csv
	assert_success
	wvalidate columns.yaml --state st columns-plain.csv
	assert_success
	run events missing_column state file
	assert_output 'firing columns-missing.csv
resolved columns-plain.csv'
}

# --- severity -----------------------------------------------------------------------
# severity.yaml: stuck (3 repeats) is critical on vib_hz, the default
# warning on temp_c; severity-critical.csv sticks vib_hz, -warning temp_c.

@test "severity: a window rule's severity is its events' severity" {
	wfixture severity.yaml severity-critical.csv severity-warning.csv
	wvalidate severity.yaml severity-critical.csv
	wvalidate severity.yaml severity-warning.csv
	run events stuck/firing column severity
	assert_output 'vib_hz critical
temp_c warning'
}

@test "severity: a critical window finding exits 1 with the default --fail-on" {
	wfixture severity.yaml severity-critical.csv
	wvalidate severity.yaml severity-critical.csv
	assert_failure 1
	assert_output "$(cat severity-critical.csv)"
}

@test "severity: a window finding sets the exit status without -e too" {
	wfixture severity.yaml severity-critical.csv
	run --separate-stderr mlo-validate -q -c severity.yaml --now "$WNOW" \
	    severity-critical.csv
	assert_failure 1
	assert_stderr ''
}

@test "severity: a warning-only window finding exits 0 by default" {
	wfixture severity.yaml severity-warning.csv
	wvalidate severity.yaml severity-warning.csv
	assert_success
	run events stuck/firing severity
	assert_output 'warning'
}

@test "severity: a warning window finding exits 1 with --fail-on warning" {
	wfixture severity.yaml severity-warning.csv
	wvalidate severity.yaml --fail-on warning severity-warning.csv
	assert_failure 1
}

# --- when ---------------------------------------------------------------------------
# when.csv: B-0001 runs normally; B-0002 is stopped, reading 0 or null,
# which is outside normal, stuck and too often null if it were checked.

@test "when: a stopped machine's window checks are silent" {
	wfixture when.yaml when.csv
	wvalidate when.yaml when.csv
	assert_success
	run events '' kind
	assert_output 'summary'
}

@test "when: the same data without 'when' raises alarms for B-0002" {
	wfixture when.yaml when.csv
	grep -v 'when:' when.yaml >ungated.yaml
	wvalidate ungated.yaml when.csv
	assert_success
	run events '//B-0002' kind state
	assert_output 'sustained firing
stuck firing'
}

# --- overrides ----------------------------------------------------------------------
# overrides.csv: B-0001 and B-0042 both read 450-453 Hz for 90 s; normal
# is 20..400 for 1m, but 50..480 for B-0042.

@test "overrides: an asset without an override raises sustained" {
	wfixture overrides.yaml overrides.csv
	wvalidate overrides.yaml overrides.csv
	assert_success
	run events sustained/firing/B-0001 entity limit_low limit_high
	assert_output 'B-0001 20 400'
}

@test "overrides: the same data within the overridden range raises nothing" {
	wfixture overrides.yaml overrides.csv
	wvalidate overrides.yaml overrides.csv
	assert_success
	run events sustained//B-0042 state
	assert_output ''
}

# --- contract mistakes in window rules ----------------------------------------------
# Each file of t/data/validate-window/bad holds one mistake, and is
# refused with its place before any row is read.

# refused FILE MESSAGE: mlo-validate -c FILE exits 2 with MESSAGE at its
# place, writes no row and no event.
refused() {
	cp "$WDATA/bad/$1" . || return 1
	run --separate-stderr mlo-validate -c "$1" --now "$WNOW" \
	    -e events.ndjson </dev/null
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: $1:$2"
	[ ! -e events.ndjson ]
}

@test "contract: a null_rate window of 0m is refused" {
	refused window-zero.yaml '11:36: null_rate window must be above 0'
}

@test "contract: a null_rate window of 0 readings is refused" {
	refused window-zero-rows.yaml '11:36: null_rate window must be above 0'
}

@test "contract: stuck with neither repeats nor for is refused" {
	refused stuck-neither.yaml "11:12: stuck needs either 'repeats' or 'for'"
}

@test "contract: rate per 0s is refused" {
	refused rate-per-zero.yaml '11:26: rate per must be above 0'
}

@test "contract: normal without a time column is refused" {
	refused normal-no-time.yaml \
	    "10:13: normal needs a time column (add 'time: {column: ...}')"
}

@test "contract: null_rate max 1.5 is refused" {
	refused null-max.yaml '11:22: null_rate max is a share from 0 to 1, not 1.5'
}

@test "contract: frequency max_gap not longer than every is refused" {
	refused max-gap.yaml '6:34: max_gap must be longer than every'
}

@test "contract: overrides without an entity column are refused" {
	refused overrides-no-entity.yaml \
	    "12:13: overrides need an entity column (add 'entity: ...')"
}

@test "contract: an override of an undeclared column is refused" {
	refused override-undeclared.yaml \
	    "15:16: override of column 'vib_x' that the contract does not declare"
}

@test "contract: a column gated by itself is refused" {
	refused when-itself.yaml "12:20: column 'state' cannot be gated by itself"
}

@test "contract: freshness with step time is refused" {
	refused freshness-step.yaml \
	    "6:12: freshness needs clock time, and 'cycle' counts steps"
}
