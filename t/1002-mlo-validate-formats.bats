#!/usr/bin/env bats
# mlo-validate: what it reads and how the rows that hold come out: bytes
# kept, CSV and NDJSON, gzip, stdin, several inputs, delimiters, no header.

load helper

setup() {
	work_dir
	fixture sensor.yaml good.csv
}

# --- rows out as they came in -----------------------------------------------

@test "valid rows go to stdout byte for byte" {
	validate_to out.csv good.csv
	assert_success
	cmp out.csv good.csv
}

@test "CRLF line ends are kept" {
	printf '%s\r\n' "$SENSOR_HEADER" '2026-11-25T20:00:00Z,B-0001,7,,,,,a' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,,b' >in.csv
	validate_to out.csv in.csv
	assert_success
	cmp out.csv in.csv
}

@test "quoted fields are kept as written, across lines too" {
	{
		echo "$SENSOR_HEADER"
		echo '"2026-11-25T20:00:00Z","B-0001",7,,,,,"a, ""b"""'
		printf '2026-11-25T20:00:01Z,B-0001,7,,,,,"two\r\nlines"\n'
		echo '2026-11-25T20:00:02Z,B-0001,7,,,,,""'
	} >in.csv
	validate_to out.csv in.csv
	assert_success
	cmp out.csv in.csv
}

@test "a UTF-8 byte-order mark is dropped" {
	printf '\357\273\277' >in.csv
	cat good.csv >>in.csv
	validate_to out.csv in.csv
	assert_success
	cmp out.csv good.csv
}

@test "a last line without a newline comes out with one" {
	printf '%s\n%s' "$SENSOR_HEADER" '2026-11-25T20:00:00Z,B-0001,7,,,,,' >in.csv
	validate_to out.csv in.csv
	assert_success
	printf '%s\n' "$SENSOR_HEADER" '2026-11-25T20:00:00Z,B-0001,7,,,,,' >want.csv
	cmp out.csv want.csv
}

@test "blank lines between rows are not rows" {
	printf '%s\n\n%s\n\n' "$SENSOR_HEADER" '2026-11-25T20:00:00Z,B-0001,7,,,,,' >in.csv
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,"
	assert_stderr 'sensor@1.0.0: 1 row in, 1 passed, 0 rejected'
}

# --- CSV and NDJSON ---------------------------------------------------------

@test "-f ndjson converts CSV rows to NDJSON objects" {
	validate -f ndjson good.csv
	assert_success
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":12.5,"temp_c":41.0,"count":3,"running":"true","status":"ok","note":"first reading"}
{"ts":"2026-11-25T20:00:30Z","asset_id":"B-0001","vib_hz":13,"temp_c":null,"count":4,"running":"false","status":"warn","note":"pump 2, bay 3"}
{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0002","vib_hz":0.5,"temp_c":39.5,"count":0,"running":1,"status":"ok","note":"said \"check\""}
{"ts":"2026-11-25T20:00:30Z","asset_id":"B-0002","vib_hz":1e2,"temp_c":-3,"count":10,"running":0,"status":"fault","note":null}'
}

@test "NDJSON input is detected and its lines pass unchanged" {
	fixture good.ndjson
	validate_to out.ndjson good.ndjson
	assert_success
	cmp out.ndjson good.ndjson
}

@test "NDJSON: a key absent from an object is a null" {
	printf '%s\n' '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001"}' >in.ndjson
	run --separate-stderr mlo-validate -c sensor.yaml -q \
	    --rejects rejects.ndjson in.ndjson
	assert_failure 1
	run cat rejects.ndjson
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","_violation":"required:vib_hz"}'
}

@test "NDJSON rejects are the object with _violation added" {
	printf '%s\n' '{"ts":"2026-11-25T20:00:00Z", "asset_id":"B-0001", "vib_hz":-1}' \
	    '{}' >in.ndjson
	run --separate-stderr mlo-validate -c sensor.yaml -q \
	    --rejects rejects.ndjson in.ndjson
	assert_failure 1
	assert_output ''
	run cat rejects.ndjson
	assert_output '{"ts":"2026-11-25T20:00:00Z", "asset_id":"B-0001", "vib_hz":-1,"_violation":"range:vib_hz"}
{"_violation":"required:ts;required:asset_id;required:vib_hz"}'
}

