/*
 * fault.c: an LD_PRELOAD shim that makes one chosen system call fail, for
 * the fault-injection tests (t/6000-faults.bats, t/slow/6900-kill.bats).
 *
 *	MLO_FAULT=CALL:N:WHAT
 *
 * CALL is write, fsync, rename or read (fsync covers fdatasync too; write
 * and read count only calls on regular files, so pipes and terminals are
 * left alone), or any, which counts write, fsync and rename.  The first N such calls go through; the
 * next one, and every later one, fails with WHAT: ENOSPC, EIO or EDQUOT;
 * or with WHAT = KILL the process is killed by SIGKILL at that call (half
 * of a write's bytes written first, so that a torn record is tested too).
 * MLO_FAULT_LOG, when set, names a file that gets the number of calls
 * counted (written at each call), so a test can learn how many points a
 * run has.  Compiled by the tests: cc -shared -fPIC -o fault.so fault.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { C_WRITE = 1, C_FSYNC = 2, C_RENAME = 4, C_READ = 8 };

static int want = -1;		/* calls to count; -1: not parsed yet */
static long after;
static int what;		/* an errno, or -1 for KILL */
static long seen;

static void
parse(void)
{
	const char *s = getenv("MLO_FAULT"), *p;

	want = 0;
	if (s == NULL || *s == '\0')
		return;
	if (strncmp(s, "write:", 6) == 0)
		want = C_WRITE;
	else if (strncmp(s, "fsync:", 6) == 0)
		want = C_FSYNC;
	else if (strncmp(s, "rename:", 7) == 0)
		want = C_RENAME;
	else if (strncmp(s, "read:", 5) == 0)
		want = C_READ;
	else if (strncmp(s, "any:", 4) == 0)
		want = C_WRITE | C_FSYNC | C_RENAME;
	if (want == 0 || (p = strchr(s, ':')) == NULL)
		return;
	after = strtol(p + 1, NULL, 10);
	p = strchr(p + 1, ':');
	what = p == NULL ? EIO : strcmp(p + 1, "ENOSPC") == 0 ? ENOSPC :
	    strcmp(p + 1, "EDQUOT") == 0 ? EDQUOT :
	    strcmp(p + 1, "KILL") == 0 ? -1 : EIO;
}

static void
note(void)
{
	const char *log = getenv("MLO_FAULT_LOG");
	char buf[32];
	int fd, n;

	if (log == NULL)
		return;
	if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return;
	n = snprintf(buf, sizeof buf, "%ld\n", seen);
	if (syscall(SYS_write, fd, buf, n) < 0)
		n = 0;
	close(fd);
}

/* hit: this call is one of those counted; 1 when it must fail. */
static int
hit(int call)
{
	int saved = errno;

	if (want == -1)
		parse();
	errno = saved;
	if (!(want & call))
		return 0;
	seen++;
	note();
	return seen > after;
}

ssize_t
write(int fd, const void *p, size_t n)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && hit(C_WRITE)) {
		if (what == -1) {
			syscall(SYS_write, fd, p, n / 2);
			kill(getpid(), SIGKILL);
		}
		errno = what;
		return -1;
	}
	return syscall(SYS_write, fd, p, n);
}

ssize_t
read(int fd, void *p, size_t n)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && hit(C_READ)) {
		if (what == -1)
			kill(getpid(), SIGKILL);
		errno = what;
		return -1;
	}
	return syscall(SYS_read, fd, p, n);
}

int
fsync(int fd)
{
	if (hit(C_FSYNC)) {
		if (what == -1)
			kill(getpid(), SIGKILL);
		errno = what;
		return -1;
	}
	return syscall(SYS_fsync, fd);
}

int
fdatasync(int fd)
{
	if (hit(C_FSYNC)) {
		if (what == -1)
			kill(getpid(), SIGKILL);
		errno = what;
		return -1;
	}
	return syscall(SYS_fdatasync, fd);
}

int
rename(const char *from, const char *to)
{
	if (hit(C_RENAME)) {
		if (what == -1)
			kill(getpid(), SIGKILL);
		errno = what;
		return -1;
	}
	return syscall(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to);
}
