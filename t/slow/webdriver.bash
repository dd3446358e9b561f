# t/slow/webdriver.bash: Debian's chromium, headless, driven through
# chromium-driver's WebDriver HTTP API with curl, for the slow suites
# that load a page in a real browser (5900, 6901).  Only 127.0.0.1.
#
#	load webdriver
#	start_driver		# or skip when chromium cannot be had
#	new_session		# $sid
#	wd POST "/session/$sid/url" '{"url":"..."}'
#	element CSS		# $eid
#
# The driver's pid is in $BATS_FILE_TMPDIR/driver.pid: stop_driver in
# teardown_file.

# wd METHOD PATH [JSON]: a WebDriver command; the response in $output.
wd() {
	run curl -s -X "$1" -H 'Content-Type: application/json' \
	    ${3:+--data "$3"} "http://127.0.0.1:$DPORT$2"
}

# element CSS: the id of the element CSS selects, in $eid.
element() {
	wd POST "/session/$sid/element" "{\"using\":\"css selector\",\"value\":\"$1\"}"
	eid=$(printf '%s' "$output" | sed -n 's/.*"element-6066-11e4-a52e-4f735466cecf":"\([^"]*\)".*/\1/p')
	[ -n "$eid" ] || { echo "no element '$1': $output" >&2; return 1; }
}

# start_driver: chromedriver on a free port of 127.0.0.1 ($DPORT); skips
# the test, naming the packages, when chromium or chromedriver is missing
# (make check-slow installs them first when it can: t/deps slow).
start_driver() {
	local i

	if [ -e "$BATS_FILE_TMPDIR/driver.port" ]; then
		DPORT=$(cat "$BATS_FILE_TMPDIR/driver.port")
		curl -s "http://127.0.0.1:$DPORT/status" | grep -q '"ready":true' &&
		    return 0
	fi
	# make check-slow installs them (t/deps slow) when it can
	command -v chromium >/dev/null && command -v chromedriver >/dev/null ||
	    skip "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
	for i in 1 2 3 4 5; do
		DPORT=$((40000 + (RANDOM % 20000)))
		# fd 3 closed: bats waits for whoever holds it
		chromedriver --port="$DPORT" --allowed-ips=127.0.0.1 \
		    >"$BATS_FILE_TMPDIR/driver.log" 2>&1 3>&- &
		echo $! >"$BATS_FILE_TMPDIR/driver.pid"
		for _ in $(seq 50); do
			if curl -s "http://127.0.0.1:$DPORT/status" |
			    grep -q '"ready":true'; then
				echo "$DPORT" >"$BATS_FILE_TMPDIR/driver.port"
				return 0
			fi
			sleep 0.1
		done
		kill "$(cat "$BATS_FILE_TMPDIR/driver.pid")" 2>/dev/null
	done
	return 1
}

# new_session [EXTRA]: a headless session with a fresh profile, nothing
# fetched in the background; EXTRA: more capabilities as JSON members
# (such as the performance log's).  Its id in $sid.
new_session() {
	local profile=$BATS_TEST_TMPDIR/profile

	mkdir -p "$profile"
	wd POST /session "{\"capabilities\":{\"alwaysMatch\":{${1:+$1,}\"goog:chromeOptions\":{\"binary\":\"$(command -v chromium)\",\"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-quic\",\"--no-first-run\",\"--disable-background-networking\",\"--disable-component-update\",\"--disable-sync\",\"--disable-dev-shm-usage\",\"--hide-scrollbars\",\"--user-data-dir=$profile\"]}}}}"
	sid=$(printf '%s' "$output" | sed -n 's/.*"sessionId":"\([^"]*\)".*/\1/p')
	[ -n "$sid" ] || { echo "no session: $output" >&2; return 1; }
}

# end_session: the session of $sid closed (its browser ends); for a
# teardown, after a test that failed half-way.
end_session() {
	[ -n "${sid:-}" ] && wd DELETE "/session/$sid"
	sid=
	true
}

stop_driver() {
	[ -e "$BATS_FILE_TMPDIR/driver.pid" ] &&
	    kill "$(cat "$BATS_FILE_TMPDIR/driver.pid")" 2>/dev/null
	true
}
