/* engine_review: a review-rpmnew step past its listing (see the REVIEW
 * part of include/engine.h).
 *
 * On each host the cell's program runs, after the read-only listing of
 * the .rpmnew files, one "review-fetch" per file (the file and its
 * .rpmnew read over sftp; the journal gets their SHA-256s only, since
 * the bytes hold passwords) and then waits.  Once no host of the unit
 * runs anything, the unit's reviews are made, one per path over the
 * hosts that have it, and the prompt is REVIEW.  The operator decides
 * through review.h and confirms the plan's text by its digest; then each
 * host's program goes on with, per file:
 *
 *   review-stage  the result, written with sftp to a private staging
 *                 directory (only when the file changes);
 *   review-apply  one shell script, idempotent: it checks that the file
 *                 and its .rpmnew still hash to what was reviewed (or
 *                 that the result is already in place), backs both up,
 *                 puts the staged copy in place (temp file beside the
 *                 file, owner, mode and context copied, synced, renamed
 *                 over it), then removes the .rpmnew and the staged copy.
 *
 * Both are changing actions, so a crash in either leaves the cell
 * unknown, and the probe (no .rpmnew left, engine_probe_for) tells
 * whether the step took effect.  Whenever the program dies in the
 * script, the host holds the old file or the new one, and a backup
 * exists before the rename can happen. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "review.h"
#include "secret.h"
#include "sha256.h"
#include "shellquote.h"
#include "xalloc.h"

#define STAGED_ROOT "/var/lib/openstack-upgrade/staged"
#define RPMNEW_SUFFIX ".rpmnew"

static const int ok_zero[] = { 0 };

/* ---- fetching --------------------------------------------------------- */

void
engine_fetched_free(struct engine_cell *cell)
{
	for (size_t i = 0; i < cell->n_fetched; i++) {
		struct engine_fetched *f = &cell->fetched[i];

		/* Configuration files hold passwords. */
		explicit_bzero(f->current, f->current_len);
		explicit_bzero(f->rpmnew, f->rpmnew_len);
		free(f->path);
		free(f->current);
		free(f->rpmnew);
	}
	free(cell->fetched);
	cell->fetched = NULL;
	cell->n_fetched = 0;
}

static bool
listed_already(struct engine_op **ops, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ops[i]->path, path) == 0)
			return true;
	return false;
}

static struct engine_op *
fetch_op(const struct engine *e, const char *path)
{
	struct engine_op *op = xcalloc(1, sizeof *op);

	op->kind = ENGINE_OP_REVIEW_FETCH;
	op->role = ENGINE_ROLE_ACTION;
	op->what = "review-fetch";
	op->read_only = engine_what_read_only(op->what);
	op->path = xstrdup(path);
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	op->text = xasprintf("sftp: read %s and %s" RPMNEW_SUFFIX " for the "
			     "review (at most 4 MiB each)", path, path);
	op->timeout_ms = 1000u * e->opt.check_timeout_s;
	return op;
}

/* The listing names "<path>.rpmnew", one a line; each path once. */
void
engine_review_listed(struct engine *e, size_t step, size_t host,
		     const struct strbuf *listing)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);
	struct engine_op **ops = NULL;
	size_t n = 0;
	const char *line = listing->buf;
	const char *end = listing->buf + listing->len;
	size_t suffix = strlen(RPMNEW_SUFFIX);

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl != NULL ? (size_t)(nl - line)
					: (size_t)(end - line);
		char *path;

		if (len > suffix && line[0] == '/' &&
		    memcmp(line + len - suffix, RPMNEW_SUFFIX, suffix) == 0) {
			path = xstrndup(line, len - suffix);
			if (!listed_already(ops, n, path)) {
				ops = xreallocarray(ops, n + 1, sizeof *ops);
				ops[n++] = fetch_op(e, path);
			}
			free(path);
		}
		line += len + 1;
	}
	if (n > 0)
		engine_program_insert(cell, ops, n);
	free(ops);
}

