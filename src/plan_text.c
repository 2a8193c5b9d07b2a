/* plan_text: the plan as an operator reads it (see include/plan.h).
 *
 * Every line fits the width.  A command is never cut: a line too long
 * for the width continues on the next line, indented deeper than the
 * "$ " it started after, and a command of several lines shows its later
 * lines after "> ", as a shell would prompt for them.  Hosts that would
 * run the very same text share one line; hosts whose text differs get a
 * line each, their names in a column. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "strbuf.h"
#include "xalloc.h"

/* Below this the layout cannot keep its columns; the caller's minimum
 * (40) is well above it. */
#define TEXT_MIN_WIDTH 40
/* Room a line keeps for its text however deep its prefix; the deepest
 * prefix (about 26 columns) leaves more than this at TEXT_MIN_WIDTH. */
#define TEXT_MIN_AVAIL 10
/* Hosts go in a column before their texts only if the texts keep this
 * much room; else the names go on a line of their own. */
#define TEXT_GROUP_ROOM 40
/* "Success: ", the longest label, and the column the texts start at. */
#define TEXT_LABEL_WIDTH 9
/* How much deeper than its text a wrapped line of a command starts. */
#define TEXT_WRAP_INDENT 4

struct text_out {
	FILE *out;
	size_t width;
	size_t n_confirm;	/* units that ask for a confirmation */
	size_t confirm;		/* the number of the last one printed */
	size_t num_width;	/* the widest step number, "10.12" */
	size_t n_phases;
};

/* Which text of a target an item shows. */
enum text_part {
	TEXT_PART_PROBE,
	TEXT_PART_BEFORE,
	TEXT_PART_ACTION,
	TEXT_PART_AFTER,
};

/* Targets whose text for one item is the same. */
struct text_group {
	const char *text;
	struct strbuf hosts;	/* their names, space-separated */
};

/* ---- wrapping -------------------------------------------------------- */

static size_t
text_avail(const struct text_out *to, const char *prefix)
{
	size_t used = strlen(prefix);

	if (used + TEXT_MIN_AVAIL > to->width)
		return TEXT_MIN_AVAIL;
	return to->width - used;
}

/* How much of s (len bytes) goes on a line of avail columns: up to the
 * last blank that fits; in a word too long for a line (a URL, a path),
 * just after a '/' in the line's second half; else as much as fits
 * without splitting a UTF-8 character. */
static size_t
text_break(const char *s, size_t len, size_t avail)
{
	size_t n;

	if (len <= avail)
		return len;
	for (n = avail; n > 0; n--)
		if (s[n] == ' ')
			return n;
	for (n = avail; n > avail / 2; n--)
		if (s[n - 1] == '/')
			return n;
	n = avail;
	while (n > 1 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* One logical line, wrapped: the first line after lead, the rest after
 * hang.  The blank a line breaks at is dropped, as in prose. */
static void
text_wrap(const struct text_out *to, const char *lead, const char *hang,
	  const char *s, size_t len)
{
	const char *prefix = lead;

	do {
		size_t n = text_break(s, len, text_avail(to, prefix));

		fprintf(to->out, "%s%.*s\n", prefix, (int)n, s);
		s += n;
		len -= n;
		if (len > 0 && *s == ' ') {
			s++;
			len--;
		}
		prefix = hang;
	} while (len > 0);
}

/* A control character in a value would reach the terminal as a command
 * to it; show it the way cat -v does (ESC as ^[) instead. */
static void
text_add_visible(struct strbuf *sb, char c)
{
	unsigned char u = (unsigned char)c;

	if (u < 0x20) {
		strbuf_addc(sb, '^');
		strbuf_addc(sb, (char)(u + '@'));
	} else if (u == 0x7f) {
		strbuf_adds(sb, "^?");
	} else {
		strbuf_addc(sb, c);
	}
}

/* Prose: runs of white space (a folded YAML scalar's newlines too)
 * become one blank. */
static void
text_add_prose(struct strbuf *sb, const char *text)
{
	bool blank = false;
	size_t start = sb->len;

	for (const char *p = text; *p != '\0'; p++) {
		bool is_space = *p == ' ' || *p == '\t' || *p == '\n';

		if (is_space && sb->len > start)
			blank = true;
		if (is_space)
			continue;
		if (blank)
			strbuf_addc(sb, ' ');
		blank = false;
		text_add_visible(sb, *p);
	}
}

static void
text_prose(const struct text_out *to, const char *lead, const char *hang,
	   const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	text_add_prose(&sb, text);
	text_wrap(to, lead, hang, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
}

static char *
text_spaces(size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, ' ', n);
	s[n] = '\0';
	return s;
}

/* A command or a description: lead on its first line, then pad.  Shell
 * text gets "$ " before its first line and "> " before each later one. */
static void
text_code(const struct text_out *to, const char *lead, const char *pad,
	  const char *text, bool shell)
{
	struct strbuf visible = STRBUF_INIT;
	struct strbuf first = STRBUF_INIT;
	struct strbuf hang = STRBUF_INIT;
	const char *line;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n')
			strbuf_addc(&visible, '\n');
		else
			text_add_visible(&visible, *p);
	}
	text = line = strbuf_str(&visible);
	strbuf_addf(&hang, "%s%*s", pad, shell ? 2 + TEXT_WRAP_INDENT
					       : TEXT_WRAP_INDENT, "");
	do {
		const char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);

		strbuf_reset(&first);
		strbuf_adds(&first, line == text ? lead : pad);
		if (shell)
			strbuf_adds(&first, line == text ? "$ " : "> ");
		text_wrap(to, strbuf_str(&first), strbuf_str(&hang), line, len);
		line = nl != NULL ? nl + 1 : NULL;
	} while (line != NULL && *line != '\0');
	strbuf_release(&visible);
	strbuf_release(&first);
	strbuf_release(&hang);
}

