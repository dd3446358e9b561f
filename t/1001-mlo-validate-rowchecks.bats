#!/usr/bin/env bats
# mlo-validate: each row check rejects the row, names itself in the
# rejects file's _violation, and raises one aggregated event (kind, column,
# rows, first and last place).  The contract is t/data/validate/sensor.yaml.

load helper

setup() {
	work_dir
	fixture sensor.yaml
}

# --- required ---------------------------------------------------------------

@test "required: an empty required field rejects the row" {
	rows in.csv \
	    '2026-11-25T20:00:00Z,B-0001,,20,1,true,ok,' \
	    '2026-11-25T20:00:30Z,B-0001,7,20,1,true,ok,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:30Z,B-0001,7,20,1,true,ok,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,,20,1,true,ok,,required:vib_hz,'
}

@test "required: the event counts the rows and names the first and last" {
	rows in.csv \
	    '2026-11-25T20:00:00Z,B-0001,,20,1,true,ok,' \
	    '2026-11-25T20:00:10Z,B-0001,3,20,1,true,ok,' \
	    '2026-11-25T20:00:20Z,B-0001,,20,1,true,ok,'
	validate in.csv
	assert_failure 1
	run event required vib_hz
	assert_output "$(row_event required vib_hz 2 in.csv:2 in.csv:4 '' \
	    "2 rows with 'vib_hz' missing")"
}

@test "required: an empty optional field is a null and passes" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,'
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,"
	[ ! -e rejects.csv ]
}

@test "required: the time and entity columns are required even unmarked" {
	sed -e 's/, required: true}/}/' sensor.yaml >loose.yaml
	rows in.csv ',B-0001,7,,,,,' '2026-11-25T20:00:00Z,,7,,,,,'
	run --separate-stderr mlo-validate -c loose.yaml --now "$NOW" \
	    --rejects rejects.csv in.csv
	assert_failure 1
	run rejected_rows
	assert_output ',B-0001,7,,,,,,required:ts,
2026-11-25T20:00:00Z,,7,,,,,,required:asset_id,'
}

# --- type -------------------------------------------------------------------

@test "type number: text in a number column rejects the row" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,12,5 Hz,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,12,5 Hz,,,,,type:temp_c,'
	run event type temp_c
	assert_output "$(row_event type temp_c 1 in.csv:2 in.csv:2 '5 Hz' \
	    "1 row where 'temp_c' is not a number (first: '5 Hz')")"
}

@test "type number: blanks around a number are data, not padding" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001, 12,,,,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001, 12,,,,,,type:vib_hz,'
}

@test "type number: hex and a decimal comma are not numbers" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,0x10,,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,"1,5",,,,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,0x10,,,,,,type:vib_hz,
2026-11-25T20:00:01Z,B-0001,"1,5",,,,,,type:vib_hz,'
}

@test "type integer: a fraction in an integer column rejects the row" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,2.5,,,' \
	    '2026-11-25T20:00:01Z,B-0001,7,,-0,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,-0,,,"
	run event type count
	assert_output "$(row_event type count 1 in.csv:2 in.csv:2 2.5 \
	    "1 row where 'count' is not an integer (first: '2.5')")"
}

@test "type string: an NDJSON number in a string column rejects the row" {
	cat >in.ndjson <<-'EOF'
	{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,"note":42}
	{"ts":"2026-11-25T20:00:01Z","asset_id":"B-0001","vib_hz":7,"note":"42"}
	EOF
	run --separate-stderr mlo-validate -c sensor.yaml --now "$NOW" \
	    -e events.ndjson --rejects rejects.ndjson in.ndjson
	assert_failure 1
	assert_output '{"ts":"2026-11-25T20:00:01Z","asset_id":"B-0001","vib_hz":7,"note":"42"}'
	run cat rejects.ndjson
	assert_output '{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,"note":42,"_violation":"type:note"}'
	run event type note
	assert_output "$(row_event type note 1 in.ndjson:1 in.ndjson:1 42 \
	    "1 row where 'note' is not a string (first: '42')")"
}

