/*
 * The part of a report run that only a failed target needs: facts about
 * who holds it and why, and the diagnosis.  Facts cost nothing when every
 * target is free: they are gathered only for the targets that failed.
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"

/* A whole word of a command line ("-c /etc/nginx/nginx.conf" names
 * /etc/nginx/nginx.conf; "/etc/nginx/nginx.conf.bak" does not). */
static int
pf_cmdline_has_word(const char *cmdline, const char *word)
{
    size_t      n = strlen(word);
    const char *p = cmdline;

    while (n > 0 && (p = strstr(p, word)) != NULL) {
        if ((p == cmdline || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
        {
            return 1;
        }
        p++;
    }
    return 0;
}

/* Runs this server's executable with this configuration, without being
 * the running server (its pid file names another, or none): what is
 * left of a server stopped or restarted just before. */
static int
pf_is_this_server(const pf_context_t *ctx, const pf_process_t *p)
{
    return ctx->server_exe != NULL && ctx->server_conf != NULL
           && p->exe != NULL && p->cmdline != NULL
           && strcmp(p->exe, ctx->server_exe) == 0
           && pf_cmdline_has_word(p->cmdline, ctx->server_conf);
}

/* nginx retitles a worker that got the signal to quit (ngx_setproctitle
 * in ngx_process_cycle.c): it only finishes its connections. */
static int
pf_is_shutting_down(const pf_process_t *p)
{
    static const char title[] = "is shutting down";
    size_t            n;

    if (p->cmdline == NULL) {
        return 0;
    }
    n = strlen(p->cmdline);
    return n >= sizeof(title) - 1
           && strcmp(p->cmdline + n - (sizeof(title) - 1), title) == 0;
}

static void
pf_mark_one(const pf_context_t *ctx, pf_process_t *p)
{
    if (ctx->own_pid > 0 && p->ppid == ctx->own_pid
        && p->pid != ctx->own_pid)
    {
        /* a child of this very server while it reloads: a worker of the
         * cycle before, which exits once its connections are done */
        p->is_self = 1;
        p->old_generation = 1;
    } else if (pf_array_has_long(&ctx->self_pids, p->pid)
               || pf_array_has_long(&ctx->self_pids, p->ppid))
    {
        p->is_self = 1;
        p->old_generation = pf_is_shutting_down(p);
    } else if (pf_is_this_server(ctx, p)) {
        p->is_self = 1;
        p->old_generation = 1;
    }
}

/* A holder is this server when it is one of its pids, or a child of one
 * (Apache and nginx workers inherit the listening sockets); an older
 * generation of it when it is a child of this process, runs this
 * server's executable with this configuration, or descends from such a
 * holder. */
static void
pf_mark_self(const pf_context_t *ctx, pf_target_facts_t *f)
{
    size_t i;
    int    more = 1;

    for (i = 0; i < f->processes.nelts; i++) {
        pf_mark_one(ctx, &PF_ARRAY_AT(&f->processes, pf_process_t, i));
    }
    while (more) {
        more = 0;
        for (i = 0; i < f->processes.nelts; i++) {
            pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);
            pf_process_t *parent = pf_facts_find_process(f, p->ppid);

            if (!p->old_generation && parent != NULL && parent != p
                && parent->old_generation)
            {
                p->is_self = 1;
                p->old_generation = 1;
                more = 1;
            }
        }
    }
}

/* The pid a pid file names, or 0: the hosts' reader (pf_self.c). */
static long
pf_read_pid_file(const char *path)
{
    pf_error_t err;
    long       pid;

    return pf_self_pid_file(path, strlen(path), &pid, &err) == PF_OK ? pid
                                                                   : 0;
}

/* A server's executables, by base name: a pid file left behind by a
 * server that is gone may name any process by now. */
static int
pf_is_server_process(const pf_process_t *p, pf_server_t s)
{
    static const char *const apache[] = {
        "apache2", "httpd", "httpd.exe", "apache2.exe", NULL
    };
    static const char *const nginx[] = { "nginx", "nginx.exe", NULL };
    const char *const *n = s == PF_SERVER_APACHE ? apache
                         : s == PF_SERVER_NGINX ? nginx : NULL;
    const char        *base = NULL, *slash;

    if (p->exe != NULL) {
        slash = strrchr(p->exe, '/');
        base = slash ? slash + 1 : p->exe;
        slash = strrchr(base, '\\');
        base = slash ? slash + 1 : base;
    }
    for (; n != NULL && *n != NULL; n++) {
        if ((base != NULL && strcmp(base, *n) == 0)
            || (p->name != NULL && strcmp(p->name, *n) == 0))
        {
            return 1;
        }
    }
    return 0;
}

/* The server the target's own configuration names in its pid file is
 * running and holds the port (its master or the master's children):
 * that is this server, already running, not a conflict. */
static void
pf_mark_running(pf_report_t *r, pf_check_t *c)
{
    pf_process_t master;
    long         pid;
    size_t       i;

    if (c->target.pid_file == NULL || c->facts.processes.nelts == 0) {
        return;
    }
    pid = pf_read_pid_file(c->target.pid_file);
    if (pid <= 0 || !pf_platform_process(r, pid, &master)
        || !pf_is_server_process(&master, c->target.server))
    {
        return;
    }
    for (i = 0; i < c->facts.processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&c->facts.processes, pf_process_t, i);

        if (p->pid == pid || p->ppid == pid) {
            p->is_self = 1;
            c->facts.running_pid = pid;
        }
    }
}

