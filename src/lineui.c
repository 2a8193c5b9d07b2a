/* lineui: see include/lineui.h. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include "lineui.h"
#include "lineui_review.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

#define ANSWER_MAX 1024

struct lineui {
	const struct plan *plan;
	int in_fd;
	FILE *out;
	int sig_fd;
	unsigned signals;	/* received so far */
	bool eof;		/* the terminal closed */
	struct strbuf *partial;	/* per host: an output line not ended yet */
	bool *partial_err;
	size_t n_hosts;
};

struct lineui *
lineui_new(const struct plan *plan, int in_fd, FILE *out)
{
	struct lineui *ui = xcalloc(1, sizeof *ui);
	sigset_t set;

	ui->plan = plan;
	ui->in_fd = in_fd;
	ui->out = out;
	ui->n_hosts = plan->inventory->n_hosts;
	ui->partial = xcalloc(ui->n_hosts + 1, sizeof *ui->partial);
	ui->partial_err = xcalloc(ui->n_hosts + 1, sizeof *ui->partial_err);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	ui->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return ui;
}

void
lineui_free(struct lineui *ui)
{
	if (ui == NULL)
		return;
	for (size_t i = 0; i <= ui->n_hosts; i++)
		strbuf_release(&ui->partial[i]);
	free(ui->partial);
	free(ui->partial_err);
	if (ui->sig_fd >= 0)
		close(ui->sig_fd);
	free(ui);
}

/* ---- events ---------------------------------------------------------- */

static size_t
ui_host_slot(const struct lineui *ui, const char *host)
{
	const struct inventory *inv = ui->plan->inventory;

	for (size_t h = 0; host != NULL && h < inv->n_hosts; h++)
		if (strcmp(inv->hosts[h].name, host) == 0)
			return h;
	return ui->n_hosts;
}

/* Every output line gets its host in front, so that the hosts of a
 * batch, running at once, can be told apart. */
static void
ui_output(struct lineui *ui, const struct engine_event *ev)
{
	size_t slot = ui_host_slot(ui, ev->host);
	struct strbuf *line = &ui->partial[slot];

	for (size_t i = 0; i < ev->len; i++) {
		if (ev->text[i] != '\n') {
			strbuf_addc(line, ev->text[i]);
			continue;
		}
		fprintf(ui->out, "%s%s %s\n", ev->host ? ev->host : "nova",
			ev->is_stderr ? "!" : "|", strbuf_str(line));
		strbuf_reset(line);
	}
	ui->partial_err[slot] = ev->is_stderr;
}

static void
ui_flush_host(struct lineui *ui, const char *host)
{
	size_t slot = ui_host_slot(ui, host);

	if (ui->partial[slot].len == 0)
		return;
	fprintf(ui->out, "%s%s %s\n", host ? host : "nova",
		ui->partial_err[slot] ? "!" : "|",
		strbuf_str(&ui->partial[slot]));
	strbuf_reset(&ui->partial[slot]);
}

static void
ui_action_end(struct lineui *ui, const struct engine_event *ev)
{
	const char *host = ev->host ? ev->host : "nova";

	ui_flush_host(ui, ev->host);
	if (ev->status == ENGINE_OP_OK && ev->exit_status >= 0)
		fprintf(ui->out, "[%s] %s: exit %d\n", host, ev->what,
			ev->exit_status);
	else if (ev->status == ENGINE_OP_OK)
		fprintf(ui->out, "[%s] %s: done\n", host, ev->what);
	else
		fprintf(ui->out, "[%s] %s: %s: %s\n", host, ev->what,
			ev->status == ENGINE_OP_UNKNOWN ? "outcome unknown"
							: "not done",
			ev->text ? ev->text : "");
}

static void
ui_state(struct lineui *ui, const struct engine_event *ev)
{
	const char *note = ev->text;
	int len = note != NULL ? (int)strcspn(note, "\n") : 0;

	if (ev->state != ENGINE_DONE && ev->state != ENGINE_FAILED &&
	    ev->state != ENGINE_UNKNOWN && ev->state != ENGINE_SKIPPED)
		return;
	fprintf(ui->out, "[%s] %s: %s%s%.*s\n", ev->host, ev->step,
		engine_state_name(ev->state), len > 0 ? ": " : "", len,
		note != NULL ? note : "");
}

