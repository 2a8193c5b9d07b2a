/* responder: see tests/tools/responder.h. */
#include "config.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "responder.h"
#include "strbuf.h"
#include "xalloc.h"

#define RESPONDER_SCRIPT OU_TEST_DATA "/../tools/responder.py"

struct responder {
	cJSON *script;
	char dir[64];
	char *script_path;
	char *log_path;
	pid_t pid;
	int stdin_fd;
	int port;
	bool tls;
	char *url;
	cJSON *log;
};

struct responder *
responder_new(void)
{
	struct responder *r = xcalloc(1, sizeof *r);

	r->script = cJSON_CreateObject();
	cJSON_AddBoolToObject(r->script, "rewrite", 1);
	cJSON_AddArrayToObject(r->script, "replies");
	strcpy(r->dir, "/tmp/ou-responder-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	r->script_path = xasprintf("%s/script.json", r->dir);
	r->log_path = xasprintf("%s/log.jsonl", r->dir);
	r->pid = -1;
	r->stdin_fd = -1;
	return r;
}

void
responder_tls(struct responder *r, const char *cert, const char *key)
{
	cJSON *tls = cJSON_AddObjectToObject(r->script, "tls");

	cJSON_AddStringToObject(tls, "cert", cert);
	cJSON_AddStringToObject(tls, "key", key);
	r->tls = true;
}

void
responder_rewrite(struct responder *r, bool on)
{
	cJSON_ReplaceItemInObject(r->script, "rewrite", cJSON_CreateBool(on));
}

static void
responder_add_string(cJSON *obj, const char *key, const char *value)
{
	if (value != NULL)
		cJSON_AddStringToObject(obj, key, value);
}

void
responder_reply(struct responder *r, const struct responder_reply *reply)
{
	cJSON *item = cJSON_CreateObject();

	responder_add_string(item, "method", reply->method);
	responder_add_string(item, "path", reply->path);
	cJSON_AddNumberToObject(item, "status",
				reply->status != 0 ? reply->status : 200);
	responder_add_string(item, "headers", reply->headers);
	responder_add_string(item, "body", reply->body);
	responder_add_string(item, "body_file", reply->body_file);
	cJSON_AddNumberToObject(item, "delay_ms", reply->delay_ms);
	cJSON_AddItemToArray(cJSON_GetObjectItem(r->script, "replies"), item);
}

static void
responder_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static int
responder_read_port(int fd)
{
	char line[64];
	size_t len = 0;
	int port = 0;

	while (len + 1 < sizeof line) {
		ssize_t n = read(fd, line + len, 1);

		if (n <= 0 || line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	assert_int_equal(sscanf(line, "PORT %d", &port), 1);
	return port;
}

void
responder_start(struct responder *r)
{
	char *text = cJSON_Print(r->script);
	int in[2], out[2];

	responder_write_file(r->script_path, text);
	free(text);
	responder_write_file(r->log_path, "");
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	r->pid = fork();
	assert_true(r->pid >= 0);
	if (r->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("python3", "python3", RESPONDER_SCRIPT, r->script_path,
		       r->log_path, OU_TEST_DATA, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	r->stdin_fd = in[1];
	r->port = responder_read_port(out[0]);
	close(out[0]);
}

const char *
responder_url(struct responder *r, const char *path)
{
	free(r->url);
	r->url = xasprintf("%s://127.0.0.1:%d%s", r->tls ? "https" : "http",
			   r->port, path);
	return r->url;
}

static void
responder_load_log(struct responder *r)
{
	FILE *f = fopen(r->log_path, "r");
	char line[65536];

	assert_non_null(f);
	cJSON_Delete(r->log);
	r->log = cJSON_CreateArray();
	while (fgets(line, sizeof line, f) != NULL) {
		cJSON *entry = cJSON_Parse(line);

		assert_non_null(entry);
		cJSON_AddItemToArray(r->log, entry);
	}
	fclose(f);
}

size_t
responder_count(struct responder *r)
{
	responder_load_log(r);
	return (size_t)cJSON_GetArraySize(r->log);
}

/* Reloads only for a request not yet seen, so strings handed out stay
 * valid until then or until responder_count(). */
static cJSON *
responder_entry(struct responder *r, size_t i)
{
	cJSON *entry = cJSON_GetArrayItem(r->log, (int)i);

	if (entry == NULL) {
		responder_load_log(r);
		entry = cJSON_GetArrayItem(r->log, (int)i);
	}
	assert_non_null(entry);
	return entry;
}

static const char *
responder_field(struct responder *r, size_t i, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(responder_entry(r, i),
							key));
}

const char *
responder_method(struct responder *r, size_t i)
{
	return responder_field(r, i, "method");
}

const char *
responder_path(struct responder *r, size_t i)
{
	return responder_field(r, i, "path");
}

const char *
responder_body(struct responder *r, size_t i)
{
	return responder_field(r, i, "body");
}

const char *
responder_header(struct responder *r, size_t i, const char *name)
{
	char lower[128];
	cJSON *entry;
	size_t n;

	for (n = 0; name[n] != '\0' && n + 1 < sizeof lower; n++)
		lower[n] = (char)tolower((unsigned char)name[n]);
	lower[n] = '\0';
	entry = responder_entry(r, i);
	return cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(entry, "headers"), lower));
}

int
responder_peer_port(struct responder *r, size_t i)
{
	return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(
		responder_entry(r, i), "peer_port"));
}

void
responder_free(struct responder *r)
{
	if (r == NULL)
		return;
	if (r->pid > 0) {
		/* Closing its stdin makes it exit; the signal is for a hang. */
		close(r->stdin_fd);
		kill(r->pid, SIGTERM);
		waitpid(r->pid, NULL, 0);
	}
	unlink(r->script_path);
	unlink(r->log_path);
	rmdir(r->dir);
	cJSON_Delete(r->script);
	cJSON_Delete(r->log);
	free(r->script_path);
	free(r->log_path);
	free(r->url);
	free(r);
}
