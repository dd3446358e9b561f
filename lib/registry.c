#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "io.h"
#include "registry.h"
#include "util.h"

#define COPY_CHUNK (256 * 1024)

static char *
path_join(const char *a, const char *b)
{
	struct buf p = {0};

	buf_printf(&p, "%s/%s", a, b);
	return buf_detach(&p);
}

static int
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd == -1)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

/* rm_rf: remove PATH and all below it, as far as possible. */
static void
rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdirs: mkdir -p; -1 with E. */
static int
mkdirs(const char *path, struct mlo_error *e)
{
	char *p = xstrdup(path), *s;
	struct stat st;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST) {
			error_set(e, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (stat(path, &st) == -1)
		return error_set(e, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return error_set(e, "%s: not a directory", path);
	return 0;
}

/* Remove what a killed writer left half done. */
static void
clean(const struct registry *r)
{
	char *versions = path_join(r->dir, "versions"), *link;
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(versions)) != NULL) {
		while ((d = readdir(dp)) != NULL)
			if (strncmp(d->d_name, ".tmp-", 5) == 0) {
				char *tmp = path_join(versions, d->d_name);

				rm_rf(tmp);
				free(tmp);
			}
		closedir(dp);
	}
	link = path_join(r->dir, ".production.tmp");
	unlink(link);
	free(link);
	free(versions);
}

int
registry_open(struct registry *r, const char *dir, int write,
    struct mlo_error *e)
{
	struct stat st;
	char *lock;
	int fd;

	memset(r, 0, sizeof *r);
	r->lock_fd = -1;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return error_set(e, "%s: not a directory (the registry is a "
		    "directory)", dir);
	if (write && mkdirs(dir, e) == -1)
		return -1;
	if (!write && stat(dir, &st) == -1)
		return error_set(e, "%s: %s", dir, strerror(errno));
	r->dir = xstrdup(dir);
	lock = path_join(dir, ".lock");
	fd = open(lock, (write ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC,
	    0666);
	if (fd == -1 && !(errno == ENOENT && !write)) {
		error_set(e, "%s: %s", lock, strerror(errno));
		free(lock);
		registry_close(r);
		return -1;
	}
	while (fd != -1 && flock(fd, write ? LOCK_EX : LOCK_SH) == -1)
		if (errno != EINTR) {
			error_set(e, "%s: lock: %s", lock, strerror(errno));
			close(fd);
			free(lock);
			registry_close(r);
			return -1;
		}
	free(lock);
	r->lock_fd = fd;
	if (write) {
		char *versions = path_join(dir, "versions");

		if (mkdir(versions, 0777) == -1 && errno != EEXIST) {
			error_set(e, "%s: %s", versions, strerror(errno));
			free(versions);
			registry_close(r);
			return -1;
		}
		free(versions);
		clean(r);
	}
	return 0;
}

void
registry_close(struct registry *r)
{
	if (r->lock_fd != -1)
		close(r->lock_fd);	/* lets the lock go */
	r->lock_fd = -1;
	free(r->dir);
	r->dir = NULL;
}

int
registry_production(const struct registry *r, char *id, struct mlo_error *e)
{
	char *link = path_join(r->dir, "production"), target[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof target - 1);
	size_t len;

	if (n == -1) {
		int err = errno;

		if (err == ENOENT) {
			free(link);
			return 0;
		}
		error_set(e, "%s: %s", link, err == EINVAL ?
		    "not a symbolic link (the registry keeps production as "
		    "a link to versions/ID)" : strerror(err));
		free(link);
		return -1;
	}
	target[n] = '\0';
	len = strlen(target + 9);
	if (strncmp(target, "versions/", 9) != 0 || len == 0 ||
	    len >= REGISTRY_ID_MAX || strchr(target + 9, '/') != NULL) {
		error_set(e, "%s: points at '%s', not into versions/", link,
		    target);
		free(link);
		return -1;
	}
	memcpy(id, target + 9, len + 1);
	free(link);
	return 1;
}

int
registry_has(const struct registry *r, const char *id)
{
	struct buf p = {0};
	struct stat st;
	int has;

	buf_printf(&p, "%s/versions/%s", r->dir, id);
	has = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_free(&p);
	return has;
}

int
registry_restore(const struct registry *r, const char *before,
    struct mlo_error *e)
{
	char *prod;
	int st = 0;

