/*
 * bench/spectrum_bench.c: the cost of one spectrum window with every
 * output of mlo-features(5) on: the time-domain set, 3 bands, 3 peaks,
 * the Hilbert envelope of a band and the fault lines of a bearing (the
 * IMS rig's), windows of 4096 samples at 20 kHz.
 *
 *	spectrum_bench [WINDOWS [LENGTH]]
 *
 * Prints the windows per second of one core, timing spectrum_add and
 * spectrum_result only (no parsing), by the process's CPU time (the
 * machine may be shared: wall time is printed beside it), and a checksum
 * of the outputs so that the work cannot be optimised away.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "spectrum.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct spectrum_conf c = {0};
	struct spectrum_work *w;
	struct timespec t0, t1, c0, c1;
	long nwin = argc > 1 ? atol(argv[1]) : 4000, i;
	size_t n = argc > 2 ? (size_t)atol(argv[2]) : 4096, j;
	double *x, *out, sum = 0, secs, cpu;
	unsigned long seed = 1;

	c.window = c.hop = n;
	c.rate = 20000;
	c.wfn = SPW_HANN;
	c.nbands = 3;
	c.bands[0][0] = 0, c.bands[0][1] = 1000;
	c.bands[1][0] = 1000, c.bands[1][1] = 4000;
	c.bands[2][0] = 4000, c.bands[2][1] = 10000;
	c.npeaks = 3;
	c.envelope = 1;
	c.env_lo = 2000;
	c.env_hi = 8000;
	c.bearing = 1;
	c.geom.balls = 16;
	c.geom.ball = 0.331;
	c.geom.pitch = 2.815;
	c.geom.contact_deg = 15.17;
	c.shaft_rpm = 2000;
	x = xcalloc(n, sizeof *x);
	out = xcalloc(spectrum_nout(&c), sizeof *out);
	for (j = 0; j < n; j++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		x[j] = sin(2 * M_PI * 1000 * (double)j / 20000) +
		    (double)(seed >> 11) / 9007199254740992.0 - 0.5;
	}
	w = spectrum_work_new(&c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	for (i = 0; i < nwin; i++) {
		x[i % n] += 1e-3;	/* not the same window every time */
		spectrum_reset(w);
		spectrum_add(w, x);
		spectrum_result(w, x, n, c.shaft_rpm / 60, out);
		sum += out[0] + out[spectrum_nout(&c) - 1];
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cpu = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
	printf("%ld windows of %zu: %.3f s wall, %.3f s cpu, %.0f windows/s "
	    "per core (cpu time; %.0f by wall time) (checksum %.6g)\n", nwin,
	    n, secs, cpu, (double)nwin / cpu, (double)nwin / secs, sum);
	spectrum_work_free(w);
	free(x);
	free(out);
	return 0;
}
