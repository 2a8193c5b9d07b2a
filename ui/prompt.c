/* prompt: see ui/prompt.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prompt.h"
#include "xalloc.h"

static char *
prompt_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static bool
prompt_same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Same question: same kind, choices, unit, text and hosts.  The serial
 * moves only when one of these does, so a redraw of the same question
 * does not make the operator read it again. */
static bool
prompt_same(const struct ui_prompt *p, const struct engine_prompt *e)
{
	if (!p->present || p->kind != e->kind || p->choices != e->choices ||
	    p->n_hosts != e->n_hosts || !prompt_same_str(p->unit, e->unit) ||
	    !prompt_same_str(p->text, e->text != NULL ? e->text : "") ||
	    !prompt_same_str(p->host, e->host) ||
	    !prompt_same_str(p->fingerprint, e->fingerprint))
		return false;
	for (size_t i = 0; i < p->n_hosts; i++)
		if (strcmp(p->hosts[i], e->hosts[i]) != 0)
			return false;
	return p->batch_default == e->batch_default &&
	       p->batch_max == e->batch_max &&
	       p->live_warning == e->live_warning;
}

void
ui_prompt_release(struct ui_prompt *p)
{
	unsigned serial = p->serial;

	free(p->unit);
	free(p->step);
	free(p->title);
	free(p->text);
	free(p->digest);
	for (size_t i = 0; i < p->n_hosts; i++)
		free(p->hosts[i]);
	free(p->hosts);
	free(p->host);
	free(p->fingerprint);
	free(p->key_type);
	*p = (struct ui_prompt){ .serial = serial };
}

bool
ui_prompt_take(struct ui_prompt *p, struct engine *e)
{
	const struct engine_prompt *ep = engine_prompt(e);
	unsigned serial = p->serial;

	if (prompt_same(p, ep))
		return false;
	ui_prompt_release(p);
	*p = (struct ui_prompt){
		.present = true, .kind = ep->kind, .choices = ep->choices,
		.unit = prompt_dup(ep->unit), .step = prompt_dup(ep->step),
		.title = prompt_dup(ep->title),
		.text = xstrdup(ep->text != NULL ? ep->text : ""),
		.digest = prompt_dup(ep->digest),
		.hosts = xcalloc(ep->n_hosts + 1, sizeof *p->hosts),
		.n_hosts = ep->n_hosts,
		.host = prompt_dup(ep->host),
		.fingerprint = prompt_dup(ep->fingerprint),
		.key_type = prompt_dup(ep->key_type),
		.batch_default = ep->batch_default,
		.batch_max = ep->batch_max,
		.live_warning = ep->live_warning,
		.serial = serial + 1,
	};
	for (size_t i = 0; i < ep->n_hosts; i++)
		p->hosts[i] = xstrdup(ep->hosts[i]);
	return true;
}

bool
ui_prompt_waits(const struct ui_prompt *p)
{
	if (!p->present)
		return false;
	switch (p->kind) {
	case ENGINE_PROMPT_BUSY:
	case ENGINE_PROMPT_STOPPED:
	case ENGINE_PROMPT_DONE:
		return false;
	default:
		return true;
	}
}

/* ---- the decisions a question allows ------------------------------------ */

struct prompt_decision {
	enum action action;
	unsigned choice;	/* the engine's bit that allows it */
	/* The label, by the kind of question; NULL: the default. */
	const char *label;
	const char *label_unknown;
	const char *label_hostkey;
};

