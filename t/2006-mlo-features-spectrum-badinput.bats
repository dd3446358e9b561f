#!/usr/bin/env bats
# mlo-features spectrum columns and --snapshot: every mistake in the spec is
# refused with SPEC:LINE:COL and exit 2 (a bearing missing a field or
# impossible, a band above Nyquist, ...), and every bad snapshot file with
# FILE:LINE or FILE and exit 2, before anything is written to -o.

load helper
load data/features/features

# lint LINE...: lint a spec with these column lines.
lint() {
	spec s.yaml "$@"
	run --separate-stderr mlo-features --lint s.yaml
}

BEARING='envelope: {band: [2000, 8000]}, bearing: {balls: 16, ball_in: 0.331, pitch_in: 2.815, contact_deg: 15.17, shaft_rpm: 2000}'

@test "a good spectrum spec lints clean" {
	lint "  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, $BEARING}}"
	assert_success
	assert_output --regexp '^s\.yaml: t@1#[0-9a-f]{8}, 1 feature: ok$'
}

@test "a bearing without its pitch diameter is refused at the bearing" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 16, ball_in: 0.331, contact_deg: 15, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:110: bearing needs 'pitch_mm' or 'pitch_in'"
}

@test "a bearing without a contact angle or a speed is refused" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 16, ball_in: 0.331, pitch_in: 2.8, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:110: missing key 'contact_deg' in 'bearing'"
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 16, ball_in: 0.331, pitch_in: 2.8, contact_deg: 0}}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:110: missing key 'shaft_rpm' in 'bearing'"
}

@test "a ball larger than the pitch diameter is an impossible bearing" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 16, ball_in: 3.331, pitch_in: 2.815, contact_deg: 15, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:110: impossible bearing: the ball diameter must be smaller than the pitch diameter'
}

@test "half a ball, a contact angle of 90 and two units are refused" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 15.5, ball_in: 0.3, pitch_in: 2.8, contact_deg: 15, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:110: impossible bearing: balls must be a whole number from 1 to 1000'
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 15, ball_in: 0.3, pitch_in: 2.8, contact_deg: 90, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:110: impossible bearing: the contact angle must be from 0 to below 90 degrees'
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 8000]}, bearing: {balls: 15, ball_in: 0.3, ball_mm: 8, pitch_in: 2.8, contact_deg: 9, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:131: bearing has both 'ball_mm' and 'ball_in'"
}

@test "a band above the Nyquist frequency is refused at its upper edge" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, bands: [[0, 500], [5000, 12000]]}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:94: band [5000, 12000] goes above the Nyquist frequency, 10000 Hz at sample_rate 20000'
}

@test "an envelope band above Nyquist, or upside down, is refused" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, envelope: {band: [2000, 10001]}}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:93: envelope band [2000, 10001] goes above the Nyquist frequency, 10000 Hz at sample_rate 20000'
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, bands: [[500, 100]]}}'
	assert_failure 2
	assert_stderr 'mlo-features: s.yaml:6:77: band [500, 100]: LO must be below HI'
}

@test "bearing lines need an envelope to read them from" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, bearing: {balls: 16, ball_in: 0.331, pitch_in: 2.815, contact_deg: 15, shaft_rpm: 2000}}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:78: bearing needs 'envelope', the resonance band to demodulate, as envelope: {band: [2000, 8000]}"
}

@test "windows, hops, rates, peaks and window functions out of range are refused" {
	lint '  - {name: v, from: x, spectrum: {window: 1, sample_rate: 20000}}'
	assert_stderr 'mlo-features: s.yaml:6:43: a spectrum window is 2 to 1048576 samples'
	lint '  - {name: v, from: x, spectrum: {window: 1024, hop: 0, sample_rate: 20000}}'
	assert_stderr 'mlo-features: s.yaml:6:54: hop must be above 0, got 0'
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 0}}'
	assert_stderr 'mlo-features: s.yaml:6:62: sample_rate must be above 0'
	lint '  - {name: v, from: x, spectrum: {window: 1024}}'
	assert_stderr "mlo-features: s.yaml:6:34: missing key 'sample_rate' in 'spectrum'"
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, peaks: 0}}'
	assert_stderr 'mlo-features: s.yaml:6:76: peaks must be from 1 to 32'
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, window_function: hamming}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:86: window_function is 'hann' or 'none', not 'hamming'"
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000, peeks: 2}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:6:69: unknown key 'peeks' in 'spectrum', did you mean 'peaks'?"
}