@test "type boolean: true, false, 1 and 0 pass, any case" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,TRUE,,' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,False,,' \
	    '2026-11-25T20:00:02Z,B-0001,7,,,1,,' \
	    '2026-11-25T20:00:03Z,B-0001,7,,,0,,'
	validate in.csv
	assert_success
	[ ! -e rejects.csv ]
}

@test "type boolean: yes is not a boolean" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,yes,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,yes,,,type:running,'
	run event type running
	assert_output "$(row_event type running 1 in.csv:2 in.csv:2 yes \
	    "1 row where 'running' is not a boolean (first: 'yes')")"
}

@test "type timestamp: a time that is not RFC 3339 rejects the row" {
	rows in.csv '25/11/2026 20:00,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00+01:00,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00+01:00,B-0001,7,,,,,"
	run event type ts
	assert_output "$(row_event type ts 1 in.csv:2 in.csv:2 '25/11/2026 20:00' \
	    "1 row where 'ts' is not a timestamp (first: '25/11/2026 20:00')")"
}

@test "type timestamp: epoch seconds pass when the time section says epoch" {
	cat >epoch.yaml <<-'EOF'
	contract: epoch
	version: '1'
	time: {column: ts, format: epoch}
	columns:
	  - {name: ts, type: timestamp}
	  - {name: v, type: number}
	EOF
	printf 'ts,v\n1764100800,1\n1764100830,2\n' >in.csv
	run --separate-stderr mlo-validate -c epoch.yaml -q in.csv
	assert_success
	assert_output 'ts,v
1764100800,1
1764100830,2'
}

@test "type timestamp: a column's own 'format: epoch' holds under a plain 'time:'" {
	cat >epoch.yaml <<-'EOF'
	contract: epoch
	version: '1'
	time: {column: ts}
	columns:
	  - {name: ts, type: timestamp, format: epoch}
	  - {name: v, type: number}
	EOF
	printf 'ts,v\n1764100800,1\n1764100700,2\n' >in.csv
	run --separate-stderr mlo-validate -c epoch.yaml -q --rejects rejects.csv in.csv
	assert_failure 1
	run rejected_rows
	assert_output '1764100700,2,time_order:ts,'
}

# --- range ------------------------------------------------------------------

@test "range: both edges are inside" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,0,-40,0,,,' \
	    '2026-11-25T20:00:01Z,B-0001,500,200,10,,,'
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,0,-40,0,,,
2026-11-25T20:00:01Z,B-0001,500,200,10,,,"
}

@test "range: a value just outside either edge rejects the row" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,-0.001,,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,250,,,,,' \
	    '2026-11-25T20:00:02Z,B-0001,500.001,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,250,,,,,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,-0.001,,,,,,range:vib_hz,
2026-11-25T20:00:02Z,B-0001,500.001,,,,,,range:vib_hz,'
	run event range vib_hz
	assert_output "$(row_event range vib_hz 2 in.csv:2 in.csv:4 -0.001 \
	    "2 rows where 'vib_hz' is outside [0, 500] (first: -0.001)")"
}

@test "range: applies to integer columns" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,11,,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,11,,,,range:count,'
}

# --- pattern ----------------------------------------------------------------

@test "pattern: a value that does not match rejects the row" {
	rows in.csv '2026-11-25T20:00:00Z,B-42,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0042,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0042,7,,,,,"
	run event pattern asset_id
	assert_output "$(row_event pattern asset_id 1 in.csv:2 in.csv:2 B-42 \
	    "1 row where 'asset_id' does not match '^B-[0-9]{4}\$' (first: 'B-42')")"
}

