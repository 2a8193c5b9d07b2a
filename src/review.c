/* review: see include/review.h.  This file holds the model: the hosts,
 * the grouping, the options of each group and the decisions on them. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "review_private.h"
#include "secret.h"
#include "sha256.h"
#include "xalloc.h"

#define REVIEW_DEFAULT_MAX_VARYING 8

/* Each host's current file, parsed by the review's kind, while grouping. */
struct review_parsed {
	struct ini **ini;
	struct pysettings **py;
};

static char *
review_memdup(const char *data, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	return copy;
}

static void
review_add_note(struct review *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
review_add_note(struct review *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->notes = xreallocarray(r->notes, r->n_notes + 1, sizeof *r->notes);
	r->notes[r->n_notes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static const char *
review_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static bool
review_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static enum review_kind
review_kind_of_path(const char *path)
{
	const char *base = review_basename(path);

	if (strcmp(base, "local_settings") == 0 || review_ends_with(base, ".py"))
		return REVIEW_PYTHON;
	if (review_ends_with(base, ".conf") || review_ends_with(base, ".ini"))
		return REVIEW_INI;
	return REVIEW_TEXT;
}

/* ---- parsing every host's files ---- */

static int
review_parse_text(const struct review *r, const char *label,
		  const char *text, size_t len, struct ini **ini,
		  struct pysettings **py, struct ou_error *err)
{
	if (r->kind == REVIEW_INI)
		return ini_parse(label, text, len, ini, err);
	if (r->kind == REVIEW_PYTHON)
		return pysettings_parse(label, text, len, py, err);
	return 0;
}

static void
review_parsed_free(struct review_parsed *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ini_free(p->ini[i]);
		pysettings_free(p->py[i]);
	}
	free(p->ini);
	free(p->py);
}

/* Parse every current file and .rpmnew; the first that fails makes the
 * whole review a text review, with a note saying why. */
static void
review_parse_all(struct review *r, struct review_parsed *p)
{
	p->ini = xcalloc(r->n_hosts, sizeof *p->ini);
	p->py = xcalloc(r->n_hosts, sizeof *p->py);
	if (r->kind == REVIEW_TEXT)
		return;
	for (size_t i = 0; i < r->n_hosts; i++) {
		const struct review_hostrec *h = &r->hosts[i];
		char *label = xasprintf("%s on %s", r->path, h->name);
		char *new_label = xasprintf("%s.rpmnew on %s", r->path, h->name);
		struct ini *new_ini = NULL;
		struct pysettings *new_py = NULL;
		struct ou_error err;
		int rc = review_parse_text(r, label, h->current, h->current_len,
					   &p->ini[i], &p->py[i], &err);

		if (rc == 0)
			rc = review_parse_text(r, new_label, h->rpmnew,
					       h->rpmnew_len, &new_ini, &new_py,
					       &err);
		ini_free(new_ini);
		pysettings_free(new_py);
		free(label);
		free(new_label);
		if (rc < 0) {
			review_add_note(r, "reviewed as text: %s", err.msg);
			review_parsed_free(p, r->n_hosts);
			r->kind = REVIEW_TEXT;
			review_parse_all(r, p);
			return;
		}
	}
}

/* ---- grouping ---- */

/* The text with every option value blanked: hosts whose files differ in
 * values only have the same skeleton. */
static void
review_ini_skeleton(const struct ini *ini, struct strbuf *out)
{
	for (unsigned l = 1; l <= ini_line_count(ini); l++) {
		size_t len;
		const char *text = ini_line(ini, l, &len);
		enum ini_line_kind kind = ini_line_kind(ini, l);

		if (kind == INI_LINE_OPTION) {
			const struct ini_entry *e = ini_line_entry(ini, l);

			strbuf_add(out, text, ini_entry_value_offset(ini, e));
			strbuf_adds(out, "\001\n");
		} else if (kind == INI_LINE_CONTINUATION) {
			strbuf_adds(out, "\001\n");
		} else {
			strbuf_add(out, text, len);
		}
	}
}

static size_t
review_line_offset(const char *text, size_t len, unsigned line)
{
	size_t off = 0;

	for (unsigned l = 1; l < line && off < len; l++) {
		const char *nl = memchr(text + off, '\n', len - off);

		off = nl != NULL ? (size_t)(nl - text) + 1 : len;
	}
	return off;
}

static void
review_py_skeleton(const struct pysettings *py, const char *text, size_t len,
		   struct strbuf *out)
{
	size_t at = 0;

	for (size_t i = 0; i < pysettings_count(py); i++) {
		const struct pysettings_assignment *a = pysettings_at(py, i);
		size_t start = review_line_offset(text, len, a->line) +
			       a->expr_column;
		size_t end = start + strlen(a->expr);

		if (start < at || end > len)
			continue;
		strbuf_add(out, text + at, start - at);
		strbuf_addc(out, '\001');
		at = end;
	}
	strbuf_add(out, text + at, len - at);
}

static void
review_skeleton_sha(const struct review *r, const struct review_parsed *p,
		    size_t host, char sha[65])
{
	const struct review_hostrec *h = &r->hosts[host];
	struct strbuf sk = STRBUF_INIT;

	if (r->kind == REVIEW_INI)
		review_ini_skeleton(p->ini[host], &sk);
	else if (r->kind == REVIEW_PYTHON)
		review_py_skeleton(p->py[host], h->current, h->current_len, &sk);
	else
		strbuf_add(&sk, h->current, h->current_len);
	sha256_hex(strbuf_str(&sk), sk.len, sha);
	strbuf_release(&sk);
}

/* The names of the options whose values differ between two hosts' files
 * of the same skeleton.  Returns -1 when one of them is set more than
 * once (which value would be whose is then unclear). */
struct review_names {
	char **sections;	/* NULL entries for Python */
	char **names;
	size_t n;
};

static bool
review_names_has(const struct review_names *set, const char *section,
		 const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->names[i], name) == 0 &&
		    (section == NULL ||
		     ini_section_matches(set->sections[i], section)))
			return true;
	return false;
}

