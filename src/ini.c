/* ini: see include/ini.h.
 *
 * The lines are the truth; the sections and entries are an index built
 * from them.  An edit builds the new list of lines (sharing the unchanged
 * ones), indexes it, and only then replaces the old list, so a failed edit
 * leaves the file as it was and the index can never disagree with the
 * bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini.h"
#include "xalloc.h"

#define INI_DEPRECATED_PREFIX "Deprecated group/name - ["

struct ini_line {
	char *text;		/* with its line end; not NUL-terminated */
	size_t len;
};

struct ini_index {
	struct ini_section *sections;
	size_t n_sections;
	struct ini_entry *entries;
	size_t n_entries;
	size_t *value_offsets;	/* per entry */
	enum ini_line_kind *kinds;	/* per line */
	size_t *line_entries;	/* per line: entry index + 1, or 0 */
};

struct ini {
	char *name;
	struct ini_line *lines;
	size_t n_lines;
	struct ini_index ix;
};

/* What Python 2's str.strip() removes. */
static bool
ini_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/* The length of a line without its trailing white space (and line end). */
static size_t
ini_content_len(const char *text, size_t len)
{
	while (len > 0 && ini_is_space(text[len - 1]))
		len--;
	return len;
}

static size_t
ini_skip_space(const char *text, size_t i, size_t end)
{
	while (i < end && ini_is_space(text[i]))
		i++;
	return i;
}

/* oslo.config strips one pair of matching quotes around a value. */
static void
ini_dequote(const char **value, size_t *len)
{
	if (*len > 0 && ((*value)[0] == '"' || (*value)[0] == '\'') &&
	    (*value)[0] == (*value)[*len - 1]) {
		(*value)++;
		*len = *len >= 2 ? *len - 2 : 0;
	}
}

static void
ini_index_free(struct ini_index *ix)
{
	for (size_t i = 0; i < ix->n_sections; i++)
		free((char *)ix->sections[i].name);
	free(ix->sections);
	for (size_t i = 0; i < ix->n_entries; i++) {
		struct ini_entry *e = &ix->entries[i];

		free((char *)e->key);
		free((char *)e->value);
		for (size_t j = 0; j < e->n_deprecated; j++) {
			free((char *)e->deprecated[j].section);
			free((char *)e->deprecated[j].key);
		}
		free((struct ini_name *)e->deprecated);
	}
	free(ix->entries);
	free(ix->value_offsets);
	free(ix->kinds);
	free(ix->line_entries);
	memset(ix, 0, sizeof *ix);
}

/* The state of one pass over the lines. */
struct ini_parser {
	const char *name;
	const struct ini_line *lines;
	size_t n_lines;
	struct ini_index *ix;
	struct ou_error *err;
	size_t cap_sections;
	size_t cap_entries;
	long section;		/* -1 before the first */
	long pending;		/* the option taking continuation lines, or -1 */
	struct strbuf value;	/* its value so far */
	struct ini_name *notes;	/* deprecated names waiting for their option */
	size_t n_notes;
};

static int
ini_parse_error(struct ini_parser *p, size_t line, size_t column,
		const char *what)
{
	return ou_error_set(p->err, "%s:%zu:%zu: %s", p->name, line + 1,
			    column + 1, what);
}

static void
ini_drop_notes(struct ini_parser *p)
{
	for (size_t i = 0; i < p->n_notes; i++) {
		free((char *)p->notes[i].section);
		free((char *)p->notes[i].key);
	}
	free(p->notes);
	p->notes = NULL;
	p->n_notes = 0;
}

/* The pending option has all its lines: its value is complete. */
static void
ini_flush(struct ini_parser *p)
{
	if (p->pending < 0)
		return;
	p->ix->entries[p->pending].value = strbuf_take(&p->value);
	p->pending = -1;
}

