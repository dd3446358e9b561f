#!/usr/bin/env bats
# Faults (mlo(7) FAULTS): disk full and I/O errors during output, --state
# save and appends, injected by an LD_PRELOAD shim (t/data/faults/fault.c)
# into chosen write(2), fsync(2), rename(2) and read(2) calls: exit 2 with
# a message naming the file, and the old file left as it was; a read error
# in the middle of input; a closed stdout.  SIGKILL at many points is
# t/slow/9900-kill.bats.

load helper

# Under the sanitizer build the shim is preloaded ahead of ASan's runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

setup_file() {
	cc -shared -fPIC -o "$BATS_FILE_TMPDIR/fault.so" \
	    "$MLO_TOP/t/data/faults/fault.c"
}

FDATA=$MLO_TOP/t/data/features
DDATA=$MLO_TOP/t/data/drift
GDATA=$MLO_TOP/t/data/gate

# fault SPEC CMD...: CMD with MLO_FAULT=SPEC (fault.c), stderr apart.
fault() {
	local spec=$1
	shift
	run --separate-stderr env MLO_FAULT="$spec" \
	    LD_PRELOAD="$BATS_FILE_TMPDIR/fault.so" "$@"
}

# same FILE: FILE is byte for byte its copy FILE.orig, and no temporary
# file is left beside it.
same() {
	cmp "$1" "$1.orig"
	assert_equal "$(ls -A "$(dirname "$1")" | grep -c -v -e '\.orig$' \
	    -e '^[^.]' || true)" 0
}

# each_fault FILE CMD...: for a failed write (ENOSPC), fsync (EIO) and
# rename (EIO), CMD is trouble naming FILE and why, FILE is untouched.
each_fault() {
	local file=$1 spec why
	shift
	for spec in write:0:ENOSPC fsync:0:EIO rename:0:EIO; do
		case $spec in
		write*) why='No space left on device' ;;
		*) why='Input/output error' ;;
		esac
		fault "$spec" "$@"
		assert_equal "$status" 2
		[[ "$stderr" == *"$file"*"$why"* ]] ||
		    fail "$spec: stderr '$stderr' names not $file and $why"
		same "$file"
	done
}

@test "mlo-validate -o: disk full, a failed fsync or rename: exit 2, the old output kept" {
	echo old >out.csv && cp out.csv out.csv.orig
	each_fault out.csv mlo-validate -q -c "$VDATA/sensor.yaml" -o out.csv \
	    "$VDATA/good.csv"
}

@test "mlo-validate --state: a failed save is exit 2 and leaves the old state" {
	mlo-validate -q -c "$VDATA/sensor.yaml" --state st "$VDATA/good.csv" \
	    >/dev/null
	cp st st.orig
	each_fault st mlo-validate -q -c "$VDATA/sensor.yaml" --state st \
	    "$VDATA/good.csv"
}

@test "mlo-features -o and --state: a failed write is exit 2, both files kept" {
	head -301 "$FDATA/series.csv" >first.csv
	{ head -1 first.csv; tail -n +302 "$FDATA/series.csv"; } >second.csv
	mlo-features -q -s "$FDATA/ref.yaml" --state st -o out.csv first.csv
	cp st st.orig && cp out.csv out.csv.orig
	each_fault out.csv mlo-features -q -s "$FDATA/ref.yaml" -o out.csv \
	    second.csv
	each_fault st mlo-features -q -s "$FDATA/ref.yaml" --state st \
	    second.csv
	same out.csv
}

@test "mlo-drift profile -o and compare --state: a failed write is exit 2, files kept" {
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	cp ref.profile ref.profile.orig
	each_fault ref.profile mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	mlo-drift compare -q -r ref.profile --state st "$DDATA/cur1.csv" \
	    >/dev/null || true
	cp st st.orig
	each_fault st mlo-drift compare -q -r ref.profile --state st \
	    "$DDATA/cur2.csv"
}

@test "events and rejects appends: a failed write or fsync is exit 2, nothing appended" {
	printf '%s\n' "$SENSOR_HEADER" \
	    '2026-11-25T20:00:00Z,B-0001,12.5,41.0,3,true,ok,x' \
	    '2026-11-25T20:00:30Z,B-0001,zz,41.0,3,true,ok,x' >in.csv
	run mlo-validate -q -c "$VDATA/sensor.yaml" -e ev.ndjson \
	    --rejects rej.csv --now "$NOW" in.csv
	assert_equal "$status" 1
	cp ev.ndjson ev.ndjson.orig && cp rej.csv rej.csv.orig
	# The rejects are written first: its write, then its fsync, fails.
	for spec in write:0:ENOSPC fsync:0:EIO; do
		fault $spec mlo-validate -q -c "$VDATA/sensor.yaml" \
		    -e ev.ndjson --rejects rej.csv --now "$NOW" in.csv
		assert_equal "$status" 2
		[[ "$stderr" == "mlo-validate: "*rej.csv* ]]
		same rej.csv
		same ev.ndjson
	done
	# The events append fails after the rejects went through.
	for spec in write:1:ENOSPC fsync:1:EIO; do
		cp rej.csv.orig rej.csv
		fault $spec mlo-validate -q -c "$VDATA/sensor.yaml" \
		    -e ev.ndjson --rejects rej.csv --now "$NOW" in.csv
		assert_equal "$status" 2
		[[ "$stderr" == "mlo-validate: ev.ndjson: "* ]]
		same ev.ndjson
	done
}

