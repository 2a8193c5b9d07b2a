/* yamldoc: a YAML document loaded whole into a tree whose every node
 * knows the line and column it came from.
 *
 * The runbook and inventory parsers walk this tree and report errors as
 * "file:line:column: message".  Aliases, anchors and tags are refused:
 * the formats have no use for them, and refusing aliases keeps a hostile
 * file from expanding without bound.  A mapping with a repeated key is an
 * error.
 *
 * Ownership: the struct ydoc owns every node and string in it, all in
 * its arena; they live until ydoc_free().  Callers copy what they keep. */
#ifndef OU_YAMLDOC_H
#define OU_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

struct ynode;

struct ypair {
	struct ynode *key;	/* always a scalar */
	struct ynode *value;
};

struct ynode {
	enum ynode_kind kind;
	unsigned line;		/* 1-based */
	unsigned column;	/* 1-based */
	/* YNODE_SCALAR */
	char *scalar;
	bool quoted;		/* written in quotes or as a block scalar */
	/* YNODE_SEQ */
	struct ynode **items;
	size_t n_items;
	/* YNODE_MAP, in document order */
	struct ypair *pairs;
	size_t n_pairs;
};

struct arena;

struct ydoc {
	char *name;		/* the file name used in messages */
	struct ynode *root;	/* NULL for an empty document */
	struct arena *arena;	/* where the nodes and strings are */
};

/* Parse len bytes.  name is used in messages only.  On error returns
 * NULL and err says "name:line:column: what was expected". */
struct ydoc *ydoc_parse(const char *name, const char *buf, size_t len,
			struct ou_error *err);
/* Read and parse a file. */
struct ydoc *ydoc_load_file(const char *path, struct ou_error *err);
void ydoc_free(struct ydoc *doc);

/* The value of key in a map, or NULL if absent (or node is not a map). */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Fill err with "docname:line:column: message" for node, return -1. */
int ydoc_error(const struct ydoc *doc, const struct ynode *node,
	       struct ou_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A word for the node's kind, for messages: "a mapping", "a list", ... */
const char *ynode_kind_name(const struct ynode *node);

/* Checks that report through ydoc_error; each returns 0 or -1. */
int ydoc_expect_kind(const struct ydoc *doc, const struct ynode *node,
		     enum ynode_kind kind, const char *what,
		     struct ou_error *err);
/* Every key of map must be one of allowed (NULL-terminated). */
int ydoc_expect_keys(const struct ydoc *doc, const struct ynode *map,
		     const char *const *allowed, struct ou_error *err);
/* A scalar that is a whole number in [min, max]. */
int ydoc_scalar_uint(const struct ydoc *doc, const struct ynode *node,
		     unsigned long min, unsigned long max,
		     unsigned long *out, struct ou_error *err);
/* A scalar that is a YAML 1.1 boolean (true/false/yes/no/on/off). */
int ydoc_scalar_bool(const struct ydoc *doc, const struct ynode *node,
		     bool *out, struct ou_error *err);

#endif
