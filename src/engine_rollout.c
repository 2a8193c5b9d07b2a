/* engine_rollout: the batches of a rolling phase and the migration
 * planner (see include/engine.h and src/engine_private.h).
 *
 * A batch is formed when its first unit is confirmed, from the hosts of
 * the phase that have not finished it, in inventory order, and written
 * to the journal; until then the operator may change the batch size and
 * the batch shown changes with it.  A batch stays the batch until every
 * host of it has finished the phase: a host that failed holds its batch
 * (and so the rollout) until the operator retries or skips it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine_private.h"
#include "strbuf.h"
#include "xalloc.h"

/* The hosts of a rolling phase: those of its first step, in order. */
static size_t
rolling_hosts(const struct engine *e, size_t phase, size_t *hosts)
{
	size_t g = e->phase_first_step[phase];
	size_t n = 0;

	for (size_t h = 0; h < e->n_hosts; h++)
		if (engine_target_at(e, g, h) != NULL)
			hosts[n++] = h;
	return n;
}

bool
engine_host_rollout_done(const struct engine *e, size_t phase, size_t host)
{
	for (size_t g = e->phase_first_step[phase];
	     g < e->phase_first_step[phase + 1]; g++) {
		if (engine_target_at(e, g, host) == NULL)
			continue;
		if (!engine_state_terminal(engine_cell_at(e, g, host)->state))
			return false;
	}
	return true;
}

size_t
engine_rolling_left(const struct engine *e, size_t phase)
{
	size_t *hosts = xcalloc(e->n_hosts + 1, sizeof *hosts);
	size_t n = rolling_hosts(e, phase, hosts);
	size_t left = 0;

	for (size_t i = 0; i < n; i++)
		if (!engine_host_rollout_done(e, phase, hosts[i]))
			left++;
	free(hosts);
	return left;
}

static bool
rolling_batch_open(const struct engine *e, size_t phase)
{
	const struct engine_rolling *r = &e->rolling[phase];

	for (size_t i = 0; i < r->n_batch; i++)
		if (!engine_host_rollout_done(e, phase, r->batch[i]))
			return true;
	return false;
}

/* The next batch: the first `size` hosts that have not finished. */
static size_t
rolling_next_batch(const struct engine *e, size_t phase, size_t *batch)
{
	size_t *hosts = xcalloc(e->n_hosts + 1, sizeof *hosts);
	size_t n = rolling_hosts(e, phase, hosts);
	size_t size = e->rolling[phase].size;
	size_t k = 0;

	for (size_t i = 0; i < n && k < size; i++)
		if (!engine_host_rollout_done(e, phase, hosts[i]))
			batch[k++] = hosts[i];
	free(hosts);
	return k;
}

/* The first step of the phase some host of the batch still needs. */
static bool
rolling_step_of_batch(struct engine *e, size_t phase, struct engine_unit *u)
{
	for (size_t g = e->phase_first_step[phase];
	     g < e->phase_first_step[phase + 1]; g++) {
		u->n_hosts = 0;
		for (size_t i = 0; i < u->n_batch; i++) {
			size_t h = u->batch[i];

			if (engine_target_at(e, g, h) != NULL &&
			    !engine_state_terminal(engine_cell_at(e, g, h)->state))
				u->hosts[u->n_hosts++] = h;
		}
		if (u->n_hosts > 0) {
			u->step = g;
			return true;
		}
	}
	return false;
}

static size_t
rolling_batch_count(const struct engine *e, size_t phase, size_t done)
{
	size_t left = engine_rolling_left(e, phase);
	size_t size = e->rolling[phase].size;

	if (size == 0)
		return done + 1;
	return done + (left + size - 1) / size;
}

