/*
 * pf-ap-signal PID restart|shutdown: signals a console httpd.exe (mpm_winnt)
 * the way httpd itself does.  mpm_winnt's parent waits on the named events
 * "ap<PID>_restart" and "ap<PID>_shutdown"; its child sets them through
 * ap_signal_parent() (server/mpm/winnt/mpm_winnt.c), and `httpd -k restart`
 * reaches them only through the service control manager, which a console
 * httpd under Wine does not have.  Exits 0 when the event was set.
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
    char   name[64];
    HANDLE e;

    if (argc != 3 || (strcmp(argv[2], "restart") != 0
                      && strcmp(argv[2], "shutdown") != 0))
    {
        fprintf(stderr, "usage: pf-ap-signal PID restart|shutdown\n");
        return 2;
    }
    _snprintf(name, sizeof(name), "ap%lu_%s", strtoul(argv[1], NULL, 10),
              argv[2]);
    name[sizeof(name) - 1] = '\0';
    e = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
    if (e == NULL) {
        fprintf(stderr, "pf-ap-signal: OpenEvent %s: error %lu\n", name,
                (unsigned long) GetLastError());
        return 1;
    }
    if (!SetEvent(e)) {
        fprintf(stderr, "pf-ap-signal: SetEvent %s: error %lu\n", name,
                (unsigned long) GetLastError());
        CloseHandle(e);
        return 1;
    }
    CloseHandle(e);
    return 0;
}
