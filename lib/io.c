#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io.h"
#include "util.h"

#define IN_CHUNK (256 * 1024)
#define OUT_CHUNK (64 * 1024)

struct input {
	int fd;
	char *name;
	int eof;		/* the descriptor has no more bytes */
	int gz;			/* 1 when the stream is gzip */
	int gz_end;		/* the last member ended cleanly */
	z_stream zs;
	unsigned char *zbuf;	/* compressed bytes read, not yet inflated */
	char *buf;		/* plain bytes: [pos, end) not yet returned */
	size_t pos, end, cap;
	long lineno;
	int started;		/* gzip detection done */
	int bom_done;		/* a leading byte-order mark was dropped */
};

struct input *
input_open(const char *path, struct mlo_error *e)
{
	struct input *in;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		error_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	} else {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			error_set(e, "%s: is a directory", path);
			close(fd);
			return NULL;
		}
	}
	in = xcalloc(1, sizeof *in);
	in->fd = fd;
	in->name = xstrdup(display_name(path));
	in->cap = IN_CHUNK;
	in->buf = xmalloc(in->cap);
	return in;
}

static ssize_t
read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r == -1 && errno == EINTR);
	return r;
}

/* Make room for at least one more chunk at the end of the plain buffer. */
static void
make_room(struct input *in, size_t want)
{
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in->end - in->pos);
		in->end -= in->pos;
		in->pos = 0;
	}
	if (in->cap - in->end < want) {
		in->cap = in->end + want;
		in->buf = xrealloc(in->buf, in->cap);
	}
}

static int
gz_start(struct input *in, struct mlo_error *e)
{
	in->gz = 1;
	in->zbuf = xmalloc(IN_CHUNK);
	/* 15 + 16: a gzip wrapper, the largest window. */
	if (inflateInit2(&in->zs, 15 + 16) != Z_OK)
		return error_set(e, "%s: cannot start gzip decoding", in->name);
	/* The bytes already read are compressed: move them to zbuf. */
	memcpy(in->zbuf, in->buf + in->pos, in->end - in->pos);
	in->zs.next_in = in->zbuf;
	in->zs.avail_in = (uInt)(in->end - in->pos);
	in->pos = in->end = 0;
	return 0;
}

/*
 * Add more plain bytes to the buffer.  Returns the number added, 0 at end of
 * input, -1 with E on error.
 */
static ssize_t
fill(struct input *in, struct mlo_error *e)
{
	ssize_t r;

	if (!in->started) {
		in->started = 1;
		/*
		 * Read until three bytes are known: two for the gzip magic,
		 * three for a UTF-8 byte-order mark, which input_getline and
		 * input_peek only recognise whole in the buffer (a pipe may
		 * hand over "\xef\xbb" alone first).
		 */
		while (in->end < 3 && !in->eof) {
			r = read_some(in->fd, in->buf + in->end, in->cap - in->end);
			if (r == -1)
				return error_set(e, "%s: %s", in->name,
				    strerror(errno));
			if (r == 0)
				in->eof = 1;
			in->end += (size_t)r;
		}
		if (in->end >= 2 && (unsigned char)in->buf[0] == 0x1f &&
		    (unsigned char)in->buf[1] == 0x8b) {
			if (gz_start(in, e) == -1)
				return -1;
		} else
			return (ssize_t)in->end;
	}
	make_room(in, IN_CHUNK);
	if (!in->gz) {
		if (in->eof)
			return 0;
		r = read_some(in->fd, in->buf + in->end, in->cap - in->end);
		if (r == -1)
			return error_set(e, "%s: %s", in->name, strerror(errno));
		if (r == 0)
			in->eof = 1;
		in->end += (size_t)r;
		return r;
	}
	for (;;) {
		size_t before = in->end;
		int zr;

		if (in->zs.avail_in == 0 && !in->eof) {
			r = read_some(in->fd, in->zbuf, IN_CHUNK);
			if (r == -1)
				return error_set(e, "%s: %s", in->name,
				    strerror(errno));
			if (r == 0)
				in->eof = 1;
			in->zs.next_in = in->zbuf;
			in->zs.avail_in = (uInt)r;
		}
		if (in->zs.avail_in == 0 && in->eof) {
			if (!in->gz_end)
				return error_set(e, "%s: truncated gzip stream",
				    in->name);
			return 0;
		}
		if (in->gz_end) {
			/* Another member follows (concatenated gzip). */
			if (inflateReset(&in->zs) != Z_OK)
				return error_set(e, "%s: corrupt gzip stream",
				    in->name);
			in->gz_end = 0;
		}
		in->zs.next_out = (unsigned char *)in->buf + in->end;
		in->zs.avail_out = (uInt)(in->cap - in->end);
		zr = inflate(&in->zs, Z_NO_FLUSH);
		in->end = in->cap - in->zs.avail_out;
		if (zr == Z_STREAM_END)
			in->gz_end = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return error_set(e, "%s: corrupt gzip stream: %s",
			    in->name, in->zs.msg ? in->zs.msg : "bad data");
		if (in->end > before)
			return (ssize_t)(in->end - before);
	}
}

