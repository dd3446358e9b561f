#!/usr/bin/env bats
# make demo, the short story (examples/demo.sh --small): it runs once for
# the suite, and each test checks one part of what it must show; then
# examples/cron/monitor.sh's promises on the demo's own home.

load helper
load demo/story

setup_file() {
	export DEMO=$BATS_FILE_TMPDIR/demo DEMO_OUT=$BATS_FILE_TMPDIR/demo.out
	st=0
	sh "$MLO_TOP/examples/demo.sh" --small "$DEMO" >"$DEMO_OUT" 2>&1 || st=$?
	echo $st >"$BATS_FILE_TMPDIR/demo.status"
}

setup() {
	work_dir
	story_v1
}

@test "the demo exits 0 and tells every step, ending with its work directory" {
	[ "$(cat "$BATS_FILE_TMPDIR/demo.status")" = 0 ] || cat "$DEMO_OUT" >&2
	[ "$(cat "$BATS_FILE_TMPDIR/demo.status")" = 0 ]
	story_steps
}

@test "the history and every batch hold the contract" {
	story_history_holds
}

@test "the frozen channel is caught as stuck, on its engine, and resolves" {
	story_stuck_caught
}

@test "the recalibrated sensor is caught as drift and prediction_drift, and resolves" {
	story_recalibration_caught
}

@test "real vibration: a failing FEMTO bearing drifts, healthy IMS bearings do not" {
	story_bearings
}

@test "three technicians saying wrong raise the feedback alert on version 1" {
	story_feedback_alert
}

@test "the gate promoted version 1, then decided on the retrain; the ledger holds" {
	story_gate_decided
}

@test "live predictions carry the model_version of the registry's meta.json" {
	story_predictions_versioned
	[ "$(jq -r .id "$DEMO/models/versions/$v1/meta.json")" = "$v1" ]
}

@test "performance: estimated live, realised when the labels came, charted on the page" {
	story_performance
}

@test "the report: layers amber while the faults fire, green after; the impact; Prometheus; HTML when there" {
	story_report
}

# A home of monitor.sh made from the demo's: the same contract, spec,
# model and reference, with the state of the end of the stream.
monitor_home() {
	cp -R "$DEMO/home" "$DEMO/models" "$DEMO/reference.profile" .
	export MLO_HOME=$PWD/home MLO_INBOX=$PWD/home/inbox \
	    MLO_REGISTRY=$PWD/models MLO_REFERENCE=$PWD/reference.profile \
	    MLO_CONTRACT=$MLO_TOP/contracts/cmapss-fd001.yaml \
	    MLO_FEATURES=$MLO_TOP/examples/features/cmapss.yaml \
	    MLO_DRIFT_OPTIONS='--window 300 --effect-floor 0.4' \
	    MLO_EVENTS=$PWD/events.ndjson MLO_PREDICTIONS=$PWD/predictions.csv \
	    MLO_DRIFT=$PWD/drift.csv MLO_REJECTS=$PWD/rejects.csv MLO_NOW=$NOW
	# the next cycle of three engines of the demo's fleet
	gzip -dc "$MLO_TOP/data/cmapss/train_FD001.txt.gz" |
	    awk '($1 == 90 && $2 == 1) || ($1 == 91 && $2 == 1) || ($1 == 92 && $2 == 1)' \
	    >home/inbox/next.txt
}

@test "monitor.sh: a batch whose step fails is kept whole: state untouched, batch left" {
	monitor_home
	( cd home/state && cksum * ) >before
	MLO_PREDICT=false run --separate-stderr "$MLO_TOP/examples/cron/monitor.sh"
	assert_failure 2
	assert_stderr "monitor.sh: next.txt: predict failed"
	( cd home/state && cksum * ) >after
	cmp before after
	[ -f home/inbox/next.txt ]
	[ ! -e predictions.csv ]
	[ -z "$(ls -d home/work.* 2>/dev/null)" ]
	run --separate-stderr "$MLO_TOP/examples/cron/monitor.sh"
	assert_success
	[[ "$stderr" =~ ^monitor.sh:\ next.txt:\ 3\ rows\ scored ]]
	[ ! -e home/inbox/next.txt ] && [ -f home/done/next.txt ]
	[ "$(wc -l <predictions.csv)" -eq 4 ]
	! cmp -s before <(cd home/state && cksum *)
}

