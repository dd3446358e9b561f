/*
 * expr: recursive descent to a tree (kept for the canonical text), then
 * the tree flattened to postfix code for a stack machine.  Nulls are NaN.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "num.h"
#include "util.h"

#define TOO_DEEP "expression nested deeper than " STR(EXPR_MAX_DEPTH) " levels"

enum op {
	OP_NUM, OP_NAME, OP_NEG, OP_NOT, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	OP_POW, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR,
	OP_ABS, OP_SQRT, OP_LOG, OP_EXP, OP_SIN, OP_COS, OP_MIN, OP_MAX, OP_IF
};

static const char *const op_text[] = {
	"", "", "-", "!", "+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==",
	"!=", "&&", "||", "abs", "sqrt", "log", "exp", "sin", "cos", "min",
	"max", "if"
};

struct node {
	enum op op;
	double num;		/* OP_NUM */
	size_t name;		/* OP_NAME: index into names */
	size_t nkids;
	struct node **kids;
};

struct code {
	enum op op;
	size_t nargs;		/* OP_MIN, OP_MAX */
	double num;
	size_t name;
};

struct expr {
	struct node *root;
	struct code *code;
	size_t ncode;
	size_t depth;		/* stack needed */
	char **names;
	size_t *cols;
	size_t nnames;
};

struct parser {
	const char *s;
	size_t len, pos;
	int depth;
	struct expr *x;
	size_t errcol;
	struct mlo_error *e;
	int failed;
};

static int
fail(struct parser *p, size_t at, const char *fmt, const char *arg)
{
	if (!p->failed) {
		p->failed = 1;
		p->errcol = at + 1;
		error_set(p->e, fmt, arg);
	}
	return -1;
}

static struct node *
mknode(enum op op, size_t nkids)
{
	struct node *n = xcalloc(1, sizeof *n);

	n->op = op;
	n->nkids = nkids;
	if (nkids > 0)
		n->kids = xcalloc(nkids, sizeof *n->kids);
	return n;
}

static void
free_node(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		free_node(n->kids[i]);
	free(n->kids);
	free(n);
}

static void
skip_blanks(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' ||
	    p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
	    p->s[p->pos] == '\r'))
		p->pos++;
}

/* accept: the operator TOK is next (and not the start of a longer one). */
static int
accept(struct parser *p, const char *tok)
{
	size_t n = strlen(tok);

	skip_blanks(p);
	if (p->len - p->pos < n || memcmp(p->s + p->pos, tok, n) != 0)
		return 0;
	/* "<" must not take the first half of "<=", "!" of "!=". */
	if (n == 1 && p->pos + 1 < p->len && p->s[p->pos + 1] == '=' &&
	    strchr("<>!=", tok[0]) != NULL)
		return 0;
	p->pos += n;
	return 1;
}

static size_t
name_index(struct expr *x, const char *s, size_t len, size_t col)
{
	size_t i;

	for (i = 0; i < x->nnames; i++)
		if (strlen(x->names[i]) == len && memcmp(x->names[i], s, len)
		    == 0)
			return i;
	x->names = xreallocarray(x->names, x->nnames + 1, sizeof *x->names);
	x->cols = xreallocarray(x->cols, x->nnames + 1, sizeof *x->cols);
	x->names[x->nnames] = xstrndup(s, len);
	x->cols[x->nnames] = col;
	return x->nnames++;
}

static struct node *parse_or(struct parser *p);
static struct node *parse_nested(struct parser *p);
static struct node *parse_unary(struct parser *p);

static const struct {
	const char *name;
	enum op op;
	size_t min, max;
} funcs[] = {
	{ "abs", OP_ABS, 1, 1 }, { "sqrt", OP_SQRT, 1, 1 },
	{ "log", OP_LOG, 1, 1 }, { "exp", OP_EXP, 1, 1 },
	{ "sin", OP_SIN, 1, 1 }, { "cos", OP_COS, 1, 1 },
	{ "min", OP_MIN, 2, 64 }, { "max", OP_MAX, 2, 64 },
	{ "if", OP_IF, 3, 3 },
};

