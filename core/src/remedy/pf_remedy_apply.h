/* Inside apply: the journal being written and one change at a time. */
#ifndef PF_REMEDY_APPLY_H
#define PF_REMEDY_APPLY_H

#include "pf_remedy.h"

typedef struct {
    pf_pool_t           *pool;
    const pf_executor_t *ex;
    const char          *path;      /* the journal */
    pf_array_t           entries;   /* the whole journal, ours appended */
    const char          *prefix;
    pf_buf_t            *out;
    pf_error_t          *err;
    void                *lock;      /* the journal's, while applying */
    const pf_report_t   *report;    /* what the plan was made from */
} pf_applier_t;

/* One change, as the journal records it: "unit" "stop" "web.service"
 * from "active" to "inactive" by "systemctl stop web.service". */
typedef struct {
    const char *kind;
    const char *op;
    const char *subject;
    const char *before;
    const char *after;
    const char *command;
} pf_change_t;

/* Journals (pending), makes, and journals (done/failed) one change. */
int pf_apply_change(pf_applier_t *a, const pf_step_t *s,
                    const pf_change_t *c);

/* One planned step: reads the current state, then the changes it needs
 * (pf_remedy_steps.c). */
int pf_apply_step(pf_applier_t *a, const pf_step_t *s);

#endif
