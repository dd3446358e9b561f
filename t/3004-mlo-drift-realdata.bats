#!/usr/bin/env bats
# mlo-drift on the real data shipped in data/: C-MAPSS FD001 engines wear
# out, and the sensors that degrade drift; AI4I 2020 with its process
# temperature switched to Celsius drifts in that column and no other.

load helper

FD001=$MLO_TOP/data/cmapss/train_FD001.txt.gz
AI4I=$MLO_TOP/data/ai4i2020/ai4i2020.csv
CMAPSS_COLS=unit,cycle,setting_1,setting_2,setting_3,s_1,s_2,s_3,s_4,s_5,s_6,s_7,s_8,s_9,s_10,s_11,s_12,s_13,s_14,s_15,s_16,s_17,s_18,s_19,s_20,s_21

# drifted OUT.csv: the columns with a drifted test, sorted, one line.
drifted() {
	awk -F, '$8 == "true" { print $3 }' "$1" | sort -u | tr '\n' ' '
}

@test "C-MAPSS FD001: early cycles against the last 30 of each engine flag the degrading sensors" {
	gzip -dc "$FD001" | awk '$2 <= 50' >early.txt
	gzip -dc "$FD001" | awk '{ r[NR] = $0; u[NR] = $1; c[NR] = $2; if ($2 > m[$1]) m[$1] = $2 }
	    END { for (i = 1; i <= NR; i++) if (c[i] > m[u[i]] - 30) print r[i] }' >late.txt
	mlo-drift profile --delimiter space --no-header --columns "$CMAPSS_COLS" \
	    --role unit=ignore --role cycle=ignore -o early.profile early.txt
	run --separate-stderr mlo-drift compare -r early.profile --delimiter space \
	    --no-header --columns "$CMAPSS_COLS" -o out.csv late.txt
	assert_failure 1
	# The fourteen sensors known to trend with wear (Saxena et al. 2008)
	for s in s_2 s_3 s_4 s_7 s_8 s_9 s_11 s_12 s_13 s_14 s_15 s_17 s_20 s_21; do
		grep -q "^[^,]*,[^,]*,$s,.*,true," out.csv || { echo "$s not flagged"; false; }
	done
	# The operating settings and the constant sensors do not drift
	for s in setting_1 setting_2 setting_3 s_1 s_5 s_10 s_16 s_18 s_19; do
		! grep -q "^[^,]*,[^,]*,$s,.*,true," out.csv || { echo "$s flagged"; false; }
	done
	! grep -q ',unit,\|,cycle,' out.csv
}

@test "C-MAPSS FD001: first half of the early cycles against the second: nothing drifts" {
	gzip -dc "$FD001" | awk '$2 <= 25' >a.txt
	gzip -dc "$FD001" | awk '$2 > 25 && $2 <= 50' >b.txt
	mlo-drift profile --delimiter space --no-header --columns "$CMAPSS_COLS" \
	    --role unit=ignore --role cycle=ignore -o a.profile a.txt
	run --separate-stderr mlo-drift compare -r a.profile --delimiter space \
	    --no-header --columns "$CMAPSS_COLS" -o out.csv b.txt
	assert_success
	[ "$(drifted out.csv)" = "" ]
}

# ai4i_halves: odd rows as they are (ref.csv), even rows with the process
# temperature in Celsius (cur.csv).
ai4i_halves() {
	awk -F, 'NR == 1 || NR % 2 == 0' "$AI4I" >ref.csv
	awk -F, -v OFS=, 'NR == 1 || NR % 2 == 1 { if (NR > 1) $5 = sprintf("%.1f", $5 - 273.15); print }' \
	    "$AI4I" >cur.csv
}

@test "AI4I 2020: process temperature in Celsius flags that column and no other" {
	ai4i_halves
	mlo-drift profile --role UDI=ignore --role 'Product ID=ignore' -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile -e ev.ndjson \
	    --now 2026-11-25T12:00:00Z -o out.csv cur.csv
	assert_failure 1
	[ "$(drifted out.csv)" = "Process temperature [K] " ]
	run jq -r '[.kind, .state, .column] | @tsv' ev.ndjson
	assert_output "drift	firing	Process temperature [K]"
}

@test "AI4I 2020: every test, sketch and exact, flags that column and no other" {
	ai4i_halves
	mlo-drift profile --role UDI=ignore --role 'Product ID=ignore' -o sk.profile ref.csv
	mlo-drift profile --exact --role UDI=ignore --role 'Product ID=ignore' -o ex.profile ref.csv
	mlo-drift compare -q -r sk.profile --test ks,psi,wasserstein,js,chi2,linf -o sk.csv cur.csv || true
	mlo-drift compare -q --exact -r ex.profile --test ks,psi,wasserstein,js,chi2,linf -o ex.csv cur.csv || true
	[ "$(drifted sk.csv)" = "Process temperature [K] " ]
	[ "$(drifted ex.csv)" = "Process temperature [K] " ]
}

@test "AI4I 2020: the unchanged halves do not drift" {
	awk -F, 'NR == 1 || NR % 2 == 0' "$AI4I" >ref.csv
	awk -F, 'NR == 1 || NR % 2 == 1' "$AI4I" >cur.csv
	mlo-drift profile --role UDI=ignore --role 'Product ID=ignore' -o ref.profile ref.csv
	run --separate-stderr mlo-drift compare -r ref.profile -o out.csv cur.csv
	assert_success
}