static struct node *
parse_call(struct parser *p, const char *name, size_t len, size_t at)
{
	struct node *args[64], *n;
	size_t i, k = 0, f;
	char fname[32];

	for (f = 0; f < NELEM(funcs); f++)
		if (strlen(funcs[f].name) == len &&
		    memcmp(funcs[f].name, name, len) == 0)
			break;
	snprintf(fname, sizeof fname, "%.*s", (int)(len < 31 ? len : 31),
	    name);
	if (f == NELEM(funcs)) {
		fail(p, at, "unknown function '%s' (abs, sqrt, log, exp, sin, "
		    "cos, min, max, if)", fname);
		return NULL;
	}
	p->pos++;		/* '(' */
	if (!accept(p, ")"))
		for (;;) {
			if (k == NELEM(args)) {
				fail(p, p->pos, "too many arguments to '%s'",
				    fname);
				goto bad;
			}
			if ((args[k++] = parse_nested(p)) == NULL)
				goto bad;
			if (accept(p, ")"))
				break;
			if (!accept(p, ",")) {
				skip_blanks(p);
				fail(p, p->pos, "expected ',' or ')' in the "
				    "arguments of '%s'", fname);
				goto bad;
			}
		}
	if (k < funcs[f].min || k > funcs[f].max) {
		char msg[128];

		if (funcs[f].min == funcs[f].max)
			snprintf(msg, sizeof msg, "'%s' takes %zu argument%s, "
			    "got %zu", fname, funcs[f].min,
			    funcs[f].min == 1 ? "" : "s", k);
		else
			snprintf(msg, sizeof msg, "'%s' takes at least %zu "
			    "arguments, got %zu", fname, funcs[f].min, k);
		fail(p, at, "%s", msg);
		goto bad;
	}
	n = mknode(funcs[f].op, k);
	for (i = 0; i < k; i++)
		n->kids[i] = args[i];
	return n;
bad:
	for (i = 0; i < k; i++)
		free_node(args[i]);
	return NULL;
}