static void
review_names_add(struct review_names *set, const char *section,
		 const char *name)
{
	if (review_names_has(set, section, name))
		return;
	set->sections = xreallocarray(set->sections, set->n + 1,
				      sizeof *set->sections);
	set->names = xreallocarray(set->names, set->n + 1, sizeof *set->names);
	set->sections[set->n] = section != NULL ? xstrdup(section) : NULL;
	set->names[set->n++] = xstrdup(name);
}

static void
review_names_free(struct review_names *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->sections[i]);
		free(set->names[i]);
	}
	free(set->sections);
	free(set->names);
	memset(set, 0, sizeof *set);
}

static int
review_ini_differences(const struct ini *a, const struct ini *b,
		       struct review_names *out)
{
	if (ini_entry_count(a) != ini_entry_count(b))
		return -1;
	for (size_t i = 0; i < ini_entry_count(a); i++) {
		const struct ini_entry *ea = ini_entry_at(a, i);
		const struct ini_entry *eb = ini_entry_at(b, i);
		const char *section = ini_section_at(a, ea->section)->name;
		const struct ini_entry *first;

		if (ea->kind != INI_ENTRY_OPTION || strcmp(ea->value, eb->value) == 0)
			continue;
		first = ini_find(a, INI_ENTRY_OPTION, section, ea->key, NULL);
		if (ini_find(a, INI_ENTRY_OPTION, section, ea->key, first) != NULL)
			return -1;
		review_names_add(out, section, ea->key);
	}
	return 0;
}