@test "a spectrum's columns are not read by other features, nor clash with them" {
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000}}' \
	    '  - {name: w, expr: "v_rms * 2"}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:7:22: 'v_rms' is an output of spectrum 'v': other features cannot read it"
	lint '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000}}' \
	    '  - {name: w, from: v, lag: 1}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:7:21: 'v' is a spectrum column: other features cannot read it"
	lint '  - {name: v_rms, from: x, lag: 1}' \
	    '  - {name: v, from: x, spectrum: {window: 1024, sample_rate: 20000}}'
	assert_failure 2
	assert_stderr "mlo-features: s.yaml:7:12: column 'v_rms' is written by both 'v_rms' and 'v'"
}

# snap ARGS...: run mlo-features --snapshot with the two-channel spec.
snap() {
	cat >snap.yaml <<-'EOS'
	features: s
	version: 1
	entity: channel
	time: ts
	input: {delimiter: tab, header: false, columns: [a, b]}
	snapshot:
	  channels: [a, b]
	  time: {file: '%Y.%m.%d.%H.%M.%S'}
	columns:
	  - name: v
	    spectrum: {window: 8, sample_rate: 100}
	EOS
	run --separate-stderr mlo-features -q --snapshot -s snap.yaml -o out.csv "$@"
}

@test "a window longer than a snapshot is refused naming both" {
	printf '1\t2\n3\t4\n5\t6\n' >2026.01.01.00.00.01
	snap 2026.01.01.00.00.01
	assert_failure 2
	assert_stderr "mlo-features: snap.yaml:10:11: the window of 'v', 8 samples, is longer than snapshot 2026.01.01.00.00.01 (3 rows)"
	[ ! -e out.csv ]
}

@test "a snapshot file with a ragged line is refused at the line" {
	printf '1\t2\n3\t4\t5\n5\t6\n' >2026.01.01.00.00.02
	snap 2026.01.01.00.00.02
	assert_failure 2
	assert_stderr 'mlo-features: 2026.01.01.00.00.02:2: 3 fields, header has 2'
}

@test "a sample that is not a number, or missing, is refused at its line" {
	printf '1\t2\n3\tx\n5\t6\n' >2026.01.01.00.00.03
	snap 2026.01.01.00.00.03
	assert_failure 2
	assert_stderr "mlo-features: 2026.01.01.00.00.03:2: 'b' is not a number: 'x'"
	printf '1\t2\n3\t\n5\t6\n' >2026.01.01.00.00.04
	snap 2026.01.01.00.00.04
	assert_failure 2
	assert_stderr "mlo-features: 2026.01.01.00.00.04:2: no value in 'b'"
}

@test "a file name off the pattern, a missing file and an empty one are refused" {
	printf '1\t2\n' >snapshot-1
	snap snapshot-1
	assert_failure 2
	assert_stderr "mlo-features: snapshot-1: file name 'snapshot-1' does not match the snapshot pattern '%Y.%m.%d.%H.%M.%S'"
	snap 2026.01.01.00.00.09
	assert_failure 2
	assert_stderr 'mlo-features: 2026.01.01.00.00.09: No such file or directory'
	snap - </dev/null
	assert_failure 2
	assert_stderr 'mlo-features: <stdin>: the snapshot time is in the file name: give the file, not standard input'
	: >2026.01.01.00.00.05
	snap 2026.01.01.00.00.05
	assert_failure 2
	assert_stderr 'mlo-features: 2026.01.01.00.00.05: an empty snapshot'
}

@test "a good snapshot before a bad one: -o is left untouched" {
	awk 'BEGIN { for (i = 0; i < 16; i++) printf "%d\t%d\n", i % 3, i % 5 }' >2026.01.01.00.00.00
	printf '1\t2\n3\tx\n' >2026.01.01.00.00.03
	snap 2026.01.01.00.00.00
	assert_success
	cp out.csv good.csv
	snap 2026.01.01.00.00.00 2026.01.01.00.00.03
	assert_failure 2
	cmp out.csv good.csv
}

