/* pysettings: see include/pysettings.h.
 *
 * One pass splits the text into Python logical lines (what the tokenizer
 * would call a statement's extent); the assignments are the logical lines
 * that look like "NAME = expr" from the first column.  An edit rewrites
 * the text and scans it again, so the index always matches the bytes. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pysettings.h"
#include "xalloc.h"

/* Deeper nesting than this is refused: settings files nest a few levels,
 * and the bound keeps the opener stack small. */
#define PY_MAX_DEPTH 200

struct py_assign {
	struct pysettings_assignment pub;	/* first: pysettings_at() */
	size_t expr_start;
	size_t expr_end;
};

struct pysettings {
	char *name;
	struct strbuf text;
	struct py_assign *assigns;
	size_t n_assigns;
	size_t *starts;		/* where each logical line starts */
	size_t n_starts;
	unsigned n_lines;
	size_t *line_assign;	/* per line: assignment index + 1, or 0 */
};

/* A logical line: from a physical line's start through its last line end. */
struct py_logical {
	size_t start;
	size_t end;
	unsigned line;
	size_t sig_end;		/* just after its last non-blank, non-comment byte */
	unsigned sig_line;
	bool compound;		/* a ';' outside brackets and strings */
};

struct py_opener {
	char close;
	unsigned line;
	size_t column;
};

struct py_scanner {
	const char *name;
	const char *text;
	size_t len;
	size_t pos;
	unsigned line;
	size_t line_start;	/* offset of the current physical line */
	struct ou_error *err;
	struct py_opener stack[PY_MAX_DEPTH];
	size_t depth;
};

static int
py_error_at(struct py_scanner *s, unsigned line, size_t column,
	    const char *what)
{
	return ou_error_set(s->err, "%s:%u:%zu: %s", s->name, line, column + 1,
			    what);
}

static int
py_error(struct py_scanner *s, const char *what)
{
	return py_error_at(s, s->line, s->pos - s->line_start, what);
}

static void
py_newline(struct py_scanner *s)
{
	s->pos++;
	s->line++;
	s->line_start = s->pos;
}

/* A line end ("\n" or "\r\n") at offset i. */
static bool
py_at_line_end(const struct py_scanner *s, size_t i)
{
	return (i < s->len && s->text[i] == '\n') ||
	       (i + 1 < s->len && s->text[i] == '\r' && s->text[i + 1] == '\n');
}

/* Step over the line end at offset i (a backslash continuation). */
static void
py_skip_line_end(struct py_scanner *s, size_t i)
{
	s->pos = s->text[i] == '\r' ? i + 1 : i;
	py_newline(s);
}

/* A string from its opening quote; backslash always escapes the next
 * byte, which is how the tokenizer finds a string's end even in a raw
 * string. */
static int
py_scan_string(struct py_scanner *s)
{
	char q = s->text[s->pos];
	bool triple = s->len - s->pos >= 3 && s->text[s->pos + 1] == q &&
		      s->text[s->pos + 2] == q;
	unsigned line = s->line;
	size_t column = s->pos - s->line_start;

	s->pos += triple ? 3 : 1;
	while (s->pos < s->len) {
		char c = s->text[s->pos];

		if (c == '\\' && py_at_line_end(s, s->pos + 1)) {
			py_skip_line_end(s, s->pos + 1);
		} else if (c == '\\' && s->pos + 1 < s->len) {
			s->pos += 2;
		} else if (c == q && (!triple || (s->len - s->pos >= 3 &&
						  s->text[s->pos + 1] == q &&
						  s->text[s->pos + 2] == q))) {
			s->pos += triple ? 3 : 1;
			return 0;
		} else if (c == '\n') {
			if (!triple)
				break;
			py_newline(s);
		} else {
			s->pos++;
		}
	}
	return py_error_at(s, line, column, "unterminated string");
}

static int
py_scan_bracket(struct py_scanner *s, char c)
{
	const char *open = strchr("([{", c);

	if (open != NULL) {
		if (s->depth == PY_MAX_DEPTH)
			return py_error(s, "brackets nested too deep");
		s->stack[s->depth++] = (struct py_opener){
			.close = ")]}"[open - "([{"],
			.line = s->line,
			.column = s->pos - s->line_start,
		};
		return 0;
	}
	if (s->depth == 0 || s->stack[s->depth - 1].close != c)
		return py_error(s, "closing bracket matches no opening one");
	s->depth--;
	return 0;
}