bool
engine_rolling_unit(struct engine *e, size_t phase, struct engine_unit *u,
		    bool *need_size)
{
	struct engine_rolling *r = &e->rolling[phase];
	bool open = rolling_batch_open(e, phase);

	memset(u, 0, sizeof *u);
	if (!open && engine_rolling_left(e, phase) == 0)
		return false;
	if (!open && !r->size_chosen) {
		*need_size = true;
		return false;
	}
	u->batch = xcalloc(e->n_hosts + 1, sizeof *u->batch);
	u->hosts = xcalloc(e->n_hosts + 1, sizeof *u->hosts);
	if (open) {
		memcpy(u->batch, r->batch, r->n_batch * sizeof *r->batch);
		u->n_batch = r->n_batch;
		u->batch_no = r->batch_no;
		u->n_batches = rolling_batch_count(e, phase, r->batch_no - 1);
	} else {
		u->n_batch = rolling_next_batch(e, phase, u->batch);
		u->batch_no = r->batch_no + 1;
		u->tentative_batch = true;
		u->n_batches = rolling_batch_count(e, phase, r->batch_no);
	}
	u->phase = phase;
	u->plan_unit = ENGINE_NONE;
	if (!rolling_step_of_batch(e, phase, u)) {
		engine_unit_clear(u);
		return false;
	}
	u->valid = true;
	return true;
}

/* The tentative batch of the current unit becomes the batch. */
int
engine_rolling_commit(struct engine *e, struct ou_error *err)
{
	struct engine_unit *u = &e->cur;
	struct engine_rolling *r = &e->rolling[u->phase];
	char *list;
	int rc;

	if (!u->tentative_batch)
		return 0;
	list = engine_host_list(e, u->batch, u->n_batch);
	rc = engine_journal(e, &(struct journal_record){
		.kind = JOURNAL_NOTE,
		.step = e->rb->phases[u->phase].id,
		.what = "batch",
		.text = list,
		.exit_status = -1,
	}, err);
	free(list);
	if (rc < 0)
		return -1;
	free(r->batch);
	r->batch = xcalloc(u->n_batch + 1, sizeof *r->batch);
	memcpy(r->batch, u->batch, u->n_batch * sizeof *u->batch);
	r->n_batch = u->n_batch;
	r->batch_no = u->batch_no;
	u->tentative_batch = false;
	return 0;
}

/* ---- the RPC cap ------------------------------------------------------- */

/* "3.23.1" < "3.32", compared number by number. */
static bool
version_below(const char *v, unsigned major, unsigned minor)
{
	char *end;
	unsigned long a = strtoul(v, &end, 10);
	unsigned long b = 0;

	if (end == v)
		return false;
	if (*end == '.')
		b = strtoul(end + 1, NULL, 10);
	return a < major || (a == major && b < minor);
}

static bool
action_is_compute_cap(const struct rb_action *act)
{
	return (act->kind == RB_ACTION_INI_SET ||
		act->kind == RB_ACTION_INI_COMMENT) &&
	       strcmp(act->ini.section, "upgrade_levels") == 0 &&
	       strcmp(act->ini.option, "compute") == 0;
}

/* Read from the runbook: the last step before `step` that sets or
 * comments out [upgrade_levels] compute says whether the cap holds.  An
 * alias such as "icehouse" is below 3.32 too. */
bool
engine_capped_below_332(const struct engine *e, size_t step)
{
	const struct plan_target *t = NULL;
	bool capped = false;

	for (size_t g = 0; g < step && g < e->n_steps; g++) {
		const struct rb_action *act = &e->steps[g]->action;

		if (!action_is_compute_cap(act))
			continue;
		capped = act->kind == RB_ACTION_INI_SET;
		t = NULL;
		for (size_t h = 0; h < e->n_hosts && t == NULL; h++)
			t = engine_target_at(e, g, h);
		if (capped && t != NULL && t->call.value != NULL &&
		    t->call.value[0] >= '0' && t->call.value[0] <= '9')
			capped = version_below(t->call.value, 3, 32);
	}
	return capped;
}

/* ---- the migration planner ------------------------------------------- */

