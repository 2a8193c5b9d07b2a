/* review_merge: a group's proposal (the new file with the option picks
 * applied), its hunks against the first host's current file, and each
 * host's result.
 *
 * Decisions are made once, on the group's first host; another host's
 * result is the first host's result with that host's own varying values
 * put back wherever the first host's values stand.  So a merge decided
 * for forty computes still leaves each with its own my_ip. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "review_private.h"
#include "xalloc.h"

void
review_drop_proposal(struct review_group *g)
{
	if (g->picks != NULL && g->hunks != NULL)
		for (size_t i = 0; i < g->hunks->n_hunks; i++)
			free(g->picks[i].text);
	free(g->picks);
	g->picks = NULL;
	diff_free(g->hunks);
	g->hunks = NULL;
	ini_free(g->proposal_ini);
	g->proposal_ini = NULL;
	pysettings_free(g->proposal_py);
	g->proposal_py = NULL;
	strbuf_reset(&g->proposal);
}

static int
review_apply_ini_option(struct ini *m, const struct review_optrec *o,
			struct ou_error *err)
{
	switch (o->pub.pick) {
	case REVIEW_PICK_THEIRS:
		return 0;
	case REVIEW_PICK_MINE:
		if (o->mine == NULL) {
			ini_comment_out(m, o->section, o->name);
			return 0;
		}
		return ini_set_values(m, o->section, o->name,
				      (const char *const *)o->mine_values,
				      o->n_mine_values, err);
	case REVIEW_PICK_EDIT:
		return ini_set(m, o->section, o->name, o->edited, err);
	}
	return 0;
}

static int
review_apply_py_option(struct pysettings *m, const struct review_optrec *o,
		       struct ou_error *err)
{
	switch (o->pub.pick) {
	case REVIEW_PICK_THEIRS:
		return 0;
	case REVIEW_PICK_MINE:
		return pysettings_set(m, o->name, o->mine, err);
	case REVIEW_PICK_EDIT:
		return pysettings_set(m, o->name, o->edited, err);
	}
	return 0;
}

static int
review_propose_ini(const struct review *r, struct review_group *g,
		   const struct review_hostrec *h, struct ou_error *err)
{
	struct ini *m;

	if (ini_parse(r->path, h->rpmnew, h->rpmnew_len, &m, err) < 0)
		return -1;
	for (size_t i = 0; i < g->n_options; i++) {
		if (review_apply_ini_option(m, &g->options[i], err) < 0) {
			ini_free(m);
			return ou_error_prefix(err, "%s", r->path);
		}
	}
	ini_write(m, &g->proposal);
	g->proposal_ini = m;
	return 0;
}

static int
review_propose_py(const struct review *r, struct review_group *g,
		  const struct review_hostrec *h, struct ou_error *err)
{
	struct pysettings *m;

	if (pysettings_parse(r->path, h->rpmnew, h->rpmnew_len, &m, err) < 0)
		return -1;
	for (size_t i = 0; i < g->n_options; i++) {
		if (review_apply_py_option(m, &g->options[i], err) < 0) {
			pysettings_free(m);
			return -1;
		}
	}
	pysettings_write(m, &g->proposal);
	g->proposal_py = m;
	return 0;
}

int
review_build_proposal(const struct review *r, struct review_group *g,
		      struct ou_error *err)
{
	const struct review_hostrec *h = &r->hosts[g->hosts[0]];
	int rc = 0;

	review_drop_proposal(g);
	if (r->kind == REVIEW_INI)
		rc = review_propose_ini(r, g, h, err);
	else if (r->kind == REVIEW_PYTHON)
		rc = review_propose_py(r, g, h, err);
	else
		strbuf_add(&g->proposal, h->rpmnew, h->rpmnew_len);
	if (rc < 0)
		return -1;
	g->hunks = diff_new(h->current, h->current_len, strbuf_str(&g->proposal),
			    g->proposal.len, DIFF_BEST, 3);
	g->picks = xcalloc(g->hunks->n_hunks + 1, sizeof *g->picks);
	for (size_t i = 0; i < g->hunks->n_hunks; i++)
		g->picks[i].pick = REVIEW_PICK_THEIRS;
	return 0;
}

static void
review_merge_hunks(const struct review_group *g, struct strbuf *out)
{
	size_t n = g->hunks->n_hunks;
	struct diff_choice *choices = xcalloc(n + 1, sizeof *choices);

	for (size_t i = 0; i < n; i++) {
		const struct review_hunkpick *p = &g->picks[i];

		choices[i] = (struct diff_choice){
			.take = p->pick == REVIEW_PICK_MINE ? DIFF_TAKE_A
				: p->pick == REVIEW_PICK_EDIT ? DIFF_TAKE_TEXT
							      : DIFF_TAKE_B,
			.text = p->text,
			.len = p->len,
		};
	}
	diff_merge(g->hunks, choices, out);
	free(choices);
}

void
review_first_result(const struct review *r, const struct review_group *g,
		    struct strbuf *out)
{
	const struct review_hostrec *h = &r->hosts[g->hosts[0]];

	switch (g->decision) {
	case REVIEW_KEEP_MINE:
		strbuf_add(out, h->current, h->current_len);
		break;
	case REVIEW_TAKE_NEW:
		strbuf_add(out, h->rpmnew, h->rpmnew_len);
		break;
	case REVIEW_MERGE:
		if (g->has_edited)
			strbuf_add(out, g->edited, g->edited_len);
		else
			review_merge_hunks(g, out);
		break;
	}
}

/* Where the group's result holds a varying option: the place the merge
 * carried it to, else where the current file has it. */
