#!/usr/bin/env bats
# examples/cron/retrain.sh with the example model (examples/model/logreg): a first run promotes,
# a later one compares with production, two at once do not collide (flock),
# and a failed run leaves an event and nothing a later run trips on.

load helper

setup() {
	work_dir
	export MLO_HOME=$PWD/home MLO_HISTORY=$PWD/history.csv
	export MLO_POLICY=$MLO_TOP/examples/cron/policy.yaml
	export MLO_NOW=2026-11-01T02:30:00Z MODEL_FEATURES=x
	# 3000 readings over eight months; a failure when x runs high.
	awk 'BEGIN {
		srand(7); print "id,ts,asset_type,x,label"
		for (i = 0; i < 3000; i++) {
			t = 1793500000 - 240 * 86400 + i * 6912
			x = sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand())
			n = sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand())
			printf "r%d,%s,%s,%.4f,%d\n", i, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1),
			    (i % 3 == 0) ? "fan" : (i % 3 == 1) ? "pump" : "valve",
			    x, (x + 0.2 * n > 1.5)
		}
	}' >history.csv
}

retrain() {
	run --separate-stderr "$MLO_TOP/examples/cron/retrain.sh"
}

@test "a first run promotes the candidate and leaves a gate event and a ledger line" {
	retrain
	assert_success
	[[ "$stderr" =~ retrain.sh:\ promoted:\ versions/20261101T023000Z-[0-9a-f]{8}$ ]]
	[ "$(jq -r '[.kind, .decision] | join(" ")' home/events.ndjson)" = "gate promote" ]
	[ "$(jq -r '[.data[].role] | join(" ")' home/models/ledger.ndjson)" = "training training candidate" ]
	[ -z "$(ls -d home/work.* 2>/dev/null)" ]
}

@test "a second run judges the candidate against production" {
	retrain
	assert_success
	MLO_NOW=2026-12-01T02:30:00Z retrain
	assert_success
	run jq -r -s '.[1] | [.decision, (.production_before != null), (.metrics.production.auc != null)] | map(tostring) | join(" ")' home/models/ledger.ndjson
	assert_output 'promote true true'
}

@test "two runs at once: the second finds the lock and leaves" {
	printf '#!/bin/sh\ntouch training\nsleep 2\nexec "%s" train "$@"\n' \
	    "$MLO_TOP/examples/model/logreg" >slow-train
	chmod +x slow-train
	MLO_TRAIN=$PWD/slow-train "$MLO_TOP/examples/cron/retrain.sh" \
	    2>first.err &
	i=0
	while [ ! -e training ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	retrain
	assert_success
	assert_stderr "retrain.sh: another run holds $MLO_HOME/retrain.lock: leaving it to finish"
	wait $!
	[ "$(wc -l <home/models/ledger.ndjson)" -eq 1 ]
}

@test "a failed run leaves a retrain_failed event, and the next run goes through" {
	MLO_TRAIN=false retrain
	assert_failure 2
	assert_stderr "retrain.sh: training failed"
	run jq -r '[.tool, .kind, .severity, .layer, .step] | join(" ")' home/events.ndjson
	assert_output 'retrain.sh retrain_failed critical lifecycle training'
	[ ! -e home/models ]
	mkdir home/work.killed	# as a run killed by SIGKILL would leave it
	retrain
	assert_success
	[ ! -e home/work.killed ]
	[ -L home/models/production ]
}
