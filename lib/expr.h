/*
 * expr: the arithmetic of mlo-features(5) "expr" columns, compiled once to
 * a small stack bytecode and evaluated per row.
 *
 * Grammar, loosest binding first:
 *	expr    = or
 *	or      = and { "||" and }
 *	and     = cmp { "&&" cmp }
 *	cmp     = sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
 *	sum     = product { ("+" | "-") product }
 *	product = unary { ("*" | "/") unary }
 *	unary   = ("-" | "+" | "!") unary | power
 *	power   = atom [ "^" unary ]		(right associative: 2^3^2 = 2^9)
 *	atom    = NUMBER | NAME | "`" any but "`" "`" | FUNC "(" args ")"
 *		| "(" expr ")"
 * NAME is [A-Za-z_][A-Za-z0-9_.]*; "pi" and "e" are the constants unless
 * backquoted.  FUNC is abs sqrt log exp sin cos (one argument), min max
 * (two or more), if (three: condition, then, else).
 *
 * Values are doubles and a null is NaN: any null operand gives null (a
 * comparison with a null too, and an if whose condition is null), as does
 * a result that is not a number (sqrt(-1), 0/0) and a division by zero.
 * Comparisons and logic give 1 or 0.
 */
#ifndef MLO_EXPR_H
#define MLO_EXPR_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

/* The longest expression accepted, in bytes, and its deepest nesting. */
#define EXPR_MAX_LEN 4096
#define EXPR_MAX_DEPTH 64

struct expr;

/*
 * expr_compile: SRC[0..len) compiled.  NULL on a mistake, with E holding
 * the message (no location) and *ERRCOL the 1-based byte column in SRC
 * where it was found.
 */
struct expr *expr_compile(const char *src, size_t len, size_t *errcol,
    struct mlo_error *e);

/*
 * The names an expression reads, each once, in order of first use, with
 * the 1-based column of that use.  Owned by the expression.
 */
size_t expr_nnames(const struct expr *x);
const char *expr_name(const struct expr *x, size_t i);
size_t expr_name_col(const struct expr *x, size_t i);

/*
 * expr_eval: the value, reading name I as VALUES[SLOTS[I]] (so that the
 * caller keeps every value of a row in one array).
 */
double expr_eval(const struct expr *x, const double *values,
    const size_t *slots);

/*
 * expr_canon: a canonical text of X appended to B: fully parenthesised,
 * names backquoted, numbers in shortest form, so that two spellings of the
 * same expression (blanks, redundant parentheses) give the same text.
 */
void expr_canon(const struct expr *x, struct buf *b);

void expr_free(struct expr *x);

#endif
