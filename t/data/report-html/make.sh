#!/bin/sh
# make.sh: the day of a bearing line that t/6004-mlo-report-html.bats and
# t/slow/6901-mlo-report-browser.bats report on, and docs/report.png shows:
# 24 hours to 2026-11-25T20:00:00Z of events (a null-rate episode, a
# sensor stuck out of range, gaps, drift rising on vib_hz, feedback alarms,
# gate decisions), hourly predictions of 12 bearings by model v4, their
# failures, technicians' verdicts and the retrain ledger.  Deterministic
# (awk's rand with a fixed seed: run by mawk, Debian's awk); run from this directory to regenerate.
set -eu
awk 'function iso(h,   hh, d) {	# 2026-11-24T20:00:00Z plus H hours (H < 28)
		hh = (20 + h) % 24; d = 24 + int((20 + h) / 24)
		return sprintf("2026-11-%02dT%02d:00:00Z", d, hh)
	}
	BEGIN {
	srand(11)
	t0 = 1764014400		# 2026-11-24T20:00:00Z
	c = "bearing-vibration@1.1.0"
	for (h = 1; h <= 24; h++) {
		t = t0 + h * 3600
		ts = iso(h)
		# summary of each hourly validation run
		printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate\",\"kind\":\"summary\",\"severity\":\"info\",\"layer\":\"integrity\",\"contract\":\"%s\",\"rows\":%d,\"message\":\"hourly run\"}\n", ts, c, 1400 + int(rand() * 100)
		# null rate of temp_c over 5% from 02:00 to 07:00
		if (h >= 6 && h <= 11) {
			v = (h == 11) ? 0.01 : 0.05 + rand() * 0.06
			printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate\",\"kind\":\"null_rate\",\"state\":\"%s\",\"severity\":\"warning\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"temp_c\",\"value\":%.4f,\"limit\":0.05,\"message\":\"null rate %.1f%% %s 5%% over 1h\"}\n", ts, (h == 11 ? "resolved" : "firing"), c, v, v * 100, (h == 11 ? "<=" : ">")
		}
		# range violations now and then
		if (rand() < 0.4)
			printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate\",\"kind\":\"range\",\"severity\":\"warning\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"rows\":%d,\"message\":\"rows with vib_hz outside [0, 2000]\"}\n", ts, c, 1 + int(rand() * 6)
		# gaps of B-0002
		if (h == 9 || h == 15)
			printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-validate\",\"kind\":\"gap\",\"severity\":\"warning\",\"layer\":\"integrity\",\"contract\":\"%s\",\"entity\":\"B-0002\",\"value\":10830,\"limit\":120,\"message\":\"no reading for 3h30s (max_gap 2m)\"}\n", ts, c
		# drift of vib_hz rising through the day, temp_c steady
		v = 0.05 + h * 0.012 + rand() * 0.03
		if (v > 0.2)
			printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-drift\",\"kind\":\"drift\",\"state\":\"firing\",\"severity\":\"%s\",\"layer\":\"model\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"value\":%.4f,\"limit\":0.2,\"message\":\"psi %.3f > 0.2\"}\n", ts, (v > 0.3 ? "critical" : "warning"), c, v, v
		else
			printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-drift\",\"kind\":\"drift\",\"state\":\"resolved\",\"severity\":\"warning\",\"layer\":\"model\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"value\":%.4f,\"limit\":0.2,\"message\":\"psi %.3f <= 0.2\"}\n", ts, c, v, v
		v = 0.04 + rand() * 0.05
		printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-drift\",\"kind\":\"drift\",\"state\":\"resolved\",\"severity\":\"warning\",\"layer\":\"model\",\"contract\":\"%s\",\"column\":\"temp_c\",\"value\":%.4f,\"limit\":0.2,\"message\":\"psi %.3f <= 0.2\"}\n", ts, c, v, v
	}
	# B-0004 stuck out of range, then back; B-0007 still out
	printf "{\"v\":1,\"time\":\"2026-11-25T03:05:00Z\",\"tool\":\"mlo-validate\",\"kind\":\"sustained\",\"state\":\"firing\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"entity\":\"B-0004\",\"value\":453.23,\"limit_low\":20,\"limit_high\":400,\"message\":\"vib_hz outside normal [20, 400] for 2h (now 453.23)\"}\n", c
	printf "{\"v\":1,\"time\":\"2026-11-25T06:05:00Z\",\"tool\":\"mlo-validate\",\"kind\":\"sustained\",\"state\":\"resolved\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"entity\":\"B-0004\",\"value\":86.85,\"limit_low\":20,\"limit_high\":400,\"message\":\"vib_hz back inside normal [20, 400] after 3h (now 86.85)\"}\n", c
	printf "{\"v\":1,\"time\":\"2026-11-25T16:05:00Z\",\"tool\":\"mlo-validate\",\"kind\":\"sustained\",\"state\":\"firing\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"vib_hz\",\"entity\":\"B-0007\",\"value\":611.2,\"limit_low\":20,\"limit_high\":400,\"message\":\"vib_hz outside normal [20, 400] for 2h (now 611.2)\"}\n", c
	printf "{\"v\":1,\"time\":\"2026-11-25T17:00:00Z\",\"tool\":\"mlo-validate\",\"kind\":\"stuck\",\"state\":\"firing\",\"severity\":\"warning\",\"layer\":\"integrity\",\"contract\":\"%s\",\"column\":\"temp_c\",\"entity\":\"B-0009\",\"value\":61.5,\"message\":\"temp_c stuck at 61.5 for 45m\"}\n", c
	# the nightly retrain
	printf "{\"v\":1,\"time\":\"2026-11-25T02:00:00Z\",\"tool\":\"mlo-retrain-gate\",\"kind\":\"gate\",\"severity\":\"warning\",\"layer\":\"lifecycle\",\"policy\":\"bearing\",\"decision\":\"reject\",\"candidate\":\"v5\",\"production\":\"v4\",\"rows\":5000,\"rules_passed\":3,\"rules_failed\":1,\"failed\":\"recall.min\",\"dry_run\":false,\"message\":\"candidate rejected: recall.min\"}\n"
}' >events.ndjson
# model v4's performance as mlo-drift compare writes it (--window 1h
# --time ts): each hourly run estimates recall and precision of the hour
# that closed, without labels; at 16:00 the labels of the windows to 14:00
# arrived and a second run wrote those windows again with the realised
# values beside the same estimates.  The estimate holds; the realised
# recall falls from 10:00, as a concept shift the estimate cannot see.
awk 'function iso(h,   hh, d) {	# 2026-11-24T20:00:00Z plus H hours (H < 28)
		hh = (20 + h) % 24; d = 24 + int((20 + h) / 24)
		return sprintf("2026-11-%02dT%02d:00:00Z", d, hh)
	}
	function point(time, h, m, est, real, ref) {
		printf "{\"v\":1,\"time\":\"%s\",\"tool\":\"mlo-drift\",\"kind\":\"performance_window\",\"severity\":\"info\",\"layer\":\"model\",\"column\":\"score\",\"model_version\":\"v4\",\"window_from\":\"%s\",\"window_to\":\"%s\",\"metric\":\"%s\",\"estimate\":%.4f,\"error_bound\":0.09,\"rows\":1440", time, iso(h - 1), iso(h), m, est
		if (real != "")
			printf ",\"realised\":%.4f,\"rows_labelled\":1440", real
		printf ",\"reference\":%s,\"message\":\"%s estimated %.4g%s\"}\n", ref, m, est, real != "" ? sprintf(", realised %.4g", real) : ""
	}
	BEGIN {
	srand(13)
	for (h = 1; h <= 24; h++) {
		er[h] = 0.81 + rand() * 0.04 - (h > 16 ? 0.03 : 0)
		ep[h] = 0.63 + rand() * 0.05
		rr[h] = er[h] - 0.03 + rand() * 0.05 - (h > 13 ? (h - 13) * 0.05 : 0)
		rp[h] = ep[h] - 0.03 + rand() * 0.05
		run = iso(h); sub(/:00:00Z/, ":05:00Z", run)
		point(run, h, "recall", er[h], "", 0.82)
		point(run, h, "precision", ep[h], "", 0.64)
	}
	for (h = 1; h <= 18; h++) {
		point("2026-11-25T16:00:00Z", h, "recall", er[h], rr[h], 0.82)
		point("2026-11-25T16:00:00Z", h, "precision", ep[h], rp[h], 0.64)
	}
}' >>events.ndjson
# events come in time order, as the programs append them
sort -t'"' -k6,6 -s events.ndjson >events.tmp && mv events.tmp events.ndjson