/* ---- the parts of a unit --------------------------------------------- */

static size_t
text_body_indent(const struct text_out *to)
{
	return 2 + to->num_width + 2;
}

/* "       Label:   " and the blank prefix of the same width. */
static void
text_label(const struct text_out *to, const char *label, struct strbuf *lead,
	   char **pad)
{
	size_t indent = text_body_indent(to);

	strbuf_addf(lead, "%*s%-*s", (int)indent, "", TEXT_LABEL_WIDTH,
		    label);
	*pad = text_spaces(indent + TEXT_LABEL_WIDTH);
}

static void
text_labelled_prose(const struct text_out *to, const char *label,
		    const char *text)
{
	struct strbuf lead = STRBUF_INIT;
	char *pad;

	text_label(to, label, &lead, &pad);
	text_prose(to, strbuf_str(&lead), pad, text);
	strbuf_release(&lead);
	free(pad);
}

static bool
text_action_is_shell(const struct rb_action *act)
{
	return act->kind == RB_ACTION_RUN || act->kind == RB_ACTION_CHECK;
}

static const char *
text_part_text(const struct plan_target *t, enum text_part part, size_t i,
	       bool *shell)
{
	const struct plan_call *call = NULL;

	switch (part) {
	case TEXT_PART_PROBE:
		*shell = true;
		return t->probe;
	case TEXT_PART_BEFORE:
		call = &t->before[i];
		break;
	case TEXT_PART_ACTION:
		call = &t->call;
		break;
	case TEXT_PART_AFTER:
		call = &t->after[i];
		break;
	}
	*shell = text_action_is_shell(call->action);
	return call->text;
}

/* Group the unit's targets by their text for the item, in host order. */
static size_t
text_group_targets(const struct plan_unit *unit, enum text_part part,
		   size_t i, struct text_group *groups)
{
	size_t n_groups = 0;
	bool shell;

	for (size_t t = 0; t < unit->n_targets; t++) {
		const char *text = text_part_text(&unit->targets[t], part, i,
						  &shell);
		size_t g = 0;

		while (g < n_groups && strcmp(groups[g].text, text) != 0)
			g++;
		if (g == n_groups) {
			groups[g] = (struct text_group){ .text = text,
							 .hosts = STRBUF_INIT };
			n_groups++;
		} else {
			strbuf_addc(&groups[g].hosts, ' ');
		}
		strbuf_adds(&groups[g].hosts, unit->targets[t].host->name);
	}
	return n_groups;
}

/* Each group's hosts in a column before its text, or, when the names
 * would leave the text too little room, on a line of their own above. */