static size_t
ini_add_entry(struct ini_parser *p, enum ini_entry_kind kind, size_t line,
	      const char *key, size_t key_len, size_t value_offset)
{
	struct ini_index *ix = p->ix;
	struct ini_entry *e;

	if (ix->n_entries == p->cap_entries) {
		p->cap_entries = p->cap_entries ? p->cap_entries * 2 : 64;
		ix->entries = xreallocarray(ix->entries, p->cap_entries,
					    sizeof *ix->entries);
		ix->value_offsets = xreallocarray(ix->value_offsets,
						  p->cap_entries,
						  sizeof *ix->value_offsets);
	}
	e = &ix->entries[ix->n_entries];
	*e = (struct ini_entry){
		.kind = kind,
		.section = (size_t)p->section,
		.key = xstrndup(key, key_len),
		.line = (unsigned)line + 1,
		.n_lines = 1,
		.deprecated = p->notes,
		.n_deprecated = p->n_notes,
	};
	ix->value_offsets[ix->n_entries] = value_offset;
	p->notes = NULL;
	p->n_notes = 0;
	ix->line_entries[line] = ix->n_entries + 1;
	return ix->n_entries++;
}

static int
ini_parse_section(struct ini_parser *p, size_t line, const char *text,
		  size_t n)
{
	struct ini_index *ix = p->ix;

	if (text[n - 1] != ']')
		return ini_parse_error(p, line, n,
				       "expected ']' at the end of the section header");
	if (n <= 2)
		return ini_parse_error(p, line, 1, "empty section name");
	if (ix->n_sections > 0)
		ix->sections[ix->n_sections - 1].last_line = (unsigned)line;
	if (ix->n_sections == p->cap_sections) {
		p->cap_sections = p->cap_sections ? p->cap_sections * 2 : 16;
		ix->sections = xreallocarray(ix->sections, p->cap_sections,
					     sizeof *ix->sections);
	}
	ix->sections[ix->n_sections] = (struct ini_section){
		.name = xstrndup(text + 1, n - 2),
		.line = (unsigned)line + 1,
		.last_line = (unsigned)p->n_lines,
	};
	p->section = (long)ix->n_sections++;
	ini_drop_notes(p);
	ix->kinds[line] = INI_LINE_SECTION;
	return 0;
}

static bool
ini_is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static void
ini_take_value(struct ini_parser *p, size_t entry, const char *text,
	       size_t start, size_t end)
{
	const char *value = text + start;
	size_t len = end - start;

	ini_dequote(&value, &len);
	p->ix->entries[entry].value = xstrndup(value, len);
}

/* "#key=value" or "# key = value": a package's commented-out default.
 * Prose rarely has a single word before an '=', which is what tells the
 * two apart. */
static bool
ini_parse_default(struct ini_parser *p, size_t line, const char *text,
		  size_t n)
{
	size_t i = ini_skip_space(text, 1, n);
	size_t key = i;
	size_t key_end, value;

	if (i >= n || !(text[i] == '_' || (text[i] >= 'a' && text[i] <= 'z') ||
			(text[i] >= 'A' && text[i] <= 'Z')))
		return false;
	while (i < n && ini_is_key_char(text[i]))
		i++;
	key_end = i;
	i = ini_skip_space(text, i, n);
	if (i >= n || text[i] != '=' || p->section < 0)
		return false;
	value = ini_skip_space(text, i + 1, n);
	ini_take_value(p, ini_add_entry(p, INI_ENTRY_DEFAULT, line, text + key,
					key_end - key, value),
		       text, value, n);
	return true;
}

/* "# Deprecated group/name - [DEFAULT]/neutron_url": an older name of
 * the option that follows. */
static void
ini_parse_note(struct ini_parser *p, const char *text, size_t n)
{
	size_t i = ini_skip_space(text, 1, n);
	size_t plen = strlen(INI_DEPRECATED_PREFIX);
	const char *close, *key;

	if (n - i < plen || memcmp(text + i, INI_DEPRECATED_PREFIX, plen) != 0)
		return;
	i += plen;
	close = memchr(text + i, ']', n - i);
	if (close == NULL || close + 1 >= text + n || close[1] != '/')
		return;
	key = close + 2;
	if (key >= text + n)
		return;
	p->notes = xreallocarray(p->notes, p->n_notes + 1, sizeof *p->notes);
	p->notes[p->n_notes++] = (struct ini_name){
		.section = xstrndup(text + i, (size_t)(close - (text + i))),
		.key = xstrndup(key, (size_t)(text + n - key)),
	};
}

static void
ini_parse_comment(struct ini_parser *p, size_t line, const char *text,
		  size_t n)
{
	p->ix->kinds[line] = INI_LINE_COMMENT;
	if (!ini_parse_default(p, line, text, n))
		ini_parse_note(p, text, n);
}

/* The first line of an option's value; continuation lines add to it. */
static void
ini_start_value(struct ini_parser *p, const char *value, size_t len)
{
	ini_dequote(&value, &len);
	strbuf_add(&p->value, value, len);
}

