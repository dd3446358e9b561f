#!/bin/sh
# examples/cron/retrain.sh: the monthly retrain of DESIGN section 1, for
# cron.  Rebuild the features of the last N months, train a candidate with
# your training command, predict the holdout with the candidate and with
# production, and let mlo-retrain-gate promote it or not.  The gate leaves
# a "gate" event and a ledger line either way; a run that fails before the
# gate leaves a "retrain_failed" event.
#
# Safe to run twice at once: a second run finds the lock taken and leaves
# (exit 0).  Safe after a failed run: each run works in a directory of its
# own and removes what a killed run left; the registry is only changed by
# mlo-retrain-gate, which survives being killed at any point.
#
# Settings, from the environment (crontab lines can set them):
#   MLO_HOME      working directory, holds the lock      [/var/lib/mlo]
#   MLO_HISTORY   readings (CSV, gzip or not)            [$MLO_HOME/history.csv.gz]
#   MLO_FEATURES  feature spec for mlo-features; when unset, MLO_HISTORY
#                 already holds features and a label column
#   MLO_OUTCOMES  failures for the labels (mlo-features --labels)
#                                                         [$MLO_HOME/outcomes.csv]
#   MLO_HORIZON   label horizon (mlo-features --horizon)  [7d]
#   MLO_TIME_COLUMN  the time column (RFC 3339)          [ts]
#   MLO_MONTHS    months of history to learn from; 0 for all of it, as
#                 when time is a step count (cycles)     [6]
#   MLO_HOLDOUT_PERCENT  the latest rows held out         [20]
#   MLO_POLICY    promotion policy (mlo-policy(5))        [$MLO_HOME/policy.yaml]
#   MLO_REGISTRY  model registry                          [$MLO_HOME/models]
#   MLO_EVENTS    events file (mlo-events(5))             [$MLO_HOME/events.ndjson]
#   MLO_CLUSTER   resample whole values of this column in the gate's
#                 bootstrap (mlo-retrain-gate --cluster), e.g. the asset  [none]
#   MLO_NOW       the time to treat as now (RFC 3339)     [the clock]
#   MLO_TRAIN     YOUR training command, run as  $MLO_TRAIN TRAIN.csv MODEL_DIR
#                 it must write the model's files into MODEL_DIR
#   MLO_PREDICT   YOUR predict command, run as  $MLO_PREDICT MODEL_DIR ROWS.csv
#                 it must print CSV with id (or row_id), label and score (and
#                 the slice columns the policy names) for every row of ROWS.csv
# MLO_TRAIN and MLO_PREDICT are placeholders to replace: until you do, they
# default to examples/model/logreg, a small logistic regression (see
# examples/model/README.md for what your own model must do).
#
# Exit status: 0 promoted, or nothing to do (another run holds the lock);
# 1 the candidate was rejected; 2 trouble (a step failed).
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${MLO_HOME:=/var/lib/mlo}"
: "${MLO_HISTORY:=$MLO_HOME/history.csv.gz}"
: "${MLO_FEATURES:=}"
: "${MLO_OUTCOMES:=$MLO_HOME/outcomes.csv}"
: "${MLO_HORIZON:=7d}"
: "${MLO_TIME_COLUMN:=ts}"
: "${MLO_MONTHS:=6}"
: "${MLO_HOLDOUT_PERCENT:=20}"
: "${MLO_POLICY:=$MLO_HOME/policy.yaml}"
: "${MLO_REGISTRY:=$MLO_HOME/models}"
: "${MLO_EVENTS:=$MLO_HOME/events.ndjson}"
: "${MLO_NOW:=$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
: "${MLO_CLUSTER:=}"
: "${MLO_TRAIN:=$here/../model/logreg train}"
: "${MLO_PREDICT:=$here/../model/logreg predict}"

say() { printf 'retrain.sh: %s\n' "$*" >&2; }

