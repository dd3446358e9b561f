#!/usr/bin/env bats
# mlo-validate: input it cannot read on, and output it cannot write, are
# trouble (exit 2) with a message naming the file (and line); empty input
# is not trouble.  SIGPIPE ends it quietly.

load helper

setup() {
	work_dir
	fixture sensor.yaml good.csv
}

# many_rows FILE N: sensor.yaml's header and N valid rows (N <= 600000).
many_rows() {
	awk -v n="$2" -v h="$SENSOR_HEADER" 'BEGIN {
		print h
		for (i = 0; i < n; i++)
			printf "2026-11-25T20:%02d:00Z,B-%04d,7,20,1,true,ok,row %d\n",
			    int(i / 10000), i % 10000, i
	}' >"$1"
}

# --- input that cannot be read on -------------------------------------------

@test "an unterminated quote running to the end is trouble naming its line" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,fine' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,,"open' \
	    '2026-11-25T20:00:02Z,B-0001,7,,,,,more'
	validate in.csv
	assert_failure 2
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,fine"
	assert_stderr 'mlo-validate: in.csv:3: quoted field never closed before the end of input
sensor@1.0.0: 1 row in, 1 passed, 0 rejected'
}

@test "a truncated gzip stream is trouble naming the file" {
	many_rows in.csv 20000
	gzip -c in.csv | head -c 20000 >cut.csv.gz
	validate -q cut.csv.gz
	assert_failure 2
	# The line where the data ran out would help too: not asked yet.
	[[ "$stderr" =~ ^mlo-validate:\ cut\.csv\.gz(:[0-9]+)?:\ truncated\ gzip\ stream$ ]]
}

@test "a truncated gzip stream: the rows before the cut are written and counted" {
	many_rows in.csv 20000
	gzip -c in.csv | head -c 20000 >cut.csv.gz
	validate_to out.csv cut.csv.gz
	assert_failure 2
	# Whole lines only, each one a line of the input, in order.
	n=$(($(wc -l <out.csv) - 1))
	[ "$n" -gt 1000 ]
	[ "$n" -lt 20000 ]
	head -n $((n + 1)) in.csv | cmp - out.csv
	assert_stderr_line "sensor@1.0.0: $n rows in, $n passed, 0 rejected"
}

@test "a gzip header alone is a truncated stream" {
	gzip -c good.csv | head -c 10 >cut.gz
	validate cut.gz
	assert_failure 2
	assert_output ''
	[[ "${stderr_lines[0]}" =~ ^mlo-validate:\ cut\.gz(:[0-9]+)?:\ truncated\ gzip\ stream$ ]]
}

@test "bytes after the gzip stream are trouble" {
	{ gzip -c good.csv; echo 'not gzip'; } >in.gz
	validate_to out.csv in.gz
	assert_failure 2
	cmp out.csv good.csv
	[[ "${stderr_lines[0]}" =~ ^mlo-validate:\ in\.gz(:[0-9]+)?:\ corrupt\ gzip\ stream ]]
}

@test "a missing header is trouble: the first line names no column" {
	tail -n +2 good.csv >in.csv
	validate in.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: in.csv: the header names none of the contract's columns (is the header missing? see --no-header and --columns)
sensor@1.0.0: 0 rows in, 0 passed, 0 rejected"
}

@test "a header-less first line with a repeated value is trouble naming it" {
	printf '%s\n' '2026-11-25T20:00:00Z,B-0001,7,7,,,,' >in.csv
	validate in.csv
	assert_failure 2
	assert_stderr_line "mlo-validate: in.csv:1: column '7' appears twice in the header"
}

@test "a line over 1 MiB is trouble naming its line" {
	awk -v h="$SENSOR_HEADER" 'BEGIN {
		print h
		print "2026-11-25T20:00:00Z,B-0001,7,,,,,short"
		printf "2026-11-25T20:00:01Z,B-0001,7,,,,,"
		for (i = 0; i < 1048576; i += 64)
			printf "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		print ""
	}' >long.csv
	validate long.csv
	assert_failure 2
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,short"
	assert_stderr 'mlo-validate: long.csv:3: line longer than 1048576 bytes
sensor@1.0.0: 1 row in, 1 passed, 0 rejected'
}

@test "a line of exactly 1 MiB is read" {
	awk -v h="$SENSOR_HEADER" 'BEGIN {
		print h
		row = "2026-11-25T20:00:01Z,B-0001,7,,,,,"
		printf "%s", row
		for (i = length(row); i < 1048576; i++)
			printf "x"
		print ""
	}' >long.csv
	[ "$(tail -1 long.csv | wc -c)" -eq $((1048576 + 1)) ]
	validate_to out.csv long.csv
	assert_success
	cmp out.csv long.csv
}

@test "a quoted field running past 1 MiB is trouble naming where it starts" {
	awk -v h="$SENSOR_HEADER" 'BEGIN {
		print h
		printf "2026-11-25T20:00:01Z,B-0001,7,,,,,\"open\n"
		for (i = 0; i < 20000; i++)
			print "a line of the field that never ends, sixty bytes or so....."
	}' >open.csv
	validate open.csv
	assert_failure 2
	assert_stderr_line 'mlo-validate: open.csv:2: record longer than 1048576 bytes (a quoted field never closed?)'
}

@test "a file that does not exist is trouble naming it" {
	validate nope.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: nope.csv: No such file or directory
sensor@1.0.0: 0 rows in, 0 passed, 0 rejected'
}

