/*
 * Unit tests of lib/io.
 *
 * Input: plain files and gzip made here with zlib (one member, two
 * concatenated members, a stream cut short, a corrupt body), lines with and
 * without a final newline, a byte-order mark, the line limit, input_peek,
 * read_file and its limit.
 *
 * Output: atomic replace (nothing visible before output_close, the
 * temporary file's name, modes, symbolic links, output_abort, .gz), a full
 * disk (/dev/full), output_append, and append_record (torn last lines,
 * mode, two processes appending at once).
 *
 * Everything is written under a fresh mkdtemp directory in $TMPDIR or /tmp,
 * removed at the end.  The umask is set to 022 so that modes are known.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io.h"
#include "tap.h"
#include "util.h"

static char *tmpdir;

/* path: "TMPDIR/NAME" in a static ring, enough for one test's names. */
static const char *
path(const char *name)
{
	static char ring[8][4096];
	static int next;
	char *p = ring[next++ % 8];

	snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
	return p;
}

static void
put_file(const char *name, const void *p, size_t n)
{
	int fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1 || write_all(fd, p, n) == -1 || close(fd) == -1) {
		perror(path(name));
		exit(2);
	}
}

/* slurp: the bytes of NAME (caller frees), NULL when it cannot be read. */
static char *
slurp(const char *name, size_t *len)
{
	struct buf b = {0};
	char chunk[8192];
	ssize_t n;
	int fd = open(path(name), O_RDONLY);

	if (fd == -1)
		return NULL;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (len != NULL)
		*len = b.len;
	return buf_detach(&b);
}

static void
put_gzip(const char *name, const char *mode, const char *text)
{
	gzFile gz = gzopen(path(name), mode);

	if (gz == NULL || gzwrite(gz, text, (unsigned)strlen(text)) !=
	    (int)strlen(text) || gzclose(gz) != Z_OK) {
		fprintf(stderr, "cannot write gzip %s\n", path(name));
		exit(2);
	}
}

