# t/data/spectrum/spectrum.bash: helpers of the spectrum suites
# (t/2005-*, t/2006-*), loaded after t/helper.bash.

SDATA=$MLO_TOP/t/data/spectrum

# fault FILE ARGS...: a synthetic bearing signal by fault.awk into FILE.
fault() {
	local file=$1

	shift
	awk -v rate=20000 -v n=8192 -v shaft=33.3333 -v res=4000 "$@" \
	    -f "$SDATA/fault.awk" >"$file"
}

# col FILE ROW COLUMN: the value of COLUMN (by name) in data row ROW
# (1-based) of CSV FILE.
col() {
	awk -F, -v row="$2" -v name="$3" '
	    NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
	    NR == row + 1 { print c ? $c : "no column " name }' "$1"
}

# bigger A B: A > B as numbers (exit status).
bigger() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'
}
