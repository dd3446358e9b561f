#!/usr/bin/env bats
# mlo-validate: the summary, exit status and severities, and the files it
# writes: -o (atomic, gzip), --check, --rejects and -e (appended).

load helper

setup() {
	work_dir
	fixture sensor.yaml good.csv
}

# mixed.csv: two good rows, a range failure and a pattern failure.
mixed() {
	rows mixed.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,-7,,,,,' \
	    '2026-11-25T20:00:02Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:03Z,B-01,7,,,,,'
}

# --- summary and exit status ------------------------------------------------

@test "rows in = passed + rejected, on stderr and in the summary event" {
	mixed
	validate mixed.csv
	assert_failure 1
	assert_stderr "sensor@1.0.0: 4 rows in, 2 passed, 2 rejected
  range: 1 row where 'vib_hz' is outside [0, 500] (first: -7), mixed.csv:3 to mixed.csv:3
  pattern: 1 row where 'asset_id' does not match '^B-[0-9]{4}\$' (first: 'B-01'), mixed.csv:5 to mixed.csv:5"
	run event summary
	assert_output "$(summary_event 4 2 2)"
}

@test "every row read leaves on stdout or in the rejects file" {
	mixed
	validate mixed.csv
	passed=$((${#lines[@]} - 1))
	rejected=$(($(wc -l <rejects.csv) - 1))
	assert_equal "$passed $rejected" '2 2'
	assert_equal $((passed + rejected)) $(($(wc -l <mixed.csv) - 1))
}

@test "a clean run exits 0" {
	validate good.csv
	assert_success
	assert_stderr 'sensor@1.0.0: 4 rows in, 4 passed, 0 rejected'
	run cat events.ndjson
	assert_output "$(summary_event 4 4 0)"
}

@test "a failed critical check exits 1" {
	mixed
	validate mixed.csv
	assert_failure 1
	run event range vib_hz
	assert_output --partial '"severity":"critical"'
}

@test "-q silences the summary; the exit status stays" {
	mixed
	validate -q mixed.csv
	assert_failure 1
	assert_stderr_empty
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,
2026-11-25T20:00:02Z,B-0001,7,,,,,"
}

@test "-q does not silence trouble" {
	validate -q nope.csv
	assert_failure 2
	assert_stderr 'mlo-validate: nope.csv: No such file or directory'
}

@test "a column of severity warning: its failures exit 0 by default" {
	sed 's/range: \[0, 500\]}/range: [0, 500], severity: warning}/' sensor.yaml >warn.yaml
	grep -q 'severity: warning' warn.yaml
	rows in.csv '2026-11-25T20:00:00Z,B-0001,600,,,,,'
	run --separate-stderr mlo-validate -c warn.yaml --now "$NOW" \
	    -e events.ndjson in.csv
	assert_success
	assert_output "$SENSOR_HEADER"
	run event range vib_hz
	assert_output --partial '"kind":"range","severity":"warning","layer":"integrity"'
}

@test "--fail-on warning: a warning exits 1" {
	sed 's/range: \[0, 500\]}/range: [0, 500], severity: warning}/' sensor.yaml >warn.yaml
	rows in.csv '2026-11-25T20:00:00Z,B-0001,600,,,,,'
	run --separate-stderr mlo-validate -c warn.yaml -q --fail-on warning in.csv
	assert_failure 1
}

@test "--fail-on warning: a clean run still exits 0" {
	run --separate-stderr mlo-validate -c sensor.yaml -q --fail-on warning good.csv
	assert_success
}

@test "--fail-on critical: a critical failure exits 1" {
	mixed
	run --separate-stderr mlo-validate -c sensor.yaml -q --fail-on critical mixed.csv
	assert_failure 1
}

@test "--fail-on takes warning or critical only" {
	run --separate-stderr mlo-validate -c sensor.yaml --fail-on info good.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: --fail-on takes 'warning' or 'critical', not 'info'
Try 'mlo-validate --help' for more information."
}

@test "same input, same contract, same --now: byte-identical outputs" {
	mixed
	validate mixed.csv
	mv events.ndjson events1.ndjson
	mv rejects.csv rejects1.csv
	printf '%s\n' "$output" >out1.csv
	validate mixed.csv
	printf '%s\n' "$output" | cmp - out1.csv
	cmp events.ndjson events1.ndjson
	cmp rejects.csv rejects1.csv
}

# --- -o ---------------------------------------------------------------------

@test "-o FILE gets the rows, stdout nothing" {
	validate -o out.csv good.csv
	assert_success
	assert_output ''
	cmp out.csv good.csv
}

@test "-o FILE is replaced atomically: the old file stays until the end" {
	awk -v h="$SENSOR_HEADER" 'BEGIN {
		print h
		for (i = 0; i < 8000; i++)
			printf "2026-11-25T20:00:00Z,B-%04d,7,20,1,true,ok,row\n", i
	}' >big.csv
	# The first part is more than a pipe holds: once head is done writing,
	# mlo-validate has read, so it is past opening -o; the input stays
	# open while the directory is looked at, and the rest follows.
	head -n 7000 big.csv >part1.csv
	tail -n +7001 big.csv >part2.csv
	[ "$(wc -c <part1.csv)" -gt 200000 ]
	echo old >out.csv
	run --separate-stderr sh -c '
		{
			cat part1.csv
			ls -A >during.ls
			cat out.csv >during.csv
			cat part2.csv
		} | mlo-validate -c sensor.yaml -q -o out.csv'
	assert_success
	# While it ran: the old file, and a hidden temporary file beside it
	# whose name does not end like the target's.
	run cat during.csv
	assert_output old
	run grep -c '^\.out\.csv\.tmp-' during.ls
	assert_output 1
	run grep -c '^\.out\.csv\.tmp-.*\.csv$' during.ls
	assert_output 0
	# After: the new file whole, no temporary file left.
	cmp out.csv big.csv
	run ls -A
	refute_output --partial tmp
}

@test "-o creates a new file 0644 under umask 022" {
	umask 022
	validate -q -o out.csv good.csv
	assert_success
	run stat -c %a out.csv
	assert_output 644
}

@test "-o keeps the mode of the file it replaces" {
	echo old >out.csv
	chmod 600 out.csv
	validate -q -o out.csv good.csv
	assert_success
	run stat -c %a out.csv
	assert_output 600
	cmp out.csv good.csv
}

@test "-o through a symbolic link replaces its target, the link stays" {
	mkdir real
	echo old >real/out.csv
	ln -s real/out.csv link.csv
	validate -q -o link.csv good.csv
	assert_success
	[ -L link.csv ]
	cmp real/out.csv good.csv
}

@test "-o FILE.gz is gzip and decompresses to the same rows" {
	validate -q -o out.csv.gz good.csv
	assert_success
	run od -An -tx1 -N2 out.csv.gz
	assert_output ' 1f 8b'
	gzip -dc out.csv.gz | cmp - good.csv
}

@test "-o FILE.gz with -f ndjson" {
	validate -q -f ndjson -o out.ndjson.gz good.csv
	assert_success
	run sh -c 'gzip -dc out.ndjson.gz | wc -l'
	assert_output 4
}

@test "-o is not committed when the run is trouble" {
	echo old >out.csv
	gzip -c good.csv | head -c 40 >cut.gz
	validate -q -o out.csv cut.gz
	assert_failure 2
	run cat out.csv
	assert_output old
}

# --- --check ----------------------------------------------------------------

@test "--check writes no rows, the verdict stays" {
	mixed
	validate --check mixed.csv
	assert_failure 1
	assert_output ''
	assert_stderr_line 'sensor@1.0.0: 4 rows in, 2 passed, 2 rejected'
	run rejected_rows
	assert_output '2026-11-25T20:00:01Z,B-0001,-7,,,,,,range:vib_hz,
2026-11-25T20:00:03Z,B-01,7,,,,,,pattern:asset_id,'
}

@test "--check with -o creates no file" {
	validate --check -o out.csv good.csv
	assert_success
	[ ! -e out.csv ]
}

# --- --rejects --------------------------------------------------------------

@test "--rejects is not created when no row is rejected" {
	validate good.csv
	assert_success
	[ ! -e rejects.csv ]
}

@test "--rejects appends across runs, the header once" {
	rows a.csv '2026-11-25T20:00:00Z,B-0001,-1,,,,,'
	rows b.csv '2026-11-25T20:00:00Z,B-0002,-2,,,,,'
	validate a.csv
	validate b.csv
	run cat rejects.csv
	assert_output "$SENSOR_HEADER,_violation,_raw
2026-11-25T20:00:00Z,B-0001,-1,,,,,,range:vib_hz,
2026-11-25T20:00:00Z,B-0002,-2,,,,,,range:vib_hz,"
}

@test "--rejects after a torn last line starts on a line of its own" {
	printf '%s\n%s' "$SENSOR_HEADER,_violation,_raw" 'torn,by a crash' >rejects.csv
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-1,,,,,'
	validate in.csv
	run cat rejects.csv
	assert_output "$SENSOR_HEADER,_violation,_raw
torn,by a crash
2026-11-25T20:00:00Z,B-0001,-1,,,,,,range:vib_hz,"
}

@test "--rejects keeps the input's delimiter" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-1,,,,,x'
	tr , '\t' <in.csv >in.tsv
	validate --delimiter tab in.tsv
	assert_failure 1
	run cat rejects.csv
	assert_output "$(printf '%s\t_violation\t_raw\n2026-11-25T20:00:00Z\tB-0001\t-1\t\t\t\t\tx\trange:vib_hz\t' "$(echo "$SENSOR_HEADER" | tr , '\t')")"
}

# --- events -----------------------------------------------------------------

@test "-e appends events across runs" {
	validate good.csv
	validate good.csv
	run cat events.ndjson
	assert_output "$(summary_event 4 4 0)
$(summary_event 4 4 0)"
}

@test "events carry --now as their time" {
	run --separate-stderr mlo-validate -c sensor.yaml -q \
	    --now 2027-01-02T03:04:05Z -e events.ndjson good.csv
	assert_success
	run cat events.ndjson
	assert_output --partial '{"v":1,"time":"2027-01-02T03:04:05Z","tool":"mlo-validate",'
}

@test "without -e no events file is written" {
	run --separate-stderr mlo-validate -c sensor.yaml -q good.csv
	assert_success
	run ls
	assert_output 'good.csv
sensor.yaml'
}
