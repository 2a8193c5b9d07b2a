/* apijson: see include/apijson.h. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "apijson.h"
#include "xalloc.h"

/* JSON numbers are doubles; ids and counts must be whole and within
 * what a double holds exactly. */
static bool
apijson_whole(double v)
{
	return v >= -1e15 && v <= 1e15 && v == (double)(long long)v;
}

/* Longest excerpt of a non-JSON error body put in a message. */
#define APIJSON_EXCERPT 160

static const char *
apijson_kind(const cJSON *item)
{
	if (cJSON_IsString(item))
		return "a string";
	if (cJSON_IsNumber(item))
		return "a number";
	if (cJSON_IsBool(item))
		return "a boolean";
	if (cJSON_IsNull(item))
		return "null";
	if (cJSON_IsArray(item))
		return "a list";
	if (cJSON_IsObject(item))
		return "an object";
	return "something else";
}

static int
apijson_wrong(const struct apijson *ctx, const char *path, const char *key,
	      const char *expected, const cJSON *item)
{
	return ou_error_set(ctx->err, "%s: %s%s%s: expected %s, got %s",
			    ctx->what, path, path[0] != '\0' ? "." : "", key,
			    expected, apijson_kind(item));
}

static int
apijson_missing(const struct apijson *ctx, const char *path, const char *key)
{
	return ou_error_set(ctx->err, "%s: %s%s%s is missing from the reply",
			    ctx->what, path, path[0] != '\0' ? "." : "", key);
}

int
apijson_parse(const struct apijson *ctx, const struct http_response *resp,
	      cJSON **out)
{
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithOpts(resp->body, &end, 1);

	if (json == NULL) {
		size_t at = end != NULL && end >= resp->body
			? (size_t)(end - resp->body) : 0;

		return ou_error_set(ctx->err, "%s: the reply (HTTP %ld) is not "
				    "valid JSON (at byte %zu)", ctx->what,
				    resp->status, at);
	}
	if (!cJSON_IsObject(json)) {
		cJSON_Delete(json);
		return ou_error_set(ctx->err, "%s: the reply (HTTP %ld) is not "
				    "a JSON object", ctx->what, resp->status);
	}
	*out = json;
	return 0;
}

static int
apijson_member(const struct apijson *ctx, const cJSON *obj, const char *path,
	       const char *key, bool required, const cJSON **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (item == NULL || cJSON_IsNull(item))
		return required ? apijson_missing(ctx, path, key) : 0;
	*out = item;
	return 0;
}

int
apijson_object(const struct apijson *ctx, const cJSON *obj, const char *path,
	       const char *key, bool required, const cJSON **out)
{
	const cJSON *item;

	if (apijson_member(ctx, obj, path, key, required, &item) < 0)
		return -1;
	if (item != NULL && !cJSON_IsObject(item))
		return apijson_wrong(ctx, path, key, "an object", item);
	*out = item;
	return 0;
}

int
apijson_array(const struct apijson *ctx, const cJSON *obj, const char *path,
	      const char *key, bool required, const cJSON **out)
{
	const cJSON *item;

	if (apijson_member(ctx, obj, path, key, required, &item) < 0)
		return -1;
	if (item != NULL && !cJSON_IsArray(item))
		return apijson_wrong(ctx, path, key, "a list", item);
	*out = item;
	return 0;
}

int
apijson_string(const struct apijson *ctx, const cJSON *obj, const char *path,
	       const char *key, bool required, char **out)
{
	const cJSON *item;

	if (apijson_member(ctx, obj, path, key, required, &item) < 0)
		return -1;
	if (item != NULL && !cJSON_IsString(item))
		return apijson_wrong(ctx, path, key, "a string", item);
	*out = item != NULL ? xstrdup(item->valuestring) : NULL;
	return 0;
}

int
apijson_id(const struct apijson *ctx, const cJSON *obj, const char *path,
	   const char *key, char **out)
{
	const cJSON *item;
	double v;

	if (apijson_member(ctx, obj, path, key, true, &item) < 0)
		return -1;
	if (cJSON_IsString(item)) {
		*out = xstrdup(item->valuestring);
		return 0;
	}
	v = cJSON_GetNumberValue(item);
	if (!cJSON_IsNumber(item) || !apijson_whole(v) || v < 0)
		return apijson_wrong(ctx, path, key,
				     "a whole number or a string", item);
	*out = xasprintf("%.0f", v);
	return 0;
}

int
apijson_bool(const struct apijson *ctx, const cJSON *obj, const char *path,
	     const char *key, bool dflt, bool *out)
{
	const cJSON *item;

	if (apijson_member(ctx, obj, path, key, false, &item) < 0)
		return -1;
	if (item != NULL && !cJSON_IsBool(item))
		return apijson_wrong(ctx, path, key, "true or false", item);
	*out = item != NULL ? cJSON_IsTrue(item) : dflt;
	return 0;
}

int
apijson_long(const struct apijson *ctx, const cJSON *obj, const char *path,
	     const char *key, long dflt, long *out)
{
	const cJSON *item;
	double v;

	if (apijson_member(ctx, obj, path, key, false, &item) < 0)
		return -1;
	if (item == NULL) {
		*out = dflt;
		return 0;
	}
	v = cJSON_GetNumberValue(item);
	if (!cJSON_IsNumber(item) || !apijson_whole(v))
		return apijson_wrong(ctx, path, key, "a whole number", item);
	*out = (long)v;
	return 0;
}

/* The first member that is an object with a string "message": Nova's
 * {"badRequest": {...}} and Keystone's {"error": {...}} alike.  False
 * when there is none. */
static bool
apijson_fault(const struct apijson *ctx, const struct http_response *resp,
	      const cJSON *json)
{
	const cJSON *fault;

	cJSON_ArrayForEach(fault, json) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(fault,
								    "message");
		const cJSON *title = cJSON_GetObjectItemCaseSensitive(fault,
								      "title");

		if (!cJSON_IsObject(fault) || !cJSON_IsString(msg))
			continue;
		ou_error_set(ctx->err, "%s: HTTP %ld: %s: %s", ctx->what,
			     resp->status,
			     cJSON_IsString(title) ? title->valuestring
						   : fault->string,
			     msg->valuestring);
		return true;
	}
	return false;
}

static int
apijson_excerpt(const struct apijson *ctx, const struct http_response *resp)
{
	char excerpt[APIJSON_EXCERPT + 1];
	size_t n = 0;

	for (const char *p = resp->body; *p != '\0' && n < APIJSON_EXCERPT;
	     p++)
		excerpt[n++] = isprint((unsigned char)*p) ? *p : ' ';
	excerpt[n] = '\0';
	if (n == 0)
		return ou_error_set(ctx->err, "%s: HTTP %ld (empty reply)",
				    ctx->what, resp->status);
	return ou_error_set(ctx->err, "%s: HTTP %ld: %s%s", ctx->what,
			    resp->status, excerpt,
			    resp->body_len > n ? "..." : "");
}

int
apijson_http_error(const struct apijson *ctx, const struct http_response *resp)
{
	cJSON *json = cJSON_Parse(resp->body);
	bool found = json != NULL && apijson_fault(ctx, resp, json);

	cJSON_Delete(json);
	if (!found)
		return apijson_excerpt(ctx, resp);
	return -1;
}
