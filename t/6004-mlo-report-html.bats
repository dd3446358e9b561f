#!/usr/bin/env bats
# mlo-report -f html: one self-contained page.  Its structure (the CSP
# meta, no script, no URL fetched, a tile per layer, charts with data and
# text alternatives, the tables), every input text escaped, the links of
# --feedback-url, valid HTML (tidy, when installed) and the contrast of
# its colours (t/wcag-contrast).  The realistic day is t/data/report-html
# (its make.sh made it); the real browser is t/slow/6901.

load helper

HDATA=$MLO_TOP/t/data/report-html
CSP="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"

# day [OPTIONS...]: the realistic day's page into day.html.
day() {
	run --separate-stderr mlo-report --now "$NOW" -f html -o day.html \
	    --ledger "$HDATA/ledger.ndjson" --feedback "$HDATA/feedback.ndjson" \
	    --impact --predictions "$HDATA/predictions.csv" \
	    --outcomes "$HDATA/outcomes.csv" "$@" "$HDATA/events.ndjson"
}

# count PATTERN FILE: lines of FILE matching the extended regex.
count() {
	grep -cE -- "$1" "$2" || true
}

@test "the page: CSP meta, viewport, print styles, no script, nothing to fetch" {
	day
	assert_failure 1
	assert_stderr_empty
	run head -c 15 day.html
	assert_output '<!DOCTYPE html>'
	[ "$(count "^<meta http-equiv=\"Content-Security-Policy\" content=\"$CSP\">$" day.html)" -eq 1 ]
	[ "$(count '^<meta name="viewport" content="width=device-width, initial-scale=1">$' day.html)" -eq 1 ]
	[ "$(count '@media print\{' day.html)" -eq 1 ]
	[ "$(count '@media \(max-width:40rem\)' day.html)" -eq 1 ]
	[ "$(count '<title>mlo report 2026-11-25T20:00:00Z: RED</title>' day.html)" -eq 1 ]
	# nothing that runs or fetches: no script, no src, no link, no url()
	[ "$(count '<script|<link|<iframe|<img|<object| src=|url\(|@import|javascript:' day.html)" -eq 0 ]
	# the only absolute URL is SVG's namespace name (not fetched)
	run sh -c "grep -oE 'https?://[^\"]*' day.html | sort -u"
	assert_output 'http://www.w3.org/2000/svg'
}