bool
engine_review_fetched(struct engine *e, size_t step, size_t host,
		      const struct engine_op *op, struct engine_msg *msg)
{
	struct engine_cell *cell = engine_cell_at(e, step, host);
	struct engine_fetched *f;

	cell->fetched = xreallocarray(cell->fetched, cell->n_fetched + 1,
				      sizeof *cell->fetched);
	f = &cell->fetched[cell->n_fetched++];
	f->path = xstrdup(op->path);
	f->current = msg->file_data[0];
	f->current_len = msg->file_len[0];
	f->rpmnew = msg->file_data[1];
	f->rpmnew_len = msg->file_len[1];
	msg->file_data[0] = msg->file_data[1] = NULL;
	if (cell->pc < cell->n_prog &&
	    cell->prog[cell->pc]->kind == ENGINE_OP_REVIEW_FETCH)
		return false;
	cell->awaiting_review = true;
	return true;
}

/* ---- the reviews --------------------------------------------------------- */

void
engine_review_forget(struct engine_unit *u)
{
	for (size_t i = 0; i < u->n_reviews; i++)
		review_free(u->reviews[i]);
	free(u->reviews);
	free(u->review_hosts);
	u->reviews = NULL;
	u->n_reviews = 0;
	u->review_hosts = NULL;
	u->n_review_hosts = 0;
}

/* The unit's hosts awaiting a review, in unit order. */
static size_t *
review_waiting_hosts(const struct engine *e, size_t *n)
{
	size_t *hosts = xcalloc(e->cur.n_hosts + 1, sizeof *hosts);

	*n = 0;
	for (size_t i = 0; i < e->cur.n_hosts; i++)
		if (engine_cell_at(e, e->cur.step,
				   e->cur.hosts[i])->awaiting_review)
			hosts[(*n)++] = e->cur.hosts[i];
	return hosts;
}

static const struct engine_fetched *
cell_file(const struct engine_cell *cell, const char *path)
{
	for (size_t i = 0; i < cell->n_fetched; i++)
		if (strcmp(cell->fetched[i].path, path) == 0)
			return &cell->fetched[i];
	return NULL;
}

/* Every path fetched, each once, in the order the hosts met them. */
static const char **
review_paths(const struct engine *e, const size_t *hosts, size_t n_hosts,
	     size_t *n)
{
	const char **paths = NULL;

	*n = 0;
	for (size_t i = 0; i < n_hosts; i++) {
		const struct engine_cell *c = engine_cell_at(e, e->cur.step,
							     hosts[i]);

		for (size_t f = 0; f < c->n_fetched; f++) {
			size_t k = 0;

			while (k < *n && strcmp(paths[k], c->fetched[f].path))
				k++;
			if (k < *n)
				continue;
			paths = xreallocarray(paths, *n + 1, sizeof *paths);
			paths[(*n)++] = c->fetched[f].path;
		}
	}
	return paths;
}

static enum review_decision
review_prefer(enum rb_prefer prefer)
{
	switch (prefer) {
	case RB_PREFER_NEW:
		return REVIEW_TAKE_NEW;
	case RB_PREFER_MINE:
		return REVIEW_KEEP_MINE;
	case RB_PREFER_MERGE:
		break;
	}
	return REVIEW_MERGE;
}

static int
review_make(struct engine *e, const char *path, const size_t *hosts,
	    size_t n_hosts, struct review **out, struct ou_error *err)
{
	const struct rb_action *act = &e->steps[e->cur.step]->action;
	struct review_host *in = xcalloc(n_hosts + 1, sizeof *in);
	struct review_options opts = {
		.prefer = review_prefer(act->prefer),
		.carry = (const char *const *)act->carry,
		.n_carry = act->n_carry,
	};
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < n_hosts; i++) {
		const struct engine_fetched *f =
			cell_file(engine_cell_at(e, e->cur.step, hosts[i]),
				  path);

		if (f == NULL)
			continue;
		in[n++] = (struct review_host){
			.host = engine_host_name(e, hosts[i]),
			.current = f->current,
			.current_len = f->current_len,
			.rpmnew = f->rpmnew,
			.rpmnew_len = f->rpmnew_len,
		};
	}
	rc = review_new(path, in, n, &opts, out, err);
	free(in);
	return rc;
}

