#!/usr/bin/env bats
# mlo-drift on bad input: each case gives a clear message or the defined
# result of mlo-drift(1), never a crash or a NaN printed as a verdict.

load helper

DDATA=$MLO_TOP/t/data/drift

setup() {
	work_dir
	mlo-drift profile -o ref.profile "$DDATA/ref.csv"
}

@test "a profile of another version is refused" {
	sed 's/"version":1,/"version":3,/' ref.profile >v3.profile
	run --separate-stderr mlo-drift compare -r v3.profile "$DDATA/cur1.csv"
	assert_failure 2
	assert_output ""
	assert_stderr "mlo-drift: v3.profile: profile version 3 is not supported (this mlo-drift reads versions 1 to 2)"
}

@test "a truncated profile is refused with its line and column" {
	head -c 200 ref.profile >cut.profile
	run --separate-stderr mlo-drift compare -r cut.profile "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: cut.profile:5:33: not valid JSON"
}

@test "a profile with an unknown field is refused, naming it" {
	sed 's/"name":"temp",/"name":"temp","colour":"red",/' ref.profile >odd.profile
	run --separate-stderr mlo-drift compare -r odd.profile "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: odd.profile: column 'temp': unknown field 'colour'"
}

@test "a profile whose counts do not add up is refused" {
	sed 's/"name":"temp","role":"feature","type":"number","count":400,"nulls":0/"name":"temp","role":"feature","type":"number","count":399,"nulls":0/' ref.profile >bad.profile
	run --separate-stderr mlo-drift compare -r bad.profile "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: bad.profile: column 'temp': count + nulls is not the profile's rows"
}

@test "a file that is not a profile is refused" {
	run --separate-stderr mlo-drift compare -r "$DDATA/ref.csv" "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: $DDATA/ref.csv:1:1: not valid JSON"
	run --separate-stderr mlo-drift merge nothere.profile
	assert_failure 2
	assert_stderr "mlo-drift: nothere.profile: No such file or directory"
}

@test "a column of the data that the profile lacks is named and not tested" {
	printf 'temp,vib,level,mode,extra\n1,2,3,auto,9\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --test ks cur.csv
	assert_success
	assert_stderr_line "mlo-drift: column 'extra' is not in the profile: not tested"
	refute_output --partial extra
}

@test "a column of the profile that the data lacks: its windows are insufficient" {
	printf 'temp,vib,mode\n1,2,auto\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --test ks cur.csv
	assert_success
	assert_stderr_line "mlo-drift: column 'level' of the profile is not in the data: its windows are insufficient"
	assert_line "1,1,level,ks,,,0.05,insufficient,400,0,"
}

@test "a window of 0 is refused" {
	run --separate-stderr mlo-drift compare -r ref.profile --window 0 "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: --window 0: a window needs at least 1 row"
	run --separate-stderr mlo-drift compare -r ref.profile --window 0s --time t "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: --window 0s: a window needs a length"
}

@test "a window of time needs --time" {
	run --separate-stderr mlo-drift compare -r ref.profile --window 1h "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: --window 1h: a window of time needs --time COLUMN"
}

@test "an all-null window is insufficient, with no statistic" {
	printf 'temp,vib,level,mode\n,,,\n,,,\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --min-n 1 cur.csv
	assert_success
	assert_output "window_start,window_end,column,test,statistic,p_value,threshold,drifted,n_ref,n_cur,error_bound
1,2,temp,ks,,,0.05,insufficient,400,0,
1,2,vib,ks,,,0.05,insufficient,400,0,
1,2,level,ks,,,0.05,insufficient,400,0,
1,2,mode,chi2,,,0.05,insufficient,400,0,"
}

@test "constant columns: defined results, wasserstein inf against a constant reference" {
	printf 'c\n5\n5\n5\n5\n' >const.csv
	mlo-drift profile -o const.profile const.csv
	printf 'c\n5\n5\n' >same.csv
	printf 'c\n5\n6\n' >moved.csv
	run --separate-stderr mlo-drift compare -r const.profile --min-n 1 --test ks,wasserstein same.csv
	assert_success
	assert_line "1,2,c,ks,0,1,0.05,false,4,2,0"
	assert_line "1,2,c,wasserstein,0,,0.1,false,4,2,0"
	run --separate-stderr mlo-drift compare -r const.profile --min-n 1 --test wasserstein moved.csv
	assert_failure 1
	assert_line "1,2,c,wasserstein,inf,,0.1,true,4,2,0"
}

@test "NaN and infinity are counted apart, not tested, never printed as a result" {
	printf 'temp,vib,level,mode\nnan,inf,-inf,auto\nNaN,1,2,auto\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --min-n 1 --test ks cur.csv
	assert_success
	assert_line "1,2,temp,ks,,,0.05,insufficient,400,0,"
	refute_output --partial nan
}

@test "one-row windows are insufficient by default, tested with --min-n 1" {
	run --separate-stderr mlo-drift compare -r ref.profile --window 1 --test ks "$DDATA/cur1.csv"
	assert_success
	refute_output --partial ",true,"
	refute_output --partial ",false,"
	run --separate-stderr mlo-drift compare -q -r ref.profile --window 1 --min-n 1 --test ks "$DDATA/cur1.csv"
	[ "$status" -le 1 ]
	[ "${#lines[@]}" -eq 901 ]
	refute_output --partial ",insufficient,"
}

