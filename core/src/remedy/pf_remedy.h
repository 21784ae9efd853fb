/*
 * Remedies inside the core: plan (pure), apply through an executor,
 * journal every change, undo from the journal.
 *
 * The executor is a table of function pointers so that the unit tests run
 * the whole apply/undo path against a fake, and the real one (systemd on
 * Linux, the SCM and HTTP.sys on Windows) is chosen by the platform.
 */
#ifndef PF_REMEDY_H
#define PF_REMEDY_H

#include <stdio.h>

#include "preflight_internal.h"
#include "pf_journal.h"

/* The plan, apply and undo API is public (preflight.h): the CLI's fix and
 * undo use it.  Here: what only the core and its tests need. */

/* Pure safety checks, exposed for the tests: NULL when the remedy may act
 * on its subject, else why not. */
const char *pf_plan_refusal(pf_pool_t *pool, const pf_report_t *r,
                            const pf_check_t *c, const pf_finding_t *f,
                            const pf_remedy_t *rem);

/* NULL when undo may restore e: a change fix makes, on a name fix
 * writes, from a state fix records; else why not (inert). */
const char *pf_undo_refusal(pf_pool_t *pool, const pf_journal_entry_t *e);

/* ---------------------------------------------------------------------
 * Executor: what changes the system.  A NULL member means "not possible
 * on this platform"; the step then fails with that message.
 */
struct pf_executor_s {
    const char *name;
    const char *admin;           /* "root", "an elevated Administrator
                                    prompt": what changes need */
    void       *data;
    int  (*is_admin)(void *data);
    /* systemd units; active: "active", "inactive", ...; file_state:
     * "enabled", "disabled", "static", ... */
    int  (*unit_query)(void *data, pf_pool_t *pool, const char *unit,
                       const char **active, const char **file_state,
                       pf_error_t *err);
    int  (*unit_stop)(void *data, const char *unit, pf_error_t *err);
    int  (*unit_start)(void *data, const char *unit, pf_error_t *err);
    int  (*unit_disable)(void *data, const char *unit, pf_error_t *err);
    int  (*unit_enable)(void *data, const char *unit, pf_error_t *err);
    /* Windows services; start_type: "auto", "demand", "disabled", ... */
    int  (*service_query)(void *data, pf_pool_t *pool, const char *name,
                          int *running, const char **start_type,
                          pf_error_t *err);
    /* running services that depend on name (const char *), stopped first */
    int  (*service_dependents)(void *data, pf_pool_t *pool, const char *name,
                               pf_array_t *out, pf_error_t *err);
    int  (*service_stop)(void *data, const char *name, pf_error_t *err);
    int  (*service_start)(void *data, const char *name, pf_error_t *err);
    int  (*service_set_start)(void *data, const char *name,
                              const char *start_type, pf_error_t *err);
    /* HTTP.sys iplisten list */
    int  (*iplisten_add)(void *data, const char *addr, pf_error_t *err);
    int  (*iplisten_delete)(void *data, const char *addr, pf_error_t *err);
    /* Proof of possession at apply time: the holder may have changed
     * since the plan.  NULL when step s's subject still provably holds
     * its target, else why not (allocated from pool).  NULL member: no
     * step on a unit runs. */
    const char *(*reprove)(void *data, pf_pool_t *pool,
                           const pf_report_t *r, const pf_step_t *s);
    /* Windows: 1 when the service has start triggers (it may come back
     * after a plain stop), 0 when not, -1 unknown.  May be NULL. */
    int  (*service_triggered)(void *data, const char *name);
};

/* The real re-proof (pf_remedy_reprove.c): the target probed and its
 * facts gathered again, as `preflight fix` did for the plan, and the
 * same remedy must come out of them, with no refusal. */
const char *pf_remedy_reprove(void *data, pf_pool_t *pool,
                              const pf_report_t *r, const pf_step_t *s);

/* ---------------------------------------------------------------------
 * Platform file helpers (unix/pf_unix_remedy_fs.c / win/pf_win_remedy_fs.c).
 */
/* $PREFLIGHT_STATE_DIR, else the platform's state directory. */
const char *pf_remedy_state_dir(pf_pool_t *pool);
int  pf_remedy_mkdirs(pf_pool_t *pool, const char *dir, pf_error_t *err);
/* One directory, the parents existing; platform layer.  An existing one
 * is fine. */
int  pf_remedy_mkdir_one(pf_pool_t *pool, const char *dir, pf_error_t *err);
/* The state directory dir exists and only the caller controls it (Unix:
 * no link, owned by the caller, not writable by group or others, parents
 * as safe; Windows: no reparse point, no write or create right for
 * Users, Authenticated Users or Everyone); else a clear error. */
int  pf_remedy_dir_check(pf_pool_t *pool, const char *dir, pf_error_t *err);
/* The file for reading, never through a symbolic link. */
FILE *pf_remedy_open_read(const char *path);
/* temp file + flush to disk + rename over path */
int  pf_remedy_write_atomic(pf_pool_t *pool, const char *path,
                            const char *data, size_t len, pf_error_t *err);
int  pf_remedy_rename(const char *from, const char *to, pf_error_t *err);
/* An exclusive lock on the file path (created), released by
 * pf_remedy_unlock or when the process ends; PF_ERROR at once when
 * another process holds it. */
int  pf_remedy_lock(pf_pool_t *pool, const char *path, void **lock,
                    pf_error_t *err);
void pf_remedy_unlock(void *lock);
/* "20261125T170000Z" */
const char *pf_remedy_timestamp(pf_pool_t *pool);

/* ---------------------------------------------------------------------
 * Waiting for a Windows service (pf_remedy_scm_wait.c, pure).
 */
typedef struct {
    unsigned long checkpoint;    /* the last dwCheckPoint seen */
    unsigned long quiet_ms;      /* since it last moved */
    unsigned long total_ms;
    int           started;
} pf_scm_wait_t;

void pf_scm_wait_init(pf_scm_wait_t *w);
/* After a status (state, dwCheckPoint, dwWaitHint) read slept_ms after
 * the previous one: 0 when state is want, else the milliseconds to sleep
 * before asking again, or -1 to give up (no progress for longer than the
 * hint, at least 30 s; 180 s in all). */
long pf_scm_wait_next(pf_scm_wait_t *w, unsigned long state,
                      unsigned long checkpoint, unsigned long wait_hint,
                      unsigned long want, unsigned long slept_ms);

#endif