int
input_getline(struct input *in, const char **line, size_t *len, size_t max,
    struct mlo_error *e)
{
	size_t scanned = 0;

	for (;;) {
		char *nl = memchr(in->buf + in->pos + scanned, '\n',
		    in->end - in->pos - scanned);
		ssize_t r;

		if (in->lineno == 0 && scanned == 0 && !in->bom_done &&
		    in->end - in->pos >= 3 &&
		    memcmp(in->buf + in->pos, "\xef\xbb\xbf", 3) == 0) {
			/* A UTF-8 byte-order mark is not part of the data;
			 * a second one is. */
			in->pos += 3;
			in->bom_done = 1;
			continue;
		}
		if (nl != NULL) {
			size_t n = (size_t)(nl - (in->buf + in->pos)) + 1;

			if (n > max + 1)
				goto toolong;
			*line = in->buf + in->pos;
			*len = n;
			in->pos += n;
			in->lineno++;
			return 1;
		}
		scanned = in->end - in->pos;
		if (scanned > max)
			goto toolong;
		if ((r = fill(in, e)) == -1)
			return -1;
		if (r == 0) {
			if (in->end == in->pos)
				return 0;
			*line = in->buf + in->pos;
			*len = in->end - in->pos;
			in->pos = in->end;
			in->lineno++;
			return 1;
		}
	}
toolong:
	return error_set(e, "%s:%ld: line longer than %zu bytes", in->name,
	    in->lineno + 1, max);
}

int
input_peek(struct input *in, struct mlo_error *e)
{
	size_t i = 0;

	e->msg[0] = '\0';
	for (;;) {
		for (; in->pos + i < in->end; i++) {
			unsigned char c = (unsigned char)in->buf[in->pos + i];

			/* Skip blanks and a UTF-8 byte-order mark. */
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
				continue;
			if (c == 0xef && in->pos + i + 2 < in->end &&
			    (unsigned char)in->buf[in->pos + i + 1] == 0xbb &&
			    (unsigned char)in->buf[in->pos + i + 2] == 0xbf) {
				i += 2;
				continue;
			}
			return c;
		}
		if (i > IO_MAX_LINE)
			return -1;
		{
			ssize_t r = fill(in, e);

			if (r <= 0)
				return -1;
		}
	}
}

long
input_lineno(const struct input *in)
{
	return in->lineno;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	if (in->gz)
		inflateEnd(&in->zs);
	free(in->zbuf);
	free(in->buf);
	free(in->name);
	free(in);
}

int
read_file(const char *path, size_t max, char **out, size_t *len,
    struct mlo_error *e)
{
	struct input *in;
	struct stat st;
	ssize_t r;
	int first = 1;

