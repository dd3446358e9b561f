#!/bin/sh
# cmapss-outcomes.sh: the outcomes file of C-MAPSS FD001's training units
# for mlo-features --labels: each unit fails at its last cycle.
#
#   sh examples/features/cmapss-outcomes.sh [train_FD001.txt.gz] > outcomes.csv
top=$(cd "$(dirname "$0")/../.." && pwd)
gzip -dc "${1:-$top/data/cmapss/train_FD001.txt.gz}" |
    awk '{ if (!($1 in last)) order[n++] = $1; last[$1] = $2 }
	END { print "unit,cycle"; for (i = 0; i < n; i++) print order[i] "," last[order[i]] }'
