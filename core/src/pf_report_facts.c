/*
 * The part of a report run that only a failed target needs: facts about
 * who holds it and why, and the diagnosis.  Facts cost nothing when every
 * target is free: they are gathered only for the targets that failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight.h"
#include "pf_platform.h"

/* A holder is this server when it is one of its pids, or a child of one
 * (Apache and nginx workers inherit the listening sockets). */
static void
pf_mark_self(const pf_context_t *ctx, pf_target_facts_t *f)
{
    size_t i;

    for (i = 0; i < f->processes.nelts; i++) {
        pf_process_t *p = &PF_ARRAY_AT(&f->processes, pf_process_t, i);

        if (pf_array_has_long(&ctx->self_pids, p->pid)
            || pf_array_has_long(&ctx->self_pids, p->ppid))
        {
            p->is_self = 1;
        }
    }
}

/* The pid a pid file names, or 0. */
static long
pf_read_pid_file(const char *path)
{
    char  line[32], *end;
    long  pid;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        return 0;
    }
    if (fgets(line, sizeof(line), f) == NULL) {
        line[0] = '\0';
    }
    fclose(f);
    pid = strtol(line, &end, 10);
    return pid > 0 && (*end == '\0' || *end == '\n' || *end == '\r')
           ? pid : 0;
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
        pf_platform_target_facts(r, c);
        pf_held_not_privileged(c);
        pf_mark_self(&r->ctx, &c->facts);
        pf_mark_running(r, c);
        if (c->probe.status != PF_STATUS_NOT_LOCAL
            && c->probe.status != PF_STATUS_UNSUPPORTED
            && c->target.family != PF_FAMILY_UNIX)
        {
            c->facts.free_port_nearby = pf_find_free_port_nearby(r, c);
        }
    }
}

void
pf_report_diagnose(pf_report_t *r)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_check_failed(c)) {
            pf_diagnose(r->pool, &r->ctx, &r->host, c);
        }
    }
}

void
pf_report_explain(pf_report_t *r)
{
    if (!r->ctx.no_facts) {
        pf_report_gather(r);
    }
    pf_report_diagnose(r);
}

int
pf_report_run(pf_report_t *r)
{
    pf_report_probe(r);
    pf_report_explain(r);
    return pf_diagnose_clashes(r->pool, &r->ctx, &r->host, &r->checks);
}
