/*
 * Quoting one argument for a Windows command line.  CreateProcess takes a
 * single string and the child splits it again (CommandLineToArgvW rules):
 * backslashes are literal unless they precede a double quote, in which
 * case they are halved.  Pure, so it is tested on every platform.
 */
#include <string.h>

#include "preflight_internal.h"

static void
pf_run_backslashes(pf_buf_t *out, size_t n)
{
    while (n--) {
        pf_buf_add(out, "\\", 1);
    }
}

void
pf_run_quote_arg(pf_buf_t *out, const char *arg)
{
    size_t slashes = 0;

    if (arg[0] != '\0' && strpbrk(arg, " \t\n\v\"") == NULL) {
        pf_buf_puts(out, arg);
        return;
    }
    pf_buf_add(out, "\"", 1);
    for (; *arg; arg++) {
        if (*arg == '\\') {
            slashes++;
            continue;
        }
        if (*arg == '"') {
            /* every backslash before a quote is doubled, and the quote
             * escaped */
            pf_run_backslashes(out, slashes * 2 + 1);
        } else {
            pf_run_backslashes(out, slashes);
        }
        slashes = 0;
        pf_buf_add(out, arg, 1);
    }
    /* backslashes before the closing quote are doubled too */
    pf_run_backslashes(out, slashes * 2);
    pf_buf_add(out, "\"", 1);
}
