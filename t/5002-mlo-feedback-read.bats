#!/usr/bin/env bats
# mlo-feedback summary, labels and queue: exact outputs on a small log
# (t/data/feedback/log.ndjson: ten verdicts, one replaced by its
# technician's later verdict, one older than a week, one for a prediction
# not in pred.csv), the alert event and exit 1, several and rotated .gz
# logs, torn lines skipped with a warning, and bad input as trouble.

load helper

FDATA=$MLO_TOP/t/data/feedback

setup() {
	work_dir
	cp "$FDATA/log.ndjson" "$FDATA/pred.csv" .
}

fb() {
	run --separate-stderr mlo-feedback "$@"
}

SUMMARY_MODEL='model_version,verdicts,wrong,right,unsure,technicians,flagged_by,wrong_rate,last
v2,2,0,1,1,2,0,0,2026-11-25T09:00:00Z
v3,6,4,2,0,4,3,0.6666666666666666,2026-11-25T10:00:00Z'
ALERT='{"v":1,"time":"2026-11-25T20:00:00Z","tool":"mlo-feedback","kind":"alert","severity":"critical","layer":"feedback","model_version":"v3","window_from":"2026-11-18T20:00:00Z","window_to":"2026-11-25T20:00:00Z","value":3,"limit":3,"flags":4,"technicians":"T1,T2,T3","message":"3 technicians flagged model_version '\''v3'\'' wrong within 7d (alert at 3)"}'
LABELS='prediction_id,asset,model_version,score,prediction,label
p1,A1,v3,0.91,1,0
p2,A1,v3,0.2,0,0
p5,A3,v2,0.7,1,1'
QUEUE='kind,id,flags,technicians,last,asset,model_version
prediction,p1,2,2,2026-11-21T10:00:00Z,A1,v3
asset,A1,2,2,2026-11-21T10:00:00Z,A1,
prediction,p9,1,1,2026-11-25T10:00:00Z,A9,v3
asset,A9,1,1,2026-11-25T10:00:00Z,A9,
prediction,p3,1,1,2026-11-23T10:00:00Z,A2,v3
asset,A2,1,1,2026-11-23T10:00:00Z,A2,'

@test "summary per model over the last 7 days, an alert and exit 1" {
	fb summary --now "$NOW" -e events.ndjson log.ndjson
	assert_failure 1
	assert_output "$SUMMARY_MODEL"
	assert_stderr "mlo-feedback: 8 verdicts from 4 technicians within 7d: 4 wrong, 3 right, 1 unsure
mlo-feedback: alert: 3 technicians flagged model_version 'v3' wrong within 7d (alert at 3)"
	assert_equal "$(cat events.ndjson)" "$ALERT"
}

@test "summary per asset" {
	fb summary -q --now "$NOW" --group-by asset log.ndjson
	assert_failure 1
	assert_stderr_empty
	assert_output 'asset,verdicts,wrong,right,unsure,technicians,flagged_by,wrong_rate,last
A1,3,2,1,0,2,2,0.6666666666666666,2026-11-22T10:00:00Z
A2,3,1,1,1,3,1,0.5,2026-11-24T10:00:00Z
A3,1,0,1,0,1,0,0,2026-11-25T09:00:00Z
A9,1,1,0,0,1,1,1,2026-11-25T10:00:00Z'
}

@test "summary per technician, as NDJSON" {
	fb summary -q --now "$NOW" --group-by technician -f ndjson log.ndjson
	assert_failure 1
	assert_line --index 0 '{"technician":"T1","verdicts":3,"wrong":1,"right":1,"unsure":1,"technicians":1,"flagged_by":1,"wrong_rate":0.5,"last":"2026-11-24T10:00:00Z"}'
	assert_equal "${#lines[@]}" 4
}

@test "no alert below --alert-technicians: exit 0" {
	fb summary -q --now "$NOW" --alert-technicians 4 -e events.ndjson log.ndjson
	assert_success
	assert_output "$SUMMARY_MODEL"
	[ ! -s events.ndjson ]
}

@test "--period widens the window to the older verdict" {
	fb summary -q --now "$NOW" --period 30d log.ndjson
	assert_failure 1
	assert_line --index 2 'v3,7,4,3,0,5,3,0.5714285714285714,2026-11-25T10:00:00Z'
}

