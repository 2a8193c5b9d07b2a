/* review: deciding what becomes of one configuration file and its .rpmnew
 * on many hosts at once, and the plan that applies the decision.
 *
 * The review knows nothing of ssh: the engine fetches, for each host, the
 * current file and its .rpmnew, hands the bytes in, lets the operator
 * decide through the calls below, then executes the apply plan over ssh.
 *
 * How the engine uses it (one review per config path):
 *
 *   struct review_host in[] = { { .host = "compute1", .current = ..., ... } };
 *   struct review_options opts = { .prefer = REVIEW_MERGE };   // from the runbook
 *   review_new("/etc/nova/nova.conf", in, n, &opts, &r, &err);
 *   for each group g (review_group_count):
 *       show review_write_group(), review_write_summary(),
 *       review_write_proposal() (the merge against the current file);
 *       let the operator review_decide(), review_pick_option(),
 *       review_pick_hunk(), or review_set_text() (after $EDITOR on
 *       review_result() of the group's first host);
 *   review_apply_plan(r, step_id, time(NULL), &plan, &err);
 *   execute plan->writes[] (see struct review_write), journaling each.
 *
 * Kinds of file: *.conf and *.ini are INI (see ini.h: option-level view,
 * merge by option); Horizon's local_settings (or *.py) is Python settings
 * (see pysettings.h: merge by top-level assignment); anything else, or a
 * file that does not parse as its kind on some host, is text (merge by
 * hunk only; review_note_count() says why).
 *
 * Groups: hosts whose (current, .rpmnew) pairs are byte-identical form
 * one group.  Hosts whose .rpmnew files are identical and whose current
 * files differ only in the values of a few options (host addresses,
 * passwords: at most max_varying options, each set once) join the same
 * group; those options are its varying values, listed per host.  One
 * decision applies to the whole group; each host's result keeps its own
 * varying values wherever the group's result keeps the first host's.
 *
 * Decisions, per group: keep mine (the file stays; the .rpmnew goes),
 * take new (the .rpmnew replaces it), or merge.  The merge starts from the
 * proposal, "the new file with my values carried over": each option set
 * in the current file that the new one still knows (under its name, or
 * moved or renamed, see inidiff.h) gets my value in the new text; options
 * the new file no longer knows are listed and left out.  For Python
 * settings the proposal is the new file with my value of each setting in
 * the runbook's carry list (with prefer = merge: of every setting I
 * changed).  Then, in order:
 *   - per option: mine, theirs (the new file's text as it is) or edit (a
 *     value of the caller's); changing an option's pick resets the hunk
 *     picks and the edited text;
 *   - per hunk of the diff from the current file to that proposal: theirs
 *     (the proposal's lines, the default), mine (the current file's lines)
 *     or edit (the caller's text for the hunk's whole range);
 *   - the whole text, edited (e.g. in $EDITOR): it replaces the result.
 * A three-way merge tool ($MERGE, as rpmconf -f runs one) works outside
 * the review, on the files the engine fetched; its output comes back
 * through review_set_text() too.
 *
 * Secrets: every display string (review_write_*) masks secret values
 * (see secret.h) with their option name; the results and the apply plan
 * hold the real bytes.
 *
 * Ownership: the review copies what it is given; strings it returns live
 * until review_free() unless a function says otherwise.  Group and host
 * indices count from 0, hosts in the order they were given. */
#ifndef OU_REVIEW_H
#define OU_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "ou_error.h"
#include "strbuf.h"

struct review;

enum review_kind {
	REVIEW_INI,
	REVIEW_PYTHON,
	REVIEW_TEXT,
};

enum review_decision {
	REVIEW_MERGE,
	REVIEW_TAKE_NEW,
	REVIEW_KEEP_MINE,
};

enum review_pick {
	REVIEW_PICK_MINE,
	REVIEW_PICK_THEIRS,
	REVIEW_PICK_EDIT,
};

struct review_host {
	const char *host;
	const char *current;	/* the file as it is on the host */
	size_t current_len;
	const char *rpmnew;	/* its .rpmnew */
	size_t rpmnew_len;
};

