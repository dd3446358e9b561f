/*
 * fuzz_expr: lib/expr, the expressions of mlo-features(5).  Properties: a
 * refusal has a message and a column inside the text (or just past it); a
 * compiled expression evaluates on any values without crashing; its
 * canonical text compiles to an expression with the same canonical text
 * and the same value.
 */
#include <math.h>
#include <string.h>

#include "expr.h"
#include "fuzz.h"
#include "util.h"

#define NV 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double pick[] = { 0, 1, -1, 0.5, 1e308, -1e-308, NAN,
	    INFINITY, -INFINITY, 3, 2, 7 };
	double values[NV], a, b;
	size_t slots[NV], i, col = 0;
	struct buf c1 = { 0 }, c2 = { 0 };
	struct mlo_error e;
	struct expr *x, *y;

	e.msg[0] = '\0';
	x = expr_compile((const char *)data, size, &col, &e);
	if (x == NULL) {
		if (e.msg[0] == '\0')
			fz_fail("refused without a message");
		if (col < 1 || col > size + 1)
			fz_fail("error column %zu of %zu bytes", col, size);
		return 0;
	}
	if (expr_nnames(x) > NV)
		return expr_free(x), 0;
	for (i = 0; i < NV; i++) {
		values[i] = pick[(i + size) % (sizeof pick / sizeof pick[0])];
		slots[i] = NV - 1 - i;
	}
	for (i = 0; i < expr_nnames(x); i++) {
		if (expr_name(x, i) == NULL || expr_name_col(x, i) < 1 ||
		    expr_name_col(x, i) > size)
			fz_fail("name %zu at column %zu", i,
			    expr_name_col(x, i));
	}
	a = expr_eval(x, values, slots);
	expr_canon(x, &c1);
	y = expr_compile(c1.data, c1.len, &col, &e);
	/* Parentheses make the canonical text longer and deeper. */
	if (y == NULL && (c1.len > EXPR_MAX_LEN ||
	    strstr(e.msg, "nested deeper than") != NULL)) {
		expr_free(x);
		buf_free(&c1);
		return 0;
	}
	if (y == NULL)
		fz_fail("canonical '%.*s' does not compile: %s", (int)c1.len,
		    c1.data, e.msg);
	expr_canon(y, &c2);
	if (c1.len != c2.len || memcmp(c1.data, c2.data, c1.len) != 0)
		fz_fail("canonical '%.*s' is '%.*s' again", (int)c1.len,
		    c1.data, (int)c2.len, c2.data);
	if (expr_nnames(y) != expr_nnames(x))
		fz_fail("canonical text reads other names");
	b = expr_eval(y, values, slots);
	if (!(a == b || (isnan(a) && isnan(b))))
		fz_fail("'%.*s' = %.17g, canonical = %.17g", (int)c1.len,
		    c1.data, a, b);
	expr_free(y);
	expr_free(x);
	buf_free(&c1);
	buf_free(&c2);
	return 0;
}
