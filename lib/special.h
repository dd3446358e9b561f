/*
 * special: the distribution functions behind mlo-drift's p-values, written
 * to agree with scipy 1.10 (Debian 12's), so that users can check us:
 *
 *	kolmogorov(y)		scipy.special.kolmogorov: the survival function
 *				of the limiting Kolmogorov distribution
 *	smirnov(n, d)		scipy.special.smirnov: exact one-sided
 *				one-sample Smirnov survival function
 *	kstwo_sf(n, d)		scipy.stats.kstwo.sf: exact two-sided
 *				one-sample Kolmogorov-Smirnov survival function,
 *				by scipy's own choice of methods (Simard and
 *				L'Ecuyer 2011)
 *	ks2_sf(n1, n2, &d)	the p-value of scipy.stats.ks_2samp with
 *				method='auto', two-sided: exact when the larger
 *				sample has at most 10,000 values, else kstwo at
 *				round(n1 n2 / (n1 + n2))
 *	chi2_sf(df, x)		scipy.stats.chi2.sf: the regularized upper
 *				incomplete gamma function Q(df/2, x/2)
 *
 * Pure functions: no state, no allocation beyond their own scratch, safe
 * in threads.  Arguments out of range give NaN, as scipy does.
 */
#ifndef MLO_SPECIAL_H
#define MLO_SPECIAL_H

#include <stdint.h>

/* The larger sample size up to which ks2_sf is exact (scipy MAX_AUTO_N). */
#define KS2_EXACT_MAX 10000

double kolmogorov(double y);
double smirnov(int64_t n, double d);
double kstwo_sf(int64_t n, double d);

/*
 * ks2_sf: the two-sided p-value of a two-sample KS statistic *D between
 * samples of N1 and N2 values.  In the exact mode *D is first snapped to
 * the nearest multiple of 1/lcm(N1, N2), as scipy does, and the snapped
 * value is left in *D.
 */
double ks2_sf(int64_t n1, int64_t n2, double *d);

/* igamc: the regularized upper incomplete gamma function Q(a, x). */
double igamc(double a, double x);
double chi2_sf(double df, double x);

#endif
