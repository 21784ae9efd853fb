/*
 * Lines of netsh output: the parsers read indentation and shape, since
 * the words are translated.
 */
#include "pf_netsh.h"
#include "pf_text.h"

int
pf_netsh_next_line(const char **cur, const char *end, pf_netsh_line_t *l)
{
    const char *p, *e;
    size_t      n;

    if (!pf_text_next_line(cur, end, &p, &n)) {
        return 0;
    }
    e = p + n;
    l->lineno++;
    l->indent = 0;
    for (; p < e && (*p == ' ' || *p == '\t'); p++) {
        l->indent += *p == '\t' ? 4 : 1;
    }
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