static int
ini_parse_option(struct ini_parser *p, size_t line, const char *text,
		 size_t n)
{
	const char *eq = memchr(text, '=', n);
	const char *colon = memchr(text, ':', n);
	const char *sep = eq;
	size_t key_end, value;
	size_t entry;

	if (sep == NULL || (colon != NULL && colon < sep))
		sep = colon;
	if (sep == NULL)
		return ini_parse_error(p, line, 0,
				       "expected 'key = value', a [section], or a comment");
	key_end = (size_t)(sep - text);
	while (key_end > 0 && ini_is_space(text[key_end - 1]))
		key_end--;
	if (key_end == 0)
		return ini_parse_error(p, line, 0, "empty key before '='");
	if (p->section < 0)
		return ini_parse_error(p, line, 0,
				       "option before any [section] (oslo.config refuses it)");
	value = ini_skip_space(text, (size_t)(sep - text) + 1, n);
	entry = ini_add_entry(p, INI_ENTRY_OPTION, line, text, key_end, value);
	ini_start_value(p, text + value, n - value);
	p->pending = (long)entry;
	p->ix->kinds[line] = INI_LINE_OPTION;
	return 0;
}

static int
ini_parse_continuation(struct ini_parser *p, size_t line, const char *text,
		       size_t n)
{
	size_t start = ini_skip_space(text, 0, n);

	if (p->pending < 0)
		return ini_parse_error(p, line, 0,
				       "a line starting with white space continues an option, but there is none above it");
	strbuf_addc(&p->value, '\n');
	strbuf_add(&p->value, text + start, n - start);
	p->ix->entries[p->pending].n_lines++;
	p->ix->line_entries[line] = (size_t)p->pending + 1;
	p->ix->kinds[line] = INI_LINE_CONTINUATION;
	return 0;
}

static int
ini_parse_line(struct ini_parser *p, size_t line)
{
	const char *text = p->lines[line].text;
	size_t n = ini_content_len(text, p->lines[line].len);

	if (n == 0) {
		ini_flush(p);
		ini_drop_notes(p);
		p->ix->kinds[line] = INI_LINE_BLANK;
		return 0;
	}
	if (text[0] == ' ' || text[0] == '\t')
		return ini_parse_continuation(p, line, text, n);
	ini_flush(p);
	if (text[0] == '[')
		return ini_parse_section(p, line, text, n);
	if (text[0] == '#' || text[0] == ';') {
		ini_parse_comment(p, line, text, n);
		return 0;
	}
	return ini_parse_option(p, line, text, n);
}

static int
ini_index_build(const char *name, const struct ini_line *lines, size_t n,
		struct ini_index *ix, struct ou_error *err)
{
	struct ini_parser p = {
		.name = name,
		.lines = lines,
		.n_lines = n,
		.ix = ix,
		.err = err,
		.section = -1,
		.pending = -1,
		.value = STRBUF_INIT,
	};
	int rc = 0;

	memset(ix, 0, sizeof *ix);
	ix->kinds = xcalloc(n ? n : 1, sizeof *ix->kinds);
	ix->line_entries = xcalloc(n ? n : 1, sizeof *ix->line_entries);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ini_parse_line(&p, i);
	ini_flush(&p);
	ini_drop_notes(&p);
	strbuf_release(&p.value);
	if (rc < 0)
		ini_index_free(ix);
	return rc;
}

static void
ini_lines_free(struct ini_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
}

static char *
ini_memdup(const char *data, size_t len)
{
	char *copy = xmalloc(len ? len : 1);

	memcpy(copy, data, len);
	return copy;
}

static size_t
ini_split_lines(const char *text, size_t len, struct ini_line **out)
{
	size_t n = 0;
	struct ini_line *lines;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	if (len > 0 && text[len - 1] != '\n')
		n++;
	lines = xcalloc(n ? n : 1, sizeof *lines);
	for (size_t i = 0, start = 0; i < n; i++) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl != NULL ? (size_t)(nl - text) + 1 : len;

		lines[i].text = ini_memdup(text + start, end - start);
		lines[i].len = end - start;
		start = end;
	}
	*out = lines;
	return n;
}

int
ini_parse(const char *name, const char *text, size_t len, struct ini **out,
	  struct ou_error *err)
{
	struct ini *ini = xcalloc(1, sizeof *ini);

