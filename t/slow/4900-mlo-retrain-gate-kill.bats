#!/usr/bin/env bats
# mlo-retrain-gate killed with SIGKILL at many points of a promotion: after
# every kill, production is absent or points at a complete version (every
# file of the model and meta.json), the ledger's chain holds (a torn last
# line at most), and the next run goes through and cleans up.

MLO_TOP=${MLO_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
load ../helper

GDATA=$MLO_TOP/t/data/gate
POINTS=${MLO_KILL_POINTS:-100}

setup() {
	work_dir
	cp "$GDATA/gen-cand.csv" cand.csv
	cp "$GDATA/gen-prod.csv" prod.csv
	cp "$GDATA/policy.yaml" policy.yaml
	mkdir -p model/layers
	# 120 files of 64 KiB: a copy long enough to be killed inside.
	for i in $(seq 1 120); do
		head -c 65536 /dev/urandom >"model/layers/w$i.bin"
	done
}

ARGS="-q -p policy.yaml --candidate cand.csv --production prod.csv
    --registry models --model-dir model --resamples 50 -o /dev/null"

promote() {
	# shellcheck disable=SC2086
	mlo-retrain-gate $ARGS
}

# consistent: production, when there is one, is a complete version.
consistent() {
	local v
	if [ -L models/production ]; then
		v=models/$(readlink models/production)
		[ -f "$v/meta.json" ] || { echo "no meta.json in $v"; return 1; }
		diff -r -x meta.json "$v" "versions.expected/$(basename "$v")" ||
		    { echo "$v differs from what was promoted"; return 1; }
	fi
	run mlo-retrain-gate --registry models --verify
	# 0: intact; 2: a torn last line, which the next append ends.
	[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || { echo "$output"; return 1; }
	[ "$status" -eq 0 ] || [[ "$stderr" != *"hash chain breaks"* ]]
}

@test "SIGKILL at $POINTS points of a promotion leaves production complete" {
	mkdir versions.expected
	t0=$(date +%s%N)
	promote
	t1=$(date +%s%N)
	span=$(( (t1 - t0) / 1000 ))	# microseconds
	cp -r "models/versions/$(basename "$(readlink models/production)")" \
	    versions.expected/
	for k in $(seq 1 "$POINTS"); do
		echo "round $k" >model/round.txt
		# What this round would promote, to compare with afterwards.
		# A simple command in the background: $! is the gate itself.
		# shellcheck disable=SC2086
		mlo-retrain-gate $ARGS &
		pid=$!
		delay=$((span * k / POINTS))
		sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		for v in models/versions/*; do
			[ -d "versions.expected/$(basename "$v")" ] && continue
			mkdir "versions.expected/$(basename "$v")"
			cp -r model/. "versions.expected/$(basename "$v")/"
		done
		consistent
	done
	# The next run goes through and leaves nothing half done.
	echo "final" >model/round.txt
	promote
	[ -z "$(ls -A models/versions | grep '^\.tmp-')" ]
	run mlo-retrain-gate --registry models --verify
	[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
	[ -f "models/$(readlink models/production)/meta.json" ]
}