void
lineui_event(void *ctx, const struct engine_event *ev)
{
	struct lineui *ui = ctx;

	switch (ev->kind) {
	case ENGINE_EVENT_UNIT_START:
		fprintf(ui->out, "\n>>> %s: %s\n", ev->unit, ev->text);
		break;
	case ENGINE_EVENT_ACTION_START:
		fprintf(ui->out, "[%s] %s %s %s\n",
			ev->host ? ev->host : "nova", ev->what,
			ev->shell ? "$" : ">", ev->text);
		break;
	case ENGINE_EVENT_OUTPUT:
		ui_output(ui, ev);
		break;
	case ENGINE_EVENT_ACTION_END:
		ui_action_end(ui, ev);
		break;
	case ENGINE_EVENT_PROGRESS:
		fprintf(ui->out, "[%s] ... %s\n", ev->host ? ev->host : "nova",
			ev->text);
		break;
	case ENGINE_EVENT_STATE:
		ui_state(ui, ev);
		break;
	case ENGINE_EVENT_UNIT_END:
		break;
	case ENGINE_EVENT_NOTE:
		fprintf(ui->out, "note: %s\n", ev->text);
		break;
	}
	fflush(ui->out);
}

/* ---- reading answers ------------------------------------------------- */

static void
ui_take_signals(struct lineui *ui)
{
	struct signalfd_siginfo si;

	while (ui->sig_fd >= 0 &&
	       read(ui->sig_fd, &si, sizeof si) == (ssize_t)sizeof si)
		ui->signals++;
}

/* One line from the terminal, without its newline; false on a signal or
 * when the terminal is gone (both mean: stop asking). */