	*out = NULL;
	ini->name = xstrdup(name);
	ini->n_lines = ini_split_lines(text, len, &ini->lines);
	if (ini_index_build(ini->name, ini->lines, ini->n_lines, &ini->ix,
			    err) < 0) {
		ini_free(ini);
		return -1;
	}
	*out = ini;
	return 0;
}

void
ini_free(struct ini *ini)
{
	if (ini == NULL)
		return;
	ini_index_free(&ini->ix);
	ini_lines_free(ini->lines, ini->n_lines);
	free(ini->name);
	free(ini);
}

void
ini_write(const struct ini *ini, struct strbuf *out)
{
	for (size_t i = 0; i < ini->n_lines; i++)
		strbuf_add(out, ini->lines[i].text, ini->lines[i].len);
}

unsigned
ini_line_count(const struct ini *ini)
{
	return (unsigned)ini->n_lines;
}

const char *
ini_line(const struct ini *ini, unsigned line, size_t *len)
{
	if (line == 0 || line > ini->n_lines) {
		*len = 0;
		return "";
	}
	*len = ini->lines[line - 1].len;
	return ini->lines[line - 1].text;
}

enum ini_line_kind
ini_line_kind(const struct ini *ini, unsigned line)
{
	if (line == 0 || line > ini->n_lines)
		return INI_LINE_BLANK;
	return ini->ix.kinds[line - 1];
}

const struct ini_entry *
ini_line_entry(const struct ini *ini, unsigned line)
{
	size_t e;

	if (line == 0 || line > ini->n_lines)
		return NULL;
	e = ini->ix.line_entries[line - 1];
	return e ? &ini->ix.entries[e - 1] : NULL;
}

size_t
ini_entry_value_offset(const struct ini *ini, const struct ini_entry *entry)
{
	return ini->ix.value_offsets[entry - ini->ix.entries];
}

size_t
ini_section_count(const struct ini *ini)
{
	return ini->ix.n_sections;
}

const struct ini_section *
ini_section_at(const struct ini *ini, size_t i)
{
	return i < ini->ix.n_sections ? &ini->ix.sections[i] : NULL;
}

bool
ini_section_matches(const char *a, const char *b)
{
	if (strcmp(a, "DEFAULT") == 0 || strcmp(b, "DEFAULT") == 0)
		return strcmp(a, b) == 0;
	return strcasecmp(a, b) == 0;
}

size_t
ini_entry_count(const struct ini *ini)
{
	return ini->ix.n_entries;
}

const struct ini_entry *
ini_entry_at(const struct ini *ini, size_t i)
{
	return i < ini->ix.n_entries ? &ini->ix.entries[i] : NULL;
}

const struct ini_entry *
ini_find(const struct ini *ini, enum ini_entry_kind kind, const char *section,
	 const char *key, const struct ini_entry *after)
{
	size_t i = after != NULL ? (size_t)(after - ini->ix.entries) + 1 : 0;

	for (; i < ini->ix.n_entries; i++) {
		const struct ini_entry *e = &ini->ix.entries[i];

		if (e->kind == kind && strcmp(e->key, key) == 0 &&
		    ini_section_matches(ini->ix.sections[e->section].name,
					section))
			return e;
	}
	return NULL;
}

const char *
ini_get(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_entry *last = NULL;

	for (const struct ini_entry *e = NULL;
	     (e = ini_find(ini, INI_ENTRY_OPTION, section, key, e)) != NULL;)
		last = e;
	return last != NULL ? last->value : NULL;
}

/* ---- edits ---- */

/* The new list of lines an edit is making.  Lines kept from the old list
 * share their text with it; fresh[] marks the ones made for the edit. */
struct ini_builder {
	struct ini *ini;
	struct ini_line *lines;
	bool *fresh;
	size_t n;
	size_t cap;
};

static void
ini_build_push(struct ini_builder *b, char *text, size_t len, bool fresh)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : b->ini->n_lines + 16;
		b->lines = xreallocarray(b->lines, b->cap, sizeof *b->lines);
		b->fresh = xreallocarray(b->fresh, b->cap, sizeof *b->fresh);
	}
	b->lines[b->n] = (struct ini_line){ .text = text, .len = len };
	b->fresh[b->n++] = fresh;
}

static void
ini_build_keep(struct ini_builder *b, size_t old)
{
	ini_build_push(b, b->ini->lines[old].text, b->ini->lines[old].len,
		       false);
}

