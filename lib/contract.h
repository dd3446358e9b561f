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

struct contract_column {
	char *name;
	enum col_type type;
	int required;
	int has_range;
	double lo, hi;		/* range, inclusive */
	int has_pattern;
	char *pattern;
	regex_t re;
	char **values;		/* enum */
	size_t nvalues;
	struct strmap valmap;
	int nan_allow;
	enum time_kind time_kind;	/* timestamp columns */
	enum severity severity;	/* of this column's row checks */
	char *unit;
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
	char *entity_col;	/* NULL when one stream */
	int has_key;		/* duplicate (entity, time) is a violation */
	struct contract_column *cols;
	size_t ncols;
};

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
