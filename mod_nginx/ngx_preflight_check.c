/*
 * The check: a bind test of each listen socket and, only when one fails,
 * the core's report over the targets: it logs every listen address that
 * cannot be bound, one log line per rendered line, and suggests or
 * applies remedies as preflight_remedy says.
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* Logs a rendered text one line at a time: log lines have no newlines. */

static void
pf_ngx_log_lines(pf_ngx_log_t *lg, ngx_uint_t level, const pf_buf_t *b)
{
    u_char     *p, *last, *nl;
    ngx_str_t   line;

    if (b->data == NULL) {
        return;
    }

    p = (u_char *) b->data;
    last = p + b->len;

    while (p < last) {
        nl = ngx_strlchr(p, last, '\n');
        if (nl == NULL) {
            nl = last;
        }

        line.data = p;
        line.len = nl - p;

        /* the remedy layer prefixes its own lines */

        if (line.len >= 9 && ngx_strncmp(line.data, "preflight", 9) == 0) {
            pf_ngx_log(lg, level, "%V", &line);

        } else if (line.len) {
            pf_ngx_log(lg, level, "preflight: %V", &line);
        }

        p = nl + 1;
    }
}


static ngx_uint_t
pf_ngx_level(pf_ngx_conf_t *pcf)
{
    if (ngx_test_config) {
        return NGX_LOG_WARN;
    }

    return pcf->on_conflict == PF_NGX_FAIL ? NGX_LOG_EMERG : NGX_LOG_ERR;
}


/*
 * The level of a check that is not a conflict.  An older generation of
 * this nginx still shutting down (old workers of a reload) is what nginx
 * itself retries for: its "try again to bind() after 500ms" is a notice
 * (ngx_open_listening_sockets).  Held by this same nginx, running: a
 * second start is worth a word; "nginx -t" of the running server is the
 * everyday case.
 */

static ngx_uint_t
pf_ngx_self_level(pf_verdict_t v)
{
    if (v == PF_VERDICT_SELF_EXITING) {
        return NGX_LOG_NOTICE;
    }

    return ngx_test_config ? NGX_LOG_INFO : NGX_LOG_WARN;
}


/* Logs every target that cannot be bound; returns how many conflict. */

static ngx_uint_t
pf_ngx_log_checks(pf_ngx_log_t *lg, pf_report_t *r, ngx_uint_t level)
{
    size_t        i;
    pf_buf_t      b;
    pf_check_t   *c;
    ngx_uint_t    conflicts;
    pf_verdict_t  v;

    conflicts = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);
        v = pf_check_verdict(c);

        if (v == PF_VERDICT_RELEASED) {
            ngx_log_debug1(NGX_LOG_DEBUG_CORE, lg->cycle->log, 0,
                           "preflight: %s was in use, and free when probed "
                           "again: its holder has exited",
                           c->target.spelling);
            continue;
        }

        if (v == PF_VERDICT_FREE) {
            continue;
        }

        /*
         * Held by this same nginx: a second start is worth a word;
         * "nginx -t" of the running server is the everyday case, and
         * all is well there.
         */
        if (!pf_check_is_conflict(c) && ngx_test_config) {
            continue;
        }

        pf_buf_init(&b);
        pf_render_check_text(r, c, 0, &b);

        if (v == PF_VERDICT_CONFLICT) {
            conflicts++;
            pf_ngx_log_lines(lg, level, &b);

        } else {
            pf_ngx_log_lines(lg, pf_ngx_self_level(v), &b);
        }

        pf_buf_free(&b);
    }

    return conflicts;
}


static ngx_int_t
pf_ngx_allow_list(ngx_array_t *allow, pf_report_t *r, pf_array_t *out)
{
    ngx_str_t   *name;
    ngx_uint_t   i;
    const char  *s, **slot;

    if (pf_array_init(out, r->pool, 4, sizeof(const char *)) != PF_OK) {
        return NGX_ERROR;
    }

    if (allow == NULL) {
        return NGX_OK;
    }

    name = allow->elts;

    for (i = 0; i < allow->nelts; i++) {
        s = pf_pstrndup(r->pool, (char *) name[i].data, name[i].len);
        slot = pf_array_push(out);
        if (s == NULL || slot == NULL) {
            return NGX_ERROR;
        }

        *slot = s;
    }

    return NGX_OK;
}