	if (before != NULL)
		return registry_point(r, before, e);
	prod = path_join(r->dir, "production");
	if (unlink(prod) == -1 && errno != ENOENT)
		st = error_set(e, "%s: %s", prod, strerror(errno));
	else if (fsync_path(r->dir) == -1)
		st = error_set(e, "%s: fsync: %s", r->dir, strerror(errno));
	free(prod);
	return st;
}

char *
registry_ledger(const struct registry *r)
{
	return path_join(r->dir, "ledger.ndjson");
}

/*
 * walk: call FILE for every regular file under DIR, in name order, with
 * its path below the top (REL), and DIRF for every directory on the way
 * down (before its files) and up (after).  Symbolic links are followed.
 */
struct walk {
	int (*file)(struct walk *, const char *path, const char *rel,
	    const struct stat *, struct mlo_error *);
	int (*dirf)(struct walk *, const char *rel, int leaving,
	    struct mlo_error *);
	void *arg;
};

static int
walk(struct walk *w, const char *dir, const char *rel, struct mlo_error *e)
{
	struct dirent **names;
	int n, i, r = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) == -1)
		return error_set(e, "%s: %s", dir, strerror(errno));
	if (w->dirf != NULL && w->dirf(w, rel, 0, e) == -1)
		r = -1;
	for (i = 0; i < n && r == 0; i++) {
		const char *name = names[i]->d_name;
		char *path, *sub;
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (*rel == '\0' && strcmp(name, "meta.json") == 0)
			continue;	/* the registry writes its own */
		path = path_join(dir, name);
		sub = *rel ? path_join(rel, name) : xstrdup(name);
		if (stat(path, &st) == -1)
			r = error_set(e, "%s: %s", path, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			r = walk(w, path, sub, e);
		else if (S_ISREG(st.st_mode))
			r = w->file(w, path, sub, &st, e);
		else
			r = error_set(e, "%s: not a regular file or a "
			    "directory", path);
		free(path);
		free(sub);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (r == 0 && w->dirf != NULL && w->dirf(w, rel, 1, e) == -1)
		r = -1;
	return r;
}

static int
hash_file(struct walk *w, const char *path, const char *rel,
    const struct stat *st, struct mlo_error *e)
{
	XXH3_state_t *x = w->arg;
	unsigned char size[8];
	char *chunk;
	ssize_t n;
	int fd, i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return error_set(e, "%s: %s", path, strerror(errno));
	XXH3_128bits_update(x, rel, strlen(rel) + 1);
	for (i = 0; i < 8; i++)
		size[i] = (unsigned char)((uint64_t)st->st_size >> (8 * i));
	XXH3_128bits_update(x, size, sizeof size);
	chunk = xmalloc(COPY_CHUNK);
	while ((n = read(fd, chunk, COPY_CHUNK)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			error_set(e, "%s: %s", path, strerror(errno));
			break;
		}
		XXH3_128bits_update(x, chunk, (size_t)n);
	}
	free(chunk);
	close(fd);
	return n == 0 ? 0 : -1;
}

int
artifact_hash(const char *dir, char hex[33], struct mlo_error *e)
{
	struct walk w = { hash_file, NULL, NULL };
	XXH128_canonical_t c;
	struct stat st;
	int i, r;

	if (stat(dir, &st) == -1)
		return error_set(e, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return error_set(e, "%s: not a directory (--model-dir names "
		    "the directory of the model's files)", dir);
	w.arg = XXH3_createState();
	XXH3_128bits_reset(w.arg);
	r = walk(&w, dir, "", e);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(w.arg));
	XXH3_freeState(w.arg);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", c.digest[i]);
	return r;
}

void
registry_new_id(const struct registry *r, mlo_time now, const char *hex,
    char *id)
{
	char t[TIME_BUFSZ], *s, *d;
	int n;

	/* 2026-11-25T20:05:00Z: whole seconds, no '-' or ':'. */
	time_format(now - (now % MLO_STEP + MLO_STEP) % MLO_STEP,
	    TIME_RFC3339, t);
	for (s = d = t; *s; s++)
		if (*s != '-' && *s != ':')
			*d++ = *s;
	*d = '\0';
	snprintf(id, REGISTRY_ID_MAX, "%.24s-%.8s", t, hex);
	for (n = 2; registry_has(r, id); n++)
		snprintf(id, REGISTRY_ID_MAX, "%.24s-%.8s-%d", t, hex, n);
}

/* Copying: the files, each synced, then each directory synced. */
struct copy {
	const char *to;
};

static int
copy_file(struct walk *w, const char *path, const char *rel,
    const struct stat *st, struct mlo_error *e)
{
	const struct copy *c = w->arg;
	char *dst = path_join(c->to, rel), *chunk = NULL;
	int in = -1, out = -1, r = -1;
	ssize_t n;

	if ((in = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		error_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    st->st_mode & 0777)) == -1) {
		error_set(e, "%s: %s", dst, strerror(errno));
		goto out;
	}
	chunk = xmalloc(COPY_CHUNK);
	while ((n = read(in, chunk, COPY_CHUNK)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			error_set(e, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (write_all(out, chunk, (size_t)n) == -1) {
			error_set(e, "%s: %s", dst, strerror(errno));
			goto out;
		}
	}
	if (fsync(out) == -1) {
		error_set(e, "%s: fsync: %s", dst, strerror(errno));
		goto out;
	}
	r = 0;
out:
	if (out != -1 && close(out) == -1 && r == 0)
		r = error_set(e, "%s: close: %s", dst, strerror(errno));
	if (in != -1)
		close(in);
	free(chunk);
	free(dst);
	return r;
}

static int
copy_dir(struct walk *w, const char *rel, int leaving, struct mlo_error *e)
{
	const struct copy *c = w->arg;
	char *dst = *rel ? path_join(c->to, rel) : xstrdup(c->to);
	int r = 0;

	if (!leaving && mkdir(dst, 0777) == -1)
		r = error_set(e, "%s: %s", dst, strerror(errno));
	if (leaving && fsync_path(dst) == -1)
		r = error_set(e, "%s: fsync: %s", dst, strerror(errno));
	free(dst);
	return r;
}

static int
write_meta(const char *dir, const char *meta, size_t len, struct mlo_error *e)
{
	char *path = path_join(dir, "meta.json");
	int fd, r = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1)
		r = error_set(e, "%s: %s", path, strerror(errno));
	else {
		if (write_all(fd, meta, len) == -1 || fsync(fd) == -1)
			r = error_set(e, "%s: %s", path, strerror(errno));
		if (close(fd) == -1 && r == 0)
			r = error_set(e, "%s: %s", path, strerror(errno));
	}
	free(path);
	return r;
}

int
registry_install(const struct registry *r, const char *model_dir,
    const char *id, const char *meta, size_t len, struct mlo_error *e)
{
	struct buf tmp = {0}, dst = {0};
	struct copy c;
	struct walk w = { copy_file, copy_dir, &c };
	char *versions = path_join(r->dir, "versions");
	int st = -1;

	buf_printf(&tmp, "%s/.tmp-%s", versions, id);
	buf_printf(&dst, "%s/%s", versions, id);
	c.to = tmp.data;
	rm_rf(tmp.data);
	if (walk(&w, model_dir, "", e) == -1 ||
	    write_meta(tmp.data, meta, len, e) == -1)
		goto out;
	if (fsync_path(tmp.data) == -1) {
		error_set(e, "%s: fsync: %s", tmp.data, strerror(errno));
		goto out;
	}
	if (rename(tmp.data, dst.data) == -1) {
		error_set(e, "%s: rename: %s", dst.data, strerror(errno));
		goto out;
	}
	if (fsync_path(versions) == -1) {
		error_set(e, "%s: fsync: %s", versions, strerror(errno));
		goto out;
	}
	st = 0;
out:
	if (st == -1)
		rm_rf(tmp.data);
	buf_free(&tmp);
	buf_free(&dst);
	free(versions);
	return st;
}

int
registry_point(const struct registry *r, const char *id, struct mlo_error *e)
{
	char *link = path_join(r->dir, ".production.tmp");
	char *prod = path_join(r->dir, "production");
	struct buf target = {0};
	int st = -1;

	buf_printf(&target, "versions/%s", id);
	unlink(link);
	if (symlink(target.data, link) == -1)
		error_set(e, "%s: %s", link, strerror(errno));
	else if (rename(link, prod) == -1)
		error_set(e, "%s: rename: %s", prod, strerror(errno));
	else if (fsync_path(r->dir) == -1)
		error_set(e, "%s: fsync: %s", r->dir, strerror(errno));
	else
		st = 0;
	if (st == -1)
		unlink(link);
	free(link);
	free(prod);
	buf_free(&target);
	return st;
}