static int
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static struct node *
parse_atom(struct parser *p)
{
	struct node *n;
	size_t at, start;
	const char *s = p->s;

	skip_blanks(p);
	at = p->pos;
	if (p->pos >= p->len) {
		fail(p, at, "%s", at == 0 ? "empty expression" :
		    "expression ends too soon");
		return NULL;
	}
	if (s[at] == '(') {
		p->pos++;
		if ((n = parse_nested(p)) == NULL)
			return NULL;
		if (!accept(p, ")")) {
			skip_blanks(p);
			fail(p, p->pos, "%s", "expected ')'");
			free_node(n);
			return NULL;
		}
		return n;
	}
	if (s[at] == '`') {
		const char *end = memchr(s + at + 1, '`', p->len - at - 1);

		if (end == NULL) {
			fail(p, at, "%s", "backquoted name never closed");
			return NULL;
		}
		if (end == s + at + 1) {
			fail(p, at, "%s", "empty backquoted name");
			return NULL;
		}
		/* Names are C strings: a NUL would cut one short. */
		if (memchr(s + at + 1, '\0', (size_t)(end - s) - at - 1)) {
			fail(p, at, "%s", "backquoted name holds a NUL byte");
			return NULL;
		}
		n = mknode(OP_NAME, 0);
		n->name = name_index(p->x, s + at + 1, (size_t)(end - s) - at -
		    1, at + 1);
		p->pos = (size_t)(end - s) + 1;
		return n;
	}
	if ((s[at] >= '0' && s[at] <= '9') || s[at] == '.') {
		double v;

		start = at;
		while (p->pos < p->len && ((s[p->pos] >= '0' &&
		    s[p->pos] <= '9') || s[p->pos] == '.'))
			p->pos++;
		if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
			size_t k = p->pos + 1;

			if (k < p->len && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k < p->len && s[k] >= '0' && s[k] <= '9') {
				while (k < p->len && s[k] >= '0' && s[k] <= '9')
					k++;
				p->pos = k;
			}
		}
		if (num_parse(s + start, p->pos - start, &v) == -1) {
			char num[48];

			snprintf(num, sizeof num, "%.*s", (int)(p->pos - start
			    < 40 ? p->pos - start : 40), s + start);
			fail(p, at, "'%s' is not a number", num);
			return NULL;
		}
		/* Overflow to inf: no literal spells it (inf is a name). */
		if (!isfinite(v)) {
			char num[48];

			snprintf(num, sizeof num, "%.*s", (int)(p->pos - start
			    < 40 ? p->pos - start : 40), s + start);
			fail(p, at, "'%s' is too large for a double", num);
			return NULL;
		}
		n = mknode(OP_NUM, 0);
		n->num = v;
		return n;
	}
	if (is_name_start((unsigned char)s[at])) {
		size_t len;

		while (p->pos < p->len && is_name_char((unsigned char)s[p->pos]))
			p->pos++;
		len = p->pos - at;
		skip_blanks(p);
		if (p->pos < p->len && s[p->pos] == '(')
			return parse_call(p, s + at, len, at);
		if ((len == 2 && memcmp(s + at, "pi", 2) == 0) ||
		    (len == 1 && s[at] == 'e')) {
			n = mknode(OP_NUM, 0);
			n->num = len == 2 ? M_PI : M_E;
			return n;
		}
		n = mknode(OP_NAME, 0);
		n->name = name_index(p->x, s + at, len, at + 1);
		return n;
	}
	{
		char c[8];

		snprintf(c, sizeof c, "%c", s[at]);
		fail(p, at, "unexpected '%s'", c);
	}
	return NULL;
}

static struct node *
binary(enum op op, struct node *a, struct node *b)
{
	struct node *n = mknode(op, 2);

	n->kids[0] = a;
	n->kids[1] = b;
	return n;
}

static struct node *
parse_power(struct parser *p)
{
	struct node *a, *b;

	if ((a = parse_atom(p)) == NULL)
		return NULL;
	if (!accept(p, "^"))
		return a;
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, p->pos, "%s", TOO_DEEP);
		free_node(a);
		return NULL;
	}
	b = parse_unary(p);
	p->depth--;
	if (b == NULL) {
		free_node(a);
		return NULL;
	}
	return binary(OP_POW, a, b);
}

static struct node *
parse_unary(struct parser *p)
{
	struct node *n, *a;
	enum op op;

	if (accept(p, "-"))
		op = OP_NEG;
	else if (accept(p, "!"))
		op = OP_NOT;
	else if (accept(p, "+"))
		return parse_unary(p);
	else
		return parse_power(p);
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, p->pos, "%s", TOO_DEEP);
		return NULL;
	}
	a = parse_unary(p);
	p->depth--;
	if (a == NULL)
		return NULL;
	n = mknode(op, 1);
	n->kids[0] = a;
	return n;
}

/* One level of left-associative binary operators. */
/*
 * parse_nested: a parenthesised expression or a function's argument.
 * Depth counts what the writer nests (parentheses, arguments, signs,
 * powers), not the grammar's levels, so that EXPR_MAX_DEPTH is what
 * mlo-features(5) says: 64 nested parentheses are read.
 */
static struct node *
parse_nested(struct parser *p)
{
	struct node *n;

	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, p->pos, "%s", TOO_DEEP);
		return NULL;
	}
	n = parse_or(p);
	p->depth--;
	return n;
}