@test "a directory is trouble naming it" {
	mkdir batch
	validate batch
	assert_failure 2
	assert_output ''
	assert_stderr_line 'mlo-validate: batch: is a directory'
}

@test "after an unreadable file the other files are still read" {
	validate nope.csv good.csv
	assert_failure 2
	assert_output "$(cat good.csv)"
	assert_stderr 'mlo-validate: nope.csv: No such file or directory
sensor@1.0.0: 4 rows in, 4 passed, 0 rejected'
}

@test "a required column absent from the header is trouble naming it" {
	cut -d, -f1,2,4- good.csv >in.csv
	validate in.csv
	assert_failure 2
	assert_output ''
	assert_stderr_line "mlo-validate: in.csv: column 'vib_hz' that the contract requires is not in the header"
}

@test "an optional column absent from the header is a warning event" {
	cut -d, -f1-7 good.csv >in.csv
	validate_to out.csv in.csv
	assert_success
	cmp out.csv in.csv
	# A window-level finding: its exact form is 102x's to pin down.
	run event missing_column note
	assert_output --partial '"severity":"warning","layer":"integrity","contract":"sensor@1.0.0","column":"note",'
	assert_equal "${#lines[@]}" 1
}

# --- empty input ------------------------------------------------------------

@test "an empty file is valid input with no rows" {
	: >empty.csv
	validate empty.csv
	assert_success
	assert_output ''
	assert_stderr 'sensor@1.0.0: 0 rows in, 0 passed, 0 rejected'
	run cat events.ndjson
	assert_output "$(summary_event 0 0 0)"
}

@test "a header-only file is valid input with no rows; the header comes out" {
	head -1 good.csv >header.csv
	validate header.csv
	assert_success
	assert_output "$SENSOR_HEADER"
	assert_stderr 'sensor@1.0.0: 0 rows in, 0 passed, 0 rejected'
}

@test "empty stdin is valid input with no rows" {
	run --separate-stderr sh -c 'mlo-validate -c sensor.yaml </dev/null'
	assert_success
	assert_output ''
	assert_stderr 'sensor@1.0.0: 0 rows in, 0 passed, 0 rejected'
}

# --- output that cannot be written ------------------------------------------

@test "stdout on a full disk is trouble with a message" {
	run --separate-stderr sh -c 'mlo-validate -c sensor.yaml -q good.csv >/dev/full'
	assert_failure 2
	assert_stderr 'mlo-validate: write error on <stdout>: No space left on device'
}

@test "a closed stdout is trouble with a message" {
	run --separate-stderr sh -c 'mlo-validate -c sensor.yaml -q good.csv >&-'
	assert_failure 2
	assert_stderr 'mlo-validate: write error on <stdout>: Bad file descriptor'
}

@test "| head -1 ends it quietly by SIGPIPE" {
	many_rows in.csv 50000
	run --separate-stderr bash -c 'mlo-validate -c sensor.yaml in.csv | head -1; exit "${PIPESTATUS[0]}"'
	assert_failure 141
	assert_output "$SENSOR_HEADER"
	assert_stderr_empty
}

@test "| head -1 ends it by SIGPIPE even when SIGPIPE was ignored" {
	# A parent that ignores SIGPIPE (some daemons, CI runners) passes
	# that on: the write then fails with EPIPE, which must end it the same.
	many_rows in.csv 50000
	run --separate-stderr bash -c 'trap "" PIPE
	    mlo-validate -c sensor.yaml in.csv | head -1; exit "${PIPESTATUS[0]}"'
	assert_failure 141
	assert_output "$SENSOR_HEADER"
	assert_stderr_empty
}

@test "events on a full disk are trouble with a message" {
	run --separate-stderr mlo-validate -c sensor.yaml -q -e /dev/full good.csv
	assert_failure 2
	assert_output "$(cat good.csv)"
	assert_stderr 'mlo-validate: /dev/full: No space left on device'
}

@test "rejects in a directory that does not exist are trouble" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-7,,,,,'
	run --separate-stderr mlo-validate -c sensor.yaml -q \
	    --rejects no/such/dir/rejects.csv in.csv
	assert_failure 2
	assert_stderr 'mlo-validate: no/such/dir/rejects.csv: No such file or directory'
}

@test "-o in a directory that does not exist is trouble, nothing read" {
	run --separate-stderr mlo-validate -c sensor.yaml -o no/such/out.csv good.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: no/such/out.csv: cannot create a temporary file beside it: No such file or directory'
}

@test "rejects and events may go to a pipe" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-7,,,,,'
	run --separate-stderr sh -c "mlo-validate -c sensor.yaml -q --now $NOW \
	    --rejects /dev/stdout -e /dev/stdout in.csv | cat"
	assert_success
	assert_output "$SENSOR_HEADER
$SENSOR_HEADER,_violation,_raw
2026-11-25T20:00:00Z,B-0001,-7,,,,,,range:vib_hz,
$(row_event range vib_hz 1 in.csv:2 in.csv:2 -7 \
	    "1 row where 'vib_hz' is outside [0, 500] (first: -7)")
$(summary_event 1 0 1)"
	assert_stderr_empty
}

@test "trouble wins over findings: rejected rows and a missing file exit 2" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-7,,,,,'
	validate in.csv nope.csv
	assert_failure 2
	assert_stderr "mlo-validate: nope.csv: No such file or directory
sensor@1.0.0: 1 row in, 0 passed, 1 rejected
  range: 1 row where 'vib_hz' is outside [0, 500] (first: -7), in.csv:2 to in.csv:2"
	run event range vib_hz
	assert_output --partial '"rows":1,'
}