/* gunzip_file: NAME decompressed (caller frees), NULL on a gzip error. */
static char *
gunzip_file(const char *name, size_t *len)
{
	gzFile gz = gzopen(path(name), "rb");
	struct buf b = {0};
	char chunk[8192];
	int n;

	if (gz == NULL)
		return NULL;
	while ((n = gzread(gz, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	if (n < 0) {
		gzclose(gz);
		buf_free(&b);
		return NULL;
	}
	gzclose(gz);
	*len = b.len;
	return buf_detach(&b);
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(p) : unlink(p)) == -1)
		perror(p);
	return 0;
}

/*
 * read_lines: every line of NAME through input_getline, joined with "|"
 * after each line's bytes (so "a\n" "b" reads "a\n|b|"); the last return
 * value in *RC and its message in E.
 */
static char *
read_lines(const char *name, size_t max, int *rc, struct mlo_error *e)
{
	struct input *in = input_open(path(name), e);
	struct buf b = {0};
	const char *line;
	size_t len;

	if (in == NULL) {
		*rc = -2;
		return xstrdup("");
	}
	while ((*rc = input_getline(in, &line, &len, max, e)) == 1) {
		buf_add(&b, line, len);
		buf_addc(&b, '|');
	}
	input_close(in);
	buf_addc(&b, '\0');
	b.len--;
	return buf_detach(&b);
}

/* Strip the temporary directory from messages so they can be compared. */
static const char *
rel(const char *msg)
{
	static char out[1024];
	size_t n = strlen(tmpdir);
	char *p;

	snprintf(out, sizeof out, "%s", msg);
	while ((p = strstr(out, tmpdir)) != NULL) {
		memmove(p + 1, p + n, strlen(p + n) + 1);
		p[0] = '@';
	}
	return out;
}

static void
test_plain_input(void)
{
	struct mlo_error e = {{0}};
	struct input *in;
	const char *line;
	size_t len;
	char *got;
	int rc;

	put_file("plain.csv", "a,b\n1,2\n3,4\n", 12);
	in = input_open(path("plain.csv"), &e);
	ok(in != NULL, "input_open on a plain file");
	is_str(rel(input_name(in)), "@/plain.csv", "input_name is the path");
	is_long(input_lineno(in), 0, "no line read yet: line number 0");
	rc = input_getline(in, &line, &len, IO_MAX_LINE, &e);
	ok(rc == 1 && len == 4 && memcmp(line, "a,b\n", 4) == 0,
	    "first line \"a,b\\n\" with its newline");
	is_long(input_lineno(in), 1, "line number 1");
	rc = input_getline(in, &line, &len, IO_MAX_LINE, &e);
	ok(rc == 1 && len == 4 && memcmp(line, "1,2\n", 4) == 0,
	    "second line \"1,2\\n\"");
	rc = input_getline(in, &line, &len, IO_MAX_LINE, &e);
	ok(rc == 1 && len == 4 && memcmp(line, "3,4\n", 4) == 0,
	    "third line \"3,4\\n\"");
	is_long(input_lineno(in), 3, "line number 3");
	is_long(input_getline(in, &line, &len, IO_MAX_LINE, &e), 0,
	    "end of input: 0");
	is_long(input_getline(in, &line, &len, IO_MAX_LINE, &e), 0,
	    "end of input again: 0");
	input_close(in);

	put_file("nofinal.txt", "x\ny\nlast", 8);
	got = read_lines("nofinal.txt", IO_MAX_LINE, &rc, &e);
	is_str(got, "x\n|y\n|last|", "a last line without newline is a line");
	is_long(rc, 0, "then end of input");
	free(got);

	put_file("blank.txt", "\n\n\r\n", 4);
	got = read_lines("blank.txt", IO_MAX_LINE, &rc, &e);
	is_str(got, "\n|\n|\r\n|", "empty lines and CRLF are lines as they are");
	free(got);

	put_file("empty.txt", "", 0);
	got = read_lines("empty.txt", IO_MAX_LINE, &rc, &e);
	ok(rc == 0 && got[0] == '\0', "an empty file has no lines");
	free(got);

	put_file("one.txt", "z", 1);
	got = read_lines("one.txt", IO_MAX_LINE, &rc, &e);
	is_str(got, "z|", "a one-byte file is one line");
	free(got);

	put_file("bom.csv", "\xef\xbb\xbf" "a,b\n1,2\n", 11);
	got = read_lines("bom.csv", IO_MAX_LINE, &rc, &e);
	is_str(got, "a,b\n|1,2\n|", "a UTF-8 byte-order mark is dropped");
	free(got);

	put_file("bom3.csv", "\xef\xbb\xbf\xef\xbb\xbf" "a\n", 8);
	got = read_lines("bom3.csv", IO_MAX_LINE, &rc, &e);
	is_str(got, "\xef\xbb\xbf" "a\n|",
	    "only the first of two byte-order marks is dropped");
	free(got);

	put_file("bom2.csv", "a\n\xef\xbb\xbf" "b\n", 7);
	got = read_lines("bom2.csv", IO_MAX_LINE, &rc, &e);
	is_str(got, "a\n|\xef\xbb\xbf" "b\n|",
	    "a byte-order mark after the start is data");
	free(got);

	put_file("long.txt", "short\n0123456789x\nafter\n", 24);
	got = read_lines("long.txt", 10, &rc, &e);
	is_str(got, "short\n|", "lines before a too long line are read");
	is_long(rc, -1, "a line over the limit: -1");
	is_str(rel(e.msg), "@/long.txt:2: line longer than 10 bytes",
	    "the message names the file and line 2");
	free(got);

	put_file("exact.txt", "0123456789\n0123456789", 21);
	got = read_lines("exact.txt", 10, &rc, &e);
	is_str(got, "0123456789\n|0123456789|",
	    "lines of exactly the limit (with and without newline) are read");
	is_long(rc, 0, "and end of input follows");
	free(got);

	put_file("longlast.txt", "ok\n0123456789x", 14);
	got = read_lines("longlast.txt", 10, &rc, &e);
	is_long(rc, -1, "a last line over the limit without newline: -1");
	is_str(rel(e.msg), "@/longlast.txt:2: line longer than 10 bytes",
	    "the message names line 2");
	free(got);

	/* A line longer than the read chunk (256 KiB) comes out whole. */
	{
		size_t n = 700000;
		char *big = xmalloc(n + 3);

		memset(big, 'q', n);
		memcpy(big + n, "\nz", 2);
		put_file("big.txt", big, n + 2);
		got = read_lines("big.txt", IO_MAX_LINE, &rc, &e);
		ok(strlen(got) == n + 4 && memcmp(got, big, n) == 0 &&
		    strcmp(got + n, "\n|z|") == 0,
		    "a 700000-byte line spanning chunks is one line");
		free(got);
		got = read_lines("big.txt", 500000, &rc, &e);
		ok(rc == -1 && strcmp(rel(e.msg),
		    "@/big.txt:1: line longer than 500000 bytes") == 0,
		    "and over a 500000 limit it is refused naming line 1");
		free(got);
		free(big);
	}

	in = input_open(path("no-such-file"), &e);
	ok(in == NULL, "input_open of a missing file fails");
	is_str(rel(e.msg), "@/no-such-file: No such file or directory",
	    "with the path and strerror");
	in = input_open(tmpdir, &e);
	ok(in == NULL, "input_open of a directory fails");
	is_str(rel(e.msg), "@: is a directory", "saying it is a directory");
}

static void
test_gzip_input(void)
{
	struct mlo_error e = {{0}};
	char *got, *gz;
	size_t n;
	int rc;

	put_gzip("one.gz", "wb", "a,b\n1,2\n3,4");
	got = read_lines("one.gz", IO_MAX_LINE, &rc, &e);
	is_str(got, "a,b\n|1,2\n|3,4|", "gzip is decompressed");
	is_long(rc, 0, "and ends cleanly");
	free(got);

	/* The magic bytes decide, not the name. */
	put_gzip("gzip-named.csv", "wb", "x\n");
	got = read_lines("gzip-named.csv", IO_MAX_LINE, &rc, &e);
	is_str(got, "x\n|", "gzip without a .gz name is still decompressed");
	free(got);
	put_file("plain.gz", "not gzip\n", 9);
	got = read_lines("plain.gz", IO_MAX_LINE, &rc, &e);
	is_str(got, "not gzip\n|", "a .gz name on plain text is plain text");
	free(got);

	put_gzip("two.gz", "wb", "first\nmember\n");
	put_gzip("two.gz", "ab", "second\nmember\n");
	got = read_lines("two.gz", IO_MAX_LINE, &rc, &e);
	is_str(got, "first\n|member\n|second\n|member\n|",
	    "two concatenated gzip members are read as one stream");
	is_long(rc, 0, "and end cleanly");
	free(got);

	/* A member boundary inside a line joins the line. */
	put_gzip("split.gz", "wb", "par");
	put_gzip("split.gz", "ab", "tial\n");
	got = read_lines("split.gz", IO_MAX_LINE, &rc, &e);
	is_str(got, "partial\n|", "a line split across members is one line");
	free(got);

	put_gzip("bom.gz", "wb", "\xef\xbb\xbf" "h\n");
	got = read_lines("bom.gz", IO_MAX_LINE, &rc, &e);
	is_str(got, "h\n|", "a byte-order mark inside gzip is dropped");
	free(got);

	put_gzip("empty.gz", "wb", "");
	got = read_lines("empty.gz", IO_MAX_LINE, &rc, &e);
	ok(rc == 0 && got[0] == '\0', "an empty gzip stream has no lines");
	free(got);

	/* Truncated: the trailer (8 bytes) and 2 bytes of data cut off. */
	{
		struct buf text = {0};
		int i;

		for (i = 0; i < 2000; i++)
			buf_printf(&text, "line %d of a stream cut short\n", i);
		put_gzip("cut.gz", "wb", text.data);
		buf_free(&text);
	}
	gz = slurp("cut.gz", &n);
	put_file("cut.gz", gz, n - 10);
	free(gz);
	got = read_lines("cut.gz", IO_MAX_LINE, &rc, &e);
	is_long(rc, -1, "truncated gzip: input_getline returns -1");
	is_str(rel(e.msg), "@/cut.gz: truncated gzip stream",
	    "message says truncated gzip stream");
	ok(strncmp(got, "line 0 of a stream cut short\n|", 30) == 0,
	    "the lines before the cut were returned");
	free(got);

	/* Only the 10-byte header is there. */
	put_gzip("hdr.gz", "wb", "abc\n");
	gz = slurp("hdr.gz", &n);
	put_file("hdr.gz", gz, 10);
	free(gz);
	got = read_lines("hdr.gz", IO_MAX_LINE, &rc, &e);
	ok(rc == -1 && strcmp(rel(e.msg), "@/hdr.gz: truncated gzip stream") ==
	    0, "a gzip header alone is a truncated stream");
	free(got);

	/*
	 * A valid header then a deflate block of the reserved type 3 (first
	 * byte 0xff: final block, type 11).
	 */
	{
		static const unsigned char bad[] = {
			0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3,
			0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
		};

		put_file("corrupt.gz", bad, sizeof bad);
	}
	got = read_lines("corrupt.gz", IO_MAX_LINE, &rc, &e);
	is_long(rc, -1, "corrupt gzip body: -1");
	is_str(rel(e.msg), "@/corrupt.gz: corrupt gzip stream: invalid block type",
	    "message says corrupt gzip stream and why");
	free(got);

	/* A good member followed by a corrupt CRC. */
	put_gzip("crc.gz", "wb", "checked\n");
	gz = slurp("crc.gz", &n);
	gz[n - 8] ^= 0x55;
	put_file("crc.gz", gz, n);
	free(gz);
	got = read_lines("crc.gz", IO_MAX_LINE, &rc, &e);
	ok(rc == -1 && strcmp(rel(e.msg),
	    "@/crc.gz: corrupt gzip stream: incorrect data check") == 0,
	    "a wrong CRC is a corrupt stream (got: %s)", rel(e.msg));
	free(got);
}

static void
test_peek(void)
{
	struct mlo_error e = {{0}};
	struct input *in;
	const char *line;
	size_t len;

	put_file("peek.ndjson", "  \n\t\r\n{\"a\":1}\n", 14);
	in = input_open(path("peek.ndjson"), &e);
	is_long(input_peek(in, &e), '{', "input_peek skips blanks to '{'");
	is_long(input_peek(in, &e), '{', "a second peek gives the same byte");
	ok(input_getline(in, &line, &len, IO_MAX_LINE, &e) == 1 && len == 3 &&
	    memcmp(line, "  \n", 3) == 0, "peek consumed nothing");
	input_close(in);

	put_file("peek-bom.csv", "\xef\xbb\xbf" "id\n", 6);
	in = input_open(path("peek-bom.csv"), &e);
	is_long(input_peek(in, &e), 'i', "input_peek skips a byte-order mark");
	ok(input_getline(in, &line, &len, IO_MAX_LINE, &e) == 1 && len == 3 &&
	    memcmp(line, "id\n", 3) == 0, "and the first line has no mark");
	input_close(in);

	put_file("peek-blank.txt", " \n\n ", 4);
	in = input_open(path("peek-blank.txt"), &e);
	is_long(input_peek(in, &e), -1, "input_peek on blanks only: -1");
	is_str(e.msg, "", "with no error message");
	input_close(in);

	put_file("peek-empty.txt", "", 0);
	in = input_open(path("peek-empty.txt"), &e);
	is_long(input_peek(in, &e), -1, "input_peek on an empty file: -1");
	is_str(e.msg, "", "with no error message");
	input_close(in);

	put_gzip("peek.gz", "wb", "\n\n{\"b\":2}\n");
	in = input_open(path("peek.gz"), &e);
	is_long(input_peek(in, &e), '{', "input_peek sees through gzip");
	ok(input_getline(in, &line, &len, IO_MAX_LINE, &e) == 1 && len == 1,
	    "and the first line is still there");
	input_close(in);

	in = input_open(path("corrupt.gz"), &e);
	is_long(input_peek(in, &e), -1, "input_peek on corrupt gzip: -1");
	is_str(rel(e.msg), "@/corrupt.gz: corrupt gzip stream: invalid block type",
	    "with the error in E");
	input_close(in);
}

static void
test_read_file(void)
{
	struct mlo_error e = {{0}};
	char *out = NULL;
	size_t len = 0;

	put_file("rf.txt", "0123456789abcdef", 16);
	ok(read_file(path("rf.txt"), 16, &out, &len, &e) == 0 && len == 16 &&
	    strcmp(out, "0123456789abcdef") == 0,
	    "read_file: 16 bytes with max 16, NUL-terminated");
	free(out);
	out = NULL;
	is_long(read_file(path("rf.txt"), 15, &out, &len, &e), -1,
	    "read_file: 16 bytes with max 15 fails");
	is_str(rel(e.msg), "@/rf.txt: larger than 15 bytes",
	    "saying the file is larger than the limit");
	ok(out == NULL, "and hands back nothing");

	ok(read_file(path("one.gz"), 100, &out, &len, &e) == 0 && len == 11 &&
	    strcmp(out, "a,b\n1,2\n3,4") == 0, "read_file decompresses gzip");
	free(out);
	is_long(read_file(path("one.gz"), 10, &out, &len, &e), -1,
	    "the limit counts decompressed bytes");

	ok(read_file(path("empty.txt"), 10, &out, &len, &e) == 0 && len == 0 &&
	    out[0] == '\0', "read_file of an empty file: \"\"");
	free(out);

	is_long(read_file(path("cut.gz"), 1 << 20, &out, &len, &e), -1,
	    "read_file of a truncated gzip fails");
	is_str(rel(e.msg), "@/cut.gz: truncated gzip stream",
	    "saying it is truncated");
	is_long(read_file(path("none"), 10, &out, &len, &e), -1,
	    "read_file of a missing file fails");
	is_str(rel(e.msg), "@/none: No such file or directory",
	    "with strerror");
}

/* dir_entries: the names in tmpdir/SUB, ","-joined, in readdir order. */
static char *
dir_entries(const char *sub)
{
	DIR *d = opendir(path(sub));
	struct dirent *de;
	struct buf b = {0};

	buf_adds(&b, "");
	if (d == NULL)
		return buf_detach(&b);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (b.len > 0)
			buf_addc(&b, ',');
		buf_adds(&b, de->d_name);
	}
	closedir(d);
	return buf_detach(&b);
}

