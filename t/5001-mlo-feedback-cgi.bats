#!/usr/bin/env bats
# mlo-feedback cgi: the CGI/1.1 page driven with the environment and
# standard input a web server would give it (no server here; the slow
# suite t/slow/5900 runs a real one).  Every status code, and hostile
# requests that must leave the log as it was.

load helper

P=B-0042@2026-11-25T19:00:00Z
PQ=B-0042%402026-11-25T19%3A00%3A00Z
SECRET=0123456789abcdef-test-secret
FORM=application/x-www-form-urlencoded

setup() {
	work_dir
	printf '%s\n' 'prediction_id,asset,model_version,score,prediction' \
	    "$P,B-0042,v3,0.91,1" \
	    'B-0043@2026-11-25T19:00:00Z,B-0043,v3,0.45,0' \
	    'evil,B-0044,"<script>alert(1)</script>",0.5,1' >pred.csv
	printf '%s\n' '{"time":"2026-11-25T18:00:00Z","prediction_id":"x","asset":null,"model_version":null,"verdict":"right","technician":"T0","note":null,"source":"cli"}' >log.ndjson
	cp log.ndjson before.ndjson
}

# cgi VAR=VALUE...: run the CGI with exactly these variables (and the
# configuration), standard input from body.txt when it exists.
cgi() {
	[ -e body.txt ] || : >body.txt
	run --separate-stderr env -i PATH="$PATH" MLO_FEEDBACK_LOG=log.ndjson \
	    MLO_FEEDBACK_SECRET="$SECRET" MLO_FEEDBACK_PREDICTIONS=pred.csv \
	    SCRIPT_NAME=/cgi-bin/feedback HTTP_HOST=127.0.0.1:8080 \
	    GATEWAY_INTERFACE=CGI/1.1 "$@" mlo-feedback cgi --now "$NOW" <body.txt
}

# token ID: the form's token for ID, as the server computes it.
token() {
	printf 'mlo-feedback-token:1:%s' "$1" |
	    openssl dgst -sha256 -hmac "$SECRET" | sed 's/.* //'
}