/* The hosts that have path fail: nothing can be decided for it. */
static void
review_fail_path(struct engine *e, const size_t *hosts, size_t n,
		 const char *path, const char *why)
{
	for (size_t i = 0; i < n; i++) {
		struct engine_cell *c = engine_cell_at(e, e->cur.step, hosts[i]);

		if (cell_file(c, path) == NULL)
			continue;
		engine_run_fail_cell(e, e->cur.step, hosts[i],
				     xasprintf("cannot review %s: %s", path,
					       why));
	}
}

static bool
review_same_hosts(const struct engine_unit *u, const size_t *hosts, size_t n)
{
	return u->reviews != NULL && u->n_review_hosts == n &&
	       memcmp(u->review_hosts, hosts, n * sizeof *hosts) == 0;
}

bool
engine_review_prepare(struct engine *e)
{
	struct engine_unit *u = &e->cur;
	struct ou_error err;
	const char **paths;
	size_t n_hosts, n_paths;
	size_t *hosts = review_waiting_hosts(e, &n_hosts);
	bool ok = true;

	/* Decisions made so far stay while the hosts stay the same. */
	if (review_same_hosts(u, hosts, n_hosts)) {
		free(hosts);
		return true;
	}
	engine_review_forget(u);
	paths = review_paths(e, hosts, n_hosts, &n_paths);
	u->reviews = xcalloc(n_paths + 1, sizeof *u->reviews);
	for (size_t i = 0; ok && i < n_paths; i++) {
		if (review_make(e, paths[i], hosts, n_hosts, &u->reviews[i],
				&err) == 0) {
			u->n_reviews++;
			continue;
		}
		review_fail_path(e, hosts, n_hosts, paths[i], err.msg);
		ok = false;
	}
	free(paths);
	if (!ok) {
		engine_review_forget(u);
		free(hosts);
		return false;
	}
	u->review_hosts = hosts;
	u->n_review_hosts = n_hosts;
	return true;
}

size_t
engine_review_count(const struct engine *e)
{
	return e->prompt.kind == ENGINE_PROMPT_REVIEW ? e->cur.n_reviews : 0;
}

struct review *
engine_review_at(struct engine *e, size_t i)
{
	if (e->prompt.kind != ENGINE_PROMPT_REVIEW || i >= e->cur.n_reviews)
		return NULL;
	return e->cur.reviews[i];
}

/* ---- what the operator reads --------------------------------------------- */

static const char *const kind_words[] = {
	[REVIEW_INI] = "INI",
	[REVIEW_PYTHON] = "Python settings",
	[REVIEW_TEXT] = "text",
};

static const char *const decision_words[] = {
	[REVIEW_MERGE] = "merge",
	[REVIEW_TAKE_NEW] = "take the new file",
	[REVIEW_KEEP_MINE] = "keep mine",
};

static const char *const pick_words[] = {
	[REVIEW_PICK_MINE] = "mine",
	[REVIEW_PICK_THEIRS] = "theirs",
	[REVIEW_PICK_EDIT] = "edited",
};

static void
present_indented(struct strbuf *out, const char *indent, const char *text,
		 size_t len)
{
	const char *line = text;
	const char *end = text + len;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl != NULL ? (size_t)(nl - line)
				      : (size_t)(end - line);

		strbuf_addf(out, "%s%.*s\n", indent, (int)n, line);
		line += n + 1;
	}
}

void
engine_present_review(struct engine *e, struct strbuf *out)
{
	const struct engine_unit *u = &e->cur;

	strbuf_addf(out, "Step %s: the package upgrade left new "
		    "configuration files (.rpmnew) to review:\n",
		    e->steps[u->step]->id);
	for (size_t i = 0; i < u->n_reviews; i++) {
		const struct review *r = u->reviews[i];
		size_t groups = review_group_count(r);

		strbuf_addf(out, "  %s (%s): %zu host%s, %zu group%s\n",
			    review_path(r), kind_words[review_kind(r)],
			    review_host_count(r),
			    review_host_count(r) == 1 ? "" : "s", groups,
			    groups == 1 ? "" : "s");
		for (size_t k = 0; k < review_note_count(r); k++)
			strbuf_addf(out, "    note: %s\n", review_note(r, k));
	}
	strbuf_adds(out, "Decide each file and group (keep mine, take the new "
		    "file, or merge, per option or hunk), then confirm the "
		    "plan: on each host the file and its .rpmnew are backed "
		    "up under /var/lib/openstack-upgrade/backups, the result "
		    "is put in place atomically (owner, mode and SELinux "
		    "context kept) and the .rpmnew is removed. Or skip the "
		    "step with a reason, or quit and resume later.\n");
}