@test "-f csv converts NDJSON to CSV with the contract's columns" {
	fixture good.ndjson
	validate -f csv good.ndjson
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,12.5,41,3,true,ok,first reading
2026-11-25T20:00:30Z,B-0001,13,,,false,,
2026-11-25T20:00:00Z,B-0002,0.5,,,,fault,"
}

@test "--input-format ndjson reads every line as JSON" {
	printf 'a,b\n' >in.txt
	run --separate-stderr mlo-validate -c sensor.yaml -q \
	    --input-format ndjson --rejects rejects.ndjson in.txt
	assert_failure 1
	run cat rejects.ndjson
	assert_output --partial '"_violation":"shape:'
}

# --- gzip ---------------------------------------------------------------------

@test "gzip input is read, named .gz" {
	gzip -c good.csv >good.csv.gz
	validate_to out.csv good.csv.gz
	assert_success
	cmp out.csv good.csv
}

@test "gzip input is told by its magic bytes, not its name" {
	gzip -c good.csv >batch.dat
	validate_to out.csv batch.dat
	assert_success
	cmp out.csv good.csv
}

@test "gzip members written one after another are read to the end" {
	head -3 good.csv | gzip -c >in.csv.gz
	tail -n +4 good.csv | gzip -c >>in.csv.gz
	validate_to out.csv in.csv.gz
	assert_success
	cmp out.csv good.csv
}

@test "gzip NDJSON is detected as NDJSON" {
	fixture good.ndjson
	gzip -c good.ndjson >in.gz
	validate_to out.ndjson in.gz
	assert_success
	cmp out.ndjson good.ndjson
}

# --- stdin ------------------------------------------------------------------

@test "stdin is read when the file is '-'" {
	run --separate-stderr sh -c 'mlo-validate -c sensor.yaml -q - <good.csv >out.csv'
	assert_success
	cmp out.csv good.csv
}

@test "stdin is read when there is no file" {
	run --separate-stderr sh -c 'mlo-validate -c sensor.yaml -q <good.csv >out.csv'
	assert_success
	cmp out.csv good.csv
}

@test "gzip on stdin is read" {
	run --separate-stderr sh -c 'gzip -c good.csv | mlo-validate -c sensor.yaml -q >out.csv'
	assert_success
	cmp out.csv good.csv
}

@test "stdin is <stdin> in events" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-1,,,,,'
	run --separate-stderr sh -c "mlo-validate -c sensor.yaml --now $NOW -e events.ndjson -q <in.csv"
	assert_failure 1
	run event range vib_hz
	assert_output --partial '"first":"<stdin>:2","last":"<stdin>:2"'
}

# --- several inputs ---------------------------------------------------------

@test "several inputs with the same header give one header" {
	rows more.csv '2026-11-25T20:01:00Z,B-0001,7,,,,,'
	validate good.csv more.csv
	assert_success
	assert_output "$(cat good.csv)
2026-11-25T20:01:00Z,B-0001,7,,,,,"
	assert_stderr 'sensor@1.0.0: 5 rows in, 5 passed, 0 rejected'
}

@test "a later input with a byte-order mark still has the same header" {
	{ printf '\357\273\277'; echo "$SENSOR_HEADER"; echo '2026-11-25T20:01:00Z,B-0001,7,,,,,'; } >more.csv
	validate good.csv more.csv
	assert_success
	assert_output "$(cat good.csv)
2026-11-25T20:01:00Z,B-0001,7,,,,,"
}

@test "time order and keys carry from one input to the next" {
	rows more.csv '2026-11-25T20:00:30Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:10Z,B-0002,7,,,,,'
	validate good.csv more.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:30Z,B-0001,7,,,,,,duplicate_key:ts,
2026-11-25T20:00:10Z,B-0002,7,,,,,,time_order:ts,'
	run event time_order ts
	assert_output --partial '"first":"more.csv:3","last":"more.csv:3"'
}

