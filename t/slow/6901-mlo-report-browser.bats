#!/usr/bin/env bats
# mlo-report -f html in a real browser: Debian's chromium, headless,
# driven through chromium-driver's WebDriver HTTP API with curl
# (t/slow/webdriver.bash), loads the page of the realistic day
# (t/data/report-html) from a file and checks that it rendered (title,
# tiles, charts with drawn data), that it fetched nothing (the CSP meta is
# there, the Resource Timing API and the performance log hold no request
# but the page's own) and saves a PNG screenshot; with MLO_SCREENSHOT=FILE
# the screenshot is also copied there.
# The demo's own report (make demo's short story) is loaded the same way.
# A control page proves the checks can see a fetch: the same page with an
# image, without its CSP, loads it; with its CSP, the browser blocks it
# (Chromium still logs the request, failed with blockedReason csp, and a
# resource entry without a response).

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper
load webdriver

HDATA=$MLO_TOP/t/data/report-html

teardown_file() {
	stop_driver
}

teardown() {
	end_session
}

setup() {
	work_dir
	command -v curl >/dev/null || skip "curl is not installed (apt-get install curl)"
	command -v base64 >/dev/null || skip "base64 not installed"
	run --separate-stderr mlo-report --now "$NOW" -f html -o day.html \
	    --feedback-url http://127.0.0.1:9/feedback \
	    --ledger "$HDATA/ledger.ndjson" --feedback "$HDATA/feedback.ndjson" \
	    --impact --predictions "$HDATA/predictions.csv" \
	    --outcomes "$HDATA/outcomes.csv" "$HDATA/events.ndjson"
	[ "$status" -eq 1 ]
	[ -s day.html ]
}

# js SCRIPT: the value SCRIPT returns in the page, in $output (JSON).
js() {
	local body

	body=$(jq -cn --arg s "$1" '{script: $s, args: []}')
	wd POST "/session/$sid/execute/sync" "$body"
}

# open FILE: load FILE of the working directory in a fresh session that
# keeps the performance log.
open_page() {
	start_driver
	new_session '"goog:loggingPrefs":{"performance":"ALL","browser":"ALL"}'
	wd POST "/session/$sid/window/rect" '{"width":1000,"height":1500}'
	wd POST "/session/$sid/url" "{\"url\":\"file://$WORK/$1\"}"
}

# requests FILE: the URLs the performance log says the page FILE (its
# document, not the browser's own pages) requested, one a line; the log
# (which the driver hands out once) kept in perf.json.
requests() {
	wd POST "/session/$sid/se/log" '{"type":"performance"}'
	printf '%s' "$output" >perf.json
	jq -r --arg page "file://$WORK/$1" \
	    '.value[].message | fromjson | .message |
	    select(.method == "Network.requestWillBeSent") |
	    select(.params.documentURL == $page) | .params.request.url' perf.json
}

@test "chromium renders the page: title, tiles, charts with data, links" {
	open_page day.html
	wd GET "/session/$sid/title"
	assert_output --partial '"value":"mlo report 2026-11-25T20:00:00Z: RED"'
	js 'return Array.from(document.querySelectorAll(".tile")).map(t => t.id + " " + t.querySelector(".badge").textContent + " " + Math.round(t.getBoundingClientRect().height > 40)).join(",")'
	assert_output --partial '"value":"layer-integrity RED 1,layer-model RED 1,layer-business AMBER 1,layer-feedback RED 1,layer-lifecycle AMBER 1"'
	# the drift chart drawn: 24 points of a polyline some 250px wide
	js 'const s = Array.from(document.querySelectorAll("figure")).find(f => f.querySelector("h3").textContent == "Drift statistic, vib_hz").querySelector("svg"); const p = s.querySelector("polyline"); return [s.getAttribute("role"), p.points.numberOfItems, Math.round(p.getBoundingClientRect().width > 200), s.getAttribute("aria-label").includes("highest 0.3435")].join(" ")'
	assert_output --partial '"value":"img 24 1 true"'
	js 'return document.querySelectorAll("svg.chart").length'
	assert_output --partial '"value":9'
	js 'return document.querySelector("a.feedback").href'
	assert_output --partial '"value":"http://127.0.0.1:9/feedback?id=B-0003%402026-11-25T20%3A00%3A00Z"'
	# the status colours as the browser computes them
	js 'return getComputedStyle(document.querySelector(".tile.st-red .badge")).color'
	assert_output --partial '"value":"rgb(143, 17, 17)"'
	# the page is laid out for a phone too: one column of charts, no
	# horizontal scrolling of the page
	wd POST "/session/$sid/window/rect" '{"width":400,"height":800}'
	js 'return [document.documentElement.scrollWidth <= window.innerWidth, getComputedStyle(document.querySelector(".charts")).gridTemplateColumns.split(" ").length].join(" ")'
	assert_output --partial '"value":"true 1"'
	end_session
}

@test "the page fetches nothing: CSP meta, no resource entries, no request but itself" {
	open_page day.html
	js 'return document.querySelector("meta[http-equiv=Content-Security-Policy]").content'
	assert_output --partial "\"value\":\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\""
	js 'return performance.getEntriesByType("resource").length + " " + performance.getEntriesByType("navigation").length'
	assert_output --partial '"value":"0 1"'
	run requests day.html
	assert_output "file://$WORK/day.html"
	end_session
}

