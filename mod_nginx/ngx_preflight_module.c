/*
 * ngx_preflight_module: before nginx binds its listen sockets, find out
 * which of them cannot be bound, and why, and say so in nginx's own log.
 *
 * A CORE module's init_conf runs in ngx_init_cycle() after the whole
 * configuration is parsed (cycle->listening is filled by the http, stream
 * and mail blocks) and before ngx_open_listening_sockets(), which would
 * otherwise retry bind() five times over two seconds and then only say
 * "Address already in use".
 *
 *   preflight               on | off;                 (default on)
 *   preflight_on_conflict   warn | fail;              (default warn)
 *   preflight_remedy        none | suggest | apply;   (default suggest)
 *   preflight_remedy_allow  NAME ...;
 *
 * With "nginx -t" a conflict is always a warning: nginx itself ignores
 * EADDRINUSE there, and a config test must not fail because the server
 * it tests is running.  An internal failure of the check is a warning
 * too: the check never stops an nginx that would have started.
 */

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>

#include <preflight.h>


#define PF_NGX_WARN  0
#define PF_NGX_FAIL  1


typedef struct {
    ngx_flag_t    enable;
    ngx_uint_t    on_conflict;
    ngx_uint_t    remedy;
    ngx_array_t  *allow;             /* ngx_str_t */
} pf_ngx_conf_t;