@test "monitor.sh: a second run at once finds the lock and leaves the inbox" {
	monitor_home
	flock home/monitor.lock sleep 3 &
	sleep 0.5
	run --separate-stderr "$MLO_TOP/examples/cron/monitor.sh"
	assert_success
	assert_stderr "monitor.sh: another run holds $MLO_HOME/monitor.lock: leaving the inbox to it"
	[ -f home/inbox/next.txt ]
	wait
}

@test "monitor.sh: no production model yet is trouble, said plainly" {
	monitor_home
	rm -rf models
	run --separate-stderr "$MLO_TOP/examples/cron/monitor.sh"
	assert_failure 2
	assert_stderr "monitor.sh: no production model in $PWD/models yet (run retrain.sh first)"
}

# fake_report: an mlo-report first on PATH that prints its arguments.
fake_report() {
	mkdir -p fake
	printf '#!/bin/sh\necho "mlo-report $*"\n' >fake/mlo-report
	chmod +x fake/mlo-report
	PATH=$PWD/fake:$PATH
}

@test "report.sh: gives mlo-report the inputs that exist, for the format asked" {
	fake_report
	export MLO_HOME=$PWD/home MLO_NOW=$NOW MLO_PROM=$PWD/mlo.prom
	run --separate-stderr "$MLO_TOP/examples/cron/report.sh" prometheus
	assert_success
	assert_output "mlo-report --format prometheus -o $PWD/mlo.prom --period 7d --now $NOW $PWD/home/events.ndjson"
	mkdir -p home/models
	touch home/models/ledger.ndjson home/feedback.ndjson home/predictions.csv home/outcomes.csv
	run --separate-stderr "$MLO_TOP/examples/cron/report.sh" text
	assert_success
	assert_output "mlo-report --format text -o - --period 7d --now $NOW --ledger $PWD/home/models/ledger.ndjson --feedback $PWD/home/feedback.ndjson --impact --predictions $PWD/home/predictions.csv --outcomes $PWD/home/outcomes.csv $PWD/home/events.ndjson"
	MLO_LEAD=30s..15m run --separate-stderr "$MLO_TOP/examples/cron/report.sh" text
	assert_success
	assert_output "mlo-report --format text -o - --period 7d --now $NOW --ledger $PWD/home/models/ledger.ndjson --feedback $PWD/home/feedback.ndjson --impact --predictions $PWD/home/predictions.csv --outcomes $PWD/home/outcomes.csv --lead 30s..15m $PWD/home/events.ndjson"
	# the lead window only goes with the impact
	rm home/outcomes.csv
	MLO_LEAD=30s..15m run --separate-stderr "$MLO_TOP/examples/cron/report.sh" text
	assert_output "mlo-report --format text -o - --period 7d --now $NOW --ledger $PWD/home/models/ledger.ndjson --feedback $PWD/home/feedback.ndjson $PWD/home/events.ndjson"
	# the buckets of the charts, when asked
	MLO_BUCKET=10m run --separate-stderr "$MLO_TOP/examples/cron/report.sh" text
	assert_output "mlo-report --format text -o - --period 7d --now $NOW --ledger $PWD/home/models/ledger.ndjson --feedback $PWD/home/feedback.ndjson --bucket 10m $PWD/home/events.ndjson"
}

@test "report.sh: a bad format is a usage error; a held lock makes it leave" {
	fake_report
	export MLO_HOME=$PWD/home
	run --separate-stderr "$MLO_TOP/examples/cron/report.sh" pdf
	assert_failure 2
	assert_stderr "usage: report.sh text | html | prometheus"
	mkdir -p home
	flock home/report-html.lock sleep 3 &
	sleep 0.5
	run --separate-stderr "$MLO_TOP/examples/cron/report.sh" html
	assert_success
	assert_output ""
	assert_stderr "report.sh: another run holds $PWD/home/report-html.lock: leaving it to finish"
	wait
}