@test "an input with another header is trouble naming it; the others are read" {
	{ echo 'asset_id,ts,vib_hz'; echo 'B-0001,2026-11-25T20:01:00Z,7'; } >other.csv
	rows more.csv '2026-11-25T20:01:00Z,B-0001,7,,,,,'
	validate good.csv other.csv more.csv
	assert_failure 2
	assert_output "$(cat good.csv)
2026-11-25T20:01:00Z,B-0001,7,,,,,"
	assert_stderr_line "mlo-validate: other.csv: its header differs from the first input's"
	assert_stderr_line 'sensor@1.0.0: 5 rows in, 5 passed, 0 rejected'
}

@test "an input refused for its header is not reported for missing columns" {
	{ echo 'asset_id,ts,vib_hz'; echo 'B-0001,2026-11-25T20:01:00Z,7'; } >other.csv
	validate good.csv other.csv
	assert_failure 2
	assert_stderr "mlo-validate: other.csv: its header differs from the first input's
sensor@1.0.0: 4 rows in, 4 passed, 0 rejected"
	run event missing_column
	assert_output ''
}

@test "NDJSON after CSV is trouble naming the file" {
	fixture good.ndjson
	validate good.csv good.ndjson
	assert_failure 2
	assert_output "$(cat good.csv)"
	assert_stderr_line 'mlo-validate: good.ndjson: is NDJSON, the first input was CSV'
}

# --- delimiters and header-less data ----------------------------------------

@test "--delimiter tab reads and keeps tab-separated rows" {
	tr , '\t' <good.csv >good.tsv
	validate_to out.tsv --delimiter tab good.tsv
	assert_success
	cmp out.tsv good.tsv
}

@test "--delimiter tab: commas are data" {
	printf '%s\n' "$SENSOR_HEADER" | tr , '\t' >in.tsv
	printf '2026-11-25T20:00:00Z\tB-0001\t7\t\t\t\t\tpump 2, bay 3\n' >>in.tsv
	validate -f ndjson --delimiter tab in.tsv
	assert_success
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,"temp_c":null,"count":null,"running":null,"status":null,"note":"pump 2, bay 3"}'
}

@test "--delimiter space: runs of blanks split, trailing blanks ignored" {
	printf 'ts asset_id vib_hz temp_c count running status note\n' >in.txt
	printf '  2026-11-25T20:00:00Z   B-0001\t7 20  1 true ok   fine  \n' >>in.txt
	validate -f ndjson --delimiter space in.txt
	assert_success
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,"temp_c":20,"count":1,"running":"true","status":"ok","note":"fine"}'
}

@test "--delimiter space keeps the lines as they were" {
	printf 'ts asset_id vib_hz temp_c count running status note\n' >in.txt
	printf '2026-11-25T20:00:00Z   B-0001 7 20 1 true ok fine  \n' >>in.txt
	validate_to out.txt --delimiter space in.txt
	assert_success
	cmp out.txt in.txt
}

@test "--no-header --columns names the fields of header-less data" {
	printf '%s\n' 'B-0001 2026-11-25T20:00:00Z 7' 'B-0001 2026-11-25T20:00:01Z 500.5' >in.txt
	validate --delimiter space --no-header --columns asset_id,ts,vib_hz in.txt
	assert_failure 1
	assert_output 'B-0001 2026-11-25T20:00:00Z 7'
	run rejected_rows
	assert_output 'B-0001,2026-11-25T20:00:01Z,500.5,range:vib_hz,'
	run head -1 rejects.csv
	assert_output 'asset_id,ts,vib_hz,_violation,_raw'
}

@test "--no-header alone names the fields by the contract's columns" {
	tail -n +2 good.csv >in.csv
	validate_to out.csv --no-header in.csv
	assert_success
	cmp out.csv in.csv
	assert_stderr 'sensor@1.0.0: 4 rows in, 4 passed, 0 rejected'
}

@test "--no-header data converted to NDJSON has the contract's keys" {
	printf '2026-11-25T20:00:00Z,B-0001,7,,,,,x\n' >in.csv
	validate -f ndjson --no-header in.csv
	assert_success
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,"temp_c":null,"count":null,"running":null,"status":null,"note":"x"}'
}
