# window.bash: what the window-check suites of mlo-validate share
# (t/1020-mlo-validate-windows.bats, t/1021-mlo-validate-bearing-day.bats,
# t/1022-mlo-validate-state.bats), loaded after t/helper.bash:
#
#	load helper
#	load data/validate-window/window
#
# Events are read with grep, sed and awk only: jq need not be installed.

WDATA=$MLO_TOP/t/data/validate-window
# The fixed "now" of the small fixtures, an hour after their readings.
WNOW=2026-03-02T09:00:00Z

# wfixture NAME...: copy files of t/data/validate-window here.
wfixture() {
	local f

	for f; do
		cp "$WDATA/$f" . || return 1
	done
}

# wvalidate CONTRACT ARGS...: run mlo-validate with CONTRACT, events
# appended to events.ndjson and --now WNOW (a later --now in ARGS wins).
wvalidate() {
	local contract=$1

	shift
	run --separate-stderr mlo-validate -c "$contract" --now "$WNOW" \
	    -e events.ndjson "$@"
}

# fields FIELD...: for each NDJSON line on stdin, the values of FIELDs
# separated by one blank, "-" for a field the line lacks.  Good for the
# flat events of mlo-events(5), whose values hold no escaped quotes except
# in "message".
fields() {
	awk -v spec="$*" '
	BEGIN { n = split(spec, f, " ") }
	{
		out = ""
		for (i = 1; i <= n; i++) {
			v = "-"
			key = "\"" f[i] "\":"
			if (match($0, key "(\"[^\"]*\"|[^,}]*)")) {
				v = substr($0, RSTART + length(key),
				    RLENGTH - length(key))
				gsub(/^"|"$/, "", v)
			}
			out = out (i > 1 ? " " : "") v
		}
		print out
	}'
}

# events SELECT FIELD...: FIELDs of the events of events.ndjson (or of
# $EVENTS) that SELECT picks: KIND, or KIND/STATE, or KIND/STATE/ENTITY
# (an empty part matches anything: "sustained//B-0004").
events() {
	local kind state entity

	IFS=/ read -r kind state entity <<-EOF
	$1
	EOF
	shift
	awk -v kind="$kind" -v state="$state" -v entity="$entity" '
	(kind == "" || index($0, "\"kind\":\"" kind "\",")) &&
	    (state == "" || index($0, "\"state\":\"" state "\",")) &&
	    (entity == "" || index($0, "\"entity\":\"" entity "\",")) {
		print
	}' "${EVENTS:-events.ndjson}" | fields "$@"
}
