# t/scale/same.bash: what examples/scale must give, shared by
# t/8002-examples-scale.bats (small) and t/slow/8901-scale-parallel.bats
# (1M rows).

# exact_fields PROFILE: the fields of a profile that a merge keeps exactly.
exact_fields() {
	jq -c '[.rows, .kll_k, .category_cap, (.columns[] | [.name, .role, .type,
	    .count, .nulls, .nans, .infs, .invalid, .n, .min, .max, .distinct,
	    .error, .other, .categories, .kll.n])]' "$1"
}

# same_profiles ONE PARALLEL: exact fields equal, moments within 1e-12.
same_profiles() {
	[ "$(exact_fields "$1")" = "$(exact_fields "$2")" ] || {
		diff <(exact_fields "$1" | tr '[' '\n') <(exact_fields "$2" | tr '[' '\n') >&2
		return 1
	}
	jq -r '.columns[] | select(.type == "number") | [.name, .mean, .m2] | @tsv' "$1" >one.moments
	jq -r '.columns[] | select(.type == "number") | [.name, .mean, .m2] | @tsv' "$2" >par.moments
	[ -s one.moments ]
	awk -F '\t' 'NR == FNR { m[$1] = $2; s[$1] = $3; next }
	    function off(a, b) { d = a - b; if (d < 0) d = -d; if (a < 0) a = -a
		return d > 1e-12 * a }
	    off(m[$1], $2) || off(s[$1], $3) { print "moments of " $1 " differ" > "/dev/stderr"; bad = 1 }
	    END { exit bad }' one.moments par.moments
}

# same_verdicts ONE PARALLEL DATA: mlo-drift compare of DATA against either
# profile gives statistics within the two sketches' stated error bounds of
# each other (the quantile sketches of a merge and of one pass differ, each
# within its bound of the exact value), and the same verdict on the
# column that really moved (vib_hz, in the last windows).
same_verdicts() {
	# exit 1: drift found, as it must be
	mlo-drift compare -q -r "$1" --window 5000 "$3" >one.verdicts || [ $? -eq 1 ]
	mlo-drift compare -q -r "$2" --window 5000 "$3" >par.verdicts || [ $? -eq 1 ]
	[ "$(wc -l <one.verdicts)" -eq "$(wc -l <par.verdicts)" ]
	paste -d, one.verdicts par.verdicts | awk -F, 'NR > 1 {
		d = $5 - $16; if (d < 0) d = -d
		if ($1 != $12 || $3 != $14 || d > $11 + $22 + 1e-12) {
			print "apart: " $0 > "/dev/stderr"; bad = 1 }
		n++ }
	    END { exit bad || n < 10 }'
	[ "$(grep -c '^[^,]*,[^,]*,vib_hz,.*,true,' one.verdicts)" -ge 2 ]
	for v in one.verdicts par.verdicts; do
		[ "$(grep '^[^,]*,[^,]*,vib_hz,' "$v" | tail -n 2 | cut -d, -f8)" = \
		    "$(printf 'true\ntrue')" ]
	done
}

# same_features ONE PARALLEL ENTITY: the same rows, and for ENTITY in the
# same order.
same_features() {
	[ "$(head -n 1 "$1")" = "$(head -n 1 "$2")" ]
	cmp <(sort "$1") <(sort "$2")
	cmp <(grep ",$3," "$1") <(grep ",$3," "$2")
	[ "$(grep -c ",$3," "$1")" -gt 10 ]
}

# shifted DATA: DATA with vib_hz 30% higher on the second half of the rows.
shifted() {
	awk -F, -v OFS=, -v n="$(wc -l <"$1")" 'NR > n / 2 { $3 = sprintf("%.4f", $3 * 1.3) } 1' "$1"
}