static void *pf_ngx_create_conf(ngx_cycle_t *cycle);
static char *pf_ngx_init_conf(ngx_cycle_t *cycle, void *conf);
static char *pf_ngx_set_allow(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static ngx_int_t pf_ngx_run(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf);


static ngx_conf_enum_t  pf_ngx_on_conflict[] = {
    { ngx_string("warn"), PF_NGX_WARN },
    { ngx_string("fail"), PF_NGX_FAIL },
    { ngx_null_string, 0 }
};


static ngx_conf_enum_t  pf_ngx_remedy_modes[] = {
    { ngx_string("none"), PF_REMEDY_MODE_NONE },
    { ngx_string("suggest"), PF_REMEDY_MODE_SUGGEST },
    { ngx_string("apply"), PF_REMEDY_MODE_APPLY },
    { ngx_null_string, 0 }
};


static ngx_command_t  pf_ngx_commands[] = {

    { ngx_string("preflight"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      0,
      offsetof(pf_ngx_conf_t, enable),
      NULL },

    { ngx_string("preflight_on_conflict"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      0,
      offsetof(pf_ngx_conf_t, on_conflict),
      &pf_ngx_on_conflict },

    { ngx_string("preflight_remedy"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      0,
      offsetof(pf_ngx_conf_t, remedy),
      &pf_ngx_remedy_modes },

    { ngx_string("preflight_remedy_allow"),
      NGX_MAIN_CONF|NGX_DIRECT_CONF|NGX_CONF_1MORE,
      pf_ngx_set_allow,
      0,
      0,
      NULL },

      ngx_null_command
};


static ngx_core_module_t  pf_ngx_module_ctx = {
    ngx_string("preflight"),
    pf_ngx_create_conf,
    pf_ngx_init_conf
};


ngx_module_t  ngx_preflight_module = {
    NGX_MODULE_V1,
    &pf_ngx_module_ctx,                    /* module context */
    pf_ngx_commands,                       /* module directives */
    NGX_CORE_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
pf_ngx_create_conf(ngx_cycle_t *cycle)
{
    pf_ngx_conf_t  *pcf;

    pcf = ngx_pcalloc(cycle->pool, sizeof(pf_ngx_conf_t));
    if (pcf == NULL) {
        return NULL;
    }

    pcf->enable = NGX_CONF_UNSET;
    pcf->on_conflict = NGX_CONF_UNSET_UINT;
    pcf->remedy = NGX_CONF_UNSET_UINT;

    return pcf;
}


static char *
pf_ngx_set_allow(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    pf_ngx_conf_t  *pcf = conf;

    ngx_str_t   *value, *name;
    ngx_uint_t   i;

    if (pcf->allow == NULL) {
        pcf->allow = ngx_array_create(cf->pool, 4, sizeof(ngx_str_t));
        if (pcf->allow == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        name = ngx_array_push(pcf->allow);
        if (name == NULL) {
            return NGX_CONF_ERROR;
        }

        *name = value[i];
    }

    return NGX_CONF_OK;
}


static char *
pf_ngx_init_conf(ngx_cycle_t *cycle, void *conf)
{
    pf_ngx_conf_t  *pcf = conf;

    ngx_int_t  rc;

    ngx_conf_init_value(pcf->enable, 1);
    ngx_conf_init_uint_value(pcf->on_conflict, PF_NGX_WARN);
    ngx_conf_init_uint_value(pcf->remedy, PF_REMEDY_MODE_SUGGEST);

    /*
     * "nginx -s reload|stop|..." parses the configuration too, while the
     * running nginx holds every port: nothing to check there.
     */

    if (!pcf->enable || ngx_process == NGX_PROCESS_SIGNALLER) {
        return NGX_CONF_OK;
    }

    rc = pf_ngx_run(cycle, pcf);

    if (rc == NGX_DECLINED
        && pcf->on_conflict == PF_NGX_FAIL
        && !ngx_test_config)
    {
        if (ngx_is_init_cycle(cycle->old_cycle)) {
            ngx_log_error(NGX_LOG_EMERG, cycle->log, 0,
                          "preflight: not starting: a listen address "
                          "cannot be bound (preflight_on_conflict fail)");

        } else {
            ngx_log_error(NGX_LOG_EMERG, cycle->log, 0,
                          "preflight: not reloading, the running "
                          "configuration stays: a new listen address "
                          "cannot be bound (preflight_on_conflict fail)");
        }

        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* Logs a rendered text one line at a time: log lines have no newlines. */

static void
pf_ngx_log_lines(ngx_cycle_t *cycle, ngx_uint_t level, const pf_buf_t *b)
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
            ngx_log_error(level, cycle->log, 0, "%V", &line);

        } else if (line.len) {
            ngx_log_error(level, cycle->log, 0, "preflight: %V", &line);
        }

        p = nl + 1;
    }
}


/* The same socket: type and address, port included. */

static ngx_uint_t
pf_ngx_same_socket(ngx_listening_t *a, ngx_listening_t *b)
{
    return a->type == b->type
           && ngx_cmp_sockaddr(a->sockaddr, a->socklen,
                               b->sockaddr, b->socklen, 1)
              == NGX_OK;
}


/*
 * On reload and binary upgrade the old cycle's sockets (inherited through
 * the NGINX environment variable, or open in this master) are handed over
 * to the new cycle after init_conf: they are this nginx's own.
 */

static ngx_uint_t
pf_ngx_held_by_self(ngx_cycle_t *cycle, ngx_listening_t *ls)
{
    ngx_uint_t        i;
    ngx_listening_t  *old;

    if (ls->fd != (ngx_socket_t) -1) {
        return 1;
    }

    if (cycle->old_cycle == NULL || cycle->old_cycle->listening.nelts == 0) {
        return 0;
    }

    old = cycle->old_cycle->listening.elts;

    for (i = 0; i < cycle->old_cycle->listening.nelts; i++) {
        if (old[i].fd != (ngx_socket_t) -1 && !old[i].ignore
            && pf_ngx_same_socket(&old[i], ls))
        {
            return 1;
        }
    }

    return 0;
}


/* "reuseport" clones one listen socket per worker: check it once. */

static ngx_uint_t
pf_ngx_seen(ngx_cycle_t *cycle, ngx_uint_t n)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < n; i++) {
        if (pf_ngx_same_socket(&ls[i], &ls[n])) {
            return 1;
        }
    }

    return 0;
}


static ngx_int_t
pf_ngx_target(ngx_cycle_t *cycle, ngx_listening_t *ls, pf_target_t *t)
{
    ngx_memzero(t, sizeof(pf_target_t));

    switch (ls->sockaddr->sa_family) {

#if (NGX_HAVE_INET6)
    case AF_INET6:
        t->family = PF_FAMILY_INET6;
        t->v6only = ls->ipv6only;
        break;
#endif

    case AF_INET:
        t->family = PF_FAMILY_INET;
        t->v6only = -1;
        break;

    default:
        /* unix sockets are not ports */
        return NGX_DECLINED;
    }

    if (ngx_sock_ntop(ls->sockaddr, ls->socklen, (u_char *) t->address,
                      PF_ADDRSTRLEN - 1, 0)
        == 0)
    {
        return NGX_DECLINED;
    }

    t->port = ngx_inet_get_port(ls->sockaddr);
    t->proto = ls->type == SOCK_DGRAM ? PF_PROTO_UDP : PF_PROTO_TCP;
#if (NGX_HAVE_REUSEPORT)
    t->reuseport = ls->reuseport;
#endif
    t->server = PF_SERVER_NGINX;
    t->held_by_self = pf_ngx_held_by_self(cycle, ls);

    return NGX_OK;
}


static ngx_int_t
pf_ngx_add_targets(ngx_cycle_t *cycle, pf_report_t *r)
{
    u_char            spelling[NGX_SOCKADDR_STRLEN + 1];
    char             *source;
    ngx_uint_t        i;
    pf_target_t       t;
    ngx_listening_t  *ls;

    /* nginx keeps no file:line for a listen socket: name the file */

    source = pf_pstrndup(r->pool, (char *) cycle->conf_file.data,
                         cycle->conf_file.len);
    if (source == NULL) {
        return NGX_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (pf_ngx_seen(cycle, i)
            || pf_ngx_target(cycle, &ls[i], &t) != NGX_OK)
        {
            continue;
        }

        ngx_cpystrn(spelling, ls[i].addr_text.data,
                    ngx_min(ls[i].addr_text.len + 1, sizeof(spelling)));
        t.spelling = (char *) spelling;
        t.source = source;

        if (pf_report_add_target(r, &t) == NULL) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/* The pid in a pid file, or 0. */

static long
pf_ngx_read_pid(ngx_str_t *path)
{
    u_char     buf[32], name[NGX_MAX_PATH];
    ssize_t    n;
    ngx_fd_t   fd;

    if (path->len == 0 || path->len >= sizeof(name)) {
        return 0;
    }

    ngx_cpystrn(name, path->data, path->len + 1);

    fd = ngx_open_file(name, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        return 0;
    }

    n = read(fd, buf, sizeof(buf) - 1);
    (void) ngx_close_file(fd);

    if (n <= 0) {
        return 0;
    }

    buf[n] = '\0';

    return strtol((char *) buf, NULL, 10);
}


/*
 * This nginx: this process, the master named by the pid file (the one a
 * "nginx -t" or a second start would collide with), the old master of a
 * binary upgrade (the .oldbin pid file, and our parent when sockets were
 * inherited).  pf_report counts their children (the workers) as well.
 */

static ngx_int_t
pf_ngx_add_self(ngx_cycle_t *cycle, pf_report_t *r)
{
    long              pid;
    ngx_core_conf_t  *ccf;

    if (pf_report_add_self_pid(r, (long) ngx_getpid()) != PF_OK) {
        return NGX_ERROR;
    }

    if (ngx_inherited
        && pf_report_add_self_pid(r, (long) getppid()) != PF_OK)
    {
        return NGX_ERROR;
    }

    ccf = (ngx_core_conf_t *) ngx_get_conf(cycle->conf_ctx, ngx_core_module);
    if (ccf == NULL) {
        return NGX_OK;
    }

    pid = pf_ngx_read_pid(&ccf->pid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    pid = pf_ngx_read_pid(&ccf->oldpid);
    if (pid > 0 && pf_report_add_self_pid(r, pid) != PF_OK) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/* The binary a setcap remedy names: this nginx, as it was started. */

static void
pf_ngx_set_exe(pf_report_t *r)
{
    char  path[NGX_MAX_PATH];

    if (ngx_argv != NULL && ngx_argv[0] != NULL
        && ngx_strchr(ngx_argv[0], '/') != NULL
        && realpath(ngx_argv[0], path) != NULL)
    {
        r->ctx.server_exe = pf_pstrdup(r->pool, path);
        return;
    }

    r->ctx.server_exe = pf_server_default_exe(PF_SERVER_NGINX);
    if (r->ctx.server_exe == NULL) {
        r->ctx.server_exe = "/usr/sbin/nginx";
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


/* Logs every target that cannot be bound; returns how many conflict. */

static ngx_uint_t
pf_ngx_log_checks(ngx_cycle_t *cycle, pf_report_t *r, ngx_uint_t level)
{
    size_t       i;
    pf_buf_t     b;
    pf_check_t  *c;
    ngx_uint_t   conflicts;

    conflicts = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (c->probe.status == PF_STATUS_FREE
            || c->probe.status == PF_STATUS_UNCHECKED)
        {
            continue;
        }

        pf_buf_init(&b);
        pf_render_check_text(r, c, 0, &b);

        if (pf_check_is_conflict(c)) {
            conflicts++;
            pf_ngx_log_lines(cycle, level, &b);

        } else {
            /*
             * Held by this same nginx: a second start is worth a word;
             * "nginx -t" of the running server is the everyday case.
             */
            pf_ngx_log_lines(cycle, ngx_test_config ? NGX_LOG_INFO
                                                    : NGX_LOG_WARN, &b);
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
pf_ngx_remedy(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf, pf_report_t *r,
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

    rc = pf_remedy_for_server(r, (pf_remedy_mode_t) mode, &allow, &b, &err);

    pf_ngx_log_lines(cycle, level, &b);
    pf_buf_free(&b);

    if (rc != PF_OK) {
        ngx_log_error(NGX_LOG_WARN, cycle->log, 0, "preflight: remedy: %s",
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
pf_ngx_check(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf, pf_report_t *r)
{
    ngx_uint_t  level, after, conflicts;

    if (pf_ngx_add_targets(cycle, r) != NGX_OK
        || pf_ngx_add_self(cycle, r) != NGX_OK)
    {
        return NGX_ERROR;
    }

    pf_ngx_set_exe(r);

    if (pf_report_run(r) != PF_OK) {
        return NGX_ERROR;
    }

    level = pf_ngx_level(pcf);
    conflicts = pf_ngx_log_checks(cycle, r, level);

    if (conflicts == 0) {
        return NGX_OK;
    }

    if (pf_ngx_remedy(cycle, pcf, r, level) == NGX_OK) {
        /* something was applied: does it bind now? */
        pf_report_probe(r);
        conflicts = pf_ngx_count_conflicts(r);

        after = conflicts ? level : NGX_LOG_NOTICE;
        ngx_log_error(after, cycle->log, 0,
                      "preflight: after the remedies, %ui listen "
                      "address(es) still cannot be bound", conflicts);
    }

    return conflicts ? NGX_DECLINED : NGX_OK;
}


/* NGX_OK: every port can be bound; NGX_DECLINED: a conflict. */

static ngx_int_t
pf_ngx_run(ngx_cycle_t *cycle, pf_ngx_conf_t *pcf)
{
    ngx_int_t     rc;
    pf_report_t  *r;

    r = pf_report_create();
    if (r == NULL) {
        ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                      "preflight: check skipped: out of memory");
        return NGX_OK;
    }

    r->ctx.server = PF_SERVER_NGINX;

    rc = pf_ngx_check(cycle, pcf, r);

    pf_report_destroy(r);

    if (rc == NGX_ERROR) {
        ngx_log_error(NGX_LOG_WARN, cycle->log, 0,
                      "preflight: check skipped: out of memory");
        return NGX_OK;
    }

    return rc;
}