static void
text_groups(const struct text_out *to, const char *lead, const char *pad,
	    const struct text_group *groups, size_t n_groups, bool shell)
{
	size_t col = 0;
	bool stacked;

	for (size_t g = 0; g < n_groups; g++)
		if (groups[g].hosts.len > col)
			col = groups[g].hosts.len;
	stacked = strlen(pad) + col + 2 + TEXT_GROUP_ROOM > to->width;
	for (size_t g = 0; g < n_groups; g++) {
		struct strbuf glead = STRBUF_INIT;
		struct strbuf gpad = STRBUF_INIT;
		const char *hosts = strbuf_str(&groups[g].hosts);

		if (stacked) {
			char *on = xasprintf("on %s:", hosts);

			strbuf_addf(&gpad, "%s  ", pad);
			text_prose(to, g == 0 ? lead : pad, strbuf_str(&gpad),
				   on);
			strbuf_adds(&glead, strbuf_str(&gpad));
			free(on);
		} else {
			strbuf_addf(&glead, "%s%-*s  ", g == 0 ? lead : pad,
				    (int)col, hosts);
			strbuf_addf(&gpad, "%s%*s", pad, (int)col + 2, "");
		}
		text_code(to, strbuf_str(&glead), strbuf_str(&gpad),
			  groups[g].text, shell);
		strbuf_release(&glead);
		strbuf_release(&gpad);
	}
}

static void
text_item(const struct text_out *to, const char *label,
	  const struct plan_unit *unit, enum text_part part, size_t i)
{
	struct text_group *groups = xcalloc(unit->n_targets, sizeof *groups);
	struct strbuf lead = STRBUF_INIT;
	size_t n_groups = text_group_targets(unit, part, i, groups);
	bool shell;
	char *pad;

	text_part_text(&unit->targets[0], part, i, &shell);
	text_label(to, label, &lead, &pad);
	if (n_groups == 1)
		text_code(to, strbuf_str(&lead), pad, groups[0].text, shell);
	else
		text_groups(to, strbuf_str(&lead), pad, groups, n_groups,
			    shell);
	for (size_t g = 0; g < n_groups; g++)
		strbuf_release(&groups[g].hosts);
	free(groups);
	strbuf_release(&lead);
	free(pad);
}

static void
text_hosts(const struct text_out *to, const struct plan_unit *unit)
{
	struct strbuf sb = STRBUF_INIT;

	if (unit->n_batches > 1 && !unit->phase->rolling)
		strbuf_addf(&sb, "batch %zu of %zu: ", unit->batch_index + 1,
			    unit->n_batches);
	else if (unit->n_targets > 1)
		strbuf_addf(&sb, "%zu at once: ", unit->n_targets);
	for (size_t t = 0; t < unit->n_targets; t++)
		strbuf_addf(&sb, "%s%s", t > 0 ? " " : "",
			    unit->targets[t].host->name);
	text_labelled_prose(to, "Hosts:", strbuf_str(&sb));
	strbuf_release(&sb);
}

static void
text_success(const struct text_out *to, const struct rb_step *step)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "exit status ");
	for (size_t i = 0; i < step->n_ok_exit; i++) {
		const char *sep = i == 0 ? ""
				: i + 1 == step->n_ok_exit ? " or " : ", ";

		strbuf_addf(&sb, "%s%d", sep, step->ok_exit[i]);
	}
	text_labelled_prose(to, "Success:", strbuf_str(&sb));
	strbuf_release(&sb);
}

static const char *
text_action_label(const struct rb_action *act)
{
	switch (act->kind) {
	case RB_ACTION_RUN:
		return "Run:";
	case RB_ACTION_CHECK:
		return "Check:";
	default:
		return "Do:";
	}
}

static void
text_checks(const struct text_out *to, const char *label,
	    const struct plan_unit *unit, enum text_part part, size_t n)
{
	for (size_t i = 0; i < n; i++)
		text_item(to, i == 0 ? label : "", unit, part, i);
}

static void
text_targets(const struct text_out *to, const struct plan_unit *unit)
{
	const struct rb_step *step = unit->step;

	text_hosts(to, unit);
	if (step->probe != NULL) {
		text_item(to, "Probe:", unit, TEXT_PART_PROBE, 0);
		text_labelled_prose(to, "", "(exit 0 means the step has "
				    "already been done on that host)");
	}
	text_checks(to, "Before:", unit, TEXT_PART_BEFORE, step->n_before);
	text_item(to, text_action_label(&step->action), unit,
		  TEXT_PART_ACTION, 0);
	text_checks(to, "After:", unit, TEXT_PART_AFTER, step->n_after);
	if (text_action_is_shell(&step->action))
		text_success(to, step);
}

/* ---- why a unit has no host ------------------------------------------ */