# predictions: 12 bearings, hourly, model v4; B-0003 and B-0007 wear
awk 'function iso(h,   hh, d) {	# 2026-11-24T20:00:00Z plus H hours (H < 28)
		hh = (20 + h) % 24; d = 24 + int((20 + h) / 24)
		return sprintf("2026-11-%02dT%02d:00:00Z", d, hh)
	}
	BEGIN {
	srand(7)
	t0 = 1764014400
	print "prediction_id,asset,time,score,model_version"
	for (h = 1; h <= 24; h++)
		for (a = 1; a <= 12; a++) {
			e = sprintf("B-%04d", a)
			ts = iso(h)
			s = rand() * 0.35
			if (a == 3 && h > 6) s = 0.5 + h * 0.015 + rand() * 0.1
			if (a == 7 && h > 14) s = 0.55 + rand() * 0.3
			if (a == 10 && (h == 4 || h == 5)) s = 0.62
			printf "%s@%s,%s,%s,%.3f,v4\n", e, ts, e, ts, s
		}
}' >predictions.csv
printf '%s\n' 'asset,failure_time,downtime_hours,cost' \
    'B-0003,2026-11-25T18:30:00Z,6,' 'B-0011,2026-11-25T09:00:00Z,12,' \
    >outcomes.csv
