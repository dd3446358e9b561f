#!/usr/bin/env bats
# mlo-validate on the real data shipped in data/, against the contracts in
# contracts/.  Expected counts are computed here from the data with awk,
# never written down.

load helper

AI4I=$MLO_TOP/data/ai4i2020/ai4i2020.csv
FD001_TRAIN=$MLO_TOP/data/cmapss/train_FD001.txt.gz
FD001_TEST=$MLO_TOP/data/cmapss/test_FD001.txt.gz

setup() {
	work_dir
	cp "$MLO_TOP/contracts/ai4i2020.yaml" "$MLO_TOP/contracts/cmapss-fd001.yaml" .
}

# contract_range CONTRACT COLUMN: "LOW HIGH" of COLUMN's range in CONTRACT
# (block style, as the shipped contracts write it).
contract_range() {
	awk -v col="$2" '
		$0 == "  - name: " col { found = 1; next }
		found && /^  - name:/ { exit }
		found && $1 == "range:" {
			s = $0
			sub(/^[^[]*\[/, "", s)
			sub(/\].*$/, "", s)
			split(s, lim, /, */)
			print lim[1], lim[2]
			exit
		}' "$1"
}

@test "AI4I 2020 passes its contract: 10000 rows, stdout as read" {
	rows=$(($(wc -l <"$AI4I") - 1))
	run --separate-stderr sh -c "mlo-validate -c ai4i2020.yaml --now $NOW \
	    -e events.ndjson '$AI4I' >out.csv"
	assert_success
	assert_stderr "ai4i2020@1.0.0: $rows rows in, $rows passed, 0 rejected"
	# The file starts with a byte-order mark, which is dropped.
	tail -c +4 "$AI4I" | cmp - out.csv
	run cat events.ndjson
	assert_output "$(summary_event "$rows" "$rows" 0 ai4i2020@1.0.0)"
	[ "$rows" -eq 10000 ]
}

@test "C-MAPSS FD001 train passes its contract, gzip and blank-separated" {
	rows=$(gzip -dc "$FD001_TRAIN" | wc -l)
	run --separate-stderr sh -c "mlo-validate -c cmapss-fd001.yaml '$FD001_TRAIN' >out.txt"
	assert_success
	assert_stderr "cmapss-fd001@1.1.0: $rows rows in, $rows passed, 0 rejected"
	gzip -dc "$FD001_TRAIN" | cmp - out.txt
}

@test "C-MAPSS FD001 test passes its contract" {
	rows=$(gzip -dc "$FD001_TEST" | wc -l)
	run --separate-stderr sh -c "mlo-validate -c cmapss-fd001.yaml '$FD001_TEST' >out.txt"
	assert_success
	assert_stderr "cmapss-fd001@1.1.0: $rows rows in, $rows passed, 0 rejected"
	gzip -dc "$FD001_TEST" | cmp - out.txt
}

@test "C-MAPSS FD001 as NDJSON: one object per row with the contract's names" {
	run --separate-stderr sh -c "mlo-validate -c cmapss-fd001.yaml -q -f ndjson '$FD001_TEST' | head -1"
	assert_success
	assert_output '{"unit":1,"cycle":1,"setting_1":0.0023,"setting_2":0.0003,"setting_3":100.0,"s_1":518.67,"s_2":643.02,"s_3":1585.29,"s_4":1398.21,"s_5":14.62,"s_6":21.61,"s_7":553.90,"s_8":2388.04,"s_9":9050.17,"s_10":1.30,"s_11":47.20,"s_12":521.72,"s_13":2388.03,"s_14":8125.55,"s_15":8.4052,"s_16":0.03,"s_17":392,"s_18":2388,"s_19":100.00,"s_20":38.86,"s_21":23.3735}'
	# The same numbers as the file's first line, in the same order.
	want=$(gzip -dc "$FD001_TEST" | head -1 | awk '{ $1 = $1; print }')
	got=$(printf '%s\n' "$output" | sed 's/"[a-z_0-9]*"://g; s/[{}]//g; s/,/ /g')
	assert_equal "$got" "$want"
}

@test "AI4I with process temperature in Celsius from the middle on: range catches it" {
	read -r lo hi <<-EOF
	$(contract_range ai4i2020.yaml 'Process temperature [K]')
	EOF
	[ -n "$lo" ]
	[ -n "$hi" ]
	# From the row in the middle on, kelvin becomes Celsius (K - 273.15).
	rows=$(($(wc -l <"$AI4I") - 1))
	awk -F, -v OFS=, -v half=$((rows / 2)) '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Process temperature [K]") c = i }
		NR - 1 > half { $c = sprintf("%.2f", $c - 273.15) }
		{ print }' "$AI4I" >celsius.csv
	# What the contract must catch, counted here.
	read -r bad first last example <<-EOF
	$(awk -F, -v lo="$lo" -v hi="$hi" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Process temperature [K]") c = i; next }
		$c + 0 < lo + 0 || $c + 0 > hi + 0 {
			n++; if (!first) { first = NR; ex = $c }; last = NR
		}
		END { print n + 0, first, last, ex }' celsius.csv)
	EOF
	[ "$bad" -gt 0 ]
	run --separate-stderr mlo-validate -c ai4i2020.yaml --now "$NOW" \
	    -e events.ndjson --rejects rejects.csv -o out.csv celsius.csv
	assert_failure 1
	assert_stderr "ai4i2020@1.0.0: $rows rows in, $((rows - bad)) passed, $bad rejected
  range: $bad rows where 'Process temperature [K]' is outside [$lo, $hi] (first: $example), celsius.csv:$first to celsius.csv:$last"
	run grep -F '"kind":"range"' events.ndjson
	assert_output "{\"v\":1,\"time\":\"$NOW\",\"tool\":\"mlo-validate\",\"kind\":\"range\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"ai4i2020@1.0.0\",\"column\":\"Process temperature [K]\",\"rows\":$bad,\"first\":\"celsius.csv:$first\",\"last\":\"celsius.csv:$last\",\"example\":\"$example\",\"message\":\"$bad rows where 'Process temperature [K]' is outside [$lo, $hi] (first: $example)\"}"
	[ "$(($(wc -l <rejects.csv) - 1))" -eq "$bad" ]
	[ "$(($(wc -l <out.csv) - 1))" -eq $((rows - bad)) ]
}

@test "C-MAPSS train and test in one run: reused engine numbers go back in time" {
	# As the contract says, train and test number their engines 1..100
	# both: read one after the other, a test engine's cycles restart below
	# the train engine's last.  Count what that must give, per engine.
	read -r passed back back_first back_last dup dup_first dup_last <<-EOF
	$(for f in "$FD001_TRAIN" "$FD001_TEST"; do gzip -dc "$f"; echo '--'; done | awk '
		$0 == "--" { file++; line = 0; next }
		{ line++; u = $1; c = $2 + 0 }
		(u in last) && c < last[u] { n1++; if (!f1) f1 = line; l1 = line; next }
		(u in last) && c == last[u] { n2++; if (!f2) f2 = line; l2 = line; next }
		{ last[u] = c; p++ }
		END { print p, n1 + 0, f1, l1, n2 + 0, f2, l2 }')
	EOF
	in=$((passed + back + dup))
	[ "$back" -gt 0 ]
	run --separate-stderr mlo-validate -c cmapss-fd001.yaml -q --now "$NOW" \
	    -e events.ndjson -o out.txt "$FD001_TRAIN" "$FD001_TEST"
	assert_failure 1
	run cat events.ndjson
	assert_line --partial "\"kind\":\"time_order\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"cmapss-fd001@1.1.0\",\"column\":\"cycle\",\"rows\":$back,\"first\":\"$FD001_TEST:$back_first\",\"last\":\"$FD001_TEST:$back_last\","
	if [ "$dup" -gt 0 ]; then
		assert_line --partial "\"kind\":\"duplicate_key\",\"severity\":\"critical\",\"layer\":\"integrity\",\"contract\":\"cmapss-fd001@1.1.0\",\"column\":\"cycle\",\"rows\":$dup,\"first\":\"$FD001_TEST:$dup_first\",\"last\":\"$FD001_TEST:$dup_last\","
	fi
	assert_line "$(summary_event "$in" "$passed" $((back + dup)) cmapss-fd001@1.1.0)"
	[ "$(wc -l <out.txt)" -eq "$passed" ]
}