/* Add new text as lines of its own (a multi-line value makes several). */
static void
ini_build_add(struct ini_builder *b, struct strbuf *text)
{
	const char *p = strbuf_str(text);
	size_t left = text->len;

	while (left > 0) {
		const char *nl = memchr(p, '\n', left);
		size_t len = nl != NULL ? (size_t)(nl - p) + 1 : left;

		ini_build_push(b, ini_memdup(p, len), len, true);
		p += len;
		left -= len;
	}
	strbuf_release(text);
}

static bool
ini_has_eol(const struct ini_line *line)
{
	return line->len > 0 && line->text[line->len - 1] == '\n';
}

/* Keep an old line, giving it a line end if it is the last one and has
 * none, since a line is about to follow it. */
static void
ini_build_keep_ended(struct ini_builder *b, size_t old, const char *eol)
{
	const struct ini_line *line = &b->ini->lines[old];
	struct strbuf sb = STRBUF_INIT;

	if (ini_has_eol(line)) {
		ini_build_keep(b, old);
		return;
	}
	strbuf_add(&sb, line->text, line->len);
	strbuf_adds(&sb, eol);
	ini_build_add(b, &sb);
}

/* Index the new lines; on success they replace the old ones. */
static int
ini_build_finish(struct ini_builder *b, struct ou_error *err)
{
	struct ini *ini = b->ini;
	struct ini_index ix;
	bool *kept = xcalloc(ini->n_lines ? ini->n_lines : 1, sizeof *kept);
	int rc = ini_index_build(ini->name, b->lines, b->n, &ix, err);

	if (rc < 0) {
		for (size_t i = 0; i < b->n; i++)
			if (b->fresh[i])
				free(b->lines[i].text);
		free(b->lines);
	} else {
		/* Old lines are shared in order, so one walk finds them. */
		for (size_t i = 0, j = 0; i < b->n; i++) {
			if (b->fresh[i])
				continue;
			while (ini->lines[j].text != b->lines[i].text)
				j++;
			kept[j++] = true;
		}
		for (size_t j = 0; j < ini->n_lines; j++)
			if (!kept[j])
				free(ini->lines[j].text);
		free(ini->lines);
		ini_index_free(&ini->ix);
		ini->lines = b->lines;
		ini->n_lines = b->n;
		ini->ix = ix;
	}
	free(kept);
	free(b->fresh);
	return rc;
}

static const char *
ini_eol(const struct ini *ini)
{
	const struct ini_line *first = ini->n_lines ? &ini->lines[0] : NULL;

	if (first != NULL && first->len >= 2 && ini_has_eol(first) &&
	    first->text[first->len - 2] == '\r')
		return "\r\n";
	return "\n";
}

static bool
ini_entry_is(const struct ini *ini, const struct ini_entry *e,
	     enum ini_entry_kind kind, const char *section, const char *key)
{
	return e != NULL && e->kind == kind && strcmp(e->key, key) == 0 &&
	       ini_section_matches(ini->ix.sections[e->section].name, section);
}

static int
ini_check_name(const char *what, const char *name, bool key,
	       struct ou_error *err)
{
	size_t len = strlen(name);

	if (len == 0)
		return ou_error_set(err, "empty %s", what);
	if (strchr(name, '\n') != NULL)
		return ou_error_set(err, "%s \"%s\" contains a line end", what,
				    name);
	if (!key)
		return 0;
	if (strpbrk(name, "=:") != NULL || strchr("[#;", name[0]) != NULL ||
	    ini_is_space(name[0]) || ini_is_space(name[len - 1]))
		return ou_error_set(err,
				    "key \"%s\" would not read back as itself", name);
	return 0;
}

/* A value's lines after the first are written as continuation lines, so
 * each must be something a continuation line reads back as: not empty,
 * no white space around it. */
static int
ini_check_value(const char *key, const char *value, struct ou_error *err)
{
	for (const char *nl = strchr(value, '\n'); nl != NULL;
	     nl = strchr(nl + 1, '\n')) {
		size_t len = strcspn(nl + 1, "\n");

		if (len == 0 || ini_is_space(nl[1]) || ini_is_space(nl[len]))
			return ou_error_set(err,
					    "a line of the value for %s cannot be written as a continuation line (empty, or white space around it)",
					    key);
	}
	return 0;
}