@test "pattern: is a POSIX extended regex, anchors and bounds included" {
	rows in.csv '2026-11-25T20:00:00Z,B-00001,7,,,,,' \
	    '2026-11-25T20:00:00Z,xB-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,b-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z, B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-9999,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-9999,7,,,,,"
	run event pattern asset_id
	assert_output --partial '"rows":4,"first":"in.csv:2","last":"in.csv:5"'
}

# --- enum -------------------------------------------------------------------

@test "enum: a value not listed rejects the row, case counts" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,OK,' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,fault,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,,,fault,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,,OK,,enum:status,'
	run event enum status
	assert_output "$(row_event enum status 1 in.csv:2 in.csv:2 OK \
	    "1 row where 'status' is not one of its values (first: 'OK')")"
}

# --- duplicate key ----------------------------------------------------------

@test "duplicate key: the same entity at the same time rejects the repeat" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0001,8,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,8,,,,,,duplicate_key:ts,'
	run event duplicate_key ts
	assert_output "$(row_event duplicate_key ts 1 in.csv:3 in.csv:3 \
	    2026-11-25T20:00:00Z \
	    "1 row repeating a key (first: 2026-11-25T20:00:00Z)")"
}

@test "duplicate key: is checked per entity" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0002,7,,,,,'
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,
2026-11-25T20:00:00Z,B-0002,7,,,,,"
}

@test "duplicate key: the same time is no duplicate when there is no key" {
	grep -v '^key:' sensor.yaml >nokey.yaml
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0001,8,,,,,'
	run --separate-stderr mlo-validate -c nokey.yaml -q in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,
2026-11-25T20:00:00Z,B-0001,8,,,,,"
}

@test "duplicate key: an equal instant written another way is a repeat" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T21:00:00+01:00,B-0001,8,,,,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T21:00:00+01:00,B-0001,8,,,,,,duplicate_key:ts,'
}

# --- time order -------------------------------------------------------------

@test "time order: going back within an entity rejects the row" {
	rows in.csv '2026-11-25T20:00:30Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T20:01:00Z,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:30Z,B-0001,7,,,,,
2026-11-25T20:01:00Z,B-0001,7,,,,,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,,,,time_order:ts,'
	run event time_order ts
	assert_output "$(row_event time_order ts 1 in.csv:3 in.csv:3 \
	    2026-11-25T20:00:00Z \
	    "1 row where 'ts' goes back in time (first: 2026-11-25T20:00:00Z)")"
}

@test "time order: another entity's earlier time is fine" {
	rows in.csv '2026-11-25T20:00:30Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0002,7,,,,,'
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:30Z,B-0001,7,,,,,
2026-11-25T20:00:00Z,B-0002,7,,,,,"
}

@test "time order: a rejected row does not move its entity's clock" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,' \
	    '2026-11-25T23:00:00Z,B-0001,999,,,,,' \
	    '2026-11-25T20:00:30Z,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,,,,,
2026-11-25T20:00:30Z,B-0001,7,,,,,"
	run rejected_rows
	assert_output '2026-11-25T23:00:00Z,B-0001,999,,,,,,range:vib_hz,'
}

@test "time order: without an entity the whole input is one stream" {
	grep -v -e '^entity:' -e '^key:' sensor.yaml >stream.yaml
	rows in.csv '2026-11-25T20:00:30Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0002,7,,,,,'
	run --separate-stderr mlo-validate -c stream.yaml -q \
	    --rejects rejects.csv in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0002,7,,,,,,time_order:ts,'
}

# --- NaN and infinity -------------------------------------------------------

@test "nan: NaN and infinities are refused by default" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,nan,,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,inf,,,,,' \
	    '2026-11-25T20:00:02Z,B-0001,-Infinity,,,,,' \
	    '2026-11-25T20:00:03Z,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:03Z,B-0001,7,,,,,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,nan,,,,,,nan:vib_hz,
2026-11-25T20:00:01Z,B-0001,inf,,,,,,nan:vib_hz,
2026-11-25T20:00:02Z,B-0001,-Infinity,,,,,,nan:vib_hz,'
	run event nan vib_hz
	assert_output "$(row_event nan vib_hz 3 in.csv:2 in.csv:4 nan \
	    "3 rows where 'vib_hz' is NaN or infinite")"
}

