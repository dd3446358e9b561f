/*
 * Unit tests of lib/expr: precedence and associativity, functions, the
 * constants, backquoted names, null propagation (NaN in, NaN out, also
 * through comparisons, if and min/max), division by zero, the canonical
 * text, and compile errors with their columns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"
#include "tap.h"

/* ev: compile S and evaluate with a = A, b = B, `c d` = C (by name). */
static double
ev(const char *s, double a, double b, double c)
{
	struct mlo_error e;
	struct expr *x;
	size_t col = 0, i, slots[8];
	double vals[3] = { a, b, c }, v;

	if ((x = expr_compile(s, strlen(s), &col, &e)) == NULL) {
		printf("# compile '%s': %s at %zu\n", s, e.msg, col);
		return -12345;
	}
	for (i = 0; i < expr_nnames(x); i++) {
		const char *n = expr_name(x, i);

		slots[i] = strcmp(n, "a") == 0 ? 0 : strcmp(n, "b") == 0 ? 1 : 2;
	}
	v = expr_eval(x, vals, slots);
	expr_free(x);
	return v;
}

static void
is_err(const char *s, size_t want_col, const char *want)
{
	struct mlo_error e;
	size_t col = 0;
	struct expr *x = expr_compile(s, strlen(s), &col, &e);

	ok(x == NULL, "'%s' does not compile", s);
	if (x != NULL) {
		expr_free(x);
		return;
	}
	is_long((long)col, (long)want_col, "  at its column");
	is_str(e.msg, want, "  with its message");
}

static void
is_canon(const char *s, const char *want)
{
	struct mlo_error e;
	struct buf b = {0};
	size_t col;
	struct expr *x = expr_compile(s, strlen(s), &col, &e);

	if (x == NULL) {
		ok(0, "canon '%s' compiles", s);
		return;
	}
	expr_canon(x, &b);
	is_str(b.data, want, s);
	buf_free(&b);
	expr_free(x);
}

