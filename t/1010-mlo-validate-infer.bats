#!/usr/bin/env bats
# mlo-validate --infer: a draft contract from sample data.  Each draft must
# lint, and the sample it came from must pass it; the observed extremes in
# the range comments are checked against awk, not against the program.

load helper

AI4I=$MLO_TOP/data/ai4i2020/ai4i2020.csv
CMAPSS=$MLO_TOP/data/cmapss/train_FD001.txt.gz
CMAPSS_COLUMNS=unit,cycle,setting_1,setting_2,setting_3,s_1,s_2,s_3,s_4,s_5,s_6,s_7,s_8,s_9,s_10,s_11,s_12,s_13,s_14,s_15,s_16,s_17,s_18,s_19,s_20,s_21
IDATA=$MLO_TOP/t/data/infer
# The row of the generated bearing day whose time goes back (B-0004 at
# 22:30 stamped 22:00): no contract with a time column lets it through.
BACK_ROW=2026-03-02T22:00:00Z,B-0004,2026-03-02T22:30:02Z

# infer ARGS...: write draft.yaml from the sample ARGS name.
infer() {
	run --separate-stderr mlo-validate --infer -o draft.yaml "$@"
	assert_success
	assert_stderr_empty
}

# column NAME: the lines of column NAME (as written in the YAML) in draft.yaml.
column() {
	awk -v head="  - name: $1" '
	    $0 == head { on = 1; print; next }
	    on && (/^  - name: / || /^$/) { exit }
	    on { print }' draft.yaml
}

# extremes FIELD [AWK-OPTIONS]: "observed MIN..MAX" of the non-empty
# fields FIELD of the data on stdin, as awk prints numbers.
extremes() {
	local field=$1

	shift
	awk "$@" -v f="$field" '
	    $f == "" { next }
	    n++ == 0 || $f + 0 < min { min = $f + 0 }
	    n == 1 || $f + 0 > max { max = $f + 0 }
	    END { print "observed " min ".." max }'
}

bearing_day() {
	awk -f "$MLO_TOP/t/data/validate-window/bearing-day.awk"
}

# --- AI4I 2020 ---------------------------------------------------------------

@test "ai4i: the draft lints" {
	infer "$AI4I"
	run --separate-stderr mlo-validate --lint draft.yaml
	assert_success
	assert_output 'draft.yaml: draft-ai4i2020@0.1.0, 14 columns: ok'
}

@test "ai4i: every row of the sample passes its draft" {
	infer "$AI4I"
	run --separate-stderr mlo-validate -c draft.yaml "$AI4I"
	assert_success
	assert_stderr_line 'draft-ai4i2020@0.1.0: 10000 rows in, 10000 passed, 0 rejected'
}

@test "ai4i: the header says what was inferred from what, for review" {
	infer "$AI4I"
	run head -n 6 draft.yaml
	assert_output "# Draft contract inferred by mlo-validate --infer from $AI4I:
# 10000 rows, 14 columns.  A person must review it before it guards a model:
# every type, range and rate below is what this one sample showed,
# widened a little.
contract: draft-ai4i2020
version: '0.1.0'"
}

@test "ai4i: types of named columns" {
	infer "$AI4I"
	run column UDI
	assert_line --index 1 '    type: integer'
	run column "'Product ID'"
	assert_line --index 1 '    type: string'
	run column "'Air temperature [K]'"
	assert_line --index 1 '    type: number'
	run column "'Tool wear [min]'"
	assert_line --index 1 '    type: integer'
	run column TWF
	assert_line --index 1 '    type: integer'
}

@test "ai4i: Type is an enum of L, M and H, most frequent first" {
	infer "$AI4I"
	run column Type
	assert_output "  - name: Type
    type: enum
    required: true                # no nulls in 10000 rows
    values: [L, M, H]             # observed L 6000, M 2997, H 1003"
}

@test "ai4i: no nulls means required, and the comment says so" {
	infer "$AI4I"
	run column "'Torque [Nm]'"
	assert_line '    required: true                # no nulls in 10000 rows'
	run grep -c 'null_rate' draft.yaml
	assert_output 0
}

@test "ai4i: range comments show the observed minimum and maximum" {
	infer "$AI4I"
	want=$(tail -n +2 "$AI4I" | extremes 4 -F,)
	run column "'Air temperature [K]'"
	assert_line "    range: [294.3, 305.5]         # $want"
	want=$(tail -n +2 "$AI4I" | extremes 8 -F,)
	run column "'Tool wear [min]'"
	assert_line "    range: [-30, 280]             # $want"
}

@test "ai4i: a 0/1 flag keeps a range of whole numbers" {
	infer "$AI4I"
	run column "'Machine failure'"
	assert_line '    range: [0, 1]                 # observed 0..1'
}

