/* secret: which configuration names hold secrets, and how their values
 * are shown.
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

#endif
