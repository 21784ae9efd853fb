/*
 * pf-netsh: the one stand-in for netsh.exe in a Wine prefix, so that the
 * real gathering code of preflight.exe (core/src/win/pf_win_netsh.c: the
 * pipe, the timeout, the OEM/UTF-16 decoding, the parsers) reads output
 * that a real Windows host printed.  Installed as the prefix's
 * system32\netsh.exe and loaded with WINEDLLOVERRIDES=netsh.exe=n.  Wine's
 * own netsh prints nothing for `netsh http`.  Used by
 * tests/win/netsh_capture.sh, tests/win/ranges_e2e.sh and
 * bench/win_conflict.sh.
 *
 * PF_NETSH_CAPTURES names a folder (a Windows path, Z:\..., or a Unix
 * one, which is Wine's Z: drive) that holds recorded captures under the
 * names the case corpus uses (tests/cases/README.md):
 *   netsh http show servicestate ...            servicestate.txt
 *   netsh interface ipv4 show excludedportrange excludedportrange-ipv4.txt
 *   netsh interface ipv6 show excludedportrange excludedportrange-ipv6.txt
 *   netsh interface ipv4 show dynamicport tcp   dynamicport-ipv4.txt
 *   netsh interface ipv6 show dynamicport tcp   dynamicport-ipv6.txt
 * The file is copied to standard output byte for byte (UTF-16 stays
 * UTF-16).  Anything else, or no capture, is answered as netsh answers a
 * command it does not know, with exit status 1.
 *
 * For the bench: PF_NETSH_MS, milliseconds to sleep first (a cold netsh
 * takes 1-3 s on a real Windows: it loads its helper DLLs); PF_NETSH_LOG,
 * a file that gets one line a run (the tick count and the arguments), so
 * that the runs can be counted.
 */
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
pf_netsh_capture_name(int argc, char **argv)
{
    int i, http = 0, state = 0, excluded = 0, dynamic = 0, v6 = 0;

    for (i = 1; i < argc; i++) {
        http |= _stricmp(argv[i], "http") == 0;
        state |= _stricmp(argv[i], "servicestate") == 0;
        excluded |= _stricmp(argv[i], "excludedportrange") == 0;
        dynamic |= _stricmp(argv[i], "dynamicport") == 0;
        v6 |= _stricmp(argv[i], "ipv6") == 0;
    }
    if (http && state) {
        return "servicestate.txt";
    }
    if (excluded) {
        return v6 ? "excludedportrange-ipv6.txt"
                  : "excludedportrange-ipv4.txt";
    }
    if (dynamic) {
        return v6 ? "dynamicport-ipv6.txt" : "dynamicport-ipv4.txt";
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

static void
pf_netsh_log(int argc, char **argv)
{
    const char *log = getenv("PF_NETSH_LOG");
    FILE       *f;
    int         i;

    if (log == NULL || (f = fopen(log, "a")) == NULL) {
        return;
    }
    fprintf(f, "%lu", (unsigned long) GetTickCount());
    for (i = 1; i < argc; i++) {
        fprintf(f, " %s", argv[i]);
    }
    fputc('\n', f);
    fclose(f);
}

int
main(int argc, char **argv)
{
    const char *dir = getenv("PF_NETSH_CAPTURES");
    const char *ms = getenv("PF_NETSH_MS");
    const char *name = pf_netsh_capture_name(argc, argv);
    char        path[1024], buf[4096];
    size_t      n;
    FILE       *f;

    pf_netsh_log(argc, argv);
    if (ms != NULL) {
        Sleep((DWORD) atoi(ms));
    }
    if (dir == NULL || name == NULL
        || (size_t) snprintf(path, sizeof(path), "%s%s\\%s",
                             dir[0] == '/' ? "Z:" : "", dir, name)
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