/* ---- the plan -------------------------------------------------------------- */

static int
review_plans(struct engine *e, struct review_plan ***out,
	     struct ou_error *err)
{
	struct engine_unit *u = &e->cur;
	struct review_plan **plans = xcalloc(u->n_reviews + 1, sizeof *plans);

	for (size_t i = 0; i < u->n_reviews; i++) {
		if (review_apply_plan(u->reviews[i], e->steps[u->step]->id,
				      u->when, &plans[i], err) == 0)
			continue;
		while (i-- > 0)
			review_plan_free(plans[i]);
		free(plans);
		return -1;
	}
	*out = plans;
	return 0;
}

static void
review_plans_free(struct review_plan **plans, size_t n)
{
	for (size_t i = 0; plans != NULL && i < n; i++)
		review_plan_free(plans[i]);
	free(plans);
}

static void
result_sha256(const struct review_write *w, char hex[65])
{
	if (w->write)
		sha256_hex(w->data, w->len, hex);
	else
		memcpy(hex, w->current_sha256, 65);
}

static void
text_write(struct strbuf *out, const struct review_write *w)
{
	char hex[65];

	result_sha256(w, hex);
	strbuf_addf(out, "    %s: back up %s to %s and its .rpmnew to %s; ",
		    w->host, w->path, w->backup_path, w->rpmnew_backup_path);
	if (w->write)
		strbuf_addf(out, "write the result (%zu bytes, sha256 %.16s); ",
			    w->len, hex);
	else
		strbuf_adds(out, "leave the file as it is; ");
	strbuf_addf(out, "remove %s\n", w->rpmnew_path);
}

static int
text_group(const struct review *r, const struct review_plan *plan,
	   size_t group, struct strbuf *out, struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t first = review_group_host(r, group, 0);

	const char *nl;

	review_write_group(r, group, &sb);
	nl = memchr(strbuf_str(&sb), '\n', sb.len);
	/* The hosts on the heading, their differing values below it. */
	strbuf_addf(out, "  Group %zu: %.*s\n", group + 1,
		    (int)(nl != NULL ? (size_t)(nl - sb.buf) : sb.len),
		    strbuf_str(&sb));
	if (nl != NULL)
		present_indented(out, "  ", nl + 1,
				 sb.len - (size_t)(nl + 1 - sb.buf));
	strbuf_addf(out, "    Decision: %s\n",
		    decision_words[review_group_decision(r, group)]);
	for (size_t h = 0; h < plan->n_writes; h++)
		if (review_host_group(r, h) == group)
			text_write(out, &plan->writes[h]);
	strbuf_reset(&sb);
	if (review_write_proposal(r, group, &sb, err) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	if (sb.len == 0) {
		strbuf_addf(out, "    %s stays as it is on %s.\n",
			    review_path(r), review_host_name(r, first));
	} else {
		strbuf_addf(out, "    The change to %s on %s:\n",
			    review_path(r), review_host_name(r, first));
		present_indented(out, "      ", sb.buf, sb.len);
	}
	strbuf_release(&sb);
	return 0;
}

static int
text_review(const struct review *r, const struct review_plan *plan,
	    struct strbuf *out, struct ou_error *err)
{
	strbuf_addf(out, "File %s (%s):\n", review_path(r),
		    kind_words[review_kind(r)]);
	for (size_t g = 0; g < review_group_count(r); g++)
		if (text_group(r, plan, g, out, err) < 0)
			return -1;
	return 0;
}

static int
review_text_with(struct engine *e, struct review_plan **plans,
		 struct strbuf *out, char digest[65], struct ou_error *err)
{
	size_t start = out->len;

	for (size_t i = 0; i < e->cur.n_reviews; i++)
		if (text_review(e->cur.reviews[i], plans[i], out, err) < 0)
			return -1;
	sha256_hex(out->buf != NULL ? out->buf + start : "", out->len - start,
		   digest);
	return 0;
}

int
engine_review_text(struct engine *e, struct strbuf *out, char digest[65],
		   struct ou_error *err)
{
	struct review_plan **plans;
	int rc;

	if (e->prompt.kind != ENGINE_PROMPT_REVIEW)
		return ou_error_set(err, "no review is asked for now");
	if (review_plans(e, &plans, err) < 0)
		return -1;
	rc = review_text_with(e, plans, out, digest, err);
	review_plans_free(plans, e->cur.n_reviews);
	return rc;
}

/* ---- applying -------------------------------------------------------------- */

static void
script_var(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, "%s=", name);
	shellquote_append(sb, value);
	strbuf_addc(sb, '\n');
}

