/*
 * The nginx configuration tokenizer: the same states and the same errors
 * as ngx_conf_read_token() (src/core/ngx_conf_file.c), over a file that
 * is already in memory.
 */
#ifndef PF_CONF_NGINX_LEX_H
#define PF_CONF_NGINX_LEX_H

#include "preflight_internal.h"
#include "conf/pf_conf.h"

/* Arguments kept per statement; more are counted, not stored (only
 * "listen" and "include" are read, and they have few). */
#define PF_CONF_NGINX_MAX_ARGS  32

typedef enum {
    PF_CONF_NGINX_STMT = 0,         /* ended by ';' */
    PF_CONF_NGINX_BLOCK_START,      /* ended by '{' */
    PF_CONF_NGINX_BLOCK_DONE,       /* '}' */
    PF_CONF_NGINX_FILE_DONE,
    PF_CONF_NGINX_LEX_ERROR         /* err is set */
} pf_conf_nginx_tok_t;

typedef struct {
    const char *start;       /* raw text, escapes not yet undone */
    size_t      len;
} pf_conf_nginx_span_t;

typedef struct {
    pf_conf_run_t  *run;
    const char     *name;    /* the file, for errors */
    const char     *p;
    const char     *end;
    unsigned        line;    /* current line */
    unsigned        stmt_line; /* line of the statement's first word */
    pf_conf_nginx_span_t args[PF_CONF_NGINX_MAX_ARGS];
    size_t          nargs;   /* all arguments, stored or not */
} pf_conf_nginx_lex_t;

void pf_conf_nginx_lex_init(pf_conf_nginx_lex_t *lx, pf_conf_run_t *run,
                            const pf_conf_file_t *f);
pf_conf_nginx_tok_t pf_conf_nginx_lex_next(pf_conf_nginx_lex_t *lx);
/* Argument i with nginx's escapes undone, in the run's pool; NULL on
 * OOM or when i was not stored. */
char *pf_conf_nginx_lex_arg(pf_conf_nginx_lex_t *lx, size_t i);
/* Does argument i spell s exactly (escapes undone)? */
int pf_conf_nginx_lex_is(pf_conf_nginx_lex_t *lx, size_t i, const char *s);

#endif
