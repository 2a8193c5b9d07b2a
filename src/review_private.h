/* review_private.h: the review's internals, shared by src/review.c (the
 * model, grouping, decisions), src/review_merge.c (proposals and
 * results), src/review_show.c (display text) and src/review_plan.c (the
 * apply plan). */
#ifndef OU_REVIEW_PRIVATE_H
#define OU_REVIEW_PRIVATE_H

#include "diff.h"
#include "ini.h"
#include "inidiff.h"
#include "pysettings.h"
#include "review.h"

struct review_hostrec {
	char *name;
	char *current;
	size_t current_len;
	char *rpmnew;
	size_t rpmnew_len;
	char current_sha[65];
	char rpmnew_sha[65];
	size_t group;
};

/* An option whose value differs between the hosts of a group. */
struct review_varying {
	char *section;		/* NULL for Python */
	char *name;
	char **values;		/* per host of the group, in group order */
};

struct review_optrec {
	struct review_option pub;	/* the strings below own its text */
	char *section, *name, *old_section, *old_name;
	char *mine, *theirs, *edited;
	char **mine_values;	/* every value of a multi-valued option */
	size_t n_mine_values;
	bool carried;		/* on the carry list */
};

struct review_hunkpick {
	enum review_pick pick;
	char *text;
	size_t len;
};

struct review_group {
	size_t *hosts;
	size_t n_hosts;
	struct review_varying *vary;
	size_t n_vary;
	enum review_decision decision;
	struct review_optrec *options;
	size_t n_options;
	/* the first host's files, parsed (by kind) */
	struct ini *cur_ini, *new_ini;
	struct inidiff *idiff;
	struct pysettings *cur_py, *new_py;
	/* the proposal: the new file with the option picks applied */
	struct strbuf proposal;
	struct ini *proposal_ini;
	struct pysettings *proposal_py;
	struct diff *hunks;	/* first host's current -> proposal */
	struct review_hunkpick *picks;
	bool has_edited;
	enum review_text_source edited_by;
	char *edited;
	size_t edited_len;
};

struct review {
	char *path;
	enum review_kind kind;
	enum review_decision prefer;
	char **carry;
	size_t n_carry;
	unsigned max_varying;
	struct review_hostrec *hosts;
	size_t n_hosts;
	struct review_group *groups;
	size_t n_groups;
	char **notes;
	size_t n_notes;
};

/* review_merge.c */
int review_build_proposal(const struct review *r, struct review_group *g,
			  struct ou_error *err);
void review_drop_proposal(struct review_group *g);
/* The result of the group's first host. */
void review_first_result(const struct review *r, const struct review_group *g,
			 struct strbuf *out);
int review_host_result(const struct review *r, size_t host,
		       struct strbuf *out, struct ou_error *err);

/* review_show.c: display text with secrets masked; a and b are the sides'
 * parsed files when there are (ini or pysettings by kind), else NULL. */
struct review_mask {
	enum review_kind kind;
	const struct ini *a_ini, *b_ini;
	const struct pysettings *a_py, *b_py;
};
void review_mask_line(void *ctx, enum diff_side side, size_t line,
		      const char *text, size_t len, struct strbuf *out);
void review_add_masked_value(struct strbuf *out, const char *name,
			     const char *value);

#endif
