/*
 * A growable string, malloc-backed: the renderers write into it and the
 * hosts (CLI, Apache, nginx) decide where it goes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"

void
pf_buf_init(pf_buf_t *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void
pf_buf_free(pf_buf_t *b)
{
    free(b->data);
    pf_buf_init(b);
}

static int
pf_buf_reserve(pf_buf_t *b, size_t extra)
{
    size_t  cap;
    char   *data;

    if (b->failed) {
        return 0;
    }
    if (b->len + extra + 1 <= b->cap) {
        return 1;
    }
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        cap *= 2;
    }
    data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    b->cap = cap;
    return 1;
}

void
pf_buf_add(pf_buf_t *b, const char *s, size_t n)
{
    if (!pf_buf_reserve(b, n)) {
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
pf_buf_puts(pf_buf_t *b, const char *s)
{
    pf_buf_add(b, s, strlen(s));
}

void
pf_buf_printf(pf_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !pf_buf_reserve(b, (size_t) n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t) n;
}