@test "nan: allowed by 'nan: allow', whatever the range" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,NaN,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,7,-inf,,,,'
	validate in.csv
	assert_success
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:00Z,B-0001,7,NaN,,,,
2026-11-25T20:00:01Z,B-0001,7,-inf,,,,"
}

@test "nan: counted apart from nulls" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,nan,,,,,' \
	    '2026-11-25T20:00:01Z,B-0001,,,,,,' \
	    '2026-11-25T20:00:02Z,B-0001,,,,,,'
	validate in.csv
	assert_failure 1
	run event nan vib_hz
	assert_output --partial '"rows":1,"first":"in.csv:2","last":"in.csv:2"'
	run event required vib_hz
	assert_output --partial '"rows":2,"first":"in.csv:3","last":"in.csv:4"'
}

# --- shape ------------------------------------------------------------------

@test "shape: too few fields rejects the row, kept whole in _raw" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,,,,"
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,,,,"shape:3 fields, header has 8","2026-11-25T20:00:00Z,B-0001,7"'
	run event shape
	assert_output "$(row_event shape '' 1 in.csv:2 in.csv:2 \
	    '3 fields, header has 8' \
	    '1 row with a bad shape (first: 3 fields, header has 8)')"
}

@test "shape: too many fields rejects the row" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,,surplus'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,,,,"shape:9 fields, header has 8","2026-11-25T20:00:00Z,B-0001,7,,,,,,surplus"'
}

@test "shape: a nested NDJSON value rejects the row" {
	cat >in.ndjson <<-'EOF'
	{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":{"x":7}}
	{"ts":"2026-11-25T20:00:01Z","asset_id":"B-0001","vib_hz":[7]}
	{"ts":"2026-11-25T20:00:02Z","asset_id":"B-0001","vib_hz":7}
	EOF
	run --separate-stderr mlo-validate -c sensor.yaml --now "$NOW" \
	    -e events.ndjson --rejects rejects.ndjson in.ndjson
	assert_failure 1
	assert_output '{"ts":"2026-11-25T20:00:02Z","asset_id":"B-0001","vib_hz":7}'
	run cat rejects.ndjson
	assert_output '{"_raw":"{\"ts\":\"2026-11-25T20:00:00Z\",\"asset_id\":\"B-0001\",\"vib_hz\":{\"x\":7}}","_violation":"shape:nested value in '"'vib_hz'"'"}
{"_raw":"{\"ts\":\"2026-11-25T20:00:01Z\",\"asset_id\":\"B-0001\",\"vib_hz\":[7]}","_violation":"shape:nested value in '"'vib_hz'"'"}'
	run event shape
	assert_output --partial '"rows":2,"first":"in.ndjson:1","last":"in.ndjson:2"'
}

@test "shape: invalid UTF-8 rejects the row" {
	{
		echo "$SENSOR_HEADER"
		printf '2026-11-25T20:00:00Z,B-0001,7,,,,,caf\351\n'
		printf '2026-11-25T20:00:01Z,B-0001,7,,,,,caf\303\251\n'
	} >in.csv
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,,,,café"
	run rejected_rows
	assert_output "$(printf '2026-11-25T20:00:00Z,B-0001,7,,,,,caf\351,shape:invalid UTF-8,"2026-11-25T20:00:00Z,B-0001,7,,,,,caf\351"')"
}

@test "shape: a NUL byte rejects the row" {
	{
		echo "$SENSOR_HEADER"
		printf '2026-11-25T20:00:00Z,B-0001,7,,,,,a\000b\n'
		printf '2026-11-25T20:00:01Z,B-0001,7,,,,,ab\n'
	} >in.csv
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,,,,ab"
	run event shape
	assert_output --partial '"example":"NUL byte in record"'
	# The rejected row keeps its NUL: nothing read is lost.
	run sh -c 'tail -n +2 rejects.csv | tr "\000" @'
	assert_output '2026-11-25T20:00:00Z,B-0001,7,,,,,a@b,shape:NUL byte in record,"2026-11-25T20:00:00Z,B-0001,7,,,,,a@b"'
}

@test "shape: a line that is not JSON rejects the row" {
	cat >in.ndjson <<-'EOF'
	{"ts":"2026-11-25T20:00:00Z","asset_id":"B-0001","vib_hz":7,
	{"ts":"2026-11-25T20:00:01Z","asset_id":"B-0001","vib_hz":7}
	EOF
	run --separate-stderr mlo-validate -c sensor.yaml --now "$NOW" \
	    -e events.ndjson --rejects rejects.ndjson in.ndjson
	assert_failure 1
	assert_output '{"ts":"2026-11-25T20:00:01Z","asset_id":"B-0001","vib_hz":7}'
	run cat rejects.ndjson
	assert_output '{"_raw":"{\"ts\":\"2026-11-25T20:00:00Z\",\"asset_id\":\"B-0001\",\"vib_hz\":7,","_violation":"shape:invalid JSON"}'
}

@test "shape: a stray quote rejects the row and reading goes on" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,,12" pipe' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,,"12"" pipe"'
	validate in.csv
	assert_failure 1
	assert_output "$SENSOR_HEADER
2026-11-25T20:00:01Z,B-0001,7,,,,,\"12\"\" pipe\""
	run event shape
	assert_output --partial '"example":"stray or unbalanced quote"'
}

@test "shape: all bad shapes make one event, with the first problem" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001' \
	    '2026-11-25T20:00:01Z,B-0001,7,,,,,x"y' \
	    '2026-11-25T20:00:02Z,B-0001,7,,,,,'
	validate in.csv
	assert_failure 1
	run event shape
	assert_output "$(row_event shape '' 2 in.csv:2 in.csv:3 \
	    '2 fields, header has 8' \
	    '2 rows with a bad shape (first: 2 fields, header has 8)')"
}