@test "mlo-feedback add: a failed write or fsync is exit 2 and appends nothing" {
	mlo-feedback add -q --log fb.ndjson --prediction p1 --verdict wrong \
	    --technician T1 --now "$NOW"
	cp fb.ndjson fb.ndjson.orig
	for spec in write:0:ENOSPC fsync:0:EIO write:0:EDQUOT; do
		fault $spec mlo-feedback add -q --log fb.ndjson --prediction p2 \
		    --verdict wrong --technician T1 --now "$NOW"
		assert_equal "$status" 2
		[[ "$stderr" == "mlo-feedback: fb.ndjson: "* ]]
		same fb.ndjson
	done
}

@test "mlo-retrain-gate: a ledger append that fails puts production back" {
	mkdir model && echo weights >model/w.bin
	set -- -q --resamples 50 -p "$GDATA/policy.yaml" \
	    --candidate "$GDATA/gen-cand.csv" --production "$GDATA/gen-prod.csv" \
	    --registry models --model-dir model -o /dev/null
	# A first deployment: meta.json and the ledger are the only two
	# regular files written after the model's own; the ledger is last.
	fault write:2:ENOSPC mlo-retrain-gate --now "$NOW" "$@"
	assert_equal "$status" 2
	assert_equal "$stderr" "mlo-retrain-gate: models/ledger.ndjson: No space left on device"
	[ ! -e models/production ] && [ ! -L models/production ]
	[ ! -s models/ledger.ndjson ]
	mlo-retrain-gate --now 2026-11-26T20:00:00Z "$@"
	before=$(readlink models/production)
	cp models/ledger.ndjson models/ledger.ndjson.orig
	fault fsync:4:EIO mlo-retrain-gate --now 2026-11-27T20:00:00Z "$@"
	assert_equal "$status" 2
	assert_equal "$(readlink models/production)" "$before"
	cmp models/ledger.ndjson models/ledger.ndjson.orig
	mlo-retrain-gate --registry models --verify
	# A rollback whose record cannot be appended is undone too.
	mlo-retrain-gate --now 2026-11-28T20:00:00Z "$@"
	now=$(readlink models/production)
	cp models/ledger.ndjson models/ledger.ndjson.orig
	fault write:0:EIO mlo-retrain-gate --registry models --rollback
	assert_equal "$status" 2
	assert_equal "$(readlink models/production)" "$now"
	cmp models/ledger.ndjson models/ledger.ndjson.orig
}

@test "a read error in the middle of input: exit 2 naming the file, -o not written" {
	awk 'NR == 1 { print; next }
	    NR == 2 { for (i = 0; i < 20000; i++) { l = $0
	        sub(/B-0001/, sprintf("B-%04d", i % 10000), l); print l } }' \
	    "$VDATA/good.csv" >big.csv
	# Reads: the contract, then big.csv 256 KiB at a time: fail the third.
	fault read:2:EIO mlo-validate -c "$VDATA/sensor.yaml" -o out.csv big.csv
	assert_equal "$status" 2
	[[ "$stderr" == "mlo-validate: big.csv: Input/output error"* ]]
	[[ "$stderr" == *" rows in, "* ]]
	[ ! -e out.csv ]
	fault read:2:EIO mlo-features -q -s "$FDATA/ref.yaml" -o out.csv big.csv
	assert_equal "$status" 2
	[ ! -e out.csv ]
}

@test "a closed stdout (| head -1) ends every filter by SIGPIPE, quietly" {
	awk 'NR == 1 { print; next }
	    NR == 2 { for (i = 0; i < 20000; i++) { l = $0
	        sub(/B-0001/, sprintf("B-%04d", i % 10000), l); print l } }' \
	    "$VDATA/good.csv" >big.csv
	run bash -c 'mlo-validate -q -c "$1" big.csv 2>err | head -1 >/dev/null
	    echo "${PIPESTATUS[0]}"' _ "$VDATA/sensor.yaml"
	assert_output 141
	[ ! -s err ]
	awk 'NR == 1; NR > 1 { for (i = 0; i < 200; i++) print }' \
	    "$FDATA/series.csv" >long.csv
	run bash -c 'mlo-features -q -s "$1" long.csv 2>err | head -1 >/dev/null
	    echo "${PIPESTATUS[0]}"' _ "$FDATA/ref.yaml"
	assert_output 141
	[ ! -s err ]
	awk 'NR == 1; NR > 1 { for (i = 0; i < 300; i++) print }' \
	    "$DDATA/cur1.csv" >long.csv
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
	run bash -c 'mlo-drift compare -q -r ref.profile --window 10 long.csv \
	    2>err | head -1 >/dev/null; echo "${PIPESTATUS[0]}"'
	assert_output 141
	[ ! -s err ]
}
