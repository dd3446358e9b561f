#!/usr/bin/env bats
# mlo-features spectrum columns: against numpy.fft and scipy.signal.hilbert
# (t/data/spectrum/make_ref.py) to 1e-6 relative, streaming and snapshots;
# the same output in one run and in chunks with --state; synthetic tones
# found within a bin; a synthetic outer-race fault (with 1.5% slip either
# way) and inner-race fault found at their lines; the real IMS and FEMTO
# slices in data/.

load helper
load data/features/features
load data/spectrum/spectrum

@test "streamed spectrum columns agree with numpy and scipy to 1e-6" {
	mlo-features -q -s "$SDATA/stream.yaml" "$SDATA/stream.csv.gz" >out.csv
	run awk -F, -v tol=1e-6 -f "$FDATA/compare.awk" "$SDATA/stream-ref.csv" out.csv
	assert_success
	assert_output '840 values compared, 0 disagree'
}

@test "the spectrum comparison does catch a difference of 1e-5" {
	mlo-features -q -s "$SDATA/stream.yaml" "$SDATA/stream.csv.gz" |
	    awk -F, -v OFS=, 'NR == 4 { $12 = sprintf("%.17g", $12 * (1 + 1e-5)) } 1' >out.csv
	run awk -F, -v tol=1e-6 -f "$FDATA/compare.awk" "$SDATA/stream-ref.csv" out.csv
	assert_failure
	assert_line --index 1 '840 values compared, 1 disagree'
}

@test "snapshot spectra (three windows averaged) agree with numpy to 1e-6" {
	mlo-features -q --snapshot -s "$SDATA/snap.yaml" "$SDATA"/snap/* >out.csv
	run awk -F, -v tol=1e-6 -f "$FDATA/compare.awk" "$SDATA/snap-ref.csv" out.csv
	assert_success
	assert_output '136 values compared, 0 disagree'
}

@test "a window ends every hop samples, per entity; emit windows writes those rows only" {
	mlo-features -q -s "$SDATA/stream.yaml" "$SDATA/stream.csv.gz" >out.csv
	# a: 1024 then every 512 of 2600 samples (4), b: 1000, 2000 (2), 2 units
	[ "$(wc -l <out.csv)" = 13 ]
	run cut -d, -f1,2 out.csv
	assert_line --index 1 '0.0999,u1'
	assert_line --index 3 '0.1023,u1'
	assert_line --index 12 '0.2559,u2'
}

@test "spectrum windows in 1, 3 and 40 chunks with --state: the same bytes" {
	zcat "$SDATA/stream.csv.gz" >stream.csv
	mlo-features -q -s "$SDATA/stream.yaml" stream.csv >one.csv
	for n in 1 3 40; do
		chunks "$n" stream.csv "$SDATA/stream.yaml" out.csv
		cmp one.csv out.csv
	done
}

@test "emit every_row writes every sample row, spectra null between windows" {
	sed 's/^keep: .*/&\nemit: every_row/' "$SDATA/stream.yaml" >s.yaml
	mlo-features -q -s s.yaml "$SDATA/stream.csv.gz" >out.csv
	[ "$(wc -l <out.csv)" = 5201 ]
	# u2's sample 1500 is null: so are a's windows ending at 1536 and 2048
	[ "$(awk -F, '$3 != ""' out.csv | wc -l)" = 7 ]
}

@test "tones are found within one bin, by radix-2 and by other windows" {
	awk 'BEGIN { print "t,x"; w = 2 * 3.141592653589793 / 20480
	    for (j = 0; j < 6000; j++)
		printf "%d,%.9f\n", j, 2 * sin(w * 3000 * j) + 0.7 * sin(w * 1234.5 * j) }' >tone.csv
	for w in 4096 3000; do
		cat >s.yaml <<-EOS
		features: tone
		version: 1
		time: {column: t, format: step}
		columns:
		  - {name: s, from: x, spectrum: {window: $w, sample_rate: 20480, peaks: 2}}
		EOS
		mlo-features -q -s s.yaml tone.csv >out.csv
		bin=$(awk -v w="$w" 'BEGIN { print 20480 / w }')
		d=$(col out.csv 1 s_dominant_hz)
		p2=$(col out.csv 1 s_peak2_hz)
		awk -v d="$d" -v p="$p2" -v b="$bin" 'BEGIN {
		    exit !((d - 3000) ^ 2 <= b ^ 2 && (p - 1234.5) ^ 2 <= b ^ 2) }'
		a=$(col out.csv 1 s_peak1_amp)
		awk -v a="$a" 'BEGIN { exit !(a > 1.5 && a <= 2.0000001) }'
	done
}