static long
mode_of(const char *name)
{
	struct stat st;

	return stat(path(name), &st) == 0 ? (long)(st.st_mode & 07777) : -1;
}

static void
test_atomic(void)
{
	struct mlo_error e = {{0}};
	struct output *o;
	char *got, *names;
	size_t n;

	mkdir(path("at"), 0755);

	/* A new file. */
	o = output_open(path("at/metrics.prom"), &e);
	ok(o != NULL, "output_open of a new file");
	is_str(rel(output_name(o)), "@/at/metrics.prom", "output_name is PATH");
	output_puts(o, "up 1\n");
	output_printf(o, "x %d\n", 42);
	output_putc(o, '#');
	output_write(o, "\n", 1);
	ok(output_flush(o, &e) == 0, "output_flush before close");
	ok(access(path("at/metrics.prom"), F_OK) == -1 && errno == ENOENT,
	    "before output_close the target does not exist");
	names = dir_entries("at");
	ok(names[0] == '.' && strchr(names, ',') == NULL,
	    "one temporary file, hidden: %s", names);
	ok(strlen(names) < 5 || strcmp(names + strlen(names) - 5, ".prom") != 0,
	    "the temporary name does not end like the target");
	free(names);
	ok(output_close(o, &e) == 0, "output_close commits");
	got = slurp("at/metrics.prom", NULL);
	is_str(got, "up 1\nx 42\n#\n", "the target has the new content");
	free(got);
	is_long(mode_of("at/metrics.prom"), 0644,
	    "a new file is 0666 & ~umask (0644)");
	names = dir_entries("at");
	is_str(names, "metrics.prom", "no temporary file left behind");
	free(names);

	/* Replacing keeps the old mode, and the old content until close. */
	chmod(path("at/metrics.prom"), 0600);
	o = output_open(path("at/metrics.prom"), &e);
	output_puts(o, "up 0\n");
	output_flush(o, &e);
	got = slurp("at/metrics.prom", NULL);
	is_str(got, "up 1\nx 42\n#\n", "before close the old content stays");
	free(got);
	ok(output_close(o, &e) == 0, "output_close replaces");
	got = slurp("at/metrics.prom", NULL);
	is_str(got, "up 0\n", "after close the new content");
	free(got);
	is_long(mode_of("at/metrics.prom"), 0600,
	    "a replaced file keeps its mode (0600)");

	/* output_abort: old file intact, no temporary file. */
	o = output_open(path("at/metrics.prom"), &e);
	output_puts(o, "garbage\n");
	output_flush(o, &e);
	output_abort(o);
	got = slurp("at/metrics.prom", NULL);
	is_str(got, "up 0\n", "output_abort leaves the old file intact");
	free(got);
	names = dir_entries("at");
	is_str(names, "metrics.prom", "and no temporary file behind");
	free(names);
	o = output_open(path("at/never.csv"), &e);
	output_abort(o);
	names = dir_entries("at");
	is_str(names, "metrics.prom", "an aborted new file never appears");
	free(names);

	/* atomic_write: the same in one call, through a relative symlink. */
	mkdir(path("at/sub"), 0755);
	put_file("at/sub/real.csv", "old\n", 4);
	chmod(path("at/sub/real.csv"), 0640);
	if (symlink("sub/real.csv", path("at/link.csv")) == -1)
		perror("symlink");
	ok(atomic_write(path("at/link.csv"), "new\n", 4, &e) == 0,
	    "atomic_write through a symbolic link");
	{
		struct stat st;

		ok(lstat(path("at/link.csv"), &st) == 0 && S_ISLNK(st.st_mode),
		    "the link is still a link");
	}
	got = slurp("at/sub/real.csv", NULL);
	is_str(got, "new\n", "the link's target has the new content");
	free(got);
	is_long(mode_of("at/sub/real.csv"), 0640,
	    "and kept its mode (0640)");
	names = dir_entries("at/sub");
	is_str(names, "real.csv", "no temporary file beside the target");
	free(names);

	/* A link to a link to an absolute path. */
	symlink(path("at/sub/real.csv"), path("at/sub/abs.csv"));
	symlink("sub/abs.csv", path("at/chain.csv"));
	ok(atomic_write(path("at/chain.csv"), "chained\n", 8, &e) == 0,
	    "atomic_write through two links");
	got = slurp("at/sub/real.csv", NULL);
	is_str(got, "chained\n", "the final target is replaced");
	free(got);
	{
		struct stat st;

		ok(lstat(path("at/chain.csv"), &st) == 0 && S_ISLNK(st.st_mode) &&
		    lstat(path("at/sub/abs.csv"), &st) == 0 &&
		    S_ISLNK(st.st_mode), "both links are still links");
	}

	/* gzip by name. */
	o = output_open(path("at/out.csv.gz"), &e);
	{
		struct buf want = {0};
		int i;

		for (i = 0; i < 20000; i++)
			buf_printf(&want, "%d,row number %d\n", i, i * 7);
		output_write(o, want.data, want.len);
		ok(output_close(o, &e) == 0, "output_close of a .gz target");
		got = slurp("at/out.csv.gz", &n);
		ok(n > 2 && (unsigned char)got[0] == 0x1f &&
		    (unsigned char)got[1] == 0x8b, "a .gz target is gzip");
		ok(n < want.len / 3, "and compressed (%zu of %zu bytes)", n,
		    want.len);
		free(got);
		got = gunzip_file("at/out.csv.gz", &n);
		ok(got != NULL && n == want.len &&
		    memcmp(got, want.data, n) == 0,
		    "it decompresses to the bytes written");
		free(got);
		buf_free(&want);
	}
	o = output_open(path("at/empty.gz"), &e);
	ok(output_close(o, &e) == 0, "an empty .gz output closes");
	got = gunzip_file("at/empty.gz", &n);
	ok(got != NULL && n == 0, "to a valid empty gzip file");
	free(got);

	o = output_open(path("no-dir/x.csv"), &e);
	ok(o == NULL, "output_open in a missing directory fails");
	is_str(rel(e.msg), "@/no-dir/x.csv: cannot create a temporary file "
	    "beside it: No such file or directory", "saying why");
}

