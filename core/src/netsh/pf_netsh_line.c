/*
 * Lines of netsh output: the parsers read indentation and shape, since
 * the words are translated.
 */
#include "pf_netsh.h"

int
pf_netsh_next_line(const char **cur, const char *end, pf_netsh_line_t *l)
{
    const char *p = *cur, *e;

    if (p >= end) {
        return 0;
    }
    l->lineno++;
    l->indent = 0;
    for (; p < end && (*p == ' ' || *p == '\t'); p++) {
        l->indent += *p == '\t' ? 4 : 1;
    }
    for (e = p; e < end && *e != '\n'; e++) {
        /* find the end of the line */
    }
    *cur = e < end ? e + 1 : end;
    while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'
                     || e[-1] == '\0'))
    {
        e--;
    }
    l->p = p;
    l->len = (size_t) (e - p);
    return 1;
}

int
pf_netsh_is_rule(const pf_netsh_line_t *l)
{
    size_t i;

    for (i = 0; i < l->len; i++) {
        if (l->p[i] != '-' && l->p[i] != '=' && l->p[i] != ' ') {
            return 0;
        }
    }
    return l->len >= 3;
}