# failed STEP: leave an event for the report and exit 2.  The append holds
# an flock on the events file, as mlo's programs do, so lines never mix.
failed() {
	say "$1 failed"
	line=$(printf '{"v":1,"time":"%s","tool":"retrain.sh","kind":"retrain_failed","severity":"critical","layer":"lifecycle","step":"%s","message":"monthly retrain failed at %s"}' \
	    "$MLO_NOW" "$1" "$1")
	flock "$MLO_EVENTS" sh -c 'printf "%s\n" "$1" >>"$2"' sh "$line" \
	    "$MLO_EVENTS" || say "cannot write $MLO_EVENTS"
	exit 2
}

mkdir -p "$MLO_HOME" || exit 2
exec 9>>"$MLO_HOME/retrain.lock" || exit 2
if ! flock -n 9; then
	say "another run holds $MLO_HOME/retrain.lock: leaving it to finish"
	exit 0
fi
# What a run that was killed left behind; no other run is going (the lock).
rm -rf "$MLO_HOME"/work.*
work=$(mktemp -d "$MLO_HOME/work.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT TERM

# 1. The last MLO_MONTHS months of history, as labelled features.
from=
if [ "$MLO_MONTHS" != 0 ]; then
	from=$(date -u -d "$MLO_NOW - $MLO_MONTHS months" +%Y-%m-%dT%H:%M:%SZ) ||
	    failed "date"
fi
recent() {
	gzip -dcf "$MLO_HISTORY" | awk -F, -v c="$MLO_TIME_COLUMN" -v from="$from" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) t = i; print; next }
	!t || from == "" || $t >= from'
}
if [ -n "$MLO_FEATURES" ]; then
	recent | mlo-features -q -s "$MLO_FEATURES" --labels "$MLO_OUTCOMES" \
	    --horizon "$MLO_HORIZON" -o "$work/features.csv" || failed "features"
else
	recent >"$work/features.csv" || failed "features"
fi

# 2. The latest rows are the holdout: the model is judged on the future
# it did not see, as it will be in service.
rows=$(($(wc -l <"$work/features.csv") - 1))
held=$((rows * MLO_HOLDOUT_PERCENT / 100))
[ "$held" -gt 0 ] && [ "$held" -lt "$rows" ] || failed "split ($rows rows)"
head -n $((rows - held + 1)) "$work/features.csv" >"$work/train.csv"
{ head -n 1 "$work/features.csv"; tail -n "$held" "$work/features.csv"; } \
    >"$work/holdout.csv"

# 3. Train the candidate; 4. predict the holdout with it and production.
$MLO_TRAIN "$work/train.csv" "$work/candidate" || failed "training"
$MLO_PREDICT "$work/candidate" "$work/holdout.csv" >"$work/candidate.csv" ||
    failed "predicting with the candidate"
set --
if [ -e "$MLO_REGISTRY/production" ]; then
	$MLO_PREDICT "$MLO_REGISTRY/production" "$work/holdout.csv" \
	    >"$work/production.csv" || failed "predicting with production"
	set -- --production "$work/production.csv"
fi

# 5. The gate decides, promotes, and records the run.
[ -n "$MLO_CLUSTER" ] && set -- "$@" --cluster "$MLO_CLUSTER"
mlo-retrain-gate -p "$MLO_POLICY" --candidate "$work/candidate.csv" "$@" \
    --registry "$MLO_REGISTRY" --model-dir "$work/candidate" \
    --data "$work/train.csv" --data "$work/holdout.csv" \
    -e "$MLO_EVENTS" --now "$MLO_NOW" -o "$work/decision.csv"
status=$?
case $status in
0) say "promoted: $(readlink "$MLO_REGISTRY/production")" ;;
1) say "rejected: production stays $(readlink "$MLO_REGISTRY/production" 2>/dev/null || echo none)" ;;
*) failed "the gate" ;;
esac
exit $status
