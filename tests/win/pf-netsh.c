/*
 * pf-netsh: a stand-in for netsh.exe in the Wine test prefix, so that the
 * real gathering code of preflight.exe (core/src/win/pf_win_netsh.c: the
 * pipe, the timeout, the OEM/UTF-16 decoding, the parsers) reads output
 * that a real Windows host printed.  Installed as the prefix's
 * system32\netsh.exe and loaded with WINEDLLOVERRIDES=netsh.exe=n (see
 * tests/win/netsh_capture.sh).  Wine's own netsh prints nothing for
 * `netsh http`.
 *
 * PF_NETSH_CAPTURES names a folder (a Windows path: Z:\...) that holds
 * recorded captures under the names the case corpus uses
 * (tests/cases/README.md):
 *   netsh http show servicestate ...            servicestate.txt
 *   netsh interface ipv4 show excludedportrange excludedportrange-ipv4.txt
 *   netsh interface ipv6 show excludedportrange excludedportrange-ipv6.txt
 * The file is copied to standard output byte for byte (UTF-16 stays
 * UTF-16).  Anything else, or no capture, is answered as netsh answers a
 * command it does not know, with exit status 1.
 */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
pf_netsh_capture_name(int argc, char **argv)
{
    int i, http = 0, state = 0, excluded = 0, v6 = 0;

    for (i = 1; i < argc; i++) {
        http |= _stricmp(argv[i], "http") == 0;
        state |= _stricmp(argv[i], "servicestate") == 0;
        excluded |= _stricmp(argv[i], "excludedportrange") == 0;
        v6 |= _stricmp(argv[i], "ipv6") == 0;
    }
    if (http && state) {
        return "servicestate.txt";
    }
    if (excluded) {
        return v6 ? "excludedportrange-ipv6.txt"
                  : "excludedportrange-ipv4.txt";
    }
    return NULL;
}

static int
pf_netsh_unknown(int argc, char **argv)
{
    int i;

    printf("The following command was not found:");
    for (i = 1; i < argc; i++) {
        printf(" %s", argv[i]);
    }
    printf(".\n");
    return 1;
}

int
main(int argc, char **argv)
{
    const char *dir = getenv("PF_NETSH_CAPTURES");
    const char *name = pf_netsh_capture_name(argc, argv);
    char        path[1024], buf[4096];
    size_t      n;
    FILE       *f;

    if (dir == NULL || name == NULL
        || (size_t) snprintf(path, sizeof(path), "%s\\%s", dir, name)
           >= sizeof(path)
        || (f = fopen(path, "rb")) == NULL)
    {
        return pf_netsh_unknown(argc, argv);
    }
    _setmode(_fileno(stdout), _O_BINARY);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        fwrite(buf, 1, n, stdout);
    }
    fclose(f);
    return 0;
}
