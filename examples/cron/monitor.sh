#!/bin/sh
# examples/cron/monitor.sh: the every-few-minutes job of the mlo loop
# (DESIGN section 1), for cron or a systemd timer.  Each batch file that the
# historian (or an MQTT bridge, or an export script) has dropped into the
# inbox goes, in name order, through
#
#   mlo-validate  the data contract: rows that break it are quarantined
#   mlo-features  the feature spec, the same as for training
#   your model    predict: adds score, prediction and model_version
#   mlo-drift     the model's inputs and outputs against the reference
#
# each with --state, so that windows, alarms and rolling features carry
# over from batch to batch exactly as if the history came in one file.
# Findings go to the events file; predictions and drift rows are appended
# to files of their own; a processed batch moves to done/.
#
# A batch is applied whole or not at all: the programs work on copies of
# the state files, which replace the real ones only when every step has
# succeeded.  A batch that fails stays in the inbox and is tried again by
# the next run (the events its first steps appended are then written
# twice; rows and states are not).  Safe to run twice at once: the second
# run finds the lock taken and leaves, and the next run takes its batches.
#
# Settings, from the environment (crontab lines can set them):
#   MLO_HOME        working directory: lock, state/, done/   [/var/lib/mlo]
#   MLO_INBOX       where batch files arrive                 [$MLO_HOME/inbox]
#   MLO_CONTRACT    the data contract (mlo-contract(5))      [$MLO_HOME/contract.yaml]
#   MLO_FEATURES    the feature spec (mlo-features(5))       [$MLO_HOME/features.yaml]
#   MLO_REFERENCE   the reference profile (mlo-drift profile) [$MLO_HOME/reference.profile]
#   MLO_DRIFT_OPTIONS  more options for mlo-drift compare, such as
#                   "--window 500 --effect-floor 0.4"        [--window 1h --time ts]
#   MLO_REGISTRY    the model registry; its production model predicts
#                                                            [$MLO_HOME/models]
#   MLO_PREDICT     YOUR predict command, run as  $MLO_PREDICT MODEL_DIR ROWS.csv
#                   (examples/model/README.md)               [examples/model/logreg predict]
#   MLO_EVENTS      events file (mlo-events(5))              [$MLO_HOME/events.ndjson]
#   MLO_PREDICTIONS predictions, appended                    [$MLO_HOME/predictions.csv]
#   MLO_DRIFT       drift rows, appended                     [$MLO_HOME/drift.csv]
#   MLO_REJECTS     quarantined rows, appended               [$MLO_HOME/rejects.csv]
#   MLO_NOW         the time to treat as now (RFC 3339)      [the clock]
#   MLO_VERBOSE     1: let each program print its summary    [0]
#
# Prints one line per batch: rows in and quarantined, alarms raised by the
# model, drift verdicts, and the events that fired or resolved.
#
# Exit status: 0 every batch went through and nothing was found, or
# another run holds the lock; 1 a batch broke the contract or drifted (the
# events say how); 2 trouble: a step failed, its batch is left in the inbox.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${MLO_HOME:=/var/lib/mlo}"
: "${MLO_INBOX:=$MLO_HOME/inbox}"
: "${MLO_CONTRACT:=$MLO_HOME/contract.yaml}"
: "${MLO_FEATURES:=$MLO_HOME/features.yaml}"
: "${MLO_REFERENCE:=$MLO_HOME/reference.profile}"
: "${MLO_DRIFT_OPTIONS:=--window 1h --time ts}"
: "${MLO_REGISTRY:=$MLO_HOME/models}"
: "${MLO_PREDICT:=$here/../model/logreg predict}"
: "${MLO_EVENTS:=$MLO_HOME/events.ndjson}"
: "${MLO_PREDICTIONS:=$MLO_HOME/predictions.csv}"
: "${MLO_DRIFT:=$MLO_HOME/drift.csv}"
: "${MLO_REJECTS:=$MLO_HOME/rejects.csv}"
: "${MLO_NOW:=$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
: "${MLO_VERBOSE:=0}"

say() { printf 'monitor.sh: %s\n' "$*" >&2; }
q=-q
[ "$MLO_VERBOSE" = 1 ] && q=

mkdir -p "$MLO_HOME/state" "$MLO_HOME/done" "$MLO_INBOX" || exit 2
exec 9>>"$MLO_HOME/monitor.lock" || exit 2
if ! flock -n 9; then
	say "another run holds $MLO_HOME/monitor.lock: leaving the inbox to it"
	exit 0