int
main(void)
{
	double n = NAN;

	is_close(ev("1 + 2 * 3", 0, 0, 0), 7, 0, "* binds tighter than +");
	is_close(ev("(1 + 2) * 3", 0, 0, 0), 9, 0, "parentheses");
	is_close(ev("2 ^ 3 ^ 2", 0, 0, 0), 512, 0, "^ is right associative");
	is_close(ev("-2 ^ 2", 0, 0, 0), -4, 0, "unary minus below ^");
	is_close(ev("2 ^ -1", 0, 0, 0), 0.5, 0, "^ takes a signed exponent");
	is_close(ev("10 - 4 - 3", 0, 0, 0), 3, 0, "- is left associative");
	is_close(ev("12 / 3 / 2", 0, 0, 0), 2, 0, "/ is left associative");
	is_close(ev("a * b", 3, 4, 0), 12, 0, "names read their slots");
	is_close(ev("`c d` + a", 1, 0, 5), 6, 0, "backquoted name");
	is_close(ev("pi", 0, 0, 0), M_PI, 0, "pi");
	is_close(ev("e", 0, 0, 0), M_E, 0, "e");
	is_close(ev("`e` * 2", 0, 0, 7), 14, 0, "backquoted e is a column");
	is_close(ev("abs(-3) + sqrt(16) + log(e) + exp(0)", 0, 0, 0), 9, 0,
	    "abs sqrt log exp");
	is_close(ev("sin(0) + cos(0)", 0, 0, 0), 1, 0, "sin cos");
	is_close(ev("min(a, b, 2) + max(a, b)", 5, 3, 0), 7, 0, "min max");
	is_close(ev("if(a > b, a, b)", 5, 3, 0), 5, 0, "if true");
	is_close(ev("if(a > b, a, b)", 1, 3, 0), 3, 0, "if false");
	is_close(ev("(a < b) + (a <= b) + (a == b) + (a != b) + (a >= b)",
	    2, 2, 0), 3, 0, "comparisons");
	is_close(ev("a > 1 && b > 1 || 0", 2, 2, 0), 1, 0, "&& ||");
	is_close(ev("!a", 0, 0, 0), 1, 0, "!");
	is_close(ev("1e3 + .5 + 2.", 0, 0, 0), 1002.5, 0, "number forms");
	is_close(ev("a + 1", n, 0, 0), n, 0, "null + 1 is null");
	is_close(ev("a > 1", n, 0, 0), n, 0, "a comparison with null is null");
	is_close(ev("if(a, 1, 2)", n, 0, 0), n, 0, "if on null is null");
	is_close(ev("if(a > 0, 1, b)", 1, n, 0), 1, 0,
	    "if takes the branch it needs even when the other is null");
	is_close(ev("max(a, b)", 1, n, 0), n, 0, "max with a null is null");
	is_close(ev("a / b", 1, 0, 0), n, 0, "division by zero is null");
	is_close(ev("sqrt(a)", -1, 0, 0), n, 0, "sqrt(-1) is null");

	is_err("", 1, "empty expression");
	is_err("1 +", 4, "expression ends too soon");
	is_err("(1 + 2", 7, "expected ')'");
	is_err("1 + 2)", 6, "unexpected ')' after a complete expression");
	is_err("foo(1)", 1,
	    "unknown function 'foo' (abs, sqrt, log, exp, sin, cos, min, max, if)");
	is_err("max(1)", 1, "'max' takes at least 2 arguments, got 1");
	is_err("sqrt(1, 2)", 1, "'sqrt' takes 1 argument, got 2");
	is_err("`a b", 1, "backquoted name never closed");
	{
		/* Found by fuzz/fuzz_expr: "`a\0b`" was read as "a". */
		struct mlo_error e;
		size_t col = 0;
		struct expr *x = expr_compile("1+`a\0b`", 8, &col, &e);

		ok(x == NULL && col == 3 && strcmp(e.msg,
		    "backquoted name holds a NUL byte") == 0,
		    "a NUL inside a backquoted name is refused at its column");
		if (x != NULL)
			expr_free(x);
	}
	{
		/* 64 nested parentheses are read, 65 are too deep (each
		 * used to count five grammar levels: 12 were too deep). */
		char deep[200];
		struct mlo_error e;
		size_t col = 0, i, k = 0;
		struct expr *x;

		for (i = 0; i < 65; i++)
			deep[k++] = '(';
		deep[k++] = 'x';
		for (i = 0; i < 65; i++)
			deep[k++] = ')';
		x = expr_compile(deep + 1, k - 2, &col, &e);
		ok(x != NULL, "64 nested parentheses compile");
		if (x != NULL)
			expr_free(x);
		x = expr_compile(deep, k, &col, &e);
		ok(x == NULL && col == 66, "65 nested parentheses are too deep");
		if (x != NULL)
			expr_free(x);
	}
	/* Found by fuzz/fuzz_expr: read as inf, written back as a name. */
	is_err("x || 1e999", 6, "'1e999' is too large for a double");
	is_err("1 # 2", 3, "unexpected '#' after a complete expression");
	is_err("a + $", 5, "unexpected '$'");

	is_canon("a*2+ (b)", "((`a`*2)+`b`)");
	is_canon("((a)) * 2 + b", "((`a`*2)+`b`)");
	is_canon("-x ^ 2", "(-(`x`^2))");
	is_canon("if(a>1,0.50,b)", "if((`a`>1),0.5,`b`)");
	{
		struct mlo_error e;
		size_t col;
		struct expr *x = expr_compile("b + a * b + `c d`", 17, &col,
		    &e);

		is_long((long)expr_nnames(x), 3, "names are listed once each");
		is_str(expr_name(x, 0), "b", "  in order of first use");
		is_str(expr_name(x, 2), "c d", "  backquotes taken off");
		is_long((long)expr_name_col(x, 2), 13, "  with their columns");
		expr_free(x);
	}
	return tap_done();
}
