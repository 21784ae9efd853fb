/*
 * `netsh http show servicestate view=requestq`: which request queue, of
 * which processes, registered which URL.  The strongest evidence behind
 * a port held by PID 4 (HTTP.sys).  The text is translated, so only its
 * shape is read:
 *
 *     Request queue name: DefaultAppPool          <- column 0: a queue
 *         ...
 *         Processes:                              <- a header, no value
 *             ID: 5678, image: C:\...\w3wp.exe    <- "label: number,"
 *         Registered URLs:
 *             HTTP://+:80/                        <- a URL
 *
 * A queue is kept when one of its URLs is on the port asked about.
 */
#include <string.h>

#include "pf_netsh.h"

#define PF_NETSH_NO_SECTION  ((size_t) -1)

typedef struct {
    pf_request_queue_t  q;
    int                 open;
    size_t              section;     /* indent of the header, or none */
} pf_netsh_block_t;

/* Offset just past the first colon (ASCII or full-width), or 0. */
static size_t
pf_netsh_after_colon(const char *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] == ':') {
            return i + 1;
        }
        if (i + 2 < len && (unsigned char) p[i] == 0xef
            && (unsigned char) p[i + 1] == 0xbc
            && (unsigned char) p[i + 2] == 0x9a)
        {
            return i + 3;
        }
    }
    return 0;
}

/* A section header: "Processes:", "Registered URLs:" (no value). */
static int
pf_netsh_is_header(const pf_netsh_line_t *l)
{
    size_t at = pf_netsh_after_colon(l->p, l->len);

    return at != 0 && at == l->len;
}

/* The PID of a process line, "ID: 5678, image: C:\...": a label, a
 * colon, a number and a comma.  Property lines ("Max requests: 1000")
 * have no comma after the number. */
static long
pf_netsh_item_pid(const pf_netsh_line_t *l)
{
    size_t at = pf_netsh_after_colon(l->p, l->len);
    long   pid = 0;
    int    digits = 0;

    if (at == 0) {
        return -1;
    }
    while (at < l->len && l->p[at] == ' ') {
        at++;
    }
    for (; at < l->len && l->p[at] >= '0' && l->p[at] <= '9'; at++) {
        pid = pid * 10 + (l->p[at] - '0');
        if (pid > 0x7fffffffL) {
            return -1;
        }
        digits++;
    }
    while (at < l->len && l->p[at] == ' ') {
        at++;
    }
    if (!digits || at >= l->len || l->p[at] != ',') {
        return -1;
    }
    return pid;
}

/* The queue's name, NULL when the value is a sentence ("Request queue
 * is unnamed.", translated): names do not end with a full stop. */
static const char *
pf_netsh_queue_name(pf_pool_t *pool, const pf_netsh_line_t *l)
{
    size_t      at = pf_netsh_after_colon(l->p, l->len);
    const char *v = l->p + at;
    size_t      n = l->len - at;

    if (at == 0) {
        return NULL;
    }
    while (n > 0 && *v == ' ') {
        v++;
        n--;
    }
    if (n == 0 || v[n - 1] == '.'
        || (n >= 3 && memcmp(v + n - 3, "\xe3\x80\x82", 3) == 0))
    {
        return NULL;
    }
    return pf_pstrndup(pool, v, n);
}

static int
pf_netsh_has_pid(const pf_array_t *a, long pid)
{
    size_t i;

    for (i = 0; i < a->nelts; i++) {
        if (PF_ARRAY_AT(a, long, i) == pid) {
            return 1;
        }
    }
    return 0;
}

static int
pf_netsh_add_pid(pf_array_t *a, long pid)
{
    long *slot;

    if (pf_netsh_has_pid(a, pid)) {
        return PF_OK;
    }
    slot = pf_array_push(a);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = pid;
    return PF_OK;
}

/* Adds the URL once, whatever its case (netsh shows it twice: under the
 * queue and under its URL group). */