@test "control: the checks see a fetch, and the CSP blocks it" {
	# an image from a server on 127.0.0.1 (the driver's own, which
	# answers 404): without the CSP it is requested and both checks see
	# it
	start_driver
	img="http://127.0.0.1:$DPORT/dot.png"
	sed -e '/Content-Security-Policy/d' -e "s|<main>|<main><img src=\"$img\" alt=\"\">|" day.html >nocsp.html
	open_page nocsp.html
	js 'return performance.getEntriesByType("resource").map(e => e.name).join(",")'
	assert_output --partial "\"value\":\"$img\""
	run requests nocsp.html
	assert_line "$img"
	run jq -r '.value[].message | fromjson | .message |
	    select(.method == "Network.loadingFailed") |
	    .params.blockedReason' perf.json
	refute_line csp
	end_session
	# with it, the same image is refused
	sed -e "s|<main>|<main><img src=\"$img\" alt=\"\">|" day.html >withcsp.html
	open_page withcsp.html
	js 'return performance.getEntriesByType("resource").map(e => e.name + " " + e.transferSize).join(",")'
	assert_output --partial "\"value\":\"$img 0\""
	run requests withcsp.html
	assert_line "$img"
	run jq -r --arg img "$img" '.value[].message | fromjson | .message |
	    select(.method == "Network.loadingFailed" or
	    (.method == "Network.responseReceived" and
	    .params.response.url == $img)) |
	    "\(.method) \(.params.blockedReason)"' perf.json
	assert_line 'Network.loadingFailed csp'
	refute_line --partial 'Network.responseReceived'
	wd POST "/session/$sid/se/log" '{"type":"browser"}'
	assert_output --partial 'Content Security Policy'
	end_session
}

@test "printed: the print styles apply, and a PDF comes out" {
	open_page day.html
	# WebDriver's print endpoint lays the page out for paper (A4)
	wd POST "/session/$sid/print" '{"page":{"width":21,"height":29.7},"background":true}'
	printf '%s' "$output" | jq -r .value | base64 -d >report.pdf
	run head -c 5 report.pdf
	assert_output '%PDF-'
	pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' report.pdf || true)
	[ "$pages" -ge 1 ] && [ "$pages" -le 6 ]
	# the print rules: three columns of charts, links not underlined
	js 'const r = Array.from(document.styleSheets[0].cssRules).find(r => r.media && r.media.mediaText == "print"); return r.cssRules.length + " " + r.cssText.includes("break-inside: avoid")'
	assert_output --partial '"value":"6 true"'
	end_session
}

@test "a PNG screenshot of the page" {
	open_page day.html
	wd GET "/session/$sid/screenshot"
	printf '%s' "$output" | jq -r .value | base64 -d >report.png
	end_session
	run sh -c 'head -c 8 report.png | od -An -tx1 | tr -d " \n"'
	assert_output 89504e470d0a1a0a
	[ "$(wc -c <report.png)" -gt 20000 ]
	cp report.png "$BATS_FILE_TMPDIR/report.png"
	if [ -n "${MLO_SCREENSHOT:-}" ]; then
		cp report.png "$MLO_SCREENSHOT"
	fi
}

@test "the demo's report.html renders in chromium, charts drawn, nothing fetched" {
	sh "$MLO_TOP/examples/demo.sh" --small "$WORK/demo" >demo.out 2>&1 ||
	    { cat demo.out; false; }
	cp demo/report.html demo.html
	open_page demo.html
	wd GET "/session/$sid/title"
	assert_output --regexp '"value":"mlo report 2026-[0-9T:-]+Z: (GREEN|AMBER|RED)"'
	js 'return Array.from(document.querySelectorAll(".tile")).map(t => t.id).join(",")'
	assert_output --partial '"value":"layer-integrity,layer-model,layer-business,layer-feedback,layer-lifecycle"'
	# every chart of the page has a line or a point drawn, and the
	# estimated against realised chart has both its lines
	js 'const c = Array.from(document.querySelectorAll("svg.chart")); return c.length + " " + c.filter(s => s.querySelector("polyline, circle")).length'
	[[ "$output" =~ \"value\":\"([0-9]+)\ ([0-9]+)\" ]]
	[ "${BASH_REMATCH[1]}" -ge 10 ] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
	js 'const f = Array.from(document.querySelectorAll("figure")).find(f => f.querySelector("h3").textContent.startsWith("Performance: recall, estimated against realised")); return f.querySelectorAll("polyline").length + " " + Math.round(f.querySelector("polyline").getBoundingClientRect().width > 100)'
	assert_output --partial '"value":"2 1"'
	js 'return performance.getEntriesByType("resource").length'
	assert_output --partial '"value":0'
	run requests demo.html
	assert_output "file://$WORK/demo.html"
	wd GET "/session/$sid/screenshot"
	printf '%s' "$output" | jq -r .value | base64 -d >demo.png
	end_session
	run sh -c 'head -c 8 demo.png | od -An -tx1 | tr -d " \n"'
	assert_output 89504e470d0a1a0a
	cp demo.png "$BATS_FILE_TMPDIR/demo-report.png"
}
