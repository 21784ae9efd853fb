/*
 * Fuzz target: the netsh output parsers.  Each input is given to both,
 * as request queues (`netsh http show servicestate view=requestq`) and as
 * excluded port ranges (`netsh interface ipv4 show excludedportrange`):
 * a parser must reject the other's text cleanly too.  The text may be
 * UTF-16 or an OEM code page, so the bytes are passed as they are.  The
 * same bytes go to the dynamic port range parser, and, split at the
 * first newline, to the portproxy registry value reader (name, data),
 * and as a .wslconfig to the mirrored-networking reader.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "netsh/pf_netsh.h"

/* "NAME\nDATA" as one registry value of a portproxy rule. */
static void
pf_fuzz_netsh_portproxy(pf_pool_t *pool, const char *text, size_t len)
{
    const char     *nl = memchr(text, '\n', len);
    char           *name, *data;
    pf_portproxy_t  pp;
    pf_error_t      err;

    if (nl == NULL) {
        return;
    }
    name = pf_pstrndup(pool, text, (size_t) (nl - text));
    data = pf_pstrndup(pool, nl + 1, len - (size_t) (nl - text) - 1);
    if (name != NULL && data != NULL) {
        memset(&err, 0, sizeof(err));
        (void) pf_netsh_portproxy_entry(pool, "v4tov4", name, data, &pp,
                                        &err);
    }
}

static void
pf_fuzz_netsh(pf_pool_t *pool, const char *text, size_t len)
{
    pf_array_t         queues, ranges, notes;
    pf_netsh_queues_t  into;
    pf_port_range_t    range;
    pf_error_t         err;
    pf_netsh_url_t     u;
    int                partial = 0, mirrored;
    size_t             i, j;

    if (pf_array_init(&queues, pool, 2, sizeof(pf_request_queue_t)) != PF_OK
        || pf_array_init(&ranges, pool, 4, sizeof(pf_port_range_t)) != PF_OK
        || pf_array_init(&notes, pool, 2, sizeof(char *)) != PF_OK)
    {
        return;
    }
    memset(&err, 0, sizeof(err));
    /* both views, both process layouts, notes; the port varies so that
     * IP-bound and default-port URLs are matched too */
    into.queues = &queues;
    into.notes = &notes;
    into.partial = &partial;
    (void) pf_netsh_read_servicestate(pool, text, len,
                                      len % 3 == 0 ? 80 : 8000 + len % 7,
                                      &into, &err);
    for (i = 0; i < queues.nelts; i++) {
        const pf_request_queue_t *q = &PF_ARRAY_AT(&queues,
                                                   pf_request_queue_t, i);

        if (q->images.nelts != q->pids.nelts) {
            abort();             /* one image (or NULL) per PID */
        }
        for (j = 0; j < q->urls.nelts; j++) {
            const char *s = PF_ARRAY_AT(&q->urls, const char *, j);

            if (pf_netsh_url_parse(s, strlen(s), &u) != PF_OK) {
                abort();         /* a kept URL is one it could read */
            }
        }
    }
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_parse_servicestate(pool, text, len, 80, &queues, &err);
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_parse_excluded(pool, text, len,
                                   len & 1 ? PF_FAMILY_INET6
                                           : PF_FAMILY_INET,
                                   &ranges, &err);
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_parse_dynamicport(pool, text, len, PF_FAMILY_INET,
                                      &range, &err);
    pf_fuzz_netsh_portproxy(pool, text, len);
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_wslconfig_mirrored(pool, text, len, &mirrored, &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 256 * 1024, pf_fuzz_netsh);
}
