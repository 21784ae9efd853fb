/* Whether a standard stream is a terminal, for the CLI. */
#include <unistd.h>

#include "preflight.h"

int
pf_is_terminal(int fd)
{
    return fd >= 0 && fd <= 2 && isatty(fd);
}