@test "ai4i: number columns refuse NaN when the sample had none" {
	infer "$AI4I"
	run column "'Torque [Nm]'"
	assert_line '    nan: reject                   # no NaN or inf in the sample'
}

@test "ai4i: no time column and no entity, and the draft says why" {
	infer "$AI4I"
	run grep -E '^(time|entity|key|frequency):' draft.yaml
	assert_failure 1
	run grep '^# No time column' draft.yaml
	assert_success
}

@test "ai4i: the same sample gives the same draft byte for byte" {
	infer "$AI4I"
	mv draft.yaml first.yaml
	infer "$AI4I"
	cmp first.yaml draft.yaml
}

# --- C-MAPSS FD001 -----------------------------------------------------------

@test "cmapss: the draft lints" {
	infer --delimiter space --no-header --columns "$CMAPSS_COLUMNS" "$CMAPSS"
	run --separate-stderr mlo-validate --lint draft.yaml
	assert_success
	assert_output 'draft.yaml: draft-train_FD001@0.1.0, 26 columns: ok'
}

@test "cmapss: every row passes, the layout read from the draft's input" {
	infer --delimiter space --no-header --columns "$CMAPSS_COLUMNS" "$CMAPSS"
	run grep '^input:' draft.yaml
	assert_output 'input: {delimiter: space, header: false}'
	run --separate-stderr mlo-validate -c draft.yaml "$CMAPSS"
	assert_success
	assert_stderr_line 'draft-train_FD001@0.1.0: 20631 rows in, 20631 passed, 0 rejected'
}

@test "cmapss: cycle is step time per unit, a key and one cycle apart" {
	infer --delimiter space --no-header --columns "$CMAPSS_COLUMNS" "$CMAPSS"
	run grep -E '^(time|entity|key|frequency):' draft.yaml
	assert_output "time: {column: cycle, format: step} # named like a time, whole steps
entity: unit                      # 100 distinct values
key: [unit, cycle]
frequency: {every: 1, tolerance: 0.2, max_gap: 5} # median of 20531 gaps (sampled) per unit"
}

@test "cmapss: types and observed extremes of sensors" {
	infer --delimiter space --no-header --columns "$CMAPSS_COLUMNS" "$CMAPSS"
	run column unit
	assert_line --index 1 '    type: integer                 # the entity: 100 distinct values'
	run column s_2
	assert_line --index 1 '    type: number'
	want=$(gzip -dc "$CMAPSS" | extremes 7)
	assert_line --partial "# $want"
	want=$(gzip -dc "$CMAPSS" | extremes 26)
	run column s_21
	assert_line --partial "# $want"
}

@test "cmapss: a constant column gets a band of 1% of its value" {
	infer --delimiter space --no-header --columns "$CMAPSS_COLUMNS" "$CMAPSS"
	run column s_1
	assert_line '    range: [513, 524]             # observed 518.67..518.67'
}

# --- a generated bearing day -------------------------------------------------

@test "bearing: the draft lints" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run --separate-stderr mlo-validate --lint draft.yaml
	assert_success
	assert_output 'draft.yaml: draft-bearing-day@0.1.0, 7 columns: ok'
}

@test "bearing: time ts, entity asset_id, a reading every 30s" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run grep -E '^(time|entity|frequency):' draft.yaml
	assert_output "time: {column: ts, format: rfc3339} # every value an RFC 3339 timestamp
entity: asset_id                  # 6 distinct values
frequency: {every: 30s, tolerance: 6s, max_gap: 2m30s} # median of 16733 gaps (sampled) per asset_id"
}

@test "bearing: the entity stays an open string, not an enum" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run column asset_id
	assert_line --index 1 '    type: string                  # the entity: 6 distinct values'
}

@test "bearing: a reading sent twice means no key, and the draft says why" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run grep -c '^key:' draft.yaml
	assert_output 0
	run grep -A1 '^# A repeated key was looked for only' draft.yaml
	assert_output "# A repeated key was looked for only between consecutive rows of one
# entity (a row with its entity's previous time): 1 seen, so no key."
}

@test "bearing: types, enums, and temp_c's observed extremes" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run column ts
	assert_line --index 1 '    type: timestamp               # observed 2026-03-02T00:00:00Z..2026-03-02T23:59:30Z'
	run column state
	assert_line '    values: [running, stopped]    # observed running 16681, stopped 60'
	run column status
	assert_line --index 1 '    type: enum'
	want=$(tail -n +2 bearing-day.csv | extremes 6 -F,)
	run column temp_c
	assert_line --index 1 '    type: number'
	assert_line --partial "# $want"
}

@test "bearing: nulls give a null_rate rule over an hour" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run column temp_c
	assert_line '    null_rate: {max: 0.01, window: 1h} # observed 0.36% nulls (60 of 16741 rows)'
}