static void
text_role_list(const struct rb_selector *sel, struct strbuf *sb)
{
	for (size_t i = 0; i < sel->n_roles; i++) {
		const char *sep = i == 0 ? ""
				: i + 1 == sel->n_roles ? " or " : ", ";

		strbuf_addf(sb, "%s%s", sep, sel->roles[i]);
	}
}

static void
text_no_host_reason(const struct rb_selector *sel, struct strbuf *sb)
{
	switch (sel->kind) {
	case RB_SELECT_ALL:
	case RB_SELECT_BATCH:
		strbuf_adds(sb, "the inventory has no hosts");
		break;
	case RB_SELECT_ROLES:
	case RB_SELECT_ONCE_ON:
		strbuf_adds(sb, "no host has role ");
		text_role_list(sel, sb);
		break;
	case RB_SELECT_WITHOUT:
		strbuf_addf(sb, "every host has a role %s or %s-*",
			    sel->roles[0], sel->roles[0]);
		break;
	}
}

static void
text_skipped(const struct text_out *to, const struct plan_unit *unit)
{
	const struct rb_selector *sel = unit->phase->rolling
				      ? &unit->phase->rolling_hosts
				      : &unit->step->hosts;
	struct strbuf sb = STRBUF_INIT;

	text_no_host_reason(sel, &sb);
	strbuf_adds(&sb, " (the runbook allows this step to be skipped)");
	text_labelled_prose(to, "Skipped:", strbuf_str(&sb));
	strbuf_release(&sb);
}

/* ---- headings -------------------------------------------------------- */

/* "  1.1  Title ...   [confirm 1/61]": the tag at the right margin, the
 * title wrapped short of it. */
static void
text_unit_heading(const struct text_out *to, const struct plan_unit *unit,
		  const char *tag)
{
	struct strbuf lead = STRBUF_INIT;
	const char *title = unit->step->title;
	size_t len = strlen(title);
	size_t avail;
	size_t n;
	char *pad;

	strbuf_addf(&lead, "  %zu.%zu", unit->phase_index + 1,
		    unit->step_index + 1);
	strbuf_addf(&lead, "%*s", (int)(text_body_indent(to) - lead.len), "");
	avail = to->width - lead.len - strlen(tag) - 1;
	n = text_break(title, len, avail);
	fprintf(to->out, "%s%-*.*s %s\n", strbuf_str(&lead), (int)avail, (int)n,
		title, tag);
	pad = text_spaces(lead.len);
	if (n < len)
		text_prose(to, pad, pad, title + n);
	free(pad);
	strbuf_release(&lead);
}

static void
text_unit(struct text_out *to, const struct plan_unit *unit)
{
	char tag[64];

	if (unit->n_targets > 0)
		snprintf(tag, sizeof tag, "[confirm %zu/%zu]", ++to->confirm,
			 to->n_confirm);
	else
		snprintf(tag, sizeof tag, "[skipped]");
	text_unit_heading(to, unit, tag);
	text_labelled_prose(to, "Why:", unit->step->why);
	if (unit->n_targets > 0)
		text_targets(to, unit);
	else
		text_skipped(to, unit);
}

static void
text_rolling(const struct text_out *to, const struct plan_unit *unit)
{
	size_t size = unit->phase->rolling_batch.size;
	char *value;

	if (size == 0)
		value = xasprintf("all hosts in one batch");
	else
		value = xasprintf("%zu batch%s of %zu host%s; each batch goes "
				  "through every step before the next starts",
				  unit->n_batches,
				  unit->n_batches == 1 ? "" : "es", size,
				  size == 1 ? "" : "s");
	text_prose(to, "  Rolling: ", "           ", value);
	free(value);
}

/* "== Phase 2 of 9: Upgrade Keystone =====": a rule across the page, the
 * strongest break in the plan; a title too long for one line wraps
 * instead. */
static void
text_phase(const struct text_out *to, const struct plan_unit *unit)
{
	const struct rb_phase *phase = unit->phase;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "== Phase %zu of %zu: ", unit->phase_index + 1,
		    to->n_phases);
	text_add_prose(&sb, phase->title);
	strbuf_addc(&sb, ' ');
	fputc('\n', to->out);
	if (sb.len + 2 <= to->width) {
		while (sb.len < to->width)
			strbuf_addc(&sb, '=');
		fprintf(to->out, "%s\n", strbuf_str(&sb));
	} else {
		text_wrap(to, "", "   ", strbuf_str(&sb), sb.len - 1);
	}
	strbuf_release(&sb);
	text_prose(to, "  Why: ", "       ", phase->why);
	if (phase->rolling && unit->n_targets > 0)
		text_rolling(to, unit);
}

