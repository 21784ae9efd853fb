/* Whether a standard stream is a console, and whether it takes UTF-8,
 * for the CLI. */
#include <io.h>
#include <windows.h>

#include "preflight.h"

int
pf_is_terminal(int fd)
{
    return fd >= 0 && fd <= 2 && _isatty(fd);
}

/* A console shows the bytes in its output code page (an OEM one unless
 * someone ran chcp 65001); a pipe or a file gets UTF-8. */
int
pf_output_utf8(int fd)
{
    if (!pf_is_terminal(fd)) {
        return 1;
    }
    return GetConsoleOutputCP() == CP_UTF8;
}
