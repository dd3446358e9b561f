#!/usr/bin/env bats
# mlo-feedback: 16 writers adding 500 verdicts each at once, CLI and CGI
# mixed (t/data/feedback/hammer.sh): 8,000 intact lines, none torn, none
# lost.

# t/run exports MLO_TOP; for a bare "bats t/slow/FILE" it is two levels up.
MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

export MLO_FEEDBACK_SECRET=0123456789abcdef-test-secret

@test "16 writers x 500 verdicts at once, CLI and CGI mixed: 8,000 intact lines" {
	run sh "$MLO_TOP/t/data/feedback/hammer.sh" log.ndjson 16 500
	assert_success
	assert_equal "$(wc -l <log.ndjson)" 8000
	assert_equal "$(grep -c -v '^{"time":"[^"]*","prediction_id":"[^"]*",.*,"source":"\(cli\|web\)"}$' log.ndjson)" 0
	assert_equal "$(grep -c '"source":"web"' log.ndjson)" 4000
	run --separate-stderr mlo-feedback summary -q --period 36500d --alert-technicians 1000 log.ndjson
	assert_success
	assert_stderr ''
	assert_equal "$(printf '%s\n' "$output" | awk -F, 'NR > 1 { n += $2 } END { print n }')" 8000
}
