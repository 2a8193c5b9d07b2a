/* engine_exec: the engine's real executor, over ssh and the Nova API.
 *
 * It fills struct engine_executor_ops (include/engine.h): commands and
 * files through include/ssh.h, one connection per host owned by that
 * host's worker; services, hypervisors, servers and migrations through
 * one Nova client (include/nova.h, include/cloudapi.h) that every worker
 * shares under a lock.  Tests of the engine use a scripted executor
 * instead; the lab tests use this one.
 *
 * Call ssh_transport_init() before engine_new() and
 * ssh_transport_cleanup() after engine_free(). */
#ifndef OU_ENGINE_EXEC_H
#define OU_ENGINE_EXEC_H

#include "cloudapi.h"
#include "engine.h"
#include "inventory.h"

struct engine_exec_options {
	const struct inventory *inv;	/* borrowed: ssh config, known_hosts */
	struct cloudapi *api;		/* borrowed; NULL: no API calls */
	unsigned connect_timeout_ms;	/* 0: ssh's default */
	unsigned io_timeout_ms;		/* 0: ssh's default */
};

struct engine_exec;

struct engine_exec *engine_exec_new(const struct engine_exec_options *opt);
void engine_exec_free(struct engine_exec *x);

/* The operations; their ctx is the struct engine_exec. */
extern const struct engine_executor_ops engine_exec_ops;

#endif