static int
pf_netsh_add_url(pf_pool_t *pool, pf_array_t *a, const char *p, size_t n)
{
    size_t      i;
    char       *url;
    const char **slot;

    for (i = 0; i < a->nelts; i++) {
        const char *u = PF_ARRAY_AT(a, const char *, i);

        if (strlen(u) == n && pf_netsh_ascii_ncaseeq(u, p, n)) {
            return PF_OK;
        }
    }
    url = pf_pstrndup(pool, p, n);
    slot = url != NULL ? pf_array_push(a) : NULL;
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = url;
    return PF_OK;
}

static int
pf_netsh_block_open(pf_pool_t *pool, pf_netsh_block_t *b,
                    const pf_netsh_line_t *l)
{
    pf_request_queue_init(&b->q, pool);
    b->q.name = pf_netsh_queue_name(pool, l);
    b->open = 1;
    b->section = PF_NETSH_NO_SECTION;
    return PF_OK;
}

static int
pf_netsh_block_close(pf_netsh_block_t *b, pf_array_t *queues)
{
    pf_request_queue_t *slot;

    if (!b->open || b->q.urls.nelts == 0) {
        b->open = 0;
        return PF_OK;
    }
    b->open = 0;
    slot = pf_array_push(queues);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = b->q;
    return PF_OK;
}

/* One indented line of an open block. */
static int
pf_netsh_block_line(pf_pool_t *pool, pf_netsh_block_t *b,
                    const pf_netsh_line_t *l, unsigned port)
{
    long pid;

    if (pf_netsh_url_port(l->p, l->len) != 0) {
        if (pf_netsh_url_port(l->p, l->len) != port) {
            return PF_OK;
        }
        return pf_netsh_add_url(pool, &b->q.urls, l->p, l->len);
    }
    if (b->section != PF_NETSH_NO_SECTION && l->indent > b->section) {
        pid = pf_netsh_item_pid(l);
        if (pid >= 0) {
            return pf_netsh_add_pid(&b->q.pids, pid);
        }
        return PF_OK;
    }
    b->section = pf_netsh_is_header(l) ? l->indent : PF_NETSH_NO_SECTION;
    return PF_OK;
}

int
pf_netsh_parse_servicestate(pf_pool_t *pool, const char *text, size_t len,
                            unsigned port, pf_array_t *queues,
                            pf_error_t *err)
{
    const char       *cur, *end;
    size_t            n;
    pf_netsh_line_t   l;
    pf_netsh_block_t  b;
    int               rc, rule = 0, content = 0, nested = 0;

    rc = pf_netsh_text_utf8(pool, text, len, &cur, &n, err);
    if (rc != PF_OK) {
        return rc;
    }
    end = cur + n;
    memset(&l, 0, sizeof(l));
    memset(&b, 0, sizeof(b));
    while (rc == PF_OK && pf_netsh_next_line(&cur, end, &l)) {
        if (l.len == 0) {
            continue;
        }
        content = 1;
        if (l.indent == 0 && pf_netsh_is_rule(&l)) {
            rule = 1;
        } else if (l.indent == 0) {
            rc = pf_netsh_block_close(&b, queues);
            if (rc == PF_OK) {
                rc = pf_netsh_block_open(pool, &b, &l);
            }
        } else if (b.open) {
            nested = 1;
            rc = pf_netsh_block_line(pool, &b, &l, port);
        }
    }
    if (rc == PF_OK) {
        rc = pf_netsh_block_close(&b, queues);
    }
    if (rc != PF_OK) {
        return rc;
    }
    if (!content) {
        pf_error_set(err, NULL, 0, "HTTP service state: netsh printed "
                     "nothing");
        return PF_ERROR;
    }
    if (!rule && !nested) {
        pf_error_set(err, NULL, 0, "HTTP service state: not the output of "
                     "'netsh http show servicestate view=requestq' (no "
                     "request queue blocks)");
        return PF_ERROR;
    }
    return PF_OK;
}
