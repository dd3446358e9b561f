# bearing-day.awk: a generated day (2026-03-02) of six bearing assets read
# every 30 s, with one realistic fault each, for the window-check tests.
#   awk -f bearing-day.awk            (no input)
# What happens, by asset (times UTC):
#   B-0001  vib_hz stuck at 123.4 from 02:00 to 02:30; readings received
#           90 s late from 18:00 to 19:00; a vib_hz of 612 (range) at 23:00
#   B-0002  silent from 04:00 to 07:00 (a three-hour gap, thin hours)
#   B-0003  vib_hz null in 10 of 120 readings from 08:00 to 09:00 (8.3%);
#           a 200 Hz spike at 20:00
#   B-0004  vib_hz near 450 (outside normal 20..400) from 10:00 to 12:30,
#           reached and left over five readings; a row
#           at 22:30 stamped 22:00 (time going back)
#   B-0005  vib_hz near 420 for thirty minutes only, 13:00 to 13:30; a vib_hz of
#           "abc" (type) at 21:00
#   B-0006  stopped for maintenance 14:00 to 16:00, reporting every 2 min;
#           the 22:00 reading sent twice (duplicate key)
# Values are deterministic: a Park-Miller generator, not awk's rand().
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function stamp(s) {
	return sprintf("2026-03-02T%02d:%02d:%02dZ", int(s / 3600),
	    int(s % 3600 / 60), s % 60)
}
# An excursion to LEVEL (with noise) between FROM and TO, reached and left
# over five readings, as a bearing drifts rather than jumps.
function ramp(s, from, to, base, level,    k) {
	k = (s - from) / 30 + 1
	if ((to - s) / 30 < k) k = (to - s) / 30
	if (k > 5) return sprintf("%.2f", level + 4 * rnd())
	return sprintf("%.2f", base + (level - base) * k / 6)
}
function emit(a, s, ts, lat, state, vib, temp, status) {
	printf "%s,B-%04d,%s,%s,%s,%s,%s\n", ts, a, stamp(s + lat), state, vib,
	    temp, status
}
BEGIN {
	seed = 42
	print "ts,asset_id,received_at,state,vib_hz,temp_c,status"
	for (s = 0; s < 86400; s += 30) {
		for (a = 1; a <= 6; a++) {
			vib = sprintf("%.2f", 100 + 20 * sin(s / 3600 + a) + 5 * rnd())
			temp = sprintf("%.1f", 55 + a + 2 * rnd())
			status = rnd() < 0.02 ? "warn" : "ok"
			state = "running"
			lat = 2
			ts = stamp(s)
			if (a == 1 && s >= 7200 && s < 9000) vib = "123.4"
			if (a == 1 && s >= 64800 && s < 68400) lat = 90
			if (a == 1 && s == 82800) vib = "612"
			if (a == 2 && s >= 14400 && s < 25200) continue
			if (a == 3 && s >= 28800 && s < 32400 && (s / 30) % 12 == 0) vib = ""
			if (a == 3 && s == 72000) vib = sprintf("%.2f", vib + 200)
			if (a == 4 && s >= 36000 && s < 45000)
				vib = ramp(s, 36000, 45000, vib, 450)
			if (a == 4 && s == 81000) ts = stamp(79200)
			if (a == 5 && s >= 46800 && s < 48600)
				vib = ramp(s, 46800, 48600, vib, 420)
			if (a == 5 && s == 75600) vib = "abc"
			if (a == 6 && s >= 50400 && s < 57600) {
				if (s % 120 != 0) continue
				state = "stopped"; vib = "0"; temp = ""
			}
			emit(a, s, ts, lat, state, vib, temp, status)
			if (a == 6 && s == 79200)
				emit(a, s, ts, lat, state, vib, temp, status)
		}
	}
}
