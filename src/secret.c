/* secret: see include/secret.h. */
#include "config.h"

#include <ctype.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "secret.h"
#include "xalloc.h"

static const char *const secret_words[] = {
	"password", "passwd", "secret", "token",
};

static bool
secret_part_is_secret(const char *part, size_t len)
{
	if (len == 2 && memcmp(part, "pw", 2) == 0)
		return true;
	if (len >= 3 && memcmp(part + len - 3, "key", 3) == 0)
		return true;
	return len >= 4 && memcmp(part + len - 4, "keys", 4) == 0;
}

bool
secret_is_name(const char *name)
{
	char *lower = xstrdup(name);
	bool secret = false;

	for (char *p = lower; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < sizeof secret_words / sizeof *secret_words; i++)
		if (strstr(lower, secret_words[i]) != NULL)
			secret = true;
	for (const char *p = lower; !secret && *p != '\0';) {
		size_t len = strcspn(p, "_-.");

		secret = secret_part_is_secret(p, len);
		p += len;
		if (*p != '\0')
			p++;
	}
	free(lower);
	return secret;
}

void
secret_add_placeholder(struct strbuf *out, const char *name)
{
	strbuf_addf(out, "<secret %s>", name);
}

/* Where a URL's host list ends: the path, query, fragment, or anything
 * that cannot be part of an unquoted URL. */
static bool
secret_ends_authority(char c)
{
	return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' ||
	       isspace((unsigned char)c);
}

/* One "user:password@host" of an authority (a list of them separated by
 * commas, as rabbit:// URLs have): copy it with the password masked. */
static void
secret_add_userinfo(struct strbuf *out, const char *seg, size_t len,
		    const char *name)
{
	const char *at = NULL;
	const char *colon;

	for (size_t i = 0; i < len; i++)
		if (seg[i] == '@')
			at = seg + i;
	colon = at != NULL ? memchr(seg, ':', (size_t)(at - seg)) : NULL;
	if (colon == NULL) {
		strbuf_add(out, seg, len);
		return;
	}
	strbuf_add(out, seg, (size_t)(colon - seg) + 1);
	if (name != NULL)
		secret_add_placeholder(out, name);
	else
		strbuf_adds(out, "<secret>");
	strbuf_add(out, at, len - (size_t)(at - seg));
}

static size_t
secret_add_authority(struct strbuf *out, const char *text, size_t len,
		     const char *name)
{
	size_t end = 0;

	while (end < len && !secret_ends_authority(text[end]))
		end++;
	for (size_t start = 0; start < end;) {
		const char *comma = memchr(text + start, ',', end - start);
		size_t seg = comma != NULL ? (size_t)(comma - text) - start
					   : end - start;

		secret_add_userinfo(out, text + start, seg, name);
		start += seg;
		if (start < end) {
			strbuf_addc(out, ',');
			start++;
		}
	}
	return end;
}

static void
secret_add_masked_urls(struct strbuf *out, const char *text, size_t len,
		       const char *name)
{
	size_t i = 0;

	while (i < len) {
		const char *sep = memmem(text + i, len - i, "://", 3);
		size_t upto;

		if (sep == NULL) {
			strbuf_add(out, text + i, len - i);
			return;
		}
		upto = (size_t)(sep - text) + 3;
		strbuf_add(out, text + i, upto - i);
		i = upto + secret_add_authority(out, text + upto, len - upto,
						name);
	}
}

void
secret_add_value(struct strbuf *out, const char *name, const char *value,
		 size_t len)
{
	if (secret_is_name(name))
		secret_add_placeholder(out, name);
	else
		secret_add_masked_urls(out, value, len, name);
}

void
secret_add_text(struct strbuf *out, const char *text, size_t len)
{
	secret_add_masked_urls(out, text, len, NULL);
}

/* ---- memory that held a secret ---- */

/* ---- a secret typed on a terminal ---- */

bool
secret_echo_off(int fd, struct termios *saved)
{
	struct termios quiet;

	if (tcgetattr(fd, saved) != 0)
		return false;
	quiet = *saved;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	return true;
}

void
secret_echo_restore(int fd, const struct termios *saved)
{
	tcsetattr(fd, TCSAFLUSH, saved);
}

void
secret_wipe_block(void *p)
{
	if (p != NULL)
		explicit_bzero(p, malloc_usable_size(p));
}

void
secret_free(void *p)
{
	secret_wipe_block(p);
	free(p);
}

void *
secret_realloc(void *p, size_t size)
{
	size_t have;
	void *moved;

	if (p == NULL)
		return malloc(size);
	have = malloc_usable_size(p);
	/* Shrinking keeps the block: its tail is wiped when it is freed. */
	if (size <= have && size > 0)
		return p;
	/* A block realloc() moved would be freed unwiped: move it here. */
	moved = malloc(size > 0 ? size : 1);
	if (moved == NULL)
		return NULL;
	memcpy(moved, p, have < size ? have : size);
	secret_free(p);
	return moved;
}

void
secret_free_buf(void *p, size_t len)
{
	if (p != NULL)
		explicit_bzero(p, len);
	free(p);
}