static const struct review_optrec *
review_varying_option(const struct review_group *g,
		      const struct review_varying *v)
{
	for (size_t i = 0; i < g->n_options; i++) {
		const struct review_optrec *o = &g->options[i];

		if (o->old_name != NULL && strcmp(o->old_name, v->name) == 0 &&
		    (v->section == NULL ||
		     ini_section_matches(o->old_section, v->section)))
			return o;
	}
	return NULL;
}

static int
review_swap_ini(struct ini *res, const char *section, const char *key,
		const char *first, const char *own, struct ou_error *err)
{
	const char *now = ini_get(res, section, key);

	if (now == NULL || strcmp(now, first) != 0)
		return 0;
	return ini_set(res, section, key, own, err);
}

static int
review_carry_ini(const struct review *r, const struct review_group *g,
		 size_t idx, const char *text, size_t len, struct strbuf *out,
		 struct ou_error *err)
{
	struct ini *res;
	int rc = 0;

	if (ini_parse(r->path, text, len, &res, err) < 0)
		return -1;
	for (size_t v = 0; v < g->n_vary && rc == 0; v++) {
		const struct review_varying *vary = &g->vary[v];
		const struct review_optrec *o = review_varying_option(g, vary);

		if (o != NULL && (strcmp(o->name, vary->name) != 0 ||
				  !ini_section_matches(o->section, vary->section)))
			rc = review_swap_ini(res, o->section, o->name,
					     vary->values[0], vary->values[idx],
					     err);
		if (rc == 0)
			rc = review_swap_ini(res, vary->section, vary->name,
					     vary->values[0], vary->values[idx],
					     err);
	}
	if (rc == 0)
		ini_write(res, out);
	ini_free(res);
	return rc;
}

static int
review_carry_py(const struct review *r, const struct review_group *g,
		size_t idx, const char *text, size_t len, struct strbuf *out,
		struct ou_error *err)
{
	struct pysettings *res;
	int rc = 0;

	if (pysettings_parse(r->path, text, len, &res, err) < 0)
		return -1;
	for (size_t v = 0; v < g->n_vary && rc == 0; v++) {
		const struct review_varying *vary = &g->vary[v];
		const char *now = pysettings_get(res, vary->name);

		if (now != NULL && strcmp(now, vary->values[0]) == 0)
			rc = pysettings_set(res, vary->name, vary->values[idx],
					    err);
	}
	if (rc == 0)
		pysettings_write(res, out);
	pysettings_free(res);
	return rc;
}

static size_t
review_index_in_group(const struct review_group *g, size_t host)
{
	size_t i = 0;

	while (g->hosts[i] != host)
		i++;
	return i;
}

int
review_host_result(const struct review *r, size_t host, struct strbuf *out,
		   struct ou_error *err)
{
	const struct review_hostrec *h = &r->hosts[host];
	const struct review_group *g = &r->groups[h->group];
	size_t idx = review_index_in_group(g, host);
	struct strbuf first = STRBUF_INIT;
	int rc = 0;

	if (idx == 0 || g->decision == REVIEW_MERGE)
		review_first_result(r, g, &first);
	if (idx == 0)
		strbuf_add(out, strbuf_str(&first), first.len);
	else if (g->decision == REVIEW_KEEP_MINE)
		strbuf_add(out, h->current, h->current_len);
	else if (g->decision == REVIEW_TAKE_NEW)
		strbuf_add(out, h->rpmnew, h->rpmnew_len);
	else if (r->kind == REVIEW_INI)
		rc = review_carry_ini(r, g, idx, strbuf_str(&first), first.len,
				      out, err);
	else if (r->kind == REVIEW_PYTHON)
		rc = review_carry_py(r, g, idx, strbuf_str(&first), first.len,
				     out, err);
	else
		strbuf_add(out, strbuf_str(&first), first.len);
	strbuf_release(&first);
	if (rc < 0)
		return ou_error_prefix(err, "%s on %s: cannot keep the host's own values",
				       r->path, h->name);
	return 0;
}

int
review_result(const struct review *r, size_t host, struct strbuf *out,
	      struct ou_error *err)
{
	if (host >= r->n_hosts)
		return ou_error_set(err, "%s: no host %zu", r->path, host);
	return review_host_result(r, host, out, err);
}