static int
review_py_differences(const struct pysettings *a, const struct pysettings *b,
		      struct review_names *out)
{
	if (pysettings_count(a) != pysettings_count(b))
		return -1;
	for (size_t i = 0; i < pysettings_count(a); i++) {
		const struct pysettings_assignment *x = pysettings_at(a, i);
		const struct pysettings_assignment *y = pysettings_at(b, i);

		if (strcmp(x->expr, y->expr) == 0)
			continue;
		if (pysettings_find(a, x->name) != x)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(pysettings_at(a, j)->name, x->name) == 0)
				return -1;
		review_names_add(out, NULL, x->name);
	}
	return 0;
}

/* Whether host may join the group whose first host is `first`, given
 * the names already varying in the group; if so, they are updated. */
static bool
review_may_join(const struct review *r, const struct review_parsed *p,
		size_t first, size_t host, struct review_names *vary)
{
	struct review_names diff = { 0 };
	struct review_names merged = { 0 };
	int rc;
	bool ok;

	if (r->kind == REVIEW_INI)
		rc = review_ini_differences(p->ini[first], p->ini[host], &diff);
	else if (r->kind == REVIEW_PYTHON)
		rc = review_py_differences(p->py[first], p->py[host], &diff);
	else
		rc = -1;
	for (size_t i = 0; rc == 0 && i < vary->n; i++)
		review_names_add(&merged, vary->sections[i], vary->names[i]);
	for (size_t i = 0; rc == 0 && i < diff.n; i++)
		review_names_add(&merged, diff.sections[i], diff.names[i]);
	ok = rc == 0 && merged.n <= r->max_varying;
	if (ok) {
		review_names_free(vary);
		*vary = merged;
	} else {
		review_names_free(&merged);
	}
	review_names_free(&diff);
	return ok;
}

static void
review_group_add_host(struct review_group *g, size_t host)
{
	g->hosts = xreallocarray(g->hosts, g->n_hosts + 1, sizeof *g->hosts);
	g->hosts[g->n_hosts++] = host;
}

static size_t
review_new_group(struct review *r)
{
	r->groups = xreallocarray(r->groups, r->n_groups + 1, sizeof *r->groups);
	memset(&r->groups[r->n_groups], 0, sizeof *r->groups);
	r->groups[r->n_groups].decision = r->prefer;
	return r->n_groups++;
}

static bool
review_try_group(struct review *r, const struct review_parsed *p,
		 char (*skel)[65], struct review_names *vary, size_t group,
		 size_t host)
{
	struct review_group *g = &r->groups[group];
	const struct review_hostrec *first = &r->hosts[g->hosts[0]];
	const struct review_hostrec *h = &r->hosts[host];

	if (strcmp(first->rpmnew_sha, h->rpmnew_sha) != 0)
		return false;
	if (strcmp(first->current_sha, h->current_sha) != 0 &&
	    (strcmp(skel[g->hosts[0]], skel[host]) != 0 ||
	     !review_may_join(r, p, g->hosts[0], host, &vary[group])))
		return false;
	review_group_add_host(g, host);
	r->hosts[host].group = group;
	return true;
}

static void
review_fill_varying(struct review *r, const struct review_parsed *p,
		    struct review_group *g, const struct review_names *names)
{
	g->vary = xcalloc(names->n + 1, sizeof *g->vary);
	g->n_vary = names->n;
	for (size_t v = 0; v < names->n; v++) {
		struct review_varying *rv = &g->vary[v];

		rv->section = names->sections[v] ? xstrdup(names->sections[v])
						 : NULL;
		rv->name = xstrdup(names->names[v]);
		rv->values = xcalloc(g->n_hosts, sizeof *rv->values);
		for (size_t i = 0; i < g->n_hosts; i++) {
			size_t h = g->hosts[i];
			const char *value =
				r->kind == REVIEW_INI
					? ini_get(p->ini[h], rv->section, rv->name)
					: pysettings_get(p->py[h], rv->name);

			rv->values[i] = xstrdup(value != NULL ? value : "");
		}
	}
}

