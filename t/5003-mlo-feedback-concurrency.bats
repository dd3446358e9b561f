#!/usr/bin/env bats
# mlo-feedback: many writers at once (CLI and CGI mixed) lose and tear no
# line; a writer killed in the middle of its append tears at most its own
# line, and the next append starts on a fresh line.  The full 16 x 500 run
# is t/slow/5901-mlo-feedback-load.bats.

load helper

export MLO_FEEDBACK_SECRET=0123456789abcdef-test-secret
# Under the sanitizer build the shim is preloaded ahead of ASan's runtime;
# that is what the shim wants, so ASan is told not to refuse it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

setup_file() {
	# An LD_PRELOAD shim: with TEAR set, the first write(2) of more than
	# one byte to a regular file writes half and the process is killed.
	cat >"$BATS_FILE_TMPDIR/tear.c" <<'C'
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

ssize_t
write(int fd, const void *p, size_t n)
{
	struct stat st;

	if (getenv("TEAR") != NULL && n > 1 && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		syscall(SYS_write, fd, p, n / 2);
		kill(getpid(), SIGKILL);
	}
	return syscall(SYS_write, fd, p, n);
}
C
	cc -shared -fPIC -o "$BATS_FILE_TMPDIR/tear.so" "$BATS_FILE_TMPDIR/tear.c"
}

# intact LOG N: LOG has N lines, each a whole verdict, and the reader
# warns about none.
intact() {
	assert_equal "$(wc -l <"$1")" "$2"
	assert_equal "$(grep -c -v '^{"time":"[^"]*","prediction_id":"[^"]*",.*,"source":"\(cli\|web\)"}$' "$1")" 0
	run --separate-stderr mlo-feedback summary -q --period 36500d "$1"
	assert_stderr_empty
	assert_equal "$(printf '%s\n' "$output" | awk -F, 'NR > 1 { n += $2 } END { print n }')" "$2"
}

@test "8 writers x 12 verdicts at once, CLI and CGI mixed: 96 intact lines" {
	run sh "$MLO_TOP/t/data/feedback/hammer.sh" log.ndjson 8 12
	assert_success
	intact log.ndjson 96
	assert_equal "$(grep -c '"source":"web"' log.ndjson)" 48
}

@test "a writer killed mid-append tears only its own line; the next starts afresh" {
	mlo-feedback add -q --log log.ndjson --prediction p1 --verdict wrong \
	    --technician T1 --now "$NOW"
	run env TEAR=1 LD_PRELOAD="$BATS_FILE_TMPDIR/tear.so" mlo-feedback add \
	    -q --log log.ndjson --prediction p2 --verdict wrong --technician T2 \
	    --now "$NOW"
	assert_failure 137
	assert_equal "$(wc -l <log.ndjson)" 1
	[ "$(wc -c <log.ndjson)" -gt 200 ]
	mlo-feedback add -q --log log.ndjson --prediction p3 --verdict right \
	    --technician T3 --now "$NOW"
	assert_equal "$(wc -l <log.ndjson)" 3
	assert_equal "$(sed -n 1p log.ndjson | cut -c1-50)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"p1'
	assert_equal "$(sed -n 3p log.ndjson)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"p3","asset":null,"model_version":null,"verdict":"right","technician":"T3","note":null,"source":"cli"}'
	run --separate-stderr mlo-feedback summary -q --now "$NOW" log.ndjson
	assert_success
	assert_stderr "mlo-feedback: log.ndjson:2: not a whole record (invalid JSON), a torn write: skipped"
	assert_line --index 1 ',2,1,1,0,2,1,0.5,2026-11-25T20:00:00Z'
}

@test "a CGI writer killed mid-append: the page saves nothing, the next post starts afresh" {
	tok=$(printf 'mlo-feedback-token:1:p1' | openssl dgst -sha256 -hmac "$MLO_FEEDBACK_SECRET" | sed 's/.* //')
	body="id=p1&token=$tok&verdict=wrong&technician=T1"
	printf '%s' "$body" >body.txt
	run sh -c 'env TEAR=1 LD_PRELOAD="$1" REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=$2 MLO_FEEDBACK_LOG=log.ndjson mlo-feedback cgi <body.txt; echo "status $?"' sh "$BATS_FILE_TMPDIR/tear.so" ${#body}
	assert_line 'status 137'
	run env REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH=${#body} MLO_FEEDBACK_LOG=log.ndjson mlo-feedback cgi <body.txt
	assert_line --index 0 $'Status: 200 OK\r'
	assert_equal "$(wc -l <log.ndjson)" 2
	assert_equal "$(sed -n 2p log.ndjson | cut -c1-9)" '{"time":"'
	run --separate-stderr mlo-feedback queue log.ndjson
	assert_success
	assert_stderr "mlo-feedback: log.ndjson:1: not a whole record (invalid JSON), a torn write: skipped"
}
