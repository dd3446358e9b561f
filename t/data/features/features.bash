# t/data/features/features.bash: helpers of the mlo-features suites
# (t/2000-mlo-features-*.bats), loaded after t/helper.bash.

FDATA=$MLO_TOP/t/data/features

# spec FILE COLUMN-LINE...: write a spec FILE with the test header (entity
# u, time ts) and the given lines under "columns:".
spec() {
	local file=$1

	shift
	{
		printf '%s\n' 'features: t' 'version: 1' 'entity: u' 'time: ts' \
		    'columns:'
		printf '%s\n' "$@"
	} >"$file"
}

# data FILE ROW...: write FILE as the header ts,u,x,y and ROWs.
data() {
	local file=$1

	shift
	{
		printf '%s\n' 'ts,u,x,y'
		printf '%s\n' "$@"
	} >"$file"
}

# features_to FILE ARGS...: run mlo-features with stdout to FILE byte for
# byte (run would drop trailing newlines).
features_to() {
	local out=$1

	shift
	run --separate-stderr sh -c 'out=$1; shift; exec mlo-features "$@" >"$out"' \
	    sh "$out" "$@"
}

# chunks N IN SPEC OUT ARGS...: feed IN (CSV with a header) to mlo-features
# in N pieces of whole rows with --state st, concatenating the outputs
# (one header) into OUT.
chunks() {
	local n=$1 in=$2 spec=$3 out=$4 p first=1

	shift 4
	rm -rf pieces st
	mkdir pieces
	tail -n +2 "$in" >body.csv
	split -n "l/$n" -d -a 3 body.csv pieces/p
	: >"$out"
	for p in pieces/p*; do
		{ head -n 1 "$in"; cat "$p"; } >piece.csv
		mlo-features -q -s "$spec" --state st "$@" piece.csv >o.csv ||
		    return 1
		if [ $first = 1 ]; then
			cat o.csv >>"$out"
			first=0
		else
			tail -n +2 o.csv >>"$out"
		fi
	done
}