/* The kernel says EACCES before EADDRINUSE: a low port a socket already
 * listens on is held, not merely privileged, and root would fail too. */
static void
pf_held_not_privileged(pf_check_t *c)
{
    if (c->probe.status == PF_STATUS_PRIVILEGED
        && c->facts.listeners_known == PF_KNOWN_YES
        && c->facts.listeners.nelts > 0)
    {
        c->probe.status = PF_STATUS_IN_USE;
    }
}

/* Candidates for "another free port nearby", in the order a person would
 * pick them. */
static unsigned
pf_find_free_port_nearby(pf_report_t *r, const pf_check_t *c)
{
    static const unsigned for80[] = { 8080, 8000, 8008, 8081, 8888, 0 };
    static const unsigned for443[] = { 8443, 4443, 9443, 0 };
    const unsigned *list = NULL;
    pf_target_t     t = c->target;
    pf_probe_t      p;
    unsigned        port, i;

    if (c->target.port == 80) {
        list = for80;
    } else if (c->target.port == 443) {
        list = for443;
    }
    for (i = 0; list != NULL && list[i]; i++) {
        t.port = list[i];
        memset(&p, 0, sizeof(p));
        pf_platform_probe(&r->ctx, &t, &p);
        if (p.status == PF_STATUS_FREE) {
            return list[i];
        }
    }
    port = c->target.port < 1024 && !r->host.is_admin ? 8000 + c->target.port
                                                      : c->target.port + 1;
    for (i = 0; i < 50 && port + i <= 65535; i++) {
        t.port = port + i;
        memset(&p, 0, sizeof(p));
        pf_platform_probe(&r->ctx, &t, &p);
        if (p.status == PF_STATUS_FREE) {
            return port + i;
        }
    }
    return 0;
}

/* Someone the facts name is still there: a process that has not
 * exited, a socket whose process is hidden, a kernel listener. */
static int
pf_holder_seen(const pf_check_t *c)
{
    const pf_target_facts_t *f = &c->facts;
    size_t                   i;

    for (i = 0; i < f->processes.nelts; i++) {
        if (!PF_ARRAY_AT(&f->processes, pf_process_t, i).gone) {
            return 1;
        }
    }
    for (i = 0; i < f->listeners.nelts; i++) {
        const pf_listener_t *l = &PF_ARRAY_AT(&f->listeners, pf_listener_t,
                                              i);

        if (l->pids.nelts == 0 || !l->pids_visible) {
            return 1;
        }
    }
    return f->listeners_known != PF_KNOWN_YES;
}

/* The bind test again, after the facts: a holder may have exited since
 * the first (an old worker finishing, a server just stopped).  Free now
 * is no conflict. */
static int
pf_reprobe(pf_report_t *r, pf_check_t *c)
{
    pf_probe_t p;

    memset(&p, 0, sizeof(p));
    pf_platform_probe(&r->ctx, &c->target, &p);
    if (p.status == PF_STATUS_FREE) {
        /* the facts stay: they say whom a wait waited for */
        c->probe = p;
        c->released = 1;
        c->findings.nelts = 0;
        return 1;
    }
    return 0;
}