fi
[ -e "$MLO_REGISTRY/production" ] || {
	say "no production model in $MLO_REGISTRY yet (run retrain.sh first)"
	exit 2
}
rm -rf "$MLO_HOME"/work.*
work=$(mktemp -d "$MLO_HOME/work.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT TERM

# append FILE TO: add CSV FILE to TO, its header only when TO is new.
append() {
	if [ -s "$2" ]; then tail -n +2 "$1" >>"$2"; else cat "$1" >>"$2"; fi
}

# events_since N: the events after line N of the events file, as
# "kind:state column entity" words, the informational ones left out.
events_since() {
	tail -n +$(($1 + 1)) "$MLO_EVENTS" 2>/dev/null | grep -v '"severity":"info"' |
	    sed -n 's/.*"kind":"\([a-z_]*\)"\(,"state":"\([a-z]*\)"\)\{0,1\}.*/\1 \3/p' |
	    sort | uniq -c | awk '{ printf "%s%s%s x%d", (NR > 1 ? ", " : ""), $2,
		($3 != "" ? " " $3 : ""), $1 }'
}

# batch FILE: one batch through the loop; exit status as the script's.
batch() {
	f=$1 name=$(basename "$1") found=0
	rm -rf "$work/state" && cp -R "$MLO_HOME/state" "$work/state" || return 2
	before=0
	[ -f "$MLO_EVENTS" ] && before=$(wc -l <"$MLO_EVENTS")

	mlo-validate $q -c "$MLO_CONTRACT" --state "$work/state/validate" \
	    --now "$MLO_NOW" -e "$MLO_EVENTS" --rejects "$MLO_REJECTS" \
	    -o "$work/valid" "$f"
	case $? in 0) ;; 1) found=1 ;; *) say "$name: mlo-validate failed"; return 2 ;; esac
	mlo-features $q -s "$MLO_FEATURES" --state "$work/state/features" \
	    --now "$MLO_NOW" -e "$MLO_EVENTS" -o "$work/features.csv" \
	    "$work/valid" || { say "$name: mlo-features failed"; return 2; }
	$MLO_PREDICT "$MLO_REGISTRY/production" "$work/features.csv" \
	    >"$work/predictions.csv" || { say "$name: predict failed"; return 2; }
	# shellcheck disable=SC2086 # MLO_DRIFT_OPTIONS is a list of words
	mlo-drift compare $q -r "$MLO_REFERENCE" $MLO_DRIFT_OPTIONS \
	    --state "$work/state/drift" --now "$MLO_NOW" -e "$MLO_EVENTS" \
	    -o "$work/drift.csv" "$work/predictions.csv"
	case $? in 0) ;; 1) found=1 ;; *) say "$name: mlo-drift failed"; return 2 ;; esac

	# Every step went through: keep its results, then its state.
	append "$work/predictions.csv" "$MLO_PREDICTIONS" &&
	    append "$work/drift.csv" "$MLO_DRIFT" || return 2
	for s in "$work"/state/*; do
		[ -e "$s" ] || continue
		mv -f "$s" "$MLO_HOME/state/" || return 2
	done
	mv -f "$f" "$MLO_HOME/done/" || return 2

	rows=$(($(wc -l <"$work/predictions.csv") - 1))
	summary=$(awk -F, -v rows="$rows" '
	FILENAME == ARGV[1] && FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "prediction") p = i; next }
	FILENAME == ARGV[1] { alarms += $p == 1; next }
	FNR == 1 { for (i = 1; i <= NF; i++) { if ($i == "drifted") d = i; if ($i == "column") c = i }; next }
	{ n++; if ($d == "true") drifted[$c] }
	END { k = 0; for (c in drifted) k++
		printf "%d rows scored, %d alarms; %d drift verdicts, %d columns drifted",
		    rows, alarms, n, k }' "$work/predictions.csv" "$work/drift.csv")
	ev=$(events_since "$before")
	say "$name: $summary${ev:+; events: $ev}"
	return $found
}

status=0
for f in "$MLO_INBOX"/*; do
	[ -f "$f" ] || continue
	batch "$f"
	st=$?
	[ $st -eq 2 ] && exit 2
	[ $st -eq 1 ] && status=1
done
exit $status
