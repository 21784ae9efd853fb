/*
 * %UserProfile%\.wslconfig: whether WSL2 runs with mirrored networking
 * (networkingMode=mirrored, under [wsl2], or under [experimental] in the
 * previews: microsoft/WSL#4150).  Then a Linux program in WSL binds the
 * host's own ports, and Windows shows no listener of its own for them.
 * Not netsh output, but read the same way: decoded (UTF-16 when Notepad
 * saved it so), by shape, never failing on what it does not know.
 */
#include <string.h>

#include "pf_netsh.h"

static int
pf_wsl_key_is(const char *p, size_t n, const char *key)
{
    size_t k = strlen(key);

    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) {
        n--;
    }
    return n == k && pf_netsh_ascii_ncaseeq(p, key, k);
}

/* "key = value" -> value == want (case-insensitive, blanks trimmed). */
static int
pf_wsl_setting(const pf_netsh_line_t *l, const char *key, const char *want)
{
    const char *eq = memchr(l->p, '=', l->len), *v, *end = l->p + l->len;

    if (eq == NULL || !pf_wsl_key_is(l->p, (size_t) (eq - l->p), key)) {
        return 0;
    }
    for (v = eq + 1; v < end && (*v == ' ' || *v == '\t' || *v == '"'); v++) {
    }
    while (end > v && (end[-1] == '"' || end[-1] == ' ')) {
        end--;
    }
    return (size_t) (end - v) == strlen(want)
           && pf_netsh_ascii_ncaseeq(v, want, strlen(want));
}

int
pf_netsh_wslconfig_mirrored(pf_pool_t *pool, const char *text, size_t len,
                            int *mirrored, pf_error_t *err)
{
    const char      *cur, *end;
    size_t           n;
    pf_netsh_line_t  l;
    int              rc, in_wsl = 0;

    *mirrored = 0;
    if (len == 0) {
        return PF_OK;
    }
    rc = pf_netsh_text_utf8(pool, text, len, &cur, &n, err);
    if (rc != PF_OK) {
        return rc;
    }
    end = cur + n;
    memset(&l, 0, sizeof(l));
    while (pf_netsh_next_line(&cur, end, &l)) {
        if (l.len == 0 || l.p[0] == '#' || l.p[0] == ';') {
            continue;
        }
        if (l.p[0] == '[') {
            in_wsl = (l.len == 6 && pf_netsh_ascii_ncaseeq(l.p, "[wsl2]", 6))
                     || (l.len == 14
                         && pf_netsh_ascii_ncaseeq(l.p, "[experimental]", 14));
            continue;
        }
        if (in_wsl && pf_wsl_setting(&l, "networkingMode", "mirrored")) {
            *mirrored = 1;
        }
    }
    return PF_OK;
}