	if ((in = input_open(path, e)) == NULL)
		return -1;
	while ((r = fill(in, e)) > 0) {
		/*
		 * A plain file's size is known once the first read has told
		 * it from gzip: one past the limit is refused unread (a 1 GiB
		 * state file is not read whole to be refused).
		 */
		if (in->end - in->pos > max || (first && !in->gz &&
		    fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (uintmax_t)st.st_size > max)) {
			error_set(e, "%s: larger than %zu bytes", in->name, max);
			input_close(in);
			return -1;
		}
		first = 0;
	}
	if (r == -1) {
		input_close(in);
		return -1;
	}
	*len = in->end - in->pos;
	*out = xmalloc(*len + 1);
	memcpy(*out, in->buf + in->pos, *len);
	(*out)[*len] = '\0';
	input_close(in);
	return 0;
}

/* Output. */

struct output {
	int fd;
	int own_fd;		/* close fd at the end */
	char *name;		/* for messages */
	char *target;		/* atomic: the file to replace */
	char *tmp;		/* atomic: the temporary file */
	int err;		/* first errno seen, 0 if none */
	int sync;		/* fsync before closing */
	off_t append_from;	/* append: the size before it, or -1 */
	int gz;
	z_stream zs;
	unsigned char *zbuf;
	char *buf;
	size_t len;
};

