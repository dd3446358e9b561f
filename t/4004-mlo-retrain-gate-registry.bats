#!/usr/bin/env bats
# mlo-retrain-gate: the registry (versions, production link, meta.json),
# the ledger (fields, hash chain, torn lines), --rollback, --history,
# --verify, --dry-run, and eight gates at once on one registry.

load helper

GDATA=$MLO_TOP/t/data/gate

setup() {
	work_dir
	mkdir -p build/model/sub
	echo 'weights v1' >build/model/weights.bin
	echo 'config' >build/model/sub/config.json
	cp "$GDATA/gen-cand.csv" cand.csv
	cp "$GDATA/gen-prod.csv" prod.csv
	cp "$GDATA/policy.yaml" policy.yaml
}

# gate ARGS...: at the fixed now, with fewer resamples than the default:
# the registry, not the interval, is under test here.
gate() {
	run --separate-stderr mlo-retrain-gate --now "${GATE_NOW:-$NOW}" \
	    --resamples 100 "$@"
}

# promote [NOW]: a promotion of build/model into models/.
promote() {
	GATE_NOW=${1:-$NOW} gate -q -p policy.yaml --candidate cand.csv \
	    --production prod.csv --registry models --model-dir build/model
}

# reject: a rejected candidate (production's predictions as candidate).
reject() {
	gate -q -p policy.yaml --candidate prod.csv --production cand.csv \
	    --registry models --model-dir build/model
}

@test "a promotion copies the model into versions/ID and points production at it" {
	promote
	assert_success
	id=$(readlink models/production)
	[[ "$id" =~ ^versions/20261125T200000Z-[0-9a-f]{8}$ ]]
	diff build/model/weights.bin "models/$id/weights.bin"
	diff build/model/sub/config.json "models/$id/sub/config.json"
	[ -f "models/$id/meta.json" ]
	run ls -A models/versions
	assert_output "${id#versions/}"
}

@test "meta.json names the id, metrics, data, feature_set and contract" {
	printf 'x,feature_set\n1,bearing@3#0123abcd\n2,bearing@3#0123abcd\n' >train.csv
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir build/model --data train.csv \
	    --contract bearing-vibration@1.2.0
	assert_success
	id=$(readlink models/production)
	run jq -r '[.id == .model_version, .metrics.auc, .rows, .data[0].role, .data[0].rows, .feature_set, .contract] | @tsv' "models/$id/meta.json"
	assert_output "$(printf 'true\t0.9623831453162734\t3000\ttraining\t2\tbearing@3#0123abcd\tbearing-vibration@1.2.0')"
	[ "$(jq -r .id "models/$id/meta.json")" = "${id#versions/}" ]
}

@test "a meta.json in the model directory is replaced by the registry's" {
	echo '{"id":"mine"}' >build/model/meta.json
	promote
	assert_success
	[ "$(jq -r .id models/production/meta.json)" != mine ]
}

@test "the ledger line has every field the issue asks for" {
	printf 'x\n1\n' >train.csv
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir build/model --data train.csv \
	    --contract c@1
	assert_success
	run jq -r 'keys_unsorted | join(" ")' models/ledger.ndjson
	assert_output 'v time tool decision policy policy_file task candidate production_before production failed rules metrics rows positives resamples seed cluster data feature_set contract artifact_xxh128 mlo_version host prev_sha256'
	run jq -r '[.time, .decision, (.rules | length), .rules[4].rule, .rules[4].pass, (.metrics.candidate | keys | length), (.metrics.production.auc), .data[0].role, .data[0].rows, .data[1].role, .data[1].rows, .data[2].role, .contract, .mlo_version, .prev_sha256] | map(tostring) | join(" ")' models/ledger.ndjson
	assert_output '2026-11-25T20:00:00Z promote 9 versus_production.auc.max_drop true 11 0.865411789158243 training 1 candidate 3000 production c@1 0.1.0 null'
	[ "$(jq -r .host models/ledger.ndjson)" = "$(hostname)" ]
}

