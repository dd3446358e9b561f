#!/usr/bin/env bats
# mlo-feedback cgi behind a real web server: Debian's lighttpd on
# 127.0.0.1 runs the CGI; Debian's chromium, driven through
# chromium-driver's WebDriver HTTP API with curl, opens a prediction's
# page and clicks "wrong"; curl posts forged, oversize and hostile bodies.
# Only loopback addresses.  Needs: lighttpd, chromium, chromium-driver,
# curl, openssl (skipped, saying so, when one is missing).

# t/run exports MLO_TOP; for a bare "bats t/slow/FILE" it is two levels up.
MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper
load webdriver

P=B-0042@2026-11-25T19:00:00Z
PQ=B-0042%402026-11-25T19%3A00%3A00Z
SECRET=0123456789abcdef-browser-secret

setup_file() {
	local dir=$BATS_FILE_TMPDIR port i

	# make check-slow installs it (t/deps slow) when it can
	export LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
	[ -x "$LIGHTTPD" ] || return 0
	mkdir -p "$dir/www/cgi-bin" "$dir/data"
	printf '#!/bin/sh\nexec %s/bin/mlo-feedback cgi\n' "$MLO_TOP" \
	    >"$dir/www/cgi-bin/feedback"
	chmod 755 "$dir/www/cgi-bin/feedback"
	printf '%s\n' 'prediction_id,asset,model_version,score,prediction' \
	    "$P,B-0042,v3,0.91,1" >"$dir/data/pred.csv"
	printf 'log = %s/data/feedback.ndjson\nsecret = %s\npredictions = %s/data/pred.csv\n' \
	    "$dir" "$SECRET" "$dir" >"$dir/data/feedback.conf"
	for i in 1 2 3 4 5; do
		port=$((20000 + (RANDOM % 20000)))
		cat >"$dir/lighttpd.conf" <<CONF
server.document-root = "$dir/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$dir/error.log"
server.pid-file = "$dir/lighttpd.pid"
server.modules = ( "mod_setenv", "mod_cgi" )
server.max-request-size = 2048
setenv.add-environment = ( "MLO_FEEDBACK_CONFIG" => "$dir/data/feedback.conf" )
\$HTTP["url"] =~ "^/cgi-bin/" { cgi.assign = ( "" => "" ) }
CONF
		"$LIGHTTPD" -D -f "$dir/lighttpd.conf" 2>>"$dir/error.log" &
		echo $! >"$dir/server.pid"
		for _ in $(seq 50); do
			curl -s -o /dev/null "http://127.0.0.1:$port/" && break
			sleep 0.1
		done
		if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
			echo "$port" >"$dir/port"
			break
		fi
		kill "$(cat "$dir/server.pid")" 2>/dev/null
		wait "$(cat "$dir/server.pid")" 2>/dev/null
	done
}

teardown_file() {
	local dir=$BATS_FILE_TMPDIR

	stop_driver
	[ -e "$dir/server.pid" ] && kill "$(cat "$dir/server.pid")" 2>/dev/null
	true
}

setup() {
	work_dir
	[ -e "$BATS_FILE_TMPDIR/port" ] ||
	    skip "lighttpd is not installed (apt-get install lighttpd)"
	PORT=$(cat "$BATS_FILE_TMPDIR/port")
	URL=http://127.0.0.1:$PORT/cgi-bin/feedback
	LOG=$BATS_FILE_TMPDIR/data/feedback.ndjson
}

# token ID: the form's token for ID.
token() {
	printf 'mlo-feedback-token:1:%s' "$1" |
	    openssl dgst -sha256 -hmac "$SECRET" | sed 's/.* //'
}

@test "chromium opens a prediction's page and a click on 'wrong' saves the verdict" {
	start_driver
	new_session
	wd POST "/session/$sid/url" "{\"url\":\"$URL?id=$P\"}"
	wd GET "/session/$sid/title"
	assert_output --partial '"value":"Prediction"'
	element 'input[name=technician]'
	wd POST "/session/$sid/element/$eid/value" '{"text":"T42"}'
	element 'textarea[name=note]'
	wd POST "/session/$sid/element/$eid/value" '{"text":"bearing sounded fine"}'
	element '#wrong'
	wd POST "/session/$sid/element/$eid/click" '{}'
	for _ in $(seq 50); do
		wd GET "/session/$sid/title"
		case $output in *'"value":"Saved"'*) break ;; esac
		sleep 0.1
	done
	case $output in *Saved*) ;; *) wd GET "/session/$sid/source"; echo "$output" >&2 ;; esac
	assert_output --partial '"value":"Saved"'
	element '#saved'
	wd GET "/session/$sid/element/$eid/text"
	assert_output --partial "wrong for prediction $P by T42. Thank you."
	wd DELETE "/session/$sid"
	run tail -n 1 "$LOG"
	assert_output --regexp '^\{"time":"[0-9T:.-]+Z","prediction_id":"B-0042@2026-11-25T19:00:00Z","asset":"B-0042","model_version":"v3","verdict":"wrong","technician":"T42","note":"bearing sounded fine","source":"web"\}$'
}

@test "forged, oversize and hostile posts to the real server leave the log unchanged" {
	touch "$LOG"
	cp "$LOG" before
	tok=$(token "$P")
	form=application/x-www-form-urlencoded
	# code BODY [CURL ARGS...]: the status code of posting BODY.
	code() {
		local body=$1

		shift
		curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $form" \
		    --data-binary "$body" "$@" "$URL"
	}
	assert_equal "$(code "id=$PQ&verdict=wrong&technician=T1")" 403
	assert_equal "$(code "id=$PQ&token=$(token B-0043)&verdict=wrong&technician=T1")" 403
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=T1" -H 'Origin: http://evil.example')" 403
	assert_equal "$(code "id=$PQ&token=$tok&verdict=%3Cscript%3E&technician=T1")" 400
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=%22%27%3E%3Cscript%3E")" 400
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=T1%0D%0AX")" 400
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=T1%00")" 400
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=T1&note=%ZZ")" 400
	assert_equal "$(code "id=$PQ&token=$tok&verdict=wrong&technician=T1&note=$(printf 'x%.0s' $(seq 501))")" 400
	head -c 9000 /dev/zero | tr '\0' a >big
	assert_equal "$(curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $form" --data-binary @big "$URL")" 413
	head -c 1048576 /dev/zero | tr '\0' a >huge
	assert_equal "$(curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $form" --data-binary @huge "$URL")" 413
	assert_equal "$(curl -s -o /dev/null -w '%{http_code}' -X PUT --data x "$URL")" 405
	assert_equal "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data x "$URL")" 415
	cmp "$LOG" before
	# and a good one still goes through
	assert_equal "$(code "id=$PQ&token=$tok&verdict=right&technician=T1" -H "Origin: http://127.0.0.1:$PORT")" 200
	assert_equal "$(wc -l <"$LOG")" "$(($(wc -l <before) + 1))"
}

@test "the page served has the Content-Security-Policy header" {
	run curl -s -D - -o /dev/null "$URL?id=$PQ"
	assert_output --partial "Content-Security-Policy: default-src 'none'"
	assert_output --partial 'HTTP/1.1 200 OK'
}
