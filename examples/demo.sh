#!/bin/sh
# examples/demo.sh (make demo): the whole mlo loop on real data, told step
# by step.  A fleet of turbofan engines (NASA C-MAPSS FD001, simulated run-
# to-failure histories, data/cmapss) is watched by a model that says "this
# engine fails within 30 cycles": its history is checked against a data
# contract, turned into features and labels, a model is trained and
# promoted by the retrain gate, and then the live fleet streams in, batch
# by batch, through examples/cron/monitor.sh: contract, features, model,
# drift.  Half-way, the compressor outlet temperature sensors are
# recalibrated wrongly and one engine's pressure channel freezes; mlo catches
# both, technicians flag the false alarms that follow, and at the end of
# the month examples/cron/retrain.sh retrains and the gate decides.  On
# the way, the same drift test meets real vibration: a FEMTO bearing
# running to failure, and healthy IMS bearings.
#
#   sh examples/demo.sh [--small] [WORKDIR]
#
# Everything is written into WORKDIR (default: a new directory under
# $TMPDIR), which is left for you to look at: events.ndjson, the
# registry in models/, predictions.csv, drift.csv, feedback.ndjson and,
# once mlo-report exists, the reports: mlo.prom, report.html when
# mlo-report writes HTML, and the text report that ends the story; for
# the business impact, fleet.csv, predictions.timed.csv and
# outcomes.live.csv put times on the cycles; predictions.labelled.csv and
# performance.csv hold the labels that came and the realised performance.  --small (or MLO_DEMO_SMALL=1)
# tells a shorter story with fewer engines, for the test suite.
#
# Every command it runs is printed; the scripts it calls are those of
# examples/cron, which a plant copies.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
export PATH

