#!/usr/bin/env bats
# Load: 16 processes of each appending program at once on the same files
# (mlo-validate's events and rejects, mlo-features' and mlo-drift's
# events, mlo-retrain-gate's registry and ledger; mlo-feedback's is
# t/slow/5901), and mlo-feedback cgi behind
# lighttpd under 10,000 requests from ab(1): every accepted request is one
# intact line, every refused one leaves nothing.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

SECRET=0123456789abcdef-load-secret
P=B-0042@2026-11-25T19:00:00Z
N=${MLO_LOAD_REQUESTS:-10000}

@test "16 mlo-validate runs at once append whole events and rejects, none lost" {
	printf '%s\n' "$SENSOR_HEADER" \
	    '2026-11-25T20:00:00Z,B-0001,12.5,41.0,3,true,ok,x' \
	    '2026-11-25T20:00:30Z,B-0001,zz,41.0,3,true,ok,x' \
	    '2026-11-25T20:01:00Z,B-0001,,41.0,3,true,bad,x' >in.csv
	mlo-validate -q -c "$VDATA/sensor.yaml" -e one.ndjson --rejects one.csv \
	    --now "$NOW" in.csv >/dev/null || true
	ev=$(wc -l <one.ndjson) rej=$(($(wc -l <one.csv) - 1))
	[ "$ev" -gt 0 ] && [ "$rej" -gt 0 ]
	for i in $(seq 16); do
		mlo-validate -q -c "$VDATA/sensor.yaml" -e ev.ndjson \
		    --rejects rej.csv --now "$NOW" in.csv >/dev/null &
	done
	wait
	assert_equal "$(wc -l <ev.ndjson)" $((16 * ev))
	jq -e -c . ev.ndjson >/dev/null
	# One header, then every rejected row of every run.
	assert_equal "$(wc -l <rej.csv)" $((16 * rej + 1))
	assert_equal "$(grep -c '^ts,' rej.csv)" 1
}

@test "16 gate runs at once on one registry: 16 ledger records, chain intact" {
	mkdir model && echo weights >model/w.bin
	for i in $(seq 16); do
		mlo-retrain-gate -q --resamples 50 -p "$MLO_TOP/t/data/gate/policy.yaml" \
		    --candidate "$MLO_TOP/t/data/gate/gen-cand.csv" \
		    --production "$MLO_TOP/t/data/gate/gen-prod.csv" \
		    --registry models --model-dir model -o /dev/null &
	done
	wait
	assert_equal "$(wc -l <models/ledger.ndjson)" 16
	run mlo-retrain-gate --registry models --verify
	assert_success
	[ -f "models/$(readlink models/production)/meta.json" ]
	cmp model/w.bin "models/$(readlink models/production)/w.bin"
}

@test "16 mlo-features and 16 mlo-drift runs at once append whole events to one file" {
	printf 'features: t\nversion: 1\ntime: ts\nentity: asset_id\ncolumns:\n  - {name: m, from: x, window: 2, stat: mean, min_periods: 1}\n' >s.yaml
	{ echo ts,asset_id,x
	  for i in $(seq 200); do
		printf '2026-01-01T00:%02d:%02dZ,a,%s\n' $((i / 60)) $((i % 60)) \
		    "$([ $((i % 7)) -eq 0 ] && echo bad || echo $i)"
	  done; } >d.csv
	awk 'BEGIN { srand(1); print "x,y"
	    for (i = 0; i < 2000; i++) printf "%.4f,%.4f\n", rand(), rand() }' >ref.csv
	awk 'BEGIN { srand(2); print "x,y"
	    for (i = 0; i < 2000; i++) printf "%.4f,%.4f\n", rand() + (i > 1000 && i <= 1500), rand() }' >cur.csv
	mlo-drift profile -o ref.profile ref.csv
	mlo-features -q -s s.yaml -e fone.ndjson --now "$NOW" d.csv >/dev/null
	mlo-drift compare -q -r ref.profile --window 500 -e done.ndjson \
	    --now "$NOW" cur.csv >/dev/null || true
	fe=$(wc -l <fone.ndjson) de=$(wc -l <done.ndjson)
	[ "$fe" -gt 0 ] && [ "$de" -gt 1 ]
	for i in $(seq 16); do
		mlo-features -q -s s.yaml -e ev.ndjson --now "$NOW" d.csv >/dev/null &
		mlo-drift compare -q -r ref.profile --window 500 -e ev.ndjson \
		    --now "$NOW" cur.csv >/dev/null &
	done
	wait
	assert_equal "$(wc -l <ev.ndjson)" $((16 * (fe + de)))
	jq -e -c . ev.ndjson >/dev/null
	# Every line is one of the single runs' lines, each 16 times.
	assert_equal "$(sort ev.ndjson | uniq -c | awk '$1 != 16' | wc -l)" 0
	assert_equal "$(sort -u ev.ndjson)" "$(sort -u fone.ndjson done.ndjson)"
}