@test "a tile per layer with its status word and reasons, as the ndjson says" {
	day
	run --separate-stderr mlo-report --now "$NOW" -f ndjson \
	    --ledger "$HDATA/ledger.ndjson" --feedback "$HDATA/feedback.ndjson" \
	    --impact --predictions "$HDATA/predictions.csv" \
	    --outcomes "$HDATA/outcomes.csv" "$HDATA/events.ndjson"
	printf '%s\n' "$output" >day.ndjson
	for layer in integrity model business feedback lifecycle; do
		st=$(jq -r "select(.type == \"layer\" and .layer == \"$layer\") | .status" day.ndjson)
		ST=$(printf '%s' "$st" | tr a-z A-Z)
		[ "$(count "^<div class=\"tile st-$st\" id=\"layer-$layer\">$" day.html)" -eq 1 ]
		[ "$(count "^<h3>$layer <span class=\"badge st-$st\">$ST</span></h3>$" day.html)" -eq 1 ]
	done
	[ "$(count '<div class="tile ' day.html)" -eq 5 ]
	[ "$(count '^<li>drift &#39;vib_hz&#39; \(bearing-vibration@1.1.0\) firing since 2026-11-25T08:00:00Z: psi 0.343 &gt; 0.2</li>$' day.html)" -eq 1 ]
	[ "$(count '^<li>candidate v5 rejected at 2026-11-25T02:00:00Z: failed recall.min</li>$' day.html)" -eq 1 ]
}

@test "charts: data from the buckets and a text alternative with its numbers" {
	day
	n=$(count '<svg class="chart" id="c[0-9]+" viewBox="0 0 320 132" role="img" aria-label="[^"]+"' day.html)
	[ "$n" -eq 9 ]
	[ "$(count '<svg' day.html)" -eq "$n" ]
	[ "$(count '^<title>' day.html)" -eq $((n + 1)) ]	# and the page's
	[ "$(count '^<desc>' day.html)" -eq "$n" ]
	# the drift of vib_hz: a point per hour, the highest and latest
	# values those of the events (jq here, %.4g on the page)
	hi=$(jq -rs '[.[] | select(.kind == "drift" and .column == "vib_hz") | .value] | max' "$HDATA/events.ndjson")
	last=$(jq -rs '[.[] | select(.kind == "drift" and .column == "vib_hz")] | last | .value' "$HDATA/events.ndjson")
	assert_equal "$hi" 0.3435
	run grep -A1 '<h3>Drift statistic, vib_hz</h3>' day.html
	assert_output --partial "vib_hz. From 2026-11-24T20:00:00Z to 2026-11-25T20:00:00Z. drift: 24 of 24 intervals with data, lowest 0.0713, highest $hi, latest $last."
	run sh -c "sed -n '/Drift statistic, vib_hz/,/<\/svg>/p' day.html | grep -o '<polyline points=\"[^\"]*\"' | tr ' ' '\n' | grep -c ,"
	assert_output 24
	# null rate in percent, over its six hours (the last resolved)
	run grep -A1 '<h3>Null rate, bearing-vibration@1.1.0</h3>' day.html
	assert_output --partial 'temp_c: 6 of 24 intervals with data, lowest 1%, highest 7.94%, latest 1%.'
	# the predicted-positive share of v4 and its mean score
	pos=$(awk -F, 'NR > 1 && $4 >= 0.5' "$HDATA/predictions.csv" | wc -l)
	assert_equal "$pos" 30
	run grep -A1 '<h3>Predicted-positive share against mean score, model v4</h3>' day.html
	assert_output --partial 'predicted-positive share: 24 of 24 intervals with data, lowest 0%, highest 16.7%, latest 16.7%. mean score (estimated failure probability): 24 of 24 intervals'
	[ "$(count '^<p class="legend"><span class="k0">predicted-positive share</span> <span class="k1">mean score' day.html)" -eq 1 ]
	# realised: B-0003's failure at 18:30 caught (the interval to 19:00,
	# the 23rd), B-0011's at 09:00 missed (the 13th)
	run grep -A1 '<h3>Realised: failures caught and missed</h3>' day.html
	assert_output --partial 'failures caught: 24 of 24 intervals with data, lowest 0, highest 1, latest 0. failures missed: 24 of 24 intervals with data, lowest 0, highest 1, latest 0."'
	run sh -c "sed -n '/Realised: failures caught/,/<\/svg>/p' day.html | grep -o '<g class=\"l[01]\"><polyline points=\"[^\"]*\"' | sed 's/.*points=\"//; s/\"//' | tr ' ' '\n' | awk -F, '\$2 < 50 { print NR }'"
	assert_output $'23\n37'
}

# perf_numbers METRIC KEY: what the chart's text says of the line of KEY
# (estimate or realised) of v4's METRIC, from the events by jq: the
# windows of the period by their end (a window's events carry one value
# of each), their count, lowest, highest and latest value in percent.
perf_numbers() {
	jq -rs --arg m "$1" --arg k "$2" --arg now "$NOW" '[.[] |
	    select(.kind == "performance_window" and .metric == $m and
		.model_version == "v4" and .time <= $now and has($k))] |
	    group_by(.window_to) | map(.[0][$k]) | [length, min, max, last] | @tsv' \
	    "$HDATA/events.ndjson" |
	awk -F '\t' '{ printf "%d of 24 intervals with data, lowest %.3g%%, highest %.3g%%, latest %.3g%%.", $1, $2 * 100, $3 * 100, $4 * 100 }'
}

@test "performance: a chart per model and metric, the estimate against the realised value" {
	day
	for m in recall precision; do
		est=$(perf_numbers $m estimate)
		real=$(perf_numbers $m realised)
		run grep -A1 "<h3>Performance: $m, estimated against realised, model v4</h3>" day.html
		assert_output --partial "model v4. From 2026-11-24T20:00:00Z to 2026-11-25T20:00:00Z. estimated: $est realised: $real\""
	done
	# each window where its data is: the estimates of 23 hourly runs (the
	# 24th, at 20:05, is after the report's end), the realised values of
	# the 18 windows to 14:00, all written by the run at 16:00
	assert_equal "$(perf_numbers recall estimate | cut -d' ' -f1)" 23
	assert_equal "$(perf_numbers recall realised | cut -d' ' -f1)" 18
	[ "$(jq -r 'select(.kind == "performance_window" and has("realised")) | .time' "$HDATA/events.ndjson" | sort -u)" = 2026-11-25T16:00:00Z ]
	run sh -c "sed -n '/Performance: recall/,/<\/svg>/p' day.html | grep -o '<g class=\"l[01]\"><polyline points=\"[^\"]*\"' | sed 's/.*points=\"//; s/\"//' | awk '{ print NF }'"
	assert_output $'23\n18'
	[ "$(count '^<p class="legend"><span class="k0">estimated</span> <span class="k1">realised</span>' day.html)" -eq 2 ]
	# an estimate alone is a chart too, its realised line without data
	grep -v '"realised"' "$HDATA/events.ndjson" >est.ndjson
	run --separate-stderr mlo-report --now "$NOW" -f html -o est.html est.ndjson
	run grep -A1 '<h3>Performance: recall, estimated against realised, model v4</h3>' est.html
	assert_output --partial "estimated: $(perf_numbers recall estimate) realised: no data.\""
}

