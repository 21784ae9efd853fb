/*
 * A stand-in for C:\windows\system32\netsh.exe in bench/win_conflict.sh:
 * sleeps as long as a cold netsh takes on a real Windows (1-3 s: it loads
 * its helper DLLs on the first run after a while), PF_NETSH_MS
 * milliseconds (default 2000), then prints the file PF_NETSH_OUT if set
 * (a real capture) and exits 0.  It appends one line per run to
 * PF_NETSH_LOG if set, so the bench can count the runs.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    const char *ms = getenv("PF_NETSH_MS"), *out = getenv("PF_NETSH_OUT");
    const char *log = getenv("PF_NETSH_LOG");
    char        buf[4096];
    size_t      n;
    FILE       *f;
    int         i;

    if (log != NULL && (f = fopen(log, "a")) != NULL) {
        fprintf(f, "%lu", (unsigned long) GetTickCount());
        for (i = 1; i < argc; i++) {
            fprintf(f, " %s", argv[i]);
        }
        fputc('\n', f);
        fclose(f);
    }
    Sleep(ms != NULL ? (DWORD) atoi(ms) : 2000);
    if (out != NULL && (f = fopen(out, "rb")) != NULL) {
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
            fwrite(buf, 1, n, stdout);
        }
        fclose(f);
    }
    return 0;
}
