/*
 * The remedy journal: what `preflight fix --apply` changed, so that
 * `preflight undo` can put it back.  One text file, rewritten atomically
 * at every change:
 *
 *     preflight-journal 1
 *     # comments and blank lines are ignored
 *     step seq=1 state=done kind=service op=stop subject=W3SVC before=running after=stopped ...
 *
 * Values are percent-escaped ('%', ' ', '=', control bytes), so a value
 * may hold any byte.  Unknown keys are ignored (newer writers may add
 * some); a missing key, an unknown state or a bad escape is an error with
 * the line number.
 */
#ifndef PF_JOURNAL_H
#define PF_JOURNAL_H

#include "preflight_internal.h"

#define PF_JOURNAL_VERSION  1
#define PF_JOURNAL_MAGIC    "preflight-journal"

typedef enum {
    PF_JOURNAL_PENDING = 0,  /* written before the change: may be half done */
    PF_JOURNAL_DONE,
    PF_JOURNAL_FAILED,
    PF_JOURNAL_UNDONE
} pf_journal_state_t;

typedef struct {
    unsigned            seq;
    pf_journal_state_t  state;
    const char         *kind;     /* "unit", "service", "iplisten" */
    const char         *op;       /* "stop", "disable", "set-start", "add" */
    const char         *subject;  /* unit, service or address */
    const char         *before;   /* "active", "enabled", "running", "auto",
                                     "absent" */
    const char         *after;
    const char         *target;   /* the listen address it was for */
    const char         *command;  /* the equivalent command */
    const char         *time;     /* when it was written */
    const char         *error;    /* why it failed, or NULL */
} pf_journal_entry_t;

/* Pure reader: appends pf_journal_entry_t to entries (initialised by the
 * caller).  PF_ERROR with err->line on the first bad line. */
int  pf_journal_parse(pf_pool_t *pool, const char *text, size_t len,
                      pf_array_t *entries, pf_error_t *err);
/* The whole file for these entries. */
void pf_journal_format(const pf_array_t *entries, pf_buf_t *out);

const char *pf_journal_state_name(pf_journal_state_t s);

/* The file: path in the state directory; load (no file: PF_OK, empty);
 * save atomically; archive renames it aside with a timestamp. */
const char *pf_journal_default_path(pf_pool_t *pool);
int  pf_journal_load(pf_pool_t *pool, const char *path, pf_array_t *entries,
                     pf_error_t *err);
int  pf_journal_save(pf_pool_t *pool, const char *path,
                     const pf_array_t *entries, pf_error_t *err);
/* One preflight at a time changes the system: the journal's lock. */
int  pf_journal_lock(pf_pool_t *pool, const char *path, void **lock,
                     pf_error_t *err);
int  pf_journal_archive(pf_pool_t *pool, const char *path,
                        const char **archived, pf_error_t *err);

#endif