@test "tables: assets, latest alerts, impact, gate history with metrics and rollbacks" {
	day
	[ "$(count '^<tr><td>B-0007</td><td><span class="badge st-red">RED</span></td><td class="n">1</td><td class="n">0</td><td class="n">1</td><td class="n">0</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><td>B-0003</td><td>2026-11-25T20:00:00Z</td><td class="n">0.935</td><td>B-0003@2026-11-25T20:00:00Z</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<p>The latest alerting prediction of each asset, the latest first \(3 of 3 assets\)\.</p>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><th scope="row">realised precision \(true of judged alarms\)</th><td class="n">100.0% \(1 of 1\)</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><th scope="row">realised recall \(caught of monitored failures\)</th><td class="n">50.0% \(1 of 2\)</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><th scope="row">downtime avoided</th><td class="n">6 h of 18 h</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><td>2026-11-25T02:00:00Z</td><td>reject</td><td>v5</td><td>v4</td><td>recall 0.71 \(production 0.82\), precision 0.69 \(production 0.64\)</td><td>recall.min</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '^<tr><td>2026-11-22T09:30:00Z</td><td>rollback</td><td>-</td><td>v3</td><td>-</td><td>-</td></tr>$' day.html)" -eq 1 ]
	[ "$(count '<td>rollback</td>' day.html)" -eq 2 ]
}