int
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
write_failed(struct output *o)
{
	if (errno == EPIPE && o->target == NULL) {
		/* A reader went away: end quietly, as head expects. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	if (o->err == 0)
		o->err = errno;
}

static void
emit(struct output *o, const void *p, size_t n)
{
	if (o->err != 0 || n == 0)
		return;
	if (!o->gz) {
		if (write_all(o->fd, p, n) == -1)
			write_failed(o);
		return;
	}
	o->zs.next_in = (unsigned char *)p;
	o->zs.avail_in = (uInt)n;
	while (o->zs.avail_in > 0) {
		o->zs.next_out = o->zbuf;
		o->zs.avail_out = OUT_CHUNK;
		deflate(&o->zs, Z_NO_FLUSH);
		if (write_all(o->fd, o->zbuf, OUT_CHUNK - o->zs.avail_out) == -1) {
			write_failed(o);
			return;
		}
	}
}

static struct output *
output_new(int fd, const char *name)
{
	struct output *o = xcalloc(1, sizeof *o);

	o->fd = fd;
	o->name = xstrdup(name);
	o->buf = xmalloc(OUT_CHUNK);
	o->append_from = -1;
	return o;
}

struct output *
output_stdout(void)
{
	return output_new(STDOUT_FILENO, "<stdout>");
}

struct output *
output_append(const char *path, int *was_empty, struct mlo_error *e)
{
	struct output *o;
	struct stat st;
	char last;
	int fd;

	/*
	 * O_RDWR, not O_WRONLY: the torn-line check below preads the last
	 * byte, and pread on a write-only descriptor fails (EBADF).
	 */
	if ((fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) == -1) {
		error_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			error_set(e, "%s: lock: %s", path, strerror(errno));
			close(fd);
			return NULL;
		}
	if (fstat(fd, &st) == -1) {
		error_set(e, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	*was_empty = st.st_size == 0;
	o = output_new(fd, path);
	o->own_fd = 1;
	o->sync = 1;
	if (S_ISREG(st.st_mode))
		o->append_from = st.st_size;
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) == 1 &&
	    last != '\n')
		output_putc(o, '\n');
	return o;
}

struct output *
output_fd(int fd, const char *name)
{
	return output_new(fd, name);
}

/* Follow symbolic links from PATH to the file they finally name. */
static char *
resolve_links(const char *path)
{
	char *cur = xstrdup(path);
	int hops;

	for (hops = 0; hops < 40; hops++) {
		char link[PATH_MAX];
		struct stat st;
		ssize_t n;
		char *next, *slash;

		if (lstat(cur, &st) == -1 || !S_ISLNK(st.st_mode))
			break;
		if ((n = readlink(cur, link, sizeof link - 1)) == -1)
			break;
		link[n] = '\0';
		slash = strrchr(cur, '/');
		if (link[0] == '/' || slash == NULL)
			next = xstrdup(link);
		else {
			size_t dl = (size_t)(slash - cur) + 1;

			next = xmalloc(dl + (size_t)n + 1);
			memcpy(next, cur, dl);
			memcpy(next + dl, link, (size_t)n + 1);
		}
		free(cur);
		cur = next;
	}
	return cur;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

struct output *
output_open(const char *path, struct mlo_error *e)
{
	struct output *o;
	char *target, *tmp, *slash;
	struct stat st;
	mode_t mode, mask;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return output_stdout();
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/*
		 * A device or a pipe (/dev/null, /dev/stdout, a FIFO) cannot
		 * be replaced, and must not be: write to it as it is.
		 */
		if (S_ISDIR(st.st_mode)) {
			error_set(e, "%s: is a directory", path);
			return NULL;
		}
		if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1) {
			error_set(e, "%s: %s", path, strerror(errno));
			return NULL;
		}
		o = output_new(fd, path);
		o->own_fd = 1;
		return o;
	}
	target = resolve_links(path);
	slash = strrchr(target, '/');
	/*
	 * ".NAME.tmp-XXXXXX" beside the target: hidden, and not ending like
	 * the target, so a collector reading "*.prom" never sees it half done.
	 */
	{
		struct buf b = {0};

		if (slash != NULL)
			buf_add(&b, target, (size_t)(slash - target) + 1);
		buf_printf(&b, ".%s.tmp-XXXXXX", slash ? slash + 1 : target);
		tmp = buf_detach(&b);
	}
	if ((fd = mkstemp(tmp)) == -1) {
		error_set(e, "%s: cannot create a temporary file beside it: %s",
		    path, strerror(errno));
		free(tmp);
		free(target);
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	mode = stat(target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
	if (fchmod(fd, mode) == -1) {
		error_set(e, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		free(target);
		return NULL;
	}
	o = output_new(fd, path);
	o->own_fd = 1;
	o->target = target;
	o->tmp = tmp;
	if (ends_with(path, ".gz")) {
		o->gz = 1;
		o->zbuf = xmalloc(OUT_CHUNK);
		if (deflateInit2(&o->zs, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			output_abort(o);
			error_set(e, "%s: cannot start gzip encoding", path);
			return NULL;
		}
	}
	return o;
}

void
output_write(struct output *o, const void *p, size_t n)
{
	if (o->len + n > OUT_CHUNK) {
		emit(o, o->buf, o->len);
		o->len = 0;
		if (n >= OUT_CHUNK) {
			emit(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void
output_puts(struct output *o, const char *s)
{
	output_write(o, s, strlen(s));
}

void
output_putc(struct output *o, int c)
{
	char ch = (char)c;

	if (o->len < OUT_CHUNK)
		o->buf[o->len++] = ch;
	else
		output_write(o, &ch, 1);
}

void
output_printf(struct output *o, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		output_write(o, small, (size_t)n);
		return;
	}
	{
		char *big = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		output_write(o, big, (size_t)n);
		free(big);
	}
}

const char *
output_name(const struct output *o)
{
	return o->name;
}

int
output_flush(struct output *o, struct mlo_error *e)
{
	emit(o, o->buf, o->len);
	o->len = 0;
	if (o->err != 0)
		return error_set(e, "write error on %s: %s", o->name,
		    strerror(o->err));
	return 0;
}

static void
output_free(struct output *o)
{
	if (o->gz)
		deflateEnd(&o->zs);
	free(o->zbuf);
	free(o->buf);
	free(o->name);
	free(o->target);
	free(o->tmp);
	free(o);
}

/*
 * sync_fd: fsync, except that a descriptor that cannot be synchronised (a
 * pipe, a terminal, /dev/stderr given as --rejects or --events) is not an
 * error: fsync(2) says EINVAL for those, and there is nothing to make
 * durable.
 */
static int
sync_fd(int fd)
{
	if (fsync(fd) == 0 || errno == EINVAL)
		return 0;
	return -1;
}

/*
 * unappend: an append failed (disk full, an I/O error, a failed fsync):
 * cut the file back to SIZE, its length before, under the lock still
 * held, so that a failed append leaves neither a partial record nor a
 * whole one that was reported as not saved (a retry would double it).
 * Best effort: the error being reported is the append's.
 */
static void
unappend(int fd, off_t size)
{
	int saved = errno;

	if (ftruncate(fd, size) == 0)
		(void)fsync(fd);
	errno = saved;
}

static int
fsync_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, r;

	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

int
output_close(struct output *o, struct mlo_error *e)
{
	int r = output_flush(o, e);

	if (r == 0 && o->gz) {
		int zr;

		do {
			o->zs.next_out = o->zbuf;
			o->zs.avail_out = OUT_CHUNK;
			zr = deflate(&o->zs, Z_FINISH);
			if (write_all(o->fd, o->zbuf,
			    OUT_CHUNK - o->zs.avail_out) == -1) {
				write_failed(o);
				r = error_set(e, "write error on %s: %s",
				    o->name, strerror(o->err));
				break;
			}
		} while (zr == Z_OK);
	}
	if (o->target == NULL) {
		if (r == 0 && o->sync && sync_fd(o->fd) == -1)
			r = error_set(e, "%s: fsync: %s", o->name,
			    strerror(errno));
		if (r == -1 && o->append_from >= 0)
			unappend(o->fd, o->append_from);
		if (o->own_fd && close(o->fd) == -1 && r == 0)
			r = error_set(e, "%s: close: %s", o->name,
			    strerror(errno));
		output_free(o);
		return r;
	}
	if (r == 0 && fsync(o->fd) == -1)
		r = error_set(e, "%s: fsync: %s", o->name, strerror(errno));
	if (close(o->fd) == -1 && r == 0)
		r = error_set(e, "%s: close: %s", o->name, strerror(errno));
	if (r == 0 && rename(o->tmp, o->target) == -1)
		r = error_set(e, "%s: rename: %s", o->name, strerror(errno));
	if (r == 0 && fsync_dir_of(o->target) == -1)
		r = error_set(e, "%s: fsync of its directory: %s", o->name,
		    strerror(errno));
	if (r == -1)
		unlink(o->tmp);
	output_free(o);
	return r;
}

void
output_abort(struct output *o)
{
	if (o == NULL)
		return;
	if (o->own_fd)
		close(o->fd);
	if (o->tmp != NULL)
		unlink(o->tmp);
	output_free(o);
}

int
atomic_write(const char *path, const void *p, size_t n, struct mlo_error *e)
{
	struct output *o;

	if ((o = output_open(path, e)) == NULL)
		return -1;
	output_write(o, p, n);
	return output_close(o, e);
}

int
append_record(const char *path, const void *rec, size_t n,
    struct mlo_error *e)
{
	struct stat st;
	char last;
	int fd, r = 0;

	/* O_RDWR so that the torn-line check can pread the last byte. */
	if ((fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) == -1)
		return error_set(e, "%s: %s", path, strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			r = error_set(e, "%s: lock: %s", path, strerror(errno));
			goto out;
		}
	if (fstat(fd, &st) == -1) {
		r = error_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) == 1 &&
	    last != '\n') {
		/* A writer died mid-line: start ours on a line of its own. */
		char *whole = xmalloc(n + 1);

		whole[0] = '\n';
		memcpy(whole + 1, rec, n);
		if (write_all(fd, whole, n + 1) == -1)
			r = error_set(e, "%s: %s", path, strerror(errno));
		free(whole);
	} else if (write_all(fd, rec, n) == -1)
		r = error_set(e, "%s: %s", path, strerror(errno));
	if (r == 0 && sync_fd(fd) == -1)
		r = error_set(e, "%s: fsync: %s", path, strerror(errno));
	if (r == -1 && S_ISREG(st.st_mode))
		unappend(fd, st.st_size);
out:
	/* Closing the descriptor releases the lock. */
	if (close(fd) == -1 && r == 0)
		r = error_set(e, "%s: close: %s", path, strerror(errno));
	return r;
}