# The four fault lines of one channel of out.csv, largest first.
ranking() {
	awk -F, -v ch="$1" '
	    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    $2 == ch { for (b = 1; b <= 4; b++) {
		n = substr("bpfobpfibsf ftf ", 4 * b - 3, 4); sub(/ /, "", n)
		print $(c["v_" n "_amp"]), n } }' out.csv | sort -gr | awk '{ print $2 }' | paste -sd' '
}

@test "an outer-race fault with 1.5% slip either way: BPFO is the largest line" {
	fault fast.txt -v fault=236.4 -v slip=0.015 -v noise=0.5 -v seed=7
	fault slow.txt -v fault=236.4 -v slip=-0.015 -v noise=0.5 -v seed=8
	fault inner.txt -v fault=296.93 -v slip=0.015 -v am=0.8 -v noise=0.5 -v seed=9
	fault healthy.txt -v fault=0 -v noise=0.5 -v seed=10
	paste fast.txt slow.txt inner.txt healthy.txt >2026.01.01.00.00.00
	cat >s.yaml <<-'EOS'
	features: fault
	version: 1
	entity: channel
	time: ts
	input: {delimiter: tab, header: false, columns: [fast, slow, inner, healthy]}
	snapshot:
	  channels: [fast, slow, inner, healthy]
	  time: {file: '%Y.%m.%d.%H.%M.%S'}
	columns:
	  - name: v
	    spectrum:
	      window: 4096
	      sample_rate: 20000
	      envelope: {band: [2000, 6000]}
	      bearing: {balls: 16, ball_in: 0.331, pitch_in: 2.815, contact_deg: 15.17, shaft_rpm: 2000}
	EOS
	mlo-features -q --snapshot -s s.yaml 2026.01.01.00.00.00 >out.csv
	run ranking fast
	assert_output --regexp '^bpfo '
	run ranking slow
	assert_output --regexp '^bpfo '
	run ranking inner
	assert_output --regexp '^bpfi '
	# the faults stand well above the healthy channel's lines
	bigger "$(col out.csv 1 v_bpfo_amp)" "$(awk "BEGIN { print 3 * $(col out.csv 4 v_bpfo_amp) }")"
	bigger "$(col out.csv 3 v_bpfi_amp)" "$(awk "BEGIN { print 3 * $(col out.csv 4 v_bpfi_amp) }")"
	# the lines did slip: above the computed BPFO in one, below in the other
	bigger "$(col out.csv 1 v_env_dominant_hz)" 236.4
	bigger 236.4 "$(col out.csv 2 v_env_dominant_hz)"
}

