/* Small text helpers shared by the parsers of the core. */
#include <string.h>

#include "pf_text.h"

int
pf_hex_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int
pf_text_next_line(const char **cur, const char *end, const char **line,
                  size_t *len)
{
    const char *p = *cur, *nl;

    if (p == NULL || p >= end) {
        return 0;
    }
    nl = memchr(p, '\n', (size_t) (end - p));
    *line = p;
    *len = nl != NULL ? (size_t) (nl - p) : (size_t) (end - p);
    *cur = nl != NULL ? nl + 1 : end;
    return 1;
}