struct review_options {
	/* The starting decision of every group (the runbook's prefer: merge,
	 * new or mine).  REVIEW_TAKE_NEW with settings to carry starts as a
	 * merge that picks "theirs" for everything but them.  With
	 * REVIEW_KEEP_MINE the option picks are still those of a merge,
	 * should the operator switch to it. */
	enum review_decision prefer;
	/* Settings whose current value is carried over even when prefer is
	 * REVIEW_TAKE_NEW (the runbook's carry): a Python name, an INI key
	 * (any section) or "section/key". */
	const char *const *carry;
	size_t n_carry;
	/* How many differing option values a group tolerates; 0 means 8. */
	unsigned max_varying;
};

/* One option (INI) or setting (Python) the merge decides.  The list holds
 * every option set in the current file of the group's first host, and
 * every option the new file sets that the current one does not.  mine,
 * theirs and edited are the real values, secrets included: show them
 * through review_write_option(), which masks them. */
struct review_option {
	const char *section;	/* in the new file; NULL for Python */
	const char *name;	/* the key there */
	const char *old_section;	/* where the current file sets it, */
	const char *old_name;		/* NULL when it does not */
	const char *mine;	/* the current value (first host), or NULL */
	const char *theirs;	/* the new file's own value, or NULL */
	enum review_pick pick;
	const char *edited;	/* REVIEW_PICK_EDIT */
	bool varies;		/* the hosts of the group have different values */
	bool dropped;		/* the new file no longer knows it; "mine"
				 * keeps it under its old name */
};

int review_new(const char *path, const struct review_host *hosts,
	       size_t n_hosts, const struct review_options *opts,
	       struct review **out, struct ou_error *err);
void review_free(struct review *r);

const char *review_path(const struct review *r);
enum review_kind review_kind(const struct review *r);
/* Why the file is reviewed as text, or other things worth telling. */
size_t review_note_count(const struct review *r);
const char *review_note(const struct review *r, size_t i);

size_t review_host_count(const struct review *r);
const char *review_host_name(const struct review *r, size_t host);
size_t review_host_group(const struct review *r, size_t host);

size_t review_group_count(const struct review *r);
size_t review_group_host_count(const struct review *r, size_t group);
/* The i-th host of the group, as an index for review_host_name(). */
size_t review_group_host(const struct review *r, size_t group, size_t i);
enum review_decision review_group_decision(const struct review *r,
					   size_t group);

/* Display text (secrets masked):
 *   review_write_group: "compute1, compute2, compute3 (3 hosts)" and the
 *     varying values, one host per line ("compute3: [DEFAULT] my_ip =
 *     192.0.2.23, [DEFAULT] neutron_admin_password = <secret
 *     neutron_admin_password>");
 *   review_write_summary: what changed, option by option (inidiff.h) for
 *     INI, setting by setting for Python, hunk counts for text;
 *   review_write_proposal: the unified diff from the first host's current
 *     file to its result under the group's decisions so far. */
void review_write_group(const struct review *r, size_t group,
			struct strbuf *out);
void review_write_summary(const struct review *r, size_t group,
			  struct strbuf *out);
int review_write_proposal(const struct review *r, size_t group,
			  struct strbuf *out, struct ou_error *err);

int review_decide(struct review *r, size_t group,
		  enum review_decision decision);

size_t review_option_count(const struct review *r, size_t group);
const struct review_option *review_option_at(const struct review *r,
					     size_t group, size_t i);
/* Whether the option holds a secret (secret.h), under its name or the
 * name the current file sets it by: its value is never to be shown,
 * journaled, or echoed as it is typed. */
bool review_option_is_secret(const struct review_option *o);
/* One line for the option: "[neutron] url: mine http://... (was [DEFAULT]
 * neutron_url), theirs not set -> mine", secrets masked. */
void review_write_option(const struct review *r, size_t group, size_t i,
			 struct strbuf *out);
/* edited is the value for REVIEW_PICK_EDIT (for Python, the expression
 * text) and ignored otherwise. */
int review_pick_option(struct review *r, size_t group, size_t i,
		       enum review_pick pick, const char *edited,
		       struct ou_error *err);

/* The bytes a host's files hold as the review was given them (its
 * current file and its .rpmnew), secrets included: for the temporary
 * files of an editor or a merge tool, never for display.  *len gets
 * their length. */
const char *review_host_current(const struct review *r, size_t host,
				size_t *len);
const char *review_host_rpmnew(const struct review *r, size_t host,
			       size_t *len);

/* Hunks of the diff from the first host's current file to the proposal. */
size_t review_hunk_count(const struct review *r, size_t group);
/* The hunk's pick so far (REVIEW_PICK_THEIRS until one is made). */
enum review_pick review_hunk_pick(const struct review *r, size_t group,
				  size_t i);
