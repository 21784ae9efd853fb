/*
 * Where a listener was configured: "file:line" of its Listen directive,
 * found in the configuration tree (ap_conftree, still there during
 * check_config).  Only a pointer for the reader: ap_listeners keep no
 * trace of the directive, so a Listen is matched by its port, and by its
 * address when it names one.
 */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "util_cfgtree.h"
#include "apr_strings.h"

#include "pf_apache.h"

typedef struct {
    const char *address;     /* the target's, numeric or "*" */
    unsigned    port;
    const ap_directive_t *exact;  /* address and port match */
    const ap_directive_t *port_only;
} pf_apache_match_t;

static int
pf_apache_same_address(const char *target, const char *listen)
{
    if (listen[0] == '\0') {
        return strcmp(target, "*") == 0;
    }
    if (strcmp(target, "*") == 0) {
        return strcmp(listen, "::") == 0 || strcmp(listen, "0.0.0.0") == 0;
    }
    return strcmp(target, listen) == 0;
}

static void
pf_apache_match_listen(apr_pool_t *p, const ap_directive_t *d,
                       pf_apache_match_t *m)
{
    const char *args = d->args, *word;
    char        addr[PF_ADDRSTRLEN];
    unsigned    port;
    pf_error_t  err;

    /* httpd itself refuses a Listen the core cannot split */
    word = ap_getword_conf(p, &args);
    if (word == NULL || pf_target_split_listen(word, addr, sizeof(addr),
                                               &port, &err) != PF_OK
        || port != m->port)
    {
        return;
    }
    if (m->exact == NULL && pf_apache_same_address(m->address, addr)) {
        m->exact = d;
    }
    if (m->port_only == NULL) {
        m->port_only = d;
    }
}

static void
pf_apache_walk(apr_pool_t *p, const ap_directive_t *d, pf_apache_match_t *m)
{
    for (; d != NULL && m->exact == NULL; d = d->next) {
        if (d->directive != NULL && d->args != NULL
            && ap_cstr_casecmp(d->directive, "Listen") == 0)
        {
            pf_apache_match_listen(p, d, m);
        }
        pf_apache_walk(p, d->first_child, m);
    }
}

const char *
pf_apache_listen_source(apr_pool_t *p, const char *address, unsigned port)
{
    pf_apache_match_t     m;
    const ap_directive_t *d;

    memset(&m, 0, sizeof(m));
    m.address = address;
    m.port = port;
    pf_apache_walk(p, ap_conftree, &m);
    d = m.exact != NULL ? m.exact : m.port_only;
    if (d == NULL || d->filename == NULL) {
        return "Listen";
    }
    return apr_psprintf(p, "%s:%d", d->filename, d->line_num);
}
