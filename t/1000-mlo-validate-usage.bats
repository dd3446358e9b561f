#!/usr/bin/env bats
# mlo-validate: --help, --version and bad usage (exit 2, a message that
# names the program and points to --help).

load helper

setup() {
	work_dir
	fixture sensor.yaml good.csv
}

@test "-h prints usage on stdout, exit 0" {
	run --separate-stderr mlo-validate -h
	assert_success
	assert_line --index 0 --regexp '^usage: mlo-validate -c CONTRACT '
	assert_line --regexp '^ +mlo-validate --lint CONTRACT$'
	assert_stderr_empty
}

@test "--help prints the same usage as -h" {
	run --separate-stderr mlo-validate -h
	short=$output
	run --separate-stderr mlo-validate --help
	assert_success
	assert_equal "$output" "$short"
}

@test "the usage names every option" {
	run --separate-stderr mlo-validate --help
	for opt in -c -q -o -e -f --rejects --fail-on --check --now \
	    --input-format --delimiter --no-header --columns --lint; do
		assert_output --partial " [$opt" ||
		    assert_output --partial " $opt "
	done
}

@test "-V prints the version on stdout, exit 0" {
	run --separate-stderr mlo-validate -V
	assert_success
	assert_output --regexp '^mlo-validate \(mlo\) [0-9]+\.[0-9]+\.[0-9]+$'
	assert_stderr_empty
}

@test "--version prints the same as -V" {
	run --separate-stderr mlo-validate -V
	short=$output
	run --separate-stderr mlo-validate --version
	assert_success
	assert_equal "$output" "$short"
}

@test "--help on a full disk is trouble" {
	run --separate-stderr sh -c 'mlo-validate --help >/dev/full'
	assert_failure 2
	assert_stderr 'mlo-validate: write error on <stdout>: No space left on device'
}

@test "--version on a full disk is trouble" {
	run --separate-stderr sh -c 'mlo-validate --version >/dev/full'
	assert_failure 2
	assert_stderr 'mlo-validate: write error on <stdout>: No space left on device'
}

@test "--lint on a full disk is trouble" {
	run --separate-stderr sh -c 'mlo-validate --lint sensor.yaml >/dev/full'
	assert_failure 2
	assert_stderr 'mlo-validate: write error on <stdout>: No space left on device'
}

@test "an unknown long option is exit 2, named, with a pointer to --help" {
	run --separate-stderr mlo-validate --frobnicate -c sensor.yaml good.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: unrecognized option '--frobnicate'
Try 'mlo-validate --help' for more information."
}

@test "an unknown short option is exit 2, named" {
	run --separate-stderr mlo-validate -x -c sensor.yaml good.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: invalid option -- 'x'
Try 'mlo-validate --help' for more information."
}

@test "an option without its value is exit 2" {
	run --separate-stderr mlo-validate -c
	assert_failure 2
	assert_stderr "mlo-validate: option requires an argument -- 'c'
Try 'mlo-validate --help' for more information."
}

@test "no contract is exit 2" {
	run --separate-stderr mlo-validate good.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: a contract is needed: -c CONTRACT
Try 'mlo-validate --help' for more information."
}

@test "a --now that is not RFC 3339 is exit 2" {
	run --separate-stderr mlo-validate -c sensor.yaml --now yesterday good.csv
	assert_failure 2
	assert_output ''
	assert_stderr_line "mlo-validate: --now: 'yesterday' is not an RFC 3339 timestamp: expected a 4-digit year"
}

@test "-f with an unknown format is exit 2" {
	run --separate-stderr mlo-validate -c sensor.yaml -f xml good.csv
	assert_failure 2
	assert_stderr "mlo-validate: format 'xml' is not 'csv' or 'ndjson'
Try 'mlo-validate --help' for more information."
}

@test "--delimiter of two bytes is exit 2" {
	run --separate-stderr mlo-validate -c sensor.yaml --delimiter ';;' good.csv
	assert_failure 2
	assert_stderr_line "mlo-validate: delimiter ';;' is not one byte, 'tab' or 'space'"
}

@test "--columns naming a column twice is exit 2" {
	run --separate-stderr mlo-validate -c sensor.yaml --no-header --columns ts,ts good.csv
	assert_failure 2
	assert_stderr_line "mlo-validate: --columns names 'ts' twice"
}
