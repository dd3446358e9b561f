# compare.awk: compare mlo-features output with reference values.
#
#	awk -F, -v tol=1e-9 -f compare.awk ref.csv out.csv
#
# Every column of ref.csv must be in out.csv, row for row (the same order);
# two values agree when both are empty (null), or when they are the same
# text, or when |a - b| <= tol * max(|a|, |b|), or |a - b| <= 1e-12 (a value
# that should be 0).  Prints each disagreement (the first 20) and a count;
# exits 1 when there is any.
function abs(v) { return v < 0 ? -v : v }
FNR == 1 {
	file++
	for (i = 1; i <= NF; i++)
		if (file == 1) refname[i] = $i; else col[$i] = i
	nref = file == 1 ? NF : nref
	if (file == 2)
		for (i = 1; i <= nref; i++)
			if (!(refname[i] in col)) {
				print "no column " refname[i] " in the output"
				bad++
			}
	next
}
file == 1 { for (i = 1; i <= NF; i++) ref[FNR, i] = $i; rows = FNR; next }
{
	for (i = 1; i <= nref; i++) {
		if (!(refname[i] in col))
			continue
		want = ref[FNR, i]
		got = $(col[refname[i]])
		checked++
		if (want == got)
			continue
		if (want != "" && got != "") {
			d = abs(got - want)
			m = abs(want) > abs(got) ? abs(want) : abs(got)
			if (d <= tol * m || d <= 1e-12)
				continue
		}
		if (bad++ < (max ? max : 20))
			printf "row %d %s: got '%s', want '%s'\n", FNR - 1,
			    refname[i], got, want
	}
}
END {
	if (FNR != rows) {
		print "output has " FNR " lines, reference " rows
		bad++
	}
	printf "%d values compared, %d disagree\n", checked, bad
	exit bad > 0
}
