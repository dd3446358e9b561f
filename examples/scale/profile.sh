#!/bin/sh
# examples/scale/profile.sh: profile a large history on every core (or on
# several hosts) with GNU parallel, and merge the parts into one profile.
#
#   profile.sh [-o reference.profile] HISTORY.csv[.gz] ...
#
# The history is cut into blocks of whole lines, each with the header
# (parallel --pipe --header 1); every block is profiled by its own
# `mlo-drift profile`, and `mlo-drift merge` combines the parts in block
# order.  Counts, nulls, extremes and categories are exactly those of one
# pass over the history; moments agree to 1e-12 relative and quantiles
# within the sketch's stated error (mlo-drift(1), mlo-profile(5)).
#
# Settings, from the environment:
#   MLO_JOBS      parallel jobs per host (parallel -j)       [one per core]
#   MLO_BLOCK     block size (parallel --block)              [50M]
#   MLO_SSHLOGIN  hosts to run on (parallel --sshlogin), e.g.
#                 ":,4/alice@node1,4/alice@node2": ":" is this host, 4/ the
#                 jobs there; every host needs mlo-drift on its PATH   [this host]
#   MLO_PROFILE_OPTIONS  options for mlo-drift profile, e.g. roles:
#                 "--role asset_id=ignore --role status=prediction"   [none]
#
# CSV with a header line only: the blocks need it (use mlo-validate -f csv
# to turn NDJSON or header-less input into it).
set -u
out=-
case ${1:-} in -o) out=$2; shift 2 ;; esac
[ $# -gt 0 ] || { echo "usage: profile.sh [-o PROFILE] HISTORY..." >&2; exit 2; }
: "${MLO_JOBS:=100%}"
: "${MLO_BLOCK:=50M}"
: "${MLO_SSHLOGIN:=}"
: "${MLO_PROFILE_OPTIONS:=}"

parts=$(mktemp -d "${TMPDIR:-/tmp}/mlo-profile.XXXXXX") || exit 2
trap 'rm -rf "$parts"' EXIT
trap 'exit 2' HUP INT TERM
set -- "$@"
ssh=
[ -n "$MLO_SSHLOGIN" ] && ssh="--sshlogin $MLO_SSHLOGIN"

# --files: each block's profile comes back as a file (from remote hosts
# too), -k lists them in block order, which merge keeps.
# shellcheck disable=SC2086 # $ssh and the options are lists of words
gzip -dcf -- "$@" |
    parallel --pipe --header 1 --block "$MLO_BLOCK" -j "$MLO_JOBS" $ssh \
    -k --files --tmpdir "$parts" --halt now,fail=1 \
    "mlo-drift profile $MLO_PROFILE_OPTIONS" >"$parts/list" ||
    { echo "profile.sh: profiling a block failed" >&2; exit 2; }
# shellcheck disable=SC2046 # one file name a line, no blanks (mktemp's)
mlo-drift merge -o "$out" $(cat "$parts/list")
