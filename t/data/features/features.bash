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
# in N pieces of whole rows (as even as the row count allows, none empty
# when N is at most the rows) with --state st, concatenating the outputs
# (one header) into OUT.  One awk cuts the pieces, each with the header,
# and one joins the outputs: per piece only mlo-features runs.
chunks() {
	local n=$1 in=$2 spec=$3 out=$4 p

	shift 4
	rm -rf pieces outs st
	mkdir pieces outs
	awk -v n="$n" 'NR == 1 { head = $0; next }
	    { row[NR - 1] = $0 }
	    END {
		rows = NR - 1
		for (i = 0; i < n; i++) {
			f = sprintf("pieces/p%03d", i)
			print head >f
			for (r = int(i * rows / n) + 1; r <= int((i + 1) * rows / n); r++)
				print row[r] >f
			close(f)
		}
	    }' "$in"
	for p in pieces/p*; do
		mlo-features -q -s "$spec" --state st "$@" "$p" \
		    >"outs/${p#pieces/}" || return 1
	done
	awk 'NR == 1 || FNR > 1' outs/p* >"$out"
}