@test "--feedback-url: each listed prediction links to its feedback page" {
	day --feedback-url https://plant.example/cgi-bin/feedback
	[ "$(count '<a class="feedback"' day.html)" -eq 3 ]
	[ "$(count '^<tr><td>B-0003</td><td>2026-11-25T20:00:00Z</td><td class="n">0.935</td><td><a class="feedback" href="https://plant.example/cgi-bin/feedback\?id=B-0003%402026-11-25T20%3A00%3A00Z">B-0003@2026-11-25T20:00:00Z</a></td></tr>$' day.html)" -eq 1 ]
	# a URL with a query of its own gets &id=, its & escaped in the page
	day --feedback-url 'http://h/fb?site=3'
	[ "$(count 'href="http://h/fb\?site=3&amp;id=B-0010%402026-11-25T01%3A00%3A00Z"' day.html)" -eq 1 ]
	# the id decodes to the prediction: the page mlo-feedback cgi serves
	id=$(grep -o 'href="[^"]*B-0010[^"]*"' day.html | sed 's/.*id=//; s/"$//')
	run env REQUEST_METHOD=GET QUERY_STRING="id=$id" \
	    MLO_FEEDBACK_SECRET=0123456789abcdef-secret \
	    MLO_FEEDBACK_LOG=fb.ndjson MLO_FEEDBACK_PREDICTIONS="$HDATA/predictions.csv" \
	    mlo-feedback cgi
	assert_success
	assert_output --partial '<h1>Prediction <code>B-0010@2026-11-25T01:00:00Z</code></h1>'
	assert_output --partial '<td>0.620</td>'
}

@test "--feedback-url takes only http and https URLs of URI characters, no fragment" {
	for bad in 'javascript:alert(1)' 'ftp://h/x' '/relative' 'http://h/a b' \
	    'http://h/#x' 'http://h/"x' 'http://h/<x>' 'http://h/x\y'; do
		run --separate-stderr mlo-report --now "$NOW" -f html --feedback-url "$bad" /dev/null
		assert_failure 2
		[[ "$stderr" == "mlo-report: --feedback-url "* ]]
	done
	run --separate-stderr mlo-report --now "$NOW" --feedback-url http://h/ /dev/null
	assert_failure 2
	[[ "$stderr" == "mlo-report: --feedback-url is for -f html"* ]]
}

@test "hostile names are escaped everywhere: contract, column, entity, id, model" {
	cat >hostile.ndjson <<-'E'
	{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-validate","kind":"sustained","state":"firing","severity":"critical","layer":"integrity","contract":"<script>alert(1)</script>@1","column":"a&b","entity":"\"><img src=x onerror=alert(2)>","value":1,"message":"<b>bold</b> & 'quoted'"}
	{"v":1,"time":"2026-11-25T11:00:00Z","tool":"mlo-validate","kind":"null_rate","state":"firing","severity":"warning","layer":"integrity","contract":"<script>alert(1)</script>@1","column":"</title><script>x()</script>","value":0.2,"message":"n"}
	{"v":1,"time":"2026-11-25T12:00:00Z","tool":"mlo-drift","kind":"drift","state":"firing","severity":"warning","layer":"model","column":"<svg onload=alert(3)>","value":0.4,"message":"psi"}
	E
	printf '%s\n' 'prediction_id,asset,time,score,model_version' \
	    '"x""><script>alert(4)</script>",<i>A</i>,2026-11-25T12:00:00Z,0.9,<u>v9</u>' >pred.csv
	run --separate-stderr mlo-report --now "$NOW" -f html -o h.html \
	    --feedback-url "https://h/fb?a=1&b='2'" --predictions pred.csv hostile.ndjson
	assert_failure 1
	[ "$(count '<script|<img|<svg onload|<b>|<i>|<u>|</title><script' h.html)" -eq 0 ]
	[ "$(count '&lt;script&gt;alert\(1\)&lt;/script&gt;@1' h.html)" -ge 3 ]
	[ "$(count '&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;' h.html)" -ge 2 ]
	[ "$(count '&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;' h.html)" -eq 1 ]
	[ "$(count '<h3>Drift statistic, &lt;svg onload=alert\(3\)&gt;</h3>' h.html)" -eq 1 ]
	[ "$(count 'href="https://h/fb\?a=1&amp;b=&#39;2&#39;&amp;id=x%22%3E%3Cscript%3Ealert%284%29%3C%2Fscript%3E">x&quot;&gt;&lt;script&gt;alert\(4\)&lt;/script&gt;</a>' h.html)" -eq 1 ]
	if command -v tidy >/dev/null; then
		run tidy -errors -quiet h.html
		assert_success
	fi
}

@test "tidy finds nothing to say about the pages (when installed)" {
	command -v tidy >/dev/null ||
	    skip "tidy is not installed (apt-get install tidy, or ./configure --install-deps)"
	day --feedback-url https://plant.example/cgi-bin/feedback
	run tidy -errors -quiet day.html
	assert_success
	assert_output ''
	# an empty period too
	run --separate-stderr mlo-report --now "$NOW" -f html /dev/null
	assert_success
	printf '%s\n' "$output" >empty.html
	[ "$(count '^<p>No values over the period to chart.</p>$' empty.html)" -eq 1 ]
	[ "$(count '<div class="tile st-green"' empty.html)" -eq 4 ]
	[ "$(count '^<li>no events in the period: is the pipeline running\?</li>$' empty.html)" -eq 1 ]
	run tidy -errors -quiet empty.html
	assert_success
	# and tidy does see errors where there are some
	sed 's|</main>||' empty.html >broken.html
	run tidy -errors -quiet broken.html
	assert_failure
}

@test "the colours' contrast is at least 4.5 (WCAG AA), checked by t/wcag-contrast" {
	# the checker against published ratios
	assert_equal "$("$MLO_TOP/t/wcag-contrast" --pair '#000000' '#ffffff')" 21.00
	assert_equal "$("$MLO_TOP/t/wcag-contrast" --pair '#767676' '#ffffff')" 4.54
	assert_equal "$("$MLO_TOP/t/wcag-contrast" --pair '#777777' '#FFFFFF')" 4.48
	day
	run "$MLO_TOP/t/wcag-contrast" day.html
	assert_success
	assert_line --regexp '^\.st-green #0b5d1e #e3f4e6 [0-9.]+$'
	assert_line --regexp '^\.st-amber #6b4500 #fff3d6 [0-9.]+$'
	assert_line --regexp '^\.st-red #8f1111 #fde8e8 [0-9.]+$'
	assert_line --regexp '^body #1a1a1a #ffffff [0-9.]+$'
	[ "${#lines[@]}" -ge 10 ]
	# a paler amber fails
	sed 's/color:#6b4500/color:#b7791f/' day.html >pale.html
	run "$MLO_TOP/t/wcag-contrast" pale.html
	assert_failure 1
	assert_line --regexp '^\.st-amber #b7791f #fff3d6 [0-9.]+$'
}

@test "-o DIR writes DIR/mlo-report.html" {
	mkdir out
	run --separate-stderr mlo-report --now "$NOW" -f html -o out /dev/null
	assert_success
	[ -s out/mlo-report.html ]
	[ ! -e out/mlo.prom ]
}
