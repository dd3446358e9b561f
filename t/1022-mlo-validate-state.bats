#!/usr/bin/env bats
# mlo-validate --state: the bearing day (t/data/validate-window/
# bearing-day.awk) checked in one run and in 1, 7 and 288 cron-sized
# batches gives the same rows, rejects and lasting events; and the state
# file itself: missing, of another contract, damaged, foreign, replaced
# atomically, and not advanced when the run's output fails.

load helper
load data/validate-window/window

# --- batches ---------------------------------------------------------------------
# setup_file checks the day once in one run without state (the reference,
# in ref/) and then in 1, 7 and 288 batches (in b1/, b7/, b288/) as cron
# would: each batch is a file with the header and its share of the rows,
# each run has --state, appends to one events file (-e) and one rejects
# file (--rejects), and has --now at the time of the batch's last row.
# Each run's exit status is kept in status, a line per run.

BEARING=$MLO_TOP/contracts/bearing.yaml

# batches N: the day in N batches, in bN/.  split cuts the rows; one awk
# gives each part the header and notes the time of its last row, so that
# the loop forks nothing but mlo-validate.
batches() {
	local n=$1 dir=$BATS_FILE_TMPDIR/b$1 batch now st

	mkdir -p "$dir/parts" && cd "$dir" || return 1
	split -n "l/$n" -d -a 3 "$BATS_FILE_TMPDIR/body.csv" parts/ || return 1
	awk -v header="$HEADER" '
	FNR == 1 {
		if (out != "") { close(out); print out, now >"batches" }
		out = FILENAME ".csv"
		print header >out
	}
	{ print >out; split($0, f, ","); now = f[1] }
	END { print out, now >"batches" }' parts/* || return 1
	while read -r batch now; do
		st=0
		mlo-validate -q -c "$BEARING" --state state --now "$now" \
		    -e events.ndjson --rejects rejects.csv "$batch" \
		    >"$batch.out" || st=$?
		echo "$st" >>status
	done <batches
	awk 'FNR > 1' parts/*.csv.out >rows.csv
	wc -l <batches >nbatches
}

setup_file() {
	local f=$BATS_FILE_TMPDIR n st

	awk -f "$MLO_TOP/t/data/validate-window/bearing-day.awk" >"$f/day.csv"
	HEADER=$(head -n 1 "$f/day.csv")
	tail -n +2 "$f/day.csv" >"$f/body.csv"
	mkdir -p "$f/ref" && cd "$f/ref" || return 1
	st=0
	mlo-validate -q -c "$BEARING" --now 2026-03-02T23:59:30Z \
	    -e events.ndjson --rejects rejects.csv "$f/day.csv" >out.csv ||
	    st=$?
	echo "$st" >status
	tail -n +2 out.csv >rows.csv
	for n in 1 7 288; do
		batches "$n" || return 1
	done
}

setup() {
	work_dir
}

# lasting DIR: the events of window checks in DIR/events.ndjson (those
# with a state, and the one-off gaps of an entity), without their time.
# Freshness is left out: by design it depends on the time of each run
# (--now), so batches see assets go stale between their readings (B-0002
# in its three silent hours) that one run at the end of the day does not.
lasting() {
	grep -e '"state":' -e '"entity":' "$BATS_FILE_TMPDIR/$1/events.ndjson" |
	    grep -v '"kind":"freshness"' | sed 's/"time":"[^"]*",//'
}

# per_run DIR: "KIND COLUMN ROWS" for the events without state or entity
# (the row checks and the summary), ROWS summed over DIR's runs.
per_run() {
	grep -v -e '"state":' -e '"entity":' \
	    "$BATS_FILE_TMPDIR/$1/events.ndjson" | fields kind column rows |
	    awk '{ sum[$1 " " $2] += $3 } END { for (k in sum) print k, sum[k] }' |
	    sort
}

@test "batches: the day is cut into 1, 7 and 288 batches" {
	run cat "$BATS_FILE_TMPDIR/b1/nbatches" "$BATS_FILE_TMPDIR/b7/nbatches" \
	    "$BATS_FILE_TMPDIR/b288/nbatches"
	assert_output '1
7
288'
}

@test "batches: no run is in trouble (exit 0 or 1, never 2)" {
	cat "$BATS_FILE_TMPDIR/ref/status" "$BATS_FILE_TMPDIR/b1/status" \
	    "$BATS_FILE_TMPDIR/b7/status" "$BATS_FILE_TMPDIR/b288/status" \
	    >status
	run wc -l <status
	assert_output 297
	run grep -v -x -e 0 -e 1 status
	assert_output ''
}

@test "batches: 1, 7 and 288 batches pass the same rows as one run" {
	local n

	for n in 1 7 288; do
		run cmp "$BATS_FILE_TMPDIR/ref/rows.csv" \
		    "$BATS_FILE_TMPDIR/b$n/rows.csv"
		assert_success
	done
	run wc -l <"$BATS_FILE_TMPDIR/ref/rows.csv"
	assert_output 16737
}

@test "batches: 1, 7 and 288 batches reject the same rows as one run" {
	local n

	for n in 1 7 288; do
		run cmp "$BATS_FILE_TMPDIR/ref/rejects.csv" \
		    "$BATS_FILE_TMPDIR/b$n/rejects.csv"
		assert_success
	done
	run wc -l <"$BATS_FILE_TMPDIR/ref/rejects.csv"
	assert_output 5
}

@test "batches: 1, 7 and 288 batches raise the same lasting events as one run" {
	local n

	lasting ref >want.ndjson
	run wc -l <want.ndjson
	assert_output 15
	for n in 1 7 288; do
		lasting "b$n" >got.ndjson
		run diff want.ndjson got.ndjson
		assert_success
	done
}

@test "batches: freshness is judged per run, so only batches see it" {
	run grep -c '"kind":"freshness"' "$BATS_FILE_TMPDIR/ref/events.ndjson"
	assert_output 0
	run grep -c '"kind":"freshness","state":"firing",.*"entity":"B-0002"' \
	    "$BATS_FILE_TMPDIR/b288/events.ndjson"
	assert_output 1
}

@test "batches: the row-check counts of the runs add up to one run's" {
	local n

	per_run ref >want.txt
	run cat want.txt
	assert_output 'duplicate_key ts 1
range vib_hz 1
summary - 16741
time_order ts 1
type vib_hz 1'
	for n in 1 7 288; do
		per_run "b$n" >got.txt
		run diff want.txt got.txt
		assert_success
	done
}

@test "batches: the passed and rejected totals of the runs add up" {
	EVENTS=$BATS_FILE_TMPDIR/b288/events.ndjson \
	    run events summary rows_passed rows_rejected
	run awk '{ p += $1; r += $2 } END { print NR, p, r }' <<<"$output"
	assert_output '288 16737 4'
}

# --- the state file ----------------------------------------------------------------
# sustained.csv in two batches: the first ends outside normal, with the
# alarm's episode open, so that the state file has something to carry.

# two_batches: first.csv (to 08:02:00) and second.csv (the rest).
two_batches() {
	wfixture sustained.yaml sustained.csv
	head -n 6 sustained.csv >first.csv
	{ head -n 1 sustained.csv; tail -n +7 sustained.csv; } >second.csv
}

# sum FILE: its checksum and size, to see that it did not change.
sum() {
	cksum <"$1"
}

@test "state: the alarm open at the end of a batch fires in the next" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	assert_success
	wvalidate sustained.yaml --state st second.csv
	assert_success
	run events sustained state window_from window_to
	assert_output 'firing 2026-03-02T08:01:00Z 2026-03-02T08:03:00Z
resolved 2026-03-02T08:01:00Z 2026-03-02T08:04:30Z'
}

@test "state: without --state the next batch starts afresh" {
	two_batches
	wvalidate sustained.yaml first.csv
	wvalidate sustained.yaml second.csv
	assert_success
	run events sustained state
	assert_output ''
}

@test "state: a missing state file is an empty state" {
	two_batches
	wvalidate sustained.yaml sustained.csv
	mv events.ndjson plain.ndjson
	wvalidate sustained.yaml --state st sustained.csv
	assert_success
	assert_output "$(cat sustained.csv)"
	run diff plain.ndjson events.ndjson
	assert_success
}

@test "state: a missing state file is created at the end of the run" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	assert_success
	[ -s st ]
}

@test "state: a state file of another contract is refused, naming both" {
	two_batches
	wfixture rate.yaml
	wvalidate rate.yaml --state st first.csv
	assert_success
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-validate: st: state of contract 'rate', not 'sustained'"
}

@test "state: a state file of another contract is left untouched" {
	two_batches
	wfixture rate.yaml
	wvalidate rate.yaml --state st first.csv
	before=$(sum st)
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}

@test "state: a refused state file writes no event" {
	two_batches
	wfixture rate.yaml
	wvalidate rate.yaml --state st first.csv
	rm events.ndjson
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	[ ! -e events.ndjson ]
}

@test "state: a byte changed in the middle is refused" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	# Turn one digit in the middle of the file into another.
	half=$(($(wc -c <st) / 2))
	off=$(awk -v h="$half" 'BEGIN { RS = "\0" } {
		for (i = h; i <= length($0); i++)
			if (substr($0, i, 1) ~ /[0-8]/) { print i; exit }
	}' st)
	printf '9' | dd of=st bs=1 seek=$((off - 1)) conv=notrunc 2>/dev/null
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: st: damaged state file (its seal does not match; remove it to start afresh)'
}

@test "state: a state file with a byte changed is left untouched" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	half=$(($(wc -c <st) / 2))
	printf 'X' | dd of=st bs=1 seek="$half" conv=notrunc 2>/dev/null
	before=$(sum st)
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}

@test "state: a state file truncated mid-line is refused" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	head -c $(($(wc -c <st) / 2)) st >cut && mv cut st
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: st: damaged state file (it does not end with its seal; remove it to start afresh)'
}

@test "state: a state file truncated at a line end is refused" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	sed '$d' st >cut && mv cut st
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_stderr 'mlo-validate: st: damaged state file (its seal does not match; remove it to start afresh)'
}

@test "state: a truncated state file is left untouched" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	head -c $(($(wc -c <st) / 2)) st >cut && mv cut st
	before=$(sum st)
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}

@test "state: an empty state file is refused" {
	two_batches
	: >st
	wvalidate sustained.yaml --state st second.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: st: not an mlo state file'
}

@test "state: a foreign file (a CSV) is refused as not a state file" {
	two_batches
	wvalidate sustained.yaml --state sustained.csv second.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: sustained.csv: not an mlo state file'
}

@test "state: a foreign file given as the state is left untouched" {
	two_batches
	before=$(sum sustained.csv)
	wvalidate sustained.yaml --state sustained.csv second.csv
	assert_failure 2
	assert_equal "$(sum sustained.csv)" "$before"
}

@test "state: the state file has mode 0644 under umask 022" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	assert_success
	run stat -c %a st
	assert_output 644
}

@test "state: the state file is replaced by a new file, not rewritten" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	before=$(stat -c %i st)
	ln st st.old	# keeps the old inode alive so it cannot be reused
	wvalidate sustained.yaml --state st second.csv
	assert_success
	run stat -c %i st
	refute_output "$before"
	run cmp -s st st.old
	assert_failure
}

@test "state: no temporary file is left beside the state file" {
	two_batches
	mkdir state
	wvalidate sustained.yaml --state state/st first.csv
	wvalidate sustained.yaml --state state/st second.csv
	assert_success
	run ls -A state
	assert_output 'st'
}

@test "state: a state file behind a symlink is replaced through the link" {
	two_batches
	mkdir real
	ln -s real/st st
	wvalidate sustained.yaml --state st first.csv
	assert_success
	wvalidate sustained.yaml --state st second.csv
	assert_success
	[ -L st ] && [ -s real/st ]
	run events sustained state
	assert_output 'firing
resolved'
}

@test "state: a run whose output fails does not advance the state" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	before=$(sum st)
	run --separate-stderr sh -c 'exec mlo-validate -c sustained.yaml \
	    --now "$1" --state st second.csv >/dev/full' sh "$WNOW"
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}

@test "state: a first run whose output fails writes no state file" {
	two_batches
	run --separate-stderr sh -c 'exec mlo-validate -c sustained.yaml \
	    --now "$1" --state st first.csv >/dev/full' sh "$WNOW"
	assert_failure 2
	[ ! -e st ]
}

@test "state: a run whose rejects cannot be written does not advance the state" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	before=$(sum st)
	{ cat second.csv; echo '2026-03-02T08:06:00Z,B-0001,abc'; } >bad.csv
	wvalidate sustained.yaml --state st --rejects /dev/full bad.csv
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}

@test "state: a run whose events cannot be written does not advance the state" {
	two_batches
	wvalidate sustained.yaml --state st first.csv
	before=$(sum st)
	run --separate-stderr mlo-validate -c sustained.yaml --now "$WNOW" \
	    --state st -e /dev/full second.csv
	assert_failure 2
	assert_equal "$(sum st)" "$before"
}