setup_server() {
	local dir=$1 port
	command -v ab >/dev/null || return 0
	LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
	[ -x "$LIGHTTPD" ] || return 0
	mkdir -p "$dir/www/cgi-bin" "$dir/data"
	printf '#!/bin/sh\nexec %s/bin/mlo-feedback cgi\n' "$MLO_TOP" \
	    >"$dir/www/cgi-bin/feedback"
	chmod 755 "$dir/www/cgi-bin/feedback"
	printf 'log = %s/data/feedback.ndjson\nsecret = %s\n' "$dir" \
	    "$SECRET" >"$dir/data/feedback.conf"
	for _ in 1 2 3 4 5; do
		port=$((20000 + (RANDOM % 20000)))
		cat >"$dir/lighttpd.conf" <<CONF
server.document-root = "$dir/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$dir/error.log"
server.max-request-size = 2048
server.max-connections = 64
server.modules = ( "mod_setenv", "mod_cgi" )
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
			return 0
		fi
		kill "$(cat "$dir/server.pid")" 2>/dev/null
		wait "$(cat "$dir/server.pid")" 2>/dev/null
	done
}

teardown() {
	[ -e "$BATS_TEST_TMPDIR/srv/server.pid" ] &&
	    kill "$(cat "$BATS_TEST_TMPDIR/srv/server.pid")" 2>/dev/null
	true
}

@test "mlo-feedback cgi under $N requests, 16 at a time: one intact line per accepted one" {
	setup_server "$BATS_TEST_TMPDIR/srv"
	[ -e "$BATS_TEST_TMPDIR/srv/port" ] ||
	    skip "ab or lighttpd is not installed (apt-get install apache2-utils lighttpd)"
	port=$(cat "$BATS_TEST_TMPDIR/srv/port")
	log=$BATS_TEST_TMPDIR/srv/data/feedback.ndjson
	tok=$(printf 'mlo-feedback-token:1:%s' "$P" |
	    openssl dgst -sha256 -hmac "$SECRET" | sed 's/.* //')
	printf 'id=B-0042%%402026-11-25T19%%3A00%%3A00Z&token=%s&verdict=wrong&technician=T-7' \
	    "$tok" >good.body
	printf 'id=B-0042%%402026-11-25T19%%3A00%%3A00Z&token=%s&verdict=wrong&technician=T-7' \
	    "$(printf '%064d' 0)" >bad.body
	# Refused requests (a wrong token) first: the log stays empty.
	run ab -q -n 1000 -c 16 -p bad.body -T application/x-www-form-urlencoded \
	    -H "Origin: http://127.0.0.1:$port" "http://127.0.0.1:$port/cgi-bin/feedback"
	assert_success
	[[ "$output" == *"Non-2xx responses:      1000"* ]]
	[ ! -s "$log" ]
	run ab -q -n "$N" -c 16 -p good.body -T application/x-www-form-urlencoded \
	    -H "Origin: http://127.0.0.1:$port" "http://127.0.0.1:$port/cgi-bin/feedback"
	assert_success
	echo "$output" | grep -E 'Requests per second|Failed requests|Non-2xx|Time per request' >&3
	failed=$(echo "$output" | sed -n 's/^Failed requests: *//p')
	non2xx=$(echo "$output" | sed -n 's/^Non-2xx responses: *//p')
	accepted=$((N - failed - ${non2xx:-0}))
	[ "$accepted" -gt 0 ]
	assert_equal "$(wc -l <"$log")" "$accepted"
	assert_equal "$(grep -c -v '^{"time":"[^"]*","prediction_id":"B-0042@2026-11-25T19:00:00Z",.*"technician":"T-7",.*"source":"web"}$' "$log")" 0
}
