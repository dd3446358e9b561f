#!/usr/bin/env bats
# examples/model: logreg, the demo's model and the place where the user's
# goes, checked against scikit-learn; its predict columns and its errors;
# and the scikit-learn example in the same place.

load helper

MDATA=$MLO_TOP/t/data/model
LOGREG=$MLO_TOP/examples/model/logreg

# coefficients L2: "name,coefficient" of logreg trained with MODEL_L2=L2.
coefficients() {
	MODEL_L2=$1 "$LOGREG" train "$MDATA/train.csv" "m$1" &&
	    awk -F, '!/^#/ { print $1 "," $2 }' "m$1/model.csv"
}

@test "logreg: the coefficients are scikit-learn's, to 1e-9 relative, at two penalties" {
	for l2 in 1 0.1; do
		coefficients $l2 >got
		grep "^l2=$l2," "$MDATA/expected.csv" | cut -d, -f2- >want
		run awk -F, 'NR == FNR { w[$1] = $2; next }
		    { d = $2 - w[$1]; if (d < 0) d = -d; a = w[$1] < 0 ? -w[$1] : w[$1]
		      if (!($1 in w) || d > 1e-9 * a) { print "off: " $0 " want " w[$1]; bad = 1 } n++ }
		    END { if (n != 5) print n " coefficients"; exit bad || n != 5 }' want got
		assert_success
	done
}

@test "logreg: the features by default are the numeric columns but ids and labels" {
	{ echo 'id,row_id,unit,x,tag,label'
	  for i in 1 2 3 4 5 6 7 8; do echo "r$i,u@$i,$i,$((i * i % 7)),t$i,$((i % 2))"; done
	} >t.csv
	run "$LOGREG" train t.csv m
	assert_success
	run awk -F, '!/^#/ { print $1 }' m/model.csv
	assert_output "$(printf '%s\n' intercept unit x)"
	MODEL_EXCLUDE=unit "$LOGREG" train t.csv m
	run awk -F, '!/^#/ { print $1 }' m/model.csv
	assert_output "$(printf '%s\n' intercept x)"
}

@test "logreg predict: rows as they were, then score, prediction and model_version" {
	MODEL_L2=1 "$LOGREG" train "$MDATA/train.csv" m
	head -n 400 "$MDATA/train.csv" >rows.csv
	run --separate-stderr "$LOGREG" predict m rows.csv
	assert_success
	assert_line --index 0 'row_id,health,s_3_mean_20,s_4_max_20,s_11_slope_30,label,score,prediction,model_version'
	[ "${#lines[@]}" -eq 400 ]
	# the input's fields unchanged; prediction is score >= 0.5
	[ "$(printf '%s\n' "${lines[@]}" | cut -d, -f1-6)" = "$(cat rows.csv)" ]
	run awk -F, 'NR > 1 && ($8 != ($7 >= 0.5) || $9 != "unregistered") { print; bad = 1 }
	    NR > 1 && $8 == 1 { alarms++ } END { exit bad || !alarms }' <(
	    "$LOGREG" predict m rows.csv)
	assert_success
	# a row with no features at all scores the intercept alone
	[ "$("$LOGREG" predict m rows.csv | sed -n 2p | cut -d, -f7)" = \
	    "$(awk -F, '$1 == "intercept" { printf "%.6f", 1 / (1 + exp(-$2)) }' m/model.csv)" ]
	MODEL_THRESHOLD=0.99 run "$LOGREG" predict m rows.csv
	run awk -F, 'NR > 1 && $8 != ($7 >= 0.99) { bad = 1 } END { exit bad }' <(
	    MODEL_THRESHOLD=0.99 "$LOGREG" predict m rows.csv)
	assert_success
}

@test "logreg predict: model_version is the id of the registry's meta.json, from stdin too" {
	"$LOGREG" train "$MDATA/train.csv" m
	printf '{"id":"20261101T023000Z-be67639a","model_version":"20261101T023000Z-be67639a","created":"x"}\n' >m/meta.json
	run sh -c "head -n 3 '$MDATA/train.csv' | '$LOGREG' predict m | cut -d, -f9"
	assert_success
	assert_output "$(printf '%s\n' model_version 20261101T023000Z-be67639a 20261101T023000Z-be67639a)"
}

@test "logreg: bad input is trouble, said with where" {
	printf 'x,label\n1,0\n2,2\n' >bad.csv
	run --separate-stderr "$LOGREG" train bad.csv m
	assert_failure 2
	assert_stderr "logreg: bad.csv:3: label '2' is not 0 or 1"
	printf 'x,y\n1,0\n' >nolabel.csv
	run --separate-stderr "$LOGREG" train nolabel.csv m
	assert_failure 2
	assert_stderr "logreg: nolabel.csv: no column 'label'"
	MODEL_FEATURES=z run --separate-stderr "$LOGREG" train "$MDATA/train.csv" m
	assert_failure 2
	assert_stderr "logreg: $MDATA/train.csv: no column 'z'"
	printf 'x,label\n1,\n' >unlabelled.csv
	run --separate-stderr "$LOGREG" train unlabelled.csv m
	assert_failure 2
	assert_stderr "logreg: unlabelled.csv: no labelled rows"
	"$LOGREG" train "$MDATA/train.csv" m
	printf 'row_id,health\na,1\n' >short.csv
	run --separate-stderr "$LOGREG" predict m short.csv
	assert_failure 2
	assert_stderr "logreg: no column 's_3_mean_20' in the rows"
	run --separate-stderr "$LOGREG" predict nowhere short.csv
	assert_failure 2
	assert_stderr "logreg: nowhere/model.csv: no model there"
	run --separate-stderr "$LOGREG" fit
	assert_failure 2
	assert_stderr "usage: logreg train TRAIN.csv MODEL_DIR | predict MODEL_DIR [ROWS.csv]"
}

@test "sklearn-model: the same commands and columns, judged by the gate" {
	/usr/bin/python3 -c 'import sklearn' 2>/dev/null ||
	    skip "python3-sklearn is not installed"
	awk -F, 'NR == 1 || $1 !~ /^(1[0-2])@/' "$MDATA/train.csv" >train.csv
	awk -F, 'NR == 1 || $1 ~ /^(1[0-2])@/' "$MDATA/train.csv" >holdout.csv
	run --separate-stderr "$MLO_TOP/examples/model/sklearn-model" train train.csv m
	assert_success
	"$MLO_TOP/examples/model/sklearn-model" predict m holdout.csv >pred.csv
	[ "$(head -n 1 pred.csv)" = 'row_id,health,s_3_mean_20,s_4_max_20,s_11_slope_30,label,score,prediction,model_version' ]
	[ "$(wc -l <pred.csv)" -eq "$(wc -l <holdout.csv)" ]
	run awk -F, 'NR > 1 && ($8 != ($7 >= 0.5) || $9 != "unregistered") { bad = 1 } END { exit bad }' pred.csv
	assert_success
	printf '%s\n' 'policy: t' 'task: classification' 'require: {auc: {min: 0.9}}' >p.yaml
	run --separate-stderr mlo-retrain-gate -q -p p.yaml --candidate pred.csv
	assert_success
}
