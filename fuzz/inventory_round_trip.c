/* See fuzz/inventory_round_trip.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_round_trip.h"

/* The YAML form without its header comment, which names the source:
 * two equal inventories give the same text. */
static char *
fuzz_yaml_body(const struct inventory *inv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	const char *body;
	char *copy;

	if (out == NULL)
		abort();
	inventory_write_yaml(inv, out);
	if (fclose(out) != 0)
		abort();
	body = text;
	while (*body == '#')
		body += strcspn(body, "\n") + 1;
	copy = strdup(body);
	free(text);
	if (copy == NULL)
		abort();
	return copy;
}

void
fuzz_check_round_trip(const struct inventory *inv)
{
	char *body = fuzz_yaml_body(inv);
	struct inventory *again = NULL;
	struct ou_error err;
	char *body_again;

	if (inventory_load_buffer("written.yaml", body, strlen(body), &again,
				  &err) < 0) {
		fprintf(stderr, "written YAML does not load: %s\n%s", err.msg,
			body);
		abort();
	}
	body_again = fuzz_yaml_body(again);
	if (strcmp(body, body_again) != 0) {
		fprintf(stderr, "written YAML loads to another inventory:\n"
			"%s\n---\n%s", body, body_again);
		abort();
	}
	free(body_again);
	inventory_free(again);
	free(body);
}