# --- several checks ---------------------------------------------------------

@test "a row failing two checks names both" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,600,,,,broken,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,600,,,,broken,,range:vib_hz;enum:status,'
	run event range vib_hz
	assert_output --partial '"rows":1,'
	run event enum status
	assert_output --partial '"rows":1,'
}

@test "a row failing every column check names them all, in column order" {
	rows in.csv 'soon,B1,x,y,1.5,maybe,broken,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output 'soon,B1,x,y,1.5,maybe,broken,,type:ts;pattern:asset_id;type:vib_hz;type:temp_c;type:count;type:running;enum:status,'
}

@test "a row failing a column check and going back in time names both" {
	rows in.csv '2026-11-25T20:00:30Z,B-0001,7,,,,,' \
	    '2026-11-25T20:00:00Z,B-0001,600,,,,,'
	validate in.csv
	assert_failure 1
	run rejected_rows
	assert_output '2026-11-25T20:00:00Z,B-0001,600,,,,,,range:vib_hz;time_order:ts,'
}

@test "checks of different columns are separate events, in order of first failure" {
	rows in.csv '2026-11-25T20:00:00Z,B-0001,7,,,,broken,' \
	    '2026-11-25T20:00:01Z,B-0001,600,,,,,' \
	    '2026-11-25T20:00:02Z,B-0001,7,,,,wrong,'
	validate in.csv
	assert_failure 1
	run cat events.ndjson
	assert_output "$(row_event enum status 2 in.csv:2 in.csv:4 broken \
	    "2 rows where 'status' is not one of its values (first: 'broken')")
$(row_event range vib_hz 1 in.csv:3 in.csv:3 600 \
	    "1 row where 'vib_hz' is outside [0, 500] (first: 600)")
$(summary_event 3 0 3)"
}