@test "--data fingerprints are the xxh128 of the file's bytes" {
	: >empty.csv
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir build/model --data empty.csv
	assert_success
	run jq -r '.data[0] | [.file, .xxh128, .rows] | map(tostring) | join(" ")' models/ledger.ndjson
	# XXH3-128 of no bytes, from the xxHash test vectors.
	assert_output 'empty.csv 99aa06d3014798d86001c324468d497f 0'
}

@test "a rejected candidate leaves production as it was and is still recorded" {
	promote
	first=$(readlink models/production)
	echo 'weights v2' >build/model/weights.bin
	reject
	assert_failure 1
	[ "$(readlink models/production)" = "$first" ]
	run ls models/versions
	assert_output "${first#versions/}"
	run jq -r -s '.[1] | [.decision, .production_before, .production, (.candidate != .production)] | map(tostring) | join(" ")' models/ledger.ndjson
	assert_output "reject ${first#versions/} ${first#versions/} true"
}

@test "each line's prev_sha256 is the SHA-256 of the line before it" {
	promote
	reject
	promote 2026-11-26T20:00:00Z
	[ "$(wc -l <models/ledger.ndjson)" -eq 3 ]
	[ "$(sed -n 2p models/ledger.ndjson | jq -r .prev_sha256)" = "$(sed -n 1p models/ledger.ndjson | tr -d '\n' | sha256sum | cut -d' ' -f1)" ]
	[ "$(sed -n 3p models/ledger.ndjson | jq -r .prev_sha256)" = "$(sed -n 2p models/ledger.ndjson | tr -d '\n' | sha256sum | cut -d' ' -f1)" ]
	run mlo-retrain-gate --registry models --verify
	assert_success
	assert_output "models/ledger.ndjson: 3 records, hash chain intact"
}

@test "the same artifact promoted twice in one second gets a second id" {
	promote
	promote
	assert_success
	run ls models/versions
	assert_equal "${#lines[@]}" 2
	[[ "$(readlink models/production)" =~ -2$ ]]
}

