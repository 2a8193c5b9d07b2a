/* lineui_review_say: our text wrapped to the width, and the operator's
 * answers read one line at a time (lineui_review_private.h). */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lineui_review_private.h"
#include "secret.h"
#include "xalloc.h"

/* ---- output ------------------------------------------------------------ */

/* Our own text, its words wrapped to the width; a line's leading spaces
 * are kept, and its wrapped lines are indented two more. */
static void
lr_write_wrapped(const struct lr *lr, const char *text)
{
	const char *p = text;
	size_t col = 0, indent = 0;
	bool has_word = false;

	while (*p != '\0') {
		size_t spaces = strspn(p, " ");
		const char *w = p + spaces;
		size_t len = strcspn(w, " \n");

		if (*w == '\n' || *w == '\0') {
			if (*w == '\n')
				fputc('\n', lr->out);
			p = *w == '\n' ? w + 1 : w;
			col = 0;
			has_word = false;
			continue;
		}
		if (!has_word) {
			fprintf(lr->out, "%*s", (int)spaces, "");
			col = spaces;
			indent = spaces + 2;
		} else if (col + 1 + len > lr->width) {
			fprintf(lr->out, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', lr->out);
			col++;
		}
		fwrite(w, 1, len, lr->out);
		col += len;
		has_word = true;
		p = w + len;
	}
	if (has_word)
		fputc('\n', lr->out);
}

void
lr_say(const struct lr *lr, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	lr_write_wrapped(lr, text);
	free(text);
}

/* Display text from the review (already masked), as it is. */
void
lr_put(const struct lr *lr, const struct strbuf *sb)
{
	fwrite(strbuf_str(sb), 1, sb->len, lr->out);
	if (sb->len > 0 && sb->buf[sb->len - 1] != '\n')
		fputc('\n', lr->out);
}

/* ---- reading answers ------------------------------------------------- */

const char *
lr_take_word(const char *text, char word[LR_WORD_MAX])
{
	const char *p = text + strspn(text, " \t");
	size_t len = strcspn(p, " \t");

	for (size_t i = 0; i < len && i < LR_WORD_MAX - 1; i++)
		word[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a'
							    : p[i]);
	word[len < LR_WORD_MAX - 1 ? len : LR_WORD_MAX - 1] = '\0';
	p += len;
	return p + strspn(p, " \t");
}

bool
lr_ask(const struct lr *lr, const char *prompt, struct lr_answer *a)
{
	fflush(lr->out);
	a->line = NULL;
	if (lr->io->read_line(lr->io->ctx, prompt, &a->line) < 0) {
		free(a->line);
		a->line = NULL;
		return false;
	}
	a->rest = lr_take_word(a->line, a->word);
	return true;
}

/* "HEAD: CHOICES [DEFAULT]: " when it fits the width; else the choices on
 * their own (wrapped) and "HEAD [DEFAULT]: ". */
bool
lr_ask_choices(const struct lr *lr, const char *head, const char *choices,
	       const char *dflt, struct lr_answer *a)
{
	char *prompt = xasprintf("%s: %s [%s]: ", head, choices, dflt);
	bool got;

	if (strlen(prompt) > lr->width) {
		free(prompt);
		lr_say(lr, "%s", choices);
		prompt = xasprintf("%s [%s]: ", head, dflt);
	}
	got = lr_ask(lr, prompt, a);
	free(prompt);
	return got;
}

void
lr_answer_free(struct lr_answer *a)
{
	/* "N edit VALUE" may have carried a secret option's value. */
	secret_free(a->line);
	a->line = NULL;
}

bool
lr_is(const char *word, const char *a, const char *b)
{
	return strcmp(word, a) == 0 || (b != NULL && strcmp(word, b) == 0);
}
