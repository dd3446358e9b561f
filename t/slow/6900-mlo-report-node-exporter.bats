#!/usr/bin/env bats
# mlo-report -f prometheus read back through Debian's
# prometheus-node-exporter: its textfile collector picks up the file that
# mlo-report wrote atomically into the directory, serves the mlo metrics
# on /metrics (127.0.0.1, a free port), and reports no scrape error.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

EXPORTER=prometheus-node-exporter

setup() {
	work_dir
	command -v "$EXPORTER" >/dev/null ||
	    skip "prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)"
	command -v curl >/dev/null || skip "curl is not installed (apt-get install curl)"
	mkdir textfile
	cat >events.ndjson <<-'E'
	{"v":1,"time":"2026-11-25T10:00:00Z","tool":"mlo-validate","kind":"sustained","state":"firing","severity":"critical","layer":"integrity","contract":"pump@1.0.0","column":"flow","entity":"P1","value":453.5,"message":"'flow' outside normal"}
	{"v":1,"time":"2026-11-25T12:00:00Z","tool":"mlo-drift","kind":"drift","state":"firing","severity":"warning","layer":"model","column":"vib","value":0.31,"message":"psi 0.31 > 0.2"}
	E
}

teardown() {
	[ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	return 0
}

# start_exporter: node_exporter with only the textfile collector on a free
# port of 127.0.0.1; PORT and PID set.  A port taken by another program
# makes the exporter exit at once: try another.
start_exporter() {
	local try i

	for try in 1 2 3 4 5 6 7 8 9 10; do
		PORT=$((20000 + (RANDOM * 7 + $$ + try) % 40000))
		"$EXPORTER" --collector.disable-defaults --collector.textfile \
		    --collector.textfile.directory="$PWD/textfile" \
		    --web.listen-address="127.0.0.1:$PORT" \
		    >exporter.log 2>&1 &
		PID=$!
		for i in $(seq 1 50); do
			if curl -fsS "http://127.0.0.1:$PORT/metrics" \
			    -o /dev/null 2>/dev/null; then
				return 0
			fi
			kill -0 "$PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		PID=
	done
	cat exporter.log >&2
	return 1
}

@test "node_exporter's textfile collector serves mlo-report's metrics" {
	run --separate-stderr mlo-report --now "$NOW" -f prometheus \
	    --entity-labels 3 -o textfile events.ndjson
	assert_failure 1
	[ "$(ls -A textfile)" = mlo.prom ]
	start_exporter
	run curl -fsS "http://127.0.0.1:$PORT/metrics"
	assert_success
	assert_line 'mlo_layer_status{layer="integrity"} 2'
	assert_line 'mlo_layer_status{layer="model"} 1'
	assert_line 'mlo_entity_status{entity="P1"} 2'
	# the exporter gives every series of a family the same labels
	assert_line 'mlo_event_value{column="vib",contract="",kind="drift",layer="model",tool="mlo-drift"} 0.31'
	assert_line '# TYPE mlo_events_total counter'
	# the collector read the file without an error
	assert_line 'node_textfile_scrape_error 0'
	assert_line --regexp '^node_textfile_mtime_seconds\{file="[^"]*mlo.prom"\} '
}

@test "a new report replaces the file while the exporter reads it" {
	mlo-report --now "$NOW" -f prometheus -o textfile events.ndjson || [ $? -eq 1 ]
	start_exporter
	run curl -fsS "http://127.0.0.1:$PORT/metrics"
	assert_line 'mlo_layer_status{layer="integrity"} 2'
	printf '%s\n' '{"v":1,"time":"2026-11-25T13:00:00Z","tool":"mlo-validate","kind":"sustained","state":"resolved","severity":"critical","layer":"integrity","contract":"pump@1.0.0","column":"flow","entity":"P1","message":"back"}' >>events.ndjson
	for i in $(seq 1 20); do
		mlo-report --now "$NOW" -f prometheus -o textfile events.ndjson || [ $? -le 1 ]
		curl -fsS "http://127.0.0.1:$PORT/metrics" >m.txt
		grep -q '^node_textfile_scrape_error 0$' m.txt
	done
	run grep '^mlo_layer_status{layer="integrity"}' m.txt
	assert_output 'mlo_layer_status{layer="integrity"} 0'
	[ "$(ls -A textfile)" = mlo.prom ]
}
