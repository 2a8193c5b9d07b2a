/* apijson: reading the JSON of an OpenStack API reply, for keystone and
 * nova, so that every surprise becomes a message naming the request and
 * the field: "GET http://.../os-services: services[2].id: expected a
 * number or a string, got an object".
 *
 * A struct apijson is the context of one reply: `what` names the request
 * (method and URL) and err receives the message.  Functions return 0 or
 * -1, and leave out values untouched on failure. */
#ifndef OU_APIJSON_H
#define OU_APIJSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "http.h"
#include "ou_error.h"

struct apijson {
	const char *what;	/* "GET http://host:8774/v2.1/os-services" */
	struct ou_error *err;
};

/* The body as JSON; the caller cJSON_Delete()s it. */
int apijson_parse(const struct apijson *ctx, const struct http_response *resp,
		  cJSON **out);

/* obj[key] where path names obj in messages ("" = the top).  The member
 * must be an object / an array; absent is an error when required, else
 * *out = NULL. */
int apijson_object(const struct apijson *ctx, const cJSON *obj,
		   const char *path, const char *key, bool required,
		   const cJSON **out);
int apijson_array(const struct apijson *ctx, const cJSON *obj,
		  const char *path, const char *key, bool required,
		  const cJSON **out);
/* A string member, copied (caller frees); null or absent gives NULL
 * unless required. */
int apijson_string(const struct apijson *ctx, const cJSON *obj,
		   const char *path, const char *key, bool required,
		   char **out);
/* A number or a string member as a string: ids are integers in some
 * microversions and UUIDs in others. */
int apijson_id(const struct apijson *ctx, const cJSON *obj, const char *path,
	       const char *key, char **out);
/* Absent or null gives dflt. */
int apijson_bool(const struct apijson *ctx, const cJSON *obj,
		 const char *path, const char *key, bool dflt, bool *out);
int apijson_long(const struct apijson *ctx, const cJSON *obj,
		 const char *path, const char *key, long dflt, long *out);

/* "what: HTTP 404: itemNotFound: <the service's own message>" from an
 * error reply of Nova ({"itemNotFound":{"message":...}}) or Keystone
 * ({"error":{"title":...,"message":...}}); the start of the body when it
 * has neither.  Always returns -1. */
int apijson_http_error(const struct apijson *ctx,
		       const struct http_response *resp);

#endif