@test "an alert for an asset that three technicians flag" {
	for t in T6 T7 T8; do
		mlo-feedback add -q --log log.ndjson --prediction "q$t" --asset A4 \
		    --verdict wrong --technician "$t" --now 2026-11-25T12:00:00Z
	done
	fb summary --now "$NOW" log.ndjson
	assert_failure 1
	assert_stderr_line "mlo-feedback: alert: 3 technicians flagged asset 'A4' wrong within 7d (alert at 3)"
}

@test "a technician who changes their mind counts once, with the later verdict" {
	fb summary -q --now "$NOW" --group-by technician log.ndjson
	assert_line --index 2 'T2,2,1,1,0,1,1,0.5,2026-11-25T09:00:00Z'
}

@test "summary of no verdicts is a header and exit 0" {
	: >empty.ndjson
	fb summary --now "$NOW" empty.ndjson
	assert_success
	assert_output 'model_version,verdicts,wrong,right,unsure,technicians,flagged_by,wrong_rate,last'
	assert_stderr "mlo-feedback: 0 verdicts from 0 technicians within 7d: 0 wrong, 0 right, 0 unsure"
}

@test "labels: a wrong majority flips, right confirms; ties and unsure are left out and counted" {
	fb labels --predictions pred.csv log.ndjson
	assert_success
	assert_output "$LABELS"
	assert_stderr "mlo-feedback: 3 rows labelled (1 flipped by a wrong verdict); left out: 1 tie, 1 unsure only, 0 not binary; 1 prediction id with verdicts not in pred.csv"
}

@test "labels from a score and --threshold when there is no prediction column" {
	cut -d, -f1-4 pred.csv >scores.csv
	fb labels -q --predictions scores.csv --threshold 0.95 log.ndjson
	assert_success
	assert_output 'prediction_id,asset,model_version,score,label
p1,A1,v3,0.91,1
p2,A1,v3,0.2,0
p5,A3,v2,0.7,0'
}

@test "labels of NDJSON predictions are NDJSON" {
	printf '%s\n' '{"id":"p1","score":0.91,"prediction":1}' \
	    '{"id":"p2","score":0.2,"prediction":0,"extra":"x"}' >pred.ndjson
	fb labels -q --predictions pred.ndjson log.ndjson
	assert_success
	assert_output '{"id":"p1","score":0.91,"prediction":1,"extra":null,"label":0}
{"id":"p2","score":0.2,"prediction":0,"extra":"x","label":0}'
}

@test "labels: a wrong verdict on a non-binary prediction is left out" {
	printf 'id,prediction\np1,41.5\np2,12\n' >rul.csv
	fb labels --predictions rul.csv log.ndjson
	assert_success
	assert_output 'id,prediction,label
p2,12,12'
	assert_stderr "mlo-feedback: 1 row labelled (0 flipped by a wrong verdict); left out: 0 ties, 0 unsure only, 1 not binary; 4 prediction ids with verdicts not in rul.csv"
}

@test "labels needs --predictions, with an id column" {
	fb labels log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: labels needs the predictions: --predictions FILE"
	printf 'x,score\n1,2\n' >noid.csv
	fb labels --predictions noid.csv log.ndjson
	assert_failure 2
	assert_output ''
	assert_stderr "mlo-feedback: noid.csv: no id column (prediction_id, id or row_id)"
}

@test "queue: most technicians first, then flags, then the latest" {
	fb queue log.ndjson
	assert_success
	assert_output "$QUEUE"
	assert_stderr_empty
}

@test "queue -n keeps the first rows" {
	fb queue -n 2 log.ndjson
	assert_success
	assert_output "$(printf '%s\n' "$QUEUE" | head -n 3)"
}

@test "queue --review: unjudged predictions nearest the threshold first" {
	fb queue --review --predictions pred.csv log.ndjson
	assert_success
	assert_output 'prediction_id,asset,model_version,score,margin
p6,A3,v2,0.52,0.020000000000000018
p7,A4,v3,0.05,0.45'
}