static void
review_group_hosts(struct review *r, const struct review_parsed *p)
{
	char (*skel)[65] = xcalloc(r->n_hosts, sizeof *skel);
	struct review_names *vary = xcalloc(r->n_hosts, sizeof *vary);

	for (size_t h = 0; h < r->n_hosts; h++)
		review_skeleton_sha(r, p, h, skel[h]);
	for (size_t h = 0; h < r->n_hosts; h++) {
		size_t g = 0;

		while (g < r->n_groups && !review_try_group(r, p, skel, vary, g, h))
			g++;
		if (g == r->n_groups) {
			g = review_new_group(r);
			review_group_add_host(&r->groups[g], h);
			r->hosts[h].group = g;
		}
	}
	for (size_t g = 0; g < r->n_groups; g++) {
		review_fill_varying(r, p, &r->groups[g], &vary[g]);
		review_names_free(&vary[g]);
	}
	free(vary);
	free(skel);
}

/* ---- the options of a group ---- */

static bool
review_is_carried(const struct review *r, const char *section,
		  const char *name)
{
	for (size_t i = 0; i < r->n_carry; i++) {
		const char *c = r->carry[i];
		const char *slash = strchr(c, '/');

		if (slash == NULL && strcmp(c, name) == 0)
			return true;
		if (slash != NULL && section != NULL &&
		    strcmp(slash + 1, name) == 0 &&
		    strlen(section) == (size_t)(slash - c) &&
		    strncmp(c, section, (size_t)(slash - c)) == 0)
			return true;
	}
	return false;
}

static bool
review_is_varying(const struct review_group *g, const char *section,
		  const char *name)
{
	for (size_t i = 0; i < g->n_vary; i++)
		if (strcmp(g->vary[i].name, name) == 0 &&
		    (section == NULL || g->vary[i].section == NULL ||
		     ini_section_matches(g->vary[i].section, section)))
			return true;
	return false;
}

static struct review_optrec *
review_add_option(struct review_group *g)
{
	struct review_optrec *o;

	g->options = xreallocarray(g->options, g->n_options + 1,
				   sizeof *g->options);
	o = &g->options[g->n_options++];
	memset(o, 0, sizeof *o);
	return o;
}

static char *
review_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The option's public view points into its own strings. */
static void
review_option_publish(struct review_optrec *o)
{
	o->pub = (struct review_option){
		.section = o->section,
		.name = o->name,
		.old_section = o->old_section,
		.old_name = o->old_name,
		.mine = o->mine,
		.theirs = o->theirs,
		.pick = o->pub.pick,
		.edited = o->edited,
		.varies = o->pub.varies,
		.dropped = o->pub.dropped,
	};
}

static enum review_pick
review_default_pick(const struct review *r, const struct review_optrec *o)
{
	if (o->mine == NULL || o->pub.dropped)
		return REVIEW_PICK_THEIRS;
	if (o->carried || r->prefer != REVIEW_TAKE_NEW)
		return REVIEW_PICK_MINE;
	return REVIEW_PICK_THEIRS;
}

static void
review_add_ini_mine(const struct review *r, struct review_group *g,
		    const struct inidiff_mine *m)
{
	struct review_optrec *o = review_add_option(g);
	bool dropped = m->fate == INIDIFF_DROPPED;

	o->section = xstrdup(dropped ? m->section : m->to_section);
	o->name = xstrdup(dropped ? m->key : m->to_key);
	o->old_section = xstrdup(m->section);
	o->old_name = xstrdup(m->key);
	o->mine = xstrdup(m->values[m->n_values - 1]);
	o->theirs = review_dup(m->new_value);
	o->mine_values = xcalloc(m->n_values, sizeof *o->mine_values);
	for (size_t i = 0; i < m->n_values; i++)
		o->mine_values[i] = xstrdup(m->values[i]);
	o->n_mine_values = m->n_values;
	o->carried = review_is_carried(r, m->section, m->key) ||
		     review_is_carried(r, o->section, o->name);
	o->pub.dropped = dropped;
	o->pub.varies = review_is_varying(g, m->section, m->key);
	o->pub.pick = review_default_pick(r, o);
}

