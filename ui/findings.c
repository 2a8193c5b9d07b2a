/* findings: see ui/findings.h. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "strbuf.h"
#include "xalloc.h"

struct finding_group {
	char *step;
	char *path;
	char **hosts;
	size_t n_hosts;
};

/* The output of one review action while it runs. */
struct finding_run {
	char *step;
	char *host;
	struct strbuf out;
};

struct findings {
	struct finding_group *groups;
	size_t n_groups;
	struct finding_run *runs;
	size_t n_runs;
};

struct findings *
findings_new(void)
{
	struct findings *f = xcalloc(1, sizeof *f);

	return f;
}

static void
findings_free_run(struct finding_run *run)
{
	free(run->step);
	free(run->host);
	strbuf_release(&run->out);
}

void
findings_free(struct findings *f)
{
	if (f == NULL)
		return;
	for (size_t g = 0; g < f->n_groups; g++) {
		for (size_t h = 0; h < f->groups[g].n_hosts; h++)
			free(f->groups[g].hosts[h]);
		free(f->groups[g].hosts);
		free(f->groups[g].step);
		free(f->groups[g].path);
	}
	for (size_t r = 0; r < f->n_runs; r++)
		findings_free_run(&f->runs[r]);
	free(f->groups);
	free(f->runs);
	free(f);
}

static struct finding_run *
findings_run(struct findings *f, const char *step, const char *host,
	     bool create)
{
	struct finding_run *run;

	for (size_t r = 0; r < f->n_runs; r++)
		if (strcmp(f->runs[r].step, step) == 0 &&
		    strcmp(f->runs[r].host, host) == 0)
			return &f->runs[r];
	if (!create)
		return NULL;
	f->runs = xreallocarray(f->runs, f->n_runs + 1, sizeof *f->runs);
	run = &f->runs[f->n_runs++];
	*run = (struct finding_run){ .step = xstrdup(step),
				     .host = xstrdup(host) };
	return run;
}

/* Take host out of every group of step; a group left empty goes. */
static void
findings_forget(struct findings *f, const char *step, const char *host)
{
	size_t kept = 0;

	for (size_t g = 0; g < f->n_groups; g++) {
		struct finding_group *grp = &f->groups[g];
		size_t n = 0;

		for (size_t h = 0; h < grp->n_hosts; h++) {
			if (strcmp(grp->step, step) == 0 &&
			    strcmp(grp->hosts[h], host) == 0)
				free(grp->hosts[h]);
			else
				grp->hosts[n++] = grp->hosts[h];
		}
		grp->n_hosts = n;
		if (n == 0) {
			free(grp->hosts);
			free(grp->step);
			free(grp->path);
			continue;
		}
		f->groups[kept++] = *grp;
	}
	f->n_groups = kept;
}

void
findings_begin(struct findings *f, const char *step, const char *host)
{
	if (step == NULL || host == NULL)
		return;
	findings_forget(f, step, host);
	strbuf_reset(&findings_run(f, step, host, true)->out);
}

void
findings_output(struct findings *f, const char *step, const char *host,
		const char *data, size_t len)
{
	struct finding_run *run;

	if (step == NULL || host == NULL)
		return;
	run = findings_run(f, step, host, true);
	strbuf_add(&run->out, data, len);
}

static void
findings_add(struct findings *f, const char *step, const char *host,
	     const char *path, size_t len)
{
	struct finding_group *grp = NULL;

	for (size_t g = 0; g < f->n_groups && grp == NULL; g++)
		if (strcmp(f->groups[g].step, step) == 0 &&
		    strlen(f->groups[g].path) == len &&
		    memcmp(f->groups[g].path, path, len) == 0)
			grp = &f->groups[g];
	if (grp == NULL) {
		f->groups = xreallocarray(f->groups, f->n_groups + 1,
					  sizeof *f->groups);
		grp = &f->groups[f->n_groups++];
		*grp = (struct finding_group){ .step = xstrdup(step),
					       .path = xstrndup(path, len) };
	}
	grp->hosts = xreallocarray(grp->hosts, grp->n_hosts + 1,
				   sizeof *grp->hosts);
	grp->hosts[grp->n_hosts++] = xstrdup(host);
}

void
findings_end(struct findings *f, const char *step, const char *host)
{
	struct finding_run *run;
	const char *p;

	if (step == NULL || host == NULL)
		return;
	run = findings_run(f, step, host, false);
	if (run == NULL)
		return;
	for (p = strbuf_str(&run->out); *p != '\0';) {
		size_t len = strcspn(p, "\n");
		size_t start = strspn(p, " \t");

		if (start < len)
			findings_add(f, step, host, p + start, len - start);
		p += len + (p[len] == '\n');
	}
	strbuf_reset(&run->out);
}

size_t
findings_count(const struct findings *f)
{
	return f->n_groups;
}

struct finding
findings_at(const struct findings *f, size_t i)
{
	const struct finding_group *grp;

	if (i >= f->n_groups)
		return (struct finding){ .step = "", .path = "" };
	grp = &f->groups[i];
	return (struct finding){
		.step = grp->step, .path = grp->path,
		.hosts = (const char *const *)grp->hosts,
		.n_hosts = grp->n_hosts,
	};
}
