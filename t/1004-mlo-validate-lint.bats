#!/usr/bin/env bats
# mlo-validate --lint CONTRACT, and -c CONTRACT: a contract with a mistake
# is refused with FILE:LINE:COL and exit 2, before any data is read.  The
# faulty contracts are in t/data/validate/lint/.

load helper

# lint NAME: run --lint on a copy of lint/NAME in the working directory.
lint() {
	cp "$VDATA/lint/$1" . || return 1
	run --separate-stderr mlo-validate --lint "$1"
}

@test "a good contract lints clean, exit 0" {
	fixture sensor.yaml
	run --separate-stderr mlo-validate --lint sensor.yaml
	assert_success
	assert_output 'sensor.yaml: sensor@1.0.0, 8 columns: ok'
	assert_stderr_empty
}

@test "the shipped contracts lint clean" {
	cd "$MLO_TOP"
	for c in contracts/*.yaml; do
		run --separate-stderr mlo-validate --lint "$c"
		assert_success
		assert_output --regexp "^$c: [a-z0-9-]+@[0-9.]+, [0-9]+ columns: ok\$"
		assert_stderr_empty
	done
}

@test "a wrong type is refused at the type" {
	lint type.yaml
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: type.yaml:4:26: type 'float' is not number, integer, string, boolean, timestamp or enum"
}

@test "an unknown key is refused with a did-you-mean" {
	lint unknown-key.yaml
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: unknown-key.yaml:6:5: unknown key 'rnage' in 'columns[0]', did you mean 'range'?"
}

@test "a range with one number is refused" {
	lint range-one.yaml
	assert_failure 2
	assert_stderr 'mlo-validate: range-one.yaml:6:12: range needs two numbers [low, high], got 1'
}

@test "a range with a word for a number is refused at the word" {
	lint range-text.yaml
	assert_failure 2
	assert_stderr "mlo-validate: range-text.yaml:6:16: 'range' needs a number, got 'high'"
}

@test "an alias loop is refused" {
	lint alias-loop.yaml
	assert_failure 2
	assert_stderr "mlo-validate: alias-loop.yaml:5:5: alias '*columns' refers to a node that contains it"
}

@test "a billion laughs is refused at the alias that tips it" {
	lint laughs.yaml
	assert_failure 2
	assert_stderr 'mlo-validate: laughs.yaml:7:36: document expands to more than 100000 nodes (alias bomb?)'
}

@test "a column declared twice is refused at the second" {
	lint dup-column.yaml
	assert_failure 2
	assert_stderr "mlo-validate: dup-column.yaml:6:12: column 'vib_hz' is declared twice"
}

@test "an invalid regex is refused with the regex library's reason" {
	lint bad-regex.yaml
	assert_failure 2
	# The reason after the colon is the C library's (glibc: "Unmatched [").
	[[ "$stderr" == "mlo-validate: bad-regex.yaml:4:45: pattern '^B-[0-9{4}\$': "?* ]]
}

@test "a key without the time column is refused" {
	lint key-no-time.yaml
	assert_failure 2
	assert_stderr "mlo-validate: key-no-time.yaml:5:6: key must list the time column 'ts' and the entity column 'asset_id'"
}

@test "a key with a column that is neither time nor entity is refused at it" {
	lint key-other.yaml
	assert_failure 2
	assert_stderr "mlo-validate: key-other.yaml:5:17: key column 'batch' is neither the time column 'ts' nor the entity column 'asset_id'"
}

@test "a key in a contract without time is refused" {
	lint key-no-time-section.yaml
	assert_failure 2
	assert_stderr "mlo-validate: key-no-time-section.yaml:4:6: key needs a time column (add 'time: {column: ...}')"
}

@test "a time column that is not a column is refused" {
	lint time-not-column.yaml
	assert_failure 2
	assert_stderr "mlo-validate: time-not-column.yaml:3:7: time column 'timestamp' is not among the columns"
}

@test "an enum without values is refused" {
	lint enum-no-values.yaml
	assert_failure 2
	assert_stderr "mlo-validate: enum-no-values.yaml:4:5: enum column 'status' needs values"
}

@test "a YAML syntax error is refused where the parser stopped" {
	lint syntax.yaml
	assert_failure 2
	assert_stderr "mlo-validate: syntax.yaml:5:5: did not find expected ',' or '}' (while parsing a flow mapping at 4:5)"
}

@test "a contract that does not exist is trouble naming it" {
	run --separate-stderr mlo-validate --lint nope.yaml
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: nope.yaml: No such file or directory'
}

@test "-c with a faulty contract is refused the same way, no data read" {
	cp "$VDATA/lint/unknown-key.yaml" "$VDATA/good.csv" .
	run --separate-stderr mlo-validate -c unknown-key.yaml good.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: unknown-key.yaml:6:5: unknown key 'rnage' in 'columns[0]', did you mean 'range'?"
}

@test "-c with a faulty contract writes no events" {
	cp "$VDATA/lint/type.yaml" "$VDATA/good.csv" .
	run --separate-stderr mlo-validate -c type.yaml -e events.ndjson \
	    -o out.csv good.csv
	assert_failure 2
	[ ! -e events.ndjson ]
	[ ! -e out.csv ]
}
