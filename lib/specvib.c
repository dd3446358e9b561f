/*
 * specvib: the `spectrum:` columns of mlo-features(5) specs, read for
 * spec_load: the window and its bands, peaks, the envelope band and the
 * bearing geometry, each checked as it is read, and their line of the
 * canonical form that the feature_set hash covers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "spec.h"
#include "specload.h"
#include "writer.h"
#include "yamlcfg.h"

/* A number above 0 (or at least 0 with ZERO_OK). */
static int
load_positive(const struct ydoc *d, const struct ynode *n, const char *what,
    int zero_ok, double *out, struct mlo_error *e)
{
	if (ynode_num(d, n, what, out, e) == -1)
		return -1;
	if (zero_ok ? !(*out >= 0) : !(*out > 0))
		return ydoc_err(d, n, e, "%s must be %s 0", what,
		    zero_ok ? "at least" : "above");
	return 0;
}

/* [LO, HI] in Hz, within 0 .. the Nyquist frequency RATE/2. */
static int
load_band(const struct ydoc *d, const struct ynode *n, const char *what,
    double rate, double out[2], struct mlo_error *e)
{
	char nyq[NUM_BUFSZ];

	if (ynode_want(d, n, YNODE_SEQ, what, e) == -1)
		return -1;
	if (n->n != 2)
		return ydoc_err(d, n, e, "a %s is [LO, HI] in Hz, got %zu "
		    "number%s", what, n->n, n->n == 1 ? "" : "s");
	if (load_positive(d, n->items[0], what, 1, &out[0], e) == -1 ||
	    load_positive(d, n->items[1], what, 1, &out[1], e) == -1)
		return -1;
	if (!(out[0] < out[1]))
		return ydoc_err(d, n, e, "%s [%g, %g]: LO must be below HI",
		    what, out[0], out[1]);
	num_format(rate / 2, nyq);
	if (out[1] > rate / 2)
		return ydoc_err(d, n->items[1], e, "%s [%g, %g] goes above "
		    "the Nyquist frequency, %s Hz at sample_rate %g", what,
		    out[0], out[1], nyq, rate);
	return 0;
}

/* A diameter given as NAME_mm or NAME_in, in mm. */
static int
load_diameter(const struct ydoc *d, const struct ynode *b, const char *name,
    double *out, struct mlo_error *e)
{
	char mm[16], in[16];
	const struct ynode *vm, *vi;

	snprintf(mm, sizeof mm, "%s_mm", name);
	snprintf(in, sizeof in, "%s_in", name);
	vm = ynode_get(b, mm);
	vi = ynode_get(b, in);
	if (vm != NULL && vi != NULL)
		return ydoc_err(d, vi, e, "bearing has both '%s' and '%s'",
		    mm, in);
	if (vm == NULL && vi == NULL)
		return ydoc_err(d, b, e, "bearing needs '%s' or '%s'", mm, in);
	if (load_positive(d, vm ? vm : vi, vm ? mm : in, 0, out, e) == -1)
		return -1;
	if (vi != NULL)
		*out *= 25.4;
	return 0;
}

static int
load_bearing(struct feature *f, const struct ydoc *d, const struct ynode *b,
    struct mlo_error *e)
{
	static const char *const keys[] = { "balls", "ball_mm", "ball_in",
	    "pitch_mm", "pitch_in", "contact_deg", "shaft_rpm", NULL };
	struct spectrum_conf *c = f->sp;
	const struct ynode *v;
	const char *why;

	if (ynode_want(d, b, YNODE_MAP, "bearing", e) == -1 ||
	    ynode_check_keys(d, b, keys, "bearing", e) == -1 ||
	    (v = ynode_need(d, b, "balls", "bearing", e)) == NULL ||
	    load_positive(d, v, "balls", 0, &c->geom.balls, e) == -1 ||
	    load_diameter(d, b, "ball", &c->geom.ball, e) == -1 ||
	    load_diameter(d, b, "pitch", &c->geom.pitch, e) == -1 ||
	    (v = ynode_need(d, b, "contact_deg", "bearing", e)) == NULL ||
	    ynode_num(d, v, "contact_deg", &c->geom.contact_deg, e) == -1 ||
	    (v = ynode_need(d, b, "shaft_rpm", "bearing", e)) == NULL)
		return -1;
	if (v->type == YNODE_MAP) {
		static const char *const skeys[] = { "column", NULL };
		const struct ynode *col;

		if (ynode_check_keys(d, v, skeys, "shaft_rpm", e) == -1 ||
		    (col = ynode_need(d, v, "column", "shaft_rpm", e)) ==
		    NULL || spec_load_name(d, col, "column", &f->speed_from, e) ==
		    -1)
			return -1;
		f->speed_pos = spec_pos_of(col);
		c->shaft_rpm = NAN;
	} else if (load_positive(d, v, "shaft_rpm", 0, &c->shaft_rpm, e) ==
	    -1)
		return -1;
	if ((why = bearing_check(&c->geom)) != NULL)
		return ydoc_err(d, b, e, "impossible bearing: %s", why);
	c->bearing = 1;
	return 0;
}

