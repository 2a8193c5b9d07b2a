/* yamldoc: see include/yamldoc.h.
 *
 * Built on libyaml's event parser rather than its document loader so
 * that aliases can be refused before they are expanded and every node
 * keeps the mark (line, column) where it starts. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "arena.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"

/* Nesting deeper than this is refused: no format of ours comes close,
 * and a bound keeps a hostile file from exhausting the stack. */
#define YDOC_MAX_DEPTH 64

struct ydoc_parser {
	yaml_parser_t yaml;
	const char *name;
	struct ou_error *err;
	struct arena *arena;	/* the document's */
};

static struct ynode *ydoc_parse_node(struct ydoc_parser *p, yaml_event_t *ev,
				     unsigned depth);

/* Nodes, their strings and their arrays are the document's arena's: a
 * node given up on a syntax error is left to go with the rest. */
static struct ynode *
ynode_new(struct ydoc_parser *p, enum ynode_kind kind, const yaml_mark_t *mark)
{
	struct ynode *node = arena_alloc(p->arena, sizeof *node);

	node->kind = kind;
	node->line = (unsigned)mark->line + 1;
	node->column = (unsigned)mark->column + 1;
	return node;
}

static int
ydoc_parser_error(struct ydoc_parser *p)
{
	const yaml_parser_t *y = &p->yaml;
	const yaml_mark_t *mark = y->problem != NULL ? &y->problem_mark
						     : &y->mark;

	if (y->context != NULL)
		return ou_error_set(p->err, "%s:%zu:%zu: %s %s", p->name,
				    mark->line + 1, mark->column + 1,
				    y->problem ? y->problem : "syntax error",
				    y->context);
	return ou_error_set(p->err, "%s:%zu:%zu: %s", p->name, mark->line + 1,
			    mark->column + 1,
			    y->problem ? y->problem : "syntax error");
}

static int
ydoc_next(struct ydoc_parser *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->yaml, ev))
		return ydoc_parser_error(p);
	return 0;
}

static int
ydoc_refuse(struct ydoc_parser *p, const yaml_mark_t *mark, const char *what)
{
	return ou_error_set(p->err, "%s:%zu:%zu: %s are not allowed here",
			    p->name, mark->line + 1, mark->column + 1, what);
}

/* Anchors and tags have no meaning in our formats; refuse them rather
 * than silently ignore them. */
static int
ydoc_check_decorations(struct ydoc_parser *p, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	const yaml_char_t *tag = NULL;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor != NULL)
		return ydoc_refuse(p, &ev->start_mark, "anchors (&name)");
	if (tag != NULL)
		return ydoc_refuse(p, &ev->start_mark, "tags (!name)");
	return 0;
}

static struct ynode *
ydoc_parse_scalar(struct ydoc_parser *p, const yaml_event_t *ev)
{
	struct ynode *node = ynode_new(p, YNODE_SCALAR, &ev->start_mark);

	node->scalar = arena_strndup(p->arena,
				     (const char *)ev->data.scalar.value,
				     ev->data.scalar.length);
	/* An embedded NUL would cut the value short unseen. */
	if (strlen(node->scalar) != ev->data.scalar.length)
		return NULL;
	node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	return node;
}

/* Room for one more after n: the array doubles each time n reaches a
 * power of two, so a list of 2,000 hosts is not copied 2,000 times. */
static void *
ydoc_grow(struct ydoc_parser *p, void *array, size_t n, size_t size)
{
	void *grown;

	if (n == 0)
		return arena_calloc(p->arena, 4, size);
	if (n < 4 || (n & (n - 1)) != 0)
		return array;
	grown = arena_calloc(p->arena, 2 * n, size);
	memcpy(grown, array, n * size);
	return grown;
}