static void
test_full_disk(void)
{
	struct mlo_error e = {{0}};
	struct output *o;
	int fd = open("/dev/full", O_WRONLY);

	if (fd == -1) {
		ok(1, "# SKIP /dev/full: %s", strerror(errno));
		return;
	}
	o = output_fd(fd, "full-disk");
	output_puts(o, "some bytes\n");
	ok(output_flush(o, &e) == -1, "output to /dev/full: flush fails");
	is_str(e.msg, "write error on full-disk: No space left on device",
	    "with \"No space left on device\"");
	e.msg[0] = '\0';
	ok(output_close(o, &e) == -1, "and output_close fails as well");
	is_str(e.msg, "write error on full-disk: No space left on device",
	    "with the same message");
	ok(fcntl(fd, F_GETFD) != -1, "output_close did not close output_fd's fd");
	close(fd);
}

static void
test_append_record(void)
{
	struct mlo_error e = {{0}};
	char *got;

	ok(append_record(path("ev.ndjson"), "{\"a\":1}\n", 8, &e) == 0,
	    "append_record creates the file");
	is_long(mode_of("ev.ndjson"), 0644, "0666 under umask 022: 0644");
	ok(append_record(path("ev.ndjson"), "{\"a\":2}\n{\"a\":3}\n", 16, &e) ==
	    0, "append_record appends two lines");
	got = slurp("ev.ndjson", NULL);
	is_str(got, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", "the records in order");
	free(got);

	put_file("torn.ndjson", "{\"a\":1}\n{\"a\":", 13);
	ok(append_record(path("torn.ndjson"), "{\"b\":2}\n", 8, &e) == 0,
	    "append_record on a torn last line");
	got = slurp("torn.ndjson", NULL);
	is_str(got, "{\"a\":1}\n{\"a\":\n{\"b\":2}\n",
	    "a newline ends the torn line before the record");
	free(got);

	put_file("emptyev.ndjson", "", 0);
	append_record(path("emptyev.ndjson"), "x\n", 2, &e);
	got = slurp("emptyev.ndjson", NULL);
	is_str(got, "x\n", "an empty file gets no extra newline");
	free(got);

	is_long(append_record(path("no-dir/ev"), "x\n", 2, &e), -1,
	    "append_record in a missing directory fails");
	is_str(rel(e.msg), "@/no-dir/ev: No such file or directory", "saying why");
}

#define N_APPENDS 1000

/* One child's record number I: "child C record IIII " padded to 120 bytes. */
static size_t
make_record(char *rec, int child, int i)
{
	int n = snprintf(rec, 128, "child %c record %04d ", 'A' + child, i);

	memset(rec + n, 'a' + child, 119 - (size_t)n);
	rec[119] = '\n';
	return 120;
}

static void
test_append_concurrent(void)
{
	struct mlo_error e = {{0}};
	pid_t pids[2];
	int child, status[2], bad = 0, next[2] = {0, 0}, lines = 0, go[2];
	char *got, *p, rec[128];
	size_t n;

	/* Both children wait on GO until the parent closes it: a real race. */
	if (pipe(go) == -1) {
		perror("pipe");
		exit(2);
	}
	fflush(stdout);		/* children must not repeat buffered TAP */
	for (child = 0; child < 2; child++) {
		if ((pids[child] = fork()) == -1) {
			perror("fork");
			exit(2);
		}
		if (pids[child] == 0) {
			int i;

			close(go[1]);
			if (read(go[0], rec, 1) != 0)
				_exit(1);
			for (i = 0; i < N_APPENDS; i++) {
				n = make_record(rec, child, i);
				if (append_record(path("race.log"), rec, n, &e) ==
				    -1) {
					fprintf(stderr, "%s\n", e.msg);
					_exit(1);
				}
			}
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (child = 0; child < 2; child++)
		waitpid(pids[child], &status[child], 0);
	ok(WIFEXITED(status[0]) && WEXITSTATUS(status[0]) == 0 &&
	    WIFEXITED(status[1]) && WEXITSTATUS(status[1]) == 0,
	    "two children appended 1000 records each");
	got = slurp("race.log", &n);
	is_long((long)n, 2L * N_APPENDS * 120, "the file holds 240000 bytes");
	for (p = got; p < got + n; p += 120) {
		int c = p[6] - 'A';

		lines++;
		if (c < 0 || c > 1 || next[c] >= N_APPENDS) {
			bad++;
			continue;
		}
		make_record(rec, c, next[c]);
		if (memcmp(p, rec, 120) != 0)
			bad++;
		else
			next[c]++;
	}
	is_long(lines, 2 * N_APPENDS, "2000 lines");
	is_long(bad, 0, "every line intact, each child's in its order");
	ok(next[0] == N_APPENDS && next[1] == N_APPENDS,
	    "1000 records from each child");
	free(got);
}

static void
test_output_append(void)
{
	struct mlo_error e = {{0}};
	struct output *o;
	int was_empty = -1;
	char *got;

	o = output_append(path("ledger.csv"), &was_empty, &e);
	ok(o != NULL, "output_append creates a file");
	is_long(was_empty, 1, "was_empty: 1 for a new file");
	is_long(mode_of("ledger.csv"), 0644, "created 0644 under umask 022");
	output_puts(o, "id,v\n1,a\n");
	ok(output_close(o, &e) == 0, "output_close (fsync, close) succeeds");
	got = slurp("ledger.csv", NULL);
	is_str(got, "id,v\n1,a\n", "the lines are there after close");
	free(got);

	o = output_append(path("ledger.csv"), &was_empty, &e);
	is_long(was_empty, 0, "was_empty: 0 for a file with bytes");
	output_puts(o, "2,b\n");
	ok(output_close(o, &e) == 0, "a second append closes");
	got = slurp("ledger.csv", NULL);
	is_str(got, "id,v\n1,a\n2,b\n", "appended after the old lines");
	free(got);

	put_file("zero.csv", "", 0);
	o = output_append(path("zero.csv"), &was_empty, &e);
	is_long(was_empty, 1, "was_empty: 1 for an existing empty file");
	output_abort(o);

	put_file("torn.csv", "id,v\n1,a\n2,", 11);
	o = output_append(path("torn.csv"), &was_empty, &e);
	is_long(was_empty, 0, "was_empty: 0 for a torn file");
	output_puts(o, "3,c\n");
	ok(output_close(o, &e) == 0, "append after a torn line closes");
	got = slurp("torn.csv", NULL);
	is_str(got, "id,v\n1,a\n2,\n3,c\n",
	    "the torn line is ended before the new lines");
	free(got);

	/* The lock is held until close: a second locker would wait. */
	o = output_append(path("ledger.csv"), &was_empty, &e);
	{
		int fd = open(path("ledger.csv"), O_RDONLY);

		ok(fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1 &&
		    errno == EWOULDBLOCK,
		    "output_append holds an exclusive flock");
		output_close(o, &e);
		ok(flock(fd, LOCK_EX | LOCK_NB) == 0,
		    "released by output_close");
		close(fd);
	}

	o = output_append(path("no-dir/ledger.csv"), &was_empty, &e);
	ok(o == NULL, "output_append in a missing directory fails");
	is_str(rel(e.msg), "@/no-dir/ledger.csv: No such file or directory",
	    "saying why");

	/*
	 * A descriptor that cannot be synchronised (a character device, a
	 * pipe: fsync says EINVAL) is no error: nothing to make durable.
	 */
	o = output_append("/dev/null", &was_empty, &e);
	if (o == NULL)
		ok(1, "# SKIP /dev/null: %s", e.msg);
	else {
		output_puts(o, "x\n");
		ok(output_close(o, &e) == 0,
		    "output_append to /dev/null: fsync's EINVAL is not an error");
	}
	ok(append_record("/dev/null", "x\n", 2, &e) == 0,
	    "append_record to /dev/null succeeds as well");

	/* A full device: the write fails, reported at close. */
	o = output_append("/dev/full", &was_empty, &e);
	if (o == NULL)
		ok(1, "# SKIP /dev/full: %s", e.msg);
	else {
		output_puts(o, "x\n");
		ok(output_close(o, &e) == -1 && strcmp(e.msg,
		    "write error on /dev/full: No space left on device") == 0,
		    "output_append to /dev/full fails at close: %s", e.msg);
	}
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	struct buf b = {0};

	umask(022);
	buf_printf(&b, "%s/mlo-unit-io-XXXXXX", base && *base ? base : "/tmp");
	tmpdir = buf_detach(&b);
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		return 2;
	}
	test_plain_input();
	test_gzip_input();
	test_peek();
	test_read_file();
	test_atomic();
	test_full_disk();
	test_append_record();
	test_append_concurrent();
	test_output_append();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(tmpdir);
	return tap_done();
}
