#!/usr/bin/env bats
# mlo-report --impact: the worked example of mlo-report(1), IMPACT, on
# t/data/report/predictions.csv and outcomes.csv.  The figures were
# computed apart from mlo-report by impact_ref.py (pandas, numpy) into
# impact.expected, and by hand in the man page.

load helper

RDATA=$MLO_TOP/t/data/report

setup() {
	work_dir
	cp "$RDATA/predictions.csv" "$RDATA/outcomes.csv" "$RDATA/policy.yaml" .
	: >events.ndjson
}

impact() {
	run --separate-stderr mlo-report --impact --predictions predictions.csv \
	    --outcomes outcomes.csv --since 2026-01-01T00:00:00Z \
	    --until 2026-02-01T00:00:00Z --now 2026-02-01T00:00:00Z \
	    --avoidable 0.75 "$@" events.ndjson
}

# figures: the impact line of the last run as "key value" lines.
figures() {
	printf '%s\n' "$output" | jq -r 'select(.type == "impact")
	    | to_entries[] | select(.key != "type") | "\(.key) \(.value)"'
}

@test "the worked example: the figures of impact_ref.py" {
	impact -f ndjson --cost-unplanned 50000 --cost-planned 8000 \
	    --cost-inspection 800
	assert_success
	assert_stderr "mlo-report: outcomes.csv:7: failure of 'P-5', an entity without predictions: counted as unmonitored"
	assert_equal "$(figures)" "$(sed 's/\.0*$//' "$RDATA/impact.expected")"
}

@test "the worked example by hand: text of the man page" {
	impact --cost-unplanned 50000 --cost-planned 8000 --cost-inspection 800
	assert_success
	assert_line 'business   AMBER'
	assert_line '  - 2 of 5 failures in the period missed'
	assert_line '  failures    3 caught, 2 missed, 1 unmonitored'
	assert_line '  alarms      6 episodes: 4 true, 1 false, 1 pending'
	assert_line '  lead time   median 2d12h, p10 16h48m, p90 3d7h12m'
	assert_line '  downtime    15 h avoided of 31 h'
	assert_line '  money saved 135200.00'
	assert_line '  v3                       12 predictions, 6 positive (share 0.5000)'
	assert_line '  v4                       4 predictions, 3 positive (share 0.7500)'
}

@test "the worked example's output in the man page is the program's" {
	impact --cost-unplanned 50000 --cost-planned 8000 --cost-inspection 800
	sed -n '/^business impact$/,/^  money saved/p' "$MLO_TOP/man/mlo-report.1" >man.txt
	[ "$(wc -l <man.txt)" -eq 6 ]
	printf '%s\n' "$output" | sed -n '/^business impact$/,/^  money saved/p' >out.txt
	diff man.txt out.txt
}

@test "markdown: the impact table and the models" {
	impact -f markdown --policy policy.yaml
	assert_success
	assert_line '| failures caught | 3 |'
	assert_line '| lead time p10 | 16h48m |'
	assert_line '| downtime avoided (h) | 15 of 31 |'
	assert_line '| money saved | 159200.00 |'
	assert_line '| v3 | predictions, positive | 12, 6 | 0.5000 |'
	assert_line '| v4 | predictions, positive | 4, 3 | 0.7500 |'
}

@test "costs from the policy: missed_failure is unplanned, false_alarm the inspection" {
	impact -f ndjson --policy policy.yaml
	assert_success
	# (50000 + 50000 + 60000) - 800 * 1, nothing planned
	assert_equal "$(figures | grep money)" 'money_saved 159200'
	impact -f ndjson --policy policy.yaml --cost-planned 8000
	assert_equal "$(figures | grep money)" 'money_saved 135200'
}

@test "no costs: money saved is null, the rest stands" {
	impact -f ndjson
	assert_success
	assert_equal "$(figures | grep -E 'money|caught')" 'caught 3
money_saved null'
}

@test "the lead window decides: --lead 1d..7d misses the 6-hour warning" {
	impact -f ndjson --lead 1d..7d
	assert_failure 1	# more missed than caught: business red
	assert_equal "$(figures | grep -E '^(caught|missed|lead_time_median_s) ')" 'caught 2
missed 3
lead_time_median_s 259200'
}

@test "--threshold judges by score; a higher one catches less" {
	impact -f ndjson --threshold 0.65
	assert_success
	# P-4 alerts only on 01-04 (lead 12h), P-2's 0.6 is no alarm now;
	# numpy.quantile([21600, 43200, 302400], 0.1) = 25920
	assert_equal "$(figures | grep -E '^(caught|false_alarms|lead_time_p10_s) ')" 'caught 3
false_alarms 0
lead_time_p10_s 25920'
}

@test "a prediction column decides when there is no --threshold" {
	awk -F, -v OFS=, 'NR == 1 { print $0, "prediction"; next }
	    { print $0, ($4 >= 0.5 ? 1 : 0) }' predictions.csv >p.csv
	cut -d, -f1-3,5,6 p.csv >predictions.csv
	impact -f ndjson
	assert_success
	assert_equal "$(figures | grep -E '^(caught|episodes) ')" 'caught 3
episodes 6'
}

@test "entity and time from the row id when the columns are absent" {
	cut -d, -f1,4,5 predictions.csv >p.csv && mv p.csv predictions.csv
	impact -f ndjson --cost-unplanned 50000 --cost-planned 8000 \
	    --cost-inspection 800
	assert_success
	assert_equal "$(figures)" "$(sed 's/\.0*$//' "$RDATA/impact.expected")"
}

@test "NDJSON predictions and outcomes, epoch seconds" {
	awk -F, 'NR > 1 { printf "{\"id\":\"%s\",\"entity\":\"%s\",\"time\":\"%s\",\"score\":%s,\"model_version\":\"%s\"}\n", $1, $2, $3, $4, $5 }' predictions.csv >p.ndjson
	printf '%s\n' '{"asset":"P-1","time":1767960000,"downtime_hours":10}' >o.ndjson
	run --separate-stderr mlo-report --impact --predictions p.ndjson \
	    --outcomes o.ndjson --since 2026-01-01T00:00:00Z \
	    --until 2026-02-01T00:00:00Z -f ndjson events.ndjson
	assert_success
	assert_equal "$(figures | grep -E '^(caught|missed|lead_time_median_s|downtime_s) ')" 'caught 1
missed 0
lead_time_median_s 302400
downtime_s 36000'
}
