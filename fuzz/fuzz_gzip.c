/*
 * fuzz_gzip: lib/io's input (gzip detected by its magic bytes, members
 * concatenated) read line by line.  First byte even: the rest is the file
 * as is (the seeds are .gz files, so the fuzzer mutates real streams).
 * Odd: the rest, gzip-compressed here in one or two members, is the file,
 * cut short when the second byte says so.  Properties: a whole stream reads
 * back to exactly the bytes compressed; a cut one is an error, never a
 * quiet short read; lines are never longer than the limit.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "io.h"
#include "util.h"

#define MAXLINE 256

static void
gz(struct buf *b, const uint8_t *p, size_t n)
{
	z_stream zs;
	unsigned char out[4096];
	int flush = Z_NO_FLUSH, rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fz_fail("deflateInit2");
	zs.next_in = (unsigned char *)p;
	zs.avail_in = n;
	do {
		flush = Z_FINISH;
		zs.next_out = out;
		zs.avail_out = sizeof out;
		rc = deflate(&zs, flush);
		buf_add(b, out, sizeof out - zs.avail_out);
	} while (rc == Z_OK);
	if (rc != Z_STREAM_END)
		fz_fail("deflate %d", rc);
	deflateEnd(&zs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf file = { 0 }, back = { 0 };
	struct mlo_error e;
	struct input *in;
	const uint8_t *plain = NULL;
	size_t nplain = 0, cut = 0, first = 0, first_half = 0, len;
	const char *line;
	int got, whole = 1;

	if (size < 2)
		return 0;
	if (data[0] & 1) {
		size_t half;

		plain = data + 2;
		nplain = size - 2;
		half = (data[0] & 2) ? nplain / 2 : nplain;
		first_half = half;
		gz(&file, plain, half);	/* two members when asked */
		first = file.len;
		if (half < nplain)
			gz(&file, plain + half, nplain - half);
		if (data[1] != 0) {
			cut = file.len * data[1] / 256;
			whole = 0;
			file.len = cut;
		}
	} else
		buf_add(&file, data + 1, size - 1);
	in = input_open(fz_file("in", file.data, file.len), &e);
	if (in == NULL)
		fz_fail("%s", e.msg);
	e.msg[0] = '\0';
	while ((got = input_getline(in, &line, &len, MAXLINE, &e)) == 1) {
		/* MAXLINE bytes and the newline that ends them. */
		if (len == 0 || len > MAXLINE + (line[len - 1] == '\n'))
			fz_fail("line of %zu bytes", len);
		buf_add(&back, line, len);
	}
	if (got == -1 && e.msg[0] == '\0')
		fz_fail("error without a message");
	if (plain != NULL) {
		int toolong = 0;
		size_t i, run = 0;

		/* The reader drops one leading byte-order mark (io.h) when
		 * its first read holds all of it: a first member shorter
		 * than the mark may leave it in. */
		if (nplain >= 3 && memcmp(plain, "\xef\xbb\xbf", 3) == 0 &&
		    !(first_half < 3 && back.len == nplain &&
		    memcmp(back.data, plain, nplain) == 0)) {
			plain += 3;
			nplain -= 3;
		}

		for (i = 0; i < nplain; i++) {
			run = plain[i] == '\n' ? 0 : run + 1;
			if (run >= MAXLINE)
				toolong = 1;
		}
		if (whole && !toolong && (got != 0 || back.len != nplain ||
		    (nplain > 0 && memcmp(back.data, plain, nplain) != 0)))
			fz_fail("a whole stream of %zu bytes read back as %zu "
			    "(%s)", nplain, back.len, got ? e.msg : "eof");
		/* Cut inside the magic bytes it is plain text; cut where
		 * the first member ends it is a whole stream of that. */
		if (!whole && cut >= 3 && cut != first && got == 0)
			fz_fail("a gzip stream cut at %zu of %zu bytes read "
			    "quietly", cut, first);
	}
	input_close(in);
	buf_free(&file);
	buf_free(&back);
	return 0;
}