@test "with a production in the registry, its predictions are required" {
	promote
	gate -p policy.yaml --candidate cand.csv --registry models --model-dir build/model
	assert_failure 2
	[[ "$stderr" =~ ^mlo-retrain-gate:\ models:\ production\ is\ \'20261125T200000Z-[0-9a-f]{8}\',\ and\ no\ --production\ predictions\ were\ given:\ predict\ the\ holdout\ with\ it\ too$ ]]
}

@test "--dry-run decides without touching the registry" {
	promote
	cp models/ledger.ndjson before.ndjson
	before=$(readlink models/production)
	gate -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir build/model --dry-run
	assert_success
	assert_stderr_line 'decision: promote (9 passed, 0 failed, 0 not applicable), dry run: the registry is untouched'
	cmp before.ndjson models/ledger.ndjson
	[ "$(readlink models/production)" = "$before" ]
	[ "$(ls models/versions | wc -l)" -eq 1 ]
}

@test "--dry-run on a registry yet to be made is a first deployment, and makes nothing" {
	gate -p policy.yaml --candidate cand.csv --registry models --dry-run
	assert_success
	assert_line 'versus_production.auc.max_drop,auc,0.9623831453162734,,,,,0.01,n/a'
	[ ! -e models ]
}

@test "--rollback points production at the version before it and records that" {
	promote
	first=$(readlink models/production)
	echo 'weights v2' >build/model/weights.bin
	promote 2026-11-26T20:00:00Z
	second=$(readlink models/production)
	[ "$first" != "$second" ]
	run --separate-stderr mlo-retrain-gate --registry models --rollback \
	    --now 2026-11-27T08:00:00Z -e events.ndjson
	assert_success
	assert_stderr "models/production: ${second#versions/} -> ${first#versions/}"
	[ "$(readlink models/production)" = "$first" ]
	run jq -r -s '.[2] | [.decision, .production_before, .production] | join(" ")' models/ledger.ndjson
	assert_output "rollback ${second#versions/} ${first#versions/}"
	run jq -r '[.kind, .severity, .layer, .production] | join(" ")' events.ndjson
	assert_output "rollback warning lifecycle ${first#versions/}"
	run mlo-retrain-gate --registry models --verify
	assert_success
}

@test "--rollback with nothing before production is trouble and changes nothing" {
	promote
	first=$(readlink models/production)
	run --separate-stderr mlo-retrain-gate --registry models --rollback
	assert_failure 2
	assert_stderr "mlo-retrain-gate: models/ledger.ndjson: no version before '${first#versions/}' in the ledger: nothing to roll back to"
	[ "$(readlink models/production)" = "$first" ]
	[ "$(wc -l <models/ledger.ndjson)" -eq 1 ]
}

@test "rollbacks go back one promotion at a time" {
	promote 2026-11-01T00:00:00Z
	a=$(readlink models/production)
	echo v2 >build/model/weights.bin
	promote 2026-11-02T00:00:00Z
	b=$(readlink models/production)
	echo v3 >build/model/weights.bin
	promote 2026-11-03T00:00:00Z
	run mlo-retrain-gate -q --registry models --rollback
	assert_success
	[ "$(readlink models/production)" = "$b" ]
	run mlo-retrain-gate -q --registry models --rollback
	assert_success
	[ "$(readlink models/production)" = "$a" ]
}

@test "--history prints the ledger as a table" {
	promote
	reject
	run --separate-stderr mlo-retrain-gate --registry models --history
	assert_success
	id=$(readlink models/production)
	id=${id#versions/}
	assert_line --index 0 --regexp '^time +decision +candidate +production +failed$'
	assert_line --index 1 --regexp "^2026-11-25T20:00:00Z +promote +$id +$id +-$"
	assert_line --index 2 --regexp "^2026-11-25T20:00:00Z +reject +[0-9A-Z]+-[0-9a-f]{8}(-[0-9]+)? +$id +require.recall.min require.cost_per_1000.max versus_production.auc.max_drop"
	run --separate-stderr mlo-retrain-gate --registry models --history -f csv
	assert_line --index 0 'time,decision,candidate,production,failed'
	assert_line --index 1 "2026-11-25T20:00:00Z,promote,$id,$id,"
}

@test "--verify names the line after an edited one" {
	promote
	reject
	promote 2026-11-26T20:00:00Z
	sed -i '2s/"reject"/"promote"/' models/ledger.ndjson
	run --separate-stderr mlo-retrain-gate --registry models --verify
	assert_failure 1
	assert_stderr_line "mlo-retrain-gate: models/ledger.ndjson:3: the hash chain breaks: prev_sha256 is not the SHA-256 of line 2 (line 2 was edited, or lines after it were deleted)"
}

@test "--verify finds a deleted line" {
	promote
	reject
	promote 2026-11-26T20:00:00Z
	sed -i 2d models/ledger.ndjson
	run --separate-stderr mlo-retrain-gate --registry models --verify
	assert_failure 1
	assert_stderr_line "models/ledger.ndjson: 2 records, 1 break in the hash chain, 0 lines not a record"
}

@test "a torn last line is read past with a warning, never rewritten, and the chain goes on" {
	promote
	printf '{"v":1,"time":"2026-11-25T20:0' >>models/ledger.ndjson
	cp models/ledger.ndjson torn.ndjson
	reject
	assert_failure 1
	assert_stderr "mlo-retrain-gate: models/ledger.ndjson:2: torn last line (a run was killed while writing it): read past it, left as it is"
	# The torn bytes are still there, ended by a newline, and a record follows.
	cmp -n "$(wc -c <torn.ndjson)" torn.ndjson models/ledger.ndjson
	[ "$(wc -l <models/ledger.ndjson)" -eq 3 ]
	[ "$(sed -n 3p models/ledger.ndjson | jq -r .prev_sha256)" = "$(sed -n 1p models/ledger.ndjson | tr -d '\n' | sha256sum | cut -d' ' -f1)" ]
}

@test "--verify on a torn ledger is trouble naming the line" {
	promote
	printf '{"v":1,"ti' >>models/ledger.ndjson
	run --separate-stderr mlo-retrain-gate --registry models --verify
	assert_failure 2
	assert_stderr_line "mlo-retrain-gate: models/ledger.ndjson:2: torn last line (a run was killed while writing it)"
	assert_stderr_line "models/ledger.ndjson: 1 records, 0 breaks in the hash chain, 1 line not a record"
}

@test "a registry path that is a file is trouble" {
	echo x >models
	promote
	assert_failure 2
	assert_stderr "mlo-retrain-gate: models: not a directory (the registry is a directory)"
	[ "$(cat models)" = x ]
}

@test "a model directory that does not exist is trouble, before anything is written" {
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir build/nope
	assert_failure 2
	assert_stderr "mlo-retrain-gate: build/nope: No such file or directory"
	[ ! -e models ]
}

@test "a model directory that is a file is trouble" {
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry models --model-dir cand.csv
	assert_failure 2
	assert_stderr "mlo-retrain-gate: cand.csv: not a directory (--model-dir names the directory of the model's files)"
}

@test "a production that is not a link is trouble" {
	mkdir -p models
	echo x >models/production
	promote
	assert_failure 2
	assert_stderr "mlo-retrain-gate: models/production: not a symbolic link (the registry keeps production as a link to versions/ID)"
}

@test "the registry is created when missing, parents too" {
	gate -q -p policy.yaml --candidate cand.csv --production prod.csv \
	    --registry a/b/models --model-dir build/model
	assert_success
	[ -L a/b/models/production ]
	[ -f a/b/models/ledger.ndjson ]
}

@test "what a killed promotion left half done is cleaned up by the next run" {
	promote
	mkdir -p models/versions/.tmp-20261125T200000Z-deadbeef
	echo half >models/versions/.tmp-20261125T200000Z-deadbeef/weights.bin
	ln -s versions/nowhere models/.production.tmp
	reject
	[ ! -e models/versions/.tmp-20261125T200000Z-deadbeef ]
	[ ! -L models/.production.tmp ]
}

@test "eight gates at once on one registry leave it consistent" {
	for i in 1 2 3 4 5 6 7 8; do
		mkdir -p "m$i"
		echo "weights $i" >"m$i/weights.bin"
	done
	for i in 1 2 3 4 5 6 7 8; do
		if [ $((i % 3)) -eq 0 ]; then c=prod.csv p=cand.csv; else c=cand.csv p=prod.csv; fi
		mlo-retrain-gate -q -p policy.yaml --candidate $c --production $p \
		    --resamples 100 --registry models --model-dir "m$i" -e events.ndjson \
		    >"out$i" 2>"err$i" &
	done
	wait
	cat err* >&2
	[ "$(cat err* | wc -c)" -eq 0 ]
	[ "$(wc -l <models/ledger.ndjson)" -eq 8 ]
	[ "$(wc -l <events.ndjson)" -eq 8 ]
	run mlo-retrain-gate --registry models --verify
	assert_success
	# Six promotions, each a complete version; production is the last.
	[ "$(ls models/versions | wc -l)" -eq 6 ]
	[ "$(jq -r 'select(.decision == "promote") | .candidate' models/ledger.ndjson | sort | tr '\n' ' ')" = "$(ls models/versions | tr '\n' ' ')" ]
	last=$(jq -r 'select(.decision == "promote") | .candidate' models/ledger.ndjson | tail -n 1)
	[ "$(readlink models/production)" = "versions/$last" ]
	for v in models/versions/*; do
		[ -f "$v/meta.json" ] && [ -f "$v/weights.bin" ]
	done
	# Each run saw the production the run before it left.
	run jq -r -s 'range(1; length) as $i | (.[$i].production_before == .[$i - 1].production)' models/ledger.ndjson
	refute_output --partial false
	[ -z "$(ls -A models/versions | grep '^\.tmp-')" ]
}
