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

#include "preflight.h"
#include "pf_journal.h"

/* ---------------------------------------------------------------------
 * Plan.
 */
typedef enum {
    PF_STEP_RUN = 0,         /* applied with --apply */
    PF_STEP_MANUAL,          /* CHANGE_PORT: a config change to make */
    PF_STEP_ADVICE,          /* NONE: commands to run by hand, never run */
    PF_STEP_REFUSED,         /* would act, but refusal says why not */
    PF_STEP_SKIPPED          /* not in the allow list of a module */
} pf_step_kind_t;

typedef struct {
    pf_step_kind_t      kind;
    const pf_remedy_t  *remedy;
    const pf_finding_t *finding;
    const pf_check_t   *check;
    const char         *targets;    /* "0.0.0.0:80, [::]:80" */
    const char         *change;     /* "unit x.service: active -> inactive" */
    const char         *refusal;    /* why it will not run */
    const char         *start_type; /* Windows: known start type, or NULL */
    int                 applied;    /* 1 done, -1 failed, 0 not run */
    const char         *result;     /* what applying said */
} pf_step_t;

typedef struct {
    pf_array_t   steps;       /* pf_step_t */
    unsigned     conflicts;   /* targets that cannot be bound */
    unsigned     uncovered;   /* of those, with no step that can run */
    int          windows;     /* words for the rights refusal */
} pf_plan_t;

typedef struct {
    const char       *remedy;    /* "ID" or "ID@TARGET"; NULL: default */
    int               is_admin;
    const pf_array_t *allow;     /* const char *; NULL: no allow list */
} pf_plan_options_t;

/* Pure: findings of r in, steps out.  PF_ERROR when --remedy names no
 * remedy of any conflicting finding (err says which exist). */
int  pf_plan_build(pf_report_t *r, const pf_plan_options_t *o,
                   pf_plan_t *plan, pf_error_t *err);
/* Lines for people; each starts with prefix ("" or "preflight: "). */
void pf_plan_render_text(const pf_plan_t *plan, const char *prefix,
                         pf_buf_t *out);
/* report: the check's JSON object (pf_render_json), embedded as "report"
 * when not NULL. */
void pf_plan_render_json(const pf_plan_t *plan, int apply, const char *report,
                         pf_buf_t *out);
unsigned pf_plan_count(const pf_plan_t *plan, pf_step_kind_t kind);

/* Pure safety checks, exposed for the tests: NULL when the remedy may act
 * on its subject, else why not. */
const char *pf_plan_refusal(pf_pool_t *pool, const pf_report_t *r,
                            const pf_check_t *c, const pf_finding_t *f,
                            const pf_remedy_t *rem);

const char *pf_action_name(pf_action_t a);

/* ---------------------------------------------------------------------
 * Executor: what changes the system.  A NULL member means "not possible
 * on this platform"; the step then fails with that message.
 */
typedef struct pf_executor_s pf_executor_t;

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
};

/* The real executor of this platform (pf_remedy_unix.c / _win.c). */
const pf_executor_t *pf_executor_platform(void);

/* ---------------------------------------------------------------------
 * Apply and undo.  journal_path NULL: the platform's state directory.
 */
int  pf_plan_apply(pf_pool_t *pool, pf_plan_t *plan, const pf_executor_t *ex,
                   const char *journal_path, const char *prefix,
                   pf_buf_t *out, pf_error_t *err);

/* The journal's entries still to undo, loaded; *path is set. PF_OK with
 * an empty array when there is no journal. */
int  pf_undo_load(pf_pool_t *pool, const char *journal_path,
                  const char **path, pf_array_t *entries, pf_error_t *err);
void pf_undo_render(const pf_array_t *entries, pf_buf_t *out);
/* Restores, newest first, marks each entry undone, archives the journal
 * when everything is undone (*archived names where it went). */
int  pf_undo_apply(pf_pool_t *pool, const pf_executor_t *ex,
                   const char *path, pf_array_t *entries,
                   const char **archived, pf_buf_t *out, pf_error_t *err);
unsigned pf_undo_pending(const pf_array_t *entries);

/* ---------------------------------------------------------------------
 * Platform file helpers (pf_remedy_unix_fs.c / pf_remedy_win_fs.c).
 */
/* $PREFLIGHT_STATE_DIR, else the platform's state directory. */
const char *pf_remedy_state_dir(pf_pool_t *pool);
int  pf_remedy_mkdirs(pf_pool_t *pool, const char *dir, pf_error_t *err);
/* One directory, the parents existing; platform layer.  An existing one
 * is fine. */
int  pf_remedy_mkdir_one(pf_pool_t *pool, const char *dir, pf_error_t *err);
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

#endif