static bool
ui_read_line(struct lineui *ui, char *buf, size_t size)
{
	struct pollfd fds[2] = {
		{ .fd = ui->in_fd, .events = POLLIN },
		{ .fd = ui->sig_fd, .events = POLLIN },
	};
	ssize_t n;

	for (;;) {
		if (poll(fds, ui->sig_fd >= 0 ? 2 : 1, -1) < 0 &&
		    errno != EINTR)
			return false;
		if (fds[1].revents & POLLIN) {
			ui_take_signals(ui);
			return false;
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
			break;
	}
	n = read(ui->in_fd, buf, size - 1);
	if (n <= 0) {
		ui->eof = true;
		return false;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

static bool
ui_ask(struct lineui *ui, const char *question, char *buf, size_t size)
{
	fprintf(ui->out, "%s", question);
	fflush(ui->out);
	if (!ui_read_line(ui, buf, size)) {
		fputc('\n', ui->out);
		return false;
	}
	return true;
}

/* The first word of an answer, lower-cased in place. */
static char *
ui_word(char *answer)
{
	char *w = answer + strspn(answer, " \t");

	w[strcspn(w, " \t")] = '\0';
	for (char *p = w; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return w;
}

static bool
ui_is(const char *word, const char *a, const char *b)
{
	return strcmp(word, a) == 0 || (b != NULL && strcmp(word, b) == 0);
}

static void
ui_refused(struct lineui *ui, const struct ou_error *err)
{
	fprintf(ui->out, "refused: %s\n", err->msg);
}

/* A reason typed on the terminal; false if none came. */
static bool
ui_reason(struct lineui *ui, const char *what, char *buf, size_t size)
{
	return ui_ask(ui, what, buf, size);
}

/* ---- prompts ----------------------------------------------------------- */

enum ui_next {
	UI_AGAIN,	/* ask the engine what it needs now */
	UI_QUIT,
};

static enum ui_next
ui_skip(struct lineui *ui, struct engine *e)
{
	char reason[ANSWER_MAX];
	struct ou_error err;

	if (!ui_reason(ui, "Why skip it (this goes in the journal)? ", reason,
		       sizeof reason))
		return UI_QUIT;
	if (engine_skip(e, reason, &err) < 0)
		ui_refused(ui, &err);
	return UI_AGAIN;
}

static enum ui_next
ui_batch(struct lineui *ui, struct engine *e, const char *arg)
{
	const struct engine_prompt *p = engine_prompt(e);
	char answer[ANSWER_MAX];
	struct ou_error err;
	char *end;
	unsigned long n;

	if (arg == NULL || *arg == '\0') {
		char *q = xasprintf("Batch size, 1 to %zu [%zu]: ",
				    p->batch_max, p->batch_default);
		bool got = ui_ask(ui, q, answer, sizeof answer);

		free(q);
		if (!got)
			return UI_QUIT;
		arg = answer + strspn(answer, " \t");
	}
	n = *arg == '\0' ? p->batch_default : strtoul(arg, &end, 10);
	if (*arg != '\0' && (*end != '\0' && *end != ' ')) {
		fprintf(ui->out, "not a number: %s\n", arg);
		return UI_AGAIN;
	}
	if (engine_set_batch_size(e, n, &err) < 0)
		ui_refused(ui, &err);
	return UI_AGAIN;
}

static enum ui_next
ui_migration_word(struct lineui *ui, struct engine *e, const char *w)
{
	struct ou_error err;
	enum rb_migrate_mode mode;

	if (ui_is(w, "l", "live"))
		mode = RB_MIGRATE_LIVE;
	else if (ui_is(w, "c", "cold"))
		mode = RB_MIGRATE_COLD;
	else
		mode = RB_MIGRATE_NONE;
	if (engine_set_migration(e, mode, &err) < 0)
		ui_refused(ui, &err);
	return UI_AGAIN;
}

static void
ui_show(struct lineui *ui, const struct engine_prompt *p)
{
	fprintf(ui->out, "\n%s", p->text);
	if (p->text[0] != '\0' && p->text[strlen(p->text) - 1] != '\n')
		fputc('\n', ui->out);
}

static enum ui_next
ui_confirm(struct lineui *ui, struct engine *e)
{
	const struct engine_prompt *p = engine_prompt(e);
	char *digest = xstrdup(p->digest);
	struct strbuf q = STRBUF_INIT;
	char answer[ANSWER_MAX];
	struct ou_error err;
	enum ui_next next = UI_AGAIN;
	char *w;

	ui_show(ui, p);
	strbuf_adds(&q, "Run it? [y]es, [n]o (skip, with a reason)");
	if (p->choices & ENGINE_CHOICE_BATCH)
		strbuf_adds(&q, ", [b]atch size N");
	if (p->choices & ENGINE_CHOICE_MIGRATION)
		strbuf_adds(&q, ", [l]ive / [c]old / n[o]ne migration");
	strbuf_adds(&q, ", [q]uit: ");
	if (!ui_ask(ui, strbuf_str(&q), answer, sizeof answer)) {
		next = UI_QUIT;
	} else {
		char *rest = answer + strspn(answer, " \t");

		rest += strcspn(rest, " \t");
		rest += strspn(rest, " \t");
		w = ui_word(answer);
		if (ui_is(w, "y", "yes")) {
			if (engine_confirm(e, digest, &err) < 0)
				ui_refused(ui, &err);
		} else if (ui_is(w, "n", "no") || ui_is(w, "s", "skip")) {
			next = ui_skip(ui, e);
		} else if (ui_is(w, "q", "quit")) {
			next = UI_QUIT;
		} else if ((p->choices & ENGINE_CHOICE_BATCH) &&
			   ui_is(w, "b", "batch")) {
			next = ui_batch(ui, e, rest);
		} else if ((p->choices & ENGINE_CHOICE_MIGRATION) &&
			   (ui_is(w, "l", "live") || ui_is(w, "c", "cold") ||
			    ui_is(w, "o", "none"))) {
			next = ui_migration_word(ui, e, w);
		} else {
			fprintf(ui->out, "answer y, n, q%s\n",
				p->choices & ENGINE_CHOICE_BATCH ? " or b N" : "");
		}
	}
	strbuf_release(&q);
	free(digest);
	return next;
}

static enum ui_next
ui_review_apply(struct lineui *ui, struct engine *e)
{
	struct strbuf plan = STRBUF_INIT;
	char answer[ANSWER_MAX];
	char digest[65];
	struct ou_error err;
	enum ui_next next = UI_AGAIN;
	char *w;

	if (engine_review_text(e, &plan, digest, &err) < 0) {
		ui_refused(ui, &err);
		strbuf_release(&plan);
		return UI_AGAIN;
	}
	fprintf(ui->out, "\n%s", strbuf_str(&plan));
	strbuf_release(&plan);
	if (!ui_ask(ui, "Apply? [y]es, [N]o (review again), [s]kip (with a "
		    "reason), [q]uit: ", answer, sizeof answer))
		return UI_QUIT;
	w = ui_word(answer);
	if (ui_is(w, "y", "yes")) {
		if (engine_apply_review(e, digest, &err) < 0)
			ui_refused(ui, &err);
	} else if (ui_is(w, "s", "skip")) {
		next = ui_skip(ui, e);
	} else if (ui_is(w, "q", "quit")) {
		next = UI_QUIT;
	}
	return next;
}

/* lineui_review's way of asking: our terminal, signals included. */
static int
ui_review_read(void *ctx, const char *prompt, char **line)
{
	struct lineui *ui = ctx;
	char answer[ANSWER_MAX];

	*line = NULL;
	if (!ui_ask(ui, prompt, answer, sizeof answer))
		return -1;
	*line = xstrdup(answer);
	return 0;
}

/* The same for a secret option's value: the terminal's echo off before
 * the prompt shows (secret.h), so nothing typed after it is echoed or
 * kept in a transcript; the line is wiped from our buffer. */
static int
ui_review_read_secret(void *ctx, const char *prompt, char **line)
{
	struct lineui *ui = ctx;
	char answer[ANSWER_MAX];
	struct termios saved;
	bool quiet = secret_echo_off(ui->in_fd, &saved);
	bool got;

	*line = NULL;
	fprintf(ui->out, "%s", prompt);
	fflush(ui->out);
	got = ui_read_line(ui, answer, sizeof answer);
	if (quiet)
		secret_echo_restore(ui->in_fd, &saved);
	/* The Enter that ended it was not echoed either. */
	fputc('\n', ui->out);
	if (got)
		*line = xstrdup(answer);
	explicit_bzero(answer, sizeof answer);
	return got ? 0 : -1;
}

static enum ui_next
ui_review_postponed(struct lineui *ui, struct engine *e)
{
	char answer[ANSWER_MAX];
	char *w;

	if (!ui_ask(ui, "Nothing is applied. [r]eview again, [s]kip the step "
		    "(with a reason), [q]uit (resume later): ", answer,
		    sizeof answer))
		return UI_QUIT;
	w = ui_word(answer);
	if (ui_is(w, "s", "skip"))
		return ui_skip(ui, e);
	if (ui_is(w, "q", "quit"))
		return UI_QUIT;
	return UI_AGAIN;
}

/* File by file, group by group (lineui_review.h), then the whole plan
 * to confirm. */
static enum ui_next
ui_review(struct lineui *ui, struct engine *e)
{
	size_t n = engine_review_count(e);
	struct review **reviews = xcalloc(n + 1, sizeof *reviews);
	struct lineui_review_io io = {
		.read_line = ui_review_read,
		.read_secret = ui_review_read_secret, .ctx = ui,
		.out = ui->out, .width = 0,
	};
	int rc;

	for (size_t i = 0; i < n; i++)
		reviews[i] = engine_review_at(e, i);
	ui_show(ui, engine_prompt(e));
	rc = lineui_review_run(&io, reviews, n);
	free(reviews);
	if (rc < 0)
		return UI_QUIT;
	if (rc > 0)
		return ui_review_postponed(ui, e);
	return ui_review_apply(ui, e);
}

static enum ui_next
ui_failed(struct lineui *ui, struct engine *e, bool gate)
{
	const struct engine_prompt *p = engine_prompt(e);
	char answer[ANSWER_MAX];
	char reason[ANSWER_MAX];
	char *host = p->host != NULL ? xstrdup(p->host) : NULL;
	struct ou_error err;
	enum ui_next next = UI_AGAIN;
	char *w;

	ui_show(ui, p);
	if (!ui_ask(ui, gate ? "[r]etry, [s]kip (with a reason), [o]verride "
		    "the gate (with a reason), [q]uit: "
		    : "[r]etry, [s]kip (with a reason), [q]uit: ", answer,
		    sizeof answer)) {
		free(host);
		return UI_QUIT;
	}
	w = ui_word(answer);
	if (ui_is(w, "r", "retry")) {
		if (engine_retry(e, &err) < 0)
			ui_refused(ui, &err);
	} else if (ui_is(w, "s", "skip") || ui_is(w, "n", "no")) {
		next = ui_skip(ui, e);
	} else if (gate && ui_is(w, "o", "override")) {
		if (!ui_reason(ui, "Why is it safe to go on (this goes in the "
			       "journal)? ", reason, sizeof reason))
			next = UI_QUIT;
		else if (engine_override_gate(e, host, reason, &err) < 0)
			ui_refused(ui, &err);
	} else if (ui_is(w, "q", "quit")) {
		next = UI_QUIT;
	}
	free(host);
	return next;
}

static enum ui_next
ui_unknown(struct lineui *ui, struct engine *e)
{
	const struct engine_prompt *p = engine_prompt(e);
	char *digest = p->digest != NULL ? xstrdup(p->digest) : NULL;
	char *host = xstrdup(p->n_hosts > 0 ? p->hosts[0] : "");
	char answer[ANSWER_MAX];
	struct ou_error err;
	enum ui_next next = UI_AGAIN;
	char *q;
	char *w;

	ui_show(ui, p);
	q = xasprintf("%s%s: [r]e-run, mark [d]one, mark [f]ailed, [q]uit: ",
		      digest != NULL ? "[p]robe first (shown above), or for "
				     : "For ", host);
	if (!ui_ask(ui, q, answer, sizeof answer)) {
		next = UI_QUIT;
	} else {
		w = ui_word(answer);
		if (digest != NULL && ui_is(w, "p", "probe")) {
			if (engine_confirm(e, digest, &err) < 0)
				ui_refused(ui, &err);
		} else if (ui_is(w, "r", "rerun") || ui_is(w, "re-run", NULL)) {
			if (engine_decide_unknown(e, host, ENGINE_DECIDE_RERUN,
						  &err) < 0)
				ui_refused(ui, &err);
		} else if (ui_is(w, "d", "done")) {
			if (engine_decide_unknown(e, host,
						  ENGINE_DECIDE_MARK_DONE,
						  &err) < 0)
				ui_refused(ui, &err);
		} else if (ui_is(w, "f", "failed")) {
			if (engine_decide_unknown(e, host,
						  ENGINE_DECIDE_MARK_FAILED,
						  &err) < 0)
				ui_refused(ui, &err);
		} else if (ui_is(w, "q", "quit")) {
			next = UI_QUIT;
		}
	}
	free(q);
	free(host);
	free(digest);
	return next;
}

static enum ui_next
ui_hostkey(struct lineui *ui, struct engine *e)
{
	const struct engine_prompt *p = engine_prompt(e);
	char *fingerprint = xstrdup(p->fingerprint);
	char answer[ANSWER_MAX];
	struct ou_error err;
	enum ui_next next = UI_AGAIN;
	char *w;

	ui_show(ui, p);
	if (!ui_ask(ui, "Accept this key? [y]es, [n]o, [q]uit: ", answer,
		    sizeof answer)) {
		free(fingerprint);
		return UI_QUIT;
	}
	w = ui_word(answer);
	if (ui_is(w, "y", "yes")) {
		if (engine_accept_hostkey(e, fingerprint, &err) < 0)
			ui_refused(ui, &err);
	} else if (ui_is(w, "n", "no")) {
		if (engine_refuse_hostkey(e, &err) < 0)
			ui_refused(ui, &err);
	} else if (ui_is(w, "q", "quit")) {
		next = UI_QUIT;
	}
	free(fingerprint);
	return next;
}

static enum ui_next
ui_migration(struct lineui *ui, struct engine *e)
{
	const struct engine_prompt *p = engine_prompt(e);
	char answer[ANSWER_MAX];
	char *w;

	ui_show(ui, p);
	if (!ui_ask(ui, "[l]ive, [c]old, n[o]ne (leave them), [s]kip (with a "
		    "reason), [q]uit: ", answer, sizeof answer))
		return UI_QUIT;
	w = ui_word(answer);
	if (ui_is(w, "q", "quit"))
		return UI_QUIT;
	if (ui_is(w, "s", "skip"))
		return ui_skip(ui, e);
	if (ui_is(w, "l", "live") || ui_is(w, "c", "cold") ||
	    ui_is(w, "o", "none"))
		return ui_migration_word(ui, e, w);
	fprintf(ui->out, "answer l, c, o, s or q\n");
	return UI_AGAIN;
}

/* ---- running ------------------------------------------------------------ */

/* Wait for the workers; a signal asks the engine to stop, a second one
 * quits without waiting. */
static enum ui_next
ui_wait(struct lineui *ui, struct engine *e)
{
	struct pollfd fds[2] = {
		{ .fd = engine_fd(e), .events = POLLIN },
		{ .fd = ui->sig_fd, .events = POLLIN },
	};
	struct ou_error err;
	unsigned before = ui->signals;

	if (poll(fds, ui->sig_fd >= 0 ? 2 : 1, 1000) < 0 && errno != EINTR)
		return UI_QUIT;
	if (fds[1].revents & POLLIN)
		ui_take_signals(ui);
	if (ui->signals > before && ui->signals == 1) {
		fprintf(ui->out, "\nstopping: what runs now finishes, nothing "
			"new starts (interrupt again to quit at once; the "
			"journal keeps what ran)\n");
		engine_stop(e);
	} else if (ui->signals > 1) {
		return UI_QUIT;
	}
	if (engine_dispatch(e, &err) < 0)
		fprintf(ui->out, "%s\n", err.msg);
	return UI_AGAIN;
}

static enum ui_next
ui_step(struct lineui *ui, struct engine *e)
{
	const struct engine_prompt *p = engine_prompt(e);

	switch (p->kind) {
	case ENGINE_PROMPT_BUSY:
		return ui_wait(ui, e);
	case ENGINE_PROMPT_CONFIRM:
		return ui_confirm(ui, e);
	case ENGINE_PROMPT_REVIEW:
		return ui_review(ui, e);
	case ENGINE_PROMPT_FAILED:
		return ui_failed(ui, e, false);
	case ENGINE_PROMPT_GATE:
		return ui_failed(ui, e, true);
	case ENGINE_PROMPT_UNKNOWN:
		return ui_unknown(ui, e);
	case ENGINE_PROMPT_HOSTKEY:
		return ui_hostkey(ui, e);
	case ENGINE_PROMPT_BATCH_SIZE:
		ui_show(ui, p);
		return ui_batch(ui, e, NULL);
	case ENGINE_PROMPT_MIGRATION:
		return ui_migration(ui, e);
	case ENGINE_PROMPT_STOPPED:
	case ENGINE_PROMPT_DONE:
		break;
	}
	return UI_QUIT;
}

/* One line per phase: how many of its step-host pairs are in each state. */
static void
ui_summary(struct lineui *ui, struct engine *e)
{
	const struct plan *plan = ui->plan;
	size_t counts[ENGINE_UNKNOWN + 1];
	size_t p = (size_t)-1;

	fprintf(ui->out, "\nSummary:\n");
	for (size_t u = 0; u <= plan->n_units; u++) {
		const struct plan_unit *unit = u < plan->n_units
					     ? &plan->units[u] : NULL;

		if (unit == NULL || unit->phase_index != p) {
			if (p != (size_t)-1) {
				fprintf(ui->out, "  %-28s", plan->runbook->phases[p].id);
				for (int s = 0; s <= ENGINE_UNKNOWN; s++)
					if (counts[s] > 0)
						fprintf(ui->out, " %zu %s", counts[s],
							engine_state_name(s));
				fputc('\n', ui->out);
			}
			if (unit == NULL)
				break;
			p = unit->phase_index;
			memset(counts, 0, sizeof counts);
		}
		for (size_t t = 0; t < unit->n_targets; t++)
			counts[engine_cell_state(e, unit->step->id,
						 unit->targets[t].host->name)]++;
	}
}

int
lineui_run(struct lineui *ui, struct engine *e)
{
	enum engine_prompt_kind end;

	/* Bounded by the operator: each turn either waits a second for the
	 * workers or reads an answer. */
	while (ui_step(ui, e) == UI_AGAIN)
		;
	if (engine_busy(e) && ui->signals < 2) {
		fprintf(ui->out, "waiting for the running commands to end\n");
		engine_stop(e);
		while (engine_busy(e) && ui->signals < 2)
			ui_wait(ui, e);
	}
	end = engine_prompt(e)->kind;
	ui_summary(ui, e);
	if (end == ENGINE_PROMPT_DONE) {
		fprintf(ui->out, "The upgrade is finished: every step is done "
			"or skipped.\n");
		return 0;
	}
	fprintf(ui->out, "Stopped before the end. Run the same command "
		"again to resume where it stopped.\n");
	return 1;
}

bool
lineui_abandoned(const struct lineui *ui)
{
	return ui->signals > 1;
}
