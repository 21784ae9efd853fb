/*
 * Where a listener was configured: "file:line" of its Listen directive,
 * found in the configuration tree (ap_conftree, still there during
 * check_config).  Only a pointer for the reader: ap_listeners keep no
 * trace of the directive, so a Listen is matched by its port, and by its
 * address when it names one.
 */
#include <stdlib.h>
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

/* "[::1]:80" -> "::1", 80; "127.0.0.1:80" -> "127.0.0.1", 80; "80" ->
 * NULL, 80.  Port 0 when it is not a Listen argument. */
static unsigned
pf_apache_split_listen(apr_pool_t *p, const char *arg, const char **addr)
{
    const char *colon;

    *addr = NULL;
    if (arg[0] == '[') {
        colon = strstr(arg, "]:");
        if (colon == NULL) {
            return 0;
        }
        *addr = apr_pstrndup(p, arg + 1, colon - arg - 1);
        return (unsigned) atoi(colon + 2);
    }
    colon = strrchr(arg, ':');
    if (colon != NULL) {
        *addr = apr_pstrndup(p, arg, colon - arg);
        return (unsigned) atoi(colon + 1);
    }
    return (unsigned) atoi(arg);
}

static int
pf_apache_same_address(const char *target, const char *listen)
{
    if (listen == NULL || strcmp(listen, "*") == 0) {
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
    const char *args = d->args, *word, *addr;

    word = ap_getword_conf(p, &args);
    if (word == NULL || pf_apache_split_listen(p, word, &addr) != m->port) {
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
