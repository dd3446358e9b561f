#!/bin/sh
# examples/cron/report.sh: the report of the mlo loop (mlo-report(1)),
# for cron or a systemd timer: integrity, model, business, feedback and
# lifecycle, from the events of the other jobs, the registry's ledger, the
# technicians' feedback and the predictions.
#
#   report.sh text         the report on standard output (cron mails it)
#   report.sh html         MLO_HTML, one self-contained page
#   report.sh prometheus   MLO_PROM, for node_exporter's textfile collector
#
# Settings, from the environment (as monitor.sh and retrain.sh):
#   MLO_HOME        working directory, holds the lock        [/var/lib/mlo]
#   MLO_EVENTS      events file                               [$MLO_HOME/events.ndjson]
#   MLO_REGISTRY    model registry (its ledger.ndjson)        [$MLO_HOME/models]
#   MLO_FEEDBACK    technicians' feedback log                 [$MLO_HOME/feedback.ndjson]
#   MLO_PREDICTIONS predictions (monitor.sh appends them)     [$MLO_HOME/predictions.csv]
#   MLO_OUTCOMES    failures, for business impact; optional   [$MLO_HOME/outcomes.csv]
#   MLO_POLICY      the gate's policy: costs for the impact   [$MLO_HOME/policy.yaml]
#   MLO_PERIOD      how far back the report looks             [7d]
#   MLO_BUCKET      the time buckets of trends and charts     [a 24th of the period]
#   MLO_LEAD        the impact's lead window, MIN..MAX        [mlo-report's, 1h..7d]
#   MLO_HTML        where html goes                           [$MLO_HOME/report.html]
#   MLO_PROM        where prometheus goes                     [/var/lib/prometheus/node-exporter/mlo.prom]
#   MLO_NOW         the time to treat as now (RFC 3339)       [the clock]
#
# Files are written atomically by mlo-report, so a reader (a web server,
# node_exporter) never sees half a report.  Runs do not overlap: a second
# one finds the lock taken and leaves.
#
# Exit status: mlo-report's: 0 every layer green or amber, 1 a layer is
# red, 2 trouble.
set -u
: "${MLO_HOME:=/var/lib/mlo}"
: "${MLO_EVENTS:=$MLO_HOME/events.ndjson}"
: "${MLO_REGISTRY:=$MLO_HOME/models}"
: "${MLO_FEEDBACK:=$MLO_HOME/feedback.ndjson}"
: "${MLO_PREDICTIONS:=$MLO_HOME/predictions.csv}"
: "${MLO_OUTCOMES:=$MLO_HOME/outcomes.csv}"
: "${MLO_POLICY:=$MLO_HOME/policy.yaml}"
: "${MLO_PERIOD:=7d}"
: "${MLO_BUCKET:=}"
: "${MLO_LEAD:=}"
: "${MLO_HTML:=$MLO_HOME/report.html}"
: "${MLO_PROM:=/var/lib/prometheus/node-exporter/mlo.prom}"
: "${MLO_NOW:=$(date -u +%Y-%m-%dT%H:%M:%SZ)}"

say() { printf 'report.sh: %s\n' "$*" >&2; }
case ${1:-} in
text) out=- ;;
html) out=$MLO_HTML ;;
prometheus) out=$MLO_PROM ;;
*) echo "usage: report.sh text | html | prometheus" >&2; exit 2 ;;
esac
format=$1

mkdir -p "$MLO_HOME" || exit 2
exec 9>>"$MLO_HOME/report-$format.lock" || exit 2
if ! flock -n 9; then
	say "another run holds $MLO_HOME/report-$format.lock: leaving it to finish"
	exit 0
fi

# The inputs that exist; a young installation has no ledger or feedback.
set --
[ -f "$MLO_REGISTRY/ledger.ndjson" ] && set -- "$@" --ledger "$MLO_REGISTRY/ledger.ndjson"
[ -f "$MLO_FEEDBACK" ] && set -- "$@" --feedback "$MLO_FEEDBACK"
[ -f "$MLO_POLICY" ] && set -- "$@" --policy "$MLO_POLICY"
if [ -f "$MLO_PREDICTIONS" ] && [ -f "$MLO_OUTCOMES" ]; then
	set -- "$@" --impact --predictions "$MLO_PREDICTIONS" --outcomes "$MLO_OUTCOMES"
	[ -n "$MLO_LEAD" ] && set -- "$@" --lead "$MLO_LEAD"
fi
[ -n "$MLO_BUCKET" ] && set -- "$@" --bucket "$MLO_BUCKET"
[ -f "$MLO_EVENTS" ] || : >>"$MLO_EVENTS" || exit 2

exec mlo-report --format "$format" -o "$out" --period "$MLO_PERIOD" \
    --now "$MLO_NOW" "$@" "$MLO_EVENTS"