/* "  ---- Batch 1 of 3: compute1 -----": a rule across the page, since a
 * batch is where the rollout can pause.  Too many names for one line:
 * the units list them. */
static void
text_batch(const struct text_out *to, const struct plan_unit *unit)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bare;

	strbuf_addf(&sb, "  ---- Batch %zu of %zu", unit->batch_index + 1,
		    unit->n_batches);
	bare = sb.len;
	strbuf_adds(&sb, ":");
	for (size_t t = 0; t < unit->n_targets; t++)
		strbuf_addf(&sb, " %s", unit->targets[t].host->name);
	if (sb.len + 1 > to->width)
		sb.len = bare;
	strbuf_addc(&sb, ' ');
	while (sb.len < to->width)
		strbuf_addc(&sb, '-');
	fprintf(to->out, "\n%.*s\n", (int)sb.len, strbuf_str(&sb));
	strbuf_release(&sb);
}

/* ---- the whole plan -------------------------------------------------- */

static size_t
text_count_steps(const struct runbook *rb)
{
	size_t n = 0;

	for (size_t p = 0; p < rb->n_phases; p++)
		n += rb->phases[p].n_steps;
	return n;
}

static void
text_summary(const struct text_out *to, const struct plan *plan)
{
	const struct runbook *rb = plan->runbook;
	const struct inventory *inv = plan->inventory;
	size_t n_units = plan->n_units;
	char *value;

	fprintf(to->out, "openstack-upgrade plan\n");
	value = xasprintf("%s (%s, sha256 %.12s)", rb->title, rb->id,
			  rb->digest);
	text_prose(to, "  runbook   ", "            ", value);
	free(value);
	value = xasprintf("%s, %zu host%s (inventory %s, sha256 %.12s)",
			  inv->cloud, inv->n_hosts, inv->n_hosts == 1 ? "" : "s",
			  inv->path, inv->digest);
	text_prose(to, "  cloud     ", "            ", value);
	free(value);
	value = xasprintf("%zu steps in %zu phase%s, %zu confirmations",
			  text_count_steps(rb), rb->n_phases,
			  rb->n_phases == 1 ? "" : "s", to->n_confirm);
	if (n_units > to->n_confirm) {
		char *more = xasprintf("%s, %zu skipped", value,
				       n_units - to->n_confirm);

		free(value);
		value = more;
	}
	text_prose(to, "  steps     ", "            ", value);
	free(value);
}

static void
text_measure(struct text_out *to, const struct plan *plan)
{
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];
		char num[64];
		size_t len = (size_t)snprintf(num, sizeof num, "%zu.%zu",
					      unit->phase_index + 1,
					      unit->step_index + 1);

		if (unit->n_targets > 0)
			to->n_confirm++;
		if (len > to->num_width)
			to->num_width = len;
	}
}

static struct text_out
text_out_for(const struct plan *plan, FILE *out, unsigned width)
{
	struct text_out to = {
		.out = out,
		.width = width < TEXT_MIN_WIDTH ? TEXT_MIN_WIDTH : width,
		.num_width = 3,
		.n_phases = plan->runbook->n_phases,
	};

	text_measure(&to, plan);
	return to;
}

void
plan_format_unit(const struct plan *plan, size_t index, FILE *out,
		 unsigned width)
{
	struct text_out to = text_out_for(plan, out, width);

	/* The number in "[confirm k/N]" counts the units before this one. */
	for (size_t u = 0; u < index; u++)
		if (plan->units[u].n_targets > 0)
			to.confirm++;
	text_unit(&to, &plan->units[index]);
}

void
plan_write_text(const struct plan *plan, FILE *out, unsigned width)
{
	struct text_out to = text_out_for(plan, out, width);

	text_summary(&to, plan);
	for (size_t u = 0; u < plan->n_units; u++) {
		const struct plan_unit *unit = &plan->units[u];
		const struct plan_unit *prev = u > 0 ? unit - 1 : NULL;
		bool new_phase = prev == NULL ||
				 prev->phase_index != unit->phase_index;

		if (new_phase)
			text_phase(&to, unit);
		if (unit->phase->rolling && unit->n_targets > 0 &&
		    (new_phase || prev->batch_index != unit->batch_index))
			text_batch(&to, unit);
		fputc('\n', to.out);
		text_unit(&to, unit);
	}
}
