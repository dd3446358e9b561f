# fault.awk: a synthetic bearing signal, one sample a line.
#
#	awk -v rate=20000 -v n=8192 -v fault=236.4 -v slip=0.015 \
#	    -v shaft=33.333 -v am=0 -v res=4000 -v noise=0.3 -v seed=7 -f fault.awk
#
# Impacts every 1/(fault (1 + slip)) s, each time jittered by up to 1% of
# the period (a real bearing's rolling elements slip unevenly), each
# ringing a resonance at RES Hz that decays in 0.5 ms; with AM > 0 the
# impacts are modulated by the shaft (an inner-race defect passing in and
# out of the load zone), plus a shaft tone of 0.2 and Gaussian noise of
# standard deviation NOISE.  FAULT 0 gives noise and the shaft tone only.
# The random numbers are Park-Miller's (exact in any awk's doubles), so
# every awk prints the same signal.
function uniform() {
	seed = (16807 * seed) % 2147483647
	return seed / 2147483647
}
function gauss(u1, u2) {
	u1 = uniform()
	u2 = uniform()
	return sqrt(-2 * log(u1)) * cos(2 * 3.141592653589793 * u2)
}
BEGIN {
	pi = 3.141592653589793
	tau = 0.0005
	ni = 0
	if (fault > 0) {
		period = 1 / (fault * (1 + slip))
		for (t = 0.002; t < n / rate; t += period)
			imp[ni++] = t + 0.01 * period * (uniform() - 0.5)
	}
	first = 0
	for (j = 0; j < n; j++) {
		t = j / rate
		x = 0.2 * sin(2 * pi * shaft * t) + noise * gauss()
		while (first < ni && imp[first] < t - 10 * tau)
			first++
		for (k = first; k < ni && imp[k] <= t; k++) {
			d = t - imp[k]
			a = am > 0 ? 1 + am * cos(2 * pi * shaft * imp[k]) : 1
			x += a * exp(-d / tau) * sin(2 * pi * res * d)
		}
		printf "%.5f\n", x
	}
}