static void
script_backup(struct strbuf *sb, const char *from, const char *to)
{
	strbuf_addf(sb, "cp -a -- \"$%s\" \"$%s.part\" && sync \"$%s.part\" "
		    "&& mv -f -- \"$%s.part\" \"$%s\"\n", from, to, to, to, to);
}

/* The script of review-apply (see the top of this file); exit 3 when
 * the host is no longer as reviewed, nothing changed. */
static char *
apply_script(const struct review_write *w, const char *staged)
{
	struct strbuf sb = STRBUF_INIT;
	char res[65];

	result_sha256(w, res);
	strbuf_adds(&sb, "set -e\numask 077\n");
	script_var(&sb, "f", w->path);
	script_var(&sb, "n", w->rpmnew_path);
	script_var(&sb, "b", w->backup_path);
	script_var(&sb, "bn", w->rpmnew_backup_path);
	script_var(&sb, "s", staged != NULL ? staged : "");
	strbuf_addf(&sb, "t=\"$f.ou-new\"\ncur=%s\nnew=%s\nres=%s\n",
		    w->current_sha256, w->rpmnew_sha256, res);
	strbuf_adds(&sb,
		"h() { sha256sum < \"$1\" | cut -c1-64; }\n"
		"ctx() { if command -v chcon >/dev/null 2>&1; then "
		"chcon --reference=\"$1\" -- \"$2\" 2>/dev/null || true; fi; }\n"
		"if test ! -e \"$n\"; then\n"
		"  if test -e \"$b\" && test \"$(h \"$f\")\" = \"$res\"; then\n"
		"    if test -n \"$s\"; then rm -f -- \"$s\"; fi\n"
		"    echo \"$f: already applied\"; exit 0\n"
		"  fi\n"
		"  echo \"$n is gone and $f does not hold the reviewed result\" "
		">&2; exit 3\n"
		"fi\n"
		"if test \"$(h \"$n\")\" != \"$new\"; then echo \"$n changed "
		"since it was reviewed\" >&2; exit 3; fi\n"
		"fh=$(h \"$f\")\n"
		"if test \"$fh\" = \"$cur\"; then\n"
		"  mkdir -p -- \"$(dirname -- \"$b\")\"\n  ");
	script_backup(&sb, "f", "b");
	strbuf_adds(&sb, "  ");
	script_backup(&sb, "n", "bn");
	if (w->write)
		strbuf_adds(&sb,
			"  if test \"$(h \"$s\")\" != \"$res\"; then echo \"$s is "
			"not the reviewed result\" >&2; exit 3; fi\n"
			"  cp -- \"$s\" \"$t\"\n"
			"  chown --reference=\"$f\" -- \"$t\"\n"
			"  chmod --reference=\"$f\" -- \"$t\"\n"
			"  ctx \"$f\" \"$t\"\n"
			"  sync \"$t\"\n"
			"  mv -f -- \"$t\" \"$f\"\n");
	strbuf_adds(&sb,
		"elif test \"$fh\" != \"$res\" || test ! -e \"$b\"; then\n"
		"  echo \"$f changed since it was reviewed\" >&2; exit 3\n"
		"fi\n"
		"rm -f -- \"$n\"\n"
		"if test -n \"$s\"; then rm -f -- \"$s\"; fi\n"
		"sync\n"
		"echo \"$f: backed up in $(dirname -- \"$b\"), $n removed\"\n");
	return strbuf_take(&sb);
}

static char *
staged_path(const struct review_write *w)
{
	const char *stamp = strrchr(w->backup_dir, '/');

	return xasprintf(STAGED_ROOT "%s%s", stamp != NULL ? stamp : "/",
			 w->path);
}