static struct node *
parse_level(struct parser *p, struct node *(*next)(struct parser *),
    const char *const *toks, const enum op *ops, size_t ntoks)
{
	struct node *a, *b;
	size_t i;

	if ((a = next(p)) == NULL)
		return NULL;
	for (;;) {
		for (i = 0; i < ntoks; i++)
			if (accept(p, toks[i]))
				break;
		if (i == ntoks)
			break;
		if ((b = next(p)) == NULL) {
			free_node(a);
			return NULL;
		}
		a = binary(ops[i], a, b);
	}
	return a;
}

static struct node *
parse_product(struct parser *p)
{
	static const char *const t[] = { "*", "/" };
	static const enum op o[] = { OP_MUL, OP_DIV };

	return parse_level(p, parse_unary, t, o, 2);
}

static struct node *
parse_sum(struct parser *p)
{
	static const char *const t[] = { "+", "-" };
	static const enum op o[] = { OP_ADD, OP_SUB };

	return parse_level(p, parse_product, t, o, 2);
}

static struct node *
parse_cmp(struct parser *p)
{
	static const char *const t[] = { "<=", ">=", "==", "!=", "<", ">" };
	static const enum op o[] = { OP_LE, OP_GE, OP_EQ, OP_NE, OP_LT,
	    OP_GT };

	return parse_level(p, parse_sum, t, o, 6);
}

static struct node *
parse_and(struct parser *p)
{
	static const char *const t[] = { "&&" };
	static const enum op o[] = { OP_AND };

	return parse_level(p, parse_cmp, t, o, 1);
}

static struct node *
parse_or(struct parser *p)
{
	static const char *const t[] = { "||" };
	static const enum op o[] = { OP_OR };

	return parse_level(p, parse_and, t, o, 1);
}

/* Postfix code; *DEPTH tracks the stack the code needs. */
static void
emit(struct expr *x, const struct node *n, size_t *sp)
{
	size_t i;

	for (i = 0; i < n->nkids; i++)
		emit(x, n->kids[i], sp);
	x->code = xreallocarray(x->code, x->ncode + 1, sizeof *x->code);
	x->code[x->ncode].op = n->op;
	x->code[x->ncode].num = n->num;
	x->code[x->ncode].name = n->name;
	x->code[x->ncode].nargs = n->nkids;
	x->ncode++;
	if (n->nkids == 0 && ++*sp > x->depth)
		x->depth = *sp;
	if (n->nkids > 1)
		*sp -= n->nkids - 1;
}

struct expr *
expr_compile(const char *src, size_t len, size_t *errcol, struct mlo_error *e)
{
	struct parser p = {0};
	struct expr *x = xcalloc(1, sizeof *x);
	size_t sp = 0;

	p.s = src;
	p.len = len;
	p.x = x;
	p.e = e;
	if (len > EXPR_MAX_LEN) {
		fail(&p, 0, "expression longer than %s bytes", STR(EXPR_MAX_LEN));
		goto bad;
	}
	if ((x->root = parse_or(&p)) == NULL)
		goto bad;
	skip_blanks(&p);
	if (p.pos < p.len) {
		char c[8];

		snprintf(c, sizeof c, "%c", src[p.pos]);
		fail(&p, p.pos, "unexpected '%s' after a complete expression",
		    c);
		goto bad;
	}
	emit(x, x->root, &sp);
	return x;
bad:
	*errcol = p.errcol;
	expr_free(x);
	return NULL;
}

size_t
expr_nnames(const struct expr *x)
{
	return x->nnames;
}

const char *
expr_name(const struct expr *x, size_t i)
{
	return x->names[i];
}

size_t
expr_name_col(const struct expr *x, size_t i)
{
	return x->cols[i];
}

static double
truth(double c)
{
	return c != c ? NAN : c != 0;
}

