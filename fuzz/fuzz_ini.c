/* Fuzz target: the INI parser and Horizon's settings parser, and their
 * promises: what parses writes back byte for byte, and an edit reads back
 * as made (a set value is what get returns; a commented-out or removed
 * option is no longer set), with the edited file parsing afresh to the
 * same lines, sections and entries. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "pysettings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_check_bytes(const char *what, const struct strbuf *out,
		 const uint8_t *data, size_t size)
{
	if (out->len != size || memcmp(strbuf_str(out), data, size) != 0) {
		fprintf(stderr, "%s does not write back the bytes it read\n",
			what);
		abort();
	}
}

static void
fuzz_check_reparses(const struct ini *ini)
{
	struct strbuf out = STRBUF_INIT;
	struct ini *again = NULL;
	struct ou_error err;

	ini_write(ini, &out);
	if (ini_parse("edited", strbuf_str(&out), out.len, &again, &err) < 0) {
		fprintf(stderr, "an edit made a file that does not parse: %s\n",
			err.msg);
		abort();
	}
	if (ini_line_count(again) != ini_line_count(ini) ||
	    ini_entry_count(again) != ini_entry_count(ini) ||
	    ini_section_count(again) != ini_section_count(ini)) {
		fprintf(stderr, "an edited file reads differently afresh\n");
		abort();
	}
	ini_free(again);
	strbuf_release(&out);
}

/* Edit the first option (or default) the file has, three ways. */
static void
fuzz_ini_edits(struct ini *ini)
{
	const struct ini_entry *e = ini_entry_at(ini, 0);
	struct ou_error err;
	char *section, *key;
	const char *value = " a \"quoted\" value ";
	const char *got;

	if (e == NULL)
		return;
	section = strdup(ini_section_at(ini, e->section)->name);
	key = strdup(e->key);
	if (section == NULL || key == NULL)
		abort();
	if (ini_set(ini, section, key, value, &err) == 0) {
		got = ini_get(ini, section, key);
		if (got == NULL || strcmp(got, value) != 0)
			abort();
		fuzz_check_reparses(ini);
		if (ini_comment_out(ini, section, key) == 0 ||
		    ini_get(ini, section, key) != NULL)
			abort();
		fuzz_check_reparses(ini);
	}
	if (ini_set(ini, "fuzz new section", "fuzz_key", "v", &err) < 0 ||
	    strcmp(ini_get(ini, "fuzz new section", "fuzz_key"), "v") != 0)
		abort();
	if (ini_remove(ini, "fuzz new section", "fuzz_key") != 1 ||
	    ini_get(ini, "fuzz new section", "fuzz_key") != NULL)
		abort();
	fuzz_check_reparses(ini);
	free(section);
	free(key);
}

static void
fuzz_ini(const uint8_t *data, size_t size)
{
	struct ini *ini = NULL;
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;

	if (ini_parse("fuzz.conf", (const char *)data, size, &ini, &err) < 0)
		return;
	ini_write(ini, &out);
	fuzz_check_bytes("ini", &out, data, size);
	fuzz_ini_edits(ini);
	strbuf_release(&out);
	ini_free(ini);
}

static void
fuzz_pysettings(const uint8_t *data, size_t size)
{
	struct pysettings *ps = NULL;
	struct strbuf out = STRBUF_INIT;
	struct ou_error err;
	const char *got;

	if (pysettings_parse("local_settings", (const char *)data, size, &ps,
			     &err) < 0)
		return;
	pysettings_write(ps, &out);
	fuzz_check_bytes("pysettings", &out, data, size);
	if (pysettings_set(ps, "FUZZ_NAME", "{'a': [1, 2]}", &err) < 0 ||
	    (got = pysettings_get(ps, "FUZZ_NAME")) == NULL ||
	    strcmp(got, "{'a': [1, 2]}") != 0) {
		fprintf(stderr, "setting a new name failed: %s\n", err.msg);
		abort();
	}
	strbuf_release(&out);
	pysettings_free(ps);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ini(data, size);
	fuzz_pysettings(data, size);
	return 0;
}