@test "IMS test 1: the rig's geometry gives the published fault frequencies" {
	mlo-features -q --snapshot -s "$MLO_TOP/examples/features/ims-bearing.yaml" \
	    "$MLO_TOP"/data/ims/1st_test/* >out.csv
	[ "$(wc -l <out.csv)" = 25 ]
	run cut -d, -f1,2 out.csv
	assert_line --index 1 '2003-10-22T12:06:24Z,b1_x'
	assert_line --index 24 '2003-10-22T12:14:13Z,b4_y'
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { if (($(c["vib_bpfo_hz"]) - 236.4) ^ 2 > 0.01 ||
	          ($(c["vib_bpfi_hz"]) - 296.9) ^ 2 > 0.01 ||
	          ($(c["vib_bsf_hz"]) - 139.9) ^ 2 > 0.01 ||
	          ($(c["vib_ftf_hz"]) - 14.78) ^ 2 > 0.0001) exit 1 }' out.csv
	# every amplitude is there: 24 rows x (3 peaks, the envelope's, 8
	# fault lines), none null
	[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /_amp$/) c[i]; next }
	    { for (i in c) if ($i != "") n++ } END { print n }' out.csv)" = 288 ]
}

@test "FEMTO Bearing1_1: RMS, kurtosis and high-band energy rise toward failure" {
	mlo-features -q --snapshot -s "$MLO_TOP/examples/features/femto-bearing.yaml" \
	    "$MLO_TOP"/data/femto/Bearing1_1/acc_*.csv.gz >out.csv
	[ "$(wc -l <out.csv)" = 21 ]
	run cut -d, -f1,2 out.csv
	assert_line --index 1 '2010-12-01T09:39:39.065664Z,acc_h'
	assert_line --index 20 '2010-12-01T17:26:39.065664Z,acc_v'
	# mean of the first five snapshots against the last five, per channel
	for c in acc_rms acc_kurtosis acc_band_5000_12800; do
		for ch in acc_h acc_v; do
			awk -F, -v name="$c" -v ch="$ch" '
			    NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) k = i; next }
			    $2 == ch { v[n++] = $k }
			    END { for (i = 0; i < 5; i++) { a += v[i]; b += v[n - 5 + i] }
				printf "%s %s: %g -> %g\n", ch, name, a / 5, b / 5
				exit !(n == 10 && b > a) }' out.csv
		done
	done
}

@test "--state carries the last snapshot time: an older snapshot later is late" {
	mkdir a b
	cp "$SDATA/snap/snap-20260101-001000.gz" a/
	cp "$SDATA/snap/snap-20260101-000000.gz" b/
	run --separate-stderr mlo-features -q --snapshot -s "$SDATA/snap.yaml" --state st a/*
	assert_success
	run --separate-stderr mlo-features -q --snapshot -s "$SDATA/snap.yaml" --state st b/*
	assert_failure 2
	assert_stderr 'mlo-features: b/snap-20260101-000000.gz: snapshot time 2026-01-01T00:00:00Z is before 2026-01-01T00:10:00Z, the last time seen (--late drop skips late snapshots)'
	run --separate-stderr mlo-features --snapshot -s "$SDATA/snap.yaml" --state st --late drop \
	    -e ev.ndjson --now "$NOW" b/*
	assert_success
	assert_output 'ts,channel,s_rms,s_peak,s_crest,s_kurtosis,s_impulse,s_shape,s_clearance,s_band_0_2000,s_band_2000_5120,s_dominant_hz,s_centroid_hz,s_entropy,s_spectral_kurtosis,s_peak1_hz,s_peak1_amp,s_peak2_hz,s_peak2_amp,s_env_dominant_hz,s_env_dominant_amp,s_shaft_hz,s_bpfo_hz,s_bpfi_hz,s_bsf_hz,s_ftf_hz,s_bpfo_amp,s_bpfo2_amp,s_bpfi_amp,s_bpfi2_amp,s_bsf_amp,s_bsf2_amp,s_ftf_amp,s_ftf2_amp,feature_set,row_id'
	[[ $stderr == *'1 snapshot in, 0 rows out, 1 late snapshot dropped (first b/snap-20260101-000000.gz)' ]]
	run jq -c '[.kind, .layer, .rows, .first, .message]' ev.ndjson
	assert_output '["late_rows","integrity",2,"b/snap-20260101-000000.gz","1 snapshot out of time order dropped"]'
}

@test "snapshots in one run and one a run with --state: the same rows" {
	mlo-features -q --snapshot -s "$SDATA/snap.yaml" "$SDATA"/snap/* >one.csv
	mlo-features -q --snapshot -s "$SDATA/snap.yaml" --state st "$SDATA"/snap/snap-20260101-000000.gz >a.csv
	mlo-features -q --snapshot -s "$SDATA/snap.yaml" --state st "$SDATA"/snap/snap-20260101-001000.gz >b.csv
	{ cat a.csv; tail -n +2 b.csv; } | cmp - one.csv
}

@test "the snapshot examples of mlo-features(1) print what the page says" {
	cd "$MLO_TOP"
	want=$(sed -n '/^channel,vib_shaft_hz/,/^ims-bearing@1/p' man/mlo-features.1)
	run sh -c 'mlo-features --snapshot -s examples/features/ims-bearing.yaml \
	    data/ims/1st_test/* 2>&1 | cut -d, -f2,25-29 | head -n 3;
	    mlo-features --snapshot -s examples/features/ims-bearing.yaml \
	    data/ims/1st_test/* 2>&1 >/dev/null'
	assert_output "$want"
	want=$(sed -n '/^ts,channel,acc_rms,acc_kurtosis/,/^2010-12-01T17:26:39.065664Z,acc_v/p' man/mlo-features.1)
	[ -n "$want" ]
	run sh -c 'mlo-features -q --snapshot -s examples/features/femto-bearing.yaml \
	    data/femto/Bearing1_1/acc_00001.csv.gz \
	    data/femto/Bearing1_1/acc_02803.csv.gz | cut -d, -f1-3,6'
	assert_output "$want"
}