@test "--snapshot and the spec's snapshot section go together" {
	snap /dev/null
	run --separate-stderr mlo-features -s snap.yaml /dev/null
	assert_failure 2
	assert_stderr 'mlo-features: snap.yaml: the spec describes snapshot files: run with --snapshot'
	spec s.yaml '  - {name: v, from: x, spectrum: {window: 8, sample_rate: 100}}'
	run --separate-stderr mlo-features --snapshot -s s.yaml /dev/null
	assert_failure 2
	assert_stderr "mlo-features: s.yaml: --snapshot needs a spec with a 'snapshot' section (see mlo-features(5))"
}

@test "snapshot sections with mistakes are refused at the mistake" {
	snap /dev/null
	sed 's/channels: \[a, b\]/channels: [a, c]/' snap.yaml >s2.yaml
	printf '1\t2\n' >2026.01.01.00.00.00
	run --separate-stderr mlo-features --snapshot -s s2.yaml 2026.01.01.00.00.00
	assert_failure 2
	assert_stderr "mlo-features: s2.yaml:7:13: 'c' is not a column of 2026.01.01.00.00.00"
	sed 's/^columns:$/&\n  - {name: w, from: a, lag: 1}/' snap.yaml >s3.yaml
	run --separate-stderr mlo-features --lint s3.yaml
	assert_stderr 'mlo-features: s3.yaml:10:29: a snapshot spec has spectrum columns only, not lag'
	sed 's/    spectrum:/    from: a\n&/' snap.yaml >s4.yaml
	run --separate-stderr mlo-features --lint s4.yaml
	assert_stderr "mlo-features: s4.yaml:11:11: in a snapshot spec a spectrum reads every channel: no 'from'"
	sed '/^entity/d' snap.yaml >s5.yaml
	run --separate-stderr mlo-features --lint s5.yaml
	assert_stderr "mlo-features: s5.yaml:1:1: a snapshot spec needs 'entity', the output column that names the channel"
	sed 's/time: {file: .*/time: {columns: [h, m, s], date: 2026-02-30}/' snap.yaml >s6.yaml
	run --separate-stderr mlo-features --lint s6.yaml
	assert_stderr "mlo-features: s6.yaml:8:36: date '2026-02-30' is not YYYY-MM-DD"
	sed 's/time: {file: .*/time: {columns: [h, m], date: 2026-02-03}/' snap.yaml >s7.yaml
	run --separate-stderr mlo-features --lint s7.yaml
	assert_failure 2
	assert_stderr 'mlo-features: s7.yaml:8:19: snapshot time columns are [HOUR, MINUTE, SECOND] and an optional MICROSECOND, got 2'
}

@test "a time column out of range in a FEMTO-style snapshot is refused" {
	cat >f.yaml <<-'EOS'
	features: s
	version: 1
	entity: channel
	time: ts
	input: {header: false, columns: [h, m, s, us, a, b]}
	snapshot:
	  channels: [a, b]
	  time: {columns: [h, m, s, us], date: 2010-12-01}
	columns:
	  - name: v
	    spectrum: {window: 2, sample_rate: 100}
	EOS
	printf '25,1,2,3,4,5\n25,1,2,3,4,5\n' >f.csv
	run --separate-stderr mlo-features --snapshot -s f.yaml f.csv
	assert_failure 2
	assert_stderr 'mlo-features: f.csv: h 25 is out of range'
}

@test "--labels does not go with --snapshot" {
	snap /dev/null
	: >o.csv
	run --separate-stderr mlo-features --snapshot -s snap.yaml --labels o.csv --horizon 1d /dev/null
	assert_failure 2
	[ "${stderr_lines[0]}" = 'mlo-features: --labels does not go with --snapshot' ]
}

@test "a write error in --snapshot mode is trouble" {
	run --separate-stderr sh -c "mlo-features -q --snapshot \
	    -s '$MLO_TOP/examples/features/ims-bearing.yaml' \
	    '$MLO_TOP/data/ims/1st_test/2003.10.22.12.06.24.gz' >/dev/full"
	assert_failure 2
	assert_stderr 'mlo-features: write error on <stdout>: No space left on device'
}