static void
py_mark(struct py_scanner *s, struct py_logical *ll)
{
	ll->sig_end = s->pos;
	ll->sig_line = s->line;
}

/* One byte (or construct) of a logical line; 1 at its end. */
static int
py_scan_step(struct py_scanner *s, struct py_logical *ll)
{
	char c = s->text[s->pos];

	if (c == '#') {
		const char *nl = memchr(s->text + s->pos, '\n', s->len - s->pos);

		s->pos = nl != NULL ? (size_t)(nl - s->text) : s->len;
		return 0;
	}
	if (c == '\n') {
		py_newline(s);
		return s->depth == 0;
	}
	if (c == '\\' && (s->pos + 1 == s->len ||
			  (s->pos + 2 == s->len && s->text[s->pos + 1] == '\r')))
		return py_error(s, "backslash at the end of the file");
	if (c == '\\' && py_at_line_end(s, s->pos + 1)) {
		py_skip_line_end(s, s->pos + 1);
		if (s->pos == s->len)
			return py_error(s,
					"the file ends in a statement continued with a backslash");
		return 0;
	}
	if (c == '\'' || c == '"') {
		if (py_scan_string(s) < 0)
			return -1;
		py_mark(s, ll);
		return 0;
	}
	if (c != '\0' && strchr("()[]{}", c) != NULL &&
	    py_scan_bracket(s, c) < 0)
		return -1;
	if (c == ';' && s->depth == 0)
		ll->compound = true;
	s->pos++;
	if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v')
		py_mark(s, ll);
	return 0;
}

static int
py_scan_logical(struct py_scanner *s, struct py_logical *ll)
{
	*ll = (struct py_logical){
		.start = s->pos,
		.line = s->line,
		.sig_end = s->pos,
		.sig_line = s->line,
	};
	while (s->pos < s->len) {
		int rc = py_scan_step(s, ll);

		if (rc < 0)
			return -1;
		if (rc == 1)
			break;
	}
	if (s->pos >= s->len && s->depth > 0) {
		const struct py_opener *o = &s->stack[s->depth - 1];

		return py_error_at(s, o->line, o->column,
				   "bracket not closed before the end of the file");
	}
	ll->end = s->pos;
	return 0;
}

static bool
py_is_name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
py_is_name_char(char c)
{
	return py_is_name_start(c) || (c >= '0' && c <= '9');
}