/*
 * Suggests or applies the remedies preflight_remedy asks for.  Returns
 * NGX_OK when something was applied (the targets are probed again).
 */

static ngx_int_t
pf_ngx_remedy(pf_ngx_log_t *lg, pf_ngx_conf_t *pcf, pf_report_t *r,
    ngx_uint_t level)
{
    int           rc;
    char          msg[2048];
    pf_buf_t      b;
    pf_error_t    err;
    pf_array_t    allow;
    ngx_uint_t    mode;

    mode = pcf->remedy;

    /* a config test never changes the system */

    if (ngx_test_config && mode == PF_REMEDY_MODE_APPLY) {
        mode = PF_REMEDY_MODE_SUGGEST;
    }

    if (mode == PF_REMEDY_MODE_NONE
        || pf_ngx_allow_list(pcf->allow, r, &allow) != NGX_OK)
    {
        return NGX_DECLINED;
    }

    ngx_memzero(&err, sizeof(pf_error_t));
    pf_buf_init(&b);

    rc = pf_lazy_remedy_for_server(r, (pf_remedy_mode_t) mode, &allow, &b,
                                   &err);

    pf_ngx_log_lines(lg, level, &b);
    pf_buf_free(&b);

    if (rc != PF_OK) {
        pf_ngx_log(lg, NGX_LOG_WARN, "preflight: remedy: %s",
                   pf_error_format(&err, msg, sizeof(msg)));
        return NGX_DECLINED;
    }

    return mode == PF_REMEDY_MODE_APPLY ? NGX_OK : NGX_DECLINED;
}


static ngx_uint_t
pf_ngx_count_conflicts(pf_report_t *r)
{
    size_t      i;
    ngx_uint_t  n;

    n = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        n += pf_check_is_conflict(&PF_ARRAY_AT(&r->checks, pf_check_t, i));
    }

    return n;
}


static ngx_int_t
pf_ngx_check(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf, pf_report_t *r,
    pf_ngx_log_t *lg)
{
    ngx_uint_t  level, after, conflicts;

    if (pf_ngx_add_targets(cycle, r) != NGX_OK) {
        return NGX_ERROR;
    }

    pf_report_probe(r);

    if (!pf_report_any_failed(r)) {
        return NGX_OK;
    }

    /* who this nginx is, and where each listen is, only explain a port
     * that failed */
    if (pf_ngx_add_self(cycle, r) != NGX_OK
        || pf_ngx_add_sources(cycle, r) != NGX_OK)
    {
        return NGX_ERROR;
    }

    pf_ngx_set_exe(r);
    pf_lazy_report_explain(r);

    level = pf_ngx_level(pcf);
    conflicts = pf_ngx_log_checks(lg, r, level);

    if (conflicts == 0) {
        return NGX_OK;
    }

    if (pf_ngx_remedy(lg, pcf, r, level) == NGX_OK) {
        /* something was applied: does it bind now? */
        pf_report_probe(r);
        conflicts = pf_ngx_count_conflicts(r);

        after = conflicts ? level : NGX_LOG_NOTICE;
        pf_ngx_log(lg, after, "preflight: after the remedies, %ui listen "
                   "address(es) still cannot be bound", conflicts);
    }

    return conflicts ? NGX_DECLINED : NGX_OK;
}


/* NGX_OK: every port can be bound; NGX_DECLINED: a conflict. */

ngx_int_t
pf_ngx_run(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf, pf_ngx_log_t *lg)
{
    ngx_int_t     rc;
    pf_report_t  *r;

    if (pf_ngx_probe_fast(cycle) == NGX_OK) {
        return NGX_OK;
    }

    r = pf_report_create();
    if (r == NULL) {
        pf_ngx_log(lg, NGX_LOG_WARN,
                   "preflight: check skipped: out of memory");
        return NGX_OK;
    }

    r->ctx.server = PF_SERVER_NGINX;

    rc = pf_ngx_check(cycle, pcf, r, lg);

    pf_report_destroy(r);

    if (rc == NGX_ERROR) {
        pf_ngx_log(lg, NGX_LOG_WARN,
                   "preflight: check skipped: out of memory");
        return NGX_OK;
    }

    return rc;
}