static bool
review_has_option(const struct review_group *g, const char *section,
		  const char *name)
{
	for (size_t i = 0; i < g->n_options; i++)
		if (strcmp(g->options[i].name, name) == 0 &&
		    ini_section_matches(g->options[i].section, section))
			return true;
	return false;
}

/* Options the new file sets itself and the current file does not. */
static void
review_add_ini_theirs(const struct review *r, struct review_group *g)
{
	for (size_t i = 0; i < ini_entry_count(g->new_ini); i++) {
		const struct ini_entry *e = ini_entry_at(g->new_ini, i);
		const char *section = ini_section_at(g->new_ini, e->section)->name;
		struct review_optrec *o;

		if (e->kind != INI_ENTRY_OPTION ||
		    review_has_option(g, section, e->key))
			continue;
		o = review_add_option(g);
		o->section = xstrdup(section);
		o->name = xstrdup(e->key);
		o->theirs = xstrdup(ini_get(g->new_ini, section, e->key));
		o->pub.pick = review_default_pick(r, o);
	}
}

static void
review_add_py_options(const struct review *r, struct review_group *g)
{
	for (size_t i = 0; i < pysettings_count(g->cur_py); i++) {
		const struct pysettings_assignment *a = pysettings_at(g->cur_py, i);
		const char *theirs = pysettings_get(g->new_py, a->name);
		struct review_optrec *o;

		if (pysettings_find(g->cur_py, a->name) != a ||
		    (theirs != NULL && strcmp(theirs, a->expr) == 0))
			continue;
		o = review_add_option(g);
		o->name = xstrdup(a->name);
		o->old_name = xstrdup(a->name);
		o->mine = xstrdup(a->expr);
		o->theirs = review_dup(theirs);
		o->carried = review_is_carried(r, NULL, a->name);
		o->pub.varies = review_is_varying(g, NULL, a->name);
		o->pub.pick = review_default_pick(r, o);
	}
}

static void
review_publish_options(struct review_group *g)
{
	for (size_t i = 0; i < g->n_options; i++)
		review_option_publish(&g->options[i]);
}

/* Whether "take the new file" must carry something over: then it is a
 * merge that takes everything else from the new file. */
static bool
review_carries_any(const struct review_group *g)
{
	for (size_t i = 0; i < g->n_options; i++)
		if (g->options[i].carried && g->options[i].pub.pick == REVIEW_PICK_MINE)
			return true;
	return false;
}

static int
review_parse_first(const struct review *r, struct review_group *g,
		   struct ou_error *err)
{
	const struct review_hostrec *h = &r->hosts[g->hosts[0]];

	if (review_parse_text(r, r->path, h->current, h->current_len,
			      &g->cur_ini, &g->cur_py, err) < 0 ||
	    review_parse_text(r, r->path, h->rpmnew, h->rpmnew_len,
			      &g->new_ini, &g->new_py, err) < 0)
		return -1;
	return 0;
}

static int
review_setup_group(const struct review *r, struct review_group *g,
		   struct ou_error *err)
{
	strbuf_reset(&g->proposal);
	if (review_parse_first(r, g, err) < 0)
		return -1;
	if (r->kind == REVIEW_INI) {
		g->idiff = inidiff_new(g->cur_ini, g->new_ini);
		for (size_t i = 0; i < g->idiff->n_mine; i++)
			review_add_ini_mine(r, g, &g->idiff->mine[i]);
		review_add_ini_theirs(r, g);
	} else if (r->kind == REVIEW_PYTHON) {
		review_add_py_options(r, g);
	}
	review_publish_options(g);
	if (r->prefer == REVIEW_TAKE_NEW && review_carries_any(g))
		g->decision = REVIEW_MERGE;
	return review_build_proposal(r, g, err);
}

