/* Whether a standard stream is a terminal, and whether it takes UTF-8,
 * for the CLI. */
#include <langinfo.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "preflight_internal.h"

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

/* A terminal takes the escapes as they are. */
int
pf_terminal_color(int fd)
{
    return pf_is_terminal(fd);
}

/* Only a Windows console needs other than the bytes (pf_win_tty.c). */
int
pf_write_console(int fd, const char *text, size_t len)
{
    (void) fd;
    (void) text;
    (void) len;
    return PF_ERROR;
}

/* argv is already in the locale's encoding, which the text is read in. */
int
pf_args_utf8(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    return PF_OK;
}
