/* findings: the .rpmnew files the engine's review steps found, grouped
 * by step and file, with the hosts each one is on.
 *
 * A review step's action lists, on each host, the .rpmnew files beside
 * the configuration files of the packages just upgraded (one path a
 * line).  Its output is collected here per step and host as it streams,
 * and read into groups when the action ends; a new review of the same
 * step on the same host replaces what the last one found there.  No
 * curses here. */
#ifndef OU_UI_FINDINGS_H
#define OU_UI_FINDINGS_H

#include <stddef.h>

struct finding {
	const char *step;	/* the review step's id */
	const char *path;	/* "/etc/nova/nova.conf.rpmnew" */
	const char *const *hosts;	/* in the order they reported it */
	size_t n_hosts;
};

struct findings;

struct findings *findings_new(void);
void findings_free(struct findings *f);

/* A review action starts on host: forget what step found there before. */
void findings_begin(struct findings *f, const char *step, const char *host);
void findings_output(struct findings *f, const char *step, const char *host,
		     const char *data, size_t len);
/* The action ended: its lines become findings. */
void findings_end(struct findings *f, const char *step, const char *host);

/* Groups, in the order they were first found; a group's strings live
 * until the next change. */
size_t findings_count(const struct findings *f);
struct finding findings_at(const struct findings *f, size_t i);

#endif