static size_t
py_skip_blanks(const char *text, size_t i, size_t end)
{
	while (i < end && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i;
}

/* "NAME = expr" from the first column: the name's length and where the
 * expression starts, or 0. */
static size_t
py_match_assignment(const char *text, size_t start, size_t end,
		    size_t *expr_start)
{
	size_t i = start;
	size_t name_len;

	if (i >= end || !py_is_name_start(text[i]))
		return 0;
	while (i < end && py_is_name_char(text[i]))
		i++;
	name_len = i - start;
	i = py_skip_blanks(text, i, end);
	if (i >= end || text[i] != '=' || (i + 1 < end && text[i + 1] == '='))
		return 0;
	*expr_start = py_skip_blanks(text, i + 1, end);
	return name_len;
}

static void
py_add_assignment(struct pysettings *ps, const struct py_logical *ll,
		  size_t name_len, size_t expr_start)
{
	const char *text = ps->text.buf;
	struct py_assign *a;

	ps->assigns = xreallocarray(ps->assigns, ps->n_assigns + 1,
				    sizeof *ps->assigns);
	a = &ps->assigns[ps->n_assigns++];
	*a = (struct py_assign){
		.pub = {
			.name = xstrndup(text + ll->start, name_len),
			.expr = xstrndup(text + expr_start,
					 ll->sig_end - expr_start),
			.line = ll->line,
			.end_line = ll->sig_line,
			.expr_column = expr_start - ll->start,
		},
		.expr_start = expr_start,
		.expr_end = ll->sig_end,
	};
	for (unsigned l = ll->line; l <= ll->sig_line && l <= ps->n_lines; l++)
		ps->line_assign[l - 1] = ps->n_assigns;
}

static void
py_index_logical(struct pysettings *ps, const struct py_logical *ll)
{
	size_t expr_start = 0;
	size_t name_len;

	ps->starts = xreallocarray(ps->starts, ps->n_starts + 1,
				   sizeof *ps->starts);
	ps->starts[ps->n_starts++] = ll->start;
	name_len = py_match_assignment(ps->text.buf, ll->start, ll->end,
				       &expr_start);
	if (name_len == 0 || ll->compound || expr_start >= ll->sig_end)
		return;
	py_add_assignment(ps, ll, name_len, expr_start);
}

static void
py_index_free(struct pysettings *ps)
{
	for (size_t i = 0; i < ps->n_assigns; i++) {
		free((char *)ps->assigns[i].pub.name);
		free((char *)ps->assigns[i].pub.expr);
	}
	free(ps->assigns);
	free(ps->starts);
	free(ps->line_assign);
	ps->assigns = NULL;
	ps->n_assigns = 0;
	ps->starts = NULL;
	ps->n_starts = 0;
	ps->line_assign = NULL;
}

static unsigned
py_count_lines(const char *text, size_t len)
{
	unsigned n = 0;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	return n + (len > 0 && text[len - 1] != '\n');
}

static int
py_index(struct pysettings *ps, struct ou_error *err)
{
	struct py_scanner s = {
		.name = ps->name,
		.text = ps->text.buf,
		.len = ps->text.len,
		.line = 1,
		.err = err,
	};

	ps->n_lines = py_count_lines(ps->text.buf, ps->text.len);
	ps->line_assign = xcalloc(ps->n_lines + 1, sizeof *ps->line_assign);
	while (s.pos < s.len) {
		struct py_logical ll;

		if (py_scan_logical(&s, &ll) < 0) {
			py_index_free(ps);
			return -1;
		}
		py_index_logical(ps, &ll);
	}
	return 0;
}

static struct pysettings *
py_new(const char *name, const char *text, size_t len)
{
	struct pysettings *ps = xcalloc(1, sizeof *ps);

	ps->name = xstrdup(name);
	strbuf_add(&ps->text, text, len);
	return ps;
}

int
pysettings_parse(const char *name, const char *text, size_t len,
		 struct pysettings **out, struct ou_error *err)
{
	struct pysettings *ps = py_new(name, text, len);

	*out = NULL;
	if (py_index(ps, err) < 0) {
		pysettings_free(ps);
		return -1;
	}
	*out = ps;
	return 0;
}

void
pysettings_free(struct pysettings *ps)
{
	if (ps == NULL)
		return;
	py_index_free(ps);
	strbuf_release(&ps->text);
	free(ps->name);
	free(ps);
}

void
pysettings_write(const struct pysettings *ps, struct strbuf *out)
{
	strbuf_add(out, ps->text.buf, ps->text.len);
}

size_t
pysettings_count(const struct pysettings *ps)
{
	return ps->n_assigns;
}

const struct pysettings_assignment *
pysettings_at(const struct pysettings *ps, size_t i)
{
	return i < ps->n_assigns ? &ps->assigns[i].pub : NULL;
}

static const struct py_assign *
py_find(const struct pysettings *ps, const char *name)
{
	for (size_t i = ps->n_assigns; i > 0; i--)
		if (strcmp(ps->assigns[i - 1].pub.name, name) == 0)
			return &ps->assigns[i - 1];
	return NULL;
}

const struct pysettings_assignment *
pysettings_find(const struct pysettings *ps, const char *name)
{
	const struct py_assign *a = py_find(ps, name);

	return a != NULL ? &a->pub : NULL;
}

const char *
pysettings_get(const struct pysettings *ps, const char *name)
{
	const struct py_assign *a = py_find(ps, name);

	return a != NULL ? a->pub.expr : NULL;
}

const struct pysettings_assignment *
pysettings_line_assignment(const struct pysettings *ps, unsigned line)
{
	if (line == 0 || line > ps->n_lines || ps->line_assign[line - 1] == 0)
		return NULL;
	return &ps->assigns[ps->line_assign[line - 1] - 1].pub;
}

/* ---- edits ---- */

static bool
py_is_start(const struct pysettings *ps, size_t offset)
{
	for (size_t i = 0; i < ps->n_starts; i++)
		if (ps->starts[i] == offset)
			return true;
	return false;
}

static size_t
py_line_end(const struct pysettings *ps, size_t offset)
{
	const char *nl = memchr(ps->text.buf + offset, '\n',
				ps->text.len - offset);

	return nl != NULL ? (size_t)(nl - ps->text.buf) + 1 : ps->text.len;
}

/* Open minus closed brackets in a commented-out line, strings ignored:
 * enough to follow a commented dict to its closing brace. */
static int
py_comment_balance(const char *text, size_t start, size_t end)
{
	int balance = 0;

	for (size_t i = start; i < end; i++) {
		if (text[i] != '\0' && strchr("([{", text[i]) != NULL)
			balance++;
		else if (text[i] != '\0' && strchr(")]}", text[i]) != NULL)
			balance--;
	}
	return balance;
}

/* After "#NAME = ..." and the commented lines of its open brackets; or
 * SIZE_MAX when there is no such example. */
static size_t
py_example_end(const struct pysettings *ps, const char *name)
{
	const char *text = ps->text.buf;

	for (size_t k = 0; k < ps->n_starts; k++) {
		size_t start = ps->starts[k];
		size_t end = py_line_end(ps, start);
		size_t expr = 0;
		size_t i;
		size_t name_len;
		int balance;

		if (text[start] != '#')
			continue;
		i = py_skip_blanks(text, start + 1, end);
		name_len = py_match_assignment(text, i, end, &expr);
		if (name_len != strlen(name) || memcmp(text + i, name, name_len))
			continue;
		balance = py_comment_balance(text, expr, end);
		while (balance > 0 && end < ps->text.len && text[end] == '#' &&
		       py_is_start(ps, end)) {
			size_t next = py_line_end(ps, end);

			balance += py_comment_balance(text, end, next);
			end = next;
		}
		return end;
	}
	return SIZE_MAX;
}

static const char *
py_eol(const struct pysettings *ps)
{
	const char *nl = memchr(ps->text.buf, '\n', ps->text.len);

	return nl != NULL && nl > ps->text.buf && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void
py_build_inserted(const struct pysettings *ps, const char *name,
		  const char *expr, size_t len, struct strbuf *out)
{
	size_t at = py_example_end(ps, name);
	const char *eol = py_eol(ps);

	if (at == SIZE_MAX)
		at = ps->text.len;
	strbuf_add(out, ps->text.buf, at);
	if (at > 0 && ps->text.buf[at - 1] != '\n')
		strbuf_adds(out, eol);
	strbuf_addf(out, "%s = ", name);
	strbuf_add(out, expr, len);
	strbuf_adds(out, eol);
	strbuf_add(out, ps->text.buf + at, ps->text.len - at);
}

static int
py_check_name(const char *name, struct ou_error *err)
{
	if (!py_is_name_start(name[0]))
		return ou_error_set(err, "\"%s\" is not a Python name", name);
	for (const char *p = name; *p != '\0'; p++)
		if (!py_is_name_char(*p))
			return ou_error_set(err, "\"%s\" is not a Python name",
					    name);
	return 0;
}

/* The edited text must read back with name holding exactly expr. */
static int
py_check_result(const struct pysettings *ps, const char *name,
		const char *expr, size_t len, struct ou_error *err)
{
	const struct py_assign *a = py_find(ps, name);

	if (a == NULL || strlen(a->pub.expr) != len ||
	    memcmp(a->pub.expr, expr, len) != 0)
		return ou_error_set(err,
				    "%s: the new value of %s is not one Python expression",
				    ps->name, name);
	return 0;
}

int
pysettings_set(struct pysettings *ps, const char *name, const char *expr,
	       struct ou_error *err)
{
	const struct py_assign *a = py_find(ps, name);
	struct pysettings *next;
	size_t len = strlen(expr);

	if (py_check_name(name, err) < 0)
		return -1;
	while (len > 0 && strchr(" \t\r\n", expr[len - 1]) != NULL)
		len--;
	while (len > 0 && strchr(" \t\r\n", expr[0]) != NULL) {
		expr++;
		len--;
	}
	if (len == 0)
		return ou_error_set(err, "%s: empty value for %s", ps->name,
				    name);
	next = py_new(ps->name, "", 0);
	if (a != NULL) {
		strbuf_add(&next->text, ps->text.buf, a->expr_start);
		strbuf_add(&next->text, expr, len);
		strbuf_add(&next->text, ps->text.buf + a->expr_end,
			   ps->text.len - a->expr_end);
	} else {
		py_build_inserted(ps, name, expr, len, &next->text);
	}
	if (py_index(next, err) < 0 ||
	    py_check_result(next, name, expr, len, err) < 0) {
		pysettings_free(next);
		return ou_error_prefix(err, "cannot set %s", name);
	}
	py_index_free(ps);
	strbuf_release(&ps->text);
	ps->text = next->text;
	ps->assigns = next->assigns;
	ps->n_assigns = next->n_assigns;
	ps->starts = next->starts;
	ps->n_starts = next->n_starts;
	ps->n_lines = next->n_lines;
	ps->line_assign = next->line_assign;
	free(next->name);
	free(next);
	return 0;
}
