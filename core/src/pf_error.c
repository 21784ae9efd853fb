#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"

void
pf_error_set(pf_error_t *err, const char *file, unsigned line,
             const char *fmt, ...)
{
    va_list ap;

    if (err == NULL) {
        return;
    }
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    err->line = line;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

const char *
pf_error_format(const pf_error_t *err, char *out, size_t len)
{
    if (err->file[0] && err->line) {
        snprintf(out, len, "%s:%u: %s", err->file, err->line, err->message);
    } else if (err->file[0]) {
        snprintf(out, len, "%s: %s", err->file, err->message);
    } else {
        snprintf(out, len, "%s", err->message);
    }
    return out;
}