static struct engine_op *
stage_op(const struct engine *e, struct review_write *w, const char *staged)
{
	struct engine_op *op = xcalloc(1, sizeof *op);
	char hex[65];

	op->kind = ENGINE_OP_REVIEW_STAGE;
	op->role = ENGINE_ROLE_ACTION;
	op->what = "review-stage";
	op->read_only = engine_what_read_only(op->what);
	op->path = xstrdup(w->path);
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	op->staged = xstrdup(staged);
	/* The bytes move to the op: the plan is freed before it runs. */
	op->data = w->data;
	op->len = w->len;
	w->data = NULL;
	sha256_hex(op->data, op->len, hex);
	op->text = xasprintf("sftp: write the result for %s (%zu bytes, "
			     "sha256 %s) to %s, mode 0600", w->path, op->len,
			     hex, staged);
	op->timeout_ms = 1000u * e->opt.command_timeout_s;
	return op;
}

/* The staging directory, private since what it holds has passwords in
 * it: a command of its own, journaled as it is sent (the transfer after
 * it makes files, not directories). */
static struct engine_op *
stage_dir_op(const struct engine *e, const char *staged)
{
	struct engine_op *op = xcalloc(1, sizeof *op);
	const char *slash = strrchr(staged, '/');
	char *dir = xstrndup(staged, (size_t)(slash - staged));
	struct strbuf cmd = STRBUF_INIT;

	strbuf_adds(&cmd, "umask 077 && mkdir -p -- ");
	shellquote_append(&cmd, dir);
	free(dir);
	op->kind = ENGINE_OP_COMMAND;
	op->role = ENGINE_ROLE_ACTION;
	op->what = "review-stage";
	op->read_only = engine_what_read_only(op->what);
	op->command = strbuf_take(&cmd);
	op->text = xstrdup(op->command);
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	op->timeout_ms = 1000u * e->opt.command_timeout_s;
	return op;
}

static struct engine_op *
apply_op(const struct engine *e, const struct review_write *w,
	 const char *staged)
{
	struct engine_op *op = xcalloc(1, sizeof *op);

	op->kind = ENGINE_OP_COMMAND;
	op->role = ENGINE_ROLE_ACTION;
	op->what = "review-apply";
	op->read_only = engine_what_read_only(op->what);
	op->command = apply_script(w, staged);
	op->text = xstrdup(op->command);
	op->ok_exit = ok_zero;
	op->n_ok_exit = 1;
	op->timeout_ms = 1000u * e->opt.command_timeout_s;
	return op;
}

static void
ops_add(struct engine_op ***ops, size_t *n, struct engine_op *op)
{
	*ops = xreallocarray(*ops, *n + 1, sizeof **ops);
	(*ops)[(*n)++] = op;
}

/* The staging directory's command, once per directory on a host: files
 * of one directory (neutron's) share it, and one confirmation never
 * sends the same command twice. */
static void
stage_dir_add(const struct engine *e, struct engine_op ***ops, size_t *n,
	      const char *staged)
{
	struct engine_op *op = stage_dir_op(e, staged);

	for (size_t i = 0; i < *n; i++)
		if ((*ops)[i]->kind == ENGINE_OP_COMMAND &&
		    strcmp((*ops)[i]->command, op->command) == 0) {
			engine_op_free(op);
			return;
		}
	ops_add(ops, n, op);
}

/* host's ops, file after file, into its cell's program. */
static void
review_program_host(struct engine *e, size_t host,
		    struct review_plan **plans)
{
	struct engine_op **ops = NULL;
	size_t n = 0;

	for (size_t i = 0; i < e->cur.n_reviews; i++)
		for (size_t k = 0; k < plans[i]->n_writes; k++) {
			struct review_write *w = &plans[i]->writes[k];
			struct engine_op *script;
			char *staged;

			if (engine_host_index(e, w->host) != host)
				continue;
			staged = w->write ? staged_path(w) : NULL;
			/* The script hashes the bytes the stage then takes. */
			script = apply_op(e, w, staged);
			if (w->write) {
				stage_dir_add(e, &ops, &n, staged);
				ops_add(&ops, &n, stage_op(e, w, staged));
			}
			ops_add(&ops, &n, script);
			free(staged);
		}
	engine_program_insert(engine_cell_at(e, e->cur.step, host), ops, n);
	free(ops);
}

