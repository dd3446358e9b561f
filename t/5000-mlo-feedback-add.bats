#!/usr/bin/env bats
# mlo-feedback add: one verdict appended as one NDJSON line, every field
# checked first; a bad field is trouble (exit 2) with a message naming it,
# and then nothing is written, not even an empty log.

load helper

P=B-0042@2026-11-25T19:00:00Z

add() {
	run --separate-stderr mlo-feedback add --now "$NOW" --log f.ndjson "$@"
}

# refused ARGS...: add fails with exit 2, prints nothing on stdout, and
# leaves no log behind.
refused() {
	add "$@"
	assert_failure 2
	assert_output ''
	[ ! -e f.ndjson ]
}

@test "a verdict is one line with every field, in a fixed order" {
	add --prediction "$P" --verdict wrong --technician T42 --asset B-0042 \
	    --model v3 --note 'bearing was fine'
	assert_success
	assert_output ''
	assert_stderr "mlo-feedback: saved 'wrong' for '$P' by 'T42' in f.ndjson"
	assert_equal "$(cat f.ndjson)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"B-0042@2026-11-25T19:00:00Z","asset":"B-0042","model_version":"v3","verdict":"wrong","technician":"T42","note":"bearing was fine","source":"cli"}'
}

@test "asset, model and note not given are null" {
	add -q --prediction p1 --verdict right --technician T1
	assert_success
	assert_stderr_empty
	assert_equal "$(cat f.ndjson)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"p1","asset":null,"model_version":null,"verdict":"right","technician":"T1","note":null,"source":"cli"}'
}

@test "verdicts are appended, never rewritten" {
	add -q --prediction p1 --verdict wrong --technician T1
	add -q --prediction p2 --verdict unsure --technician T2
	assert_success
	assert_equal "$(wc -l <f.ndjson)" 2
	assert_equal "$(sed -n 2p f.ndjson | grep -c '"verdict":"unsure"')" 1
}

@test "quotes, backslashes, tabs and newlines of a note are escaped" {
	add -q --prediction p1 --verdict wrong --technician T1 \
	    --note "$(printf 'a "b" \\c\td\ne <script>')"
	assert_success
	assert_equal "$(wc -l <f.ndjson)" 1
	assert_equal "$(grep -o '"note":"[^}]*"source"' f.ndjson)" \
	    '"note":"a \"b\" \\c\td\ne <script>","source"'
}

@test "a note of 500 characters of two bytes each is fine" {
	add -q --prediction p1 --verdict wrong --technician T1 \
	    --note "$(printf 'é%.0s' $(seq 500))"
	assert_success
}

@test "a note of 501 characters is refused" {
	refused --prediction p1 --verdict wrong --technician T1 \
	    --note "$(printf 'x%.0s' $(seq 501))"
	assert_stderr "mlo-feedback: the note is 501 characters long, at most 500 are allowed"
}

@test "a note with a control character is refused" {
	refused --prediction p1 --verdict wrong --technician T1 \
	    --note "$(printf 'a\001b')"
	assert_stderr "mlo-feedback: the note holds control character 0x01 at byte 2"
}

@test "a note that is not UTF-8 is refused" {
	refused --prediction p1 --verdict wrong --technician T1 \
	    --note "$(printf 'caf\351')"
	assert_stderr "mlo-feedback: the note is not valid UTF-8 text (or holds a NUL byte)"
}

@test "an id of 128 bytes is fine, 129 are refused" {
	add -q --prediction "$(printf 'a%.0s' $(seq 128))" --verdict wrong --technician T1
	assert_success
	rm f.ndjson
	refused --prediction "$(printf 'a%.0s' $(seq 129))" --verdict wrong --technician T1
	assert_stderr "mlo-feedback: the prediction id is 129 bytes long, at most 128 are allowed"
}

@test "an empty prediction id is refused" {
	refused --prediction '' --verdict wrong --technician T1
	assert_stderr "mlo-feedback: the prediction id is empty"
}