static void
pf_gather_check(pf_report_t *r, pf_check_t *c)
{
    pf_platform_target_facts(r, c);
    pf_held_not_privileged(c);
    pf_mark_self(&r->ctx, &c->facts);
    pf_mark_running(r, c);
}

/* Facts about one failed target.  When they name nobody still there,
 * the port is probed again: free, it is not a conflict; still taken, a
 * new holder may have come (a server started as the old one left): the
 * facts are read once more. */
static void
pf_gather_target(pf_report_t *r, pf_check_t *c)
{
    int seen;

    pf_gather_check(r, c);
    seen = pf_holder_seen(c);
    if (pf_reprobe(r, c)) {
        return;
    }
    if (!seen && c->probe.status == PF_STATUS_IN_USE) {
        pf_target_facts_init(&c->facts, r->pool);
        pf_gather_check(r, c);
        if (!pf_holder_seen(c) && pf_reprobe(r, c)) {
            return;
        }
    }
    if (c->probe.status != PF_STATUS_NOT_LOCAL
        && c->probe.status != PF_STATUS_UNSUPPORTED
        && c->target.family != PF_FAMILY_UNIX)
    {
        c->facts.free_port_nearby = pf_find_free_port_nearby(r, c);
    }
}

void
pf_report_gather(pf_report_t *r)
{
    size_t i;
    int    host_done = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_check_failed(c) || c->probe.status == PF_STATUS_CLASH) {
            continue;             /* the configuration says it all */
        }
        if (!host_done) {
            pf_platform_host_facts(r, &r->host);
            host_done = 1;
        }
        pf_gather_target(r, c);
    }
}

/* A check whose rules ran out of memory keeps what they found and says
 * it may be incomplete (pf_check_t.nomem): the failure is reported, not
 * dropped, and the host starts as it would have (fail open). */
int
pf_report_diagnose(pf_report_t *r)
{
    size_t i;
    int    rc = PF_OK;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_check_failed(c)
            && pf_diagnose(r->pool, &r->ctx, &r->host, c) == PF_ENOMEM)
        {
            c->nomem = 1;
            rc = PF_ENOMEM;
        }
    }
    return rc;
}

int
pf_report_explain(pf_report_t *r)
{
    if (!r->ctx.no_facts) {
        pf_report_gather(r);
    }
    return pf_report_diagnose(r);
}

int
pf_report_run(pf_report_t *r)
{
    int rc;

    pf_report_probe(r);
    rc = pf_report_explain(r);
    if (pf_diagnose_clashes(r->pool, &r->ctx, &r->host, &r->checks)
        != PF_OK)
    {
        rc = PF_ENOMEM;
    }
    return rc;
}

#define PF_WAIT_STEP_MS  50

static unsigned
pf_wait_round(pf_report_t *r, unsigned waited)
{
    size_t   i;
    unsigned left = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (!pf_check_failed(c)) {
            continue;
        }
        if (pf_reprobe(r, c)) {
            c->waited_ms = waited > 0 ? waited : 1;   /* 1: it did wait */
        } else {
            left++;
        }
    }
    return left;
}

/* The facts and findings of a target still failing after the wait are
 * those of now, not of before it. */
static void
pf_wait_explain_again(pf_report_t *r, unsigned waited)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_check_failed(c)) {
            c->waited_ms = waited > 0 ? waited : 1;
            pf_target_facts_init(&c->facts, r->pool);
            c->findings.nelts = 0;
            c->nomem = 0;
        }
    }
    pf_report_explain(r);
}

unsigned
pf_report_wait(pf_report_t *r, unsigned ms)
{
    unsigned long start = pf_platform_msec(), now = start;
    unsigned      left;

    left = pf_wait_round(r, 0);
    while (left > 0 && now - start < ms) {
        unsigned step = ms - (unsigned) (now - start);

        pf_platform_sleep_ms(step < PF_WAIT_STEP_MS ? step
                                                    : PF_WAIT_STEP_MS);
        now = pf_platform_msec();
        left = pf_wait_round(r, (unsigned) (now - start));
    }
    if (left > 0) {
        pf_wait_explain_again(r, (unsigned) (now - start));
        left = pf_wait_round(r, (unsigned) (now - start));
    }
    return left;
}
