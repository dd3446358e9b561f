/*
 * bootstrap: resamples of a holdout as a count per row, so that a metric
 * of a resample is the metric with those counts as weights (metrics.h):
 * no rows are copied and the rows sorted once stay sorted.
 *
 * Resamples are drawn with replacement, each stratum keeping its size
 * (stratified by label for classification), or, with clusters, whole
 * clusters (an asset's rows together) as many as there are clusters.
 * The generator is xoshiro256** seeded through splitmix64, and an index
 * below m is drawn by Lemire's multiply-and-reject, without bias: the
 * same seed gives the same resamples on every machine.
 */
#ifndef MLO_BOOTSTRAP_H
#define MLO_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

/* The resamples when none are asked for. */
#define BOOT_DEFAULT_RESAMPLES 1000
/* The default seed. */
#define BOOT_DEFAULT_SEED 1

struct boot;

/*
 * boot_new: resamples of N rows.  STRATUM (N values, NULL: one stratum)
 * keeps each stratum's size; CLUSTER (N cluster numbers below NCLUSTERS,
 * or NULL) draws whole clusters instead, and then STRATUM is not used.
 */
struct boot *boot_new(size_t n, const unsigned char *stratum,
    const uint32_t *cluster, size_t nclusters, uint64_t seed);

/* boot_next: the next resample's count for every row into COUNT[0..n). */
void boot_next(struct boot *b, uint32_t *count);

void boot_free(struct boot *b);

/*
 * boot_quantile: the Q quantile (0 <= Q <= 1) of the N values at V,
 * by linear interpolation between the closest
 * ranks (numpy.percentile's default), NaN values left out; NaN when
 * every value is NaN.
 */
double boot_quantile(const double *v, size_t n, double q);

/* boot_uniform: a draw below M (M >= 1) from a generator STATE[4]. */
uint64_t boot_uniform(uint64_t state[4], uint64_t m);
/* boot_seed: STATE[4] from SEED through splitmix64. */
void boot_seed(uint64_t state[4], uint64_t seed);

#endif