/* ---- life cycle ---- */

static void
review_copy_hosts(struct review *r, const struct review_host *hosts, size_t n)
{
	r->hosts = xcalloc(n, sizeof *r->hosts);
	r->n_hosts = n;
	for (size_t i = 0; i < n; i++) {
		struct review_hostrec *h = &r->hosts[i];

		h->name = xstrdup(hosts[i].host);
		h->current = review_memdup(hosts[i].current, hosts[i].current_len);
		h->current_len = hosts[i].current_len;
		h->rpmnew = review_memdup(hosts[i].rpmnew, hosts[i].rpmnew_len);
		h->rpmnew_len = hosts[i].rpmnew_len;
		sha256_hex(h->current, h->current_len, h->current_sha);
		sha256_hex(h->rpmnew, h->rpmnew_len, h->rpmnew_sha);
	}
}

static void
review_copy_options(struct review *r, const struct review_options *opts)
{
	r->prefer = opts != NULL ? opts->prefer : REVIEW_MERGE;
	r->max_varying = opts != NULL && opts->max_varying != 0
				 ? opts->max_varying
				 : REVIEW_DEFAULT_MAX_VARYING;
	if (opts == NULL || opts->n_carry == 0)
		return;
	r->carry = xcalloc(opts->n_carry, sizeof *r->carry);
	r->n_carry = opts->n_carry;
	for (size_t i = 0; i < opts->n_carry; i++)
		r->carry[i] = xstrdup(opts->carry[i]);
}

int
review_new(const char *path, const struct review_host *hosts, size_t n_hosts,
	   const struct review_options *opts, struct review **out,
	   struct ou_error *err)
{
	struct review *r;
	struct review_parsed parsed;

	*out = NULL;
	if (n_hosts == 0)
		return ou_error_set(err, "%s: no host to review", path);
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->kind = review_kind_of_path(path);
	review_copy_options(r, opts);
	review_copy_hosts(r, hosts, n_hosts);
	review_parse_all(r, &parsed);
	review_group_hosts(r, &parsed);
	review_parsed_free(&parsed, r->n_hosts);
	for (size_t g = 0; g < r->n_groups; g++) {
		if (review_setup_group(r, &r->groups[g], err) < 0) {
			review_free(r);
			return -1;
		}
	}
	*out = r;
	return 0;
}

static void
review_option_free(struct review_optrec *o)
{
	free(o->section);
	free(o->name);
	free(o->old_section);
	free(o->old_name);
	free(o->mine);
	free(o->theirs);
	free(o->edited);
	for (size_t i = 0; i < o->n_mine_values; i++)
		free(o->mine_values[i]);
	free(o->mine_values);
}

static void
review_group_free(struct review_group *g)
{
	review_drop_proposal(g);
	strbuf_release(&g->proposal);
	for (size_t i = 0; i < g->n_vary; i++) {
		free(g->vary[i].section);
		free(g->vary[i].name);
		for (size_t j = 0; j < g->n_hosts; j++)
			free(g->vary[i].values[j]);
		free(g->vary[i].values);
	}
	free(g->vary);
	for (size_t i = 0; i < g->n_options; i++)
		review_option_free(&g->options[i]);
	free(g->options);
	inidiff_free(g->idiff);
	ini_free(g->cur_ini);
	ini_free(g->new_ini);
	pysettings_free(g->cur_py);
	pysettings_free(g->new_py);
	free(g->edited);
	free(g->hosts);
}

void
review_free(struct review *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_groups; i++)
		review_group_free(&r->groups[i]);
	free(r->groups);
	for (size_t i = 0; i < r->n_hosts; i++) {
		free(r->hosts[i].name);
		free(r->hosts[i].current);
		free(r->hosts[i].rpmnew);
	}
	free(r->hosts);
	for (size_t i = 0; i < r->n_carry; i++)
		free(r->carry[i]);
	free(r->carry);
	for (size_t i = 0; i < r->n_notes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->path);
	free(r);
}