static const struct prompt_decision decisions[] = {
	{ .action = ACTION_CONFIRM, .choice = ENGINE_CHOICE_CONFIRM,
	  .label = "run it", .label_unknown = "run the probe",
	  .label_hostkey = "accept the key" },
	{ .action = ACTION_REFUSE, .choice = ENGINE_CHOICE_HOSTKEY,
	  .label = "refuse the key" },
	{ .action = ACTION_SKIP, .choice = ENGINE_CHOICE_SKIP,
	  .label = "skip (why?)" },
	{ .action = ACTION_RETRY, .choice = ENGINE_CHOICE_RETRY,
	  .label = "retry", .label_unknown = "re-run" },
	{ .action = ACTION_MARK_DONE, .choice = ENGINE_CHOICE_DECIDE,
	  .label = "mark done" },
	{ .action = ACTION_MARK_FAILED, .choice = ENGINE_CHOICE_DECIDE,
	  .label = "mark failed" },
	{ .action = ACTION_OVERRIDE, .choice = ENGINE_CHOICE_OVERRIDE,
	  .label = "override (why?)" },
	{ .action = ACTION_BATCH, .choice = ENGINE_CHOICE_BATCH,
	  .label = "batch size" },
	{ .action = ACTION_MIGRATION, .choice = ENGINE_CHOICE_MIGRATION,
	  .label = "live / cold / none" },
	{ .action = ACTION_STOP, .choice = ENGINE_CHOICE_STOP,
	  .label = "stop" },
	/* Not a decision here: the key opens the review screen, where the
	 * files are decided and applied. */
	{ .action = ACTION_REVIEW, .choice = ENGINE_CHOICE_REVIEW,
	  .label = "review them" },
};

static const struct prompt_decision *
prompt_decision(enum action action)
{
	for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
		if (decisions[i].action == action)
			return &decisions[i];
	return NULL;
}

/* The engine's bit for the action here: a host key is accepted with the
 * confirming key, and an unknown outcome is run again with retry's. */
static unsigned
prompt_choice_for(const struct ui_prompt *p, const struct prompt_decision *d)
{
	if (p->kind == ENGINE_PROMPT_HOSTKEY && d->action == ACTION_CONFIRM)
		return ENGINE_CHOICE_HOSTKEY;
	if (p->kind == ENGINE_PROMPT_UNKNOWN && d->action == ACTION_RETRY)
		return ENGINE_CHOICE_DECIDE;
	return d->choice;
}

bool
ui_prompt_allows(const struct ui_prompt *p, enum action action)
{
	const struct prompt_decision *d = prompt_decision(action);

	if (!p->present || d == NULL)
		return false;
	/* Nothing is confirmed without the digest of what was shown. */
	if (action == ACTION_CONFIRM && p->kind != ENGINE_PROMPT_HOSTKEY &&
	    p->digest == NULL)
		return false;
	return (p->choices & prompt_choice_for(p, d)) != 0;
}

const char *
ui_prompt_label(const struct ui_prompt *p, enum action action)
{
	const struct prompt_decision *d = prompt_decision(action);
	const char *label = NULL;

	if (!ui_prompt_allows(p, action))
		return "";
	if (p->kind == ENGINE_PROMPT_UNKNOWN)
		label = d->label_unknown;
	else if (p->kind == ENGINE_PROMPT_HOSTKEY)
		label = d->label_hostkey;
	return label != NULL ? label : d->label;
}

const char *
ui_prompt_heading(const struct ui_prompt *p)
{
	static const char *const headings[] = {
		[ENGINE_PROMPT_BUSY] = "Running",
		[ENGINE_PROMPT_CONFIRM] = "Run this step?",
		[ENGINE_PROMPT_FAILED] = "The step failed",
		[ENGINE_PROMPT_GATE] = "A gate failed",
		[ENGINE_PROMPT_UNKNOWN] = "The outcome is unknown",
		[ENGINE_PROMPT_HOSTKEY] = "An unknown host key",
		[ENGINE_PROMPT_BATCH_SIZE] = "How many hosts at once?",
		[ENGINE_PROMPT_MIGRATION] = "How should the instances move?",
		[ENGINE_PROMPT_STOPPED] = "Stopped",
		[ENGINE_PROMPT_DONE] = "Finished",
		[ENGINE_PROMPT_REVIEW] = "New configuration files to review",
	};

	if (!p->present)
		return "Nothing runs from here";
	return p->kind < sizeof headings / sizeof headings[0]
	       ? headings[p->kind] : "";
}