static int
ini_check_edit(const char *section, const char *key,
	       const char *const *values, size_t n, struct ou_error *err)
{
	if (ini_check_name("section name", section, false, err) < 0 ||
	    ini_check_name("key", key, true, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (ini_check_value(key, values[i], err) < 0)
			return -1;
	return 0;
}

/* A value as it must be written to read back as itself: its first line
 * quoted when white space around it or a pair of quotes would be lost,
 * its other lines as continuation lines. */
static void
ini_add_value(struct strbuf *out, const char *value, const char *eol)
{
	size_t len = strcspn(value, "\n");
	bool quote = len > 0 &&
		     (ini_is_space(value[0]) || ini_is_space(value[len - 1]) ||
		      ((value[0] == '"' || value[0] == '\'') &&
		       value[0] == value[len - 1]));

	if (quote)
		strbuf_addc(out, '"');
	strbuf_add(out, value, len);
	if (quote)
		strbuf_addc(out, '"');
	for (value += len; *value == '\n'; value += len) {
		value++;
		len = strcspn(value, "\n");
		strbuf_adds(out, eol);
		strbuf_adds(out, "    ");
		strbuf_add(out, value, len);
	}
}

/* Replace a set option: its first line keeps what precedes the value;
 * more values repeat that prefix on lines of their own, and the last line
 * keeps what followed the old value (trailing white space, line end). */
static void
ini_build_replaced(struct ini_builder *b, const struct ini_entry *e,
		   const char *const *values, size_t n, const char *eol)
{
	const struct ini_line *line = &b->ini->lines[e->line - 1];
	size_t off = ini_entry_value_offset(b->ini, e);
	size_t content = ini_content_len(line->text, line->len);
	bool pad = off == content && off >= 2 &&
		   (line->text[off - 1] == '=' || line->text[off - 1] == ':') &&
		   ini_is_space(line->text[off - 2]);

	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_add(&sb, line->text, off);
		if (pad)
			strbuf_addc(&sb, ' ');
		ini_add_value(&sb, values[i], eol);
		if (i + 1 == n)
			strbuf_add(&sb, line->text + content,
				   line->len - content);
		else
			strbuf_adds(&sb, eol);
		ini_build_add(b, &sb);
	}
}

static void
ini_build_new_lines(struct ini_builder *b, const char *key,
		    const char *const *values, size_t n, bool spaced,
		    const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s%s", key, spaced ? " = " : "=");
		ini_add_value(&sb, values[i], eol);
		strbuf_adds(&sb, eol);
		ini_build_add(b, &sb);
	}
}

static void
ini_set_existing(struct ini_builder *b, const struct ini_entry *first,
		 const char *section, const char *key,
		 const char *const *values, size_t n)
{
	const struct ini *ini = b->ini;
	const char *eol = ini_eol(ini);

	for (size_t i = 0; i < ini->n_lines; i++) {
		const struct ini_entry *e = ini_line_entry(ini, (unsigned)i + 1);

		if (!ini_entry_is(ini, e, INI_ENTRY_OPTION, section, key))
			ini_build_keep(b, i);
		else if (e == first && i + 1 == e->line)
			ini_build_replaced(b, e, values, n, eol);
	}
}

/* Whether a line "key = value" has white space before its separator. */
static bool
ini_line_spaced(const char *text, size_t len)
{
	const char *sep = memchr(text, '=', len);

	return sep != NULL && sep > text && ini_is_space(sep[-1]);
}

static bool
ini_file_spaced(const struct ini *ini)
{
	for (size_t i = 0; i < ini->ix.n_entries; i++) {
		const struct ini_entry *e = &ini->ix.entries[i];

		if (e->kind == INI_ENTRY_OPTION)
			return ini_line_spaced(ini->lines[e->line - 1].text,
					       ini->lines[e->line - 1].len);
	}
	return true;
}

static const struct ini_section *
ini_first_section(const struct ini *ini, const char *section)
{
	for (size_t i = 0; i < ini->ix.n_sections; i++)
		if (ini_section_matches(ini->ix.sections[i].name, section))
			return &ini->ix.sections[i];
	return NULL;
}

/* Where new lines for an unset option go (0-based: after this line), and
 * in which style; SIZE_MAX when the section does not exist. */