@test "queue --review needs --predictions" {
	fb queue --review log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --review needs the predictions: --predictions FILE"
}

@test "several logs, rotated and gzip-compressed, read as one" {
	head -n 5 log.ndjson | gzip >log.ndjson.2.gz
	sed -n 6,8p log.ndjson | gzip >log.ndjson.1
	tail -n 2 log.ndjson >current.ndjson
	fb summary -q --now "$NOW" log.ndjson.2.gz log.ndjson.1 current.ndjson
	assert_failure 1
	assert_output "$SUMMARY_MODEL"
	fb labels -q --predictions pred.csv current.ndjson log.ndjson.1 log.ndjson.2.gz
	assert_output "$LABELS"
}

@test "the log on standard input" {
	run --separate-stderr sh -c 'mlo-feedback queue <log.ndjson'
	assert_success
	assert_output "$QUEUE"
}

@test "a torn last line is skipped with a warning, and the log left as it was" {
	printf '{"time":"2026-11-25T11:00:00Z","prediction_id":"p7","asse' >>log.ndjson
	cp log.ndjson before
	fb queue log.ndjson
	assert_success
	assert_output "$QUEUE"
	assert_stderr "mlo-feedback: log.ndjson:11: torn last line (no newline): skipped"
	cmp log.ndjson before
}

@test "a torn line ended by a later append is skipped with a warning" {
	printf '{"time":"2026-11-25T11:00:00Z","prediction_id":"p7","asse' >>log.ndjson
	mlo-feedback add -q --log log.ndjson --prediction p7 --verdict right \
	    --technician T1 --now 2026-11-25T12:00:00Z
	assert_equal "$(sed -n 12p log.ndjson | cut -c1-36)" '{"time":"2026-11-25T12:00:00Z","pred'
	fb queue log.ndjson
	assert_success
	assert_output "$QUEUE"
	assert_stderr "mlo-feedback: log.ndjson:11: not a whole record (invalid JSON), a torn write: skipped"
}

@test "a whole line that is not a verdict is trouble, the rest still read" {
	sed -i '3s/"right"/"maybe"/' log.ndjson
	fb summary -q --now "$NOW" log.ndjson
	assert_failure 2
	assert_stderr "mlo-feedback: log.ndjson:3: not a verdict: verdict 'maybe' is not wrong, right or unsure"
	assert_line --index 1 'v2,2,0,1,1,2,0,0,2026-11-25T09:00:00Z'
}

@test "a line without a technician is trouble naming the line" {
	sed -i '2s/"technician":"T2",//' log.ndjson
	fb queue log.ndjson
	assert_failure 2
	assert_stderr "mlo-feedback: log.ndjson:2: not a verdict: 'technician' is missing"
}

@test "a missing log is trouble, the others are still read" {
	fb queue nope.ndjson log.ndjson
	assert_failure 2
	assert_stderr "mlo-feedback: nope.ndjson: No such file or directory"
	assert_output "$QUEUE"
}

@test "a truncated .gz log is trouble" {
	gzip -c log.ndjson | head -c 100 >cut.gz
	fb queue cut.gz
	assert_failure 2
	assert_stderr 'mlo-feedback: cut.gz: truncated gzip stream'
}

@test "-o writes the output file atomically" {
	fb queue -o queue.csv log.ndjson
	assert_success
	assert_output ''
	assert_equal "$(cat queue.csv)" "$QUEUE"
}

@test "output to a full disk is trouble" {
	run --separate-stderr sh -c 'mlo-feedback queue log.ndjson >/dev/full'
	assert_failure 2
	assert_stderr 'mlo-feedback: write error on <stdout>: No space left on device'
}

@test "bad options of the reading commands" {
	fb summary --group-by shift log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --group-by takes model, asset or technician, not 'shift'"
	fb summary --period 0s log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --period must be longer than 0"
	fb summary --period 7 log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --period: duration '7' needs a unit (s, m, h, d)"
	fb summary --alert-technicians 0 log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --alert-technicians takes a whole number of technicians, at least 1, not '0'"
	fb queue -e ev.ndjson log.ndjson
	assert_failure 2
	assert_stderr_line "mlo-feedback: --events is not an option of queue"
}