/* The real bytes of a hunk's whole range, context lines included,
 * appended to out, secrets included (for an editor's temporary file, not
 * for display): REVIEW_PICK_MINE the current file's lines,
 * REVIEW_PICK_THEIRS the proposal's, REVIEW_PICK_EDIT the text picked for
 * it (nothing when it has none). */
void review_hunk_text(const struct review *r, size_t group, size_t i,
		      enum review_pick side, struct strbuf *out);
void review_write_hunk(const struct review *r, size_t group, size_t i,
		       struct strbuf *out);
/* Whether the hunk changes only comments and blank lines (INI): the churn
 * a screen folds away. */
bool review_hunk_is_comment_only(const struct review *r, size_t group,
				 size_t i);
/* text (len bytes) replaces the hunk's lines from the current file,
 * context lines included, for REVIEW_PICK_EDIT. */
int review_pick_hunk(struct review *r, size_t group, size_t i,
		     enum review_pick pick, const char *text, size_t len,
		     struct ou_error *err);
/* Where hunk i lies, context lines included, counted from 0 as in
 * diff.h: lines [a, a + a_len) of the first host's current file, [b, b +
 * b_len) of the proposal. */
struct review_hunk_range {
	size_t a, a_len;
	size_t b, b_len;
};
struct review_hunk_range review_hunk_range(const struct review *r,
					   size_t group, size_t i);

/* Who wrote a group's whole edited text: the journal says how a result
 * came about. */
enum review_text_source {
	REVIEW_TEXT_NONE,	/* none stands: the picks make the result */
	REVIEW_TEXT_EDITOR,	/* the operator's editor ($EDITOR) */
	REVIEW_TEXT_MERGE_TOOL,	/* a three-way merge tool ($MERGE) */
};

/* The whole merged text of the group's first host, edited.  For an INI or
 * Python file the text must parse (err names the line, so the caller can
 * reopen the editor); the earlier result then stays.  review_set_text()
 * is review_set_text_from() with REVIEW_TEXT_EDITOR. */
int review_set_text(struct review *r, size_t group, const char *text,
		    size_t len, struct ou_error *err);
int review_set_text_from(struct review *r, size_t group, const char *text,
			 size_t len, enum review_text_source source,
			 struct ou_error *err);
/* Who wrote the edited text that stands; REVIEW_TEXT_NONE before any, and
 * once a hunk or option pick has dropped it. */
enum review_text_source review_text_source(const struct review *r,
					   size_t group);

/* The bytes a host's file would hold (appended to out).  Fails when a
 * host's own values cannot be carried into an edited text that no longer
 * parses. */
int review_result(const struct review *r, size_t host, struct strbuf *out,
		  struct ou_error *err);

/* What the engine does on each host, in this order, journaling each step
 * so a crash resumes cleanly:
 *   1. check the host's file and .rpmnew still hash to current_sha256 and
 *      rpmnew_sha256 (what the operator reviewed); stop if not;
 *   2. copy path to backup_path and rpmnew_path to rpmnew_backup_path
 *      (creating the directories, keeping owner, mode and SELinux label);
 *   3. when write is true, write data to a temporary file beside path,
 *      fsync, give it path's owner, mode and context (chcon --reference),
 *      and rename it over path;
 *   4. remove rpmnew_path.
 * write is false when the result equals the current file (keep mine, or
 * a merge that changed nothing). */
struct review_write {
	char *host;
	char *path;
	char *rpmnew_path;
	char *backup_dir;	/* /var/lib/openstack-upgrade/backups/<time>-<step> */
	char *backup_path;	/* backup_dir + path */
	char *rpmnew_backup_path;	/* backup_dir + path + ".rpmnew" */
	bool write;
	char *data;
	size_t len;
	char current_sha256[65];
	char rpmnew_sha256[65];
	enum review_decision decision;
};

struct review_plan {
	struct review_write *writes;	/* one per host, in host order */
	size_t n_writes;
};

/* The plan for every host.  step_id (letters, digits, '.', '_', '-')
 * and when (formatted as UTC, 20141020T093000Z) name the backup
 * directory. */
int review_apply_plan(const struct review *r, const char *step_id,
		      time_t when, struct review_plan **out,
		      struct ou_error *err);
void review_plan_free(struct review_plan *plan);

#endif
