/* ini: OpenStack configuration files (nova.conf, neutron.conf, keystone.conf,
 * glance-*.conf, cinder.conf, the agents' *.ini) read as oslo.config reads
 * them, and written back byte for byte.
 *
 * The file is kept as its lines, each with its own line end ("\n",
 * "\r\n", or none on a last line without one); writing an unchanged file
 * gives back the very bytes it was parsed from.  An edit touches only the
 * lines it must, so every other byte (comments, blank lines, tabs, CRLF,
 * the missing final newline) survives.
 *
 * How a line is read (oslo.config's iniparser, the Python 2.7 one that
 * runs Icehouse and Juno):
 *   - trailing white space (space, \t, \r, \v, \f) is ignored; a line with
 *     nothing else is blank, and a blank line ends a multi-line value;
 *   - a line starting with a space or a tab continues the value of the
 *     option above it (the continuation is joined with "\n", leading white
 *     space dropped); with no option above, it is an error;
 *   - "[name]" starts a section; anything after the "]" is an error, and so
 *     is "[]";
 *   - "#" or ";" in the first column starts a comment (a comment also ends
 *     a multi-line value);
 *   - anything else is "key = value" or "key: value", split at whichever of
 *     '=' and ':' comes first; key and value lose their surrounding white
 *     space, and a value wrapped in one pair of matching quotes loses them;
 *     there is no interpolation and no inline comment ("a = b # c" has the
 *     value "b # c");
 *   - an option before the first section is an error, as oslo.config
 *     refuses it ("Section must be started before assignment");
 *   - a key may repeat: a plain option reads the last value, a
 *     multi-valued one reads them all in order;
 *   - a section may repeat; its options add up;
 *   - section names match exactly for DEFAULT and regardless of case
 *     otherwise ([Neutron] is [neutron]), as oslo.config normalises them;
 *     keys match exactly.
 * The packages' own comments carry meaning the review uses, so they are
 * read too: "#key=value" (or "# key = value", or with ';') is the
 * commented-out default of key, and "# Deprecated group/name - [G]/N" lines
 * just above an option or a default name its older names.
 *
 * Ownership: struct ini owns its lines and every string it hands out.
 * Pointers into it (entries, sections, strings) stay valid until the next
 * edit or ini_free(). */
#ifndef OU_INI_H
#define OU_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "ou_error.h"
#include "strbuf.h"

struct ini;

enum ini_line_kind {
	INI_LINE_BLANK,
	INI_LINE_COMMENT,	/* also a commented-out default */
	INI_LINE_SECTION,
	INI_LINE_OPTION,	/* the first line of an assignment */
	INI_LINE_CONTINUATION,
};

enum ini_entry_kind {
	INI_ENTRY_OPTION,	/* an assignment oslo.config reads */
	INI_ENTRY_DEFAULT,	/* a commented-out "#key=value" */
};

/* An older name of an option: "[DEFAULT]/neutron_url". */
struct ini_name {
	const char *section;
	const char *key;
};

struct ini_section {
	const char *name;
	unsigned line;		/* of the "[name]" line, 1-based */
	unsigned last_line;	/* the line before the next section, or the last */
};

/* The struct is public so callers can walk a file's options without an
 * accessor per field; it is read-only. */
struct ini_entry {
	enum ini_entry_kind kind;
	size_t section;		/* index for ini_section_at() */
	const char *key;
	const char *value;	/* as oslo.config reads it (see above) */
	unsigned line;		/* 1-based */
	unsigned n_lines;	/* 1 plus its continuation lines */
	const struct ini_name *deprecated;
	size_t n_deprecated;
};

/* Parse len bytes (any bytes; NUL is an ordinary byte).  name is used in
 * messages only.  On error returns -1 and err says
 * "name:line:column: what is wrong". */
int ini_parse(const char *name, const char *text, size_t len,
	      struct ini **out, struct ou_error *err);
void ini_free(struct ini *ini);

/* Append the file's bytes as they stand. */
void ini_write(const struct ini *ini, struct strbuf *out);

/* Lines, 1-based.  ini_line() gives a line's bytes with its line end. */
unsigned ini_line_count(const struct ini *ini);
const char *ini_line(const struct ini *ini, unsigned line, size_t *len);
enum ini_line_kind ini_line_kind(const struct ini *ini, unsigned line);
/* The entry a line belongs to (an option's continuation lines belong to
 * it; a default is one line), or NULL. */
const struct ini_entry *ini_line_entry(const struct ini *ini, unsigned line);
/* Where the value starts in the entry's first line (bytes from the line's
 * start), so a display can show the key part and mask the value. */
size_t ini_entry_value_offset(const struct ini *ini,
			      const struct ini_entry *entry);

size_t ini_section_count(const struct ini *ini);
const struct ini_section *ini_section_at(const struct ini *ini, size_t i);
/* True when a section written "a" in a file is the section b. */
bool ini_section_matches(const char *a, const char *b);

/* Every option and every commented-out default, in file order. */
size_t ini_entry_count(const struct ini *ini);
const struct ini_entry *ini_entry_at(const struct ini *ini, size_t i);

/* The next entry of kind for section/key after `after` (NULL: the first).
 * Walk the values of a multi-valued option with it. */
const struct ini_entry *ini_find(const struct ini *ini, enum ini_entry_kind kind,
				 const char *section, const char *key,
				 const struct ini_entry *after);
/* The value oslo.config reads for a plain option: the last one; NULL when
 * the option is not set. */
const char *ini_get(const struct ini *ini, const char *section,
		    const char *key);

/* Edits.  Each keeps every byte it does not have to change, and leaves the
 * struct as it was when it fails.  New lines get the file's line end
 * ("\r\n" if its first line has one); a file whose last line has no line
 * end gets one before anything is added after it.  A key must be a
 * non-empty word that oslo.config would read back as the same key (no
 * '=', ':', line end, leading '[', '#' or ';', nor surrounding white
 * space); a section name likewise (no line end).  A value is written so
 * that it reads back as given: with white space around it, or wrapped in
 * quotes, it goes inside a pair of double quotes; each of its lines after
 * the first becomes a continuation line ("    line"), so those lines must
 * be non-empty with no white space around them. */

/* Give key the values (n = 1 for a plain option, more for a multi-valued
 * one).  Where the option is set, its first line takes the new values
 * (keeping what comes before the value, e.g. "key = ") and its other
 * occurrences go, since oslo.config would read them instead.  Where it is
 * not set, the lines go right after its commented-out default in that
 * section, else after the last non-blank line of the section, else into a
 * new section at the end of the file.  New lines follow the style of the
 * default they follow ("#key=value" gives "key=value", "# key = value"
 * gives "key = value"), else the file's first option, else "key = value".
 * n = 0 is ini_remove(). */
int ini_set_values(struct ini *ini, const char *section, const char *key,
		   const char *const *values, size_t n, struct ou_error *err);
int ini_set(struct ini *ini, const char *section, const char *key,
	    const char *value, struct ou_error *err);
/* Comment out every line of every value of key: a '#' in front, the rest
 * unchanged.  Returns how many values were commented out. */
size_t ini_comment_out(struct ini *ini, const char *section, const char *key);
/* Delete every line of every value of key.  Returns how many went. */
size_t ini_remove(struct ini *ini, const char *section, const char *key);

#endif