static int
ydoc_parse_seq(struct ydoc_parser *p, struct ynode *seq, unsigned depth)
{
	for (;;) {
		yaml_event_t ev;
		struct ynode *item;

		if (ydoc_next(p, &ev) < 0)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		item = ydoc_parse_node(p, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (item == NULL)
			return -1;
		seq->items = ydoc_grow(p, seq->items, seq->n_items,
				       sizeof *seq->items);
		seq->items[seq->n_items++] = item;
	}
}

static int
ydoc_add_pair(struct ydoc_parser *p, struct ynode *map, struct ynode *key,
	      struct ynode *value)
{
	if (ynode_get(map, key->scalar) != NULL)
		return ou_error_set(p->err, "%s:%u:%u: duplicate key '%s'",
				    p->name, key->line, key->column,
				    key->scalar);
	map->pairs = ydoc_grow(p, map->pairs, map->n_pairs, sizeof *map->pairs);
	map->pairs[map->n_pairs].key = key;
	map->pairs[map->n_pairs].value = value;
	map->n_pairs++;
	return 0;
}

static int
ydoc_parse_map(struct ydoc_parser *p, struct ynode *map, unsigned depth)
{
	for (;;) {
		yaml_event_t ev;
		struct ynode *key;
		struct ynode *value;

		if (ydoc_next(p, &ev) < 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			ou_error_set(p->err, "%s:%zu:%zu: a key must be a plain "
				     "word, not a list or mapping", p->name,
				     ev.start_mark.line + 1,
				     ev.start_mark.column + 1);
			yaml_event_delete(&ev);
			return -1;
		}
		key = ydoc_parse_node(p, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (key == NULL)
			return -1;
		if (ydoc_next(p, &ev) < 0)
			return -1;
		value = ydoc_parse_node(p, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (value == NULL || ydoc_add_pair(p, map, key, value) < 0)
			return -1;
	}
}

/* Build the node that starts with ev (which the caller still owns). */
static struct ynode *
ydoc_parse_node(struct ydoc_parser *p, yaml_event_t *ev, unsigned depth)
{
	struct ynode *node = NULL;
	int rc = 0;

	if (depth > YDOC_MAX_DEPTH) {
		ydoc_refuse(p, &ev->start_mark, "structures nested this deep");
		return NULL;
	}
	if (ev->type == YAML_ALIAS_EVENT) {
		ydoc_refuse(p, &ev->start_mark, "aliases (*name)");
		return NULL;
	}
	if (ydoc_check_decorations(p, ev) < 0)
		return NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		node = ydoc_parse_scalar(p, ev);
		if (node == NULL)
			ydoc_refuse(p, &ev->start_mark, "NUL characters");
		return node;
	case YAML_SEQUENCE_START_EVENT:
		node = ynode_new(p, YNODE_SEQ, &ev->start_mark);
		rc = ydoc_parse_seq(p, node, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		node = ynode_new(p, YNODE_MAP, &ev->start_mark);
		rc = ydoc_parse_map(p, node, depth);
		break;
	default:
		ou_error_set(p->err, "%s:%zu:%zu: unexpected YAML event",
			     p->name, ev->start_mark.line + 1,
			     ev->start_mark.column + 1);
		return NULL;
	}
	return rc < 0 ? NULL : node;
}

/* Expect an event of type want; fill ev (the caller deletes it). */
static int
ydoc_expect_event(struct ydoc_parser *p, yaml_event_t *ev,
		  yaml_event_type_t want)
{
	if (ydoc_next(p, ev) < 0)
		return -1;
	if (ev->type != want) {
		ou_error_set(p->err, "%s:%zu:%zu: only one YAML document is "
			     "allowed in this file", p->name,
			     ev->start_mark.line + 1, ev->start_mark.column + 1);
		yaml_event_delete(ev);
		return -1;
	}
	return 0;
}

static int
ydoc_parse_stream(struct ydoc_parser *p, struct ydoc *doc)
{
	yaml_event_t ev;

	if (ydoc_expect_event(p, &ev, YAML_STREAM_START_EVENT) < 0)
		return -1;
	yaml_event_delete(&ev);
	if (ydoc_next(p, &ev) < 0)
		return -1;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return 0;
	}
	yaml_event_delete(&ev);	/* DOCUMENT_START */
	if (ydoc_next(p, &ev) < 0)
		return -1;
	doc->root = ydoc_parse_node(p, &ev, 0);
	yaml_event_delete(&ev);
	if (doc->root == NULL)
		return -1;
	if (ydoc_expect_event(p, &ev, YAML_DOCUMENT_END_EVENT) < 0)
		return -1;
	yaml_event_delete(&ev);
	if (ydoc_expect_event(p, &ev, YAML_STREAM_END_EVENT) < 0)
		return -1;
	yaml_event_delete(&ev);
	return 0;
}

struct ydoc *
ydoc_parse(const char *name, const char *buf, size_t len,
	   struct ou_error *err)
{
	struct ydoc *doc = xcalloc(1, sizeof *doc);
	struct ydoc_parser p;
	int rc;

	doc->arena = arena_new();
	doc->name = arena_strndup(doc->arena, name, strlen(name));
	p = (struct ydoc_parser){ .name = name, .err = err,
				  .arena = doc->arena };
	if (!yaml_parser_initialize(&p.yaml)) {
		ou_error_set(err, "%s: cannot initialise the YAML parser", name);
		ydoc_free(doc);
		return NULL;
	}
	yaml_parser_set_input_string(&p.yaml, (const unsigned char *)buf, len);
	rc = ydoc_parse_stream(&p, doc);
	yaml_parser_delete(&p.yaml);
	if (rc < 0) {
		ydoc_free(doc);
		return NULL;
	}
	return doc;
}

struct ydoc *
ydoc_load_file(const char *path, struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct ydoc *doc = NULL;

	if (strbuf_read_file(&sb, path, err) == 0)
		doc = ydoc_parse(path, strbuf_str(&sb), sb.len, err);
	strbuf_release(&sb);
	return doc;
}

void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	arena_free(doc->arena);
	free(doc);
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n_pairs; i++)
		if (strcmp(map->pairs[i].key->scalar, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

int
ydoc_error(const struct ydoc *doc, const struct ynode *node,
	   struct ou_error *err, const char *fmt, ...)
{
	char msg[OU_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (node == NULL)
		return ou_error_set(err, "%s: %s", doc->name, msg);
	return ou_error_set(err, "%s:%u:%u: %s", doc->name, node->line,
			    node->column, msg);
}

static const char *
ynode_kind_word(enum ynode_kind kind)
{
	switch (kind) {
	case YNODE_SCALAR:
		return "a single value";
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	}
	return "an unknown node";
}

const char *
ynode_kind_name(const struct ynode *node)
{
	return node != NULL ? ynode_kind_word(node->kind) : "nothing";
}

int
ydoc_expect_kind(const struct ydoc *doc, const struct ynode *node,
		 enum ynode_kind kind, const char *what, struct ou_error *err)
{
	if (node != NULL && node->kind == kind)
		return 0;
	return ydoc_error(doc, node, err, "%s must be %s, not %s", what,
			  ynode_kind_word(kind), ynode_kind_name(node));
}

static void
ydoc_join_keys(char *out, size_t size, const char *const *allowed)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; allowed[i] != NULL && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 i ? ", " : "", allowed[i]);
}

int
ydoc_expect_keys(const struct ydoc *doc, const struct ynode *map,
		 const char *const *allowed, struct ou_error *err)
{
	for (size_t i = 0; i < map->n_pairs; i++) {
		const struct ynode *key = map->pairs[i].key;
		size_t k;
		char expected[512];

		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(allowed[k], key->scalar) == 0)
				break;
		if (allowed[k] != NULL)
			continue;
		ydoc_join_keys(expected, sizeof expected, allowed);
		return ydoc_error(doc, key, err,
				  "unknown key '%s' (expected one of: %s)",
				  key->scalar, expected);
	}
	return 0;
}

int
ydoc_scalar_uint(const struct ydoc *doc, const struct ynode *node,
		 unsigned long min, unsigned long max, unsigned long *out,
		 struct ou_error *err)
{
	const char *s;
	char *end;
	unsigned long v;

	if (node == NULL || node->kind != YNODE_SCALAR)
		return ydoc_error(doc, node, err, "expected a whole number, "
				  "found %s", ynode_kind_name(node));
	s = node->scalar;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    v < min || v > max)
		return ydoc_error(doc, node, err, "expected a whole number "
				  "from %lu to %lu, found '%s'", min, max, s);
	*out = v;
	return 0;
}

int
ydoc_scalar_bool(const struct ydoc *doc, const struct ynode *node,
		 bool *out, struct ou_error *err)
{
	static const char *const yes[] = { "true", "yes", "on", NULL };
	static const char *const no[] = { "false", "no", "off", NULL };

	if (node != NULL && node->kind == YNODE_SCALAR && !node->quoted) {
		for (size_t i = 0; yes[i] != NULL; i++)
			if (strcasecmp(node->scalar, yes[i]) == 0) {
				*out = true;
				return 0;
			}
		for (size_t i = 0; no[i] != NULL; i++)
			if (strcasecmp(node->scalar, no[i]) == 0) {
				*out = false;
				return 0;
			}
	}
	/* Without this, 'true' in quotes would read "expected true or
	 * false, found true". */
	if (node != NULL && node->kind == YNODE_SCALAR && node->quoted)
		return ydoc_error(doc, node, err, "expected true or false, "
				  "found the quoted text \"%s\" (write it "
				  "without quotes)", node->scalar);
	return ydoc_error(doc, node, err, "expected true or false, found %s",
			  node && node->kind == YNODE_SCALAR ? node->scalar
							     : ynode_kind_name(node));
}
