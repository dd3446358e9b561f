# t/helper.bash: what every bats suite of mlo loads first.
#
#	load helper
#
# Loads bats-support and bats-assert, puts the just-built programs first on
# PATH (t/run does it too; this is for a bare "bats t/FILE.bats"), and gives
# every test a fresh working directory of its own, which is the current
# directory when the test starts, so that file names in messages and events
# are short and the same on every machine.

bats_require_minimum_version 1.5.0

# Debian installs the helper libraries in /usr/lib/bats; other systems and a
# git checkout of bats-core use /usr/lib or /usr/local/lib.  Their load.bash
# forks a dirname per file, for every test (bats reads this file again for
# each): that doubled the time of a suite, so their files are sourced
# directly when they are where Debian puts them.
for _lib in /usr/lib/bats /usr/local/lib/bats /usr/lib /usr/local/lib \
    "${BATS_LIB_PATH:-/nonexistent}"; do
	[ -f "$_lib/bats-support/load.bash" ] &&
	    [ -f "$_lib/bats-assert/load.bash" ] || continue
	if [ -f "$_lib/bats-support/src/output.bash" ] &&
	    [ -f "$_lib/bats-assert/src/assert_output.bash" ]; then
		for _src in "$_lib"/bats-support/src/*.bash \
		    "$_lib"/bats-assert/src/*.bash; do
			source "$_src"
		done
	else
		load "$_lib/bats-support/load"
		load "$_lib/bats-assert/load"
	fi
	break
done
unset _lib _src

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
case ":$PATH:" in
*":$MLO_TOP/bin:"*) ;;
*) PATH="$MLO_TOP/bin:$PATH" ;;
esac
export MLO_TOP PATH

# The fixtures of mlo-validate's suites.
VDATA=$MLO_TOP/t/data/validate
# The header of sensor.yaml's data, and the fixed "now" of every event.
SENSOR_HEADER='ts,asset_id,vib_hz,temp_c,count,running,status,note'
NOW=2026-11-25T20:00:00Z

# work_dir: make the test's working directory and go there.  The default
# setup; a suite's own setup calls it first.
work_dir() {
	# BATS_TEST_TMPDIR also holds bats' own files: work one level down.
	WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$WORK" && cd "$WORK" || return 1
	umask 022
}

setup() {
	work_dir
}

# fixture NAME...: copy files of t/data/validate into the working directory.
fixture() {
	local f

	for f; do
		cp "$VDATA/$f" . || return 1
	done
}

# rows FILE ROW...: write FILE as sensor.yaml's header and ROWs, one a line.
rows() {
	local file=$1

	shift
	{
		printf '%s\n' "$SENSOR_HEADER"
		printf '%s\n' "$@"
	} >"$file"
}

# validate ARGS...: run mlo-validate on sensor.yaml with events in
# events.ndjson, rejects in rejects.csv and the fixed now.
validate() {
	run --separate-stderr mlo-validate -c sensor.yaml --now "$NOW" \
	    -e events.ndjson --rejects rejects.csv "$@"
}

# validate_to FILE ARGS...: as validate, but stdout goes to FILE byte for
# byte (run would drop its trailing newlines).
validate_to() {
	local out=$1

	shift
	run --separate-stderr sh -c 'out=$1; shift; exec mlo-validate "$@" >"$out"' \
	    sh "$out" -c sensor.yaml --now "$NOW" -e events.ndjson \
	    --rejects rejects.csv "$@"
}

# event KIND [COLUMN]: the events of KIND (for COLUMN) in events.ndjson.
event() {
	if [ $# -eq 1 ]; then
		grep -F "\"kind\":\"$1\"," events.ndjson
	else
		grep -F "\"kind\":\"$1\"," events.ndjson |
		    grep -F "\"column\":\"$2\","
	fi
}

# row_event KIND COLUMN ROWS FIRST LAST EXAMPLE MESSAGE: the event line that
# mlo-validate writes for a failed row check of sensor.yaml.
row_event() {
	local column=

	[ -n "$2" ] && column="\"column\":\"$2\","
	printf '{"v":1,"time":"%s","tool":"mlo-validate","kind":"%s","severity":"critical","layer":"integrity","contract":"sensor@1.0.0",%s"rows":%s,"first":"%s","last":"%s","example":"%s","message":"%s"}\n' \
	    "$NOW" "$1" "$column" "$3" "$4" "$5" "$6" "$7"
}

# summary_event IN PASSED REJECTED [CONTRACT]: the summary event line.
summary_event() {
	local rows=rows

	[ "$1" = 1 ] && rows=row
	printf '{"v":1,"time":"%s","tool":"mlo-validate","kind":"summary","severity":"info","layer":"integrity","contract":"%s","rows":%s,"rows_passed":%s,"rows_rejected":%s,"message":"%s %s in, %s passed, %s rejected"}\n' \
	    "$NOW" "${4:-sensor@1.0.0}" "$1" "$2" "$3" "$1" "$rows" "$2" "$3"
}

# assert_stderr TEXT: stderr of the last run is exactly TEXT.
assert_stderr() {
	assert_equal "$stderr" "$1"
}

# assert_stderr_empty: the last run printed nothing on stderr.
assert_stderr_empty() {
	assert_equal "$stderr" ""
}

# assert_stderr_line TEXT: one line of stderr is exactly TEXT.
assert_stderr_line() {
	local line

	for line in "${stderr_lines[@]}"; do
		[ "$line" = "$1" ] && return 0
	done
	printf '%s\n' "-- no line of stderr is --" "$1" "-- stderr --" \
	    "$stderr" "--" >&2
	return 1
}

# rejected_rows: the rows of rejects.csv, its header left out.
rejected_rows() {
	tail -n +2 rejects.csv
}