/* ---- accessors ---- */

const char *
review_path(const struct review *r)
{
	return r->path;
}

enum review_kind
review_kind(const struct review *r)
{
	return r->kind;
}

size_t
review_note_count(const struct review *r)
{
	return r->n_notes;
}

const char *
review_note(const struct review *r, size_t i)
{
	return i < r->n_notes ? r->notes[i] : NULL;
}

size_t
review_host_count(const struct review *r)
{
	return r->n_hosts;
}

const char *
review_host_name(const struct review *r, size_t host)
{
	return host < r->n_hosts ? r->hosts[host].name : NULL;
}

size_t
review_host_group(const struct review *r, size_t host)
{
	return r->hosts[host].group;
}

size_t
review_group_count(const struct review *r)
{
	return r->n_groups;
}

size_t
review_group_host_count(const struct review *r, size_t group)
{
	return r->groups[group].n_hosts;
}

size_t
review_group_host(const struct review *r, size_t group, size_t i)
{
	return r->groups[group].hosts[i];
}

enum review_decision
review_group_decision(const struct review *r, size_t group)
{
	return r->groups[group].decision;
}

size_t
review_option_count(const struct review *r, size_t group)
{
	return r->groups[group].n_options;
}

const struct review_option *
review_option_at(const struct review *r, size_t group, size_t i)
{
	const struct review_group *g = &r->groups[group];

	return i < g->n_options ? &g->options[i].pub : NULL;
}

bool
review_option_is_secret(const struct review_option *o)
{
	return secret_is_name(o->name) ||
	       (o->old_name != NULL && secret_is_name(o->old_name));
}

size_t
review_hunk_count(const struct review *r, size_t group)
{
	return r->groups[group].hunks->n_hunks;
}

enum review_pick
review_hunk_pick(const struct review *r, size_t group, size_t i)
{
	const struct review_group *g = &r->groups[group];

	return i < g->hunks->n_hunks ? g->picks[i].pick : REVIEW_PICK_THEIRS;
}

struct review_hunk_range
review_hunk_range(const struct review *r, size_t group, size_t i)
{
	const struct review_group *g = &r->groups[group];
	const struct diff_hunk *h;

	if (i >= g->hunks->n_hunks)
		return (struct review_hunk_range){ 0 };
	h = &g->hunks->hunks[i];
	return (struct review_hunk_range){
		.a = h->a, .a_len = h->a_len, .b = h->b, .b_len = h->b_len,
	};
}

static void
review_add_lines(struct strbuf *out, const struct diff_line *lines,
		 size_t first, size_t n)
{
	for (size_t l = first; l < first + n; l++)
		strbuf_add(out, lines[l].text, lines[l].len);
}

void
review_hunk_text(const struct review *r, size_t group, size_t i,
		 enum review_pick side, struct strbuf *out)
{
	const struct review_group *g = &r->groups[group];
	const struct diff_hunk *h;

	if (i >= g->hunks->n_hunks)
		return;
	h = &g->hunks->hunks[i];
	if (side == REVIEW_PICK_MINE)
		review_add_lines(out, g->hunks->a_lines, h->a, h->a_len);
	else if (side == REVIEW_PICK_THEIRS)
		review_add_lines(out, g->hunks->b_lines, h->b, h->b_len);
	else if (g->picks[i].pick == REVIEW_PICK_EDIT)
		strbuf_add(out, g->picks[i].text, g->picks[i].len);
}

const char *
review_host_current(const struct review *r, size_t host, size_t *len)
{
	*len = r->hosts[host].current_len;
	return r->hosts[host].current;
}

const char *
review_host_rpmnew(const struct review *r, size_t host, size_t *len)
{
	*len = r->hosts[host].rpmnew_len;
	return r->hosts[host].rpmnew;
}

