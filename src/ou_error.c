/* ou_error: see include/ou_error.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ou_error.h"

int
ou_error_vset(struct ou_error *err, const char *fmt, va_list ap)
{
	if (err != NULL)
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int
ou_error_set(struct ou_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ou_error_vset(err, fmt, ap);
	va_end(ap);
	return -1;
}

int
ou_error_prefix(struct ou_error *err, const char *fmt, ...)
{
	char prefix[OU_ERROR_MAX];
	char old[OU_ERROR_MAX];
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* Truncation keeps the front of the message, which names the thing. */
	if (snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old) < 0)
		err->msg[0] = '\0';
	return -1;
}
