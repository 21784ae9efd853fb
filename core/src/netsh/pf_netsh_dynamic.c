/*
 * `netsh interface ipv4|ipv6 show dynamicport tcp`: the range Windows
 * takes ephemeral ports from, and Hyper-V, WinNAT and WSL2 take their
 * excluded ranges from.  After Hyper-V or some installers it starts at
 * 1024 (microsoft/WSL#40984), and then any user port can be excluded.
 *
 *     Protocol tcp Dynamic Port Range
 *     ---------------------------------
 *     Start Port      : 49152
 *     Number of Ports : 16384
 *
 * The labels are translated, so only the shape is read: the first two
 * "label : number" lines are the start and the count.
 */
#include <string.h>

#include "pf_netsh.h"

/* The number ending a "label : N" line (ASCII or fullwidth colon); -1
 * when the line has another shape. */
static long
pf_netsh_labelled_number(const pf_netsh_line_t *l)
{
    const char *p = l->p, *e = l->p + l->len, *d = e;
    long        v = 0;

    while (d > p && d[-1] >= '0' && d[-1] <= '9') {
        d--;
    }
    if (d == e || e - d > 5) {
        return -1;
    }
    for (p = d; p < e; p++) {
        v = v * 10 + (*p - '0');
    }
    p = d;
    while (p > l->p && (p[-1] == ' ' || p[-1] == '\t')) {
        p--;
    }
    if (p > l->p && p[-1] == ':') {
        return v;
    }
    if (p - l->p >= 3 && memcmp(p - 3, "\xef\xbc\x9a", 3) == 0) {
        return v;                /* U+FF1A, fullwidth colon */
    }
    return -1;
}

int
pf_netsh_parse_dynamicport(pf_pool_t *pool, const char *text, size_t len,
                           pf_family_t fam, pf_port_range_t *out,
                           pf_error_t *err)
{
    const char      *cur, *end;
    size_t           n;
    pf_netsh_line_t  l;
    long             v[2];
    int              rc, found = 0;

    rc = pf_netsh_text_utf8(pool, text, len, &cur, &n, err);
    if (rc != PF_OK) {
        return rc;
    }
    end = cur + n;
    memset(&l, 0, sizeof(l));
    while (found < 2 && pf_netsh_next_line(&cur, end, &l)) {
        if (l.len == 0 || pf_netsh_is_rule(&l)) {
            continue;
        }
        v[found] = pf_netsh_labelled_number(&l);
        if (v[found] >= 0) {
            found++;
        }
    }
    if (found < 2) {
        pf_error_set(err, NULL, 0, "dynamic port range: expected two "
                     "'label : number' lines (start port, number of "
                     "ports), found %d", found);
        return PF_ERROR;
    }
    if (v[0] < 1 || v[1] < 1 || v[0] + v[1] - 1 > 65535) {
        pf_error_set(err, NULL, 0, "dynamic port range: start %ld and "
                     "count %ld are not a range of ports", v[0], v[1]);
        return PF_ERROR;
    }
    memset(out, 0, sizeof(*out));
    out->start = (unsigned) v[0];
    out->end = (unsigned) (v[0] + v[1] - 1);
    out->family = fam;
    return PF_OK;
}
