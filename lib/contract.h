/*
 * contract: a data contract (mlo-contract(5)) loaded from YAML and checked
 * for mistakes, each reported as FILE:LINE:COL.
 */
#ifndef MLO_CONTRACT_H
#define MLO_CONTRACT_H

#include <regex.h>
#include <stddef.h>

#include "diag.h"
#include "record.h"
#include "strmap.h"
#include "timeparse.h"

enum col_type {
	CT_NUMBER, CT_INTEGER, CT_STRING, CT_BOOLEAN, CT_TIMESTAMP, CT_ENUM
};

enum severity { SEV_INFO, SEV_WARNING, SEV_CRITICAL };

/*
 * A window rule's alarm: it fires when its condition has held for FOR and
 * resolves when it has been false for CLEAR_AFTER (hysteresis).
 */
struct alarm_rule {
	int on;
	enum severity severity;	/* default warning */
	mlo_time hold;		/* "for" */
	mlo_time clear_after;
};

/* The limits of a column that overrides: may change per entity. */
struct col_limits {
	int has_range;
	double lo, hi;		/* range, inclusive */
	struct alarm_rule null_rate;
	double null_max;	/* null_rate: max share of nulls */
	mlo_time null_window;	/* over a time window, or */
	int64_t null_rows;	/* over a window of this many rows */
	struct alarm_rule normal;	/* sustained */
	double normal_lo, normal_hi;
	struct alarm_rule stuck;
	int64_t stuck_repeats;	/* same value this many readings, or */
	mlo_time stuck_for;	/* for this long */
	struct alarm_rule rate;
	double rate_max;	/* largest change ... */
	mlo_time rate_per;	/* ... per this much time */
};

struct contract_column {
	char *name;
	enum col_type type;
	int required;
	struct col_limits lim;
	/* when: the column is checked only while WHEN_COLUMN is in WHEN */
	char *when_column;
	struct strmap when;
	int has_pattern;
	char *pattern;
	regex_t re;
	char **values;		/* enum */
	size_t nvalues;
	struct strmap valmap;
	int nan_allow;
	enum time_kind time_kind;	/* timestamp columns */
	int format_given;	/* time_kind was said, not defaulted */
	enum severity severity;	/* of this column's row checks */
	char *unit;
};

/* overrides: named entities get their own limits. */
struct contract_override {
	char **entities;
	size_t nentities;
	struct col_limits *lim;	/* one per contract column */
};

struct contract {
	char *path;
	char *name;
	char *version;
	char *id;		/* NAME@VERSION, as events carry it */
	char *owner;
	/* input: how the data is laid out, unless the command line says */
	int has_delimiter;
	int delimiter;
	int no_header;
	char *time_col;		/* NULL when the data has no time */
	enum time_kind time_kind;
	int time_format_given;
	char *entity_col;	/* NULL when one stream */
	int has_key;		/* duplicate (entity, time) is a violation */
	struct contract_column *cols;
	size_t ncols;

	/* Window checks. */
	struct alarm_rule frequency;
	mlo_time every, tolerance, max_gap;	/* max_gap 0: no gap check */
	struct alarm_rule latency;
	char *latency_col;
	mlo_time latency_max;
	struct alarm_rule freshness;
	mlo_time max_age;
	struct alarm_rule volume;
	int64_t rows_min, rows_max;	/* -1 when not given */
	mlo_time rows_window;
	int unknown_warn;	/* unknown_columns: warn */
	enum severity unknown_severity;
	struct contract_override *overrides;
	size_t noverrides;
};

/*
 * contract_limits: the limits of column I for ENTITY (NULL: none), from
 * the override naming the entity when there is one.
 */
/*
 * contract_override: the limits (one per column) of the override naming
 * ENTITY, or NULL when none does.
 */
const struct col_limits *contract_override(const struct contract *c,
    const char *entity, size_t len);
const struct col_limits *contract_limits(const struct contract *c, size_t i,
    const char *entity, size_t len);

/* contract_load: read and check PATH; NULL with E ("FILE:L:C: ..."). */
struct contract *contract_load(const char *path, struct mlo_error *e);
/* contract_column: the column named NAME, or NULL. */
const struct contract_column *contract_column(const struct contract *c,
    const char *name);
void contract_free(struct contract *c);

const char *severity_name(enum severity s);
int severity_parse(const char *s, enum severity *out);
const char *col_type_name(enum col_type t);

#endif
