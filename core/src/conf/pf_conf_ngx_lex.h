/*
 * The nginx configuration tokenizer: the same states and the same errors
 * as ngx_conf_read_token() (src/core/ngx_conf_file.c), over a file that
 * is already in memory.
 */
#ifndef PF_CONF_NGX_LEX_H
#define PF_CONF_NGX_LEX_H

#include "preflight_internal.h"
#include "conf/pf_conf.h"

/* Arguments kept per statement; more are counted, not stored (only
 * "listen" and "include" are read, and they have few). */
#define PF_NGX_MAX_ARGS  32

typedef enum {
    PF_NGX_STMT = 0,         /* ended by ';' */
    PF_NGX_BLOCK_START,      /* ended by '{' */
    PF_NGX_BLOCK_DONE,       /* '}' */
    PF_NGX_FILE_DONE,
    PF_NGX_LEX_ERROR         /* err is set */
} pf_ngx_tok_t;

typedef struct {
    const char *start;       /* raw text, escapes not yet undone */
    size_t      len;
} pf_ngx_span_t;

typedef struct {
    pf_conf_run_t  *run;
    const char     *name;    /* the file, for errors */
    const char     *p;
    const char     *end;
    unsigned        line;    /* current line */
    unsigned        stmt_line; /* line of the statement's first word */
    pf_ngx_span_t   args[PF_NGX_MAX_ARGS];
    size_t          nargs;   /* all arguments, stored or not */
} pf_ngx_lex_t;

void          pf_ngx_lex_init(pf_ngx_lex_t *lx, pf_conf_run_t *run,
                              const pf_conf_file_t *f);
pf_ngx_tok_t  pf_ngx_lex_next(pf_ngx_lex_t *lx);
/* Argument i with nginx's escapes undone, in the run's pool; NULL on
 * OOM or when i was not stored. */
char         *pf_ngx_lex_arg(pf_ngx_lex_t *lx, size_t i);
/* Does argument i spell s exactly (escapes undone)? */
int           pf_ngx_lex_is(pf_ngx_lex_t *lx, size_t i, const char *s);

#endif