# verdicts: three technicians say B-0010's alarm was wrong
printf '%s\n' \
    '{"time":"2026-11-25T06:10:00Z","prediction_id":"B-0010@2026-11-25T00:00:00Z","asset":"B-0010","model_version":"v4","verdict":"wrong","technician":"T12","note":"bearing sounded fine","source":"web"}' \
    '{"time":"2026-11-25T07:40:00Z","prediction_id":"B-0010@2026-11-25T01:00:00Z","asset":"B-0010","model_version":"v4","verdict":"wrong","technician":"T07","note":null,"source":"web"}' \
    '{"time":"2026-11-25T12:15:00Z","prediction_id":"B-0003@2026-11-25T10:00:00Z","asset":"B-0003","model_version":"v4","verdict":"right","technician":"T07","note":"outer race pitted","source":"web"}' \
    '{"time":"2026-11-25T13:20:00Z","prediction_id":"B-0010@2026-11-25T00:00:00Z","asset":"B-0010","model_version":"v4","verdict":"wrong","technician":"T03","note":null,"source":"cli"}' \
    >feedback.ndjson
# the retrain ledger, chained by prev_sha256 as mlo-retrain-gate writes it
prev=null
: >ledger.ndjson
for line in \
    '{"v":1,"time":"2026-11-18T02:00:00Z","tool":"mlo-retrain-gate","decision":"promote","candidate":"v4","production_before":"v3","production":"v4","failed":"","rules":[{"rule":"recall.min","metric":"recall","candidate":0.82,"production":0.77},{"rule":"precision.min","metric":"precision","candidate":0.64,"production":0.61}]' \
    '{"v":1,"time":"2026-11-22T09:30:00Z","tool":"mlo-retrain-gate","decision":"rollback","production_before":"v4","production":"v3","failed":""' \
    '{"v":1,"time":"2026-11-22T11:00:00Z","tool":"mlo-retrain-gate","decision":"rollback","production_before":"v3","production":"v4","failed":""' \
    '{"v":1,"time":"2026-11-25T02:00:00Z","tool":"mlo-retrain-gate","decision":"reject","candidate":"v5","production_before":"v4","production":"v4","failed":"recall.min","rules":[{"rule":"recall.min","metric":"recall","candidate":0.71,"production":0.82},{"rule":"precision.min","metric":"precision","candidate":0.69,"production":0.64}]'
do
	line="$line,\"prev_sha256\":$prev}"
	printf '%s\n' "$line" >>ledger.ndjson
	prev="\"$(printf '%s' "$line" | sha256sum | cut -d' ' -f1)\""
done