@test "a prediction id with a blank is refused" {
	refused --prediction 'B 42' --verdict wrong --technician T1
	assert_stderr "mlo-feedback: the prediction id has byte 0x20 at byte 2: ids are letters, digits and ._:@-"
}

@test "a prediction id with a slash is refused, quoted" {
	refused --prediction 'B/42' --verdict wrong --technician T1
	assert_stderr "mlo-feedback: the prediction id 'B/42' has '/' at byte 2: ids are letters, digits and ._:@-"
}

@test "a technician with a quote is refused" {
	refused --prediction p1 --verdict wrong --technician 'T"1'
	assert_stderr "mlo-feedback: the technician 'T\"1' has '\"' at byte 2: ids are letters, digits and ._:@-"
}

@test "an asset with a newline is refused" {
	refused --prediction p1 --verdict wrong --technician T1 --asset "$(printf 'A\nB')"
	assert_stderr "mlo-feedback: the asset has byte 0x0a at byte 2: ids are letters, digits and ._:@-"
}

@test "a model version with '<' is refused" {
	refused --prediction p1 --verdict wrong --technician T1 --model '<v3>'
	assert_stderr "mlo-feedback: the model version '<v3>' has '<' at byte 1: ids are letters, digits and ._:@-"
}

@test "an empty technician is refused" {
	refused --prediction p1 --verdict wrong --technician ''
	assert_stderr "mlo-feedback: the technician is empty"
}

@test "a verdict other than wrong, right or unsure is refused" {
	refused --prediction p1 --verdict maybe --technician T1
	assert_stderr_line "mlo-feedback: verdict 'maybe' is not wrong, right or unsure"
}

@test "each required option is named when missing" {
	refused --verdict wrong --technician T1
	assert_stderr_line "mlo-feedback: add needs the prediction: --prediction ID"
	refused --prediction p1 --technician T1
	assert_stderr_line "mlo-feedback: add needs the verdict: --verdict wrong|right|unsure"
	refused --prediction p1 --verdict wrong
	assert_stderr_line "mlo-feedback: add needs the technician: --technician T"
	run --separate-stderr mlo-feedback add --prediction p1 --verdict wrong --technician T1
	assert_failure 2
	assert_stderr_line "mlo-feedback: add needs the log: --log FILE"
}

@test "a bad --now is refused" {
	refused --prediction p1 --verdict wrong --technician T1 --now yesterday
	assert_stderr_line "mlo-feedback: --now: 'yesterday' is not an RFC 3339 timestamp: expected a 4-digit year"
}

@test "add takes no file arguments" {
	refused --prediction p1 --verdict wrong --technician T1 extra.ndjson
	assert_stderr_line "mlo-feedback: add takes no file arguments ('extra.ndjson')"
}

@test "an option of another command is refused" {
	refused --prediction p1 --verdict wrong --technician T1 --group-by asset
	assert_stderr_line "mlo-feedback: --group-by is not an option of add"
}

@test "a log that cannot be written is trouble" {
	mkdir f.ndjson
	add --prediction p1 --verdict wrong --technician T1
	assert_failure 2
	assert_stderr "mlo-feedback: f.ndjson: Is a directory"
}

@test "no command, or an unknown one, is a usage error" {
	run --separate-stderr mlo-feedback
	assert_failure 2
	assert_stderr_line "mlo-feedback: a command is needed: add, cgi, summary, labels or queue"
	run --separate-stderr mlo-feedback append
	assert_failure 2
	assert_stderr_line "mlo-feedback: unknown command 'append' (add, cgi, summary, labels or queue)"
}

@test "--help and --version print on stdout and succeed" {
	run --separate-stderr mlo-feedback --help
	assert_success
	assert_line --index 0 --partial 'usage: mlo-feedback add --log LOG'
	run --separate-stderr mlo-feedback --version
	assert_success
	assert_output --regexp '^mlo-feedback \(mlo\) [0-9]'
}

@test "--help on a full stdout is trouble" {
	run --separate-stderr sh -c 'mlo-feedback --help >/dev/full'
	assert_failure 2
	assert_stderr "mlo-feedback: write error on <stdout>: No space left on device"
}