small=${MLO_DEMO_SMALL:-0}
case ${1:-} in --small) small=1; shift ;; esac
if [ $# -gt 0 ]; then
	work=$1
	mkdir -p "$work" || exit 2
	work=$(cd "$work" && pwd)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/mlo-demo.XXXXXX") || exit 2
fi
cd "$work" || exit 2
rm -rf home models batches ./*.txt ./*.gz ./*.csv ./*.ndjson ./*.profile ./*.valid \
    report.html mlo.prom contracts examples data
# The source tree's configuration and data, by the names a reader knows,
# so that every command printed below can be pasted here as it is.
ln -s "$top/contracts" "$top/examples" "$top/data" . || exit 2

# The fleet: engines 1..HIST are the history the model learns from;
# engines HIST+1..100 are the live fleet, SLOTS of them in service at any
# time, each slot flying its engines one after another.  A batch is BATCH
# cycles of the slots, what a cron run every 5 minutes would find.
if [ "$small" = 1 ]; then
	HIST=40 SLOTS=15 BATCH=10 FAULT_FROM=41 FAULT_TO=80 STUCK_FROM=21 STUCK_TO=50
	CYCLES=120 ARCHIVE=70
else
	HIST=50 SLOTS=25 BATCH=10 FAULT_FROM=61 FAULT_TO=120 STUCK_FROM=31 STUCK_TO=70
	CYCLES=0 ARCHIVE=100
fi
export MODEL_FEATURES=health,s_3_mean_20,s_4_mean_20,s_4_max_20,s_11_slope_30,s_15_slope_30,s_7_median_10,s_12_ew
DATA=data/cmapss/train_FD001.txt.gz
CONTRACT=contracts/cmapss-fd001.yaml
SPEC=examples/features/cmapss.yaml
POLICY=examples/demo/policy.yaml
MODEL=examples/model/logreg
DRIFT_OPTIONS="--window $((SLOTS * BATCH * 2)) --effect-floor 0.4"

step() { printf '\n== %s\n' "$*"; }
say() { printf '%s\n' "$*" | fold -s -w 78; }
show() { printf '$ %s\n' "$*"; "$@"; }
# show_to FILE COMMAND...: show COMMAND with its output going to FILE.
show_to() {
	out=$1
	shift
	printf '$ %s >%s\n' "$*" "$out"
	"$@" >"$out"
}
die() { printf 'demo: %s\n' "$*" >&2; exit 2; }
# expect STATUS WHAT: the last command's status was STATUS, or stop.
expect() {
	[ "$st" -eq "$1" ] || die "$2 exited $st, expected $1"
}
# at MINUTES: the simulated clock, MINUTES after 2026-11-02T00:00:00Z.
at() { date -u -d "@$((1793577600 + $1 * 60))" +%Y-%m-%dT%H:%M:%SZ; }

step "0. The fleet"
say "NASA C-MAPSS FD001: 100 simulated turbofan engines, each flown from new \
until it fails, 21 sensors a cycle (data/cmapss/PROVENANCE.md).  Engines \
1-$HIST are the history; engines $((HIST + 1))-100 are the live fleet, \
$SLOTS in service at a time.  The model answers: does this engine fail \
within 30 cycles?"
say "Working in $work"

step "1. The history against its data contract"
gzip -dc "$DATA" | awk -v h="$HIST" '$1 <= h' >history.txt
show mlo-validate -c "$CONTRACT" --now 2026-11-01T00:00:00Z \
    -e events.ndjson -o history.valid history.txt
st=$?; expect 0 "mlo-validate"
say "exit 0: every reading holds its type and range, no engine goes back in \
time, and no channel is stuck."

step "2. Features and labels, from the spec that will also serve live"
show_to outcomes.all.csv sh examples/features/cmapss-outcomes.sh "$DATA"
awk -F, -v h="$HIST" 'NR == 1 || $1 <= h' outcomes.all.csv >outcomes.csv
show mlo-features -s "$SPEC" --labels outcomes.csv --horizon 30 \
    -o history.csv history.valid
st=$?; expect 0 "mlo-features"
say "Each row now has rolling means, maxima, slopes and a health index per \
engine, a row_id (engine@cycle) and a label: 1 within 30 cycles of the \
engine's failure.  $(awk -F, 'NR > 1 { n++; p += $(NF - 1) == 1 }
    END { printf "%d rows, %d labelled 1.", n, p }' history.csv)"

step "3. Train version 1 and let the retrain gate promote it"
say "examples/cron/retrain.sh trains on the first 80% of the rows (the \
earlier engines), predicts the other 20% with the candidate, and runs \
mlo-retrain-gate with examples/demo/policy.yaml; there is no production \
yet, so only the policy's absolute rules apply."
export MLO_HOME="$work/home" MLO_REGISTRY="$work/models" \
    MLO_EVENTS="$work/events.ndjson" MLO_POLICY="$POLICY" \
    MLO_MONTHS=0 MLO_CLUSTER=unit MLO_HOLDOUT_PERCENT=20
show env MLO_HISTORY=history.csv MLO_FEATURES= MLO_NOW=2026-11-01T02:30:00Z \
    examples/cron/retrain.sh
st=$?; expect 0 "retrain.sh"
v1=$(readlink models/production)
say "models/production -> $v1; its meta.json holds the id that the model \
copies into every prediction as model_version."

step "4. Profile the reference: the history's features and v1's scores"
show_to reference.csv "$MODEL" predict models/production history.csv
show mlo-drift profile --role unit=ignore --role cycle=ignore \
    --role row_id=ignore --role label=label --role rul=ignore \
    --role model_version=ignore --role prediction=prediction \
    --role score=score -o reference.profile reference.csv
st=$?; expect 0 "mlo-drift profile"
say "$(wc -c <reference.profile) bytes summarise $(($(wc -l <reference.csv) - 1)) \
rows: counts, moments, a quantile sketch per column, the share of each \
predicted class, and the calibration of v1's score against the history's \
labels, from which mlo-drift estimates precision, recall and accuracy of \
live windows before their labels exist."

step "5. The live fleet streams in, one cron run every 5 minutes"
# Slot s flies engines first+s, first+s+SLOTS, ...; its first engine is
# already part-way through its life, so the fleet mixes young and worn
# engines as a real one does.  Faults: from cycle FAULT_FROM to FAULT_TO
# of the stream, T30 (s_3, HPC outlet temperature) reads 15 degR high on
# every engine (a recalibration with a wrong offset), and from STUCK_FROM
# to STUCK_TO the P30 channel (s_7) of slot 3's engine repeats its last
# reading.  Batch files keep C-MAPSS's own format.
gzip -dc "$DATA" | awk -v slots="$SLOTS" -v first=$((HIST + 1)) \
    -v f0="$FAULT_FROM" -v f1="$FAULT_TO" -v s0="$STUCK_FROM" -v s1="$STUCK_TO" \
    -v batch="$BATCH" -v cycles="$CYCLES" '
{ line[$1, $2] = $0; if ($2 > life[$1]) life[$1] = $2 }
END {
	for (s = 0; s < slots; s++) {
		T = 0
		for (e = first + s; e <= 100; e += slots) {
			c0 = e == first + s ? int(life[e] * s / slots) + 1 : 1
			from[e] = c0; t0[e] = T + 1
			for (c = c0; c <= life[e]; c++) out[s, ++T] = line[e, c]
		}
		if (!s || T < end) end = T
	}
	if (cycles && cycles < end) end = cycles
	# fleet.csv: where each engine flew in the stream, its first cycle
	# at stream cycle t0 and its last one (its failure when cycle_to is
	# its life) at t1.
	print "unit,cycle_from,cycle_to,life,t0,t1" >"fleet.csv"
	for (e = first; e <= 100; e++)
		if (t0[e] && t0[e] <= end) {
			t1 = t0[e] + life[e] - from[e]
			if (t1 > end) t1 = end
			printf "%d,%d,%d,%d,%d,%d\n", e, from[e],
			    from[e] + t1 - t0[e], life[e], t0[e], t1 >"fleet.csv"
		}
	system("mkdir -p batches")
	for (T = 1; T <= end; T++)
		for (s = 0; s < slots; s++) {
			n = split(out[s, T], f, " ")
			if (T >= f0 && T <= f1) f[8] = sprintf("%.2f", f[8] + 15)
			if (s == 3 && T >= s0 && T <= s1) {
				if (T == s0) frozen = f[12]
				f[12] = frozen
			}
			b = sprintf("batches/%03d.txt", int((T - 1) / batch) + 1)
			for (i = 1; i <= n; i++) printf "%s%s", f[i], i < n ? " " : "\n" > b
		}
}'
nb=$(ls batches | wc -l)
say "$nb batches of $((SLOTS * BATCH)) readings.  Each goes through \
examples/cron/monitor.sh: mlo-validate, mlo-features, the model's predict, \
mlo-drift compare, each with --state.  Cycles $FAULT_FROM-$FAULT_TO \
(batches $(((FAULT_FROM - 1) / BATCH + 1))-$(((FAULT_TO - 1) / BATCH + 1))): \
T30 recalibrated 15 degR high on every engine.  Cycles \
$STUCK_FROM-$STUCK_TO: one engine's P30 channel frozen."
say "mlo-drift compares windows of $((SLOTS * BATCH * 2)) readings with the \
reference: $DRIFT_OPTIONS.  The effect floor is there because \
readings of one engine are not independent: a window holds $SLOTS engines, \
and a p-value alone would call their mix a drift; a KS distance of 0.4 is \
a change no mix of healthy and worn engines makes here."
export MLO_INBOX="$work/home/inbox" MLO_CONTRACT="$CONTRACT" \
    MLO_FEATURES="$SPEC" MLO_REFERENCE="$work/reference.profile" \
    MLO_DRIFT_OPTIONS="$DRIFT_OPTIONS" \
    MLO_PREDICTIONS="$work/predictions.csv" MLO_DRIFT="$work/drift.csv" \
    MLO_REJECTS="$work/rejects.csv"
mkdir -p "$MLO_INBOX"
printf '$ MLO_NOW=... examples/cron/monitor.sh    # once per batch\n'
i=0
for b in batches/*.txt; do
	mv "$b" "$MLO_INBOX/"
	MLO_NOW=$(at $((i * 5))) examples/cron/monitor.sh 2>&1
	st=$?
	[ $st -le 1 ] || die "monitor.sh failed on $b"
	i=$((i + 1))
done

step "6. What fired, and where"
# kinds STATE: the kind, column and entity of the events in that state.
awk '/"state":"(firing|resolved)"/ {
	k = $0; sub(/.*"kind":"/, "", k); sub(/".*/, "", k)
	t = $0; sub(/.*"tool":"/, "", t); sub(/".*/, "", t)
	s = $0; sub(/.*"state":"/, "", s); sub(/".*/, "", s)
	c = ""; if (match($0, /"column":"[^"]*"/)) c = substr($0, RSTART + 10, RLENGTH - 11)
	e = ""; if (match($0, /"entity":"[^"]*"/)) e = " of engine " substr($0, RSTART + 10, RLENGTH - 11)
	w = ""; if (match($0, /"window_from":"[^"]*"/)) w = substr($0, RSTART + 15, RLENGTH - 16)
	x = ""; if (match($0, /"window_to":"[^"]*"/)) x = substr($0, RSTART + 13, RLENGTH - 14)
	printf "  %-12s %-16s %-8s %s%s, %s %s-%s\n", t, k, s, c, e,
	    (t == "mlo-drift" ? "rows" : "cycles"), w, x
}' events.ndjson
say "The frozen P30 channel is an integrity fault: the contract's stuck \
check fires on that engine's s_7 and resolves when the channel moves \
again.  The recalibration passes the contract (15 degR is inside the \
sensor's range) but not drift: T30 and the features made from it move \
away from the reference, and so do the model's scores and the share of \
engines it calls failing (prediction_drift).  Both resolve once the \
sensors are corrected."
if [ -x "$top/bin/mlo-report" ]; then
	say "What mlo-report's status said while each fault was firing, at the \
cron run that first caught it (the report's layer lines):"
	for k in stuck drift; do
		t=$(awk -v k="$k" 'index($0, "\"kind\":\"" k "\"") && /"state":"firing"/ {
			sub(/.*"time":"/, ""); sub(/".*/, ""); print; exit }' events.ndjson)
		[ -n "$t" ] || die "no $k fired"
		printf '$ mlo-report -q --until %s events.ndjson | sed -n %s\n' "$t" \
		    "'/^integrity/,/^lifecycle/p'"
		mlo-report -q --until "$t" events.ndjson | sed -n '/^integrity/,/^lifecycle/p'
	done
fi

say "The same drift test on real bearing vibration, accelerometers at 25.6 \
and 20 kHz: FEMTO bearing 1_1's first five records (healthy) against its \
last five, up to the failure; IMS test 1's first snapshot against the next \
two, all four bearings still healthy (data/femto, data/ims)."
FEMTO="--no-header --columns hour,minute,second,usec,acc_h,acc_v"
show mlo-drift profile $FEMTO --role hour=ignore --role minute=ignore \
    --role second=ignore --role usec=ignore -o femto.profile \
    data/femto/Bearing1_1/acc_0000[1-5].csv.gz
show mlo-drift compare -r femto.profile $FEMTO --window 2560 \
    -o femto-drift.csv data/femto/Bearing1_1/acc_02[78]*.csv.gz
st=$?; expect 1 "mlo-drift compare (FEMTO)"
IMS="--delimiter tab --no-header --columns b1_x,b1_y,b2_x,b2_y,b3_x,b3_y,b4_x,b4_y"
show mlo-drift profile $IMS -o ims.profile data/ims/1st_test/2003.10.22.12.06.24.gz
show mlo-drift compare -r ims.profile $IMS --window 20480 -o ims-drift.csv \
    data/ims/1st_test/2003.10.22.12.09.13.gz data/ims/1st_test/2003.10.22.12.14.13.gz
st=$?; expect 0 "mlo-drift compare (IMS)"
say "A failing bearing drifts on both axes in every record (its vibration \
is 5 to 7 reference standard deviations away); healthy bearings five \
minutes apart do not, on any of eight channels."

step "7. Technicians check the alarms"
# An alarm on an engine more than 30 cycles from its failure is a false
# alarm that a technician's inspection finds; an alarm on an engine that
# does fail soon is confirmed.  Four technicians take turns: they inspect
# the first 8 false alarms and the first 4 true ones, one per engine.
awk -F, -v life="$(awk -F, 'NR > 1 { printf "%s%s:%s", (NR > 2 ? "," : ""), $1, $2 }' outcomes.all.csv)" '
BEGIN { k = split(life, l, ","); for (i = 1; i <= k; i++) { split(l[i], u, ":"); last[u[1]] = u[2] } }
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
$c["prediction"] == 1 {
	v = last[$c["unit"]] - $c["cycle"] > 30 ? "wrong" : "right"
	if (seen[$c["unit"]]++ || ++n[v] > (v == "wrong" ? 8 : 4)) next
	print $c["row_id"], $c["unit"], $c["model_version"], v
}' predictions.csv >inspections.txt
i=0
while read -r id unit version verdict; do
	tech=T$((i % 4 + 1))
	note="confirmed: compressor wear, engine pulled"
	[ "$verdict" = wrong ] && note="borescope clean: false alarm"
	mlo-feedback add -q --log feedback.ndjson --prediction "$id" \
	    --asset "$unit" --model "$version" --verdict "$verdict" \
	    --technician "$tech" --note "$note" --now "$(at $((i * 10 + 60)))" ||
	    die "mlo-feedback add failed"
	i=$((i + 1))
done <inspections.txt
printf '$ mlo-feedback add --log feedback.ndjson --prediction ID --verdict wrong ...   # x%d\n' "$i"
show mlo-feedback summary --now "$(at $((nb * 5 + 120)))" -e events.ndjson \
    feedback.ndjson
st=$?
[ $st -le 1 ] || die "mlo-feedback summary failed"
[ $st -eq 1 ] && say "exit 1: at least three technicians said wrong of one \
model version within the week; the alert is in events.ndjson."

step "8. The monthly retrain: examples/cron/retrain.sh and the gate"
say "A month on, the engines of the fleet have run to failure and their \
histories, with their outcomes, are in the archive (engines 1-$ARCHIVE).  The job rebuilds features \
and labels from the same spec, trains a candidate on the earlier 80% of \
the engines, predicts the rest with the candidate and with production \
($v1), and the policy decides."
gzip -dc "$DATA" | awk -v a="$ARCHIVE" '$1 <= a' | gzip >archive.txt.gz
awk -F, -v a="$ARCHIVE" 'NR == 1 || $1 <= a' outcomes.all.csv >outcomes.archive.csv
show env MLO_HISTORY=archive.txt.gz MLO_FEATURES="$SPEC" \
    MLO_OUTCOMES=outcomes.archive.csv MLO_HORIZON=30 MLO_NOW=2026-12-01T02:30:00Z \
    examples/cron/retrain.sh
st=$?
[ $st -le 1 ] || die "retrain.sh failed"
show mlo-retrain-gate --registry models --history
show mlo-retrain-gate --registry models --verify

step "9. The report"
if [ -x "$top/bin/mlo-report" ]; then
	# Business impact needs times, and C-MAPSS counts cycles: the demo's
	# clock gives each stream cycle the time its batch's cron run saw it
	# (a batch of BATCH cycles every 5 minutes, the last cycle of batch i
	# at that run's time), and each engine's failure the time of its last
	# cycle.  Failures come only from engines that failed while the
	# stream ran: the others have not failed yet.  Each costs the two
	# days an unplanned engine removal grounds the aircraft.
	sec=$((300 / BATCH))
	awk -F, -v base=$((1793577600 - BATCH * sec)) -v sec="$sec" '
	FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR == FNR { if (FNR > 1) { from[$1] = $c["cycle_from"]; t0[$1] = $c["t0"] }; next }
	FNR == 1 { print $0 ",time"; next }
	{ print $0 "," base + (t0[$c["unit"]] + $c["cycle"] - from[$c["unit"]]) * sec }' \
	    fleet.csv predictions.csv >predictions.timed.csv
	awk -F, -v base=$((1793577600 - BATCH * sec)) -v sec="$sec" '
	BEGIN { print "entity,cycle,failure_time,downtime_hours" }
	NR > 1 && $3 == $4 { print $1 "," $4 "," base + $6 * sec ",48" }' \
	    fleet.csv >outcomes.live.csv
	say "Labels arrive: the engines that failed while the fleet streamed in \
give the ground truth of the predictions before them.  A prediction is \
labelled 1 when its engine failed within 30 cycles, 0 when the engine flew \
30 more cycles without failing, and stays unlabelled when neither is known \
yet.  mlo-drift compare then puts, for every 10 minutes of the stream, the \
realised precision, recall and accuracy beside the estimates made without \
labels (performance_window events).  It tests the score's drift again, \
with the live monitor's effect floor, so that its verdicts agree with the \
live ones."
	# the stream time of each prediction as RFC 3339, by one date(1)
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "time") t = i; next }
	    { print "@" $t }' predictions.timed.csv |
	    date -u -f - +%Y-%m-%dT%H:%M:%SZ >times.txt
	awk -F, -v OFS=, 'FNR == 1 { fi++ }
	fi == 1 { ts[FNR] = $0; next }
	fi == 2 { if (FNR > 1) { to[$1] = $3; failed[$1] = $3 == $4; life[$1] = $4 }; next }
	FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
		print "ts", "score", "model_version", "label"; next }
	{ u = $c["unit"]; y = $c["cycle"]
	  l = failed[u] && life[u] - y <= 30 ? 1 : failed[u] || to[u] - y >= 30 ? 0 : ""
	  print ts[FNR - 1], $c["score"], $c["model_version"], l }' \
	    times.txt fleet.csv predictions.timed.csv >labelled.unsorted.csv
	{ head -n 1 labelled.unsorted.csv; tail -n +2 labelled.unsorted.csv | sort -s -t, -k1,1; } \
	    >predictions.labelled.csv
	rm -f times.txt labelled.unsorted.csv
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	    { print $c["score"], $c["label"] }' reference.csv >reference.scores.csv
	show mlo-drift profile --role score=score --role label=label \
	    -o scores.profile reference.scores.csv
	st=$?; expect 0 "mlo-drift profile (scores)"
	labels_at=$(at $((nb * 5 + 10)))
	show mlo-drift compare -q -r scores.profile --time ts --window 10m \
	    --effect-floor 0.4 --now "$labels_at" -e events.ndjson \
	    -o performance.csv predictions.labelled.csv
	st=$?; [ $st -le 1 ] || die "mlo-drift compare (labels) failed"
	say "$(awk -F, 'NR > 1 && $4 != "" { n++; p += $4 }
	    END { printf "%d of the %d predictions labelled, %d of them 1", n, NR - 1, p }' \
	    predictions.labelled.csv); performance.csv holds the windows' rows."
	say "For the business impact, the demo's clock stamps the cycles: a batch \
of $BATCH cycles every 5 minutes makes a cycle $sec s, so the model's 30 \
cycles of warning are 15 minutes and the report's lead window, 1 to 30 \
cycles, is --lead ${sec}s..15m.  predictions.timed.csv is predictions.csv \
with that time; outcomes.live.csv holds the $(($(wc -l <outcomes.live.csv) - 1)) \
engines that failed while the fleet streamed in, each grounding its \
aircraft 48 h.  Lead times in the report are on that clock: 15m is 30 \
cycles."
	export MLO_FEEDBACK="$work/feedback.ndjson" \
	    MLO_PREDICTIONS="$work/predictions.timed.csv" \
	    MLO_OUTCOMES="$work/outcomes.live.csv" MLO_PERIOD=31d \
	    MLO_LEAD="${sec}s..15m" \
	    MLO_HTML="$work/report.html" MLO_PROM="$work/mlo.prom" \
	    MLO_NOW=2026-12-01T03:00:00Z
	# HTML is a format of mlo-report from issue 11 on: ask it.
	if mlo-report -q -f html --now "$MLO_NOW" </dev/null >/dev/null 2>&1 ||
	    [ $? -eq 1 ]; then
		# the page of the night the fleet streamed in, to the labels'
		# arrival, in 10-minute buckets: the month's period would
		# squeeze those hours into one point of each chart
		show env MLO_NOW="$(at $((nb * 5 + 15)))" \
		    MLO_PERIOD=$((nb * 5 + 30))m MLO_BUCKET=10m \
		    examples/cron/report.sh html
		st=$?; [ $st -le 1 ] || die "report.sh html failed"
		say "report.html is the report of the stream's hours as one \
self-contained page, in 10-minute buckets: the faults firing and \
resolving, the drift of T30 and of the scores, and v1's precision, recall \
and accuracy estimated against realised.  Open $work/report.html in a \
browser."
	else
		say "(this mlo-report writes no HTML yet: no report.html)"
	fi
	show examples/cron/report.sh prometheus
	st=$?; [ $st -le 1 ] || die "report.sh prometheus failed"
	say "mlo.prom is for node_exporter's textfile collector: \
$work/mlo.prom."
	printf 'Everything is in %s\n' "$work"
	say "And the text report, as the cron mail brings it:"
	show examples/cron/report.sh text
	st=$?; [ $st -le 1 ] || die "report.sh text failed"
	exit 0
else
	say "mlo-report is not built yet; events.ndjson holds what it will \
show, per layer:"
	awk '{ l = $0; sub(/.*"layer":"/, "", l); sub(/".*/, "", l)
		s = $0; sub(/.*"severity":"/, "", s); sub(/".*/, "", s)
		n[l " " s]++ }
	END { for (k in n) print "  " k ": " n[k] }' events.ndjson | sort
fi
printf '\nEverything is in %s\n' "$work"