@test "bearing: one bad value makes vib_hz a string, flagged for review" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run column vib_hz
	assert_line --index 1 '    type: string'
	assert_line --index 2 "    # REVIEW: 16730 of 16731 values are numbers; the first other, on line 14586, is abc"
}

@test "bearing: the row going back in time is flagged, and only it fails" {
	bearing_day >bearing-day.csv
	infer bearing-day.csv
	run grep -A1 '^# REVIEW: ' draft.yaml
	assert_output '# REVIEW: 1 row(s) go back in time for their entity (first at line 15666):
# this draft rejects them (time order): the sample does not pass as it is.'
	run --separate-stderr mlo-validate -c draft.yaml --rejects rejects.csv bearing-day.csv
	assert_failure 1
	assert_stderr_line 'draft-bearing-day@0.1.0: 16741 rows in, 16740 passed, 1 rejected'
	run rejected_rows
	assert_output "$BACK_ROW,running,120.26,59.5,ok,time_order:ts,"
}

@test "bearing: without that row, every row passes its draft" {
	bearing_day | grep -v "^$BACK_ROW," >bearing-day.csv
	infer bearing-day.csv
	run grep -c '^# REVIEW: .* back in time' draft.yaml
	assert_output 0
	run --separate-stderr mlo-validate -c draft.yaml bearing-day.csv
	assert_success
	assert_stderr_line 'draft-bearing-day@0.1.0: 16740 rows in, 16740 passed, 0 rejected'
}

# --- nulls, names, edges ------------------------------------------------------

@test "nulls: a column full of nulls is a string of unknown type, rate 1" {
	infer "$IDATA/nulls.csv"
	run column note
	assert_output "  - name: note
    type: string                  # no values in the sample: type unknown
    null_rate: {max: 1, window: 1h} # observed 100% nulls (12 of 12 rows)"
	run --separate-stderr mlo-validate -c draft.yaml "$IDATA/nulls.csv"
	assert_success
	assert_stderr_line 'draft-nulls@0.1.0: 12 rows in, 12 passed, 0 rejected'
}

@test "nulls: the null_rate max is twice the observed rate" {
	infer "$IDATA/nulls.csv"
	run column temp_c
	refute_line --partial 'required:'
	assert_line '    null_rate: {max: 0.17, window: 1h} # observed 8.3% nulls (1 of 12 rows)'
}

@test "nulls: without a time column, the rate is a comment, not a rule" {
	cut -d, -f3,4 "$IDATA/nulls.csv" >notime.csv
	infer notime.csv
	run column note
	assert_line '    # no null_rate rule (it needs a time column): observed 100% nulls (12 of 12 rows)'
	run --separate-stderr mlo-validate --lint draft.yaml
	assert_success
}

@test "names: column names YAML would misread are single-quoted" {
	infer "$IDATA/names.csv"
	run grep '^  - name: ' draft.yaml
	assert_output "  - name: plain
  - name: 'with space'
  - name: 'bra[ck]et'
  - name: 'co:lon'
  - name: 'ha#sh'
  - name: ' lead'
  - name: 'trail '
  - name: 'true'
  - name: 'NULL'
  - name: '12'
  - name: 'it''s'"
	run --separate-stderr mlo-validate -c draft.yaml "$IDATA/names.csv"
	assert_success
}

@test "empty: an empty file is trouble, exit 2, and no draft" {
	: >empty.csv
	run --separate-stderr mlo-validate --infer -o draft.yaml empty.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: empty.csv: no rows to infer from'
	[ ! -e draft.yaml ]
}

@test "empty: a header without rows is as empty" {
	echo 'a,b' >header.csv
	run --separate-stderr mlo-validate --infer header.csv
	assert_failure 2
	assert_stderr 'mlo-validate: header.csv: no rows to infer from'
}

@test "errors: a missing file is reported as the reader says" {
	run --separate-stderr mlo-validate --infer missing.csv
	assert_failure 2
	assert_output ''
	assert_stderr 'mlo-validate: missing.csv: No such file or directory'
}

@test "stdin: the draft is named draft-stdin and the sample passes" {
	run --separate-stderr sh -c 'mlo-validate --infer <"$1" >draft.yaml' \
	    sh "$IDATA/nulls.csv"
	assert_success
	run grep -E '^contract:|^# Draft contract' draft.yaml
	assert_output "# Draft contract inferred by mlo-validate --infer from '<stdin>':
contract: draft-stdin"
	run --separate-stderr mlo-validate -c draft.yaml "$IDATA/nulls.csv"
	assert_success
}

@test "ndjson: numbers and text in one column make an enum that passes" {
	printf '%s\n' '{"id":"a","v":1}' '{"id":"b","v":"x"}' '{"id":"a","v":1}' \
	    >in.ndjson
	infer in.ndjson
	run column v
	assert_line "    values: ['1', x]              # observed '1' 2, x 1"
	run --separate-stderr mlo-validate -c draft.yaml in.ndjson
	assert_success
}