static void
mig_why_not(const struct engine_mig_compute *c, long ram, long vcpus,
	    long disk, struct strbuf *sb)
{
	strbuf_addf(sb, "%s: ", c->host);
	if (!c->enabled)
		strbuf_adds(sb, "disabled");
	else if (!c->up)
		strbuf_adds(sb, "down");
	else if (!c->juno)
		strbuf_adds(sb, "not upgraded to Juno yet");
	else if (c->free_ram_mb < ram)
		strbuf_addf(sb, "%ld MB RAM free", c->free_ram_mb);
	else if (c->free_vcpus < vcpus)
		strbuf_addf(sb, "%ld vCPUs free", c->free_vcpus);
	else if (c->free_disk_gb < disk)
		strbuf_addf(sb, "%ld GB disk free", c->free_disk_gb);
	else
		strbuf_adds(sb, "?");
}

static bool
mig_fits(const struct engine_mig_compute *c, const long *room,
	 const struct engine_mig_instance *in)
{
	return c->enabled && c->up && c->juno && room[0] >= in->ram_mb &&
	       room[1] >= in->vcpus && room[2] >= in->disk_gb;
}

static int
mig_refuse(const struct engine_mig_compute *computes, size_t n_computes,
	   long (*room)[3], const struct engine_mig_instance *in,
	   struct ou_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "instance %s (%s) fits on no compute: it needs "
		    "%ld MB RAM, %ld vCPUs and %ld GB disk",
		    in->name, in->id, in->ram_mb, in->vcpus, in->disk_gb);
	if (n_computes == 0)
		strbuf_adds(&sb, ", and Nova lists no other compute");
	for (size_t c = 0; c < n_computes; c++) {
		struct engine_mig_compute left = computes[c];

		left.free_ram_mb = room[c][0];
		left.free_vcpus = room[c][1];
		left.free_disk_gb = room[c][2];
		strbuf_adds(&sb, c == 0 ? " (" : "; ");
		mig_why_not(&left, in->ram_mb, in->vcpus, in->disk_gb, &sb);
		if (c + 1 == n_computes)
			strbuf_adds(&sb, ")");
	}
	ou_error_set(err, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return -1;
}

/* Largest first (by RAM), each to the eligible compute with the most RAM
 * left: simple, and it never leaves a large instance stranded behind
 * small ones that took the only big hole. */
int
engine_plan_migration(const struct engine_mig_compute *computes,
		      size_t n_computes,
		      const struct engine_mig_instance *instances,
		      size_t n_instances, size_t *target,
		      struct ou_error *err)
{
	long (*room)[3] = xcalloc(n_computes + 1, sizeof *room);
	bool *placed = xcalloc(n_instances + 1, sizeof *placed);
	int rc = 0;

	for (size_t c = 0; c < n_computes; c++) {
		room[c][0] = computes[c].free_ram_mb;
		room[c][1] = computes[c].free_vcpus;
		room[c][2] = computes[c].free_disk_gb;
	}
	for (size_t k = 0; k < n_instances && rc == 0; k++) {
		size_t big = ENGINE_NONE;
		size_t best = ENGINE_NONE;

		for (size_t i = 0; i < n_instances; i++)
			if (!placed[i] && (big == ENGINE_NONE ||
					   instances[i].ram_mb >
					   instances[big].ram_mb))
				big = i;
		for (size_t c = 0; c < n_computes; c++)
			if (mig_fits(&computes[c], room[c], &instances[big]) &&
			    (best == ENGINE_NONE || room[c][0] > room[best][0]))
				best = c;
		if (best == ENGINE_NONE) {
			rc = mig_refuse(computes, n_computes, room,
					&instances[big], err);
			break;
		}
		placed[big] = true;
		target[big] = best;
		room[best][0] -= instances[big].ram_mb;
		room[best][1] -= instances[big].vcpus;
		room[best][2] -= instances[big].disk_gb;
	}
	free(room);
	free(placed);
	return rc;
}

void
engine_mig_computes_free(struct engine_mig_compute *c, size_t n)
{
	for (size_t i = 0; c != NULL && i < n; i++)
		free(c[i].host);
	free(c);
}

void
engine_mig_instances_free(struct engine_mig_instance *in, size_t n)
{
	for (size_t i = 0; in != NULL && i < n; i++) {
		free(in[i].id);
		free(in[i].name);
		free(in[i].status);
	}
	free(in);
}