bool
review_hunk_is_comment_only(const struct review *r, size_t group, size_t i)
{
	const struct review_group *g = &r->groups[group];

	if (r->kind != REVIEW_INI || g->proposal_ini == NULL)
		return false;
	return inidiff_hunk_is_comment_only(g->cur_ini, g->proposal_ini,
					    g->hunks, i);
}

/* ---- decisions ---- */

int
review_decide(struct review *r, size_t group, enum review_decision decision)
{
	r->groups[group].decision = decision;
	return 0;
}

static void
review_drop_edit(struct review_group *g)
{
	free(g->edited);
	g->edited = NULL;
	g->edited_len = 0;
	g->has_edited = false;
	g->edited_by = REVIEW_TEXT_NONE;
}

int
review_pick_option(struct review *r, size_t group, size_t i,
		   enum review_pick pick, const char *edited,
		   struct ou_error *err)
{
	struct review_group *g = &r->groups[group];
	struct review_optrec *o;
	enum review_pick old_pick;
	char *old_edited;

	if (i >= g->n_options)
		return ou_error_set(err, "%s: no option %zu", r->path, i);
	o = &g->options[i];
	if (pick == REVIEW_PICK_EDIT && edited == NULL)
		return ou_error_set(err, "%s: no value given for %s", r->path,
				    o->name);
	old_pick = o->pub.pick;
	old_edited = o->edited;
	o->pub.pick = pick;
	o->edited = pick == REVIEW_PICK_EDIT ? xstrdup(edited) : NULL;
	review_option_publish(o);
	if (review_build_proposal(r, g, err) < 0) {
		free(o->edited);
		o->pub.pick = old_pick;
		o->edited = old_edited;
		review_option_publish(o);
		review_build_proposal(r, g, NULL);
		return -1;
	}
	free(old_edited);
	review_drop_edit(g);
	return 0;
}

int
review_pick_hunk(struct review *r, size_t group, size_t i,
		 enum review_pick pick, const char *text, size_t len,
		 struct ou_error *err)
{
	struct review_group *g = &r->groups[group];
	struct review_hunkpick *p;

	if (i >= g->hunks->n_hunks)
		return ou_error_set(err, "%s: no hunk %zu", r->path, i);
	if (pick == REVIEW_PICK_EDIT && text == NULL)
		return ou_error_set(err, "%s: no text given for hunk %zu",
				    r->path, i + 1);
	p = &g->picks[i];
	free(p->text);
	p->text = pick == REVIEW_PICK_EDIT ? review_memdup(text, len) : NULL;
	p->len = pick == REVIEW_PICK_EDIT ? len : 0;
	p->pick = pick;
	review_drop_edit(g);
	return 0;
}

int
review_set_text(struct review *r, size_t group, const char *text, size_t len,
		struct ou_error *err)
{
	return review_set_text_from(r, group, text, len, REVIEW_TEXT_EDITOR,
				    err);
}

int
review_set_text_from(struct review *r, size_t group, const char *text,
		     size_t len, enum review_text_source source,
		     struct ou_error *err)
{
	struct review_group *g = &r->groups[group];
	struct ini *ini = NULL;
	struct pysettings *py = NULL;
	char *label = xasprintf("%s (edited)", r->path);
	int rc = review_parse_text(r, label, text, len, &ini, &py, err);

	free(label);
	ini_free(ini);
	pysettings_free(py);
	if (rc < 0)
		return -1;
	review_drop_edit(g);
	g->edited = review_memdup(text, len);
	g->edited_len = len;
	g->has_edited = true;
	g->edited_by = source;
	return 0;
}

enum review_text_source
review_text_source(const struct review *r, size_t group)
{
	const struct review_group *g = &r->groups[group];

	return g->has_edited ? g->edited_by : REVIEW_TEXT_NONE;
}
