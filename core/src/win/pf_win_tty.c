/* Whether a standard stream is a console, for the CLI. */
#include <io.h>

#include "preflight.h"

int
pf_is_terminal(int fd)
{
    return fd >= 0 && fd <= 2 && _isatty(fd);
}