static size_t
ini_insertion_point(const struct ini *ini, const char *section,
		    const char *key, bool *spaced)
{
	const struct ini_entry *d =
		ini_find(ini, INI_ENTRY_DEFAULT, section, key, NULL);
	const struct ini_section *s;
	size_t last;

	if (d != NULL) {
		*spaced = ini_line_spaced(ini->lines[d->line - 1].text,
					  ini->lines[d->line - 1].len);
		return d->line - 1;
	}
	*spaced = ini_file_spaced(ini);
	s = ini_first_section(ini, section);
	if (s == NULL)
		return SIZE_MAX;
	last = s->line - 1;
	for (size_t i = s->line; i < s->last_line; i++)
		if (ini->ix.kinds[i] != INI_LINE_BLANK)
			last = i;
	return last;
}

static void
ini_set_absent(struct ini_builder *b, const char *section, const char *key,
	       const char *const *values, size_t n)
{
	const struct ini *ini = b->ini;
	const char *eol = ini_eol(ini);
	bool spaced;
	size_t at = ini_insertion_point(ini, section, key, &spaced);

	if (at == SIZE_MAX) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i + 1 < ini->n_lines; i++)
			ini_build_keep(b, i);
		if (ini->n_lines > 0) {
			ini_build_keep_ended(b, ini->n_lines - 1, eol);
			if (ini->ix.kinds[ini->n_lines - 1] != INI_LINE_BLANK) {
				strbuf_adds(&sb, eol);
				ini_build_add(b, &sb);
			}
		}
		strbuf_addf(&sb, "[%s]%s", section, eol);
		ini_build_add(b, &sb);
		ini_build_new_lines(b, key, values, n, spaced, eol);
		return;
	}
	for (size_t i = 0; i < ini->n_lines; i++) {
		if (i != at) {
			ini_build_keep(b, i);
			continue;
		}
		ini_build_keep_ended(b, i, eol);
		ini_build_new_lines(b, key, values, n, spaced, eol);
	}
}

int
ini_set_values(struct ini *ini, const char *section, const char *key,
	       const char *const *values, size_t n, struct ou_error *err)
{
	struct ini_builder b = { .ini = ini };
	const struct ini_entry *first;

	if (ini_check_edit(section, key, values, n, err) < 0)
		return -1;
	if (n == 0) {
		ini_remove(ini, section, key);
		return 0;
	}
	first = ini_find(ini, INI_ENTRY_OPTION, section, key, NULL);
	if (first != NULL)
		ini_set_existing(&b, first, section, key, values, n);
	else
		ini_set_absent(&b, section, key, values, n);
	return ini_build_finish(&b, err);
}

int
ini_set(struct ini *ini, const char *section, const char *key,
	const char *value, struct ou_error *err)
{
	return ini_set_values(ini, section, key, &value, 1, err);
}

static size_t
ini_count_values(const struct ini *ini, const char *section, const char *key)
{
	size_t n = 0;

	for (const struct ini_entry *e = NULL;
	     (e = ini_find(ini, INI_ENTRY_OPTION, section, key, e)) != NULL;)
		n++;
	return n;
}

size_t
ini_comment_out(struct ini *ini, const char *section, const char *key)
{
	struct ini_builder b = { .ini = ini };
	size_t n = ini_count_values(ini, section, key);

	if (n == 0)
		return 0;
	for (size_t i = 0; i < ini->n_lines; i++) {
		const struct ini_entry *e = ini_line_entry(ini, (unsigned)i + 1);
		struct strbuf sb = STRBUF_INIT;

		if (!ini_entry_is(ini, e, INI_ENTRY_OPTION, section, key)) {
			ini_build_keep(&b, i);
			continue;
		}
		strbuf_addc(&sb, '#');
		strbuf_add(&sb, ini->lines[i].text, ini->lines[i].len);
		ini_build_add(&b, &sb);
	}
	return ini_build_finish(&b, NULL) < 0 ? 0 : n;
}

size_t
ini_remove(struct ini *ini, const char *section, const char *key)
{
	struct ini_builder b = { .ini = ini };
	size_t n = ini_count_values(ini, section, key);

	if (n == 0)
		return 0;
	for (size_t i = 0; i < ini->n_lines; i++) {
		const struct ini_entry *e = ini_line_entry(ini, (unsigned)i + 1);

		if (!ini_entry_is(ini, e, INI_ENTRY_OPTION, section, key))
			ini_build_keep(&b, i);
	}
	return ini_build_finish(&b, NULL) < 0 ? 0 : n;
}
