#!/usr/bin/env bats
# SIGKILL at MLO_KILL_POINTS (default 100) points of each thing that must
# survive a crash: a feedback append, an events append with a --state
# save, an atomic output write (-o).  The points are every write, fsync
# and rename of a run (killed there by t/data/faults/fault.c, a write
# half done), then moments spread over the run's length.  After each kill:
# every file parses, no record whose run succeeded is lost, and a replaced
# file is the old one or the whole new one.  The promotion and the ledger
# append are t/slow/4900-mlo-retrain-gate-kill.bats.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

POINTS=${MLO_KILL_POINTS:-100}
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

setup_file() {
	cc -shared -fPIC -o "$BATS_FILE_TMPDIR/fault.so" \
	    "$MLO_TOP/t/data/faults/fault.c"
}

# kill_points CHECK CMD...: run CMD POINTS times, each killed at another
# point, calling CHECK ROUND STATUS after each (STATUS 0 when the run was
# not killed in time).  PREPARE ROUND, when defined, runs before each.
# CMD is a function that execs the program, so that the background job's
# pid is the program's, and it is always run in a subshell.
kill_points() {
	local check=$1 k n step span t0 t1 delay pid st rounds=0
	shift
	# The calls a run makes, counted by the shim on a run let through.
	declare -F prepare >/dev/null && prepare 0
	(MLO_FAULT=any:1000000000 MLO_FAULT_LOG="$BATS_TEST_TMPDIR/calls" \
	    LD_PRELOAD="$BATS_FILE_TMPDIR/fault.so" "$@") >/dev/null 2>&1 || true
	n=$(cat "$BATS_TEST_TMPDIR/calls")
	# At most half the points at calls, spread evenly over them.
	step=$(( (n + POINTS / 2 - 1) / (POINTS / 2) ))
	for k in $(seq 0 "$step" $((n - 1))); do
		rounds=$((rounds + 1))
		declare -F prepare >/dev/null && prepare "$rounds"
		st=0
		(MLO_FAULT=any:$k:KILL LD_PRELOAD="$BATS_FILE_TMPDIR/fault.so" \
		    "$@") >/dev/null 2>&1 || st=$?
		[ "$st" -eq 137 ] || fail "not killed at call $k: status $st"
		"$check" "$rounds" "$st"
	done
	# Then moments spread over the run's length.
	declare -F prepare >/dev/null && prepare 0
	t0=$(date +%s%N); ("$@") >/dev/null 2>&1 || true; t1=$(date +%s%N)
	span=$(( (t1 - t0) / 1000 ))
	while [ "$rounds" -lt "$POINTS" ]; do
		rounds=$((rounds + 1))
		declare -F prepare >/dev/null && prepare "$rounds"
		"$@" >/dev/null 2>&1 &
		pid=$!
		delay=$((span * rounds / POINTS))
		sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
		kill -KILL "$pid" 2>/dev/null || true
		st=0
		wait "$pid" 2>/dev/null || st=$?
		"$check" "$rounds" "$st"
	done
	echo "# $n calls, $rounds points" >&3
}

# --- feedback append -------------------------------------------------------

fb_add() {
	exec mlo-feedback add -q --log fb.ndjson --prediction "p$ROUND" \
	    --verdict wrong --technician T1 --now "$NOW"
}
fb_prepare() { ROUND=$1; }
fb_check() {
	local round=$1 st=$2 torn
	# Whole lines are whole verdicts; only the last may be torn, and the
	# reader says so and goes on.
	torn=$(grep -c -v '^{"time":"[^"]*","prediction_id":"p[0-9]*",.*"source":"cli"}$' fb.ndjson || true)
	[ "$torn" -le "$TORN_MAX" ] || fail "round $round: $torn bad lines"
	run --separate-stderr mlo-feedback summary -q --now "$NOW" fb.ndjson
	[ "$status" -ne 2 ] || fail "round $round: the log does not read: $stderr"
	if [ "$st" -eq 0 ]; then
		grep -q "\"prediction_id\":\"p$round\"" fb.ndjson ||
		    fail "round $round: a saved verdict is lost"
		SAVED=$((SAVED + 1))
	fi
	# Every verdict saved so far is still there.
	[ "$(grep -c '"source":"cli"}$' fb.ndjson)" -ge "$SAVED" ] ||
	    fail "round $round: fewer whole lines than saved verdicts"
	TORN_MAX=$(grep -c -v '"source":"cli"}$' fb.ndjson || true)
	TORN_MAX=$((TORN_MAX + 1))
}

