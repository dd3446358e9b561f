/*
 * fft: the discrete Fourier transform in double precision, of any length.
 *
 * Why not kissfft: Debian ships kissfft built for float only
 * (libkissfft-float; no double, int16 or int32 variant is packaged), and
 * float cannot reach the 1e-6 relative agreement with numpy.fft that
 * mlo-features(5) promises for band energies and envelope spectra (the
 * power of a 4096-point float FFT of a tone in noise is off by 1e-6
 * relative in the median bin and by up to 2e-4 in the small ones).  So the
 * transform is written here: an iterative radix-2 FFT for powers of two,
 * and Bluestein's chirp-z algorithm (a convolution done by power-of-two
 * FFTs) for every other length.  Twiddles are computed one by one with
 * sin and cos (never by recurrence), so the error stays near 1e-15.
 *
 * Conventions are numpy's: forward X[k] = sum x[j] exp(-2 pi i jk/n),
 * inverse divided by n.  A plan holds its own scratch memory, so one plan
 * is used by one thread at a time.
 */
#ifndef MLO_FFT_H
#define MLO_FFT_H

#include <stddef.h>

struct fft;

/* fft_new: a plan for length N >= 1 (never NULL: x-allocators). */
struct fft *fft_new(size_t n);
size_t fft_len(const struct fft *p);

/* fft_forward, fft_inverse: transform RE[0..n) + i IM[0..n) in place. */
void fft_forward(struct fft *p, double *re, double *im);
void fft_inverse(struct fft *p, double *re, double *im);

void fft_free(struct fft *p);

#endif