# post BODY [VAR=VALUE...]: POST BODY as a form.
post() {
	printf '%s' "$1" >body.txt
	local n=${#1}
	shift
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=$n "$@"
}

# good_body [VERDICT]: a valid form for $P.
good_body() {
	printf 'id=%s&token=%s&verdict=%s&technician=T7&note=' "$PQ" \
	    "$(token "$P")" "${1:-wrong}"
}

# status_is N REASON: the response's first line.
status_is() {
	assert_equal "${lines[0]%$'\r'}" "Status: $1 $2"
}

# header NAME: the value of a response header.
header() {
	printf '%s\n' "$output" | tr -d '\r' | sed -n "/^\$/q;s/^$1: //p"
}

# log_unchanged: the log is as setup left it.
log_unchanged() {
	cmp log.ndjson before.ndjson
}

@test "GET shows the prediction and three buttons in a form with the id's token" {
	cgi REQUEST_METHOD=GET QUERY_STRING="id=$PQ"
	assert_success
	status_is 200 OK
	assert_equal "$(header Content-Type)" 'text/html; charset=utf-8'
	assert_output --partial '<tr><th>score</th><td>0.91</td></tr>'
	assert_output --partial '<form method="post" action="/cgi-bin/feedback">'
	assert_output --partial "<input type=\"hidden\" name=\"token\" value=\"$(token "$P")\">"
	assert_output --partial '<input type="hidden" name="id" value="B-0042@2026-11-25T19:00:00Z">'
	assert_output --partial 'name="verdict" value="wrong"'
	assert_output --partial 'name="verdict" value="right"'
	assert_output --partial 'name="verdict" value="unsure"'
	assert_output --partial 'name="technician" required'
	assert_stderr_empty
}

@test "the page has a strict Content-Security-Policy naming its style by hash" {
	cgi REQUEST_METHOD=GET QUERY_STRING="id=$PQ"
	assert_equal "$(header Content-Security-Policy)" \
	    "default-src 'none'; style-src 'sha256-BYgC67YIVR6zAs251P91G//tWiSeIoBU4b1Ml655neA='; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	style=$(printf '%s\n' "$output" | sed -n 's/^<style>\(.*\)<\/style>$/\1/p')
	assert_equal "$(printf '%s' "$style" | openssl dgst -sha256 -binary | base64)" \
	    'BYgC67YIVR6zAs251P91G//tWiSeIoBU4b1Ml655neA='
	assert_equal "$(header X-Content-Type-Options)" nosniff
	assert_equal "$(header Cache-Control)" no-store
}

@test "values from the predictions file are HTML-escaped" {
	cgi REQUEST_METHOD=GET QUERY_STRING=id=evil
	status_is 200 OK
	assert_output --partial '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>'
	refute_output --partial '<script>'
}

@test "with REMOTE_USER the page names the technician and asks for none" {
	cgi REQUEST_METHOD=GET QUERY_STRING="id=$PQ" REMOTE_USER=jdoe
	status_is 200 OK
	assert_output --partial '<p>Technician: jdoe</p>'
	refute_output --partial 'name="technician"'
}

@test "GET asks for JSON gets the prediction and token as JSON" {
	cgi REQUEST_METHOD=GET QUERY_STRING="id=$PQ" HTTP_ACCEPT=application/json
	status_is 200 OK
	assert_equal "$(header Content-Type)" application/json
	assert_line "{\"status\":200,\"prediction_id\":\"$P\",\"token\":\"$(token "$P")\",\"prediction\":{\"prediction_id\":\"$P\",\"asset\":\"B-0042\",\"model_version\":\"v3\",\"score\":\"0.91\",\"prediction\":\"1\"}}"
}

@test "HEAD gives the headers only" {
	cgi REQUEST_METHOD=HEAD QUERY_STRING="id=$PQ"
	status_is 200 OK
	refute_output --partial '<html'
}

@test "without a predictions file the page still has the form" {
	run env -i PATH="$PATH" MLO_FEEDBACK_LOG=log.ndjson \
	    MLO_FEEDBACK_SECRET="$SECRET" REQUEST_METHOD=GET QUERY_STRING=id=p9 \
	    mlo-feedback cgi
	assert_success
	assert_line --index 0 $'Status: 200 OK\r'
	refute_output --partial '<table>'
	assert_output --partial 'name="verdict" value="wrong"'
}

@test "GET 400: no id" {
	cgi REQUEST_METHOD=GET QUERY_STRING=
	status_is 400 'Bad Request'
	assert_output --partial '<p>the page needs ?id=PREDICTION_ID</p>'
}

@test "GET 400: an id that is not an id, escaped in the message" {
	cgi REQUEST_METHOD=GET QUERY_STRING='id=%3Cb%3E'
	status_is 400 'Bad Request'
	assert_output --partial '<p>the prediction id &#39;&lt;b&gt;&#39; has &#39;&lt;&#39; at byte 1: ids are letters, digits and ._:@-</p>'
}

@test "GET 400: bad percent-encoding" {
	cgi REQUEST_METHOD=GET QUERY_STRING='id=B%4'
	status_is 400 'Bad Request'
	assert_output --partial "bad query string: bad percent-encoding at byte 2: &#39;%&#39; needs two hex digits"
}

@test "GET 400: an unknown parameter" {
	cgi REQUEST_METHOD=GET QUERY_STRING="id=$PQ&x=1"
	status_is 400 'Bad Request'
	assert_output --partial "unknown parameter &#39;x&#39;"
}

@test "GET 404: an id that is not in the predictions file" {
	cgi REQUEST_METHOD=GET QUERY_STRING=id=B-9999
	status_is 404 'Not Found'
	assert_output --partial "prediction &#39;B-9999&#39; is not in the predictions file"
}

@test "405: methods other than GET, HEAD and POST" {
	for m in PUT DELETE PATCH OPTIONS; do
		cgi REQUEST_METHOD=$m
		status_is 405 'Method Not Allowed'
		assert_equal "$(header Allow)" 'GET, HEAD, POST'
	done
	log_unchanged
}

@test "500: no configuration, the reason in the server's error log only" {
	run --separate-stderr env -i PATH="$PATH" REQUEST_METHOD=GET \
	    QUERY_STRING=id=p1 mlo-feedback cgi
	assert_success
	assert_line --index 0 $'Status: 500 Internal Server Error\r'
	assert_output --partial "the feedback service is not configured; the server&#39;s error log says why"
	assert_stderr "mlo-feedback: no log: set MLO_FEEDBACK_LOG, or 'log' in the file MLO_FEEDBACK_CONFIG names"
}

@test "500: a secret shorter than 16 bytes" {
	cgi REQUEST_METHOD=GET QUERY_STRING=id=p1 MLO_FEEDBACK_SECRET=short
	status_is 500 'Internal Server Error'
	assert_stderr "mlo-feedback: no secret of at least 16 bytes: set MLO_FEEDBACK_SECRET, or 'secret' in the file MLO_FEEDBACK_CONFIG names"
}

@test "the configuration file gives log, secret and predictions" {
	printf '# mlo-feedback\nlog = log.ndjson\nsecret = %s\npredictions=pred.csv\n' \
	    "$SECRET" >fb.conf
	printf '%s' "$(good_body)" >body.txt
	run --separate-stderr env -i PATH="$PATH" MLO_FEEDBACK_CONFIG=fb.conf \
	    REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=$(wc -c <body.txt) \
	    mlo-feedback cgi --now "$NOW" <body.txt
	assert_line --index 0 $'Status: 200 OK\r'
	assert_equal "$(wc -l <log.ndjson)" 2
}

@test "a mistake in the configuration file is named by line" {
	printf 'log = log.ndjson\nsecrte = x\n' >fb.conf
	run --separate-stderr env -i PATH="$PATH" MLO_FEEDBACK_CONFIG=fb.conf \
	    REQUEST_METHOD=GET QUERY_STRING=id=p1 mlo-feedback cgi
	assert_line --index 0 $'Status: 500 Internal Server Error\r'
	assert_stderr "mlo-feedback: fb.conf:2: unknown key 'secrte' (log, secret, predictions)"
}

@test "a NUL byte in the configuration file is refused, not read as its end" {
	# fuzz_fbconf: "log = log.ndjson\nsecret = ...\n \0..." was taken,
	# the rest of the line and the file after the NUL unread.
	printf 'log = log.ndjson\nsecret = 0123456789abcdef\n\0predictions = p.csv\n' >fb.conf
	run --separate-stderr env -i PATH="$PATH" MLO_FEEDBACK_CONFIG=fb.conf \
	    REQUEST_METHOD=GET QUERY_STRING=id=p1 mlo-feedback cgi
	assert_line --index 0 $'Status: 500 Internal Server Error\r'
	assert_stderr "mlo-feedback: fb.conf:3: a NUL byte"
}

@test "500: a predictions file that cannot be read" {
	cgi REQUEST_METHOD=GET QUERY_STRING=id=p1 MLO_FEEDBACK_PREDICTIONS=nope.csv
	status_is 500 'Internal Server Error'
	assert_stderr "mlo-feedback: nope.csv: No such file or directory"
}

@test "POST 200: the verdict is appended, asset and model from the predictions file" {
	post "$(good_body)&asset=FORGED"
	assert_success
	status_is 200 OK
	assert_output --partial '<p id="saved">wrong for prediction <code>B-0042@2026-11-25T19:00:00Z</code> by T7. Thank you.</p>'
	assert_equal "$(tail -n 1 log.ndjson)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"B-0042@2026-11-25T19:00:00Z","asset":"B-0042","model_version":"v3","verdict":"wrong","technician":"T7","note":null,"source":"web"}'
	assert_stderr_empty
}

@test "POST 200 as JSON when the client asks" {
	post "$(good_body right)" HTTP_ACCEPT=application/json
	status_is 200 OK
	assert_equal "${lines[-1]}" "{\"status\":200,\"saved\":true,\"prediction_id\":\"$P\",\"verdict\":\"right\",\"technician\":\"T7\"}"
}

@test "POST: REMOTE_USER is the technician, whatever the form says" {
	post "$(good_body unsure)" REMOTE_USER=jdoe
	status_is 200 OK
	assert_equal "$(tail -n 1 log.ndjson | grep -o '"technician":"[^"]*"')" '"technician":"jdoe"'
}

@test "POST: a note with CR LF, quotes and a script tag is kept, escaped" {
	post "$(good_body)%0D%0Asee+%22%3Cscript%3E%22" 
	status_is 200 OK
	assert_equal "$(tail -n 1 log.ndjson | grep -o '"note":"[^}]*"source"')" \
	    '"note":"\r\nsee \"<script>\"","source"'
}

@test "POST without a predictions file takes asset and model from the form" {
	printf 'id=p9&token=%s&verdict=wrong&technician=T7&asset=A1&model_version=v2' \
	    "$(token p9)" >body.txt
	run env -i PATH="$PATH" MLO_FEEDBACK_LOG=log.ndjson \
	    MLO_FEEDBACK_SECRET="$SECRET" REQUEST_METHOD=POST CONTENT_TYPE=$FORM \
	    CONTENT_LENGTH=$(wc -c <body.txt) mlo-feedback cgi --now "$NOW" <body.txt
	assert_line --index 0 $'Status: 200 OK\r'
	assert_equal "$(tail -n 1 log.ndjson)" '{"time":"2026-11-25T20:00:00Z","prediction_id":"p9","asset":"A1","model_version":"v2","verdict":"wrong","technician":"T7","note":null,"source":"web"}'
}

@test "POST 411: no Content-Length" {
	printf '%s' "$(good_body)" >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM
	status_is 411 'Length Required'
	log_unchanged
}

@test "POST 400: a Content-Length that is not a number" {
	printf '%s' "$(good_body)" >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=-5
	status_is 400 'Bad Request'
	log_unchanged
}

@test "POST 413: over 8 KiB, and 1 MB, is refused unread" {
	head -c 8193 /dev/zero | tr '\0' a >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=8193
	status_is 413 'Content Too Large'
	head -c 1048576 /dev/zero | tr '\0' a >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=1048576
	status_is 413 'Content Too Large'
	log_unchanged
}

@test "POST 400: a body shorter than its Content-Length" {
	printf '%s' "$(good_body)" >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=500
	status_is 400 'Bad Request'
	assert_output --regexp 'the request body ended after [0-9]+ of 500 bytes'
	log_unchanged
}

@test "POST reads exactly Content-Length bytes, not what follows" {
	body=$(good_body)
	printf '%s&admin=1' "$body" >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=$FORM CONTENT_LENGTH=${#body}
	status_is 200 OK
	assert_equal "$(wc -l <log.ndjson)" 2
}

@test "POST 415: a body that is not a form" {
	printf '{"id":"x"}' >body.txt
	cgi REQUEST_METHOD=POST CONTENT_TYPE=application/json CONTENT_LENGTH=10
	status_is 415 'Unsupported Media Type'
	log_unchanged
}

@test "POST 403: another origin, or a cross-site fetch" {
	post "$(good_body)" HTTP_ORIGIN=http://evil.example
	status_is 403 Forbidden
	post "$(good_body)" HTTP_SEC_FETCH_SITE=cross-site
	status_is 403 Forbidden
	post "$(good_body)" HTTP_ORIGIN=http://127.0.0.1:8080 HTTP_SEC_FETCH_SITE=same-origin
	status_is 200 OK
	assert_equal "$(wc -l <log.ndjson)" 2
}

@test "POST 403: no token" {
	post "id=$PQ&verdict=wrong&technician=T7"
	status_is 403 Forbidden
	assert_output --partial 'the form has no token'
	log_unchanged
}

@test "POST 403: the token of another id" {
	post "id=$PQ&token=$(token B-0043@2026-11-25T19:00:00Z)&verdict=wrong&technician=T7"
	status_is 403 Forbidden
	assert_output --partial 'the token does not match this prediction'
	log_unchanged
}

@test "POST 403: a token made with another secret, or cut short" {
	other=$(printf 'mlo-feedback-token:1:%s' "$P" | openssl dgst -sha256 -hmac wrong-secret-0123456 | sed 's/.* //')
	post "id=$PQ&token=$other&verdict=wrong&technician=T7"
	status_is 403 Forbidden
	post "id=$PQ&token=$(token "$P" | cut -c1-63)&verdict=wrong&technician=T7"
	status_is 403 Forbidden
	log_unchanged
}

@test "POST 400: a bad verdict, escaped in the page" {
	post "id=$PQ&token=$(token "$P")&verdict=%3Cscript%3E&technician=T7"
	status_is 400 'Bad Request'
	assert_output --partial "<p>verdict &#39;&lt;script&gt;&#39; is not wrong, right or unsure</p>"
	refute_output --partial '<script>'
	log_unchanged
}

@test "POST 400: no technician" {
	post "id=$PQ&token=$(token "$P")&verdict=wrong"
	status_is 400 'Bad Request'
	assert_output --partial 'the technician is missing'
	log_unchanged
}

@test "POST 400: a technician with a script tag, quotes, CR LF or NUL" {
	for t in '%3Cscript%3Ealert(1)%3C%2Fscript%3E' '%22%27' 'T7%0D%0AX' 'T7%00'; do
		post "id=$PQ&token=$(token "$P")&verdict=wrong&technician=$t"
		status_is 400 'Bad Request'
		refute_output --partial '<script>'
	done
	log_unchanged
}

@test "POST 400: a note too long, or with a NUL byte" {
	post "$(good_body)$(printf 'x%.0s' $(seq 501))"
	status_is 400 'Bad Request'
	assert_output --partial 'the note is 501 characters long'
	post "$(good_body)a%00b"
	status_is 400 'Bad Request'
	log_unchanged
}

@test "POST 400: bad percent-encoding, a field twice, an unknown field" {
	post "$(good_body)%ZZ"
	status_is 400 'Bad Request'
	assert_output --partial 'bad form: bad percent-encoding'
	post "$(good_body)&verdict=right"
	status_is 400 'Bad Request'
	assert_output --partial "field &#39;verdict&#39; appears twice"
	post "$(good_body)&admin=1"
	status_is 400 'Bad Request'
	assert_output --partial "unknown field &#39;admin&#39;"
	log_unchanged
}

@test "POST 400: an id with CR LF, even with its own token" {
	id=$(printf 'B-0042\r\nX')
	post "id=B-0042%0D%0AX&token=$(token "$id")&verdict=wrong&technician=T7"
	status_is 400 'Bad Request'
	log_unchanged
}

@test "POST 404: a valid token for an id no longer in the predictions file" {
	post "id=gone&token=$(token gone)&verdict=wrong&technician=T7"
	status_is 404 'Not Found'
	log_unchanged
}

@test "POST 400 as JSON when the client asks" {
	post "id=$PQ&token=$(token "$P")&verdict=maybe&technician=T7" HTTP_ACCEPT='application/json'
	status_is 400 'Bad Request'
	assert_equal "${lines[-1]}" '{"status":400,"error":"verdict '\''maybe'\'' is not wrong, right or unsure"}'
}

@test "POST 500: a log that cannot be written, the reason in the error log" {
	rm log.ndjson
	mkdir log.ndjson
	post "$(good_body)"
	status_is 500 'Internal Server Error'
	assert_output --partial 'the verdict could not be saved'
	assert_stderr "mlo-feedback: log.ndjson: Is a directory"
}

@test "run outside a web server, cgi is a usage error" {
	run --separate-stderr env -i PATH="$PATH" mlo-feedback cgi
	assert_failure 2
	assert_output ''
	assert_stderr_line "mlo-feedback: no request: REQUEST_METHOD is not set (the cgi command is run by a web server)"
}