@test "feedback append: SIGKILL at $POINTS points loses no saved verdict" {
	SAVED=0 TORN_MAX=1
	prepare() { fb_prepare "$@"; }
	kill_points fb_check fb_add
	# The next append starts on a line of its own and reads back.
	(ROUND=final fb_add)
	tail -1 fb.ndjson | grep -q '"prediction_id":"pfinal"'
	run --separate-stderr mlo-feedback summary -q --now "$NOW" fb.ndjson
	[ "$status" -ne 2 ]
}

# --- --state save and events append ------------------------------------------

BEARING=$MLO_TOP/contracts/bearing.yaml

st_prepare() {
	cp st.base st
	rm -f st.new.* 2>/dev/null || true
}
st_run() {
	exec mlo-validate -q -c "$BEARING" --state st -e ev.ndjson \
	    --now 2026-03-02T12:00:00Z second.csv >/dev/null
}
st_check() {
	local round=$1 st=$2
	cmp -s st st.base || cmp -s st st.want ||
	    fail "round $round: the state is neither the old nor the new"
	# Every line that ends as a record ends is an event (jq reads it);
	# the others are torn by a kill mid-write, and the next append ended
	# them (readers skip them, naming the line).
	grep '}$' ev.ndjson | jq -e -c . >/dev/null ||
	    fail "round $round: an events line does not parse"
	[ "$(grep -c -v '}$' ev.ndjson)" -le "$round" ] ||
	    fail "round $round: more torn lines than kills"
	[ "$st" -ne 0 ] || cmp -s st st.want ||
	    fail "round $round: a run that succeeded did not save"
}

@test "--state save and events append: SIGKILL at $POINTS points, old or new state" {
	awk -f "$MLO_TOP/t/data/validate-window/bearing-day.awk" >day.csv
	head -1500 day.csv >first.csv
	{ head -1 day.csv; sed -n '1501,3000p' day.csv; } >second.csv
	mlo-validate -q -c "$BEARING" --state st --now 2026-03-02T12:00:00Z \
	    first.csv >/dev/null || true
	cp st st.base
	(st_run) || true
	cp st st.want
	: >ev.ndjson
	prepare() { st_prepare "$@"; }
	kill_points st_check st_run
	# And the state still loads: a run from it goes through.
	cp st.base st
	(st_run) || [ $? -eq 1 ]
	cmp st st.want
}

# --- atomic output write ---------------------------------------------------

out_run() {
	exec mlo-features -q -s "$MLO_TOP/t/data/features/ref.yaml" -o out.csv \
	    long.csv
}
out_prepare() { :; }
out_check() {
	local round=$1 st=$2
	cmp -s out.csv out.want || cmp -s out.csv out.old ||
	    fail "round $round: out.csv is neither the old nor the new"
	[ "$st" -ne 0 ] || cmp -s out.csv out.want ||
	    fail "round $round: a run that succeeded left the old output"
	cp out.old out.csv
}

@test "atomic output (-o): SIGKILL at $POINTS points, the old file or the whole new one" {
	awk 'NR == 1; NR > 1 { for (i = 0; i < 20; i++) print }' \
	    "$MLO_TOP/t/data/features/series.csv" >long.csv
	(out_run)
	mv out.csv out.want
	echo old >out.old && cp out.old out.csv
	prepare() { out_prepare "$@"; }
	kill_points out_check out_run
	# Killed writers leave temporary files at most, never matching *.csv.
	[ -z "$(ls | grep -v -e '^out\.' -e '^long\.csv$' | grep '\.csv$')" ]
}
