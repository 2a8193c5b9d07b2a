/* secret: which configuration names hold secrets, how their values are
 * shown, and how memory that held one is freed (the end of this file).
 *
 * The review shows configuration values to the operator, often for many
 * hosts at once; a password, token or key must never appear in anything it
 * displays.  A value whose name is secret is shown as "<secret NAME>", so
 * the operator still sees which setting it is.  A URL's password
 * (mysql://nova:PASSWORD@db/nova) is masked wherever it appears, since a
 * database connection string is named "connection", not "password".
 *
 * Only display text is masked: the merged bytes written to a host keep the
 * real values. */
#ifndef OU_SECRET_H
#define OU_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* True when name (an INI option or a Python setting, any case) holds a
 * secret: it contains "password", "passwd", "secret" or "token", or one of
 * its parts (split at '_', '-' and '.') is "pw" or ends in "key" or "keys"
 * ("admin_token", "neutron_admin_password", "SECRET_KEY", "ssl_key_file",
 * but not "keystone_ec2_url"). */
bool secret_is_name(const char *name);

/* Append "<secret NAME>". */
void secret_add_placeholder(struct strbuf *out, const char *name);

/* Append the display form of name's value: the placeholder when the name
 * is secret, else the value with any URL password replaced by
 * "<secret NAME>". */
void secret_add_value(struct strbuf *out, const char *name, const char *value,
		      size_t len);

/* Append text with every URL password ("scheme://user:PASSWORD@") replaced
 * by "<secret>"; everything else is copied as it is. */
void secret_add_text(struct strbuf *out, const char *text, size_t len);

/* ---- a secret typed on a terminal ----
 *
 * The terminal's echo is off while the operator types one, as a password
 * prompt has it: the value is neither shown nor left in the scrollback or
 * in a transcript of the session.  The credentials' password prompt
 * (cli_api.c) and line mode's secret option values (lineui.c) use these. */
struct termios;
/* Turn fd's echo off, dropping what was typed ahead: true when fd is a
 * terminal, *saved then holding the modes secret_echo_restore() puts
 * back; false (nothing changed) otherwise.  Off before the prompt is
 * shown, so that nothing typed after it is echoed. */
bool secret_echo_off(int fd, struct termios *saved);
void secret_echo_restore(int fd, const struct termios *saved);

/* ---- memory that held a secret ----
 *
 * A password or token must not outlive its use in freed memory, where a
 * core dump or a later bug could show it.  Our own buffers that held one
 * are wiped before they are freed (creds.c, http.c).  libcurl takes
 * allocators (curl_global_init_mem): http.c gives it secret_free() and
 * secret_realloc(), so every block it frees (request headers with
 * X-Auth-Token, the response headers with X-Subject-Token, its buffers)
 * is wiped first.
 *
 * Not covered, as these libraries have no allocator hook of their own
 * or it is process-wide and not ours to set:
 * - libyaml: its input and scalar buffers of clouds.yaml and secure.yaml
 *   (a password among them) are freed unwiped; creds.c wipes the file's
 *   text and the parsed tree, which it owns;
 * - OpenSSL (the TLS records, encrypted and plain), cJSON (the
 *   authentication body keystone.c builds), and stdio buffers
 *   outside creds.c (which reads its files unbuffered);
 * - the kernel's socket buffers, and memory swapped out meanwhile. */

/* Wipe the whole block p (from malloc(): malloc_usable_size() bytes,
 * which may be more than were asked for).  p may be NULL. */
void secret_wipe_block(void *p);
/* secret_wipe_block(), then free().  p may be NULL. */
void secret_free(void *p);
/* As realloc(), but a block that must move is copied to a new one here
 * and the old one freed with secret_free(), instead of being released
 * unwiped by realloc().  Blocks from malloc(), calloc() or strdup(). */
void *secret_realloc(void *p, size_t size);
/* explicit_bzero(p, len), then free(); for a buffer whose length is
 * known (a file's text).  p may be NULL. */
void secret_free_buf(void *p, size_t len);

#endif