/* ---- the record of the operator's answers -------------------------------- *
 *
 * The "review-choices" note, one per file: per group, the hosts and the
 * decision; for a merge, each option's pick and each hunk's, with its
 * lines, and whether an edited text ($EDITOR, $MERGE) replaced the
 * result; then each host's result by its SHA-256.  The audit trail of
 * how each file came about, without its bytes: no file contents (they
 * hold passwords), and no value of a secret option (secret.h). */

static const char *const text_source_words[] = {
	[REVIEW_TEXT_NONE] = "",
	[REVIEW_TEXT_EDITOR] = "text edited in $EDITOR",
	[REVIEW_TEXT_MERGE_TOOL] = "merge tool result ($MERGE)",
};

/* A range of lines counted from 0, as the operator counts them: "3-9",
 * "3", or "none after 3". */
static void
choices_add_range(struct strbuf *out, size_t start, size_t len)
{
	if (len == 0)
		strbuf_addf(out, "none after %zu", start);
	else if (len == 1)
		strbuf_addf(out, "%zu", start + 1);
	else
		strbuf_addf(out, "%zu-%zu", start + 1, start + len);
}

/* An edited value, quoted, on one line of the note: its display form (a
 * URL's password masked), quotes, backslashes and control characters
 * escaped. */
static void
choices_add_value(struct strbuf *out, const char *name, const char *value)
{
	struct strbuf shown = STRBUF_INIT;

	secret_add_value(&shown, name, value, strlen(value));
	strbuf_addc(out, '"');
	for (size_t i = 0; i < shown.len; i++) {
		unsigned char c = (unsigned char)shown.buf[i];

		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(out, "\\x%02x", c);
		else
			strbuf_addc(out, (char)c);
	}
	strbuf_addc(out, '"');
	strbuf_release(&shown);
}

static void
choices_option(struct strbuf *out, const struct review_option *o)
{
	strbuf_adds(out, "  ");
	if (o->section != NULL)
		strbuf_addf(out, "[%s] ", o->section);
	strbuf_addf(out, "%s: %s", o->name, pick_words[o->pick]);
	if (o->pick == REVIEW_PICK_EDIT && review_option_is_secret(o)) {
		strbuf_adds(out, " (a secret: its value is not journaled)");
	} else if (o->pick == REVIEW_PICK_EDIT) {
		strbuf_adds(out, " to ");
		choices_add_value(out, o->name, o->edited);
	}
	strbuf_addc(out, '\n');
}

static size_t
count_lines(const struct strbuf *sb)
{
	size_t n = 0;

	for (size_t i = 0; i < sb->len; i++)
		n += sb->buf[i] == '\n';
	return n + (sb->len > 0 && sb->buf[sb->len - 1] != '\n');
}

/* "hunk 2, lines 10-16 (13-22 in the proposal): mine"; an edited hunk
 * says how many lines its text has, never what they are. */
static void
choices_hunk(struct strbuf *out, const struct review *r, size_t group,
	     size_t i)
{
	struct review_hunk_range h = review_hunk_range(r, group, i);
	enum review_pick pick = review_hunk_pick(r, group, i);
	struct strbuf text = STRBUF_INIT;

	strbuf_addf(out, "  hunk %zu, lines ", i + 1);
	choices_add_range(out, h.a, h.a_len);
	strbuf_adds(out, " (");
	choices_add_range(out, h.b, h.b_len);
	strbuf_addf(out, " in the proposal%s): %s",
		    review_hunk_is_comment_only(r, group, i)
			    ? ", comments only" : "",
		    pick_words[pick]);
	if (pick == REVIEW_PICK_EDIT) {
		review_hunk_text(r, group, i, REVIEW_PICK_EDIT, &text);
		strbuf_addf(out, " (%zu line%s)", count_lines(&text),
			    count_lines(&text) == 1 ? "" : "s");
		/* The operator's lines may hold a password. */
		if (text.buf != NULL)
			explicit_bzero(text.buf, text.len);
	}
	strbuf_addc(out, '\n');
	strbuf_release(&text);
}

