/*
 * `netsh interface ipv4|ipv6 show excludedportrange protocol=tcp`.
 * No public API lists the ranges Hyper-V, WinNAT, Docker and WSL2
 * reserve, so this output is the evidence.  Only its numbers are read:
 *
 *     Start Port    End Port
 *     ----------    --------
 *           5357        5357
 *          50000       50059     *
 *
 *     * - Administered port exclusions.
 *
 * The header and the footnote are translated; the rows are not.
 */
#include <string.h>

#include "pf_netsh.h"

/* Reads a decimal number at *p (advanced); -1 when none or too big. */
static long
pf_netsh_number(const char **p, const char *end)
{
    long v = 0;
    int  digits = 0;

    while (*p < end && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        if (v > 65535) {
            return -1;
        }
        (*p)++;
        digits++;
    }
    return digits ? v : -1;
}

static void
pf_netsh_skip_blanks(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t')) {
        (*p)++;
    }
}

/* "START END [*]" */
static int
pf_netsh_range_row(const pf_netsh_line_t *l, pf_port_range_t *r)
{
    const char *p = l->p, *end = l->p + l->len;
    long        start, stop;

    start = pf_netsh_number(&p, end);
    if (start < 0 || p == end || (*p != ' ' && *p != '\t')) {
        return PF_ERROR;
    }
    pf_netsh_skip_blanks(&p, end);
    stop = pf_netsh_number(&p, end);
    if (stop < 0 || start < 1 || stop < start) {
        return PF_ERROR;
    }
    pf_netsh_skip_blanks(&p, end);
    r->administered = 0;
    if (p < end && *p == '*') {
        r->administered = 1;
        p++;
        pf_netsh_skip_blanks(&p, end);
    }
    if (p != end) {
        return PF_ERROR;
    }
    r->start = (unsigned) start;
    r->end = (unsigned) stop;
    return PF_OK;
}

static int
pf_netsh_add_range(pf_array_t *ranges, const pf_port_range_t *r)
{
    pf_port_range_t *slot = pf_array_push(ranges);

    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = *r;
    return PF_OK;
}

int
pf_netsh_parse_excluded(pf_pool_t *pool, const char *text, size_t len,
                        pf_family_t fam, pf_array_t *ranges, pf_error_t *err)
{
    const char      *cur, *end;
    size_t           n;
    pf_netsh_line_t  l;
    pf_port_range_t  r;
    int              rc, rule = 0, content = 0, found = 0;

    rc = pf_netsh_text_utf8(pool, text, len, &cur, &n, err);
    if (rc != PF_OK) {
        return rc;
    }
    end = cur + n;
    memset(&l, 0, sizeof(l));
    memset(&r, 0, sizeof(r));
    r.family = fam;
    while (pf_netsh_next_line(&cur, end, &l)) {
        if (l.len == 0) {
            continue;
        }
        content = 1;
        if (pf_netsh_is_rule(&l)) {
            rule = 1;
            continue;
        }
        if (l.p[0] < '0' || l.p[0] > '9') {
            continue;            /* a header or the footnote */
        }
        if (pf_netsh_range_row(&l, &r) != PF_OK) {
            pf_error_set(err, NULL, 0, "excluded port ranges: line "
                         "%u is not 'START END [*]': %.*s", l.lineno,
                         (int) (l.len > 80 ? 80 : l.len), l.p);
            return PF_ERROR;
        }
        rc = pf_netsh_add_range(ranges, &r);
        if (rc != PF_OK) {
            return rc;
        }
        found++;
    }
    if (!content) {
        pf_error_set(err, NULL, 0, "excluded port ranges: netsh printed "
                     "nothing");
        return PF_ERROR;
    }
    if (!rule && !found) {
        pf_error_set(err, NULL, 0, "excluded port ranges: not the output of "
                     "'netsh interface ipv4 show excludedportrange' (no "
                     "table)");
        return PF_ERROR;
    }
    return PF_OK;
}
