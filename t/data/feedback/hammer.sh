#!/bin/sh
# hammer.sh LOG WRITERS EACH: WRITERS processes at once, the odd ones
# through "mlo-feedback add", the even ones through "mlo-feedback cgi" as
# a web server would run it, each adding EACH verdicts to LOG.  Every
# verdict has its own (prediction, technician), so none replaces another.
# The CGI needs MLO_FEEDBACK_SECRET in the environment.
log=$1 writers=$2 each=$3
failed=$log.failed
rm -f "$failed"
token() {
	printf 'mlo-feedback-token:1:%s' "$1" |
	    openssl dgst -sha256 -hmac "$MLO_FEEDBACK_SECRET" | sed 's/.* //'
}
w=1
while [ "$w" -le "$writers" ]; do
	if [ $((w % 2)) -eq 1 ]; then
		(
			i=1
			while [ "$i" -le "$each" ]; do
				mlo-feedback add -q --log "$log" --prediction "p$w-$i" \
				    --verdict wrong --technician "T$w" --model v1 ||
				    echo "add $w $i" >>"$failed"
				i=$((i + 1))
			done
		) &
	else
		(
			tok=$(token "q$w")
			i=1
			while [ "$i" -le "$each" ]; do
				body="id=q$w&token=$tok&verdict=right&technician=W$w-$i&note=n"
				printf '%s' "$body" | env REQUEST_METHOD=POST \
				    CONTENT_TYPE=application/x-www-form-urlencoded \
				    CONTENT_LENGTH=${#body} MLO_FEEDBACK_LOG="$log" \
				    mlo-feedback cgi | head -n 1 | grep -q '^Status: 200' ||
				    echo "cgi $w $i" >>"$failed"
				i=$((i + 1))
			done
		) &
	fi
	w=$((w + 1))
done
wait
if [ -e "$failed" ]; then
	cat "$failed" >&2
	exit 1
fi