/* What made a merge's result: the option picks (the proposal), the hunk
 * picks on it, and an edited text that replaces both. */
static void
choices_merge(struct strbuf *out, const struct review *r, size_t group)
{
	enum review_text_source src = review_text_source(r, group);

	for (size_t i = 0; i < review_option_count(r, group); i++)
		choices_option(out, review_option_at(r, group, i));
	for (size_t i = 0; i < review_hunk_count(r, group); i++)
		choices_hunk(out, r, group, i);
	if (src != REVIEW_TEXT_NONE)
		strbuf_addf(out, "  %s: the result, in place of the picks "
			    "above\n", text_source_words[src]);
}

static void
choices_text(const struct review *r, const struct review_plan *plan,
	     struct strbuf *out)
{
	for (size_t g = 0; g < review_group_count(r); g++) {
		enum review_decision d = review_group_decision(r, g);

		strbuf_addf(out, "%s group %zu (", review_path(r), g + 1);
		for (size_t i = 0; i < review_group_host_count(r, g); i++)
			strbuf_addf(out, "%s%s", i > 0 ? " " : "",
				    review_host_name(r,
					review_group_host(r, g, i)));
		strbuf_addf(out, "): %s\n", decision_words[d]);
		if (d == REVIEW_MERGE)
			choices_merge(out, r, g);
	}
	for (size_t h = 0; h < plan->n_writes; h++) {
		char hex[65];

		result_sha256(&plan->writes[h], hex);
		strbuf_addf(out, "result on %s: sha256 %s\n",
			    plan->writes[h].host, hex);
	}
}

static int
review_journal(struct engine *e, const char *shown,
	       struct review_plan **plans, struct ou_error *err)
{
	const struct engine_unit *u = &e->cur;
	char *list = engine_host_list(e, u->review_hosts, u->n_review_hosts);
	int rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_CONFIRM, .unit = u->key,
		.step = e->steps[u->step]->id, .host = list,
		.what = "review", .text = shown, .exit_status = -1,
	}, err);

	for (size_t i = 0; rc == 0 && i < u->n_reviews; i++) {
		struct strbuf sb = STRBUF_INIT;

		choices_text(u->reviews[i], plans[i], &sb);
		rc = engine_journal(e, &(struct journal_record){
			.kind = JOURNAL_NOTE, .unit = u->key,
			.step = e->steps[u->step]->id, .host = list,
			.who = e->opt.who, .what = "review-choices",
			.text = strbuf_str(&sb), .exit_status = -1,
		}, err);
		strbuf_release(&sb);
	}
	free(list);
	return rc;
}

int
engine_review_apply(struct engine *e, const char *digest,
		    struct ou_error *err)
{
	struct engine_unit *u = &e->cur;
	struct review_plan **plans;
	size_t n_plans = u->n_reviews;
	struct strbuf shown = STRBUF_INIT;
	char now[65];
	size_t *hosts;
	size_t n_hosts;
	int rc = -1;

	if (review_plans(e, &plans, err) < 0)
		return -1;
	if (review_text_with(e, plans, &shown, now, err) < 0)
		goto out;
	if (digest == NULL || strcmp(digest, now) != 0) {
		ou_error_set(err, "refused: the plan confirmed (sha256 %.12s) "
			     "is not what would be applied now (sha256 %.12s); "
			     "show it again", digest != NULL ? digest : "none",
			     now);
		goto out;
	}
	if (review_journal(e, strbuf_str(&shown), plans, err) < 0)
		goto out;
	for (size_t i = 0; i < u->n_review_hosts; i++)
		review_program_host(e, u->review_hosts[i], plans);
	hosts = u->review_hosts;
	n_hosts = u->n_review_hosts;
	u->review_hosts = NULL;
	u->n_review_hosts = 0;
	engine_review_forget(u);
	for (size_t i = 0; i < n_hosts; i++)
		engine_cell_at(e, u->step, hosts[i])->awaiting_review = false;
	for (size_t i = 0; i < n_hosts; i++)
		engine_run_continue_cell(e, u->step, hosts[i]);
	free(hosts);
	rc = 0;
out:
	review_plans_free(plans, n_plans);
	strbuf_release(&shown);
	return rc;
}