double
expr_eval(const struct expr *x, const double *values, const size_t *slots)
{
	double stack[256], *heap = NULL, *st = stack, a, b;
	size_t i, k, sp = 0;

	if (x->depth > NELEM(stack))
		st = heap = xcalloc(x->depth, sizeof *heap);
	for (i = 0; i < x->ncode; i++) {
		const struct code *c = &x->code[i];

		switch (c->op) {
		case OP_NUM: st[sp++] = c->num; continue;
		case OP_NAME: st[sp++] = values[slots[c->name]]; continue;
		case OP_NEG: st[sp - 1] = -st[sp - 1]; continue;
		case OP_NOT:
			a = st[sp - 1];
			st[sp - 1] = a != a ? NAN : a == 0;
			continue;
		case OP_ABS: st[sp - 1] = fabs(st[sp - 1]); continue;
		case OP_SQRT: st[sp - 1] = sqrt(st[sp - 1]); continue;
		case OP_LOG: st[sp - 1] = log(st[sp - 1]); continue;
		case OP_EXP: st[sp - 1] = exp(st[sp - 1]); continue;
		case OP_SIN: st[sp - 1] = sin(st[sp - 1]); continue;
		case OP_COS: st[sp - 1] = cos(st[sp - 1]); continue;
		case OP_MIN:
		case OP_MAX:
			a = st[sp - c->nargs];
			for (k = sp - c->nargs + 1; k < sp; k++) {
				b = st[k];
				if (a != a || b != b)
					a = NAN;
				else if (c->op == OP_MIN ? b < a : b > a)
					a = b;
			}
			sp -= c->nargs;
			st[sp++] = a;
			continue;
		case OP_IF:
			a = truth(st[sp - 3]);
			st[sp - 3] = a != a ? NAN : a ? st[sp - 2] : st[sp - 1];
			sp -= 2;
			continue;
		default:
			break;
		}
		b = st[--sp];
		a = st[sp - 1];
		if (a != a || b != b) {
			st[sp - 1] = NAN;
			continue;
		}
		switch (c->op) {
		case OP_ADD: a += b; break;
		case OP_SUB: a -= b; break;
		case OP_MUL: a *= b; break;
		case OP_DIV: a = b == 0 ? NAN : a / b; break;
		case OP_POW: a = pow(a, b); break;
		case OP_LT: a = a < b; break;
		case OP_LE: a = a <= b; break;
		case OP_GT: a = a > b; break;
		case OP_GE: a = a >= b; break;
		case OP_EQ: a = a == b; break;
		case OP_NE: a = a != b; break;
		case OP_AND: a = a != 0 && b != 0; break;
		case OP_OR: a = a != 0 || b != 0; break;
		default: break;
		}
		st[sp - 1] = a;
	}
	a = sp ? st[0] : NAN;
	free(heap);
	return a;
}

static void
canon(const struct expr *x, const struct node *n, struct buf *b)
{
	char num[NUM_BUFSZ];
	size_t i;

	switch (n->op) {
	case OP_NUM:
		buf_add(b, num, num_format(n->num, num));
		return;
	case OP_NAME:
		buf_addc(b, '`');
		buf_adds(b, x->names[n->name]);
		buf_addc(b, '`');
		return;
	case OP_NEG:
	case OP_NOT:
		buf_addc(b, '(');
		buf_adds(b, op_text[n->op]);
		canon(x, n->kids[0], b);
		buf_addc(b, ')');
		return;
	default:
		break;
	}
	if (n->op >= OP_ABS) {
		buf_adds(b, op_text[n->op]);
		buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i > 0)
				buf_addc(b, ',');
			canon(x, n->kids[i], b);
		}
		buf_addc(b, ')');
		return;
	}
	buf_addc(b, '(');
	canon(x, n->kids[0], b);
	buf_adds(b, op_text[n->op]);
	canon(x, n->kids[1], b);
	buf_addc(b, ')');
}

void
expr_canon(const struct expr *x, struct buf *b)
{
	canon(x, x->root, b);
}

void
expr_free(struct expr *x)
{
	size_t i;

	if (x == NULL)
		return;
	free_node(x->root);
	for (i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	free(x->cols);
	free(x->code);
	free(x);
}