@test "a missing input is reported and the others still read, exit 2" {
	run --separate-stderr mlo-drift compare -r ref.profile --test ks nothere.csv "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr_line "mlo-drift: nothere.csv: No such file or directory"
	assert_line --index 1 --partial "1,300,temp,ks,"
}

@test "a missing or bad time is an error naming the row" {
	printf 'ts,temp\n2026-11-25T00:00:00Z,1\n,2\n' >cur.csv
	run --separate-stderr mlo-drift compare -r ref.profile --window 1h --time ts cur.csv
	assert_failure 2
	assert_stderr_line "mlo-drift: cur.csv:3: time column 'ts' is null"
	run --separate-stderr mlo-drift compare -r ref.profile --window 1h --time when cur.csv
	assert_failure 2
	assert_stderr_line "mlo-drift: cur.csv: no time column 'when'"
}

@test "unknown test, command or correction: usage errors" {
	run --separate-stderr mlo-drift compare -r ref.profile --test ks,tt
	assert_failure 2
	assert_stderr "mlo-drift: --test: unknown test 'tt' (ks, psi, wasserstein, js, chi2, linf, p50, p95, p99)
Try 'mlo-drift --help' for more information."
	run --separate-stderr mlo-drift frobnicate
	assert_failure 2
	assert_stderr "mlo-drift: unknown command 'frobnicate' (profile, merge or compare)
Try 'mlo-drift --help' for more information."
	run --separate-stderr mlo-drift compare -r ref.profile --correct holm
	assert_failure 2
	run --separate-stderr mlo-drift compare "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: compare needs a reference: -r PROFILE
Try 'mlo-drift --help' for more information."
}

@test "a write error is trouble, exit 2" {
	run --separate-stderr sh -c 'mlo-drift compare -q -r ref.profile "$1" >/dev/full' sh "$DDATA/cur1.csv"
	assert_failure 2
	assert_stderr "mlo-drift: write error on <stdout>: No space left on device"
	run --separate-stderr sh -c 'mlo-drift profile "$1" >/dev/full' sh "$DDATA/ref.csv"
	assert_failure 2
}

@test "| head -1 ends quietly" {
	run --separate-stderr sh -c 'mlo-drift compare -q -r ref.profile --window 1 --min-n 1 "$1" | head -n 1' sh "$DDATA/cur1.csv"
	assert_success
	assert_output "window_start,window_end,column,test,statistic,p_value,threshold,drifted,n_ref,n_cur,error_bound"
	assert_stderr ""
}

@test "a truncated gzip input is trouble" {
	gzip -c "$DDATA/cur1.csv" | head -c 2000 >cut.csv.gz
	run --separate-stderr mlo-drift compare -q -r ref.profile cut.csv.gz
	assert_failure 2
	assert_stderr "mlo-drift: cut.csv.gz: truncated gzip stream"
}

@test "--help and --version" {
	run mlo-drift --help
	assert_success
	assert_line --index 0 --partial "usage: mlo-drift profile"
	run mlo-drift --version
	assert_success
	assert_output --regexp '^mlo-drift \(mlo\) '
}

@test "an option of another command is a usage error" {
	run --separate-stderr mlo-drift merge --window 3 ref.profile
	assert_failure 2
	assert_stderr "mlo-drift: merge does not take --window
Try 'mlo-drift --help' for more information."
	run --separate-stderr mlo-drift profile -r ref.profile "$DDATA/ref.csv"
	assert_failure 2
	assert_stderr "mlo-drift: profile does not take -r, --reference
Try 'mlo-drift --help' for more information."
}

@test "values of a number column that are not numbers are counted, named and an event, not tested" {
	awk -F, -v OFS=, 'NR == 4 { $1 = "n/a" } NR == 9 { $1 = "hot" }
	    NR == 6 { $2 = "1;5" } { print }' "$DDATA/cur1.csv" >odd.csv
	rows=$(($(wc -l <odd.csv) - 1))
	run --separate-stderr mlo-drift compare -r ref.profile -e ev.ndjson \
	    --now "$NOW" -o out.csv odd.csv
	[ "$status" -le 1 ]
	assert_stderr_line "mlo-drift: temp: 2 values not a number, left out of the tests (first at odd.csv:4: 'n/a')"
	assert_stderr_line "mlo-drift: vib: 1 value not a number, left out of the tests (first at odd.csv:6: '1;5')"
	run jq -r 'select(.kind == "non_numeric") | [.severity, .layer, .column, .rows, .first, .example, .message] | @tsv' ev.ndjson
	assert_output "warning	integrity	temp	2	odd.csv:4	n/a	2 values of 'temp' not a number, left out of the tests
warning	integrity	vib	1	odd.csv:6	1;5	1 value of 'vib' not a number, left out of the tests"
	# the window tested the other values only
	run awk -F, '$3 == "temp" { print $10 } $3 == "vib" { print $10 }' out.csv
	assert_output "$((rows - 2))
$((rows - 1))"
	# -q: no message, the events still
	run --separate-stderr mlo-drift compare -q -r ref.profile -e ev2.ndjson \
	    --now "$NOW" -o /dev/null odd.csv
	assert_stderr ""
	assert_equal "$(grep -c non_numeric ev2.ndjson)" 2
}
