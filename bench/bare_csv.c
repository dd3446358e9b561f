/*
 * bare_csv: the throughput baseline, a bare libcsv parse.
 *
 *	bare_csv FILE
 *
 * Reads FILE in 64 KiB read(2) chunks through libcsv (CSV_STRICT,
 * CSV_APPEND_NULL) and hands every field, header included, to strtod.
 * Prints the record and field counts, how many fields parsed whole as a
 * number and their sum, so the work cannot be optimised away and the sum
 * can be compared with json_bench's on the same rows.  This is the least
 * any mlo program reading CSV must do; the other rows of bench/run are
 * measured against it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#define CHUNK_SIZE	(64 * 1024)

struct tally {
	unsigned long long records;
	unsigned long long fields;
	unsigned long long numbers;
	double sum;
};

/* on_field: S is NUL-terminated thanks to CSV_APPEND_NULL. */
static void
on_field(void *s, size_t len, void *data)
{
	struct tally *t = data;
	const char *field = s;
	char *end;
	double v;

	t->fields++;
	if (len == 0)
		return;
	v = strtod(field, &end);
	if (end == field + len) {
		t->numbers++;
		t->sum += v;
	}
}

static void
on_record(int c, void *data)
{
	struct tally *t = data;

	(void)c;
	t->records++;
}

int
main(int argc, char *argv[])
{
	static char chunk[CHUNK_SIZE];
	struct csv_parser p;
	struct tally t = { 0, 0, 0, 0.0 };
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: bare_csv FILE\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) == -1) {
		fprintf(stderr, "bare_csv: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		fprintf(stderr, "bare_csv: cannot initialise libcsv\n");
		return 2;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "bare_csv: %s: %s\n", argv[1],
			    strerror(errno));
			return 2;
		}
		if (csv_parse(&p, chunk, (size_t)n, on_field, on_record, &t) !=
		    (size_t)n) {
			fprintf(stderr, "bare_csv: %s: %s\n", argv[1],
			    csv_strerror(csv_error(&p)));
			return 2;
		}
	}
	if (csv_fini(&p, on_field, on_record, &t) != 0) {
		fprintf(stderr, "bare_csv: %s: %s\n", argv[1],
		    csv_strerror(csv_error(&p)));
		return 2;
	}
	csv_free(&p);
	close(fd);
	printf("records %llu fields %llu numbers %llu sum %.17g\n",
	    t.records, t.fields, t.numbers, t.sum);
	if (ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "bare_csv: write error: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}
