/* Whether a standard stream is a terminal, and whether it takes UTF-8,
 * for the CLI. */
#include <langinfo.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "preflight.h"

int
pf_is_terminal(int fd)
{
    return fd >= 0 && fd <= 2 && isatty(fd);
}

/* The locale's character set (the caller did setlocale(LC_CTYPE, "")):
 * under LANG=C or a Latin-1 locale a terminal shows UTF-8 as garbage,
 * wherever the output goes. */
int
pf_output_utf8(int fd)
{
    const char *cs = nl_langinfo(CODESET);

    (void) fd;
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0
                          || strcasecmp(cs, "utf8") == 0);
}
