/* review_plan: the decisions as data the engine executes on each host. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "review_private.h"
#include "xalloc.h"

#define REVIEW_BACKUP_ROOT "/var/lib/openstack-upgrade/backups"

/* The step id becomes a directory name on every host. */
static int
review_check_step(const char *step, struct ou_error *err)
{
	if (step[0] == '\0' || strcmp(step, ".") == 0 || strcmp(step, "..") == 0)
		return ou_error_set(err, "step id \"%s\" cannot name a backup directory",
				    step);
	for (const char *p = step; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-", *p) != NULL))
			return ou_error_set(err,
					    "step id \"%s\": only letters, digits, '.', '_' and '-' can name a backup directory",
					    step);
	return 0;
}

/* The path is written under the backup directory: it must be absolute
 * and may not climb out of it. */
static int
review_check_path(const char *path, struct ou_error *err)
{
	const char *p = path;

	if (path[0] != '/' || strchr(path, '\n') != NULL)
		return ou_error_set(err, "\"%s\" is not an absolute path", path);
	while ((p = strstr(p, "/..")) != NULL) {
		if (p[3] == '/' || p[3] == '\0')
			return ou_error_set(err, "\"%s\" climbs with \"..\"", path);
		p += 3;
	}
	return 0;
}

static void
review_stamp(time_t when, char stamp[32])
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(stamp, 32, "%Y%m%dT%H%M%SZ", &tm);
}

static int
review_plan_host(const struct review *r, size_t host, const char *dir,
		 struct review_write *w, struct ou_error *err)
{
	const struct review_hostrec *h = &r->hosts[host];
	struct strbuf data = STRBUF_INIT;

	if (review_host_result(r, host, &data, err) < 0) {
		strbuf_release(&data);
		return -1;
	}
	*w = (struct review_write){
		.host = xstrdup(h->name),
		.path = xstrdup(r->path),
		.rpmnew_path = xasprintf("%s.rpmnew", r->path),
		.backup_dir = xstrdup(dir),
		.backup_path = xasprintf("%s%s", dir, r->path),
		.rpmnew_backup_path = xasprintf("%s%s.rpmnew", dir, r->path),
		.write = data.len != h->current_len ||
			 memcmp(strbuf_str(&data), h->current, data.len) != 0,
		.len = data.len,
		.decision = r->groups[h->group].decision,
	};
	w->data = strbuf_take(&data);
	if (w->data == NULL)
		w->data = xstrdup("");
	memcpy(w->current_sha256, h->current_sha, sizeof w->current_sha256);
	memcpy(w->rpmnew_sha256, h->rpmnew_sha, sizeof w->rpmnew_sha256);
	return 0;
}

int
review_apply_plan(const struct review *r, const char *step_id, time_t when,
		  struct review_plan **out, struct ou_error *err)
{
	struct review_plan *plan;
	char stamp[32];
	char *dir;

	*out = NULL;
	if (review_check_step(step_id, err) < 0 ||
	    review_check_path(r->path, err) < 0)
		return -1;
	review_stamp(when, stamp);
	dir = xasprintf("%s/%s-%s", REVIEW_BACKUP_ROOT, stamp, step_id);
	plan = xcalloc(1, sizeof *plan);
	plan->writes = xcalloc(r->n_hosts, sizeof *plan->writes);
	for (size_t i = 0; i < r->n_hosts; i++) {
		if (review_plan_host(r, i, dir, &plan->writes[i], err) < 0) {
			review_plan_free(plan);
			free(dir);
			return -1;
		}
		plan->n_writes++;
	}
	free(dir);
	*out = plan;
	return 0;
}

void
review_plan_free(struct review_plan *plan)
{
	if (plan == NULL)
		return;
	for (size_t i = 0; i < plan->n_writes; i++) {
		struct review_write *w = &plan->writes[i];

		free(w->host);
		free(w->path);
		free(w->rpmnew_path);
		free(w->backup_dir);
		free(w->backup_path);
		free(w->rpmnew_backup_path);
		free(w->data);
	}
	free(plan->writes);
	free(plan);
}