static int
load_spectrum_outputs(struct feature *f, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	struct spectrum_conf *c = f->sp;
	const struct ynode *v;
	size_t i;
	int64_t k;

	if ((v = ynode_get(n, "bands")) != NULL) {
		if (ynode_want(d, v, YNODE_SEQ, "bands", e) == -1)
			return -1;
		if (v->n == 0 || v->n > SPECTRUM_MAX_BANDS)
			return ydoc_err(d, v, e, "bands needs 1 to %d bands",
			    SPECTRUM_MAX_BANDS);
		for (i = 0; i < v->n; i++)
			if (load_band(d, v->items[i], "band", c->rate,
			    c->bands[i], e) == -1)
				return -1;
		c->nbands = v->n;
	}
	if ((v = ynode_get(n, "peaks")) != NULL) {
		if (ynode_int(d, v, "peaks", &k, e) == -1)
			return -1;
		if (k < 1 || k > SPECTRUM_MAX_PEAKS)
			return ydoc_err(d, v, e, "peaks must be from 1 to %d",
			    SPECTRUM_MAX_PEAKS);
		c->npeaks = (size_t)k;
	}
	if ((v = ynode_get(n, "envelope")) != NULL) {
		static const char *const ekeys[] = { "band", NULL };
		const struct ynode *b;
		double band[2];

		if (ynode_check_keys(d, v, ekeys, "envelope", e) == -1 ||
		    (b = ynode_need(d, v, "band", "envelope", e)) == NULL ||
		    load_band(d, b, "envelope band", c->rate, band, e) == -1)
			return -1;
		c->envelope = 1;
		c->env_lo = band[0];
		c->env_hi = band[1];
	}
	if ((v = ynode_get(n, "bearing")) != NULL) {
		if (!c->envelope)
			return ydoc_err(d, v, e, "bearing needs 'envelope', "
			    "the resonance band to demodulate, as envelope: "
			    "{band: [2000, 8000]}");
		return load_bearing(f, d, v, e);
	}
	return 0;
}

int
spec_load_spectrum(struct feature *f, const struct ydoc *d,
    const struct ynode *n, struct mlo_error *e)
{
	static const char *const keys[] = { "window", "hop", "sample_rate",
	    "window_function", "bands", "peaks", "envelope", "bearing", NULL };
	struct spectrum_conf *c;
	const struct ynode *v;
	const char *str;
	int64_t k;
	size_t i;

	f->kind = FK_SPECTRUM;
	f->sp = c = xcalloc(1, sizeof *c);
	if (ynode_want(d, n, YNODE_MAP, "spectrum", e) == -1 ||
	    ynode_check_keys(d, n, keys, "spectrum", e) == -1 ||
	    (v = ynode_need(d, n, "window", "spectrum", e)) == NULL ||
	    ynode_int(d, v, "window", &k, e) == -1)
		return -1;
	if (k < 2 || k > SPECTRUM_MAX_WINDOW)
		return ydoc_err(d, v, e, "a spectrum window is 2 to %d "
		    "samples", SPECTRUM_MAX_WINDOW);
	c->window = c->hop = (size_t)k;
	if ((v = ynode_get(n, "hop")) != NULL) {
		if (spec_load_count(d, v, "hop", &k, e) == -1)
			return -1;
		c->hop = (size_t)k;
	}
	if ((v = ynode_need(d, n, "sample_rate", "spectrum", e)) == NULL ||
	    load_positive(d, v, "sample_rate", 0, &c->rate, e) == -1)
		return -1;
	if ((v = ynode_get(n, "window_function")) != NULL) {
		if (ynode_str(d, v, "window_function", &str, e) == -1)
			return -1;
		if (strcmp(str, "hann") == 0)
			c->wfn = SPW_HANN;
		else if (strcmp(str, "none") == 0)
			c->wfn = SPW_NONE;
		else
			return ydoc_err(d, v, e, "window_function is 'hann' "
			    "or 'none', not '%s'", str);
	}
	if (load_spectrum_outputs(f, d, n, e) == -1)
		return -1;
	f->nouts = spectrum_nout(c);
	f->outs = xcalloc(f->nouts, sizeof *f->outs);
	for (i = 0; i < f->nouts; i++)
		f->outs[i] = spectrum_out_name(c, f->name, i);
	return 0;
}

void
spec_canon_spectrum(struct buf *b, const struct feature *f)
{
	const struct spectrum_conf *c = f->sp;
	size_t i;

	buf_printf(b, " spectrum window=%zu hop=%zu", c->window, c->hop);
	spec_canon_num(b, "rate", c->rate);
	buf_printf(b, " wfn=%s", c->wfn == SPW_HANN ? "hann" : "none");
	for (i = 0; i < c->nbands; i++) {
		spec_canon_num(b, "band_lo", c->bands[i][0]);
		spec_canon_num(b, "band_hi", c->bands[i][1]);
	}
	buf_printf(b, " peaks=%zu", c->npeaks);
	if (c->envelope) {
		spec_canon_num(b, "env_lo", c->env_lo);
		spec_canon_num(b, "env_hi", c->env_hi);
	}
	if (c->bearing) {
		spec_canon_num(b, "balls", c->geom.balls);
		spec_canon_num(b, "ball_mm", c->geom.ball);
		spec_canon_num(b, "pitch_mm", c->geom.pitch);
		spec_canon_num(b, "contact_deg", c->geom.contact_deg);
		if (f->speed_from != NULL) {
			buf_adds(b, " shaft_rpm_column=");
			json_quote(b, f->speed_from, strlen(f->speed_from));
		} else
			spec_canon_num(b, "shaft_rpm", c->shaft_rpm);
	}
	buf_addc(b, '\n');
}
